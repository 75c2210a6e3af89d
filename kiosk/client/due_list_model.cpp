// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/due_list_model.h"

#include "kiosk/client/vault_client.h"

#include <algorithm>

namespace mamori::ui {

int DueListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant DueListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case CodeRole:
        return row.code;
    case IdRole:
        return row.id;
    case KindRole:
        return row.kind;
    case DepartmentRole:
        return row.department;
    case DueRole:
        return row.due;
    case BlockedByRole:
        return row.blockedBy;
    case RequestRole:
        return row.request;
    default:
        return {};
    }
}

QHash<int, QByteArray> DueListModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"}, {IdRole, "subjectId"},          {CodeRole, "code"},
            {KindRole, "kind"},           {DepartmentRole, "department"}, {DueRole, "due"},
            {BlockedByRole, "blockedBy"}, {RequestRole, "requestId"}};
}

int DueListModel::dueCount() const
{
    return static_cast<int>(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row& row) { return row.due; }));
}

void DueListModel::setItems(const QVariantList& items)
{
    if (m_rows.isEmpty() && items.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    for (const QVariant& entry : items) {
        const QVariantMap item = VaultClient::mapOf(entry);
        Row row;
        row.id = item.value(QStringLiteral("id")).toString();
        row.code = item.value(QStringLiteral("code")).toString();
        row.kind = item.value(QStringLiteral("kind")).toString();
        row.department = item.value(QStringLiteral("department")).toString();
        row.due = item.value(QStringLiteral("due")).toBool();
        row.blockedBy = item.value(QStringLiteral("blockedBy")).toString();
        row.request = item.value(QStringLiteral("pendingRequest")).toLongLong();
        m_rows.append(row);
    }
    endResetModel();
    emit countChanged();
}

int DueListModel::rowOf(const QString& subjectId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == subjectId)
            return i;
    return -1;
}

QVariantMap DueListModel::get(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    QVariantMap map;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        map.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return map;
}

} // namespace mamori::ui
