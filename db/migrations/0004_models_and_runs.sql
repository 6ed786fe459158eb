CREATE TABLE "models" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"display_name" text NOT NULL,
	"input_per_million" numeric(20, 10) NOT NULL,
	"output_per_million" numeric(20, 10) NOT NULL,
	"context_window" integer,
	"active" boolean DEFAULT true NOT NULL,
	"custom" boolean DEFAULT false NOT NULL,
	"price_source" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "executions" ALTER COLUMN "prompt_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "executions" ALTER COLUMN "prompt_name" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "executions" ALTER COLUMN "version" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "source" text DEFAULT 'resolve' NOT NULL;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "session_id" text;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "messages" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "models_provider_model_idx" ON "models" USING btree ("provider","model");--> statement-breakpoint
CREATE INDEX "executions_created_idx" ON "executions" USING btree ("created_at");