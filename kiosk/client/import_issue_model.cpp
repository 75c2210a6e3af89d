// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/import_issue_model.h"

#include "kiosk/client/vault_client.h"
#include "services/common/error.h"

#include <QHash>
#include <QSet>

namespace mamori::ui {

int ImportIssueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ImportIssueModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case LineRole:
        return row.line;
    case ColumnRole:
        return row.column;
    case ErrorRole:
        return row.error;
    case DetailRole:
        return row.detail;
    default:
        return {};
    }
}

QHash<int, QByteArray> ImportIssueModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},
            {LineRole, "line"},
            {ColumnRole, "column"},
            {ErrorRole, "error"},
            {DetailRole, "detail"}};
}

int ImportIssueModel::errorNumberOfName(const QString& name)
{
    static const QHash<QString, int> numbers = [] {
        QHash<QString, int> byName;
        for (int value = 1; value < 1000; ++value) {
            const auto code = static_cast<ErrorCode>(value);
            if (!hasErrorText(code))
                continue;
            const std::string_view text = errorName(code);
            byName.insert(QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size())), value);
        }
        return byName;
    }();
    return numbers.value(name, static_cast<int>(ErrorCode::Internal));
}

void ImportIssueModel::setIssues(const QVariantList& issues)
{
    if (m_rows.isEmpty() && issues.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    QSet<qlonglong> lines;
    for (const QVariant& entry : issues) {
        const QVariantMap issue = VaultClient::mapOf(entry);
        Row row;
        row.line = issue.value(QStringLiteral("row")).toLongLong();
        row.column = issue.value(QStringLiteral("column")).toString();
        row.error = errorNumberOfName(issue.value(QStringLiteral("error")).toString());
        row.detail = issue.value(QStringLiteral("detail")).toString();
        lines.insert(row.line);
        m_rows.append(row);
    }
    m_rowsWithIssues = static_cast<int>(lines.size());
    endResetModel();
    emit countChanged();
}

} // namespace mamori::ui
