package ticketbench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/frontlinedesk/frontline/internal/search/ticketsearch"
)

// Corpus is a synthetic tenant replica.
type Corpus struct {
	Tickets  []ticketsearch.Ticket
	Messages int
	Vocab    []string // by rank, most frequent first
	Tags     []string
	Agents   []string
}

// Real support words, roughly by how often they appear in support chat;
// the Zipf ranks after them are synthetic product and part names.
var supportWords = strings.Fields(`the i to and a my you it is for of on that this have not
with be can we your was but please order thanks hi hello help can't get it's just
refund delivery shipping bike account payment card charged twice cancel subscription
return package tracking number arrived damaged broken size exchange invoice receipt
password login reset email address update change wrong item missing still waiting
week days yesterday today tomorrow soon asap urgent issue problem error app website
checkout discount code coupon price store warranty repair brake chain wheel tire tube
pedal saddle gear shifter frame helmet light battery charger motor display seat stem
handlebar fork spoke rim cassette derailleur crank bottom bracket cable pads rotor
noise squeak click rattle loose stuck flat puncture replace replacement part parts
ordered shipped courier label pickup store branch appointment service booking time
slot confirm confirmation message phone call back agent team manager escalate reply
thank appreciate sorry unfortunately again already another new old same different
size small medium large color black blue red white green frame-size fit measure
credit debit paypal bank transfer pending processing declined failed approved
account profile settings notification newsletter unsubscribe privacy data delete
export download upload photo picture attached attachment screenshot video link
assembly manual instructions install setup adjust tighten bolt torque tool kit
model version year warranty claim receipt proof purchase date serial invoice`)

var firstNames = strings.Fields(`Ada Maya Sam Liam Noah Emma Olivia Ava Mia Lucas Leo Ella Chloe Hugo Arthur
Jonas Lena Mila Nina Omar Yusuf Aisha Fatima Wei Jun Hana Yuki Kenji Priya Arjun Ravi Sofia Mateo Diego
Lucia Elena Ivan Olga Anna Peter Paul Marta Pedro Ines Tomas Eva Karl Greta Finn Ida Nora Emil Oskar Alma`)

var lastNames = strings.Fields(`Park Chen Ortiz Smith Jones Brown Garcia Miller Davis Lopez Wilson Anderson
Thomas Taylor Moore Martin Lee Walker Hall Young King Wright Scott Green Baker Adams Nelson Hill Campbell
Mitchell Roberts Carter Phillips Evans Turner Torres Parker Collins Edwards Stewart Morris Nguyen Murphy
Rivera Cook Rogers Morgan Peterson Cooper Reed Bailey Bell Gomez Kelly Howard Ward Cox Diaz Richardson`)

var tagNames = strings.Fields(`billing refund shipping damaged warranty repair returns exchange vip b2b
ebike parts accessories account login payment invoice subscription cancellation feedback complaint
urgent escalated fraud chargeback preorder backorder assembly recall safety international customs
wholesale rental fitting sizing gift-card newsletter bug mobile-app website`)

var statuses = []struct {
	name string
	pct  int
}{{"open", 30}, {"pending", 20}, {"solved", 40}, {"closed", 10}}

var priorities = []string{"low", "normal", "normal", "normal", "high", "urgent"}

// syllables build the synthetic tail of the vocabulary.
var syllables = strings.Fields(`ka ro mi tan vel sor bri cal den fi gor hul ix jet kor lum mar nex ost pra
qui ras sen tor ul vin wex yor zan bel cor dra fen gal hin jor kel lin mon nor pel quor rin sul tek vor`)

const vocabSize = 30_000

func vocabulary(rng *rand.Rand) []string {
	seen := map[string]bool{}
	var v []string
	for _, w := range supportWords {
		if !seen[w] {
			seen[w] = true
			v = append(v, w)
		}
	}
	for len(v) < vocabSize {
		var b strings.Builder
		for range 2 + rng.IntN(3) {
			b.WriteString(syllables[rng.IntN(len(syllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			v = append(v, w)
		}
	}
	return v
}

// zipf samples ranks with P(r) ∝ 1/(r+2.7)^s.
type zipf struct{ cdf []float64 }

func newZipf(n int, s float64) zipf {
	cdf := make([]float64, n)
	sum := 0.0
	for r := range n {
		sum += 1 / math.Pow(float64(r)+2.7, s)
		cdf[r] = sum
	}
	for r := range cdf {
		cdf[r] /= sum
	}
	return zipf{cdf}
}

func (z zipf) rank(rng *rand.Rand) int {
	i, _ := slices.BinarySearch(z.cdf, rng.Float64())
	return min(i, len(z.cdf)-1)
}

// Generate makes the replica: nTickets tickets holding nMessages messages
// in all (each pair of tickets shares 20 messages), deterministic for a
// seed.
func Generate(seed uint64, nTickets, nMessages int) Corpus {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	c := Corpus{Vocab: vocabulary(rng), Tags: tagNames}
	for i := range 20 {
		c.Agents = append(c.Agents, fmt.Sprintf("agent%02d", i))
	}
	z := newZipf(len(c.Vocab), 1.05)
	per := 2 * nMessages / nTickets
	sentence := func(b []byte, n int, skipTop int) []byte {
		for j := range n {
			if j > 0 {
				b = append(b, ' ')
			}
			r := z.rank(rng)
			for r < skipTop {
				r = z.rank(rng)
			}
			b = append(b, c.Vocab[r]...)
		}
		return b
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c.Tickets = make([]ticketsearch.Ticket, nTickets)
	var buf []byte
	pair := 0
	for i := range c.Tickets {
		nm := 1 + rng.IntN(per-1)
		if i%2 == 1 {
			nm = per - pair
		}
		pair = nm
		if i == nTickets-1 {
			nm = nMessages - c.Messages
		}
		c.Messages += nm
		first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
		t := ticketsearch.Ticket{
			ID:            fmt.Sprintf("t%06d", i),
			Subject:       string(sentence(buf[:0], 3+rng.IntN(6), 30)),
			CustomerName:  first + " " + last,
			CustomerEmail: fmt.Sprintf("%s.%s%d@mail%d.test", strings.ToLower(first), strings.ToLower(last), rng.IntN(100), rng.IntN(40)),
			Priority:      priorities[rng.IntN(len(priorities))],
			Created:       start.Add(time.Duration(i) * 5 * time.Minute),
		}
		t.Updated = t.Created.Add(time.Duration(rng.IntN(72*60)) * time.Minute)
		p := rng.IntN(100)
		for _, s := range statuses {
			if p < s.pct {
				t.Status = s.name
				break
			}
			p -= s.pct
		}
		if rng.IntN(10) < 8 {
			t.Assignee = c.Agents[rng.IntN(len(c.Agents))]
		}
		for range rng.IntN(4) {
			tag := c.Tags[z.rank(rng)%len(c.Tags)]
			if !slices.Contains(t.Tags, tag) {
				t.Tags = append(t.Tags, tag)
			}
		}
		t.Messages = make([]string, nm)
		for m := range t.Messages {
			buf = sentence(buf[:0], 4+rng.IntN(21), 0)
			t.Messages[m] = string(buf)
		}
		c.Tickets[i] = t
	}
	return c
}

// Kind names a family of typical queries.
type Kind string

const (
	SingleWord Kind = "single word"
	TwoWords   Kind = "two words"
	Typing     Kind = "prefix while typing"
	Filtered   Kind = "with a filter"
)

// Query is one benchmark query, engine-neutral: every word must match; with
// Typing the last word is a prefix.
type Query struct {
	Kind     Kind
	Words    []string
	Typing   bool
	Status   string
	Tag      string
	Assignee string
}

func (q Query) String() string {
	s := strings.Join(q.Words, " ")
	if q.Typing {
		s += "…"
	}
	if q.Status != "" {
		s += " status:" + q.Status
	}
	if q.Tag != "" {
		s += " tag:" + q.Tag
	}
	if q.Assignee != "" {
		s += " assignee:" + q.Assignee
	}
	return s
}

// Queries returns the fixed query set: words drawn from every frequency
// band of the vocabulary (common support words, mid-frequency ones and
// rare synthetic names).
func (c Corpus) Queries(seed uint64) []Query {
	rng := rand.New(rand.NewPCG(seed, 99))
	content := func() string { // a word a person would search for
		switch rng.IntN(3) {
		case 0:
			return c.Vocab[40+rng.IntN(120)]
		case 1:
			return c.Vocab[160+rng.IntN(len(supportWords)-200)]
		default:
			return c.Vocab[400+rng.IntN(5000)]
		}
	}
	var qs []Query
	for range 40 {
		qs = append(qs, Query{Kind: SingleWord, Words: []string{content()}})
	}
	for range 40 {
		qs = append(qs, Query{Kind: TwoWords, Words: []string{content(), content()}})
	}
	for i := range 16 {
		word := content()
		var prev []string
		if i%2 == 1 {
			prev = []string{content()}
		}
		for n := 1; n <= len(word); n++ {
			qs = append(qs, Query{Kind: Typing, Words: append(slices.Clone(prev), word[:n]), Typing: true})
		}
	}
	for i := range 40 {
		q := Query{Kind: Filtered, Words: []string{content()}}
		if i%2 == 0 {
			q.Status = "open"
			q.Tag = c.Tags[rng.IntN(12)]
		} else {
			q.Assignee = c.Agents[rng.IntN(len(c.Agents))]
		}
		qs = append(qs, q)
	}
	return qs
}
