// Package asmpkg mixes Go and a hand-written assembly function.
package asmpkg

// add is implemented in add_arm64.s.
func add(a, b int64) int64

//go:noinline
func Window(i uint) int64 {
	var buf [65536]byte
	buf[i&65535] = byte(i)
	return int64(buf[(i>>3)&65535])
}

func Sum(a, b int64) int64 { return add(a, b) }
