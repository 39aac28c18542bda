/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-flow"

#include "config.h"

#include "sok-flow.h"

/* One way to build a flow of pages, in the spirit of GNOME Initial Setup's
 * GisAssistant: the flow owns its pages, in the order a child meets them, makes them
 * on first use, goes next and back, resets them and shows its problem page.
 *
 * Pages are views. They never know their flow: they emit signals the flow connects
 * to, or activate actions on the group the flow inserts into each of them, under
 * "flow" (flow.back, flow.next, which SokPage's Back and Next use) and under the
 * flow's own name (promise.agree, report.send). The flow knows the window only as a
 * #SokShell, and the settings, database and speaker through its #SokContext.
 *
 * The flow keeps a reference on each of its pages and takes its actions out of them
 * when it goes, so neither may outlive the other in a harmful way, whatever order
 * the window drops them in.
 */
typedef struct
{
  char               *name;
  char               *tile;
  SokContext         *context;
  SokShell           *shell;      /* weak: the shell (the window) owns the flow */

  GSimpleActionGroup *actions;
  GPtrArray          *steps;      /* of SokPage, in order */
  GPtrArray          *pages;      /* of SokPage: the steps and the others */
  SokPage            *problem;    /* borrowed from pages */

  guint               created : 1;
} SokFlowPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SokFlow, sok_flow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_TILE,
  PROP_CONTEXT,
  PROP_SHELL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
step_index (SokFlow *self,
            SokPage *page)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);
  guint index;

  if (page != NULL && g_ptr_array_find (priv->steps, page, &index))
    return (int) index;

  return -1;
}

static void
sok_flow_real_next (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);
  int index = step_index (self, sok_flow_get_visible_page (self));

  if (index >= 0 && index + 1 < (int) priv->steps->len)
    sok_flow_show_page (self, g_ptr_array_index (priv->steps, index + 1));
}

static void
sok_flow_real_back (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);
  int index = step_index (self, sok_flow_get_visible_page (self));

  /* Back on the first screen (or on one outside the order) leaves the flow. */
  if (index <= 0)
    sok_flow_go_home (self);
  else
    sok_flow_show_page (self, g_ptr_array_index (priv->steps, index - 1));
}

static void
sok_flow_real_noop (SokFlow *self)
{
}

static void
next_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  sok_flow_next (SOK_FLOW (user_data));
}

static void
back_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  sok_flow_back (SOK_FLOW (user_data));
}

static void
start_flow_cb (SokFlow    *self,
               const char *tile,
               SokShell   *shell)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  if (priv->tile != NULL && g_strcmp0 (tile, priv->tile) == 0)
    sok_flow_start (self);
}

static void
shell_reset_cb (SokFlow  *self,
                SokShell *shell)
{
  SOK_FLOW_GET_CLASS (self)->forget (self);
}

static void
sok_flow_constructed (GObject *object)
{
  SokFlow *self = SOK_FLOW (object);
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);
  static const GActionEntry entries[] = {
    { "next", next_activated_cb, NULL, NULL, NULL },
    { "back", back_activated_cb, NULL, NULL, NULL },
  };

  G_OBJECT_CLASS (sok_flow_parent_class)->constructed (object);

  g_action_map_add_action_entries (G_ACTION_MAP (priv->actions), entries,
                                   G_N_ELEMENTS (entries), self);

  if (priv->shell != NULL)
    {
      g_signal_connect_object (priv->shell, "start-flow", G_CALLBACK (start_flow_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (priv->shell, "reset", G_CALLBACK (shell_reset_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
sok_flow_dispose (GObject *object)
{
  SokFlow *self = SOK_FLOW (object);
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  /* A page the window still holds must not reach a flow that is gone. */
  if (priv->pages != NULL)
    {
      for (guint i = 0; i < priv->pages->len; i++)
        {
          GtkWidget *page = g_ptr_array_index (priv->pages, i);

          gtk_widget_insert_action_group (page, "flow", NULL);
          if (priv->name != NULL)
            gtk_widget_insert_action_group (page, priv->name, NULL);
          g_signal_handlers_disconnect_by_data (page, self);
        }
      g_ptr_array_set_size (priv->steps, 0);
      g_ptr_array_set_size (priv->pages, 0);
    }
  priv->problem = NULL;
  g_clear_weak_pointer (&priv->shell);

  G_OBJECT_CLASS (sok_flow_parent_class)->dispose (object);
}

static void
sok_flow_finalize (GObject *object)
{
  SokFlow *self = SOK_FLOW (object);
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_clear_pointer (&priv->steps, g_ptr_array_unref);
  g_clear_pointer (&priv->pages, g_ptr_array_unref);
  g_clear_object (&priv->actions);
  g_clear_object (&priv->context);
  g_clear_pointer (&priv->name, g_free);
  g_clear_pointer (&priv->tile, g_free);

  G_OBJECT_CLASS (sok_flow_parent_class)->finalize (object);
}

static void
sok_flow_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SokFlow *self = SOK_FLOW (object);
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;

    case PROP_TILE:
      g_value_set_string (value, priv->tile);
      break;

    case PROP_CONTEXT:
      g_value_set_object (value, priv->context);
      break;

    case PROP_SHELL:
      g_value_set_object (value, priv->shell);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_flow_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SokFlow *self = SOK_FLOW (object);
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NAME:
      priv->name = g_value_dup_string (value);
      break;

    case PROP_TILE:
      priv->tile = g_value_dup_string (value);
      break;

    case PROP_CONTEXT:
      priv->context = g_value_dup_object (value);
      break;

    case PROP_SHELL:
      g_set_weak_pointer (&priv->shell, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_flow_class_init (SokFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sok_flow_constructed;
  object_class->dispose = sok_flow_dispose;
  object_class->finalize = sok_flow_finalize;
  object_class->get_property = sok_flow_get_property;
  object_class->set_property = sok_flow_set_property;

  klass->create_pages = sok_flow_real_noop;
  klass->start = sok_flow_real_noop;
  klass->forget = sok_flow_real_noop;
  klass->next = sok_flow_real_next;
  klass->back = sok_flow_real_back;

  /**
   * SokFlow:name:
   *
   * The prefix of the flow's own actions on its pages ("promise" for promise.agree).
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * SokFlow:tile:
   *
   * The home tile that starts the flow (the shell's #SokShell::start-flow names
   * it); %NULL for a flow started otherwise.
   */
  properties[PROP_TILE] =
    g_param_spec_string ("tile", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         SOK_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHELL] =
    g_param_spec_object ("shell", NULL, NULL,
                         SOK_TYPE_SHELL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sok_flow_init (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  priv->actions = g_simple_action_group_new ();
  priv->steps = g_ptr_array_new_with_free_func (g_object_unref);
  priv->pages = g_ptr_array_new_with_free_func (g_object_unref);
}

const char *
sok_flow_get_name (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_FLOW (self), NULL);

  return priv->name;
}

const char *
sok_flow_get_tile (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_FLOW (self), NULL);

  return priv->tile;
}

/**
 * sok_flow_get_context:
 *
 * Returns: (transfer none): the settings, database and speaker
 */
SokContext *
sok_flow_get_context (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_FLOW (self), NULL);

  return priv->context;
}

/**
 * sok_flow_get_shell:
 *
 * Returns: (transfer none) (nullable): the window showing the pages, until it goes
 */
SokShell *
sok_flow_get_shell (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_FLOW (self), NULL);

  return priv->shell;
}

/**
 * sok_flow_get_actions:
 *
 * Returns: (transfer none): the flow's actions, which its pages see under "flow" and
 *   under the flow's name; subclasses add theirs here
 */
GActionMap *
sok_flow_get_actions (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_FLOW (self), NULL);

  return G_ACTION_MAP (priv->actions);
}

/**
 * sok_flow_ensure_pages:
 *
 * Makes the pages, the first time only.
 */
void
sok_flow_ensure_pages (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_if_fail (SOK_IS_FLOW (self));

  if (priv->created || priv->shell == NULL)
    return;

  priv->created = TRUE;
  SOK_FLOW_GET_CLASS (self)->create_pages (self);
}

static void
take_page (SokFlow *self,
           SokPage *page)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_ptr_array_add (priv->pages, g_object_ref_sink (page));
  gtk_widget_insert_action_group (GTK_WIDGET (page), "flow", G_ACTION_GROUP (priv->actions));
  if (priv->name != NULL)
    gtk_widget_insert_action_group (GTK_WIDGET (page), priv->name,
                                    G_ACTION_GROUP (priv->actions));
  if (priv->shell != NULL)
    sok_shell_add_page (priv->shell, page);
}

/**
 * sok_flow_add_page:
 * @page: (transfer floating): the next page in the flow's order
 *
 * For create_pages: adds @page after the others, for Next and Back to walk through.
 */
void
sok_flow_add_page (SokFlow *self,
                   SokPage *page)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_if_fail (SOK_IS_FLOW (self));
  g_return_if_fail (SOK_IS_PAGE (page));

  take_page (self, page);
  g_ptr_array_add (priv->steps, g_object_ref (page));
}

/**
 * sok_flow_add_other_page:
 * @page: (transfer floating): a page outside the order (Thank you, a problem)
 *
 * For create_pages: Next never leads to @page, and Back on it leaves the flow.
 */
void
sok_flow_add_other_page (SokFlow *self,
                         SokPage *page)
{
  g_return_if_fail (SOK_IS_FLOW (self));
  g_return_if_fail (SOK_IS_PAGE (page));

  take_page (self, page);
}

/**
 * sok_flow_set_problem_page:
 * @page: one of the flow's pages
 *
 * The page sok_flow_show_problem() shows.
 */
void
sok_flow_set_problem_page (SokFlow *self,
                           SokPage *page)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_if_fail (SOK_IS_FLOW (self));
  g_return_if_fail (SOK_IS_PAGE (page));
  g_return_if_fail (g_ptr_array_find (priv->pages, page, NULL));

  priv->problem = page;
}

/**
 * sok_flow_get_visible_page:
 *
 * Returns: (transfer none) (nullable): the page on screen when it is one of the
 *   flow's, else %NULL
 */
SokPage *
sok_flow_get_visible_page (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);
  SokPage *page;

  g_return_val_if_fail (SOK_IS_FLOW (self), NULL);

  if (priv->shell == NULL)
    return NULL;

  page = sok_shell_get_visible_page (priv->shell);

  return page != NULL && g_ptr_array_find (priv->pages, page, NULL) ? page : NULL;
}

/**
 * sok_flow_is_showing:
 *
 * Returns: whether @page is on screen
 */
gboolean
sok_flow_is_showing (SokFlow *self,
                     SokPage *page)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_FLOW (self), FALSE);

  return page != NULL && priv->shell != NULL && sok_shell_get_visible_page (priv->shell) == page;
}

/**
 * sok_flow_start:
 *
 * Makes the pages if need be and starts the flow, as its home tile does.
 */
void
sok_flow_start (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_if_fail (SOK_IS_FLOW (self));

  if (priv->shell == NULL)
    return;

  sok_flow_ensure_pages (self);
  SOK_FLOW_GET_CLASS (self)->start (self);
}

/**
 * sok_flow_show_page:
 * @page: one of the flow's pages
 */
void
sok_flow_show_page (SokFlow *self,
                    SokPage *page)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_if_fail (SOK_IS_FLOW (self));
  g_return_if_fail (SOK_IS_PAGE (page));

  if (priv->shell != NULL)
    sok_shell_show_page (priv->shell, sok_page_get_name (page));
}

/**
 * sok_flow_show_problem:
 *
 * Shows the flow's problem page; the subclass has told it what went wrong.
 */
void
sok_flow_show_problem (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_if_fail (SOK_IS_FLOW (self));
  g_return_if_fail (priv->problem != NULL);

  sok_flow_show_page (self, priv->problem);
}

/**
 * sok_flow_next:
 *
 * What flow.next does: Next on the page on screen.
 */
void
sok_flow_next (SokFlow *self)
{
  g_return_if_fail (SOK_IS_FLOW (self));

  SOK_FLOW_GET_CLASS (self)->next (self);
}

/**
 * sok_flow_back:
 *
 * What flow.back does: Back on the page on screen.
 */
void
sok_flow_back (SokFlow *self)
{
  g_return_if_fail (SOK_IS_FLOW (self));

  SOK_FLOW_GET_CLASS (self)->back (self);
}

/**
 * sok_flow_go_home:
 *
 * Leaves the flow as Hide does: home, every page and the flow forgetting the child.
 */
void
sok_flow_go_home (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_if_fail (SOK_IS_FLOW (self));

  if (priv->shell != NULL)
    sok_shell_go_home (priv->shell);
}

/**
 * sok_flow_reset_pages:
 *
 * Makes every page of the flow forget what it holds, as going home would, without
 * leaving the page on screen.
 */
void
sok_flow_reset_pages (SokFlow *self)
{
  SokFlowPrivate *priv = sok_flow_get_instance_private (self);

  g_return_if_fail (SOK_IS_FLOW (self));

  for (guint i = 0; i < priv->pages->len; i++)
    sok_page_reset (g_ptr_array_index (priv->pages, i));
}
