module example.com/godebug

go 1.24

toolchain default

godebug (
	default=go1.21
	panicnil=1 // old behaviour for tests
	// toolchain=go1.0 inside a comment
)

godebug asynctimerchan=1

require example.com/dep v1.0.0
