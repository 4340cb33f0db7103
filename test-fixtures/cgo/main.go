// A cgo program (externally linked with the aarch64 cross compiler) with a
// split leaf epilogue: the binary reader must find the pclntab and the text
// start of an externally linked file.
package main

// static int twice(int x) { return 2 * x; }
import "C"

import (
	"fmt"
	"os"
)

//go:noinline
func bigLeaf(i uint) byte {
	var buf [65536]byte // frame 65552
	buf[i&65535] = byte(i)
	return buf[(i>>3)&65535]
}

func main() {
	n := uint(len(os.Args))
	fmt.Println(bigLeaf(n), int(C.twice(C.int(n))))
}
