package store

// resourceTablesBefore12 turns the two resource tables of schema 12 back
// into the rowid table and the two partial indexes of schemas 1 to 11,
// with the same rows, so that a test can make an older store.
const resourceTablesBefore12 = `CREATE TABLE resources(event INTEGER NOT NULL, name_id INTEGER, type_id INTEGER,
	region_id INTEGER NOT NULL, cat INTEGER NOT NULL, time_us INTEGER NOT NULL);
INSERT INTO resources SELECT event, name_id, NULL, region_id, cat, time_us FROM resource_names;
INSERT INTO resources SELECT event, NULL, type_id, region_id, cat, time_us FROM resource_types;
DROP TABLE resource_names;
DROP TABLE resource_types;
CREATE INDEX resources_name ON resources(name_id, region_id, cat, time_us, event) WHERE name_id IS NOT NULL;
CREATE INDEX resources_type ON resources(type_id, region_id, cat, time_us, event) WHERE type_id IS NOT NULL`

// ResourceTablesBefore12ForTest is resourceTablesBefore12 for the
// package's external tests.
const ResourceTablesBefore12ForTest = resourceTablesBefore12
