CREATE TABLE "import_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"created" boolean NOT NULL,
	"fields" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mappings_source_kind_pk" PRIMARY KEY("source","kind")
);
--> statement-breakpoint
CREATE TABLE "import_rejections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"field" text NOT NULL,
	"rule" text NOT NULL,
	"value" text,
	"dealer_id" uuid
);
--> statement-breakpoint
CREATE TABLE "import_sources" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"priority" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- `imports` was declared and never written: emptied so that its new NOT NULL columns need no value.
DELETE FROM "imports";--> statement-breakpoint
ALTER TABLE "imports" ALTER COLUMN "total_rows" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "imports" ALTER COLUMN "total_rows" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" DROP COLUMN "rejected_rows";--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "rejected_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "id_number_hash" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "id_number_masked" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "quality_flags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "merged_into" uuid;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "source" text NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "file_path" text NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "file_sha256" text NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "file_bytes" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "format" text NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "mapping" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "as_of" timestamp with time zone NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "processed_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "created_records" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "updated_records" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "unchanged_records" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "dealer_id" uuid;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "undone_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "undone_by" uuid;--> statement-breakpoint
ALTER TABLE "vehicles" ADD COLUMN "flags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "vehicles" ADD COLUMN "field_sources" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "import_changes" ADD CONSTRAINT "import_changes_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_source_import_sources_code_fk" FOREIGN KEY ("source") REFERENCES "public"."import_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rejections" ADD CONSTRAINT "import_rejections_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rejections" ADD CONSTRAINT "import_rejections_dealer_id_dealers_id_fk" FOREIGN KEY ("dealer_id") REFERENCES "public"."dealers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_changes_import_idx" ON "import_changes" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "import_changes_entity_idx" ON "import_changes" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "import_rejections_import_idx" ON "import_rejections" USING btree ("import_id","row_number");--> statement-breakpoint
CREATE INDEX "import_rejections_dealer_idx" ON "import_rejections" USING btree ("dealer_id");--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_source_import_sources_code_fk" FOREIGN KEY ("source") REFERENCES "public"."import_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_dealer_id_dealers_id_fk" FOREIGN KEY ("dealer_id") REFERENCES "public"."dealers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_undone_by_users_id_fk" FOREIGN KEY ("undone_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_id_number_idx" ON "customers" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "imports_created_idx" ON "imports" USING btree ("created_at");;--> statement-breakpoint
-- The source systems, ranked (admins change the ranking): finance > invoice > dealer-entered > the hotline's own entry.
INSERT INTO "import_sources" ("code", "name_zh", "name_en", "priority") VALUES
	('finance', '金融/保险系统', 'Finance and insurance', 40),
	('invoice', '开票系统', 'Invoice system', 30),
	('dealer', '经销商录入', 'Dealer-entered', 20),
	('hotline', '热线录入', 'Entered by the hotline', 10);--> statement-breakpoint
-- A field's source was its system's code alone: now the code, since when (the record's creation, the best known) and
-- the import (none).
UPDATE "customers" c SET "field_sources" = (
	SELECT coalesce(jsonb_object_agg(f.key, CASE WHEN jsonb_typeof(f.value) = 'string'
		THEN jsonb_build_object('source', f.value, 'at', to_jsonb(c."created_at"), 'importId', null) ELSE f.value END), '{}'::jsonb)
	FROM jsonb_each(c."field_sources") f
) WHERE c."field_sources" <> '{}'::jsonb;
