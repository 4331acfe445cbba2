-- ticket_events is append-only: the application never updates or deletes an event. The trigger turns an accidental
-- or casual edit into an error; someone who disables it on purpose is still caught by the hash chain.
CREATE OR REPLACE FUNCTION careline_forbid_event_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ticket_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ticket_events_append_only BEFORE UPDATE OR DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION careline_forbid_event_change();
