module example.com/framesbin

go 1.19

require example.com/frames v0.0.0

replace example.com/frames => ../frames
