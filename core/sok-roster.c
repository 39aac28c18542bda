/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-roster"

#include "config.h"

#include "sok-class-picture.h"
#include "sok-roster.h"

/* The roster: classes and pupils from the school's MIS export (CSV), and the lists
 * the kiosk's promise screens show. Pupils' names are never logged. */

G_DEFINE_QUARK (sok-roster-error-quark, sok_roster_error)

void
sok_roster_problem_free (SokRosterProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->reason);
  g_free (problem);
}

void
sok_class_free (SokClass *klass)
{
  if (klass == NULL)
    return;
  g_free (klass->name);
  g_free (klass->picture);
  g_free (klass);
}

void
sok_pupil_free (SokPupil *pupil)
{
  if (pupil == NULL)
    return;
  g_free (pupil->forename);
  g_free (pupil->surname);
  g_free (pupil->label);
  g_free (pupil->class_name);
  g_free (pupil);
}

/* ---- Year groups --------------------------------------------------------------- */

/**
 * sok_roster_parse_year_group:
 * @text: a year group as an MIS writes it: "Reception", "R", "YR", "Rec", "Year 1",
 *   "Y1", "1" … "Year 6"
 * @year_group: (out): 0 for Reception, 1 to 6
 * @reason: (out) (optional) (transfer full): why @text was refused
 */
gboolean
sok_roster_parse_year_group (const char  *text,
                             int         *year_group,
                             char       **reason)
{
  g_autofree char *t = NULL;
  char *digits;
  char *end = NULL;
  gint64 n;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (year_group != NULL, FALSE);

  t = g_ascii_strdown (text, -1);
  g_strstrip (t);

  if (*t == '\0')
    {
      if (reason)
        *reason = g_strdup ("the year group is empty");
      return FALSE;
    }

  if (g_str_equal (t, "reception") || g_str_equal (t, "r") || g_str_equal (t, "yr") ||
      g_str_equal (t, "rec") || g_str_equal (t, "year r") || g_str_equal (t, "0"))
    {
      *year_group = 0;
      return TRUE;
    }

  if (g_str_has_prefix (t, "n") && (g_str_equal (t, "n1") || g_str_equal (t, "n2") ||
                                    g_str_equal (t, "nursery")))
    {
      if (reason)
        *reason = g_strdup_printf ("“%s” is a nursery year group; the kiosk is for "
                                   "Reception to Year 6, so leave nursery pupils out "
                                   "of the export", text);
      return FALSE;
    }

  digits = t;
  if (g_str_has_prefix (digits, "year"))
    digits += strlen ("year");
  else if (*digits == 'y')
    digits++;
  while (*digits == ' ')
    digits++;

  if (g_ascii_isdigit (*digits))
    {
      n = g_ascii_strtoll (digits, &end, 10);
      if (end != NULL && *end == '\0')
        {
          if (n >= 1 && n <= 6)
            {
              *year_group = (int)n;
              return TRUE;
            }
          if (reason)
            *reason = g_strdup_printf ("“%s” is not a primary year group; the kiosk "
                                       "takes Reception to Year 6", text);
          return FALSE;
        }
    }

  if (reason)
    *reason = g_strdup_printf ("“%s” is not a year group the kiosk knows; write "
                               "Reception, R, Year 1 … Year 6, Y1 … Y6 or 1 … 6", text);
  return FALSE;
}

/* ---- CSV (RFC 4180) ------------------------------------------------------------ */

typedef struct
{
  guint      line;     /* where the record starts */
  GPtrArray *fields;   /* of char* */
  char      *problem;  /* set when the record is malformed */
} Record;

static void
record_free (gpointer data)
{
  Record *record = data;

  g_ptr_array_unref (record->fields);
  g_free (record->problem);
  g_free (record);
}

static Record *
record_new (guint line)
{
  Record *record = g_new0 (Record, 1);

  record->line = line;
  record->fields = g_ptr_array_new_with_free_func (g_free);
  return record;
}

static gboolean
record_is_blank (Record *record)
{
  if (record->problem != NULL)
    return FALSE;
  for (guint f = 0; f < record->fields->len; f++)
    if (*(char *)g_ptr_array_index (record->fields, f) != '\0')
      return FALSE;
  return TRUE;
}

/* Reads CSV as RFC 4180 describes it, as Excel and the MIS write it: CRLF or LF,
 * fields in double quotes may hold commas, line breaks and doubled quotes. */
static GPtrArray *
parse_csv (const char  *name,
           const char  *data,
           gsize        length,
           GError     **error)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (record_free);
  g_autoptr (GString) field = g_string_new (NULL);
  Record *record = NULL;
  guint line = 1;
  guint quote_line = 0;
  gboolean in_quotes = FALSE;
  gboolean was_quoted = FALSE;
  gsize i = 0;

  record = record_new (line);

  while (i <= length)
    {
      char c = i < length ? data[i] : '\0';
      gboolean at_end = i == length;

      if (in_quotes)
        {
          if (at_end)
            {
              record_free (record);
              g_set_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_SYNTAX,
                           "%s line %u: a field opened with a quote (\") is never closed, "
                           "so the rest of the file cannot be read; close the quote "
                           "or remove it", name, quote_line);
              return NULL;
            }
          if (c == '"')
            {
              if (i + 1 < length && data[i + 1] == '"')
                {
                  g_string_append_c (field, '"');
                  i += 2;
                  continue;
                }
              in_quotes = FALSE;
              i++;
              continue;
            }
          if (c == '\n')
            line++;
          g_string_append_c (field, c);
          i++;
          continue;
        }

      if (at_end || c == ',' || c == '\n' || c == '\r')
        {
          g_ptr_array_add (record->fields, g_strndup (field->str, field->len));
          g_string_truncate (field, 0);
          was_quoted = FALSE;

          if (c == ',')
            {
              i++;
              continue;
            }

          /* The end of a record: skip blank lines, and lines of empty fields only
           * (",,,"), which spreadsheets write for rows that were cleared; keep
           * everything else. */
          if (record_is_blank (record))
            record_free (record);
          else
            g_ptr_array_add (records, record);

          if (at_end)
            break;
          if (c == '\r' && i + 1 < length && data[i + 1] == '\n')
            i++;
          i++;
          line++;
          record = record_new (line);
          continue;
        }

      if (c == '"' && field->len == 0 && !was_quoted)
        {
          in_quotes = TRUE;
          was_quoted = TRUE;
          quote_line = line;
          i++;
          continue;
        }

      if (was_quoted && record->problem == NULL)
        record->problem = g_strdup ("text follows a closing quote; a quote inside a "
                                    "quoted field must be doubled (\"\")");
      g_string_append_c (field, c);
      i++;
    }

  return g_steal_pointer (&records);
}

/* ---- Header --------------------------------------------------------------------- */

typedef enum
{
  COLUMN_FORENAME,
  COLUMN_SURNAME,
  COLUMN_YEAR,
  COLUMN_CLASS,
  COLUMN_MIS_ID,
  N_COLUMNS
} Column;

/* Header names as SIMS, Arbor and Bromcom write them, best first within a column:
 * a pupil is called by their preferred name when the export has one. */
static const struct
{
  Column      column;
  int         rank;
  const char *header;
} header_names[] = {
  { COLUMN_FORENAME, 0, "preferred forename" },
  { COLUMN_FORENAME, 1, "forename" },
  { COLUMN_FORENAME, 2, "first name" },
  { COLUMN_FORENAME, 3, "legal forename" },
  { COLUMN_FORENAME, 0, "preferred first name" },
  { COLUMN_FORENAME, 3, "legal first name" },
  { COLUMN_SURNAME, 0, "preferred surname" },
  { COLUMN_SURNAME, 1, "surname" },
  { COLUMN_SURNAME, 2, "last name" },
  { COLUMN_SURNAME, 3, "legal surname" },
  { COLUMN_SURNAME, 0, "preferred last name" },
  { COLUMN_SURNAME, 3, "legal last name" },
  { COLUMN_YEAR, 0, "year" },
  { COLUMN_YEAR, 0, "year group" },
  { COLUMN_YEAR, 0, "nc year" },
  { COLUMN_YEAR, 1, "national curriculum year" },
  { COLUMN_CLASS, 0, "reg group" },
  { COLUMN_CLASS, 0, "registration group" },
  { COLUMN_CLASS, 0, "class" },
  { COLUMN_CLASS, 0, "form" },
  { COLUMN_CLASS, 0, "registration form" },
  { COLUMN_CLASS, 0, "reg form" },
  { COLUMN_CLASS, 0, "form group" },
  { COLUMN_CLASS, 1, "tutor group" },
  { COLUMN_MIS_ID, 0, "upn" },
  { COLUMN_MIS_ID, 1, "admission no" },
  { COLUMN_MIS_ID, 1, "admission number" },
  { COLUMN_MIS_ID, 1, "adno" },
  { COLUMN_MIS_ID, 2, "id" },
  { COLUMN_MIS_ID, 2, "mis id" },
};

static const char * const column_meaning[] = {
  "forename (Forename, Preferred forename or Legal forename)",
  "surname (Surname, Legal surname or Preferred surname)",
  "year group (Year, Year Group or NC Year)",
  "class (Reg Group, Registration group, Registration form, Class, Form or Tutor group)",
};

/* "  Year_Group " -> "year group" */
static char *
normalise_header (const char *header)
{
  g_autofree char *down = g_utf8_strdown (header, -1);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = down; *p; p++)
    {
      if (*p == ' ' || *p == '_' || *p == '\t' || *p == '.')
        {
          space = TRUE;
          continue;
        }
      if (space && out->len)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* ---- Rows ------------------------------------------------------------------------ */

typedef struct
{
  guint  line;
  char  *mis_id;   /* NULL when none */
  char  *forename;
  char  *surname;
  char  *class_name;
  int    year_group;
} Row;

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->mis_id);
  g_free (row->forename);
  g_free (row->surname);
  g_free (row->class_name);
}

static void
add_problem (GPtrArray *problems,
             guint      line,
             char      *reason)
{
  SokRosterProblem *problem = g_new0 (SokRosterProblem, 1);

  problem->line = line;
  problem->reason = reason;
  g_ptr_array_add (problems, problem);
}

/* A name cell, trimmed and in NFC, or NULL with @reason set. */
static char *
clean_name (const char  *cell,
            const char  *what,
            char       **reason)
{
  g_autofree char *nfc = g_utf8_normalize (cell, -1, G_NORMALIZE_NFC);
  glong chars;

  if (nfc == NULL)
    {
      *reason = g_strdup_printf ("the %s is not valid text", what);
      return NULL;
    }
  g_strstrip (nfc);
  if (*nfc == '\0')
    {
      *reason = g_strdup_printf ("the %s is empty", what);
      return NULL;
    }
  chars = g_utf8_strlen (nfc, -1);
  if (chars > SOK_ROSTER_MAX_NAME_CHARS)
    {
      *reason = g_strdup_printf ("the %s is %ld characters long; at most %d are allowed",
                                 what, chars, SOK_ROSTER_MAX_NAME_CHARS);
      return NULL;
    }
  for (const char *p = nfc; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        *reason = g_strdup_printf ("the %s holds a line break or control character", what);
        return NULL;
      }

  return g_steal_pointer (&nfc);
}

static char *
describe_problems (const char *name,
                   GPtrArray  *problems)
{
  GString *out = g_string_new (NULL);
  guint shown = MIN (problems->len, SOK_ROSTER_MAX_LISTED_PROBLEMS);

  g_string_append_printf (out, "%s has %u bad %s, so nothing was imported and the roster "
                          "is as it was. Correct %s and import the file again:",
                          name, problems->len, problems->len == 1 ? "line" : "lines",
                          problems->len == 1 ? "it" : "them");
  for (guint i = 0; i < shown; i++)
    {
      SokRosterProblem *problem = g_ptr_array_index (problems, i);

      g_string_append_printf (out, "\nline %u: %s", problem->line, problem->reason);
    }
  if (problems->len > shown)
    g_string_append_printf (out, "\n… and %u more bad lines", problems->len - shown);

  return g_string_free (out, FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The cell of @column: from its best-named field, or when that cell is blank from the
 * next best that is not. An MIS that exports both "Preferred forename" and "Legal
 * forename" leaves the preferred one blank for pupils who have none. */
static const char *
pick_cell (char       **cells,
           GArray      *field_names,
           const int   *columns,
           Column       column)
{
  const char *best = cells[columns[column]];
  int best_rank = G_MAXINT;

  if (!is_blank (best))
    return best;

  for (guint f = 0; f < field_names->len; f++)
    {
      int k = g_array_index (field_names, int, f);

      if (k >= 0 && header_names[k].column == column && header_names[k].rank < best_rank &&
          !is_blank (cells[f]))
        {
          best = cells[f];
          best_rank = header_names[k].rank;
        }
    }

  return best;
}

/* Turns the file into rows, or lists every bad line. */
static GArray *
read_rows (const char  *name,
           const char  *data,
           gsize        length,
           gboolean    *has_mis_id,
           GPtrArray   *problems,
           GError     **error)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GArray) rows = NULL;
  g_autoptr (GHashTable) seen_ids = NULL;
  g_autoptr (GArray) field_names = NULL;  /* of int: each field's header_names index, or -1 */
  int columns[N_COLUMNS];
  int ranks[N_COLUMNS];
  Record *header;
  guint line = 1;

  /* A byte order mark is how Excel says "UTF-8"; it is not part of the header. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  /* Every line that is not UTF-8 is listed: an export saved as "CSV (Windows)" has
   * them wherever a name has an accent. */
  for (gsize start = 0; start < length; line++)
    {
      const char *nl = memchr (data + start, '\n', length - start);
      gsize end = nl ? (gsize)(nl - data) : length;

      if (!g_utf8_validate_len (data + start, end - start, NULL) ||
          memchr (data + start, '\0', end - start) != NULL)
        add_problem (problems, line,
                     g_strdup ("this line is not UTF-8 text; save the export as "
                               "“CSV UTF-8” and import it again"));
      start = end + 1;
    }
  if (problems->len > 0)
    {
      g_autofree char *message = describe_problems (name, problems);
      g_set_error_literal (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_ENCODING, message);
      return NULL;
    }

  if (!(records = parse_csv (name, data, length, error)))
    return NULL;

  if (records->len == 0)
    {
      g_set_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_EMPTY,
                   "%s is empty; export the roster from the MIS as CSV with a header line "
                   "(Forename, Surname, Year, Reg Group) and a line for each pupil", name);
      return NULL;
    }

  header = g_ptr_array_index (records, 0);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      columns[c] = -1;
      ranks[c] = G_MAXINT;
    }
  field_names = g_array_new (FALSE, TRUE, sizeof (int));
  for (guint f = 0; f < header->fields->len; f++)
    {
      g_autofree char *h = normalise_header (g_ptr_array_index (header->fields, f));
      int known = -1;

      for (guint k = 0; k < G_N_ELEMENTS (header_names); k++)
        if (g_str_equal (h, header_names[k].header))
          {
            known = (int)k;
            if (header_names[k].rank < ranks[header_names[k].column])
              {
                columns[header_names[k].column] = (int)f;
                ranks[header_names[k].column] = header_names[k].rank;
              }
          }
      g_array_append_val (field_names, known);
    }

  {
    g_autoptr (GString) missing = g_string_new (NULL);

    for (guint c = 0; c < COLUMN_MIS_ID; c++)
      if (columns[c] < 0)
        g_string_append_printf (missing, "%s%s", missing->len ? "; " : "", column_meaning[c]);
    if (missing->len > 0)
      {
        g_set_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_MISSING_COLUMN,
                     "%s line %u: the header has no column for the %s. Nothing was "
                     "imported; export those columns from the MIS too", name, header->line,
                     missing->str);
        return NULL;
      }
  }

  if (records->len == 1)
    {
      g_set_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_EMPTY,
                   "%s has a header line but no pupils; nothing was imported", name);
      return NULL;
    }

  *has_mis_id = columns[COLUMN_MIS_ID] >= 0;
  seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rows = g_array_sized_new (FALSE, TRUE, sizeof (Row), records->len);
  g_array_set_clear_func (rows, row_clear);

  for (guint r = 1; r < records->len; r++)
    {
      Record *record = g_ptr_array_index (records, r);
      char **cells = (char **)record->fields->pdata;
      char *reason = NULL;
      Row row = { 0 };

      row.line = record->line;

      if (record->problem != NULL)
        {
          add_problem (problems, record->line, g_strdup (record->problem));
          continue;
        }
      if (record->fields->len != header->fields->len)
        {
          add_problem (problems, record->line,
                       g_strdup_printf ("it has %u fields but the header has %u; a name "
                                        "with a comma in it must be in double quotes",
                                        record->fields->len, header->fields->len));
          continue;
        }

      if (!(row.forename = clean_name (pick_cell (cells, field_names, columns, COLUMN_FORENAME),
                                       "forename", &reason)) ||
          !(row.surname = clean_name (pick_cell (cells, field_names, columns, COLUMN_SURNAME),
                                      "surname", &reason)) ||
          !(row.class_name = clean_name (cells[columns[COLUMN_CLASS]], "class", &reason)) ||
          !sok_roster_parse_year_group (cells[columns[COLUMN_YEAR]], &row.year_group, &reason))
        {
          add_problem (problems, record->line, reason);
          row_clear (&row);
          continue;
        }

      if (*has_mis_id)
        {
          g_autofree char *id = g_strstrip (g_strdup (cells[columns[COLUMN_MIS_ID]]));

          if (*id != '\0')
            {
              gpointer other = g_hash_table_lookup (seen_ids, id);

              if (other != NULL)
                {
                  add_problem (problems, record->line,
                               g_strdup_printf ("the pupil id “%s” is also on line %u; "
                                                "each pupil may appear once", id,
                                                GPOINTER_TO_UINT (other)));
                  row_clear (&row);
                  continue;
                }
              g_hash_table_insert (seen_ids, g_strdup (id), GUINT_TO_POINTER (record->line));
              row.mis_id = g_steal_pointer (&id);
            }
        }

      g_array_append_val (rows, row);
    }

  if (problems->len > 0)
    {
      g_autofree char *message = describe_problems (name, problems);
      g_set_error_literal (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_BAD_LINES, message);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/* ---- Import ---------------------------------------------------------------------- */

typedef struct
{
  gint64    id;
  char     *mis_id;
  gboolean  listed;
  gboolean  matched;
} Known;

static void
known_free (gpointer data)
{
  Known *known = data;

  g_free (known->mis_id);
  g_free (known);
}

static void
index_known (GHashTable *index,
             char       *key,
             Known      *known)
{
  GPtrArray *list = g_hash_table_lookup (index, key);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (index, key, list);
    }
  else
    g_free (key);
  g_ptr_array_add (list, known);
}

static Known *
take_known (GHashTable *index,
            const char *key,
            gboolean    need_no_mis_id)
{
  GPtrArray *list = g_hash_table_lookup (index, key);

  for (guint i = 0; list && i < list->len; i++)
    {
      Known *known = g_ptr_array_index (list, i);

      if (!known->matched && (!need_no_mis_id || known->mis_id == NULL))
        return known;
    }

  return NULL;
}

static char *
name_key (const char *forename,
          const char *surname,
          const char *where)
{
  return g_strdup_printf ("%s\n%s\n%s", forename, surname, where);
}

static gboolean
bind_exec (SokStore      *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  gboolean ok = sok_store_step_done (store, stmt, error);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return ok;
}

static gboolean
write_roster (SokStore        *store,
              GArray          *rows,
              SokRosterCounts *counts,
              GError         **error)
{
  g_autoptr (GPtrArray) known = g_ptr_array_new_with_free_func (known_free);
  g_autoptr (GHashTable) by_id = NULL;
  g_autoptr (GHashTable) by_name = NULL;
  g_autoptr (GHashTable) classes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  g_autoptr (GHashTable) class_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) upsert_class = NULL;
  g_autoptr (sqlite3_stmt) class_id = NULL;
  g_autoptr (sqlite3_stmt) update_pupil = NULL;
  g_autoptr (sqlite3_stmt) insert_pupil = NULL;
  g_autoptr (sqlite3_stmt) count_classes = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify)g_ptr_array_unref);
  by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify)g_ptr_array_unref);

  select = sok_store_prepare (store,
                              "SELECT p.id, p.mis_id, p.forename, p.surname, p.year_group, "
                              "       c.name, p.listed "
                              "FROM pupils p LEFT JOIN classes c ON c.id = p.class_id", error);
  if (select == NULL)
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      Known *k = g_new0 (Known, 1);
      const char *forename = (const char *)sqlite3_column_text (select, 2);
      const char *surname = (const char *)sqlite3_column_text (select, 3);
      const char *class_name = (const char *)sqlite3_column_text (select, 5);
      g_autofree char *year = g_strdup_printf ("year %d", sqlite3_column_int (select, 4));

      k->id = sqlite3_column_int64 (select, 0);
      k->mis_id = g_strdup ((const char *)sqlite3_column_text (select, 1));
      k->listed = sqlite3_column_int (select, 6) != 0;
      g_ptr_array_add (known, k);

      if (k->mis_id != NULL)
        index_known (by_id, g_strdup (k->mis_id), k);
      if (class_name != NULL)
        index_known (by_name, name_key (forename, surname, class_name), k);
      index_known (by_name, name_key (forename, surname, year), k);
    }
  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, "reading the roster", error);
      return FALSE;
    }

  /* A class is listed while the latest roster has pupils in it; it is named by its
   * lowest year group, so a mixed Year 2/3 class is found among the Year 2s. */
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      gpointer lowest;

      if (!g_hash_table_lookup_extended (classes, row->class_name, NULL, &lowest) ||
          row->year_group < GPOINTER_TO_INT (lowest))
        g_hash_table_insert (classes, row->class_name, GINT_TO_POINTER (row->year_group));
    }

  if (!sok_store_exec (store, "UPDATE classes SET listed = 0; UPDATE pupils SET listed = 0",
                       error))
    return FALSE;

  upsert_class = sok_store_prepare (store,
                                    "INSERT INTO classes (name, year_group, listed) "
                                    "VALUES (?, ?, 1) ON CONFLICT (name) DO UPDATE SET "
                                    "year_group = excluded.year_group, listed = 1", error);
  class_id = sok_store_prepare (store, "SELECT id FROM classes WHERE name = ?", error);
  if (upsert_class == NULL || class_id == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, classes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_bind_text (upsert_class, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_int (upsert_class, 2, GPOINTER_TO_INT (value));
      if (!bind_exec (store, upsert_class, error))
        return FALSE;

      sqlite3_bind_text (class_id, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (class_id) != SQLITE_ROW)
        {
          sok_store_set_error_from_db (store, sqlite3_errcode (sok_store_get_db (store)),
                                       "saving the classes", error);
          return FALSE;
        }
      g_hash_table_insert (class_ids, key, GSIZE_TO_POINTER ((gsize)sqlite3_column_int64 (class_id, 0)));
      sqlite3_reset (class_id);
    }

  update_pupil = sok_store_prepare (store,
                                    "UPDATE pupils SET mis_id = ?, forename = ?, surname = ?, "
                                    "year_group = ?, class_id = ?, listed = 1 WHERE id = ?",
                                    error);
  insert_pupil = sok_store_prepare (store,
                                    "INSERT INTO pupils (mis_id, forename, surname, "
                                    "year_group, class_id, listed) VALUES (?, ?, ?, ?, ?, 1)",
                                    error);
  if (update_pupil == NULL || insert_pupil == NULL)
    return FALSE;

  memset (counts, 0, sizeof *counts);

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      gint64 cid = (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (class_ids, row->class_name));
      sqlite3_stmt *stmt;
      Known *match = NULL;

      /* The same pupil keeps the same row, so their agreements stay theirs: by the
       * MIS's id when the export has one, else by name in the same class, the same
       * year group, or the year group below (the September move up). */
      if (row->mis_id != NULL)
        match = take_known (by_id, row->mis_id, FALSE);
      if (match == NULL)
        {
          g_autofree char *in_class = name_key (row->forename, row->surname, row->class_name);
          g_autofree char *in_year = NULL;
          g_autofree char *year_below = NULL;

          in_year = g_strdup_printf ("%s\n%s\nyear %d", row->forename, row->surname,
                                     row->year_group);
          year_below = g_strdup_printf ("%s\n%s\nyear %d", row->forename, row->surname,
                                        row->year_group - 1);
          match = take_known (by_name, in_class, row->mis_id != NULL);
          if (match == NULL)
            match = take_known (by_name, in_year, row->mis_id != NULL);
          if (match == NULL)
            match = take_known (by_name, year_below, row->mis_id != NULL);
        }

      stmt = match ? update_pupil : insert_pupil;
      if (row->mis_id)
        sqlite3_bind_text (stmt, 1, row->mis_id, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 1);
      sqlite3_bind_text (stmt, 2, row->forename, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, row->surname, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, row->year_group);
      sqlite3_bind_int64 (stmt, 5, cid);
      if (match)
        {
          sqlite3_bind_int64 (stmt, 6, match->id);
          match->matched = TRUE;
          counts->updated++;
        }
      else
        counts->added++;

      if (!bind_exec (store, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < known->len; i++)
    {
      Known *k = g_ptr_array_index (known, i);

      if (k->listed && !k->matched)
        counts->left++;
    }

  counts->classes = g_hash_table_size (classes);
  counts->pupils = rows->len;

  return TRUE;
}

/**
 * sok_roster_import_data:
 * @name: the file's name, for messages
 * @counts: (out) (optional): what the import did
 * @problems: (out) (optional) (transfer full) (element-type SokRosterProblem): every
 *   bad line, when the file was refused for them
 *
 * Replaces the roster with a MIS export (see sok_roster_import_file()).
 */
gboolean
sok_roster_import_data (SokStore         *store,
                        const char       *name,
                        const char       *data,
                        gsize             length,
                        SokRosterCounts  *counts,
                        GPtrArray       **problems,
                        GError          **error)
{
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GArray) rows = NULL;
  SokRosterCounts done = { 0 };
  gboolean has_mis_id = FALSE;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (problems)
    *problems = NULL;

  found = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_roster_problem_free);
  rows = read_rows (name, data ? data : "", length, &has_mis_id, found, error);
  if (rows == NULL)
    {
      if (problems && found->len > 0)
        *problems = g_steal_pointer (&found);
      return FALSE;
    }

  /* Everything is checked before anything is written; the writing is one
   * transaction, so the roster is either all old or all new. */
  if (!sok_store_begin (store, error))
    return FALSE;
  if (!write_roster (store, rows, &done, error) || !sok_store_commit (store, error))
    {
      sok_store_rollback (store);
      return FALSE;
    }

  g_info ("Imported a roster: %u classes, %u pupils (%u new, %u known, %u left)",
          done.classes, done.pupils, done.added, done.updated, done.left);

  if (counts)
    *counts = done;

  return TRUE;
}

/**
 * sok_roster_import_file:
 * @path: a CSV export from the school's MIS
 * @counts: (out) (optional): what the import did
 * @problems: (out) (optional) (transfer full) (element-type SokRosterProblem): every
 *   bad line, when the file was refused for them
 *
 * Replaces the roster with the MIS export at @path: UTF-8 with or without a byte
 * order mark, CRLF or LF, quoted fields; columns found by their header names in any
 * order (SIMS, Arbor and Bromcom names). Pupils are matched to those the kiosk knew
 * (by UPN/admission number, else by name and class or year group) so that their
 * agreements stay theirs; pupils not in the file are kept but no longer listed.
 *
 * The import is atomic: a file with any bad line changes nothing, and @error's
 * message lists every bad line (up to %SOK_ROSTER_MAX_LISTED_PROBLEMS) with its
 * number and reason.
 */
gboolean
sok_roster_import_file (SokStore         *store,
                        const char       *path,
                        SokRosterCounts  *counts,
                        GPtrArray       **problems,
                        GError          **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  if (problems)
    *problems = NULL;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_READ,
                   "The roster cannot be read: %s", local_error->message);
      return FALSE;
    }

  return sok_roster_import_data (store, path, contents, length, counts, problems, error);
}

typedef struct
{
  char            *data_dir;
  char            *path;
  SokRosterCounts  counts;    /* out */
  GPtrArray       *problems;  /* out, when the file was refused for its lines */
} ImportData;

static void
import_data_free (gpointer data)
{
  ImportData *import = data;

  g_free (import->data_dir);
  g_free (import->path);
  g_clear_pointer (&import->problems, g_ptr_array_unref);
  g_free (import);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *import = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* One SQLite connection per thread: this one is opened here and closed here. */
  if (!(store = sok_store_open (import->data_dir, &error)) ||
      !sok_roster_import_file (store, import->path, &import->counts, &import->problems,
                               &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sok_roster_import_file_async:
 * @data_dir: the kiosk's data directory
 * @path: the MIS export
 *
 * sok_roster_import_file() in a worker thread with its own store connection, so that
 * reading a whole school's file from a USB stick never blocks the main loop.
 */
void
sok_roster_import_file_async (const char          *data_dir,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  ImportData *import;

  g_return_if_fail (data_dir != NULL);
  g_return_if_fail (path != NULL);

  import = g_new0 (ImportData, 1);
  import->data_dir = g_strdup (data_dir);
  import->path = g_strdup (path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sok_roster_import_file_async);
  g_task_set_name (task, "sok-roster-import");
  g_task_set_task_data (task, import, import_data_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * sok_roster_import_file_finish:
 * @counts: (out caller-allocates) (optional): what the import did
 * @problems: (out) (optional) (transfer full): as sok_roster_import_file() gives them
 *
 * Returns: as sok_roster_import_file()
 */
gboolean
sok_roster_import_file_finish (GAsyncResult     *result,
                               SokRosterCounts  *counts,
                               GPtrArray       **problems,
                               GError          **error)
{
  ImportData *import;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sok_roster_import_file_async,
                        FALSE);

  import = g_task_get_task_data (G_TASK (result));
  if (problems != NULL)
    *problems = import->problems ? g_ptr_array_ref (import->problems) : NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (counts != NULL)
    *counts = import->counts;
  return TRUE;
}

/* ---- Lists for the kiosk ---------------------------------------------------------- */

/* Every class a picture: its own choice, else from its name, else one no other class
 * shows (sok_class_picture_assign). */
static void
assign_pictures (GPtrArray *classes)
{
  g_autofree const char **names = g_new0 (const char *, classes->len + 1);
  g_autofree const char **chosen = g_new0 (const char *, classes->len + 1);
  g_auto (GStrv) pictures = NULL;

  for (guint i = 0; i < classes->len; i++)
    {
      SokClass *klass = g_ptr_array_index (classes, i);

      names[i] = klass->name;
      chosen[i] = klass->picture_chosen ? klass->picture : "";
    }

  pictures = sok_class_picture_assign (names, chosen);
  for (guint i = 0; i < classes->len; i++)
    {
      SokClass *klass = g_ptr_array_index (classes, i);

      g_free (klass->picture);
      klass->picture = g_strdup (pictures[i]);
    }
}

static int
compare_classes (gconstpointer a,
                 gconstpointer b)
{
  const SokClass *x = *(SokClass **)a;
  const SokClass *y = *(SokClass **)b;
  g_autofree char *kx = NULL;
  g_autofree char *ky = NULL;

  if (x->year_group != y->year_group)
    return x->year_group - y->year_group;

  kx = g_utf8_collate_key_for_filename (x->name, -1);
  ky = g_utf8_collate_key_for_filename (y->name, -1);
  return strcmp (kx, ky);
}

/**
 * sok_roster_list_classes:
 *
 * Returns: (transfer full) (element-type SokClass): the listed classes with their
 *   number of listed pupils, by year group and then by name as people sort them
 *   ("Class 2" before "Class 10"), or %NULL with @error set.
 */
GPtrArray *
sok_roster_list_classes (SokStore  *store,
                         GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) classes = NULL;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);

  stmt = sok_store_prepare (store,
                            "SELECT c.id, c.name, c.year_group, "
                            "  (SELECT COUNT(*) FROM pupils p "
                            "   WHERE p.class_id = c.id AND p.listed = 1), c.picture "
                            "FROM classes c WHERE c.listed = 1", error);
  if (stmt == NULL)
    return NULL;

  classes = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_class_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokClass *klass = g_new0 (SokClass, 1);

      klass->id = sqlite3_column_int64 (stmt, 0);
      klass->name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      klass->year_group = sqlite3_column_int (stmt, 2);
      klass->band = sok_age_band_for_year_group (klass->year_group);
      klass->n_pupils = (guint)sqlite3_column_int (stmt, 3);
      klass->picture = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      klass->picture_chosen = sok_class_picture_is_known (klass->picture);
      g_ptr_array_add (classes, klass);
    }
  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, "listing the classes", error);
      return NULL;
    }

  g_ptr_array_sort (classes, compare_classes);
  assign_pictures (classes);
  return g_steal_pointer (&classes);
}

/**
 * sok_roster_set_class_picture:
 * @class_name: a listed class, as the roster names it
 * @picture: (nullable): a picture from sok_class_picture_get_all(), or %NULL to let
 *   the kiosk choose from the class's name again
 *
 * Sets the picture on a class's tile, for staff.
 *
 * Returns: %FALSE with @error set in %SOK_ROSTER_ERROR when there is no such class
 *   (%SOK_ROSTER_ERROR_NOT_FOUND) or no such picture (%SOK_ROSTER_ERROR_PICTURE), both
 *   naming what there is; nothing is changed then.
 */
gboolean
sok_roster_set_class_picture (SokStore    *store,
                              const char  *class_name,
                              const char  *picture,
                              GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (class_name != NULL, FALSE);

  if (picture != NULL && !sok_class_picture_is_known (picture))
    {
      g_autofree char *list = sok_class_picture_dup_list ();

      g_set_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_PICTURE,
                   "there is no class picture “%s”; choose one of %s", picture, list);
      return FALSE;
    }

  stmt = sok_store_prepare (store, "UPDATE classes SET picture = ?1 "
                                   "WHERE name = ?2 AND listed = 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, picture, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, class_name, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, "setting a class's picture", error);
      return FALSE;
    }

  if (sqlite3_changes (sok_store_get_db (store)) == 0)
    {
      g_autoptr (GPtrArray) classes = sok_roster_list_classes (store, NULL);
      g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
      g_auto (GStrv) strv = NULL;
      g_autofree char *list = NULL;

      for (guint i = 0; classes != NULL && i < classes->len; i++)
        g_strv_builder_add (names, ((SokClass *)g_ptr_array_index (classes, i))->name);
      strv = g_strv_builder_end (names);
      list = g_strjoinv (", ", strv);
      g_set_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_NOT_FOUND,
                   "there is no class “%s” on the roster; the classes are %s", class_name,
                   *list ? list : "none yet (import the roster first)");
      return FALSE;
    }

  return TRUE;
}

static char *
fold (const char *text)
{
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);

  return g_utf8_casefold (nfc ? nfc : text, -1);
}

/* Whether the first @n characters of @a and @b are the same. */
static gboolean
same_prefix (const char *a,
             const char *b,
             glong       n)
{
  const char *ea = g_utf8_offset_to_pointer (a, MIN (n, g_utf8_strlen (a, -1)));
  const char *eb = g_utf8_offset_to_pointer (b, MIN (n, g_utf8_strlen (b, -1)));

  return ea - a == eb - b && memcmp (a, b, (size_t)(ea - a)) == 0;
}

/**
 * sok_roster_make_labels:
 * @forenames: the pupils' forenames
 * @surnames: their surnames, in the same order
 * @n: how many
 *
 * Makes the labels of a class's pupil buttons: forename and surname initial
 * ("Amir K."); when two pupils with the same forename would look the same, as much
 * of the surname as tells them apart ("Sam Kh.", "Sam Ke."); the full name when
 * nothing shorter does. Letters are compared without case and accents in NFC.
 *
 * Returns: (transfer full): @n labels, NULL-terminated.
 */
char **
sok_roster_make_labels (const char * const *forenames,
                        const char * const *surnames,
                        guint               n)
{
  g_auto (GStrv) folded_fore = g_new0 (char *, n + 1);
  g_auto (GStrv) folded_sur = g_new0 (char *, n + 1);
  char **labels = g_new0 (char *, n + 1);
  g_autoptr (GHashTable) by_forename = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      folded_fore[i] = fold (forenames[i]);
      folded_sur[i] = fold (surnames[i]);
      g_hash_table_insert (by_forename, folded_fore[i],
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (by_forename, folded_fore[i])) + 1));
    }

  for (guint i = 0; i < n; i++)
    {
      glong length = g_utf8_strlen (surnames[i], -1);
      glong k = 1;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (by_forename, folded_fore[i])) > 1)
        {
          for (; k < length; k++)
            {
              gboolean clash = FALSE;

              for (guint j = 0; j < n && !clash; j++)
                clash = j != i && g_str_equal (folded_fore[i], folded_fore[j]) &&
                        same_prefix (folded_sur[i], folded_sur[j], k);
              if (!clash)
                break;
            }
        }

      /* "O'" or "Al-" alone reads oddly: end on a letter. */
      while (k < length && !g_unichar_isalpha (g_utf8_get_char (g_utf8_offset_to_pointer (surnames[i], k - 1))))
        k++;

      if (k >= length)
        labels[i] = g_strdup_printf ("%s %s", forenames[i], surnames[i]);
      else
        {
          const char *end = g_utf8_offset_to_pointer (surnames[i], k);

          labels[i] = g_strdup_printf ("%s %.*s.", forenames[i], (int)(end - surnames[i]),
                                       surnames[i]);
        }
    }

  return labels;
}

static int
compare_pupils (gconstpointer a,
                gconstpointer b)
{
  const SokPupil *x = *(SokPupil **)a;
  const SokPupil *y = *(SokPupil **)b;
  int cmp = g_utf8_collate (x->forename, y->forename);

  return cmp != 0 ? cmp : g_utf8_collate (x->surname, y->surname);
}

static GPtrArray *
read_pupils (SokStore      *store,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr (GPtrArray) pupils = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_pupil_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokPupil *pupil = g_new0 (SokPupil, 1);

      pupil->id = sqlite3_column_int64 (stmt, 0);
      pupil->forename = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      pupil->surname = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      pupil->year_group = sqlite3_column_int (stmt, 3);
      pupil->band = sok_age_band_for_year_group (pupil->year_group);
      pupil->class_id = sqlite3_column_int64 (stmt, 4);
      pupil->class_name = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      pupil->listed = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (pupils, pupil);
    }
  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, "listing pupils", error);
      return NULL;
    }

  return g_steal_pointer (&pupils);
}

static void
label_pupils (GPtrArray *pupils)
{
  g_autofree const char **forenames = g_new0 (const char *, pupils->len + 1);
  g_autofree const char **surnames = g_new0 (const char *, pupils->len + 1);
  g_auto (GStrv) labels = NULL;

  for (guint i = 0; i < pupils->len; i++)
    {
      SokPupil *pupil = g_ptr_array_index (pupils, i);

      forenames[i] = pupil->forename;
      surnames[i] = pupil->surname;
    }
  labels = sok_roster_make_labels (forenames, surnames, pupils->len);
  for (guint i = 0; i < pupils->len; i++)
    ((SokPupil *)g_ptr_array_index (pupils, i))->label = g_steal_pointer (&labels[i]);
}

#define PUPIL_COLUMNS "p.id, p.forename, p.surname, p.year_group, p.class_id, c.name, p.listed "

/**
 * sok_roster_list_pupils:
 * @class_id: a class's id from sok_roster_list_classes()
 *
 * Returns: (transfer full) (element-type SokPupil): the class's listed pupils sorted
 *   by forename, each labelled as sok_roster_make_labels() says; or %NULL with
 *   @error set.
 */
GPtrArray *
sok_roster_list_pupils (SokStore  *store,
                        gint64     class_id,
                        GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) pupils = NULL;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);

  stmt = sok_store_prepare (store,
                            "SELECT " PUPIL_COLUMNS
                            "FROM pupils p JOIN classes c ON c.id = p.class_id "
                            "WHERE p.class_id = ? AND p.listed = 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, class_id);

  if (!(pupils = read_pupils (store, stmt, error)))
    return NULL;

  label_pupils (pupils);
  g_ptr_array_sort (pupils, compare_pupils);
  return g_steal_pointer (&pupils);
}

/**
 * sok_roster_get_pupil:
 *
 * Returns: (transfer full): the pupil, listed or not, with the label their button
 *   has in their class (their full name when they are no longer listed); or %NULL
 *   with %SOK_ROSTER_ERROR_NOT_FOUND.
 */
SokPupil *
sok_roster_get_pupil (SokStore  *store,
                      gint64     pupil_id,
                      GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) found = NULL;
  SokPupil *pupil;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);

  stmt = sok_store_prepare (store,
                            "SELECT " PUPIL_COLUMNS
                            "FROM pupils p LEFT JOIN classes c ON c.id = p.class_id "
                            "WHERE p.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pupil_id);

  if (!(found = read_pupils (store, stmt, error)))
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_NOT_FOUND,
                   "There is no pupil %" G_GINT64_FORMAT " on this kiosk", pupil_id);
      return NULL;
    }

  pupil = g_ptr_array_steal_index (found, 0);
  if (pupil->listed && pupil->class_id != 0)
    {
      g_autoptr (GPtrArray) classmates = sok_roster_list_pupils (store, pupil->class_id, NULL);

      for (guint i = 0; classmates && i < classmates->len; i++)
        {
          SokPupil *other = g_ptr_array_index (classmates, i);

          if (other->id == pupil->id)
            pupil->label = g_strdup (other->label);
        }
    }
  if (pupil->label == NULL)
    pupil->label = g_strdup_printf ("%s %s", pupil->forename, pupil->surname);

  return pupil;
}
