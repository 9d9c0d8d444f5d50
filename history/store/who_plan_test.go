package store

import (
	"context"
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
)

// TestDossierQueryNeedsNoSort pins the shape that keeps a dossier of a busy
// key fast: one search of the key's index and no temporary B-tree (a
// GROUP BY over the seven facet columns sorted every row of the subject,
// half of the dossier's time at 1M events).
func TestDossierQueryNeedsNoSort(t *testing.T) {
	ctx := context.Background()
	s := openTempStore(t)
	dir := t.TempDir()
	mustLoad(t, s, writeFile(t, dir, "k.json", []byte(`{"Records":[{"eventVersion":"1.08","eventTime":"2025-01-02T03:04:05Z",
		"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.1",
		"userAgent":"aws-cli/2","userIdentity":{"type":"IAMUser","accessKeyId":"AKIAPLANTEST00000001","userName":"alice"},
		"eventID":"0f0e0d0c-0b0a-4909-8807-060504030201","eventType":"AwsApiCall","managementEvent":true,
		"recipientAccountId":"111122223333","eventCategory":"Management"}]}`)))
	col, err := subjectColumn(history.SubjectKey)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.lookupDictID(ctx, col.kind, "AKIAPLANTEST00000001")
	if err != nil || id == 0 {
		t.Fatalf("key's dictionary ID %d (%v)", id, err)
	}
	b, err := s.build(ctx, history.Query{}, cond{"e." + col.col + " = ?", []any{id}})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+dossierSQL(b), b.args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	all := strings.Join(plan, "; ")
	if strings.Contains(all, "TEMP B-TREE") || !strings.Contains(all, "USING INDEX events_key") {
		t.Errorf("dossier plan %q: want a search of events_key and no temporary B-tree", all)
	}
}
