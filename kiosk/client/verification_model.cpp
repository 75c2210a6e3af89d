// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/verification_model.h"

#include "kiosk/client/subject_list_model.h"
#include "kiosk/client/vault_client.h"

namespace mamori::ui {

int VerificationModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant VerificationModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case MethodRole:
        return row.method;
    case DocumentsRole:
        return row.documents;
    case VerifiedByRole:
        return row.verifiedBy;
    case VerifiedAtRole:
        return row.verifiedAt;
    default:
        return {};
    }
}

QHash<int, QByteArray> VerificationModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},
            {MethodRole, "method"},
            {DocumentsRole, "documents"},
            {VerifiedByRole, "verifiedBy"},
            {VerifiedAtRole, "verifiedAt"}};
}

void VerificationModel::setRecords(const QVariantList& records)
{
    beginResetModel();
    for (Row& row : m_rows)
        wipeString(row.documents);
    m_rows.clear();
    for (const QVariant& entry : records) {
        const QVariantMap record = VaultClient::mapOf(entry);
        Row row;
        row.method = record.value(QStringLiteral("method")).toString();
        row.documents = record.value(QStringLiteral("documents")).toString();
        row.verifiedBy = record.value(QStringLiteral("verifiedBy")).toLongLong();
        row.verifiedAt = QDateTime::fromMSecsSinceEpoch(record.value(QStringLiteral("verifiedMs")).toLongLong());
        m_rows.append(row);
    }
    endResetModel();
    emit countChanged();
}

void VerificationModel::clear() { setRecords({}); }

} // namespace mamori::ui
