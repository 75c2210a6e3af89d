// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// BackupJob: the administrator takes an encrypted full backup of the vault onto the USB medium
// (`mediaDirectory`, the kiosk's --media-dir). The kiosk creates `.mamori-backup-<random>.part`
// 0600 (O_EXCL, O_NOFOLLOW) there and passes its descriptor to Backup(h); the vault authorises
// (administrator only; no step-up: services/vault/policy.cpp), writes the whole backup into it and
// records "backup" in the log. Only then does the kiosk fsync the file, check that its size is the
// `bytes` the vault reports, and rename it to `mamori-backup-<device id>-<UTC time of the
// backup>.mbk` (never replacing a file). A refusal, an I/O error or a size that does not match
// leaves no file behind.
//
// Progress: the vault reports none, so the screen shows an indeterminate indicator and the seconds
// elapsed, then the file, its size and the audit sequence the backup covers (the log up to, not
// including, its own "backup" entry).
//
// Cancel: the file on the medium is removed at once and the reply is dropped; the call cannot be
// called back, so the vault may still finish writing into the unlinked file (that space is freed
// when its descriptor closes) and record "backup" — `finishedAfterCancel` then says so. Nothing is
// left on the medium either way. clear() (a lock, e.g. the card pulled out) cancels the same way
// and forgets everything.
//
// Owned by OversightDesk; GUI thread only.

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace mamori::ui {

class VaultClient;

class BackupJob : public QObject {
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged FINAL)
    Q_PROPERTY(int error READ error NOTIFY stateChanged FINAL)
    Q_PROPERTY(bool running READ running NOTIFY stateChanged FINAL)
    Q_PROPERTY(QString fileName READ fileName NOTIFY resultChanged FINAL)
    Q_PROPERTY(qlonglong bytes READ bytes NOTIFY resultChanged FINAL)
    Q_PROPERTY(qlonglong auditSequence READ auditSequence NOTIFY resultChanged FINAL)
    Q_PROPERTY(qlonglong createdMs READ createdMs NOTIFY resultChanged FINAL)
    Q_PROPERTY(bool finishedAfterCancel READ finishedAfterCancel NOTIFY resultChanged FINAL)
    Q_PROPERTY(int elapsedSeconds READ elapsedSeconds NOTIFY elapsedChanged FINAL)

public:
    enum class State { Idle, Running, Done, Failed, Cancelled };
    Q_ENUM(State)

    static constexpr int kTimeoutMs = 10 * 60 * 1000; // the vault serialises and seals the whole store

    explicit BackupJob(VaultClient* vault, QObject* parent = nullptr);
    ~BackupJob() override;

    State state() const { return m_state; }
    int error() const { return m_error; }
    bool running() const { return m_state == State::Running; }
    QString fileName() const { return m_fileName; }
    qlonglong bytes() const { return m_bytes; }
    qlonglong auditSequence() const { return m_auditSequence; }
    qlonglong createdMs() const { return m_createdMs; }
    bool finishedAfterCancel() const { return m_finishedAfterCancel; }
    int elapsedSeconds() const { return m_elapsedSeconds; }

    QString mediaDirectory() const { return m_directory; }
    void setMediaDirectory(const QString& directory) { m_directory = directory; }
    // Status's deviceId, for the file name.
    void setDeviceId(const QString& deviceId) { m_deviceId = deviceId; }

    // The backup's file name: mamori-backup-<device id>-<yyyyMMddTHHmmssZ>.mbk; characters other
    // than [A-Za-z0-9_-] in the id become '_'.
    static QString fileNameFor(const QString& deviceId, qlonglong createdMs);

    // Starts a backup; without a medium directory fails at once with NotFound.
    Q_INVOKABLE void start();
    Q_INVOKABLE void cancel();
    // Back to Idle after a result.
    Q_INVOKABLE void reset();
    // A lock: cancels a running backup (its file removed) and forgets everything.
    void clear();

signals:
    void stateChanged();
    void resultChanged();
    void elapsedChanged();
    // The vault answered (also after a cancel): the log may hold a new "backup" entry.
    void finished(bool ok);
    // A refusal that may mean the vault ended the session: Session checks.
    void permissionDenied();

private:
    void discardFile();
    void setState(State state, int error = 0);
    void clearResult();

    QPointer<VaultClient> m_vault;
    QString m_directory;
    QString m_deviceId;
    State m_state = State::Idle;
    int m_error = 0;
    QString m_fileName;
    qlonglong m_bytes = 0;
    qlonglong m_auditSequence = 0;
    qlonglong m_createdMs = 0;
    bool m_finishedAfterCancel = false;
    // The running backup's file: the kiosk's own descriptor (fsync and size check) and its path.
    int m_fd = -1;
    QString m_temporary;
    quint64 m_serial = 0;
    quint64 m_nextSerial = 0;
    quint64 m_generation = 0;
    QElapsedTimer m_elapsed;
    QTimer m_ticker;
    int m_elapsedSeconds = 0;
};

} // namespace mamori::ui
