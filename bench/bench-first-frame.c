/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-first-frame"

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>

#include <glib.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/Xdamage.h>

/* The "first painted frame" detector of bench/startup. It watches the X root window,
 * so it treats every program the same way, whatever toolkit draws it:
 *
 *   bench-first-frame capture OUT.ppm
 *       saves what the screen shows now (the settled home screen: the reference).
 *   bench-first-frame wait REFERENCE.ppm TIMEOUT-SECONDS
 *       takes what the screen shows now as the background, prints "ready", and then,
 *       every time X reports that something on the screen was drawn (XDamage on the
 *       root window), looks at the whole screen again. It prints
 *         first-change NS FRACTION   the first frame in which at least 1% of the
 *                                    screen differs from the background
 *         complete NS FRACTION       the first frame in which at least 99% of the
 *                                    pixels where the reference differs from the
 *                                    background show the reference's colour
 *       with NS the CLOCK_MONOTONIC time in nanoseconds just before that frame was
 *       read, and exits 0; or prints "timeout NS BEST-FRACTION" and exits 2.
 *
 * Reading the screen costs a few milliseconds and happens only when something was
 * drawn, the same for every program measured.
 */

#define CHANGE_THRESHOLD   0.01
#define COMPLETE_THRESHOLD 0.99
#define CHANNEL_TOLERANCE  24

typedef struct
{
  Display         *display;
  Window           root;
  int              width;
  int              height;
  XImage          *image;
  XShmSegmentInfo  shm;
  gboolean         use_shm;
} RootScreen;

static gint64
monotonic_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gboolean
screen_open (RootScreen *screen)
{
  XWindowAttributes attributes;
  int depth;

  memset (screen, 0, sizeof *screen);
  screen->display = XOpenDisplay (NULL);
  if (screen->display == NULL)
    {
      g_printerr ("bench-first-frame: cannot open the X display “%s”; is DISPLAY set?\n",
                  g_getenv ("DISPLAY") ? g_getenv ("DISPLAY") : "");
      return FALSE;
    }

  screen->root = DefaultRootWindow (screen->display);
  XGetWindowAttributes (screen->display, screen->root, &attributes);
  screen->width = attributes.width;
  screen->height = attributes.height;
  depth = attributes.depth;

  if (depth != 24 && depth != 32)
    {
      g_printerr ("bench-first-frame: the screen has depth %d; start Xvfb with -screen 0 WxHx24\n",
                  depth);
      return FALSE;
    }

  screen->use_shm = XShmQueryExtension (screen->display);
  if (screen->use_shm)
    {
      screen->image = XShmCreateImage (screen->display, attributes.visual, depth, ZPixmap, NULL,
                                       &screen->shm, screen->width, screen->height);
      screen->shm.shmid = shmget (IPC_PRIVATE,
                                  (size_t) screen->image->bytes_per_line * screen->height,
                                  IPC_CREAT | 0600);
      if (screen->shm.shmid < 0)
        {
          XDestroyImage (screen->image);
          screen->image = NULL;
          screen->use_shm = FALSE;
        }
      else
        {
          screen->shm.shmaddr = screen->image->data = shmat (screen->shm.shmid, NULL, 0);
          screen->shm.readOnly = False;
          XShmAttach (screen->display, &screen->shm);
          XSync (screen->display, False);
          /* Removed now so that it goes away with the process, however it ends. */
          shmctl (screen->shm.shmid, IPC_RMID, NULL);
        }
    }

  return TRUE;
}

/* Reads the whole screen as 0x00RRGGBB pixels into @pixels (width × height). */
static void
screen_read (RootScreen  *screen,
             guint32  *pixels)
{
  XImage *image;

  if (screen->use_shm)
    {
      XShmGetImage (screen->display, screen->root, screen->image, 0, 0, AllPlanes);
      image = screen->image;
    }
  else
    {
      image = XGetImage (screen->display, screen->root, 0, 0, screen->width, screen->height,
                         AllPlanes, ZPixmap);
    }

  for (int y = 0; y < screen->height; y++)
    {
      const guint8 *row = (const guint8 *) image->data + (gsize) y * image->bytes_per_line;

      if (image->bits_per_pixel == 32)
        {
          const guint32 *in = (const guint32 *) row;
          for (int x = 0; x < screen->width; x++)
            pixels[(gsize) y * screen->width + x] = in[x] & 0xffffff;
        }
      else
        {
          for (int x = 0; x < screen->width; x++)
            pixels[(gsize) y * screen->width + x] = XGetPixel (image, x, y) & 0xffffff;
        }
    }

  if (!screen->use_shm)
    XDestroyImage (image);
}

static inline gboolean
same_colour (guint32 a,
             guint32 b)
{
  int dr = (int) ((a >> 16) & 0xff) - (int) ((b >> 16) & 0xff);
  int dg = (int) ((a >> 8) & 0xff) - (int) ((b >> 8) & 0xff);
  int db = (int) (a & 0xff) - (int) (b & 0xff);

  return ABS (dr) <= CHANNEL_TOLERANCE && ABS (dg) <= CHANNEL_TOLERANCE
         && ABS (db) <= CHANNEL_TOLERANCE;
}

static gboolean
write_ppm (const char    *path,
           const guint32 *pixels,
           int            width,
           int            height)
{
  g_autoptr(GString) out = g_string_sized_new ((gsize) width * height * 3 + 32);
  g_autoptr(GError) error = NULL;

  g_string_append_printf (out, "P6\n%d %d\n255\n", width, height);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      g_string_append_c (out, (char) ((pixels[i] >> 16) & 0xff));
      g_string_append_c (out, (char) ((pixels[i] >> 8) & 0xff));
      g_string_append_c (out, (char) (pixels[i] & 0xff));
    }

  if (!g_file_set_contents (path, out->str, (gssize) out->len, &error))
    {
      g_printerr ("bench-first-frame: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* Reads a P6 PPM written by write_ppm(); returns NULL with a message on stderr. */
static guint32 *
read_ppm (const char *path,
          int         width,
          int         height)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *header = NULL;
  g_autofree guint32 *pixels = NULL;
  const guint8 *data;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("bench-first-frame: %s\n", error->message);
      return NULL;
    }

  header = g_strdup_printf ("P6\n%d %d\n255\n", width, height);
  if (length != strlen (header) + (gsize) width * height * 3
      || memcmp (contents, header, strlen (header)) != 0)
    {
      g_printerr ("bench-first-frame: %s is not a %d×%d reference written by “capture”\n",
                  path, width, height);
      return NULL;
    }

  pixels = g_new (guint32, (gsize) width * height);
  data = (const guint8 *) contents + strlen (header);
  for (gsize i = 0; i < (gsize) width * height; i++)
    pixels[i] = ((guint32) data[3 * i] << 16) | ((guint32) data[3 * i + 1] << 8) | data[3 * i + 2];

  return g_steal_pointer (&pixels);
}

static int
capture (RootScreen    *screen,
         const char *path)
{
  g_autofree guint32 *pixels = g_new (guint32, (gsize) screen->width * screen->height);

  screen_read (screen, pixels);
  return write_ppm (path, pixels, screen->width, screen->height) ? 0 : 1;
}

static int
wait_for_frame (RootScreen    *screen,
                const char *reference_path,
                double      timeout_seconds)
{
  g_autofree guint32 *reference = NULL;
  g_autofree guint32 *background = NULL;
  g_autofree guint32 *pixels = NULL;
  gsize n_pixels = (gsize) screen->width * screen->height;
  gsize n_content = 0;
  int event_base, error_base;
  Damage damage;
  gint64 deadline;
  gboolean changed = FALSE;
  double best = 0.0;

  reference = read_ppm (reference_path, screen->width, screen->height);
  if (reference == NULL)
    return 1;

  if (!XDamageQueryExtension (screen->display, &event_base, &error_base))
    {
      g_printerr ("bench-first-frame: the X server has no DAMAGE extension\n");
      return 1;
    }

  damage = XDamageCreate (screen->display, screen->root, XDamageReportNonEmpty);
  XSync (screen->display, False);

  background = g_new (guint32, n_pixels);
  pixels = g_new (guint32, n_pixels);
  screen_read (screen, background);

  for (gsize i = 0; i < n_pixels; i++)
    if (!same_colour (reference[i], background[i]))
      n_content++;
  if (n_content < n_pixels / 100)
    {
      g_printerr ("bench-first-frame: the reference %s looks like the empty screen; "
                  "was the program showing when it was captured?\n", reference_path);
      return 1;
    }

  printf ("ready\n");
  fflush (stdout);

  deadline = monotonic_ns () + (gint64) (timeout_seconds * 1e9);

  for (;;)
    {
      struct pollfd fd = { ConnectionNumber (screen->display), POLLIN, 0 };
      gint64 now = monotonic_ns ();
      gint64 frame_time;
      gsize n_changed = 0, n_matching = 0;
      gboolean damaged = FALSE;
      double fraction;

      if (now >= deadline)
        {
          printf ("timeout %" G_GINT64_FORMAT " %.4f\n", now, best);
          return 2;
        }

      if (XPending (screen->display) == 0
          && poll (&fd, 1, (int) MAX (1, (deadline - now) / 1000000)) < 0 && errno != EINTR)
        {
          g_printerr ("bench-first-frame: poll: %s\n", g_strerror (errno));
          return 1;
        }

      while (XPending (screen->display) > 0)
        {
          XEvent event;

          XNextEvent (screen->display, &event);
          if (event.type == event_base + XDamageNotify)
            damaged = TRUE;
        }
      if (!damaged)
        continue;

      /* Acknowledge first, so anything drawn while we look raises a new event. */
      XDamageSubtract (screen->display, damage, None, None);
      frame_time = monotonic_ns ();
      screen_read (screen, pixels);

      for (gsize i = 0; i < n_pixels; i++)
        {
          gboolean is_background = same_colour (pixels[i], background[i]);

          if (!is_background)
            n_changed++;
          if (!same_colour (reference[i], background[i]) && same_colour (pixels[i], reference[i]))
            n_matching++;
        }

      if (!changed && n_changed >= CHANGE_THRESHOLD * n_pixels)
        {
          changed = TRUE;
          printf ("first-change %" G_GINT64_FORMAT " %.4f\n", frame_time,
                  (double) n_changed / n_pixels);
          fflush (stdout);
        }

      fraction = (double) n_matching / n_content;
      best = MAX (best, fraction);
      if (fraction >= COMPLETE_THRESHOLD)
        {
          if (!changed)
            printf ("first-change %" G_GINT64_FORMAT " %.4f\n", frame_time,
                    (double) n_changed / n_pixels);
          printf ("complete %" G_GINT64_FORMAT " %.4f\n", frame_time, fraction);
          fflush (stdout);
          return 0;
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  RootScreen screen;

  if (argc == 3 && g_str_equal (argv[1], "capture"))
    {
      if (!screen_open (&screen))
        return 1;
      return capture (&screen, argv[2]);
    }

  if (argc == 4 && g_str_equal (argv[1], "wait"))
    {
      char *end = NULL;
      double timeout = g_ascii_strtod (argv[3], &end);

      if (end == argv[3] || *end != '\0' || timeout <= 0)
        {
          g_printerr ("bench-first-frame: the timeout “%s” is not a number of seconds\n",
                      argv[3]);
          return 1;
        }
      if (!screen_open (&screen))
        return 1;
      return wait_for_frame (&screen, argv[2], timeout);
    }

  g_printerr ("usage: bench-first-frame capture OUT.ppm\n"
              "       bench-first-frame wait REFERENCE.ppm TIMEOUT-SECONDS\n");
  return 1;
}
