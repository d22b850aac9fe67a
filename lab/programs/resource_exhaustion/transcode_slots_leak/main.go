// The media API transcodes uploaded videos into HLS renditions on a GPU
// node whose driver allows five concurrent NVENC encoder sessions, so the
// rendition handler caps concurrent encodes with a buffered channel of five
// slots, written inline where the encode starts: `h.encoders <- struct{}{}`
// and `<-h.encoders` when the encode is done. The slot is taken before the
// source is fetched from the object store because, in production, the
// fetch streams straight into the hardware decoder. The probe error path
// gives the slot back; the fetch error path, added later when the origin
// started answering 404 for uploads whose multipart upload was never
// completed, returns without it. Five unfinished uploads are enough: every
// later POST /v1/assets/:id/renditions blocks on the channel send (chan
// send, two calls below ServeHTTP) while health checks still answer 200,
// and 240 requests hang until the watchdog kills the process.
package main

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	encoderSessions = 5   // NVENC session limit of the node's GPU driver
	burst           = 240 // rendition requests after the slots are gone
)

// ---- origin: an in-process stand-in for the object store (S3/MinIO) ----

type objectStore struct{}

func (o *objectStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimPrefix(r.URL.Path, "/sources/")
	switch {
	case strings.HasPrefix(key, "pending/"):
		// Multipart upload created but never completed: no object yet.
		http.Error(w, "<Error><Code>NoSuchKey</Code><Key>"+key+"</Key></Error>", http.StatusNotFound)
	case strings.HasPrefix(key, "corrupt/"):
		w.Write([]byte(strings.Repeat("\x00", 1880))) // no MPEG-TS sync bytes
	default:
		w.Write([]byte(strings.Repeat("\x47\x40\x11\x10", 470))) // 10 TS packets
	}
}

type OriginClient struct {
	base string
	hc   *http.Client
}

var errNoSuchKey = errors.New("NoSuchKey")

func (c *OriginClient) Fetch(key string) ([]byte, error) {
	resp, err := c.hc.Get(c.base + "/sources/" + key)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotFound {
		return nil, fmt.Errorf("origin GET /sources/%s: %s: %w", key, resp.Status, errNoSuchKey)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("origin GET /sources/%s: %s", key, resp.Status)
	}
	return body, nil
}

// ---- a minimal HTTP-like front end: requests arrive on a channel ----

type Request struct {
	Method, Path string
	reply        chan int // status code; buffered, the client may be gone
}

type ResponseWriter struct {
	status int
	body   []byte
}

func (w *ResponseWriter) WriteHeader(code int) { w.status = code }
func (w *ResponseWriter) Write(b []byte)       { w.body = append(w.body, b...) }

type Handler interface {
	ServeHTTP(w *ResponseWriter, r *Request)
}

type Server struct {
	incoming chan *Request
	handler  Handler
}

// Serve accepts requests and runs each on its own goroutine, as net/http does.
func (s *Server) Serve() {
	for req := range s.incoming {
		go s.serveRequest(req)
	}
}

func (s *Server) serveRequest(req *Request) {
	w := &ResponseWriter{status: http.StatusOK}
	s.handler.ServeHTTP(w, req)
	req.reply <- w.status
}

// ---- background work every replica runs ----

// EventBus publishes rendition events (rendition.ready / rendition.failed)
// to the message bus from one goroutine.
type EventBus struct {
	events    chan string
	published int
}

func (b *EventBus) run() {
	for ev := range b.events {
		b.published++
		_ = ev // the broker client would send it here
	}
}

// scratchJanitor removes encoder scratch directories left by crashed
// encodes; a healthy node has none older than a minute.
type scratchJanitor struct {
	mu   sync.Mutex
	dirs map[string]time.Time
}

func (j *scratchJanitor) run(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for now := range t.C {
		j.mu.Lock()
		for dir, created := range j.dirs {
			if now.Sub(created) > time.Minute {
				delete(j.dirs, dir)
				labkit.Warnf("scratch janitor: removed stale %s", dir)
			}
		}
		j.mu.Unlock()
	}
}

// ---- the rendition API ----

type RenditionHandler struct {
	encoders chan struct{} // one slot per NVENC session
	origin   *OriginClient
	bus      *EventBus
}

func (h *RenditionHandler) ServeHTTP(w *ResponseWriter, r *Request) {
	start := time.Now()
	switch {
	case r.Path == "/healthz":
		w.Write([]byte("ok"))
		labkit.ObserveRequest("/healthz", 200, time.Since(start).Seconds())
	case r.Method == "POST" && strings.HasPrefix(r.Path, "/v1/assets/") && strings.HasSuffix(r.Path, "/renditions"):
		asset := strings.TrimSuffix(strings.TrimPrefix(r.Path, "/v1/assets/"), "/renditions")
		h.createRendition(w, asset, "hls-720p")
		labkit.ObserveRequest("/v1/assets/:id/renditions", w.status, time.Since(start).Seconds())
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func (h *RenditionHandler) createRendition(w *ResponseWriter, asset, preset string) {
	playlist, err := h.encodeRendition(asset, preset)
	switch {
	case errors.Is(err, errNoSuchKey):
		w.WriteHeader(http.StatusConflict)
		labkit.Errorf("POST /v1/assets/%s/renditions: 409 source not uploaded: %v", asset, err)
		h.bus.events <- "rendition.failed " + asset
	case err != nil:
		w.WriteHeader(http.StatusUnprocessableEntity)
		labkit.Errorf("POST /v1/assets/%s/renditions: 422 %v", asset, err)
		h.bus.events <- "rendition.failed " + asset
	default:
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(playlist))
		h.bus.events <- "rendition.ready " + asset
	}
}

func (h *RenditionHandler) encodeRendition(asset, preset string) (string, error) {
	h.encoders <- struct{}{} // take an NVENC session (the fetch streams into the decoder)
	src, err := h.origin.Fetch(asset + "/source.ts")
	if err != nil {
		return "", fmt.Errorf("fetch source: %w", err) // BUG: returns holding the encoder slot; missing <-h.encoders
	}
	if len(src) < 188 || src[0] != 0x47 {
		<-h.encoders
		return "", fmt.Errorf("probe %s: no MPEG-TS sync byte, unsupported container", asset)
	}
	sum := crc32.ChecksumIEEE(src) // stands in for the encode
	<-h.encoders
	return fmt.Sprintf("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720\n%s/%s-%08x.m3u8\n", asset, preset, sum), nil
}

func main() {
	labkit.Init("media-api")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, &objectStore{})
	origin := &OriginClient{
		base: "http://" + ln.Addr().String(),
		hc:   &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4, IdleConnTimeout: 90 * time.Second}},
	}

	bus := &EventBus{events: make(chan string, 64)}
	go bus.run()
	janitor := &scratchJanitor{dirs: map[string]time.Time{}}
	go janitor.run(1500 * time.Millisecond)

	h := &RenditionHandler{encoders: make(chan struct{}, encoderSessions), origin: origin, bus: bus}
	srv := &Server{incoming: make(chan *Request), handler: h}
	go srv.Serve()
	labkit.Infof("rendition API ready origin=%s nvenc_sessions=%d", ln.Addr(), encoderSessions)

	// Morning traffic, one request after the other: every fourth asset is
	// an upload whose multipart upload was never completed, and one has a
	// corrupt container.
	for i := 0; i < 20; i++ {
		asset := fmt.Sprintf("ast_%05d", 41000+i)
		switch {
		case i%4 == 3:
			asset = "pending/" + asset
		case i == 9:
			asset = "corrupt/" + asset
		}
		req := &Request{Method: "POST", Path: "/v1/assets/" + asset + "/renditions", reply: make(chan int, 1)}
		srv.incoming <- req
		<-req.reply
	}
	labkit.Infof("nvenc sessions in use=%d/%d", len(h.encoders), encoderSessions)

	for i := 0; i < burst; i++ {
		asset := fmt.Sprintf("ast_%05d", 42000+i)
		srv.incoming <- &Request{Method: "POST", Path: "/v1/assets/" + asset + "/renditions", reply: make(chan int, 1)}
	}
	time.Sleep(200 * time.Millisecond)
	hc := &Request{Method: "GET", Path: "/healthz", reply: make(chan int, 1)}
	srv.incoming <- hc
	labkit.Infof("GET /healthz: %d", <-hc.reply)
	labkit.Warnf("POST /v1/assets/:id/renditions: no completions for 200ms inflight=%d nvenc_sessions_in_use=%d/%d", burst, len(h.encoders), encoderSessions)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	labkit.Infof("shutting down")
}
