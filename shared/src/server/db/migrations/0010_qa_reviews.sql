CREATE TABLE "qa_scorecards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"items" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qa_scorecards_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "qa_reviews" ALTER COLUMN "score" SET DATA TYPE double precision;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD COLUMN "month" text NOT NULL;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD COLUMN "dealer_id" uuid;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD COLUMN "scorecard_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD COLUMN "seed" text NOT NULL;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD COLUMN "rank" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD COLUMN "sampled_by" uuid;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD COLUMN "answers" jsonb;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_dealer_id_dealers_id_fk" FOREIGN KEY ("dealer_id") REFERENCES "public"."dealers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_scorecard_id_qa_scorecards_id_fk" FOREIGN KEY ("scorecard_id") REFERENCES "public"."qa_scorecards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_sampled_by_users_id_fk" FOREIGN KEY ("sampled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "qa_reviews_month_idx" ON "qa_reviews" USING btree ("month","dealer_id");--> statement-breakpoint
ALTER TABLE "qa_reviews" DROP COLUMN "scorecard";--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_ticket_id_unique" UNIQUE("ticket_id");--> statement-breakpoint
-- The scorecard every installation starts with (QA and admins edit it or add others).
INSERT INTO "qa_scorecards" ("id", "code", "name_zh", "name_en", "items") VALUES (
  gen_random_uuid(), 'STANDARD', '投诉处理质检标准卡', 'Complaint handling standard',
  '[{"key":"contacted_in_time","labelZh":"是否及时联系客户","labelEn":"Contacted the customer in time","kind":"yes_no","weight":30},
    {"key":"solution_matches","labelZh":"处理方案与投诉内容相符","labelEn":"Solution matches the complaint","kind":"yes_no","weight":30},
    {"key":"customer_confirmed","labelZh":"客户确认问题已解决","labelEn":"Customer confirmed the solution","kind":"yes_no","weight":20},
    {"key":"record_quality","labelZh":"处理记录完整清晰（1–5）","labelEn":"Handling record complete and clear (1–5)","kind":"scale","weight":20}]'::jsonb
) ON CONFLICT ("code") DO NOTHING;
