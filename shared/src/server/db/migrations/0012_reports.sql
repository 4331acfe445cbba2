CREATE TABLE "report_checkpoints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"cutoff_at" timestamp with time zone NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"taken_by" uuid,
	"query" jsonb NOT NULL,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_exports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"requested_by" uuid NOT NULL,
	"kind" text NOT NULL,
	"format" text NOT NULL,
	"query" jsonb NOT NULL,
	"status" text NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"rows_total" integer,
	"file_name" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sla_clock_spans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"milestone_id" uuid NOT NULL,
	"clock" text NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" uuid,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"breached" boolean NOT NULL,
	"business_seconds" integer NOT NULL,
	"clock_seconds" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sla_milestones" ADD COLUMN "owned_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_milestones" ADD COLUMN "paused_seconds_before_owner" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_checkpoints" ADD CONSTRAINT "report_checkpoints_taken_by_users_id_fk" FOREIGN KEY ("taken_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_exports" ADD CONSTRAINT "report_exports_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_clock_spans" ADD CONSTRAINT "sla_clock_spans_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_clock_spans" ADD CONSTRAINT "sla_clock_spans_milestone_id_sla_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."sla_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_checkpoints_cutoff_idx" ON "report_checkpoints" USING btree ("cutoff_at");--> statement-breakpoint
CREATE UNIQUE INDEX "report_checkpoints_scheduled_idx" ON "report_checkpoints" USING btree ("label") WHERE kind = 'scheduled';--> statement-breakpoint
CREATE INDEX "report_exports_requested_idx" ON "report_exports" USING btree ("requested_by","created_at");--> statement-breakpoint
CREATE INDEX "sla_clock_spans_ticket_idx" ON "sla_clock_spans" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "sla_clock_spans_owner_idx" ON "sla_clock_spans" USING btree ("clock","owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "sla_clock_spans_left_idx" ON "sla_clock_spans" USING btree ("owner_type","owner_id") WHERE outcome in ('rerouted', 'handed_over');--> statement-breakpoint
CREATE INDEX "sla_milestones_open_idx" ON "sla_milestones" USING btree ("clock","owner_type","owner_id") WHERE met_at is null and cancelled_at is null;--> statement-breakpoint
CREATE INDEX "sla_milestones_open_since_idx" ON "sla_milestones" USING btree (coalesce(owned_since, started_at)) WHERE met_at is null and cancelled_at is null;--> statement-breakpoint
-- A checkpoint is what the figures were: append-only, like ticket_events (migration 0001).
CREATE OR REPLACE FUNCTION careline_forbid_checkpoint_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'report_checkpoints is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER report_checkpoints_append_only BEFORE UPDATE OR DELETE ON report_checkpoints
  FOR EACH ROW EXECUTE FUNCTION careline_forbid_checkpoint_change();
