// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/audit_entry.h"

#include "services/common/utf8.h"

#include "services/common/number_validation.h"
#include "services/common/secret_buffer.h"

#include <sodium.h>

#include <algorithm>

namespace mamori::vault {
namespace {

#define MAMORI_AUDIT_VALUE_(name, text) Enum::name,
#define MAMORI_AUDIT_NAME_(name, text) std::string_view(text),

template <typename Enum> struct NameTable;

template <> struct NameTable<AuditRole> {
    using Enum = AuditRole;
    static constexpr std::array kValues = {MAMORI_AUDIT_ROLES(MAMORI_AUDIT_VALUE_)};
    static constexpr std::array kNames = {MAMORI_AUDIT_ROLES(MAMORI_AUDIT_NAME_)};
};

template <> struct NameTable<AuditAction> {
    using Enum = AuditAction;
    static constexpr std::array kValues = {MAMORI_AUDIT_ACTIONS(MAMORI_AUDIT_VALUE_)};
    static constexpr std::array kNames = {MAMORI_AUDIT_ACTIONS(MAMORI_AUDIT_NAME_)};
};

#undef MAMORI_AUDIT_VALUE_
#undef MAMORI_AUDIT_NAME_

template <typename Enum> constexpr std::size_t longestName()
{
    std::size_t longest = 0;
    for (std::string_view name : NameTable<Enum>::kNames)
        longest = std::max(longest, name.size());
    return longest;
}
static_assert(longestName<AuditRole>() == kMaxRoleNameBytes);
static_assert(longestName<AuditAction>() == kMaxActionNameBytes);
static_assert(kAuditEntryMagic.size() == 14);

template <typename Enum> std::string_view nameOf(Enum value) noexcept
{
    const auto index = static_cast<std::size_t>(value);
    return index < NameTable<Enum>::kNames.size() ? NameTable<Enum>::kNames[index] : std::string_view();
}

template <typename Enum> std::optional<Enum> valueOf(std::string_view name) noexcept
{
    const auto& names = NameTable<Enum>::kNames;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name)
            return NameTable<Enum>::kValues[i];
    }
    return std::nullopt;
}

// ---- Text rules --------------------------------------------------------------------------------

// Characters that would let a stored text break a log line or reorder what a reader sees.
bool isForbiddenInText(char32_t c) noexcept
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

std::string fieldContext(std::string_view field, std::string_view rule)
{
    std::string out = "audit field '";
    out.append(field);
    out.append("': ");
    out.append(rule);
    return out;
}

Status checkLength(std::string_view field, std::size_t size, std::size_t maximum)
{
    if (size > maximum)
        return Error(ErrorCode::TooLarge,
                     fieldContext(field, std::to_string(size) + " bytes, limit " + std::to_string(maximum)));
    return okStatus();
}

Status checkPrintableAscii(std::string_view field, std::string_view value, std::size_t maximum, bool required)
{
    MAMORI_TRY(checkLength(field, value.size(), maximum));
    if (required && value.empty())
        return Error(ErrorCode::InvalidArgument, fieldContext(field, "must not be empty"));
    for (char c : value) {
        if (c < 0x21 || c > 0x7e)
            return Error(ErrorCode::InvalidArgument, fieldContext(field, "only printable ASCII without spaces"));
    }
    return okStatus();
}

bool isLowerHex(std::string_view value) noexcept
{
    return std::all_of(value.begin(), value.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Status checkText(std::string_view field, std::string_view value, std::size_t maximum)
{
    MAMORI_TRY(checkLength(field, value.size(), maximum));
    std::size_t pos = 0;
    while (pos < value.size()) {
        const auto byte = static_cast<unsigned char>(value[pos]);
        if (byte >= 0x20 && byte < 0x7f) { // printable ASCII, the common case
            ++pos;
            continue;
        }
        char32_t c = 0;
        if (!decodeUtf8(value, pos, c))
            return Error(ErrorCode::InvalidUtf8, fieldContext(field, "invalid UTF-8"));
        if (isForbiddenInText(c))
            return Error(ErrorCode::InvalidArgument, fieldContext(field, "control or direction character"));
    }
    return okStatus();
}

Status checkResult(std::string_view value)
{
    MAMORI_TRY(checkLength("result", value.size(), kMaxResultBytes));
    if (value == "ok")
        return okStatus();
    std::string_view code;
    if (value.starts_with("refused:"))
        code = value.substr(8);
    else if (value.starts_with("failed:"))
        code = value.substr(7);
    else
        return Error(ErrorCode::InvalidArgument, fieldContext("result", "want ok, refused:<code> or failed:<code>"));
    // 1..65535 in decimal, no sign, no leading zero.
    const bool digitsOnly = !code.empty() && code.size() <= 5 &&
                            std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digitsOnly || code.front() == '0')
        return Error(ErrorCode::InvalidArgument, fieldContext("result", "the error code must be 1-65535 in decimal"));
    std::uint32_t number = 0;
    for (char c : code)
        number = number * 10 + static_cast<std::uint32_t>(c - '0');
    if (number > 0xffff)
        return Error(ErrorCode::InvalidArgument, fieldContext("result", "the error code must be 1-65535 in decimal"));
    return okStatus();
}

// ---- Number scan --------------------------------------------------------------------------------

int digitValue(char32_t c) noexcept
{
    if (c >= U'0' && c <= U'9')
        return static_cast<int>(c - U'0');
    if (c >= U'\uff10' && c <= U'\uff19') // full-width ０-９
        return static_cast<int>(c - U'\uff10');
    return -1;
}

// What joins digits into one group in free text: exactly the separators the number parser accepts
// (number_validation.h), so that whatever parseIndividualNumber() would take for a number is found.
// Other punctuation (':', '.', '/') breaks a group: with it, a date and time such as
// "2024-01-10 09:30" would form a 12-digit group and be refused one time in ten.
bool isJoiner(char32_t c) noexcept { return isNumberSeparator(c); }

// The last digits of the current group (at least 13), as ASCII, in a ring; wiped when the scan ends.
class DigitWindow {
public:
    ~DigitWindow() { sodium_memzero(m_ring.data(), m_ring.size()); }

    void reset() noexcept { m_count = 0; }
    void push(int digit) noexcept
    {
        m_ring[m_count & kMask] = static_cast<char>('0' + digit);
        ++m_count;
    }
    std::size_t count() const noexcept { return m_count; }
    // Whether the last `n` digits (n <= 13 and n <= count()) make a valid number of that length.
    bool lastHoldsNumber(std::size_t n) const
    {
        std::array<char, kCorporateNumberDigits> digits{};
        for (std::size_t i = 0; i < n; ++i)
            digits[i] = m_ring[(m_count - n + i) & kMask];
        const std::string_view run(digits.data(), n);
        const bool valid =
            n == kIndividualNumberDigits ? parseIndividualNumber(run).ok() : parseCorporateNumber(run).ok();
        sodium_memzero(digits.data(), digits.size());
        return valid;
    }

private:
    static constexpr std::size_t kMask = 15; // a power-of-two ring: no division per digit
    std::array<char, kMask + 1> m_ring{};
    std::size_t m_count = 0;
};

bool windowHoldsNumber(const DigitWindow& window)
{
    if (window.count() >= kIndividualNumberDigits && window.lastHoldsNumber(kIndividualNumberDigits))
        return true;
    return window.count() >= kCorporateNumberDigits && window.lastHoldsNumber(kCorporateNumberDigits);
}

bool runHoldsNumber(const DigitWindow& window)
{
    return (window.count() == kIndividualNumberDigits || window.count() == kCorporateNumberDigits) &&
           window.lastHoldsNumber(window.count());
}

struct DigitCount {
    std::size_t digits = 0; // ASCII or full-width (EF BC 90-99 in UTF-8)
    bool ascii = true;
};

// How many digits `text` holds: cheap enough to skip the scan for the many fields that cannot hold
// twelve, and to take the ASCII path for the rest.
DigitCount countDigits(std::string_view text) noexcept
{
    DigitCount count;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= '0' && c <= '9') {
            ++count.digits;
        } else if (c >= 0x80) {
            count.ascii = false;
            if (c >= 0x90 && c <= 0x99 && i >= 2 && static_cast<unsigned char>(text[i - 1]) == 0xbc &&
                static_cast<unsigned char>(text[i - 2]) == 0xef)
                ++count.digits;
        }
    }
    return count;
}

// Identifier reading of ASCII text: maximal runs of exactly 12 or 13 ASCII digits.
bool asciiRunsHoldNumber(std::string_view text)
{
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] >= '0' && text[i] <= '9')
            continue;
        const std::string_view run = text.substr(start, i - start);
        if ((run.size() == kIndividualNumberDigits && parseIndividualNumber(run).ok()) ||
            (run.size() == kCorporateNumberDigits && parseCorporateNumber(run).ok()))
            return true;
        start = i + 1;
    }
    return false;
}

Status checkNoNumber(std::string_view field, std::string_view value)
{
    if (containsNumber(value, NumberScan::Text))
        return Error(ErrorCode::AuditWriteFailed,
                     fieldContext(field, "holds what reads as an individual or corporate number; refused"));
    return okStatus();
}

// ---- Encoding ----------------------------------------------------------------------------------

class SpanWriter {
public:
    explicit SpanWriter(std::span<std::uint8_t, kMaxEncodedEntryBytes> out) noexcept : m_out(out.data()) {}

    std::size_t size() const noexcept { return m_size; }
    void raw(const void* data, std::size_t size) noexcept
    {
        if (size > 0)
            std::memcpy(m_out + m_size, data, size);
        m_size += size;
    }
    void header(AuditField tag, std::size_t length) noexcept
    {
        m_out[m_size] = static_cast<std::uint8_t>(tag);
        detail::storeBigEndian(m_out + m_size + 1, static_cast<std::uint16_t>(length));
        m_size += kEntryFieldHeaderBytes;
    }
    template <typename T> void integer(AuditField tag, T value) noexcept
    {
        header(tag, sizeof(T));
        detail::storeBigEndian(m_out + m_size, value);
        m_size += sizeof(T);
    }
    void field(AuditField tag, const void* data, std::size_t size) noexcept
    {
        header(tag, size);
        raw(data, size);
    }

private:
    std::uint8_t* m_out;
    std::size_t m_size = 0;
};

// Whether every variable field fits its limit, so that the writer cannot run past the buffer.
bool fitsLimits(const AuditEntry& e) noexcept
{
    return e.deviceId.size() <= kMaxDeviceIdBytes && e.actor.size() <= kCardActorHexChars &&
           e.subjectId.size() <= kSubjectIdHexChars && e.employeeCode.size() <= kMaxEmployeeCodeBytes &&
           e.purpose.size() <= kMaxPurposeBytes && e.result.size() <= kMaxResultBytes &&
           e.detail.size() <= kMaxDetailBytes && e.cardSignature.size() <= kMaxSignatureBytes &&
           e.secondSignature.size() <= kMaxSignatureBytes;
}

struct FieldLimit {
    AuditField tag;
    std::size_t minimum;
    std::size_t maximum;
};

constexpr std::array<FieldLimit, 15> kFieldLimits = {{
    {AuditField::Sequence, 8, 8},
    {AuditField::Time, 8, 8},
    {AuditField::DeviceId, 1, kMaxDeviceIdBytes},
    {AuditField::Actor, kSystemActor.size(), kCardActorHexChars},
    {AuditField::Role, 1, kMaxRoleNameBytes},
    {AuditField::Action, 1, kMaxActionNameBytes},
    {AuditField::SubjectId, 0, kSubjectIdHexChars},
    {AuditField::EmployeeCode, 0, kMaxEmployeeCodeBytes},
    {AuditField::Purpose, 0, kMaxPurposeBytes},
    {AuditField::Result, 2, kMaxResultBytes},
    {AuditField::Detail, 0, kMaxDetailBytes},
    {AuditField::CardSignature, 0, kMaxSignatureBytes},
    {AuditField::SecondSignature, 0, kMaxSignatureBytes},
    {AuditField::PrevHash, kAuditHashBytes, kAuditHashBytes},
    {AuditField::Hash, kAuditHashBytes, kAuditHashBytes},
}};

std::string_view asText(std::span<const std::uint8_t> bytes) noexcept
{
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Error corrupt(std::string context) { return Error(ErrorCode::StorageCorrupt, "audit entry encoding: " + context); }

} // namespace

std::string_view roleName(AuditRole role) noexcept { return nameOf(role); }
std::string_view actionName(AuditAction action) noexcept { return nameOf(action); }
std::optional<AuditRole> parseRole(std::string_view name) noexcept { return valueOf<AuditRole>(name); }
std::optional<AuditAction> parseAction(std::string_view name) noexcept { return valueOf<AuditAction>(name); }
std::span<const AuditRole> allAuditRoles() noexcept { return NameTable<AuditRole>::kValues; }
std::span<const AuditAction> allAuditActions() noexcept { return NameTable<AuditAction>::kValues; }

std::string auditResultOk() { return "ok"; }
std::string auditResultRefused(ErrorCode code) { return "refused:" + std::to_string(errorNumber(code)); }
std::string auditResultFailed(ErrorCode code) { return "failed:" + std::to_string(errorNumber(code)); }

bool containsNumber(std::string_view text, NumberScan scan)
{
    const DigitCount count = countDigits(text);
    if (count.digits < kIndividualNumberDigits)
        return false;
    if (scan == NumberScan::Identifier && count.ascii)
        return asciiRunsHoldNumber(text);
    DigitWindow window;
    std::size_t pos = 0;
    while (pos < text.size()) {
        char32_t c = static_cast<unsigned char>(text[pos]);
        if (c < 0x80) {
            ++pos;
        } else if (!decodeUtf8(text, pos, c)) {
            ++pos; // an invalid byte breaks the group like any other non-digit
            c = 0;
        }
        const int digit = digitValue(c);
        if (digit >= 0) {
            window.push(digit);
            if (scan == NumberScan::Text && windowHoldsNumber(window))
                return true;
            continue;
        }
        if (scan == NumberScan::Text && isJoiner(c))
            continue;
        if (scan == NumberScan::Identifier && runHoldsNumber(window))
            return true;
        window.reset();
    }
    return scan == NumberScan::Identifier && runHoldsNumber(window);
}

AuditEntry AuditEntryView::toEntry() const
{
    AuditEntry e;
    e.sequence = sequence;
    e.timeMs = timeMs;
    e.deviceId = deviceId;
    e.actor = actor;
    e.role = role;
    e.action = action;
    e.subjectId = subjectId;
    e.employeeCode = employeeCode;
    e.purpose = purpose;
    e.result = result;
    e.detail = detail;
    e.cardSignature.assign(cardSignature.begin(), cardSignature.end());
    e.secondSignature.assign(secondSignature.begin(), secondSignature.end());
    e.prevHash = prevHash;
    e.hash = hash;
    return e;
}

AuditEntryView viewOf(const AuditEntry& e) noexcept
{
    AuditEntryView v;
    v.sequence = e.sequence;
    v.timeMs = e.timeMs;
    v.deviceId = e.deviceId;
    v.actor = e.actor;
    v.role = e.role;
    v.action = e.action;
    v.subjectId = e.subjectId;
    v.employeeCode = e.employeeCode;
    v.purpose = e.purpose;
    v.result = e.result;
    v.detail = e.detail;
    v.cardSignature = e.cardSignature;
    v.secondSignature = e.secondSignature;
    v.prevHash = e.prevHash;
    v.hash = e.hash;
    return v;
}

// The free-text fields. The card and subject ids are not scanned: their format (exactly 64 or 32
// lowercase hex characters) already keeps a number from being stored in them, and a chance run of
// digits in a hash or a random id is nobody's number, while refusing it would lock out about one
// card in two hundred (AUDIT_FORMAT.md, "The rule").
bool entryContainsNumber(const AuditEntryView& e)
{
    return containsNumber(e.deviceId) || containsNumber(e.employeeCode) || containsNumber(e.purpose) ||
           containsNumber(e.result) || containsNumber(e.detail);
}

bool entryContainsNumber(const AuditEntry& e) { return entryContainsNumber(viewOf(e)); }

Status validateEntryFormat(const AuditEntryView& e)
{
    if (e.timeMs < 0)
        return Error(ErrorCode::InvalidArgument, fieldContext("time", "before 1970"));
    MAMORI_TRY(checkPrintableAscii("device", e.deviceId, kMaxDeviceIdBytes, true));
    if (e.actor != kSystemActor && !(e.actor.size() == kCardActorHexChars && isLowerHex(e.actor))) {
        MAMORI_TRY(checkLength("actor", e.actor.size(), kCardActorHexChars));
        return Error(ErrorCode::InvalidArgument,
                     fieldContext("actor", "want \"system\" or 64 lowercase hex characters"));
    }
    if (roleName(e.role).empty())
        return Error(ErrorCode::InvalidArgument, fieldContext("role", "not in the role list"));
    if (e.actor == kSystemActor && e.role != AuditRole::System)
        return Error(ErrorCode::InvalidArgument, fieldContext("role", "the system actor acts in the system role"));
    if (actionName(e.action).empty())
        return Error(ErrorCode::InvalidArgument, fieldContext("action", "not in the action list"));
    if (!e.subjectId.empty() && !(e.subjectId.size() == kSubjectIdHexChars && isLowerHex(e.subjectId))) {
        MAMORI_TRY(checkLength("subject", e.subjectId.size(), kSubjectIdHexChars));
        return Error(ErrorCode::InvalidArgument, fieldContext("subject", "want empty or 32 lowercase hex characters"));
    }
    MAMORI_TRY(checkText("employee", e.employeeCode, kMaxEmployeeCodeBytes));
    MAMORI_TRY(checkPrintableAscii("purpose", e.purpose, kMaxPurposeBytes, false));
    MAMORI_TRY(checkResult(e.result));
    MAMORI_TRY(checkText("detail", e.detail, kMaxDetailBytes));
    MAMORI_TRY(checkLength("card_signature", e.cardSignature.size(), kMaxSignatureBytes));
    MAMORI_TRY(checkLength("second_signature", e.secondSignature.size(), kMaxSignatureBytes));
    if (!e.secondSignature.empty() && e.cardSignature.empty())
        return Error(ErrorCode::InvalidArgument,
                     fieldContext("second_signature", "a second signature needs the actor's card signature"));
    return okStatus();
}

Status validateEntryFormat(const AuditEntry& e) { return validateEntryFormat(viewOf(e)); }

Status validateEntry(const AuditEntry& entry)
{
    const AuditEntryView e = viewOf(entry);
    MAMORI_TRY(validateEntryFormat(e));
    // The same fields as entryContainsNumber(), one by one to name the field.
    MAMORI_TRY(checkNoNumber("device", e.deviceId));
    MAMORI_TRY(checkNoNumber("employee", e.employeeCode));
    MAMORI_TRY(checkNoNumber("purpose", e.purpose));
    MAMORI_TRY(checkNoNumber("result", e.result));
    MAMORI_TRY(checkNoNumber("detail", e.detail));
    return okStatus();
}

std::size_t encodeEntryInto(const AuditEntry& e, EntryEncoding encoding,
                            std::span<std::uint8_t, kMaxEncodedEntryBytes> out) noexcept
{
    const std::string_view role = roleName(e.role);
    const std::string_view action = actionName(e.action);
    if (role.empty() || action.empty() || !fitsLimits(e))
        return 0;
    SpanWriter w(out);
    w.raw(kAuditEntryMagic.data(), kAuditEntryMagic.size());
    w.integer(AuditField::Sequence, e.sequence);
    w.integer(AuditField::Time, e.timeMs);
    w.field(AuditField::DeviceId, e.deviceId.data(), e.deviceId.size());
    w.field(AuditField::Actor, e.actor.data(), e.actor.size());
    w.field(AuditField::Role, role.data(), role.size());
    w.field(AuditField::Action, action.data(), action.size());
    w.field(AuditField::SubjectId, e.subjectId.data(), e.subjectId.size());
    w.field(AuditField::EmployeeCode, e.employeeCode.data(), e.employeeCode.size());
    w.field(AuditField::Purpose, e.purpose.data(), e.purpose.size());
    w.field(AuditField::Result, e.result.data(), e.result.size());
    w.field(AuditField::Detail, e.detail.data(), e.detail.size());
    w.field(AuditField::CardSignature, e.cardSignature.data(), e.cardSignature.size());
    w.field(AuditField::SecondSignature, e.secondSignature.data(), e.secondSignature.size());
    w.field(AuditField::PrevHash, e.prevHash.data(), e.prevHash.size());
    if (encoding == EntryEncoding::Full)
        w.field(AuditField::Hash, e.hash.data(), e.hash.size());
    return w.size();
}

Result<std::vector<std::uint8_t>> encodeEntry(const AuditEntry& entry, EntryEncoding encoding)
{
    if (roleName(entry.role).empty() || actionName(entry.action).empty())
        return Error(ErrorCode::InvalidArgument, "audit entry: role or action outside the list");
    if (!fitsLimits(entry))
        return Error(ErrorCode::TooLarge, "audit entry: a field is over its limit");
    std::array<std::uint8_t, kMaxEncodedEntryBytes> buffer; // NOLINT: filled before it is read
    const std::size_t size = encodeEntryInto(entry, encoding, buffer);
    return std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(size));
}

Result<AuditHash> computeEntryHash(const AuditEntry& entry)
{
    MAMORI_TRY(initSodium());
    std::array<std::uint8_t, kMaxEncodedEntryBytes> buffer; // NOLINT: filled before it is read
    const std::size_t size = encodeEntryInto(entry, EntryEncoding::HashInput, buffer);
    if (size == 0)
        return Error(fitsLimits(entry) ? ErrorCode::InvalidArgument : ErrorCode::TooLarge,
                     "audit entry: cannot encode (role or action outside the list, or a field over its limit)");
    AuditHash hash{};
    crypto_generichash(hash.data(), hash.size(), buffer.data(), size, nullptr, 0);
    return hash;
}

Result<AuditEntryView> decodeEntryView(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() > kMaxEncodedEntryBytes)
        return Error(ErrorCode::TooLarge, "audit entry encoding: " + std::to_string(bytes.size()) + " bytes, limit " +
                                              std::to_string(kMaxEncodedEntryBytes));
    detail::ByteReader reader(bytes);
    if (!reader.expect(kAuditEntryMagic)) {
        constexpr std::string_view kFamily = "MAMORI-AUDIT-";
        if (bytes.size() >= kFamily.size() && asText(bytes.first(kFamily.size())) == kFamily)
            return corrupt("unsupported version");
        return corrupt("not an audit entry (magic)");
    }

    std::array<std::span<const std::uint8_t>, kFieldLimits.size()> values{};
    std::size_t hashInputSize = 0;
    for (std::size_t i = 0; i < kFieldLimits.size(); ++i) {
        const FieldLimit& limit = kFieldLimits[i];
        if (limit.tag == AuditField::Hash)
            hashInputSize = reader.offset();
        std::uint8_t tag = 0;
        std::uint16_t length = 0;
        if (!reader.readBigEndian(tag) || !reader.readBigEndian(length))
            return corrupt("ends inside the header of field " + std::to_string(i + 1));
        if (tag != static_cast<std::uint8_t>(limit.tag))
            return corrupt("field " + std::to_string(i + 1) + " has tag " + std::to_string(tag));
        if (length < limit.minimum || length > limit.maximum)
            return corrupt("field " + std::to_string(i + 1) + " has length " + std::to_string(length));
        const auto value = reader.take(length);
        if (!value)
            return corrupt("ends inside field " + std::to_string(i + 1));
        values[i] = *value;
    }
    if (!reader.atEnd())
        return corrupt(std::to_string(reader.remaining()) + " trailing bytes");

    const auto blob = [&](AuditField tag) { return values[static_cast<std::size_t>(tag) - 1]; };
    const auto text = [&](AuditField tag) { return asText(blob(tag)); };
    AuditEntryView e;
    detail::ByteReader(blob(AuditField::Sequence)).readBigEndian(e.sequence);
    detail::ByteReader(blob(AuditField::Time)).readBigEndian(e.timeMs);
    if (e.sequence == 0)
        return corrupt("sequence 0");
    const auto role = parseRole(text(AuditField::Role));
    const auto action = parseAction(text(AuditField::Action));
    if (!role || !action)
        return corrupt("role or action not in the list");
    e.role = *role;
    e.action = *action;
    e.deviceId = text(AuditField::DeviceId);
    e.actor = text(AuditField::Actor);
    e.subjectId = text(AuditField::SubjectId);
    e.employeeCode = text(AuditField::EmployeeCode);
    e.purpose = text(AuditField::Purpose);
    e.result = text(AuditField::Result);
    e.detail = text(AuditField::Detail);
    e.cardSignature = blob(AuditField::CardSignature);
    e.secondSignature = blob(AuditField::SecondSignature);
    std::copy_n(blob(AuditField::PrevHash).begin(), kAuditHashBytes, e.prevHash.begin());
    std::copy_n(blob(AuditField::Hash).begin(), kAuditHashBytes, e.hash.begin());
    e.hashInput = bytes.first(hashInputSize);

    const Status format = validateEntryFormat(e);
    if (!format.ok())
        return corrupt(format.error().context());
    return e;
}

Result<AuditEntry> decodeEntry(std::span<const std::uint8_t> bytes)
{
    MAMORI_ASSIGN_OR_RETURN(const AuditEntryView view, decodeEntryView(bytes));
    return view.toEntry();
}

} // namespace mamori::vault
