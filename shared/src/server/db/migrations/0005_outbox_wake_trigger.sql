-- Every transaction that writes the outbox wakes the relay: PostgreSQL delivers the notification at commit (never for
-- a rollback) and folds identical ones of one transaction into one. A statement trigger does it in the same round trip
-- as the insert, and no writer of the outbox can forget it. The channel is OUTBOX_WAKE_CHANNEL in ticket-events.ts.
CREATE OR REPLACE FUNCTION careline_outbox_wake() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('careline_outbox', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER outbox_wake AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION careline_outbox_wake();
