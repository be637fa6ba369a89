// Package widgetbench measures the customer chat under load for `make
// bench`: it builds and runs the real frontline-server in a child process
// on loopback (so the server's memory is measured alone), opens many widget
// conversations, each with an open WatchConversation stream, and has each
// send a message every few seconds.
package widgetbench

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/figures"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
)

// Load shape.
const (
	conversations = 1000
	sendEvery     = 3 * time.Second
	loadFor       = 30 * time.Second
	startWorkers  = 32
	widgetKey     = "flw_demo_northwind_bikes"
)

// Bench runs the widget load and returns its figures. scratchDir receives
// the server binary and its data directory.
func Bench(ctx context.Context, scratchDir string) ([]figures.Figure, error) {
	raiseFileLimit()
	bin, err := buildServer(ctx, scratchDir)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	data := filepath.Join(scratchDir, "widget-data")

	// First process: create the conversations (tokens are persisted), then
	// stop, so that the measured process starts without their garbage.
	first, base, _, err := startServer(ctx, bin, data)
	if err != nil {
		return nil, err
	}
	gzKB, err := gzipSize(ctx, base)
	if err != nil {
		stop(first)
		return nil, err
	}
	convs, err := startConversations(ctx, frontlinev1connect.NewWidgetServiceClient(http.DefaultClient, base))
	stop(first)
	if err != nil {
		return nil, err
	}

	child, base, botMode, err := startServer(ctx, bin, data)
	if err != nil {
		return nil, err
	}
	defer stop(child)
	// One transport for unary calls; each stream gets its own HTTP/1.1
	// connection as each customer's browser would.
	unary := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	streams := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conversations + 16}}
	time.Sleep(2 * time.Second)
	before, err := rss(child.Process.Pid)
	if err != nil {
		return nil, err
	}

	// Open every stream and wait until each has its first event.
	var seen botCounts
	arrivals := make([]chan string, len(convs))
	var ready sync.WaitGroup
	streamErr := make(chan error, len(convs))
	for i, tok := range convs {
		arrivals[i] = make(chan string, 16)
		ready.Add(1)
		go watch(ctx, frontlinev1connect.NewWidgetServiceClient(streams, base, connect.WithInterceptors(bearer(tok))), arrivals[i], &ready, streamErr, &seen)
	}
	waited := make(chan struct{})
	go func() { ready.Wait(); close(waited) }()
	select {
	case <-waited:
	case err := <-streamErr:
		return nil, fmt.Errorf("open streams: %w", err)
	case <-time.After(2 * time.Minute):
		return nil, errors.New("open streams: timed out")
	}
	time.Sleep(3 * time.Second)
	after, err := rss(child.Process.Pid)
	if err != nil {
		return nil, err
	}
	perStream := float64(after-before) / conversations / 1024
	seen.cited.Store(0) // count only what the bot does under load
	seen.uncited.Store(0)
	seen.handovers.Store(0)

	// Load: every conversation sends every few seconds; latency is from
	// just before SendMessage to the message arriving on its own stream.
	var (
		mu      sync.Mutex
		samples []float64
		errs    int
	)
	var load sync.WaitGroup
	end := time.Now().Add(loadFor)
	for i, tok := range convs {
		load.Add(1)
		go func(i int, c frontlinev1connect.WidgetServiceClient) {
			defer load.Done()
			time.Sleep(rand.N(sendEvery))
			for n := 0; time.Now().Before(end) && ctx.Err() == nil; n++ {
				body := fmt.Sprintf("bench %d/%d", i, n)
				start := time.Now()
				if _, err := c.SendMessage(ctx, &frontlinev1.SendMessageRequest{Body: body}); err != nil {
					mu.Lock()
					errs++
					mu.Unlock()
					time.Sleep(sendEvery)
					continue
				}
				if waitFor(arrivals[i], body, 10*time.Second) {
					d := time.Since(start)
					mu.Lock()
					samples = append(samples, float64(d.Microseconds())/1000)
					mu.Unlock()
				} else {
					mu.Lock()
					errs++
					mu.Unlock()
				}
				time.Sleep(sendEvery - min(time.Since(start), sendEvery))
			}
		}(i, frontlinev1connect.NewWidgetServiceClient(unary, base, connect.WithInterceptors(bearer(tok))))
	}
	load.Wait()
	if len(samples) == 0 {
		return nil, fmt.Errorf("no replies measured (%d errors)", errs)
	}
	// Say what the bot really did: the bench's messages are not questions
	// the demo KB answers, so each conversation gets "I don't know" and is
	// handed to a person after its second unanswerable message; from then
	// on the bot is out of it and a sample times the customer's message path.
	note := fmt.Sprintf("%d conversations, 1 msg/%s each for %s, %d samples, %d errors; SendMessage until the message arrives on the customer's own stream; rate limits off; bot: %s; under load the bot wrote %d cited answers and %d other replies (\"I don't know\") and handed over %d conversations, then stayed out",
		conversations, sendEvery, loadFor, len(samples), errs, botMode, seen.cited.Load(), seen.uncited.Load(), seen.handovers.Load())
	return []figures.Figure{
		{Name: "widget.reply_p50_ms", Value: figures.Percentile(samples, 0.50), Unit: "ms", Note: note},
		{Name: "widget.reply_p95_ms", Value: figures.Percentile(samples, 0.95), Unit: "ms", Note: note},
		{Name: "widget.reply_p99_ms", Value: figures.Percentile(samples, 0.99), Unit: "ms", Goal: "< 250", Note: note},
		{Name: "widget.idle_stream_kb", Value: perStream, Unit: "KB", Goal: "< 50",
			Note: fmt.Sprintf("RSS delta of a freshly started server child over %d idle WatchConversation streams (HTTP/1.1, one connection each)", conversations)},
		{Name: "widget.gzip_kb", Value: gzKB, Unit: "KB", Goal: "< 60", Note: "gzip -9 of the served /widget.js"},
	}, nil
}

// raiseFileLimit lifts the soft open-file limit to the hard one; the child
// inherits it. 1,000 streams need over 2,000 descriptors on each side.
func raiseFileLimit() {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err == nil && l.Cur < l.Max {
		l.Cur = l.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}

// buildServer compiles frontline-server from the module this runs in.
func buildServer(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(out)))
	bin := filepath.Join(dir, "frontline-server-bench")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./server/cmd/frontline-server")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build server: %w: %s", err, b)
	}
	return bin, nil
}

// startServer runs the demo server on a free loopback port with the
// widget rate limits off and returns its base URL.
func startServer(ctx context.Context, bin, data string) (*exec.Cmd, string, string, error) {
	cmd := exec.CommandContext(ctx, bin, "--demo", "--data", data, "--addr", "127.0.0.1:0",
		"--log-level", "warn", "--widget-rate-ip", "0", "--widget-rate-key", "0")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", "", fmt.Errorf("start server: %w", err)
	}
	sc := bufio.NewScanner(out)
	base := ""
	for sc.Scan() {
		if _, rest, ok := strings.Cut(sc.Text(), "listening on "); ok {
			base, _, _ = strings.Cut(rest, " ")
		}
		// The server prints its bot mode right after its address.
		if mode, ok := strings.CutPrefix(sc.Text(), "bot: "); ok && base != "" {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return cmd, base, mode, nil
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return nil, "", "", errors.New("server did not print its address and bot mode")
}

func gzipSize(ctx context.Context, base string) (float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/widget.js", nil)
	if err != nil {
		return 0, err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("get widget.js: %w", err)
	}
	defer res.Body.Close()
	js, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("get widget.js: status %d: %v", res.StatusCode, err)
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = zw.Write(js)
	_ = zw.Close()
	return float64(b.Len()) / 1024, nil
}

// stop ends a server child gracefully and waits for it.
func stop(c *exec.Cmd) {
	_ = c.Process.Signal(syscall.SIGTERM)
	_ = c.Wait()
}

func startConversations(ctx context.Context, anon frontlinev1connect.WidgetServiceClient) ([]string, error) {
	toks := make([]string, conversations)
	jobs := make(chan int)
	errc := make(chan error, startWorkers)
	var wg sync.WaitGroup
	for range startWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res, err := anon.StartConversation(ctx, &frontlinev1.StartConversationRequest{
					WidgetKey: widgetKey, Name: fmt.Sprintf("Bench Customer %d", i),
					Email: fmt.Sprintf("bench%d@example.com", i), Description: "Benchmark conversation",
				})
				if err != nil {
					select {
					case errc <- fmt.Errorf("start conversation %d: %w", i, err):
					default:
					}
					continue
				}
				toks[i] = res.GetToken()
			}
		}()
	}
	for i := range conversations {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errc:
		return nil, err
	default:
	}
	return toks, nil
}

// botCounts counts the bot's messages the streams deliver.
type botCounts struct{ cited, uncited, handovers atomic.Int64 }

// watch keeps one stream open, marking ready at its first event, passing
// message bodies to arrivals and counting the bot's messages in seen.
func watch(ctx context.Context, c frontlinev1connect.WidgetServiceClient, arrivals chan<- string, ready *sync.WaitGroup, errc chan<- error, seen *botCounts) {
	var once sync.Once
	defer once.Do(ready.Done)
	s, err := c.WatchConversation(ctx, &frontlinev1.WatchConversationRequest{})
	if err != nil {
		errc <- err
		return
	}
	defer s.Close()
	for s.Receive() {
		once.Do(ready.Done)
		if m := s.Msg().GetMessage(); m != nil {
			switch {
			case m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_BOT && len(m.GetCitations()) > 0:
				seen.cited.Add(1)
			case m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_BOT:
				seen.uncited.Add(1)
			case m.GetAuthorKind() == frontlinev1.AuthorKind_AUTHOR_KIND_SYSTEM && strings.HasPrefix(m.GetBody(), "Handed to a person"):
				seen.handovers.Add(1)
			}
			select {
			case arrivals <- m.GetBody():
			default:
			}
		}
	}
	if err := s.Err(); err != nil && ctx.Err() == nil {
		select {
		case errc <- err:
		default:
		}
	}
}

func waitFor(arrivals <-chan string, body string, limit time.Duration) bool {
	t := time.NewTimer(limit)
	defer t.Stop()
	for {
		select {
		case b := <-arrivals:
			if b == body {
				return true
			}
		case <-t.C:
			return false
		}
	}
}

// rss returns a process's resident set size in bytes.
func rss(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read rss: %w", err)
	}
	for l := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("parse rss %q: %w", v, err)
			}
			return kb * 1024, nil
		}
	}
	return 0, errors.New("no VmRSS in /proc status")
}

// bearer sends a conversation token.
type bearer string

func (b bearer) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		req.Header().Set("Authorization", "Bearer "+string(b))
		return next(ctx, req)
	}
}

func (b bearer) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return func(ctx context.Context, spec connect.Spec) connect.StreamingClientConn {
		conn := next(ctx, spec)
		conn.RequestHeader().Set("Authorization", "Bearer "+string(b))
		return conn
	}
}

func (b bearer) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}
