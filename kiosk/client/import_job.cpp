// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/import_job.h"

#include "kiosk/client/vault_client.h"
#include "services/common/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace mamori::ui {

namespace {
int number(ErrorCode code) { return static_cast<int>(errorNumber(code)); }
} // namespace

ImportJob::ImportJob(VaultClient* vault, QObject* parent) : QObject(parent), m_vault(vault)
{
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &ImportJob::tick);
}

ImportJob::~ImportJob() { wipeSent(); }

void ImportJob::wipeSent()
{
    if (m_sent && m_sent->isDetached())
        wipeBytes(*m_sent);
    m_sent.reset();
}

void ImportJob::setMediaDirectory(const QString& directory)
{
    if (directory == m_directory)
        return;
    m_directory = directory;
    refreshFiles();
}

void ImportJob::refreshFiles()
{
    QStringList files;
    const QDir directory(m_directory);
    const bool present = !m_directory.isEmpty() && directory.exists();
    if (present) {
        const QFileInfoList entries =
            directory.entryInfoList({QStringLiteral("*.csv"), QStringLiteral("*.CSV")},
                                    QDir::Files | QDir::NoSymLinks | QDir::Readable, QDir::Name | QDir::IgnoreCase);
        for (const QFileInfo& entry : entries)
            if (!entry.fileName().startsWith(u'.'))
                files << entry.fileName();
    }
    if (files == m_files && present == m_mediumPresent)
        return;
    m_files = files;
    m_mediumPresent = present;
    emit filesChanged();
}

int ImportJob::readFile(QByteArray& bytes) const
{
    if (m_fileName.isEmpty() || m_fileName.contains(u'/') || !m_files.contains(m_fileName))
        return number(ErrorCode::NotFound);
    const QFileInfo info(QDir(m_directory).filePath(m_fileName));
    if (!info.exists() || info.isSymLink() || !info.isFile())
        return number(ErrorCode::NotFound);
    if (info.size() > kMaxFileBytes)
        return number(ErrorCode::TooLarge);
    QFile file(info.filePath());
    if (!file.open(QIODevice::ReadOnly))
        return number(ErrorCode::StorageIo);
    bytes = file.read(kMaxFileBytes + 1);
    if (bytes.size() > kMaxFileBytes) {
        wipeBytes(bytes);
        return number(ErrorCode::TooLarge);
    }
    if (file.error() != QFileDevice::NoError) {
        wipeBytes(bytes);
        return number(ErrorCode::StorageIo);
    }
    return bytes.isEmpty() ? number(ErrorCode::NotFound) : 0;
}

void ImportJob::choose(const QString& fileName)
{
    if (m_state == State::Running)
        return;
    clearResult();
    m_preview.clear();
    m_fileName = fileName;
    m_fileSize = 0;
    QByteArray bytes;
    int error = readFile(bytes);
    m_fileSize = bytes.size();
    emit fileChanged();
    if (error == 0)
        error = m_preview.load(bytes); // wipes the bytes
    wipeBytes(bytes);
    setState(error == 0 ? State::Previewed : State::Failed, error);
}

void ImportJob::start(bool validRowsOnly)
{
    if (!m_vault || m_state == State::Running || m_state == State::Idle)
        return;
    clearResult();
    wipeSent();
    auto sent = std::make_shared<QByteArray>();
    const int error = readFile(*sent);
    if (error != 0) {
        setState(State::Failed, error);
        return;
    }
    m_sent = sent;
    m_validRowsOnly = validRowsOnly;
    const quint64 serial = ++m_nextSerial;
    const quint64 generation = m_generation;
    m_serial = serial;
    m_elapsed.start();
    m_elapsedSeconds = 0;
    emit elapsedChanged();
    m_ticker.start();
    setState(State::Running);
    m_vault->setTimeout(kTimeoutMs); // this call only: the client's default serves every other call
    m_vault->call(QStringLiteral("ImportCsv"), {*sent, validRowsOnly}, this,
                  [this, serial, generation, validRowsOnly, sent](const VaultReply& reply) {
                      // QtDBus lets go of its reference to the bytes sent after this callback: wipe then.
                      QMetaObject::invokeMethod(
                          this,
                          [sent] {
                              if (sent->isDetached())
                                  wipeBytes(*sent);
                          },
                          Qt::QueuedConnection);
                      if (generation != m_generation)
                          return;
                      const QVariantMap report = reply.ok() ? VaultClient::mapOf(reply.first()) : QVariantMap();
                      const qlonglong imported = report.value(QStringLiteral("imported")).toLongLong();
                      if (serial != m_serial) { // cancelled (or reset): only say what the vault did anyway
                          if (imported > 0) {
                              m_importedAfterCancel += imported;
                              emit resultChanged();
                              emit importedRows(imported);
                          }
                          return;
                      }
                      m_serial = 0;
                      m_ticker.stop();
                      if (!reply.ok()) {
                          setState(State::Failed, reply.error);
                          return;
                      }
                      m_rows = report.value(QStringLiteral("rows")).toLongLong();
                      m_imported = imported;
                      m_skipped = report.value(QStringLiteral("skipped")).toLongLong();
                      m_issuesTruncated = report.value(QStringLiteral("issuesTruncated")).toBool();
                      m_issues.setIssues(VaultClient::listOf(report.value(QStringLiteral("issues"))));
                      emit resultChanged();
                      if (imported > 0)
                          emit importedRows(imported);
                      const bool refused = !validRowsOnly && imported == 0 && m_issues.count() > 0;
                      setState(refused ? State::Refused : State::Done);
                  });
    m_vault->setTimeout(VaultClient::kDefaultTimeoutMs);
}

void ImportJob::cancel()
{
    if (m_state != State::Running)
        return;
    m_serial = 0;
    m_ticker.stop();
    setState(State::Cancelled);
}

void ImportJob::reset()
{
    if (m_state == State::Running)
        cancel();
    clearResult();
    m_preview.clear();
    if (!m_fileName.isEmpty() || m_fileSize != 0) {
        m_fileName.clear();
        m_fileSize = 0;
        emit fileChanged();
    }
    setState(State::Idle);
    refreshFiles();
}

void ImportJob::clear()
{
    ++m_generation;
    m_serial = 0;
    m_ticker.stop();
    wipeSent();
    clearResult();
    m_importedAfterCancel = 0;
    m_preview.clear();
    m_fileName.clear();
    m_fileSize = 0;
    emit fileChanged();
    emit resultChanged();
    setState(State::Idle);
}

void ImportJob::clearResult()
{
    m_issues.clear();
    m_rows = m_imported = m_skipped = 0;
    m_issuesTruncated = false;
    m_validRowsOnly = false;
    emit resultChanged();
}

void ImportJob::setState(State state, int error)
{
    if (state == m_state && error == m_error)
        return;
    m_state = state;
    m_error = error;
    emit stateChanged();
}

void ImportJob::tick()
{
    m_elapsedSeconds = static_cast<int>(m_elapsed.elapsed() / 1000);
    emit elapsedChanged();
}

} // namespace mamori::ui
