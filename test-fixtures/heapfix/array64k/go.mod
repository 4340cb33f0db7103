module example.com/heapfix/array64k

go 1.19
