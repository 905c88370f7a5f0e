DROP INDEX "import_jobs_created_by_idx";--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "filename" text;--> statement-breakpoint
CREATE INDEX "attendance_corrections_filed_idx" ON "attendance_corrections" USING btree ("filed_at");--> statement-breakpoint
CREATE INDEX "attendance_corrections_status_filed_idx" ON "attendance_corrections" USING btree ("status","filed_at");--> statement-breakpoint
CREATE INDEX "attendance_corrections_region_filed_idx" ON "attendance_corrections" USING btree ("region_code","filed_at");--> statement-breakpoint
CREATE INDEX "person_change_requests_filed_idx" ON "person_change_requests" USING btree ("filed_at");--> statement-breakpoint
CREATE INDEX "person_change_requests_status_filed_idx" ON "person_change_requests" USING btree ("status","filed_at");--> statement-breakpoint
CREATE INDEX "import_jobs_created_by_idx" ON "import_jobs" USING btree ("created_by","created_at");