// Package worker has a leaf function with a 64 KiB frame.
package worker

//go:noinline
func Crunch(i uint) byte {
	var buf [65536]byte
	buf[i&65535] = byte(i)
	return buf[(i>>3)&65535]
}
