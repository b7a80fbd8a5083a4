/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-json"

#include "config.h"

#include "whale-json.h"

#include <math.h>

void
whale_json_append_string (GString    *out,
                          const char *value)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (value != NULL);

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) value; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

void
whale_json_append_number (GString *out,
                          double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (out != NULL);

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
      return;
    }
  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
}

void
whale_json_append_member (GString    *out,
                          const char *name,
                          gboolean    first)
{
  g_return_if_fail (out != NULL);

  if (!first)
    g_string_append_c (out, ',');
  whale_json_append_string (out, name);
  g_string_append_c (out, ':');
}
