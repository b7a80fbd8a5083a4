/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The API token lives in the keyring (libsecret) and nowhere else. */

void      whale_token_lookup_async  (GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
/* NULL without error when no token is stored. */
char     *whale_token_lookup_finish (GAsyncResult         *result,
                                     GError              **error);
/* For the CLI, where blocking is fine. */
char     *whale_token_lookup_sync   (GCancellable         *cancellable,
                                     GError              **error);
/* Stores @token, or clears the stored one when @token is NULL or "". */
void      whale_token_store_async   (const char           *token,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean  whale_token_store_finish  (GAsyncResult         *result,
                                     GError              **error);
/* Frees a copy of the token, overwritten first so that freed memory does not keep it.
 * NULL is fine. */
void      whale_token_free          (char                 *token);

G_END_DECLS
