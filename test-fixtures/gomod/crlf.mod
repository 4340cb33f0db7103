module example.com/crlf

go 1.23.2

toolchain go1.23.5

require (
	golang.org/x/sys v0.25.0
)
