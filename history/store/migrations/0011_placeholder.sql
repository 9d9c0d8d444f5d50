-- Placeholder for the migration another branch adds as 0011 (issue 16 session).
-- The lead removes this file at merge; it only keeps the numbers 1..n.
SELECT 1;
