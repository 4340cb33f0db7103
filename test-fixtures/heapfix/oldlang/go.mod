module example.com/heapfix/oldlang

go 1.16
