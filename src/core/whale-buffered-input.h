/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WHALE_TYPE_BUFFERED_INPUT (whale_buffered_input_get_type ())

G_DECLARE_FINAL_TYPE (WhaleBufferedInput, whale_buffered_input, WHALE, BUFFERED_INPUT,
                      GInputStream)

#define WHALE_BUFFERED_INPUT_SIZE (64 * 1024)

WhaleBufferedInput *whale_buffered_input_new          (GIOStream          *connection,
                                                       GBytes             *already_read);
gsize               whale_buffered_input_get_n_reads  (WhaleBufferedInput *self);

G_END_DECLS
