// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// DueListModel: the people whose numbers are due (or nearly due) for disposal in the clerk's
// departments, as the vault's DueList gives them: id, code, kind, department, whether due now, what
// still blocks disposal (a DisposalBlock name: SubjectActive, NotYetLeft, DocumentRetained, …) and
// the open disposal request, if any (pending or approved; 0 for none). Codes only, never a name or
// a number: the vault sends neither. The list is short and whole (no paging); each answer replaces it.
//
// Filled and cleared by ClerkDesk; GUI thread only.

#include <QAbstractListModel>
#include <QVector>

namespace mamori::ui {

class DueListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)
    Q_PROPERTY(int dueCount READ dueCount NOTIFY countChanged FINAL)

public:
    enum Role { IdRole = Qt::UserRole + 1, CodeRole, KindRole, DepartmentRole, DueRole, BlockedByRole, RequestRole };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return static_cast<int>(m_rows.size()); }
    // How many rows are due now.
    int dueCount() const;

    // DueList's items (av of a{sv}).
    void setItems(const QVariantList& items);
    void clear() { setItems({}); }
    // The row of a subject id, -1 if absent.
    Q_INVOKABLE int rowOf(const QString& subjectId) const;
    Q_INVOKABLE QVariantMap get(int row) const;

signals:
    void countChanged();

private:
    struct Row {
        QString id, code, kind, department, blockedBy;
        bool due = false;
        qlonglong request = 0;
    };
    QVector<Row> m_rows;
};

} // namespace mamori::ui
