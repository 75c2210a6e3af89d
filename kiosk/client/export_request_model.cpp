// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/export_request_model.h"

#include "kiosk/client/vault_client.h"

namespace mamori::ui {

int ExportRequestModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ExportRequestModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case IdRole:
        return row.id;
    case OperationRole:
        return row.operation;
    case DestinationRole:
        return row.destination;
    case PurposeRole:
        return row.purpose;
    case SubjectsRole:
        return row.subjects;
    case StatusRole:
        return row.status;
    case RequestedAtRole:
        return row.requestedAt;
    case ApprovedByRole:
        return row.approvedBy;
    default:
        return {};
    }
}

QHash<int, QByteArray> ExportRequestModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},  {IdRole, "requestId"},
            {OperationRole, "operation"},  {DestinationRole, "destination"},
            {PurposeRole, "purpose"},      {SubjectsRole, "subjects"},
            {StatusRole, "status"},        {RequestedAtRole, "requestedAt"},
            {ApprovedByRole, "approvedBy"}};
}

void ExportRequestModel::setItems(const QVariantList& items)
{
    if (m_rows.isEmpty() && items.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    for (const QVariant& entry : items) {
        const QVariantMap item = VaultClient::mapOf(entry);
        Row row;
        row.id = item.value(QStringLiteral("id")).toLongLong();
        row.operation = item.value(QStringLiteral("operation")).toString();
        row.destination = item.value(QStringLiteral("destination")).toString();
        row.purpose = item.value(QStringLiteral("purpose")).toString();
        row.subjects = item.value(QStringLiteral("subjects")).toLongLong();
        row.status = item.value(QStringLiteral("status")).toString();
        row.requestedAt = QDateTime::fromMSecsSinceEpoch(item.value(QStringLiteral("requestedMs")).toLongLong());
        row.approvedBy = item.value(QStringLiteral("approvedBy")).toLongLong();
        m_rows.append(row);
    }
    endResetModel();
    emit countChanged();
}

QString ExportRequestModel::statusOf(qlonglong requestId) const
{
    for (const Row& row : m_rows)
        if (row.id == requestId)
            return row.status;
    return {};
}

} // namespace mamori::ui
