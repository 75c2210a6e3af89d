// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/backup_job.h"

#include "kiosk/client/medium_file.h"
#include "kiosk/client/vault_client.h"
#include "services/common/error.h"

#include <QDBusUnixFileDescriptor>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>
#include <unistd.h>

namespace mamori::ui {

namespace {

int number(ErrorCode code) { return static_cast<int>(errorNumber(code)); }

} // namespace

BackupJob::BackupJob(VaultClient* vault, QObject* parent) : QObject(parent), m_vault(vault)
{
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, [this] {
        m_elapsedSeconds = static_cast<int>(m_elapsed.elapsed() / 1000);
        emit elapsedChanged();
    });
}

BackupJob::~BackupJob() { discardFile(); }

QString BackupJob::fileNameFor(const QString& deviceId, qlonglong createdMs)
{
    QString id;
    for (const QChar c : deviceId.left(64))
        id += (c.isLetterOrNumber() && c.unicode() < 0x80) || c == u'-' || c == u'_' ? c : QChar(u'_');
    const QDateTime when =
        createdMs > 0 ? QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC) : QDateTime::currentDateTimeUtc();
    const QString stamp = when.toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    return id.isEmpty() ? QStringLiteral("mamori-backup-%1.mbk").arg(stamp)
                        : QStringLiteral("mamori-backup-%1-%2.mbk").arg(id, stamp);
}

void BackupJob::start()
{
    if (m_state == State::Running)
        return;
    clearResult();
    if (!m_vault) {
        setState(State::Failed, number(ErrorCode::Unavailable));
        return;
    }
    if (m_directory.isEmpty() || !QFileInfo(m_directory).isDir()) {
        setState(State::Failed, number(ErrorCode::NotFound));
        return;
    }
    int error = 0;
    QString temporary;
    const int fd = createMediumFile(m_directory, QStringLiteral("backup"), temporary, error);
    if (fd < 0) {
        setState(State::Failed, error);
        return;
    }
    m_fd = fd;
    m_temporary = temporary;
    const quint64 serial = ++m_nextSerial;
    const quint64 generation = m_generation;
    m_serial = serial;
    m_elapsed.start();
    m_elapsedSeconds = 0;
    emit elapsedChanged();
    m_ticker.start();
    setState(State::Running);
    const QString directory = m_directory;
    m_vault->setTimeout(kTimeoutMs); // this call only
    m_vault->call(QStringLiteral("Backup"), {QVariant::fromValue(QDBusUnixFileDescriptor(fd))}, this,
                  [this, generation, serial, directory](const VaultReply& reply) {
                      if (generation != m_generation)
                          return; // a lock: clear() removed the file already
                      if (serial != m_serial) {
                          // Cancelled: the file is gone; the vault may have finished into it anyway.
                          if (reply.ok()) {
                              m_finishedAfterCancel = true;
                              emit resultChanged();
                          }
                          emit finished(reply.ok());
                          return;
                      }
                      m_serial = 0;
                      m_ticker.stop();
                      if (!reply.ok()) {
                          discardFile();
                          syncDirectory(directory);
                          setState(State::Failed, reply.error);
                          if (reply.error == number(ErrorCode::PermissionDenied))
                              emit permissionDenied();
                          emit finished(false);
                          return;
                      }
                      const QVariantMap info = VaultClient::mapOf(reply.first());
                      const qlonglong bytes = info.value(QStringLiteral("bytes")).toLongLong();
                      const qlonglong createdMs = info.value(QStringLiteral("createdMs")).toLongLong();
                      // On the medium before it is named: written through, and whole.
                      struct stat status {};
                      const bool written =
                          ::fsync(m_fd) == 0 && ::fstat(m_fd, &status) == 0 && status.st_size == bytes && bytes > 0;
                      ::close(m_fd);
                      m_fd = -1;
                      const QString finalName =
                          written ? renameWithoutReplacing(m_temporary, fileNameFor(m_deviceId, createdMs)) : QString();
                      if (finalName.isNull()) {
                          discardFile();
                          syncDirectory(directory);
                          setState(State::Failed, number(ErrorCode::StorageIo));
                          emit finished(true); // the vault recorded its backup all the same
                          return;
                      }
                      m_temporary.clear();
                      syncDirectory(directory);
                      m_fileName = finalName;
                      m_bytes = bytes;
                      m_createdMs = createdMs;
                      m_auditSequence = info.value(QStringLiteral("auditSequence")).toLongLong();
                      emit resultChanged();
                      setState(State::Done);
                      emit finished(true);
                  });
    m_vault->setTimeout(VaultClient::kDefaultTimeoutMs);
}

void BackupJob::cancel()
{
    if (m_state != State::Running)
        return;
    m_serial = 0;
    m_ticker.stop();
    discardFile();
    syncDirectory(m_directory);
    setState(State::Cancelled);
}

void BackupJob::reset()
{
    if (m_state == State::Running)
        cancel();
    clearResult();
    setState(State::Idle);
}

void BackupJob::clear()
{
    ++m_generation;
    if (m_state == State::Running)
        cancel();
    m_serial = 0;
    m_ticker.stop();
    m_elapsedSeconds = 0;
    emit elapsedChanged();
    m_deviceId.clear();
    clearResult();
    setState(State::Idle);
}

void BackupJob::discardFile()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_temporary.isEmpty()) {
        QFile::remove(m_temporary);
        m_temporary.clear();
    }
}

void BackupJob::clearResult()
{
    m_fileName.clear();
    m_bytes = m_auditSequence = m_createdMs = 0;
    m_finishedAfterCancel = false;
    emit resultChanged();
}

void BackupJob::setState(State state, int error)
{
    if (state == m_state && error == m_error)
        return;
    m_state = state;
    m_error = error;
    emit stateChanged();
}

} // namespace mamori::ui
