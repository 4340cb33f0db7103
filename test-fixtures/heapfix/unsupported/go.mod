module example.com/heapfix/unsupported

go 1.19
