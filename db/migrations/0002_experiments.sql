CREATE TABLE "experiment_variants" (
	"experiment_id" uuid NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"version" integer NOT NULL,
	"weight" double precision NOT NULL,
	"is_control" boolean DEFAULT false NOT NULL,
	"model_config" jsonb,
	CONSTRAINT "experiment_variants_experiment_id_key_pk" PRIMARY KEY("experiment_id","key")
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"hypothesis" text DEFAULT '' NOT NULL,
	"prompt_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"coverage" double precision DEFAULT 1 NOT NULL,
	"salt" text NOT NULL,
	"primary_metric" jsonb NOT NULL,
	"guardrail_metrics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"min_sample_size" integer DEFAULT 100 NOT NULL,
	"alpha" double precision DEFAULT 0.05 NOT NULL,
	"method" text DEFAULT 'frequentist' NOT NULL,
	"winner" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	CONSTRAINT "experiments_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "execution_metrics" (
	"execution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"value" double precision NOT NULL,
	"experiment_id" uuid,
	"variant" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "execution_metrics_execution_id_name_pk" PRIMARY KEY("execution_id","name")
);
--> statement-breakpoint
CREATE TABLE "executions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"prompt_id" uuid NOT NULL,
	"prompt_name" text NOT NULL,
	"version" integer NOT NULL,
	"label" text,
	"experiment_id" uuid,
	"variant" text,
	"unit_id" text,
	"sticky" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'resolved' NOT NULL,
	"variables" jsonb NOT NULL,
	"metadata" jsonb,
	"provider" text,
	"model" text,
	"latency_ms" integer,
	"input_tokens" integer,
	"output_tokens" integer,
	"cost_usd" numeric(20, 10),
	"output" text,
	"error" text,
	"trace_id" text,
	"span_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "experiment_variants" ADD CONSTRAINT "experiment_variants_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_prompt_id_prompts_id_fk" FOREIGN KEY ("prompt_id") REFERENCES "public"."prompts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "experiments_one_running_per_prompt" ON "experiments" USING btree ("prompt_id") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "experiments_prompt_idx" ON "experiments" USING btree ("prompt_id");--> statement-breakpoint
CREATE INDEX "execution_metrics_experiment_idx" ON "execution_metrics" USING btree ("experiment_id","name","variant");--> statement-breakpoint
CREATE INDEX "executions_experiment_variant_idx" ON "executions" USING btree ("experiment_id","variant");--> statement-breakpoint
CREATE INDEX "executions_prompt_created_idx" ON "executions" USING btree ("prompt_id","created_at");