// SPDX-License-Identifier: GPL-3.0-or-later
// Fleet bundles: encoding, decoding, signing and verification (fleet_bundle.h, FLEET_BUNDLE_FORMAT.md).

#include "services/vault/fleet_bundle.h"

#include "services/common/utf8.h"
#include "services/vault/card_signature.h"
#include "services/vault/retention.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <map>

namespace mamori::vault {
namespace {

enum Tag : std::uint8_t {
    kTagSerial = 1,
    kTagCreated = 2,
    kTagTarget = 3,
    kTagDescription = 4,
    kTagAllowList = 5,
    kTagRetention = 6,
    kTagDepartment = 7,
    kTagCard = 8,
};

Error malformed(const std::string& what) { return Error(ErrorCode::StorageCorrupt, "fleet bundle: " + what); }

bool isTargetText(std::string_view text)
{
    return !text.empty() && text.size() <= 64 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

bool isCode(std::string_view code, std::size_t maxBytes)
{
    if (code.empty() || code.size() > maxBytes)
        return false;
    return std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.';
    });
}

void putU8(std::vector<std::uint8_t>& out, std::uint8_t value) { out.push_back(value); }
void putU16(std::vector<std::uint8_t>& out, std::uint16_t value)
{
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}
void putU32(std::vector<std::uint8_t>& out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}
void putU64(std::vector<std::uint8_t>& out, std::uint64_t value)
{
    for (int shift = 56; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}
void putBytes(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes)
{
    out.insert(out.end(), bytes.begin(), bytes.end());
}
void putText(std::vector<std::uint8_t>& out, std::string_view text)
{
    putBytes(out, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}
void putField(std::vector<std::uint8_t>& out, Tag tag, std::span<const std::uint8_t> value)
{
    putU8(out, tag);
    putU32(out, static_cast<std::uint32_t>(value.size()));
    putBytes(out, value);
}
void putTextField(std::vector<std::uint8_t>& out, Tag tag, std::string_view text)
{
    putField(out, tag, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

// A bounds-checked reader over a byte span.
class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> bytes) : m_bytes(bytes) {}
    bool done() const { return m_offset == m_bytes.size(); }
    std::size_t offset() const { return m_offset; }
    std::size_t remaining() const { return m_bytes.size() - m_offset; }

    bool u8(std::uint8_t& value)
    {
        if (remaining() < 1)
            return false;
        value = m_bytes[m_offset++];
        return true;
    }
    bool u16(std::uint16_t& value)
    {
        if (remaining() < 2)
            return false;
        value = static_cast<std::uint16_t>(m_bytes[m_offset] << 8 | m_bytes[m_offset + 1]);
        m_offset += 2;
        return true;
    }
    bool u32(std::uint32_t& value)
    {
        if (remaining() < 4)
            return false;
        value = 0;
        for (int i = 0; i < 4; ++i)
            value = value << 8 | m_bytes[m_offset++];
        return true;
    }
    bool u64(std::uint64_t& value)
    {
        if (remaining() < 8)
            return false;
        value = 0;
        for (int i = 0; i < 8; ++i)
            value = value << 8 | m_bytes[m_offset++];
        return true;
    }
    bool take(std::size_t size, std::span<const std::uint8_t>& out)
    {
        if (remaining() < size)
            return false;
        out = m_bytes.subspan(m_offset, size);
        m_offset += size;
        return true;
    }
    bool text(std::size_t size, std::string& out)
    {
        std::span<const std::uint8_t> bytes;
        if (!take(size, bytes))
            return false;
        out.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return true;
    }

private:
    std::span<const std::uint8_t> m_bytes;
    std::size_t m_offset = 0;
};

std::vector<std::uint8_t> encodeCard(const FleetCard& card)
{
    std::vector<std::uint8_t> out;
    putU16(out, static_cast<std::uint16_t>(card.certificateDer.size()));
    putBytes(out, card.certificateDer);
    putU8(out, static_cast<std::uint8_t>(card.displayName.size()));
    putText(out, card.displayName);
    putU8(out, static_cast<std::uint8_t>(card.roles.size()));
    for (const Role role : card.roles) {
        const std::string_view name = roleName(role);
        putU8(out, static_cast<std::uint8_t>(name.size()));
        putText(out, name);
    }
    putU8(out, static_cast<std::uint8_t>(card.departments.size()));
    for (const std::string& department : card.departments) {
        putU8(out, static_cast<std::uint8_t>(department.size()));
        putText(out, department);
    }
    return out;
}

Result<FleetCard> decodeCard(std::span<const std::uint8_t> value, std::size_t index)
{
    const std::string where = "card " + std::to_string(index + 1) + ": ";
    Reader reader(value);
    FleetCard card;
    std::uint16_t certificateBytes = 0;
    std::span<const std::uint8_t> certificate;
    if (!reader.u16(certificateBytes) || !reader.take(certificateBytes, certificate))
        return malformed(where + "truncated certificate");
    card.certificateDer.assign(certificate.begin(), certificate.end());
    std::uint8_t nameBytes = 0;
    if (!reader.u8(nameBytes) || !reader.text(nameBytes, card.displayName))
        return malformed(where + "truncated name");
    std::uint8_t roles = 0;
    if (!reader.u8(roles))
        return malformed(where + "truncated roles");
    for (std::uint8_t i = 0; i < roles; ++i) {
        std::uint8_t length = 0;
        std::string name;
        if (!reader.u8(length) || !reader.text(length, name))
            return malformed(where + "truncated role");
        const auto role = roleFromName(name);
        if (!role)
            return malformed(where + "unknown role");
        card.roles.insert(*role);
    }
    std::uint8_t departments = 0;
    if (!reader.u8(departments))
        return malformed(where + "truncated departments");
    for (std::uint8_t i = 0; i < departments; ++i) {
        std::uint8_t length = 0;
        std::string code;
        if (!reader.u8(length) || !reader.text(length, code))
            return malformed(where + "truncated department");
        card.departments.insert(std::move(code));
    }
    if (!reader.done())
        return malformed(where + "bytes after the departments");
    return card;
}

void signMessage(std::array<std::uint8_t, kFleetSignatureBytes>& signature, std::span<const std::uint8_t> message,
                 const SecretBuffer& secretKey)
{
    crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), secretKey.data());
}

} // namespace

std::string_view fleetRefusalName(FleetRefusal refusal) noexcept
{
    switch (refusal) {
    case FleetRefusal::Malformed:
        return "malformed";
    case FleetRefusal::Unsigned:
        return "unsigned";
    case FleetRefusal::AnotherOrganisation:
        return "signed by another organisation";
    case FleetRefusal::BadSignature:
        return "signature does not verify (tampered)";
    case FleetRefusal::AnotherDevice:
        return "made for another device";
    case FleetRefusal::Replayed:
        return "serial not above the last applied (replayed or older)";
    case FleetRefusal::NoOrganisationKey:
        return "no organisation key pinned";
    }
    return "unknown";
}

Status validateFleetContent(const FleetBundleContent& content)
{
    if (content.serial == 0 || content.serial > kMaxFleetSerial)
        return Error(ErrorCode::InvalidArgument, "serial: 1 to 9999999999");
    if (content.createdMs < 0)
        return Error(ErrorCode::InvalidArgument, "created: before 1970");
    if (!isTargetText(content.target))
        return Error(ErrorCode::InvalidArgument, "target: 'any' or a device id of 1-64 printable ASCII characters");
    if (content.description.size() > 256 || !isPrintableUtf8(content.description))
        return Error(ErrorCode::InvalidArgument, "description: at most 256 bytes of printable UTF-8");
    if (content.allowList) {
        if (content.allowList->empty() || content.allowList->size() > kMaxFleetAllowListBytes)
            return Error(ErrorCode::InvalidArgument, "allow-list: 1 byte to 1 MiB");
        if (!isValidUtf8(*content.allowList))
            return Error(ErrorCode::InvalidUtf8, "allow-list: not UTF-8");
    }
    if (content.retentionCsv) {
        if (content.retentionCsv->empty() || content.retentionCsv->size() > kMaxFleetRetentionBytes)
            return Error(ErrorCode::InvalidArgument, "retention rules: 1 byte to 64 KiB");
        auto rules = parseRetentionRules(*content.retentionCsv);
        if (!rules.ok())
            return Error(rules.code(), "retention rules: " + rules.error().context());
        if (rules.value().empty())
            return Error(ErrorCode::InvalidArgument, "retention rules: no rule in the table");
    }
    if (content.departments.size() > kMaxFleetDepartments)
        return Error(ErrorCode::TooLarge, "departments: at most 1000");
    std::set<std::string> codes;
    for (std::size_t i = 0; i < content.departments.size(); ++i) {
        const FleetDepartment& department = content.departments[i];
        const std::string where = "department " + std::to_string(i + 1) + ": ";
        if (!isCode(department.code, 32))
            return Error(ErrorCode::InvalidArgument, where + "code must be 1-32 of [A-Za-z0-9._-]");
        if (department.name.empty() || department.name.size() > 256 || !isPrintableUtf8(department.name))
            return Error(ErrorCode::InvalidArgument, where + "name must be 1-256 bytes of printable UTF-8");
        if (!codes.insert(department.code).second)
            return Error(ErrorCode::InvalidArgument, where + "code appears twice");
    }
    if (content.cards.size() > kMaxFleetCards)
        return Error(ErrorCode::TooLarge, "cards: at most 1000");
    std::set<Sha256> cardIds;
    for (std::size_t i = 0; i < content.cards.size(); ++i) {
        const FleetCard& card = content.cards[i];
        const std::string where = "card " + std::to_string(i + 1) + ": ";
        if (card.certificateDer.empty() || card.certificateDer.size() > kMaxFleetCertificateBytes)
            return Error(ErrorCode::InvalidArgument, where + "certificate must be 1 byte to 16 KiB");
        auto parsed = parseCardCertificate(card.certificateDer);
        if (!parsed.ok())
            return Error(ErrorCode::InvalidArgument, where + "certificate: " + parsed.error().context());
        if (!cardIds.insert(parsed.value().spkiSha256).second)
            return Error(ErrorCode::InvalidArgument, where + "the same card appears twice");
        if (card.displayName.empty() || card.displayName.size() > 128 || !isPrintableUtf8(card.displayName))
            return Error(ErrorCode::InvalidArgument, where + "name must be 1-128 bytes of printable UTF-8");
        if (card.roles.empty())
            return Error(ErrorCode::InvalidArgument, where + "at least one role");
        if (card.departments.size() > 64)
            return Error(ErrorCode::InvalidArgument, where + "at most 64 departments");
        for (const std::string& department : card.departments)
            if (!isCode(department, 32))
                return Error(ErrorCode::InvalidArgument, where + "department code must be 1-32 of [A-Za-z0-9._-]");
    }
    return okStatus();
}

Result<std::vector<std::uint8_t>> encodeFleetBody(const FleetBundleContent& content)
{
    MAMORI_TRY(validateFleetContent(content));
    std::vector<std::uint8_t> body;
    std::vector<std::uint8_t> value;
    putU64(value, content.serial);
    putField(body, kTagSerial, value);
    value.clear();
    putU64(value, static_cast<std::uint64_t>(content.createdMs));
    putField(body, kTagCreated, value);
    putTextField(body, kTagTarget, content.target);
    if (!content.description.empty())
        putTextField(body, kTagDescription, content.description);
    if (content.allowList)
        putTextField(body, kTagAllowList, *content.allowList);
    if (content.retentionCsv)
        putTextField(body, kTagRetention, *content.retentionCsv);
    std::vector<FleetDepartment> departments = content.departments;
    std::sort(departments.begin(), departments.end(),
              [](const FleetDepartment& a, const FleetDepartment& b) { return a.code < b.code; });
    for (const FleetDepartment& department : departments) {
        value.clear();
        putU8(value, static_cast<std::uint8_t>(department.code.size()));
        putText(value, department.code);
        putText(value, department.name);
        putField(body, kTagDepartment, value);
    }
    for (const FleetCard& card : content.cards)
        putField(body, kTagCard, encodeCard(card));
    if (body.size() > kMaxFleetBodyBytes)
        return Error(ErrorCode::TooLarge, "the bundle body is over 16 MiB");
    return body;
}

Result<FleetBundleContent> decodeFleetBody(std::span<const std::uint8_t> body)
{
    if (body.size() > kMaxFleetBodyBytes)
        return malformed("body over 16 MiB");
    Reader reader(body);
    FleetBundleContent content;
    std::uint8_t lastTag = 0;
    bool sawSerial = false, sawCreated = false, sawTarget = false;
    while (!reader.done()) {
        const std::size_t at = reader.offset();
        std::uint8_t tag = 0;
        std::uint32_t length = 0;
        std::span<const std::uint8_t> value;
        if (!reader.u8(tag) || !reader.u32(length) || !reader.take(length, value))
            return malformed("truncated field at byte " + std::to_string(at));
        const bool repeatable = tag == kTagDepartment || tag == kTagCard;
        if (tag < lastTag || (tag == lastTag && !repeatable))
            return malformed("field " + std::to_string(tag) + " out of order or repeated at byte " +
                             std::to_string(at));
        lastTag = tag;
        Reader field(value);
        switch (tag) {
        case kTagSerial:
            if (length != 8 || !field.u64(content.serial))
                return malformed("serial is not 8 bytes");
            sawSerial = true;
            break;
        case kTagCreated: {
            std::uint64_t created = 0;
            if (length != 8 || !field.u64(created))
                return malformed("created is not 8 bytes");
            content.createdMs = static_cast<std::int64_t>(created);
            sawCreated = true;
            break;
        }
        case kTagTarget:
            field.text(length, content.target);
            sawTarget = true;
            break;
        case kTagDescription:
            field.text(length, content.description);
            break;
        case kTagAllowList:
            content.allowList.emplace();
            field.text(length, *content.allowList);
            break;
        case kTagRetention:
            content.retentionCsv.emplace();
            field.text(length, *content.retentionCsv);
            break;
        case kTagDepartment: {
            std::uint8_t codeBytes = 0;
            FleetDepartment department;
            if (!field.u8(codeBytes) || !field.text(codeBytes, department.code) ||
                !field.text(field.remaining(), department.name))
                return malformed("truncated department at byte " + std::to_string(at));
            content.departments.push_back(std::move(department));
            break;
        }
        case kTagCard: {
            MAMORI_ASSIGN_OR_RETURN(FleetCard card, decodeCard(value, content.cards.size()));
            content.cards.push_back(std::move(card));
            break;
        }
        default:
            return malformed("unknown field " + std::to_string(tag) + " at byte " + std::to_string(at));
        }
    }
    if (!sawSerial || !sawCreated || !sawTarget)
        return malformed("serial, created and target are required");
    auto valid = validateFleetContent(content);
    if (!valid.ok())
        return malformed(valid.error().context());
    // Canonical: the bytes must be exactly what encoding the content gives.
    MAMORI_ASSIGN_OR_RETURN(const std::vector<std::uint8_t> again, encodeFleetBody(content));
    if (again.size() != body.size() || !std::equal(again.begin(), again.end(), body.begin()))
        return malformed("not in canonical form (order of departments, roles or departments of a card, or an "
                         "empty optional field)");
    return content;
}

Result<std::vector<std::uint8_t>> makeUnsignedFleetBundle(const FleetBundleContent& content)
{
    MAMORI_ASSIGN_OR_RETURN(const std::vector<std::uint8_t> body, encodeFleetBody(content));
    std::vector<std::uint8_t> file;
    putText(file, kFleetBundleMagic);
    putU8(file, kFleetBundleVersion);
    putU8(file, 0);
    putU32(file, static_cast<std::uint32_t>(body.size()));
    putBytes(file, body);
    return file;
}

Result<FleetBundleFile> parseFleetBundle(std::span<const std::uint8_t> file)
{
    if (file.size() > kFleetHeaderBytes + kMaxFleetBodyBytes + kFleetPublicKeyBytes + kFleetSignatureBytes)
        return malformed("file too large");
    Reader reader(file);
    std::span<const std::uint8_t> magic;
    std::uint8_t version = 0, state = 0;
    std::uint32_t bodyBytes = 0;
    if (!reader.take(kFleetBundleMagic.size(), magic) ||
        !std::equal(magic.begin(), magic.end(), kFleetBundleMagic.begin()))
        return malformed("not a fleet bundle (magic)");
    if (!reader.u8(version) || version != kFleetBundleVersion)
        return malformed("unknown format version");
    if (!reader.u8(state) || state > 1)
        return malformed("unknown signature state");
    FleetBundleFile parsed;
    std::span<const std::uint8_t> body;
    if (!reader.u32(bodyBytes) || bodyBytes > kMaxFleetBodyBytes || !reader.take(bodyBytes, body))
        return malformed("truncated body");
    parsed.body.assign(body.begin(), body.end());
    parsed.isSigned = state == 1;
    if (parsed.isSigned) {
        std::span<const std::uint8_t> signer, signature;
        if (!reader.take(kFleetPublicKeyBytes, signer) || !reader.take(kFleetSignatureBytes, signature))
            return malformed("truncated signature");
        std::copy(signer.begin(), signer.end(), parsed.signer.begin());
        std::copy(signature.begin(), signature.end(), parsed.signature.begin());
    }
    if (!reader.done())
        return malformed("bytes after the end");
    MAMORI_ASSIGN_OR_RETURN(parsed.content, decodeFleetBody(parsed.body));
    return parsed;
}

std::vector<std::uint8_t> fleetSignedMessage(std::span<const std::uint8_t> body)
{
    std::vector<std::uint8_t> message;
    message.reserve(kFleetBundleSignatureDomain.size() + 1 + body.size());
    putText(message, kFleetBundleSignatureDomain);
    message.push_back(0);
    putBytes(message, body);
    return message;
}

Result<OrganisationKey> organisationPublicKey(const SecretBuffer& seed)
{
    MAMORI_TRY(initSodium());
    if (seed.size() != kFleetSecretSeedBytes)
        return Error(ErrorCode::InvalidArgument, "an organisation key seed is 32 bytes");
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer secretKey, SecretBuffer::create(crypto_sign_SECRETKEYBYTES));
    OrganisationKey publicKey{};
    crypto_sign_seed_keypair(publicKey.data(), secretKey.data(), seed.data());
    return publicKey;
}

Result<OrganisationKeyPair> generateOrganisationKey()
{
    MAMORI_TRY(initSodium());
    OrganisationKeyPair pair;
    MAMORI_ASSIGN_OR_RETURN(pair.seed, SecretBuffer::random(kFleetSecretSeedBytes));
    MAMORI_ASSIGN_OR_RETURN(pair.publicKey, organisationPublicKey(pair.seed));
    return pair;
}

Result<std::vector<std::uint8_t>> signFleetBundle(std::span<const std::uint8_t> file, const SecretBuffer& seed)
{
    MAMORI_TRY(initSodium());
    MAMORI_ASSIGN_OR_RETURN(const FleetBundleFile parsed, parseFleetBundle(file));
    if (seed.size() != kFleetSecretSeedBytes)
        return Error(ErrorCode::InvalidArgument, "an organisation key seed is 32 bytes");
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer secretKey, SecretBuffer::create(crypto_sign_SECRETKEYBYTES));
    OrganisationKey publicKey{};
    crypto_sign_seed_keypair(publicKey.data(), secretKey.data(), seed.data());
    std::array<std::uint8_t, kFleetSignatureBytes> signature{};
    signMessage(signature, fleetSignedMessage(parsed.body), secretKey);

    std::vector<std::uint8_t> out;
    putText(out, kFleetBundleMagic);
    putU8(out, kFleetBundleVersion);
    putU8(out, 1);
    putU32(out, static_cast<std::uint32_t>(parsed.body.size()));
    putBytes(out, parsed.body);
    putBytes(out, publicKey);
    putBytes(out, signature);
    return out;
}

Status verifyFleetBundle(const FleetBundleFile& file, const OrganisationKey& pinned, FleetRefusal* why)
{
    MAMORI_TRY(initSodium());
    auto refuse = [&](FleetRefusal refusal) -> Status {
        if (why)
            *why = refusal;
        return Error(ErrorCode::PermissionDenied, "fleet bundle refused: " + std::string(fleetRefusalName(refusal)));
    };
    if (!file.isSigned)
        return refuse(FleetRefusal::Unsigned);
    if (sodium_memcmp(file.signer.data(), pinned.data(), pinned.size()) != 0)
        return refuse(FleetRefusal::AnotherOrganisation);
    const std::vector<std::uint8_t> message = fleetSignedMessage(file.body);
    if (crypto_sign_verify_detached(file.signature.data(), message.data(), message.size(), pinned.data()) != 0)
        return refuse(FleetRefusal::BadSignature);
    return okStatus();
}

Status checkFleetTarget(const FleetBundleContent& content, std::string_view deviceId, std::uint64_t lastSerial,
                        FleetRefusal* why)
{
    if (content.target != kFleetTargetAny && content.target != deviceId) {
        if (why)
            *why = FleetRefusal::AnotherDevice;
        return Error(ErrorCode::PermissionDenied, "fleet bundle refused: made for another device");
    }
    if (content.serial <= lastSerial) {
        if (why)
            *why = FleetRefusal::Replayed;
        return Error(ErrorCode::PermissionDenied, "fleet bundle refused: serial " + std::to_string(content.serial) +
                                                      " is not above the last applied " + std::to_string(lastSerial));
    }
    return okStatus();
}

std::string organisationKeyFingerprint(const OrganisationKey& key)
{
    const Sha256 digest = sha256(key);
    char base64[sodium_base64_ENCODED_LEN(16, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
    sodium_bin2base64(base64, sizeof base64, digest.data(), 16, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    return "SHA256:" + std::string(base64);
}

} // namespace mamori::vault
