module example.com/nonewline

require golang.org/x/sys v0.25.0

go 1.24.2