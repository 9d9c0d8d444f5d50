-- trailview store, schema 7: the access keys issued by events, so that a
-- credential chain (which event issued a key, with which key it was
-- called) is a few index probes instead of a scan of the records.
-- key is the access key ID the event issued (responseElements), event the
-- events row of the issuing call, caller the access key ID that called it
-- (NULL for callers without one: AWS services, SAML and web identities).
-- Rows are never deleted: row IDs are never reused, so a row whose event
-- was pruned simply joins nothing.
CREATE TABLE IF NOT EXISTS issued(
  key    TEXT NOT NULL,
  event  INTEGER NOT NULL,
  caller TEXT
);

-- Stores written before this schema: the issuing events are found by name
-- through the dict and the events_name index, and only their records are
-- decoded (tv_issued_key, issued.go). Event name IDs are dict kind 3.
-- Rebuilt whole, so that running this again (a store whose schema number
-- was set back) leaves no duplicates.
DELETE FROM issued;
INSERT INTO issued(key, event, caller)
SELECT k, id, caller FROM (
  SELECT tv_issued_key(n.value, e.id, e.raw, CASE WHEN length(e.raw) = 1 THEN (SELECT z FROM blocks WHERE id = e.id >> 6) END) AS k,
         e.id AS id, (SELECT value FROM dict WHERE id = e.key_id) AS caller
  FROM dict n JOIN events e ON e.name_id = n.id
  WHERE n.kind = 3 AND n.value IN ('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity',
    'GetSessionToken', 'GetFederationToken', 'CreateAccessKey')
) WHERE k IS NOT NULL;

CREATE INDEX IF NOT EXISTS issued_key ON issued(key);
CREATE INDEX IF NOT EXISTS issued_caller ON issued(caller) WHERE caller IS NOT NULL;
