/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE  /* sched_getcpu() */
#define G_LOG_DOMAIN "whale-bench-probe"

#include "config.h"

#include "whale-bench-probe.h"

#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#include "whale-field-sorter.h"
#include "whale-flow-alert.h"
#include "whale-flow-page.h"

/* Startup (building the window, the first frames, the token lookup) is not what is
 * measured: the probe waits at least this long, and until the flow feed is full (the
 * sorted view at its largest), before it starts counting; at most max_warmup seconds. */
#define MIN_WARMUP_SECONDS 3.0
/* The kernel counts the host's steal in ticks of 10 ms (USER_HZ); reading /proc/stat
 * (~8 µs) more often than that would only cost the main thread. */
#define STEAL_READ_US 10000
#define MAX_CPUS 256

typedef struct
{
  WhaleWindow *window;
  char        *report_path;
  double       seconds;
  double       max_warmup;
  double       flow_rate;     /* flow alerts/s while measuring; < 0 = leave as is */

  guint        probe_id;
  guint        tick_id;
  gint64       started_us;   /* 0 while warming up */
  gint64       last_probe_us;
  gint64       last_tick_us;
  gint64       max_gap_us;
  /* The main thread's time on a CPU and waiting for one (/proc/thread-self/schedstat),
   * so a stall can be told apart from the machine being busy with others. */
  int          schedstat_fd;
  guint64      last_cpu_ns;
  guint64      last_wait_ns;
  gint64       max_gap_cpu_us;     /* of the longest gap: on a CPU */
  gint64       max_gap_wait_us;    /* of the longest gap: runnable, waiting for a CPU */
  gint64       max_cpu_gap_us;     /* the gap with the most time on a CPU */
  /* A virtual machine's CPU can be taken away by its host ("steal", /proc/stat): the
   * thread's own figures then count that time as waiting, or as neither. Read every
   * STEAL_READ_US, and at the end of each new longest gap. */
  int          stat_fd;
  gint64       last_steal_read_us;
  guint64      steal_ticks[MAX_CPUS];
  gint64       max_gap_steal_ms;   /* of the longest gap, at most: its CPU's steal */
  GArray      *tick_intervals;  /* gint64 µs */
  guint64      n_probes;

  /* Where a frame's time goes, and how long each change of the flow feed takes to reach
   * the view (every handler of its items-changed: the filter and sort models, the
   * selection, the column view, the page), from the start of the measurement: longest
   * and total, µs. */
  GdkFrameClock *frame_clock;
  gint64       frame_start_us;
  gint64       frame_work_max_us;
  gint64       frame_work_total_us;
  gint64       phase_start_us;
  gint64       layout_max_us;
  gint64       layout_total_us;
  gint64       paint_max_us;
  gint64       paint_total_us;
  gint64       update_max_us;
  gint64       update_total_us;
  gint64       frame_update_us;   /* this frame's phases, to keep the longest frame's */
  gint64       frame_layout_us;
  gint64       frame_paint_us;
  gint64       worst_update_us;
  gint64       worst_layout_us;
  gint64       worst_paint_us;
  guint        apply_hook_id;
  gint64       apply_start_us;
  gint64       apply_max_us;
  gint64       apply_total_us;
  guint64      n_applies;

  FILE        *trace;   /* WHALEWATCH_BENCH_TRACE: one line per frame, tick and change */

  double       warmup_s;
  double       rss_start_mb;
  double       rss_full_mb;   /* when the flow feed first reached its capacity */
  double       rss_full_at;   /* seconds into the measurement */
  guint64      frames_sent_start;
  guint64      flow_received_start;
} Probe;

static double
rss_mb (void)
{
  g_autofree char *text = NULL;
  unsigned long size, resident;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL)
      || sscanf (text, "%lu %lu", &size, &resident) != 2)
    return 0;
  return resident * (double) sysconf (_SC_PAGESIZE) / 1e6;
}

static void
read_schedstat (Probe   *probe,
                guint64 *cpu_ns,
                guint64 *wait_ns)
{
  char text[128];
  ssize_t n = probe->schedstat_fd >= 0 ? pread (probe->schedstat_fd, text, sizeof text - 1, 0) : -1;

  *cpu_ns = *wait_ns = 0;
  if (n <= 0)
    return;
  text[n] = '\0';
  if (sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, cpu_ns, wait_ns) != 2)
    *cpu_ns = *wait_ns = 0;
}

/* Reads each CPU's steal so far (USER_HZ ticks) and returns, in ms, how much the host
 * stole from the main thread's CPU since the last read: up to STEAL_READ_US before a
 * gap began, to a tick, so at most an upper bound of the gap's share (clamped by the
 * caller). */
static gint64
read_steal (Probe  *probe,
            gint64  now)
{
  char text[32768];  /* MAX_CPUS lines of up to ~120 bytes, and the total's */
  ssize_t n = probe->stat_fd >= 0 ? pread (probe->stat_fd, text, sizeof text - 1, 0) : -1;
  int cpu = sched_getcpu ();
  guint64 before = cpu >= 0 && cpu < MAX_CPUS ? probe->steal_ticks[cpu] : 0;

  probe->last_steal_read_us = now;
  if (n <= 0)
    return 0;
  text[n] = '\0';
  /* "cpuN user nice system idle iowait irq softirq steal ...", after the total's line. */
  for (char *line = strchr (text, '\n'); line != NULL && g_str_has_prefix (line + 1, "cpu");
       line = strchr (line + 1, '\n'))
    {
      char *p = line + 4;
      guint64 index, value = 0;

      if (strchr (p, '\n') == NULL)
        break;  /* cut off by the buffer */
      index = g_ascii_strtoull (p, &p, 10);
      for (int field = 0; field < 8; field++)
        value = g_ascii_strtoull (p, &p, 10);
      if (index < MAX_CPUS)
        probe->steal_ticks[index] = value;
    }
  if (cpu < 0 || cpu >= MAX_CPUS || probe->steal_ticks[cpu] < before)
    return 0;
  return (gint64) (probe->steal_ticks[cpu] - before) * 1000 / sysconf (_SC_CLK_TCK);
}

static WhaleFeed *
flow_feed (Probe *probe)
{
  return whale_session_get_feed (whale_window_get_session (probe->window), "flow-alerts");
}

static guint64
frames_sent (Probe *probe)
{
  WhaleSimulator *simulator = whale_session_get_simulator (whale_window_get_session (probe->window));

  return simulator != NULL ? whale_simulator_get_n_frames_sent (simulator) : 0;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Whether the rows shown run from the largest premium down, as the benchmark asks: a
 * run that lost its sort measures another view (it once did, when the sorters changed
 * class and the column was no longer found). */
static gboolean
shown_by_premium (Probe *probe)
{
  GListModel *shown = whale_feed_page_get_shown (
    whale_flow_page_get_feed_page (whale_window_get_flow_page (probe->window)));
  WhaleRecordClass *klass = g_type_class_peek (WHALE_TYPE_FLOW_ALERT);
  const WhaleField *premium = whale_record_class_find_field (klass, "total_premium");
  double last = INFINITY;

  /* A missing premium (NaN) sorts last and compares false: it cannot break the check. */

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(WhaleRecord) record = g_list_model_get_item (shown, i);
      double value = whale_record_get_number (record, premium);

      if (value > last)
        return FALSE;
      last = value;
    }
  return g_list_model_get_n_items (shown) > 1;
}

static void
write_report (Probe *probe)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  double elapsed = (g_get_monotonic_time () - probe->started_us) / 1e6;
  WhaleFeed *feed = flow_feed (probe);
  gint64 p99 = 0;
  gint64 p50 = 0;
  gint64 max_tick = 0;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_array_sort (probe->tick_intervals, compare_gint64);
  if (probe->tick_intervals->len > 0)
    {
      guint n = probe->tick_intervals->len;

      p50 = g_array_index (probe->tick_intervals, gint64, n / 2);
      p99 = g_array_index (probe->tick_intervals, gint64, MIN (n - 1, (guint) (n * 0.99)));
      max_tick = g_array_index (probe->tick_intervals, gint64, n - 1);
    }

#define PUT_DOUBLE(key, value) \
  g_string_append_printf (out, key "=%s\n", g_ascii_formatd (buf, sizeof buf, "%.3f", (value)))
  PUT_DOUBLE ("seconds", elapsed);
  PUT_DOUBLE ("warmup_s", probe->warmup_s);
  PUT_DOUBLE ("longest_stall_ms", probe->max_gap_us / 1000.0);
  PUT_DOUBLE ("longest_stall_cpu_ms", probe->max_gap_cpu_us / 1000.0);
  PUT_DOUBLE ("longest_stall_wait_ms", probe->max_gap_wait_us / 1000.0);
  PUT_DOUBLE ("longest_stall_steal_ms", (double) probe->max_gap_steal_ms);
  PUT_DOUBLE ("most_cpu_in_a_stall_ms", probe->max_cpu_gap_us / 1000.0);
  g_string_append_printf (out, "probe_runs=%" G_GUINT64_FORMAT "\n", probe->n_probes);
  g_string_append_printf (out, "frames=%u\n", probe->tick_intervals->len);
  PUT_DOUBLE ("frame_interval_p50_ms", p50 / 1000.0);
  PUT_DOUBLE ("frame_interval_p99_ms", p99 / 1000.0);
  PUT_DOUBLE ("frame_interval_max_ms", max_tick / 1000.0);
  PUT_DOUBLE ("frame_work_max_ms", probe->frame_work_max_us / 1000.0);
  PUT_DOUBLE ("frame_work_total_ms", probe->frame_work_total_us / 1000.0);
  PUT_DOUBLE ("layout_max_ms", probe->layout_max_us / 1000.0);
  PUT_DOUBLE ("layout_total_ms", probe->layout_total_us / 1000.0);
  PUT_DOUBLE ("paint_max_ms", probe->paint_max_us / 1000.0);
  PUT_DOUBLE ("update_max_ms", probe->update_max_us / 1000.0);
  PUT_DOUBLE ("update_total_ms", probe->update_total_us / 1000.0);
  PUT_DOUBLE ("worst_frame_update_ms", probe->worst_update_us / 1000.0);
  PUT_DOUBLE ("worst_frame_layout_ms", probe->worst_layout_us / 1000.0);
  PUT_DOUBLE ("worst_frame_paint_ms", probe->worst_paint_us / 1000.0);
  PUT_DOUBLE ("paint_total_ms", probe->paint_total_us / 1000.0);
  g_string_append_printf (out, "applies=%" G_GUINT64_FORMAT "\n", probe->n_applies);
  PUT_DOUBLE ("apply_max_ms", probe->apply_max_us / 1000.0);
  PUT_DOUBLE ("apply_total_ms", probe->apply_total_us / 1000.0);
  PUT_DOUBLE ("rss_start_mb", probe->rss_start_mb);
  PUT_DOUBLE ("rss_full_mb", probe->rss_full_mb);
  PUT_DOUBLE ("rss_full_at_s", probe->rss_full_at);
  PUT_DOUBLE ("rss_end_mb", rss_mb ());
  g_string_append_printf (out, "server_frames_sent=%" G_GUINT64_FORMAT "\n",
                          frames_sent (probe) - probe->frames_sent_start);
  g_string_append_printf (out, "flow_alerts_received=%" G_GUINT64_FORMAT "\n",
                          whale_feed_get_n_received (feed) - probe->flow_received_start);
  g_string_append_printf (out, "flow_rows=%u\n", g_list_model_get_n_items (G_LIST_MODEL (feed)));
  g_string_append_printf (out, "sorted_by_premium=%d\n", shown_by_premium (probe));
#undef PUT_DOUBLE

  if (!g_file_set_contents (probe->report_path, out->str, out->len, &error))
    g_warning ("Could not write the benchmark report: %s", error->message);
}

static void
probe_finish (Probe *probe)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (probe->window)));

  write_report (probe);
  if (probe->apply_hook_id != 0)
    g_signal_remove_emission_hook (g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL),
                                   probe->apply_hook_id);
  g_signal_handlers_disconnect_by_data (flow_feed (probe), probe);
  if (probe->frame_clock != NULL)
    {
      g_signal_handlers_disconnect_by_data (probe->frame_clock, probe);
      g_object_unref (probe->frame_clock);
    }
  g_clear_handle_id (&probe->probe_id, g_source_remove);
  if (probe->schedstat_fd >= 0)
    close (probe->schedstat_fd);
  if (probe->stat_fd >= 0)
    close (probe->stat_fd);
  if (probe->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (probe->window), probe->tick_id);
  g_array_unref (probe->tick_intervals);
  g_clear_pointer (&probe->trace, fclose);
  g_free (probe->report_path);
  g_object_unref (probe->window);
  g_free (probe);
  g_application_quit (app);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();

  if (probe->started_us != 0 && probe->last_tick_us != 0)
    {
      gint64 interval = now - probe->last_tick_us;

      g_array_append_val (probe->tick_intervals, interval);
      if (probe->trace != NULL)
        fprintf (probe->trace, "T %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                 now - probe->started_us, interval);
    }
  probe->last_tick_us = now;
  return G_SOURCE_CONTINUE;
}

/* A frame runs update (tick callbacks), layout, then paint. These handlers run after
 * all others of their phase, so layout lasts from the end of update to the end of layout
 * and paint from there to its end; a frame's work from before-paint to after-paint. */
static void
before_paint_cb (GdkFrameClock *clock,
                 Probe         *probe)
{
  probe->frame_start_us = g_get_monotonic_time ();
}

static void
update_cb (GdkFrameClock *clock,
           Probe         *probe)
{
  gint64 now = g_get_monotonic_time ();

  probe->frame_update_us = probe->frame_start_us != 0 ? now - probe->frame_start_us : 0;
  probe->update_max_us = MAX (probe->update_max_us, probe->frame_update_us);
  probe->update_total_us += probe->frame_update_us;
  probe->frame_layout_us = 0;
  probe->frame_paint_us = 0;
  probe->phase_start_us = now;
}

static void
layout_cb (GdkFrameClock *clock,
           Probe         *probe)
{
  gint64 now = g_get_monotonic_time ();

  if (probe->phase_start_us != 0)
    {
      probe->frame_layout_us = now - probe->phase_start_us;
      probe->layout_max_us = MAX (probe->layout_max_us, probe->frame_layout_us);
      probe->layout_total_us += probe->frame_layout_us;
    }
  probe->phase_start_us = now;
}

static void
paint_cb (GdkFrameClock *clock,
          Probe         *probe)
{
  gint64 now = g_get_monotonic_time ();

  if (probe->phase_start_us != 0)
    {
      probe->frame_paint_us = now - probe->phase_start_us;
      probe->paint_max_us = MAX (probe->paint_max_us, probe->frame_paint_us);
      probe->paint_total_us += probe->frame_paint_us;
    }
  probe->phase_start_us = 0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Probe         *probe)
{
  gint64 now = g_get_monotonic_time ();

  if (probe->frame_start_us != 0)
    {
      if (now - probe->frame_start_us > probe->frame_work_max_us)
        {
          probe->frame_work_max_us = now - probe->frame_start_us;
          probe->worst_update_us = probe->frame_update_us;
          probe->worst_layout_us = probe->frame_layout_us;
          probe->worst_paint_us = probe->frame_paint_us;
        }
      probe->frame_work_total_us += now - probe->frame_start_us;
      if (probe->trace != NULL && probe->started_us != 0)
        fprintf (probe->trace, "F %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                 " %" G_GINT64_FORMAT "\n", probe->frame_start_us - probe->started_us,
                 probe->frame_update_us, probe->frame_layout_us, probe->frame_paint_us);
    }
  probe->frame_start_us = 0;
}

/* Runs before any handler of the flow feed's items-changed; applied_cb after all. */
static gboolean
apply_hook (GSignalInvocationHint *hint,
            guint                  n_params,
            const GValue          *params,
            gpointer               user_data)
{
  Probe *probe = user_data;

  if (g_value_get_object (&params[0]) == (GObject *) flow_feed (probe))
    probe->apply_start_us = g_get_monotonic_time ();
  return TRUE;
}

static void
applied_cb (Probe *probe)
{
  gint64 took;

  if (probe->apply_start_us == 0)
    return;
  took = g_get_monotonic_time () - probe->apply_start_us;
  probe->apply_max_us = MAX (probe->apply_max_us, took);
  probe->apply_total_us += took;
  probe->n_applies++;
  if (probe->trace != NULL)
    fprintf (probe->trace, "A %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
             probe->apply_start_us - probe->started_us, took);
  probe->apply_start_us = 0;
}

static void
start_phase_probes (Probe *probe)
{
  probe->frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (probe->window));
  if (probe->frame_clock != NULL)
    {
      g_object_ref (probe->frame_clock);
      g_signal_connect_after (probe->frame_clock, "before-paint",
                              G_CALLBACK (before_paint_cb), probe);
      g_signal_connect_after (probe->frame_clock, "update", G_CALLBACK (update_cb), probe);
      g_signal_connect_after (probe->frame_clock, "layout", G_CALLBACK (layout_cb), probe);
      g_signal_connect_after (probe->frame_clock, "paint", G_CALLBACK (paint_cb), probe);
      g_signal_connect_after (probe->frame_clock, "after-paint",
                              G_CALLBACK (after_paint_cb), probe);
    }
  probe->apply_hook_id = g_signal_add_emission_hook (g_signal_lookup ("items-changed",
                                                                      G_TYPE_LIST_MODEL),
                                                     0, apply_hook, probe, NULL);
  g_signal_connect_data (flow_feed (probe), "items-changed", G_CALLBACK (applied_cb), probe,
                         NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static gboolean
probe_cb (gpointer user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();
  WhaleFeed *feed;

  if (probe->started_us == 0)
    {
      WhaleSimulator *simulator;

      feed = flow_feed (probe);
      if (now - probe->last_probe_us < MIN_WARMUP_SECONDS * G_USEC_PER_SEC
          || (g_list_model_get_n_items (G_LIST_MODEL (feed)) < whale_feed_get_capacity (feed)
              && now - probe->last_probe_us < probe->max_warmup * G_USEC_PER_SEC))
        return G_SOURCE_CONTINUE;
      simulator = whale_session_get_simulator (whale_window_get_session (probe->window));
      if (simulator != NULL && probe->flow_rate >= 0)
        whale_simulator_set_rate (simulator, probe->flow_rate);
      probe->warmup_s = (now - probe->last_probe_us) / 1e6;
      probe->started_us = now;
      probe->last_probe_us = now;
      read_schedstat (probe, &probe->last_cpu_ns, &probe->last_wait_ns);
      read_steal (probe, now);
      probe->last_tick_us = 0;
      probe->rss_start_mb = rss_mb ();
      probe->frames_sent_start = frames_sent (probe);
      probe->flow_received_start = whale_feed_get_n_received (flow_feed (probe));
      start_phase_probes (probe);
      return G_SOURCE_CONTINUE;
    }

  {
    guint64 cpu_ns, wait_ns;
    gint64 gap_cpu_us, gap_wait_us;

    read_schedstat (probe, &cpu_ns, &wait_ns);
    gap_cpu_us = (gint64) (cpu_ns - probe->last_cpu_ns) / 1000;
    gap_wait_us = (gint64) (wait_ns - probe->last_wait_ns) / 1000;
    if (now - probe->last_probe_us > probe->max_gap_us)
      {
        probe->max_gap_us = now - probe->last_probe_us;
        probe->max_gap_cpu_us = gap_cpu_us;
        probe->max_gap_wait_us = gap_wait_us;
        probe->max_gap_steal_ms = MIN (read_steal (probe, now), probe->max_gap_us / 1000);
      }
    else if (now - probe->last_steal_read_us >= STEAL_READ_US)
      read_steal (probe, now);
    probe->max_cpu_gap_us = MAX (probe->max_cpu_gap_us, gap_cpu_us);
    probe->last_cpu_ns = cpu_ns;
    probe->last_wait_ns = wait_ns;
  }
  probe->last_probe_us = now;
  probe->n_probes++;

  feed = flow_feed (probe);
  if (probe->rss_full_mb == 0
      && g_list_model_get_n_items (G_LIST_MODEL (feed)) >= whale_feed_get_capacity (feed))
    {
      probe->rss_full_mb = rss_mb ();
      probe->rss_full_at = (now - probe->started_us) / 1e6;
    }

  if (now - probe->started_us >= probe->seconds * G_USEC_PER_SEC)
    {
      probe->probe_id = 0;
      probe_finish (probe);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* The premium column is the one whose sorter reads total_premium. */
static GtkColumnViewColumn *
find_premium_column (GtkColumnView *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      GtkSorter *sorter = gtk_column_view_column_get_sorter (column);

      if (WHALE_IS_FIELD_SORTER (sorter)
          && g_strcmp0 (whale_field_sorter_get_field (WHALE_FIELD_SORTER (sorter)),
                        "total_premium") == 0)
        return column;
    }
  return NULL;
}

void
whale_bench_probe_start (WhaleWindow *window,
                         const char  *report_path,
                         double       seconds,
                         double       max_warmup,
                         double       flow_rate)
{
  GtkColumnView *view;
  GtkColumnViewColumn *premium;
  Probe *probe;

  g_return_if_fail (WHALE_IS_WINDOW (window));
  g_return_if_fail (report_path != NULL);

  adw_view_stack_set_visible_child_name (whale_window_get_view_stack (window), "flow");
  view = whale_flow_page_get_column_view (whale_window_get_flow_page (window));
  premium = find_premium_column (view);
  if (premium != NULL)
    whale_flow_page_sort_largest_first (whale_window_get_flow_page (window), premium);
  else
    g_warning ("Benchmark: no premium column to sort by");

  probe = g_new0 (Probe, 1);
  probe->window = g_object_ref (window);
  probe->report_path = g_strdup (report_path);
  probe->seconds = seconds;
  probe->max_warmup = max_warmup;
  probe->flow_rate = flow_rate;
  probe->tick_intervals = g_array_new (FALSE, FALSE, sizeof (gint64));
  probe->schedstat_fd = open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
  probe->stat_fd = open ("/proc/stat", O_RDONLY | O_CLOEXEC);
  if (g_getenv ("WHALEWATCH_BENCH_TRACE") != NULL)
    probe->trace = fopen (g_getenv ("WHALEWATCH_BENCH_TRACE"), "we");
  probe->last_probe_us = g_get_monotonic_time ();
  probe->probe_id = g_timeout_add (1, probe_cb, probe);
  probe->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, probe, NULL);
}
