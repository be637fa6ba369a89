// Package figures records the measured figures of `make bench` and
// `make eval`: each one is printed in a table and appended as one JSON object
// per line ({"name","value","unit"}) to the file the Makefile names, so that
// the numbers the issues ask for can be compared across runs.
package figures

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"text/tabwriter"
)

// Figure is one measured number.
type Figure struct {
	Name  string  `json:"name"`  // dotted, e.g. "api.create_ticket_p99_ms"
	Value float64 `json:"value"` // the measurement
	Unit  string  `json:"unit"`  // e.g. "ms", "per_second", "fraction", "MiB"
	// Goal is what the issue asks for, e.g. "<= 10"; empty when it sets none.
	Goal string `json:"goal,omitempty"`
	// Note says what was measured, shown in the table only.
	Note string `json:"-"`
}

// Set collects figures in the order they were added.
type Set struct {
	figs []Figure
}

// Add records a figure.
func (s *Set) Add(f Figure) { s.figs = append(s.figs, f) }

// Figures returns the recorded figures.
func (s *Set) Figures() []Figure { return append([]Figure(nil), s.figs...) }

// WriteTable prints the figures as an aligned table.
func (s *Set) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tvalue\tunit\tgoal\tnote")
	for _, f := range s.figs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Name, format(f.Value), f.Unit, f.Goal, f.Note)
	}
	return tw.Flush()
}

// WriteJSONLines writes one JSON object per figure.
func (s *Set) WriteJSONLines(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, f := range s.figs {
		if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
			return fmt.Errorf("figures: %s is not a finite number", f.Name)
		}
		if err := enc.Encode(f); err != nil {
			return fmt.Errorf("figures: encode %s: %w", f.Name, err)
		}
	}
	return nil
}

// WriteFile replaces path with the figures as JSON lines.
func (s *Set) WriteFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	if err := s.WriteJSONLines(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func format(v float64) string {
	switch {
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return fmt.Sprintf("%.0f", v)
	case math.Abs(v) >= 100:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.3f", v)
	}
}
