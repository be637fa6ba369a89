package language

import (
	"testing"
)

func newDetector(t *testing.T) *Detector {
	t.Helper()
	d, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return d
}

func TestDetector_HeldOut(t *testing.T) {
	d := newDetector(t)
	samples, err := HeldOut()
	if err != nil {
		t.Fatal(err)
	}
	perLang := make(map[string]bool)
	for _, s := range samples {
		perLang[s.Code] = true
		got := d.Detect(s.Text)
		if got.Code != s.Code {
			t.Errorf("Detect(%q) = %s (%.2f); want %s", s.Text, got.Code, got.Confidence, s.Code)
		}
	}
	if len(perLang) < 22 {
		t.Errorf("held-out set covers %d languages; want at least 22", len(perLang))
	}
	if acc := d.Accuracy(samples); acc < 0.95 {
		t.Errorf("held-out accuracy = %.3f; want >= 0.95", acc)
	}
}

func TestDetector_Confidence(t *testing.T) {
	d := newDetector(t)
	tests := []struct {
		name    string
		text    string
		code    string
		maxConf float64 // confidence must be at most this
		minConf float64 // and at least this
	}{
		{name: "one_short_word", text: "ok", maxConf: 0.3},
		{name: "two_words", text: "hi there", maxConf: 0.5},
		{name: "long_english", text: "My order arrived yesterday but the box was damaged and the front wheel is bent.", code: "en", minConf: 0.6, maxConf: 1},
		{name: "long_german", text: "Meine Bestellung ist gestern angekommen, aber der Karton war beschädigt.", code: "de", minConf: 0.6, maxConf: 1},
		{name: "korean", text: "배송이 아직 안 왔어요", code: "ko", minConf: 0.9, maxConf: 1},
		{name: "digits_only", text: "12345 !!!", code: Undetermined, maxConf: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := d.Detect(tt.text)
			if tt.code != "" && got.Code != tt.code {
				t.Errorf("Detect(%q).Code = %s; want %s", tt.text, got.Code, tt.code)
			}
			if got.Confidence > tt.maxConf || got.Confidence < tt.minConf {
				t.Errorf("Detect(%q).Confidence = %.2f; want in [%.2f, %.2f]", tt.text, got.Confidence, tt.minConf, tt.maxConf)
			}
		})
	}
}

func TestDetector_Languages(t *testing.T) {
	d := newDetector(t)
	if n := len(d.Languages()); n < 20 {
		t.Errorf("Languages() has %d entries; want at least 20", n)
	}
}
