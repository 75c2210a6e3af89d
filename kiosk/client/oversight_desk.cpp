// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/oversight_desk.h"

#include "kiosk/client/vault_client.h"
#include "kiosk/client/vault_error.h"

#include <QCoreApplication>

namespace mamori::ui {

namespace {

QByteArrayList approvalKeys()
{
    return {"kind",        "requestId", "subjectCode", "department", "operation",
            "destination", "purpose",   "subjects",    "requestedMs"};
}

QByteArrayList cardKeys()
{
    return {"cardId", "userId", "displayName", "roles", "departments", "enrolledMs", "revoked", "revokedMs"};
}

} // namespace

OversightDesk::OversightDesk(VaultClient* vault, QObject* parent)
    : QObject(parent), m_vault(vault), m_log(vault), m_alerts(vault), m_approvals(approvalKeys()), m_cards(cardKeys())
{}

void OversightDesk::begin(const QStringList& roles)
{
    const bool officer = roles.contains(QStringLiteral("officer"));
    const bool admin = roles.contains(QStringLiteral("admin"));
    if (officer)
        refreshApprovals();
    if (officer || admin) {
        m_log.reload();
        refreshCards();
    }
    if (admin) {
        m_alerts.setAction(QStringLiteral("alert"));
        m_alerts.reload();
        refreshDevice();
    }
}

void OversightDesk::clear()
{
    ++m_generation;
    m_log.clear();
    m_alerts.clear();
    m_approvals.clear();
    m_cards.clear();
    m_chain.clear();
    emit chainChanged();
    m_device.clear();
    emit deviceChanged();
    if (m_busy != 0) {
        m_busy = 0;
        emit busyChanged();
    }
    setError(0);
}

void OversightDesk::call(const QString& method, const QVariantList& arguments,
                         std::function<void(const QVariantList&)> done)
{
    if (!m_vault)
        return;
    if (m_busy++ == 0)
        emit busyChanged();
    const quint64 generation = m_generation;
    m_vault->call(method, arguments, this, [this, generation, done = std::move(done)](const VaultReply& reply) {
        if (generation != m_generation)
            return;
        if (--m_busy == 0)
            emit busyChanged();
        if (!reply.ok()) {
            setError(reply.error);
            if (reply.error == static_cast<int>(errorNumber(ErrorCode::PermissionDenied)))
                emit permissionDenied();
            return;
        }
        done(reply.arguments);
    });
}

void OversightDesk::refreshApprovals()
{
    // Two lists, merged when both have answered: disposals first (older acts), then exports.
    auto disposals = std::make_shared<QVector<QVariantMap>>();
    auto exports = std::make_shared<QVector<QVariantMap>>();
    auto answered = std::make_shared<int>(0);
    auto publish = [this, disposals, exports, answered] {
        if (++*answered < 2)
            return;
        m_approvals.setRecords(*disposals + *exports);
    };
    call(QStringLiteral("DueList"), {}, [disposals, publish](const QVariantList& arguments) {
        for (const QVariant& value : VaultClient::listOf(arguments.value(0))) {
            const QVariantMap item = VaultClient::mapOf(value);
            const qlonglong request = item.value(QStringLiteral("pendingRequest")).toLongLong();
            if (request <= 0)
                continue;
            disposals->append({{QStringLiteral("kind"), QStringLiteral("disposal")},
                               {QStringLiteral("requestId"), request},
                               {QStringLiteral("subjectCode"), item.value(QStringLiteral("code"))},
                               {QStringLiteral("department"), item.value(QStringLiteral("department"))}});
        }
        publish();
    });
    call(QStringLiteral("ExportRequests"), {}, [exports, publish](const QVariantList& arguments) {
        for (const QVariant& value : VaultClient::listOf(arguments.value(0))) {
            const QVariantMap item = VaultClient::mapOf(value);
            if (item.value(QStringLiteral("status")).toString() != QLatin1String("pending"))
                continue;
            exports->append({{QStringLiteral("kind"), QStringLiteral("export")},
                             {QStringLiteral("requestId"), item.value(QStringLiteral("id"))},
                             {QStringLiteral("operation"), item.value(QStringLiteral("operation"))},
                             {QStringLiteral("destination"), item.value(QStringLiteral("destination"))},
                             {QStringLiteral("purpose"), item.value(QStringLiteral("purpose"))},
                             {QStringLiteral("subjects"), item.value(QStringLiteral("subjects"))},
                             {QStringLiteral("requestedMs"), item.value(QStringLiteral("requestedMs"))}});
        }
        publish();
    });
}

void OversightDesk::approve(const QString& kind, qlonglong requestId)
{
    const bool disposal = kind == QLatin1String("disposal");
    if ((!disposal && kind != QLatin1String("export")) || requestId <= 0 || !m_stepUp || !m_vault)
        return;
    setError(0);
    const quint64 generation = m_generation;
    m_stepUp(disposal ? QStringLiteral("approve_disposal") : QStringLiteral("approve_export"),
             {{QStringLiteral("request"), requestId}},
             [this, generation, disposal, kind, requestId](const QByteArray& nonce, const QByteArray& signature,
                                                           StepUpDone done) {
                 if (generation != m_generation || !m_vault)
                     return;
                 m_vault->call(disposal ? QStringLiteral("ApproveDisposal") : QStringLiteral("ApproveExport"),
                               {requestId, nonce, signature}, this,
                               [this, generation, kind, requestId, done](const VaultReply& reply) {
                                   if (generation != m_generation)
                                       return;
                                   done(reply.error);
                                   if (!reply.ok())
                                       return;
                                   emit approved(kind, requestId);
                                   refreshApprovals();
                                   m_log.reload();
                               });
             });
}

void OversightDesk::refreshCards()
{
    call(QStringLiteral("ListCards"), {}, [this](const QVariantList& arguments) {
        QVector<QVariantMap> cards;
        for (const QVariant& value : VaultClient::listOf(arguments.value(0)))
            cards.append(VaultClient::mapOf(value));
        m_cards.setRecords(cards);
    });
}

void OversightDesk::revokeCard(const QString& cardId)
{
    if (cardId.size() != 64)
        return;
    setError(0);
    call(QStringLiteral("RevokeCard"), {cardId}, [this, cardId](const QVariantList&) {
        emit revoked(cardId);
        refreshCards();
        m_log.reload();
    });
}

void OversightDesk::verifyChain()
{
    setError(0);
    call(QStringLiteral("VerifyAudit"), {}, [this](const QVariantList& arguments) {
        m_chain = VaultClient::mapOf(arguments.value(0));
        emit chainChanged();
        if (m_chain.contains(QStringLiteral("newestCounter")))
            setDeviceValue(QStringLiteral("tpmCounter"), m_chain.value(QStringLiteral("newestCounter")));
    });
}

void OversightDesk::refreshDevice()
{
    setDeviceValue(QStringLiteral("version"), QCoreApplication::applicationVersion());
    call(QStringLiteral("Status"), {}, [this](const QVariantList& arguments) {
        const QVariantMap status = VaultClient::mapOf(arguments.value(0));
        setDeviceValue(QStringLiteral("deviceId"), status.value(QStringLiteral("deviceId")));
        setDeviceValue(QStringLiteral("auditHead"), status.value(QStringLiteral("auditHead")));
        // The vault answers only while its key is unsealed: the TPM did its part at start.
        setDeviceValue(QStringLiteral("vaultOpen"), true);
    });
    newestEntry(QStringLiteral("backup"), QStringLiteral("lastBackup"));
    newestEntry(QStringLiteral("provide"), QStringLiteral("lastDelivery"));
    verifyChain();
}

// The newest entry of an action as the device's state shows it: when, and the outcome.
void OversightDesk::newestEntry(const QString& action, const QString& key)
{
    const QVariantMap query{{QStringLiteral("action"), action}, {QStringLiteral("limit"), 1}};
    call(QStringLiteral("QueryAudit"), {query}, [this, key](const QVariantList& arguments) {
        const QVariantList rows =
            VaultClient::listOf(VaultClient::mapOf(arguments.value(0)).value(QStringLiteral("rows")));
        if (rows.isEmpty()) {
            setDeviceValue(key, QVariantMap());
            return;
        }
        const QVariantMap row = VaultClient::mapOf(rows.first());
        setDeviceValue(key, QVariantMap{{QStringLiteral("timeMs"), row.value(QStringLiteral("timeMs"))},
                                        {QStringLiteral("result"), row.value(QStringLiteral("result"))},
                                        {QStringLiteral("detail"), row.value(QStringLiteral("detail"))}});
    });
}

void OversightDesk::setDeviceValue(const QString& key, const QVariant& value)
{
    m_device.insert(key, value);
    emit deviceChanged();
}

void OversightDesk::setError(int error)
{
    if (error == m_error)
        return;
    m_error = error;
    emit errorChanged();
}

} // namespace mamori::ui
