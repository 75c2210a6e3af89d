// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/export_job.h"

#include "kiosk/client/medium_file.h"
#include "kiosk/client/subject_list_model.h"
#include "kiosk/client/vault_client.h"
#include "services/common/error.h"

#include <QDBusUnixFileDescriptor>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <unistd.h>

namespace mamori::ui {

namespace {

int number(ErrorCode code) { return static_cast<int>(errorNumber(code)); }

} // namespace

ExportJob::ExportJob(VaultClient* vault, SubjectListModel* subjects, QObject* parent)
    : QObject(parent), m_vault(vault), m_subjects(subjects)
{
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &ExportJob::tick);
    if (m_subjects) {
        connect(m_subjects, &SubjectListModel::selectionChanged, this, [this] {
            emit subjectsChanged();
            emit problemChanged();
        });
    }
    connect(&m_requests, &ExportRequestModel::countChanged, this, &ExportJob::requestChanged);
    connect(&m_destinations, &DestinationModel::countChanged, this, [this] {
        emit destinationChanged();
        emit problemChanged();
    });
}

void ExportJob::setDestination(const QString& code)
{
    if (code == m_destination)
        return;
    m_destination = code;
    emit destinationChanged();
    emit problemChanged();
}

QString ExportJob::destinationKind() const
{
    return m_destinations.get(m_destinations.rowOf(m_destination)).value(QStringLiteral("kind")).toString();
}

bool ExportJob::numbersAllowed() const
{
    return m_destinations.get(m_destinations.rowOf(m_destination)).value(QStringLiteral("numbersAllowed")).toBool();
}

int ExportJob::subjectCount() const { return m_subjects ? m_subjects->selectedCount() : 0; }

void ExportJob::setBulkThreshold(int threshold)
{
    threshold = std::max(1, threshold);
    if (threshold == m_bulkThreshold)
        return;
    m_bulkThreshold = threshold;
    emit subjectsChanged();
}

bool ExportJob::mediumPresent() const { return !m_directory.isEmpty() && QFileInfo(m_directory).isDir(); }

ExportJob::Problem ExportJob::problem() const
{
    const int count = subjectCount();
    if (count == 0)
        return Problem::NoSubjects;
    if (count > kMaxSubjects)
        return Problem::TooManySubjects;
    if (m_destinations.rowOf(m_destination) < 0)
        return Problem::NoDestination;
    if (destinationKind() == QLatin1String("medium") && !mediumPresent())
        return Problem::NoMedium;
    return Problem::None;
}

QString ExportJob::requestStatus() const { return m_requestId ? m_requests.statusOf(m_requestId) : QString(); }

void ExportJob::setMediaDirectory(const QString& directory)
{
    if (directory == m_directory)
        return;
    m_directory = directory;
    emit problemChanged();
}

void ExportJob::load()
{
    if (!m_vault)
        return;
    emit problemChanged(); // the medium may have come or gone
    setLoading(true);
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("Destinations"), {}, this, [this, generation](const VaultReply& reply) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (!reply.ok()) {
            setState(State::Failed, reply.error);
            if (reply.error == number(ErrorCode::PermissionDenied))
                emit permissionDenied();
            return;
        }
        m_destinations.setItems(VaultClient::listOf(reply.first()));
        if (m_destinations.rowOf(m_destination) < 0)
            setDestination(m_destinations.count() == 1 ? m_destinations.get(0).value(QStringLiteral("code")).toString()
                                                       : QString());
        emit destinationChanged();
        emit problemChanged();
    });
    loadRequests();
}

void ExportJob::loadRequests()
{
    if (!m_vault)
        return;
    setLoading(true);
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("ExportRequests"), {}, this, [this, generation](const VaultReply& reply) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (!reply.ok())
            return; // the list stays as it was; the acts report their own errors
        m_requests.setItems(VaultClient::listOf(reply.first()));
        // Requests the vault no longer lists (executed) need no list kept here.
        for (auto it = m_held.begin(); it != m_held.end();) {
            if (m_requests.statusOf(it.key()).isEmpty())
                it = m_held.erase(it);
            else
                ++it;
        }
        emit requestChanged();
    });
}

void ExportJob::start()
{
    if (m_state == State::Signing || m_state == State::Running || m_state == State::Requesting)
        return;
    if (problem() != Problem::None || needsApproval())
        return;
    Act act;
    act.operation = destinationKind() == QLatin1String("medium") ? QStringLiteral("export") : QStringLiteral("provide");
    act.subjects = m_subjects->selectedIds();
    act.destination = m_destination;
    signAndRun(act);
}

void ExportJob::requestApproval()
{
    if (!m_vault || m_state == State::Signing || m_state == State::Running || m_state == State::Requesting)
        return;
    if (problem() != Problem::None || !needsApproval())
        return;
    Act act;
    act.operation = destinationKind() == QLatin1String("medium") ? QStringLiteral("export") : QStringLiteral("provide");
    act.subjects = m_subjects->selectedIds();
    act.destination = m_destination;
    clearResult();
    setState(State::Requesting);
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("RequestExport"), {act.operation, act.subjects, act.destination}, this,
                  [this, generation, act](const VaultReply& reply) {
                      if (generation != m_generation)
                          return;
                      if (!reply.ok()) {
                          setState(State::Failed, reply.error);
                          if (reply.error == number(ErrorCode::PermissionDenied))
                              emit permissionDenied();
                          return;
                      }
                      m_requestId = reply.first().toLongLong();
                      m_held.insert(m_requestId, act);
                      emit requestChanged();
                      setState(State::Requested);
                      loadRequests();
                  });
}

void ExportJob::runApproved(qlonglong requestId)
{
    if (m_state == State::Signing || m_state == State::Running || m_state == State::Requesting)
        return;
    const auto held = m_held.constFind(requestId);
    if (held == m_held.constEnd()) {
        setState(State::Failed, number(ErrorCode::NotFound));
        return;
    }
    Act act = held.value();
    act.requestId = requestId;
    m_requestId = requestId;
    emit requestChanged();
    setDestination(act.destination);
    if (act.operation == QLatin1String("export") && !mediumPresent()) {
        setState(State::Failed, number(ErrorCode::NotFound));
        return;
    }
    signAndRun(act);
}

void ExportJob::signAndRun(const Act& act)
{
    clearResult();
    if (!m_stepUp || !m_vault) {
        setState(State::Failed, number(ErrorCode::Unavailable));
        return;
    }
    const quint64 serial = ++m_nextSerial;
    const quint64 generation = m_generation;
    m_serial = serial;
    setState(State::Signing);
    const QVariantMap arguments{{QStringLiteral("subjects"), act.subjects},
                                {QStringLiteral("destination"), act.destination}};
    const QPointer<ExportJob> self(this);
    const bool pending = m_stepUp(
        act.operation, arguments,
        [self, serial, generation, act](const QByteArray& nonce, const QByteArray& signature, StepUpDone done) {
            if (!self || generation != self->m_generation || serial != self->m_serial) {
                if (done)
                    done(0); // the clerk gave up on it here: close the dialog, do nothing
                return;
            }
            self->perform(act, nonce, signature, done, serial);
        });
    if (!pending && m_serial == serial && m_state == State::Signing) {
        m_serial = 0;
        setState(State::Failed, number(ErrorCode::StepUpRequired));
    }
}

void ExportJob::perform(const Act& act, const QByteArray& nonce, const QByteArray& signature, const StepUpDone& done,
                        quint64 serial)
{
    const bool toMedium = act.operation == QLatin1String("export");
    QVariantList arguments{act.subjects, act.destination, act.requestId, nonce, signature};
    QString temporary;
    if (toMedium) {
        int error = 0;
        const int fd = mediumPresent() ? createMediumFile(m_directory, act.operation, temporary, error) : -1;
        if (fd < 0) {
            m_serial = 0;
            setState(State::Failed, error ? error : number(ErrorCode::NotFound));
            if (done)
                done(0);
            return;
        }
        arguments.append(QVariant::fromValue(QDBusUnixFileDescriptor(fd))); // a duplicate travels
        ::close(fd);
    }
    m_elapsed.start();
    m_elapsedSeconds = 0;
    emit elapsedChanged();
    m_ticker.start();
    setState(State::Running);
    const quint64 generation = m_generation;
    const QString directory = m_directory;
    m_vault->setTimeout(kTimeoutMs); // this call only
    m_vault->call(toMedium ? QStringLiteral("Export") : QStringLiteral("Provide"), arguments, this,
                  [this, generation, serial, act, done, temporary, directory, toMedium](const VaultReply& reply) {
                      // The file first, whatever became of the screen: a finished export is renamed to the name
                      // the vault gave it (its act is audited); anything else leaves no file behind.
                      const QVariantMap result = reply.ok() ? VaultClient::mapOf(reply.first()) : QVariantMap();
                      QString finalName;
                      if (toMedium) {
                          if (reply.ok())
                              finishExportFile(temporary, result.value(QStringLiteral("fileName")).toString(),
                                               finalName);
                          else
                              QFile::remove(temporary);
                          syncDirectory(directory);
                      } else {
                          finalName = result.value(QStringLiteral("fileName")).toString();
                      }
                      if (generation != m_generation)
                          return;
                      if (act.requestId != 0 && reply.ok())
                          m_held.remove(act.requestId);
                      if (serial != m_serial) { // cancelled here: say what the vault did anyway
                          if (reply.ok()) {
                              m_finishedAfterCancel = finalName;
                              emit resultChanged();
                          }
                          if (done)
                              done(0);
                          return;
                      }
                      m_serial = 0;
                      m_ticker.stop();
                      if (!reply.ok()) {
                          setState(State::Failed, reply.error);
                          if (reply.error == number(ErrorCode::PermissionDenied))
                              emit permissionDenied();
                      } else {
                          m_resultOperation = act.operation;
                          m_resultFile = finalName;
                          m_resultSubjects = result.value(QStringLiteral("subjects")).toLongLong();
                          m_resultBytes = result.value(QStringLiteral("bytes")).toLongLong();
                          m_resultContainsNumbers = result.value(QStringLiteral("containsNumbers")).toBool();
                          m_resultSequence = result.value(QStringLiteral("auditSequence")).toLongLong();
                          emit resultChanged();
                          setState(State::Done);
                      }
                      if (act.requestId != 0)
                          loadRequests();
                      if (done)
                          done(0); // the page shows the outcome; the PIN dialog closes
                  });
    m_vault->setTimeout(VaultClient::kDefaultTimeoutMs);
}

void ExportJob::finishExportFile(const QString& temporary, const QString& suggested, QString& finalName) const
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$"));
    const QString base = safe.match(suggested).hasMatch() ? suggested : QStringLiteral("mamori-export.csv");
    finalName = renameWithoutReplacing(temporary, base);
    if (finalName.isNull())
        finalName = QFileInfo(temporary).fileName(); // the payload is there, under the kiosk's own name
}

void ExportJob::cancel()
{
    if (m_state != State::Signing && m_state != State::Running)
        return;
    m_serial = 0;
    m_ticker.stop();
    setState(State::Cancelled);
}

void ExportJob::reset()
{
    if (m_state == State::Signing || m_state == State::Running)
        cancel();
    clearResult();
    setState(State::Idle);
}

void ExportJob::clear()
{
    ++m_generation;
    m_serial = 0;
    m_ticker.stop();
    m_loading = 0;
    emit loadingChanged();
    m_destinations.clear();
    m_requests.clear();
    m_destination.clear();
    m_requestId = 0;
    m_finishedAfterCancel.clear();
    clearResult();
    m_bulkThreshold = kDefaultBulkThreshold;
    emit destinationChanged();
    emit subjectsChanged();
    emit problemChanged();
    emit requestChanged();
    setState(State::Idle);
}

void ExportJob::clearResult()
{
    m_resultOperation.clear();
    m_resultFile.clear();
    m_resultSubjects = m_resultBytes = m_resultSequence = 0;
    m_resultContainsNumbers = false;
    emit resultChanged();
}

void ExportJob::setState(State state, int error)
{
    if (state == m_state && error == m_error)
        return;
    m_state = state;
    m_error = error;
    emit stateChanged();
}

void ExportJob::setLoading(bool on)
{
    m_loading = std::max(0, m_loading + (on ? 1 : -1));
    emit loadingChanged();
}

void ExportJob::tick()
{
    m_elapsedSeconds = static_cast<int>(m_elapsed.elapsed() / 1000);
    emit elapsedChanged();
}

} // namespace mamori::ui
