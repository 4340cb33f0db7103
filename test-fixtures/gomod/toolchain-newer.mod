module example.com/tcnewer

go 1.23.0

toolchain go1.25.1
