// Package chunk turns knowledge-base articles into the passages that search
// indexes and answers cite. Articles are split on their headings, each
// section is cut to a size bound with some overlap between consecutive
// pieces, and every chunk records its article, heading path and position
// together with a content hash, so that re-indexing an edited article touches
// only the chunks whose text changed (see Diff).
//
// Importers (Import, FromHTML, FromPDF, ...) convert Markdown, HTML, plain
// text and simple PDF files into an Article.
package chunk

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Format says how an article body is to be read.
type Format int

const (
	// Markdown bodies are split on ATX ("## Title") and setext headings.
	Markdown Format = iota
	// Plain bodies have no headings; they are split on paragraphs only.
	Plain
)

// Article is one knowledge-base document.
type Article struct {
	ID     string
	Title  string
	Body   string
	Format Format
}

// Chunk is one passage of an article.
type Chunk struct {
	ArticleID string
	// Title is the article's title.
	Title string
	// HeadingPath holds the headings above the passage, outermost first.
	HeadingPath []string
	// Ordinal is the position of the chunk in its article, from 0.
	Ordinal int
	// Text is the passage, at most Options.MaxChars bytes long.
	Text string
	// Hash identifies the content (heading path and text): it changes exactly
	// when the indexed content of the chunk does.
	Hash string
}

// Path returns the heading path joined for display, e.g. "Returns > Refund timing".
func (c Chunk) Path() string { return strings.Join(c.HeadingPath, " > ") }

// Key identifies a chunk across re-indexing: the article and the content
// hash. A chunk that only moved keeps its key.
func (c Chunk) Key() string { return c.ArticleID + "/" + c.Hash }

// Options bound the chunk size.
type Options struct {
	// MaxChars is the largest chunk text, in bytes (default 800).
	MaxChars int
	// Overlap is how many bytes of the previous piece of a cut section are
	// repeated at the start of the next, rounded to a word (default 120).
	// It must be less than MaxChars/2.
	Overlap int
}

// DefaultOptions are the sizes search uses unless told otherwise.
var DefaultOptions = Options{MaxChars: 800, Overlap: 120}

func (o Options) check() (Options, error) {
	if o.MaxChars == 0 {
		o.MaxChars = DefaultOptions.MaxChars
	}
	if o.MaxChars < 16 {
		return o, fmt.Errorf("chunk: MaxChars %d is below 16", o.MaxChars)
	}
	if o.Overlap < 0 || o.Overlap >= o.MaxChars/2 {
		return o, fmt.Errorf("chunk: Overlap %d must be in [0, MaxChars/2)", o.Overlap)
	}
	return o, nil
}

type section struct {
	path []string
	body string
}

// Split cuts an article into chunks.
func Split(a Article, opts Options) ([]Chunk, error) {
	opts, err := opts.check()
	if err != nil {
		return nil, err
	}
	var secs []section
	if a.Format == Plain {
		secs = []section{{body: a.Body}}
	} else {
		secs = sections(a.Body)
	}
	var out []Chunk
	for _, s := range secs {
		for _, piece := range cut(s.body, opts) {
			c := Chunk{
				ArticleID:   a.ID,
				Title:       a.Title,
				HeadingPath: s.path,
				Ordinal:     len(out),
				Text:        piece,
			}
			c.Hash = hashOf(c.HeadingPath, c.Text)
			out = append(out, c)
		}
	}
	return out, nil
}

func hashOf(path []string, text string) string {
	h := sha256.New()
	for _, p := range path {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	h.Write([]byte{1})
	h.Write([]byte(text))
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// sections splits Markdown into heading-delimited sections. Headings inside
// fenced code blocks are not headings.
func sections(md string) []section {
	lines := strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n")
	var (
		out     []section
		stack   []heading
		body    []string
		fence   string
		curPath []string
	)
	flush := func() {
		text := strings.TrimSpace(strings.Join(body, "\n"))
		if text != "" {
			out = append(out, section{path: curPath, body: text})
		}
		body = body[:0]
	}
	open := func(level int, title string) {
		flush()
		for len(stack) > 0 && stack[len(stack)-1].level >= level {
			stack = stack[:len(stack)-1]
		}
		stack = append(stack, heading{level, title})
		curPath = make([]string, len(stack))
		for i, h := range stack {
			curPath[i] = h.title
		}
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		if fence != "" {
			body = append(body, line)
			if indent < 4 && strings.HasPrefix(trimmed, fence) && strings.TrimSpace(strings.TrimLeft(trimmed, fence[:1])) == "" {
				fence = ""
			}
			continue
		}
		if indent < 4 {
			if f := fenceOf(trimmed); f != "" {
				fence = f
				body = append(body, line)
				continue
			}
			if level, title, ok := atx(trimmed); ok {
				open(level, title)
				continue
			}
			// Setext: a non-blank paragraph line followed by === or ---.
			if i+1 < len(lines) && strings.TrimSpace(line) != "" && (len(body) == 0 || strings.TrimSpace(body[len(body)-1]) == "") {
				if level := setext(lines[i+1]); level > 0 {
					open(level, strings.TrimSpace(line))
					i++
					continue
				}
			}
		}
		body = append(body, line)
	}
	flush()
	return out
}

type heading struct {
	level int
	title string
}

func fenceOf(s string) string {
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(s, f) {
			n := len(s) - len(strings.TrimLeft(s, f[:1]))
			return strings.Repeat(f[:1], n)
		}
	}
	return ""
}

func atx(s string) (int, string, bool) {
	n := len(s) - len(strings.TrimLeft(s, "#"))
	if n < 1 || n > 6 {
		return 0, "", false
	}
	rest := s[n:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return 0, "", false
	}
	rest = strings.TrimSpace(rest)
	// Optional closing sequence of #s.
	if t := strings.TrimRight(rest, "#"); t != rest && (t == "" || strings.HasSuffix(t, " ")) {
		rest = strings.TrimSpace(t)
	}
	if rest == "" {
		return 0, "", false
	}
	return n, rest, true
}

func setext(s string) int {
	t := strings.TrimSpace(s)
	if len(s)-len(strings.TrimLeft(s, " ")) >= 4 || t == "" {
		return 0
	}
	switch {
	case strings.Trim(t, "=") == "":
		return 1
	case strings.Trim(t, "-") == "" && len(t) >= 2:
		return 2
	}
	return 0
}

// cut splits text into pieces of at most opts.MaxChars bytes, preferring
// paragraph, then sentence, then word boundaries, each piece after the first
// starting opts.Overlap bytes (rounded to a word) before the previous one ended.
func cut(text string, opts Options) []string {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	max := opts.MaxChars
	var out []string
	start := 0
	for {
		if len(text)-start <= max {
			if p := strings.TrimSpace(text[start:]); p != "" {
				out = append(out, p)
			}
			return out
		}
		end := breakPoint(text, start, start+max)
		out = append(out, strings.TrimSpace(text[start:end]))
		next := end
		if opts.Overlap > 0 {
			next = wordStart(text, end-opts.Overlap, end)
		}
		// Skip the blanks between pieces.
		for next < len(text) && (text[next] == ' ' || text[next] == '\n' || text[next] == '\t') {
			next++
		}
		if next <= start { // cannot happen with Overlap < MaxChars/2; guard anyway
			next = end
		}
		start = next
	}
}

// breakPoint picks where to end a piece that starts at start and may not
// reach beyond limit. It searches the second half of the window for the
// latest paragraph break, then sentence end, then space.
func breakPoint(text string, start, limit int) int {
	lo := start + (limit-start)/2
	window := text[lo:limit]
	if i := strings.LastIndex(window, "\n\n"); i >= 0 {
		return lo + i
	}
	best := -1
	for _, sep := range []string{". ", "? ", "! ", ".\n", "?\n", "!\n", "\n"} {
		if i := strings.LastIndex(window, sep); i >= 0 {
			if e := i + len(sep) - 1; e > best {
				best = e
			}
		}
	}
	if best > 0 {
		return lo + best
	}
	if i := strings.LastIndexAny(window, " \t"); i > 0 {
		return lo + i
	}
	// No space at all: cut on a rune boundary.
	end := limit
	for end > start+1 && !utf8.RuneStart(text[end]) {
		end--
	}
	return end
}

// wordStart returns the first word start at or after from and before end,
// or end when there is none (no overlap rather than half a word).
func wordStart(text string, from, end int) int {
	if from < 0 {
		from = 0
	}
	for i := from; i < end; i++ {
		if i > 0 && (text[i-1] == ' ' || text[i-1] == '\n' || text[i-1] == '\t') && text[i] != ' ' && text[i] != '\n' {
			return i
		}
	}
	return end
}

// Changes is what re-indexing an article has to do.
type Changes struct {
	// Add holds chunks whose content is new: index (and embed) them.
	Add []Chunk
	// Remove holds chunks whose content is gone.
	Remove []Chunk
	// Moved holds chunks whose content is unchanged but whose ordinal changed:
	// only their stored position needs updating.
	Moved []Chunk
}

// Diff compares the chunks of an article before and after an edit by
// content hash. Repeated identical chunks are matched one to one.
func Diff(old, cur []Chunk) Changes {
	have := make(map[string][]Chunk, len(old))
	for _, c := range old {
		have[c.Key()] = append(have[c.Key()], c)
	}
	var ch Changes
	for _, c := range cur {
		prev := have[c.Key()]
		if len(prev) == 0 {
			ch.Add = append(ch.Add, c)
			continue
		}
		p := prev[0]
		have[c.Key()] = prev[1:]
		if p.Ordinal != c.Ordinal || p.Title != c.Title {
			ch.Moved = append(ch.Moved, c)
		}
	}
	for _, c := range old {
		if rest := have[c.Key()]; len(rest) > 0 && rest[0].Ordinal == c.Ordinal {
			ch.Remove = append(ch.Remove, c)
			have[c.Key()] = rest[1:]
		}
	}
	return ch
}
