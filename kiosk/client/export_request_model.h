// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ExportRequestModel: the clerk's own bulk export and provision requests not yet carried out, from
// the vault's ExportRequests: id, operation (export|provide), destination, purpose, how many
// subjects, status (pending → approved by an officer → executed), who asked and when, who approved.
//
// Filled and cleared by ExportJob; GUI thread only.

#include <QAbstractListModel>
#include <QDateTime>
#include <QVector>

namespace mamori::ui {

class ExportRequestModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        OperationRole,
        DestinationRole,
        PurposeRole,
        SubjectsRole,
        StatusRole,
        RequestedAtRole,
        ApprovedByRole,
    };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return static_cast<int>(m_rows.size()); }

    // ExportRequests' answer (aa{sv}).
    void setItems(const QVariantList& items);
    void clear() { setItems({}); }
    // A request's status ("pending", "approved", "executed"); empty when the vault no longer lists it.
    Q_INVOKABLE QString statusOf(qlonglong requestId) const;

signals:
    void countChanged();

private:
    struct Row {
        qlonglong id = 0;
        QString operation, destination, purpose, status;
        qlonglong subjects = 0;
        QDateTime requestedAt;
        qlonglong approvedBy = 0;
    };
    QVector<Row> m_rows;
};

} // namespace mamori::ui
