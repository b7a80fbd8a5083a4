/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whalewatch"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "whale-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WhaleApplication) app = NULL;
  const char *localedir = g_getenv ("WHALEWATCH_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* WHALEWATCH_LOCALEDIR: the build tree's translations (make run, tests). */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Whalewatch"));

  app = whale_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
