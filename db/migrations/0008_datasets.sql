CREATE TABLE "dataset_items" (
	"dataset_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"position" integer NOT NULL,
	"variables" jsonb NOT NULL,
	"expected" jsonb,
	"metadata" jsonb,
	"source_execution_id" uuid,
	CONSTRAINT "dataset_items_dataset_id_version_position_pk" PRIMARY KEY("dataset_id","version","position")
);
--> statement-breakpoint
CREATE TABLE "dataset_versions" (
	"dataset_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"item_count" integer NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dataset_versions_dataset_id_version_pk" PRIMARY KEY("dataset_id","version")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "datasets_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Dataset versions and their items are snapshots: like prompt versions, never changed or removed.
CREATE TRIGGER dataset_versions_immutable BEFORE UPDATE OR DELETE ON dataset_versions
  FOR EACH ROW EXECUTE FUNCTION verso_refuse_change();
--> statement-breakpoint
CREATE TRIGGER dataset_items_immutable BEFORE UPDATE OR DELETE ON dataset_items
  FOR EACH ROW EXECUTE FUNCTION verso_refuse_change();
