package ticketbench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)
)

type fts5Engine struct {
	db                    *sql.DB
	plain, byTag, byAgent *sql.Stmt
}

const ftsRank = "bm25(fts, 2.0, 1.0, 1.5, 1.5, 1.5)"

func buildFTS5(ctx context.Context, path string, c Corpus) (*fts5Engine, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, fmt.Errorf("fts5: %w", err)
	}
	db.SetMaxOpenConns(1)
	for _, stmt := range []string{
		"PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-262144",
		`CREATE VIRTUAL TABLE fts USING fts5(subject, message, customer, email, tags,
			content='', tokenize='porter unicode61', prefix='2 3')`,
		"CREATE TABLE meta(id INTEGER PRIMARY KEY, status TEXT, priority TEXT, assignee TEXT)",
		"CREATE TABLE tag(tag TEXT, id INTEGER, PRIMARY KEY(tag, id)) WITHOUT ROWID",
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			db.Close()
			return nil, fmt.Errorf("fts5: %s: %w", stmt, err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("fts5: %w", err)
	}
	insF, _ := tx.PrepareContext(ctx, "INSERT INTO fts(rowid, subject, message, customer, email, tags) VALUES(?,?,?,?,?,?)")
	insM, _ := tx.PrepareContext(ctx, "INSERT INTO meta(id, status, priority, assignee) VALUES(?,?,?,?)")
	insT, err := tx.PrepareContext(ctx, "INSERT INTO tag(tag, id) VALUES(?,?)")
	if err != nil {
		tx.Rollback()
		db.Close()
		return nil, fmt.Errorf("fts5: prepare: %w", err)
	}
	for i, t := range c.Tickets {
		id := i + 1
		if _, err := insF.ExecContext(ctx, id, t.Subject, strings.Join(t.Messages, "\n"), t.CustomerName, t.CustomerEmail, strings.Join(t.Tags, " ")); err != nil {
			tx.Rollback()
			db.Close()
			return nil, fmt.Errorf("fts5: insert: %w", err)
		}
		if _, err := insM.ExecContext(ctx, id, t.Status, t.Priority, t.Assignee); err != nil {
			tx.Rollback()
			db.Close()
			return nil, fmt.Errorf("fts5: insert: %w", err)
		}
		for _, tag := range t.Tags {
			if _, err := insT.ExecContext(ctx, tag, id); err != nil {
				tx.Rollback()
				db.Close()
				return nil, fmt.Errorf("fts5: insert: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		db.Close()
		return nil, fmt.Errorf("fts5: commit: %w", err)
	}
	for _, stmt := range []string{"CREATE INDEX meta_status ON meta(status)", "CREATE INDEX meta_assignee ON meta(assignee)",
		"INSERT INTO fts(fts) VALUES('optimize')", "ANALYZE"} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			db.Close()
			return nil, fmt.Errorf("fts5: %s: %w", stmt, err)
		}
	}
	e := &fts5Engine{db: db}
	for _, p := range []struct {
		st  **sql.Stmt
		sql string
	}{
		{&e.plain, "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY " + ftsRank + " LIMIT 20"},
		{&e.byTag, "SELECT fts.rowid FROM fts JOIN meta ON meta.id = fts.rowid WHERE fts MATCH ? AND meta.status = ? " +
			"AND EXISTS(SELECT 1 FROM tag WHERE tag.tag = ? AND tag.id = fts.rowid) ORDER BY " + ftsRank + " LIMIT 20"},
		{&e.byAgent, "SELECT fts.rowid FROM fts JOIN meta ON meta.id = fts.rowid WHERE fts MATCH ? AND meta.assignee = ? ORDER BY " + ftsRank + " LIMIT 20"},
	} {
		if *p.st, err = db.PrepareContext(ctx, p.sql); err != nil {
			db.Close()
			return nil, fmt.Errorf("fts5: prepare: %w", err)
		}
	}
	return e, nil
}

// matchExpr quotes each word (so no word is read as an operator); the last
// one is a prefix while typing. FTS5 ANDs the terms.
func matchExpr(q Query) string {
	var b strings.Builder
	for i, w := range q.Words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + strings.ReplaceAll(w, `"`, `""`) + `"`)
		if q.Typing && i == len(q.Words)-1 {
			b.WriteByte('*')
		}
	}
	return b.String()
}

func (e *fts5Engine) search(ctx context.Context, q Query) (int, error) {
	var rows *sql.Rows
	var err error
	switch {
	case q.Tag != "":
		rows, err = e.byTag.QueryContext(ctx, matchExpr(q), q.Status, q.Tag)
	case q.Assignee != "":
		rows, err = e.byAgent.QueryContext(ctx, matchExpr(q), q.Assignee)
	default:
		rows, err = e.plain.QueryContext(ctx, matchExpr(q))
	}
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

func (e *fts5Engine) close() error { return e.db.Close() }
