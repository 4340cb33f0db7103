// A leaf function with a local just over 128 KiB: go1.19 keeps it on the
// stack (split epilogue), go1.24 and later move it to the heap themselves.
package main

import "fmt"

const size = 128<<10 + 16

//go:noinline
func frame(i uint) byte {
	var buf [size]byte
	buf[i%size] = byte(i)
	return buf[(i>>3)%size]
}

func main() {
	fmt.Println(frame(12345))
}
