// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Vault: the heart of Mamori — the only holder of data keys. One SQLite file, one connection.
//
// Every public operation takes the caller's SessionContext, is authorised by policy.h, and writes
// exactly one audit entry in the same transaction as its effect: if the entry cannot be written,
// the operation fails and nothing of it remains (fail closed). A refusal writes a "refused" entry
// and changes nothing else; a failure (bad input, conflict) rolls back and writes a "failed"
// entry. No entry ever holds a number or a hash of one.
//
// Threading: a Vault is used from one thread (the daemon's worker). Not copyable.

#include "services/vault/audit_chain.h"
#include "services/vault/clock.h"
#include "services/vault/fleet_bundle.h"
#include "services/vault/key_source.h"
#include "services/vault/policy.h"
#include "services/vault/retention.h"
#include "services/vault/sqlite_db.h"
#include "services/vault/vault_inspect.h"
#include "services/vault/vault_types.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace mamori::vault {

class AuditWriter;
struct AuditDraft;

inline constexpr std::string_view kDefaultDeviceId = "mamori-device";

struct VaultOptions {
    std::string path; // the database file
    // Goes into every audit entry and signed message. Empty: the id recorded when the device was
    // provisioned (meta 'provisioned_device_id'), or kDefaultDeviceId on a vault never provisioned.
    // A non-empty id that differs from the recorded one is refused at open (card logins and the
    // audit chain would name another device).
    std::string deviceId = std::string(kDefaultDeviceId);
    bool create = false;                            // create the file if missing (provisioning, tests)
    std::uint32_t checkpointEvery = 1000;           // audit checkpoint after this many entries…
    std::int64_t checkpointEveryMs = 3600LL * 1000; // …or this much time, whichever first
    std::int64_t stepUpNonceLifetimeMs = 60LL * 1000;
    std::int64_t loginNonceLifetimeMs = 60LL * 1000;
    std::size_t maxPendingLogins = 64; // outstanding login nonces (one per card); bounds memory
    // An export or provision of more subjects than this needs an officer's approval first (二重制御).
    std::size_t bulkExportThreshold = 20;
    // Only for the first open after a restore: the restored checkpoints predate the TPM counter.
    bool acceptOlderCounter = false;
};

struct UserSpec {
    std::string displayName;
    std::set<Role> roles;
    std::set<std::string> departments;
};

class Vault {
public:
    // Opens (or creates) the vault: checks the file, migrates, derives keys from `keys`, loads the
    // audit head and refuses a database whose newest checkpoint is behind `counter` (rolled back).
    static Result<std::unique_ptr<Vault>> open(const VaultOptions& options, KeySource& keys, Clock& clock,
                                               MonotonicCounter* counter = nullptr);
    ~Vault();
    Vault(const Vault&) = delete;
    Vault& operator=(const Vault&) = delete;

    const std::string& deviceId() const noexcept { return m_options.deviceId; }

    // --- Device set-up (provisioning; actor "system" or an admin/provisioner session) ---
    Status addDepartment(const SessionContext* session, std::string_view code, std::string_view name);
    Status addPurpose(const SessionContext* session, std::string_view code, std::string_view nameJa,
                      bool numbersAllowed = true);
    Result<std::int64_t> createUser(const SessionContext* session, const UserSpec& spec);
    Status enrolCard(const SessionContext* session, std::int64_t userId, std::span<const std::uint8_t> certificateDer);
    Status revokeCard(const SessionContext& session, std::string_view cardIdHex);

    // Names for the kiosk (vault_directory.cpp): the purposes (any session) and the session's own
    // display name and departments. Not audited: no personal data of a subject.
    Result<std::vector<PurposeInfo>> purposes(const SessionContext& session);
    Result<SessionDirectory> sessionDirectory(const SessionContext& session);
    // The enrolled cards, active and revoked, with their users (administrator, officer, provisioner). Audited
    // as a "list" of the cards.
    Result<std::vector<CardInfo>> listCards(const SessionContext& session);

    // --- The device's own services (vault_services.cpp); the daemon authenticates them ---
    // mamori-logd: a signed bundle of the entries after `afterSequence`, at most `maxEntries`
    // (1..kMaxLogPullEntries) and ending on a checkpoint, with the head; an empty bundle when nothing
    // follows. A non-empty pull is itself audited ("log_export", system) before the bundle is cut.
    Result<LogPull> pullAuditLog(KeySource& keys, std::uint64_t afterSequence, std::uint32_t maxEntries);
    // mamori-courier: what became of the provision audited at `provideSequence` — once per provision.
    // "blocked" and "refused" are written as alerts. `detail` is short, non-personal text.
    Status reportDelivery(std::uint64_t provideSequence, DeliveryOutcome outcome, std::string_view detail);

    // --- Subjects ---
    Result<SubjectId> registerSubject(const SessionContext& session, const NewSubject& subject);
    Status editSubject(const SessionContext& session, const SubjectId& id, const SubjectEdit& edit);
    Status notifyPurpose(const SessionContext& session, const SubjectId& id, std::string_view purpose,
                         std::chrono::year_month_day notified);
    // Stores (or replaces) the subject's number; `typed` as a person typed it (full-width, hyphens).
    // The session's purpose must have been notified to the subject. The same number already held for
    // another subject is refused (AlreadyExists) and raises an alert entry.
    Status setNumber(const SessionContext& session, const SubjectId& id, std::string_view typed);
    Status recordVerification(const SessionContext& session, const SubjectId& id, std::string_view method,
                              std::string_view documents);
    Result<std::int64_t> recordDocument(const SessionContext& session, const SubjectId& id,
                                        const DocumentRecord& document);

    Result<SubjectPage> listSubjects(const SessionContext& session, const ListQuery& query);
    Result<SubjectDetail> viewSubject(const SessionContext& session, const SubjectId& id);
    // Exact lookup through the blind index; empty when no subject in the caller's scope has it.
    Result<std::optional<SubjectSummary>> findByNumber(const SessionContext& session, std::string_view typed);

    // --- Login (DESIGN §2; vault_login.cpp) ---
    // Step 1: a fresh single-use 32-byte nonce for an enrolled, active card (valid for
    // loginNonceLifetimeMs). An unknown or revoked card is refused (PermissionDenied) and audited.
    Result<std::vector<std::uint8_t>> beginLogin(std::string_view cardIdHex);
    // Step 3: verifies the card's signature over loginMessage(deviceId, nonce) against the enrolled
    // certificate; the nonce is spent whatever the outcome. On success, the card's user's session
    // (no purpose yet: the UI asks for one before any act). Success and every refusal are audited.
    Result<SessionContext> completeLogin(std::string_view cardIdHex, std::span<const std::uint8_t> signature);
    // Audits the end of a session ("logout", "card_removed", "idle_timeout", "connection_closed",
    // "restore": the vault it was opened on is being replaced; "card_revoked").
    Status recordSessionEnd(const SessionContext& session, std::string_view reason);

    // --- Step-up ---
    // A fresh single-use nonce for the session's card; expires after stepUpNonceLifetimeMs.
    Result<std::vector<std::uint8_t>> issueStepUpNonce(const SessionContext& session);
    // The canonical text of an operation that a step-up signature covers.
    static std::string canonicalOperation(Operation operation, const SubjectId& subject, std::string_view purpose);
    Result<NumberDigits> revealNumber(const SessionContext& session, const SubjectId& id, const StepUpProof& proof);

    // --- Export and provision (vault_export.cpp; EXPORT_FORMAT.md) ---
    // Device configuration (admin, provisioner, or the local tool): adds or replaces a destination.
    Status setDestination(const SessionContext* session, const Destination& destination);
    // The destinations that serve the session's purpose (all of them without a purpose).
    Result<std::vector<Destination>> destinations(const SessionContext& session);
    // The canonical text a step-up for an export (or its approval) covers: operation, destination,
    // purpose and a digest of the subject list in order.
    static std::string canonicalExport(Operation operation, const ExportSpec& spec, std::string_view purpose);
    // A clerk asks for a bulk export (above bulkExportThreshold subjects); an officer approves it
    // with a step-up; the clerk then runs exactly that export, whose entry carries both signatures.
    Result<std::int64_t> requestExport(const SessionContext& session, const ExportSpec& spec);
    Status approveExport(const SessionContext& officer, std::int64_t requestId, const StepUpProof& proof);
    Result<std::vector<ExportRequest>> exportRequests(const SessionContext& session);
    // Builds the payload (step-up by the clerk's card over canonicalExport). Every subject must be in
    // the clerk's departments with the session's purpose notified, the destination must serve that
    // purpose, and above the threshold `approvedRequest` must name an approved request for exactly
    // this spec. The entry is committed before the payload is returned: the caller writes it out
    // and, if that fails, records it with recordDeliveryFailure().
    Result<ExportPayload> exportSubjects(const SessionContext& session, const ExportSpec& spec,
                                         const StepUpProof& proof,
                                         std::optional<std::int64_t> approvedRequest = std::nullopt);
    Status recordDeliveryFailure(const SessionContext& session, const ExportPayload& payload, ErrorCode why);
    // An "alert" entry for the administrator and officer (e.g. an export the outgoing-data scan
    // blocked). `detail` is non-personal text; it is truncated to the entry's limit.
    Status recordAlert(const SessionContext& session, Operation operation, std::string_view detail);

    // --- Step-up description ---
    // What a step-up for `operation` on these arguments must sign (the kiosk asks before the PIN):
    // RevealNumber (subjects[0]), ApproveDisposal (requestId), Export/Provide (spec), ApproveExport
    // (requestId), Restore (backup digest, replaceNewer). InvalidArgument for anything else; the caller's roles must
    // allow the operation.
    struct StepUpTarget {
        Operation operation = Operation::RevealNumber;
        ExportSpec spec;             // subjects and destination; RevealNumber uses subjects[0]
        std::int64_t requestId = 0;  // ApproveDisposal, ApproveExport
        std::string backupSha256Hex; // Restore
        bool replaceNewer = false;   // Restore
    };
    Result<std::string> describeStepUp(const SessionContext& session, const StepUpTarget& target);

    // --- Import ---
    // Imports a payroll CSV export (UTF-8 or Shift_JIS) under the session's purpose. With issues and
    // AllOrNothing, nothing is written and the report lists them (the operation is audited as failed).
    Result<ImportReport> importCsv(const SessionContext& session, std::string_view fileBytes,
                                   ImportMode mode = ImportMode::AllOrNothing);

    // --- Retention and disposal ---
    // Subjects that have left (or whose relationship ended), due or announced with their due date.
    Result<std::vector<DueItem>> dueList(const SessionContext& session);
    // A clerk asks for an employee's (and their dependents') disposal; every one must be due.
    Result<std::int64_t> requestDisposal(const SessionContext& session, const SubjectId& id);
    // An officer, with a card other than the requester's, approves with a step-up signature.
    Status approveDisposal(const SessionContext& officer, std::int64_t requestId, const StepUpProof& proof);
    // Deletes irrecoverably and returns the signed certificate.
    Result<DisposalCertificate> executeDisposal(const SessionContext& session, std::int64_t requestId);

    // --- Backup ---
    // Writes an encrypted backup of the whole vault to `path` (admin). See vault_backup.cpp.
    Result<BackupInfo> backupTo(const SessionContext& session, const std::string& path);
    // The same into a file the kiosk opened on the USB medium (a descriptor passed over D-Bus).
    Result<BackupInfo> backupToDescriptor(const SessionContext& session, int fd);
    // Restores `backupPath` into `target.path` after verifying the backup's audit chain; refuses to
    // replace a newer vault unless `restore.replaceNewer`. Writes a "restore" entry and a checkpoint.
    // The canonical text an administrator's step-up for a restore covers: the backup file's SHA-256
    // and whether a newer vault may be replaced.
    static std::string canonicalRestore(std::string_view backupSha256Hex, bool replaceNewer);
    // Checks (admin, step-up over canonicalRestore) and audits the authorisation in this vault, before
    // the daemon closes it and calls restoreBackup().
    // Returns the signature record for RestoreOptions::signature.
    Result<std::vector<std::uint8_t>> authorizeRestore(const SessionContext& session, std::string_view backupSha256Hex,
                                                       bool replaceNewer, const StepUpProof& proof);
    static Result<BackupInfo> restoreBackup(const std::string& backupPath, const VaultOptions& target, KeySource& keys,
                                            Clock& clock, MonotonicCounter* counter, const RestoreOptions& restore);

    // --- Audit ---
    std::uint64_t auditHeadSequence() const;
    // A page of entries (admin, officer), filtered; audited as a "view" of the log.
    Result<AuditPage> queryAudit(const SessionContext& session, const AuditQuery& query);
    // Verifies the whole stored chain and its checkpoints (admin, officer).
    Result<VerifyReport> verifyAudit(const SessionContext& session, KeySource& keys);
    static Result<VerifyReport> verifyAuditLog(Database& db, KeySource& keys,
                                               std::optional<std::uint64_t> minimumCounter);
    // A signed bundle of the entries from `fromSequence` (1: all) to the head, with their
    // checkpoints, for mamori-admin's offline verification (audit_bundle.h). Writes a checkpoint
    // first so that the last entry is covered; the export itself is audited as "log_export".
    Result<std::vector<std::uint8_t>> exportAuditBundle(const SessionContext& session, KeySource& keys,
                                                        std::uint64_t fromSequence);
    // --- Fleet bundles (vault_fleet.cpp) ---
    // The organisation's Ed25519 public key that fleet bundles must be signed with: pinned once, by
    // the local provisioning tool (null session) at init; AlreadyExists when one is pinned (another
    // organisation key needs a wiped device). Audited ("config").
    Status pinOrganisationKey(const SessionContext* session, const OrganisationKey& key);
    // The organisation key, last serial, allow-list and provisioned device id (not audited).
    Result<FleetState> fleetState();
    // For the kiosk's standby screen (mamori-vaultd's Status): time and result of the newest audit
    // entry of `action` ("backup", "provide"); no session, no audit entry — device facts only.
    Result<std::optional<InspectedEntry>> newestEntryOf(std::string_view action);
    // The newest provision mamori-courier reported on (ReportDelivery): sequence = the provision's
    // entry, timeMs = when it was reported, result = "delivered", "failed", "blocked" or "refused".
    Result<std::optional<InspectedEntry>> newestDelivery();
    // Parses `bundle` and verifies its signature here, against the pinned key, then checks its target
    // and serial; a refusal changes nothing and is audited as an "alert" (PermissionDenied). Then, in
    // one transaction with one "config" entry: `precheck` (the caller's check of parts the vault keeps
    // as opaque text, such as the allow-list's TOML), departments added or renamed, retention rules
    // added or replaced, a user and card per new card (active ones left as they are), the allow-list
    // text, the serial. Any failing part fails the whole bundle ("failed" entry, nothing applied).
    // The local tool (null session), or an admin/provisioner session.
    Result<FleetApplyReport> applyFleetBundle(const SessionContext* session, std::span<const std::uint8_t> bundle,
                                              const std::function<Status(const FleetBundleContent&)>& precheck = {});
    // `mamori-provision allowlist set`: the allow-list text as the record of the device's
    // configuration ("config" entry; `summary` is short non-personal text for it).
    Status recordAllowList(const SessionContext* session, std::string_view toml, std::string_view summary);
    // One "provision" entry by the system at the end of `mamori-provision init`, with a checkpoint;
    // records the device id the vault was provisioned with.
    Status recordProvisioning(std::string_view detail);
    // --- end of fleet bundles ---
    Database& database() noexcept { return m_db; } // tests and benchmarks read the file directly

private:
    // Benchmarks (tests/bench) time the store-level paths without their audit commit.
    friend struct VaultBenchmarkAccess;

    Vault(VaultOptions options, Clock& clock, MonotonicCounter* counter);
    // The lookup findByNumber() performs inside its transaction: blind index, then the subject row.
    Result<std::optional<SubjectSummary>> lookupByNumber(const NumberDigits& number, bool decrypt);

    struct SubjectRow;
    Result<SubjectRow> loadSubject(const SubjectId& id);
    Result<SubjectScope> scopeOf(const SubjectRow& row);
    Result<std::vector<std::string>> purposesOf(const SubjectId& id);
    Status writeNameSearch(const SubjectId& id, const PersonalText& kana);
    Status seedRetentionRules();
    // Open: the device id from the options or the one recorded at provisioning (VaultOptions).
    Status settleDeviceId();
    Result<std::vector<RetentionRule>> retentionRules();
    Result<std::vector<DocumentFacts>> documentFacts(const SubjectId& id);
    Result<DisposalAssessment> assess(const SubjectId& id, std::span<const RetentionRule> rules,
                                      std::chrono::year_month_day today);
    Result<std::vector<SubjectId>> disposalSet(const SubjectId& id);
    Result<DisposalRequest> loadRequest(std::int64_t requestId);
    Result<SubjectId> insertImported(const ImportRow& row, const std::map<std::string, SubjectId>& idOf,
                                     const SessionContext& session);
    Result<SubjectSummary> summaryFrom(Statement& row, bool decrypt);
    // Verify a step-up; on success the signature record the audit entry keeps (card_signature.h).
    Result<std::vector<std::uint8_t>> verifyStepUp(const SessionContext& session, Operation operation,
                                                   const SubjectId& subject, const StepUpProof& proof);
    Result<std::vector<std::uint8_t>> verifyStepUpText(const SessionContext& session, std::string_view canonical,
                                                       const StepUpProof& proof);
    // 二重制御: the approver of a request in `table` (disposal_requests, export_requests) must be another
    // person, with another card, than its requester. PermissionDenied otherwise.
    Status checkAnotherApprover(const SessionContext& approver, std::string_view table, std::int64_t requestId,
                                std::int64_t requestedBy);
    Result<Destination> loadDestination(std::string_view code);
    Result<ExportRequest> loadExportRequest(std::int64_t requestId, std::vector<SubjectId>* subjects = nullptr);
    Result<BackupInfo> backupWith(const SessionContext& session,
                                  const std::function<Status(std::span<const std::uint8_t>)>& write);
    Result<SecretBuffer> renderPayload(std::span<const SubjectId> subjects, bool withNumbers);

    // What an operation acts on: an existing subject (loaded and scoped inside the transaction),
    // a scope computed by the caller (a subject being created), or nothing.
    struct Target {
        const SubjectId* id = nullptr;
        std::optional<SubjectScope> scope;
        std::span<const SubjectId> batch; // exports: every one loaded and authorised
    };
    // Runs `body` inside one transaction with the operation's audit entry (see the class comment).
    // A null session is the local provisioning tool ("system"), allowed only device set-up.
    template <typename T, typename Body>
    Result<T> perform(const SessionContext* session, Operation operation, std::string_view action, Target target,
                      Body&& body);
    // Writes one entry in a transaction of its own (failures and alerts after a rollback).
    Status auditStandalone(AuditDraft draft);
    // Reads that only list, view or search (never a reveal) commit their audit entry with
    // synchronous=NORMAL: in the WAL at once (a killed process loses nothing) but fsynced with the
    // next write. Everything else commits with synchronous=FULL.
    Status setRelaxedDurability(bool relaxed);
    Status auditWithCheckpoint(const AuditDraft& draft);
    // Entries first..last (inclusive) with their checkpoints, signed as an audit bundle.
    Result<std::vector<std::uint8_t>> signedBundle(KeySource& keys, std::uint64_t first, std::uint64_t last);

    VaultOptions m_options;
    Clock& m_clock;
    MonotonicCounter* m_counter;
    Database m_db;
    StatementCache m_statements{m_db}; // destroyed before m_db closes
    std::unique_ptr<VaultKeys> m_keys;
    std::unique_ptr<AuditWriter> m_audit;
    SecretBuffer m_scratchKey; // reused for per-subject data keys (unwrapped, one at a time)
    SecretBuffer m_newKey;     // reused for the data key of a subject being created
    bool m_relaxedDurability = false;
    std::uint64_t m_writeGeneration = 0; // bumped by every committed write; keys m_countCache
    std::map<std::string, std::pair<std::uint64_t, std::int64_t>> m_countCache;
    struct PendingNonce {
        std::vector<std::uint8_t> nonce;
        std::int64_t expiresMs = 0;
    };
    std::map<std::string, PendingNonce> m_stepUpNonces; // by card id
    std::map<std::string, PendingNonce> m_loginNonces;  // by card id
    Status auditLoginRefusal(std::string_view cardIdHex, std::string_view action, const Error& why);
};

} // namespace mamori::vault
