// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/destination_model.h"

#include "kiosk/client/vault_client.h"

namespace mamori::ui {

int DestinationModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant DestinationModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return row.name;
    case CodeRole:
        return row.code;
    case KindRole:
        return row.kind;
    case PurposesRole:
        return row.purposes;
    case NumbersAllowedRole:
        return row.numbersAllowed;
    default:
        return {};
    }
}

QHash<int, QByteArray> DestinationModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"}, {CodeRole, "code"},         {NameRole, "name"},
            {KindRole, "kind"},           {PurposesRole, "purposes"}, {NumbersAllowedRole, "numbersAllowed"}};
}

void DestinationModel::setItems(const QVariantList& items)
{
    if (m_rows.isEmpty() && items.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    for (const QVariant& entry : items) {
        const QVariantMap item = VaultClient::mapOf(entry);
        Row row;
        row.code = item.value(QStringLiteral("code")).toString();
        row.name = item.value(QStringLiteral("name")).toString();
        row.kind = item.value(QStringLiteral("kind")).toString();
        row.purposes = item.value(QStringLiteral("purposes")).toStringList();
        row.numbersAllowed = item.value(QStringLiteral("numbersAllowed")).toBool();
        m_rows.append(row);
    }
    endResetModel();
    emit countChanged();
}

int DestinationModel::rowOf(const QString& code) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).code == code)
            return i;
    return -1;
}

QVariantMap DestinationModel::get(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const Row& r = m_rows.at(row);
    return {{QStringLiteral("code"), r.code},
            {QStringLiteral("name"), r.name},
            {QStringLiteral("kind"), r.kind},
            {QStringLiteral("purposes"), r.purposes},
            {QStringLiteral("numbersAllowed"), r.numbersAllowed}};
}

} // namespace mamori::ui
