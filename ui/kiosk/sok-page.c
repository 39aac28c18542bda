/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sok-page.h"
#include "sok-picture.h"
#include "sok-tile.h"

/* One screen of the kiosk. Every screen has the same chrome, so a child finds Hide,
 * Back, Listen and Next in the same places everywhere: the heading and Hide at the top,
 * the content in the middle, Back, Listen and Next at the bottom.
 *
 * Subclasses put their widgets in the middle with sok_page_set_content() or with a
 * template of their own: the template's child becomes the content.
 *
 * A page is a view: it knows neither the window nor the flow it belongs to. Hide and
 * Listen are the window's actions (kiosk.hide, kiosk.listen), found through the
 * widget tree; Back and Next call the page's own ->back and ->next, whose default
 * asks the flow the page belongs to (flow.back, flow.next). What the page needs of
 * the kiosk (the database, the settings, the speaker) comes from its #SokContext.
 */
typedef struct
{
  GtkWidget *top_bar;
  GtkWidget *heading_picture;
  GtkWidget *heading;
  GtkWidget *hide_button;
  AdwBin    *content_bin;
  GtkWidget *bottom_bar;
  GtkWidget *back_button;
  GtkWidget *listen_button;
  GtkWidget *next_button;

  SokContext *context;
  char      *title;
  guint      next_sensitive : 1;
} SokPagePrivate;

static void sok_page_buildable_init (GtkBuildableIface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (SokPage, sok_page, GTK_TYPE_WIDGET,
                                  G_ADD_PRIVATE (SokPage)
                                  G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                         sok_page_buildable_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_SHOW_BACK,
  PROP_SHOW_NEXT,
  PROP_NEXT_SENSITIVE,
  PROP_SHOW_LISTEN,
  PROP_SHOW_HIDE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

static void
stop_speaking (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  if (priv->context != NULL)
    sok_speaker_stop (sok_context_get_speaker (priv->context));
}

static void
update_bars (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  gtk_widget_set_visible (priv->bottom_bar,
                          gtk_widget_get_visible (priv->back_button) ||
                          gtk_widget_get_visible (priv->listen_button) ||
                          gtk_widget_get_visible (priv->next_button));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  stop_speaking (SOK_PAGE (widget));
  sok_page_back (SOK_PAGE (widget));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  stop_speaking (SOK_PAGE (widget));
  sok_page_next (SOK_PAGE (widget));
}

static char *
sok_page_real_dup_speech_text (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  return g_strdup (priv->title);
}

static char *
sok_page_real_dup_recording_path (SokPage *self)
{
  return NULL;
}

static void
sok_page_real_noop (SokPage *self)
{
}

/* A page on its own (not in a flow) has nowhere to go: the actions are not found and
 * nothing happens, as when Back has nowhere to go. */
static void
sok_page_real_back (SokPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "flow.back", NULL);
}

static void
sok_page_real_next (SokPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "flow.next", NULL);
}

static void
sok_page_buildable_add_child (GtkBuildable *buildable,
                              GtkBuilder   *builder,
                              GObject      *child,
                              const char   *type)
{
  SokPage *self = SOK_PAGE (buildable);
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  /* While SokPage builds its own chrome the content slot does not exist yet; after
   * that, a subclass template's child is the page's content. */
  if (priv->content_bin != NULL && GTK_IS_WIDGET (child))
    sok_page_set_content (self, GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
sok_page_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = sok_page_buildable_add_child;
}

static void
sok_page_dispose (GObject *object)
{
  GtkWidget *child;

  /* Not gtk_widget_dispose_template(): with a subclass template on top of this one,
   * GTK 4.8 loses track of this class's template children and aborts. Unparenting
   * the chrome releases everything, the subclass's widgets in the content slot too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sok_page_parent_class)->dispose (object);
}

static void
sok_page_finalize (GObject *object)
{
  SokPage *self = SOK_PAGE (object);
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);
  g_clear_object (&priv->context);

  G_OBJECT_CLASS (sok_page_parent_class)->finalize (object);
}

static void
sok_page_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SokPage *self = SOK_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, sok_page_get_context (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, sok_page_get_title (self));
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, sok_page_get_icon_name (self));
      break;

    case PROP_SHOW_BACK:
      g_value_set_boolean (value, sok_page_get_show_back (self));
      break;

    case PROP_SHOW_NEXT:
      g_value_set_boolean (value, sok_page_get_show_next (self));
      break;

    case PROP_NEXT_SENSITIVE:
      g_value_set_boolean (value, sok_page_get_next_sensitive (self));
      break;

    case PROP_SHOW_LISTEN:
      g_value_set_boolean (value, sok_page_get_show_listen (self));
      break;

    case PROP_SHOW_HIDE:
      g_value_set_boolean (value, sok_page_get_show_hide (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_page_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SokPage *self = SOK_PAGE (object);

  SokPagePrivate *priv = sok_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      priv->context = g_value_dup_object (value);
      break;

    case PROP_TITLE:
      sok_page_set_title (self, g_value_get_string (value));
      break;

    case PROP_ICON_NAME:
      sok_page_set_icon_name (self, g_value_get_string (value));
      break;

    case PROP_SHOW_BACK:
      sok_page_set_show_back (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_NEXT:
      sok_page_set_show_next (self, g_value_get_boolean (value));
      break;

    case PROP_NEXT_SENSITIVE:
      sok_page_set_next_sensitive (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_LISTEN:
      sok_page_set_show_listen (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_HIDE:
      sok_page_set_show_hide (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_page_class_init (SokPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sok_page_dispose;
  object_class->finalize = sok_page_finalize;
  object_class->get_property = sok_page_get_property;
  object_class->set_property = sok_page_set_property;

  klass->reset = sok_page_real_noop;
  klass->shown = sok_page_real_noop;
  klass->back = sok_page_real_back;
  klass->next = sok_page_real_next;
  klass->dup_speech_text = sok_page_real_dup_speech_text;
  klass->dup_recording_path = sok_page_real_dup_recording_path;

  /**
   * SokPage:context:
   *
   * The settings, database and speaker the page works with; %NULL for a page that
   * needs none of them (Listen and Hide are the window's).
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         SOK_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * SokPage:title:
   *
   * The page's heading, shown big at the top and read by Listen unless the page
   * says otherwise. The page's name (which the window's stack knows it by) is the
   * widget's own #GtkWidget:name.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SokPage:icon-name:
   *
   * A picture beside the heading, so a child who cannot read knows what the page
   * is about; %NULL for none. It is decoration: the heading names the page.
   */
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_BACK] =
    g_param_spec_boolean ("show-back", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_NEXT] =
    g_param_spec_boolean ("show-next", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NEXT_SENSITIVE] =
    g_param_spec_boolean ("next-sensitive", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_LISTEN] =
    g_param_spec_boolean ("show-listen", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_HIDE] =
    g_param_spec_boolean ("show-hide", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SOK_TYPE_PICTURE);
  g_type_ensure (SOK_TYPE_TILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-page.ui");
  gtk_widget_class_bind_template_child_private (widget_class, SokPage, top_bar);
  gtk_widget_class_bind_template_child_private (widget_class, SokPage, heading_picture);
  gtk_widget_class_bind_template_child_private (widget_class, SokPage, heading);
  gtk_widget_class_bind_template_child_private (widget_class, SokPage, hide_button);
  gtk_widget_class_bind_template_child_private (widget_class, SokPage, content_bin);
  gtk_widget_class_bind_template_child_private (widget_class, SokPage, bottom_bar);
  gtk_widget_class_bind_template_child_private (widget_class, SokPage, back_button);
  gtk_widget_class_bind_template_child_private (widget_class, SokPage, listen_button);
  gtk_widget_class_bind_template_child_private (widget_class, SokPage, next_button);

  gtk_widget_class_install_action (widget_class, "page.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "page.next", NULL, next_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "page");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sok_page_init (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);
  GtkLayoutManager *layout;

  priv->next_sensitive = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  update_bars (self);
}

/**
 * sok_page_get_context:
 *
 * Returns: (transfer none) (nullable): the context the page was made with
 */
SokContext *
sok_page_get_context (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_PAGE (self), NULL);

  return priv->context;
}

/**
 * sok_page_get_name:
 *
 * Returns: the name the window's stack knows this page by (the widget's name).
 */
const char *
sok_page_get_name (SokPage *self)
{
  g_return_val_if_fail (SOK_IS_PAGE (self), NULL);

  return gtk_widget_get_name (GTK_WIDGET (self));
}

const char *
sok_page_get_title (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_PAGE (self), NULL);

  return priv->title;
}

const char *
sok_page_get_icon_name (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_PAGE (self), NULL);

  return sok_picture_get_icon_name (SOK_PICTURE (priv->heading_picture));
}

/**
 * sok_page_get_content:
 *
 * Returns: (transfer none) (nullable): the widget in the middle of the page
 */
GtkWidget *
sok_page_get_content (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_PAGE (self), NULL);

  return adw_bin_get_child (priv->content_bin);
}

/**
 * sok_page_get_heading:
 *
 * Returns: (transfer none): the heading label, which also names the page for
 *   assistive technology
 */
GtkWidget *
sok_page_get_heading (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_PAGE (self), NULL);

  return priv->heading;
}

gboolean
sok_page_get_show_back (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_PAGE (self), FALSE);

  return gtk_widget_get_visible (priv->back_button);
}

gboolean
sok_page_get_show_next (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_PAGE (self), FALSE);

  return gtk_widget_get_visible (priv->next_button);
}

gboolean
sok_page_get_next_sensitive (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_PAGE (self), FALSE);

  return priv->next_sensitive;
}

gboolean
sok_page_get_show_listen (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_PAGE (self), FALSE);

  return gtk_widget_get_visible (priv->listen_button);
}

gboolean
sok_page_get_show_hide (SokPage *self)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_PAGE (self), FALSE);

  return gtk_widget_get_visible (priv->hide_button);
}

void
sok_page_set_title (SokPage    *self,
                    const char *title)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_if_fail (SOK_IS_PAGE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);
  gtk_label_set_label (GTK_LABEL (priv->heading), title ? title : "");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * sok_page_set_icon_name:
 * @icon_name: (nullable): a picture from assets/icons to show beside the heading
 */
void
sok_page_set_icon_name (SokPage    *self,
                        const char *icon_name)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_if_fail (SOK_IS_PAGE (self));

  if (g_strcmp0 (icon_name, sok_page_get_icon_name (self)) == 0)
    return;

  sok_picture_set_icon_name (SOK_PICTURE (priv->heading_picture), icon_name);
  gtk_widget_set_visible (priv->heading_picture, icon_name != NULL && *icon_name != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

/**
 * sok_page_set_content:
 * @content: (nullable): the widget for the middle of the page
 */
void
sok_page_set_content (SokPage   *self,
                      GtkWidget *content)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_if_fail (SOK_IS_PAGE (self));
  g_return_if_fail (content == NULL || GTK_IS_WIDGET (content));

  adw_bin_set_child (priv->content_bin, content);
}

static void
set_button_visible (SokPage    *self,
                    GtkWidget  *button,
                    gboolean    visible,
                    GParamSpec *pspec)
{
  visible = !!visible;

  if (gtk_widget_get_visible (button) == visible)
    return;

  gtk_widget_set_visible (button, visible);
  update_bars (self);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

void
sok_page_set_show_back (SokPage  *self,
                        gboolean  show_back)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_if_fail (SOK_IS_PAGE (self));

  set_button_visible (self, priv->back_button, show_back, properties[PROP_SHOW_BACK]);
}

void
sok_page_set_show_next (SokPage  *self,
                        gboolean  show_next)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_if_fail (SOK_IS_PAGE (self));

  set_button_visible (self, priv->next_button, show_next, properties[PROP_SHOW_NEXT]);
}

/**
 * sok_page_set_next_sensitive:
 *
 * Whether Next can be tapped yet, for pages where the child must choose first.
 */
void
sok_page_set_next_sensitive (SokPage  *self,
                             gboolean  next_sensitive)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_if_fail (SOK_IS_PAGE (self));

  next_sensitive = !!next_sensitive;
  if (priv->next_sensitive == next_sensitive)
    return;

  priv->next_sensitive = next_sensitive;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.next", next_sensitive);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_SENSITIVE]);
}

void
sok_page_set_show_listen (SokPage  *self,
                          gboolean  show_listen)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_if_fail (SOK_IS_PAGE (self));

  set_button_visible (self, priv->listen_button, show_listen, properties[PROP_SHOW_LISTEN]);
}

void
sok_page_set_show_hide (SokPage  *self,
                        gboolean  show_hide)
{
  SokPagePrivate *priv = sok_page_get_instance_private (self);

  g_return_if_fail (SOK_IS_PAGE (self));

  set_button_visible (self, priv->hide_button, show_hide, properties[PROP_SHOW_HIDE]);
}

/**
 * sok_page_reset:
 *
 * Makes the page forget everything it holds. The window calls it for every page on
 * Hide and on idle time-out.
 */
void
sok_page_reset (SokPage *self)
{
  g_return_if_fail (SOK_IS_PAGE (self));

  SOK_PAGE_GET_CLASS (self)->reset (self);
}

/**
 * sok_page_shown:
 *
 * Tells the page it has become the visible one. The window calls it.
 */
void
sok_page_shown (SokPage *self)
{
  g_return_if_fail (SOK_IS_PAGE (self));

  SOK_PAGE_GET_CLASS (self)->shown (self);
}

/**
 * sok_page_dup_speech_text:
 *
 * Returns: (transfer full) (nullable): what Listen reads aloud on this page
 */
char *
sok_page_dup_speech_text (SokPage *self)
{
  g_return_val_if_fail (SOK_IS_PAGE (self), NULL);

  return SOK_PAGE_GET_CLASS (self)->dup_speech_text (self);
}

/**
 * sok_page_dup_recording_path:
 *
 * Returns: (transfer full) (nullable): a recorded file for what Listen reads, which
 *   the speaker plays instead of its synthetic voice; %NULL for none
 */
char *
sok_page_dup_recording_path (SokPage *self)
{
  g_return_val_if_fail (SOK_IS_PAGE (self), NULL);

  return SOK_PAGE_GET_CLASS (self)->dup_recording_path (self);
}

void
sok_page_back (SokPage *self)
{
  g_return_if_fail (SOK_IS_PAGE (self));

  SOK_PAGE_GET_CLASS (self)->back (self);
}

void
sok_page_next (SokPage *self)
{
  g_return_if_fail (SOK_IS_PAGE (self));

  SOK_PAGE_GET_CLASS (self)->next (self);
}
