// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/clerk_desk.h"

#include "kiosk/client/number_input.h"
#include "kiosk/client/vault_client.h"
#include "services/common/error.h"

#include <QDate>

namespace mamori::ui {

ClerkDesk::ClerkDesk(VaultClient* vault, QObject* parent)
    : QObject(parent), m_vault(vault), m_subjects(vault), m_detail(vault), m_importer(vault),
      m_exporter(vault, &m_subjects)
{
    // Rows the vault imported (also after a cancel) belong in the list the clerk sees.
    connect(&m_importer, &ImportJob::importedRows, this, [this] {
        if (!m_purpose.isEmpty())
            m_subjects.reload();
    });
    connect(&m_exporter, &ExportJob::permissionDenied, this, &ClerkDesk::permissionDenied);
}

QStringList ClerkDesk::retentionRules()
{
    return {QStringLiteral("fuyo_kojo_shinkokusho"),
            QStringLiteral("hokenryo_kojo_shinkokusho"),
            QStringLiteral("kiso_kojo_shinkokusho"),
            QStringLiteral("bangou_choubo"),
            QStringLiteral("gensen_choshuhyo"),
            QStringLiteral("shiharai_chosho"),
            QStringLiteral("koyo_hoken_shikaku_shutoku"),
            QStringLiteral("koyo_hoken_shikaku_soshitsu"),
            QStringLiteral("koyo_hoken"),
            QStringLiteral("shakai_hoken_shikaku_shutoku"),
            QStringLiteral("shakai_hoken_shikaku_soshitsu"),
            QStringLiteral("hifuyosha_ido_todoke"),
            QStringLiteral("shakai_hoken"),
            QStringLiteral("rodo_hoken")};
}

void ClerkDesk::setMediaDirectory(const QString& directory)
{
    if (directory == m_mediaDirectory)
        return;
    m_mediaDirectory = directory;
    m_importer.setMediaDirectory(directory);
    m_exporter.setMediaDirectory(directory);
    emit mediaDirectoryChanged();
}

QStringList ClerkDesk::verificationMethods()
{
    return {QStringLiteral("my_number_card"),
            QStringLiteral("notification_card_photo_id"),
            QStringLiteral("notification_card_two_ids"),
            QStringLiteral("resident_record_photo_id"),
            QStringLiteral("resident_record_two_ids"),
            QStringLiteral("proxy")};
}

void ClerkDesk::begin(const QStringList& departments, const QString& purpose)
{
    m_purpose = purpose;
    if (departments != m_departments) {
        m_departments = departments;
        emit departmentsChanged();
    }
}

void ClerkDesk::clear()
{
    ++m_generation;
    m_subjects.clear();
    m_detail.clear();
    m_dueList.clear();
    m_importer.clear();
    m_exporter.clear();
    setDueLoading(false);
    if (m_certificateRequestId != 0 || m_certificateSigned) {
        m_certificateRequestId = 0;
        m_certificateSigned = false;
        emit certificateChanged();
    }
    m_purpose.clear();
    if (!m_departments.isEmpty()) {
        m_departments.clear();
        emit departmentsChanged();
    }
    setBusy(false);
    setError(0);
}

void ClerkDesk::openSubject(const QString& subjectId)
{
    setError(0);
    m_detail.load(subjectId);
}

void ClerkDesk::registerSubject(const QVariantMap& fields, bool notifyPurpose)
{
    if (!m_vault || m_busy)
        return;
    QVariantMap subject;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        const QString value = it.value().toString().trimmed();
        if (!value.isEmpty())
            subject.insert(it.key(), value);
    }
    const QString kind = subject.value(QStringLiteral("kind"), QStringLiteral("employee")).toString();
    if (kind == QLatin1String("dependent") || kind == QLatin1String("spouse"))
        subject.remove(QStringLiteral("department")); // they take their employee's
    if (subject.value(QStringLiteral("name")).toString().isEmpty()) {
        setError(static_cast<int>(errorNumber(ErrorCode::InvalidArgument)));
        return;
    }
    setError(0);
    setBusy(true);
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("RegisterSubject"), {subject}, this,
                  [this, generation, kind, notifyPurpose](const VaultReply& reply) {
                      if (generation != m_generation)
                          return;
                      if (!reply.ok()) {
                          fail(reply.error);
                          return;
                      }
                      const QString id = reply.first().toString();
                      if (!notifyPurpose || m_purpose.isEmpty()) {
                          setBusy(false);
                          emit registered(id, kind);
                          return;
                      }
                      const QString today = QDate::currentDate().toString(Qt::ISODate);
                      m_vault->call(QStringLiteral("NotifyPurpose"), {id, m_purpose, today}, this,
                                    [this, generation, id, kind](const VaultReply& notified) {
                                        if (generation != m_generation)
                                            return;
                                        setBusy(false);
                                        if (!notified.ok())
                                            fail(notified.error); // registered, but the purpose is not
                                        emit registered(id, kind);
                                    });
                  });
}

void ClerkDesk::setNumber(const QString& subjectId, NumberInput* input)
{
    if (!m_vault || !input || m_busy)
        return;
    QString typed = input->text();
    input->clear();
    setError(0);
    setBusy(true);
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("SetNumber"), {subjectId, typed}, this,
                  [this, generation, subjectId](const VaultReply& reply) {
                      if (generation != m_generation)
                          return;
                      setBusy(false);
                      if (!reply.ok()) {
                          fail(reply.error);
                          return;
                      }
                      if (m_detail.subjectId() == subjectId)
                          m_detail.reload();
                      emit numberSaved(subjectId);
                  });
    wipeString(typed);
}

void ClerkDesk::recordVerification(const QString& subjectId, const QString& method, const QString& documents)
{
    if (!m_vault || m_busy)
        return;
    setError(0);
    setBusy(true);
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("RecordVerification"), {subjectId, method, documents.trimmed()}, this,
                  [this, generation, subjectId](const VaultReply& reply) {
                      if (generation != m_generation)
                          return;
                      setBusy(false);
                      if (!reply.ok()) {
                          fail(reply.error);
                          return;
                      }
                      if (m_detail.subjectId() == subjectId)
                          m_detail.reload();
                      emit verificationRecorded(subjectId);
                  });
}

void ClerkDesk::act(const QString& method, const QVariantList& arguments, std::function<void(const VaultReply&)> then)
{
    setError(0);
    setBusy(true);
    const quint64 generation = m_generation;
    m_vault->call(method, arguments, this, [this, generation, then = std::move(then)](const VaultReply& reply) {
        if (generation != m_generation)
            return;
        setBusy(false);
        if (!reply.ok()) {
            fail(reply.error);
            return;
        }
        then(reply);
    });
}

void ClerkDesk::editSubject(const QString& subjectId, const QVariantMap& fields)
{
    if (!m_vault || m_busy)
        return;
    static const QStringList keys{QStringLiteral("name"),       QStringLiteral("nameKana"),
                                  QStringLiteral("birthDate"),  QStringLiteral("address"),
                                  QStringLiteral("department"), QStringLiteral("status"),
                                  QStringLiteral("statusDate")};
    QVariantMap edit;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        if (keys.contains(it.key()))
            edit.insert(it.key(), it.value().toString().trimmed());
    if (edit.isEmpty()) {
        setError(static_cast<int>(errorNumber(ErrorCode::InvalidArgument)));
        return;
    }
    act(QStringLiteral("EditSubject"), {subjectId, edit}, [this, subjectId](const VaultReply&) {
        if (m_detail.subjectId() == subjectId)
            m_detail.reload();
        emit edited(subjectId);
    });
}

void ClerkDesk::recordDocument(const QString& subjectId, const QVariantMap& fields)
{
    if (!m_vault || m_busy)
        return;
    QVariantMap document;
    for (const QString& key : {QStringLiteral("ruleCode"), QStringLiteral("deadline"), QStringLiteral("filed"),
                               QStringLiteral("completed")}) {
        const QString value = fields.value(key).toString().trimmed();
        if (!value.isEmpty())
            document.insert(key, value);
    }
    const QString year = fields.value(QStringLiteral("taxYear")).toString().trimmed();
    if (!year.isEmpty()) {
        bool ok = false;
        const int taxYear = year.toInt(&ok);
        if (!ok) {
            setError(static_cast<int>(errorNumber(ErrorCode::InvalidArgument)));
            return;
        }
        document.insert(QStringLiteral("taxYear"), taxYear); // the vault wants an int32
    }
    if (!document.contains(QStringLiteral("ruleCode"))) {
        setError(static_cast<int>(errorNumber(ErrorCode::InvalidArgument)));
        return;
    }
    act(QStringLiteral("RecordDocument"), {subjectId, document}, [this, subjectId](const VaultReply& reply) {
        if (m_detail.subjectId() == subjectId)
            m_detail.reload();
        emit documentRecorded(subjectId, reply.first().toLongLong());
    });
}

void ClerkDesk::loadDueList()
{
    if (!m_vault)
        return;
    setDueLoading(true);
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("DueList"), {}, this, [this, generation](const VaultReply& reply) {
        if (generation != m_generation)
            return;
        setDueLoading(false);
        if (!reply.ok()) {
            fail(reply.error);
            return;
        }
        m_dueList.setItems(VaultClient::listOf(reply.first()));
    });
}

void ClerkDesk::requestDisposal(const QString& subjectId)
{
    if (!m_vault || m_busy)
        return;
    act(QStringLiteral("RequestDisposal"), {subjectId}, [this, subjectId](const VaultReply& reply) {
        emit disposalRequested(subjectId, reply.first().toLongLong());
        loadDueList();
    });
}

void ClerkDesk::executeDisposal(qlonglong requestId)
{
    if (!m_vault || m_busy || requestId <= 0)
        return;
    act(QStringLiteral("ExecuteDisposal"), {requestId}, [this, requestId](const VaultReply& reply) {
        // Only what the screen may show: which request, and that the device signed it. The body
        // (codes, document rules) stays out of the kiosk's state.
        const QVariantMap certificate = VaultClient::mapOf(reply.first());
        m_certificateRequestId = certificate.value(QStringLiteral("requestId")).toLongLong();
        m_certificateSigned = certificate.value(QStringLiteral("signature")).toByteArray().size() == 64 &&
                              certificate.value(QStringLiteral("devicePublicKey")).toByteArray().size() == 32;
        emit certificateChanged();
        emit disposalExecuted(requestId);
        loadDueList();
        if (!m_purpose.isEmpty())
            m_subjects.reload();
    });
}

void ClerkDesk::setDueLoading(bool loading)
{
    if (loading == m_dueLoading)
        return;
    m_dueLoading = loading;
    emit dueLoadingChanged();
}

void ClerkDesk::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged();
}

void ClerkDesk::setError(int error)
{
    if (error == m_error)
        return;
    m_error = error;
    emit errorChanged();
}

void ClerkDesk::fail(int error)
{
    setBusy(false);
    setError(error);
    if (error == static_cast<int>(errorNumber(ErrorCode::PermissionDenied)))
        emit permissionDenied();
}

} // namespace mamori::ui
