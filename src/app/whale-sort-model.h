/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A filtered, sorted view of a list model, in place of GtkFilterListModel under a
 * GtkSortListModel for live feeds: the same rows (those the filter lets through) in the
 * same order (the sorter's, equal items in the source's order), but a small change
 * in the source (a feed's batch: a few rows in, as many out) is applied by binary
 * search and reported as items-changed for exactly the rows that moved in or out,
 * so a view only touches the rows it shows when one of those changed. GTK 4.8's
 * GtkSortListModel reports one change from the first to the last row touched,
 * which for rows landing all over the order is nearly the whole list; a new filter's
 * verdicts likewise. Large changes (a new sorter, a filter that lets through or keeps
 * out thousands of rows more) are reported as one change. */
#define WHALE_TYPE_SORT_MODEL (whale_sort_model_get_type ())
G_DECLARE_FINAL_TYPE (WhaleSortModel, whale_sort_model, WHALE, SORT_MODEL, GObject)

WhaleSortModel *whale_sort_model_new        (GListModel     *model,
                                             GtkSorter      *sorter);

GListModel     *whale_sort_model_get_model  (WhaleSortModel *self);
void            whale_sort_model_set_model  (WhaleSortModel *self,
                                             GListModel     *model);
GtkSorter      *whale_sort_model_get_sorter (WhaleSortModel *self);
void            whale_sort_model_set_sorter (WhaleSortModel *self,
                                             GtkSorter      *sorter);
GtkFilter      *whale_sort_model_get_filter (WhaleSortModel *self);
void            whale_sort_model_set_filter (WhaleSortModel *self,
                                             GtkFilter      *filter);

G_END_DECLS
