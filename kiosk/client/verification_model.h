// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// VerificationModel: the identity-check records of the person open (ViewSubject's
// verificationRecords): which document combination, which documents, by whom (user id), when.
// Filled and cleared by SubjectDetail; GUI thread only.

#include <QAbstractListModel>
#include <QDateTime>
#include <QVector>

namespace mamori::ui {

class VerificationModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)

public:
    enum Role { MethodRole = Qt::UserRole + 1, DocumentsRole, VerifiedByRole, VerifiedAtRole };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return static_cast<int>(m_rows.size()); }

    // aa{sv} records: method, documents, verifiedBy (x), verifiedMs (x, ms since the epoch).
    void setRecords(const QVariantList& records);
    void clear();

signals:
    void countChanged();

private:
    struct Row {
        QString method;
        QString documents;
        qlonglong verifiedBy = 0;
        QDateTime verifiedAt;
    };
    QVector<Row> m_rows;
};

} // namespace mamori::ui
