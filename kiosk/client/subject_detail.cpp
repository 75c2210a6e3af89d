// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/subject_detail.h"

#include "kiosk/client/vault_client.h"

#include <algorithm>

namespace mamori::ui {

SubjectDetail::SubjectDetail(VaultClient* vault, QObject* parent) : QObject(parent), m_vault(vault), m_dependents(vault)
{
    m_revealTimer.setInterval(1000);
    connect(&m_revealTimer, &QTimer::timeout, this, &SubjectDetail::tick);
}

SubjectDetail::~SubjectDetail() { clear(); }

QString SubjectDetail::numberText() const
{
    if (!m_revealed.isEmpty())
        return m_revealed;
    return m_hasNumber ? kMask : QString();
}

void SubjectDetail::setRevealSeconds(int seconds)
{
    seconds = std::max(1, seconds);
    if (seconds == m_revealSeconds)
        return;
    m_revealSeconds = seconds;
    emit revealSecondsChanged();
}

void SubjectDetail::load(const QString& subjectId)
{
    if (!m_vault || subjectId.isEmpty())
        return;
    if (subjectId != m_id) {
        clear();
        m_id = subjectId;
    }
    setError(0);
    setLoading(true);
    const quint64 generation = ++m_generation;
    m_vault->call(QStringLiteral("ViewSubject"), {subjectId}, this, [this, generation](const VaultReply& reply) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (!reply.ok()) {
            setError(reply.error);
            return;
        }
        const QVariantMap detail = VaultClient::mapOf(reply.first());
        m_code = detail.value(QStringLiteral("code")).toString();
        m_kind = detail.value(QStringLiteral("kind")).toString();
        m_department = detail.value(QStringLiteral("department")).toString();
        m_status = detail.value(QStringLiteral("status")).toString();
        m_name = detail.value(QStringLiteral("name")).toString();
        m_nameKana = detail.value(QStringLiteral("nameKana")).toString();
        m_birthDate = detail.value(QStringLiteral("birthDate")).toString();
        m_address = detail.value(QStringLiteral("address")).toString();
        // The vault sends only the mask (or nothing): whether there is a number is all the kiosk learns.
        m_hasNumber = !detail.value(QStringLiteral("number")).toString().isEmpty();
        m_hasVerification = detail.value(QStringLiteral("hasVerification")).toBool();
        m_verificationCount = detail.value(QStringLiteral("verifications")).toInt();
        m_purposes = detail.value(QStringLiteral("purposes")).toStringList();
        m_parentId = detail.value(QStringLiteral("parent")).toString();
        m_dependents.setItems(VaultClient::listOf(detail.value(QStringLiteral("dependents"))));
        m_verifications.setRecords(VaultClient::listOf(detail.value(QStringLiteral("verificationRecords"))));
        m_documents.setRecords(VaultClient::listOf(detail.value(QStringLiteral("documents"))));
        m_loaded = true;
        emit changed();
        emit numberChanged();
    });
}

void SubjectDetail::showNumber(QString& digits)
{
    wipeString(m_revealed);
    if (digits.size() == 12) {
        m_revealed.reserve(14);
        m_revealed.append(QStringView(digits).mid(0, 4));
        m_revealed.append(QLatin1Char('-'));
        m_revealed.append(QStringView(digits).mid(4, 4));
        m_revealed.append(QLatin1Char('-'));
        m_revealed.append(QStringView(digits).mid(8, 4));
    } else {
        m_revealed = digits;
    }
    wipeString(digits);
    m_revealLeft = m_revealSeconds;
    m_revealTimer.start();
    emit numberChanged();
    emit revealSecondsLeftChanged();
}

void SubjectDetail::mask()
{
    m_revealTimer.stop();
    const bool was = !m_revealed.isEmpty();
    wipeString(m_revealed);
    m_revealLeft = 0;
    if (was) {
        emit numberChanged();
        emit revealSecondsLeftChanged();
    }
}

void SubjectDetail::tick()
{
    if (--m_revealLeft <= 0) {
        mask();
        return;
    }
    emit revealSecondsLeftChanged();
}

void SubjectDetail::clear()
{
    ++m_generation;
    mask();
    m_dependents.clear();
    m_verifications.clear();
    m_documents.clear();
    for (QString* text : {&m_parentId, &m_id, &m_code, &m_kind, &m_department, &m_status, &m_name, &m_nameKana,
                          &m_birthDate, &m_address})
        wipeString(*text);
    m_purposes.clear();
    m_hasNumber = false;
    m_hasVerification = false;
    m_verificationCount = 0;
    m_loaded = false;
    setLoading(false);
    setError(0);
    emit changed();
    emit numberChanged();
}

void SubjectDetail::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    emit loadingChanged();
}

void SubjectDetail::setError(int error)
{
    if (error == m_error)
        return;
    m_error = error;
    emit errorChanged();
}

} // namespace mamori::ui
