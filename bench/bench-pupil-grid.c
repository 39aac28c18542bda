/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-pupil-grid"

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdlib.h>

#include "sok-bench.h"
#include "sok-roster.h"
#include "sok-store.h"
#include "sok-tile.h"

/* How long a class's pupil grid takes to appear after its class tile is tapped: the
 * pupil list query (sok_roster_list_pupils()), a SokTile per pupil in a GtkFlowBox put
 * in the window, and the frame that lays it out and draws it. Run on a data directory
 * that bench-promise made (--keep), under a virtual X server; see bench/README.md.
 *
 * For each run it records, in milliseconds:
 *   build  the query and the widgets, up to the moment they are in the window;
 *   frame  the frame clock's layout and paint of that frame (the work GTK does);
 *   shown  from the start of the run to the end of that frame's paint, which also
 *          holds the wait for the frame clock's next tick;
 *   work cpu  this thread's CPU time over build and frame (with the waiting between
 *          them, when the thread sleeps and uses none), free of other processes' load.
 * Tap-to-drawn work is build + frame; the budget is one frame at 60 Hz. */

#define FRAME_MS (1000.0 / 60.0)

typedef struct
{
  GtkApplication *app;
  GtkWindow      *window;
  SokStore       *store;
  GPtrArray      *class_ids;   /* of gint64*, every listed class, taken in turn */
  guint           runs;
  guint           done;
  guint           n_pupils;
  gboolean        pending;     /* a grid was built and waits for its frame */
  gboolean        laid_out;
  gint64          start;
  gint64          built;
  gint64          layout;
  double          start_cpu;
  GArray         *cpu_ms;      /* this thread's CPU time for build + frame */
  GArray         *build_ms;
  GArray         *frame_ms;
  GArray         *shown_ms;
  int             status;
} Bench;

static void
print_row (const char *name,
           GArray     *ms)
{
  g_array_sort (ms, sok_bench_compare_double);
  g_print ("  %-8s %7.2f %7.2f %7.2f %7.2f\n", name, sok_bench_sorted_at (ms, 0),
           sok_bench_sorted_at (ms, 0.5), sok_bench_sorted_at (ms, 0.99),
           sok_bench_sorted_at (ms, 1));
}

static gboolean start_run_cb (gpointer data);

static void
build_grid (Bench  *bench,
            gint64  class_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pupils = sok_roster_list_pupils (bench->store, class_id, &error);
  GtkWidget *flow;
  GtkWidget *scrolled;

  if (pupils == NULL)
    g_error ("listing pupils: %s", error->message);

  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 24);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 24);
  for (guint i = 0; i < pupils->len; i++)
    {
      SokPupil *pupil = g_ptr_array_index (pupils, i);

      gtk_flow_box_append (GTK_FLOW_BOX (flow), sok_tile_new (NULL, pupil->label));
    }
  bench->n_pupils = pupils->len;

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), flow);
  gtk_window_set_child (bench->window, scrolled);
}

static void
layout_cb (GdkFrameClock *clock,
           Bench         *bench)
{
  if (bench->pending && !bench->laid_out)
    {
      bench->layout = g_get_monotonic_time ();
      bench->laid_out = TRUE;
    }
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();
  double build, frame, shown, cpu;

  if (!bench->pending || !bench->laid_out)
    return;

  bench->pending = FALSE;
  build = (bench->built - bench->start) / 1000.0;
  frame = (now - bench->layout) / 1000.0;
  shown = (now - bench->start) / 1000.0;
  cpu = sok_bench_thread_cpu_ms () - bench->start_cpu;
  /* The first runs warm the caches, the style and the fonts; they are not counted. */
  if (bench->done >= 3)
    {
      g_array_append_val (bench->build_ms, build);
      g_array_append_val (bench->frame_ms, frame);
      g_array_append_val (bench->shown_ms, shown);
      g_array_append_val (bench->cpu_ms, cpu);
    }
  bench->done++;

  if (bench->done < bench->runs + 3)
    g_timeout_add (5, start_run_cb, bench);
  else
    {
      g_autoptr (GArray) work = g_array_sized_new (FALSE, FALSE, sizeof (double),
                                                   bench->build_ms->len);

      for (guint i = 0; i < bench->build_ms->len; i++)
        {
          double w = g_array_index (bench->build_ms, double, i) +
                     g_array_index (bench->frame_ms, double, i);

          g_array_append_val (work, w);
        }
      sok_bench_print_load ();
      g_print ("Pupil grid of a class (%u classes taken in turn, %u pupils in the last), "
               "%u runs, 1280×1024, GSK_RENDERER=%s:\n",
               bench->class_ids->len, bench->n_pupils, bench->runs,
               g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "(default)");
      g_print ("  %-8s %7s %7s %7s %7s   (ms)\n", "", "min", "median", "p99", "max");
      print_row ("build", bench->build_ms);
      print_row ("frame", bench->frame_ms);
      print_row ("work", work);
      print_row ("shown", bench->shown_ms);
      print_row ("work cpu", bench->cpu_ms);
      g_array_sort (work, sok_bench_compare_double);
      g_print ("  work = build + frame; median %s one frame at 60 Hz (%.1f ms)\n",
               sok_bench_sorted_at (work, 0.5) < FRAME_MS ? "within" : "OVER",
               FRAME_MS);
      gtk_window_destroy (bench->window);
    }
}

static gboolean
start_run_cb (gpointer data)
{
  Bench *bench = data;
  gint64 class_id = *(gint64 *)g_ptr_array_index (bench->class_ids,
                                                  bench->done % bench->class_ids->len);

  bench->start = g_get_monotonic_time ();
  bench->start_cpu = sok_bench_thread_cpu_ms ();
  build_grid (bench, class_id);
  bench->built = g_get_monotonic_time ();
  bench->pending = TRUE;
  bench->laid_out = FALSE;

  return G_SOURCE_REMOVE;
}

static void
realize_cb (GtkWidget *window,
            Bench     *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), bench);
}

static void
activate_cb (GtkApplication *app,
             Bench          *bench)
{
  bench->window = GTK_WINDOW (gtk_application_window_new (app));
  gtk_window_set_default_size (bench->window, 1280, 1024);
  g_signal_connect (bench->window, "realize", G_CALLBACK (realize_cb), bench);
  gtk_window_present (bench->window);
  g_timeout_add (200, start_run_cb, bench);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) classes = NULL;
  g_autofree char *dir = NULL;
  int runs = 200;
  Bench bench = { 0 };
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Grids built (default 200)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "A data directory from bench-promise --keep",
      "DIR" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— time a class's pupil grid from tap to drawn");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-pupil-grid: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (dir == NULL || runs < 1)
    {
      g_printerr ("bench-pupil-grid: give --dir DIR (made by bench-promise --keep) and "
                  "--runs ≥ 1\n");
      return EXIT_FAILURE;
    }

  bench.store = sok_store_open (dir, &error);
  if (bench.store == NULL || !(classes = sok_roster_list_classes (bench.store, &error)))
    {
      g_printerr ("bench-pupil-grid: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (classes->len == 0)
    {
      g_printerr ("bench-pupil-grid: %s has no classes; run bench-promise --keep first\n", dir);
      return EXIT_FAILURE;
    }
  bench.class_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < classes->len; i++)
    g_ptr_array_add (bench.class_ids,
                     g_memdup2 (&((SokClass *)g_ptr_array_index (classes, i))->id, sizeof (gint64)));
  bench.runs = (guint)runs;
  bench.build_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.shown_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));

  /* The kiosk's own style sheet and icons come with its resources. */
  bench.app = g_object_new (ADW_TYPE_APPLICATION,
                            "application-id", "org.safeonlinekiosk.BenchPupilGrid",
                            "resource-base-path", "/org/safeonlinekiosk/Kiosk",
                            "flags", G_APPLICATION_NON_UNIQUE,
                            NULL);
  g_signal_connect (bench.app, "activate", G_CALLBACK (activate_cb), &bench);
  bench.status = g_application_run (G_APPLICATION (bench.app), 1, argv);

  g_object_unref (bench.app);
  g_object_unref (bench.store);
  g_ptr_array_unref (bench.class_ids);
  g_array_unref (bench.build_ms);
  g_array_unref (bench.frame_ms);
  g_array_unref (bench.shown_ms);
  g_array_unref (bench.cpu_ms);

  return bench.status;
}
