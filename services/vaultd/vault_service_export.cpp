// SPDX-License-Identifier: GPL-3.0-or-later
// VaultService: step-up descriptions, documents, destinations, export to a medium the kiosk opened
// (a file descriptor passed over the bus) and provision to an endpoint (a file in the outbox that
// mamori-courier collects). The vault authorises, builds the payload and audits; this file only
// checks forms and puts the bytes where they go. See EXPORT_FORMAT.md for the outbox layout.

#include "services/vaultd/vault_service.h"

#include "services/common/file_io.h"
#include "services/net/outgoing_scanner.h"
#include "services/vaultd/argument_checks.h"
#include "services/vaultd/dbus_values.h"
#include "services/vaultd/request_checks.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <sys/stat.h>

namespace mamori::vaultd {

QByteArray VaultService::BeginStepUp(const QString& operation, const QVariantMap& arguments,
                                     QString& canonicalOperation)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto target = checkStepUpTarget(operation, arguments);
    if (refused(target))
        return {};
    const auto canonical = m_host.vault().describeStepUp(*session, target.value());
    if (refused(canonical))
        return {};
    const auto nonce = m_host.vault().issueStepUpNonce(*session);
    if (refused(nonce))
        return {};
    canonicalOperation = QString::fromStdString(canonical.value());
    return arrayOf(nonce.value());
}

qlonglong VaultService::RecordDocument(const QString& subjectId, const QVariantMap& document)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return 0;
    const auto id = checkSubjectId(subjectId);
    if (refused(id))
        return 0;
    const auto record = checkDocument(document);
    if (refused(record))
        return 0;
    const auto recorded = m_host.vault().recordDocument(*session, id.value(), record.value());
    if (refused(recorded))
        return 0;
    return recorded.value();
}

QVariantList VaultService::Destinations()
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto destinations = m_host.vault().destinations(*session);
    if (refused(destinations))
        return {};
    QVariantList list;
    for (const vault::Destination& destination : destinations.value())
        list.append(destinationMap(destination));
    return list;
}

qlonglong VaultService::RequestExport(const QString& operation, const QStringList& subjects, const QString& destination)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return 0;
    if (operation != QLatin1String("export") && operation != QLatin1String("provide")) {
        refuse(Error(ErrorCode::InvalidArgument, "operation is export or provide"));
        return 0;
    }
    const auto spec =
        checkExportSpec(operation == QLatin1String("export") ? vault::Operation::Export : vault::Operation::Provide,
                        subjects, destination);
    if (refused(spec))
        return 0;
    const auto request = m_host.vault().requestExport(*session, spec.value());
    if (refused(request))
        return 0;
    return request.value();
}

void VaultService::ApproveExport(qlonglong requestId, const QByteArray& nonce, const QByteArray& signature)
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
    (void)refused(
        m_host.vault().approveExport(*session, requestId, vault::StepUpProof{bytesOf(nonce), bytesOf(signature)}));
}

QVariantList VaultService::ExportRequests()
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto requests = m_host.vault().exportRequests(*session);
    if (refused(requests))
        return {};
    QVariantList list;
    for (const vault::ExportRequest& request : requests.value())
        list.append(exportRequestMap(request));
    return list;
}

QVariantMap VaultService::exportPayload(
    vault::Operation operation, const QStringList& subjects, const QString& destination, qlonglong requestId,
    const QByteArray& nonce, const QByteArray& signature,
    const std::function<mamori::Status(const vault::SessionContext&, const vault::ExportPayload&)>& deliver)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto spec = checkExportSpec(operation, subjects, destination);
    if (refused(spec))
        return {};
    if (requestId < 0) {
        refuse(Error(ErrorCode::InvalidArgument, "request id: 0 for none, else from 1"));
        return {};
    }
    if (refused(checkStepUp(nonce, signature)))
        return {};
    const std::optional<std::int64_t> request = requestId == 0 ? std::nullopt : std::optional<std::int64_t>(requestId);
    auto payload = m_host.vault().exportSubjects(*session, spec.value(),
                                                 vault::StepUpProof{bytesOf(nonce), bytesOf(signature)}, request);
    if (refused(payload))
        return {};
    // The entry is committed; if the bytes cannot be put where they go, a second entry says so.
    const mamori::Status delivered = deliver(*session, payload.value());
    if (!delivered.ok()) {
        (void)m_host.vault().recordDeliveryFailure(*session, payload.value(), delivered.code());
        refuse(delivered.error());
        return {};
    }
    QVariantMap reply;
    reply.insert(QStringLiteral("fileName"), QString::fromStdString(payload.value().fileName));
    reply.insert(QStringLiteral("auditSequence"), QVariant::fromValue<qulonglong>(payload.value().auditSequence));
    reply.insert(QStringLiteral("subjects"),
                 QVariant::fromValue<qlonglong>(static_cast<qlonglong>(payload.value().subjects)));
    reply.insert(QStringLiteral("containsNumbers"), payload.value().containsNumbers);
    reply.insert(QStringLiteral("bytes"),
                 QVariant::fromValue<qlonglong>(static_cast<qlonglong>(payload.value().bytes.size())));
    return reply;
}

QVariantMap VaultService::Export(const QStringList& subjects, const QString& destination, qlonglong requestId,
                                 const QByteArray& nonce, const QByteArray& signature,
                                 const QDBusUnixFileDescriptor& medium)
{
    // A descriptor that cannot take the payload is refused before anything is built or audited.
    if (refused(checkWritableFile(medium.fileDescriptor()))) // -1 when no descriptor came
        return {};
    return exportPayload(
        vault::Operation::Export, subjects, destination, requestId, nonce, signature,
        [&](const vault::SessionContext& session, const vault::ExportPayload& payload) {
            // DESIGN §6: what a USB export writes is scanned like what the courier
            // sends. The vault leaves numbers out for a destination that may not
            // have them; the scan catches one typed into another field.
            const net::ScanReport report = net::scanPayload(payload.bytes.bytes(), net::PayloadKind::Csv);
            const net::EgressDecision decision = net::decideEgress(report, payload.containsNumbers);
            if (!decision.allowed) {
                (void)m_host.vault().recordAlert(session, vault::Operation::Export,
                                                 "export blocked by the outgoing-data scan: " + decision.reason);
                return mamori::Status(Error(ErrorCode::PermissionDenied, "blocked by the scan"));
            }
            return writeToDescriptor(medium.fileDescriptor(), payload.bytes.bytes());
        });
}

QVariantMap VaultService::Provide(const QStringList& subjects, const QString& destination, qlonglong requestId,
                                  const QByteArray& nonce, const QByteArray& signature)
{
    return exportPayload(
        vault::Operation::Provide, subjects, destination, requestId, nonce, signature,
        [&](const vault::SessionContext&, const vault::ExportPayload& payload) -> mamori::Status {
            std::error_code ec;
            std::filesystem::create_directories(m_outbox, ec);
            if (ec || ::chmod(m_outbox.c_str(), 0750) != 0)
                return Error(ErrorCode::StorageIo, "the outbox cannot be created");
            // The payload first, then its envelope: the courier takes a payload only once its envelope is there.
            QJsonObject envelope;
            envelope.insert(QStringLiteral("payload"), QString::fromStdString(payload.fileName));
            envelope.insert(QStringLiteral("destination"), QString::fromStdString(payload.destination));
            envelope.insert(QStringLiteral("auditSequence"), static_cast<qint64>(payload.auditSequence));
            envelope.insert(QStringLiteral("containsNumbers"), payload.containsNumbers);
            envelope.insert(QStringLiteral("mediaType"), QStringLiteral("text/csv; charset=utf-8"));
            const QByteArray json = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
            const std::filesystem::path file = m_outbox / payload.fileName;
            MAMORI_TRY(writeFileAtomically(file, payload.bytes.bytes(), 0640));
            return writeFileAtomically(std::filesystem::path(file.string() + ".json"),
                                       std::span(reinterpret_cast<const std::uint8_t*>(json.constData()),
                                                 static_cast<std::size_t>(json.size())),
                                       0640);
        });
}

} // namespace mamori::vaultd
