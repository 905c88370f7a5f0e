-- Trigram matching for the persons name search (the persons_name_trgm_idx GIN index of the next
-- migration). pg_trgm is a trusted extension (PostgreSQL ≥ 13): a database owner may create it;
-- PGlite loads it from @electric-sql/pglite/contrib/pg_trgm (server/src/platform/db/db.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
