// Package api has a non-leaf function with a 64 KiB frame.
package api

//go:noinline
func log(b byte) { _ = b }

//go:noinline
func Handle(i uint) byte {
	var buf [65536]byte
	buf[i&65535] = byte(i)
	log(buf[0])
	return buf[(i>>3)&65535]
}
