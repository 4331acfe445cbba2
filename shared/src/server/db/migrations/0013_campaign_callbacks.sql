CREATE TABLE "callback_task_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"type" text NOT NULL,
	"actor_id" uuid,
	"actor_role" text,
	"actor_name" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"facts" jsonb,
	"previous_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD COLUMN "audit_head_hash" text;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD COLUMN "audit_event_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "dealers" ADD COLUMN "campaign_callbacks" text DEFAULT 'dealer' NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_task_events" ADD CONSTRAINT "callback_task_events_task_id_callback_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."callback_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "callback_task_events_sequence_idx" ON "callback_task_events" USING btree ("task_id","sequence");--> statement-breakpoint
CREATE INDEX "callback_tasks_due_idx" ON "callback_tasks" USING btree ("kind","due_at");--> statement-breakpoint
-- A campaign task's chain is append-only as ticket_events is (0001): the same refusal, naming the table it guards.
CREATE OR REPLACE FUNCTION careline_forbid_event_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER callback_task_events_append_only BEFORE UPDATE OR DELETE ON callback_task_events
  FOR EACH ROW EXECUTE FUNCTION careline_forbid_event_change();
