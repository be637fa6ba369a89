package copilot

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// fold lower-cases s and strips the common Latin diacritics.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if m, ok := foldMap[r]; ok {
			b.WriteString(m)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldMap = func() map[rune]string {
	m := map[rune]string{'ß': "ss"}
	for _, g := range []struct {
		to   string
		from string
	}{{"a", "àáâãäåą"}, {"c", "çćč"}, {"e", "èéêëęě"}, {"i", "ìíîï"}, {"n", "ñń"}, {"o", "òóôõöø"},
		{"u", "ùúûüů"}, {"y", "ýÿ"}, {"l", "ł"}, {"s", "śš"}, {"z", "źżž"}, {"r", "ř"}} {
		for _, r := range g.from {
			m[r] = g.to
		}
	}
	return m
}()

func words(s string) []string {
	return strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// humanPhrases are whole phrases that ask for a person, folded.
var humanPhrases = [][]string{
	// en
	{"human"}, {"humans"}, {"real", "person"}, {"live", "agent"}, {"live", "person"}, {"customer", "service", "representative"},
	{"speak", "to", "someone"}, {"talk", "to", "someone"}, {"speak", "with", "someone"}, {"talk", "with", "someone"},
	{"speak", "to", "a", "person"}, {"talk", "to", "a", "person"}, {"speak", "to", "an", "agent"}, {"talk", "to", "an", "agent"},
	{"speak", "to", "a", "manager"}, {"talk", "to", "a", "manager"}, {"not", "a", "bot"}, {"real", "agent"}, {"operator"},
	{"representative"},
	// es
	{"humano"}, {"persona", "real"}, {"hablar", "con", "alguien"}, {"hablar", "con", "una", "persona"}, {"hablar", "con", "un", "agente"},
	{"agente", "humano"}, {"operador"},
	// fr
	{"humain"}, {"vraie", "personne"}, {"parler", "a", "quelqu"}, {"parler", "a", "une", "personne"}, {"parler", "a", "un", "conseiller"},
	{"parler", "a", "un", "agent"}, {"conseiller", "humain"},
	// de
	{"mensch"}, {"menschen"}, {"echte", "person"}, {"mit", "einem", "mitarbeiter"}, {"mit", "einer", "mitarbeiterin"},
	{"mit", "jemandem", "sprechen"}, {"kundenberater"},
	// it
	{"umano"}, {"persona", "vera"}, {"parlare", "con", "qualcuno"}, {"parlare", "con", "un", "operatore"}, {"operatore"},
	// pt
	{"falar", "com", "alguem"}, {"falar", "com", "uma", "pessoa"}, {"falar", "com", "um", "atendente"}, {"atendente", "humano"},
	{"pessoa", "real"},
	// nl
	{"echt", "persoon"}, {"echte", "mens"}, {"met", "een", "medewerker"}, {"met", "iemand", "spreken"},
	// pl, sv
	{"z", "konsultantem"}, {"z", "czlowiekiem"}, {"med", "en", "manniska"}, {"riktig", "person"},
}

// AsksForHuman reports whether text asks to talk to a person. It knows
// English, Spanish, French, German, Italian, Portuguese, Dutch, Polish and
// Swedish phrasings.
func AsksForHuman(text string) bool {
	w := words(text)
	for _, ph := range humanPhrases {
	next:
		for i := 0; i+len(ph) <= len(w); i++ {
			for j, p := range ph {
				if w[i+j] != p {
					continue next
				}
			}
			return true
		}
	}
	return false
}

var stop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if then of to in on at for with from by is are was were be been am do does did
		i you he she it we they me my your our their this that these those there here what which who how when where why can could
		would should will shall may might must not no yes so as than too very just also have has had get got please hi hello thanks thank
		its it's i'm im about into over up down out again`) {
		m[w] = true
	}
	return m
}()

func termSet(s string) map[string]float64 {
	m := map[string]float64{}
	for _, w := range words(s) {
		if len(w) > 2 && !stop[w] {
			m[stem(w)]++
		}
	}
	return m
}

// stem is a light suffix stripper, enough to match brake/brakes/braking.
func stem(w string) string {
	for _, suf := range []string{"sses", "xes", "ches", "shes"} {
		if strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, "es")
		}
	}
	for _, suf := range []string{"ing", "ed"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, suf)
		}
	}
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

func overlap(q, d map[string]float64) float64 {
	s := 0.0
	for t := range q {
		if d[t] > 0 {
			s++
		}
	}
	return s
}

func cosine(a, b map[string]float64) float64 {
	var dot, na, nb float64
	for t, x := range a {
		dot += x * b[t]
		na += x * x
	}
	for _, y := range b {
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// sentences splits text into sentences at . ! ? and line breaks.
func sentences(text string) []string {
	var out []string
	var cur strings.Builder
	rs := []rune(text)
	for i, r := range rs {
		if r == '\n' {
			if s := strings.TrimSpace(cur.String()); s != "" {
				out = append(out, s)
			}
			cur.Reset()
			continue
		}
		cur.WriteRune(r)
		if (r == '.' || r == '!' || r == '?' || r == '。') && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])) {
			if s := strings.TrimSpace(cur.String()); s != "" {
				out = append(out, s)
			}
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// bestSentences picks up to n sentences of text that best match query,
// in their original order; the first sentence wins ties.
func bestSentences(text, query string, n int) string {
	ss := sentences(text)
	if len(ss) <= n {
		return strings.Join(ss, " ")
	}
	q := termSet(query)
	type sc struct {
		i int
		s float64
	}
	scored := make([]sc, len(ss))
	for i, s := range ss {
		scored[i] = sc{i, overlap(q, termSet(s)) + 0.5/float64(i+1)}
	}
	sort.SliceStable(scored, func(a, b int) bool { return scored[a].s > scored[b].s })
	keep := scored[:n]
	sort.Slice(keep, func(a, b int) bool { return keep[a].i < keep[b].i })
	var parts []string
	for _, k := range keep {
		parts = append(parts, ss[k.i])
	}
	return strings.Join(parts, " ")
}

// cues are words that usually carry the point of a support thread.
var cues = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`error broken refund cancel order charged charge payment invoice deliver delivery shipped
		arrive late missing damaged crash fail failed failing cannot can't unable password login account reset replace replacement
		warranty return urgent asap problem issue bug fixed resolved solution workaround tried`) {
		cues[stem(fold(w))] = true
	}
}

// Extractive summarises a thread with at most n sentences, scored by
// position (the opening problem statement and the latest state matter
// most), centrality (similarity to the whole thread) and keywords (terms
// frequent in the thread, and support cue words). Sentences keep their
// order and are prefixed by their speaker.
func Extractive(turns []Turn, n int) string {
	type sent struct {
		role, text string
		turn, pos  int
		terms      map[string]float64
		score      float64
	}
	var all []sent
	doc := map[string]float64{}
	for ti, t := range turns {
		for si, s := range sentences(t.Text) {
			ts := termSet(s)
			if len(ts) == 0 {
				continue
			}
			all = append(all, sent{role: t.Role, text: s, turn: ti, pos: si, terms: ts})
			for w, c := range ts {
				doc[w] += c
			}
		}
	}
	if len(all) == 0 {
		return ""
	}
	firstCustomer := -1
	for i, t := range turns {
		if t.Role == "customer" {
			firstCustomer = i
			break
		}
	}
	for i := range all {
		s := &all[i]
		pos := 0.0
		if s.turn == firstCustomer {
			pos = 1.0 / float64(s.pos+1)
		}
		if s.turn == len(turns)-1 || s.turn == len(turns)-2 {
			pos = math.Max(pos, 0.5)
		}
		kw := 0.0
		for w := range s.terms {
			if doc[w] > 1 {
				kw += 0.15 * math.Min(doc[w]-1, 3)
			}
			if cues[w] {
				kw += 0.4
			}
		}
		kw /= math.Sqrt(float64(len(s.terms)))
		s.score = 1.2*pos + cosine(s.terms, doc) + kw
	}
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return all[order[a]].score > all[order[b]].score })
	if len(order) > n {
		order = order[:n]
	}
	sort.Ints(order)
	var b strings.Builder
	for _, i := range order {
		role := all[i].role
		if role == "" {
			role = "customer"
		}
		b.WriteString(strings.ToUpper(role[:1]) + role[1:] + ": " + all[i].text + "\n")
	}
	return strings.TrimSpace(b.String())
}
