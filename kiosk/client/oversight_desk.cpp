// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/oversight_desk.h"

#include "kiosk/client/certificate_file.h"
#include "kiosk/client/vault_client.h"
#include "kiosk/client/vault_error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <map>

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

int number(ErrorCode code) { return static_cast<int>(errorNumber(code)); }

} // namespace

OversightDesk::OversightDesk(VaultClient* vault, QObject* parent)
    : QObject(parent), m_vault(vault), m_log(vault), m_alerts(vault), m_approvals(approvalKeys()), m_cards(cardKeys()),
      m_backup(vault)
{
    connect(&m_backup, &BackupJob::permissionDenied, this, &OversightDesk::permissionDenied);
    connect(&m_backup, &BackupJob::finished, this, [this](bool backedUp) {
        if (!backedUp)
            return;   // a refusal: nothing new to show (and a clerk's session may not read the log)
        readStatus(); // the log's head moved
        newestEntry(QStringLiteral("backup"), QStringLiteral("lastBackup"));
        m_log.reload();
    });
}

void OversightDesk::begin(const QStringList& roles, const QVariantMap& departmentNames)
{
    m_departmentNames = departmentNames;
    updateDepartmentChoices();
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
    m_backup.clear();
    m_chain.clear();
    emit chainChanged();
    m_device.clear();
    emit deviceChanged();
    m_cardRecords.clear();
    m_departmentNames.clear();
    updateDepartmentChoices();
    setEnrolling(false);
    cancelEnrolment();
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
        m_cardRecords = cards;
        updateDepartmentChoices();
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
    readStatus();
    newestEntry(QStringLiteral("backup"), QStringLiteral("lastBackup"));
    newestEntry(QStringLiteral("provide"), QStringLiteral("lastDelivery"));
    verifyChain();
}

void OversightDesk::readStatus()
{
    call(QStringLiteral("Status"), {}, [this](const QVariantList& arguments) {
        const QVariantMap status = VaultClient::mapOf(arguments.value(0));
        setDeviceValue(QStringLiteral("deviceId"), status.value(QStringLiteral("deviceId")));
        m_backup.setDeviceId(status.value(QStringLiteral("deviceId")).toString());
        setDeviceValue(QStringLiteral("auditHead"), status.value(QStringLiteral("auditHead")));
        // The vault answers only while its key is unsealed: the TPM did its part at start.
        setDeviceValue(QStringLiteral("vaultOpen"), true);
    });
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

// --- enrolment from a certificate file on the medium ---

QStringList OversightDesk::enrolRoles()
{
    return {QStringLiteral("clerk"), QStringLiteral("officer"), QStringLiteral("admin")};
}

void OversightDesk::setMediaDirectory(const QString& directory)
{
    if (directory == m_mediaDirectory)
        return;
    m_mediaDirectory = directory;
    m_backup.setMediaDirectory(directory);
    emit mediaDirectoryChanged();
    refreshCertificateFiles();
}

void OversightDesk::refreshCertificateFiles()
{
    QStringList files;
    const QDir directory(m_mediaDirectory);
    const bool present = !m_mediaDirectory.isEmpty() && directory.exists();
    if (present) {
        static const QStringList kPatterns{QStringLiteral("*.der"), QStringLiteral("*.pem"), QStringLiteral("*.crt"),
                                           QStringLiteral("*.cer")};
        QDir filtered(directory);
        filtered.setNameFilters(kPatterns);
        filtered.setFilter(QDir::Files | QDir::NoSymLinks | QDir::Readable);
        filtered.setSorting(QDir::Name | QDir::IgnoreCase);
        // Name filters match case-insensitively on QDir: CERT.PEM is listed too.
        for (const QFileInfo& entry : filtered.entryInfoList())
            if (!entry.fileName().startsWith(u'.') && entry.size() <= kMaxCertificateFileBytes)
                files << entry.fileName();
    }
    if (files == m_certificateFiles && present == m_mediumPresent)
        return;
    m_certificateFiles = files;
    m_mediumPresent = present;
    emit certificateFilesChanged();
}

bool OversightDesk::chooseCertificate(const QString& fileName)
{
    if (m_enrolling)
        return false;
    cancelEnrolment();
    refreshCertificateFiles();
    // Only a name the listing offered: no path, no link, nothing outside the medium.
    if (fileName.isEmpty() || fileName.contains(u'/') || !m_certificateFiles.contains(fileName)) {
        setEnrolError(number(ErrorCode::NotFound));
        return false;
    }
    CertificateSummary summary;
    const int error = readCertificateFile(QDir(m_mediaDirectory).filePath(fileName), summary);
    if (error != 0) {
        setEnrolError(error);
        return false;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_candidateDer = summary.der;
    m_candidate = {{QStringLiteral("fileName"), fileName},
                   {QStringLiteral("cardId"), summary.cardId},
                   {QStringLiteral("commonName"), summary.commonName},
                   {QStringLiteral("notBeforeMs"), summary.notBefore.toMSecsSinceEpoch()},
                   {QStringLiteral("notAfterMs"), summary.notAfter.toMSecsSinceEpoch()},
                   {QStringLiteral("expired"), summary.notAfter.isValid() && summary.notAfter < now},
                   {QStringLiteral("notYetValid"), summary.notBefore.isValid() && summary.notBefore > now}};
    const QString holder = holderOf(m_cardRecords, summary.cardId);
    if (!holder.isNull())
        m_candidate.insert(QStringLiteral("enrolledTo"), holder);
    emit candidateChanged();
    if (!holder.isNull()) {
        setEnrolError(number(ErrorCode::AlreadyExists));
        return false;
    }
    return true;
}

void OversightDesk::cancelEnrolment()
{
    if (m_enrolling)
        return;
    m_candidateDer.clear();
    if (!m_candidate.isEmpty()) {
        m_candidate.clear();
        emit candidateChanged();
    }
    setEnrolError(0);
}

void OversightDesk::enrolCard(const QString& displayName, const QStringList& roles, const QStringList& departments)
{
    if (!m_vault || m_enrolling)
        return;
    if (m_candidate.isEmpty() || m_candidateDer.isEmpty()) {
        setEnrolError(number(ErrorCode::NotFound));
        return;
    }
    if (m_candidate.contains(QStringLiteral("enrolledTo"))) {
        setEnrolError(number(ErrorCode::AlreadyExists));
        return;
    }
    const QString name = displayName.trimmed();
    const QStringList allowed = enrolRoles();
    QStringList roleList;
    for (const QString& role : roles)
        if (!roleList.contains(role))
            roleList << role;
    QStringList departmentList;
    for (const QString& department : departments)
        if (!department.trimmed().isEmpty() && !departmentList.contains(department.trimmed()))
            departmentList << department.trimmed();
    const bool rolesValid =
        !roleList.isEmpty() &&
        std::all_of(roleList.begin(), roleList.end(), [&](const QString& role) { return allowed.contains(role); });
    if (name.isEmpty() || name.toUtf8().size() > 128 || !rolesValid) {
        setEnrolError(number(ErrorCode::InvalidArgument));
        return;
    }
    setEnrolError(0);
    setEnrolling(true);
    const quint64 generation = m_generation;
    const QString cardId = m_candidate.value(QStringLiteral("cardId")).toString();
    const QByteArray der = m_candidateDer;
    // Each step: a refusal ends the enrolment with its number; a lock (generation) drops it.
    auto step = [this, generation](const QString& method, const QVariantList& arguments,
                                   std::function<void(const QVariantList&)> next) {
        m_vault->call(method, arguments, this, [this, generation, next = std::move(next)](const VaultReply& reply) {
            if (generation != m_generation)
                return;
            if (!reply.ok()) {
                setEnrolling(false);
                setEnrolError(reply.error);
                if (reply.error == number(ErrorCode::PermissionDenied))
                    emit permissionDenied();
                return;
            }
            next(reply.arguments);
        });
    };
    // The cards as the vault has them now: a card enrolled since the list was read (or revoked:
    // never enrolled again) is refused before a user is created for it.
    step(QStringLiteral("ListCards"), {},
         [this, step, cardId, der, name, roleList, departmentList](const QVariantList& listed) {
             QVector<QVariantMap> cards;
             for (const QVariant& value : VaultClient::listOf(listed.value(0)))
                 cards.append(VaultClient::mapOf(value));
             const QString holder = holderOf(cards, cardId);
             if (!holder.isNull()) {
                 m_candidate.insert(QStringLiteral("enrolledTo"), holder);
                 emit candidateChanged();
                 setEnrolling(false);
                 setEnrolError(number(ErrorCode::AlreadyExists));
                 return;
             }
             step(QStringLiteral("CreateUser"), {name, roleList, departmentList},
                  [this, step, cardId, der](const QVariantList& created) {
                      const qlonglong userId = created.value(0).toLongLong();
                      step(QStringLiteral("EnrolCard"), {userId, der}, [this, cardId, userId](const QVariantList&) {
                          setEnrolling(false);
                          m_candidateDer.clear();
                          m_candidate.clear();
                          emit candidateChanged();
                          emit enrolled(cardId, userId);
                          refreshCards();
                          m_log.reload();
                      });
                  });
         });
}

QString OversightDesk::holderOf(const QVector<QVariantMap>& cards, const QString& cardId)
{
    for (const QVariantMap& card : cards)
        if (card.value(QStringLiteral("cardId")).toString().compare(cardId, Qt::CaseInsensitive) == 0) {
            const QString name = card.value(QStringLiteral("displayName")).toString();
            return name.isNull() ? QStringLiteral("") : name;
        }
    return QString();
}

void OversightDesk::updateDepartmentChoices()
{
    std::map<QString, QString> names; // code → name, ordered by code
    for (auto it = m_departmentNames.cbegin(); it != m_departmentNames.cend(); ++it)
        names[it.key()] = it.value().toString();
    for (const QVariantMap& card : m_cardRecords)
        for (const QString& code : card.value(QStringLiteral("departments")).toStringList())
            names.emplace(code, QString());
    QVariantList choices;
    for (const auto& [code, name] : names)
        choices.append(QVariantMap{{QStringLiteral("code"), code}, {QStringLiteral("name"), name}});
    if (choices == m_departmentChoices)
        return;
    m_departmentChoices = choices;
    emit departmentChoicesChanged();
}

void OversightDesk::setEnrolling(bool enrolling)
{
    if (enrolling == m_enrolling)
        return;
    m_enrolling = enrolling;
    emit enrollingChanged();
}

void OversightDesk::setEnrolError(int error)
{
    if (error == m_enrolError)
        return;
    m_enrolError = error;
    emit enrolErrorChanged();
}

void OversightDesk::setError(int error)
{
    if (error == m_error)
        return;
    m_error = error;
    emit errorChanged();
}

} // namespace mamori::ui
