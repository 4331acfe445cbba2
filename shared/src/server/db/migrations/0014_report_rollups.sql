CREATE TABLE "report_index_generation" (
	"id" integer PRIMARY KEY NOT NULL,
	"generation" bigint NOT NULL
);
--> statement-breakpoint
-- Not in schema.ts on purpose (see report_index_generation there): only the triggers below write these, only the reports' index reads them.
ALTER TABLE "sla_clock_spans" ADD COLUMN "changed_xid" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sla_milestones" ADD COLUMN "changed_xid" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "changed_xid" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "sla_clock_spans_changed_idx" ON "sla_clock_spans" USING btree ("changed_xid");--> statement-breakpoint
CREATE INDEX "sla_milestones_changed_idx" ON "sla_milestones" USING btree ("changed_xid");--> statement-breakpoint
CREATE INDEX "tickets_changed_idx" ON "tickets" USING btree ("changed_xid");--> statement-breakpoint
INSERT INTO "report_index_generation" ("id", "generation") VALUES (1, 0);--> statement-breakpoint
-- The reports' in-process index follows the rows by the transaction that last wrote them (server/reports/report-index.ts).
CREATE FUNCTION report_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.changed_xid := pg_current_xact_id()::text::bigint;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER tickets_report_stamp BEFORE INSERT OR UPDATE ON "tickets" FOR EACH ROW EXECUTE FUNCTION report_stamp_change();--> statement-breakpoint
CREATE TRIGGER sla_milestones_report_stamp BEFORE INSERT OR UPDATE ON "sla_milestones" FOR EACH ROW EXECUTE FUNCTION report_stamp_change();--> statement-breakpoint
CREATE TRIGGER sla_clock_spans_report_stamp BEFORE INSERT OR UPDATE ON "sla_clock_spans" FOR EACH ROW EXECUTE FUNCTION report_stamp_change();--> statement-breakpoint
-- …and loads again when rows go away or a stretch (written once) is changed in place.
CREATE FUNCTION report_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "report_index_generation" SET "generation" = "generation" + 1 WHERE "id" = 1;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER tickets_report_gone AFTER DELETE OR TRUNCATE ON "tickets" FOR EACH STATEMENT EXECUTE FUNCTION report_bump_generation();--> statement-breakpoint
CREATE TRIGGER sla_milestones_report_gone AFTER DELETE OR TRUNCATE ON "sla_milestones" FOR EACH STATEMENT EXECUTE FUNCTION report_bump_generation();--> statement-breakpoint
CREATE TRIGGER sla_clock_spans_report_gone AFTER UPDATE OR DELETE OR TRUNCATE ON "sla_clock_spans" FOR EACH STATEMENT EXECUTE FUNCTION report_bump_generation();
--> statement-breakpoint
-- The new column has no statistics yet: without them a refresh's "changed_xid >= x" looks like a third of the table.
ANALYZE "tickets", "sla_milestones", "sla_clock_spans";
