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

#include "sok-agreement.h"
#include "sok-certificate.h"
#include "sok-paths.h"
#include "sok-pdf.h"
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
  PangoLayout *layout = sok_pdf_new_layout (cr, text, size, bold, width);

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
    {
      ok = draw_page (&painter, school_name, parent_url, &pupils[i], error);
      if (ok)
        cairo_show_page (cr);
    }

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

/**
 * sok_certificate_draw_page:
 * @cr: where to draw, as a printer's page gives it
 * @width: the width of the area to fill, in @cr's units
 * @height: the height likewise
 * @pupil: the certificate to draw
 *
 * Draws one certificate, the same page sok_certificate_write_pdf() writes, scaled to
 * fit @width × @height and centred, without ending the page. For printing through
 * GtkPrintOperation. Sets the errors sok_certificate_write_pdf() sets.
 */
gboolean
sok_certificate_draw_page (cairo_t                    *cr,
                           double                      width,
                           double                      height,
                           const char                 *school_name,
                           const char                 *parent_url,
                           const SokCertificatePupil  *pupil,
                           GError                    **error)
{
  g_autoptr (GHashTable) icons = NULL;
  Painter painter;
  double scale;
  gboolean ok;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (pupil != NULL, FALSE);

  if (!validate (school_name, parent_url, pupil, 1, error))
    return FALSE;

  scale = MIN (width / PAGE_WIDTH, height / PAGE_HEIGHT);
  icons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, icon_free);
  painter.cr = cr;
  painter.icons = icons;

  cairo_save (cr);
  cairo_translate (cr, (width - PAGE_WIDTH * scale) / 2, (height - PAGE_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);
  ok = draw_page (&painter, school_name, parent_url, pupil, error);
  cairo_restore (cr);

  return ok;
}

/* ---- Certificates from the kiosk's agreements --------------------------------- */

struct _SokCertificateBatch
{
  GArray    *pupils;    /* of SokCertificatePupil, pointing into the fields below */
  GPtrArray *names;     /* char *, owned: first names and rules' words */
  GPtrArray *dates;     /* GDateTime *, owned */
  GPtrArray *rules;     /* GArray of SokCertificateRule, owned */
  GPtrArray *aups;      /* SokAup *, owning the rules' text */
};

void
sok_certificate_batch_free (SokCertificateBatch *batch)
{
  if (batch == NULL)
    return;
  g_array_unref (batch->pupils);
  g_ptr_array_unref (batch->names);
  g_ptr_array_unref (batch->dates);
  g_ptr_array_unref (batch->rules);
  g_ptr_array_unref (batch->aups);
  g_free (batch);
}

/* The words a pupil promised, as the kiosk stored them when it first showed them
 * (aup_versions, in the normalised form of data/aup/README.md: "rule ID=TEXT" lines),
 * so a certificate never shows rules changed since. Pictures come from the AUP as it
 * is now, by rule id; a rule without one gets a star. */
static GArray *
rules_for (SokCertificateBatch  *batch,
           GHashTable           *by_aup,
           SokStore             *store,
           const char           *data_dir,
           const SokAgreement   *agreement,
           GError              **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (SokAup) aup = NULL;
  g_autoptr (GError) aup_error = NULL;
  g_auto (GStrv) lines = NULL;
  GArray *rules;
  SokAgeBand band;

  if ((rules = g_hash_table_lookup (by_aup, agreement->aup_sha256)) != NULL)
    return rules;

  if (!sok_age_band_from_string (agreement->band, &band))
    {
      g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                   "An agreement names an age band “%s” this kiosk does not know",
                   agreement->band ? agreement->band : "");
      return NULL;
    }

  stmt = sok_store_prepare (store, "SELECT content FROM aup_versions WHERE sha256 = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, agreement->aup_sha256, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_text (stmt, 0) == NULL)
    {
      g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                   "The words of AUP version %s are missing from the kiosk's database; "
                   "run “sokctl doctor”", agreement->aup_sha256);
      return NULL;
    }
  lines = g_strsplit ((const char *)sqlite3_column_text (stmt, 0), "\n", -1);

  /* Only for the pictures: without it the rules still print, with stars. */
  aup = sok_aup_load (data_dir, band, agreement->aup_locale, &aup_error);
  if (aup == NULL)
    g_warning ("The AUP's pictures cannot be used on certificates: %s", aup_error->message);

  rules = g_array_new (FALSE, TRUE, sizeof (SokCertificateRule));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *equals;
      g_autofree char *id = NULL;
      SokCertificateRule rule = { NULL, NULL };

      if (!g_str_has_prefix (lines[i], "rule ") || (equals = strchr (lines[i], '=')) == NULL)
        continue;

      id = g_strndup (lines[i] + strlen ("rule "), (gsize)(equals - lines[i]) - strlen ("rule "));
      g_ptr_array_add (batch->names, g_strdup (equals + 1));
      rule.text = g_ptr_array_index (batch->names, batch->names->len - 1);
      for (guint r = 0; aup != NULL && r < sok_aup_get_n_rules (aup); r++)
        if (g_strcmp0 (sok_aup_get_rule_id (aup, r), id) == 0)
          rule.icon_name = sok_aup_get_rule_icon (aup, r);
      g_array_append_val (rules, rule);
    }

  if (aup != NULL)
    g_ptr_array_add (batch->aups, g_steal_pointer (&aup));
  g_ptr_array_add (batch->rules, rules);
  g_hash_table_insert (by_aup, g_strdup (agreement->aup_sha256), rules);

  return rules;
}

/**
 * sok_certificate_batch_load:
 * @data_dir: (nullable): the kiosk's data directory, for the school's own AUP files
 * @class_name: (nullable): a class's name (ignoring case), or %NULL with @pupil_id
 * @pupil_id: one pupil, or 0 with @class_name
 * @school_year: the school year whose promises are printed
 *
 * Collects the certificates to print: one for each pupil of @class_name who promised
 * in @school_year (their latest promise), or the one for @pupil_id. Sets
 * %SOK_CERTIFICATE_ERROR_INVALID, with a message for staff, when nobody in the class
 * (or not that pupil) has promised this school year.
 *
 * Returns: (transfer full): the certificates, or %NULL with @error set
 */
SokCertificateBatch *
sok_certificate_batch_load (SokStore    *store,
                            const char  *data_dir,
                            const char  *class_name,
                            gint64       pupil_id,
                            int          school_year,
                            GError     **error)
{
  g_autoptr (GPtrArray) agreements = NULL;
  g_autoptr (GHashTable) latest = NULL;
  g_autoptr (GHashTable) by_aup = NULL;
  g_autoptr (GPtrArray) order = NULL;
  SokCertificateBatch *batch;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);
  g_return_val_if_fail ((class_name != NULL) != (pupil_id != 0), NULL);

  agreements = sok_agreement_list (store, class_name, school_year, error);
  if (agreements == NULL)
    return NULL;

  /* The list is by pupil and time: the last one seen for a pupil is their latest. */
  latest = g_hash_table_new (g_int64_hash, g_int64_equal);
  order = g_ptr_array_new ();
  for (guint i = 0; i < agreements->len; i++)
    {
      SokAgreement *a = g_ptr_array_index (agreements, i);

      if (pupil_id != 0 && a->pupil_id != pupil_id)
        continue;
      if (!g_hash_table_contains (latest, &a->pupil_id))
        g_ptr_array_add (order, a);
      else
        for (guint j = 0; j < order->len; j++)
          if (((SokAgreement *)g_ptr_array_index (order, j))->pupil_id == a->pupil_id)
            order->pdata[j] = a;
      g_hash_table_insert (latest, &a->pupil_id, a);
    }

  if (order->len == 0)
    {
      g_autofree char *year = sok_school_year_dup_label (school_year);

      if (class_name != NULL)
        g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                     "Nobody in class %s has made their promise in %s yet, so there are "
                     "no certificates to print", class_name, year);
      else
        g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                     "Pupil %" G_GINT64_FORMAT " has not made their promise in %s yet, so "
                     "there is no certificate to print", pupil_id, year);
      return NULL;
    }

  batch = g_new0 (SokCertificateBatch, 1);
  batch->pupils = g_array_new (FALSE, TRUE, sizeof (SokCertificatePupil));
  batch->names = g_ptr_array_new_with_free_func (g_free);
  batch->dates = g_ptr_array_new_with_free_func ((GDestroyNotify)g_date_time_unref);
  batch->rules = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  batch->aups = g_ptr_array_new_with_free_func (g_object_unref);
  by_aup = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < order->len; i++)
    {
      SokAgreement *a = g_ptr_array_index (order, i);
      GArray *rules = rules_for (batch, by_aup, store, data_dir, a, error);
      SokCertificatePupil pupil = { 0 };

      if (rules == NULL)
        {
          sok_certificate_batch_free (batch);
          return NULL;
        }

      g_ptr_array_add (batch->names, g_strdup (a->forename));
      g_ptr_array_add (batch->dates, g_date_time_new_from_unix_local (a->agreed_at));
      pupil.first_name = g_ptr_array_index (batch->names, batch->names->len - 1);
      pupil.agreed_at = g_ptr_array_index (batch->dates, batch->dates->len - 1);
      pupil.rules = (const SokCertificateRule *)(gpointer)rules->data;
      pupil.n_rules = rules->len;
      g_array_append_val (batch->pupils, pupil);
    }

  return batch;
}

/**
 * sok_certificate_batch_get_pupils:
 * @n_pupils: (out): how many
 *
 * Returns: (transfer none) (array length=n_pupils): the certificates, in class order
 */
const SokCertificatePupil *
sok_certificate_batch_get_pupils (SokCertificateBatch *batch,
                                  guint               *n_pupils)
{
  g_return_val_if_fail (batch != NULL, NULL);
  g_return_val_if_fail (n_pupils != NULL, NULL);

  *n_pupils = batch->pupils->len;
  return (const SokCertificatePupil *)(gpointer)batch->pupils->data;
}
