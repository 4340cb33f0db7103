// A leaf function whose loop ranges over a copy of its array while writing
// the original: through a pointer or a slice it would read its own writes.
package main

import "fmt"

//go:noinline
func rotate(seed byte) byte {
	var buf [1 << 16]byte
	buf[0] = seed
	for i, v := range buf {
		buf[(i+1)&(len(buf)-1)] = v + 1
	}
	return buf[1<<15]
}

func main() {
	fmt.Println(rotate(3))
}
