-- roadside_jobs was never written before this migration (nothing inserted into it): reshaped in place.
DELETE FROM "roadside_jobs";--> statement-breakpoint
CREATE TABLE "roadside_offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"dealer_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"status" text NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"answered_by" text,
	"eta_minutes" integer,
	"decline_reason" text,
	"decline_text" text
);
--> statement-breakpoint
ALTER TABLE "roadside_jobs" ADD COLUMN "candidates" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "roadside_jobs" ADD COLUMN "origin" jsonb;--> statement-breakpoint
ALTER TABLE "roadside_jobs" ADD COLUMN "offer_seconds" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "roadside_jobs" ADD COLUMN "eta_minutes" integer;--> statement-breakpoint
ALTER TABLE "roadside_jobs" ADD COLUMN "tow_destination_dealer_id" uuid;--> statement-breakpoint
ALTER TABLE "roadside_jobs" ADD COLUMN "accepted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "roadside_jobs" ADD COLUMN "arrived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "roadside_jobs" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "roadside_jobs" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "roadside_offers" ADD CONSTRAINT "roadside_offers_job_id_roadside_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."roadside_jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadside_offers" ADD CONSTRAINT "roadside_offers_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadside_offers" ADD CONSTRAINT "roadside_offers_dealer_id_dealers_id_fk" FOREIGN KEY ("dealer_id") REFERENCES "public"."dealers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "roadside_offers_dealer_idx" ON "roadside_offers" USING btree ("dealer_id","status");--> statement-breakpoint
CREATE INDEX "roadside_offers_pending_idx" ON "roadside_offers" USING btree ("due_at") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "roadside_offers_round_idx" ON "roadside_offers" USING btree ("job_id","round");--> statement-breakpoint
ALTER TABLE "roadside_jobs" ADD CONSTRAINT "roadside_jobs_tow_destination_dealer_id_dealers_id_fk" FOREIGN KEY ("tow_destination_dealer_id") REFERENCES "public"."dealers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "roadside_jobs_ticket_idx" ON "roadside_jobs" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "roadside_jobs_provider_idx" ON "roadside_jobs" USING btree ("provider_dealer_id","status");--> statement-breakpoint
ALTER TABLE "roadside_jobs" DROP COLUMN "offers";