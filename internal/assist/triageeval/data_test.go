package triageeval

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/frontlinedesk/frontline/internal/assist/classify"
)

func TestReadBanking77(t *testing.T) {
	got, err := ReadBanking77(filepath.Join("testdata", "mini.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 {
		t.Fatalf("read %d rows; want 6", len(got))
	}
	want := classify.Example{Text: `My card is late, "urgent"`, Label: "card_arrival"}
	if diff := cmp.Diff(want, got[2]); diff != "" {
		t.Errorf("row 2 mismatch (-want +got):\n%s", diff)
	}
}

func TestSampleShots(t *testing.T) {
	ex, err := ReadBanking77(filepath.Join("testdata", "mini.csv"))
	if err != nil {
		t.Fatal(err)
	}
	shots, rest := SampleShots(ex, 2, 7)
	if len(shots) != 4 || len(rest) != 2 {
		t.Fatalf("SampleShots gave %d shots and %d rest; want 4 and 2", len(shots), len(rest))
	}
	per := map[string]int{}
	for _, e := range shots {
		per[e.Label]++
	}
	if diff := cmp.Diff(map[string]int{"card_arrival": 2, "top_up": 2}, per); diff != "" {
		t.Errorf("shots per label mismatch (-want +got):\n%s", diff)
	}
	again, _ := SampleShots(ex, 2, 7)
	if diff := cmp.Diff(shots, again); diff != "" {
		t.Errorf("SampleShots is not deterministic (-first +second):\n%s", diff)
	}
	train, valid := SplitFraction(ex, 1.0/3, 1)
	if len(train) != 4 || len(valid) != 2 {
		t.Errorf("SplitFraction gave %d/%d; want 4/2", len(train), len(valid))
	}
}

func TestTrainBanking77(t *testing.T) {
	ex, err := ReadBanking77(filepath.Join("testdata", "mini.csv"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := TrainBanking77(t.Context(), ex, classify.Options{})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := Accuracy(c, []classify.Example{{Text: "my card still has not arrived", Label: "card_arrival"}, {Text: "top up by transfer", Label: "top_up"}})
	if err != nil {
		t.Fatal(err)
	}
	if acc != 1 {
		t.Errorf("accuracy on two easy texts = %v; want 1", acc)
	}
}
