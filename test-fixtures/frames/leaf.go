// Leaf functions with one local array each: frame = array + 16 bytes.
// Frames around the 4 KiB and 64 KiB bounds of arm64's 12-bit (optionally
// shifted) ADD immediate.
package frames

//go:noinline
func LeafBelow4K(i uint) byte {
	var buf [4064]byte // frame 4080
	buf[i%4064] = byte(i)
	return buf[(i>>3)%4064]
}

//go:noinline
func LeafAt4K(i uint) byte {
	var buf [4080]byte // frame 4096: one ADD #1, lsl #12
	buf[i%4080] = byte(i)
	return buf[(i>>3)%4080]
}

//go:noinline
func LeafAbove4K(i uint) byte {
	var buf [4096]byte // frame 4112: built in a register
	buf[i&4095] = byte(i)
	return buf[(i>>3)&4095]
}

//go:noinline
func LeafBelow64K(i uint) byte {
	var buf [65504]byte // frame 65520
	buf[i%65504] = byte(i)
	return buf[(i>>3)%65504]
}

//go:noinline
func LeafAt64K(i uint) byte {
	var buf [65520]byte // frame 65536: one ADD #16, lsl #12
	buf[i%65520] = byte(i)
	return buf[(i>>3)%65520]
}

//go:noinline
func LeafAbove64K(i uint) byte {
	var buf [65536]byte // frame 65552: split in every toolchain
	buf[i&65535] = byte(i)
	return buf[(i>>3)&65535]
}

//go:noinline
func LeafMultiple4K(i uint) byte {
	var buf [69616]byte // frame 69632 = 17 * 4096: one shifted ADD
	buf[i%69616] = byte(i)
	return buf[(i>>3)%69616]
}

//go:noinline
func LeafLarge(i uint) byte {
	var buf [1048592]byte // frame 1048608: the large-frame bound
	buf[i%1048592] = byte(i)
	return buf[(i>>3)%1048592]
}

// LeafManyReturns has one split epilogue per return statement.
//
//go:noinline
func LeafManyReturns(i uint) byte {
	var buf [65536]byte
	buf[i&65535] = byte(i)
	if i%3 == 0 {
		return buf[1]
	}
	if i%3 == 1 {
		return buf[2]
	}
	return buf[(i>>3)&65535]
}
