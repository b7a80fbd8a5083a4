/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "whale-types.h"

G_BEGIN_DECLS

/* An in-process UW server on 127.0.0.1: the demo mode, the test double and the
 * benchmark source. It runs on a thread of its own (so a stall stops its pongs too and
 * it never competes with the UI's main loop); every function here may be called from
 * any thread. */
#define WHALE_TYPE_SIMULATOR (whale_simulator_get_type ())
G_DECLARE_FINAL_TYPE (WhaleSimulator, whale_simulator, WHALE, SIMULATOR, GObject)

WhaleSimulator *whale_simulator_new             (void);

/* Before start: the port (0 = any free one), the token clients must send (NULL = any
 * token, or none), flow alerts per second (0 = as fast as the socket takes them; the
 * other channels keep their own realistic pace), and a recording to replay instead of
 * generated data (speed 0 = as fast as possible). */
void            whale_simulator_set_port        (WhaleSimulator  *self,
                                                 guint            port);
void            whale_simulator_set_token       (WhaleSimulator  *self,
                                                 const char      *token);
void            whale_simulator_set_rate        (WhaleSimulator  *self,
                                                 double           flow_alerts_per_second);
/* Option prints per second on option_trades (default 50; a real open peaks near 5 600).
 * Unlike flow alerts, 0 means none. May be changed while running. */
void            whale_simulator_set_option_trades_rate (WhaleSimulator *self,
                                                        double          prints_per_second);
gboolean        whale_simulator_load_recording  (WhaleSimulator  *self,
                                                 const char      *path,
                                                 double           speed,
                                                 GError         **error);
/* After this many data frames a client gets a normal close (1000); 0 = never. */
void            whale_simulator_set_frame_limit (WhaleSimulator  *self,
                                                 guint64          n_frames);

gboolean        whale_simulator_start           (WhaleSimulator  *self,
                                                 GError         **error);
void            whale_simulator_stop            (WhaleSimulator  *self);

guint           whale_simulator_get_port        (WhaleSimulator  *self);
/* "ws://127.0.0.1:PORT/socket" and "http://127.0.0.1:PORT" */
char           *whale_simulator_dup_url         (WhaleSimulator  *self);
char           *whale_simulator_dup_rest_url    (WhaleSimulator  *self);

/* What clients did. */
guint           whale_simulator_get_n_clients   (WhaleSimulator  *self);
guint64         whale_simulator_get_n_frames_sent (WhaleSimulator *self);
guint           whale_simulator_get_n_connections (WhaleSimulator *self);
/* Channels joined by any connected client, sorted; free with g_strfreev(). */
char          **whale_simulator_dup_joined      (WhaleSimulator  *self);

/* Faults, applied to every connected client. */
void            whale_simulator_drop_connections (WhaleSimulator *self);   /* no close frame: 1006 */
void            whale_simulator_reset_connections (WhaleSimulator *self);  /* TCP RST */
void            whale_simulator_stall           (WhaleSimulator  *self,
                                                 guint            milliseconds); /* no frames, no pongs */
void            whale_simulator_send_text       (WhaleSimulator  *self,
                                                 const char      *text);  /* any text frame, as is */
void            whale_simulator_send_binary     (WhaleSimulator  *self,
                                                 GBytes          *bytes);
void            whale_simulator_set_reject      (WhaleSimulator  *self,
                                                 guint            http_status); /* 401/403 on upgrade; 0 = accept */
void            whale_simulator_set_ignore_join (WhaleSimulator  *self,
                                                 const char      *channel); /* never ack this one */
void            whale_simulator_set_rest_status (WhaleSimulator  *self,
                                                 guint            http_status); /* 429, 500... ; 0 = normal */
guint           whale_simulator_get_n_rest_requests (WhaleSimulator *self);

G_END_DECLS
