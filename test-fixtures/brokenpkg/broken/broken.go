// Package broken does not compile: the scan reports the error and keeps the other package's findings.
package broken

func Broken() int {
	return undefinedName + 1
}
