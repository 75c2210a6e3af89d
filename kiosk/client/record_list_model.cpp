// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/record_list_model.h"

namespace mamori::ui {

RecordListModel::RecordListModel(QByteArrayList keys, QObject* parent)
    : QAbstractListModel(parent), m_keys(std::move(keys))
{}

int RecordListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant RecordListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int key = role == Qt::DisplayRole ? 0 : role - Qt::UserRole - 1;
    if (key < 0 || key >= m_keys.size())
        return {};
    return m_rows.at(index.row()).value(QString::fromLatin1(m_keys.at(key)));
}

QHash<int, QByteArray> RecordListModel::roleNames() const
{
    QHash<int, QByteArray> names{{Qt::DisplayRole, "display"}};
    for (int i = 0; i < m_keys.size(); ++i)
        names.insert(Qt::UserRole + 1 + i, m_keys.at(i));
    return names;
}

void RecordListModel::setRecords(const QVector<QVariantMap>& records)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(records.size());
    for (const QVariantMap& record : records) {
        QVariantMap kept;
        for (const QByteArray& key : m_keys) {
            const QString name = QString::fromLatin1(key);
            if (record.contains(name))
                kept.insert(name, record.value(name));
        }
        m_rows.append(kept);
    }
    endResetModel();
    emit countChanged();
}

void RecordListModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    emit countChanged();
}

QVariantMap RecordListModel::get(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : QVariantMap();
}

} // namespace mamori::ui
