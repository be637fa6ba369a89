package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// maxImportBytes bounds one imported file (the server's article limit is
// 200,000 characters of body).
const maxImportBytes = 200_000

// KBImportResultDTO is what became of one imported file.
type KBImportResultDTO struct {
	Path      string `json:"path"`
	FileName  string `json:"fileName"`
	OK        bool   `json:"ok"`
	Title     string `json:"title"`
	ArticleID string `json:"articleId"`
	Error     string `json:"error"`
}

// importedArticle is a file turned into an article's title and body.
type importedArticle struct {
	Title, Body string
}

// Import creates one draft article per file (.md, .markdown, .txt, .html,
// .htm): the title is the first heading, else the file name; HTML becomes
// Markdown-ish text with scripts and styles dropped. Each file's result is
// reported; one bad file does not stop the others. Needs a connection.
func (k *Knowledge) Import(paths []string) ([]KBImportResultDTO, error) {
	const op = "import articles"
	l, cur, ctx, cancel, err := k.begin(op)
	if err != nil {
		return nil, err
	}
	defer cancel()
	if !isAdmin(cur) {
		return nil, &UIError{Message: MsgKBAdminOnly, Kind: KindPermission, err: errors.New("agent imports articles")}
	}
	cl, err := k.remote(l)
	if err != nil {
		return nil, err
	}
	out := make([]KBImportResultDTO, 0, len(paths))
	var last *frontlinev1.Article
	for _, p := range paths {
		res := KBImportResultDTO{Path: p, FileName: filepath.Base(p)}
		art, err := readImport(p)
		if err != nil {
			res.Error = err.Error()
			out = append(out, res)
			continue
		}
		res.Title = art.Title
		got, err := cl.CreateArticle(ctx, &frontlinev1.CreateArticleRequest{Title: art.Title, Body: art.Body, Status: frontlinev1.ArticleStatus_ARTICLE_STATUS_DRAFT})
		if err != nil {
			res.Error = k.app.fail(op, err).Message
			out = append(out, res)
			continue
		}
		last = got.GetArticle()
		res.OK, res.ArticleID = true, last.GetId()
		out = append(out, res)
	}
	if last != nil {
		k.settle(ctx, l, hasRevision(last.GetId(), last.GetRevision()))
	}
	return out, nil
}

// readImport reads and converts one file.
func readImport(path string) (importedArticle, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".md", ".markdown", ".txt", ".html", ".htm":
	default:
		return importedArticle{}, fmt.Errorf("only .md, .txt and .html files can be imported")
	}
	f, err := os.Open(path)
	if err != nil {
		return importedArticle{}, fmt.Errorf("cannot read the file")
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxImportBytes+1))
	if err != nil {
		return importedArticle{}, fmt.Errorf("cannot read the file")
	}
	if len(b) > maxImportBytes {
		return importedArticle{}, fmt.Errorf("the file is larger than %d KB", maxImportBytes/1000)
	}
	if !utf8.Valid(b) {
		return importedArticle{}, fmt.Errorf("the file is not UTF-8 text")
	}
	name := titleFromFileName(path)
	var art importedArticle
	if ext == ".html" || ext == ".htm" {
		art = convertHTML(b, name)
	} else {
		art = convertMarkdown(string(b), name)
	}
	if strings.TrimSpace(art.Body) == "" {
		return importedArticle{}, fmt.Errorf("the file has no text")
	}
	if r := []rune(art.Title); len(r) > 200 {
		art.Title = strings.TrimSpace(string(r[:200]))
	}
	return art, nil
}

// titleFromFileName turns "returns-and_refunds.md" into "Returns and refunds".
func titleFromFileName(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	base = strings.Join(strings.Fields(strings.NewReplacer("_", " ", "-", " ").Replace(base)), " ")
	if base == "" {
		return "Imported article"
	}
	r := []rune(base)
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

var atxHeading = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$`)

// convertMarkdown takes the first heading (if it is the first text in the
// file) as the title and drops it from the body; else the file name.
func convertMarkdown(src, fileTitle string) importedArticle {
	src = strings.ReplaceAll(strings.TrimPrefix(src, "\ufeff"), "\r\n", "\n")
	lines := strings.Split(src, "\n")
	for i, ln := range lines {
		if strings.TrimSpace(ln) == "" {
			continue
		}
		if m := atxHeading.FindStringSubmatch(ln); m != nil {
			rest := strings.TrimSpace(strings.Join(lines[i+1:], "\n"))
			return importedArticle{Title: strings.TrimSpace(m[2]), Body: rest}
		}
		break
	}
	return importedArticle{Title: fileTitle, Body: strings.TrimSpace(src)}
}

// convertHTML turns an HTML page into Markdown-ish text: headings, lists,
// paragraphs, emphasis, code and links survive; scripts, styles and every
// other tag's markup are dropped. The title is the first h1 (else <title>,
// else the first heading, else the file name).
func convertHTML(src []byte, fileTitle string) importedArticle {
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil { // html.Parse is lenient; this is an I/O failure only
		return importedArticle{Title: fileTitle}
	}
	c := &htmlConv{}
	c.walk(doc)
	body := tidyBlankLines(c.b.String())
	title := cmpOr(c.h1, cmpOr(c.title, cmpOr(c.heading, fileTitle)))
	// The title heading is not repeated as the body's first line.
	if first, rest, _ := strings.Cut(body, "\n"); strings.TrimLeft(first, "# ") == title && strings.HasPrefix(first, "#") {
		body = strings.TrimSpace(rest)
	}
	return importedArticle{Title: title, Body: body}
}

type htmlConv struct {
	b                  strings.Builder
	title, h1, heading string
	list               []atom.Atom // open ul/ol
	index              []int       // item numbers of open ol
}

func (c *htmlConv) block() {
	s := c.b.String()
	if s != "" && !strings.HasSuffix(s, "\n\n") {
		if strings.HasSuffix(s, "\n") {
			c.b.WriteString("\n")
		} else {
			c.b.WriteString("\n\n")
		}
	}
}

func (c *htmlConv) newline() {
	if s := c.b.String(); s != "" && !strings.HasSuffix(s, "\n") {
		c.b.WriteString("\n")
	}
}

// text of a node, whitespace collapsed.
func nodeText(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
			sb.WriteString(" ")
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(sb.String()), " ")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func (c *htmlConv) children(n *html.Node) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.walk(ch)
	}
}

func (c *htmlConv) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		t := strings.Join(strings.Fields(n.Data), " ")
		if t == "" {
			if strings.TrimSpace(n.Data) == "" && n.Data != "" && !strings.HasSuffix(c.b.String(), " ") && !strings.HasSuffix(c.b.String(), "\n") && c.b.Len() > 0 {
				c.b.WriteString(" ")
			}
			return
		}
		if n.Data[0] == ' ' || n.Data[0] == '\n' || n.Data[0] == '\t' {
			if s := c.b.String(); s != "" && !strings.HasSuffix(s, " ") && !strings.HasSuffix(s, "\n") {
				c.b.WriteString(" ")
			}
		}
		c.b.WriteString(t)
		if last := n.Data[len(n.Data)-1]; last == ' ' || last == '\n' || last == '\t' {
			c.b.WriteString(" ")
		}
		return
	case html.ElementNode:
	default:
		c.children(n)
		return
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Object, atom.Svg, atom.Head:
		if n.DataAtom == atom.Head {
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				if ch.DataAtom == atom.Title && c.title == "" {
					c.title = nodeText(ch)
				}
			}
		}
		return
	case atom.Title:
		if c.title == "" {
			c.title = nodeText(n)
		}
		return
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		level := int(n.Data[1] - '0')
		t := nodeText(n)
		if t == "" {
			return
		}
		if n.DataAtom == atom.H1 && c.h1 == "" {
			c.h1 = t
		}
		if c.heading == "" {
			c.heading = t
		}
		c.block()
		c.b.WriteString(strings.Repeat("#", level) + " " + t)
		c.block()
		return
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer, atom.Table, atom.Blockquote:
		c.block()
		c.children(n)
		c.block()
		return
	case atom.Br:
		c.newline()
		return
	case atom.Tr:
		c.newline()
		c.children(n)
		c.newline()
		return
	case atom.Td, atom.Th:
		c.children(n)
		c.b.WriteString(" ")
		return
	case atom.Ul, atom.Ol:
		c.block()
		c.list = append(c.list, n.DataAtom)
		c.index = append(c.index, 0)
		c.children(n)
		c.list, c.index = c.list[:len(c.list)-1], c.index[:len(c.index)-1]
		c.block()
		return
	case atom.Li:
		c.newline()
		depth := len(c.list)
		marker := "- "
		if depth > 0 && c.list[depth-1] == atom.Ol {
			c.index[depth-1]++
			marker = fmt.Sprintf("%d. ", c.index[depth-1])
		}
		c.b.WriteString(strings.Repeat("  ", max(depth-1, 0)) + marker)
		c.children(n)
		c.newline()
		return
	case atom.Pre:
		c.block()
		c.b.WriteString("```\n")
		c.b.WriteString(strings.Trim(nodeTextRaw(n), "\n"))
		c.b.WriteString("\n```")
		c.block()
		return
	case atom.Code:
		if t := nodeText(n); t != "" {
			c.b.WriteString("`" + t + "`")
		}
		return
	case atom.Strong, atom.B:
		if t := nodeText(n); t != "" {
			c.b.WriteString("**" + t + "**")
		}
		return
	case atom.Em, atom.I:
		if t := nodeText(n); t != "" {
			c.b.WriteString("_" + t + "_")
		}
		return
	case atom.A:
		t, href := nodeText(n), strings.TrimSpace(attr(n, "href"))
		if t == "" {
			return
		}
		if l := strings.ToLower(href); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "mailto:") {
			c.b.WriteString("[" + t + "](" + href + ")")
		} else {
			c.b.WriteString(t)
		}
		return
	case atom.Img:
		if alt := strings.TrimSpace(attr(n, "alt")); alt != "" {
			c.b.WriteString(alt)
		}
		return
	}
	c.children(n)
}

// nodeTextRaw is a node's text with whitespace kept (for <pre>).
func nodeTextRaw(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return sb.String()
}

// tidyBlankLines trims trailing spaces and keeps at most one blank line.
func tidyBlankLines(s string) string {
	var out []string
	blank := false
	for _, ln := range strings.Split(s, "\n") {
		ln = strings.TrimRight(ln, " \t")
		if strings.TrimSpace(ln) == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, ln)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
