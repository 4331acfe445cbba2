/** What a configuration change is about (the console's history filters by these; no zod here, so it stays small). */
export const CONFIG_ENTITIES = ['sla_policy', 'calendar', 'calendar_year', 'user', 'department', 'api_key', 'dealer_notification_settings', 'region_contacts', 'rule_set', 'callback_reason', 'qa_scorecard', 'audit_chain', 'dealer_campaign_callbacks', 'roadside_settings', 'import_sources', 'category'] as const;
export type ConfigEntity = (typeof CONFIG_ENTITIES)[number];
