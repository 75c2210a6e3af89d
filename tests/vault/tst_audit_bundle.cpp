// SPDX-License-Identifier: GPL-3.0-or-later
// Tests of signed audit bundles (services/vault/audit_bundle.h; format in
// services/vault/AUDIT_FORMAT.md): round trip, the documented byte layout, incremental pulls,
// tampering anywhere in the file, pinned keys, hostile headers, and what the exporter refuses.
//
// All content is synthetic. Failures compare codes, kinds, booleans and sizes only.

#include "services/vault/audit_bundle.h"

#include <QTest>

#include <sodium.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace mamori;
using namespace mamori::vault;

namespace {

constexpr std::string_view kCardA = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2";
constexpr std::string_view kSubject = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
constexpr std::int64_t kCreated = 1700000900000;

SecretBuffer seedFrom(std::uint8_t first)
{
    std::array<std::uint8_t, 32> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = std::uint8_t(first + i);
    return SecretBuffer::copyOf(bytes).value();
}

AuditEntry draft(std::size_t i)
{
    AuditEntry e;
    e.timeMs = 1700000000000 + std::int64_t(i) * 1000;
    e.deviceId = "kiosk-b";
    if (i % 3 == 2) {
        e.actor = std::string(kSystemActor);
        e.role = AuditRole::System;
        e.action = AuditAction::Alert;
    } else {
        e.actor = kCardA;
        e.role = AuditRole::Clerk;
        e.action = i % 2 ? AuditAction::Reveal : AuditAction::View;
        e.subjectId = kSubject;
        e.purpose = "withholding";
    }
    e.result = auditResultOk();
    e.detail = "n=" + std::to_string(i);
    if (i % 2)
        e.cardSignature.assign(64, std::uint8_t(i));
    return e;
}

struct Log {
    std::vector<AuditEntry> entries;
    std::vector<Checkpoint> checkpoints;
};

// n entries with a checkpoint after every `every` entries and after the last; counters 1, 2, ...
Log buildLog(std::size_t n, std::size_t every, const DeviceSigner& signer)
{
    Log log;
    ChainHead head = kGenesisHead;
    std::uint64_t counter = 0;
    for (std::size_t i = 0; i < n; ++i) {
        log.entries.push_back(makeNext(head, draft(i)).value());
        head = headOf(log.entries.back());
        if ((i + 1) % every == 0 || i + 1 == n)
            log.checkpoints.push_back(signCheckpoint(signer, head, ++counter, log.entries.back().timeMs));
    }
    return log;
}

void rechain(std::vector<AuditEntry>& entries, std::size_t from, ChainHead head)
{
    for (std::size_t i = from; i < entries.size(); ++i) {
        entries[i].sequence = head.sequence + 1;
        entries[i].prevHash = head.hash;
        entries[i].hash = computeEntryHash(entries[i]).value();
        head = headOf(entries[i]);
    }
}

template <typename T> void putBigEndian(std::vector<std::uint8_t>& out, T value)
{
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out.push_back(std::uint8_t(std::uint64_t(value) >> (8 * (sizeof(T) - 1 - i))));
}

void putBytes(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes)
{
    out.insert(out.end(), bytes.begin(), bytes.end());
}

void putText(std::vector<std::uint8_t>& out, std::string_view text) { out.insert(out.end(), text.begin(), text.end()); }

// What a bundle holds, written out exactly as AUDIT_FORMAT.md describes, independently of the
// exporter, and signed by `signer` (also for content the exporter would refuse).
struct Parts {
    std::string deviceId = "kiosk-b";
    std::optional<PublicKey> key; // the signer's when unset
    std::uint64_t first = 1;
    std::uint64_t last = 0; // first + entries - 1 when 0
    AuditHash anchor{};
    std::int64_t created = kCreated;
    std::vector<std::uint8_t> certificate;
    std::vector<AuditEntry> entries;
    std::vector<Checkpoint> checkpoints;
};

std::vector<std::uint8_t> writeBundle(const Parts& p, const DeviceSigner& signer)
{
    std::vector<std::uint8_t> out;
    putText(out, "MAMORI-AUDIT-BUNDLE-1");
    putBigEndian(out, std::uint16_t(p.deviceId.size()));
    putText(out, p.deviceId);
    putBytes(out, p.key.value_or(signer.publicKey()));
    putBigEndian(out, p.first);
    putBigEndian(out, p.last ? p.last : p.first + p.entries.size() - 1);
    putBytes(out, p.anchor);
    putBigEndian(out, p.created);
    putBigEndian(out, std::uint32_t(p.certificate.size()));
    putBytes(out, p.certificate);
    putBigEndian(out, std::uint32_t(p.entries.size()));

    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, 64);
    crypto_generichash_update(&state, out.data(), out.size());
    for (const AuditEntry& e : p.entries) {
        const auto encoded = encodeEntry(e).value();
        putBigEndian(out, std::uint32_t(encoded.size()));
        putBytes(out, encoded);
        crypto_generichash_update(&state, e.hash.data(), e.hash.size());
    }
    const std::size_t checkpointsStart = out.size();
    putBigEndian(out, std::uint32_t(p.checkpoints.size()));
    for (const Checkpoint& c : p.checkpoints) {
        putBigEndian(out, c.sequence);
        putBytes(out, c.headHash);
        putBigEndian(out, c.counter);
        putBigEndian(out, c.timeMs);
        putBytes(out, c.signature);
    }
    crypto_generichash_update(&state, out.data() + checkpointsStart, out.size() - checkpointsStart);
    std::array<std::uint8_t, 64> digest{};
    crypto_generichash_final(&state, digest.data(), digest.size());

    std::vector<std::uint8_t> message;
    putText(message, "MAMORI-AUDIT-BUNDLE-SIG-1");
    putBytes(message, digest);
    putBytes(out, signer.sign(message));
    return out;
}

Parts partsOf(const Log& log, std::size_t from = 0)
{
    Parts p;
    p.entries.assign(log.entries.begin() + std::ptrdiff_t(from), log.entries.end());
    p.first = p.entries.front().sequence;
    p.anchor = p.entries.front().prevHash;
    for (const Checkpoint& c : log.checkpoints) {
        if (c.sequence + 1 >= p.first)
            p.checkpoints.push_back(c);
    }
    return p;
}

} // namespace

class TestAuditBundle : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip();
    void documentedLayoutMatchesExport();
    void incrementalPulls();
    void everyFlippedByteIsRefused();
    void everyTruncationIsRefused();
    void pinnedKeyOfAnotherDevice();
    void exportRefuses_data();
    void exportRefuses();
    void signedButDamaged_data();
    void signedButDamaged();
    void hostileHeaders_data();
    void hostileHeaders();
    void policyOptionsApply();
    void largeBundleVerifiesInParallel();
};

void TestAuditBundle::initTestCase() { QVERIFY(initSodium().ok()); }

void TestAuditBundle::roundTrip()
{
    const SecretBuffer seed = seedFrom(20);
    const auto signer = DeviceSigner::fromSeed(seed).value();
    const Log log = buildLog(20, 5, signer);
    const std::vector<std::uint8_t> certificate{0x30, 0x82, 0x01, 0x0a};
    const auto bytes = exportBundle(log.entries, log.checkpoints, "kiosk-b", seed, kCreated, certificate);
    QVERIFY(bytes.ok());

    const BundleVerification verified = verifyBundle(bytes.value(), signer.publicKey());
    QVERIFY(verified.parsed);
    QCOMPARE(verified.report.kind, DamageKind::None);
    QCOMPARE(verified.report.entriesVerified, std::uint64_t(20));
    QCOMPARE(verified.report.checkpointsVerified, std::uint64_t(4));
    QVERIFY(verified.report.head == headOf(log.entries.back()));
    QCOMPARE(verified.report.newestCounter.value_or(0), std::uint64_t(4));
    const AuditBundle& b = verified.bundle;
    QVERIFY(b.deviceId == "kiosk-b");
    QVERIFY(b.devicePublicKey == signer.publicKey());
    QCOMPARE(b.firstSequence, std::uint64_t(1));
    QCOMPARE(b.lastSequence, std::uint64_t(20));
    QVERIFY(b.anchor() == kGenesisHead);
    QCOMPARE(b.createdMs, kCreated);
    QVERIFY(b.deviceCertificate == certificate);
    QVERIFY(b.entries == log.entries);
    QVERIFY(b.checkpoints == log.checkpoints);

    // Without a pinned key the bundle is internally consistent under the key it carries.
    QCOMPARE(verifyBundle(bytes.value(), std::nullopt).report.kind, DamageKind::None);
    // Verification without keeping the entries gives the same verdict.
    BundleVerifyOptions lean;
    lean.keepEntries = false;
    const BundleVerification leanResult = verifyBundle(bytes.value(), signer.publicKey(), lean);
    QCOMPARE(leanResult.report.kind, DamageKind::None);
    QVERIFY(leanResult.bundle.entries.empty());
    QCOMPARE(leanResult.bundle.checkpoints.size(), std::size_t(4));
    // The structural parser alone.
    const auto parsed = parseBundle(bytes.value());
    QVERIFY(parsed.ok());
    QVERIFY(parsed.value().entries == log.entries);
    QVERIFY(parsed.value().signature == b.signature);
}

void TestAuditBundle::documentedLayoutMatchesExport()
{
    const SecretBuffer seed = seedFrom(21);
    const auto signer = DeviceSigner::fromSeed(seed).value();
    const Log log = buildLog(7, 3, signer);
    Parts parts = partsOf(log);
    parts.certificate = {1, 2, 3};
    const auto exported = exportBundle(log.entries, log.checkpoints, "kiosk-b", seed, kCreated, parts.certificate);
    QVERIFY(exported.ok());
    QVERIFY(exported.value() == writeBundle(parts, signer));

    // The same for an incremental range, whose anchor is entry 3's hash.
    const Parts tail = partsOf(log, 3);
    const auto exportedTail =
        exportBundle(std::span(log.entries).subspan(3), log.checkpoints, "kiosk-b", seed, kCreated);
    QVERIFY(exportedTail.ok());
    QVERIFY(exportedTail.value() == writeBundle(tail, signer));
}

void TestAuditBundle::incrementalPulls()
{
    const SecretBuffer seed = seedFrom(22);
    const auto signer = DeviceSigner::fromSeed(seed).value();
    const Log log = buildLog(30, 5, signer);
    const auto first = exportBundle(std::span(log.entries).first(15), log.checkpoints, "kiosk-b", seed, kCreated);
    const auto second = exportBundle(std::span(log.entries).subspan(15), log.checkpoints, "kiosk-b", seed, kCreated);
    QVERIFY(first.ok() && second.ok());

    const BundleVerification one = verifyBundle(first.value(), signer.publicKey());
    QCOMPARE(one.report.kind, DamageKind::None);
    QCOMPARE(one.bundle.checkpoints.size(), std::size_t(3));

    // The puller continues from the head it verified last time.
    BundleVerifyOptions continuing;
    continuing.expectedAnchor = one.report.head;
    const BundleVerification two = verifyBundle(second.value(), signer.publicKey(), continuing);
    QCOMPARE(two.report.kind, DamageKind::None);
    QCOMPARE(two.bundle.firstSequence, std::uint64_t(16));
    QVERIFY(two.bundle.anchor() == headOf(log.entries[14]));
    // The checkpoint at the anchor (sequence 15) travels with the second bundle too.
    QCOMPARE(two.bundle.checkpoints.front().sequence, std::uint64_t(15));
    QCOMPARE(two.report.entriesVerified, std::uint64_t(15));

    // A bundle that does not continue the previous pull.
    BundleVerifyOptions wrongHash;
    wrongHash.expectedAnchor = ChainHead{15, log.entries[13].hash};
    const BundleVerification broken = verifyBundle(second.value(), signer.publicKey(), wrongHash);
    QCOMPARE(broken.report.kind, DamageKind::BrokenLink);
    QCOMPARE(broken.report.sequence, std::uint64_t(16));
    BundleVerifyOptions gap;
    gap.expectedAnchor = headOf(log.entries[12]);
    QCOMPARE(verifyBundle(second.value(), signer.publicKey(), gap).report.kind, DamageKind::SequenceGap);
}

void TestAuditBundle::everyFlippedByteIsRefused()
{
    const SecretBuffer seed = seedFrom(23);
    const auto signer = DeviceSigner::fromSeed(seed).value();
    const Log log = buildLog(3, 2, signer);
    const auto bytes =
        exportBundle(log.entries, log.checkpoints, "kiosk-b", seed, kCreated, std::vector<std::uint8_t>{7, 7});
    QVERIFY(bytes.ok());
    QCOMPARE(verifyBundle(bytes.value(), std::nullopt).report.kind, DamageKind::None);

    std::map<DamageKind, int> kinds;
    for (std::size_t i = 0; i < bytes.value().size(); ++i) {
        for (std::uint8_t mask : {std::uint8_t(0x01), std::uint8_t(0x80)}) {
            auto flipped = bytes.value();
            flipped[i] ^= mask;
            // Refused even without a pinned key: the signature covers the key it is checked with.
            const BundleVerification v = verifyBundle(flipped, std::nullopt);
            if (v.report.clean())
                QFAIL(("a flipped byte went unnoticed at offset " + std::to_string(i)).c_str());
            ++kinds[v.report.kind];
            QVERIFY(!verifyBundle(flipped, signer.publicKey()).report.clean());
        }
    }
    // Framing, signature and entry content each caught some of them.
    QVERIFY(kinds[DamageKind::Malformed] > 0);
    QVERIFY(kinds[DamageKind::BadBundleSignature] > 0);
    QVERIFY(kinds[DamageKind::ModifiedEntry] > 0);
}

void TestAuditBundle::everyTruncationIsRefused()
{
    const SecretBuffer seed = seedFrom(24);
    const auto signer = DeviceSigner::fromSeed(seed).value();
    const Log log = buildLog(2, 1, signer);
    const auto bytes = exportBundle(log.entries, log.checkpoints, "kiosk-b", seed, kCreated).value();
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        const BundleVerification v = verifyBundle(std::span(bytes).first(size), signer.publicKey());
        QVERIFY(!v.parsed);
        QCOMPARE(v.report.kind, DamageKind::Malformed);
        QVERIFY(v.bundle.entries.empty());
        QVERIFY(!parseBundle(std::span(bytes).first(size)).ok());
    }
    auto longer = bytes;
    longer.push_back(0);
    QCOMPARE(verifyBundle(longer, signer.publicKey()).report.kind, DamageKind::Malformed);
    QCOMPARE(parseBundle(longer).code(), ErrorCode::StorageCorrupt);
}

void TestAuditBundle::pinnedKeyOfAnotherDevice()
{
    const SecretBuffer seed = seedFrom(25);
    const SecretBuffer otherSeed = seedFrom(125);
    const auto signer = DeviceSigner::fromSeed(seed).value();
    const auto otherSigner = DeviceSigner::fromSeed(otherSeed).value();
    const Log log = buildLog(6, 3, signer);
    const auto bytes = exportBundle(log.entries, log.checkpoints, "kiosk-b", seed, kCreated).value();

    const BundleVerification pinnedToOther = verifyBundle(bytes, otherSigner.publicKey());
    QVERIFY(pinnedToOther.parsed);
    QCOMPARE(pinnedToOther.report.kind, DamageKind::WrongDeviceKey);

    // Another device's own, valid bundle, checked against this device's pinned key.
    const Log otherLog = buildLog(6, 3, otherSigner);
    const auto otherBytes = exportBundle(otherLog.entries, otherLog.checkpoints, "kiosk-b", otherSeed, kCreated);
    QVERIFY(otherBytes.ok());
    QCOMPARE(verifyBundle(otherBytes.value(), std::nullopt).report.kind, DamageKind::None);
    QCOMPARE(verifyBundle(otherBytes.value(), signer.publicKey()).report.kind, DamageKind::WrongDeviceKey);

    // This device's log re-signed under another key (key field swapped): the checkpoints, signed by
    // this device, no longer verify under the key the bundle now carries.
    Parts resigned = partsOf(log);
    const auto forged = writeBundle(resigned, otherSigner);
    QCOMPARE(verifyBundle(forged, signer.publicKey()).report.kind, DamageKind::WrongDeviceKey);
    QCOMPARE(verifyBundle(forged, std::nullopt).report.kind, DamageKind::BadCheckpointSignature);
}

void TestAuditBundle::exportRefuses_data()
{
    QTest::addColumn<int>("variant");
    QTest::addColumn<int>("code");
    const int invalid = int(ErrorCode::InvalidArgument);
    QTest::newRow("no entries") << 0 << invalid;
    QTest::newRow("last entry without a checkpoint") << 1 << invalid;
    QTest::newRow("device id with a space") << 2 << invalid;
    QTest::newRow("empty device id") << 3 << invalid;
    QTest::newRow("seed of the wrong size") << 4 << invalid;
    QTest::newRow("certificate over its limit") << 5 << int(ErrorCode::TooLarge);
    QTest::newRow("modified entry") << 6 << int(ErrorCode::StorageCorrupt);
    QTest::newRow("entries with a gap") << 7 << int(ErrorCode::StorageCorrupt);
    QTest::newRow("checkpoints of another device") << 8 << int(ErrorCode::StorageCorrupt);
    QTest::newRow("entry holding a number") << 9 << int(ErrorCode::StorageCorrupt);
    QTest::newRow("first entry with a non-genesis previous hash") << 10 << int(ErrorCode::StorageCorrupt);
}

void TestAuditBundle::exportRefuses()
{
    QFETCH(int, variant);
    QFETCH(int, code);
    SecretBuffer seed = seedFrom(26);
    const auto signer = DeviceSigner::fromSeed(seed).value();
    Log log = buildLog(12, 4, signer);
    std::string deviceId = "kiosk-b";
    std::vector<std::uint8_t> certificate;
    switch (variant) {
    case 0:
        log.entries.clear();
        break;
    case 1:
        log.checkpoints.pop_back();
        break;
    case 2:
        deviceId = "kiosk b";
        break;
    case 3:
        deviceId.clear();
        break;
    case 4:
        seed = SecretBuffer::create(16).value();
        break;
    case 5:
        certificate.assign(kMaxDeviceCertificateBytes + 1, 0x30);
        break;
    case 6:
        log.entries[5].detail = "n=changed";
        break;
    case 7:
        log.entries.erase(log.entries.begin() + 5);
        break;
    case 8:
        log = buildLog(12, 4, DeviceSigner::fromSeed(seedFrom(99)).value());
        break;
    case 9:
        log.entries[5].detail = "1234-5678-9018";
        rechain(log.entries, 5, headOf(log.entries[4]));
        log.checkpoints = {signCheckpoint(signer, headOf(log.entries.back()), 9, 0)};
        break;
    case 10:
        log.entries[0].prevHash.fill(1);
        rechain(log.entries, 0, ChainHead{0, log.entries[0].prevHash});
        log.checkpoints = {signCheckpoint(signer, headOf(log.entries.back()), 9, 0)};
        break;
    default:
        QFAIL("unknown variant");
    }
    const auto exported = exportBundle(log.entries, log.checkpoints, deviceId, seed, kCreated, certificate);
    QVERIFY(!exported.ok());
    QCOMPARE(int(exported.code()), code);
}

void TestAuditBundle::signedButDamaged_data()
{
    // Bundles written to the documented layout and signed by the device key, as a faulty or
    // compromised exporter could: the chain checks still name the damage.
    QTest::addColumn<int>("variant");
    QTest::addColumn<int>("kind");
    QTest::addColumn<qulonglong>("sequence");
    QTest::newRow("entry content changed") << 0 << int(DamageKind::ModifiedEntry) << 4ull;
    QTest::newRow("entry deleted, range shortened") << 1 << int(DamageKind::BrokenLink) << 4ull;
    QTest::newRow("checkpoint beyond the last entry") << 2 << int(DamageKind::Truncated) << 13ull;
    QTest::newRow("no checkpoint on the last entry") << 3 << int(DamageKind::MissingCheckpoint) << 9ull;
    QTest::newRow("number in a rechained entry") << 4 << int(DamageKind::ForbiddenContent) << 6ull;
    QTest::newRow("checkpoint by another key") << 5 << int(DamageKind::BadCheckpointSignature) << 8ull;
    QTest::newRow("rewritten chain with the old checkpoints") << 6 << int(DamageKind::Forked) << 8ull;
    QTest::newRow("checkpoint counters decrease") << 7 << int(DamageKind::CounterRollback) << 8ull;
    QTest::newRow("entries swapped") << 8 << int(DamageKind::Reordered) << 3ull;
    QTest::newRow("entry duplicated, range extended") << 9 << int(DamageKind::DuplicateSequence) << 5ull;
}

void TestAuditBundle::signedButDamaged()
{
    QFETCH(int, variant);
    QFETCH(int, kind);
    QFETCH(qulonglong, sequence);
    const auto signer = DeviceSigner::fromSeed(seedFrom(27)).value();
    const auto other = DeviceSigner::fromSeed(seedFrom(127)).value();
    const Log log = buildLog(12, 4, signer); // checkpoints at 4, 8, 12 (counters 1-3)
    Parts p = partsOf(log);
    QCOMPARE(verifyBundle(writeBundle(p, signer), signer.publicKey()).report.kind, DamageKind::None);
    auto& e = p.entries;
    auto& c = p.checkpoints;
    switch (variant) {
    case 0:
        e[3].detail = "n=other";
        break;
    case 1:
        e.erase(e.begin() + 3);
        break;
    case 2:
        c.push_back(signCheckpoint(signer, {13, e.back().hash}, 4, 0));
        break;
    case 3:
        e.resize(9);
        c.resize(2);
        break;
    case 4:
        e[5].detail = "１２３４５６７８９０１８";
        rechain(e, 5, headOf(e[4]));
        c = {c[0], signCheckpoint(signer, headOf(e[7]), 2, 0), signCheckpoint(signer, headOf(e[11]), 3, 0)};
        break;
    case 5:
        c[1] = signCheckpoint(other, {c[1].sequence, c[1].headHash}, c[1].counter, c[1].timeMs);
        break;
    case 6:
        e[5].detail = "n=rewritten";
        rechain(e, 5, headOf(e[4]));
        break;
    case 7:
        c[1] = signCheckpoint(signer, {c[1].sequence, c[1].headHash}, 0, c[1].timeMs);
        break;
    case 8:
        std::swap(e[2], e[6]);
        break;
    case 9:
        e.insert(e.begin() + 4, e[3]);
        break;
    default:
        QFAIL("unknown variant");
    }
    const BundleVerification v = verifyBundle(writeBundle(p, signer), signer.publicKey());
    QVERIFY(v.parsed);
    QCOMPARE(int(v.report.kind), kind);
    QCOMPARE(v.report.sequence, std::uint64_t(sequence));
}

void TestAuditBundle::hostileHeaders_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const auto header = [](std::uint64_t first, std::uint64_t last, std::uint32_t certificate, std::uint32_t count) {
        std::vector<std::uint8_t> out;
        putText(out, "MAMORI-AUDIT-BUNDLE-1");
        putBigEndian(out, std::uint16_t(7));
        putText(out, "kiosk-b");
        out.resize(out.size() + kPublicKeyBytes, 0x11);
        putBigEndian(out, first);
        putBigEndian(out, last);
        out.resize(out.size() + kAuditHashBytes, 0);
        putBigEndian(out, std::int64_t(0));
        putBigEndian(out, certificate);
        putBigEndian(out, count);
        out.resize(out.size() + 600, 0); // far too little for what the header claims
        return QByteArray(reinterpret_cast<const char*>(out.data()), qsizetype(out.size()));
    };
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("another format") << QByteArray("MAMORI-AUDIT-1 not a bundle");
    QTest::newRow("unknown version") << QByteArray("MAMORI-AUDIT-BUNDLE-9").append(QByteArray(200, '\0'));
    QTest::newRow("four billion entries claimed") << header(1, 0xffffffffull, 0, 0xffffffffu);
    QTest::newRow("two million entries in a small file") << header(1, 2000000, 0, 2000000);
    QTest::newRow("entry count over the limit")
        << header(1, kMaxBundleEntries + 1, 0, std::uint32_t(kMaxBundleEntries + 1));
    QTest::newRow("four gigabyte certificate claimed") << header(1, 1, 0xffffffffu, 1);
    QTest::newRow("certificate just over its limit") << header(1, 1, std::uint32_t(kMaxDeviceCertificateBytes + 1), 1);
    QTest::newRow("zero entries") << header(1, 0, 0, 0);
    QTest::newRow("range disagrees with the count") << header(1, 5, 0, 2);
    QTest::newRow("sequence zero") << header(0, 0, 0, 1);
    QTest::newRow("range wraps around") << header(0xfffffffffffffff0ull, 5, 0, 1);
}

void TestAuditBundle::hostileHeaders()
{
    QFETCH(QByteArray, bytes);
    const std::span<const std::uint8_t> span(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                                             std::size_t(bytes.size()));
    const BundleVerification v = verifyBundle(span, std::nullopt);
    QVERIFY(!v.parsed);
    QCOMPARE(v.report.kind, DamageKind::Malformed);
    QVERIFY(!v.report.detail.empty());
    QCOMPARE(parseBundle(span).code(), ErrorCode::StorageCorrupt);
}

void TestAuditBundle::policyOptionsApply()
{
    const SecretBuffer seed = seedFrom(28);
    const auto signer = DeviceSigner::fromSeed(seed).value();
    const Log log = buildLog(12, 4, signer);
    const auto bytes = exportBundle(log.entries, log.checkpoints, "kiosk-b", seed, kCreated).value();

    BundleVerifyOptions counter;
    counter.minimumCounter = 3;
    QCOMPARE(verifyBundle(bytes, signer.publicKey(), counter).report.kind, DamageKind::None);
    counter.minimumCounter = 4; // the TPM counter moved on: this is an old copy
    const BundleVerification old = verifyBundle(bytes, signer.publicKey(), counter);
    QCOMPARE(old.report.kind, DamageKind::RolledBack);
    QCOMPARE(old.report.sequence, std::uint64_t(12));

    BundleVerifyOptions bound;
    bound.maxEntriesWithoutCheckpoint = 4;
    QCOMPARE(verifyBundle(bytes, signer.publicKey(), bound).report.kind, DamageKind::None);
    bound.maxEntriesWithoutCheckpoint = 3;
    const BundleVerification sparse = verifyBundle(bytes, signer.publicKey(), bound);
    QCOMPARE(sparse.report.kind, DamageKind::MissingCheckpoint);
    QCOMPARE(sparse.report.sequence, std::uint64_t(4));

    // Single-threaded and parallel verification agree.
    BundleVerifyOptions single;
    single.threads = 1;
    QCOMPARE(verifyBundle(bytes, signer.publicKey(), single).report.kind, DamageKind::None);
}

void TestAuditBundle::largeBundleVerifiesInParallel()
{
    // Above kParallelVerifyThreshold entries, records are decoded and hashed on several threads.
    const SecretBuffer seed = seedFrom(29);
    const auto signer = DeviceSigner::fromSeed(seed).value();
    const std::size_t n = kParallelVerifyThreshold + 500;
    const Log log = buildLog(n, 1000, signer);
    auto bytes = exportBundle(log.entries, log.checkpoints, "kiosk-b", seed, kCreated).value();
    for (unsigned threads : {1u, 2u, 4u}) {
        BundleVerifyOptions options;
        options.threads = threads;
        const BundleVerification v = verifyBundle(bytes, signer.publicKey(), options);
        QCOMPARE(v.report.kind, DamageKind::None);
        QCOMPARE(v.report.entriesVerified, std::uint64_t(n));
        QVERIFY(v.bundle.entries == log.entries);
    }
    // An entry's content changed in the middle of the file (the signature covers the stored hashes,
    // not the content): ModifiedEntry at the same place on any number of threads.
    {
        auto changed = bytes;
        const auto middle = changed.begin() + static_cast<std::ptrdiff_t>(changed.size() / 2);
        const auto magic = std::search(middle, changed.end(), kAuditEntryMagic.begin(), kAuditEntryMagic.end());
        QVERIFY(magic != changed.end());
        // The last byte of the Time value: magic, the Sequence field (3 + 8), the Time header (3).
        *(magic + static_cast<std::ptrdiff_t>(kAuditEntryMagic.size() + 3 + 8 + 3 + 7)) ^= 0x01;
        std::vector<VerifyReport> reports;
        for (unsigned threads : {1u, 2u, 4u}) {
            BundleVerifyOptions options;
            options.threads = threads;
            reports.push_back(verifyBundle(changed, signer.publicKey(), options).report);
        }
        QCOMPARE(reports[0].kind, DamageKind::ModifiedEntry);
        QVERIFY(reports[0].entryIndex > kParallelVerifyThreshold / 2 && reports[0].entryIndex < n);
        for (const VerifyReport& report : reports) {
            QCOMPARE(report.kind, reports[0].kind);
            QCOMPARE(report.entryIndex, reports[0].entryIndex);
            QCOMPARE(report.provenThrough, reports[0].provenThrough);
        }
    }
    // A damaged record late in the file is found, and named, the same way on any number of threads.
    const auto offset = bytes.size() - 64 - 4 - log.checkpoints.size() * kCheckpointRecordBytes - 400;
    bytes[offset] ^= 0x01;
    BundleVerifyOptions one;
    one.threads = 1;
    BundleVerifyOptions many;
    many.threads = 4;
    const BundleVerification a = verifyBundle(bytes, signer.publicKey(), one);
    const BundleVerification b = verifyBundle(bytes, signer.publicKey(), many);
    QVERIFY(!a.report.clean());
    QCOMPARE(a.report.kind, b.report.kind);
    QCOMPARE(a.report.sequence, b.report.sequence);
    QVERIFY(a.report.detail == b.report.detail);
}

QTEST_GUILESS_MAIN(TestAuditBundle)
#include "tst_audit_bundle.moc"
