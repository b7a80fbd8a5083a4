/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-application"

#include "config.h"

#include "whale-application.h"

#include <glib/gi18n.h>

#include "whale-bench-probe.h"
#include "whale-preferences.h"
#include "whale-window.h"

struct _WhaleApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  WhaleSession   *session;
};

G_DEFINE_FINAL_TYPE (WhaleApplication, whale_application, ADW_TYPE_APPLICATION)

WhaleApplication *
whale_application_new (void)
{
  return g_object_new (WHALE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/whalewatch/Whalewatch",
                       NULL);
}

WhaleSession *
whale_application_get_session (WhaleApplication *self)
{
  g_return_val_if_fail (WHALE_IS_APPLICATION (self), NULL);

  return self->session;
}

GtkWindow *
whale_application_show_preferences (WhaleApplication *self)
{
  GtkWindow *active;
  GtkWindow *preferences;

  g_return_val_if_fail (WHALE_IS_APPLICATION (self), NULL);

  active = gtk_application_get_active_window (GTK_APPLICATION (self));
  preferences = GTK_WINDOW (whale_preferences_new (self->session));
  /* For the app.* actions (the experimental switch). */
  gtk_window_set_application (preferences, GTK_APPLICATION (self));
  if (active != NULL)
    gtk_window_set_transient_for (preferences, active);
  gtk_window_set_modal (preferences, TRUE);
  gtk_window_present (preferences);
  return preferences;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  whale_application_show_preferences (WHALE_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Whalewatch"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Whalewatch developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/whalewatch/whalewatch",
                        "comments", _("Streams options flow, gamma exposure and other market "
                                      "data from the Unusual Whales API.\n\n"
                                      "Whalewatch is not affiliated with, endorsed by or "
                                      "sponsored by Unusual Whales. The data is shown for "
                                      "information only and is not investment advice."),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Close properly so window state is saved. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (app));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
whale_application_startup (GApplication *application)
{
  WhaleApplication *self = WHALE_APPLICATION (application);
  g_autoptr(GAction) experimental = NULL;
  g_autoptr(GAction) market_time = NULL;
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.show-page('flow')", { "<Control>1", NULL } },
    { "win.show-page('gamma')", { "<Control>2", NULL } },
    { "win.show-page('market-movers')", { "<Control>3", NULL } },
    { "win.show-page('dark-pool')", { "<Control>4", NULL } },
    { "win.show-page('congress')", { "<Control>5", NULL } },
  };

  G_APPLICATION_CLASS (whale_application_parent_class)->startup (application);

  self->settings = g_settings_new (APP_ID);
  self->session = whale_session_new (self->settings);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  experimental = g_settings_create_action (self->settings, "show-experimental-feeds");
  g_action_map_add_action (G_ACTION_MAP (self), experimental);
  market_time = g_settings_create_action (self->settings, "market-time");
  g_action_map_add_action (G_ACTION_MAP (self), market_time);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}

static double
env_double (const char *name,
            double      fallback)
{
  const char *text = g_getenv (name);

  return text != NULL && text[0] != '\0' ? g_ascii_strtod (text, NULL) : fallback;
}

static void
whale_application_activate (GApplication *application)
{
  WhaleApplication *self = WHALE_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      /* The UI benchmark's hook (bench/ui-bench.py): WHALEWATCH_BENCH_REPORT names the
       * report file, WHALEWATCH_BENCH_SECONDS how long to measure (default 60),
       * WHALEWATCH_BENCH_WARMUP the longest wait for a full flow feed (default 60) and
       * WHALEWATCH_BENCH_FLOW_RATE the flow alerts/s while measuring (default: unchanged). */
      const char *report = g_getenv ("WHALEWATCH_BENCH_REPORT");

      window = GTK_WINDOW (whale_window_new (GTK_APPLICATION (self)));
      if (report != NULL && report[0] != '\0')
        whale_bench_probe_start (WHALE_WINDOW (window), report,
                                 env_double ("WHALEWATCH_BENCH_SECONDS", 60),
                                 env_double ("WHALEWATCH_BENCH_WARMUP", 60),
                                 env_double ("WHALEWATCH_BENCH_FLOW_RATE", -1));
    }
  gtk_window_present (window);

  if (!whale_session_get_started (self->session))
    whale_session_start (self->session);
}

static void
whale_application_shutdown (GApplication *application)
{
  WhaleApplication *self = WHALE_APPLICATION (application);

  if (self->session != NULL)
    whale_session_stop (self->session);

  G_APPLICATION_CLASS (whale_application_parent_class)->shutdown (application);
}

static void
whale_application_dispose (GObject *object)
{
  WhaleApplication *self = WHALE_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (whale_application_parent_class)->dispose (object);
}

static void
whale_application_class_init (WhaleApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = whale_application_dispose;
  app_class->startup = whale_application_startup;
  app_class->activate = whale_application_activate;
  app_class->shutdown = whale_application_shutdown;
}

static void
whale_application_init (WhaleApplication *self)
{
}
