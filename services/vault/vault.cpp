// SPDX-License-Identifier: GPL-3.0-or-later
// Vault: opening, the transaction-with-audit pattern, device set-up (departments, purposes, users,
// cards) and step-up verification. Subject operations are in vault_subjects.cpp.

#include "services/vault/vault.h"

#include "services/common/utf8.h"
#include "services/vault/audit_entry.h"
#include "services/vault/audit_writer.h"
#include "services/vault/card_signature.h"
#include "services/vault/vault_internal.h"
#include "services/vault/vault_schema.h"

#include <sodium.h>

#include <filesystem>

namespace mamori::vault {

namespace {
constexpr std::string_view kKeyCheckLabel = "mamori-key-check-v1";
} // namespace

Vault::Vault(VaultOptions options, Clock& clock, MonotonicCounter* counter)
    : m_options(std::move(options)), m_clock(clock), m_counter(counter)
{}

Vault::~Vault() = default;

Result<std::unique_ptr<Vault>> Vault::open(const VaultOptions& options, KeySource& keys, Clock& clock,
                                           MonotonicCounter* counter)
{
    MAMORI_TRY(initSodium());
    if (options.deviceId.size() > 64 || !isPrintableUtf8(options.deviceId))
        return Error(ErrorCode::InvalidArgument, "device id must be 1-64 printable bytes");
    std::error_code ec;
    const bool exists = std::filesystem::exists(options.path, ec);
    if (!exists && !options.create)
        return Error(ErrorCode::NotFound, "no vault database at the configured path");

    std::unique_ptr<Vault> vault(new Vault(options, clock, counter));
    // Keys first, before the file is touched: a TPM that refuses (maintenance mode, a changed boot
    // chain, no TPM) leaves the database, its WAL and its directory exactly as they were. The
    // master key lives only as long as derivation needs it.
    {
        MAMORI_ASSIGN_OR_RETURN(SecretBuffer master, keys.masterKey());
        MAMORI_ASSIGN_OR_RETURN(VaultKeys derived, VaultKeys::derive(master));
        vault->m_keys = std::make_unique<VaultKeys>(std::move(derived));
    }
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer seed, keys.deviceSigningSeed());
    MAMORI_ASSIGN_OR_RETURN(vault->m_scratchKey, SecretBuffer::create(kDataKeyBytes));
    MAMORI_ASSIGN_OR_RETURN(vault->m_newKey, SecretBuffer::create(kDataKeyBytes));

    MAMORI_ASSIGN_OR_RETURN(vault->m_db, Database::open(options.path, options.create ? Database::Mode::ReadWriteCreate
                                                                                     : Database::Mode::ReadWrite));
    Database& db = vault->m_db;
    MAMORI_TRY(db.exec("PRAGMA journal_mode = WAL"));
    MAMORI_TRY(db.exec("PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON; "
                       "PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON; PRAGMA busy_timeout = 5000"));

    // A key-check value tells a wrong master key (another TPM, a bad recovery) from a damaged file.
    // An existing vault is checked before anything is written to it (a migration included).
    std::array<std::uint8_t, crypto_generichash_BYTES> check{};
    const auto& kek = vault->m_keys->keyEncryptionKey();
    crypto_generichash(check.data(), check.size(), reinterpret_cast<const std::uint8_t*>(kKeyCheckLabel.data()),
                       kKeyCheckLabel.size(), kek.data(), kek.size());
    MAMORI_ASSIGN_OR_RETURN(const std::uint32_t version, schemaVersion(db));
    bool keyChecked = false;
    if (version > 0) {
        MAMORI_ASSIGN_OR_RETURN(auto select, db.prepare("SELECT value FROM meta WHERE key = 'key_check'"));
        MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
        if (found) {
            const auto stored = select.columnBlob(0);
            if (stored.size() != check.size() || sodium_memcmp(stored.data(), check.data(), check.size()) != 0)
                return Error(ErrorCode::StorageKeyMismatch, "key check value differs");
            keyChecked = true;
        }
    }
    MAMORI_TRY(migrate(db));
    if (!keyChecked) {
        MAMORI_ASSIGN_OR_RETURN(auto tx, Transaction::begin(db));
        MAMORI_ASSIGN_OR_RETURN(auto insert, db.prepare("INSERT INTO meta (key, value) VALUES ('key_check', ?)"));
        insert.bind(1, std::span<const std::uint8_t>(check));
        MAMORI_TRY(insert.run());
        MAMORI_TRY(tx.commit());
    }
    MAMORI_TRY(vault->seedRetentionRules());

    // The checkpoint bound: the largest entry interval ever configured for this file.
    std::uint64_t bound = options.checkpointEvery;
    {
        MAMORI_ASSIGN_OR_RETURN(auto select, db.prepare("SELECT value FROM meta WHERE key = 'checkpoint_bound'"));
        MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
        const std::uint64_t stored = found ? static_cast<std::uint64_t>(select.columnInt(0)) : 0;
        if (stored > bound)
            bound = stored;
        if (stored != bound) {
            MAMORI_ASSIGN_OR_RETURN(auto upsert, db.prepare("INSERT OR REPLACE INTO meta (key, value) "
                                                            "VALUES ('checkpoint_bound', ?)"));
            upsert.bind(1, static_cast<std::int64_t>(bound));
            MAMORI_TRY(upsert.run());
        }
    }

    MAMORI_TRY(vault->settleDeviceId());
    MAMORI_ASSIGN_OR_RETURN(
        vault->m_audit, AuditWriter::load(db, vault->m_options.deviceId, std::move(seed), counter,
                                          CheckpointPolicy{options.checkpointEvery, options.checkpointEveryMs, bound},
                                          options.acceptOlderCounter));
    return vault;
}

std::uint64_t Vault::auditHeadSequence() const { return m_audit->headSequence(); }

// --- the transaction-with-audit pattern ---

AuditDraft draftFor(const SessionContext* session, Operation operation, std::string_view action)
{
    AuditDraft draft;
    draft.action = std::string(action);
    if (session) {
        draft.actor = session->cardId;
        // The role the operation is performed in: the first of the session's roles that may do it.
        draft.role = "none";
        if (session->cardId.empty())
            draft.actor = std::string(kSystemActor);
        for (Role role : session->roles) {
            if (roleMayPerform(role, operation)) {
                draft.role = std::string(roleName(role));
                break;
            }
        }
        // Refused for every role: record the first the session holds ("system" for none at all).
        if (draft.role == "none")
            draft.role =
                session->roles.empty() ? std::string(kSystemActor) : std::string(roleName(*session->roles.begin()));
        // A session without a card is the system acting (the audit format ties the two).
        if (draft.actor == kSystemActor)
            draft.role = std::string(kSystemActor);
        draft.purpose = session->purpose;
    }
    return draft;
}

std::string resultText(std::string_view kind, ErrorCode code)
{
    return std::string(kind) + ":" + std::to_string(errorNumber(code));
}

Status Vault::auditStandalone(AuditDraft draft)
{
    MAMORI_ASSIGN_OR_RETURN(auto tx, Transaction::begin(m_db));
    const std::int64_t now = m_clock.nowMs();
    Status appended = m_audit->append(m_statements, draft, now);
    if (appended.ok())
        appended = m_audit->checkpointIfDue(m_statements, now);
    if (!appended.ok()) {
        m_audit->rolledBack();
        return Error(ErrorCode::AuditWriteFailed, appended.error().describe());
    }
    Status committed = tx.commit();
    if (!committed.ok()) {
        m_audit->rolledBack();
        return Error(ErrorCode::AuditWriteFailed, committed.error().describe());
    }
    m_audit->committed();
    return okStatus();
}

Status Vault::setRelaxedDurability(bool relaxed)
{
    if (relaxed == m_relaxedDurability)
        return okStatus();
    MAMORI_TRY(m_db.exec(relaxed ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL"));
    m_relaxedDurability = relaxed;
    return okStatus();
}

// --- device set-up ---

namespace {
bool isCodeText(std::string_view code, std::size_t maxBytes)
{
    if (code.empty() || code.size() > maxBytes)
        return false;
    for (char c : code) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}
} // namespace

bool isValidCode(std::string_view code, std::size_t maxBytes) { return isCodeText(code, maxBytes); }

Status Vault::addDepartment(const SessionContext* session, std::string_view code, std::string_view name)
{
    return perform<Ok>(session, Operation::ConfigureDevice, "config", Target{},
                       [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
                           if (!isCodeText(code, kMaxDepartmentBytes))
                               return Error(ErrorCode::InvalidArgument, "department code: 1-32 of [A-Za-z0-9._-]");
                           if (name.empty() || name.size() > 256 || !isPrintableUtf8(name))
                               return Error(ErrorCode::InvalidArgument, "department name");
                           MAMORI_ASSIGN_OR_RETURN(
                               auto insert, m_statements.get("INSERT INTO departments (code, name) VALUES (?, ?)"));
                           insert.bind(1, code).bind(2, name);
                           MAMORI_TRY(insert.run());
                           draft.detail = "add department " + std::string(code);
                           return Ok{};
                       });
}

Status Vault::addPurpose(const SessionContext* session, std::string_view code, std::string_view nameJa,
                         bool numbersAllowed)
{
    return perform<Ok>(
        session, Operation::ConfigureDevice, "config", Target{},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
            if (!isCodeText(code, 64))
                return Error(ErrorCode::InvalidArgument, "purpose code: 1-64 of [A-Za-z0-9._-]");
            if (nameJa.empty() || nameJa.size() > 256 || !isPrintableUtf8(nameJa))
                return Error(ErrorCode::InvalidArgument, "purpose name");
            MAMORI_ASSIGN_OR_RETURN(
                auto insert,
                m_statements.get("INSERT INTO purposes (code, name_ja, numbers_allowed) VALUES (?, ?, ?)"));
            insert.bind(1, code).bind(2, nameJa).bind(3, std::int64_t(numbersAllowed ? 1 : 0));
            MAMORI_TRY(insert.run());
            draft.detail = "add purpose " + std::string(code);
            return Ok{};
        });
}

Result<std::int64_t> Vault::createUser(const SessionContext* session, const UserSpec& spec)
{
    return perform<std::int64_t>(
        session, Operation::EnrolCard, "enrol", Target{},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<std::int64_t> {
            if (spec.displayName.empty() || spec.displayName.size() > 128 || !isPrintableUtf8(spec.displayName))
                return Error(ErrorCode::InvalidArgument, "display name: 1-128 printable bytes");
            if (spec.roles.empty())
                return Error(ErrorCode::InvalidArgument, "a user needs at least one role");
            MAMORI_ASSIGN_OR_RETURN(auto insert,
                                    m_statements.get("INSERT INTO users (display_name, created_ms) VALUES (?, ?)"));
            insert.bind(1, spec.displayName).bind(2, m_clock.nowMs());
            MAMORI_TRY(insert.run());
            const std::int64_t id = sqlite3LastInsertRowid(m_db);
            MAMORI_ASSIGN_OR_RETURN(auto role,
                                    m_statements.get("INSERT INTO user_roles (user_id, role) VALUES (?, ?)"));
            for (Role r : spec.roles) {
                role.reset();
                role.bind(1, id).bind(2, roleName(r));
                MAMORI_TRY(role.run());
            }
            MAMORI_ASSIGN_OR_RETURN(
                auto department, m_statements.get("INSERT INTO user_departments (user_id, department) VALUES (?, ?)"));
            for (const auto& d : spec.departments) {
                department.reset();
                department.bind(1, id).bind(2, d);
                MAMORI_TRY(department.run());
            }
            draft.detail = "create user " + std::to_string(id);
            return id;
        });
}

Status Vault::enrolCard(const SessionContext* session, std::int64_t userId,
                        std::span<const std::uint8_t> certificateDer)
{
    return perform<Ok>(session, Operation::EnrolCard, "enrol", Target{},
                       [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
                           MAMORI_ASSIGN_OR_RETURN(const CardCertificate card, parseCardCertificate(certificateDer));
                           MAMORI_ASSIGN_OR_RETURN(
                               auto insert, m_statements.get("INSERT INTO cards (spki_sha256, user_id, certificate, "
                                                             "enrolled_ms) VALUES (?, ?, ?, ?)"));
                           insert.bind(1, std::span<const std::uint8_t>(card.spkiSha256))
                               .bind(2, userId)
                               .bind(3, std::span<const std::uint8_t>(card.der))
                               .bind(4, m_clock.nowMs());
                           MAMORI_TRY(insert.run());
                           // Never the card id in free text: a hex digest can hold a digit run that reads as a number.
                           draft.detail = "card for user " + std::to_string(userId);
                           return Ok{};
                       });
}

Status Vault::revokeCard(const SessionContext& session, std::string_view cardIdHex)
{
    return perform<Ok>(
        &session, Operation::RevokeCard, "revoke", Target{}, [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
            MAMORI_ASSIGN_OR_RETURN(const auto spki, spkiFromHex(cardIdHex));
            MAMORI_ASSIGN_OR_RETURN(auto update, m_statements.get("UPDATE cards SET status = 'revoked', revoked_ms = ? "
                                                                  "WHERE spki_sha256 = ? AND status = 'active'"));
            update.bind(1, m_clock.nowMs()).bind(2, std::span<const std::uint8_t>(spki));
            MAMORI_TRY(update.run());
            if (m_db.changes() != 1)
                return Error(ErrorCode::NotFound, "no active card with that id");
            draft.detail = "card revoked";
            return Ok{};
        });
}

// --- step-up ---

Result<std::vector<std::uint8_t>> Vault::issueStepUpNonce(const SessionContext& session)
{
    if (session.cardId.empty())
        return Error(ErrorCode::StepUpRequired, "a step-up needs a card session");
    std::vector<std::uint8_t> nonce(32);
    randombytes_buf(nonce.data(), nonce.size());
    m_stepUpNonces[session.cardId] = PendingNonce{nonce, m_clock.nowMs() + m_options.stepUpNonceLifetimeMs};
    return nonce;
}

std::string Vault::canonicalOperation(Operation operation, const SubjectId& subject, std::string_view purpose)
{
    std::string text = "op=";
    text += operationName(operation);
    text += "\nsubject=";
    text += subject.hex();
    text += "\npurpose=";
    text += purpose;
    text += '\n';
    return text;
}

Status Vault::checkAnotherApprover(const SessionContext& approver, std::string_view table, std::int64_t requestId,
                                   std::int64_t requestedBy)
{
    if (table != "disposal_requests" && table != "export_requests")
        return Error(ErrorCode::Internal, "no such request table");
    MAMORI_ASSIGN_OR_RETURN(const auto card, spkiFromHex(approver.cardId));
    MAMORI_ASSIGN_OR_RETURN(auto requester,
                            m_statements.get("SELECT requested_card FROM " + std::string(table) + " WHERE id = ?"));
    requester.bind(1, requestId);
    MAMORI_ASSIGN_OR_RETURN(const bool found, requester.step());
    const auto requestedCard = found ? requester.columnBlob(0) : std::span<const std::uint8_t>();
    if (requestedBy == approver.userId ||
        (requestedCard.size() == card.size() && std::equal(card.begin(), card.end(), requestedCard.begin())))
        return Error(ErrorCode::PermissionDenied, "the approver must be another person with another card");
    return okStatus();
}

Result<std::vector<std::uint8_t>> Vault::verifyStepUp(const SessionContext& session, Operation operation,
                                                      const SubjectId& subject, const StepUpProof& proof)
{
    return verifyStepUpText(session, canonicalOperation(operation, subject, session.purpose), proof);
}

Result<std::vector<std::uint8_t>> Vault::verifyStepUpText(const SessionContext& session, std::string_view canonical,
                                                          const StepUpProof& proof)
{
    const auto pending = m_stepUpNonces.find(session.cardId);
    if (pending == m_stepUpNonces.end())
        return Error(ErrorCode::StepUpRequired, "no step-up nonce issued for this card");
    const PendingNonce issued = pending->second;
    m_stepUpNonces.erase(pending); // single use, whatever the outcome
    if (m_clock.nowMs() > issued.expiresMs)
        return Error(ErrorCode::StepUpRequired, "step-up nonce expired");
    if (proof.nonce.size() != issued.nonce.size() ||
        sodium_memcmp(proof.nonce.data(), issued.nonce.data(), issued.nonce.size()) != 0)
        return Error(ErrorCode::StepUpRequired, "step-up nonce does not match");

    MAMORI_ASSIGN_OR_RETURN(const auto spki, spkiFromHex(session.cardId));
    MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT certificate FROM cards WHERE spki_sha256 = ? AND "
                                                          "status = 'active'"));
    select.bind(1, std::span<const std::uint8_t>(spki));
    MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
    if (!found)
        return Error(ErrorCode::PermissionDenied, "card not enrolled or revoked");
    MAMORI_ASSIGN_OR_RETURN(const CardCertificate card, parseCardCertificate(select.columnBlob(0)));
    const OperationDigest digest = operationDigest(canonical);
    MAMORI_TRY(
        verifyCardSignature(card, stepUpMessageForDigest(m_options.deviceId, issued.nonce, digest), proof.signature));
    return encodeSignatureRecord(issued.nonce, digest, proof.signature);
}

Result<std::array<std::uint8_t, 32>> spkiFromHex(std::string_view hex)
{
    std::array<std::uint8_t, 32> bytes{};
    std::size_t written = 0;
    const char* end = nullptr;
    if (hex.size() != 64 ||
        sodium_hex2bin(bytes.data(), bytes.size(), hex.data(), hex.size(), nullptr, &written, &end) != 0 ||
        written != bytes.size())
        return Error(ErrorCode::InvalidArgument, "card id is not 64 hex digits");
    return bytes;
}

} // namespace mamori::vault
