/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-schema"

#include "config.h"

#include "sok-schema.h"

/* Ordered migrations. Entry N (counting from 1) takes a database from schema N-1 to
 * schema N. Never edit an entry that has shipped: add a new one at the end and bump
 * SOK_STORE_SCHEMA_VERSION. */
static const char * const migrations[] = {
  /* 1: the kiosk's first schema. */
  "CREATE TABLE classes ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  year_group  INTEGER NOT NULL CHECK (year_group BETWEEN 0 AND 6),"
  "  listed      INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE TABLE pupils ("
  "  id          INTEGER PRIMARY KEY,"
  "  mis_id      TEXT,"
  "  forename    TEXT NOT NULL,"
  "  surname     TEXT NOT NULL,"
  "  year_group  INTEGER NOT NULL CHECK (year_group BETWEEN 0 AND 6),"
  "  class_id    INTEGER REFERENCES classes (id),"
  "  listed      INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE INDEX pupils_by_class ON pupils (class_id, listed);"
  "CREATE TABLE aup_versions ("
  "  id          INTEGER PRIMARY KEY,"
  "  band        TEXT NOT NULL CHECK (band IN ('early', 'junior')),"
  "  locale      TEXT NOT NULL,"
  "  sha256      TEXT NOT NULL UNIQUE,"
  "  content     TEXT NOT NULL,"
  "  first_shown INTEGER NOT NULL"
  ");"
  "CREATE TABLE agreements ("
  "  id             INTEGER PRIMARY KEY,"
  "  pupil_id       INTEGER NOT NULL REFERENCES pupils (id),"
  "  aup_version_id INTEGER NOT NULL REFERENCES aup_versions (id),"
  "  school_year    INTEGER NOT NULL,"
  "  agreed_at      INTEGER NOT NULL,"
  "  method         TEXT NOT NULL CHECK (method IN ('signature', 'tap')),"
  "  read_aloud     INTEGER NOT NULL DEFAULT 0,"
  "  with_adult     INTEGER NOT NULL DEFAULT 0,"
  "  signature      BLOB,"
  "  parent_endorsed_at INTEGER"
  ");"
  "CREATE INDEX agreements_by_pupil ON agreements (pupil_id, school_year);"
  "CREATE INDEX agreements_by_year ON agreements (school_year);"
  "CREATE TABLE outbox ("
  "  report_id       TEXT PRIMARY KEY,"
  "  kiosk_id        TEXT NOT NULL,"
  "  urgent          INTEGER NOT NULL DEFAULT 0,"
  "  sealed          BLOB NOT NULL,"
  "  created_at      INTEGER NOT NULL,"
  "  attempts        INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
  "  last_error      TEXT"
  ");"
  "CREATE TABLE kiosk_state ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT"
  ");"
  "CREATE TABLE staff ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  role       TEXT NOT NULL CHECK (role IN ('teacher', 'dsl', 'it')),"
  "  pin_hash   TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE pin_lock ("
  "  id           INTEGER PRIMARY KEY CHECK (id = 1),"
  "  failed       INTEGER NOT NULL DEFAULT 0,"
  "  lockouts     INTEGER NOT NULL DEFAULT 0,"
  "  locked_until INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE staff_log ("
  "  id       INTEGER PRIMARY KEY,"
  "  at       INTEGER NOT NULL,"
  "  staff_id INTEGER REFERENCES staff (id),"
  "  action   TEXT NOT NULL,"
  "  detail   TEXT"
  ");",

  /* 2: staff sign in by name, then PIN. Each member's wrong PINs of the last 24 hours
   * are kept, and a member with too many is locked until IT unlocks them. */
  "ALTER TABLE staff ADD COLUMN locked_at INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE pin_failures ("
  "  id       INTEGER PRIMARY KEY,"
  "  staff_id INTEGER NOT NULL REFERENCES staff (id),"
  "  at       INTEGER NOT NULL"
  ");"
  "CREATE INDEX pin_failures_by_staff ON pin_failures (staff_id, at);",

  /* 3: no report's time finer than its half-day (sok-half-day.h). The outbox keeps
   * the half-day a report was sent in, not the microsecond; when to try again lives
   * in the sync worker's memory (a restart simply tries again). The delivery times
   * in kiosk_state go; the kiosk writes half-days there from now on. The old rows'
   * pages are overwritten (secure_delete is on), and the integer half-day is worked
   * out in local time as sok_half_day_of() does. */
  "CREATE TABLE outbox_v3 ("
  "  report_id  TEXT PRIMARY KEY,"
  "  kiosk_id   TEXT NOT NULL,"
  "  urgent     INTEGER NOT NULL DEFAULT 0,"
  "  sealed     BLOB NOT NULL,"
  "  half_day   INTEGER NOT NULL,"
  "  attempts   INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT"
  ");"
  "INSERT INTO outbox_v3 (report_id, kiosk_id, urgent, sealed, half_day, attempts, last_error)"
  "  SELECT report_id, kiosk_id, urgent, sealed,"
  "    CAST (strftime ('%s', date (created_at / 1000000, 'unixepoch', 'localtime')"
  "      || CASE WHEN CAST (strftime ('%H', created_at / 1000000, 'unixepoch', 'localtime')"
  "                         AS INTEGER) < 12 THEN ' 00:00:00' ELSE ' 12:00:00' END,"
  "      'utc') AS INTEGER) * 1000000,"
  "    attempts, last_error"
  "  FROM outbox ORDER BY urgent DESC, created_at, rowid;"
  "DROP TABLE outbox;"
  "ALTER TABLE outbox_v3 RENAME TO outbox;"
  "DELETE FROM kiosk_state WHERE key IN ('outbox.last-error-at', 'outbox.last-delivered-at');",

  /* 4: the picture staff chose for a class tile (sok-class-picture.h); NULL when the
   * kiosk chooses one from the class's name. */
  "ALTER TABLE classes ADD COLUMN picture TEXT;",
};

guint
sok_schema_get_n_migrations (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
sok_schema_get_migration (guint version)
{
  g_return_val_if_fail (version >= 1 && version <= G_N_ELEMENTS (migrations), NULL);

  return migrations[version - 1];
}
