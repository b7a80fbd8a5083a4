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

G_END_DECLS
