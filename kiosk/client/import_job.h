// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ImportJob: the clerk's CSV import from the inserted USB medium. The clerk picks a file from the
// medium's directory (`mediaDirectory`, which the app sets from its --media-dir option; tests set
// it directly); the kiosk reads it and shows a masked preview (ImportPreviewModel); then the vault
// imports it with ImportCsv under the session's purpose:
//
//   start(false): all or nothing — any issue and the vault writes nothing and answers the issues
//                 (row, column, error; never a value): state Refused, the issues in `issues`;
//   start(true):  only the valid rows, when the clerk chose so after seeing the issues: state Done,
//                 with `imported` and `skipped`.
//
// The vault's import is one transaction: a refused or failed import writes nothing. While the call
// runs, `elapsedSeconds` counts up (the vault reports no progress) and cancel() returns the screen
// at once. A cancel cannot stop what the vault already received: the reply is still watched, and
// if the vault had finished the import, `importedAfterCancel` says how many rows it took — the
// clerk is told, nothing is hidden. Before the file is sent, a cancel leaves everything as it was.
//
// File bytes (which hold numbers) live only while read or sent: the preview wipes its copy; the
// copy sent is wiped when the reply comes, where QtDBus no longer shares it (QtDBus's own copies are
// ordinary memory, as in the daemon: the process is not dumpable). Nothing here logs.
//
// Owned by ClerkDesk, cleared on every lock; GUI thread only.

#include "kiosk/client/import_issue_model.h"
#include "kiosk/client/import_preview_model.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace mamori::ui {

class VaultClient;

class ImportJob : public QObject {
    Q_OBJECT
    Q_PROPERTY(QStringList files READ files NOTIFY filesChanged FINAL)
    Q_PROPERTY(bool mediumPresent READ mediumPresent NOTIFY filesChanged FINAL)
    Q_PROPERTY(QString fileName READ fileName NOTIFY fileChanged FINAL)
    Q_PROPERTY(qlonglong fileSize READ fileSize NOTIFY fileChanged FINAL)
    Q_PROPERTY(mamori::ui::ImportPreviewModel* preview READ preview CONSTANT FINAL)
    Q_PROPERTY(mamori::ui::ImportIssueModel* issues READ issues CONSTANT FINAL)
    Q_PROPERTY(State state READ state NOTIFY stateChanged FINAL)
    Q_PROPERTY(bool validRowsOnly READ validRowsOnly NOTIFY stateChanged FINAL)
    Q_PROPERTY(int error READ error NOTIFY stateChanged FINAL)
    Q_PROPERTY(qlonglong rows READ rows NOTIFY resultChanged FINAL)
    Q_PROPERTY(qlonglong imported READ imported NOTIFY resultChanged FINAL)
    Q_PROPERTY(qlonglong skipped READ skipped NOTIFY resultChanged FINAL)
    Q_PROPERTY(bool issuesTruncated READ issuesTruncated NOTIFY resultChanged FINAL)
    Q_PROPERTY(qlonglong importedAfterCancel READ importedAfterCancel NOTIFY resultChanged FINAL)
    Q_PROPERTY(int elapsedSeconds READ elapsedSeconds NOTIFY elapsedChanged FINAL)

public:
    // The vault's limit (mamori-vaultd refuses larger files: TooLarge).
    static constexpr qint64 kMaxFileBytes = qint64{16} * 1024 * 1024;
    // The vault parses and writes the whole file in one transaction: give it time.
    static constexpr int kTimeoutMs = 10 * 60 * 1000;

    enum class State {
        Idle,      // no file chosen
        Previewed, // a file read and shown; nothing sent
        Running,   // the vault has the file
        Refused,   // all or nothing, with issues: nothing was imported
        Done,      // imported (all rows, or the valid ones)
        Cancelled, // the clerk stopped waiting
        Failed,    // the file could not be read, or the vault refused it as a whole: `error`
    };
    Q_ENUM(State)

    explicit ImportJob(VaultClient* vault, QObject* parent = nullptr);
    ~ImportJob() override;

    QStringList files() const { return m_files; }
    bool mediumPresent() const { return m_mediumPresent; }
    QString fileName() const { return m_fileName; }
    qlonglong fileSize() const { return m_fileSize; }
    ImportPreviewModel* preview() { return &m_preview; }
    ImportIssueModel* issues() { return &m_issues; }
    State state() const { return m_state; }
    bool validRowsOnly() const { return m_validRowsOnly; }
    int error() const { return m_error; }
    qlonglong rows() const { return m_rows; }
    qlonglong imported() const { return m_imported; }
    qlonglong skipped() const { return m_skipped; }
    bool issuesTruncated() const { return m_issuesTruncated; }
    qlonglong importedAfterCancel() const { return m_importedAfterCancel; }
    int elapsedSeconds() const { return m_elapsedSeconds; }

    void setMediaDirectory(const QString& directory);
    QString mediaDirectory() const { return m_directory; }

    // Lists the CSV files on the medium (regular files, no links), by name.
    Q_INVOKABLE void refreshFiles();
    // Reads one of `files` and shows its preview.
    Q_INVOKABLE void choose(const QString& fileName);
    // Sends the chosen file to the vault (see the header comment).
    Q_INVOKABLE void start(bool validRowsOnly);
    // Stops waiting for the vault (Running → Cancelled).
    Q_INVOKABLE void cancel();
    // Back to choosing a file; the preview and the result are forgotten.
    Q_INVOKABLE void reset();
    // Forgets everything (a lock); a reply still on its way is dropped.
    void clear();

signals:
    void filesChanged();
    void fileChanged();
    void stateChanged();
    void resultChanged();
    void elapsedChanged();
    // The vault imported rows (also after a cancel): the subject list is out of date.
    void importedRows(qlonglong count);

private:
    void setState(State state, int error = 0);
    // Reads the chosen file into `bytes`; 0 or an error number.
    int readFile(QByteArray& bytes) const;
    void clearResult();
    void wipeSent();
    void tick();

    QPointer<VaultClient> m_vault;
    ImportPreviewModel m_preview;
    ImportIssueModel m_issues;
    QString m_directory;
    QStringList m_files;
    bool m_mediumPresent = false;
    QString m_fileName;
    qlonglong m_fileSize = 0;
    State m_state = State::Idle;
    bool m_validRowsOnly = false;
    int m_error = 0;
    qlonglong m_rows = 0;
    qlonglong m_imported = 0;
    qlonglong m_skipped = 0;
    bool m_issuesTruncated = false;
    qlonglong m_importedAfterCancel = 0;
    // The bytes of the last call, shared with QtDBus until it answers; wiped once ours is the only copy.
    std::shared_ptr<QByteArray> m_sent;
    QTimer m_ticker;
    QElapsedTimer m_elapsed;
    int m_elapsedSeconds = 0;
    quint64 m_serial = 0; // the call the screen waits for; 0 for none
    quint64 m_nextSerial = 0;
    quint64 m_generation = 0; // bumped by clear(): replies for an older session are dropped
};

} // namespace mamori::ui
