package copilot

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// AnswerStream follows a bot reply as the model streams it (the raw JSON
// chunks BotInput.OnChunk receives) and yields the customer-facing answer
// written so far: the value of the reply object's "answer" string, decoded,
// with inline citation ids removed. It is for showing the answer while it
// is written; the finished answer still comes from Answer, which may differ
// (a hand-over, or an answer refused for lack of grounding).
//
// The zero value is ready to use. It is not safe for concurrent use.
type AnswerStream struct {
	raw   strings.Builder
	start int // index in raw of the answer's first character; -1: not found yet
	text  strings.Builder
	pos   int  // next index in raw to decode
	done  bool // the closing quote was seen
	init  bool
}

// Write adds a chunk of the model's reply.
func (a *AnswerStream) Write(chunk string) {
	if !a.init {
		a.start, a.init = -1, true
	}
	a.raw.WriteString(chunk)
	if a.done {
		return
	}
	s := a.raw.String()
	if a.start < 0 {
		a.start = answerValueStart(s)
		if a.start < 0 {
			return
		}
		a.pos = a.start
	}
	a.decode(s)
}

// Text returns the answer so far, without inline citation ids and without a
// citation id still being written at its end.
func (a *AnswerStream) Text() string {
	t := stripCitationMarks(a.text.String())
	if i := strings.LastIndex(t, "["); i >= 0 && !strings.Contains(t[i:], "]") && strings.HasPrefix("[kb:", t[i:min(len(t), i+4)]) {
		t = strings.TrimRight(t[:i], " ")
	}
	return t
}

// Done reports whether the whole answer string has arrived.
func (a *AnswerStream) Done() bool { return a.done }

// answerValueStart finds `"answer"` followed by a colon and an opening
// quote, and returns the index just after that quote, or -1.
func answerValueStart(s string) int {
	from := 0
	for {
		i := strings.Index(s[from:], `"answer"`)
		if i < 0 {
			return -1
		}
		j := from + i + len(`"answer"`)
		j = skipSpace(s, j)
		if j < len(s) && s[j] == ':' {
			j = skipSpace(s, j+1)
			if j < len(s) && s[j] == '"' {
				return j + 1
			}
			if j >= len(s) {
				return -1 // wait for more
			}
		} else if j >= len(s) {
			return -1
		}
		from += i + 1
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// decode appends the complete characters of the JSON string from a.pos; an
// escape or UTF-8 sequence cut by the chunk boundary waits for the next.
func (a *AnswerStream) decode(s string) {
	for a.pos < len(s) {
		c := s[a.pos]
		switch {
		case c == '"':
			a.done = true
			return
		case c == '\\':
			if a.pos+1 >= len(s) {
				return
			}
			e := s[a.pos+1]
			n := 2
			switch e {
			case 'n':
				a.text.WriteByte('\n')
			case 't':
				a.text.WriteByte('\t')
			case 'r':
				a.text.WriteByte('\r')
			case 'b', 'f':
			case 'u':
				r, used, ok := unicodeEscape(s[a.pos:])
				if !ok {
					return
				}
				a.text.WriteRune(r)
				n = used
			default: // \" \\ \/ and anything else literally
				a.text.WriteByte(e)
			}
			a.pos += n
		default:
			r, size := utf8.DecodeRuneInString(s[a.pos:])
			if r == utf8.RuneError && size <= 1 && !utf8.FullRuneInString(s[a.pos:]) {
				return
			}
			a.text.WriteString(s[a.pos : a.pos+size])
			a.pos += size
		}
	}
}

// unicodeEscape decodes \uXXXX (and a following low surrogate) at the start
// of s; ok is false when s ends before the escape does.
func unicodeEscape(s string) (r rune, used int, ok bool) {
	hex := func(t string) (rune, bool) {
		var v rune
		for _, c := range []byte(t) {
			switch {
			case c >= '0' && c <= '9':
				v = v<<4 | rune(c-'0')
			case c >= 'a' && c <= 'f':
				v = v<<4 | rune(c-'a'+10)
			case c >= 'A' && c <= 'F':
				v = v<<4 | rune(c-'A'+10)
			default:
				return utf8.RuneError, true
			}
		}
		return v, true
	}
	if len(s) < 6 {
		return 0, 0, false
	}
	r, _ = hex(s[2:6])
	if !utf16.IsSurrogate(r) {
		return r, 6, true
	}
	if len(s) < 12 {
		if len(s) >= 7 && s[6] != '\\' || len(s) >= 8 && s[7] != 'u' {
			return utf8.RuneError, 6, true
		}
		return 0, 0, false
	}
	if s[6] != '\\' || s[7] != 'u' {
		return utf8.RuneError, 6, true
	}
	lo, _ := hex(s[8:12])
	if d := utf16.DecodeRune(r, lo); d != utf8.RuneError {
		return d, 12, true
	}
	return utf8.RuneError, 6, true
}
