-- trailview store, schema 11: the scope index also holds the source IP,
-- user agent, identity ARN, identity type and error code. Those are the
-- one-term filters an investigator pivots to from the detail view (ip:,
-- agent:, arn:, identity:) and they had no index, so top and timeline
-- under them read every event of the scope from the table; now the scope
-- index alone answers the count and the timeline, and the table is read
-- only for the matching events' other fields. Appending columns costs
-- about 8 bytes per event where an index of its own costs about 26
-- per field (1M events, measured: docs/benchmarks.md).
DROP INDEX IF EXISTS events_scope;
CREATE INDEX events_scope ON events(region_id, cat, time_us, read_only, ip_id, agent_id, iarn_id, itype_id, error_id);
-- ip: is the investigator's most common pivot after the access key, and
-- the scope index makes it read every event of the scope (0.3-0.5 s at
-- 1M): an index led by the IP reads only its events. read_only and
-- error_id let it answer the count and the timeline alone.
-- lookupcols.go declares the same index for the bulk load's rebuild.
CREATE INDEX IF NOT EXISTS events_ip ON events(ip_id, region_id, cat, time_us, read_only, error_id) WHERE ip_id IS NOT NULL;
