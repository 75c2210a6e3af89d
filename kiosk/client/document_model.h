// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// DocumentModel: the legal documents that used the open person's number (ViewSubject's
// `documents`), each with its retention rule (services/vault/RETENTION.md): rule code, tax year
// (0 when none), filing deadline, filing date and completion date (YYYY-MM-DD or empty). What keeps
// the number from being disposed of.
//
// Filled and cleared by SubjectDetail; GUI thread only.

#include <QAbstractListModel>
#include <QVector>

namespace mamori::ui {

class DocumentModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)

public:
    enum Role { IdRole = Qt::UserRole + 1, RuleCodeRole, TaxYearRole, DeadlineRole, FiledRole, CompletedRole };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return static_cast<int>(m_rows.size()); }

    // aa{sv} records: id (x), ruleCode, taxYear (i), deadline, filed, completed.
    void setRecords(const QVariantList& records);
    void clear() { setRecords({}); }

signals:
    void countChanged();

private:
    struct Row {
        qlonglong id = 0;
        QString ruleCode, deadline, filed, completed;
        int taxYear = 0;
    };
    QVector<Row> m_rows;
};

} // namespace mamori::ui
