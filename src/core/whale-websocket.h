/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void                     whale_websocket_connect_async  (const char           *url,
                                                         const char           *user_agent,
                                                         GTlsDatabase         *tls_database,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
SoupWebsocketConnection *whale_websocket_connect_finish (GAsyncResult         *result,
                                                         guint                *status,
                                                         GError              **error);

/* Makes libsoup's WebSocket messages cheaper for the whole process, once: its two debug
 * lines a message are dropped unformatted unless G_MESSAGES_DEBUG is set, and its
 * "message" signal gets a marshaller of its own. WhaleStream calls it; so does the
 * benchmark's libsoup ceiling, which must not pay what the app doesn't. */
void                     whale_websocket_tune_libsoup   (void);

G_END_DECLS
