CREATE TABLE "assist_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"text" text NOT NULL,
	"ticket_type" text NOT NULL,
	"category_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone,
	"import_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assist_models" (
	"id" uuid PRIMARY KEY NOT NULL,
	"algorithm" text NOT NULL,
	"status" text NOT NULL,
	"ticket_samples" integer NOT NULL,
	"imported_samples" integer NOT NULL,
	"held_out_samples" integer NOT NULL,
	"accuracy" jsonb NOT NULL,
	"model" jsonb NOT NULL,
	"train_ms" integer NOT NULL,
	"trained_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_article_versions" (
	"article_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"models" text[] NOT NULL,
	"year_from" integer,
	"year_to" integer,
	"symptoms" text[] NOT NULL,
	"audience" text NOT NULL,
	"status" text NOT NULL,
	"edited_by" uuid,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_article_versions_article_id_version_pk" PRIMARY KEY("article_id","version")
);
--> statement-breakpoint
CREATE TABLE "ticket_kb_links" (
	"ticket_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"article_version" integer NOT NULL,
	"linked_by" uuid,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_with" boolean DEFAULT false NOT NULL,
	CONSTRAINT "ticket_kb_links_ticket_id_article_id_pk" PRIMARY KEY("ticket_id","article_id")
);
--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "keywords" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "year_from" integer;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "year_to" integer;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "audience" text DEFAULT 'agents' NOT NULL;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "search" "tsvector" NOT NULL;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assist_history" ADD CONSTRAINT "assist_history_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assist_history" ADD CONSTRAINT "assist_history_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assist_models" ADD CONSTRAINT "assist_models_trained_by_users_id_fk" FOREIGN KEY ("trained_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_article_versions" ADD CONSTRAINT "kb_article_versions_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_article_versions" ADD CONSTRAINT "kb_article_versions_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_kb_links" ADD CONSTRAINT "ticket_kb_links_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_kb_links" ADD CONSTRAINT "ticket_kb_links_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_kb_links" ADD CONSTRAINT "ticket_kb_links_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assist_history_row_idx" ON "assist_history" USING btree ("import_id","row_number");--> statement-breakpoint
CREATE INDEX "assist_history_category_idx" ON "assist_history" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "assist_models_created_idx" ON "assist_models" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ticket_kb_links_article_idx" ON "ticket_kb_links" USING btree ("article_id");--> statement-breakpoint
ALTER TABLE "kb_articles" ADD CONSTRAINT "kb_articles_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kb_articles_search_idx" ON "kb_articles" USING gin ("search");--> statement-breakpoint
CREATE INDEX "kb_articles_status_idx" ON "kb_articles" USING btree ("status","updated_at");