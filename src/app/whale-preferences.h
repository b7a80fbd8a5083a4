/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "whale-session.h"

G_BEGIN_DECLS

#define WHALE_TYPE_PREFERENCES (whale_preferences_get_type ())
G_DECLARE_FINAL_TYPE (WhalePreferences, whale_preferences, WHALE, PREFERENCES, AdwPreferencesWindow)

WhalePreferences *whale_preferences_new                   (WhaleSession     *session);
/* For tests: the widgets a user would touch, and what the last token test said. */
GtkEditable      *whale_preferences_get_token_entry       (WhalePreferences *self);
GtkEditable      *whale_preferences_get_server_entry      (WhalePreferences *self);
GtkSwitch        *whale_preferences_get_experimental_switch (WhalePreferences *self);
const char       *whale_preferences_get_test_result       (WhalePreferences *self);
/* As if the user pressed the buttons. */
void              whale_preferences_save_token            (WhalePreferences *self);
void              whale_preferences_remove_token          (WhalePreferences *self);
void              whale_preferences_test_connection       (WhalePreferences *self);

G_END_DECLS
