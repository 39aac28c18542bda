/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-tile"

#include "config.h"

#include "sok-picture.h"
#include "sok-tile.h"

/* The big picture button every screen uses: a picture a child can recognise without
 * reading, with the words under it. Assistive technology hears the words: GTK 4.8
 * does not name a button after the labels inside it, so the label is set here.
 */
struct _SokTile
{
  GtkButton   parent_instance;

  SokPicture *picture;
  GtkLabel   *label;
};

G_DEFINE_FINAL_TYPE (SokTile, sok_tile, GTK_TYPE_BUTTON)

enum {
  PROP_0,
  PROP_ICON_NAME,
  PROP_WORDS,
  PROP_PICTURE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sok_tile_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SokTile *self = SOK_TILE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      g_value_set_string (value, sok_tile_get_icon_name (self));
      break;

    case PROP_WORDS:
      g_value_set_string (value, sok_tile_get_words (self));
      break;

    case PROP_PICTURE_SIZE:
      g_value_set_int (value, sok_tile_get_picture_size (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_tile_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SokTile *self = SOK_TILE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      sok_tile_set_icon_name (self, g_value_get_string (value));
      break;

    case PROP_WORDS:
      sok_tile_set_words (self, g_value_get_string (value));
      break;

    case PROP_PICTURE_SIZE:
      sok_tile_set_picture_size (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_tile_class_init (SokTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sok_tile_get_property;
  object_class->set_property = sok_tile_set_property;

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WORDS] =
    g_param_spec_string ("words", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PICTURE_SIZE] =
    g_param_spec_int ("picture-size", NULL, NULL,
                      0, 4096, 96,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sok_tile_init (SokTile *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->picture = SOK_PICTURE (sok_picture_new (NULL));
  sok_picture_set_pixel_size (self->picture, 96);
  gtk_widget_set_vexpand (GTK_WIDGET (self->picture), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->picture), TRUE);

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_justify (self->label, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "tile-words");
  /* The button already carries the words as its name; reading them twice would
   * only confuse a screen-reader user. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->label),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);

  /* Until it is given a picture, a tile shows only its words, in its middle. */
  gtk_widget_set_visible (GTK_WIDGET (self->picture), FALSE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->label), TRUE);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->picture));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_button_set_child (GTK_BUTTON (self), box);

  /* The picture grows into whatever room the tile gets, but a tile only asks for more
   * room when whoever placed it says so. */
  gtk_widget_set_hexpand (GTK_WIDGET (self), FALSE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), FALSE);

  gtk_widget_add_css_class (GTK_WIDGET (self), "tile");
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), FALSE);
}

/**
 * sok_tile_new:
 * @icon_name: the picture, a name from assets/icons
 * @words: the words under the picture; also the tile's accessible name
 *
 * Returns: (transfer floating): a new tile
 */
GtkWidget *
sok_tile_new (const char *icon_name,
              const char *words)
{
  return g_object_new (SOK_TYPE_TILE,
                       "icon-name", icon_name,
                       "words", words,
                       NULL);
}

const char *
sok_tile_get_icon_name (SokTile *self)
{
  g_return_val_if_fail (SOK_IS_TILE (self), NULL);

  return sok_picture_get_icon_name (self->picture);
}

const char *
sok_tile_get_words (SokTile *self)
{
  g_return_val_if_fail (SOK_IS_TILE (self), NULL);

  return gtk_label_get_label (self->label);
}

int
sok_tile_get_picture_size (SokTile *self)
{
  g_return_val_if_fail (SOK_IS_TILE (self), 0);

  return sok_picture_get_pixel_size (self->picture);
}

void
sok_tile_set_icon_name (SokTile    *self,
                        const char *icon_name)
{
  gboolean has_picture;

  g_return_if_fail (SOK_IS_TILE (self));

  if (g_strcmp0 (icon_name, sok_picture_get_icon_name (self->picture)) == 0)
    return;

  sok_picture_set_icon_name (self->picture, icon_name);
  has_picture = icon_name != NULL && *icon_name != '\0';
  gtk_widget_set_visible (GTK_WIDGET (self->picture), has_picture);
  gtk_widget_set_vexpand (GTK_WIDGET (self->label), !has_picture);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

void
sok_tile_set_words (SokTile    *self,
                    const char *words)
{
  g_return_if_fail (SOK_IS_TILE (self));

  if (words == NULL)
    words = "";

  if (g_strcmp0 (words, gtk_label_get_label (self->label)) == 0)
    return;

  gtk_label_set_label (self->label, words);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, words,
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORDS]);
}

void
sok_tile_set_picture_size (SokTile *self,
                           int      picture_size)
{
  g_return_if_fail (SOK_IS_TILE (self));

  if (picture_size == sok_picture_get_pixel_size (self->picture))
    return;

  sok_picture_set_pixel_size (self->picture, picture_size);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PICTURE_SIZE]);
}
