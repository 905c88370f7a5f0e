-- Follows 0009 (issue #7): the year is filled in, so the plain birth date goes; only the shared mask form may be stored.
ALTER TABLE "persons" DROP COLUMN "birth_date";--> statement-breakpoint
ALTER TABLE "institution_teachers" ADD CONSTRAINT "institution_teachers_id_number_masked_ck" CHECK ("institution_teachers"."id_number_masked" ~ '^[0-9]{3}[*]{14}[0-9X]$');--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_id_number_masked_ck" CHECK ("persons"."id_number_masked" ~ '^[0-9]{3}[*]{14}[0-9X]$');