// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ImportIssueModel: what the vault found wrong in an imported CSV (ImportCsv's `issues`): the file
// line where the record starts, the column as the file names it, the error (its stable number, for
// the catalogue's words and the code on screen) and the vault's short English detail — fixed text
// and line numbers, never a cell's value (IMPORT_FORMAT.md). `rowsWithIssues` counts distinct lines.
//
// Filled and cleared by ImportJob; GUI thread only.

#include <QAbstractListModel>
#include <QVector>

namespace mamori::ui {

class ImportIssueModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)
    Q_PROPERTY(int rowsWithIssues READ rowsWithIssues NOTIFY countChanged FINAL)

public:
    enum Role { LineRole = Qt::UserRole + 1, ColumnRole, ErrorRole, DetailRole };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return static_cast<int>(m_rows.size()); }
    int rowsWithIssues() const { return m_rowsWithIssues; }

    // ImportCsv's issues (av of a{sv}: row, column, error (a name), detail).
    void setIssues(const QVariantList& issues);
    void clear() { setIssues({}); }

    // The error number for an ErrorCode's name ("IndividualNumberCheckDigit" → 502); Internal (1) if unknown.
    static int errorNumberOfName(const QString& name);

signals:
    void countChanged();

private:
    struct Row {
        qlonglong line = 0;
        QString column, detail;
        int error = 0;
    };
    QVector<Row> m_rows;
    int m_rowsWithIssues = 0;
};

} // namespace mamori::ui
