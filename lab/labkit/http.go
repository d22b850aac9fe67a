package labkit

import (
	"context"
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux
	"runtime"
)

var goVersion = runtime.Version()

type httpServer struct {
	srv *http.Server
}

// serveHTTP serves /metrics (text exposition, fresh per scrape) and
// net/http/pprof on addr, as a service's admin port does.
func serveHTTP(addr string) *httpServer {
	http.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		w.Write(takeSnapshot().exposition())
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		Errorf("admin server disabled: %v", err)
		return nil
	}
	s := &httpServer{srv: &http.Server{Handler: http.DefaultServeMux}}
	Infof("admin server listening addr=%s endpoints=/metrics,/debug/pprof/", ln.Addr())
	go s.srv.Serve(ln)
	return s
}

func (s *httpServer) stop() {
	s.srv.Shutdown(context.Background())
}
