// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// AuditEntry: one record of the vault's tamper-evident operation log (DESIGN.md §5), its field
// rules, and its canonical binary encoding. The byte-by-byte format, the action list and a worked
// example are in services/vault/AUDIT_FORMAT.md; keep the two in step.
//
// Who owns what: the vault store persists entries (in the same SQLite transaction as the operation
// they record) and calls makeNext() (audit_chain.h) to number and hash them; this file only defines
// the value and its bytes. Everything here is a pure function: no I/O, no logging, no global state
// except libsodium's one-time initialisation. Safe to call from any thread.
//
// No entry may hold an individual or corporate number, nor any hash of one (the PPC guideline
// forbids 特定個人情報 in these records). validateEntry() refuses text that reads as a number; it
// cannot recognise a hash of a number, so callers must never put one in (no blind index, no digest of
// a number, in any field).

#include "services/common/result.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::vault {

constexpr std::size_t kAuditHashBytes = 32; // BLAKE2b-256
using AuditHash = std::array<std::uint8_t, kAuditHashBytes>;

// Field limits, in bytes (UTF-8 bytes for text).
constexpr std::size_t kMaxDeviceIdBytes = 64;
constexpr std::size_t kCardActorHexChars = 64; // lowercase hex SHA-256 of the card's SPKI
constexpr std::size_t kSubjectIdHexChars = 32; // lowercase hex of the 16-byte opaque subject id
constexpr std::size_t kMaxEmployeeCodeBytes = 32;
constexpr std::size_t kMaxPurposeBytes = 64;
constexpr std::size_t kMaxResultBytes = 13; // "refused:65535"
constexpr std::size_t kMaxDetailBytes = 256;
constexpr std::size_t kMaxSignatureBytes = 1024;

// The actor of entries the vault writes on its own behalf (start-up, checkpoints, alerts).
constexpr std::string_view kSystemActor = "system";

// Roles and actions, each with its stable wire name. This list is the single place both are
// defined; the enums, the name tables and AUDIT_FORMAT.md follow it. Append only: never rename,
// reorder or remove an item (stored entries and older verifiers depend on the names, and the vault
// may persist the enum values).
#define MAMORI_AUDIT_ROLES(X)                                                                                          \
    X(Clerk, "clerk")                                                                                                  \
    X(Officer, "officer")                                                                                              \
    X(Admin, "admin")                                                                                                  \
    X(Provisioner, "provisioner")                                                                                      \
    X(System, "system")

#define MAMORI_AUDIT_ACTIONS(X)                                                                                        \
    X(Login, "login")                                                                                                  \
    X(LoginFailed, "login_failed")                                                                                     \
    X(Logout, "logout")                                                                                                \
    X(Lock, "lock")                                                                                                    \
    X(List, "list")                                                                                                    \
    X(Search, "search")                                                                                                \
    X(View, "view")                                                                                                    \
    X(Reveal, "reveal")                                                                                                \
    X(Register, "register")                                                                                            \
    X(Edit, "edit")                                                                                                    \
    X(Import, "import")                                                                                                \
    X(Export, "export")                                                                                                \
    X(Provide, "provide")                                                                                              \
    X(DisposalRequest, "disposal_request")                                                                             \
    X(DisposalApprove, "disposal_approve")                                                                             \
    X(DisposalExecute, "disposal_execute")                                                                             \
    X(Backup, "backup")                                                                                                \
    X(Restore, "restore")                                                                                              \
    X(Enrol, "enrol")                                                                                                  \
    X(Revoke, "revoke")                                                                                                \
    X(Config, "config")                                                                                                \
    X(Maintenance, "maintenance")                                                                                      \
    X(Alert, "alert")                                                                                                  \
    X(Checkpoint, "checkpoint")                                                                                        \
    X(LogExport, "log_export")                                                                                         \
    X(Startup, "startup")                                                                                              \
    X(Provision, "provision")                                                                                          \
    X(ExportRequest, "export_request")                                                                                 \
    X(ExportApprove, "export_approve")

#define MAMORI_AUDIT_ENUMERATOR_(name, text) name,
enum class AuditRole : std::uint8_t { MAMORI_AUDIT_ROLES(MAMORI_AUDIT_ENUMERATOR_) };
enum class AuditAction : std::uint8_t { MAMORI_AUDIT_ACTIONS(MAMORI_AUDIT_ENUMERATOR_) };
#undef MAMORI_AUDIT_ENUMERATOR_

// The wire name ("clerk", "disposal_approve"); empty for a value outside the list.
std::string_view roleName(AuditRole role) noexcept;
std::string_view actionName(AuditAction action) noexcept;
// The value for an exact wire name, or nullopt.
std::optional<AuditRole> parseRole(std::string_view name) noexcept;
std::optional<AuditAction> parseAction(std::string_view name) noexcept;
// Every defined value, in list order.
std::span<const AuditRole> allAuditRoles() noexcept;
std::span<const AuditAction> allAuditActions() noexcept;

struct AuditEntry {
    std::uint64_t sequence = 0; // 1, 2, 3, ... without gaps; set by makeNext()
    std::int64_t timeMs = 0;    // Unix time in milliseconds, >= 0
    std::string deviceId;       // 1..64 bytes of printable ASCII, no space
    std::string actor;          // "system", or the card id: 64 lowercase hex chars (SHA-256 of the SPKI)
    AuditRole role = AuditRole::System;
    AuditAction action = AuditAction::Login;
    std::string subjectId;                     // empty, or 32 lowercase hex chars (the opaque 16-byte subject id)
    std::string employeeCode;                  // empty, or 1..32 bytes of UTF-8 without control characters
    std::string purpose;                       // empty, or a purpose code: 1..64 bytes of printable ASCII, no space
    std::string result;                        // "ok", "refused:<ErrorCode number>" or "failed:<ErrorCode number>"
    std::string detail;                        // 0..256 bytes of UTF-8 without control characters; non-personal only
    std::vector<std::uint8_t> cardSignature;   // step-up signature of the actor's card, 0..1024 bytes
    std::vector<std::uint8_t> secondSignature; // the officer's, for two-person acts; needs a card signature
    AuditHash prevHash{};                      // hash of the previous entry (32 zero bytes before the first)
    AuditHash hash{};                          // BLAKE2b-256 of the HashInput encoding; set by makeNext()

    bool operator==(const AuditEntry& other) const = default;
};

// Values for AuditEntry::result.
std::string auditResultOk();
std::string auditResultRefused(ErrorCode code);
std::string auditResultFailed(ErrorCode code);

// Checks every field rule except sequence and hashes (which makeNext() sets): lengths, formats, the
// role/action lists, and that no free-text field (device, employee, purpose, result, detail) reads
// as an individual or corporate number. The card and subject ids are held to their exact hex
// format instead, which a number does not pass (AUDIT_FORMAT.md explains why they are not scanned).
// Errors: TooLarge (over a limit), InvalidUtf8, InvalidArgument (format), AuditWriteFailed (a field
// holds a number: the entry must not be written, so the operation must fail). The context names
// the field and rule, never the value.
Status validateEntry(const AuditEntry& entry);
// The same without the number scan: the structural rules decodeEntry() enforces.
Status validateEntryFormat(const AuditEntry& entry);

// How containsNumber() reads digits.
//  Text: digits (ASCII or full-width) joined by the separators the number parser accepts (spaces,
//        hyphens and their look-alikes) form one group; any 12 consecutive digits of a group that
//        make a valid individual number, or 13 that make a valid corporate number, count, so a
//        number hidden in a longer run or typed as 1234-5678-9018 is still found.
//  Identifier: how a scanner reads a hex identifier: a maximal run of exactly 12 digits with a
//        valid individual check digit, or 13 with a valid corporate one. Entries do not apply it
//        (see validateEntry()); the vault may, to redraw a random subject id that would look like
//        a number to a data-loss scanner (about 0.2 % of them do; 0.5 % of card ids).
enum class NumberScan : std::uint8_t { Text, Identifier };
// Whether `text` holds what reads as an individual or corporate number. Invalid UTF-8 bytes break a
// digit group.
bool containsNumber(std::string_view text, NumberScan scan = NumberScan::Text);
// Whether a free-text field of `entry` holds a number, read as validateEntry() reads it.
bool entryContainsNumber(const AuditEntry& entry);

// ---- Canonical encoding -------------------------------------------------------------------------
// magic "MAMORI-AUDIT-1", then fields 1..15 in this order, each as tag (1 byte), length (2 bytes,
// big-endian) and value. Integers are 8-byte big-endian (time: two's complement). The HashInput
// encoding stops before the Hash field; the Full encoding ends with it. The encoding is canonical:
// each entry has exactly one, so hashing decoded bytes equals hashing the re-encoded entry.
constexpr std::string_view kAuditEntryMagic = "MAMORI-AUDIT-1";

enum class AuditField : std::uint8_t {
    Sequence = 1,
    Time = 2,
    DeviceId = 3,
    Actor = 4,
    Role = 5,
    Action = 6,
    SubjectId = 7,
    EmployeeCode = 8,
    Purpose = 9,
    Result = 10,
    Detail = 11,
    CardSignature = 12,
    SecondSignature = 13,
    PrevHash = 14,
    Hash = 15,
};

enum class EntryEncoding : std::uint8_t { Full, HashInput };

constexpr std::size_t kEntryFieldHeaderBytes = 3;         // tag + u16 length
constexpr std::size_t kEntryHashFieldBytes = 3 + 32;      // the Hash field at the end of Full
constexpr std::size_t kMaxRoleNameBytes = 11;             // "provisioner"
constexpr std::size_t kMaxActionNameBytes = 16;           // "disposal_request"
constexpr std::size_t kMaxEncodedEntryBytes = 14 + 15 * 3 // magic, 15 field headers
                                              + 8 + 8     // sequence, time
                                              + kMaxDeviceIdBytes + kCardActorHexChars + kMaxRoleNameBytes +
                                              kMaxActionNameBytes + kSubjectIdHexChars + kMaxEmployeeCodeBytes +
                                              kMaxPurposeBytes + kMaxResultBytes + kMaxDetailBytes +
                                              2 * kMaxSignatureBytes + 2 * kAuditHashBytes;
// A lower bound for any decodable Full encoding (empty text, fixed fields only).
constexpr std::size_t kMinEncodedEntryBytes = 14 + 15 * 3 + 8 + 8 + 2 * kAuditHashBytes;

// Writes the encoding into `out` without allocating; returns the number of bytes written, or 0 if
// a field is over its limit or the role/action is outside the list (content is not validated
// further: verification must hash whatever is stored). For the verifier's hot loop.
std::size_t encodeEntryInto(const AuditEntry& entry, EntryEncoding encoding,
                            std::span<std::uint8_t, kMaxEncodedEntryBytes> out) noexcept;
// A decoded entry that borrows the encoded bytes instead of copying them (no allocation): valid
// only while those bytes are. Verification of large bundles runs on views; toEntry() copies.
struct AuditEntryView {
    std::uint64_t sequence = 0;
    std::int64_t timeMs = 0;
    std::string_view deviceId;
    std::string_view actor;
    AuditRole role = AuditRole::System;
    AuditAction action = AuditAction::Login;
    std::string_view subjectId;
    std::string_view employeeCode;
    std::string_view purpose;
    std::string_view result;
    std::string_view detail;
    std::span<const std::uint8_t> cardSignature;
    std::span<const std::uint8_t> secondSignature;
    AuditHash prevHash{};
    AuditHash hash{};
    // The bytes the entry hash covers (the HashInput encoding); empty for viewOf().
    std::span<const std::uint8_t> hashInput;

    AuditEntry toEntry() const;
};

// A view of an entry's fields (hashInput stays empty).
AuditEntryView viewOf(const AuditEntry& entry) noexcept;
Status validateEntryFormat(const AuditEntryView& entry);
bool entryContainsNumber(const AuditEntryView& entry);

// Errors: InvalidArgument (role/action outside the list), TooLarge (a field over its limit).
Result<std::vector<std::uint8_t>> encodeEntry(const AuditEntry& entry, EntryEncoding encoding = EntryEncoding::Full);
// Strict parse of a Full encoding: wrong magic or version, wrong or missing tag, wrong length for a
// fixed-size field, a field over its limit, trailing bytes, or a field that breaks validateEntryFormat
// are all refused (StorageCorrupt; TooLarge for an input over kMaxEncodedEntryBytes). The stored
// hash is returned as found, not checked: verifying it is the chain's job.
Result<AuditEntry> decodeEntry(std::span<const std::uint8_t> bytes);
// The same checks, without copying: the view borrows `bytes`.
Result<AuditEntryView> decodeEntryView(std::span<const std::uint8_t> bytes);
// BLAKE2b-256 (unkeyed) of the HashInput encoding. Errors as encodeEntry().
Result<AuditHash> computeEntryHash(const AuditEntry& entry);

namespace detail {

// Big-endian helpers shared by the audit encodings.
template <typename T> inline void storeBigEndian(std::uint8_t* out, T value) noexcept
{
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(value) >> (8 * (sizeof(T) - 1 - i)));
}

template <typename T> inline void appendBigEndian(std::vector<std::uint8_t>& out, T value)
{
    std::array<std::uint8_t, sizeof(T)> bytes{};
    storeBigEndian(bytes.data(), value);
    out.insert(out.end(), bytes.begin(), bytes.end());
}

// Bounds-checked, forward-only reader for untrusted bytes. Every read fails cleanly (returns false
// or an empty optional) at the end of input; nothing is ever read past it.
class ByteReader {
public:
    explicit ByteReader(std::span<const std::uint8_t> bytes) noexcept : m_bytes(bytes) {}

    std::size_t offset() const noexcept { return m_offset; }
    std::size_t remaining() const noexcept { return m_bytes.size() - m_offset; }
    bool atEnd() const noexcept { return m_offset == m_bytes.size(); }

    template <typename T> bool readBigEndian(T& value) noexcept
    {
        if (remaining() < sizeof(T))
            return false;
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < sizeof(T); ++i)
            v = (v << 8) | m_bytes[m_offset + i];
        m_offset += sizeof(T);
        value = static_cast<T>(v);
        return true;
    }
    // The next `count` bytes, consumed; nullopt (nothing consumed) if fewer remain.
    std::optional<std::span<const std::uint8_t>> take(std::size_t count) noexcept
    {
        if (remaining() < count)
            return std::nullopt;
        const auto out = m_bytes.subspan(m_offset, count);
        m_offset += count;
        return out;
    }
    bool expect(std::string_view literal) noexcept
    {
        if (remaining() < literal.size() || std::memcmp(m_bytes.data() + m_offset, literal.data(), literal.size()) != 0)
            return false;
        m_offset += literal.size();
        return true;
    }

private:
    std::span<const std::uint8_t> m_bytes;
    std::size_t m_offset = 0;
};

} // namespace detail

} // namespace mamori::vault
