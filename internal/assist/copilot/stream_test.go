package copilot

import (
	"strings"
	"testing"
)

func TestAnswerStream_EverySplit(t *testing.T) {
	tests := []struct {
		name, reply, want string
	}{
		{"plain", `{"answer": "Pump to 4 bar.", "citations": ["kb:a1#0"], "handover": false}`, "Pump to 4 bar."},
		{"escapes", `{"answer":"Line one\nsaid \"hi\" \\ back\/slash \u00e9 \ud83d\udeb2","citations":[]}`, "Line one\nsaid \"hi\" \\ back/slash é 🚲"},
		{"citation marks", `{"answer": "Charge it fully [kb:0a1b#2] first.", "citations": ["kb:0a1b#2"]}`, "Charge it fully first."},
		{"answer after other key", `{"handover": false, "answer" : "Yes.", "citations": ["kb:x#0"]}`, "Yes."},
		{"multibyte", `{"answer": "Größe – 52 cm"}`, "Größe – 52 cm"},
		{"no answer", `{"summary": "x"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for cut := 0; cut <= len(tt.reply); cut++ {
				var a AnswerStream
				a.Write(tt.reply[:cut])
				mid := a.Text()
				a.Write(tt.reply[cut:])
				if got := a.Text(); got != tt.want {
					t.Fatalf("split at %d: Text() = %q; want %q", cut, got, tt.want)
				}
				// What was shown mid-stream is a prefix of the final text,
				// up to a space trimmed before a citation being written.
				if !strings.HasPrefix(tt.want, strings.TrimRight(mid, " ")) {
					t.Fatalf("split at %d: partial %q is not a prefix of %q", cut, mid, tt.want)
				}
			}
		})
	}
}

func TestAnswerStream_ByteByByte(t *testing.T) {
	reply := `{"answer": "Hold the button [kb:9f#1] for 5 s.", "citations": ["kb:9f#1"]}`
	var a AnswerStream
	var seen []string
	for i := range len(reply) {
		a.Write(reply[i : i+1])
		if txt := a.Text(); len(seen) == 0 || seen[len(seen)-1] != txt {
			seen = append(seen, txt)
		}
		for _, s := range seen {
			if strings.Contains(s, "[") || strings.Contains(s, "kb:") {
				t.Fatalf("partial %q shows a citation id", s)
			}
		}
	}
	if !a.Done() {
		t.Error("Done() = false after the closing quote")
	}
	if got, want := a.Text(), "Hold the button for 5 s."; got != want {
		t.Errorf("Text() = %q; want %q", got, want)
	}
}
