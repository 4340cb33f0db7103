module example.com/asmpkg

go 1.19
