// A main module with one dependency (replaced by a local directory) whose
// functions have split epilogues: checks module attribution and the build
// info's dependency lines in the binary reader.
package main

import (
	"fmt"
	"os"

	"example.com/dep"
)

//go:noinline
func bigLeaf(i uint) byte {
	var buf [65536]byte // frame 65552: split by every toolchain
	buf[i&65535] = byte(i)
	return buf[(i>>3)&65535]
}

func main() {
	n := uint(len(os.Args))
	fmt.Println(bigLeaf(n), dep.G("x", n), dep.Leaf(n), dep.NonLeaf(n))
}
