// Command netgate is the desktop offline test's network switch: a TCP
// forwarder from -listen to -target that can cut the network and restore
// it. SIGUSR1 cuts it (closes the listener and every open connection, so
// the app sees "connection refused", as if the server went away); SIGUSR2
// listens again on the same address. SIGTERM stops it. It prints "ready"
// once listening and "offline"/"online" after each switch.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

type gate struct {
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        map[net.Conn]bool
}

func (g *gate) up() error {
	ln, err := net.Listen("tcp", g.addr)
	if err != nil {
		return err
	}
	g.mu.Lock()
	g.ln = ln
	g.mu.Unlock()
	go g.serve(ln)
	return nil
}

func (g *gate) serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", g.target)
		if err != nil {
			c.Close()
			continue
		}
		g.mu.Lock()
		if g.ln != ln { // cut while dialling
			g.mu.Unlock()
			c.Close()
			up.Close()
			continue
		}
		g.conns[c], g.conns[up] = true, true
		g.mu.Unlock()
		go g.pipe(up, c)
		go g.pipe(c, up)
	}
}

func (g *gate) pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
	g.mu.Lock()
	delete(g.conns, dst)
	delete(g.conns, src)
	g.mu.Unlock()
}

func (g *gate) down() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ln != nil {
		g.ln.Close()
		g.ln = nil
	}
	for c := range g.conns {
		c.Close()
	}
	clear(g.conns)
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	target := flag.String("target", "", "address to forward to (host:port)")
	flag.Parse()
	if *target == "" {
		fmt.Fprintln(os.Stderr, "netgate: -target is required")
		os.Exit(2)
	}
	g := &gate{addr: *listen, target: *target, conns: map[net.Conn]bool{}}
	if err := g.up(); err != nil {
		fmt.Fprintln(os.Stderr, "netgate:", err)
		os.Exit(1)
	}
	g.addr = g.ln.Addr().String() // a :0 port is kept across cuts
	fmt.Println("ready", g.addr)
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGTERM, syscall.SIGINT)
	for s := range sig {
		switch s {
		case syscall.SIGUSR1:
			g.down()
			fmt.Println("offline")
		case syscall.SIGUSR2:
			g.mu.Lock()
			isUp := g.ln != nil
			g.mu.Unlock()
			if !isUp {
				if err := g.up(); err != nil {
					fmt.Fprintln(os.Stderr, "netgate: listen again:", err)
					os.Exit(1)
				}
			}
			fmt.Println("online")
		default:
			g.down()
			return
		}
	}
}
