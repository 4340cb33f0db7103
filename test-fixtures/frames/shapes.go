package frames

// Buffer's method has a pointer receiver and a large leaf frame.
type Buffer struct{ n uint }

//go:noinline
func (b *Buffer) Fill(i uint) byte {
	var scratch [65536]byte
	scratch[(i+b.n)&65535] = byte(i)
	return scratch[(i>>3)&65535]
}

// MakeClosure returns a leaf closure with a large frame (symbol MakeClosure.func1).
func MakeClosure() func(uint) byte {
	return func(i uint) byte {
		var buf [65536]byte
		buf[i&65535] = byte(i)
		return buf[(i>>3)&65535]
	}
}

// Generic is instantiated for uint below (symbol Generic[go.shape.uint]).
//
//go:noinline
func Generic[T ~uint](i T) byte {
	var buf [65536]byte
	buf[i&65535] = byte(i)
	return buf[(i>>3)&65535]
}

func UseGeneric(i uint) byte { return Generic(i) }
