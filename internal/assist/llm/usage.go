package llm

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Usage is the token count of one reply, as the provider reports it.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
}

// Total is PromptTokens + CompletionTokens.
func (u Usage) Total() int { return u.PromptTokens + u.CompletionTokens }

// Price is what a model costs, in US dollars per million tokens.
type Price struct {
	PromptPerMillion     float64 `json:"prompt_per_million"`
	CompletionPerMillion float64 `json:"completion_per_million"`
}

// PriceTable maps model names to prices. A model matches its exact name,
// else the longest key that is a prefix of it (so "gpt-4o-mini" prices
// "gpt-4o-mini-2024-07-18"). Unknown models (local ones) cost 0.
type PriceTable map[string]Price

// ParsePriceTable reads a JSON object {"model": {"prompt_per_million": …,
// "completion_per_million": …}}.
func ParsePriceTable(data []byte) (PriceTable, error) {
	var t PriceTable
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("llm: parse price table: %w", err)
	}
	for m, p := range t {
		if p.PromptPerMillion < 0 || p.CompletionPerMillion < 0 {
			return nil, fmt.Errorf("%w: price of %q is negative", ErrInvalidConfig, m)
		}
	}
	return t, nil
}

// Lookup returns the price of model.
func (t PriceTable) Lookup(model string) (Price, bool) {
	if p, ok := t[model]; ok {
		return p, true
	}
	best := ""
	for k := range t {
		if strings.HasPrefix(model, k) && len(k) > len(best) {
			best = k
		}
	}
	if best == "" {
		return Price{}, false
	}
	return t[best], true
}

// Cost prices u for model.
func (t PriceTable) Cost(model string, u Usage) float64 {
	p, _ := t.Lookup(model)
	return (float64(u.PromptTokens)*p.PromptPerMillion + float64(u.CompletionTokens)*p.CompletionPerMillion) / 1e6
}

// Totals are a tenant's accumulated usage.
type Totals struct {
	Calls            int // successful generations
	Failures         int // generations that failed after retries
	Retries          int // extra attempts of successful generations
	PromptTokens     int
	CompletionTokens int
	CostUSD          float64
	ByModel          map[string]Usage
}

// Ledger accumulates usage per tenant. It is safe for concurrent use.
type Ledger struct {
	mu sync.Mutex
	t  map[string]*Totals
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger { return &Ledger{t: map[string]*Totals{}} }

func (l *Ledger) get(tenant string) *Totals {
	t := l.t[tenant]
	if t == nil {
		t = &Totals{ByModel: map[string]Usage{}}
		l.t[tenant] = t
	}
	return t
}

func (l *Ledger) add(tenant, model string, u Usage, cost float64, retries int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.get(tenant)
	t.Calls++
	t.Retries += retries
	t.PromptTokens += u.PromptTokens
	t.CompletionTokens += u.CompletionTokens
	t.CostUSD += cost
	m := t.ByModel[model]
	m.PromptTokens += u.PromptTokens
	m.CompletionTokens += u.CompletionTokens
	t.ByModel[model] = m
}

func (l *Ledger) fail(tenant string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.get(tenant).Failures++
}

// Tenant returns a copy of tenant's totals.
func (l *Ledger) Tenant(tenant string) Totals {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := l.t[tenant]
	if !ok {
		return Totals{ByModel: map[string]Usage{}}
	}
	c := *t
	c.ByModel = make(map[string]Usage, len(t.ByModel))
	for k, v := range t.ByModel {
		c.ByModel[k] = v
	}
	return c
}

// Tenants lists the tenants with usage, sorted.
func (l *Ledger) Tenants() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]string, 0, len(l.t))
	for k := range l.t {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
