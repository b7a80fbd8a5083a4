/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Sorts records by one numeric field of theirs (a number, a time or a flag), read
 * straight from the record. Records without the value come after all others in the
 * sorter's own order, so a column's first click leaves rows showing "—" at the bottom
 * whichever way the column runs (GtkNumericSorter counts NaN as the largest number).
 * The second click brings them to the top: GTK 4.8's column view turns the whole
 * comparison over and cannot tell a sorter which way it runs. */
#define WHALE_TYPE_FIELD_SORTER (whale_field_sorter_get_type ())
G_DECLARE_FINAL_TYPE (WhaleFieldSorter, whale_field_sorter, WHALE, FIELD_SORTER, GtkSorter)

const char       *whale_field_sorter_get_field      (WhaleFieldSorter *self);
GtkSortType       whale_field_sorter_get_sort_order (WhaleFieldSorter *self);

/* Whether @column's sorter runs largest first when GTK sorts it "ascending" (its first
 * click): a WhaleFieldSorter whose sort order is descending. */
gboolean          whale_field_sorter_sorts_largest_first (GtkColumnViewColumn *column);
/* GTK's sort arrow says "ascending" over such columns' largest values: their titles
 * in @view get a class under which style.css turns the arrows round. */
void              whale_field_sorter_mark_titles         (GtkColumnView       *view);

G_END_DECLS
