/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "whale-occ.h"

static void
test_occ_basic (void)
{
  WhaleOcc occ;

  g_assert_true (whale_occ_parse ("JD250523P00034000", &occ));
  g_assert_cmpstr (occ.root, ==, "JD");
  g_assert_false (occ.is_call);
  g_assert_cmpfloat (occ.strike, ==, 34.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/records/occ/basic", test_occ_basic);

  return g_test_run ();
}
