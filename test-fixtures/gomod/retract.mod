module example.com/retract

go 1.21.3

require (
	example.com/a v1.4.0
	example.com/b v0.3.1 // indirect
)

replace (
	example.com/a => ../a
	example.com/b v0.3.1 => example.com/b-fork v0.3.2
)

exclude example.com/a v1.3.9

exclude (
	example.com/b v0.2.0
)

retract (
	[v1.0.0, v1.2.9] // broken epilogues
	v1.3.0 // published by accident
)

retract v0.9.0
