// Leaf functions whose frame is one 64 KiB local. Every toolchain here
// (go1.19 to go1.26) pops such a leaf frame with two ADDs, and new([64K]T)
// would stay on the stack, so only a non-constant make really moves them.
package main

import "fmt"

const bufSize = 1 << 16

// checksum uses its buffer through index, slice, len and range.
//
//go:noinline
func checksum(seed byte) int {
	var buf [bufSize]byte
	for i := range buf {
		buf[i] = seed + byte(i)
	}
	half := buf[len(buf)/2:]
	sum := 0
	for _, b := range half {
		sum += int(b)
	}
	return sum + int(buf[7])
}

// pointerTo takes the buffer's address, so it must stay an array.
//
//go:noinline
func pointerTo(i uint) byte {
	var buf [bufSize]byte
	p := &buf
	p[i%bufSize] = 42
	return buf[(i/3)%bufSize] + p[(i/2)%bufSize]
}

//go:noinline
func fromNew(i uint) byte {
	buf := new([bufSize]byte)
	buf[i%bufSize] = 7
	return buf[(i/3)%bufSize] + byte(len(buf)>>12)
}

//go:noinline
func fromMake(i uint) byte {
	buf := make([]byte, bufSize)
	buf[i%bufSize] = 9
	return buf[(i/3)%bufSize] + buf[(i+1)%bufSize]
}

type ring struct{ pos uint }

// spin has a pointer receiver and a 64 KiB array of uint64.
//
//go:noinline
func (r *ring) spin(n uint) uint64 {
	var slots [1 << 13]uint64
	for i := uint(0); i < n; i++ {
		slots[(r.pos+i)%uint(len(slots))] += uint64(i)
	}
	return slots[r.pos%uint(len(slots))]
}

// handler returns a leaf closure (symbol main.handler.func1).
func handler() func(uint) byte {
	return func(i uint) byte {
		var scratch [bufSize]byte
		scratch[i%bufSize] = byte(i) + 1
		return scratch[(i>>3)%bufSize]
	}
}

// constLen uses len(buf) in a constant, which a slice would not allow.
//
//go:noinline
func constLen(i uint) byte {
	var buf [bufSize]byte
	const last = uint(len(buf) - 1)
	buf[i&last] = byte(i) + 2
	return buf[(i>>4)&last]
}

func main() {
	r := &ring{pos: 3}
	fmt.Println(checksum(1), pointerTo(0), fromNew(0), fromMake(0), r.spin(100000), handler()(0), constLen(3))
}
