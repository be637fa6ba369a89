package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestConvertMarkdown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, file string
		want            importedArticle
	}{
		{"first_heading", "\ufeff\n# Returns policy #\r\n\r\nYou have **30 days**.\r\n", "x", importedArticle{"Returns policy", "You have **30 days**."}},
		{"no_heading", "Pump to 60 psi.\n\n## Tools\nA pump.", "Tyre pressure", importedArticle{"Tyre pressure", "Pump to 60 psi.\n\n## Tools\nA pump."}},
		{"heading_not_first", "Intro line\n# Later", "Intro", importedArticle{"Intro", "Intro line\n# Later"}},
		{"hashtag_is_not_heading", "#nospace\ntext", "Tags", importedArticle{"Tags", "#nospace\ntext"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, convertMarkdown(tt.src, tt.file)); diff != "" {
				t.Errorf("convertMarkdown (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConvertHTML(t *testing.T) {
	t.Parallel()
	src := `<!doctype html><html><head><title>Page title</title><style>body{color:red}</style>
<script>alert("x")</script></head><body>
<h1>Brake <em>care</em></h1>
<p>Check pads <strong>monthly</strong>, see <a href="https://example.test/pads">the guide</a> or <a href="javascript:alert(1)">this</a>.</p>
<script>document.write("<p>injected</p>")</script>
<ul><li>Clean rotors</li><li>Replace at 1.5&nbsp;mm <code>pad</code></li></ul>
<ol><li>One</li><li>Two</li></ol>
<pre>line 1
  line 2</pre>
<h2>Table</h2><table><tr><th>Part</th><th>Price</th></tr><tr><td>Pads</td><td>20</td></tr></table>
<img src="x.png" alt="Diagram"><noscript>enable js</noscript>
</body></html>`
	got := convertHTML([]byte(src), "file")
	want := importedArticle{
		Title: "Brake care",
		Body: strings.Join([]string{
			"Check pads **monthly**, see [the guide](https://example.test/pads) or this.",
			"",
			"- Clean rotors",
			"- Replace at 1.5 mm `pad`",
			"",
			"1. One",
			"2. Two",
			"",
			"```",
			"line 1",
			"  line 2",
			"```",
			"",
			"## Table",
			"",
			"Part Price",
			"Pads 20",
			"",
			"Diagram",
		}, "\n"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("convertHTML (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"alert", "injected", "color:red", "javascript", "enable js"} {
		if strings.Contains(got.Body, bad) {
			t.Errorf("body keeps %q", bad)
		}
	}
	if got := convertHTML([]byte("<html><head><title>Only title</title></head><body><p>Hi</p></body></html>"), "f"); got.Title != "Only title" || got.Body != "Hi" {
		t.Errorf("title fallback = %+v", got)
	}
}

func TestReadImport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path, wantTitle, wantErr string
	}{
		{"text_uses_file_name", write("chain_wear-guide.txt", "Measure with a gauge."), "Chain wear guide", ""},
		{"wrong_kind", write("manual.pdf", "%PDF"), "", "only .md, .txt and .html"},
		{"empty", write("empty.md", "# Only a title\n"), "", "no text"},
		{"binary", write("bin.txt", "\xff\xfe\x00"), "", "not UTF-8"},
		{"too_big", write("big.md", strings.Repeat("a", maxImportBytes+1)), "", "larger than"},
		{"missing", filepath.Join(dir, "gone.md"), "", "cannot read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := readImport(tt.path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("readImport err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got.Title != tt.wantTitle {
				t.Fatalf("readImport = %+v, %v; want title %q", got, err, tt.wantTitle)
			}
		})
	}
}
