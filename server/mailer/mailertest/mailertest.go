// Package mailertest is a tiny in-process SMTP server for tests: it speaks
// just enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, no TLS,
// no auth) to accept messages from net/smtp and hand them to the test.
package mailertest

import (
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// Mail is one accepted message.
type Mail struct {
	From string
	To   []string
	Data string // headers and body as received, dot-unstuffed
}

// Server accepts mail on a loopback port until the test ends.
type Server struct {
	Addr string
	ln   net.Listener
	wg   sync.WaitGroup
	got  chan Mail
}

// New starts a server; it stops when tb ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("mailertest: listen: %v", err)
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln, got: make(chan Mail, 16)}
	s.wg.Add(1)
	go s.accept()
	tb.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

// Mail delivers each accepted message.
func (s *Server) Mail() <-chan Mail { return s.got }

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			s.serve(textproto.NewConn(c))
		}()
	}
}

func (s *Server) serve(c *textproto.Conn) {
	reply := func(format string, args ...any) bool { return c.PrintfLine(format, args...) == nil }
	if !reply("220 mailertest ESMTP") {
		return
	}
	var m Mail
	for {
		line, err := c.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			if !reply("250-mailertest") || !reply("250 8BITMIME") {
				return
			}
		case "HELO", "NOOP":
			reply("250 ok")
		case "RSET":
			m = Mail{}
			reply("250 ok")
		case "MAIL":
			m = Mail{From: addr(arg)}
			reply("250 ok")
		case "RCPT":
			m.To = append(m.To, addr(arg))
			reply("250 ok")
		case "DATA":
			if !reply("354 go ahead") {
				return
			}
			b, err := c.ReadDotBytes()
			if err != nil {
				return
			}
			m.Data = string(b)
			select {
			case s.got <- m:
			default:
			}
			m = Mail{}
			reply("250 queued")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

// addr takes the address out of "FROM:<a@b>" or "TO:<a@b>".
func addr(arg string) string {
	_, v, _ := strings.Cut(arg, ":")
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, ' '); i >= 0 {
		v = v[:i]
	}
	return strings.Trim(v, "<>")
}
