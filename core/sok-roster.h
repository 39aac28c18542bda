/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sok-aup.h"
#include "sok-store.h"

G_BEGIN_DECLS

#define SOK_ROSTER_ERROR (sok_roster_error_quark ())

typedef enum
{
  SOK_ROSTER_ERROR_READ,            /* the file cannot be read */
  SOK_ROSTER_ERROR_EMPTY,           /* no header, or a header and no pupils */
  SOK_ROSTER_ERROR_ENCODING,        /* not UTF-8 */
  SOK_ROSTER_ERROR_SYNTAX,          /* CSV that cannot be read, as an unterminated quote */
  SOK_ROSTER_ERROR_MISSING_COLUMN,  /* no forename, surname, year or class column */
  SOK_ROSTER_ERROR_BAD_LINES,       /* one or more pupils' lines are wrong */
  SOK_ROSTER_ERROR_NOT_FOUND,       /* no such pupil or class */
  SOK_ROSTER_ERROR_PICTURE,         /* not one of the class pictures */
} SokRosterError;

/* Lines of a refused file listed in the error message; the rest are counted. */
#define SOK_ROSTER_MAX_LISTED_PROBLEMS 50
/* The longest name the kiosk accepts, in characters. */
#define SOK_ROSTER_MAX_NAME_CHARS 100

/* One bad line of a roster file. */
typedef struct
{
  guint  line;     /* 1 is the header */
  char  *reason;
} SokRosterProblem;

void sok_roster_problem_free (SokRosterProblem *problem);

/* What an import did. */
typedef struct
{
  guint classes;   /* classes listed after the import */
  guint pupils;    /* pupils listed after the import */
  guint added;     /* pupils new to the kiosk */
  guint updated;   /* pupils the kiosk knew already (their agreements stay theirs) */
  guint left;      /* pupils listed before and not in the file: kept, no longer listed */
} SokRosterCounts;

/* A class tile. */
typedef struct
{
  gint64      id;
  char       *name;
  int         year_group;   /* the class's lowest year group; 0 is Reception */
  SokAgeBand  band;
  guint       n_pupils;     /* listed pupils */
  char       *picture;      /* its tile's picture, as "robin" (sok-class-picture.h) */
  gboolean    picture_chosen; /* chosen by staff rather than by the kiosk */
} SokClass;

void sok_class_free (SokClass *klass);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokClass, sok_class_free)

/* A pupil, with the label their button shows in their class's grid. */
typedef struct
{
  gint64      id;
  char       *forename;
  char       *surname;
  char       *label;        /* "Amir K.", or more of the surname when two look alike */
  int         year_group;
  SokAgeBand  band;
  gint64      class_id;     /* 0 when none */
  char       *class_name;   /* NULL when none */
  gboolean    listed;
} SokPupil;

void sok_pupil_free (SokPupil *pupil);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokPupil, sok_pupil_free)

GQuark      sok_roster_error_quark     (void);

gboolean    sok_roster_parse_year_group (const char       *text,
                                         int              *year_group,
                                         char            **reason);

gboolean    sok_roster_import_file     (SokStore         *store,
                                        const char       *path,
                                        SokRosterCounts  *counts,
                                        GPtrArray       **problems,
                                        GError          **error);
void        sok_roster_import_file_async  (const char          *data_dir,
                                           const char          *path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    sok_roster_import_file_finish (GAsyncResult        *result,
                                           SokRosterCounts     *counts,
                                           GPtrArray          **problems,
                                           GError             **error);
gboolean    sok_roster_import_data     (SokStore         *store,
                                        const char       *name,
                                        const char       *data,
                                        gsize             length,
                                        SokRosterCounts  *counts,
                                        GPtrArray       **problems,
                                        GError          **error);

gboolean    sok_roster_set_class_picture (SokStore        *store,
                                          const char      *class_name,
                                          const char      *picture,
                                          GError         **error);
GPtrArray  *sok_roster_list_classes    (SokStore         *store,
                                        GError          **error);
GPtrArray  *sok_roster_list_pupils     (SokStore         *store,
                                        gint64            class_id,
                                        GError          **error);
SokPupil   *sok_roster_get_pupil       (SokStore         *store,
                                        gint64            pupil_id,
                                        GError          **error);

char      **sok_roster_make_labels     (const char * const *forenames,
                                        const char * const *surnames,
                                        guint               n);

G_END_DECLS
