/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-certificate"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <unistd.h>

#include "sok-certificate.h"
#include "sok-paths.h"
#include "sok-qr.h"

/* "I made my online safety promise" certificates: one A4 page per pupil, drawn with
 * cairo into a PDF, text laid out by Pango (so Siân and Wiśniewska print right),
 * the rules' pictures rendered from the kiosk's SVGs by librsvg, and a QR code to
 * the school's page for parents. */

G_DEFINE_QUARK (sok-certificate-error-quark, sok_certificate_error)

/* A4 in points. */
#define PAGE_WIDTH  595.28
#define PAGE_HEIGHT 841.89

/* The content column, inside the border. */
#define CONTENT_LEFT   62.0
#define CONTENT_RIGHT  (PAGE_WIDTH - 62.0)
#define CONTENT_WIDTH  (CONTENT_RIGHT - CONTENT_LEFT)

#define QR_SIZE 104.0

#define FONT_FAMILY "Noto Sans, DejaVu Sans, sans-serif"

typedef struct
{
  double r, g, b;
} Colour;

/* The kiosk's pictures' palette (assets/icons/README.md). */
static const Colour plum = { 0x3d / 255.0, 0x2c / 255.0, 0x4e / 255.0 };
static const Colour sunny = { 0xff / 255.0, 0xc9 / 255.0, 0x3c / 255.0 };
static const Colour coral = { 0xff / 255.0, 0x6b / 255.0, 0x6b / 255.0 };
static const Colour sky = { 0x4d / 255.0, 0xab / 255.0, 0xf7 / 255.0 };
static const Colour leaf = { 0x51 / 255.0, 0xcf / 255.0, 0x66 / 255.0 };
static const Colour cream = { 0xff / 255.0, 0xfb / 255.0, 0xf0 / 255.0 };
static const Colour berry = { 0xc2 / 255.0, 0x25 / 255.0, 0x5c / 255.0 };

typedef struct
{
  cairo_t    *cr;
  GHashTable *icons;   /* icon name → RsvgHandle, or a NULL-valued entry when missing */
} Painter;

static void
set_colour (cairo_t      *cr,
            const Colour *colour)
{
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
}

static PangoLayout *
new_layout (cairo_t        *cr,
            const char     *text,
            double          size,
            gboolean        bold,
            double          width,
            PangoAlignment  alignment)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  /* Absolute sizes are in the surface's units, which are points on a PDF page. */
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, alignment);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double)h / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double)w / PANGO_SCALE;
}

static void
show_layout (cairo_t      *cr,
             PangoLayout  *layout,
             double        x,
             double        y,
             const Colour *colour)
{
  cairo_save (cr);
  set_colour (cr, colour);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* Draws centred text in the content column; returns its height. */
static double
show_centred (cairo_t      *cr,
              const char   *text,
              double        size,
              gboolean      bold,
              double        y,
              const Colour *colour)
{
  g_autoptr (PangoLayout) layout = new_layout (cr, text, size, bold, CONTENT_WIDTH,
                                               PANGO_ALIGN_CENTER);

  show_layout (cr, layout, CONTENT_LEFT, y, colour);
  return layout_height (layout);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h,
                   double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
star (cairo_t      *cr,
      double        cx,
      double        cy,
      double        radius,
      const Colour *fill)
{
  cairo_save (cr);
  cairo_new_path (cr);
  for (int i = 0; i < 10; i++)
    {
      double angle = -G_PI / 2 + i * G_PI / 5;
      double r = (i % 2 == 0) ? radius : radius * 0.45;

      cairo_line_to (cr, cx + r * cos (angle), cy + r * sin (angle));
    }
  cairo_close_path (cr);
  set_colour (cr, fill);
  cairo_fill_preserve (cr);
  set_colour (cr, &plum);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A warm frame: a sunny band, a cream page, a thin coral line and a star in each
 * corner. */
static void
draw_border (cairo_t *cr)
{
  set_colour (cr, &sunny);
  rounded_rectangle (cr, 18, 18, PAGE_WIDTH - 36, PAGE_HEIGHT - 36, 28);
  cairo_fill (cr);

  set_colour (cr, &cream);
  rounded_rectangle (cr, 32, 32, PAGE_WIDTH - 64, PAGE_HEIGHT - 64, 18);
  cairo_fill (cr);

  set_colour (cr, &coral);
  cairo_set_line_width (cr, 2.5);
  rounded_rectangle (cr, 40, 40, PAGE_WIDTH - 80, PAGE_HEIGHT - 80, 12);
  cairo_stroke (cr);

  star (cr, 40, 40, 17, &coral);
  star (cr, PAGE_WIDTH - 40, 40, 17, &sky);
  star (cr, 40, PAGE_HEIGHT - 40, 17, &leaf);
  star (cr, PAGE_WIDTH - 40, PAGE_HEIGHT - 40, 17, &coral);
}

static void
icon_free (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

static gboolean
icon_name_is_safe (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;

  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

static RsvgHandle *
lookup_icon (Painter    *painter,
             const char *name)
{
  RsvgHandle *handle;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (!icon_name_is_safe (name))
    return NULL;

  if (g_hash_table_lookup_extended (painter->icons, name, NULL, (gpointer *)&handle))
    return handle;

  file = g_strconcat (name, ".svg", NULL);
  path = g_build_filename (sok_paths_get_icons_dir (), file, NULL);
  handle = rsvg_handle_new_from_file (path, &error);
  if (handle == NULL)
    /* The rule still prints, with a star for its picture. */
    g_warning ("The picture %s cannot be drawn on certificates: %s", path, error->message);

  g_hash_table_insert (painter->icons, g_strdup (name), handle);
  return handle;
}

/* Draws a rule's picture in a square; a star stands in for a missing picture. */
static void
draw_icon (Painter    *painter,
           const char *name,
           double      x,
           double      y,
           double      size)
{
  RsvgHandle *handle = lookup_icon (painter, name);
  RsvgRectangle viewport = { x, y, size, size };

  if (handle != NULL)
    {
      g_autoptr (GError) error = NULL;

      cairo_save (painter->cr);
      if (!rsvg_handle_render_document (handle, painter->cr, &viewport, &error))
        g_warning ("The picture %s could not be drawn: %s", name, error->message);
      cairo_restore (painter->cr);
      return;
    }

  star (painter->cr, x + size / 2, y + size / 2, size * 0.35, &sunny);
}

/* The pupil's first name, as large as fits on one line; a very long name wraps
 * onto two lines rather than shrinking out of sight. Returns its height. */
static double
draw_name (cairo_t    *cr,
           const char *name,
           double      y)
{
  g_autoptr (PangoLayout) layout = NULL;

  for (double size = 60; size >= 30; size -= 2)
    {
      g_clear_object (&layout);
      layout = new_layout (cr, name, size, TRUE, -1, PANGO_ALIGN_CENTER);
      if (layout_width (layout) <= CONTENT_WIDTH)
        {
          double w = layout_width (layout);

          show_layout (cr, layout, CONTENT_LEFT + (CONTENT_WIDTH - w) / 2, y, &berry);
          return layout_height (layout);
        }
    }

  g_clear_object (&layout);
  layout = new_layout (cr, name, 30, TRUE, CONTENT_WIDTH, PANGO_ALIGN_CENTER);
  pango_layout_set_height (layout, -2);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  show_layout (cr, layout, CONTENT_LEFT, y, &berry);

  return layout_height (layout);
}

typedef struct
{
  guint  columns;
  double icon;
  double font;
} RuleLayout;

/* From the roomiest to the most compact: the first that fits the space is used. */
static const RuleLayout rule_layouts[] = {
  { 1, 64, 16 }, { 1, 56, 15 }, { 1, 50, 14 }, { 1, 44, 13 },
  { 2, 56, 12.5 }, { 2, 50, 12 }, { 2, 44, 11 }, { 2, 38, 10 }, { 2, 32, 9 },
};

#define RULE_GAP 12.0
#define COLUMN_GAP 18.0

static double
rule_text_width (const RuleLayout *rl)
{
  double column = (CONTENT_WIDTH - (rl->columns - 1) * COLUMN_GAP) / rl->columns;

  return column - rl->icon - 12;
}

/* Height of the rules laid out in @rl, filling the columns row by row. */
static double
measure_rules (cairo_t                  *cr,
               const SokCertificateRule *rules,
               guint                     n_rules,
               const RuleLayout         *rl)
{
  double total = 0;

  for (guint i = 0; i < n_rules; i += rl->columns)
    {
      double row = rl->icon;

      for (guint c = 0; c < rl->columns && i + c < n_rules; c++)
        {
          g_autoptr (PangoLayout) layout = new_layout (cr, rules[i + c].text, rl->font, FALSE,
                                                       rule_text_width (rl), PANGO_ALIGN_LEFT);
          row = MAX (row, layout_height (layout));
        }

      total += row + (i + rl->columns < n_rules ? RULE_GAP : 0);
    }

  return total;
}

static void
draw_rules (Painter                  *painter,
            const SokCertificateRule *rules,
            guint                     n_rules,
            double                    top,
            double                    bottom)
{
  cairo_t *cr = painter->cr;
  const RuleLayout *rl = &rule_layouts[G_N_ELEMENTS (rule_layouts) - 1];
  double height = 0;
  double y;

  for (guint i = 0; i < G_N_ELEMENTS (rule_layouts); i++)
    {
      height = measure_rules (cr, rules, n_rules, &rule_layouts[i]);
      if (height <= bottom - top)
        {
          rl = &rule_layouts[i];
          break;
        }
    }

  /* Centred in the space left, so a short infant AUP does not huddle at the top. */
  height = measure_rules (cr, rules, n_rules, rl);
  y = top + MAX (0, (bottom - top - height) / 2);

  for (guint i = 0; i < n_rules; i += rl->columns)
    {
      double row = rl->icon;

      for (guint c = 0; c < rl->columns && i + c < n_rules; c++)
        {
          double column = (CONTENT_WIDTH - (rl->columns - 1) * COLUMN_GAP) / rl->columns;
          double x = CONTENT_LEFT + c * (column + COLUMN_GAP);
          g_autoptr (PangoLayout) layout = new_layout (cr, rules[i + c].text, rl->font, FALSE,
                                                       rule_text_width (rl), PANGO_ALIGN_LEFT);
          double text_height = layout_height (layout);

          draw_icon (painter, rules[i + c].icon_name, x, y, rl->icon);
          /* Short text sits level with the middle of its picture. */
          show_layout (cr, layout, x + rl->icon + 12,
                       y + MAX (0, (rl->icon - text_height) / 2), &plum);
          row = MAX (row, text_height);
        }

      y += row + RULE_GAP;
    }
}

/**
 * sok_certificate_dup_date_words:
 *
 * Returns: (transfer full): @date in the kiosk's local time as a person writes it,
 *   "23 November 2026" in English.
 */
char *
sok_certificate_dup_date_words (GDateTime *date)
{
  g_autoptr (GDateTime) local = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  local = g_date_time_to_local (date);
  /* Translators: a date on a certificate, see g_date_time_format(): 23 November 2026. */
  return g_date_time_format (local, _("%-d %B %Y"));
}

static gboolean
draw_page (Painter                    *painter,
           const char                 *school_name,
           const char                 *parent_url,
           const SokCertificatePupil  *pupil,
           GError                    **error)
{
  cairo_t *cr = painter->cr;
  g_autofree char *date = sok_certificate_dup_date_words (pupil->agreed_at);
  g_autofree char *when = NULL;
  double y = 60;
  double footer_top = PAGE_HEIGHT - 62 - QR_SIZE;
  double text_width = CONTENT_WIDTH - QR_SIZE - 16;
  const char *parents_line;
  g_autoptr (PangoLayout) school = NULL;
  g_autoptr (PangoLayout) parents = NULL;
  double footer_text_height;

  draw_border (cr);

  /* The promise tile's picture: a child with a hand on their heart. */
  draw_icon (painter, "tile-promise", (PAGE_WIDTH - 92) / 2, y, 92);
  y += 92 + 8;

  y += show_centred (cr, _("I made my online safety promise"), 27, TRUE, y, &plum) + 10;
  y += draw_name (cr, pupil->first_name, y) + 6;

  /* Translators: on a certificate, under the pupil's name; %s is a date in words. */
  when = g_strdup_printf (_("made this promise on %s. Well done!"), date);
  y += show_centred (cr, when, 15, FALSE, y, &plum) + 14;

  /* A line between the name and the rules. */
  set_colour (cr, &sunny);
  cairo_set_line_width (cr, 3);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, CONTENT_LEFT + 80, y);
  cairo_line_to (cr, CONTENT_RIGHT - 80, y);
  cairo_stroke (cr);
  y += 14;

  y += show_centred (cr, _("My promise:"), 16, TRUE, y, &plum) + 10;

  draw_rules (painter, pupil->rules, pupil->n_rules, y, footer_top - 18);

  /* The footer: the school's name and a word for parents, beside the QR code. */
  if (parent_url != NULL)
    parents_line = _("Grown-ups: scan to read our online safety rules");
  else
    parents_line = _("Grown-ups: please ask the school for a copy of our online safety rules");

  school = new_layout (cr, school_name, 17, TRUE, parent_url ? text_width : CONTENT_WIDTH,
                       PANGO_ALIGN_LEFT);
  parents = new_layout (cr, parents_line, 11.5, FALSE,
                        parent_url ? text_width : CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  footer_text_height = layout_height (school) + 6 + layout_height (parents);
  y = footer_top + MAX (0, (QR_SIZE - footer_text_height) / 2);
  show_layout (cr, school, CONTENT_LEFT, y, &plum);
  show_layout (cr, parents, CONTENT_LEFT, y + layout_height (school) + 6, &plum);

  if (parent_url != NULL &&
      !sok_qr_draw (cr, parent_url, CONTENT_RIGHT - QR_SIZE, footer_top, QR_SIZE, error))
    return FALSE;

  cairo_show_page (cr);

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_DRAW,
                   "Could not draw a certificate: %s", cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate (const char                 *school_name,
          const char                 *parent_url,
          const SokCertificatePupil  *pupils,
          guint                       n_pupils,
          GError                    **error)
{
  if (n_pupils == 0)
    {
      g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                   "There are no certificates to make: nobody was chosen");
      return FALSE;
    }

  if (school_name == NULL || *school_name == '\0' || !g_utf8_validate (school_name, -1, NULL))
    {
      g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                   "The school's name is not set; set it with “sokctl config set "
                   "school-name NAME”");
      return FALSE;
    }

  if (parent_url != NULL &&
      !g_str_has_prefix (parent_url, "https://") && !g_str_has_prefix (parent_url, "http://"))
    {
      g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                   "The parents' page “%s” is not a web address starting with https://; "
                   "change it with “sokctl config set parent-aup-url URL”", parent_url);
      return FALSE;
    }

  for (guint i = 0; i < n_pupils; i++)
    {
      const SokCertificatePupil *pupil = &pupils[i];

      /* Errors name the certificate by its number, never the pupil. */
      if (pupil->first_name == NULL || *pupil->first_name == '\0' ||
          !g_utf8_validate (pupil->first_name, -1, NULL))
        {
          g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                       "Certificate %u has no first name, or it is not UTF-8 text", i + 1);
          return FALSE;
        }
      if (pupil->agreed_at == NULL)
        {
          g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                       "Certificate %u has no date of the promise", i + 1);
          return FALSE;
        }
      if (pupil->n_rules == 0 || pupil->rules == NULL)
        {
          g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                       "Certificate %u has no rules to show", i + 1);
          return FALSE;
        }
      for (guint r = 0; r < pupil->n_rules; r++)
        if (pupil->rules[r].text == NULL || !g_utf8_validate (pupil->rules[r].text, -1, NULL))
          {
            g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                         "Certificate %u: rule %u has no text, or it is not UTF-8", i + 1, r + 1);
            return FALSE;
          }
    }

  return TRUE;
}

typedef struct
{
  int fd;
  int error;
} Writer;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Writer *writer = closure;

  while (length > 0 && writer->error == 0)
    {
      ssize_t n = write (writer->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          writer->error = n < 0 ? errno : EIO;
          break;
        }
      data += n;
      length -= (unsigned int)n;
    }

  return writer->error == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/**
 * sok_certificate_write_pdf:
 * @path: the PDF to write; replaced whole, or not at all
 * @school_name: printed at the foot of every page
 * @parent_url: (nullable): the school's page about the AUP for parents, printed as a
 *   QR code; without it the page asks parents to ask the school instead
 * @pupils: (array length=n_pupils): one certificate each, in order
 *
 * Writes one A4 page per pupil. The PDF is written to a temporary file beside @path
 * and renamed over it only when complete, so a failed run never leaves half a PDF.
 * Sets %SOK_CERTIFICATE_ERROR_INVALID for missing or bad input (naming the
 * certificate by number, not the pupil), %SOK_CERTIFICATE_ERROR_WRITE when the file
 * cannot be written, %SOK_CERTIFICATE_ERROR_DRAW or a %SOK_QR_ERROR.
 */
gboolean
sok_certificate_write_pdf (const char                 *path,
                           const char                 *school_name,
                           const char                 *parent_url,
                           const SokCertificatePupil  *pupils,
                           guint                       n_pupils,
                           GError                    **error)
{
  g_autofree char *tmp = NULL;
  g_autoptr (GHashTable) icons = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  Writer writer = { -1, 0 };
  Painter painter;
  cairo_status_t status;
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (pupils != NULL || n_pupils == 0, FALSE);

  if (!validate (school_name, parent_url, pupils, n_pupils, error))
    return FALSE;

  tmp = g_strdup_printf ("%s.XXXXXX", path);
  writer.fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (writer.fd < 0)
    {
      int saved = errno;
      g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_WRITE,
                   "Could not write %s: %s. Check that its folder exists and can be "
                   "written to.", path, g_strerror (saved));
      return FALSE;
    }

  surface = cairo_pdf_surface_create_for_stream (write_cb, &writer, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  _("Online safety promise certificates"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Safe Online Kiosk");
  cr = cairo_create (surface);

  icons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, icon_free);
  painter.cr = cr;
  painter.icons = icons;

  for (guint i = 0; i < n_pupils && ok; i++)
    ok = draw_page (&painter, school_name, parent_url, &pupils[i], error);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (ok && (status != CAIRO_STATUS_SUCCESS || writer.error != 0))
    {
      g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_WRITE,
                   "Could not write %s: %s. Nothing was written; check the disk has room.",
                   path, writer.error != 0 ? g_strerror (writer.error)
                                           : cairo_status_to_string (status));
      ok = FALSE;
    }

  if (ok && fsync (writer.fd) != 0)
    {
      int saved = errno;
      g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_WRITE,
                   "Could not write %s: %s. Nothing was written; check the disk.",
                   path, g_strerror (saved));
      ok = FALSE;
    }

  close (writer.fd);

  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_WRITE,
                   "Could not save %s: %s", path, g_strerror (saved));
      ok = FALSE;
    }

  if (!ok)
    g_unlink (tmp);

  return ok;
}
