DROP INDEX "execution_metrics_experiment_idx";--> statement-breakpoint
CREATE INDEX "execution_metrics_results_idx" ON "execution_metrics" USING btree ("experiment_id","name","variant","value");