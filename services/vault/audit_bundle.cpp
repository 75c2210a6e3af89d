// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/audit_bundle.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>

namespace mamori::vault {

namespace {

static_assert(kAuditBundleMagic.size() == 21);
static_assert(kAuditBundleSignatureDomain.size() == 25);
static_assert(kCheckpointRecordBytes == 120);

constexpr std::size_t kDigestBytes = crypto_generichash_BYTES_MAX; // 64
constexpr std::size_t kEntryLengthBytes = 4;
using Digest = std::array<std::uint8_t, kDigestBytes>;

// BLAKE2b-512 over: the header (magic through the entry count), each entry's stored hash, and the
// checkpoint section (count and records). Entry bodies are bound through their hashes, which chain
// verification checks against the bodies.
class BundleDigest {
public:
    BundleDigest() noexcept { crypto_generichash_init(&m_state, nullptr, 0, kDigestBytes); }
    void update(std::span<const std::uint8_t> bytes) noexcept
    {
        crypto_generichash_update(&m_state, bytes.data(), bytes.size());
    }
    Digest final() noexcept
    {
        Digest digest{};
        crypto_generichash_final(&m_state, digest.data(), digest.size());
        return digest;
    }

private:
    crypto_generichash_state m_state{};
};

std::array<std::uint8_t, 25 + kDigestBytes> signedMessage(const Digest& digest) noexcept
{
    std::array<std::uint8_t, 25 + kDigestBytes> message{};
    std::memcpy(message.data(), kAuditBundleSignatureDomain.data(), kAuditBundleSignatureDomain.size());
    std::memcpy(message.data() + kAuditBundleSignatureDomain.size(), digest.data(), digest.size());
    return message;
}

bool isDeviceId(std::string_view id) noexcept
{
    return !id.empty() && id.size() <= kMaxDeviceIdBytes &&
           std::all_of(id.begin(), id.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

void appendBytes(std::vector<std::uint8_t>& out, const void* data, std::size_t size)
{
    const auto* p = static_cast<const std::uint8_t*>(data);
    out.insert(out.end(), p, p + size);
}

void appendCheckpoint(std::vector<std::uint8_t>& out, const Checkpoint& checkpoint)
{
    const auto record = encodeCheckpoint(checkpoint);
    out.insert(out.end(), record.begin(), record.end());
}

Error malformed(std::string context) { return Error(ErrorCode::StorageCorrupt, "audit bundle: " + context); }

// The structural pass: header, the framing of every entry record, the checkpoints and the
// signature. Entry records are only framed here; decodeRecords() parses them, signedDigest() hashes
// what the signature covers.
struct Framed {
    AuditBundle bundle; // everything but the entries
    std::vector<std::span<const std::uint8_t>> records;
    std::span<const std::uint8_t> header;          // the bytes before the first entry's length
    std::span<const std::uint8_t> checkpointBytes; // the checkpoint count and records
};

constexpr std::size_t kFramePrefetchBytes = 2048;

Result<Framed> frame(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() > kMaxBundleBytes)
        return Error(ErrorCode::TooLarge, "audit bundle: " + std::to_string(bytes.size()) + " bytes, limit " +
                                              std::to_string(kMaxBundleBytes));
    MAMORI_TRY(initSodium());
    detail::ByteReader reader(bytes);
    if (!reader.expect(kAuditBundleMagic)) {
        constexpr std::string_view kFamily = "MAMORI-AUDIT-BUNDLE-";
        if (bytes.size() >= kFamily.size() && std::memcmp(bytes.data(), kFamily.data(), kFamily.size()) == 0)
            return malformed("unsupported version");
        return malformed("not an audit bundle (magic)");
    }

    Framed out;
    AuditBundle& bundle = out.bundle;
    std::uint16_t deviceIdLength = 0;
    if (!reader.readBigEndian(deviceIdLength))
        return malformed("truncated header");
    const auto deviceId = reader.take(deviceIdLength);
    if (!deviceId)
        return malformed("truncated header");
    bundle.deviceId.assign(reinterpret_cast<const char*>(deviceId->data()), deviceId->size());
    if (!isDeviceId(bundle.deviceId))
        return malformed("device id is not 1-64 printable ASCII characters");
    const auto publicKey = reader.take(kPublicKeyBytes);
    if (!publicKey || !reader.readBigEndian(bundle.firstSequence) || !reader.readBigEndian(bundle.lastSequence))
        return malformed("truncated header");
    std::copy(publicKey->begin(), publicKey->end(), bundle.devicePublicKey.begin());
    const auto anchor = reader.take(kAuditHashBytes);
    if (!anchor || !reader.readBigEndian(bundle.createdMs))
        return malformed("truncated header");
    std::copy(anchor->begin(), anchor->end(), bundle.anchorHash.begin());
    std::uint32_t certificateLength = 0;
    if (!reader.readBigEndian(certificateLength))
        return malformed("truncated header");
    if (certificateLength > kMaxDeviceCertificateBytes)
        return malformed("device certificate over " + std::to_string(kMaxDeviceCertificateBytes) + " bytes");
    const auto certificate = reader.take(certificateLength);
    if (!certificate)
        return malformed("truncated certificate");
    bundle.deviceCertificate.assign(certificate->begin(), certificate->end());
    std::uint32_t entryCount = 0;
    if (!reader.readBigEndian(entryCount))
        return malformed("truncated header");
    if (entryCount == 0 || entryCount > kMaxBundleEntries)
        return malformed("entry count " + std::to_string(entryCount) + " outside 1-" +
                         std::to_string(kMaxBundleEntries));
    if (bundle.firstSequence == 0 || bundle.lastSequence < bundle.firstSequence ||
        bundle.lastSequence - bundle.firstSequence != entryCount - 1u)
        return malformed("range does not match the entry count");
    if (bundle.firstSequence == 1 && bundle.anchorHash != kGenesisHead.hash)
        return malformed("a bundle from sequence 1 must start at the genesis hash");
    if (entryCount > reader.remaining() / (kEntryLengthBytes + kMinEncodedEntryBytes))
        return malformed("entry count " + std::to_string(entryCount) + " is impossible in the bytes left");

    out.header = bytes.first(reader.offset());
    out.records.resize(entryCount);
    for (std::uint32_t i = 0; i < entryCount; ++i) {
        // This pass reads four bytes per record across the whole file: fetch ahead of it.
        if (reader.remaining() > kFramePrefetchBytes)
            __builtin_prefetch(bytes.data() + reader.offset() + kFramePrefetchBytes);
        std::uint32_t length = 0;
        if (!reader.readBigEndian(length))
            return malformed("truncated at entry " + std::to_string(i));
        if (length < kMinEncodedEntryBytes || length > kMaxEncodedEntryBytes)
            return malformed("entry " + std::to_string(i) + " has length " + std::to_string(length));
        const auto record = reader.take(length);
        if (!record)
            return malformed("truncated inside entry " + std::to_string(i));
        out.records[i] = *record;
    }

    const std::size_t checkpointsStart = reader.offset();
    std::uint32_t checkpointCount = 0;
    if (!reader.readBigEndian(checkpointCount))
        return malformed("truncated before the checkpoints");
    if (checkpointCount > kMaxBundleCheckpoints || checkpointCount > reader.remaining() / kCheckpointRecordBytes)
        return malformed("checkpoint count " + std::to_string(checkpointCount) + " is impossible here");
    bundle.checkpoints.reserve(checkpointCount);
    for (std::uint32_t i = 0; i < checkpointCount; ++i) {
        const auto record = reader.take(kCheckpointRecordBytes);
        if (!record)
            return malformed("truncated inside checkpoint " + std::to_string(i));
        auto checkpoint = decodeCheckpoint(*record);
        if (!checkpoint.ok())
            return malformed("checkpoint " + std::to_string(i) + ": " + checkpoint.error().context());
        bundle.checkpoints.push_back(checkpoint.value());
    }
    out.checkpointBytes = bytes.subspan(checkpointsStart, reader.offset() - checkpointsStart);

    const auto signature = reader.take(kSignatureBytes);
    if (!signature)
        return malformed("truncated signature");
    std::copy(signature->begin(), signature->end(), bundle.signature.begin());
    if (!reader.atEnd())
        return malformed(std::to_string(reader.remaining()) + " trailing bytes");
    return out;
}

// The digest the bundle's signature covers: the header, each entry's Hash field (a well-formed
// record ends with it; decodeRecords() confirms that it does), the checkpoints. The hashes go to
// BLAKE2b in batches: one update per 32 bytes costs more than the hashing.
Digest signedDigest(const Framed& framed) noexcept
{
    BundleDigest digest;
    digest.update(framed.header);
    constexpr std::size_t kBatch = 128;
    std::array<std::uint8_t, kBatch * kAuditHashBytes> batch; // NOLINT: filled before use
    std::size_t filled = 0;
    for (const auto& record : framed.records) {
        std::memcpy(batch.data() + filled, record.data() + record.size() - kAuditHashBytes, kAuditHashBytes);
        filled += kAuditHashBytes;
        if (filled == batch.size()) {
            digest.update(batch);
            filled = 0;
        }
    }
    digest.update(std::span<const std::uint8_t>(batch).first(filled));
    digest.update(framed.checkpointBytes);
    return digest.final();
}

// Per-entry results of decodeRecords().
struct Decoded {
    std::vector<std::uint8_t> flags; // kDecoded, kHoldsNumber, kHashMatches
    // Verifying: each checkpoint's signature checked against the bundle's key, alongside the
    // entries (ChainVerifierAccess::kSignatureValid / kSignatureInvalid).
    std::vector<std::uint8_t> checkpointSignatures;
};
// kHashMatches: BLAKE2b-256 of the record's HashInput bytes equals its stored Hash field (the
// chain verifier gets the stored hash as the computed one; for the others it is computed again).
enum : std::uint8_t { kDecoded = 1, kHoldsNumber = 2, kHashMatches = 4 };

// Where the chain fields sit in a record that decodeEntryView() accepted: the sequence value right
// after the magic and its field header, the previous hash and the hash in the last two fields.
constexpr std::size_t kSequenceValueOffset = 14 + kEntryFieldHeaderBytes;
static_assert(kAuditEntryMagic.size() == 14);

std::uint64_t recordSequence(std::span<const std::uint8_t> record) noexcept
{
    std::uint64_t sequence = 0;
    detail::ByteReader(record.subspan(kSequenceValueOffset, 8)).readBigEndian(sequence);
    return sequence;
}

AuditHash recordHashAt(std::span<const std::uint8_t> record, std::size_t fromEnd) noexcept
{
    AuditHash hash{};
    const auto bytes = record.subspan(record.size() - fromEnd, kAuditHashBytes);
    std::copy(bytes.begin(), bytes.end(), hash.begin());
    return hash;
}

// Parses every entry record strictly (in parallel for large bundles), keeps the entries if asked,
// and, to verify, hashes each record and scans it for numbers. Errors: the first malformed record.
Result<Decoded> decodeRecords(Framed& framed, bool keepEntries, bool verify, unsigned threadsRequested)
{
    const std::size_t n = framed.records.size();
    Decoded out;
    out.flags.assign(n, 0);
    std::vector<AuditEntry>& entries = framed.bundle.entries;
    if (keepEntries)
        entries.resize(n);
    const std::vector<Checkpoint>& checkpoints = framed.bundle.checkpoints;
    if (verify)
        out.checkpointSignatures.assign(checkpoints.size(), 0);
    detail::runParallel(n, detail::verifyThreads(threadsRequested, n), [&](std::size_t begin, std::size_t end) {
        // This thread's share of the checkpoint signatures, in proportion to its share of entries.
        if (verify) {
            const std::size_t count = checkpoints.size();
            for (std::size_t c = begin * count / n; c < end * count / n; ++c)
                out.checkpointSignatures[c] = verifyCheckpoint(checkpoints[c], framed.bundle.devicePublicKey)
                                                  ? detail::ChainVerifierAccess::kSignatureValid
                                                  : detail::ChainVerifierAccess::kSignatureInvalid;
        }
        for (std::size_t i = begin; i < end; ++i) {
            const auto view = decodeEntryView(framed.records[i]);
            if (!view.ok())
                continue;
            const AuditEntryView& v = view.value();
            out.flags[i] = kDecoded;
            if (verify) {
                AuditHash computed; // NOLINT: written by the hash
                crypto_generichash(computed.data(), kAuditHashBytes, v.hashInput.data(), v.hashInput.size(), nullptr,
                                   0);
                const auto stored = framed.records[i].last(kAuditHashBytes);
                if (std::memcmp(computed.data(), stored.data(), kAuditHashBytes) == 0)
                    out.flags[i] |= kHashMatches;
                if (entryContainsNumber(v))
                    out.flags[i] |= kHoldsNumber;
            }
            if (keepEntries)
                entries[i] = v.toEntry();
        }
    });
    const auto bad = std::find(out.flags.begin(), out.flags.end(), std::uint8_t{0});
    if (bad != out.flags.end()) {
        const auto index = static_cast<std::size_t>(bad - out.flags.begin());
        const auto view = decodeEntryView(framed.records[index]);
        return malformed("entry " + std::to_string(index) + ": " +
                         (view.ok() ? std::string("unreadable") : view.error().context()));
    }
    return out;
}

VerifyReport failedReport(DamageKind kind, std::string detail)
{
    VerifyReport report;
    report.kind = kind;
    report.detail = std::move(detail);
    return report;
}

} // namespace

Result<std::vector<std::uint8_t>> exportBundle(std::span<const AuditEntry> entries,
                                               std::span<const Checkpoint> checkpoints, std::string_view deviceId,
                                               const SecretBuffer& signingSeed, std::int64_t createdMs,
                                               std::span<const std::uint8_t> deviceCertificate)
{
    if (entries.empty())
        return Error(ErrorCode::InvalidArgument, "audit bundle: no entries to export");
    if (entries.size() > kMaxBundleEntries)
        return Error(ErrorCode::TooLarge, "audit bundle: more than " + std::to_string(kMaxBundleEntries) + " entries");
    if (deviceCertificate.size() > kMaxDeviceCertificateBytes)
        return Error(ErrorCode::TooLarge,
                     "audit bundle: device certificate over " + std::to_string(kMaxDeviceCertificateBytes) + " bytes");
    if (!isDeviceId(deviceId))
        return Error(ErrorCode::InvalidArgument, "audit bundle: device id is not 1-64 printable ASCII characters");
    if (entries.front().sequence == 0)
        return Error(ErrorCode::InvalidArgument, "audit bundle: entries start at sequence 0");
    MAMORI_ASSIGN_OR_RETURN(DeviceSigner signer, DeviceSigner::fromSeed(signingSeed));

    const std::uint64_t first = entries.front().sequence;
    const std::uint64_t last = entries.back().sequence;
    VerifyOptions options;
    options.anchor = first == 1 ? kGenesisHead : ChainHead{first - 1, entries.front().prevHash};
    options.requireFinalCheckpoint = true;
    options.scanForNumbers = true;
    std::vector<Checkpoint> inRange;
    std::copy_if(checkpoints.begin(), checkpoints.end(), std::back_inserter(inRange),
                 [&](const Checkpoint& c) { return c.sequence >= first - 1 && c.sequence <= last; });
    if (inRange.size() > kMaxBundleCheckpoints)
        return Error(ErrorCode::TooLarge, "audit bundle: too many checkpoints");
    const VerifyReport report = verifyChain(entries, inRange, signer.publicKey(), options);
    if (report.kind == DamageKind::MissingCheckpoint)
        return Error(ErrorCode::InvalidArgument, "audit bundle: " + describe(report) + " (write a checkpoint first)");
    if (!report.clean())
        return Error(ErrorCode::StorageCorrupt, "audit bundle: the range does not verify: " + describe(report));

    std::vector<std::uint8_t> out;
    out.reserve(kAuditBundleMagic.size() + 128 + deviceCertificate.size() + entries.size() * 400 +
                inRange.size() * kCheckpointRecordBytes + kSignatureBytes);
    appendBytes(out, kAuditBundleMagic.data(), kAuditBundleMagic.size());
    detail::appendBigEndian(out, static_cast<std::uint16_t>(deviceId.size()));
    appendBytes(out, deviceId.data(), deviceId.size());
    appendBytes(out, signer.publicKey().data(), kPublicKeyBytes);
    detail::appendBigEndian(out, first);
    detail::appendBigEndian(out, last);
    appendBytes(out, options.anchor.hash.data(), kAuditHashBytes);
    detail::appendBigEndian(out, createdMs);
    detail::appendBigEndian(out, static_cast<std::uint32_t>(deviceCertificate.size()));
    appendBytes(out, deviceCertificate.data(), deviceCertificate.size());
    detail::appendBigEndian(out, static_cast<std::uint32_t>(entries.size()));

    BundleDigest digest;
    digest.update(out);
    std::array<std::uint8_t, kMaxEncodedEntryBytes> buffer; // NOLINT: written before it is read
    for (const AuditEntry& entry : entries) {
        const std::size_t size = encodeEntryInto(entry, EntryEncoding::Full, buffer);
        detail::appendBigEndian(out, static_cast<std::uint32_t>(size));
        appendBytes(out, buffer.data(), size);
        digest.update(entry.hash);
        if (out.size() > kMaxBundleBytes)
            return Error(ErrorCode::TooLarge, "audit bundle: over " + std::to_string(kMaxBundleBytes) + " bytes");
    }
    const std::size_t checkpointsStart = out.size();
    detail::appendBigEndian(out, static_cast<std::uint32_t>(inRange.size()));
    for (const Checkpoint& checkpoint : inRange)
        appendCheckpoint(out, checkpoint);
    digest.update(std::span<const std::uint8_t>(out).subspan(checkpointsStart));
    const Signature signature = signer.sign(signedMessage(digest.final()));
    appendBytes(out, signature.data(), signature.size());
    if (out.size() > kMaxBundleBytes)
        return Error(ErrorCode::TooLarge, "audit bundle: over " + std::to_string(kMaxBundleBytes) + " bytes");
    return out;
}

Result<AuditBundle> parseBundle(std::span<const std::uint8_t> bytes)
{
    MAMORI_ASSIGN_OR_RETURN(Framed framed, frame(bytes));
    MAMORI_TRY(decodeRecords(framed, true, false, 0));
    return std::move(framed.bundle);
}

BundleVerification verifyBundle(std::span<const std::uint8_t> bytes, const std::optional<PublicKey>& pinnedKey,
                                const BundleVerifyOptions& options)
{
    BundleVerification out;
    if (!initSodium().ok()) {
        out.report = failedReport(DamageKind::Unverifiable, "libsodium failed to initialise");
        return out;
    }
    auto framed = frame(bytes);
    if (!framed.ok()) {
        out.report = failedReport(DamageKind::Malformed, framed.error().context());
        return out;
    }
    // The signed digest is a sequential hash: on its own thread while the records are decoded and
    // hashed on the others (or here, for a small bundle or when no thread can be had).
    Digest digest{};
    bool digested = false;
    std::optional<Result<Decoded>> decodedOrError;
    {
        std::jthread digester; // joined on every way out of this block, an exception's included
        if (detail::verifyThreads(options.threads, framed.value().records.size()) > 1) {
            try {
                digester = std::jthread([&digest, &framed] { digest = signedDigest(framed.value()); });
                digested = true;
            } catch (const std::system_error&) {
            }
        }
        decodedOrError.emplace(decodeRecords(framed.value(), options.keepEntries, true, options.threads));
    }
    if (!digested)
        digest = signedDigest(framed.value());
    Result<Decoded>& decoded = *decodedOrError;
    if (!decoded.ok()) {
        out.report = failedReport(DamageKind::Malformed, decoded.error().context());
        return out;
    }
    out.parsed = true;
    out.bundle = std::move(framed.value().bundle);
    const AuditBundle& bundle = out.bundle;
    const Decoded& facts = decoded.value();

    if (pinnedKey && sodium_memcmp(pinnedKey->data(), bundle.devicePublicKey.data(), kPublicKeyBytes) != 0) {
        out.report =
            failedReport(DamageKind::WrongDeviceKey, "the bundle is signed by a key other than the pinned one");
        return out;
    }
    const auto message = signedMessage(digest);
    if (crypto_sign_verify_detached(bundle.signature.data(), message.data(), message.size(),
                                    bundle.devicePublicKey.data()) != 0) {
        out.report = failedReport(DamageKind::BadBundleSignature, "the bundle signature does not verify");
        return out;
    }
    if (options.expectedAnchor && *options.expectedAnchor != bundle.anchor()) {
        const bool sameSequence = options.expectedAnchor->sequence == bundle.anchor().sequence;
        out.report = failedReport(sameSequence ? DamageKind::BrokenLink : DamageKind::SequenceGap,
                                  sameSequence ? "the bundle's anchor hash differs from the previous pull's head"
                                               : "the bundle does not start after the previous pull's head (sequence " +
                                                     std::to_string(options.expectedAnchor->sequence) + ")");
        out.report.sequence = bundle.firstSequence;
        out.report.recordedSequence = bundle.firstSequence;
        out.report.entryIndex = 0;
        out.report.provenThrough = options.expectedAnchor->sequence;
        return out;
    }

    VerifyOptions chainOptions;
    chainOptions.anchor = bundle.anchor();
    chainOptions.maxEntriesWithoutCheckpoint = options.maxEntriesWithoutCheckpoint;
    chainOptions.minimumCounter = options.minimumCounter;
    chainOptions.requireFinalCheckpoint = true;
    chainOptions.scanForNumbers = true;
    ChainVerifier verifier(bundle.checkpoints, bundle.devicePublicKey, chainOptions);
    detail::ChainVerifierAccess::presetSignatures(verifier, facts.checkpointSignatures);
    const std::vector<std::span<const std::uint8_t>>& records = framed.value().records;
    for (std::size_t i = 0; i < records.size() && verifier.wantsMore(); ++i) {
        const AuditHash prevHash = recordHashAt(records[i], kEntryHashFieldBytes + kAuditHashBytes);
        const AuditHash storedHash = recordHashAt(records[i], kAuditHashBytes);
        AuditHash computed = storedHash;
        if ((facts.flags[i] & kHashMatches) == 0) { // damaged: the verifier names it
            const AuditEntryView view = decodeEntryView(records[i]).value();
            crypto_generichash(computed.data(), kAuditHashBytes, view.hashInput.data(), view.hashInput.size(), nullptr,
                               0);
        }
        detail::ChainVerifierAccess::addFacts(verifier, recordSequence(records[i]), prevHash, storedHash, &computed,
                                              (facts.flags[i] & kHoldsNumber) != 0);
    }
    out.report = verifier.finish();
    return out;
}

} // namespace mamori::vault
