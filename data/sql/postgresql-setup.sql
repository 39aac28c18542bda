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
--   sok_kiosk  may only INSERT envelopes, and its own signing key: it cannot read,
--              change or delete any. A kiosk login delivers under its own name only.
--   sok_dsl    lists envelopes and cases, and writes only through the functions
--              below, which stamp who (session_user) and when (the server's clock)
--              and append every change to the audit log. It cannot read a sealed
--              report except through sok.open_report, which records the view.
-- Give each kiosk and each DSL a login role of its own in one of these groups
-- (README.md, "The DSL queue on PostgreSQL", shows how). Nothing is granted to PUBLIC.
--
-- Running it again is safe, and is how a queue set up by an older version is
-- upgraded: sok.schema_version says which version the queue is at, and the console
-- refuses a queue older than it needs.

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

-- Sealed reports as the kiosks deliver them. Outside the seal: id, kiosk, urgency,
-- and the half-day it arrived in (schema version 3, below, sets its default).
CREATE TABLE IF NOT EXISTS sok.envelopes (
  report_id   text PRIMARY KEY CHECK (length (report_id) BETWEEN 1 AND 100),
  kiosk_id    text NOT NULL CHECK (length (kiosk_id) BETWEEN 1 AND 100),
  urgent      boolean NOT NULL DEFAULT false,
  sealed      bytea NOT NULL CHECK (length (sealed) BETWEEN 1 AND 16777216),
  received_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS envelopes_by_order ON sok.envelopes (urgent DESC, received_at DESC);

-- A kiosk login's reports are filed under its own name: the kiosk leaves kiosk_id out
-- and the login fills it in; the trigger below refuses any other name from a member of
-- sok_kiosk. Superusers (administrators moving reports by hand) are not held to it.
ALTER TABLE sok.envelopes ALTER COLUMN kiosk_id SET DEFAULT session_user;

CREATE OR REPLACE FUNCTION sok.bind_kiosk_id () RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
     AND pg_has_role (session_user, 'sok_kiosk', 'MEMBER')
     AND NEW.kiosk_id IS DISTINCT FROM session_user::text THEN
    RAISE EXCEPTION 'the kiosk login % may deliver only as itself, not as %',
      session_user, NEW.kiosk_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION sok.bind_kiosk_id () FROM PUBLIC;

DROP TRIGGER IF EXISTS envelopes_bind_kiosk ON sok.envelopes;
CREATE TRIGGER envelopes_bind_kiosk BEFORE INSERT ON sok.envelopes
  FOR EACH ROW EXECUTE FUNCTION sok.bind_kiosk_id ();

-- Each kiosk's Ed25519 signing key (base64), and the DSL's decision on it. A kiosk
-- adds its own key as pending; the DSL approves or revokes it, with a MAC made with
-- the DSL key that the console checks, so a forged "approved" counts for nothing.
CREATE TABLE IF NOT EXISTS sok.kiosks (
  public_key  text PRIMARY KEY CHECK (length (public_key) = 44),
  kiosk_id    text NOT NULL DEFAULT session_user CHECK (length (kiosk_id) BETWEEN 1 AND 100),
  state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'revoked')),
  enrolled_at bigint NOT NULL
              DEFAULT (extract (epoch FROM clock_timestamp ()) * 1000000)::bigint,
  approved_at bigint,
  approved_by text,
  revoked_at  bigint,
  revoked_by  text,
  mac         text
);

DROP TRIGGER IF EXISTS kiosks_bind_kiosk ON sok.kiosks;
CREATE TRIGGER kiosks_bind_kiosk BEFORE INSERT ON sok.kiosks
  FOR EACH ROW EXECUTE FUNCTION sok.bind_kiosk_id ();

-- What the DSL's software found when it checked a report's signature (inside the seal),
-- with a MAC under the DSL key, so that the list need not open every report again.
CREATE TABLE IF NOT EXISTS sok.signature_checks (
  report_id text PRIMARY KEY REFERENCES sok.envelopes (report_id),
  kiosk_key text,
  result    text NOT NULL CHECK (result IN ('none', 'bad', 'good', 'unreadable')),
  mac       text NOT NULL
);

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

-- Schema version 2: authorship. -----------------------------------------------------
--
-- Audit entries of version 2 are written only by sok.append_audit, inside the
-- functions the DSL calls. The server stamps the login (session_user) and the time
-- (clock_timestamp), links the entry to the one before and returns it; the DSL's
-- software then MACs it with a key derived from the DSL's private key, which never
-- leaves dsl.key, and stores the MAC with sok.sign_audit in the same transaction.
-- Whoever can drop the triggers can recompute every hash, but not the MACs, so
-- "sokctl queue verify-audit" with the key finds the rewrite. An entry chains the
-- digest of its detail, not the detail, so the detail can be removed later and
-- leave a checkable tombstone.

CREATE TABLE IF NOT EXISTS sok.schema_version (
  id      integer PRIMARY KEY CHECK (id = 1),
  version integer NOT NULL
);
INSERT INTO sok.schema_version VALUES (1, 1) ON CONFLICT (id) DO NOTHING;

ALTER TABLE sok.audit ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 1;
ALTER TABLE sok.audit ADD COLUMN IF NOT EXISTS login text;
ALTER TABLE sok.audit ADD COLUMN IF NOT EXISTS detail_digest text;
-- The transaction that wrote the entry, so that only it may add the entry's MAC.
ALTER TABLE sok.audit ADD COLUMN IF NOT EXISTS txid bigint;
ALTER TABLE sok.actions ADD COLUMN IF NOT EXISTS login text;

CREATE TABLE IF NOT EXISTS sok.audit_mac (
  id  bigint PRIMARY KEY REFERENCES sok.audit (id),
  mac text NOT NULL CHECK (mac ~ '^[0-9a-f]{64}$')
);

DROP TRIGGER IF EXISTS audit_mac_append_only ON sok.audit_mac;
CREATE TRIGGER audit_mac_append_only BEFORE UPDATE OR DELETE ON sok.audit_mac
  FOR EACH ROW EXECUTE FUNCTION sok.refuse_audit_change ();
DROP TRIGGER IF EXISTS audit_mac_no_truncate ON sok.audit_mac;
CREATE TRIGGER audit_mac_no_truncate BEFORE TRUNCATE ON sok.audit_mac
  FOR EACH STATEMENT EXECUTE FUNCTION sok.refuse_audit_change ();

-- One field of an entry's canonical form, as sok_audit_entry_compute_hash_v2()
-- writes it: its length in UTF-8 bytes, a colon, the text and a newline; NULL as "-".
CREATE OR REPLACE FUNCTION sok.audit_field (t text) RETURNS text
  LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE WHEN t IS NULL THEN E'-\n'
              ELSE octet_length (convert_to (t, 'UTF8'))::text || ':' || t || E'\n' END
$$;

-- Appends one version 2 entry and moves the head; the caller is one of the SECURITY
-- DEFINER functions below. Locking the head serialises writers: the chain never forks.
CREATE OR REPLACE FUNCTION sok.append_audit (p_at bigint, p_actor text, p_action text,
                                             p_report_id text, p_detail text)
  RETURNS sok.audit
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  head record;
  e sok.audit;
BEGIN
  SELECT h.last_id, h.last_hash INTO head FROM sok.audit_head h WHERE h.id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the audit log has lost its head';
  END IF;
  e.id := head.last_id + 1;
  e.version := 2;
  e.at := p_at;
  e.login := session_user;
  e.actor := p_actor;
  e.action := p_action;
  e.report_id := p_report_id;
  e.detail := p_detail;
  e.detail_digest := CASE WHEN p_detail IS NULL THEN NULL
                          ELSE encode (sha256 (convert_to (p_detail, 'UTF8')), 'hex') END;
  e.prev_hash := head.last_hash;
  e.hash := encode (sha256 (convert_to (
              'sok-audit-v2' || E'\n' || e.id::text || E'\n' || e.at::text || E'\n' ||
              sok.audit_field (e.login) || sok.audit_field (e.actor) ||
              sok.audit_field (e.action) || sok.audit_field (e.report_id) ||
              sok.audit_field (e.detail_digest) || sok.audit_field (e.prev_hash),
              'UTF8')), 'hex');
  e.txid := txid_current ();
  INSERT INTO sok.audit VALUES (e.*);
  UPDATE sok.audit_head SET last_id = e.id, last_hash = e.hash WHERE id = 1;
  RETURN e;
END
$$;

CREATE OR REPLACE FUNCTION sok.check_entry (p_report_id text, p_actor text) RETURNS void
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF p_actor IS NULL OR length (p_actor) NOT BETWEEN 1 AND 200 THEN
    RAISE EXCEPTION 'every entry in the case record needs the name of who made it'
      USING ERRCODE = '22023';
  END IF;
  IF p_report_id IS NOT NULL AND
     NOT EXISTS (SELECT 1 FROM sok.envelopes e WHERE e.report_id = p_report_id) THEN
    RAISE EXCEPTION 'there is no report "%" in the DSL queue', p_report_id
      USING ERRCODE = 'P0002';
  END IF;
END
$$;

-- Records an action, a change of status, or an event about the whole queue, with its
-- audit entry, and returns the entry for the DSL's software to MAC.
DROP FUNCTION IF EXISTS sok.record (text, text, text, text, text, text, text, text, text);
CREATE FUNCTION sok.record (p_report_id text, p_actor text, p_action text, p_detail text,
                            p_kind text, p_note text, p_reason text,
                            p_status text, p_outcome text)
  RETURNS TABLE (entry_id bigint, entry_at bigint, entry_login text, entry_actor text,
                 entry_action text, entry_report_id text, entry_detail_digest text,
                 entry_prev_hash text, entry_hash text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  now_us bigint := (extract (epoch FROM clock_timestamp ()) * 1000000)::bigint;
  e sok.audit;
BEGIN
  PERFORM sok.check_entry (p_report_id, p_actor);
  -- Views are recorded only by reading the report, through sok.open_report.
  IF p_action IS NULL OR p_action = 'view' OR p_action !~ '^[a-z][a-z-]{0,39}$' THEN
    RAISE EXCEPTION 'not an action the audit log records: %', p_action USING ERRCODE = '22023';
  END IF;
  IF (p_kind IS NOT NULL OR p_status IS NOT NULL) AND p_report_id IS NULL THEN
    RAISE EXCEPTION 'an action or a status needs a report' USING ERRCODE = '22023';
  END IF;
  IF p_status IS NOT NULL THEN
    INSERT INTO sok.cases AS c (report_id, status, outcome, updated_at)
      VALUES (p_report_id, p_status, p_outcome, now_us)
      ON CONFLICT (report_id) DO UPDATE
      SET status = EXCLUDED.status, outcome = EXCLUDED.outcome, updated_at = EXCLUDED.updated_at;
  END IF;
  e := sok.append_audit (now_us, p_actor, p_action, p_report_id, p_detail);
  IF p_kind IS NOT NULL THEN
    INSERT INTO sok.actions (report_id, kind, by_name, login, at, note, reason, audit_id)
      VALUES (p_report_id, p_kind, p_actor, session_user, now_us, p_note, p_reason, e.id);
  END IF;
  RETURN QUERY SELECT e.id, e.at, e.login, e.actor, e.action, e.report_id, e.detail_digest,
                      e.prev_hash, e.hash;
END
$$;

-- The only way the DSL's role can read a sealed report: it records the view (and a
-- new case becomes open, unless the report is read for another purpose, such as the
-- governors' figures) and returns the entry with the report.
DROP FUNCTION IF EXISTS sok.open_report (text, text, text);
CREATE FUNCTION sok.open_report (p_report_id text, p_actor text, p_purpose text)
  RETURNS TABLE (entry_id bigint, entry_at bigint, entry_login text, entry_actor text,
                 entry_action text, entry_report_id text, entry_detail_digest text,
                 entry_prev_hash text, entry_hash text, entry_sealed bytea)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  now_us bigint := (extract (epoch FROM clock_timestamp ()) * 1000000)::bigint;
  e sok.audit;
BEGIN
  IF p_report_id IS NULL THEN
    RAISE EXCEPTION 'which report?' USING ERRCODE = '22023';
  END IF;
  PERFORM sok.check_entry (p_report_id, p_actor);
  IF p_purpose IS NULL THEN
    INSERT INTO sok.cases (report_id, status, updated_at)
      VALUES (p_report_id, 'open', now_us)
      ON CONFLICT (report_id) DO UPDATE SET status = 'open', updated_at = EXCLUDED.updated_at
      WHERE sok.cases.status = 'new';
  END IF;
  e := sok.append_audit (now_us, p_actor, 'view', p_report_id, p_purpose);
  RETURN QUERY SELECT e.id, e.at, e.login, e.actor, e.action, e.report_id, e.detail_digest,
                      e.prev_hash, e.hash, v.sealed
                 FROM sok.envelopes v WHERE v.report_id = p_report_id;
END
$$;

UPDATE sok.schema_version SET version = 2 WHERE id = 1 AND version < 2;

-- Schema version 3: an action carries the audit entry that recorded it and the DSL
-- key's MAC over its content, so that a note or reason changed in the table by
-- someone with the server's keys is found by verify-audit. -------------------------
ALTER TABLE sok.actions ADD COLUMN IF NOT EXISTS audit_id bigint REFERENCES sok.audit (id);
ALTER TABLE sok.actions ADD COLUMN IF NOT EXISTS mac text;

-- Stores the DSL's MAC for the entry this transaction has just written, and for no
-- other: an old entry cannot be given a MAC later, nor a MAC replaced. With an
-- action, the action's own MAC (over its note and reason, which the chain does not
-- hold) is stored with it (schema version 3).
DROP FUNCTION IF EXISTS sok.sign_audit (bigint, text);
DROP FUNCTION IF EXISTS sok.sign_audit (bigint, text, text);
CREATE FUNCTION sok.sign_audit (p_id bigint, p_mac text, p_action_mac text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM sok.audit a, sok.audit_head h
                  WHERE a.id = p_id AND h.id = 1 AND h.last_id = p_id AND a.version = 2
                    AND a.txid = txid_current () AND a.login = session_user) THEN
    RAISE EXCEPTION 'a MAC is taken only for the audit entry this transaction has just written'
      USING ERRCODE = '42501';
  END IF;
  INSERT INTO sok.audit_mac (id, mac) VALUES (p_id, p_mac);
  IF p_action_mac IS NOT NULL THEN
    IF p_action_mac !~ '^[0-9a-f]{64}$' THEN
      RAISE EXCEPTION 'not a MAC' USING ERRCODE = '22023';
    END IF;
    UPDATE sok.actions SET mac = p_action_mac WHERE audit_id = p_id AND mac IS NULL;
  END IF;
END
$$;

UPDATE sok.schema_version SET version = 3 WHERE id = 1 AND version < 3;

-- Schema version 4: no report's time finer than its half-day. -------------------
--
-- A kiosk's agreements table records, to the second, which named pupil stood at it
-- when; an exact arrival time beside an anonymous report could be matched to it. So
-- received_at holds only the start of the half-day (local midnight or local noon, in
-- the session's TimeZone: set the database's timezone to the school's, README.md)
-- the report arrived in, as µs since the epoch, and lists order within a half-day by
-- the random report id. Reports that arrived before are rounded down the same way.
-- Their old row versions stay in the table's pages until a VACUUM FULL, and in WAL
-- and backups made before: README.md says what to run after upgrading.

ALTER TABLE sok.envelopes ALTER COLUMN received_at SET DEFAULT
  (extract (epoch FROM
     (date_trunc ('day', localtimestamp)
      + CASE WHEN extract (hour FROM localtimestamp) >= 12 THEN interval '12 hours'
             ELSE interval '0 hours' END)
     AT TIME ZONE current_setting ('TimeZone')) * 1000000)::bigint;

UPDATE sok.envelopes e SET received_at = h.half_day
  FROM (SELECT report_id,
               (extract (epoch FROM
                  (date_trunc ('day', to_timestamp (received_at / 1000000.0)
                                      AT TIME ZONE current_setting ('TimeZone'))
                   + CASE WHEN extract (hour FROM to_timestamp (received_at / 1000000.0)
                                                  AT TIME ZONE current_setting ('TimeZone'))
                               >= 12 THEN interval '12 hours'
                          ELSE interval '0 hours' END)
                  AT TIME ZONE current_setting ('TimeZone')) * 1000000)::bigint AS half_day
        FROM sok.envelopes) h
  WHERE e.report_id = h.report_id AND e.received_at <> h.half_day;

-- What the server writes in its log about this database: no statements, no
-- durations, no lock waits. A line with a time beside a kiosk's INSERT would say
-- when a child pressed Send (urgent reports go at once). These are set on the
-- database, not on sok_kiosk: settings on a NOLOGIN group role are not inherited by
-- its members. log_connections and log_disconnections cannot be set after a
-- connection starts, so not here either, and track_commit_timestamp is the whole
-- server's: README.md says what to set in postgresql.conf. track_activities off keeps the query start times of this
-- database's sessions out of pg_stat_activity.
DO $$
BEGIN
  EXECUTE format ('ALTER DATABASE %I SET log_statement = %L', current_database (), 'none');
  EXECUTE format ('ALTER DATABASE %I SET log_min_duration_statement = -1', current_database ());
  EXECUTE format ('ALTER DATABASE %I SET log_duration = off', current_database ());
  EXECUTE format ('ALTER DATABASE %I SET log_lock_waits = off', current_database ());
  EXECUTE format ('ALTER DATABASE %I SET track_activities = off', current_database ());
END
$$;

UPDATE sok.schema_version SET version = 4 WHERE id = 1 AND version < 4;
-- 5: kiosks' signing keys, the DSL's decisions on them, and signature checks.
UPDATE sok.schema_version SET version = 5 WHERE id = 1 AND version < 5;

-- Nothing a kiosk login can observe tells it of other kiosks' reports. -----------
--
-- PostgreSQL has no privilege for LISTEN: any login may LISTEN on any channel, and a
-- trigger's body (so a "secret" channel name) is readable by every login in pg_proc.
-- So nothing in this database NOTIFYs; open DSL consoles ask, once a second, how
-- many envelopes there are, which only sok_dsl may read. The trigger that notified
-- earlier versions' consoles goes.
DROP TRIGGER IF EXISTS envelopes_notify ON sok.envelopes;
DROP FUNCTION IF EXISTS sok.notify_new_envelopes ();

-- The statistics functions and views, the lock table, the WAL position and the
-- transaction counter are open to PUBLIC and would show a kiosk login each insert
-- into sok.envelopes (a tuple counted, a page added, a lock held, the WAL or the
-- transaction id moving on). They are taken from PUBLIC here, in this database only:
-- functions and views live in each database's own pg_catalog, so other databases on
-- the server keep theirs. pg_monitor (and superusers) keep them for monitoring.
-- pg_class's reltuples and relpages stay readable (clients need pg_class): they
-- change only when VACUUM or ANALYZE runs, on autovacuum's own schedule after
-- dozens of inserts, and say nothing of when any one report came.
DO $$
DECLARE
  f regprocedure;
  v regclass;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure FROM pg_proc p
     WHERE p.pronamespace = 'pg_catalog'::regnamespace
       AND (p.proname LIKE 'pg\_stat\_get\_%'
            OR p.proname IN ('pg_relation_size', 'pg_total_relation_size', 'pg_table_size',
                             'pg_indexes_size', 'pg_database_size', 'pg_lock_status',
                             'pg_blocking_pids', 'pg_safe_snapshot_blocking_pids',
                             'pg_current_wal_lsn', 'pg_current_wal_insert_lsn',
                             'pg_current_wal_flush_lsn', 'pg_last_wal_receive_lsn',
                             'pg_last_wal_replay_lsn', 'pg_walfile_name',
                             'pg_walfile_name_offset',
                             'txid_current', 'txid_current_if_assigned',
                             'txid_current_snapshot', 'txid_status',
                             'pg_current_xact_id', 'pg_current_xact_id_if_assigned',
                             'pg_current_snapshot', 'pg_xact_status',
                             'pg_notification_queue_usage', 'pg_snapshot_xmax',
                             'pg_snapshot_xmin', 'txid_snapshot_xmax', 'txid_snapshot_xmin'))
  LOOP
    EXECUTE format ('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO pg_monitor', f);
  END LOOP;
  FOR v IN
    SELECT c.oid::regclass FROM pg_class c
     WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'v'
       AND (c.relname LIKE 'pg\_stat%' OR c.relname = 'pg_locks')
  LOOP
    EXECUTE format ('REVOKE SELECT ON %s FROM PUBLIC', v);
    EXECUTE format ('GRANT SELECT ON %s TO pg_monitor', v);
  END LOOP;
END
$$;

-- Schema version 6: hearing back (core/sok-queue-follow-up.c). ------------------
--
-- sok.replies is what every kiosk reads, all of it, in one statement that never
-- changes: a secret picture code's tag, a reply sealed with the code's key, and the
-- last day it may be read. Nothing in it names a case, and the server never learns
-- which code a child tapped in, or when. The rest is the DSL's alone: which cases
-- have a code (under the DSL key's MAC of the tag, until it expires), each case's
-- conversation, and which envelopes have been sorted into reports and answers (a
-- child's answer arrives as an envelope like any report).
CREATE TABLE IF NOT EXISTS sok.replies (
  tag        bytea NOT NULL CHECK (length (tag) = 32),
  ciphertext bytea NOT NULL,
  expires    date NOT NULL
);

CREATE TABLE IF NOT EXISTS sok.follow_ups (
  report_id text PRIMARY KEY REFERENCES sok.envelopes (report_id),
  tag_mac   text UNIQUE,
  expires   date NOT NULL,
  unread    boolean NOT NULL DEFAULT false,
  urgent    boolean NOT NULL DEFAULT false
);

CREATE TABLE IF NOT EXISTS sok.messages (
  id        bigserial PRIMARY KEY,
  report_id text NOT NULL REFERENCES sok.envelopes (report_id),
  from_dsl  boolean NOT NULL,
  half_day  bigint NOT NULL,
  sealed    bytea,
  answer_id text REFERENCES sok.envelopes (report_id),
  CHECK ((sealed IS NULL) <> (answer_id IS NULL))
);
CREATE INDEX IF NOT EXISTS messages_by_report ON sok.messages (report_id);

CREATE TABLE IF NOT EXISTS sok.sorted (
  report_id text PRIMARY KEY REFERENCES sok.envelopes (report_id),
  answer    boolean NOT NULL
);

UPDATE sok.schema_version SET version = 6 WHERE id = 1 AND version < 6;

-- Schema version 7: decisions on kiosks are stamped by the server. ----------------
--
-- The DSL's login no longer updates sok.kiosks itself (the privileges below take
-- that away): approving or revoking goes through sok.decide_kiosk, which stamps who
-- (the name given, and session_user in the audit entry) and when (the server's
-- clock), appends the decision to the audit log and returns both; the DSL's
-- software then MACs the row and the entry with the DSL key and hands the MACs
-- back with sok.sign_kiosk and sok.sign_audit in the same transaction. A revoked
-- kiosk stays revoked.
ALTER TABLE sok.kiosks ADD COLUMN IF NOT EXISTS decided_txid bigint;

DROP FUNCTION IF EXISTS sok.decide_kiosk (text, text, text, boolean, text);
CREATE FUNCTION sok.decide_kiosk (p_public_key text, p_actor text, p_state text,
                                  p_keep_approval boolean, p_detail text)
  RETURNS TABLE (entry_id bigint, entry_at bigint, entry_login text, entry_actor text,
                 entry_action text, entry_report_id text, entry_detail_digest text,
                 entry_prev_hash text, entry_hash text,
                 kiosk_name text, kiosk_enrolled_at bigint, kiosk_approved_at bigint,
                 kiosk_approved_by text, kiosk_revoked_at bigint, kiosk_revoked_by text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  now_us bigint := (extract (epoch FROM clock_timestamp ()) * 1000000)::bigint;
  k sok.kiosks;
  e sok.audit;
BEGIN
  PERFORM sok.check_entry (NULL, p_actor);
  IF p_state IS NULL OR p_state NOT IN ('approved', 'revoked') THEN
    RAISE EXCEPTION 'a decision on a kiosk is approved or revoked, not %', p_state
      USING ERRCODE = '22023';
  END IF;
  SELECT * INTO k FROM sok.kiosks WHERE public_key = p_public_key FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the DSL queue has no kiosk with that key' USING ERRCODE = 'P0002';
  END IF;
  IF k.state = 'revoked' THEN
    RAISE EXCEPTION 'kiosk % was revoked, and a revoked kiosk stays revoked', k.kiosk_id
      USING ERRCODE = '42501';
  END IF;
  IF p_state = 'approved' THEN
    UPDATE sok.kiosks SET state = 'approved', approved_at = now_us, approved_by = p_actor,
                          revoked_at = NULL, revoked_by = NULL, mac = NULL,
                          decided_txid = txid_current ()
      WHERE public_key = p_public_key RETURNING * INTO k;
  ELSE
    UPDATE sok.kiosks SET state = 'revoked',
                          approved_at = CASE WHEN p_keep_approval THEN approved_at END,
                          approved_by = CASE WHEN p_keep_approval THEN approved_by END,
                          revoked_at = now_us, revoked_by = p_actor, mac = NULL,
                          decided_txid = txid_current ()
      WHERE public_key = p_public_key RETURNING * INTO k;
  END IF;
  e := sok.append_audit (now_us, p_actor,
                         CASE p_state WHEN 'approved' THEN 'kiosk-approve' ELSE 'kiosk-revoke' END,
                         NULL, p_detail);
  RETURN QUERY SELECT e.id, e.at, e.login, e.actor, e.action, e.report_id, e.detail_digest,
                      e.prev_hash, e.hash, k.kiosk_id, k.enrolled_at, k.approved_at,
                      k.approved_by, k.revoked_at, k.revoked_by;
END
$$;

-- Stores the DSL's MAC for the decision this transaction has just stamped, and for
-- no other.
DROP FUNCTION IF EXISTS sok.sign_kiosk (text, text);
CREATE FUNCTION sok.sign_kiosk (p_public_key text, p_mac text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF p_mac IS NULL OR p_mac !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'not a MAC' USING ERRCODE = '22023';
  END IF;
  UPDATE sok.kiosks SET mac = p_mac
    WHERE public_key = p_public_key AND decided_txid = txid_current () AND mac IS NULL;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'a MAC is taken only for the decision on a kiosk this transaction has just made'
      USING ERRCODE = '42501';
  END IF;
END
$$;

UPDATE sok.schema_version SET version = 7 WHERE id = 1 AND version < 7;

-- Schema version 8: retention. ---------------------------------------------------
--
-- Closed cases are kept for the school's case-retention-years (README.md,
-- "Retention"), then removed with their envelopes, actions and signature checks, and
-- their audit entries reduced to tombstones: the detail goes, the digest of it that
-- the chain covers stays, so "sokctl queue verify-audit" still passes. The log stays
-- append-only but for exactly that one change, which the trigger below allows on a
-- version 2 entry and on nothing else; entries of version 1 chain the detail itself
-- and keep it. The DSL's role has no UPDATE or DELETE on any of these tables: it
-- removes a case only through sok.remove_closed_case, which checks on the server's
-- clock that the case was closed longer ago than the years given, and that this
-- transaction has just written the "retention" entry naming it (so verify-audit can
-- tell a tombstone left by retention from one left by tampering). Removed rows stay
-- in the table's pages until VACUUM reclaims them, and in WAL and backups made
-- before: README.md says what to run.

-- The audit log's trigger from now on: no entry is deleted, and an entry changes only
-- by losing the detail of a version 2 entry, with everything else as it was.
CREATE OR REPLACE FUNCTION sok.audit_allow_tombstone () RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  was sok.audit := OLD;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.version = 2 AND OLD.detail IS NOT NULL AND NEW.detail IS NULL THEN
      was.detail := NULL;
      IF NEW IS NOT DISTINCT FROM was THEN
        RETURN NEW;
      END IF;
    END IF;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only: only the detail of a removed case may go'
    USING ERRCODE = '42501';
END
$$;

DROP TRIGGER IF EXISTS audit_append_only ON sok.audit;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON sok.audit
  FOR EACH ROW EXECUTE FUNCTION sok.audit_allow_tombstone ();

DROP FUNCTION IF EXISTS sok.remove_closed_case (text, integer);
CREATE FUNCTION sok.remove_closed_case (p_report_id text, p_years integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  cutoff bigint;
  n integer;
  answers text[];
BEGIN
  IF p_years IS NULL OR p_years NOT BETWEEN 1 AND 50 THEN
    RAISE EXCEPTION 'case-retention-years must be a whole number of years from 1 to 50'
      USING ERRCODE = '22023';
  END IF;
  cutoff := (extract (epoch FROM clock_timestamp () - make_interval (years => p_years))
             * 1000000)::bigint;
  IF NOT EXISTS (SELECT 1 FROM sok.cases c
                  WHERE c.report_id = p_report_id AND c.status = 'closed'
                    AND c.updated_at < cutoff) THEN
    RAISE EXCEPTION 'report "%" is not a case closed more than % years ago', p_report_id, p_years
      USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM sok.audit a, sok.audit_head h
                  WHERE h.id = 1 AND a.id = h.last_id AND a.version = 2
                    AND a.action = 'retention' AND a.report_id IS NULL
                    AND a.txid = txid_current () AND a.login = session_user
                    AND p_report_id = ANY (string_to_array (a.detail, E'\n'))) THEN
    RAISE EXCEPTION 'a case is removed only just after the retention entry naming it'
      USING ERRCODE = '42501';
  END IF;
  UPDATE sok.audit SET detail = NULL
   WHERE report_id = p_report_id AND version = 2 AND detail IS NOT NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  DELETE FROM sok.actions WHERE report_id = p_report_id;
  -- Its conversation goes too: the DSL's replies and the child's answers, which
  -- arrived as envelopes of their own (an answer that became a case of its own is left
  -- to that case). The kiosk-readable reply rows name no case and go when they expire.
  answers := ARRAY (SELECT m.answer_id FROM sok.messages m
                     WHERE m.report_id = p_report_id AND m.answer_id IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM sok.cases c WHERE c.report_id = m.answer_id));
  DELETE FROM sok.messages WHERE report_id = p_report_id;
  DELETE FROM sok.follow_ups WHERE report_id = p_report_id;
  DELETE FROM sok.sorted WHERE report_id = p_report_id OR report_id = ANY (answers);
  DELETE FROM sok.signature_checks WHERE report_id = p_report_id OR report_id = ANY (answers);
  DELETE FROM sok.cases WHERE report_id = p_report_id;
  DELETE FROM sok.envelopes WHERE report_id = p_report_id OR report_id = ANY (answers);
  RETURN n;
END
$$;

UPDATE sok.schema_version SET version = 8 WHERE id = 1 AND version < 8;

-- Privileges. Nothing for PUBLIC; the kiosk may only INSERT (and only the columns a
-- kiosk knows: the queue stamps the time). The DSL reads everything but the sealed
-- reports and writes only through the functions above: it cannot change or delete
-- envelopes, cases, actions or audit entries, nor write them under another name or
-- time.
REVOKE ALL ON ALL TABLES IN SCHEMA sok FROM PUBLIC, sok_kiosk, sok_dsl;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA sok FROM PUBLIC, sok_kiosk, sok_dsl;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA sok FROM PUBLIC, sok_kiosk, sok_dsl;

GRANT INSERT (report_id, kiosk_id, urgent, sealed) ON sok.envelopes TO sok_kiosk;
GRANT INSERT (public_key) ON sok.kiosks TO sok_kiosk;

-- Every column but sealed: a new column the DSL should see must be added here.
GRANT SELECT (report_id, kiosk_id, urgent, received_at) ON sok.envelopes TO sok_dsl;
GRANT SELECT ON sok.cases, sok.actions, sok.audit, sok.audit_head, sok.audit_mac,
                sok.schema_version TO sok_dsl;
GRANT EXECUTE ON FUNCTION sok.record (text, text, text, text, text, text, text, text, text),
                          sok.open_report (text, text, text),
                          sok.sign_audit (bigint, text, text),
                          sok.decide_kiosk (text, text, text, boolean, text),
                          sok.sign_kiosk (text, text),
                          sok.remove_closed_case (text, integer) TO sok_dsl;
-- No UPDATE on sok.kiosks: decisions go through sok.decide_kiosk (schema version 7).
GRANT SELECT ON sok.kiosks, sok.signature_checks TO sok_dsl;
GRANT INSERT ON sok.signature_checks TO sok_dsl;

-- Hearing back: a kiosk reads every reply row and nothing else of a conversation.
GRANT SELECT (tag, ciphertext, expires) ON sok.replies TO sok_kiosk;
GRANT SELECT, INSERT, DELETE ON sok.replies TO sok_dsl;
GRANT SELECT, INSERT, UPDATE (tag_mac, unread, urgent) ON sok.follow_ups TO sok_dsl;
GRANT SELECT, INSERT ON sok.messages, sok.sorted TO sok_dsl;
GRANT USAGE ON SEQUENCE sok.messages_id_seq TO sok_dsl;

COMMIT;
