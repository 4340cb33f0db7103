// Package lib is a dependency with a leaf function whose frame needs a split pop.
package lib

// Sum is a leaf function with a 64 KiB local array.
//
//go:noinline
func Sum(i uint) byte {
	var buf [65536]byte
	buf[i&65535] = byte(i)
	return buf[(i>>3)&65535]
}
