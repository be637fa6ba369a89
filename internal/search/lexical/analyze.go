package lexical

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text.
type Token struct {
	Term       string // normalised: lower-cased, stemmed when the analyzer stems
	Pos        int    // word position in the text, from 0
	Start, End int    // byte offsets of the word in the text
}

// Analyzer turns text into terms. Words are runs of letters, digits and
// combining marks; an apostrophe inside a word is dropped ("don't" is "dont");
// Han, Hiragana and Katakana characters are one word each, since those
// scripts do not separate words with spaces. Everything else separates words,
// so "ada@northwind.test" is the three words ada, northwind, test.
type Analyzer struct {
	// Stem applies a light English stemmer (plurals, -ing, -ed, final -e).
	Stem bool
}

// maxTermBytes bounds a term; longer words (hashes, base64) are cut.
const maxTermBytes = 64

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isIdeograph(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

// Tokens splits text into tokens.
func (a Analyzer) Tokens(text string) []Token {
	var out []Token
	a.each(text, func(t Token) { out = append(out, t) })
	return out
}

// Terms returns the terms of text in order.
func (a Analyzer) Terms(text string) []string {
	var out []string
	a.each(text, func(t Token) { out = append(out, t.Term) })
	return out
}

func (a Analyzer) each(text string, emit func(Token)) {
	pos := 0
	var buf []byte
	i := 0
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf && !asciiWord[c] {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		if isIdeograph(r) {
			emit(Token{Term: string(unicode.ToLower(r)), Pos: pos, Start: i, End: i + n})
			pos++
			i += n
			continue
		}
		start := i
		buf = buf[:0]
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf && asciiWord[c] {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) && !isIdeograph(r) {
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
				i += n
				continue
			}
			if isApostrophe(r) && i+n < len(text) {
				if next, _ := utf8.DecodeRuneInString(text[i+n:]); unicode.IsLetter(next) && !isIdeograph(next) {
					i += n
					continue
				}
			}
			break
		}
		emit(Token{Term: a.normalize(buf), Pos: pos, Start: start, End: i})
		pos++
	}
}

func (a Analyzer) normalize(word []byte) string {
	if len(word) > maxTermBytes {
		cut := maxTermBytes
		for cut > 0 && !utf8.RuneStart(word[cut]) {
			cut--
		}
		word = word[:cut]
	}
	w := string(word)
	if a.Stem {
		w = stem(w)
	}
	return w
}

// Term normalises one query word the way indexed words are.
func (a Analyzer) Term(word string) string {
	return a.normalize([]byte(strings.ToLower(word)))
}

// stem is a light English stemmer: it removes plural -s/-es/-ies, -ing and
// -ed (undoubling a final consonant) and a final -e, on ASCII words of more
// than three letters. It conflates "refunds", "refunded" and "refunding",
// and "delete", "deleted", "deleting", without Porter's aggressive rules.
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "s"):
		w = w[:len(w)-1]
	}
	switch {
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "eed"):
	case strings.HasSuffix(w, "ing") && len(w) >= 6 && hasVowel(w[:len(w)-3]):
		w = undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ed") && len(w) >= 5 && hasVowel(w[:len(w)-2]):
		w = undouble(w[:len(w)-2])
	}
	if strings.HasSuffix(w, "e") && len(w) > 3 && !strings.HasSuffix(w, "ee") {
		w = w[:len(w)-1]
	}
	return w
}

func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

func undouble(s string) string {
	n := len(s)
	if n >= 2 && s[n-1] == s[n-2] && !strings.ContainsRune("aeioulsz", rune(s[n-1])) {
		return s[:n-1]
	}
	return s
}
