#!/bin/bash
# newest.sh: how long after `trailview load` starts does the store hold an
# event of the tree's last day (docs/benchmarks.md, "Newest first")?
#
#   internal/cmd/ingestvs/newest.sh BINARY TREE DAYSTART NOW LIMIT_S
#   internal/cmd/ingestvs/newest.sh /tmp/tv /tmp/trailview-bench-tree-1000000 \
#       2025-03-31T00:00:00Z 2025-03-31T12:00:01Z 60
#
# It starts the load in the background and polls, every 0.2 s, from a second
# process: BINARY lookup-events --start-time DAYSTART --now NOW --max-items 1
# (the default Region: the store's busiest, as the browser picks it).
set -u
tv=$1 tree=$2 day=$3 now=$4 limit=$5
db=$(mktemp -u "${TMPDIR:-/tmp}/newest-XXXXXX.db")
start=$EPOCHREALTIME
"$tv" load --db "$db" "$tree" >/dev/null 2>&1 &
pid=$!
found=""
while :; do
	el=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	if [ -f "$db" ] && "$tv" lookup-events --db "$db" --now "$now" --start-time "$day" --max-items 1 2>/dev/null | grep -q '"EventId"'; then
		found=$el
		break
	fi
	if awk -v e="$el" -v l="$limit" 'BEGIN { exit !(e > l) }'; then break; fi
	sleep 0.2
done
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
rm -f "$db" "$db-wal" "$db-shm"
echo "newest day visible after: ${found:-not within $limit} s"
