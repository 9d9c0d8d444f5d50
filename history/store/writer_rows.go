package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/trailview/trailview/history/record"
)

// eventRow builds the events row and the resource name and type rows
// (resNamesTable, resTypesTable) of one pending event. Its dictionary
// strings were resolved by buildRows.
func (w *writer) eventRow(pe *pendingEvent, ids map[dictKey]int64) (row, names, types []any) {
	id, p := pe.id, &pe.p
	e := &p.Event
	ref := func(kind dictKind, v string, required bool) any {
		if v == "" && !required {
			return nil
		}
		return ids[dictKey{kind, v}]
	}
	region := ref(kindRegion, e.Region, true)
	// The columns of eventsTable: the fixed ones, then the lookup columns.
	const requestCol, resCol, flagsCol = 5, 6, 7
	row = make([]any, eventsFixedColumns, eventsFixedColumns+len(lookupColumns))
	row[0], row[1], row[2], row[3], row[4] = id, record.EncodeID(e.EventID), p.TimeUS, int64(e.Category), readOnlyValue(e.ReadOnly)
	row[flagsCol], row[8], row[9] = int64(0), pe.fileID, blockMarker
	for _, c := range lookupColumns {
		row = append(row, ref(c.kind, *c.value(e), c.required))
	}
	if e.RequestID != "" {
		row[requestCol] = record.EncodeID(e.RequestID)
	}
	if e.ResourcesFromAPI {
		row[flagsCol] = int64(flagResourcesFromAPI)
	}
	if len(e.Resources) > 0 {
		enc := make([]byte, 0, 4*len(e.Resources)+1)
		enc = binary.AppendUvarint(enc, uint64(len(e.Resources)))
		var seenName, seenType map[int64]bool
		for _, r := range e.Resources {
			var typeID int64
			if r.Type != "" {
				typeID = ids[dictKey{kindResourceType, r.Type}]
			}
			nameID := ids[dictKey{kindResourceName, r.Name}]
			enc = binary.AppendUvarint(enc, uint64(typeID))
			enc = binary.AppendUvarint(enc, uint64(nameID))
			if seenName == nil {
				seenName, seenType = map[int64]bool{}, map[int64]bool{}
			}
			if !seenName[nameID] {
				seenName[nameID] = true
				names = append(names, nameID, region, int64(e.Category), p.TimeUS, id)
			}
			if typeID != 0 && !seenType[typeID] {
				seenType[typeID] = true
				types = append(types, typeID, region, int64(e.Category), p.TimeUS, id)
			}
		}
		row[resCol] = enc
	}
	return row, names, types
}

// eventKeys lists the dictionary strings of a pending event.
func eventKeys(p *record.Parsed, add func(dictKey)) {
	e := &p.Event
	for _, c := range lookupColumns {
		if v := *c.value(e); v != "" || c.required {
			add(dictKey{c.kind, v})
		}
	}
	for _, r := range e.Resources {
		if r.Type != "" {
			add(dictKey{kindResourceType, r.Type})
		}
		add(dictKey{kindResourceName, r.Name})
	}
}

// buildRows turns pending events into rows: their dictionary strings are
// resolved together (dictIDs), then each row is built from the answers.
func (w *writer) buildRows(ctx context.Context, events []pendingEvent) error {
	ids := map[dictKey]int64{}
	var keys []dictKey
	for i := range events {
		eventKeys(&events[i].p, func(k dictKey) {
			if _, ok := ids[k]; !ok {
				ids[k] = 0
				keys = append(keys, k)
			}
		})
	}
	if err := w.dictIDs(ctx, keys, ids); err != nil {
		return err
	}
	p := &w.pending
	for i := range events {
		row, names, types := w.eventRow(&events[i], ids)
		p.ev = append(p.ev, row...)
		p.evRows++
		p.resNames = append(p.resNames, names...)
		p.nameRows += len(names) / 5
		p.resTypes = append(p.resTypes, types...)
		p.typeRows += len(types) / 5
		e := &events[i].p.Event
		w.countScope(ids[dictKey{kindRegion, e.Region}], ids[dictKey{kindAccount, e.Account}], int64(e.Category), events[i].p.TimeUS)
		w.countSummary(e, events[i].p.TimeUS, ids)
	}
	return nil
}

const flagResourcesFromAPI = 1

func readOnlyValue(s string) any {
	switch s {
	case "true":
		return int64(1)
	case "false":
		return int64(0)
	}
	return nil
}

// insertRows runs a multi-row INSERT: one statement for many rows costs far
// less than one per row through database/sql.
func (w *writer) insertRows(ctx context.Context, table string, cols, rows int, args []any) error {
	q := insertSQL(table, cols, rows)
	st, err := w.stmt(ctx, q)
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("insert into %s: %w", strings.Fields(table)[0], err)
	}
	return nil
}

func insertSQL(table string, cols, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(table)
	b.WriteString(" VALUES ")
	one := "(" + placeholders(cols) + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(one)
	}
	return b.String()
}
