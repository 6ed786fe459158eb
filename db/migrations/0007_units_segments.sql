-- Per-unit results: metric rows carry the unit, so results group them without joining executions
-- (backfilled). Experiments that already started keep the tuning parameter they were analysed with (5,000).
DROP INDEX "executions_experiment_variant_idx";--> statement-breakpoint
DROP INDEX "execution_metrics_results_idx";--> statement-breakpoint
ALTER TABLE "experiments" ALTER COLUMN "method" SET DEFAULT 'sequential';--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN "sequential_tuning" double precision;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN "targeting" jsonb;--> statement-breakpoint
ALTER TABLE "execution_metrics" ADD COLUMN "unit_id" text;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "attributes" jsonb;--> statement-breakpoint
UPDATE "execution_metrics" m SET "unit_id" = e."unit_id" FROM "executions" e WHERE e."id" = m."execution_id" AND e."unit_id" IS NOT NULL;--> statement-breakpoint
UPDATE "experiments" SET "sequential_tuning" = 5000 WHERE "started_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "execution_metrics_positive_idx" ON "execution_metrics" USING btree ("experiment_id","name","variant","unit_id","value") WHERE "execution_metrics"."value" > 0;--> statement-breakpoint
CREATE INDEX "executions_experiment_unit_idx" ON "executions" USING btree ("experiment_id","variant","unit_id","created_at");--> statement-breakpoint
CREATE INDEX "execution_metrics_results_idx" ON "execution_metrics" USING btree ("experiment_id","name","variant","unit_id","value");