ALTER TABLE "sla_policies" ADD COLUMN "rescue_accept_minutes" integer;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "rescue_arrive_minutes" integer;--> statement-breakpoint
-- The shipped roadside policy gets the rescue targets (a fresh installation seeds them); admins change them in Admin → SLA policies.
UPDATE "sla_policies" SET "rescue_accept_minutes" = 15, "rescue_arrive_minutes" = 60 WHERE "code" = 'ROADSIDE' AND "ticket_type" = 'roadside';
