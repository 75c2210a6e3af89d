// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/document_model.h"

#include "kiosk/client/vault_client.h"

namespace mamori::ui {

int DocumentModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant DocumentModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case RuleCodeRole:
        return row.ruleCode;
    case IdRole:
        return row.id;
    case TaxYearRole:
        return row.taxYear;
    case DeadlineRole:
        return row.deadline;
    case FiledRole:
        return row.filed;
    case CompletedRole:
        return row.completed;
    default:
        return {};
    }
}

QHash<int, QByteArray> DocumentModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"}, {IdRole, "documentId"}, {RuleCodeRole, "ruleCode"},  {TaxYearRole, "taxYear"},
            {DeadlineRole, "deadline"},   {FiledRole, "filed"},   {CompletedRole, "completed"}};
}

void DocumentModel::setRecords(const QVariantList& records)
{
    if (m_rows.isEmpty() && records.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    for (const QVariant& entry : records) {
        const QVariantMap record = VaultClient::mapOf(entry);
        Row row;
        row.id = record.value(QStringLiteral("id")).toLongLong();
        row.ruleCode = record.value(QStringLiteral("ruleCode")).toString();
        row.taxYear = record.value(QStringLiteral("taxYear")).toInt();
        row.deadline = record.value(QStringLiteral("deadline")).toString();
        row.filed = record.value(QStringLiteral("filed")).toString();
        row.completed = record.value(QStringLiteral("completed")).toString();
        m_rows.append(row);
    }
    endResetModel();
    emit countChanged();
}

} // namespace mamori::ui
