CREATE INDEX "classes_created_idx" ON "classes" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "classes_status_created_idx" ON "classes" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "classes_evaluator_idx" ON "classes" USING btree ("evaluator_institution_id");--> statement-breakpoint
CREATE INDEX "classes_code_trgm_idx" ON "classes" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "classes_title_trgm_idx" ON "classes" USING gin ("title" gin_trgm_ops);