/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-token"

#include "config.h"

#include "whale-token.h"

#include <libsecret/secret.h>

/* The value never reaches a log or an error message: errors say what failed, not with
 * what. The libsecret copy is wiped (secret_password_free) once ours is made. */

#define TOKEN_LABEL "Whalewatch API token"
#define TOKEN_SERVICE "unusualwhales-api"

static const SecretSchema token_schema = {
  .name = "io.github.whalewatch.Whalewatch.Token",
  .flags = SECRET_SCHEMA_NONE,
  .attributes = {
    { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

void
whale_token_free (char *token)
{
  if (token == NULL)
    return;
  secret_password_wipe (token);
  g_free (token);
}

static char *
take_password (char *password)
{
  char *copy = g_strdup (password);

  secret_password_free (password);
  return copy;
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      g_prefix_error (&error, "Could not read the API token from the keyring: ");
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, password != NULL ? take_password (password) : NULL,
                           (GDestroyNotify) whale_token_free);
}

void
whale_token_lookup_async (GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, whale_token_lookup_async);
  secret_password_lookup (&token_schema, cancellable, lookup_cb, g_steal_pointer (&task),
                          "service", TOKEN_SERVICE,
                          NULL);
}

char *
whale_token_lookup_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == whale_token_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
whale_token_lookup_sync (GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *password;

  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  password = secret_password_lookup_sync (&token_schema, cancellable, &local_error,
                                          "service", TOKEN_SERVICE,
                                          NULL);
  if (local_error != NULL)
    {
      g_prefix_error (&local_error, "Could not read the API token from the keyring: ");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return password != NULL ? take_password (password) : NULL;
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_store_finish (result, &error);
  if (error != NULL)
    {
      g_prefix_error (&error, "Could not save the API token in the keyring: ");
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_boolean (task, TRUE);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error means nothing was stored: cleared all the same. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_prefix_error (&error, "Could not remove the API token from the keyring: ");
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_boolean (task, TRUE);
}

void
whale_token_store_async (const char          *token,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, whale_token_store_async);

  if (token == NULL || token[0] == '\0')
    secret_password_clear (&token_schema, cancellable, clear_cb, g_steal_pointer (&task),
                           "service", TOKEN_SERVICE,
                           NULL);
  else
    secret_password_store (&token_schema, SECRET_COLLECTION_DEFAULT, TOKEN_LABEL, token,
                           cancellable, store_cb, g_steal_pointer (&task),
                           "service", TOKEN_SERVICE,
                           NULL);
}

gboolean
whale_token_store_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == whale_token_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
