/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "../fuzz/fuzz-common.h"

/* Runs one fuzz target (linked in) over its seeds and past findings as ordinary
 * tests, so every compiler and the sanitizer build replay them: each finding in
 * fuzz/regressions/<target>/ stays fixed. */

static void
replay_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const guint8 *) contents, len), ==, 0);
}

static void
add_folder (const char *target,
            const char *kind,
            const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/fuzz/%s/%s/%s", target, kind,
                                                    (char *) g_ptr_array_index (names, i));

      g_test_add_data_func_full (test_path,
                                 g_build_filename (folder, g_ptr_array_index (names, i), NULL),
                                 replay_file, g_free);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *target = FUZZ_TARGET;
  g_autofree char *regressions = NULL;
  g_autofree char *seeds = NULL;

  g_test_init (&argc, &argv, NULL);
  LLVMFuzzerInitialize (&argc, &argv);
  /* The fuzz harness makes warnings fatal; GTest's own checks stay as they are. */
  regressions = g_test_build_filename (G_TEST_DIST, "..", "fuzz", "regressions", target, NULL);
  seeds = g_test_build_filename (G_TEST_DIST, "..", "fuzz", "seeds", target, NULL);
  add_folder (target, "regression", regressions);
  add_folder (target, "seed", seeds);
  return g_test_run ();
}
