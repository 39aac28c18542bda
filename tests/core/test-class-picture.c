/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-class-picture"

#include "config.h"

#include <string.h>

#include "sok-class-picture.h"

static void
test_picture_from_name (void)
{
  const struct { const char *name; const char *picture; } cases[] = {
    { "Robins", "robin" },
    { "Owls", "owl" },
    { "Hedgehogs", "hedgehog" },
    { "Foxes", "fox" },
    { "3 Kingfishers", "kingfisher" },
    { "BADGERS", "badger" },
    { "Otter Class", "otter" },
    { "Red", "red" },
    { "Year 2 Blue", "blue" },
    { "Dosbarth Coch", "red" },
    { "Draenogod", "hedgehog" },
    /* Three words that are one bird, not the colour glas. */
    { "Glas y Dorlan", "kingfisher" },
    { "Glas", "blue" },
    { "Class 4", NULL },
    { "Redwood", NULL },
    { "Oaks", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("“%s”", cases[i].name);
      g_assert_cmpstr (sok_class_picture_for_name (cases[i].name), ==, cases[i].picture);
    }
}

/* Every picture is drawn: an SVG in assets/icons named class-<picture>.svg. */
static void
test_every_picture_is_drawn (void)
{
  const char *source = g_getenv ("SOK_SOURCE_ROOT");
  const char * const *all = sok_class_picture_get_all ();

  g_assert_nonnull (source);
  g_assert_cmpuint (g_strv_length ((char **)all), >=, 12);
  for (guint i = 0; all[i]; i++)
    {
      g_autofree char *file = g_strdup_printf ("class-%s.svg", all[i]);
      g_autofree char *path = g_build_filename (source, "assets", "icons", file, NULL);
      g_autofree char *svg = NULL;
      g_autoptr (GError) error = NULL;

      g_assert_true (g_file_get_contents (path, &svg, NULL, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (svg, "viewBox=\"0 0 256 256\""));
      g_assert_true (sok_class_picture_is_known (all[i]));
    }
  g_assert_false (sok_class_picture_is_known ("unicorn"));
  g_assert_false (sok_class_picture_is_known (NULL));
}

/* Named classes keep their picture; the others get pictures no other class shows;
 * a picture staff chose wins over the name. */
static void
test_pictures_assigned_without_repeats (void)
{
  const char *names[] = { "Robins", "Class 1", "Class 2", "Owls", "Foxes", NULL };
  const char *chosen[] = { "", "", "", "", "badger", NULL };
  g_auto (GStrv) pictures = sok_class_picture_assign (names, chosen);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (g_strv_length (pictures), ==, 5);
  g_assert_cmpstr (pictures[0], ==, "robin");
  g_assert_cmpstr (pictures[3], ==, "owl");
  g_assert_cmpstr (pictures[4], ==, "badger");
  for (guint i = 0; pictures[i]; i++)
    {
      g_assert_true (sok_class_picture_is_known (pictures[i]));
      g_assert_false (g_hash_table_contains (seen, pictures[i]));
      g_hash_table_add (seen, pictures[i]);
    }
}

/* More classes than pictures: every class still gets one. */
static void
test_more_classes_than_pictures (void)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) pictures = NULL;

  for (guint i = 0; i < 30; i++)
    g_ptr_array_add (names, g_strdup_printf ("Class %u", i + 1));
  g_ptr_array_add (names, NULL);
  pictures = sok_class_picture_assign ((const char * const *)names->pdata, NULL);
  g_assert_cmpuint (g_strv_length (pictures), ==, 30);
  for (guint i = 0; i < 30; i++)
    g_assert_true (sok_class_picture_is_known (pictures[i]));
  /* The first thirteen are all different. */
  for (guint i = 0; i < 13; i++)
    for (guint j = 0; j < i; j++)
      g_assert_cmpstr (pictures[i], !=, pictures[j]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/class-picture/from-the-class-name", test_picture_from_name);
  g_test_add_func ("/class-picture/every-picture-is-drawn", test_every_picture_is_drawn);
  g_test_add_func ("/class-picture/assigned-without-repeats", test_pictures_assigned_without_repeats);
  g_test_add_func ("/class-picture/more-classes-than-pictures", test_more_classes_than_pictures);

  return g_test_run ();
}
