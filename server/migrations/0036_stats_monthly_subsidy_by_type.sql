ALTER TABLE "stats_monthly" ADD COLUMN "subsidy_training_person_times" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stats_monthly" ADD COLUMN "subsidy_training_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stats_monthly" ADD COLUMN "subsidy_evaluation_person_times" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stats_monthly" ADD COLUMN "subsidy_evaluation_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stats_monthly" ADD COLUMN "subsidy_living_allowance_person_times" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stats_monthly" ADD COLUMN "subsidy_living_allowance_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stats_monthly" ADD COLUMN "subsidy_skill_upgrading_person_times" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stats_monthly" ADD COLUMN "subsidy_skill_upgrading_fen" bigint DEFAULT 0 NOT NULL;