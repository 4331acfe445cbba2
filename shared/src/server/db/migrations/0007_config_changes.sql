CREATE TABLE "config_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_role" text,
	"actor_name" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE INDEX "config_changes_time_idx" ON "config_changes" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "config_changes_entity_idx" ON "config_changes" USING btree ("entity","entity_id","occurred_at");--> statement-breakpoint
-- Append-only, like ticket_events: a configuration history that could be edited would prove nothing.
CREATE OR REPLACE FUNCTION careline_forbid_config_change_edit() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'config_changes is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER config_changes_append_only BEFORE UPDATE OR DELETE ON config_changes
  FOR EACH ROW EXECUTE FUNCTION careline_forbid_config_change_edit();
