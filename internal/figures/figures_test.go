package figures

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSet_WriteJSONLines(t *testing.T) {
	var s Set
	s.Add(Figure{Name: "api.get_ticket_p99_ms", Value: 1.25, Unit: "ms", Goal: "<= 10", Note: "loopback"})
	s.Add(Figure{Name: "api.login_ms", Value: 42, Unit: "ms"})
	var buf bytes.Buffer
	if err := s.WriteJSONLines(&buf); err != nil {
		t.Fatal(err)
	}
	var got []Figure
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var f Figure
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, f)
	}
	want := []Figure{
		{Name: "api.get_ticket_p99_ms", Value: 1.25, Unit: "ms", Goal: "<= 10"},
		{Name: "api.login_ms", Value: 42, Unit: "ms"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON lines mismatch (-want +got):\n%s", diff)
	}
}

func TestSet_WriteJSONLinesRejectsNaN(t *testing.T) {
	var s Set
	s.Add(Figure{Name: "bad", Value: math.NaN(), Unit: "ms"})
	if err := s.WriteJSONLines(&bytes.Buffer{}); err == nil {
		t.Fatal("WriteJSONLines accepted NaN")
	}
}

func TestSet_WriteTable(t *testing.T) {
	var s Set
	s.Add(Figure{Name: "a.b", Value: 1234.5678, Unit: "ms", Goal: "<= 10", Note: "x"})
	var buf bytes.Buffer
	if err := s.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"figure", "a.b", "1234.6", "<= 10"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		name string
		in   []float64
		p    float64
		want float64
	}{
		{"empty", nil, 0.5, 0},
		{"single", []float64{3}, 0.99, 3},
		{"median_odd", []float64{5, 1, 3}, 0.5, 3},
		{"p99_of_100", seq(100), 0.99, 99},
		{"max", seq(10), 1, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.in, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v; want %v", tt.in, tt.p, got, tt.want)
			}
		})
	}
}

func seq(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i + 1)
	}
	return out
}
