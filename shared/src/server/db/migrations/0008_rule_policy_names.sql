-- Routing rules and SLA policies get a name per language. Existing rows are filled from their one name:
-- "中文 / English" splits at the slash; "中文 English" (the demo's pattern: Chinese, then an English phrase starting
-- with a word) splits where the English starts; anything else is copied into both.
ALTER TABLE "routing_rules" ADD COLUMN "name_zh" text;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD COLUMN "name_en" text;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "name_zh" text;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "name_en" text;--> statement-breakpoint
UPDATE "routing_rules" SET
  "name_zh" = coalesce((regexp_match("name", '^(.+?)\s+/\s+(.+)$'))[1], (regexp_match("name", '^(.*[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+([A-Za-z][a-z][^\u4e00-\u9fff]*)$'))[1], "name"),
  "name_en" = coalesce((regexp_match("name", '^(.+?)\s+/\s+(.+)$'))[2], (regexp_match("name", '^(.*[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+([A-Za-z][a-z][^\u4e00-\u9fff]*)$'))[2], "name");--> statement-breakpoint
UPDATE "sla_policies" SET
  "name_zh" = coalesce((regexp_match("name", '^(.+?)\s+/\s+(.+)$'))[1], (regexp_match("name", '^(.*[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+([A-Za-z][a-z][^\u4e00-\u9fff]*)$'))[1], "name"),
  "name_en" = coalesce((regexp_match("name", '^(.+?)\s+/\s+(.+)$'))[2], (regexp_match("name", '^(.*[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+([A-Za-z][a-z][^\u4e00-\u9fff]*)$'))[2], "name");--> statement-breakpoint
ALTER TABLE "routing_rules" ALTER COLUMN "name_zh" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "routing_rules" ALTER COLUMN "name_en" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "sla_policies" ALTER COLUMN "name_zh" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "sla_policies" ALTER COLUMN "name_en" SET NOT NULL;
