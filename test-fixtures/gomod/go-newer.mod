module example.com/newer

go 1.24.7
