/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-draw-pad"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-draw-pad.h"

/* A finger drawing or signature surface. Strokes are kept as vectors in the pad's own
 * unit square (0..1 on both axes), so they are small, independent of screen size, and
 * can be drawn again at any size on a DSL's screen or a certificate. */
struct _SokDrawPad
{
  GtkWidget   parent_instance;

  GPtrArray  *strokes;   /* of GArray of graphene_point_t */
  GArray     *current;   /* borrowed: the last of strokes while a finger is down */
  guint       n_points;
  double      start_x;
  double      start_y;
};

G_DEFINE_FINAL_TYPE (SokDrawPad, sok_draw_pad, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_STROKES,
  PROP_FULL,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Points closer than this (in pad units) to the last one add nothing visible. */
#define MIN_STEP 0.004

static gboolean
is_full (SokDrawPad *self)
{
  return self->strokes->len >= SOK_DRAW_PAD_MAX_STROKES ||
         self->n_points >= SOK_DRAW_PAD_MAX_POINTS;
}

static void
notify_changed (SokDrawPad *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STROKES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL]);
  g_signal_emit (self, signals[CHANGED], 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
add_point (SokDrawPad *self,
           double      x,
           double      y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  graphene_point_t p;

  if (self->current == NULL || width <= 0 || height <= 0 ||
      self->n_points >= SOK_DRAW_PAD_MAX_POINTS)
    return FALSE;

  p.x = (float)CLAMP (x / width, 0.0, 1.0);
  p.y = (float)CLAMP (y / height, 0.0, 1.0);

  if (self->current->len > 0)
    {
      const graphene_point_t *last = &g_array_index (self->current, graphene_point_t,
                                                     self->current->len - 1);

      if (graphene_point_distance (last, &p, NULL, NULL) < MIN_STEP)
        return FALSE;
    }

  g_array_append_val (self->current, p);
  self->n_points++;

  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SokDrawPad     *self)
{
  if (is_full (self))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->start_x = x;
  self->start_y = y;
  self->current = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
  g_ptr_array_add (self->strokes, self->current);
  add_point (self, x, y);
  notify_changed (self);
}

/* GTK merges the pointer moves that arrive within one frame into the last of them,
 * and keeps the others in that event's history, in surface coordinates: without
 * them a quick signature loses its turns and comes out as a few straight lines. */
static gboolean
add_history (SokDrawPad     *self,
             GtkGestureDrag *gesture,
             double          x,
             double          y)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));
  g_autofree GdkTimeCoord *history = NULL;
  gboolean added = FALSE;
  double event_x, event_y;
  guint n = 0;

  if (event == NULL || gdk_event_get_event_type (event) != GDK_MOTION_NOTIFY ||
      !gdk_event_get_position (event, &event_x, &event_y))
    return FALSE;

  history = gdk_event_get_history (event, &n);
  for (guint i = 0; i < n; i++)
    if ((history[i].flags & (GDK_AXIS_FLAG_X | GDK_AXIS_FLAG_Y)) ==
        (GDK_AXIS_FLAG_X | GDK_AXIS_FLAG_Y))
      added |= add_point (self,
                          x + history[i].axes[GDK_AXIS_X] - event_x,
                          y + history[i].axes[GDK_AXIS_Y] - event_y);

  return added;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                SokDrawPad     *self)
{
  double x = self->start_x + dx;
  double y = self->start_y + dy;
  gboolean added = add_history (self, gesture, x, y);

  if (add_point (self, x, y) || added)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             SokDrawPad     *self)
{
  add_point (self, self->start_x + dx, self->start_y + dy);
  self->current = NULL;
  notify_changed (self);
}

static void
sok_draw_pad_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SokDrawPad *self = SOK_DRAW_PAD (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA ink;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->strokes->len == 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &ink);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_cairo_set_source_rgba (cr, &ink);
  cairo_set_line_width (cr, MAX (4.0, MIN (width, height) / 60.0));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint s = 0; s < self->strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, s);

      for (guint i = 0; i < stroke->len; i++)
        {
          const graphene_point_t *p = &g_array_index (stroke, graphene_point_t, i);

          if (i == 0)
            {
              cairo_move_to (cr, p->x * width, p->y * height);
              /* A single tap still leaves a dot. */
              cairo_line_to (cr, p->x * width, p->y * height);
            }
          else
            cairo_line_to (cr, p->x * width, p->y * height);
        }
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
}

static void
sok_draw_pad_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SokDrawPad *self = SOK_DRAW_PAD (object);

  switch (prop_id)
    {
    case PROP_N_STROKES:
      g_value_set_uint (value, sok_draw_pad_get_n_strokes (self));
      break;

    case PROP_FULL:
      g_value_set_boolean (value, sok_draw_pad_get_full (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_draw_pad_finalize (GObject *object)
{
  SokDrawPad *self = SOK_DRAW_PAD (object);

  g_clear_pointer (&self->strokes, g_ptr_array_unref);

  G_OBJECT_CLASS (sok_draw_pad_parent_class)->finalize (object);
}

static void
sok_draw_pad_class_init (SokDrawPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sok_draw_pad_finalize;
  object_class->get_property = sok_draw_pad_get_property;
  widget_class->snapshot = sok_draw_pad_snapshot;

  properties[PROP_N_STROKES] =
    g_param_spec_uint ("n-strokes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FULL] =
    g_param_spec_boolean ("full", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "drawpad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sok_draw_pad_init (SokDrawPad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (drag), FALSE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Drawing pad"),
                                  -1);
}

GtkWidget *
sok_draw_pad_new (void)
{
  return g_object_new (SOK_TYPE_DRAW_PAD, NULL);
}

guint
sok_draw_pad_get_n_strokes (SokDrawPad *self)
{
  g_return_val_if_fail (SOK_IS_DRAW_PAD (self), 0);

  return self->strokes->len;
}

/* Returns: (transfer none) (element-type graphene_point_t): stroke @index, its points
 *   in the pad's unit square. */
const GArray *
sok_draw_pad_get_stroke (SokDrawPad *self,
                         guint       index)
{
  g_return_val_if_fail (SOK_IS_DRAW_PAD (self), NULL);
  g_return_val_if_fail (index < self->strokes->len, NULL);

  return g_ptr_array_index (self->strokes, index);
}

guint
sok_draw_pad_get_n_points (SokDrawPad *self)
{
  g_return_val_if_fail (SOK_IS_DRAW_PAD (self), 0);

  return self->n_points;
}

gboolean
sok_draw_pad_get_full (SokDrawPad *self)
{
  g_return_val_if_fail (SOK_IS_DRAW_PAD (self), FALSE);

  return is_full (self);
}

/* Forgets every stroke: Hide, idle reset and "start again" call this. */
void
sok_draw_pad_clear (SokDrawPad *self)
{
  g_return_if_fail (SOK_IS_DRAW_PAD (self));

  if (self->strokes->len == 0)
    return;

  self->current = NULL;
  g_ptr_array_set_size (self->strokes, 0);
  self->n_points = 0;
  notify_changed (self);
}

/* Adds a whole stroke in pad units, as a test or an accessibility action would;
 * points beyond the pad's limits are dropped. */
void
sok_draw_pad_add_stroke (SokDrawPad             *self,
                         const graphene_point_t *points,
                         guint                   n_points)
{
  GArray *stroke;

  g_return_if_fail (SOK_IS_DRAW_PAD (self));
  g_return_if_fail (points != NULL || n_points == 0);

  if (n_points == 0 || is_full (self))
    return;

  n_points = MIN (n_points, SOK_DRAW_PAD_MAX_POINTS - self->n_points);
  stroke = g_array_sized_new (FALSE, FALSE, sizeof (graphene_point_t), n_points);
  for (guint i = 0; i < n_points; i++)
    {
      graphene_point_t p = GRAPHENE_POINT_INIT (CLAMP (points[i].x, 0.f, 1.f),
                                                CLAMP (points[i].y, 0.f, 1.f));
      g_array_append_val (stroke, p);
    }
  g_ptr_array_add (self->strokes, stroke);
  self->n_points += n_points;
  notify_changed (self);
}
