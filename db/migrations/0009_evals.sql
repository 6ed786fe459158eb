CREATE TABLE "eval_gates" (
	"prompt_id" uuid PRIMARY KEY NOT NULL,
	"dataset_id" uuid NOT NULL,
	"dataset_version" integer,
	"alpha" double precision DEFAULT 0.05 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eval_results" (
	"run_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"execution_id" uuid NOT NULL,
	"status" text NOT NULL,
	"output" text,
	"latency_ms" integer,
	"cost_usd" numeric(20, 10),
	"judge_cost_usd" numeric(20, 10),
	"scores" jsonb NOT NULL,
	"composite" double precision,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eval_results_run_id_position_pk" PRIMARY KEY("run_id","position")
);
--> statement-breakpoint
CREATE TABLE "eval_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"dataset_id" uuid NOT NULL,
	"dataset_version" integer NOT NULL,
	"prompt_id" uuid NOT NULL,
	"prompt_name" text NOT NULL,
	"version" integer NOT NULL,
	"model_config" jsonb NOT NULL,
	"model_override" jsonb,
	"evaluators" jsonb NOT NULL,
	"concurrency" integer NOT NULL,
	"requests_per_minute" integer,
	"status" text DEFAULT 'queued' NOT NULL,
	"item_count" integer NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"error" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "human_scores" (
	"execution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"value" double precision NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"scored_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "human_scores_execution_id_name_pk" PRIMARY KEY("execution_id","name")
);
--> statement-breakpoint
ALTER TABLE "eval_gates" ADD CONSTRAINT "eval_gates_prompt_id_prompts_id_fk" FOREIGN KEY ("prompt_id") REFERENCES "public"."prompts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_gates" ADD CONSTRAINT "eval_gates_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_results" ADD CONSTRAINT "eval_results_run_id_eval_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."eval_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_prompt_id_prompts_id_fk" FOREIGN KEY ("prompt_id") REFERENCES "public"."prompts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_dataset_id_dataset_version_dataset_versions_dataset_id_version_fk" FOREIGN KEY ("dataset_id","dataset_version") REFERENCES "public"."dataset_versions"("dataset_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "eval_runs_prompt_idx" ON "eval_runs" USING btree ("prompt_id","version","dataset_id","dataset_version");--> statement-breakpoint
CREATE INDEX "eval_runs_created_idx" ON "eval_runs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "eval_runs_open_idx" ON "eval_runs" USING btree ("lease_expires_at") WHERE "eval_runs"."status" in ('queued', 'running');--> statement-breakpoint
-- An item's result is written once, with its execution and metrics; a resumed run skips it.
CREATE TRIGGER eval_results_immutable BEFORE UPDATE OR DELETE ON eval_results
  FOR EACH ROW EXECUTE FUNCTION verso_refuse_change();
--> statement-breakpoint
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_status_check" CHECK ("status" in ('queued', 'running', 'completed', 'cancelled', 'failed'));
--> statement-breakpoint
ALTER TABLE "eval_gates" ADD CONSTRAINT "eval_gates_alpha_check" CHECK ("alpha" > 0 and "alpha" < 0.5);
--> statement-breakpoint
ALTER TABLE "human_scores" ADD CONSTRAINT "human_scores_value_check" CHECK (("name" = 'thumbs' and "value" in (0, 1)) or ("name" = 'rating' and "value" in (1, 2, 3, 4, 5)));
