package lexical

import (
	"strings"
)

// Span is a byte range of a text.
type Span struct{ Start, End int }

// Highlight returns the spans of text that the query's words, phrases and
// prefix match, in order. The caller keeps the text; the index does not.
func (ix *Index) Highlight(text string, q Query) []Span {
	clauses := ix.parse(q)
	if len(clauses) == 0 {
		return nil
	}
	toks := ix.an.Tokens(text)
	mark := make([]bool, len(toks))
	for _, c := range clauses {
		switch c.kind {
		case termClause:
			for i, t := range toks {
				if t.Term == c.terms[0] {
					mark[i] = true
				}
			}
		case prefixClause:
			for i, t := range toks {
				raw := strings.ToLower(text[t.Start:t.End])
				if t.Term == c.terms[0] || strings.HasPrefix(t.Term, c.prefix) || strings.HasPrefix(raw, c.prefix) {
					mark[i] = true
				}
			}
		case phraseClause:
		tokens:
			for i := 0; i+len(c.terms) <= len(toks); i++ {
				for j, term := range c.terms {
					if toks[i+j].Term != term {
						continue tokens
					}
				}
				for j := range c.terms {
					mark[i+j] = true
				}
			}
		}
	}
	var out []Span
	for i, t := range toks {
		if !mark[i] {
			continue
		}
		// Join adjacent marked words separated only by blanks (a phrase).
		if n := len(out); n > 0 && i > 0 && mark[i-1] && strings.TrimSpace(text[out[n-1].End:t.Start]) == "" {
			out[n-1].End = t.End
			continue
		}
		out = append(out, Span{t.Start, t.End})
	}
	return out
}

// Snippet picks the window of at most width bytes of text holding the most
// highlighted spans, cut at word boundaries. It returns the window's text and
// the spans within it, with offsets relative to the snippet.
func Snippet(text string, spans []Span, width int) (string, []Span) {
	if len(text) <= width {
		return text, spans
	}
	if len(spans) == 0 {
		end := cutBack(text, width)
		return text[:end], nil
	}
	best, bestN := 0, 0
	for i := range spans {
		n := 0
		for j := i; j < len(spans) && spans[j].End-spans[i].Start <= width; j++ {
			n++
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	// Centre the chosen spans in the window.
	first, last := spans[best], spans[best+bestN-1]
	start := first.Start - (width-(last.End-first.Start))/2
	start = max(0, min(start, len(text)-width))
	start = cutForward(text, start)
	end := start + cutBack(text[start:], width)
	var out []Span
	for _, sp := range spans {
		if sp.Start >= start && sp.End <= end {
			out = append(out, Span{sp.Start - start, sp.End - start})
		}
	}
	return text[start:end], out
}

// cutBack returns the length of the longest prefix of s of at most width
// bytes that ends at a word boundary (or a rune boundary, if no word does).
func cutBack(s string, width int) int {
	if len(s) <= width {
		return len(s)
	}
	if i := strings.LastIndexAny(s[:width+1], " \n\t"); i > 0 {
		return i
	}
	for width > 0 && s[width]&0xC0 == 0x80 {
		width--
	}
	return width
}

// cutForward moves start to the beginning of the word it is inside.
func cutForward(s string, start int) int {
	if start == 0 {
		return 0
	}
	for i := start; i < len(s) && i < start+32; i++ {
		if s[i-1] == ' ' || s[i-1] == '\n' || s[i-1] == '\t' {
			return i
		}
	}
	for start < len(s) && s[start]&0xC0 == 0x80 {
		start++
	}
	return start
}
