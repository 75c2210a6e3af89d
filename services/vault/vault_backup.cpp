// SPDX-License-Identifier: GPL-3.0-or-later
// Encrypted backup and restore (DESIGN §7).
//
// Backup file format (BACKUP_FORMAT in services/vault/README.md):
//   "MAMORI-BACKUP-1\n" (16 bytes)
//   header length (4 bytes, big-endian) and header: "device=<id>\ncreated_ms=<n>\naudit_sequence=<n>\n"
//   secretstream header (24 bytes)
//   chunks: length (4 bytes, big-endian) ‖ crypto_secretstream_xchacha20poly1305 message, 1 MiB of
//   plaintext each; the first message's associated data is the magic and header, the last is tagged
//   FINAL. The plaintext is the SQLite image of the database (sqlite3_serialize: a consistent
//   snapshot, WAL included).
// The key is the backup key derived from the master key (vault_crypto.h), so a backup opens only
// with the same master key: on another device, after the recovery key re-seals it (TPM module).
// The file is written to "<path>.tmp", fsynced and renamed: a failure (a full USB stick) leaves no
// partial backup under the final name.

#include "services/common/file_io.h"
#include "services/vault/audit_bundle.h"
#include "services/vault/audit_chain.h"
#include "services/vault/vault_internal.h"

#include <sodium.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace mamori::vault {

namespace {

constexpr std::string_view kBackupMagic = "MAMORI-BACKUP-1\n";
constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::size_t kMaxHeaderBytes = 1024;
// Read whole into memory (see README): a hostile file must not make the vault allocate more.
constexpr std::uint64_t kMaxBackupBytes = 4ULL << 30; // 4 GiB

void putBigEndian32(std::vector<std::uint8_t>& out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}

std::uint32_t readBigEndian32(const std::uint8_t* p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

struct BackupHeader {
    std::string deviceId;
    std::int64_t createdMs = 0;
    std::uint64_t auditSequence = 0;
};

std::string formatHeader(const BackupHeader& header)
{
    return "device=" + header.deviceId + "\ncreated_ms=" + std::to_string(header.createdMs) +
           "\naudit_sequence=" + std::to_string(header.auditSequence) + "\n";
}

Result<BackupHeader> parseHeader(std::string_view text)
{
    BackupHeader header;
    int seen = 0;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        if (end == std::string_view::npos)
            return Error(ErrorCode::StorageCorrupt, "backup header line without newline");
        const std::string_view line = text.substr(0, end);
        text.remove_prefix(end + 1);
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos)
            return Error(ErrorCode::StorageCorrupt, "backup header line without '='");
        const std::string_view key = line.substr(0, eq);
        const std::string value(line.substr(eq + 1));
        try {
            if (key == "device") {
                header.deviceId = value;
                seen |= 1;
            } else if (key == "created_ms") {
                header.createdMs = std::stoll(value);
                seen |= 2;
            } else if (key == "audit_sequence") {
                header.auditSequence = std::stoull(value);
                seen |= 4;
            }
        } catch (const std::exception&) {
            return Error(ErrorCode::StorageCorrupt, "backup header value does not parse");
        }
    }
    if (seen != 7)
        return Error(ErrorCode::StorageCorrupt, "backup header incomplete");
    return header;
}

// The checkpoints a query over audit_checkpoints(encoded) returns, decoded.
Result<std::vector<Checkpoint>> readCheckpoints(Statement& select)
{
    std::vector<Checkpoint> checkpoints;
    while (true) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
        if (!row)
            break;
        auto checkpoint = decodeCheckpoint(select.columnBlob(0));
        if (!checkpoint.ok())
            return Error(ErrorCode::AuditChainBroken, "a checkpoint does not decode");
        checkpoints.push_back(checkpoint.value());
    }
    return checkpoints;
}

} // namespace

Result<BackupInfo> Vault::backupTo(const SessionContext& session, const std::string& path)
{
    return backupWith(session, [&](std::span<const std::uint8_t> bytes) { return writeFileAtomically(path, bytes); });
}

Result<BackupInfo> Vault::backupToDescriptor(const SessionContext& session, int fd)
{
    return backupWith(session, [&](std::span<const std::uint8_t> bytes) { return writeToDescriptor(fd, bytes); });
}

Result<BackupInfo> Vault::backupWith(const SessionContext& session,
                                     const std::function<Status(std::span<const std::uint8_t>)>& write)
{
    // Authorise and take the snapshot outside any write transaction; the audit entry follows it, so
    // the backup holds the log up to (not including) its own entry.
    if (!authorize(session, Operation::Backup, nullptr).ok()) {
        // perform() records the refusal and returns it.
        auto refused = perform<Ok>(&session, Operation::Backup, "backup", Target{},
                                   [](AuditDraft&, const SubjectRow*) -> Result<Ok> { return Ok{}; });
        return refused.ok() ? Error(ErrorCode::Internal, "refusal expected") : std::move(refused).error();
    }
    sqlite3_int64 size = 0;
    unsigned char* image = sqlite3_serialize(m_db.handle(), "main", &size, 0);
    if (!image)
        return Error(ErrorCode::ResourceExhausted, "sqlite3_serialize failed");
    const std::unique_ptr<unsigned char, void (*)(void*)> imageOwner(image, sqlite3_free);

    BackupHeader header{m_options.deviceId, m_clock.nowMs(), m_audit->headSequence()};
    const std::string headerText = formatHeader(header);
    std::vector<std::uint8_t> out(kBackupMagic.begin(), kBackupMagic.end());
    putBigEndian32(out, static_cast<std::uint32_t>(headerText.size()));
    out.insert(out.end(), headerText.begin(), headerText.end());
    const std::vector<std::uint8_t> associated(out.begin(), out.end());

    crypto_secretstream_xchacha20poly1305_state state;
    std::uint8_t streamHeader[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&state, streamHeader, m_keys->backupKey().data());
    out.insert(out.end(), streamHeader, streamHeader + sizeof streamHeader);
    std::vector<std::uint8_t> chunk(kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES);
    const auto total = static_cast<std::size_t>(size);
    std::size_t offset = 0;
    bool first = true;
    do {
        const std::size_t length = std::min(kChunkBytes, total - offset);
        const bool last = offset + length == total;
        unsigned long long sealed = 0;
        crypto_secretstream_xchacha20poly1305_push(&state, chunk.data(), &sealed, image + offset, length,
                                                   first ? associated.data() : nullptr, first ? associated.size() : 0,
                                                   last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                                        : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
        putBigEndian32(out, static_cast<std::uint32_t>(sealed));
        out.insert(out.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(sealed));
        offset += length;
        first = false;
    } while (offset < total);
    sodium_memzero(&state, sizeof state);

    MAMORI_TRY(write(out));
    BackupInfo info{header.createdMs, header.auditSequence, static_cast<std::uint64_t>(out.size())};
    MAMORI_TRY(perform<Ok>(&session, Operation::Backup, "backup", Target{},
                           [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
                               // Words between the figures: digits joined only by separators could read as a number.
                               draft.detail = "backup through sequence " + std::to_string(info.auditSequence) +
                                              " size " + std::to_string(info.bytes) + " bytes";
                               return Ok{};
                           }));
    return info;
}

Result<BackupInfo> Vault::restoreBackup(const std::string& backupPath, const VaultOptions& target, KeySource& keys,
                                        Clock& clock, MonotonicCounter* counter, const RestoreOptions& restore)
{
    MAMORI_TRY(initSodium());
    MAMORI_ASSIGN_OR_RETURN(const auto file, readWholeFile(backupPath, kMaxBackupBytes));
    if (file.size() < kBackupMagic.size() + 4 ||
        std::memcmp(file.data(), kBackupMagic.data(), kBackupMagic.size()) != 0)
        return Error(ErrorCode::StorageCorrupt, "not a Mamori backup");
    std::size_t at = kBackupMagic.size();
    const std::uint32_t headerLength = readBigEndian32(file.data() + at);
    at += 4;
    if (headerLength > kMaxHeaderBytes ||
        file.size() < at + headerLength + crypto_secretstream_xchacha20poly1305_HEADERBYTES)
        return Error(ErrorCode::StorageCorrupt, "backup header truncated");
    MAMORI_ASSIGN_OR_RETURN(
        const BackupHeader header,
        parseHeader(std::string_view(reinterpret_cast<const char*>(file.data() + at), headerLength)));
    at += headerLength;
    const std::vector<std::uint8_t> associated(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(at));

    MAMORI_ASSIGN_OR_RETURN(SecretBuffer master, keys.masterKey());
    MAMORI_ASSIGN_OR_RETURN(const VaultKeys derived, VaultKeys::derive(master));
    master.wipe();
    crypto_secretstream_xchacha20poly1305_state state;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&state, file.data() + at, derived.backupKey().data()) != 0)
        return Error(ErrorCode::StorageCorrupt, "backup stream header");
    at += crypto_secretstream_xchacha20poly1305_HEADERBYTES;

    std::vector<std::uint8_t> image;
    bool first = true;
    bool final = false;
    while (!final) {
        if (file.size() < at + 4)
            return Error(ErrorCode::StorageCorrupt, "backup truncated");
        const std::uint32_t sealed = readBigEndian32(file.data() + at);
        at += 4;
        if (sealed < crypto_secretstream_xchacha20poly1305_ABYTES ||
            sealed > kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES || file.size() < at + sealed)
            return Error(ErrorCode::StorageCorrupt, "backup chunk truncated");
        const std::size_t offset = image.size();
        image.resize(offset + sealed - crypto_secretstream_xchacha20poly1305_ABYTES);
        unsigned long long opened = 0;
        unsigned char tag = 0;
        // A wrong key (another device) and tampering look the same here: authentication fails.
        if (crypto_secretstream_xchacha20poly1305_pull(&state, image.data() + offset, &opened, &tag, file.data() + at,
                                                       sealed, first ? associated.data() : nullptr,
                                                       first ? associated.size() : 0) != 0)
            return Error(ErrorCode::StorageKeyMismatch, "backup does not open with this key, or was altered");
        at += sealed;
        first = false;
        final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    }
    if (at != file.size())
        return Error(ErrorCode::StorageCorrupt, "data after the end of the backup");

    // A newer vault is not replaced by an older backup unless explicitly authorised.
    std::error_code ec;
    if (std::filesystem::exists(target.path, ec)) {
        VaultOptions existingOptions = target;
        existingOptions.create = false;
        auto existing = Vault::open(existingOptions, keys, clock, counter);
        if (existing.ok() && existing.value()->auditHeadSequence() > header.auditSequence && !restore.replaceNewer)
            return Error(ErrorCode::AlreadyExists, "the vault is newer than the backup; restoring needs authorisation");
    }

    // Write the image beside the target, check it as a vault (chain, checkpoints, key), then swap.
    const std::string staging = target.path + ".restore";
    MAMORI_TRY(writeFileAtomically(staging, image));
    sodium_memzero(image.data(), image.size());
    {
        MAMORI_ASSIGN_OR_RETURN(Database db, Database::open(staging, Database::Mode::ReadWrite));
        auto verified = verifyAuditLog(db, keys, std::nullopt);
        const bool clean = verified.ok() && verified.value().clean();
        db.close();
        if (!clean) {
            std::filesystem::remove(staging, ec);
            return verified.ok() ? Error(ErrorCode::AuditChainBroken, describe(verified.value()))
                                 : std::move(verified).error();
        }
    }
    for (const char* suffix : {"-wal", "-shm"})
        std::filesystem::remove(target.path + suffix, ec);
    std::filesystem::rename(staging, target.path, ec);
    if (ec)
        return Error(ErrorCode::StorageIo, "rename restored database: " + ec.message());

    // Open it, accepting that its checkpoints predate the TPM counter, and record the restore with a
    // fresh checkpoint that brings the counter relation back in order.
    VaultOptions openOptions = target;
    openOptions.create = false;
    openOptions.acceptOlderCounter = true;
    MAMORI_ASSIGN_OR_RETURN(auto vault, Vault::open(openOptions, keys, clock, counter));
    AuditDraft draft;
    draft.action = "restore";
    draft.detail = "restored backup through sequence " + std::to_string(header.auditSequence);
    if (!restore.actorCardId.empty()) {
        draft.actor = restore.actorCardId;
        draft.role = std::string(roleName(Role::Admin));
        draft.signature = restore.signature;
    }
    MAMORI_TRY(vault->auditWithCheckpoint(draft));
    return BackupInfo{header.createdMs, header.auditSequence, static_cast<std::uint64_t>(file.size())};
}

std::string Vault::canonicalRestore(std::string_view backupSha256Hex, bool replaceNewer)
{
    std::string text = "op=restore\nbackup=";
    text += backupSha256Hex;
    text += "\nreplace_newer=";
    text += replaceNewer ? "yes" : "no";
    text += '\n';
    return text;
}

Result<std::vector<std::uint8_t>> Vault::authorizeRestore(const SessionContext& session,
                                                          std::string_view backupSha256Hex, bool replaceNewer,
                                                          const StepUpProof& proof)
{
    std::vector<std::uint8_t> record;
    MAMORI_TRY(perform<Ok>(
        &session, Operation::Restore, "restore", Target{}, [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
            MAMORI_ASSIGN_OR_RETURN(record,
                                    verifyStepUpText(session, canonicalRestore(backupSha256Hex, replaceNewer), proof));
            draft.signature = record;
            draft.detail = replaceNewer ? "restore authorised, replacing a newer vault" : "restore authorised";
            return Ok{};
        }));
    return record;
}

Result<VerifyReport> Vault::verifyAuditLog(Database& db, KeySource& keys, std::optional<std::uint64_t> minimumCounter)
{
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer seed, keys.deviceSigningSeed());
    MAMORI_ASSIGN_OR_RETURN(const PublicKey publicKey, devicePublicKey(seed));
    seed.wipe();
    MAMORI_ASSIGN_OR_RETURN(auto checkpointRows,
                            db.prepare("SELECT encoded FROM audit_checkpoints WHERE seq >= ? ORDER BY seq"));
    checkpointRows.bind(1, std::int64_t{0});
    MAMORI_ASSIGN_OR_RETURN(const std::vector<Checkpoint> checkpoints, readCheckpoints(checkpointRows));
    VerifyOptions options;
    options.minimumCounter = minimumCounter;
    ChainVerifier verifier(checkpoints, publicKey, options);
    MAMORI_ASSIGN_OR_RETURN(auto select, db.prepare("SELECT encoded FROM audit_entries ORDER BY seq"));
    while (verifier.wantsMore()) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
        if (!row)
            break;
        auto entry = decodeEntry(select.columnBlob(0));
        if (!entry.ok())
            return Error(ErrorCode::AuditChainBroken, "an audit entry does not decode");
        verifier.addEntry(entry.value());
    }
    return verifier.finish();
}

Result<VerifyReport> Vault::verifyAudit(const SessionContext& session, KeySource& keys)
{
    return perform<VerifyReport>(&session, Operation::QueryAudit, "view", Target{},
                                 [&](AuditDraft& draft, const SubjectRow*) -> Result<VerifyReport> {
                                     std::optional<std::uint64_t> minimum;
                                     if (m_counter) {
                                         MAMORI_ASSIGN_OR_RETURN(const std::uint64_t value, m_counter->read());
                                         minimum = value;
                                     }
                                     MAMORI_ASSIGN_OR_RETURN(VerifyReport report, verifyAuditLog(m_db, keys, minimum));
                                     draft.detail = "verify audit log: " + std::string(damageKindName(report.kind));
                                     return report;
                                 });
}

Result<std::vector<std::uint8_t>> Vault::exportAuditBundle(const SessionContext& session, KeySource& keys,
                                                           std::uint64_t fromSequence)
{
    // The export entry goes in first, with a checkpoint, so that the bundle ends covered and
    // records its own export.
    MAMORI_TRY(perform<Ok>(&session, Operation::ExportAuditBundle, "log_export", Target{},
                           [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
                               if (fromSequence < 1 || fromSequence > m_audit->pendingSequence() + 1)
                                   return Error(ErrorCode::InvalidArgument, "no entry at that sequence");
                               draft.detail = "bundle from sequence " + std::to_string(fromSequence);
                               draft.checkpointAfter = true;
                               return Ok{};
                           }));
    return signedBundle(keys, fromSequence, m_audit->pendingSequence());
}

Result<std::vector<std::uint8_t>> Vault::signedBundle(KeySource& keys, std::uint64_t first, std::uint64_t last)
{
    std::vector<AuditEntry> entries;
    {
        MAMORI_ASSIGN_OR_RETURN(
            auto select, m_statements.get("SELECT encoded FROM audit_entries WHERE seq BETWEEN ? AND ? ORDER BY seq"));
        select.bind(1, static_cast<std::int64_t>(first));
        select.bind(2, static_cast<std::int64_t>(last));
        while (true) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
            if (!row)
                break;
            auto entry = decodeEntry(select.columnBlob(0));
            if (!entry.ok())
                return Error(ErrorCode::AuditChainBroken, "an audit entry does not decode");
            entries.push_back(std::move(entry).value());
        }
    }
    MAMORI_ASSIGN_OR_RETURN(
        auto select, m_statements.get("SELECT encoded FROM audit_checkpoints WHERE seq BETWEEN ? AND ? ORDER BY seq"));
    select.bind(1, static_cast<std::int64_t>(first - 1));
    select.bind(2, static_cast<std::int64_t>(last));
    MAMORI_ASSIGN_OR_RETURN(const std::vector<Checkpoint> checkpoints, readCheckpoints(select));
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer seed, keys.deviceSigningSeed());
    return exportBundle(entries, checkpoints, m_options.deviceId, seed, m_clock.nowMs());
}

Status Vault::auditWithCheckpoint(const AuditDraft& draft)
{
    MAMORI_ASSIGN_OR_RETURN(auto tx, Transaction::begin(m_db));
    const std::int64_t now = m_clock.nowMs();
    Status status = m_audit->append(m_statements, draft, now);
    if (status.ok())
        status = m_audit->checkpointNow(m_statements, now);
    if (status.ok())
        status = tx.commit();
    if (!status.ok()) {
        m_audit->rolledBack();
        return Error(ErrorCode::AuditWriteFailed, status.error().describe());
    }
    m_audit->committed();
    return okStatus();
}

} // namespace mamori::vault
