ALTER TABLE "users" ADD COLUMN "login_id_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "users_login_id_hash_uq" ON "users" USING btree ("login_id_hash");--> statement-breakpoint
CREATE INDEX "users_phone_idx" ON "users" USING btree ("phone");--> statement-breakpoint
-- hand-written: trainee accounts made before this log in with their ID number too (the same keyed hash)
UPDATE "users" u SET "login_id_hash" = p."id_number_hash" FROM "persons" p WHERE p."user_id" = u."id";
