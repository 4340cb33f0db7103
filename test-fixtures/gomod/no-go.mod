module example.com/nogo

require golang.org/x/sys v0.25.0
