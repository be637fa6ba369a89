package encoder

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"
)

// wordBoundary is SentencePiece's "▁", which stands for a space and marks
// the start of every word.
const wordBoundary = "\u2581"

// reservedPieces is the number of control pieces at the start of the vocabulary
// (unknown, <s>, </s> and three extra ids) that are never matched in text.
const reservedPieces = 6

// unknownID is the id of the unknown piece; runs of unknown characters
// collapse into one.
const unknownID = 0

// Tokenizer splits text into SentencePiece ids of the USE-lite vocabulary
// with a unigram (Viterbi) segmentation. It reproduces the segmentation of
// the JavaScript reference, @energetic-ai/embeddings 0.2.0, including its
// tie-breaking, so that ids match exactly. It is safe for concurrent use.
type Tokenizer struct {
	// utf16Len is the length of each piece in UTF-16 code units, which the
	// reference uses when it walks the best path backwards.
	utf16Len []int
	nodes    []trieNode
	// edges maps (node index, rune) to the child node index.
	edges map[trieEdge]int32
}

type trieNode struct {
	end   bool
	score float64
	id    int32
}

type trieEdge struct {
	node int32
	r    rune
}

// newTokenizer builds the tokenizer from vocab.json: a JSON array of
// [piece, score] pairs whose position is the piece id.
func newTokenizer(vocabJSON []byte) (*Tokenizer, error) {
	var raw [][2]json.RawMessage
	if err := json.Unmarshal(vocabJSON, &raw); err != nil {
		return nil, fmt.Errorf("encoder: parse vocabulary: %w", err)
	}
	if len(raw) <= reservedPieces {
		return nil, fmt.Errorf("encoder: vocabulary has %d pieces", len(raw))
	}
	t := &Tokenizer{
		utf16Len: make([]int, len(raw)),
		nodes:    []trieNode{{}},
		edges:    make(map[trieEdge]int32, 4*len(raw)),
	}
	for id, pair := range raw {
		var piece string
		var score float64
		if err := json.Unmarshal(pair[0], &piece); err != nil {
			return nil, fmt.Errorf("encoder: vocabulary piece %d: %w", id, err)
		}
		if err := json.Unmarshal(pair[1], &score); err != nil {
			return nil, fmt.Errorf("encoder: vocabulary score %d: %w", id, err)
		}
		t.utf16Len[id] = len(utf16.Encode([]rune(piece)))
		if id < reservedPieces || piece == "" {
			continue
		}
		t.insert(piece, score, int32(id))
	}
	return t, nil
}

func (t *Tokenizer) insert(piece string, score float64, id int32) {
	n := int32(0)
	for _, r := range piece {
		child, ok := t.edges[trieEdge{n, r}]
		if !ok {
			child = int32(len(t.nodes))
			t.nodes = append(t.nodes, trieNode{})
			t.edges[trieEdge{n, r}] = child
		}
		n = child
	}
	// A later duplicate overwrites an earlier one, as in the reference.
	t.nodes[n] = trieNode{end: true, score: score, id: id}
}

// Encode returns the piece ids of text. Text is NFKC-normalised, spaces
// become "▁" and a "▁" is prepended; empty text has no ids. Every character
// no piece covers becomes the unknown id 0, and consecutive unknown ids are
// merged into one.
func (t *Tokenizer) Encode(text string) []int {
	normalized := norm.NFKC.String(text)
	if normalized == "" {
		return nil
	}
	symbols := []rune(wordBoundary + strings.ReplaceAll(normalized, " ", wordBoundary))
	n := len(symbols)

	// Viterbi over the lattice of pieces, relaxing forwards: for each start
	// position in increasing order, every piece that starts there updates
	// the best path to its end. Each end position thus sees the pieces
	// ending there in increasing order of their start, which is the order
	// the reference visits them in; best[start] is final by then. Like the
	// reference, a best score of exactly 0 counts as "not reached yet", and
	// ties go to the later candidate. A position no piece starts at gets a
	// one-symbol unknown piece of score 0.
	best := make([]float64, n+1)
	words := make([]int32, n+1)
	relax := func(start, end int, score float64, id int32) {
		score += best[start]
		if best[end] == 0 || score >= best[end] {
			best[end] = score
			words[end] = id
		}
	}
	for i := range n {
		found := false
		node := int32(0)
		for j := i; j < n; j++ {
			child, ok := t.edges[trieEdge{node, symbols[j]}]
			if !ok {
				break
			}
			node = child
			if nd := &t.nodes[node]; nd.end {
				relax(i, j+1, nd.score, nd.id)
				found = true
			}
		}
		if !found {
			relax(i, i+1, 0, unknownID)
		}
	}

	var reversed []int
	for i := n; i > 0; i -= t.utf16Len[words[i]] {
		reversed = append(reversed, int(words[i]))
	}
	ids := make([]int, 0, len(reversed))
	prevUnknown := false
	for _, id := range reversed {
		if !(prevUnknown && id == unknownID) {
			ids = append(ids, id)
		}
		prevUnknown = id == unknownID
	}
	for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
		ids[i], ids[j] = ids[j], ids[i]
	}
	return ids
}
