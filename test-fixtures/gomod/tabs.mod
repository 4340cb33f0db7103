  module   example.com/spaces  

	go	1.24   //	tabbed
