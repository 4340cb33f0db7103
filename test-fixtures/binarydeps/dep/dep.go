// Package dep is the dependency of the binarydeps fixture: a generic leaf
// function and a plain leaf function, both with 64 KiB + 16 byte frames.
package dep

//go:noinline
func G[T any](v T, i uint) byte {
	var buf [65536]byte
	buf[i&65535] = byte(i)
	_ = v
	return buf[(i>>3)&65535]
}

//go:noinline
func Leaf(i uint) byte {
	var buf [65536]byte
	buf[i&65535] = byte(i)
	return buf[(i>>3)&65535]
}

//go:noinline
func sink() {}

// NonLeaf is split up to go1.24 and atomic from the fix on.
//
//go:noinline
func NonLeaf(i uint) byte {
	var buf [65536]byte
	buf[i&65535] = byte(i)
	sink()
	return buf[(i>>3)&65535]
}
