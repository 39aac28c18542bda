-- Copyright 2026 The Safe Online Kiosk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The DSL queue on PostgreSQL (15 or newer). Run once, as a superuser, inside the
-- database that will hold the queue:
--
--   createdb sok_queue
--   psql -v ON_ERROR_STOP=1 -d sok_queue -f postgresql-setup.sql
--
-- It makes two group roles that cannot log in:
--   sok_kiosk  may only INSERT envelopes: it cannot read, change or delete any.
--   sok_dsl    reads envelopes, records actions and status, appends to the audit log.
-- Give each kiosk and each DSL a login role of its own in one of these groups
-- (README.md, "The DSL queue on PostgreSQL", shows how). Nothing is granted to PUBLIC.
-- Running it again is safe.

BEGIN;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sok_kiosk') THEN
    CREATE ROLE sok_kiosk NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sok_dsl') THEN
    CREATE ROLE sok_dsl NOLOGIN;
  END IF;
  EXECUTE format ('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database ());
  EXECUTE format ('GRANT CONNECT ON DATABASE %I TO sok_kiosk, sok_dsl', current_database ());
END
$$;

REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS sok;
REVOKE ALL ON SCHEMA sok FROM PUBLIC;
GRANT USAGE ON SCHEMA sok TO sok_kiosk, sok_dsl;

-- Sealed reports as the kiosks deliver them. Outside the seal: id, kiosk, urgency.
CREATE TABLE IF NOT EXISTS sok.envelopes (
  report_id   text PRIMARY KEY CHECK (length (report_id) BETWEEN 1 AND 100),
  kiosk_id    text NOT NULL CHECK (length (kiosk_id) BETWEEN 1 AND 100),
  urgent      boolean NOT NULL DEFAULT false,
  sealed      bytea NOT NULL CHECK (length (sealed) BETWEEN 1 AND 16777216),
  received_at bigint NOT NULL
              DEFAULT (extract (epoch FROM clock_timestamp ()) * 1000000)::bigint
);
CREATE INDEX IF NOT EXISTS envelopes_by_order ON sok.envelopes (urgent DESC, received_at DESC);

-- A case exists once the DSL has looked at or acted on a report.
CREATE TABLE IF NOT EXISTS sok.cases (
  report_id  text PRIMARY KEY REFERENCES sok.envelopes (report_id),
  status     text NOT NULL CHECK (status IN ('new', 'open', 'closed')),
  outcome    text,
  updated_at bigint NOT NULL,
  CHECK (status <> 'closed' OR outcome IS NOT NULL)
);

CREATE TABLE IF NOT EXISTS sok.actions (
  id        bigserial PRIMARY KEY,
  report_id text NOT NULL REFERENCES sok.envelopes (report_id),
  kind      text NOT NULL,
  by_name   text NOT NULL,
  at        bigint NOT NULL,
  note      text,
  reason    text
);
CREATE INDEX IF NOT EXISTS actions_by_report ON sok.actions (report_id, at);

-- The audit log: every view and every action, hash-chained by the client
-- (sok_audit_entry_compute_hash) so that a changed or deleted entry is detected by
-- "sokctl queue verify-audit". audit_head holds the last id and hash; writers lock it.
CREATE TABLE IF NOT EXISTS sok.audit (
  id        bigint PRIMARY KEY,
  at        bigint NOT NULL,
  actor     text NOT NULL,
  action    text NOT NULL,
  report_id text,
  detail    text,
  prev_hash text NOT NULL,
  hash      text NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_report ON sok.audit (report_id, id);

CREATE TABLE IF NOT EXISTS sok.audit_head (
  id        integer PRIMARY KEY CHECK (id = 1),
  last_id   bigint NOT NULL,
  last_hash text NOT NULL
);
INSERT INTO sok.audit_head VALUES (1, 0, repeat ('0', 64)) ON CONFLICT (id) DO NOTHING;

CREATE OR REPLACE FUNCTION sok.refuse_audit_change () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END
$$;

DROP TRIGGER IF EXISTS audit_append_only ON sok.audit;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON sok.audit
  FOR EACH ROW EXECUTE FUNCTION sok.refuse_audit_change ();
DROP TRIGGER IF EXISTS audit_no_truncate ON sok.audit;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON sok.audit
  FOR EACH STATEMENT EXECUTE FUNCTION sok.refuse_audit_change ();

-- Open DSL consoles LISTEN on sok_queue; every batch of new reports raises one
-- NOTIFY whose payload is "urgent" when any of them is urgent, else "new". It runs
-- as the function's owner, so kiosks need no rights beyond INSERT.
CREATE OR REPLACE FUNCTION sok.notify_new_envelopes () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, sok AS $$
DECLARE
  n_new integer;
  n_urgent integer;
BEGIN
  SELECT count (*), count (*) FILTER (WHERE urgent) INTO n_new, n_urgent FROM new_rows;
  IF n_new > 0 THEN
    PERFORM pg_notify ('sok_queue', CASE WHEN n_urgent > 0 THEN 'urgent' ELSE 'new' END);
  END IF;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION sok.notify_new_envelopes () FROM PUBLIC;

DROP TRIGGER IF EXISTS envelopes_notify ON sok.envelopes;
CREATE TRIGGER envelopes_notify AFTER INSERT ON sok.envelopes
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sok.notify_new_envelopes ();

-- Privileges. Nothing for PUBLIC; the kiosk may only INSERT (and only the columns a
-- kiosk knows: the queue stamps the time); the DSL may not change or delete envelopes
-- or audit entries.
REVOKE ALL ON ALL TABLES IN SCHEMA sok FROM PUBLIC, sok_kiosk, sok_dsl;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA sok FROM PUBLIC, sok_kiosk, sok_dsl;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA sok FROM PUBLIC;

GRANT INSERT (report_id, kiosk_id, urgent, sealed) ON sok.envelopes TO sok_kiosk;

GRANT SELECT ON sok.envelopes TO sok_dsl;
GRANT SELECT, INSERT, UPDATE ON sok.cases TO sok_dsl;
GRANT SELECT, INSERT ON sok.actions TO sok_dsl;
GRANT USAGE ON SEQUENCE sok.actions_id_seq TO sok_dsl;
GRANT SELECT, INSERT ON sok.audit TO sok_dsl;
GRANT SELECT, UPDATE ON sok.audit_head TO sok_dsl;

COMMIT;
