// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/audit_log_model.h"

#include "kiosk/client/vault_client.h"

#include <QDateTime>
#include <QTimeZone>

namespace mamori::ui {

AuditLogModel::AuditLogModel(VaultClient* vault, QObject* parent) : QAbstractListModel(parent), m_vault(vault) {}

int AuditLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant AuditLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case ActionRole:
        return row.action;
    case SequenceRole:
        return row.sequence;
    case TimeMsRole:
        return row.timeMs;
    case ActorNameRole:
        return row.actorName;
    case ActorRole:
        return row.actor;
    case ActorRoleRole:
        return row.role;
    case SubjectCodeRole:
        return row.subjectCode;
    case PurposeRole:
        return row.purpose;
    case ResultRole:
        return row.result;
    case DetailRole:
        return row.detail;
    case SignedRole:
        return row.signedByCard;
    case SecondSignerRole:
        return row.secondSigner;
    default:
        return {};
    }
}

QHash<int, QByteArray> AuditLogModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},
            {SequenceRole, "sequence"},
            {TimeMsRole, "timeMs"},
            {ActorNameRole, "actorName"},
            {ActorRole, "actor"},
            {ActorRoleRole, "actorRole"},
            {ActionRole, "action"},
            {SubjectCodeRole, "subjectCode"},
            {PurposeRole, "purpose"},
            {ResultRole, "result"},
            {DetailRole, "detail"},
            {SignedRole, "signedByCard"},
            {SecondSignerRole, "secondSigner"}};
}

bool AuditLogModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_active && !m_loading && m_error == 0 && m_more;
}

void AuditLogModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        requestPage();
}

// Each setter reloads an active model at once: the filter is what the screen shows.
void AuditLogModel::setUserId(qlonglong userId)
{
    if (userId == m_userId || userId < 0)
        return;
    m_userId = userId;
    emit queryChanged();
    if (m_active)
        reload();
}

void AuditLogModel::setAction(const QString& action)
{
    if (action == m_action)
        return;
    m_action = action;
    emit queryChanged();
    if (m_active)
        reload();
}

void AuditLogModel::setSubjectCode(const QString& code)
{
    const QString trimmed = code.normalized(QString::NormalizationForm_KC).trimmed();
    if (trimmed == m_subjectCode)
        return;
    m_subjectCode = trimmed;
    emit queryChanged();
    if (m_active)
        reload();
}

void AuditLogModel::setFromDate(const QDate& date)
{
    if (date == m_from)
        return;
    m_from = date;
    emit queryChanged();
    if (m_active)
        reload();
}

void AuditLogModel::setToDate(const QDate& date)
{
    if (date == m_to)
        return;
    m_to = date;
    emit queryChanged();
    if (m_active)
        reload();
}

QVariantMap AuditLogModel::query() const
{
    QVariantMap query{{QStringLiteral("limit"), m_pageSize}};
    if (m_userId > 0)
        query.insert(QStringLiteral("userId"), m_userId);
    if (!m_action.isEmpty())
        query.insert(QStringLiteral("action"), m_action);
    if (!m_subjectCode.isEmpty())
        query.insert(QStringLiteral("subjectCode"), m_subjectCode);
    // A period is whole local days: from the start of the first to the end of the last.
    if (m_from.isValid())
        query.insert(QStringLiteral("fromMs"), m_from.startOfDay().toMSecsSinceEpoch());
    if (m_to.isValid())
        query.insert(QStringLiteral("toMs"), m_to.addDays(1).startOfDay().toMSecsSinceEpoch() - 1);
    if (!m_rows.isEmpty())
        query.insert(QStringLiteral("beforeSequence"), QVariant::fromValue<qulonglong>(m_rows.constLast().sequence));
    return query;
}

void AuditLogModel::reload()
{
    ++m_generation;
    m_active = false;
    if (!m_rows.isEmpty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
        emit countChanged();
    }
    m_more = false;
    setError(0);
    setLoading(false);
    m_active = true;
    requestPage();
}

void AuditLogModel::clear()
{
    ++m_generation;
    m_active = false;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    emit countChanged();
    m_userId = 0;
    m_action.clear();
    m_subjectCode.clear();
    m_from = {};
    m_to = {};
    emit queryChanged();
    m_more = false;
    m_head = m_checkpoint = 0;
    m_checkpointMs = 0;
    emit chainChanged();
    setError(0);
    setLoading(false);
}

QVariantMap AuditLogModel::get(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    QVariantMap map;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        map.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return map;
}

QStringList AuditLogModel::actions()
{
    // services/vault/audit_entry.h's list, in the order a reviewer looks for them.
    return {QStringLiteral("reveal"),
            QStringLiteral("export"),
            QStringLiteral("provide"),
            QStringLiteral("register"),
            QStringLiteral("edit"),
            QStringLiteral("import"),
            QStringLiteral("view"),
            QStringLiteral("list"),
            QStringLiteral("search"),
            QStringLiteral("login"),
            QStringLiteral("login_failed"),
            QStringLiteral("logout"),
            QStringLiteral("lock"),
            QStringLiteral("disposal_request"),
            QStringLiteral("disposal_approve"),
            QStringLiteral("disposal_execute"),
            QStringLiteral("export_request"),
            QStringLiteral("export_approve"),
            QStringLiteral("backup"),
            QStringLiteral("restore"),
            QStringLiteral("enrol"),
            QStringLiteral("revoke"),
            QStringLiteral("config"),
            QStringLiteral("maintenance"),
            QStringLiteral("alert"),
            QStringLiteral("log_export"),
            QStringLiteral("checkpoint"),
            QStringLiteral("startup"),
            QStringLiteral("provision")};
}

void AuditLogModel::requestPage()
{
    if (!m_vault)
        return;
    setLoading(true);
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("QueryAudit"), {query()}, this, [this, generation](const VaultReply& reply) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (!reply.ok()) {
            setError(reply.error);
            return;
        }
        const QVariantMap page = VaultClient::mapOf(reply.first());
        const QVariantList items = VaultClient::listOf(page.value(QStringLiteral("rows")));
        QVector<Row> rows;
        rows.reserve(items.size());
        for (const QVariant& value : items) {
            const QVariantMap item = VaultClient::mapOf(value);
            Row row;
            row.sequence = item.value(QStringLiteral("sequence")).toULongLong();
            row.timeMs = item.value(QStringLiteral("timeMs")).toLongLong();
            row.actorName = item.value(QStringLiteral("actorName")).toString();
            row.actor = item.value(QStringLiteral("actor")).toString();
            row.role = item.value(QStringLiteral("role")).toString();
            row.action = item.value(QStringLiteral("action")).toString();
            row.subjectCode = item.value(QStringLiteral("subjectCode")).toString();
            row.purpose = item.value(QStringLiteral("purpose")).toString();
            row.result = item.value(QStringLiteral("result")).toString();
            row.detail = item.value(QStringLiteral("detail")).toString();
            row.signedByCard = item.value(QStringLiteral("signedByCard")).toBool();
            row.secondSigner = item.value(QStringLiteral("secondSigner")).toBool();
            rows.append(row);
        }
        if (!rows.isEmpty()) {
            beginInsertRows({}, static_cast<int>(m_rows.size()), static_cast<int>(m_rows.size() + rows.size() - 1));
            m_rows.append(rows);
            endInsertRows();
            emit countChanged();
        }
        m_more = page.value(QStringLiteral("more")).toBool() && !rows.isEmpty();
        m_head = page.value(QStringLiteral("headSequence")).toULongLong();
        m_checkpoint = page.value(QStringLiteral("checkpointSequence")).toULongLong();
        m_checkpointMs = page.value(QStringLiteral("checkpointMs")).toLongLong();
        emit chainChanged();
    });
}

void AuditLogModel::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    emit loadingChanged();
}

void AuditLogModel::setError(int error)
{
    if (error == m_error)
        return;
    m_error = error;
    emit errorChanged();
}

} // namespace mamori::ui
