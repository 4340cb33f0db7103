// generated on Windows
module example.com/crlfnew

go 1.24.0

require golang.org/x/sys v0.25.0
