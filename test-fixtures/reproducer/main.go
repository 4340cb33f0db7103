// The seed's minimal reproducer (Cloudflare, "How we found a bug in Go's
// arm64 compiler"), as published: big_stack's 64 KiB frame is popped with a
// split SP update, and a goroutine forces GC stack scans forever.
package main

import (
	"runtime"
)

//go:noinline
func big_stack(val int) int {
	var big_buffer = make([]byte, 1<<16)

	sum := 0
	// prevent the compiler from optimizing out the stack
	for i := 0; i < (1 << 16); i++ {
		big_buffer[i] = byte(val)
	}
	for i := 0; i < (1 << 16); i++ {
		sum ^= int(big_buffer[i])
	}
	return sum
}

func main() {
	go func() {
		for {
			runtime.GC()
		}
	}()
	for {
		_ = big_stack(1000)
	}
}
