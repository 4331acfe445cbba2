CREATE TABLE "roadside_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"offer_seconds" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "roadside_offers" ADD COLUMN "ranking" jsonb;--> statement-breakpoint
-- Offers withdrawn by a dispatch by hand were left pending (then expired by their timer): recorded as withdrawn now,
-- as a dispatch by hand records them from this version on.
UPDATE "roadside_offers" o SET "status" = 'withdrawn', "answered_at" = coalesce(o."answered_at", now())
FROM "tickets" t
WHERE t."id" = o."ticket_id" AND o."status" = 'pending' AND t."status" <> 'new';--> statement-breakpoint
UPDATE "roadside_offers" o SET "status" = 'withdrawn'
WHERE o."status" = 'expired' AND EXISTS (
	SELECT 1 FROM "ticket_events" e
	WHERE e."ticket_id" = o."ticket_id" AND e."type" = 'dispatched' AND e."payload"->>'mode' = 'manual'
		AND e."occurred_at" >= o."offered_at" AND e."occurred_at" < o."due_at"
);
