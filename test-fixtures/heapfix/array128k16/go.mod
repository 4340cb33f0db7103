module example.com/heapfix/array128k16

go 1.19
