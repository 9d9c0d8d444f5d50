-- Placeholder so that feat/who's 0007 applies on its own branch: schema 6
-- belongs to feat/facetspeed. Delete this file when merging that branch.
SELECT 1;
