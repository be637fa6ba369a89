package chunk

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type view struct {
	Path string
	Text string
}

func views(cs []Chunk) []view {
	var out []view
	for _, c := range cs {
		out = append(out, view{c.Path(), c.Text})
	}
	return out
}

func TestSplitHeadings(t *testing.T) {
	tests := []struct {
		name string
		md   string
		want []view
	}{
		{
			name: "nested atx headings keep their path",
			md:   "Intro line.\n\n# Returns\nHow returns work.\n\n## Refund timing\nRefunds take 14 days.\n\n## Damaged items\nSend a photo.\n\n# Shipping\nWe ship daily.\n",
			want: []view{
				{"", "Intro line."},
				{"Returns", "How returns work."},
				{"Returns > Refund timing", "Refunds take 14 days."},
				{"Returns > Damaged items", "Send a photo."},
				{"Shipping", "We ship daily."},
			},
		},
		{
			name: "setext headings and closing hashes",
			md:   "Returns\n=======\nBody one.\n\nRefund timing ##\n-------------\nBody two.\n\n### Deep ###\nBody three.",
			want: []view{
				{"Returns", "Body one."},
				{"Returns > Refund timing ##", "Body two."},
				{"Returns > Refund timing ## > Deep", "Body three."},
			},
		},
		{
			name: "headings in code fences are text",
			md:   "# Setup\n```sh\n# not a heading\nmake\n```\nDone.",
			want: []view{{"Setup", "```sh\n# not a heading\nmake\n```\nDone."}},
		},
		{
			name: "empty sections and hash words are skipped",
			md:   "# A\n## B\nText under B.\n#hashtag is text",
			want: []view{{"A > B", "Text under B.\n#hashtag is text"}},
		},
		{
			name: "a shallower heading pops the stack",
			md:   "## Deep first\nx\n# Top\ny\n### Three\nz",
			want: []view{{"Deep first", "x"}, {"Top", "y"}, {"Top > Three", "z"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Split(Article{ID: "a1", Body: tt.md}, DefaultOptions)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, views(got)); diff != "" {
				t.Errorf("Split mismatch (-want +got):\n%s", diff)
			}
			for i, c := range got {
				if c.Ordinal != i || c.ArticleID != "a1" {
					t.Errorf("chunk %d: ordinal %d article %q", i, c.Ordinal, c.ArticleID)
				}
			}
		})
	}
}

func TestSplitSizeBoundAndOverlap(t *testing.T) {
	var words []string
	for i := 0; i < 400; i++ {
		words = append(words, fmt.Sprintf("w%d%s", i, strings.Repeat("x", i%7)))
		if i%13 == 12 {
			words[len(words)-1] += "."
		}
	}
	body := strings.Join(words, " ")
	tests := []struct {
		name string
		opts Options
	}{
		{"no overlap", Options{MaxChars: 200}},
		{"overlap", Options{MaxChars: 200, Overlap: 60}},
		{"small", Options{MaxChars: 40, Overlap: 10}},
		{"default", DefaultOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Split(Article{ID: "a", Body: "# H\n" + body}, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			max := tt.opts.MaxChars
			if len(got) < len(body)/max {
				t.Fatalf("%d chunks for %d bytes at %d", len(got), len(body), max)
			}
			covered, prevStart := 0, 0
			for i, c := range got {
				if len(c.Text) > max {
					t.Errorf("chunk %d is %d bytes, over %d", i, len(c.Text), max)
				}
				if strings.HasPrefix(c.Text, " ") || strings.HasSuffix(c.Text, " ") {
					t.Errorf("chunk %d is not trimmed: %q", i, c.Text)
				}
				// Every chunk is a piece of the body that starts on a word.
				at := strings.Index(body, c.Text)
				if at >= 0 && i > 0 && at < prevStart {
					t.Fatalf("chunk %d starts before chunk %d", i, i-1)
				}
				prevStart = at
				if at < 0 || (at > 0 && body[at-1] != ' ') {
					t.Fatalf("chunk %d %q is not a word-aligned piece of the body", i, c.Text)
				}
				if i > 0 {
					if tt.opts.Overlap >= 20 && at >= covered { // smaller overlaps may not hold a whole word
						t.Errorf("chunk %d starts at %d, after the previous end %d: no overlap", i, at, covered)
					}
					if tt.opts.Overlap == 0 && at < covered {
						t.Errorf("chunk %d starts at %d, before the previous end %d", i, at, covered)
					}
					if covered-at > tt.opts.Overlap {
						t.Errorf("chunk %d overlaps %d bytes, over %d", i, covered-at, tt.opts.Overlap)
					}
				}
				covered = at + len(c.Text)
			}
			if covered != len(body) {
				t.Errorf("chunks end at %d of %d", covered, len(body))
			}
		})
	}
}

func TestSplitPrefersSentenceBreaks(t *testing.T) {
	body := "First sentence is here. Second sentence follows it. Third one is longer than the rest of them."
	got, err := Split(Article{ID: "a", Body: body, Format: Plain}, Options{MaxChars: 60})
	if err != nil {
		t.Fatal(err)
	}
	want := []view{{"", "First sentence is here. Second sentence follows it."}, {"", "Third one is longer than the rest of them."}}
	if diff := cmp.Diff(want, views(got)); diff != "" {
		t.Errorf("Split mismatch (-want +got):\n%s", diff)
	}
}

func TestSplitUnicodeWithoutSpaces(t *testing.T) {
	body := strings.Repeat("返品と返金について", 30)
	got, err := Split(Article{ID: "a", Body: body, Format: Plain}, Options{MaxChars: 50, Overlap: 10})
	if err != nil {
		t.Fatal(err)
	}
	var joined strings.Builder
	for _, c := range got {
		if len(c.Text) > 50 || !strings.Contains(body, c.Text) {
			t.Fatalf("bad chunk %q", c.Text)
		}
		joined.WriteString(c.Text)
	}
	if joined.Len() < len(body) {
		t.Errorf("chunks cover %d of %d bytes", joined.Len(), len(body))
	}
}

func TestSplitOptionsChecked(t *testing.T) {
	for _, o := range []Options{{MaxChars: 8}, {MaxChars: 100, Overlap: 50}, {MaxChars: 100, Overlap: -1}} {
		if _, err := Split(Article{Body: "x"}, o); err == nil {
			t.Errorf("Split with %+v: want an error", o)
		}
	}
}

func TestHashesAndDiff(t *testing.T) {
	v1 := "# Returns\nReturn within 30 days.\n\n## Refund timing\nRefunds take 14 days.\n\n# Shipping\nWe ship daily."
	v2 := "# Returns\nReturn within 30 days.\n\n## Exchanges\nSwap sizes for free.\n\n## Refund timing\nRefunds take 10 days.\n\n# Shipping\nWe ship daily."
	c1, _ := Split(Article{ID: "kb1", Body: v1}, DefaultOptions)
	c1again, _ := Split(Article{ID: "kb1", Body: v1}, DefaultOptions)
	c2, _ := Split(Article{ID: "kb1", Body: v2}, DefaultOptions)
	if diff := cmp.Diff(c1, c1again); diff != "" {
		t.Fatalf("splitting is not deterministic:\n%s", diff)
	}
	seen := map[string]bool{}
	for _, c := range c1 {
		if len(c.Hash) != 24 || seen[c.Hash] {
			t.Errorf("hash %q is malformed or repeated", c.Hash)
		}
		seen[c.Hash] = true
	}
	// Same text under another heading is other content.
	a, _ := Split(Article{ID: "x", Body: "# A\nsame"}, DefaultOptions)
	b, _ := Split(Article{ID: "x", Body: "# B\nsame"}, DefaultOptions)
	if a[0].Hash == b[0].Hash {
		t.Error("heading path is not part of the hash")
	}

	if ch := Diff(c1, c1again); len(ch.Add)+len(ch.Remove)+len(ch.Moved) != 0 {
		t.Errorf("Diff of identical chunks = %+v, want nothing", ch)
	}
	ch := Diff(c1, c2)
	texts := func(cs []Chunk) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Text)
		}
		return out
	}
	if diff := cmp.Diff([]string{"Swap sizes for free.", "Refunds take 10 days."}, texts(ch.Add)); diff != "" {
		t.Errorf("Add (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Refunds take 14 days."}, texts(ch.Remove)); diff != "" {
		t.Errorf("Remove (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"We ship daily."}, texts(ch.Moved)); diff != "" {
		t.Errorf("Moved (-want +got):\n%s", diff)
	}
}

func TestDiffRepeatedChunks(t *testing.T) {
	old, _ := Split(Article{ID: "a", Body: "same\n\n# H\nx", Format: Markdown}, DefaultOptions)
	cur, _ := Split(Article{ID: "a", Body: "same\n\n# H\nx\n\n# H\nx"}, DefaultOptions)
	ch := Diff(old, cur)
	if len(ch.Add) != 1 || ch.Add[0].Ordinal != 2 || len(ch.Remove) != 0 || len(ch.Moved) != 0 {
		t.Errorf("Diff = %+v, want one added chunk at ordinal 2", ch)
	}
	back := Diff(cur, old)
	if len(back.Remove) != 1 || back.Remove[0].Ordinal != 2 || len(back.Add) != 0 {
		t.Errorf("reverse Diff = %+v, want one removed chunk at ordinal 2", back)
	}
}

func TestImportHTML(t *testing.T) {
	page := `<!doctype html><html><head><title>Returns | Northwind</title>
<style>h2 { color: red }</style><script>var h2 = "<h2>fake</h2>";</script></head>
<body><nav><a href="/">Home</a></nav>
<h1>Returns</h1><p>Bikes can be <b>returned</b> within 30&nbsp;days.</p>
<h2>Refund timing</h2><p>Refunds take<br>14 days.</p><ul><li>Card: 5 days</li><li>#Cash: same day</li></ul><p># kept as text</p>
<noscript>enable js</noscript><pre>  keep   spacing</pre>
<!-- secret comment --><button>Buy</button>
</body></html>`
	a, err := Import("kb7", "returns.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Returns | Northwind" {
		t.Errorf("title %q", a.Title)
	}
	for _, bad := range []string{"color", "fake", "var h2", "enable js", "secret", "Buy"} {
		if strings.Contains(a.Body, bad) {
			t.Errorf("body keeps %q:\n%s", bad, a.Body)
		}
	}
	got, err := Split(a, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	want := []view{
		{"", "Home"},
		{"Returns", "Bikes can be returned within 30 days."},
		{"Returns > Refund timing", "Refunds take\n14 days.\n\n- Card: 5 days\n- #Cash: same day\n\n\\# kept as text\n\n```\n  keep   spacing\n```"},
	}
	if diff := cmp.Diff(want, views(got)); diff != "" {
		t.Errorf("HTML chunks (-want +got):\n%s", diff)
	}
}

func TestImportMarkdownAndText(t *testing.T) {
	md, err := Import("m", "guide.MD", []byte("Preface\n\n# Fitting a saddle\nRaise it."))
	if err != nil {
		t.Fatal(err)
	}
	if md.Title != "Fitting a saddle" || md.Format != Markdown {
		t.Errorf("markdown article %+v", md)
	}
	txt, err := Import("t", "notes.txt", []byte("\n  Warranty terms\n# not a heading\nTwo years."))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := Split(txt, DefaultOptions)
	if txt.Title != "Warranty terms" || len(got) != 1 || got[0].Path() != "" || !strings.Contains(got[0].Text, "# not a heading") {
		t.Errorf("text article %+v chunks %+v", txt, got)
	}
	if _, err := Import("x", "sheet.xlsx", []byte("x")); err == nil {
		t.Error("Import of .xlsx: want ErrUnsupported")
	}
}

func TestImportPDF(t *testing.T) {
	data, err := os.ReadFile("testdata/refunds.pdf")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Import("pdf1", "refunds.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Refund policy" {
		t.Errorf("title %q", a.Title)
	}
	for _, want := range []string{"Refunds are paid within 14 days of the return.", "Contact support for damaged bikes."} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("body %q lacks %q", a.Body, want)
		}
	}
	if _, err := Import("bad", "broken.pdf", data[:len(data)/2]); err == nil {
		t.Error("truncated PDF: want an error")
	}
	if _, err := Import("bad", "junk.pdf", []byte("%PDF-1.4\nnot really")); err == nil {
		t.Error("junk PDF: want an error")
	}
}
