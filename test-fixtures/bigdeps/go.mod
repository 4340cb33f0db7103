module example.com/bigdeps

go 1.19
