/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-paths"

#include "config.h"

#include "sok-paths.h"

/**
 * sok_paths_dup_default_data_dir:
 *
 * Returns: (transfer full): the data directory used when none is given: the XDG data
 *   directory's `safe-online-kiosk` folder.
 */
char *
sok_paths_dup_default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "safe-online-kiosk", NULL);
}

/**
 * sok_paths_get_shipped_dir:
 *
 * The folder of content shipped with the kiosk (AUP texts, categories, SQL): the
 * installed one, or the source tree's `data/` when running from a build directory.
 * `SOK_SHIPPED_DIR` in the environment overrides both, for tests.
 */
const char *
sok_paths_get_shipped_dir (void)
{
  static char *dir;

  if (g_once_init_enter (&dir))
    {
      const char *env = g_getenv ("SOK_SHIPPED_DIR");
      const char *found;

      if (env != NULL && *env != '\0')
        found = env;
      else if (g_file_test (SOK_PKGDATADIR "/aup", G_FILE_TEST_IS_DIR))
        found = SOK_PKGDATADIR;
      else
        found = SOK_SOURCE_DATADIR;

      g_once_init_leave (&dir, g_strdup (found));
    }

  return dir;
}

/**
 * sok_paths_dup_content_path:
 * @data_dir: the kiosk's data directory, where a school may put its own files
 * @relative: a content file's path below the content root, as `aup/early.ini`
 * @is_override: (out) (optional): set to %TRUE when the school's own file was found
 *
 * Returns: (transfer full): the school's own copy of @relative in @data_dir when there
 *   is one, else the shipped file's path.
 */
char *
sok_paths_dup_content_path (const char *data_dir,
                            const char *relative,
                            gboolean   *is_override)
{
  g_return_val_if_fail (relative != NULL, NULL);

  if (data_dir != NULL)
    {
      g_autofree char *own = g_build_filename (data_dir, relative, NULL);

      if (g_file_test (own, G_FILE_TEST_IS_REGULAR))
        {
          if (is_override)
            *is_override = TRUE;
          return g_steal_pointer (&own);
        }
    }

  if (is_override)
    *is_override = FALSE;

  return g_build_filename (sok_paths_get_shipped_dir (), relative, NULL);
}

/**
 * sok_paths_get_icons_dir:
 *
 * The folder of the kiosk's SVG pictures: installed beside the content, or the source
 * tree's `assets/icons` when running from a build directory.
 */
const char *
sok_paths_get_icons_dir (void)
{
  static char *dir;

  if (g_once_init_enter (&dir))
    {
      g_autofree char *installed = g_build_filename (SOK_PKGDATADIR, "icons", NULL);
      char *found;

      if (g_file_test (installed, G_FILE_TEST_IS_DIR))
        found = g_steal_pointer (&installed);
      else
        found = g_strdup (SOK_SOURCE_ICONSDIR);

      g_once_init_leave (&dir, found);
    }

  return dir;
}
