module example.com/brokenpkg

go 1.19
