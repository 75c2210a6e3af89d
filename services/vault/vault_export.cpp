// SPDX-License-Identifier: GPL-3.0-or-later
// Export (to a USB medium the kiosk opened) and provision (to an allow-listed endpoint, through the
// courier): DESIGN §2 (step-up, two-person above a threshold), §6 (destinations), EXPORT_FORMAT.md.
//
// The vault builds the payload and commits its audit entry before handing it out; it never writes
// the payload anywhere itself (it has no network and may write only its state directory). A
// payload holds numbers only when both the destination and the session's purpose allow them.

#include "services/common/utf8.h"
#include "services/vault/audit_writer.h"
#include "services/vault/card_signature.h"
#include "services/vault/vault_internal.h"

#include <sodium.h>

#include <algorithm>
#include <set>

namespace mamori::vault {
namespace {

constexpr std::size_t kMaxExportSubjects = 10000;
constexpr std::size_t kMaxDestinationPurposes = 32;

bool isExportOperation(Operation operation)
{
    return operation == Operation::Export || operation == Operation::Provide;
}

std::string_view actionFor(Operation operation) { return operation == Operation::Export ? "export" : "provide"; }

std::string joinPurposes(const std::set<std::string>& purposes)
{
    std::string text;
    for (const auto& purpose : purposes) {
        if (!text.empty())
            text += ',';
        text += purpose;
    }
    return text;
}

std::set<std::string> splitPurposes(std::string_view text)
{
    std::set<std::string> purposes;
    while (!text.empty()) {
        const auto comma = text.find(',');
        purposes.emplace(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return purposes;
}

std::vector<std::uint8_t> concatenatedIds(std::span<const SubjectId> subjects)
{
    std::vector<std::uint8_t> bytes;
    bytes.reserve(subjects.size() * kSubjectIdBytes);
    for (const SubjectId& id : subjects)
        bytes.insert(bytes.end(), id.bytes.begin(), id.bytes.end());
    return bytes;
}

Status checkSpecForm(const ExportSpec& spec)
{
    if (!isExportOperation(spec.operation))
        return Error(ErrorCode::InvalidArgument, "an export spec is for export or provide");
    if (spec.subjects.empty() || spec.subjects.size() > kMaxExportSubjects)
        return Error(ErrorCode::InvalidArgument, "an export holds 1 to 10000 subjects");
    std::set<std::array<std::uint8_t, kSubjectIdBytes>> seen;
    for (const SubjectId& id : spec.subjects)
        if (!seen.insert(id.bytes).second)
            return Error(ErrorCode::InvalidArgument, "a subject appears twice in the export");
    if (!isValidCode(spec.destination, 64))
        return Error(ErrorCode::InvalidArgument, "destination code");
    return okStatus();
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
void appendCsvField(std::string& out, std::string_view field)
{
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

// Wipes a std::string that held personal data (the payload is assembled in one, then copied into
// guarded memory and wiped).
struct WipedString {
    std::string text;
    ~WipedString()
    {
        if (!text.empty())
            sodium_memzero(text.data(), text.size());
    }
};

} // namespace

std::string_view destinationKindName(DestinationKind kind) noexcept
{
    return kind == DestinationKind::Medium ? "medium" : "endpoint";
}

Status Vault::setDestination(const SessionContext* session, const Destination& destination)
{
    return perform<Ok>(
        session, Operation::ConfigureDevice, "config", Target{},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
            if (!isValidCode(destination.code, 64))
                return Error(ErrorCode::InvalidArgument, "destination code");
            if (destination.name.empty() || destination.name.size() > 256 || !isPrintableUtf8(destination.name))
                return Error(ErrorCode::InvalidArgument, "destination name");
            if (destination.purposes.empty() || destination.purposes.size() > kMaxDestinationPurposes)
                return Error(ErrorCode::InvalidArgument, "a destination serves 1 to 32 purposes");
            MAMORI_ASSIGN_OR_RETURN(auto known, m_statements.get("SELECT 1 FROM purposes WHERE code = ?"));
            for (const auto& purpose : destination.purposes) {
                known.reset();
                known.bind(1, purpose);
                MAMORI_ASSIGN_OR_RETURN(const bool found, known.step());
                if (!found)
                    return Error(ErrorCode::InvalidArgument, "destination names an unknown purpose");
            }
            MAMORI_ASSIGN_OR_RETURN(auto upsert,
                                    m_statements.get("INSERT OR REPLACE INTO destinations (code, name, kind, purposes, "
                                                     "numbers_allowed) VALUES (?, ?, ?, ?, ?)"));
            upsert.bind(1, destination.code)
                .bind(2, destination.name)
                .bind(3, destinationKindName(destination.kind))
                .bind(4, joinPurposes(destination.purposes))
                .bind(5, std::int64_t{destination.numbersAllowed ? 1 : 0});
            MAMORI_TRY(upsert.run());
            draft.detail = "destination " + destination.code;
            return Ok{};
        });
}

Result<Destination> Vault::loadDestination(std::string_view code)
{
    MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT name, kind, purposes, numbers_allowed FROM "
                                                          "destinations WHERE code = ?"));
    select.bind(1, code);
    MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
    if (!found)
        return Error(ErrorCode::NotFound, "no such destination");
    Destination destination;
    destination.code = std::string(code);
    destination.name = std::string(select.columnText(0));
    destination.kind = select.columnText(1) == "medium" ? DestinationKind::Medium : DestinationKind::Endpoint;
    destination.purposes = splitPurposes(select.columnText(2));
    destination.numbersAllowed = select.columnInt(3) != 0;
    return destination;
}

Result<std::vector<Destination>> Vault::destinations(const SessionContext& session)
{
    MAMORI_TRY(authorize(session, Operation::QueryDestinations));
    MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT code FROM destinations ORDER BY code"));
    std::vector<std::string> codes;
    for (;;) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
        if (!row)
            break;
        codes.emplace_back(select.columnText(0));
    }
    std::vector<Destination> list;
    for (const auto& code : codes) {
        MAMORI_ASSIGN_OR_RETURN(Destination destination, loadDestination(code));
        if (session.purpose.empty() || destination.purposes.count(session.purpose) != 0)
            list.push_back(std::move(destination));
    }
    return list;
}

std::string Vault::canonicalExport(Operation operation, const ExportSpec& spec, std::string_view purpose)
{
    const auto ids = concatenatedIds(spec.subjects);
    std::string text = "op=";
    text += operationName(operation);
    text += "\nkind=";
    text += operationName(spec.operation);
    text += "\ndestination=";
    text += spec.destination;
    text += "\npurpose=";
    text += purpose;
    text += "\nsubjects=";
    text += std::to_string(spec.subjects.size());
    text += ':';
    text += hexOf(sha256(ids));
    text += '\n';
    return text;
}

Result<ExportRequest> Vault::loadExportRequest(std::int64_t requestId, std::vector<SubjectId>* subjects)
{
    MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT operation, destination, purpose, subjects, status, "
                                                          "requested_by, requested_ms, approved_by FROM "
                                                          "export_requests WHERE id = ?"));
    select.bind(1, requestId);
    MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
    if (!found)
        return Error(ErrorCode::NotFound, "no export request with that id");
    ExportRequest request;
    request.id = requestId;
    request.operation = select.columnText(0) == "export" ? Operation::Export : Operation::Provide;
    request.destination = std::string(select.columnText(1));
    request.purpose = std::string(select.columnText(2));
    const auto ids = select.columnBlob(3);
    request.subjects = ids.size() / kSubjectIdBytes;
    request.status = std::string(select.columnText(4));
    request.requestedBy = select.columnInt(5);
    request.requestedMs = select.columnInt(6);
    if (!select.columnIsNull(7))
        request.approvedBy = select.columnInt(7);
    if (subjects) {
        subjects->clear();
        for (std::size_t at = 0; at + kSubjectIdBytes <= ids.size(); at += kSubjectIdBytes) {
            MAMORI_ASSIGN_OR_RETURN(SubjectId id, SubjectId::fromBytes(ids.subspan(at, kSubjectIdBytes)));
            subjects->push_back(id);
        }
    }
    return request;
}

Result<std::int64_t> Vault::requestExport(const SessionContext& session, const ExportSpec& spec)
{
    MAMORI_TRY(checkSpecForm(spec));
    return perform<std::int64_t>(
        &session, spec.operation, "export_request", Target{nullptr, {}, spec.subjects},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<std::int64_t> {
            MAMORI_ASSIGN_OR_RETURN(const Destination destination, loadDestination(spec.destination));
            if ((destination.kind == DestinationKind::Medium) != (spec.operation == Operation::Export))
                return Error(ErrorCode::InvalidArgument, "exports go to a medium, provisions to an endpoint");
            if (destination.purposes.count(session.purpose) == 0)
                return Error(ErrorCode::PermissionDenied, "the destination does not serve the session's purpose");
            if (spec.subjects.size() <= m_options.bulkExportThreshold)
                return Error(ErrorCode::InvalidArgument, "an export this small needs no approval");
            MAMORI_ASSIGN_OR_RETURN(const auto card, spkiFromHex(session.cardId));
            MAMORI_ASSIGN_OR_RETURN(auto insert, m_statements.get("INSERT INTO export_requests (operation, "
                                                                  "destination, purpose, subjects, requested_by, "
                                                                  "requested_card, requested_ms) VALUES (?, ?, ?, "
                                                                  "?, ?, ?, ?)"));
            const auto ids = concatenatedIds(spec.subjects);
            insert.bind(1, actionFor(spec.operation))
                .bind(2, spec.destination)
                .bind(3, session.purpose)
                .bind(4, std::span<const std::uint8_t>(ids))
                .bind(5, session.userId)
                .bind(6, std::span<const std::uint8_t>(card))
                .bind(7, m_clock.nowMs());
            MAMORI_TRY(insert.run());
            const std::int64_t id = sqlite3LastInsertRowid(m_db);
            draft.detail = "request " + std::to_string(id) + " subjects " + std::to_string(spec.subjects.size()) +
                           " to " + spec.destination;
            return id;
        });
}

Status Vault::approveExport(const SessionContext& officer, std::int64_t requestId, const StepUpProof& proof)
{
    return perform<Ok>(
        &officer, Operation::ApproveExport, "export_approve", Target{},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
            std::vector<SubjectId> subjects;
            MAMORI_ASSIGN_OR_RETURN(const ExportRequest request, loadExportRequest(requestId, &subjects));
            if (request.status != "pending")
                return Error(ErrorCode::InvalidArgument, "request is " + request.status + ", not pending");
            MAMORI_ASSIGN_OR_RETURN(const auto card, spkiFromHex(officer.cardId));
            MAMORI_TRY(checkAnotherApprover(officer, "export_requests", requestId, request.requestedBy));
            const ExportSpec spec{request.operation, subjects, request.destination};
            MAMORI_ASSIGN_OR_RETURN(
                draft.signature,
                verifyStepUpText(officer, canonicalExport(Operation::ApproveExport, spec, request.purpose), proof));
            MAMORI_ASSIGN_OR_RETURN(auto update, m_statements.get("UPDATE export_requests SET status = 'approved', "
                                                                  "approved_by = ?, approved_card = ?, "
                                                                  "approval_signature = ?, approved_ms = ? WHERE id = "
                                                                  "? AND status = 'pending'"));
            update.bind(1, officer.userId)
                .bind(2, std::span<const std::uint8_t>(card))
                .bind(3, std::span<const std::uint8_t>(draft.signature))
                .bind(4, m_clock.nowMs())
                .bind(5, requestId);
            MAMORI_TRY(update.run());
            draft.detail = "request " + std::to_string(requestId);
            return Ok{};
        });
}

Result<std::vector<ExportRequest>> Vault::exportRequests(const SessionContext& session)
{
    MAMORI_TRY(authorize(session, Operation::QueryDestinations));
    // An officer sees every open request; a clerk their own.
    const bool officer = session.hasRole(Role::Officer);
    MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT id FROM export_requests WHERE status != "
                                                          "'executed' AND (? OR requested_by = ?) ORDER BY id"));
    select.bind(1, std::int64_t{officer ? 1 : 0}).bind(2, session.userId);
    std::vector<std::int64_t> ids;
    for (;;) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
        if (!row)
            break;
        ids.push_back(select.columnInt(0));
    }
    std::vector<ExportRequest> requests;
    for (std::int64_t id : ids) {
        MAMORI_ASSIGN_OR_RETURN(ExportRequest request, loadExportRequest(id));
        requests.push_back(std::move(request));
    }
    return requests;
}

Result<SecretBuffer> Vault::renderPayload(std::span<const SubjectId> subjects, bool withNumbers)
{
    WipedString csv;
    csv.text = withNumbers ? "employee_code,kind,parent_code,name,name_kana,birth_date,individual_number\r\n"
                           : "employee_code,kind,parent_code,name,name_kana,birth_date\r\n";
    MAMORI_ASSIGN_OR_RETURN(auto parentCode, m_statements.get("SELECT code FROM subjects WHERE id = ?"));
    MAMORI_ASSIGN_OR_RETURN(auto numberOf, m_statements.get("SELECT ciphertext FROM numbers WHERE subject_id = ?"));
    for (const SubjectId& id : subjects) {
        MAMORI_ASSIGN_OR_RETURN(const SubjectRow row, loadSubject(id));
        std::string parent;
        if (row.parent) {
            parentCode.reset();
            parentCode.bind(1, std::span<const std::uint8_t>(row.parent->bytes));
            MAMORI_ASSIGN_OR_RETURN(const bool found, parentCode.step());
            if (found)
                parent = std::string(parentCode.columnText(0));
        }
        MAMORI_ASSIGN_OR_RETURN(SecretBuffer dataKey, unwrapDataKey(m_keys->keyEncryptionKey(), id, row.wrappedKey));
        const auto field = [&](std::string_view name,
                               const std::vector<std::uint8_t>& ciphertext) -> Result<PersonalText> {
            if (ciphertext.empty())
                return PersonalText();
            return decryptField(dataKey, id, name, kFieldSchemaVersion, ciphertext);
        };
        MAMORI_ASSIGN_OR_RETURN(const PersonalText name, field("name", row.name));
        MAMORI_ASSIGN_OR_RETURN(const PersonalText kana, field("name_kana", row.nameKana));
        MAMORI_ASSIGN_OR_RETURN(const PersonalText birth, field("birth_date", row.birthDate));
        appendCsvField(csv.text, row.code);
        csv.text += ',';
        csv.text += subjectKindName(row.kind);
        csv.text += ',';
        appendCsvField(csv.text, parent);
        csv.text += ',';
        appendCsvField(csv.text, name.view());
        csv.text += ',';
        appendCsvField(csv.text, kana.view());
        csv.text += ',';
        appendCsvField(csv.text, birth.view());
        if (withNumbers) {
            csv.text += ',';
            numberOf.reset();
            numberOf.bind(1, std::span<const std::uint8_t>(id.bytes));
            MAMORI_ASSIGN_OR_RETURN(const bool found, numberOf.step());
            if (found) {
                const std::vector<std::uint8_t> ciphertext(numberOf.columnBlob(0).begin(),
                                                           numberOf.columnBlob(0).end());
                MAMORI_ASSIGN_OR_RETURN(const PersonalText digits, field("number", ciphertext));
                csv.text += digits.view();
            }
        }
        csv.text += "\r\n";
    }
    return SecretBuffer::copyOf(std::span(reinterpret_cast<const std::uint8_t*>(csv.text.data()), csv.text.size()));
}

Result<ExportPayload> Vault::exportSubjects(const SessionContext& session, const ExportSpec& spec,
                                            const StepUpProof& proof, std::optional<std::int64_t> approvedRequest)
{
    MAMORI_TRY(checkSpecForm(spec));
    ExportPayload payload;
    auto built = perform<Ok>(
        &session, spec.operation, actionFor(spec.operation), Target{nullptr, {}, spec.subjects},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
            MAMORI_ASSIGN_OR_RETURN(const Destination destination, loadDestination(spec.destination));
            if ((destination.kind == DestinationKind::Medium) != (spec.operation == Operation::Export))
                return Error(ErrorCode::InvalidArgument, "exports go to a medium, provisions to an endpoint");
            if (destination.purposes.count(session.purpose) == 0)
                return Error(ErrorCode::PermissionDenied, "the destination does not serve the session's purpose");
            draft.detail = std::to_string(spec.subjects.size()) + " subjects to " + spec.destination;
            if (spec.subjects.size() > m_options.bulkExportThreshold) {
                if (!approvedRequest)
                    return Error(ErrorCode::PermissionDenied, "a bulk export needs an officer's approval");
                std::vector<SubjectId> approvedSubjects;
                MAMORI_ASSIGN_OR_RETURN(const ExportRequest request,
                                        loadExportRequest(*approvedRequest, &approvedSubjects));
                if (request.status != "approved")
                    return Error(ErrorCode::PermissionDenied, "the export request is " + request.status);
                if (request.requestedBy != session.userId || request.operation != spec.operation ||
                    request.destination != spec.destination || request.purpose != session.purpose ||
                    approvedSubjects != spec.subjects)
                    return Error(ErrorCode::PermissionDenied, "the export differs from the approved request");
                MAMORI_ASSIGN_OR_RETURN(auto approval, m_statements.get("SELECT approval_signature FROM "
                                                                        "export_requests WHERE id = ?"));
                approval.bind(1, *approvedRequest);
                MAMORI_ASSIGN_OR_RETURN(const bool found, approval.step());
                if (!found)
                    return Error(ErrorCode::NotFound, "no export request with that id");
                const auto signature = approval.columnBlob(0);
                draft.secondSignature.assign(signature.begin(), signature.end());
                MAMORI_ASSIGN_OR_RETURN(auto executed, m_statements.get("UPDATE export_requests SET status = "
                                                                        "'executed', executed_ms = ? WHERE id = ? "
                                                                        "AND status = 'approved'"));
                executed.bind(1, m_clock.nowMs()).bind(2, *approvedRequest);
                MAMORI_TRY(executed.run());
                draft.detail += " request " + std::to_string(*approvedRequest);
            }
            MAMORI_ASSIGN_OR_RETURN(
                draft.signature,
                verifyStepUpText(session, canonicalExport(spec.operation, spec, session.purpose), proof));

            MAMORI_ASSIGN_OR_RETURN(auto purpose,
                                    m_statements.get("SELECT numbers_allowed FROM purposes WHERE code = ?"));
            purpose.bind(1, session.purpose);
            MAMORI_ASSIGN_OR_RETURN(const bool purposeFound, purpose.step());
            const bool withNumbers = destination.numbersAllowed && purposeFound && purpose.columnInt(0) != 0;
            MAMORI_ASSIGN_OR_RETURN(payload.bytes, renderPayload(spec.subjects, withNumbers));
            payload.destination = spec.destination;
            payload.kind = destination.kind;
            payload.subjects = spec.subjects.size();
            payload.containsNumbers = withNumbers;
            if (withNumbers)
                draft.detail += " with numbers";
            return Ok{};
        });
    if (!built.ok())
        return built.error();
    payload.auditSequence = auditHeadSequence();
    payload.fileName = "mamori-" + std::string(actionFor(spec.operation)) + "-" + m_options.deviceId + "-" +
                       std::to_string(payload.auditSequence) + ".csv";
    return payload;
}

Status Vault::recordDeliveryFailure(const SessionContext& session, const ExportPayload& payload, ErrorCode why)
{
    const Operation operation = payload.kind == DestinationKind::Medium ? Operation::Export : Operation::Provide;
    AuditDraft draft = draftFor(&session, operation, actionFor(operation));
    draft.result = resultText("failed", why);
    draft.detail = "delivery of entry " + std::to_string(payload.auditSequence) + " failed";
    return auditStandalone(std::move(draft));
}

Status Vault::recordAlert(const SessionContext& session, Operation operation, std::string_view detail)
{
    AuditDraft draft = draftFor(&session, operation, "alert");
    draft.detail = std::string(detail.substr(0, 256));
    while (!draft.detail.empty() && !isPrintableUtf8(draft.detail)) // never cut a character in two
        draft.detail.pop_back();
    return auditStandalone(std::move(draft));
}

Result<std::string> Vault::describeStepUp(const SessionContext& session, const StepUpTarget& target)
{
    bool mayPerform = false;
    for (Role role : session.roles)
        mayPerform = mayPerform || roleMayPerform(role, target.operation);
    if (!mayPerform)
        return Error(ErrorCode::PermissionDenied, "no role of the session may do this");
    switch (target.operation) {
    case Operation::RevealNumber:
        if (target.spec.subjects.size() != 1)
            return Error(ErrorCode::InvalidArgument, "a reveal names one subject");
        return canonicalOperation(Operation::RevealNumber, target.spec.subjects.front(), session.purpose);
    case Operation::ApproveDisposal: {
        MAMORI_ASSIGN_OR_RETURN(const DisposalRequest request, loadRequest(target.requestId));
        return canonicalOperation(Operation::ApproveDisposal, request.subject, session.purpose);
    }
    case Operation::Export:
    case Operation::Provide:
        if (target.spec.operation != target.operation)
            return Error(ErrorCode::InvalidArgument, "the spec is for another operation");
        MAMORI_TRY(checkSpecForm(target.spec));
        return canonicalExport(target.operation, target.spec, session.purpose);
    case Operation::ApproveExport: {
        std::vector<SubjectId> subjects;
        MAMORI_ASSIGN_OR_RETURN(const ExportRequest request, loadExportRequest(target.requestId, &subjects));
        return canonicalExport(Operation::ApproveExport, ExportSpec{request.operation, subjects, request.destination},
                               request.purpose);
    }
    case Operation::Restore:
        if (target.backupSha256Hex.size() != 64)
            return Error(ErrorCode::InvalidArgument, "a restore names the backup's SHA-256");
        return canonicalRestore(target.backupSha256Hex, target.replaceNewer);
    default:
        return Error(ErrorCode::InvalidArgument, "no step-up for this operation");
    }
}

} // namespace mamori::vault
