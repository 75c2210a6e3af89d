// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/tpm/sealed_blob.h"

#include <sodium.h>

#include <array>
#include <cstring>
#include <string_view>

namespace mamori::tpm {
namespace {

constexpr std::string_view kMagic = "MAMORISB";
constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kChecksumBytes = 32;
constexpr std::size_t kMaxField = 4096; // far above any TPM2B_PUBLIC/PRIVATE/NAME

void putU16(std::vector<std::uint8_t>& out, std::size_t value)
{
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

void putU32(std::vector<std::uint8_t>& out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}

void putField(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> field)
{
    putU16(out, field.size());
    out.insert(out.end(), field.begin(), field.end());
}

class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> bytes) : m_bytes(bytes) {}
    bool take(std::size_t count, std::span<const std::uint8_t>& out)
    {
        if (m_bytes.size() - m_offset < count)
            return false;
        out = m_bytes.subspan(m_offset, count);
        m_offset += count;
        return true;
    }
    bool u8(std::uint8_t& value)
    {
        std::span<const std::uint8_t> raw;
        if (!take(1, raw))
            return false;
        value = raw[0];
        return true;
    }
    bool u16(std::size_t& value)
    {
        std::span<const std::uint8_t> raw;
        if (!take(2, raw))
            return false;
        value = (std::size_t{raw[0]} << 8) | raw[1];
        return true;
    }
    bool u32(std::uint32_t& value)
    {
        std::span<const std::uint8_t> raw;
        if (!take(4, raw))
            return false;
        value = (std::uint32_t{raw[0]} << 24) | (std::uint32_t{raw[1]} << 16) | (std::uint32_t{raw[2]} << 8) | raw[3];
        return true;
    }
    bool field(std::vector<std::uint8_t>& out)
    {
        std::size_t length = 0;
        std::span<const std::uint8_t> raw;
        if (!u16(length) || length == 0 || length > kMaxField || !take(length, raw))
            return false;
        out.assign(raw.begin(), raw.end());
        return true;
    }
    bool atEnd() const noexcept { return m_offset == m_bytes.size(); }

private:
    std::span<const std::uint8_t> m_bytes;
    std::size_t m_offset = 0;
};

std::array<std::uint8_t, kChecksumBytes> checksum(std::span<const std::uint8_t> bytes)
{
    std::array<std::uint8_t, kChecksumBytes> digest{};
    crypto_generichash(digest.data(), digest.size(), bytes.data(), bytes.size(), nullptr, 0);
    return digest;
}

Error invalid(std::string what) { return Error(ErrorCode::TpmSealedDataInvalid, "sealed blob: " + std::move(what)); }

} // namespace

std::vector<std::uint8_t> encodeSealedBlob(const SealedBlob& blob)
{
    std::vector<std::uint8_t> out(kMagic.begin(), kMagic.end());
    out.push_back(kVersion);
    out.push_back(static_cast<std::uint8_t>(blob.purpose));
    putU32(out, blob.storageHandle);
    putField(out, blob.storageName);
    out.push_back(static_cast<std::uint8_t>(blob.pcrs.size()));
    for (const PcrValue& pcr : blob.pcrs) {
        out.push_back(pcr.index);
        out.insert(out.end(), pcr.sha256.begin(), pcr.sha256.end());
    }
    putField(out, blob.publicArea);
    putField(out, blob.privateArea);
    const auto digest = checksum(out);
    out.insert(out.end(), digest.begin(), digest.end());
    return out;
}

Result<SealedBlob> decodeSealedBlob(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() < kMagic.size() + 2 + kChecksumBytes)
        return invalid("too short");
    if (std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0)
        return invalid("not a Mamori sealed blob");
    const auto body = bytes.first(bytes.size() - kChecksumBytes);
    const auto expected = checksum(body);
    if (sodium_memcmp(expected.data(), bytes.data() + body.size(), kChecksumBytes) != 0)
        return invalid("checksum mismatch (the file is damaged)");

    Reader reader(body.subspan(kMagic.size()));
    SealedBlob blob;
    std::uint8_t version = 0;
    std::uint8_t purpose = 0;
    std::uint8_t pcrCount = 0;
    if (!reader.u8(version) || version != kVersion)
        return invalid("unsupported version");
    if (!reader.u8(purpose) || (purpose != 1 && purpose != 2))
        return invalid("unknown purpose");
    blob.purpose = static_cast<SealedPurpose>(purpose);
    if (!reader.u32(blob.storageHandle) || !reader.field(blob.storageName))
        return invalid("truncated storage key");
    if (!reader.u8(pcrCount) || pcrCount == 0 || pcrCount > kPcrCount)
        return invalid("bad PCR count");
    for (std::uint8_t i = 0; i < pcrCount; ++i) {
        PcrValue pcr;
        std::span<const std::uint8_t> value;
        if (!reader.u8(pcr.index) || pcr.index >= kPcrCount || !reader.take(32, value))
            return invalid("bad PCR entry");
        if (!blob.pcrs.empty() && blob.pcrs.back().index >= pcr.index)
            return invalid("PCRs not ascending");
        std::memcpy(pcr.sha256.data(), value.data(), 32);
        blob.pcrs.push_back(pcr);
    }
    if (!reader.field(blob.publicArea) || !reader.field(blob.privateArea))
        return invalid("truncated object");
    if (!reader.atEnd())
        return invalid("trailing bytes");
    return blob;
}

} // namespace mamori::tpm
