/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "whale-flow-alert.h"

G_BEGIN_DECLS

#define WHALE_TYPE_FLOW_ROW (whale_flow_row_get_type ())
G_DECLARE_FINAL_TYPE (WhaleFlowRow, whale_flow_row, WHALE, FLOW_ROW, GtkWidget)

/* The Flow table's columns, in the order of the header's. */
typedef enum
{
  WHALE_FLOW_COLUMN_TIME,
  WHALE_FLOW_COLUMN_TICKER,
  WHALE_FLOW_COLUMN_TYPE,
  WHALE_FLOW_COLUMN_STRIKE,
  WHALE_FLOW_COLUMN_EXPIRY,
  WHALE_FLOW_COLUMN_PREMIUM,
  WHALE_FLOW_COLUMN_SIZE,
  WHALE_FLOW_COLUMN_PRICE,
  WHALE_FLOW_COLUMN_SIDE,
  WHALE_FLOW_COLUMN_SENTIMENT,
  WHALE_FLOW_COLUMN_SPOT,
  WHALE_FLOW_COLUMN_OTM,
  WHALE_FLOW_COLUMN_VOL_OI,
  WHALE_FLOW_COLUMN_OI,
  WHALE_FLOW_COLUMN_RULE,
  WHALE_FLOW_COLUMN_FLAGS,
  WHALE_FLOW_N_COLUMNS
} WhaleFlowColumn;

/* A row of the Flow table: one widget drawing its cells, laid out under @header's
 * column titles. */
GtkWidget      *whale_flow_row_new               (GtkColumnView  *header);
void            whale_flow_row_set_alert         (WhaleFlowRow   *self,
                                                  WhaleFlowAlert *alert);
WhaleFlowAlert *whale_flow_row_get_alert         (WhaleFlowRow   *self);
/* @alert's cells as a row shows them, into @texts (each to be freed). */
void            whale_flow_row_format_cells      (WhaleFlowAlert *alert,
                                                  char           *texts[WHALE_FLOW_N_COLUMNS]);
const char     *whale_flow_row_get_cell_text     (WhaleFlowRow   *self,
                                                  WhaleFlowColumn column);
char           *whale_flow_row_dup_tooltip_text  (WhaleFlowRow   *self,
                                                  WhaleFlowColumn column);
const char     *whale_flow_row_get_column_id     (WhaleFlowColumn column);
int             whale_flow_row_get_nat_chars     (WhaleFlowColumn column);
int             whale_flow_row_measure_widest    (WhaleFlowColumn column,
                                                  GtkWidget      *widget);
/* @header's column titles, in column order (then their siblings); NULL when the
 * column view is not built as GTK 4.8 builds it. */
GtkWidget      *whale_flow_row_get_first_title   (GtkColumnView  *header);

G_END_DECLS
