CREATE TABLE "audit_legacy_chains" (
	"ticket_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"tickets" integer NOT NULL,
	"events" integer NOT NULL,
	"uncovered_tickets" integer NOT NULL,
	"checkpoint_id" text,
	"checkpoint_error" text,
	"problem_count" integer NOT NULL,
	"problems" jsonb NOT NULL,
	"alerted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "ticket_events" ADD COLUMN "facts" jsonb;--> statement-breakpoint
CREATE INDEX "audit_runs_started_idx" ON "audit_runs" USING btree ("started_at");--> statement-breakpoint
-- Every ticket that exists now has a chain hashed with plain SHA-256: the first start after this migration verifies
-- and re-keys them with the HMAC key (upgradeLegacyChains, shared/src/server/audit/legacy-upgrade.ts).
INSERT INTO "audit_legacy_chains" ("ticket_id") SELECT "id" FROM "tickets";
