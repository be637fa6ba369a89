package chunk

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/ledongthuc/pdf"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ErrUnsupported is returned by Import for a file type it cannot read.
var ErrUnsupported = errors.New("chunk: unsupported file type")

// MaxImportBytes bounds the size of an imported file.
const MaxImportBytes = 32 << 20

// Import reads a file into an article, choosing the importer by the file
// name's extension: .md/.markdown, .html/.htm, .txt, .pdf.
func Import(id, filename string, data []byte) (Article, error) {
	if len(data) > MaxImportBytes {
		return Article{}, fmt.Errorf("chunk: import %s: %d bytes is over the %d byte limit", filename, len(data), MaxImportBytes)
	}
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".md", ".markdown":
		return FromMarkdown(id, string(data)), nil
	case ".html", ".htm":
		return FromHTML(id, bytes.NewReader(data))
	case ".txt", ".text":
		return FromText(id, string(data)), nil
	case ".pdf":
		return FromPDF(id, bytes.NewReader(data), int64(len(data)))
	}
	return Article{}, fmt.Errorf("import %s: %w", filename, ErrUnsupported)
}

// FromMarkdown makes an article of Markdown text; its title is the first
// level-1 heading, or else the first heading, or else the first line.
func FromMarkdown(id, md string) Article {
	a := Article{ID: id, Body: md, Format: Markdown}
	secs := sections(md)
	for _, s := range secs {
		if len(s.path) > 0 {
			a.Title = s.path[0]
			break
		}
	}
	if a.Title == "" {
		a.Title = firstLine(md)
	}
	return a
}

// FromText makes an article of plain text; its title is the first line.
func FromText(id, text string) Article {
	return Article{ID: id, Title: firstLine(text), Body: text, Format: Plain}
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" {
			if len(t) > 120 {
				t = t[:strings.LastIndex(t[:120], " ")+1]
			}
			return strings.TrimSpace(strings.TrimLeft(t, "# "))
		}
	}
	return ""
}

// FromHTML converts an HTML page into a Markdown article: h1–h6 become
// headings, block elements become paragraphs, list items lines, and the
// contents of script, style and other non-text elements are dropped. The
// title is the <title>, or else the first heading.
func FromHTML(id string, r io.Reader) (Article, error) {
	doc, err := html.Parse(io.LimitReader(r, MaxImportBytes))
	if err != nil {
		return Article{}, fmt.Errorf("chunk: parse html: %w", err)
	}
	var (
		b     strings.Builder
		title string
	)
	var walk func(n *html.Node, pre bool)
	walk = func(n *html.Node, pre bool) {
		switch n.Type {
		case html.TextNode:
			t := n.Data
			if !pre {
				t = strings.Join(strings.Fields(t), " ")
				if t == "" {
					if strings.TrimSpace(n.Data) == "" && n.Data != "" {
						space(&b)
					}
					return
				}
				if n.Data[0] == ' ' || n.Data[0] == '\n' || n.Data[0] == '\t' {
					space(&b)
				}
				// A body line that looks like a Markdown heading must stay text.
				if atLineStart(&b) && strings.HasPrefix(t, "#") {
					b.WriteString(`\`)
				}
				b.WriteString(t)
				if last := n.Data[len(n.Data)-1]; last == ' ' || last == '\n' || last == '\t' {
					space(&b)
				}
			} else {
				b.WriteString(t)
			}
			return
		case html.CommentNode, html.DoctypeNode:
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Object,
				atom.Svg, atom.Math, atom.Canvas, atom.Button, atom.Select, atom.Input, atom.Textarea:
				return
			case atom.Title:
				if title == "" {
					title = strings.Join(strings.Fields(textOf(n)), " ")
				}
				return
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				h := strings.Join(strings.Fields(textOf(n)), " ")
				if h != "" {
					level := int(n.Data[1] - '0')
					block(&b)
					b.WriteString(strings.Repeat("#", level) + " " + h + "\n\n")
				}
				return
			case atom.Br:
				b.WriteString("\n")
				return
			case atom.Pre:
				block(&b)
				b.WriteString("```\n")
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c, true)
				}
				b.WriteString("\n```\n\n")
				return
			case atom.Li, atom.Tr, atom.Dt, atom.Dd:
				line(&b)
				if n.DataAtom == atom.Li {
					b.WriteString("- ")
				}
			case atom.Td, atom.Th:
				space(&b)
			}
			isBlock := blockAtoms[n.DataAtom]
			if isBlock {
				block(&b)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, pre)
			}
			if isBlock {
				block(&b)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, pre)
		}
	}
	walk(doc, false)
	body := strings.TrimSpace(squeezeBlankLines(b.String()))
	a := FromMarkdown(id, body)
	if title != "" {
		a.Title = title
	}
	return a, nil
}

var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Blockquote: true,
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true, atom.Figure: true,
	atom.Figcaption: true, atom.Hr: true, atom.Form: true, atom.Fieldset: true, atom.Details: true,
	atom.Summary: true, atom.Address: true,
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func lastByte(b *strings.Builder) byte {
	s := b.String()
	if s == "" {
		return '\n'
	}
	return s[len(s)-1]
}

func atLineStart(b *strings.Builder) bool { return lastByte(b) == '\n' }

func space(b *strings.Builder) {
	if c := lastByte(b); c != ' ' && c != '\n' {
		b.WriteByte(' ')
	}
}

func line(b *strings.Builder) {
	if !atLineStart(b) {
		b.WriteByte('\n')
	}
}

func block(b *strings.Builder) {
	s := b.String()
	switch {
	case s == "" || strings.HasSuffix(s, "\n\n"):
	case strings.HasSuffix(s, "\n"):
		b.WriteByte('\n')
	default:
		b.WriteString("\n\n")
	}
}

func squeezeBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " ")
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// FromPDF extracts the text of a simple PDF (text objects in standard fonts,
// no encryption) into a plain-text article whose title is its first line.
func FromPDF(id string, r io.ReaderAt, size int64) (a Article, err error) {
	// The PDF reader panics on some malformed files; an import must not.
	defer func() {
		if p := recover(); p != nil {
			a, err = Article{}, fmt.Errorf("chunk: read pdf: malformed file: %v", p)
		}
	}()
	rd, err := pdf.NewReader(r, size)
	if err != nil {
		return Article{}, fmt.Errorf("chunk: read pdf: %w", err)
	}
	plain, err := rd.GetPlainText()
	if err != nil {
		return Article{}, fmt.Errorf("chunk: read pdf text: %w", err)
	}
	raw, err := io.ReadAll(io.LimitReader(plain, MaxImportBytes))
	if err != nil {
		return Article{}, fmt.Errorf("chunk: read pdf text: %w", err)
	}
	text := strings.TrimSpace(squeezeBlankLines(string(raw)))
	if text == "" {
		return Article{}, fmt.Errorf("chunk: read pdf: no extractable text")
	}
	return FromText(id, text), nil
}
