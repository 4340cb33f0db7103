// A small service that imports much of the standard library: its
// `-gcflags=all=-S` listing is the benchmark's large input and the
// dependency scan's fixture.
package main

import (
	"archive/zip"
	"compress/gzip"
	"crypto/tls"
	"database/sql"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"text/tabwriter"
)

//go:noinline
func handle(i uint) byte {
	var buf [65536]byte
	buf[i&65535] = byte(i)
	return buf[(i>>3)&65535]
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]byte{"b": handle(uint(len(r.URL.Path)))})
	})
	srv := httptest.NewUnstartedServer(mux)
	_ = srv
	_, _ = xml.Marshal(struct{}{})
	_ = template.Must(template.New("x").Parse("{{.}}"))
	_ = regexp.MustCompile("a+")
	_ = zip.NewWriter(os.Stdout)
	_, _ = gzip.NewReader(os.Stdin)
	_ = tls.Config{}
	_ = sql.Drivers()
	slog.Info("start")
	tw := tabwriter.NewWriter(os.Stdout, 0, 8, 1, ' ', 0)
	fmt.Fprintln(tw, "ok")
}
