-- Reserved: schema 7 belongs to another branch's change (feat/search was
-- written beside it). At merge this file is replaced by that branch's own
-- 0007 migration; it changes nothing.
SELECT 1;
