// Fixture for the editor end-to-end test: one leaf and one non-leaf function,
// each with a 128 KiB local array, so go1.24 splits both epilogues and go1.26
// splits only the leaf one.
package main

import "fmt"

var last byte

// checksum calls nothing, so it is a leaf: only a code change (moving buf to
// the heap) removes its split epilogue.
//
//go:noinline
func checksum(val int) byte {
	var buf [1 << 17]byte
	buf[val&0x1ffff] = byte(val)
	return buf[(val>>3)&0x1ffff]
}

//go:noinline
func remember(b byte) {
	last = b
}

// fill calls remember, so it is not a leaf: a fixed toolchain removes its split.
//
//go:noinline
func fill(val int) byte {
	var buf [1 << 17]byte
	if val < 0 {
		return 0
	}
	buf[val&0x1ffff] = byte(val)
	remember(buf[(val>>5)&0x1ffff])
	return buf[(val>>3)&0x1ffff]
}

func main() {
	fmt.Println(checksum(42), fill(7), last)
}
