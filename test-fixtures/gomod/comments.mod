// Service module. Keep the toolchain pinned: see docs/release.md.
module example.com/comments // the import path

// go: language version; toolchain: what builds it.
go 1.23.0 // bumped with the 2024-08 release

toolchain go1.23.4 // pinned for reproducible builds

require golang.org/x/net v0.28.0 // go directive requires this

// toolchain go1.99.0 is only a comment and must not be touched
