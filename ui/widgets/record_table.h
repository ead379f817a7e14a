#pragma once
// The read-only tables the viewers and the dashboard show records in.

#include <QStringList>
#include <QTableWidget>

namespace harrier::ui {

/// A table of records: not editable, whole rows selected, one line per row
/// (no word wrap), alternating colours, no row numbers, last column stretched.
QTableWidget *makeRecordTable(const QStringList &headers, QWidget *parent);

}  // namespace harrier::ui
