// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/clerk_desk.h"

#include "kiosk/client/number_input.h"
#include "kiosk/client/vault_client.h"
#include "services/common/error.h"

#include <QDate>

namespace mamori::ui {

ClerkDesk::ClerkDesk(VaultClient* vault, QObject* parent)
    : QObject(parent), m_vault(vault), m_subjects(vault), m_detail(vault)
{}

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
