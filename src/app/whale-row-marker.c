/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-row-marker"

#include "config.h"

#include "whale-row-marker.h"

struct _WhaleRowMarker
{
  GtkWidget   parent_instance;

  GtkWidget  *child;
  GtkWidget  *row;          /* weak: the row the class was put on */
  char       *css_class;
  gboolean    active;
};

static void whale_row_marker_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WhaleRowMarker, whale_row_marker, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      whale_row_marker_buildable_init))

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_CSS_CLASS,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

static GtkWidget *
find_row (WhaleRowMarker *self)
{
  for (GtkWidget *w = gtk_widget_get_parent (GTK_WIDGET (self)); w != NULL; w = gtk_widget_get_parent (w))
    if (g_strcmp0 (gtk_widget_get_css_name (w), "row") == 0)
      return w;
  return NULL;
}

static void
set_row (WhaleRowMarker *self,
         GtkWidget      *row)
{
  if (self->row == row)
    return;
  if (self->row != NULL)
    {
      if (self->css_class != NULL)
        gtk_widget_remove_css_class (self->row, self->css_class);
      g_object_remove_weak_pointer (G_OBJECT (self->row), (gpointer *) &self->row);
    }
  self->row = row;
  if (self->row != NULL)
    g_object_add_weak_pointer (G_OBJECT (self->row), (gpointer *) &self->row);
}

static void
update_row (WhaleRowMarker *self)
{
  set_row (self, find_row (self));
  if (self->row == NULL || self->css_class == NULL)
    return;
  if (self->active)
    gtk_widget_add_css_class (self->row, self->css_class);
  else
    gtk_widget_remove_css_class (self->row, self->css_class);
}

static void
whale_row_marker_set_child (WhaleRowMarker *self,
                            GtkWidget      *child)
{
  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  self->child = child;
  if (child != NULL)
    gtk_widget_set_parent (child, GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

static void
whale_row_marker_add_child (GtkBuildable *buildable,
                            GtkBuilder   *builder,
                            GObject      *child,
                            const char   *type)
{
  if (GTK_IS_WIDGET (child))
    whale_row_marker_set_child (WHALE_ROW_MARKER (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
whale_row_marker_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = whale_row_marker_add_child;
}

static void
whale_row_marker_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (whale_row_marker_parent_class)->root (widget);
  update_row (WHALE_ROW_MARKER (widget));
}

static void
whale_row_marker_unroot (GtkWidget *widget)
{
  set_row (WHALE_ROW_MARKER (widget), NULL);
  GTK_WIDGET_CLASS (whale_row_marker_parent_class)->unroot (widget);
}

static void
whale_row_marker_dispose (GObject *object)
{
  WhaleRowMarker *self = WHALE_ROW_MARKER (object);

  set_row (self, NULL);
  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (whale_row_marker_parent_class)->dispose (object);
}

static void
whale_row_marker_finalize (GObject *object)
{
  WhaleRowMarker *self = WHALE_ROW_MARKER (object);

  g_free (self->css_class);

  G_OBJECT_CLASS (whale_row_marker_parent_class)->finalize (object);
}

static void
whale_row_marker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WhaleRowMarker *self = WHALE_ROW_MARKER (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_CSS_CLASS:
      g_value_set_string (value, self->css_class);
      break;
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_row_marker_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WhaleRowMarker *self = WHALE_ROW_MARKER (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      if (self->active != g_value_get_boolean (value))
        {
          self->active = g_value_get_boolean (value);
          update_row (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CSS_CLASS:
      if (g_strcmp0 (self->css_class, g_value_get_string (value)) != 0)
        {
          set_row (self, NULL);
          g_free (self->css_class);
          self->css_class = g_value_dup_string (value);
          update_row (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CHILD:
      whale_row_marker_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_row_marker_class_init (WhaleRowMarkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whale_row_marker_dispose;
  object_class->finalize = whale_row_marker_finalize;
  object_class->get_property = whale_row_marker_get_property;
  object_class->set_property = whale_row_marker_set_property;
  widget_class->root = whale_row_marker_root;
  widget_class->unroot = whale_row_marker_unroot;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CSS_CLASS] =
    g_param_spec_string ("css-class", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
whale_row_marker_init (WhaleRowMarker *self)
{
}
