// SPDX-License-Identifier: GPL-3.0-or-later
// Tests of the audit entry encoding, the hash chain, checkpoints and chain verification
// (services/vault/audit_entry.h, audit_chain.h; format in services/vault/AUDIT_FORMAT.md).
//
// Every number used here is synthetic. Failures compare codes, booleans, enum values and sizes
// only; no entry text, hash or number is ever printed, so nothing can reach the test output.

#include "services/vault/audit_chain.h"
#include "services/vault/audit_entry.h"

#include <QTest>

#include <sodium.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace mamori;
using namespace mamori::vault;

namespace {

std::string toHex(std::span<const std::uint8_t> bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (std::uint8_t b : bytes) {
        out += kDigits[b >> 4];
        out += kDigits[b & 0x0f];
    }
    return out;
}

std::vector<std::uint8_t> fromHex(std::string_view hex)
{
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(std::uint8_t(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

SecretBuffer seedFrom(std::uint8_t first)
{
    std::array<std::uint8_t, 32> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = std::uint8_t(first + i);
    return SecretBuffer::copyOf(bytes).value();
}

constexpr std::string_view kCardA = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2";
constexpr std::string_view kCardB = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
constexpr std::string_view kSubject = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

// The entry of the known-answer test in AUDIT_FORMAT.md.
AuditEntry katEntry()
{
    AuditEntry e;
    e.sequence = 1;
    e.timeMs = 1700000000000;
    e.deviceId = "kiosk-01";
    e.actor = kCardA;
    e.role = AuditRole::Clerk;
    e.action = AuditAction::Reveal;
    e.subjectId = kSubject;
    e.employeeCode = "E1024";
    e.purpose = "withholding";
    e.result = "ok";
    e.detail = "fields=1";
    e.cardSignature = {0xde, 0xad, 0xbe, 0xef};
    return e;
}

// The HashInput encoding of katEntry(), field by field (AUDIT_FORMAT.md, "Worked example").
constexpr std::string_view kKatHashInput = "4d414d4f52492d41554449542d31" // magic "MAMORI-AUDIT-1"
                                           "0100080000000000000001"       // 1 sequence = 1
                                           "0200080000018bcfe56800"       // 2 time
                                           "0300086b696f736b2d3031"       // 3 device "kiosk-01"
                                           "040040"                       // 4 actor, 64 bytes:
                                           "6131623263336434653566366137623863396430653166326133623463356436"
                                           "6537663861396230633164326533663461356236633764386539663061316232"
                                           "050005636c65726b"   // 5 role "clerk"
                                           "06000672657665616c" // 6 action "reveal"
                                           "070020"             // 7 subject, 32 bytes:
                                           "3066316532643363346235613639373838373936613562346333643265316630"
                                           "0800054531303234"             // 8 employee "E1024"
                                           "09000b77697468686f6c64696e67" // 9 purpose "withholding"
                                           "0a00026f6b"                   // 10 result "ok"
                                           "0b00086669656c64733d31"       // 11 detail "fields=1"
                                           "0c0004deadbeef"               // 12 card signature
                                           "0d0000"                       // 13 second signature (none)
                                           "0e0020"                       // 14 previous hash, 32 zero bytes:
                                           "0000000000000000000000000000000000000000000000000000000000000000";

// Computed independently (Python hashlib.blake2b, coreutils b2sum -l 256, OpenSSL Ed25519).
constexpr std::string_view kKatHash = "b81d18583c6603d6ffbf6a9e7412316484a8ea4e58efc4ca2c5eb9bd01e07823";
// Ed25519 public key of the seed 00 01 02 ... 1f, and its signature over the KAT checkpoint.
constexpr std::string_view kKatPublicKey = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
constexpr std::string_view kKatCheckpointSignature = "dd200bf7217e3b8f3a9a59837ba137cf390a9629fb0feb0256698a465a6cdce4"
                                                     "7f0afd835b90e920c57a62d553dabaa96621954ff3377ebee4d30c911712af09";

// A valid draft whose content varies with i.
AuditEntry draft(std::size_t i)
{
    AuditEntry e;
    e.timeMs = 1700000000000 + std::int64_t(i) * 1000;
    e.deviceId = "kiosk-a";
    const auto actions = allAuditActions();
    e.action = actions[i % actions.size()];
    if (i % 4 == 3) {
        e.actor = std::string(kSystemActor);
        e.role = AuditRole::System;
    } else {
        e.actor = i % 2 ? kCardA : kCardB;
        e.role = i % 2 ? AuditRole::Clerk : AuditRole::Officer;
        e.subjectId = kSubject;
        e.employeeCode = "E-" + std::string(1, char('a' + i % 26));
        e.purpose = "withholding";
    }
    e.result = i % 5 == 4 ? auditResultRefused(ErrorCode::PermissionDenied) : auditResultOk();
    e.detail = "count=" + std::to_string(i % 97);
    if (i % 3 == 0)
        e.cardSignature.assign(64 + i % 7, std::uint8_t(i));
    if (i % 6 == 0)
        e.secondSignature.assign(72, std::uint8_t(i + 1));
    return e;
}

struct Log {
    std::vector<AuditEntry> entries;
    std::vector<Checkpoint> checkpoints;
};

// n entries; a checkpoint after every `every` entries (0: none), counters 1, 2, 3, ...
Log buildLog(std::size_t n, std::size_t every, const DeviceSigner& signer, bool finalCheckpoint = false)
{
    Log log;
    ChainHead head = kGenesisHead;
    std::uint64_t counter = 0;
    std::uint64_t since = 0;
    for (std::size_t i = 0; i < n; ++i) {
        auto next = makeNext(head, draft(i));
        if (!next.ok())
            qFatal("makeNext failed on a valid draft");
        log.entries.push_back(std::move(next).value());
        head = headOf(log.entries.back());
        ++since;
        if (shouldCheckpoint(since, 0, every, 0) || (finalCheckpoint && i + 1 == n)) {
            log.checkpoints.push_back(signCheckpoint(signer, head, ++counter, log.entries.back().timeMs));
            since = 0;
        }
    }
    return log;
}

// Recomputes sequence, prevHash and hash from `from` on, as a forger without the key would (and
// without the field rules that makeNext() applies).
void rechain(std::vector<AuditEntry>& entries, std::size_t from, ChainHead head)
{
    for (std::size_t i = from; i < entries.size(); ++i) {
        entries[i].sequence = head.sequence + 1;
        entries[i].prevHash = head.hash;
        entries[i].hash = computeEntryHash(entries[i]).value();
        head = headOf(entries[i]);
    }
}

void rehashOnly(AuditEntry& entry) { entry.hash = computeEntryHash(entry).value(); }

int kindOf(const VerifyReport& report) { return int(report.kind); }

int indexOrMinusOne(std::size_t index) { return index == VerifyReport::kNoIndex ? -1 : int(index); }

bool equalsBytes(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) { return a == b; }

enum class Field {
    Sequence,
    Time,
    Device,
    Actor,
    Role,
    Action,
    Subject,
    Employee,
    Purpose,
    Result,
    Detail,
    CardSignature,
    SecondSignature,
    PrevHash,
    Hash,
};

void mutateField(AuditEntry& e, Field field)
{
    switch (field) {
    case Field::Sequence:
        e.sequence ^= 1u << 20;
        break;
    case Field::Time:
        e.timeMs ^= 1;
        break;
    case Field::Device:
        e.deviceId[0] ^= 0x01;
        break;
    case Field::Actor:
        e.actor = e.actor == kCardA ? std::string(kCardB) : std::string(kCardA);
        break;
    case Field::Role:
        e.role = e.role == AuditRole::Admin ? AuditRole::Officer : AuditRole::Admin;
        break;
    case Field::Action:
        e.action = e.action == AuditAction::Export ? AuditAction::View : AuditAction::Export;
        break;
    case Field::Subject:
        e.subjectId = e.subjectId.empty() ? std::string(kSubject) : std::string();
        break;
    case Field::Employee:
        e.employeeCode += "x";
        break;
    case Field::Purpose:
        e.purpose = e.purpose == "marketing" ? "payroll" : "marketing";
        break;
    case Field::Result:
        e.result = e.result == "ok" ? "failed:1" : "ok";
        break;
    case Field::Detail:
        e.detail.back() ^= 0x01;
        break;
    case Field::CardSignature:
        if (e.cardSignature.empty())
            e.cardSignature.push_back(0);
        else
            e.cardSignature.back() ^= 0x80;
        break;
    case Field::SecondSignature:
        if (e.secondSignature.empty())
            e.secondSignature.push_back(0);
        else
            e.secondSignature.front() ^= 0x01;
        break;
    case Field::PrevHash:
        e.prevHash[31] ^= 0x01;
        break;
    case Field::Hash:
        e.hash[0] ^= 0x01;
        break;
    }
}

} // namespace

class TestAuditChain : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    // Encoding
    void entryKnownAnswer();
    void roundTrip_data();
    void roundTrip();
    void decodeRejects_data();
    void decodeRejects();
    void decodeRefusesEveryTruncation();
    void everyFlippedByteIsNoticed();

    // Field rules
    void actionAndRoleLists();
    void validateRules_data();
    void validateRules();
    void numberRefused_data();
    void numberRefused();
    void identifiersHoldNoNumber_data();
    void identifiersHoldNoNumber();
    void identifierDigitRunsAreChance();
    void nearMissesAccepted_data();
    void nearMissesAccepted();
    void identifierScanReadsWholeRuns();
    void resultHelpers();

    // Chain and checkpoints
    void makeNextChains();
    void checkpointKnownAnswer();
    void checkpointSignAndVerify();
    void checkpointRecordRoundTrip();
    void shouldCheckpointPolicy_data();
    void shouldCheckpointPolicy();

    // Verification
    void cleanChainsVerify_data();
    void cleanChainsVerify();
    void incrementalRangeVerifies();
    void modifiedFieldDetected_data();
    void modifiedFieldDetected();
    void tamperDetected_data();
    void tamperDetected();
    void streamingMatchesSpan();
    void parallelVerificationAgrees_data();
    void parallelVerificationAgrees();
    void damageKindNames();
};

void TestAuditChain::initTestCase() { QVERIFY(initSodium().ok()); }

void TestAuditChain::entryKnownAnswer()
{
    const AuditEntry entry = katEntry();
    const auto hashInput = encodeEntry(entry, EntryEncoding::HashInput);
    QVERIFY(hashInput.ok());
    QVERIFY(toHex(hashInput.value()) == kKatHashInput);

    const auto hash = computeEntryHash(entry);
    QVERIFY(hash.ok());
    QVERIFY(toHex(hash.value()) == kKatHash);
    // Independently: BLAKE2b-256 of the documented bytes.
    AuditHash direct{};
    const auto documented = fromHex(kKatHashInput);
    crypto_generichash(direct.data(), direct.size(), documented.data(), documented.size(), nullptr, 0);
    QVERIFY(direct == hash.value());

    AuditEntry full = entry;
    full.hash = hash.value();
    const auto encoded = encodeEntry(full);
    QVERIFY(encoded.ok());
    QCOMPARE(encoded.value().size(), documented.size() + kEntryHashFieldBytes);
    QVERIFY(std::equal(documented.begin(), documented.end(), encoded.value().begin()));
    const auto decoded = decodeEntry(encoded.value());
    QVERIFY(decoded.ok());
    QVERIFY(decoded.value() == full);
    QVERIFY(validateEntry(entry).ok());
}

void TestAuditChain::roundTrip_data()
{
    QTest::addColumn<int>("variant");
    QTest::newRow("system entry, empty optional fields") << 0;
    QTest::newRow("card entry with signatures") << 1;
    QTest::newRow("every field at its limit") << 2;
    QTest::newRow("Japanese detail and employee code") << 3;
    QTest::newRow("refused result, negative-looking bits in time") << 4;
    QTest::newRow("largest sequence") << 5;
}

void TestAuditChain::roundTrip()
{
    QFETCH(int, variant);
    AuditEntry e = draft(3); // a system entry
    switch (variant) {
    case 1:
        e = draft(6);
        break;
    case 2:
        e = draft(6);
        e.deviceId = std::string(kMaxDeviceIdBytes, 'd');
        e.employeeCode = std::string(kMaxEmployeeCodeBytes, 'e');
        e.purpose = std::string(kMaxPurposeBytes, 'p');
        e.result = "refused:65535";
        e.detail = std::string(kMaxDetailBytes, 'x');
        e.cardSignature.assign(kMaxSignatureBytes, 0xa5);
        e.secondSignature.assign(kMaxSignatureBytes, 0x5a);
        e.action = AuditAction::DisposalExecute;
        e.role = AuditRole::Provisioner;
        break;
    case 3:
        e = draft(1);
        e.employeeCode = "社員ア";
        e.detail = "件数=3、部署：経理";
        break;
    case 4:
        e = draft(4);
        e.timeMs = std::numeric_limits<std::int64_t>::max();
        break;
    case 5:
        e = draft(2);
        break;
    default:
        break;
    }
    QVERIFY(validateEntry(e).ok());
    e.sequence = variant == 5 ? std::numeric_limits<std::uint64_t>::max() : 42;
    e.prevHash.fill(0x11);
    e.hash = computeEntryHash(e).value();

    const auto full = encodeEntry(e);
    const auto input = encodeEntry(e, EntryEncoding::HashInput);
    QVERIFY(full.ok() && input.ok());
    QVERIFY(full.value().size() <= kMaxEncodedEntryBytes);
    QVERIFY(full.value().size() >= kMinEncodedEntryBytes);
    QCOMPARE(full.value().size(), input.value().size() + kEntryHashFieldBytes);
    QVERIFY(std::equal(input.value().begin(), input.value().end(), full.value().begin()));
    if (variant == 2)
        QCOMPARE(full.value().size(), kMaxEncodedEntryBytes);
    const auto decoded = decodeEntry(full.value());
    QVERIFY(decoded.ok());
    QVERIFY(decoded.value() == e);
    // Canonical: re-encoding the decoded entry gives the same bytes.
    QVERIFY(equalsBytes(encodeEntry(decoded.value()).value(), full.value()));
}

void TestAuditChain::decodeRejects_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("code");
    const int corrupt = int(ErrorCode::StorageCorrupt);

    AuditEntry e = katEntry();
    e.hash = computeEntryHash(e).value();
    const auto good = encodeEntry(e).value();
    const auto asBytes = [](const std::vector<std::uint8_t>& v) {
        return QByteArray(reinterpret_cast<const char*>(v.data()), qsizetype(v.size()));
    };
    const QByteArray base = asBytes(good);
    // Offsets in the KAT encoding (AUDIT_FORMAT.md): magic 0-13, sequence field 14, time 25,
    // device 36 (length 8), actor 47, role 114, action 122.
    QTest::newRow("empty input") << QByteArray() << corrupt;
    QTest::newRow("wrong magic") << QByteArray(base).replace(0, 6, "NOTAUD") << corrupt;
    QTest::newRow("unknown version") << QByteArray(base).replace(13, 1, "2") << corrupt;
    QTest::newRow("one trailing byte") << QByteArray(base).append('\0') << corrupt;
    QTest::newRow("hash field missing") << asBytes(encodeEntry(e, EntryEncoding::HashInput).value()) << corrupt;
    {
        QByteArray b = base;
        b[14] = 2; // sequence field carrying the time tag
        QTest::newRow("wrong tag") << b << corrupt;
    }
    {
        QByteArray b = base;
        b[16] = 7; // sequence length 7 instead of 8
        QTest::newRow("fixed field with wrong length") << b << corrupt;
    }
    {
        QByteArray b = base;
        b[37] = char(0xff); // device length 0xff08 > 64
        QTest::newRow("field length over its limit") << b << corrupt;
    }
    {
        QByteArray b = base;
        b[38] = 0; // device length 0
        QTest::newRow("empty device id") << b << corrupt;
    }
    {
        QByteArray b = base;
        b[117] = 'C'; // "clerk" -> "Clerk"
        QTest::newRow("role outside the list") << b << corrupt;
    }
    {
        QByteArray b = base;
        b[127] = 'V'; // "reveal" -> "reVeal"
        QTest::newRow("action outside the list") << b << corrupt;
    }
    {
        QByteArray b = base;
        b[24] = 0; // sequence 0
        QTest::newRow("sequence zero") << b << corrupt;
    }
    {
        QByteArray b = base;
        b[50] = 'A'; // uppercase hex in the actor
        QTest::newRow("uppercase card id") << b << corrupt;
    }
    {
        AuditEntry bad = e;
        bad.detail = "ok";
        auto bytes = encodeEntry(bad).value();
        // Overwrite "ok" with an invalid UTF-8 pair; lengths stay the same.
        const auto at = std::search(bytes.begin(), bytes.end(), bad.detail.begin(), bad.detail.end());
        at[0] = 0xc3;
        at[1] = 0x28;
        QTest::newRow("invalid UTF-8 in detail") << asBytes(bytes) << corrupt;
    }
    QTest::newRow("over the size limit") << QByteArray(int(kMaxEncodedEntryBytes) + 1, 'A') << int(ErrorCode::TooLarge);
}

void TestAuditChain::decodeRejects()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, code);
    const auto decoded =
        decodeEntry(std::span(reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size())));
    QVERIFY(!decoded.ok());
    QCOMPARE(int(decoded.code()), code);
}

void TestAuditChain::decodeRefusesEveryTruncation()
{
    AuditEntry e = draft(6);
    e.sequence = 9;
    e.hash = computeEntryHash(e).value();
    const auto bytes = encodeEntry(e).value();
    for (std::size_t size = 0; size < bytes.size(); ++size)
        QVERIFY(!decodeEntry(std::span(bytes).first(size)).ok());
    QVERIFY(decodeEntry(bytes).ok());
}

void TestAuditChain::everyFlippedByteIsNoticed()
{
    AuditEntry e = draft(6);
    e.sequence = 5;
    e.prevHash.fill(0x42);
    e.hash = computeEntryHash(e).value();
    const auto bytes = encodeEntry(e).value();
    int refusedByParser = 0;
    int caughtByHash = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        for (std::uint8_t mask : {std::uint8_t(0x01), std::uint8_t(0x80), std::uint8_t(0xff)}) {
            auto flipped = bytes;
            flipped[i] ^= mask;
            const auto decoded = decodeEntry(flipped);
            if (!decoded.ok()) {
                ++refusedByParser;
                continue;
            }
            // Parsed: then the stored hash no longer matches the content.
            QVERIFY(computeEntryHash(decoded.value()).value() != decoded.value().hash);
            ++caughtByHash;
        }
    }
    QCOMPARE(refusedByParser + caughtByHash, int(bytes.size() * 3));
    QVERIFY(caughtByHash > 0 && refusedByParser > 0);
}

void TestAuditChain::actionAndRoleLists()
{
    const auto actions = allAuditActions();
    QCOMPARE(actions.size(), std::size_t(29));
    std::set<std::string_view> names;
    for (AuditAction action : actions) {
        const std::string_view name = actionName(action);
        QVERIFY(!name.empty());
        QVERIFY(name.size() <= kMaxActionNameBytes);
        QVERIFY(std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }));
        QVERIFY(parseAction(name) == action);
        names.insert(name);
    }
    QCOMPARE(names.size(), actions.size());
    for (const char* required : {"login",
                                 "login_failed",
                                 "logout",
                                 "lock",
                                 "list",
                                 "search",
                                 "view",
                                 "reveal",
                                 "register",
                                 "edit",
                                 "import",
                                 "export",
                                 "provide",
                                 "disposal_request",
                                 "disposal_approve",
                                 "disposal_execute",
                                 "backup",
                                 "restore",
                                 "enrol",
                                 "revoke",
                                 "config",
                                 "maintenance",
                                 "alert",
                                 "checkpoint",
                                 "export_request",
                                 "export_approve"})
        QVERIFY(parseAction(required).has_value());
    QVERIFY(!parseAction("Login").has_value());
    QVERIFY(!parseAction("").has_value());
    QVERIFY(!parseAction("login ").has_value());
    QVERIFY(actionName(AuditAction(200)).empty());

    const auto roles = allAuditRoles();
    QCOMPARE(roles.size(), std::size_t(5));
    for (const char* required : {"clerk", "officer", "admin", "provisioner", "system"})
        QVERIFY(parseRole(required).has_value() && roleName(*parseRole(required)) == required);
    QVERIFY(!parseRole("root").has_value());
    QVERIFY(roleName(AuditRole(99)).empty());
}

void TestAuditChain::validateRules_data()
{
    QTest::addColumn<int>("rule");
    QTest::addColumn<int>("code");
    const int invalid = int(ErrorCode::InvalidArgument);
    const int tooLarge = int(ErrorCode::TooLarge);
    const int utf8 = int(ErrorCode::InvalidUtf8);
    QTest::newRow("negative time") << 0 << invalid;
    QTest::newRow("empty device id") << 1 << invalid;
    QTest::newRow("device id with a space") << 2 << invalid;
    QTest::newRow("device id over its limit") << 3 << tooLarge;
    QTest::newRow("actor neither system nor a card id") << 4 << invalid;
    QTest::newRow("card id in uppercase") << 5 << invalid;
    QTest::newRow("card id one character short") << 6 << invalid;
    QTest::newRow("actor over its limit") << 7 << tooLarge;
    QTest::newRow("system actor in the clerk role") << 8 << invalid;
    QTest::newRow("role outside the list") << 9 << invalid;
    QTest::newRow("action outside the list") << 10 << invalid;
    QTest::newRow("subject id not hex") << 11 << invalid;
    QTest::newRow("subject id over its limit") << 12 << tooLarge;
    QTest::newRow("employee code over its limit") << 13 << tooLarge;
    QTest::newRow("employee code with a newline") << 14 << invalid;
    QTest::newRow("purpose with a space") << 15 << invalid;
    QTest::newRow("purpose over its limit") << 16 << tooLarge;
    QTest::newRow("result free text") << 17 << invalid;
    QTest::newRow("result refused without code") << 18 << invalid;
    QTest::newRow("result code zero") << 19 << invalid;
    QTest::newRow("result code with leading zero") << 20 << invalid;
    QTest::newRow("result code above the range") << 21 << invalid;
    QTest::newRow("result over its limit") << 22 << tooLarge;
    QTest::newRow("detail over its limit") << 23 << tooLarge;
    QTest::newRow("detail with invalid UTF-8") << 24 << utf8;
    QTest::newRow("detail with a tab") << 25 << invalid;
    QTest::newRow("detail with a right-to-left override") << 26 << invalid;
    QTest::newRow("card signature over its limit") << 27 << tooLarge;
    QTest::newRow("second signature over its limit") << 28 << tooLarge;
    QTest::newRow("second signature without a card signature") << 29 << invalid;
    QTest::newRow("detail with a truncated UTF-8 sequence") << 30 << utf8;
}

void TestAuditChain::validateRules()
{
    QFETCH(int, rule);
    QFETCH(int, code);
    AuditEntry e = draft(6); // a card entry with both signatures
    QVERIFY(validateEntry(e).ok());
    switch (rule) {
    case 0:
        e.timeMs = -1;
        break;
    case 1:
        e.deviceId.clear();
        break;
    case 2:
        e.deviceId = "kiosk a";
        break;
    case 3:
        e.deviceId = std::string(kMaxDeviceIdBytes + 1, 'k');
        break;
    case 4:
        e.actor = "root";
        break;
    case 5:
        e.actor = std::string(64, 'A');
        break;
    case 6:
        e.actor = std::string(63, 'a');
        break;
    case 7:
        e.actor = std::string(65, 'a');
        break;
    case 8:
        e.actor = std::string(kSystemActor);
        e.role = AuditRole::Clerk;
        break;
    case 9:
        e.role = AuditRole(77);
        break;
    case 10:
        e.action = AuditAction(250);
        break;
    case 11:
        e.subjectId = std::string(32, 'g');
        break;
    case 12:
        e.subjectId = std::string(33, 'a');
        break;
    case 13:
        e.employeeCode = std::string(kMaxEmployeeCodeBytes + 1, 'e');
        break;
    case 14:
        e.employeeCode = "E\n1";
        break;
    case 15:
        e.purpose = "with holding";
        break;
    case 16:
        e.purpose = std::string(kMaxPurposeBytes + 1, 'p');
        break;
    case 17:
        e.result = "fine";
        break;
    case 18:
        e.result = "refused:";
        break;
    case 19:
        e.result = "failed:0";
        break;
    case 20:
        e.result = "refused:03";
        break;
    case 21:
        e.result = "refused:65536";
        break;
    case 22:
        e.result = "refused:123456";
        break;
    case 23:
        e.detail = std::string(kMaxDetailBytes + 1, 'd');
        break;
    case 24:
        e.detail = "bad \xff byte";
        break;
    case 25:
        e.detail = "a\tb";
        break;
    case 26:
        e.detail = "abc\u202edef";
        break;
    case 27:
        e.cardSignature.assign(kMaxSignatureBytes + 1, 1);
        break;
    case 28:
        e.secondSignature.assign(kMaxSignatureBytes + 1, 1);
        break;
    case 29:
        e.cardSignature.clear();
        break;
    case 30:
        e.detail = "cut \xe3\x81";
        break;
    default:
        QFAIL("unknown rule");
    }
    const Status status = validateEntry(e);
    QVERIFY(!status.ok());
    QCOMPARE(int(status.code()), code);
    // makeNext refuses the same draft with the same code, and nothing is produced.
    const auto next = makeNext(kGenesisHead, e);
    QVERIFY(!next.ok());
    QCOMPARE(int(next.code()), code);
    // The context names the rule, never the value.
    QVERIFY(!status.error().context().empty());
}

void TestAuditChain::numberRefused_data()
{
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("value");
    // Synthetic numbers with valid check digits: individual 123456789018 and 111111111118,
    // corporate 7000012050002.
    enum { Device, Employee = 3, Purpose, Detail };
    QTest::newRow("detail, plain digits") << int(Detail) << "123456789018";
    QTest::newRow("detail, inside a sentence") << int(Detail) << "checked 123456789018 today";
    QTest::newRow("detail, hyphen groups") << int(Detail) << "no. 1234-5678-9018";
    QTest::newRow("detail, space groups") << int(Detail) << "1234 5678 9018";
    QTest::newRow("detail, half-width prolonged sound marks") << int(Detail) << "1234ｰ5678ｰ9018";
    QTest::newRow("detail, full-width digits") << int(Detail) << "１２３４５６７８９０１８";
    QTest::newRow("detail, full-width with ideographic spaces") << int(Detail) << "１２３４　５６７８　９０１８";
    QTest::newRow("detail, mixed widths and dashes") << int(Detail) << "12３4‐56７8−9０18";
    QTest::newRow("detail, after a label") << int(Detail) << "個人番号:123456789018";
    QTest::newRow("detail, inside a longer digit run") << int(Detail) << "99123456789018";
    QTest::newRow("detail, all ones") << int(Detail) << "x=111111111118";
    QTest::newRow("detail, corporate") << int(Detail) << "法人 7000012050002";
    QTest::newRow("detail, corporate grouped") << int(Detail) << "7-0000-1205-0002";
    QTest::newRow("employee code, plain") << int(Employee) << "123456789018";
    QTest::newRow("employee code, hyphen groups") << int(Employee) << "1234-5678-9018";
    QTest::newRow("employee code, corporate") << int(Employee) << "7000012050002";
    QTest::newRow("purpose, embedded") << int(Purpose) << "p-123456789018";
    QTest::newRow("device id, embedded") << int(Device) << "kiosk-123456789018";
    QTest::newRow("device id, corporate") << int(Device) << "dev7000012050002x";
}

void TestAuditChain::numberRefused()
{
    QFETCH(int, field);
    QFETCH(QString, value);
    AuditEntry e = draft(1); // a card entry
    QVERIFY(validateEntry(e).ok());
    const std::string text = value.toStdString();
    switch (field) {
    case 0:
        e.deviceId = text;
        break;
    case 3:
        e.employeeCode = text;
        break;
    case 4:
        e.purpose = text;
        break;
    case 5:
        e.detail = text;
        break;
    default:
        QFAIL("unknown field");
    }
    // The format is fine: only the number scan refuses.
    QVERIFY(validateEntryFormat(e).ok());
    QVERIFY(entryContainsNumber(e));
    const Status status = validateEntry(e);
    QVERIFY(!status.ok());
    QCOMPARE(status.code(), ErrorCode::AuditWriteFailed);
    QVERIFY(!makeNext(kGenesisHead, e).ok());
    // Fail closed, and the refusal carries no digits of the value.
    QVERIFY(status.error().context().find("1234") == std::string::npos);
    QVERIFY(status.error().context().find("0000") == std::string::npos);
}

void TestAuditChain::identifiersHoldNoNumber_data()
{
    QTest::addColumn<bool>("actor");
    QTest::addColumn<QString>("value");
    for (bool actor : {true, false}) {
        const char* field = actor ? "card id" : "subject id";
        QTest::newRow((std::string(field) + ", plain digits").c_str()) << actor << "123456789018";
        QTest::newRow((std::string(field) + ", hyphen groups").c_str()) << actor << "1234-5678-9018";
        QTest::newRow((std::string(field) + ", full-width").c_str()) << actor << "１２３４５６７８９０１８";
        QTest::newRow((std::string(field) + ", corporate").c_str()) << actor << "7000012050002";
        QTest::newRow((std::string(field) + ", padded to length with spaces").c_str())
            << actor << QStringLiteral("123456789018").leftJustified(actor ? 64 : 32, QLatin1Char(' '));
        QTest::newRow((std::string(field) + ", padded with uppercase hex").c_str())
            << actor << QStringLiteral("123456789018").leftJustified(actor ? 64 : 32, QLatin1Char('F'));
    }
}

void TestAuditChain::identifiersHoldNoNumber()
{
    // A number, in any form, does not pass the identifiers' exact hex format.
    QFETCH(bool, actor);
    QFETCH(QString, value);
    AuditEntry e = draft(1);
    (actor ? e.actor : e.subjectId) = value.toStdString();
    const Status status = validateEntry(e);
    QVERIFY(!status.ok());
    QVERIFY(status.code() == ErrorCode::InvalidArgument || status.code() == ErrorCode::TooLarge);
    QVERIFY(!makeNext(kGenesisHead, e).ok());
}

void TestAuditChain::identifierDigitRunsAreChance()
{
    // Valid hex ids with a run of digits that happens to pass a check digit are accepted (a hash or
    // random id is nobody's number), but the identifier reading tells the vault so that it can
    // redraw a subject id.
    const std::string run = "123456789018";
    AuditEntry e = draft(1);
    e.actor = run + std::string(52, 'a');
    e.subjectId = std::string(20, 'b') + run;
    QVERIFY(validateEntry(e).ok());
    QVERIFY(!entryContainsNumber(e));
    QVERIFY(makeNext(kGenesisHead, e).ok());
    QVERIFY(containsNumber(e.actor, NumberScan::Identifier));
    QVERIFY(containsNumber(e.subjectId, NumberScan::Identifier));
    QVERIFY(!containsNumber(kSubject, NumberScan::Identifier));
}

void TestAuditChain::nearMissesAccepted_data()
{
    QTest::addColumn<QString>("detail");
    QTest::newRow("wrong check digit") << "123456789010";
    QTest::newRow("eleven digits") << "12345678901";
    QTest::newRow("corporate with wrong check digit") << "8000012050002";
    QTest::newRow("counts and codes") << "count=25 refused=3 page 4/12";
    QTest::newRow("date and time") << "2024-01-10 09:30";
    QTest::newRow("date and time with seconds") << "2024/01/10 09:30:15";
    QTest::newRow("digits split by letters") << "123456a789018";
    QTest::newRow("empty") << "";
}

void TestAuditChain::nearMissesAccepted()
{
    QFETCH(QString, detail);
    AuditEntry e = draft(1);
    e.detail = detail.toStdString();
    QVERIFY(validateEntry(e).ok());
    QVERIFY(!entryContainsNumber(e));
}

void TestAuditChain::identifierScanReadsWholeRuns()
{
    // Kept out of the QVERIFY expressions, which verbose test output prints.
    const std::string number = "123456789018";
    const std::string wrongCheckDigit = "123456789010";
    const std::string longerRun = "99" + number;
    const std::string grouped = "1234-5678-9018";
    // A valid number inside a longer digit run: text finds it, identifier reading does not.
    QVERIFY(containsNumber(longerRun, NumberScan::Text));
    QVERIFY(!containsNumber(longerRun, NumberScan::Identifier));
    // Separators join digits in text, not in identifiers.
    QVERIFY(containsNumber(grouped, NumberScan::Text));
    QVERIFY(!containsNumber(grouped, NumberScan::Identifier));
    QVERIFY(containsNumber("ab" + number + "cd", NumberScan::Identifier));
    QVERIFY(containsNumber(number, NumberScan::Identifier));
    QVERIFY(!containsNumber(wrongCheckDigit, NumberScan::Identifier));
    QVERIFY(!containsNumber(kCardA, NumberScan::Identifier));
    QVERIFY(!containsNumber(kCardB, NumberScan::Identifier));
    QVERIFY(!containsNumber("", NumberScan::Text));
    // Full-width digits in identifier reading (the general path).
    const std::string fullWidth = "ｘ１２３４５６７８９０１８ｘ";
    QVERIFY(containsNumber(fullWidth, NumberScan::Identifier));
    // Invalid UTF-8 breaks a group instead of hiding digits or crashing.
    QVERIFY(containsNumber("\xff" + number + "\xfe", NumberScan::Text));
    QVERIFY(!containsNumber(number.substr(0, 6) + "\xff" + number.substr(6), NumberScan::Text));
}

void TestAuditChain::resultHelpers()
{
    QVERIFY(auditResultOk() == "ok");
    QVERIFY(auditResultRefused(ErrorCode::PermissionDenied) == "refused:3");
    QVERIFY(auditResultFailed(ErrorCode::AuditWriteFailed) == "failed:400");
    AuditEntry e = draft(1);
    for (const std::string& result : {auditResultOk(), auditResultRefused(ErrorCode::CorporateNumberCheckDigit),
                                      auditResultFailed(ErrorCode::StorageIo)}) {
        e.result = result;
        QVERIFY(validateEntry(e).ok());
    }
}

void TestAuditChain::makeNextChains()
{
    AuditEntry bogus = draft(0);
    bogus.sequence = 77;
    bogus.prevHash.fill(9);
    bogus.hash.fill(9);
    const auto first = makeNext(nullptr, bogus);
    QVERIFY(first.ok());
    QCOMPARE(first.value().sequence, std::uint64_t(1));
    QVERIFY(first.value().prevHash == AuditHash{});
    QVERIFY(first.value().hash == computeEntryHash(first.value()).value());

    const auto second = makeNext(&first.value(), draft(1));
    QVERIFY(second.ok());
    QCOMPARE(second.value().sequence, std::uint64_t(2));
    QVERIFY(second.value().prevHash == first.value().hash);
    QVERIFY(second.value().hash != first.value().hash);

    // Same content, same position: same hash (deterministic); another position: another hash.
    QVERIFY(makeNext(headOf(first.value()), draft(1)).value().hash == second.value().hash);
    QVERIFY(makeNext(kGenesisHead, draft(1)).value().hash != second.value().hash);

    ChainHead last{std::numeric_limits<std::uint64_t>::max(), {}};
    QCOMPARE(makeNext(last, draft(1)).code(), ErrorCode::InvalidArgument);
}

void TestAuditChain::checkpointKnownAnswer()
{
    // Seed 00 01 02 ... 1f; checkpoint over the KAT entry (AUDIT_FORMAT.md).
    const SecretBuffer seed = seedFrom(0);
    const auto signer = DeviceSigner::fromSeed(seed);
    QVERIFY(signer.ok());
    QVERIFY(toHex(signer.value().publicKey()) == kKatPublicKey);
    QVERIFY(devicePublicKey(seed).value() == signer.value().publicKey());

    const ChainHead head{1, computeEntryHash(katEntry()).value()};
    const auto checkpoint = signCheckpoint(head, 7, 1700000000500, seed);
    QVERIFY(checkpoint.ok());
    const auto message = checkpointMessage(checkpoint.value());
    const std::string expectedMessage = std::string("4d414d4f52492d434845434b504f494e542d31") // magic
                                        + "0000000000000001"                                  // sequence
                                        + std::string(kKatHash)                               // head hash
                                        + "0000000000000007"                                  // counter
                                        + "0000018bcfe569f4";                                 // time
    QVERIFY(toHex(message) == expectedMessage);
    QVERIFY(toHex(checkpoint.value().signature) == kKatCheckpointSignature);
    QVERIFY(verifyCheckpoint(checkpoint.value(), signer.value().publicKey()));
}

void TestAuditChain::checkpointSignAndVerify()
{
    const SecretBuffer seed = seedFrom(10);
    const auto signer = DeviceSigner::fromSeed(seed).value();
    const auto other = DeviceSigner::fromSeed(seedFrom(99)).value();
    QVERIFY(signer.publicKey() != other.publicKey());

    AuditHash head{};
    head.fill(0x5c);
    const Checkpoint checkpoint = signCheckpoint(signer, {12, head}, 3, 1700000000000);
    QVERIFY(verifyCheckpoint(checkpoint, signer.publicKey()));
    QVERIFY(!verifyCheckpoint(checkpoint, other.publicKey()));
    QVERIFY(!verifyCheckpoint(checkpoint, PublicKey{}));

    // Every signed field is covered.
    for (int field = 0; field < 5; ++field) {
        Checkpoint changed = checkpoint;
        switch (field) {
        case 0:
            changed.sequence += 1;
            break;
        case 1:
            changed.headHash[7] ^= 1;
            break;
        case 2:
            changed.counter += 1;
            break;
        case 3:
            changed.timeMs -= 1;
            break;
        case 4:
            changed.signature[63] ^= 0x10;
            break;
        }
        QVERIFY(!verifyCheckpoint(changed, signer.publicKey()));
    }

    // The seed must be exactly 32 bytes.
    QCOMPARE(DeviceSigner::fromSeed(SecretBuffer::create(31).value()).code(), ErrorCode::InvalidArgument);
    QCOMPARE(signCheckpoint({1, head}, 1, 0, SecretBuffer::create(64).value()).code(), ErrorCode::InvalidArgument);
    QCOMPARE(devicePublicKey(SecretBuffer()).code(), ErrorCode::InvalidArgument);
}

void TestAuditChain::checkpointRecordRoundTrip()
{
    const auto signer = DeviceSigner::fromSeed(seedFrom(1)).value();
    AuditHash head{};
    head.fill(0xab);
    const Checkpoint checkpoint = signCheckpoint(signer, {500, head}, 41, -5);
    const auto record = encodeCheckpoint(checkpoint);
    QCOMPARE(record.size(), std::size_t(120));
    const auto decoded = decodeCheckpoint(record);
    QVERIFY(decoded.ok());
    QVERIFY(decoded.value() == checkpoint);
    QCOMPARE(decodeCheckpoint(std::span(record).first(119)).code(), ErrorCode::StorageCorrupt);
    std::vector<std::uint8_t> longer(record.begin(), record.end());
    longer.push_back(0);
    QCOMPARE(decodeCheckpoint(longer).code(), ErrorCode::StorageCorrupt);
}

void TestAuditChain::shouldCheckpointPolicy_data()
{
    QTest::addColumn<qulonglong>("since");
    QTest::addColumn<qlonglong>("ms");
    QTest::addColumn<qulonglong>("everyN");
    QTest::addColumn<qlonglong>("everyMs");
    QTest::addColumn<bool>("due");
    QTest::newRow("nothing new, long ago") << 0ull << 100000000ll << 10ull << 1000ll << false;
    QTest::newRow("below both triggers") << 9ull << 999ll << 10ull << 1000ll << false;
    QTest::newRow("count reached") << 10ull << 0ll << 10ull << 1000ll << true;
    QTest::newRow("count passed") << 11ull << 0ll << 10ull << 1000ll << true;
    QTest::newRow("time reached") << 1ull << 1000ll << 10ull << 1000ll << true;
    QTest::newRow("count trigger off") << 50ull << 10ll << 0ull << 1000ll << false;
    QTest::newRow("time trigger off") << 5ull << 100000ll << 10ull << 0ll << false;
    QTest::newRow("clock stepped back") << 5ull << -50000ll << 10ull << 1000ll << false;
    QTest::newRow("every entry") << 1ull << 0ll << 1ull << 0ll << true;
}

void TestAuditChain::shouldCheckpointPolicy()
{
    QFETCH(qulonglong, since);
    QFETCH(qlonglong, ms);
    QFETCH(qulonglong, everyN);
    QFETCH(qlonglong, everyMs);
    QFETCH(bool, due);
    QCOMPARE(shouldCheckpoint(since, ms, everyN, everyMs), due);
}

void TestAuditChain::cleanChainsVerify_data()
{
    QTest::addColumn<int>("entries");
    QTest::addColumn<int>("every");
    QTest::addColumn<bool>("finalCheckpoint");
    QTest::newRow("empty log") << 0 << 0 << false;
    QTest::newRow("empty log, checkpoint policy") << 0 << 5 << false;
    QTest::newRow("one entry, no checkpoint") << 1 << 0 << false;
    QTest::newRow("one entry, checkpointed") << 1 << 1 << false;
    QTest::newRow("two entries") << 2 << 0 << false;
    QTest::newRow("ten entries, checkpoint every three") << 10 << 3 << false;
    QTest::newRow("ten entries, every three, final") << 10 << 3 << true;
    QTest::newRow("hundred entries, every entry") << 100 << 1 << false;
    QTest::newRow("thousand entries, every hundred") << 1000 << 100 << false;
    QTest::newRow("thousand entries, every seven, final") << 1000 << 7 << true;
    QTest::newRow("thousand entries, no checkpoint") << 1000 << 0 << false;
}

void TestAuditChain::cleanChainsVerify()
{
    QFETCH(int, entries);
    QFETCH(int, every);
    QFETCH(bool, finalCheckpoint);
    const auto signer = DeviceSigner::fromSeed(seedFrom(3)).value();
    const Log log = buildLog(std::size_t(entries), std::size_t(every), signer, finalCheckpoint);

    const VerifyReport plain = verifyChain(log.entries, log.checkpoints, signer.publicKey());
    QCOMPARE(plain.kind, DamageKind::None);
    QCOMPARE(plain.entriesVerified, std::uint64_t(entries));
    QCOMPARE(plain.checkpointsVerified, std::uint64_t(log.checkpoints.size()));
    QCOMPARE(plain.head.sequence, std::uint64_t(entries));
    if (entries > 0)
        QVERIFY(plain.head == headOf(log.entries.back()));
    else
        QVERIFY(plain.head == kGenesisHead);
    QCOMPARE(plain.provenThrough, log.checkpoints.empty() ? 0 : log.checkpoints.back().sequence);
    QVERIFY(describe(plain).rfind("clean", 0) == 0);

    // The strictest options a writer following the same policy satisfies.
    VerifyOptions strict;
    if (every > 0)
        strict.maxEntriesWithoutCheckpoint = std::uint64_t(every);
    strict.requireFinalCheckpoint = finalCheckpoint || entries == 0 || (every > 0 && entries % every == 0);
    strict.minimumCounter = log.checkpoints.empty() ? std::uint64_t(0) : log.checkpoints.back().counter;
    strict.scanForNumbers = true;
    const VerifyReport strictReport = verifyChain(log.entries, log.checkpoints, signer.publicKey(), strict);
    QCOMPARE(strictReport.kind, DamageKind::None);
    QCOMPARE(strictReport.newestCounter.value_or(0), strict.minimumCounter.value());
}

void TestAuditChain::incrementalRangeVerifies()
{
    const auto signer = DeviceSigner::fromSeed(seedFrom(4)).value();
    const Log log = buildLog(40, 10, signer);
    // Entries 21..40 continue entry 20; checkpoints at 20 (the anchor), 30 and 40.
    const std::span<const AuditEntry> tail = std::span(log.entries).subspan(20);
    const std::span<const Checkpoint> checkpoints = std::span(log.checkpoints).subspan(1);
    VerifyOptions options;
    options.anchor = headOf(log.entries[19]);
    options.requireFinalCheckpoint = true;
    const VerifyReport report = verifyChain(tail, checkpoints, signer.publicKey(), options);
    QCOMPARE(report.kind, DamageKind::None);
    QCOMPARE(report.entriesVerified, std::uint64_t(20));
    QCOMPARE(report.checkpointsVerified, std::uint64_t(3));
    // Without the anchor, the range does not verify from genesis.
    const VerifyReport fromGenesis = verifyChain(tail, std::span(log.checkpoints).subspan(2), signer.publicKey());
    QCOMPARE(fromGenesis.kind, DamageKind::BrokenLink);
    QCOMPARE(fromGenesis.sequence, std::uint64_t(1));
}

void TestAuditChain::modifiedFieldDetected_data()
{
    QTest::addColumn<int>("field");
    QTest::addColumn<int>("target");
    const char* names[] = {"sequence", "time",           "device",           "actor",         "role",
                           "action",   "subject",        "employee",         "purpose",       "result",
                           "detail",   "card signature", "second signature", "previous hash", "hash"};
    const struct {
        const char* name;
        int index;
    } targets[] = {{"first", 0}, {"middle", 12}, {"last", 23}};
    for (int f = 0; f < 15; ++f) {
        for (const auto& t : targets)
            QTest::newRow((std::string(names[f]) + ", " + t.name + " entry").c_str()) << f << t.index;
    }
}

void TestAuditChain::modifiedFieldDetected()
{
    QFETCH(int, field);
    QFETCH(int, target);
    const auto signer = DeviceSigner::fromSeed(seedFrom(5)).value();
    Log log = buildLog(24, 6, signer);
    mutateField(log.entries[std::size_t(target)], Field(field));
    const VerifyReport report = verifyChain(log.entries, log.checkpoints, signer.publicKey());
    QCOMPARE(report.kind, DamageKind::ModifiedEntry);
    QCOMPARE(report.sequence, std::uint64_t(target + 1));
    QCOMPARE(report.entryIndex, std::size_t(target));
    QCOMPARE(report.entriesVerified, std::uint64_t(target));
    QVERIFY(!describe(report).empty());
}

namespace {
enum Scenario {
    DeleteFirst,
    DeleteMiddle,
    DeleteLast,
    DeleteAndRenumber,
    InsertForgedAndRenumber,
    InsertForgedDuplicate,
    SwapAdjacent,
    SwapDistant,
    DuplicateAdjacent,
    DuplicateAtEnd,
    EditAndRehashOne,
    TruncateKeepCheckpoints,
    TruncateWithCheckpoints,
    ForkRebuilt,
    DeleteAndRechain,
    GapWithValidLinks,
    SignatureFromOtherKey,
    SignatureFromOtherCheckpoint,
    SignatureMissing,
    ForgedCheckpointBeyondEnd,
    CheckpointsReordered,
    CounterRollbackScenario,
    CheckpointDroppedBeyondBound,
    FinalCheckpointMissing,
    WrongAnchor,
    CheckpointBeforeRange,
    NumberSmuggledIn,
    EntryFromRenamedAction,
};
} // namespace

void TestAuditChain::tamperDetected_data()
{
    QTest::addColumn<int>("scenario");
    QTest::addColumn<int>("kind");
    QTest::addColumn<qulonglong>("sequence");
    QTest::addColumn<int>("entryIndex");
    QTest::addColumn<int>("checkpointIndex");
    QTest::addColumn<qulonglong>("provenThrough");
    // The log: entries 1..30 (index = sequence - 1), checkpoints at 5, 10, ..., 30 (index 0..5),
    // counters 1..6.
    const auto row = [](const char* name, Scenario s, DamageKind k, qulonglong seq, int entry, int checkpoint,
                        qulonglong proven) {
        QTest::newRow(name) << int(s) << int(k) << seq << entry << checkpoint << proven;
    };
    using K = DamageKind;
    row("deleted first entry", DeleteFirst, K::BrokenLink, 1, 0, -1, 0);
    row("deleted middle entry", DeleteMiddle, K::BrokenLink, 13, 12, -1, 10);
    row("deleted last entry", DeleteLast, K::Truncated, 30, -1, 5, 25);
    row("deleted entry, later ones renumbered and rehashed", DeleteAndRenumber, K::BrokenLink, 13, 12, -1, 10);
    row("inserted forged entry, later ones renumbered", InsertForgedAndRenumber, K::BrokenLink, 14, 13, -1, 10);
    row("inserted forged entry with a taken sequence", InsertForgedDuplicate, K::DuplicateSequence, 14, 13, -1, 10);
    row("two adjacent entries swapped", SwapAdjacent, K::Reordered, 13, 12, -1, 10);
    row("two distant entries swapped", SwapDistant, K::Reordered, 4, 3, -1, 0);
    row("entry duplicated in place", DuplicateAdjacent, K::DuplicateSequence, 14, 13, -1, 10);
    row("early entry replayed at the end", DuplicateAtEnd, K::DuplicateSequence, 31, 30, -1, 30);
    row("entry edited and its own hash recomputed", EditAndRehashOne, K::BrokenLink, 14, 13, -1, 10);
    row("tail dropped, checkpoints kept", TruncateKeepCheckpoints, K::Truncated, 21, -1, 4, 20);
    row("tail and its checkpoints dropped, TPM counter ahead", TruncateWithCheckpoints, K::RolledBack, 20, -1, 3, 20);
    row("chain rebuilt from the middle, old checkpoints kept", ForkRebuilt, K::Forked, 15, -1, 2, 10);
    row("entry deleted and the rest rechained", DeleteAndRechain, K::Forked, 15, -1, 2, 10);
    row("sequence skipped in a consistent rechain", GapWithValidLinks, K::SequenceGap, 13, 12, -1, 10);
    row("checkpoint signed by another key", SignatureFromOtherKey, K::BadCheckpointSignature, 15, -1, 2, 10);
    row("signature copied from another checkpoint", SignatureFromOtherCheckpoint, K::BadCheckpointSignature, 15, -1, 2,
        10);
    row("checkpoint signature missing", SignatureMissing, K::BadCheckpointSignature, 20, -1, 3, 15);
    row("forged checkpoint beyond the end", ForgedCheckpointBeyondEnd, K::BadCheckpointSignature, 31, -1, 6, 30);
    row("checkpoints out of order", CheckpointsReordered, K::Reordered, 10, -1, 2, 15);
    row("checkpoint counter goes back", CounterRollbackScenario, K::CounterRollback, 20, -1, 3, 15);
    row("checkpoint dropped, policy bound exceeded", CheckpointDroppedBeyondBound, K::MissingCheckpoint, 16, 15, -1,
        10);
    row("final checkpoint missing", FinalCheckpointMissing, K::MissingCheckpoint, 26, 25, -1, 25);
    row("range verified from a wrong anchor", WrongAnchor, K::BrokenLink, 11, 0, -1, 10);
    row("checkpoint before the verified range", CheckpointBeforeRange, K::Malformed, 5, -1, 0, 10);
    row("number smuggled into a rechained entry", NumberSmuggledIn, K::ForbiddenContent, 8, 7, -1, 5);
    row("entry with an action outside the list", EntryFromRenamedAction, K::Malformed, 9, 8, -1, 5);
}

void TestAuditChain::tamperDetected()
{
    QFETCH(int, scenario);
    QFETCH(int, kind);
    QFETCH(qulonglong, sequence);
    QFETCH(int, entryIndex);
    QFETCH(int, checkpointIndex);
    QFETCH(qulonglong, provenThrough);

    const auto signer = DeviceSigner::fromSeed(seedFrom(6)).value();
    const auto other = DeviceSigner::fromSeed(seedFrom(66)).value();
    Log log = buildLog(30, 5, signer);
    QCOMPARE(log.checkpoints.size(), std::size_t(6));
    QCOMPARE(verifyChain(log.entries, log.checkpoints, signer.publicKey()).kind, DamageKind::None);
    auto& e = log.entries;
    auto& c = log.checkpoints;
    VerifyOptions options;
    std::size_t firstEntry = 0; // verify e[firstEntry..] against c[firstCheckpoint..]
    std::size_t firstCheckpoint = 0;

    switch (Scenario(scenario)) {
    case DeleteFirst:
        e.erase(e.begin());
        break;
    case DeleteMiddle:
        e.erase(e.begin() + 12);
        break;
    case DeleteLast:
        e.pop_back();
        break;
    case DeleteAndRenumber:
        e.erase(e.begin() + 12);
        for (std::size_t i = 12; i < e.size(); ++i) {
            e[i].sequence -= 1;
            rehashOnly(e[i]);
        }
        break;
    case InsertForgedAndRenumber: {
        AuditEntry forged = makeNext(headOf(e[11]), draft(100)).value();
        e.insert(e.begin() + 12, forged);
        for (std::size_t i = 13; i < e.size(); ++i) {
            e[i].sequence += 1;
            rehashOnly(e[i]);
        }
        break;
    }
    case InsertForgedDuplicate:
        e.insert(e.begin() + 12, makeNext(headOf(e[11]), draft(100)).value());
        break;
    case SwapAdjacent:
        std::swap(e[12], e[13]);
        break;
    case SwapDistant:
        std::swap(e[3], e[20]);
        break;
    case DuplicateAdjacent:
        e.insert(e.begin() + 13, e[12]);
        break;
    case DuplicateAtEnd:
        e.push_back(e[2]);
        break;
    case EditAndRehashOne:
        e[12].detail = "count=0";
        rehashOnly(e[12]);
        break;
    case TruncateKeepCheckpoints:
        e.resize(20);
        break;
    case TruncateWithCheckpoints:
        e.resize(20);
        c.resize(4);
        options.minimumCounter = 6; // what the TPM counter says
        break;
    case ForkRebuilt:
        for (std::size_t i = 12; i < e.size(); ++i)
            e[i].detail = "rewritten";
        rechain(e, 12, headOf(e[11]));
        break;
    case DeleteAndRechain:
        e.erase(e.begin() + 12);
        rechain(e, 12, headOf(e[11]));
        break;
    case GapWithValidLinks:
        rechain(e, 12, ChainHead{13, e[11].hash});
        c.resize(2); // the forger cannot sign new checkpoints; keep the ones before the gap
        break;
    case SignatureFromOtherKey:
        c[2] = signCheckpoint(other, {c[2].sequence, c[2].headHash}, c[2].counter, c[2].timeMs);
        break;
    case SignatureFromOtherCheckpoint:
        c[2].signature = c[1].signature;
        break;
    case SignatureMissing:
        c[3].signature = Signature{};
        break;
    case ForgedCheckpointBeyondEnd:
        c.push_back(signCheckpoint(other, {31, e.back().hash}, 99, 0));
        break;
    case CheckpointsReordered:
        std::swap(c[1], c[2]);
        break;
    case CounterRollbackScenario:
        c[3] = signCheckpoint(signer, {c[3].sequence, c[3].headHash}, 1, c[3].timeMs);
        break;
    case CheckpointDroppedBeyondBound:
        c.erase(c.begin() + 2);
        options.maxEntriesWithoutCheckpoint = 5;
        break;
    case FinalCheckpointMissing:
        c.pop_back();
        options.requireFinalCheckpoint = true;
        break;
    case WrongAnchor:
        options.anchor = {10, e[8].hash};
        firstEntry = 10;
        firstCheckpoint = 2;
        break;
    case CheckpointBeforeRange:
        options.anchor = headOf(e[9]);
        firstEntry = 10;
        break;
    case NumberSmuggledIn:
        e[7].detail = "x 123456789018";
        rechain(e, 7, headOf(e[6]));
        c.resize(1);
        options.scanForNumbers = true;
        break;
    case EntryFromRenamedAction:
        e[8].action = AuditAction(222);
        break;
    }

    const VerifyReport report = verifyChain(std::span(e).subspan(firstEntry), std::span(c).subspan(firstCheckpoint),
                                            signer.publicKey(), options);
    QCOMPARE(kindOf(report), kind);
    QCOMPARE(report.sequence, std::uint64_t(sequence));
    QCOMPARE(indexOrMinusOne(report.entryIndex), entryIndex);
    QCOMPARE(indexOrMinusOne(report.checkpointIndex), checkpointIndex);
    QCOMPARE(report.provenThrough, std::uint64_t(provenThrough));
    QVERIFY(!report.clean());
    QVERIFY(!report.detail.empty());
    QVERIFY(describe(report).find(damageKindName(report.kind)) != std::string::npos);
}

void TestAuditChain::streamingMatchesSpan()
{
    const auto signer = DeviceSigner::fromSeed(seedFrom(7)).value();
    for (int damage = 0; damage < 4; ++damage) {
        Log log = buildLog(50, 8, signer);
        if (damage == 1)
            std::swap(log.entries[30], log.entries[40]);
        if (damage == 2)
            log.entries.erase(log.entries.begin() + 17);
        if (damage == 3)
            log.entries[44].detail = "changed";
        const VerifyReport expected = verifyChain(log.entries, log.checkpoints, signer.publicKey());

        ChainVerifier verifier(log.checkpoints, signer.publicKey());
        std::size_t fed = 0;
        for (const AuditEntry& entry : log.entries) {
            verifier.addEntry(entry);
            ++fed;
        }
        // Still listening: the clean log, and the deletion (the missing entry could yet turn up
        // later, which would make it a reordering). Settled: the swap and the modification.
        QCOMPARE(verifier.wantsMore(), damage == 0 || damage == 2);
        const VerifyReport streamed = verifier.finish();
        QCOMPARE(streamed.kind, expected.kind);
        QCOMPARE(streamed.sequence, expected.sequence);
        QCOMPARE(streamed.entryIndex, expected.entryIndex);
        QCOMPARE(streamed.checkpointIndex, expected.checkpointIndex);
        QCOMPARE(fed, log.entries.size());
    }
    // Once settled, the verifier says so and ignores the rest.
    Log log = buildLog(20, 5, signer);
    log.entries[3].timeMs += 1;
    ChainVerifier verifier(log.checkpoints, signer.publicKey());
    for (const AuditEntry& entry : log.entries)
        verifier.addEntry(entry);
    QVERIFY(!verifier.wantsMore());
    QCOMPARE(verifier.finish().kind, DamageKind::ModifiedEntry);
}

void TestAuditChain::parallelVerificationAgrees_data()
{
    QTest::addColumn<int>("damage");
    QTest::newRow("clean") << 0;
    QTest::newRow("modified entry in the second half") << 1;
    QTest::newRow("entries swapped across the halves") << 2;
    QTest::newRow("number smuggled in, scanned") << 3;
    QTest::newRow("entry that cannot be encoded") << 4;
    QTest::newRow("entry deleted") << 5;
}

void TestAuditChain::parallelVerificationAgrees()
{
    // Above kParallelVerifyThreshold entries verifyChain() hashes on several threads; the report
    // must be the same as on one thread, and as the streaming verifier's.
    QFETCH(int, damage);
    const auto signer = DeviceSigner::fromSeed(seedFrom(8)).value();
    const std::size_t n = kParallelVerifyThreshold + 1000;
    Log log = buildLog(n, 500, signer);
    auto& e = log.entries;
    switch (damage) {
    case 1:
        e[n - 700].timeMs += 1;
        break;
    case 2:
        std::swap(e[100], e[n - 10]);
        break;
    case 3:
        e[n - 300].detail = "1234 5678 9018";
        rechain(e, n - 300, headOf(e[n - 301]));
        log.checkpoints.resize((n - 300) / 500);
        break;
    case 4:
        e[9000].action = AuditAction(240);
        break;
    case 5:
        e.erase(e.begin() + 12345);
        break;
    default:
        break;
    }
    VerifyOptions options;
    options.scanForNumbers = true;
    options.maxEntriesWithoutCheckpoint = 500;
    options.threads = 1;
    const VerifyReport single = verifyChain(e, log.checkpoints, signer.publicKey(), options);
    options.threads = 3;
    const VerifyReport parallel = verifyChain(e, log.checkpoints, signer.publicKey(), options);
    ChainVerifier streaming(log.checkpoints, signer.publicKey(), options);
    for (const AuditEntry& entry : e)
        streaming.addEntry(entry);
    const VerifyReport streamed = streaming.finish();
    const DamageKind expected[] = {DamageKind::None,      DamageKind::ModifiedEntry,
                                   DamageKind::Reordered, DamageKind::ForbiddenContent,
                                   DamageKind::Malformed, DamageKind::BrokenLink};
    QCOMPARE(single.kind, expected[damage]);
    for (const VerifyReport* other : {&parallel, &streamed}) {
        QCOMPARE(other->kind, single.kind);
        QCOMPARE(other->sequence, single.sequence);
        QCOMPARE(other->entryIndex, single.entryIndex);
        QCOMPARE(other->checkpointIndex, single.checkpointIndex);
        QCOMPARE(other->entriesVerified, single.entriesVerified);
        QCOMPARE(other->checkpointsVerified, single.checkpointsVerified);
        QVERIFY(other->head == single.head);
    }
}

void TestAuditChain::damageKindNames()
{
    std::set<std::string_view> names;
    for (int k = int(DamageKind::None); k <= int(DamageKind::Unverifiable); ++k) {
        const std::string_view name = damageKindName(DamageKind(k));
        QVERIFY(!name.empty());
        QVERIFY(name != "Unknown");
        names.insert(name);
    }
    QCOMPARE(names.size(), std::size_t(int(DamageKind::Unverifiable) + 1));
}

QTEST_GUILESS_MAIN(TestAuditChain)
#include "tst_audit_chain.moc"
