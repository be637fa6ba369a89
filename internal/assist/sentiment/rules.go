package sentiment

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"
)

// Lexicon maps a lower-case word or emoticon to its valence (about -4..4).
type Lexicon map[string]float64

// LexiconFile is where the VADER lexicon lives inside the models directory
// (npm vader-sentiment, unpacked by build/fetch-models.sh).
const LexiconFile = "vader-sentiment/vader_lexicon.txt"

// ReadLexicon reads a VADER-format lexicon: one entry a line, the token and
// its mean valence separated by a tab (further columns are ignored).
func ReadLexicon(path string) (Lexicon, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sentiment: open lexicon: %w (run build/fetch-models.sh)", err)
	}
	defer f.Close()
	lex := make(Lexicon, 8192)
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "" {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < 2 {
			return nil, fmt.Errorf("sentiment: lexicon line %d: want token<TAB>valence", line)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(cols[1]), 64)
		if err != nil {
			return nil, fmt.Errorf("sentiment: lexicon line %d: %w", line, err)
		}
		lex[strings.ToLower(cols[0])] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("sentiment: read lexicon: %w", err)
	}
	if len(lex) == 0 {
		return nil, fmt.Errorf("sentiment: lexicon %s is empty", path)
	}
	return lex, nil
}

// Constants of the rules, as measured by Hutto & Gilbert (2014).
const (
	boostStep    = 0.293 // a booster word adds (or a dampener removes) this much
	capsBoost    = 0.733 // an ALL-CAPS sentiment word among mixed-case words
	negateFactor = -0.74 // a negated word's valence is scaled by this
	exclaimStep  = 0.292 // per '!' (up to 4)
	questionStep = 0.18  // per '?' when there are 2 or 3
	questionMax  = 0.96  // with 4 or more
	butBefore    = 0.5   // words before "but" count half
	butAfter     = 1.5   // and the words after it half again as much
	normAlpha    = 15.0  // compound = s / sqrt(s^2 + alpha)
)

// boosters raise (positive) or lower (negative) the intensity of the
// sentiment word that follows them.
var boosters = map[string]float64{}

func init() {
	for _, w := range strings.Fields(`absolutely amazingly awfully completely considerably decidedly deeply
		enormously entirely especially exceptionally extremely fabulously freaking frickin fricking friggin
		frigging fully fucking greatly hella highly hugely incredibly intensely majorly more most particularly
		purely quite really remarkably so substantially super thoroughly totally tremendously uber
		unbelievably unusually utterly very`) {
		boosters[w] = boostStep
	}
	for _, w := range strings.Fields(`almost barely hardly kinda less little marginally occasionally partly
		scarcely slightly somewhat sorta`) {
		boosters[w] = -boostStep
	}
}

// negations turn the sentiment of the next few words around.
var negations = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`not no never none nobody nothing neither nor nowhere cannot cant
		without rarely seldom despite aint arent isnt wasnt werent dont doesnt didnt wont wouldnt couldnt
		shouldnt hasnt havent hadnt mightnt mustnt neednt darent shant uh-uh`) {
		negations[w] = true
	}
}

// idioms are phrases whose meaning is not the sum of their words.
var idioms = map[string]float64{
	"the shit":         3,
	"the bomb":         3,
	"bad ass":          1.5,
	"badass":           1.5,
	"yeah right":       -2,
	"cut the mustard":  2,
	"kiss of death":    -1.5,
	"hand to mouth":    -2,
	"waste of money":   -2.5,
	"waste of time":    -2.5,
	"piece of junk":    -2.5,
	"piece of crap":    -2.8,
	"works great":      2.5,
	"highly recommend": 2.6,
	"not worth":        -1.8,
	"stopped working":  -2,
	"fell apart":       -2,
	"broke down":       -1.8,
	"no problems":      1.5,
	"no complaints":    1.8,
	"no issues":        1.5,
}

const maxIdiomWords = 3

func isNegation(w string) bool {
	return negations[w] || strings.HasSuffix(w, "n't")
}

// Scores is the rule model's reading of a text.
type Scores struct {
	Compound float64 // normalised sum of valences, in [-1, 1]
	Pos      float64 // share of positive intensity
	Neg      float64 // share of negative intensity
	Neu      float64 // share of neutral words
	Sum      float64 // raw sum of valences before normalisation
	NPos     int     // number of positive words
	NNeg     int     // number of negative words
	Negated  bool    // a negation flipped some word
}

// token is one word or emoticon of the text.
type token struct {
	raw   string // as written, punctuation stripped unless it is an emoticon
	lower string
}

func tokenize(text string, lex Lexicon) []token {
	var out []token
	for _, f := range strings.Fields(text) {
		lower := strings.ToLower(f)
		if _, ok := lex[lower]; ok {
			out = append(out, token{raw: f, lower: lower})
			continue
		}
		s := strings.TrimFunc(f, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
		if s == "" {
			continue
		}
		// A word glued to the next by punctuation ("great.The") becomes two.
		for part := range strings.FieldsFuncSeq(s, func(r rune) bool {
			return r != '\'' && r != '’' && r != '-' && (unicode.IsPunct(r) || unicode.IsSymbol(r))
		}) {
			l := strings.ReplaceAll(strings.ToLower(part), "’", "'")
			out = append(out, token{raw: part, lower: l})
		}
	}
	return out
}

func isShouting(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters > 1
}

// mixedCase reports whether some but not all words are in capitals, which is
// when capitals signal emphasis.
func mixedCase(toks []token) bool {
	shout := 0
	for _, t := range toks {
		if isShouting(t.raw) {
			shout++
		}
	}
	return shout > 0 && shout < len(toks)
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// boost is the change a booster word b makes to a sentiment word of valence v.
func boost(b token, v float64, mixed bool) float64 {
	s, ok := boosters[b.lower]
	if !ok || v == 0 {
		return 0
	}
	s *= sign(v)
	if mixed && isShouting(b.raw) {
		s += capsBoost * sign(v)
	}
	return s
}

// Polarity scores text with the lexicon and rules only.
func Polarity(lex Lexicon, text string) Scores {
	toks := tokenize(text, lex)
	mixed := mixedCase(toks)
	vals := make([]float64, len(toks))
	var sc Scores
	for i := range toks {
		vals[i] = valence(lex, toks, i, mixed, &sc)
	}
	applyIdioms(toks, vals)
	for i, t := range toks {
		if t.lower == "but" || t.lower == "however" || t.lower == "although" {
			for j := range vals {
				switch {
				case j < i:
					vals[j] *= butBefore
				case j > i:
					vals[j] *= butAfter
				}
			}
			break
		}
	}
	var sum, pos, neg float64
	neu := 0
	for _, v := range vals {
		sum += v
		switch {
		case v > 0:
			pos += v + 1
			sc.NPos++
		case v < 0:
			neg += v - 1
			sc.NNeg++
		default:
			neu++
		}
	}
	emph := punctuationEmphasis(text)
	switch {
	case sum > 0:
		sum += emph
		pos += emph
	case sum < 0:
		sum -= emph
		neg -= emph
	}
	sc.Sum = sum
	sc.Compound = normalize(sum)
	if total := pos - neg + float64(neu); total > 0 {
		sc.Pos = pos / total
		sc.Neg = -neg / total
		sc.Neu = float64(neu) / total
	}
	return sc
}

// normalize maps a valence sum into (-1, 1).
func normalize(s float64) float64 {
	n := s / math.Sqrt(s*s+normAlpha)
	return max(-1, min(1, n))
}

func punctuationEmphasis(text string) float64 {
	ex := min(strings.Count(text, "!"), 4)
	q := strings.Count(text, "?")
	e := float64(ex) * exclaimStep
	switch {
	case q > 3:
		e += questionMax
	case q > 1:
		e += float64(q) * questionStep
	}
	return e
}

// valence is the rule-adjusted valence of toks[i].
func valence(lex Lexicon, toks []token, i int, mixed bool, sc *Scores) float64 {
	t := toks[i]
	if _, ok := boosters[t.lower]; ok {
		return 0
	}
	if t.lower == "kind" && i+1 < len(toks) && toks[i+1].lower == "of" {
		return 0
	}
	v, ok := lex[t.lower]
	if !ok {
		return 0
	}
	// "no" followed by a sentiment word is a negation, not a sentiment.
	if t.lower == "no" && i+1 < len(toks) {
		if _, next := lex[toks[i+1].lower]; next {
			return 0
		}
	}
	if mixed && isShouting(t.raw) {
		v += capsBoost * sign(v)
	}
	// Look back up to three words for boosters and negations; words that
	// carry sentiment themselves break the chain.
	for back := 1; back <= 3 && i-back >= 0; back++ {
		p := toks[i-back]
		if _, ok := lex[p.lower]; ok && p.lower != "no" {
			continue
		}
		b := boost(p, v, mixed)
		switch back {
		case 2:
			b *= 0.95
		case 3:
			b *= 0.9
		}
		v += b
		if isNegation(p.lower) {
			// "never so good" / "never this good" intensify rather than negate.
			if back > 1 && toks[i-back].lower == "never" && (toks[i-back+1].lower == "so" || toks[i-back+1].lower == "this") {
				v *= 1.25
			} else {
				v *= negateFactor
				sc.Negated = true
			}
		}
	}
	// "least" negates unless it is "at least" / "very least".
	if i > 0 && toks[i-1].lower == "least" && (i < 2 || (toks[i-2].lower != "at" && toks[i-2].lower != "very")) {
		if _, ok := lex["least"]; !ok {
			v *= negateFactor
			sc.Negated = true
		}
	}
	return v
}

// applyIdioms replaces the valence of a known phrase's last word with the
// phrase's valence, and zeroes its other words.
func applyIdioms(toks []token, vals []float64) {
	for n := maxIdiomWords; n >= 2; n-- {
		for i := 0; i+n <= len(toks); i++ {
			words := make([]string, n)
			for j := range n {
				words[j] = toks[i+j].lower
			}
			v, ok := idioms[strings.Join(words, " ")]
			if !ok {
				continue
			}
			for j := range n - 1 {
				vals[i+j] = 0
			}
			if i > 0 && isNegation(toks[i-1].lower) {
				v *= negateFactor
			}
			vals[i+n-1] = v
		}
	}
	for i, t := range toks {
		if v, ok := idioms[t.lower]; ok {
			vals[i] = v
		}
	}
}
