package store

import (
	"context"
	"fmt"
	"strings"
)

// upsertRows runs an INSERT ... ON CONFLICT for many rows, rowsPerStmt
// rows a statement: the summary counts of a commit are thousands of rows
// on a tree of many days, and one statement per row spent more in
// database/sql and statement steps than in the B-tree. head is "INSERT INTO
// t(cols) VALUES", tail the ON CONFLICT clause; args holds the rows one
// after the other, already in the table's key order, so that consecutive
// rows land on the same pages.
func (w *writer) upsertRows(ctx context.Context, head, tail string, cols int, args []any) error {
	rows := len(args) / cols
	for done := 0; done < rows; {
		n := min(rows-done, rowsPerStmt)
		st, err := w.stmt(ctx, upsertSQL(head, tail, cols, n))
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, args[done*cols:(done+n)*cols]...); err != nil {
			return fmt.Errorf("upsert into %s: %w", strings.Fields(strings.TrimPrefix(head, "INSERT INTO "))[0], err)
		}
		done += n
	}
	return nil
}

func upsertSQL(head, tail string, cols, rows int) string {
	var b strings.Builder
	b.WriteString(head)
	one := "(" + placeholders(cols) + ")"
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(one)
	}
	b.WriteByte(' ')
	b.WriteString(tail)
	return b.String()
}
