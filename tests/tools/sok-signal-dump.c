/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-signal-dump"

#include "config.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <stdio.h>

/* A test tool, never installed: prints every GObject signal the programs can connect
 * to, with its return type, flags and parameter types as g_signal_query() sees them,
 * so that tests/tools/check-signal-handlers.py can compare each handler's C prototype
 * with the signal it is connected to.
 *
 * It links the kiosk's, the console's and the core's static libraries whole (every
 * object, whether the programs' main() reaches it or not) and is linked with
 * --export-dynamic, so that the checker can name the project's types by their
 * get_type functions, which it reads from the sources: a new type with signals is
 * found without editing this file. Library types the checker names (libadwaita's
 * are registered only when first used) are looked up the same way.
 *
 * Usage: sok-signal-dump [GET_TYPE_SYMBOL...]
 *
 * Output, one record a line, fields separated by tabs:
 *   type       NAME  PARENT-or--  object|interface  INTERFACE,INTERFACE,...
 *   enum       NAME  (also for flags: "flags NAME")
 *   signal     OWNER  NAME  RETURN:FUNDAMENTAL  FLAGS  PARAM:FUNDAMENTAL,...
 *   missing    SYMBOL  (a requested get_type function this binary does not have)
 */

typedef GType (*GetTypeFunc) (void);

static void
print_flags (GSignalFlags flags)
{
  static const struct { GSignalFlags flag; const char *name; } names[] = {
    { G_SIGNAL_RUN_FIRST, "run-first" },
    { G_SIGNAL_RUN_LAST, "run-last" },
    { G_SIGNAL_RUN_CLEANUP, "run-cleanup" },
    { G_SIGNAL_NO_RECURSE, "no-recurse" },
    { G_SIGNAL_DETAILED, "detailed" },
    { G_SIGNAL_ACTION, "action" },
    { G_SIGNAL_NO_HOOKS, "no-hooks" },
    { G_SIGNAL_MUST_COLLECT, "must-collect" },
    { G_SIGNAL_DEPRECATED, "deprecated" },
  };
  gboolean first = TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].flag)
      {
        printf ("%s%s", first ? "" : "|", names[i].name);
        first = FALSE;
      }
  if (first)
    printf ("none");
}

static void
print_gtype (GType type)
{
  type &= ~G_SIGNAL_TYPE_STATIC_SCOPE;
  printf ("%s:%s", g_type_name (type), g_type_name (G_TYPE_FUNDAMENTAL (type)));
}

static void
print_signals (GType type)
{
  g_autofree guint *ids = NULL;
  guint n_ids = 0;

  ids = g_signal_list_ids (type, &n_ids);
  for (guint i = 0; i < n_ids; i++)
    {
      GSignalQuery query;

      g_signal_query (ids[i], &query);
      printf ("signal\t%s\t%s\t", g_type_name (query.itype), query.signal_name);
      print_gtype (query.return_type);
      printf ("\t");
      print_flags (query.signal_flags);
      printf ("\t");
      for (guint p = 0; p < query.n_params; p++)
        {
          if (p > 0)
            printf (",");
          print_gtype (query.param_types[p]);
        }
      printf ("\n");
    }
}

static void
print_type (GType type)
{
  g_autofree GType *interfaces = NULL;
  guint n_interfaces = 0;
  gboolean is_interface = G_TYPE_IS_INTERFACE (type);

  /* Signals are created in class_init (or an interface's default_init), so the class
   * must exist before they can be listed. Classes are kept for the life of the tool. */
  if (is_interface)
    g_type_default_interface_ref (type);
  else
    g_type_class_ref (type);

  if (is_interface)
    interfaces = g_type_interface_prerequisites (type, &n_interfaces);
  else
    interfaces = g_type_interfaces (type, &n_interfaces);

  printf ("type\t%s\t%s\t%s\t", g_type_name (type),
          g_type_parent (type) ? g_type_name (g_type_parent (type)) : "-",
          is_interface ? "interface" : "object");
  for (guint i = 0; i < n_interfaces; i++)
    printf ("%s%s", i > 0 ? "," : "", g_type_name (interfaces[i]));
  printf ("\n");

  print_signals (type);
}

static void
print_tree (GType type)
{
  g_autofree GType *children = NULL;
  guint n_children = 0;

  print_type (type);
  children = g_type_children (type, &n_children);
  for (guint i = 0; i < n_children; i++)
    print_tree (children[i]);
}

static void
print_values (GType fundamental,
              const char *kind)
{
  g_autofree GType *children = NULL;
  guint n_children = 0;

  children = g_type_children (fundamental, &n_children);
  for (guint i = 0; i < n_children; i++)
    printf ("%s\t%s\n", kind, g_type_name (children[i]));
}

int
main (int    argc,
      char **argv)
{
  g_autofree GType *interfaces = NULL;
  guint n_interfaces = 0;

  /* Some classes (libadwaita's style manager among them) look at the display when
   * they are initialised; the test runs this tool on a virtual display. */
  adw_init ();
  gtk_test_register_all_types ();

  for (int i = 1; i < argc; i++)
    {
      GetTypeFunc get_type = (GetTypeFunc) dlsym (RTLD_DEFAULT, argv[i]);

      if (get_type == NULL)
        printf ("missing\t%s\n", argv[i]);
      else
        get_type ();
    }

  /* Interfaces first: an object type's record names the interfaces it implements. */
  interfaces = g_type_children (G_TYPE_INTERFACE, &n_interfaces);
  for (guint i = 0; i < n_interfaces; i++)
    print_type (interfaces[i]);
  print_tree (G_TYPE_OBJECT);

  print_values (G_TYPE_ENUM, "enum");
  print_values (G_TYPE_FLAGS, "flags");

  return 0;
}
