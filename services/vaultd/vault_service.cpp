// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vaultd/vault_service.h"

#include "services/vaultd/argument_checks.h"
#include "services/vaultd/dbus_values.h"

#include "services/common/number_validation.h"
#include "services/vault/audit_chain.h"
#include "services/vault/subject_kind.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusServiceWatcher>
#include <QTimer>

#include <sodium.h>

namespace mamori::vaultd {

VaultService::VaultService(VaultHost& host, vault::Clock& clock, std::int64_t idleTimeoutMs,
                           std::filesystem::path outbox, QObject* parent)
    : QObject(parent), m_host(host), m_outbox(std::move(outbox)), m_sessions(clock, idleTimeoutMs),
      m_loginThrottle(clock)
{}

VaultService::~VaultService() = default;

void VaultService::attach(const QDBusConnection& connection)
{
    m_watcher = new QDBusServiceWatcher(this);
    m_watcher->setConnection(connection);
    m_watcher->setWatchMode(QDBusServiceWatcher::WatchForUnregistration);
    connect(m_watcher, &QDBusServiceWatcher::serviceUnregistered, this,
            [this](const QString& name) { endSession(name.toStdString(), "connection_closed"); });
    m_idleTimer = new QTimer(this);
    m_idleTimer->setInterval(1000);
    connect(m_idleTimer, &QTimer::timeout, this, &VaultService::expireIdleSessions);
    m_idleTimer->start();
}

std::string VaultService::caller() const
{
    return calledFromDBus() ? message().service().toStdString() : std::string("in-process");
}

void VaultService::refuse(const Error& error)
{
    if (calledFromDBus())
        sendErrorReply(errorReplyName(error.code()), errorReplyMessage(error.code()));
}

vault::SessionContext* VaultService::sessionOrRefuse()
{
    vault::SessionContext* session = m_sessions.touch(caller());
    if (!session)
        refuse(Error(ErrorCode::PermissionDenied, "no session on this connection"));
    return session;
}

void VaultService::endSession(const std::string& who, std::string_view reason)
{
    const auto ended = m_sessions.close(who);
    if (!ended)
        return;
    if (m_watcher)
        m_watcher->removeWatchedService(QString::fromStdString(who));
    // An audit failure here cannot undo the end: the session is gone either way (fail closed).
    (void)m_host.vault().recordSessionEnd(*ended, reason);
}

void VaultService::expireIdleSessions()
{
    for (auto& [who, session] : m_sessions.expireIdle()) {
        if (m_watcher)
            m_watcher->removeWatchedService(QString::fromStdString(who));
        (void)m_host.vault().recordSessionEnd(session, "idle_timeout");
    }
}

QVariantMap VaultService::Status()
{
    QVariantMap status;
    status.insert(QStringLiteral("deviceId"), text(m_host.vault().deviceId()));
    status.insert(QStringLiteral("auditHead"), QVariant::fromValue<qulonglong>(m_host.vault().auditHeadSequence()));
    status.insert(QStringLiteral("idleTimeoutSeconds"),
                  QVariant::fromValue<qlonglong>(m_sessions.idleTimeoutMs() / 1000));
    const vault::SessionContext* session = m_sessions.peek(caller()); // polling is not activity
    status.insert(QStringLiteral("loggedIn"), session != nullptr);
    // For the standby screen: the newest backup (its audit entry's time and result) and the newest
    // delivery mamori-courier reported (when, and delivered / failed / blocked / refused). Device
    // facts, no personal data; left out when there is none.
    const auto backup = m_host.vault().newestEntryOf("backup");
    const auto delivery = m_host.vault().newestDelivery();
    for (const auto& [newest, prefix] : {std::pair{&backup, "lastBackup"}, std::pair{&delivery, "lastDelivery"}}) {
        if (!newest->ok() || !newest->value())
            continue;
        status.insert(QLatin1String(prefix) + QStringLiteral("Ms"),
                      QVariant::fromValue<qlonglong>(newest->value()->timeMs));
        status.insert(QLatin1String(prefix) + QStringLiteral("Result"), text(newest->value()->result));
    }
    if (session) {
        status.insert(QStringLiteral("roles"), roleNames(session->roles));
        status.insert(QStringLiteral("purpose"), text(session->purpose));
    }
    return status;
}

bool VaultService::throttled()
{
    if (m_loginThrottle.allowed(caller()))
        return false;
    refuse(Error(ErrorCode::ResourceExhausted, "too many refused logins on this connection"));
    return true;
}

QByteArray VaultService::BeginLogin(const QString& cardId)
{
    const auto id = checkCardId(cardId);
    if (refused(id))
        return {};
    if (throttled())
        return {};
    const auto nonce = m_host.vault().beginLogin(id.value());
    if (!nonce.ok()) {
        m_loginThrottle.refused(caller());
        refuse(nonce.error());
        return {};
    }
    return arrayOf(nonce.value());
}

QVariantMap VaultService::CompleteLogin(const QString& cardId, const QByteArray& signature)
{
    const auto id = checkCardId(cardId);
    if (refused(id))
        return {};
    if (refused(checkSignature(signature)))
        return {};
    if (throttled())
        return {};
    auto session = m_host.vault().completeLogin(id.value(), bytesOf(signature));
    if (!session.ok()) {
        m_loginThrottle.refused(caller());
        refuse(session.error());
        return {};
    }
    QVariantMap reply;
    reply.insert(QStringLiteral("userId"), QVariant::fromValue<qlonglong>(session.value().userId));
    reply.insert(QStringLiteral("roles"), roleNames(session.value().roles));
    QStringList departments;
    for (const auto& department : session.value().departments)
        departments << QString::fromStdString(department);
    reply.insert(QStringLiteral("departments"), departments);
    // Names the kiosk shows (the user's own and their departments'); a failure here is not a
    // failed login, the kiosk falls back to codes.
    if (const auto directory = m_host.vault().sessionDirectory(session.value()); directory.ok()) {
        reply.insert(QStringLiteral("displayName"), text(directory.value().displayName));
        QVariantMap names;
        for (const auto& [code, name] : directory.value().departments)
            names.insert(QString::fromStdString(code), text(name));
        reply.insert(QStringLiteral("departmentNames"), names);
    }

    const std::string who = caller();
    if (auto previous = m_sessions.open(who, std::move(session).value()))
        (void)m_host.vault().recordSessionEnd(*previous, "logout");
    if (m_watcher && calledFromDBus())
        m_watcher->addWatchedService(QString::fromStdString(who));
    return reply;
}

void VaultService::Logout()
{
    if (!m_sessions.touch(caller())) {
        refuse(Error(ErrorCode::PermissionDenied, "no session on this connection"));
        return;
    }
    endSession(caller(), "logout");
}

void VaultService::CardRemoved()
{
    if (!m_sessions.touch(caller())) {
        refuse(Error(ErrorCode::PermissionDenied, "no session on this connection"));
        return;
    }
    endSession(caller(), "card_removed");
}

void VaultService::KeepAlive()
{
    (void)sessionOrRefuse(); // touching the session restarts its idle clock
}

QVariantList VaultService::Purposes()
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto purposes = m_host.vault().purposes(*session);
    if (refused(purposes))
        return {};
    QVariantList list;
    for (const vault::PurposeInfo& purpose : purposes.value()) {
        QVariantMap item;
        item.insert(QStringLiteral("code"), QString::fromStdString(purpose.code));
        item.insert(QStringLiteral("name"), text(purpose.nameJa));
        item.insert(QStringLiteral("numbersAllowed"), purpose.numbersAllowed);
        list.append(item);
    }
    return list;
}

void VaultService::SetPurpose(const QString& purpose)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return;
    const auto code = checkPurpose(purpose);
    if (refused(code))
        return;
    session->purpose = code.value();
}

QVariantMap VaultService::ListSubjects(const QVariantMap& query)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto parsed = checkListQuery(query);
    if (refused(parsed))
        return {};
    const auto page = m_host.vault().listSubjects(*session, parsed.value());
    if (refused(page))
        return {};
    QVariantList items;
    for (const vault::SubjectSummary& subject : page.value().items) {
        QVariantMap item;
        item.insert(QStringLiteral("id"), QString::fromStdString(subject.id.hex()));
        item.insert(QStringLiteral("code"), QString::fromStdString(subject.code));
        item.insert(QStringLiteral("kind"), text(vault::subjectKindName(subject.kind)));
        item.insert(QStringLiteral("department"), QString::fromStdString(subject.department));
        item.insert(QStringLiteral("status"), text(vault::subjectStatusName(subject.status)));
        item.insert(QStringLiteral("hasNumber"), subject.hasNumber);
        item.insert(QStringLiteral("hasVerification"), subject.hasVerification);
        item.insert(QStringLiteral("name"), text(subject.name.view()));
        item.insert(QStringLiteral("nameKana"), text(subject.nameKana.view()));
        item.insert(QStringLiteral("parent"),
                    subject.parent ? QString::fromStdString(subject.parent->hex()) : QString());
        items.append(item);
    }
    QVariantMap reply;
    reply.insert(QStringLiteral("total"), QVariant::fromValue<qlonglong>(page.value().total));
    reply.insert(QStringLiteral("items"), items);
    return reply;
}

QString VaultService::RevealNumber(const QString& subjectId, const QByteArray& nonce, const QByteArray& signature)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto id = checkSubjectId(subjectId);
    if (refused(id))
        return {};
    if (refused(checkStepUp(nonce, signature)))
        return {};
    const auto number =
        m_host.vault().revealNumber(*session, id.value(), vault::StepUpProof{bytesOf(nonce), bytesOf(signature)});
    if (refused(number))
        return {};
    const auto digits = number.value().digits();
    return QString::fromLatin1(digits.data(), static_cast<qsizetype>(digits.size()));
}

QString VaultService::RegisterSubject(const QVariantMap& subject)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto parsed = checkNewSubject(subject);
    if (refused(parsed))
        return {};
    const auto id = m_host.vault().registerSubject(*session, parsed.value());
    if (refused(id))
        return {};
    return QString::fromStdString(id.value().hex());
}

void VaultService::NotifyPurpose(const QString& subjectId, const QString& purpose, const QString& notifiedOn)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return;
    const auto id = checkSubjectId(subjectId);
    const auto code = checkPurpose(purpose);
    const auto date = checkDate(notifiedOn);
    if (refused(id) || refused(code) || refused(date))
        return;
    (void)refused(m_host.vault().notifyPurpose(*session, id.value(), code.value(), date.value()));
}

void VaultService::SetNumber(const QString& subjectId, const QString& typed)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return;
    const auto id = checkSubjectId(subjectId);
    if (refused(id))
        return;
    // The vault parses and normalises the typed text (full-width digits, hyphens); only its size here.
    QByteArray utf8 = typed.toUtf8();
    if (utf8.size() > static_cast<qsizetype>(kMaxNumberInputBytes)) {
        sodium_memzero(utf8.data(), static_cast<std::size_t>(utf8.size()));
        refuse(Error(ErrorCode::IndividualNumberLength, "typed number too long"));
        return;
    }
    const mamori::Status stored = m_host.vault().setNumber(
        *session, id.value(), std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
    sodium_memzero(utf8.data(), static_cast<std::size_t>(utf8.size()));
    (void)refused(stored);
}

void VaultService::RecordVerification(const QString& subjectId, const QString& method, const QString& documents)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return;
    const auto id = checkSubjectId(subjectId);
    const auto how = checkText(method, 64, "method");
    const auto what = checkText(documents, 256, "documents");
    if (refused(id) || refused(how) || refused(what))
        return;
    (void)refused(m_host.vault().recordVerification(*session, id.value(), how.value(), what.value()));
}

QVariantMap VaultService::ViewSubject(const QString& subjectId)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto id = checkSubjectId(subjectId);
    if (refused(id))
        return {};
    const auto detail = m_host.vault().viewSubject(*session, id.value());
    if (refused(detail))
        return {};
    const vault::SubjectSummary& summary = detail.value().summary;
    QVariantMap reply;
    reply.insert(QStringLiteral("id"), QString::fromStdString(summary.id.hex()));
    reply.insert(QStringLiteral("code"), QString::fromStdString(summary.code));
    reply.insert(QStringLiteral("kind"), text(vault::subjectKindName(summary.kind)));
    reply.insert(QStringLiteral("department"), QString::fromStdString(summary.department));
    reply.insert(QStringLiteral("status"), text(vault::subjectStatusName(summary.status)));
    reply.insert(QStringLiteral("name"), text(summary.name.view()));
    reply.insert(QStringLiteral("nameKana"), text(summary.nameKana.view()));
    reply.insert(QStringLiteral("birthDate"), text(detail.value().birthDate.view()));
    reply.insert(QStringLiteral("address"), text(detail.value().address.view()));
    // Never the number: only whether there is one, masked.
    reply.insert(QStringLiteral("number"), summary.hasNumber ? text(vault::kMaskedIndividualNumber) : QString());
    reply.insert(QStringLiteral("hasVerification"), summary.hasVerification);
    QStringList purposes;
    for (const auto& purpose : detail.value().purposes)
        purposes << QString::fromStdString(purpose);
    reply.insert(QStringLiteral("purposes"), purposes);
    reply.insert(QStringLiteral("verifications"),
                 QVariant::fromValue<qlonglong>(static_cast<qlonglong>(detail.value().verifications.size())));
    QVariantList verifications;
    for (const vault::Verification& verification : detail.value().verifications) {
        QVariantMap item;
        item.insert(QStringLiteral("method"), QString::fromStdString(verification.method));
        item.insert(QStringLiteral("documents"), text(verification.documents));
        item.insert(QStringLiteral("verifiedBy"), QVariant::fromValue<qlonglong>(verification.verifiedBy));
        item.insert(QStringLiteral("verifiedMs"), QVariant::fromValue<qlonglong>(verification.verifiedMs));
        verifications.append(item);
    }
    reply.insert(QStringLiteral("verificationRecords"), verifications);
    QVariantList documents;
    for (const vault::DocumentRecord& document : detail.value().documents)
        documents.append(documentMap(document));
    reply.insert(QStringLiteral("documents"), documents);
    QVariantList dependents;
    for (const vault::SubjectSummary& dependent : detail.value().dependents) {
        QVariantMap item;
        item.insert(QStringLiteral("id"), QString::fromStdString(dependent.id.hex()));
        item.insert(QStringLiteral("code"), QString::fromStdString(dependent.code));
        item.insert(QStringLiteral("kind"), text(vault::subjectKindName(dependent.kind)));
        item.insert(QStringLiteral("status"), text(vault::subjectStatusName(dependent.status)));
        item.insert(QStringLiteral("name"), text(dependent.name.view()));
        item.insert(QStringLiteral("nameKana"), text(dependent.nameKana.view()));
        item.insert(QStringLiteral("hasNumber"), dependent.hasNumber);
        item.insert(QStringLiteral("hasVerification"), dependent.hasVerification);
        dependents.append(item);
    }
    reply.insert(QStringLiteral("dependents"), dependents);
    if (summary.parent)
        reply.insert(QStringLiteral("parent"), QString::fromStdString(summary.parent->hex()));
    return reply;
}

QVariantList VaultService::DueList()
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto due = m_host.vault().dueList(*session);
    if (refused(due))
        return {};
    QVariantList items;
    for (const vault::DueItem& item : due.value()) {
        QVariantMap entry;
        entry.insert(QStringLiteral("id"), QString::fromStdString(item.id.hex()));
        entry.insert(QStringLiteral("code"), QString::fromStdString(item.code));
        entry.insert(QStringLiteral("kind"), text(vault::subjectKindName(item.kind)));
        entry.insert(QStringLiteral("department"), QString::fromStdString(item.department));
        entry.insert(QStringLiteral("due"), item.due);
        entry.insert(QStringLiteral("blockedBy"), QString::fromStdString(item.blockedBy));
        if (item.pendingRequest)
            entry.insert(QStringLiteral("pendingRequest"), QVariant::fromValue<qlonglong>(*item.pendingRequest));
        items.append(entry);
    }
    return items;
}

qlonglong VaultService::RequestDisposal(const QString& subjectId)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return 0;
    const auto id = checkSubjectId(subjectId);
    if (refused(id))
        return 0;
    const auto request = m_host.vault().requestDisposal(*session, id.value());
    if (refused(request))
        return 0;
    return request.value();
}

void VaultService::ApproveDisposal(qlonglong requestId, const QByteArray& nonce, const QByteArray& signature)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return;
    if (requestId <= 0) {
        refuse(Error(ErrorCode::InvalidArgument, "request ids start at 1"));
        return;
    }
    if (refused(checkStepUp(nonce, signature)))
        return;
    const mamori::Status approved =
        m_host.vault().approveDisposal(*session, requestId, vault::StepUpProof{bytesOf(nonce), bytesOf(signature)});
    (void)refused(approved);
}

QVariantMap VaultService::ExecuteDisposal(qlonglong requestId)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    if (requestId <= 0) {
        refuse(Error(ErrorCode::InvalidArgument, "request ids start at 1"));
        return {};
    }
    const auto certificate = m_host.vault().executeDisposal(*session, requestId);
    if (refused(certificate))
        return {};
    QVariantMap reply;
    reply.insert(QStringLiteral("requestId"), QVariant::fromValue<qlonglong>(certificate.value().requestId));
    reply.insert(QStringLiteral("body"), QString::fromStdString(certificate.value().body));
    reply.insert(QStringLiteral("signature"), arrayOf(certificate.value().signature));
    reply.insert(QStringLiteral("devicePublicKey"), arrayOf(certificate.value().devicePublicKey));
    return reply;
}

QVariantMap VaultService::ImportCsv(const QByteArray& file, bool validRowsOnly)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    if (file.isEmpty() || file.size() > kMaxImportBytes) {
        refuse(Error(file.isEmpty() ? ErrorCode::InvalidArgument : ErrorCode::TooLarge, "import file size"));
        return {};
    }
    const auto report =
        m_host.vault().importCsv(*session, std::string_view(file.constData(), static_cast<std::size_t>(file.size())),
                                 validRowsOnly ? vault::ImportMode::ValidRowsOnly : vault::ImportMode::AllOrNothing);
    if (refused(report))
        return {};
    QVariantMap reply;
    reply.insert(QStringLiteral("rows"), QVariant::fromValue<qulonglong>(report.value().rows));
    reply.insert(QStringLiteral("imported"), QVariant::fromValue<qulonglong>(report.value().imported));
    reply.insert(QStringLiteral("skipped"), QVariant::fromValue<qulonglong>(report.value().skipped));
    reply.insert(QStringLiteral("issuesTruncated"), report.value().issuesTruncated);
    QVariantList issues;
    for (const auto& issue : report.value().issues) { // row, column and code; never the value
        QVariantMap entry;
        entry.insert(QStringLiteral("row"), QVariant::fromValue<qulonglong>(issue.row));
        entry.insert(QStringLiteral("column"), QString::fromStdString(issue.column));
        entry.insert(QStringLiteral("error"), text(errorName(issue.code)));
        entry.insert(QStringLiteral("detail"), QString::fromStdString(issue.detail));
        issues.append(entry);
    }
    reply.insert(QStringLiteral("issues"), issues);
    return reply;
}

void VaultService::EditSubject(const QString& subjectId, const QVariantMap& edit)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return;
    const auto id = checkSubjectId(subjectId);
    const auto parsed = checkSubjectEdit(edit);
    if (refused(id) || refused(parsed))
        return;
    (void)refused(m_host.vault().editSubject(*session, id.value(), parsed.value()));
}

qlonglong VaultService::CreateUser(const QString& displayName, const QStringList& roles, const QStringList& departments)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return 0;
    const auto name = checkText(displayName, 128, "display name");
    const auto roleSet = checkRoles(roles);
    const auto departmentSet = checkDepartments(departments);
    if (refused(name) || refused(roleSet) || refused(departmentSet))
        return 0;
    const auto user =
        m_host.vault().createUser(session, vault::UserSpec{name.value(), roleSet.value(), departmentSet.value()});
    if (refused(user))
        return 0;
    return user.value();
}

void VaultService::EnrolCard(qlonglong userId, const QByteArray& certificate)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return;
    if (userId <= 0 || certificate.isEmpty() || certificate.size() > kMaxCertificateBytes) {
        refuse(Error(ErrorCode::InvalidArgument, "user id or certificate size"));
        return;
    }
    (void)refused(m_host.vault().enrolCard(session, userId, bytesOf(certificate)));
}

void VaultService::RevokeCard(const QString& cardId)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return;
    const auto id = checkCardId(cardId);
    if (refused(id))
        return;
    if (refused(m_host.vault().revokeCard(*session, id.value())))
        return;
    // A revoked card's live sessions end at once (audited "logout", detail "card_revoked").
    for (auto& [who, ended] : m_sessions.closeByCard(id.value())) {
        if (m_watcher)
            m_watcher->removeWatchedService(QString::fromStdString(who));
        (void)m_host.vault().recordSessionEnd(ended, "card_revoked");
    }
}

} // namespace mamori::vaultd
