module example.com/e2edemo

go 1.24
