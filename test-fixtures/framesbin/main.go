// Links every function of the frames fixture into one executable, so the
// binary reader can be checked against the listing engine's findings for the
// frames module. Calls go through function values so the linker keeps each
// function and nothing is inlined into main.
package main

import (
	"fmt"
	"os"

	"example.com/frames"
)

var leafs = []func(uint) byte{
	frames.LeafBelow4K, frames.LeafAt4K, frames.LeafAbove4K, frames.LeafBelow64K, frames.LeafAt64K,
	frames.LeafAbove64K, frames.LeafMultiple4K, frames.LeafLarge, frames.LeafManyReturns,
	frames.NonLeafAbove64K, frames.NonLeafMultiple4K, frames.NonLeafLarge, frames.UseGeneric,
}

var makeClosure = frames.MakeClosure

func main() {
	n := uint(len(os.Args))
	sum := 0
	for _, f := range leafs {
		sum += int(f(n))
	}
	b := &frames.Buffer{}
	sum += int(b.Fill(n)) + int(makeClosure()(n))
	fmt.Println(sum)
}
