-- trailview store, schema 5: whose turn it is to send the next LookupEvents
-- request of an account and Region. The service allows 2 requests per
-- second per account and Region, whichever process sends them, so every
-- 'trailview fetch' using this store claims its turn here (history/pace.go)
-- before each request. next_us (microseconds since the epoch, wall clock)
-- is when the next request may go: while a request is out, its holder's
-- lease end, renewed as long as the request lasts; after the answer, the
-- answer's time plus the interval. A process killed during a request
-- leaves a lease that simply runs out: no lock outlives its owner.
CREATE TABLE fetch_pace(
  account TEXT NOT NULL,
  region  TEXT NOT NULL,
  holder  TEXT NOT NULL,
  next_us INTEGER NOT NULL,
  PRIMARY KEY(account, region)
) WITHOUT ROWID;
