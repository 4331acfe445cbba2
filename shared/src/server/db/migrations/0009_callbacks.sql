CREATE TABLE "callback_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"result" text NOT NULL,
	"satisfaction" integer,
	"solved" boolean,
	"reason_code" text,
	"comment" text,
	"called_by" uuid,
	"called_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callback_reasons" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callback_tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ticket_id" uuid,
	"vehicle_id" uuid,
	"customer_id" uuid,
	"assignee_type" text NOT NULL,
	"dealer_id" uuid,
	"status" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"first_attempt_at" timestamp with time zone,
	"reached_at" timestamp with time zone,
	"satisfaction" integer,
	"solved" boolean,
	"reason_code" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
DROP TABLE "callbacks" CASCADE;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "callback_minutes" integer;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_task_id_callback_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."callback_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_reason_code_callback_reasons_code_fk" FOREIGN KEY ("reason_code") REFERENCES "public"."callback_reasons"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_called_by_users_id_fk" FOREIGN KEY ("called_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_dealer_id_dealers_id_fk" FOREIGN KEY ("dealer_id") REFERENCES "public"."dealers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "callback_attempts_task_idx" ON "callback_attempts" USING btree ("task_id","attempt");--> statement-breakpoint
CREATE INDEX "callback_tasks_queue_idx" ON "callback_tasks" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "callback_tasks_ticket_idx" ON "callback_tasks" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "callback_tasks_one_open_idx" ON "callback_tasks" USING btree ("ticket_id") WHERE status = 'open' and ticket_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "callback_tasks_campaign_idx" ON "callback_tasks" USING btree ("vehicle_id","kind") WHERE vehicle_id is not null;--> statement-breakpoint
-- The unhappy-reason taxonomy every installation starts with (admins edit names and order, and retire codes).
INSERT INTO "callback_reasons" ("code", "name_zh", "name_en", "sort_order") VALUES
  ('not_solved', '问题未解决', 'Problem not solved', 10),
  ('slow', '处理速度慢', 'Too slow', 20),
  ('no_contact', '经销商未联系客户', 'Dealer never contacted me', 30),
  ('attitude', '服务态度差', 'Poor attitude', 40),
  ('cost', '费用争议', 'Dispute over cost', 50),
  ('repeat_fault', '故障反复出现', 'Fault keeps coming back', 60),
  ('communication', '沟通不及时', 'Not kept informed', 70),
  ('other', '其他', 'Other', 90)
ON CONFLICT ("code") DO NOTHING;
--> statement-breakpoint
-- Complaints, roadside requests and P1 tickets are called back within 480 business minutes (8 working hours) of their resolution unless an admin sets
-- otherwise; other types are not called back by default.
UPDATE "sla_policies" SET "callback_minutes" = 480 WHERE "ticket_type" IN ('complaint', 'roadside') OR "priority" = 'P1';
