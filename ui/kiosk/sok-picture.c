/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-picture"

#include "config.h"

#include <librsvg/rsvg.h>

#include "sok-picture.h"

#define ICON_PATH "/org/safeonlinekiosk/Kiosk/icons/"

/* A picture drawn for this project, rendered from its SVG at whatever size the screen
 * gives it, so tiles stay sharp on any kiosk display. Pictures beside words are
 * decoration for assistive technology (role presentation); a picture that says
 * something on its own carries that meaning as its accessible label.
 */
struct _SokPicture
{
  GtkWidget   parent_instance;

  char       *icon_name;
  int         pixel_size;
  RsvgHandle *handle;
  guint       tried_loading : 1;
};

G_DEFINE_FINAL_TYPE (SokPicture, sok_picture, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ICON_NAME,
  PROP_PIXEL_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
warn_once (const char *icon_name,
           const char *reason)
{
  static GHashTable *warned;

  if (warned == NULL)
    warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (g_hash_table_add (warned, g_strdup (icon_name)))
    g_warning ("The picture “%s” cannot be drawn: %s", icon_name, reason);
}

static void
load_handle (SokPicture *self)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  gsize len = 0;
  const guint8 *data;

  if (self->tried_loading)
    return;

  self->tried_loading = TRUE;

  if (self->icon_name == NULL || *self->icon_name == '\0')
    return;

  path = g_strconcat (ICON_PATH, self->icon_name, ".svg", NULL);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      warn_once (self->icon_name, error->message);
      return;
    }

  data = g_bytes_get_data (bytes, &len);
  self->handle = rsvg_handle_new_from_data (data, len, &error);
  if (self->handle == NULL)
    warn_once (self->icon_name, error->message);
}

static void
sok_picture_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  SokPicture *self = SOK_PICTURE (widget);

  *minimum = *natural = self->pixel_size;
}

static void
sok_picture_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  SokPicture *self = SOK_PICTURE (widget);
  g_autoptr (GError) error = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  RsvgRectangle viewport = { 0, 0, width, height };
  cairo_t *cr;

  load_handle (self);

  if (self->handle == NULL || width <= 0 || height <= 0)
    return;

  /* render_document fits the drawing into the viewport keeping its aspect ratio
   * (the SVG's own preserveAspectRatio, centred by default). */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!rsvg_handle_render_document (self->handle, cr, &viewport, &error))
    warn_once (self->icon_name, error->message);
  cairo_destroy (cr);
}

static void
sok_picture_finalize (GObject *object)
{
  SokPicture *self = SOK_PICTURE (object);

  g_clear_pointer (&self->icon_name, g_free);
  g_clear_object (&self->handle);

  G_OBJECT_CLASS (sok_picture_parent_class)->finalize (object);
}

static void
sok_picture_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SokPicture *self = SOK_PICTURE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;

    case PROP_PIXEL_SIZE:
      g_value_set_int (value, self->pixel_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_picture_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SokPicture *self = SOK_PICTURE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      sok_picture_set_icon_name (self, g_value_get_string (value));
      break;

    case PROP_PIXEL_SIZE:
      sok_picture_set_pixel_size (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_picture_class_init (SokPictureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sok_picture_finalize;
  object_class->get_property = sok_picture_get_property;
  object_class->set_property = sok_picture_set_property;

  widget_class->measure = sok_picture_measure;
  widget_class->snapshot = sok_picture_snapshot;

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PIXEL_SIZE] =
    g_param_spec_int ("pixel-size", NULL, NULL,
                      0, 4096, 64,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "picture");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
sok_picture_init (SokPicture *self)
{
  self->pixel_size = 64;
  gtk_widget_add_css_class (GTK_WIDGET (self), "sok-picture");
}

/**
 * sok_picture_new:
 * @icon_name: a picture from assets/icons, without “.svg”
 *
 * Returns: (transfer floating): a decorative picture, hidden from assistive technology
 *   because words beside it already say what it means.
 */
GtkWidget *
sok_picture_new (const char *icon_name)
{
  return g_object_new (SOK_TYPE_PICTURE,
                       "icon-name", icon_name,
                       NULL);
}

/**
 * sok_picture_new_with_meaning:
 * @icon_name: a picture from assets/icons, without “.svg”
 * @meaning: what the picture says, for people who cannot see it
 *
 * Returns: (transfer floating): a picture with accessible role image, labelled @meaning.
 */
GtkWidget *
sok_picture_new_with_meaning (const char *icon_name,
                              const char *meaning)
{
  GtkWidget *self;

  g_return_val_if_fail (meaning != NULL, NULL);

  self = g_object_new (SOK_TYPE_PICTURE,
                       "icon-name", icon_name,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_IMG,
                       NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, meaning,
                                  -1);

  return self;
}

const char *
sok_picture_get_icon_name (SokPicture *self)
{
  g_return_val_if_fail (SOK_IS_PICTURE (self), NULL);

  return self->icon_name;
}

int
sok_picture_get_pixel_size (SokPicture *self)
{
  g_return_val_if_fail (SOK_IS_PICTURE (self), 0);

  return self->pixel_size;
}

/**
 * sok_picture_has_image:
 *
 * Returns: %TRUE when the picture's SVG was found and parsed, so it can be drawn.
 */
gboolean
sok_picture_has_image (SokPicture *self)
{
  g_return_val_if_fail (SOK_IS_PICTURE (self), FALSE);

  load_handle (self);

  return self->handle != NULL;
}

void
sok_picture_set_icon_name (SokPicture *self,
                           const char *icon_name)
{
  g_return_if_fail (SOK_IS_PICTURE (self));

  if (g_strcmp0 (self->icon_name, icon_name) == 0)
    return;

  g_free (self->icon_name);
  self->icon_name = g_strdup (icon_name);

  g_clear_object (&self->handle);
  self->tried_loading = FALSE;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

void
sok_picture_set_pixel_size (SokPicture *self,
                            int         pixel_size)
{
  g_return_if_fail (SOK_IS_PICTURE (self));
  g_return_if_fail (pixel_size >= 0);

  if (self->pixel_size == pixel_size)
    return;

  self->pixel_size = pixel_size;

  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIXEL_SIZE]);
}
