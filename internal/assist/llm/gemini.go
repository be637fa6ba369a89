package llm

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/tmc/langchaingo/llms"
)

// GeminiModel speaks Google's Gemini REST protocol (models/{model}:
// generateContent, and :streamGenerateContent?alt=sse when streaming)
// behind langchaingo's llms.Model interface.
type GeminiModel struct {
	BaseURL string // e.g. https://generativelanguage.googleapis.com/v1beta
	APIKey  string
	Model   string
	HTTP    *http.Client
}

var _ llms.Model = (*GeminiModel)(nil)

// ErrGeminiBlocked is returned when Gemini answers without text, for
// instance because a safety filter blocked the prompt.
var ErrGeminiBlocked = errors.New("gemini: no text in response")

type geminiPart struct {
	Text string `json:"text"`
}

type geminiContent struct {
	Role  string       `json:"role,omitempty"`
	Parts []geminiPart `json:"parts"`
}

type geminiGenConfig struct {
	Temperature      *float64 `json:"temperature,omitempty"`
	TopP             *float64 `json:"topP,omitempty"`
	TopK             *int     `json:"topK,omitempty"`
	MaxOutputTokens  int      `json:"maxOutputTokens,omitempty"`
	StopSequences    []string `json:"stopSequences,omitempty"`
	ResponseMIMEType string   `json:"responseMimeType,omitempty"`
}

type geminiRequest struct {
	Contents          []geminiContent  `json:"contents"`
	SystemInstruction *geminiContent   `json:"systemInstruction,omitempty"`
	GenerationConfig  *geminiGenConfig `json:"generationConfig,omitempty"`
}

type geminiResponse struct {
	Candidates []struct {
		Content      geminiContent `json:"content"`
		FinishReason string        `json:"finishReason"`
	} `json:"candidates"`
	PromptFeedback *struct {
		BlockReason string `json:"blockReason"`
	} `json:"promptFeedback"`
	UsageMetadata *struct {
		PromptTokenCount     int `json:"promptTokenCount"`
		CandidatesTokenCount int `json:"candidatesTokenCount"`
		TotalTokenCount      int `json:"totalTokenCount"`
	} `json:"usageMetadata"`
}

type geminiError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Status  string `json:"status"`
	} `json:"error"`
}

// Call implements llms.Model.
func (g *GeminiModel) Call(ctx context.Context, prompt string, options ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, g, prompt, options...)
}

// GenerateContent implements llms.Model.
func (g *GeminiModel) GenerateContent(ctx context.Context, messages []llms.MessageContent, options ...llms.CallOption) (*llms.ContentResponse, error) {
	var opts llms.CallOptions
	for _, o := range options {
		o(&opts)
	}
	model := g.Model
	if opts.Model != "" {
		model = opts.Model
	}
	req, err := geminiBody(messages, opts)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("gemini: encode request: %w", err)
	}
	method := ":generateContent"
	if opts.StreamingFunc != nil {
		method = ":streamGenerateContent?alt=sse"
	}
	u := strings.TrimSuffix(g.BaseURL, "/") + "/models/" + url.PathEscape(model) + method
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("gemini: new request: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("x-goog-api-key", g.APIKey)
	hc := g.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("gemini: send request: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var ge geminiError
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if json.Unmarshal(data, &ge) == nil && ge.Error.Message != "" {
			return nil, fmt.Errorf("gemini: status %d %s: %s", resp.StatusCode, ge.Error.Status, ge.Error.Message)
		}
		return nil, fmt.Errorf("gemini: status %d", resp.StatusCode)
	}
	if opts.StreamingFunc != nil {
		return geminiStream(ctx, resp.Body, opts.StreamingFunc)
	}
	var gr geminiResponse
	if err := json.NewDecoder(resp.Body).Decode(&gr); err != nil {
		return nil, fmt.Errorf("gemini: decode response: %w", err)
	}
	var acc geminiAcc
	acc.add(gr)
	return acc.result()
}

func geminiBody(messages []llms.MessageContent, opts llms.CallOptions) (geminiRequest, error) {
	var req geminiRequest
	for _, m := range messages {
		var parts []geminiPart
		for _, p := range m.Parts {
			t, ok := p.(llms.TextContent)
			if !ok {
				return req, fmt.Errorf("gemini: unsupported content part %T", p)
			}
			parts = append(parts, geminiPart{Text: t.Text})
		}
		switch m.Role {
		case llms.ChatMessageTypeSystem:
			if req.SystemInstruction == nil {
				req.SystemInstruction = &geminiContent{}
			}
			req.SystemInstruction.Parts = append(req.SystemInstruction.Parts, parts...)
		case llms.ChatMessageTypeAI:
			req.Contents = append(req.Contents, geminiContent{Role: "model", Parts: parts})
		case llms.ChatMessageTypeHuman, llms.ChatMessageTypeGeneric:
			req.Contents = append(req.Contents, geminiContent{Role: "user", Parts: parts})
		default:
			return req, fmt.Errorf("gemini: unsupported role %q", m.Role)
		}
	}
	if len(req.Contents) == 0 {
		return req, errors.New("gemini: no user or model messages")
	}
	gc := &geminiGenConfig{MaxOutputTokens: opts.MaxTokens, StopSequences: opts.StopWords}
	if opts.Temperature != 0 {
		t := opts.Temperature
		gc.Temperature = &t
	}
	if opts.TopP != 0 {
		p := opts.TopP
		gc.TopP = &p
	}
	if opts.TopK != 0 {
		k := opts.TopK
		gc.TopK = &k
	}
	if opts.JSONMode {
		gc.ResponseMIMEType = "application/json"
	}
	if gc.Temperature != nil || gc.TopP != nil || gc.TopK != nil || gc.MaxOutputTokens != 0 ||
		len(gc.StopSequences) > 0 || gc.ResponseMIMEType != "" {
		req.GenerationConfig = gc
	}
	return req, nil
}

// geminiAcc accumulates one or more response chunks.
type geminiAcc struct {
	text          strings.Builder
	finish, block string
	prompt, out   int
	seen          bool
}

func (a *geminiAcc) add(gr geminiResponse) string {
	var chunk strings.Builder
	if len(gr.Candidates) > 0 {
		c := gr.Candidates[0]
		for _, p := range c.Content.Parts {
			chunk.WriteString(p.Text)
		}
		if c.FinishReason != "" {
			a.finish = c.FinishReason
		}
	}
	if gr.PromptFeedback != nil && gr.PromptFeedback.BlockReason != "" {
		a.block = gr.PromptFeedback.BlockReason
	}
	if u := gr.UsageMetadata; u != nil {
		a.prompt, a.out = u.PromptTokenCount, u.CandidatesTokenCount
	}
	a.seen = true
	a.text.WriteString(chunk.String())
	return chunk.String()
}

func (a *geminiAcc) result() (*llms.ContentResponse, error) {
	if a.block != "" {
		return nil, fmt.Errorf("%w: blocked: %s", ErrGeminiBlocked, a.block)
	}
	if !a.seen || (a.text.Len() == 0 && a.finish == "") {
		return nil, ErrGeminiBlocked
	}
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{
		Content:    a.text.String(),
		StopReason: a.finish,
		GenerationInfo: map[string]any{
			"PromptTokens":     a.prompt,
			"CompletionTokens": a.out,
			"TotalTokens":      a.prompt + a.out,
		},
	}}}, nil
}

// geminiStream reads Server-Sent Events, each data line one
// GenerateContentResponse.
func geminiStream(ctx context.Context, r io.Reader, fn func(context.Context, []byte) error) (*llms.ContentResponse, error) {
	var acc geminiAcc
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		line := sc.Text()
		data, ok := strings.CutPrefix(line, "data:")
		if !ok {
			continue // blank separators, comments, event:/id: fields
		}
		data = strings.TrimSpace(data)
		if data == "" {
			continue
		}
		var ge geminiError
		if json.Unmarshal([]byte(data), &ge) == nil && ge.Error.Message != "" {
			return nil, fmt.Errorf("gemini: stream error %s: %s", ge.Error.Status, ge.Error.Message)
		}
		var gr geminiResponse
		if err := json.Unmarshal([]byte(data), &gr); err != nil {
			return nil, fmt.Errorf("gemini: decode stream event: %w", err)
		}
		if chunk := acc.add(gr); chunk != "" {
			if err := fn(ctx, []byte(chunk)); err != nil {
				return nil, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gemini: read stream: %w", err)
	}
	return acc.result()
}
