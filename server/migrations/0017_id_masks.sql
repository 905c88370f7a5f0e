-- Issue #7 "masks that reconstruct" (hand-written backfill around the generated column).
-- The birth year replaces the plain birth date: existing rows take the year of the date they have.
ALTER TABLE "persons" ADD COLUMN "birth_year" smallint;--> statement-breakpoint
UPDATE "persons" SET "birth_year" = extract(year from "birth_date")::smallint;--> statement-breakpoint
ALTER TABLE "persons" ALTER COLUMN "birth_year" SET NOT NULL;--> statement-breakpoint
-- Stored masks become the shared maskIdNumber form (first 3 + check character); the old 4+4 mask
-- holds both, so no decryption is needed. Same expression as shared/src/ids.ts for length > 4.
UPDATE "persons" SET "id_number_masked" = left("id_number_masked", 3) || repeat('*', length("id_number_masked") - 4) || right("id_number_masked", 1)
  WHERE length("id_number_masked") > 4;--> statement-breakpoint
UPDATE "institution_teachers" SET "id_number_masked" = left("id_number_masked", 3) || repeat('*', length("id_number_masked") - 4) || right("id_number_masked", 1)
  WHERE length("id_number_masked") > 4;
--> statement-breakpoint
-- Follows 0009 (issue #7): the year is filled in, so the plain birth date goes; only the shared mask form may be stored.
ALTER TABLE "persons" DROP COLUMN "birth_date";--> statement-breakpoint
ALTER TABLE "institution_teachers" ADD CONSTRAINT "institution_teachers_id_number_masked_ck" CHECK ("institution_teachers"."id_number_masked" ~ '^[0-9]{3}[*]{14}[0-9X]$');--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_id_number_masked_ck" CHECK ("persons"."id_number_masked" ~ '^[0-9]{3}[*]{14}[0-9X]$');