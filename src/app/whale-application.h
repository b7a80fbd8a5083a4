/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "whale-session.h"

G_BEGIN_DECLS

#define WHALE_TYPE_APPLICATION (whale_application_get_type ())
G_DECLARE_FINAL_TYPE (WhaleApplication, whale_application, WHALE, APPLICATION, AdwApplication)

WhaleApplication *whale_application_new         (void);
/* Created at startup. */
WhaleSession     *whale_application_get_session (WhaleApplication *self);
GtkWindow        *whale_application_show_preferences (WhaleApplication *self);

G_END_DECLS
