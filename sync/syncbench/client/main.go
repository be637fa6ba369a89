// Command client is the client side of the sync benchmarks, run as its own
// process so that its memory is measured honestly: it opens a replica with
// the desktop options, runs an initial sync (mode "initial") or reopens a
// synced replica and reads from it (mode "steady"), and prints one JSON
// line with its timings and resident memory.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"

	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/sync/replica"
)

type result struct {
	Seconds float64 `json:"seconds"`
	PeakMiB float64 `json:"peak_rss_mib"`
	RSSMiB  float64 `json:"rss_mib"`
	AnonMiB float64 `json:"anon_mib"`
	FileMiB float64 `json:"file_mib"`
	Tickets int     `json:"tickets"`
	Seq     int64   `json:"seq"`
}

type bearer string

func (b bearer) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		req.Header().Set("Authorization", "Bearer "+string(b))
		return next(ctx, req)
	}
}
func (b bearer) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}
func (b bearer) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}

// status reads a "Vm...: N kB" line of /proc/self/status in MiB.
func status(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

func main() {
	url := flag.String("url", "", "server URL")
	token := flag.String("token", "", "session token")
	dir := flag.String("dir", "", "replica directory")
	user := flag.String("user", "", "user id")
	mode := flag.String("mode", "initial", "initial or steady")
	page := flag.Int("page", 2000, "pull page size")
	flag.Parse()
	// The desktop app runs with a memory limit (toolchain.md §7).
	debug.SetMemoryLimit(160 << 20)
	if err := run(*url, *token, *dir, *user, *mode, *page); err != nil {
		fmt.Fprintln(os.Stderr, "syncbench client:", err)
		os.Exit(1)
	}
}

func run(url, token, dir, user, mode string, page int) error {
	ctx := context.Background()
	rep, err := replica.Open(dir, replica.Config{UserID: user, PageSize: page})
	if err != nil {
		return err
	}
	defer rep.Close()
	var res result
	start := time.Now()
	switch mode {
	case "initial":
		c := frontlinev1connect.NewSyncServiceClient(http.DefaultClient, url, connect.WithInterceptors(bearer(token)))
		if err := rep.SyncOnce(ctx, replica.ConnectTransport(c)); err != nil {
			return err
		}
	default:
		// What the desktop does when it opens: list, count, open threads.
		ts, err := rep.ListTickets(ctx, replica.Filter{Limit: 200})
		if err != nil {
			return err
		}
		res.Tickets = len(ts)
		if _, err := rep.Counts(ctx); err != nil {
			return err
		}
		for _, t := range ts[:min(50, len(ts))] {
			if _, err := rep.Ticket(ctx, t.Ticket.GetId()); err != nil {
				return err
			}
		}
		debug.FreeOSMemory()
	}
	res.Seconds = time.Since(start).Seconds()
	_, res.Seq, _ = rep.Cursor()
	res.PeakMiB, res.RSSMiB = status("VmHWM"), status("VmRSS")
	res.AnonMiB, res.FileMiB = status("RssAnon"), status("RssFile")
	return json.NewEncoder(os.Stdout).Encode(res)
}
