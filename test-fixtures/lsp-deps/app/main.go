// The application itself has no large frame; its dependency does.
package main

import (
	"os"

	"example.com/lib"
)

func main() {
	os.Exit(int(lib.Sum(uint(len(os.Args)))))
}
