-- generations_by_id (id) duplicated the primary key (id, created_at): a lookup by id names the second its id
-- carries (gen-<unix seconds>-…), so it is `id = ? AND created_at >= ? AND created_at < ?`, which the primary key
-- answers on the one partition it prunes to. Every generation insert paid for the second btree entry: in
-- bench/run.sh's metering, 15 % of a row's insert cost (20,000-row inserts, 24.5 → 19 µs a row without it).
DROP INDEX generations_by_id;
