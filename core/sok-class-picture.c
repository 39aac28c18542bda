/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-class-picture"

#include "config.h"

#include <string.h>

#include "sok-class-picture.h"

typedef struct
{
  const char *id;
  /* Words in a class's name that mean this picture: English and Welsh, singular and
   * plural, case-folded. */
  const char *words[6];
} Picture;

static const Picture pictures[] = {
  { "robin", { "robin", "robins", "robiniaid", "robin-goch", NULL } },
  { "owl", { "owl", "owls", "tylluan", "tylluanod", NULL } },
  { "hedgehog", { "hedgehog", "hedgehogs", "draenog", "draenogod", NULL } },
  { "fox", { "fox", "foxes", "llwynog", "llwynogod", "cadno", "cadnoid" } },
  { "kingfisher", { "kingfisher", "kingfishers", "glas-y-dorlan", NULL } },
  { "badger", { "badger", "badgers", "mochyn-daear", "moch-daear", NULL } },
  { "otter", { "otter", "otters", "dyfrgi", "dyfrgwn", NULL } },
  { "red", { "red", "reds", "coch", NULL } },
  { "blue", { "blue", "blues", "glas", NULL } },
  { "green", { "green", "greens", "gwyrdd", NULL } },
  { "yellow", { "yellow", "yellows", "melyn", NULL } },
  { "purple", { "purple", "purples", "porffor", NULL } },
  { "orange", { "orange", "oranges", "oren", NULL } },
};

static const char * const all[] = {
  "robin", "owl", "hedgehog", "fox", "kingfisher", "badger", "otter",
  "red", "blue", "green", "yellow", "purple", "orange", NULL
};

/**
 * sok_class_picture_get_all:
 *
 * Returns: (transfer none): every class picture's id, animals first, then colours.
 */
const char * const *
sok_class_picture_get_all (void)
{
  return all;
}

gboolean
sok_class_picture_is_known (const char *picture)
{
  return picture != NULL && g_strv_contains (all, picture);
}

/* Returns: (transfer full): "robin, owl, …" for a message. */
char *
sok_class_picture_dup_list (void)
{
  return g_strjoinv (", ", (char **)all);
}

static const char *
picture_for_word (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    for (guint w = 0; w < G_N_ELEMENTS (pictures[i].words) && pictures[i].words[w]; w++)
      if (g_str_equal (pictures[i].words[w], word))
        return pictures[i].id;
  return NULL;
}

/**
 * sok_class_picture_for_name:
 * @class_name: a class's name as the roster has it, such as "Robins" or "3 Kingfishers"
 *
 * Returns: (nullable): the picture the name names (an animal, bird or colour of the
 *   set, in English or Welsh), or %NULL when it names none. Two words joined by a space
 *   or a hyphen count as one ("Glas y Dorlan").
 */
const char *
sok_class_picture_for_name (const char *class_name)
{
  g_autofree char *folded = NULL;
  g_auto (GStrv) parts = NULL;
  g_autoptr (GPtrArray) words = g_ptr_array_new ();

  g_return_val_if_fail (class_name != NULL, NULL);

  folded = g_utf8_casefold (class_name, -1);
  g_strdelimit (folded, "\t_.,/()", ' ');
  parts = g_strsplit (folded, " ", -1);
  for (guint i = 0; parts[i]; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (words, parts[i]);

  /* Longest runs first, so "Glas y Dorlan" is a kingfisher rather than blue. */
  for (guint len = MIN (words->len, 3); len >= 1; len--)
    for (guint i = 0; i + len <= words->len; i++)
      {
        g_autoptr (GString) joined = g_string_new (NULL);
        const char *picture;

        for (guint k = 0; k < len; k++)
          {
            if (k > 0)
              g_string_append_c (joined, '-');
            g_string_append (joined, g_ptr_array_index (words, i + k));
          }
        if ((picture = picture_for_word (joined->str)) != NULL)
          return picture;
      }

  return NULL;
}

/**
 * sok_class_picture_assign:
 * @class_names: the school's classes, in the order they are shown
 * @chosen: for each class, the picture staff chose, or "" for none (same length)
 *
 * Gives every class a picture: the one staff chose; else the one its name names;
 * else one of the set that no other class shows, taken in the set's order. When a
 * school has more classes than pictures, the set is used again.
 *
 * Returns: (transfer full): a picture id for each class, in the order of @class_names.
 */
GStrv
sok_class_picture_assign (const char * const *class_names,
                          const char * const *chosen)
{
  guint n = g_strv_length ((char **)class_names);
  g_autoptr (GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  char **result = g_new0 (char *, n + 1);
  guint next = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *picture = NULL;

      if (chosen != NULL && sok_class_picture_is_known (chosen[i]))
        picture = chosen[i];
      else
        picture = sok_class_picture_for_name (class_names[i]);
      if (picture != NULL)
        {
          result[i] = g_strdup (picture);
          g_hash_table_add (used, (gpointer)picture);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      if (result[i] != NULL)
        continue;
      for (guint tries = 0; tries < G_N_ELEMENTS (all) - 1; tries++, next++)
        if (!g_hash_table_contains (used, all[next % (G_N_ELEMENTS (all) - 1)]))
          break;
      result[i] = g_strdup (all[next % (G_N_ELEMENTS (all) - 1)]);
      g_hash_table_add (used, (gpointer)all[next % (G_N_ELEMENTS (all) - 1)]);
      next++;
    }

  return result;
}
