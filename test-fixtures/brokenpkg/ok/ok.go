// Package ok compiles; its finding must be reported although a sibling package fails.
package ok

//go:noinline
func Checksum(i uint) byte {
	var buf [65536]byte
	buf[i&65535] = byte(i)
	return buf[(i>>3)&65535]
}
