/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* One headline (news). */
#define WHALE_TYPE_NEWS (whale_news_get_type ())
G_DECLARE_FINAL_TYPE (WhaleNews, whale_news, WHALE, NEWS, WhaleRecord)

G_END_DECLS
