-- Placeholder on feat/fieldterms only: schema 10 belongs to feat/facettotals.
-- When both branches meet, this file is deleted and that branch's 0010 stays.
SELECT 1;
