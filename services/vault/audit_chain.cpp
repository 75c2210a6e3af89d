// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/audit_chain.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <system_error>
#include <thread>
#include <vector>

namespace mamori::vault {
namespace {

static_assert(kPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(kSignatureBytes == crypto_sign_BYTES);
static_assert(kAuditHashBytes == crypto_generichash_BYTES);
static_assert(kCheckpointMagic.size() == 19);

std::string seq(std::uint64_t sequence) { return std::to_string(sequence); }

} // namespace

// ---- Chain --------------------------------------------------------------------------------------

Result<AuditEntry> makeNext(const ChainHead& head, AuditEntry draft)
{
    MAMORI_TRY(validateEntry(draft));
    if (head.sequence == std::numeric_limits<std::uint64_t>::max())
        return Error(ErrorCode::InvalidArgument, "audit chain: sequence would overflow");
    draft.sequence = head.sequence + 1;
    draft.prevHash = head.hash;
    MAMORI_ASSIGN_OR_RETURN(draft.hash, computeEntryHash(draft));
    return draft;
}

Result<AuditEntry> makeNext(const AuditEntry* previous, AuditEntry draft)
{
    return makeNext(previous ? headOf(*previous) : kGenesisHead, std::move(draft));
}

// ---- Checkpoints --------------------------------------------------------------------------------

std::array<std::uint8_t, kCheckpointMessageBytes> checkpointMessage(const Checkpoint& checkpoint) noexcept
{
    std::array<std::uint8_t, kCheckpointMessageBytes> out{};
    std::uint8_t* p = out.data();
    std::memcpy(p, kCheckpointMagic.data(), kCheckpointMagic.size());
    p += kCheckpointMagic.size();
    detail::storeBigEndian(p, checkpoint.sequence);
    p += 8;
    std::memcpy(p, checkpoint.headHash.data(), checkpoint.headHash.size());
    p += checkpoint.headHash.size();
    detail::storeBigEndian(p, checkpoint.counter);
    p += 8;
    detail::storeBigEndian(p, checkpoint.timeMs);
    return out;
}

std::array<std::uint8_t, kCheckpointRecordBytes> encodeCheckpoint(const Checkpoint& checkpoint) noexcept
{
    std::array<std::uint8_t, kCheckpointRecordBytes> out{};
    std::uint8_t* p = out.data();
    detail::storeBigEndian(p, checkpoint.sequence);
    p += 8;
    std::memcpy(p, checkpoint.headHash.data(), checkpoint.headHash.size());
    p += checkpoint.headHash.size();
    detail::storeBigEndian(p, checkpoint.counter);
    p += 8;
    detail::storeBigEndian(p, checkpoint.timeMs);
    p += 8;
    std::memcpy(p, checkpoint.signature.data(), checkpoint.signature.size());
    return out;
}

Result<Checkpoint> decodeCheckpoint(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() != kCheckpointRecordBytes)
        return Error(ErrorCode::StorageCorrupt, "checkpoint record: " + std::to_string(bytes.size()) + " bytes, want " +
                                                    std::to_string(kCheckpointRecordBytes));
    Checkpoint checkpoint;
    detail::ByteReader reader(bytes);
    reader.readBigEndian(checkpoint.sequence);
    const auto head = reader.take(kAuditHashBytes);
    reader.readBigEndian(checkpoint.counter);
    reader.readBigEndian(checkpoint.timeMs);
    const auto signature = reader.take(kSignatureBytes);
    std::copy(head->begin(), head->end(), checkpoint.headHash.begin());
    std::copy(signature->begin(), signature->end(), checkpoint.signature.begin());
    return checkpoint;
}

Result<DeviceSigner> DeviceSigner::fromSeed(const SecretBuffer& signingSeed)
{
    if (signingSeed.size() != crypto_sign_SEEDBYTES)
        return Error(ErrorCode::InvalidArgument, "device signing seed: want " + std::to_string(crypto_sign_SEEDBYTES) +
                                                     " bytes, got " + std::to_string(signingSeed.size()));
    MAMORI_TRY(initSodium());
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer secretKey, SecretBuffer::create(crypto_sign_SECRETKEYBYTES));
    PublicKey publicKey{};
    if (crypto_sign_seed_keypair(publicKey.data(), secretKey.data(), signingSeed.data()) != 0)
        return Error(ErrorCode::Internal, "crypto_sign_seed_keypair failed");
    return DeviceSigner(std::move(secretKey), publicKey);
}

Signature DeviceSigner::sign(std::span<const std::uint8_t> message) const noexcept
{
    Signature signature{};
    crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), m_secretKey.data());
    return signature;
}

Result<PublicKey> devicePublicKey(const SecretBuffer& signingSeed)
{
    MAMORI_ASSIGN_OR_RETURN(DeviceSigner signer, DeviceSigner::fromSeed(signingSeed));
    return signer.publicKey();
}

Checkpoint signCheckpoint(const DeviceSigner& signer, const ChainHead& head, std::uint64_t counter,
                          std::int64_t timeMs) noexcept
{
    Checkpoint checkpoint;
    checkpoint.sequence = head.sequence;
    checkpoint.headHash = head.hash;
    checkpoint.counter = counter;
    checkpoint.timeMs = timeMs;
    checkpoint.signature = signer.sign(checkpointMessage(checkpoint));
    return checkpoint;
}

Result<Checkpoint> signCheckpoint(const ChainHead& head, std::uint64_t counter, std::int64_t timeMs,
                                  const SecretBuffer& signingSeed)
{
    MAMORI_ASSIGN_OR_RETURN(DeviceSigner signer, DeviceSigner::fromSeed(signingSeed));
    return signCheckpoint(signer, head, counter, timeMs);
}

bool verifyCheckpoint(const Checkpoint& checkpoint, const PublicKey& publicKey) noexcept
{
    if (!initSodium().ok())
        return false;
    const auto message = checkpointMessage(checkpoint);
    return crypto_sign_verify_detached(checkpoint.signature.data(), message.data(), message.size(), publicKey.data()) ==
           0;
}

bool shouldCheckpoint(std::uint64_t entriesSinceLast, std::int64_t msSinceLast, std::uint64_t everyEntries,
                      std::int64_t everyMs) noexcept
{
    if (entriesSinceLast == 0)
        return false;
    if (everyEntries > 0 && entriesSinceLast >= everyEntries)
        return true;
    return everyMs > 0 && msSinceLast >= everyMs;
}

// ---- Verification -------------------------------------------------------------------------------

std::string_view damageKindName(DamageKind kind) noexcept
{
    switch (kind) {
    case DamageKind::None:
        return "None";
    case DamageKind::Malformed:
        return "Malformed";
    case DamageKind::ModifiedEntry:
        return "ModifiedEntry";
    case DamageKind::BrokenLink:
        return "BrokenLink";
    case DamageKind::SequenceGap:
        return "SequenceGap";
    case DamageKind::DuplicateSequence:
        return "DuplicateSequence";
    case DamageKind::Reordered:
        return "Reordered";
    case DamageKind::Truncated:
        return "Truncated";
    case DamageKind::Forked:
        return "Forked";
    case DamageKind::BadCheckpointSignature:
        return "BadCheckpointSignature";
    case DamageKind::MissingCheckpoint:
        return "MissingCheckpoint";
    case DamageKind::CounterRollback:
        return "CounterRollback";
    case DamageKind::RolledBack:
        return "RolledBack";
    case DamageKind::BadBundleSignature:
        return "BadBundleSignature";
    case DamageKind::WrongDeviceKey:
        return "WrongDeviceKey";
    case DamageKind::ForbiddenContent:
        return "ForbiddenContent";
    case DamageKind::Unverifiable:
        return "Unverifiable";
    }
    return "Unknown";
}

std::string describe(const VerifyReport& report)
{
    if (report.clean()) {
        return "clean: " + seq(report.entriesVerified) + " entries, " + seq(report.checkpointsVerified) +
               " checkpoints, head at sequence " + seq(report.head.sequence);
    }
    std::string out(damageKindName(report.kind));
    out += " at sequence " + seq(report.sequence);
    if (report.entryIndex != VerifyReport::kNoIndex)
        out += " (entry index " + seq(report.entryIndex) + ")";
    if (report.checkpointIndex != VerifyReport::kNoIndex)
        out += " (checkpoint index " + seq(report.checkpointIndex) + ")";
    out += "; proven through sequence " + seq(report.provenThrough);
    if (!report.detail.empty())
        out += ": " + report.detail;
    return out;
}

ChainVerifier::ChainVerifier(std::span<const Checkpoint> checkpoints, const PublicKey& publicKey,
                             const VerifyOptions& options)
    : m_checkpoints(checkpoints), m_publicKey(publicKey), m_options(options)
{
    m_report.head = options.anchor;
    m_report.provenThrough = options.anchor.sequence;
    m_lastCheckpointed = options.anchor.sequence;
    if (!initSodium().ok()) {
        fail(DamageKind::Unverifiable, options.anchor.sequence, "libsodium failed to initialise");
        return;
    }
    checkpointsThrough(options.anchor.sequence);
}

void ChainVerifier::fail(DamageKind kind, std::uint64_t sequence, std::string detail)
{
    m_failed = true;
    m_report.kind = kind;
    m_report.sequence = sequence;
    m_report.detail = std::move(detail);
}

void ChainVerifier::failEntry(DamageKind kind, std::size_t index, std::uint64_t recordedSequence, std::string detail)
{
    fail(kind, m_report.head.sequence + 1, std::move(detail));
    m_report.entryIndex = index;
    m_report.recordedSequence = recordedSequence;
}

void ChainVerifier::addEntry(const AuditEntry& entry)
{
    if (m_failed) {
        addFacts(entry.sequence, entry.prevHash, entry.hash, &entry.hash, false); // only the sequence matters now
        return;
    }
    std::array<std::uint8_t, kMaxEncodedEntryBytes> buffer; // NOLINT: written before it is read
    const std::size_t size = encodeEntryInto(entry, EntryEncoding::HashInput, buffer);
    if (size == 0) {
        addFacts(entry.sequence, entry.prevHash, entry.hash, nullptr, false);
        return;
    }
    AuditHash computed; // NOLINT: written by crypto_generichash
    crypto_generichash(computed.data(), computed.size(), buffer.data(), size, nullptr, 0);
    addFacts(entry.sequence, entry.prevHash, entry.hash, &computed,
             m_options.scanForNumbers && entryContainsNumber(entry));
}

void ChainVerifier::addFacts(std::uint64_t sequence, const AuditHash& prevHash, const AuditHash& storedHash,
                             const AuditHash* computedHash, bool holdsNumber)
{
    if (m_failed) {
        if (m_classifyingJump && sequence == m_missingSequence)
            m_missingSeen = true;
        return;
    }
    const std::size_t index = m_entryIndex++;
    if (!computedHash) {
        failEntry(DamageKind::Malformed, index, sequence,
                  "entry cannot be encoded (role or action outside the list, or a field over its limit)");
        return;
    }
    if (m_report.head.sequence == std::numeric_limits<std::uint64_t>::max()) {
        failEntry(DamageKind::Malformed, index, sequence, "entry after the largest sequence number");
        return;
    }
    const std::uint64_t expected = m_report.head.sequence + 1;
    if (*computedHash != storedHash) {
        failEntry(DamageKind::ModifiedEntry, index, sequence, "stored hash does not match the entry's content");
        return;
    }
    if (sequence < expected) {
        const bool seenBefore = sequence > m_options.anchor.sequence;
        failEntry(seenBefore ? DamageKind::DuplicateSequence : DamageKind::Reordered, index, sequence,
                  seenBefore ? "sequence " + seq(sequence) + " appears a second time"
                             : "sequence " + seq(sequence) + " belongs before the verified range");
        return;
    }
    if (sequence > expected) {
        // Decided in finish(): Reordered if the missing sequence turns up later, else a deletion.
        m_classifyingJump = true;
        m_missingSequence = expected;
        m_jumpLinkBroken = prevHash != m_report.head.hash;
        failEntry(DamageKind::SequenceGap, index, sequence,
                  "sequence jumps from " + seq(m_report.head.sequence) + " to " + seq(sequence));
        return;
    }
    if (prevHash != m_report.head.hash) {
        failEntry(DamageKind::BrokenLink, index, sequence, "previous hash does not match the entry before");
        return;
    }
    if (holdsNumber) {
        failEntry(DamageKind::ForbiddenContent, index, sequence,
                  "a text field reads as an individual or corporate number");
        return;
    }
    m_report.head = {sequence, storedHash};
    ++m_report.entriesVerified;
    // Counted before this entry's own checkpoint applies: with a checkpoint every N entries, the
    // Nth entry is the last one allowed to have none before it.
    if (m_options.maxEntriesWithoutCheckpoint && ++m_sinceCheckpoint > *m_options.maxEntriesWithoutCheckpoint) {
        fail(DamageKind::MissingCheckpoint, sequence,
             seq(m_sinceCheckpoint) + " entries after sequence " + seq(m_lastCheckpointed) + ", limit " +
                 seq(*m_options.maxEntriesWithoutCheckpoint));
        m_report.entryIndex = index;
        m_report.recordedSequence = sequence;
        return;
    }
    if (!m_options.maxEntriesWithoutCheckpoint)
        ++m_sinceCheckpoint;
    checkpointsThrough(sequence);
}

bool ChainVerifier::checkCheckpointSignatureAndOrder(std::size_t index)
{
    const Checkpoint& checkpoint = m_checkpoints[index];
    const bool signatureValid = m_presetSignatures.size() == m_checkpoints.size()
                                    ? m_presetSignatures[index] == detail::ChainVerifierAccess::kSignatureValid
                                    : verifyCheckpoint(checkpoint, m_publicKey);
    if (!signatureValid) {
        fail(DamageKind::BadCheckpointSignature, checkpoint.sequence,
             "checkpoint signature does not verify with the device key");
        m_report.checkpointIndex = index;
        return false;
    }
    if (index > 0 && checkpoint.sequence < m_checkpoints[index - 1].sequence) {
        fail(DamageKind::Reordered, checkpoint.sequence, "checkpoints out of sequence order");
        m_report.checkpointIndex = index;
        return false;
    }
    return true;
}

void ChainVerifier::checkCheckpoint(std::size_t index)
{
    if (!checkCheckpointSignatureAndOrder(index))
        return;
    const Checkpoint& checkpoint = m_checkpoints[index];
    const auto failHere = [&](DamageKind kind, std::string detail) {
        fail(kind, checkpoint.sequence, std::move(detail));
        m_report.checkpointIndex = index;
    };
    if (checkpoint.sequence < m_options.anchor.sequence)
        return failHere(DamageKind::Malformed, "checkpoint before the verified range");
    if (checkpoint.sequence != m_report.head.sequence) // only reachable out of order, caught above
        return failHere(DamageKind::Reordered, "checkpoint out of place");
    if (checkpoint.headHash != m_report.head.hash)
        return failHere(DamageKind::Forked, "checkpoint head hash differs from the chain; rewritten after sequence " +
                                                seq(m_report.provenThrough));
    if (m_report.newestCounter && checkpoint.counter < *m_report.newestCounter)
        return failHere(DamageKind::CounterRollback,
                        "counter " + seq(checkpoint.counter) + " after " + seq(*m_report.newestCounter));
    m_report.newestCounter = checkpoint.counter;
    m_report.provenThrough = checkpoint.sequence;
    ++m_report.checkpointsVerified;
    m_newestCheckpoint = index;
    m_lastCheckpointed = checkpoint.sequence;
    m_sinceCheckpoint = 0;
}

void ChainVerifier::checkpointsThrough(std::uint64_t sequence)
{
    while (!m_failed && m_nextCheckpoint < m_checkpoints.size() && m_checkpoints[m_nextCheckpoint].sequence <= sequence)
        checkCheckpoint(m_nextCheckpoint++);
}

VerifyReport ChainVerifier::finish()
{
    if (m_finished)
        return m_report;
    m_finished = true;
    if (m_failed) {
        if (m_classifyingJump) {
            if (m_missingSeen) {
                m_report.kind = DamageKind::Reordered;
                m_report.detail = "sequence " + seq(m_missingSequence) + " comes later in the log";
            } else if (m_jumpLinkBroken) {
                m_report.kind = DamageKind::BrokenLink;
                m_report.detail = "sequence " + seq(m_missingSequence) + " is missing and the hash link is broken";
            }
            // else: the hashes link across the jump: a SequenceGap, as recorded.
        }
        return m_report;
    }
    // A checkpoint beyond the end: the chain lost its tail.
    if (m_nextCheckpoint < m_checkpoints.size()) {
        const std::size_t index = m_nextCheckpoint;
        if (checkCheckpointSignatureAndOrder(index)) {
            fail(DamageKind::Truncated, m_report.head.sequence + 1,
                 "a checkpoint covers sequence " + seq(m_checkpoints[index].sequence) + " but the chain ends at " +
                     seq(m_report.head.sequence));
            m_report.checkpointIndex = index;
        }
        return m_report;
    }
    if (m_options.minimumCounter && m_report.newestCounter.value_or(0) < *m_options.minimumCounter) {
        fail(DamageKind::RolledBack, m_lastCheckpointed,
             "newest checkpoint counter " + (m_report.newestCounter ? seq(*m_report.newestCounter) : "(none)") +
                 " is below the TPM counter " + seq(*m_options.minimumCounter));
        m_report.checkpointIndex = m_newestCheckpoint;
        return m_report;
    }
    if (m_options.requireFinalCheckpoint && m_sinceCheckpoint > 0) {
        fail(DamageKind::MissingCheckpoint, m_lastCheckpointed + 1,
             "entries after sequence " + seq(m_lastCheckpointed) + " have no checkpoint");
        m_report.entryIndex = static_cast<std::size_t>(m_lastCheckpointed - m_options.anchor.sequence);
        m_report.recordedSequence = m_lastCheckpointed + 1;
        return m_report;
    }
    return m_report;
}

namespace detail {

void ChainVerifierAccess::addFacts(ChainVerifier& verifier, std::uint64_t sequence, const AuditHash& prevHash,
                                   const AuditHash& storedHash, const AuditHash* computedHash, bool holdsNumber)
{
    verifier.addFacts(sequence, prevHash, storedHash, computedHash, holdsNumber);
}

void ChainVerifierAccess::presetSignatures(ChainVerifier& verifier, std::span<const std::uint8_t> checked)
{
    verifier.m_presetSignatures = checked;
}

unsigned verifyThreads(unsigned requested, std::size_t count) noexcept
{
    if (count < kParallelVerifyThreshold)
        return 1;
    const unsigned available = std::max(1u, std::thread::hardware_concurrency());
    return requested == 0 ? std::min(available, 4u) : std::min(requested, 64u);
}

void runParallel(std::size_t count, unsigned threads, const std::function<void(std::size_t, std::size_t)>& work)
{
    const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(threads, count));
    const std::size_t chunk = (count + parts - 1) / parts;
    std::vector<std::thread> workers;
    workers.reserve(parts - 1);
    for (std::size_t part = 1; part < parts; ++part) {
        const std::size_t begin = std::min(count, part * chunk);
        const std::size_t end = std::min(count, begin + chunk);
        try {
            workers.emplace_back(work, begin, end);
        } catch (const std::system_error&) {
            work(begin, end); // no thread to be had: do it here
        }
    }
    work(0, std::min(count, chunk));
    for (std::thread& worker : workers)
        worker.join();
}

} // namespace detail

VerifyReport verifyChain(std::span<const AuditEntry> entries, std::span<const Checkpoint> checkpoints,
                         const PublicKey& publicKey, const VerifyOptions& options)
{
    ChainVerifier verifier(checkpoints, publicKey, options);
    const unsigned threads = detail::verifyThreads(options.threads, entries.size());
    if (threads <= 1 || !verifier.wantsMore()) {
        for (const AuditEntry& entry : entries) {
            verifier.addEntry(entry);
            if (!verifier.wantsMore())
                break;
        }
        return verifier.finish();
    }

    // Hash every entry in parallel first (hashing is nearly all the work), then check in order.
    enum : std::uint8_t { kEncoded = 1, kHoldsNumber = 2 };
    // Not value-initialised: every slot whose flag says kEncoded is written before it is read.
    const std::unique_ptr<AuditHash[]> hashes(new AuditHash[entries.size()]);
    std::vector<std::uint8_t> flags(entries.size(), 0);
    detail::runParallel(entries.size(), threads, [&](std::size_t begin, std::size_t end) {
        std::array<std::uint8_t, kMaxEncodedEntryBytes> buffer; // NOLINT: written before it is read
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t size = encodeEntryInto(entries[i], EntryEncoding::HashInput, buffer);
            if (size == 0)
                continue;
            crypto_generichash(hashes[i].data(), hashes[i].size(), buffer.data(), size, nullptr, 0);
            flags[i] = kEncoded;
            if (options.scanForNumbers && entryContainsNumber(entries[i]))
                flags[i] |= kHoldsNumber;
        }
    });
    for (std::size_t i = 0; i < entries.size() && verifier.wantsMore(); ++i) {
        const AuditEntry& entry = entries[i];
        detail::ChainVerifierAccess::addFacts(verifier, entry.sequence, entry.prevHash, entry.hash,
                                              (flags[i] & kEncoded) ? &hashes[i] : nullptr,
                                              (flags[i] & kHoldsNumber) != 0);
    }
    return verifier.finish();
}

} // namespace mamori::vault
