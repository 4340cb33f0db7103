// A go 1.16 module cannot convert a slice to an array pointer, and len(buf)
// in a constant rules out a slice: only new([N]T) is left, and at exactly
// 64 KiB that stays on the stack. No fix is offered.
package main

import "fmt"

//go:noinline
func constLen(i uint) byte {
	var buf [1 << 16]byte
	const last = uint(len(buf) - 1)
	buf[i&last] = byte(i) + 2
	return buf[(i>>4)&last]
}

func main() {
	fmt.Println(constLen(3))
}
