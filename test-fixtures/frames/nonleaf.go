package frames

//go:noinline
func sink() {}

//go:noinline
func NonLeafAbove64K(i uint) byte {
	var buf [65536]byte // frame 65552: split up to go1.24, atomic from the fix on
	buf[i&65535] = byte(i)
	sink()
	return buf[(i>>3)&65535]
}

//go:noinline
func NonLeafMultiple4K(i uint) byte {
	var buf [69616]byte // frame 69632: never split
	buf[i%69616] = byte(i)
	sink()
	return buf[(i>>3)%69616]
}

//go:noinline
func NonLeafLarge(i uint) byte {
	var buf [1048592]byte
	buf[i%1048592] = byte(i)
	sink()
	return buf[(i>>3)%1048592]
}
