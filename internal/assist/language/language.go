// Package language detects the language of a customer message offline: the
// Unicode script of its letters settles languages with a script of their own
// (Chinese, Japanese, Korean, Thai, Hindi, Bengali, Greek, Hebrew), and a
// naive Bayes model over character 1-4-grams tells apart the languages that
// share a script (Latin, Cyrillic, Arabic). The n-gram profiles are learned
// at start-up from short texts written for this package (corpus/*.txt).
package language

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strings"
	"unicode"
)

// Result is a detected language.
type Result struct {
	Code       string  // ISO 639-1 code such as "en"; "und" when there are no letters
	Name       string  // English name
	Script     string  // dominant script of the letters
	Confidence float64 // in [0,1]; low for short or mixed texts
}

// Undetermined is the code returned for texts without letters.
const Undetermined = "und"

// names of the languages the detector knows.
var names = map[string]string{
	"ar": "Arabic", "bn": "Bengali", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
	"fa": "Persian", "fr": "French", "he": "Hebrew", "hi": "Hindi", "id": "Indonesian", "it": "Italian",
	"ja": "Japanese", "ko": "Korean", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ru": "Russian",
	"sv": "Swedish", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}

// scripts whose language needs the n-gram model.
var sharedScripts = map[string]bool{"Latin": true, "Cyrillic": true, "Arabic": true}

// scriptOnly maps scripts that identify one language.
var scriptOnly = map[string]string{
	"Hangul": "ko", "Kana": "ja", "Han": "zh", "Thai": "th", "Devanagari": "hi", "Bengali": "bn",
	"Greek": "el", "Hebrew": "he",
}

//go:embed corpus/*.txt
var corpus embed.FS

// profile is one language's n-gram counts.
type profile struct {
	code   string
	script string
	logp   map[string]float64
	unseen float64 // log-probability of an n-gram never seen in training
}

// Detector detects languages. It is immutable and safe for concurrent use.
type Detector struct {
	profiles []*profile
}

const (
	minN   = 1
	maxN   = 4
	smooth = 0.5
)

// New trains a detector on the package's corpus.
func New() (*Detector, error) {
	files, err := fs.Glob(corpus, "corpus/*.txt")
	if err != nil {
		return nil, fmt.Errorf("language: %w", err)
	}
	d := &Detector{}
	for _, f := range files {
		b, err := corpus.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("language: %w", err)
		}
		code := strings.TrimSuffix(path.Base(f), ".txt")
		if _, ok := names[code]; !ok {
			return nil, fmt.Errorf("language: corpus file %s names no known language", f)
		}
		text := string(b)
		script, _ := dominantScript(text)
		if !sharedScripts[script] {
			// Script alone settles these; their text only documents them.
			continue
		}
		d.profiles = append(d.profiles, train(code, script, text))
	}
	sort.Slice(d.profiles, func(a, b int) bool { return d.profiles[a].code < d.profiles[b].code })
	return d, nil
}

func train(code, script, text string) *profile {
	counts := make(map[string]float64)
	var total float64
	for _, g := range ngrams(text) {
		counts[g]++
		total++
	}
	// The vocabulary size is padded so unseen n-grams keep some mass.
	v := float64(len(counts)) * 2
	p := &profile{code: code, script: script, logp: make(map[string]float64, len(counts))}
	for g, c := range counts {
		p.logp[g] = math.Log((c + smooth) / (total + smooth*v))
	}
	p.unseen = math.Log(smooth / (total + smooth*v))
	return p
}

// Languages returns the codes the detector can return, sorted.
func (d *Detector) Languages() []string {
	out := make([]string, 0, len(names))
	for c := range names {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Size is the approximate memory held by the detector, in bytes.
func (d *Detector) Size() int {
	n := 0
	for _, p := range d.profiles {
		for g := range p.logp {
			n += len(g) + 8 + 16
		}
	}
	return n
}

// ngrams returns the character n-grams of the lower-cased words of text,
// each word padded with a space on both sides.
func ngrams(text string) []string {
	var out []string
	for _, w := range words(text) {
		r := []rune(" " + w + " ")
		for n := minN; n <= maxN; n++ {
			for i := 0; i+n <= len(r); i++ {
				g := string(r[i : i+n])
				if g == " " {
					continue
				}
				out = append(out, g)
			}
		}
	}
	return out
}

func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r) && r != '\u200c'
	})
}

// scriptOf names the script of a letter.
func scriptOf(r rune) string {
	switch {
	case unicode.Is(unicode.Latin, r):
		return "Latin"
	case unicode.Is(unicode.Cyrillic, r):
		return "Cyrillic"
	case unicode.Is(unicode.Arabic, r):
		return "Arabic"
	case unicode.Is(unicode.Hangul, r):
		return "Hangul"
	case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
		return "Kana"
	case unicode.Is(unicode.Han, r):
		return "Han"
	case unicode.Is(unicode.Thai, r):
		return "Thai"
	case unicode.Is(unicode.Devanagari, r):
		return "Devanagari"
	case unicode.Is(unicode.Bengali, r):
		return "Bengali"
	case unicode.Is(unicode.Greek, r):
		return "Greek"
	case unicode.Is(unicode.Hebrew, r):
		return "Hebrew"
	}
	return "Other"
}

// dominantScript returns the most common script among the letters of text
// and how many letters were counted. Japanese mixes kana with Han: any
// noticeable share of kana makes the text Japanese.
func dominantScript(text string) (string, int) {
	counts := make(map[string]int)
	letters := 0
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		counts[scriptOf(r)]++
	}
	if letters == 0 {
		return "", 0
	}
	if k := counts["Kana"]; k > 0 && k*10 >= counts["Han"]+k {
		return "Kana", letters
	}
	best, bestN := "", -1
	for s, n := range counts {
		if n > bestN || (n == bestN && s < best) {
			best, bestN = s, n
		}
	}
	return best, letters
}

// Detect returns the language of text.
func (d *Detector) Detect(text string) Result {
	script, letters := dominantScript(text)
	if letters == 0 {
		return Result{Code: Undetermined, Name: "Undetermined"}
	}
	// Confidence grows with the amount of text: a word or two is a guess.
	lengthFactor := func(full int) float64 { return min(1, float64(letters)/float64(full)) }
	if code, ok := scriptOnly[script]; ok {
		full := 12
		if script == "Han" || script == "Kana" || script == "Hangul" {
			full = 4 // each character carries a word's worth
		}
		return Result{Code: code, Name: names[code], Script: script, Confidence: lengthFactor(full)}
	}
	var cands []*profile
	for _, p := range d.profiles {
		if p.script == script {
			cands = append(cands, p)
		}
	}
	if len(cands) == 0 {
		return Result{Code: Undetermined, Name: "Undetermined", Script: script}
	}
	grams := ngrams(text)
	scores := make([]float64, len(cands))
	for i, p := range cands {
		var s float64
		for _, g := range grams {
			if lp, ok := p.logp[g]; ok {
				s += lp
			} else {
				s += p.unseen
			}
		}
		scores[i] = s
	}
	best := 0
	for i, s := range scores {
		if s > scores[best] {
			best = i
		}
	}
	// Posterior under equal priors, softened by the number of n-grams so
	// a long text does not turn a small edge into certainty.
	temper := 1 / math.Sqrt(float64(max(len(grams), 1)))
	var z float64
	for _, s := range scores {
		z += math.Exp((s - scores[best]) * temper)
	}
	post := 1 / z
	p := cands[best]
	return Result{Code: p.code, Name: names[p.code], Script: script, Confidence: post * lengthFactor(25)}
}
