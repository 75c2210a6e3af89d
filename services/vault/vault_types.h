// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The vault's domain values as callers see them (the daemon's D-Bus adaptor, tests, benchmarks).
// Personal fields are PersonalText (wiped on destruction); numbers are NumberDigits and appear
// only in the result of a reveal. Everything else here is not personal data.

#include "services/common/number_validation.h"
#include "services/common/personal_text.h"
#include "services/common/secret_buffer.h"
#include "services/vault/csv_import.h"
#include "services/vault/policy.h"
#include "services/vault/retention.h"
#include "services/vault/subject_kind.h"
#include "services/vault/vault_crypto.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::vault {

// What a masked number looks like everywhere outside a reveal.
constexpr std::string_view kMaskedIndividualNumber = "••••-••••-••••";
constexpr std::string_view kMaskedCorporateNumber = "•-••••-••••-••••";

// Limits on what a caller may store (bytes of UTF-8).
constexpr std::size_t kMaxCodeBytes = 32;
constexpr std::size_t kMaxNameBytes = 256;
constexpr std::size_t kMaxAddressBytes = 1024;
constexpr std::size_t kMaxDepartmentBytes = 32;

struct NewSubject {
    SubjectKind kind = SubjectKind::Employee;
    std::string code;                // employee code; for a dependent, empty means "<parent code>-<n>"
    std::optional<SubjectId> parent; // dependents and spouses
    std::string department;          // employees and payees; dependents take their employee's
    PersonalText name;               // kanji
    PersonalText nameKana;
    PersonalText birthDate; // ISO 8601 date
    PersonalText address;
};

struct SubjectEdit {
    std::optional<PersonalText> name;
    std::optional<PersonalText> nameKana;
    std::optional<PersonalText> birthDate;
    std::optional<PersonalText> address;
    std::optional<std::string> department;
    std::optional<SubjectStatus> status;
    std::optional<std::chrono::year_month_day> statusDate; // the day the person left / it ended
};

struct SubjectSummary {
    SubjectId id;
    std::string code;
    SubjectKind kind = SubjectKind::Employee;
    std::string department;
    SubjectStatus status = SubjectStatus::Active;
    std::optional<SubjectId> parent;
    bool hasNumber = false;
    bool hasVerification = false;
    PersonalText name;
    PersonalText nameKana;
};

struct Verification {
    std::int64_t id = 0;
    std::string method;
    std::string documents;
    std::int64_t verifiedBy = 0;
    std::int64_t verifiedMs = 0;
};

struct DocumentRecord {
    std::int64_t id = 0;
    std::string ruleCode;
    std::optional<int> taxYear;
    std::optional<std::chrono::year_month_day> deadline;
    std::optional<std::chrono::year_month_day> filed;
    std::optional<std::chrono::year_month_day> completed;
};

struct SubjectDetail {
    SubjectSummary summary;
    PersonalText birthDate;
    PersonalText address;
    std::optional<std::chrono::year_month_day> statusDate;
    std::vector<std::string> purposes;
    std::vector<Verification> verifications;
    std::vector<DocumentRecord> documents;
    std::vector<SubjectSummary> dependents;
};

struct ListQuery {
    std::string codePrefix;
    std::string kanaPrefix;
    bool missingNumber = false;
    bool missingVerification = false;
    std::int64_t offset = 0;
    int limit = 50;
    // Keyset paging: only codes after this one (the last code of the previous page). Paging this
    // way costs the same on every page; an offset costs in proportion to how far it skips.
    std::string afterCode;
};

struct SubjectPage {
    std::vector<SubjectSummary> items;
    std::int64_t total = 0;
};

// A subject on the disposal list (DESIGN §3): due, or announced with the day it becomes due.
struct DueItem {
    SubjectId id;
    std::string code;
    SubjectKind kind = SubjectKind::Employee;
    std::string department;
    bool due = false;
    std::optional<std::chrono::year_month_day> dueFrom;
    std::string blockedBy; // why not due yet (a DisposalBlock name), empty when due
    std::optional<std::int64_t> pendingRequest;
};

struct DisposalRequest {
    std::int64_t id = 0;
    SubjectId subject;
    std::string subjectCode;
    std::string status; // pending, approved, executed, rejected
    std::int64_t requestedBy = 0;
    std::int64_t requestedMs = 0;
    std::optional<std::int64_t> approvedBy;
};

// The signed record of a disposal (no number, no personal data): the canonical text and the device's
// Ed25519 signature over it, verifiable with the device public key.
struct DisposalCertificate {
    std::int64_t requestId = 0;
    std::string body;
    std::array<std::uint8_t, 64> signature{};
    std::array<std::uint8_t, 32> devicePublicKey{};
};

enum class ImportMode : std::uint8_t {
    AllOrNothing,  // any issue: nothing is written
    ValidRowsOnly, // the clerk chose to take the valid rows
};

struct ImportReport {
    std::size_t rows = 0;
    std::size_t imported = 0;
    std::size_t skipped = 0;
    TextEncoding encoding = TextEncoding::Utf8;
    std::vector<ImportIssue> issues; // row, column and code; never the value
    bool issuesTruncated = false;
};

struct BackupInfo {
    std::int64_t createdMs = 0;
    std::uint64_t auditSequence = 0; // the log in the backup ends here
    std::uint64_t bytes = 0;
};

struct RestoreOptions {
    // Replace a vault whose log is ahead of the backup's (an explicit, audited authorisation).
    bool replaceNewer = false;
    // Who authorised it (the administrator's card id) and their step-up signature: they go into the
    // restored vault's "restore" entry. Empty: the local tool ("system").
    std::string actorCardId;
    std::vector<std::uint8_t> signature;
};

// Where an export (a USB medium the kiosk opens) or a provision (an allow-listed endpoint the
// courier sends to) goes. Device configuration; the allow-list (services/net) is its source.
enum class DestinationKind : std::uint8_t { Medium, Endpoint };
std::string_view destinationKindName(DestinationKind kind) noexcept;

struct Destination {
    std::string code; // [a-z0-9_-]{1,64}
    std::string name; // shown in the kiosk
    DestinationKind kind = DestinationKind::Endpoint;
    std::set<std::string> purposes; // purposes it serves; an export names one of them
    bool numbersAllowed = false;    // whether its payloads may hold numbers (DESIGN §6)
};

// What an export or a provision carries: these subjects, to this destination, under the session's
// purpose. The order of `subjects` is the payload's order; duplicates are refused.
struct ExportSpec {
    Operation operation = Operation::Export; // Export (medium) or Provide (endpoint)
    std::vector<SubjectId> subjects;
    std::string destination;
};

// A bulk export waiting for (or holding) the officer's approval (二重制御, DESIGN §2).
struct ExportRequest {
    std::int64_t id = 0;
    Operation operation = Operation::Export;
    std::string destination;
    std::string purpose;
    std::size_t subjects = 0;
    std::string status; // pending, approved, executed
    std::int64_t requestedBy = 0;
    std::int64_t requestedMs = 0;
    std::optional<std::int64_t> approvedBy;
};

// A finished payload: UTF-8 CSV (EXPORT_FORMAT.md). The bytes hold personal data and, when the
// destination allows, numbers: they live in guarded memory and are written only where they go.
struct ExportPayload {
    std::string destination;
    DestinationKind kind = DestinationKind::Medium;
    std::string fileName;            // mamori-<operation>-<device>-<audit sequence>.csv
    std::uint64_t auditSequence = 0; // the export's audit entry
    std::size_t subjects = 0;
    bool containsNumbers = false;
    SecretBuffer bytes;
};

// The administrator's and the officer's view of the audit log (vault_audit_query.cpp). Every
// filter is optional; pages run newest first, `beforeSequence` continuing where the last ended.
struct AuditQuery {
    std::int64_t userId = 0;          // entries by any card of this user (0: anyone)
    std::string action;               // an action name (AUDIT_FORMAT.md), empty: any
    std::string subjectCode;          // exact employee code, empty: any
    std::int64_t fromMs = 0;          // time window, inclusive
    std::int64_t toMs = 0;            // 0: no upper bound
    std::uint64_t beforeSequence = 0; // 0: from the head
    int limit = 100;                  // 1..500
};

struct AuditRow {
    std::uint64_t sequence = 0;
    std::int64_t timeMs = 0;
    std::string actor;     // card id or "system"
    std::string actorName; // the enrolled user's display name, empty when unknown
    std::string role;
    std::string action;
    std::string subjectCode;
    std::string purpose;
    std::string result;
    std::string detail;
    bool signedByCard = false; // carries a step-up signature
    bool secondSigner = false; // carries an officer's signature (two-person act)
};

struct AuditPage {
    std::vector<AuditRow> rows;
    bool more = false;
    std::uint64_t headSequence = 0;
    std::uint64_t checkpointSequence = 0; // the newest checkpoint (0: none yet)
    std::int64_t checkpointMs = 0;
    std::uint64_t checkpointCounter = 0;
};

// What the kiosk shows by name instead of by code (vault_directory.cpp; not personal data).
struct PurposeInfo {
    std::string code;
    std::string nameJa;
    bool numbersAllowed = true;
};

// An enrolled card as the administrator's tools list it (listCards): no certificate bytes.
struct CardInfo {
    std::string cardId; // lowercase hex SHA-256 of the SPKI
    std::int64_t userId = 0;
    std::string displayName;
    std::vector<std::string> roles;
    std::vector<std::string> departments;
    std::int64_t enrolledMs = 0;
    bool revoked = false;
    std::int64_t revokedMs = 0; // 0 while active
};

// What mamori-courier reports of a provision it took from the outbox (reportDelivery).
enum class DeliveryOutcome : std::uint8_t {
    Delivered, // the endpoint accepted it
    Failed,    // it gave up after its retries
    Blocked,   // the outgoing-data scan found numbers for a destination that may not receive them
    Refused,   // the destination is not on the allow-list
};
// The wire names: "delivered", "failed", "blocked", "refused".
std::string_view deliveryOutcomeName(DeliveryOutcome outcome) noexcept;
std::optional<DeliveryOutcome> deliveryOutcomeFromName(std::string_view name) noexcept;

// A signed audit bundle for mamori-logd (pullAuditLog): empty when nothing follows the sequence asked.
struct LogPull {
    std::vector<std::uint8_t> bundle;
    std::uint64_t headSequence = 0;
};
constexpr std::uint32_t kMaxLogPullEntries = 100000;

struct SessionDirectory {
    std::string displayName;                                      // the signed-in user's
    std::vector<std::pair<std::string, std::string>> departments; // code, name: the session's scope
};

// The proof a step-up act carries: a fresh card signature over the canonical operation.
struct StepUpProof {
    std::vector<std::uint8_t> nonce;
    std::vector<std::uint8_t> signature;
};

} // namespace mamori::vault
