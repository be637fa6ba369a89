package ticketbench

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

type bleveEngine struct{ ix bleve.Index }

func bleveMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.ScoringModel = "bm25"
	im.DefaultAnalyzer = en.AnalyzerName
	dm := bleve.NewDocumentStaticMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = false
	text.IncludeInAll = true
	for _, f := range []string{"subject", "message", "customer", "email", "tags"} {
		dm.AddFieldMappingsAt(f, text)
	}
	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = false
	kw.IncludeInAll = false
	kw.IncludeTermVectors = false
	for _, f := range []string{"status", "priority", "assignee", "tag"} {
		dm.AddFieldMappingsAt(f, kw)
	}
	im.DefaultMapping = dm
	return im
}

func buildBleve(dir string, c Corpus) (*bleveEngine, error) {
	ix, err := bleve.New(dir, bleveMapping())
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	b := ix.NewBatch()
	flush := func() error {
		if err := ix.Batch(b); err != nil {
			return fmt.Errorf("bleve: batch: %w", err)
		}
		b.Reset()
		return nil
	}
	for _, t := range c.Tickets {
		doc := map[string]any{
			"subject": t.Subject, "message": t.Messages, "customer": t.CustomerName, "email": t.CustomerEmail,
			"tags": strings.Join(t.Tags, " "), "status": t.Status, "priority": t.Priority, "assignee": t.Assignee,
			"tag": t.Tags,
		}
		if err := b.Index(t.ID, doc); err != nil {
			return nil, fmt.Errorf("bleve: %w", err)
		}
		if b.Size() >= 1000 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	// Close and reopen so that everything is persisted before measuring.
	if err := ix.Close(); err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	ix, err = bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	return &bleveEngine{ix}, nil
}

func (e *bleveEngine) search(ctx context.Context, q Query) (int, error) {
	var must []query.Query
	for i, w := range q.Words {
		if q.Typing && i == len(q.Words)-1 {
			must = append(must, bleve.NewDisjunctionQuery(bleve.NewPrefixQuery(strings.ToLower(w)), bleve.NewMatchQuery(w)))
			continue
		}
		must = append(must, bleve.NewMatchQuery(w))
	}
	term := func(field, v string) {
		tq := bleve.NewTermQuery(v)
		tq.SetField(field)
		must = append(must, tq)
	}
	if q.Status != "" {
		term("status", q.Status)
	}
	if q.Tag != "" {
		term("tag", q.Tag)
	}
	if q.Assignee != "" {
		term("assignee", q.Assignee)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), 20, 0, false)
	res, err := e.ix.SearchInContext(ctx, req)
	if err != nil {
		return 0, err
	}
	return len(res.Hits), nil
}

func (e *bleveEngine) close() error { return e.ix.Close() }
