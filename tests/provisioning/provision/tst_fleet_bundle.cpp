// SPDX-License-Identifier: GPL-3.0-or-later
// Fleet bundles (services/vault/fleet_bundle.h, FLEET_BUNDLE_FORMAT.md) and their application by the
// vault (vault_fleet.cpp), in process on a vault with keys in memory: the encoding round trip and its
// canonical form; every byte of a signed bundle flipped is refused (never accepted); a bundle signed
// by another organisation, an unsigned one, one for another device and a replayed one are refused,
// each audited as an alert and changing nothing; a good bundle applies departments, retention rules,
// users and cards and the allow-list in one "config" entry; a bundle whose last part fails leaves
// nothing applied; the organisation key is pinned once.

#include "services/vault/audit_entry.h"
#include "services/vault/fleet_bundle.h"
#include "services/vault/retention.h"
#include "services/vault/vault.h"
#include "tests/support/test_card.h"

#include <QTemporaryDir>
#include <QTest>

using namespace mamori;
using namespace mamori::vault;
using mamori::test::TestCard;

namespace {

constexpr std::int64_t kStartMs = 1'767'225'600'000; // 2026-01-01T00:00:00Z

struct AuditRow {
    std::string action;
    std::string result;
    std::string detail;
};

std::vector<AuditRow> auditRows(Vault& vault)
{
    std::vector<AuditRow> rows;
    auto select = vault.database().prepare("SELECT encoded FROM audit_entries ORDER BY seq").value();
    while (select.step().value()) {
        const AuditEntry entry = decodeEntry(select.columnBlob(0)).value();
        rows.push_back({std::string(actionName(entry.action)), entry.result, entry.detail});
    }
    return rows;
}

std::int64_t count(Vault& vault, const char* sql)
{
    auto select = vault.database().prepare(sql).value();
    (void)select.step();
    return select.columnInt(0);
}

const char* kRetentionCsv = "code,name_ja,anchor,years,months,days,deadline,basis\n"
                            "rodo_hoken,労災保険・労働保険の書類,from_completion,5,0,0,,organisation policy\n";

} // namespace

class TestFleetBundle : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void roundTripAndCanonical();
    void validationNamesTheField();
    void everyFlippedByteIsRefused();
    void verificationKinds();
    void targetAndSerial();
    void applyGoodBundle();
    void refusalsAreAuditedAndChangeNothing();
    void lastPartFailingLeavesNothing();
    void precheckFailureLeavesNothing();
    void organisationKeyPinnedOnce();
    void deviceIdFromProvisioning();

private:
    FleetBundleContent sampleContent(std::uint64_t serial) const;
    std::vector<std::uint8_t> signedBundle(const FleetBundleContent& content, const SecretBuffer& seed) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemoryKeySource> m_keys;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Vault> m_vault;
    std::optional<OrganisationKeyPair> m_org;
    std::optional<OrganisationKeyPair> m_other;
    std::unique_ptr<TestCard> m_clerk;
    std::unique_ptr<TestCard> m_officer;
};

void TestFleetBundle::initTestCase()
{
    QVERIFY(initSodium().ok());
    m_org = generateOrganisationKey().value();
    m_other = generateOrganisationKey().value();
    m_clerk = std::make_unique<TestCard>(TestCard::Kind::EcP256, "Fleet Clerk");
    m_officer = std::make_unique<TestCard>(TestCard::Kind::Rsa2048, "Fleet Officer");
}

void TestFleetBundle::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_keys = std::make_unique<MemoryKeySource>(MemoryKeySource::generate().value());
    m_clock = std::make_unique<ManualClock>(kStartMs);
    VaultOptions options;
    options.path = m_dir->filePath(QStringLiteral("vault.db")).toStdString();
    options.deviceId = "kiosk-07";
    options.create = true;
    auto opened = Vault::open(options, *m_keys, *m_clock);
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().describe().c_str());
    m_vault = std::move(opened).value();
    QVERIFY(m_vault->pinOrganisationKey(nullptr, m_org->publicKey).ok());
}

void TestFleetBundle::cleanup()
{
    m_vault.reset();
    m_dir.reset();
}

FleetBundleContent TestFleetBundle::sampleContent(std::uint64_t serial) const
{
    FleetBundleContent content;
    content.serial = serial;
    content.createdMs = kStartMs;
    content.target = "any";
    content.description = "fleet settings";
    content.allowList = "version = 1\n# opaque to the vault\n";
    content.retentionCsv = kRetentionCsv;
    content.departments = {{"soumu", "総務部"}, {"keiri", "経理部"}};
    FleetCard clerk;
    clerk.certificateDer = m_clerk->certificateDer();
    clerk.displayName = "山田 花子";
    clerk.roles = {Role::Clerk};
    clerk.departments = {"soumu"};
    FleetCard officer;
    officer.certificateDer = m_officer->certificateDer();
    officer.displayName = "Officer";
    officer.roles = {Role::Officer, Role::Clerk};
    officer.departments = {"keiri", "soumu"};
    content.cards = {clerk, officer};
    return content;
}

std::vector<std::uint8_t> TestFleetBundle::signedBundle(const FleetBundleContent& content,
                                                        const SecretBuffer& seed) const
{
    const auto unsignedFile = makeUnsignedFleetBundle(content);
    if (!unsignedFile.ok())
        qFatal("%s", unsignedFile.error().describe().c_str());
    return signFleetBundle(unsignedFile.value(), seed).value();
}

void TestFleetBundle::roundTripAndCanonical()
{
    const FleetBundleContent content = sampleContent(3);
    const auto body = encodeFleetBody(content).value();
    auto decoded = decodeFleetBody(body);
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().describe().c_str());
    // Departments come back sorted by code; everything else as given.
    FleetBundleContent expected = content;
    std::sort(expected.departments.begin(), expected.departments.end(),
              [](const auto& a, const auto& b) { return a.code < b.code; });
    QVERIFY(decoded.value() == expected);
    QCOMPARE(encodeFleetBody(decoded.value()).value(), body);

    // The same content with its departments out of order is not canonical: refused.
    // Body: serial(13) created(13) target(8) description(5+14) allowList(...) retention(...) dept dept cards.
    std::vector<std::uint8_t> swapped;
    std::vector<std::vector<std::uint8_t>> fields;
    for (std::size_t at = 0; at < body.size();) {
        const std::size_t length = (std::size_t(body[at + 1]) << 24) | (std::size_t(body[at + 2]) << 16) |
                                   (std::size_t(body[at + 3]) << 8) | body[at + 4];
        fields.emplace_back(body.begin() + static_cast<long>(at), body.begin() + static_cast<long>(at + 5 + length));
        at += 5 + length;
    }
    std::size_t firstDepartment = 0;
    while (fields[firstDepartment][0] != 7)
        ++firstDepartment;
    std::swap(fields[firstDepartment], fields[firstDepartment + 1]);
    for (const auto& field : fields)
        swapped.insert(swapped.end(), field.begin(), field.end());
    const auto refused = decodeFleetBody(swapped);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.code(), ErrorCode::StorageCorrupt);

    // An unsigned file parses and says so; signing it keeps the body byte for byte.
    const auto unsignedFile = makeUnsignedFleetBundle(content).value();
    const auto parsedUnsigned = parseFleetBundle(unsignedFile).value();
    QVERIFY(!parsedUnsigned.isSigned);
    const auto signedFile = signFleetBundle(unsignedFile, m_org->seed).value();
    const auto parsedSigned = parseFleetBundle(signedFile).value();
    QVERIFY(parsedSigned.isSigned);
    QCOMPARE(parsedSigned.body, parsedUnsigned.body);
    QCOMPARE(signedFile.size(), unsignedFile.size() + kFleetPublicKeyBytes + kFleetSignatureBytes);
    QVERIFY(parsedSigned.signer == m_org->publicKey);
    // Trailing bytes are refused.
    auto extended = signedFile;
    extended.push_back(0);
    QVERIFY(!parseFleetBundle(extended).ok());
}

void TestFleetBundle::validationNamesTheField()
{
    auto expectRefused = [](const FleetBundleContent& content, const char* field) {
        const Status valid = validateFleetContent(content);
        QVERIFY2(!valid.ok(), field);
        QVERIFY2(valid.error().context().find(field) != std::string::npos, valid.error().context().c_str());
    };
    FleetBundleContent content = sampleContent(1);
    content.serial = 0;
    expectRefused(content, "serial");
    content.serial = kMaxFleetSerial + 1;
    expectRefused(content, "serial");
    content = sampleContent(1);
    content.target = "two words";
    expectRefused(content, "target");
    content = sampleContent(1);
    content.departments.push_back({"soumu", "again"});
    expectRefused(content, "department 3");
    content = sampleContent(1);
    content.departments[1].code = "bad code";
    expectRefused(content, "department 2");
    content = sampleContent(1);
    content.cards[1].certificateDer = {1, 2, 3};
    expectRefused(content, "card 2");
    content = sampleContent(1);
    content.cards.push_back(content.cards[0]);
    expectRefused(content, "card 3");
    content = sampleContent(1);
    content.cards[0].roles.clear();
    expectRefused(content, "card 1");
    content = sampleContent(1);
    content.retentionCsv = "code,name_ja\nx,y\n";
    expectRefused(content, "retention");
    QVERIFY(validateFleetContent(sampleContent(1)).ok());
}

void TestFleetBundle::everyFlippedByteIsRefused()
{
    FleetBundleContent content = sampleContent(1);
    content.cards.resize(1); // a smaller file: every byte is tried
    const auto file = signedBundle(content, m_org->seed);
    QVERIFY(verifyFleetBundle(parseFleetBundle(file).value(), m_org->publicKey).ok());
    int malformed = 0, anotherOrganisation = 0, badSignature = 0;
    for (std::size_t i = 0; i < file.size(); ++i) {
        auto tampered = file;
        tampered[i] ^= 0x01;
        auto parsed = parseFleetBundle(tampered);
        if (!parsed.ok()) {
            ++malformed;
            continue;
        }
        FleetRefusal why = FleetRefusal::Malformed;
        const Status verified = verifyFleetBundle(parsed.value(), m_org->publicKey, &why);
        QVERIFY2(!verified.ok(), ("byte " + std::to_string(i) + " flipped was accepted").c_str());
        QCOMPARE(verified.code(), ErrorCode::PermissionDenied);
        if (why == FleetRefusal::AnotherOrganisation)
            ++anotherOrganisation;
        else if (why == FleetRefusal::BadSignature)
            ++badSignature;
        else
            QVERIFY2(why == FleetRefusal::Unsigned, "an unexpected refusal");
    }
    qInfo("%zu bytes flipped: %d malformed, %d 'another organisation', %d 'tampered'", file.size(), malformed,
          anotherOrganisation, badSignature);
    QCOMPARE(anotherOrganisation, int(kFleetPublicKeyBytes)); // exactly the signer key's bytes
    QVERIFY(badSignature > 0);
    // Truncated at every length: refused.
    for (std::size_t length = 0; length < file.size(); ++length)
        QVERIFY(!parseFleetBundle(std::span(file).first(length)).ok());
}

void TestFleetBundle::verificationKinds()
{
    const FleetBundleContent content = sampleContent(1);
    FleetRefusal why = FleetRefusal::Malformed;
    const auto other = parseFleetBundle(signedBundle(content, m_other->seed)).value();
    QVERIFY(!verifyFleetBundle(other, m_org->publicKey, &why).ok());
    QVERIFY(why == FleetRefusal::AnotherOrganisation);
    const auto unsignedFile = parseFleetBundle(makeUnsignedFleetBundle(content).value()).value();
    QVERIFY(!verifyFleetBundle(unsignedFile, m_org->publicKey, &why).ok());
    QVERIFY(why == FleetRefusal::Unsigned);
    // Another organisation's signature presented under our key's name: the signature check catches it.
    auto forged = parseFleetBundle(signedBundle(content, m_other->seed)).value();
    forged.signer = m_org->publicKey;
    QVERIFY(!verifyFleetBundle(forged, m_org->publicKey, &why).ok());
    QVERIFY(why == FleetRefusal::BadSignature);
    const auto good = parseFleetBundle(signedBundle(content, m_org->seed)).value();
    QVERIFY(verifyFleetBundle(good, m_org->publicKey).ok());
    QVERIFY(organisationKeyFingerprint(m_org->publicKey).starts_with("SHA256:"));
    QCOMPARE(organisationKeyFingerprint(m_org->publicKey).size(), std::size_t(7 + 22));
}

void TestFleetBundle::targetAndSerial()
{
    FleetBundleContent content = sampleContent(5);
    FleetRefusal why = FleetRefusal::Malformed;
    QVERIFY(checkFleetTarget(content, "kiosk-07", 4, &why).ok());
    QVERIFY(!checkFleetTarget(content, "kiosk-07", 5, &why).ok());
    QVERIFY(why == FleetRefusal::Replayed);
    content.target = "kiosk-08";
    QVERIFY(!checkFleetTarget(content, "kiosk-07", 0, &why).ok());
    QVERIFY(why == FleetRefusal::AnotherDevice);
    content.target = "kiosk-07";
    QVERIFY(checkFleetTarget(content, "kiosk-07", 0, &why).ok());
}

void TestFleetBundle::applyGoodBundle()
{
    const auto before = auditRows(*m_vault).size();
    auto applied = m_vault->applyFleetBundle(nullptr, signedBundle(sampleContent(1), m_org->seed));
    QVERIFY2(applied.ok(), applied.ok() ? "" : applied.error().describe().c_str());
    QCOMPARE(applied.value().serial, std::uint64_t(1));
    QCOMPARE(applied.value().departments, std::size_t(2));
    QCOMPARE(applied.value().retentionRules, std::size_t(1));
    QCOMPARE(applied.value().cardsEnrolled, std::size_t(2));
    QVERIFY(applied.value().allowList.has_value());
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM departments WHERE code IN ('soumu', 'keiri')"), 2);
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM cards WHERE status = 'active'"), 2);
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM user_roles"), 3);
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM user_departments"), 3);
    auto rule = m_vault->database().prepare("SELECT definition FROM retention_rules WHERE code = 'rodo_hoken'").value();
    QVERIFY(rule.step().value());
    QCOMPARE(parseRetentionRules(rule.columnText(0)).value().front().years, 5);
    const auto rows = auditRows(*m_vault);
    QCOMPARE(rows.size(), before + 1); // one entry for the whole bundle
    QCOMPARE(rows.back().action, std::string("config"));
    QCOMPARE(rows.back().result, std::string("ok"));
    QVERIFY(rows.back().detail.starts_with("fleet bundle serial 1: 2 departments"));
    const FleetState state = m_vault->fleetState().value();
    QCOMPARE(state.lastSerial, std::uint64_t(1));
    QVERIFY(state.allowList == sampleContent(1).allowList);

    // The next serial, re-issuing the same cards: they are left as they are.
    FleetBundleContent next = sampleContent(2);
    next.departments[0].name = "総務部（本社）";
    auto again = m_vault->applyFleetBundle(nullptr, signedBundle(next, m_org->seed));
    QVERIFY(again.ok());
    QCOMPARE(again.value().cardsEnrolled, std::size_t(0));
    QCOMPARE(again.value().cardsAlreadyEnrolled, std::size_t(2));
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM users"), 2);
    auto renamed = m_vault->database().prepare("SELECT name FROM departments WHERE code = 'soumu'").value();
    QVERIFY(renamed.step().value());
    QCOMPARE(std::string(renamed.columnText(0)), std::string("総務部（本社）"));
}

void TestFleetBundle::refusalsAreAuditedAndChangeNothing()
{
    QVERIFY(m_vault->applyFleetBundle(nullptr, signedBundle(sampleContent(4), m_org->seed)).ok());
    const std::int64_t users = count(*m_vault, "SELECT count(*) FROM users");
    struct Case {
        const char* name;
        std::vector<std::uint8_t> file;
        const char* detail;
    };
    FleetBundleContent otherDevice = sampleContent(9);
    otherDevice.target = "kiosk-99";
    auto tampered = signedBundle(sampleContent(7), m_org->seed);
    tampered[tampered.size() - 100] ^= 0x20; // inside the last card: still parses
    std::vector<Case> cases{
        {"another organisation", signedBundle(sampleContent(8), m_other->seed), "another organisation"},
        {"tampered", tampered, "tampered"},
        {"replayed", signedBundle(sampleContent(4), m_org->seed), "replayed"},
        {"older", signedBundle(sampleContent(3), m_org->seed), "replayed"},
        {"another device", signedBundle(otherDevice, m_org->seed), "another device"},
        {"unsigned", makeUnsignedFleetBundle(sampleContent(10)).value(), "unsigned"},
        {"garbage", {'n', 'o', 't'}, "malformed"},
    };
    for (const Case& c : cases) {
        const auto before = auditRows(*m_vault).size();
        auto result = m_vault->applyFleetBundle(nullptr, c.file);
        QVERIFY2(!result.ok(), c.name);
        QCOMPARE(result.code(), ErrorCode::PermissionDenied);
        const auto rows = auditRows(*m_vault);
        QCOMPARE(rows.size(), before + 1);
        QCOMPARE(rows.back().action, std::string("alert"));
        QCOMPARE(rows.back().result, std::string("refused:3"));
        QVERIFY2(rows.back().detail.find(c.detail) != std::string::npos, rows.back().detail.c_str());
        QCOMPARE(count(*m_vault, "SELECT count(*) FROM users"), users);
        QCOMPARE(m_vault->fleetState().value().lastSerial, std::uint64_t(4));
    }
}

void TestFleetBundle::lastPartFailingLeavesNothing()
{
    FleetBundleContent content = sampleContent(1);
    content.departments.push_back({"eigyo", "営業部"});
    // The last card names a department that is neither on the device nor in the bundle.
    FleetCard stray;
    TestCard third(TestCard::Kind::EcP256, "Third");
    stray.certificateDer = third.certificateDer();
    stray.displayName = "Third";
    stray.roles = {Role::Clerk};
    stray.departments = {"nowhere"};
    content.cards.push_back(stray);
    const std::int64_t departments = count(*m_vault, "SELECT count(*) FROM departments");
    const auto before = auditRows(*m_vault).size();
    auto result = m_vault->applyFleetBundle(nullptr, signedBundle(content, m_org->seed));
    QVERIFY(!result.ok());
    QCOMPARE(result.code(), ErrorCode::InvalidArgument);
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM departments"), departments);
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM users"), 0);
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM cards"), 0);
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM settings WHERE key = 'allowlist'"), 0);
    auto rule = m_vault->database().prepare("SELECT definition FROM retention_rules WHERE code = 'rodo_hoken'").value();
    QVERIFY(rule.step().value());
    QCOMPARE(parseRetentionRules(rule.columnText(0)).value().front().years, 3); // the seed's, unchanged
    QCOMPARE(m_vault->fleetState().value().lastSerial, std::uint64_t(0));
    const auto rows = auditRows(*m_vault);
    QCOMPARE(rows.size(), before + 1);
    QCOMPARE(rows.back().action, std::string("config"));
    QCOMPARE(rows.back().result, std::string("failed:2"));
    // The same serial, fixed, then applies: a failed bundle does not spend its serial.
    content.cards.pop_back();
    QVERIFY(m_vault->applyFleetBundle(nullptr, signedBundle(content, m_org->seed)).ok());
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM departments WHERE code = 'eigyo'"), 1);

    // A card revoked on this device is not enrolled again by a bundle: the whole bundle fails.
    SessionContext admin;
    admin.userId = 1;
    admin.cardId = std::string(64, 'a');
    admin.roles = {Role::Admin};
    QVERIFY(m_vault->revokeCard(admin, m_clerk->cardId()).ok());
    FleetBundleContent again = sampleContent(2);
    again.departments.push_back({"somu2", "Second"});
    QVERIFY(!m_vault->applyFleetBundle(nullptr, signedBundle(again, m_org->seed)).ok());
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM departments WHERE code = 'somu2'"), 0);
}

void TestFleetBundle::precheckFailureLeavesNothing()
{
    const auto precheck = [](const FleetBundleContent&) -> Status {
        return Error(ErrorCode::InvalidArgument, "the allow-list does not fit the netguard settings");
    };
    auto result = m_vault->applyFleetBundle(nullptr, signedBundle(sampleContent(1), m_org->seed), precheck);
    QVERIFY(!result.ok());
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM departments"), 0);
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM cards"), 0);
    QCOMPARE(auditRows(*m_vault).back().result, std::string("failed:2"));
}

void TestFleetBundle::organisationKeyPinnedOnce()
{
    const Status again = m_vault->pinOrganisationKey(nullptr, m_other->publicKey);
    QVERIFY(!again.ok());
    QCOMPARE(again.code(), ErrorCode::AlreadyExists);
    QVERIFY(m_vault->fleetState().value().organisationKey == m_org->publicKey);
    // A clerk's session may not apply a bundle (refused by policy, audited).
    SessionContext clerk;
    clerk.userId = 5;
    clerk.cardId = std::string(64, 'b');
    clerk.roles = {Role::Clerk};
    auto refused = m_vault->applyFleetBundle(&clerk, signedBundle(sampleContent(1), m_org->seed));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.code(), ErrorCode::PermissionDenied);
    QCOMPARE(auditRows(*m_vault).back().result, std::string("refused:3"));
    QCOMPARE(count(*m_vault, "SELECT count(*) FROM departments"), 0);
}

// The device id recorded by recordProvisioning() (mamori-provision init) is the one the vault uses
// when none is given (mamori-vaultd without --device-id); another explicit id is refused at open.
void TestFleetBundle::deviceIdFromProvisioning()
{
    QVERIFY(m_vault->recordProvisioning("device provisioned").ok());
    m_vault.reset();
    VaultOptions options;
    options.path = m_dir->filePath(QStringLiteral("vault.db")).toStdString();
    options.deviceId.clear();
    auto unset = Vault::open(options, *m_keys, *m_clock);
    QVERIFY2(unset.ok(), unset.ok() ? "" : unset.error().describe().c_str());
    QCOMPARE(unset.value()->deviceId(), std::string("kiosk-07"));
    unset.value().reset();

    options.deviceId = "kiosk-08";
    auto other = Vault::open(options, *m_keys, *m_clock);
    QVERIFY(!other.ok());
    QCOMPARE(other.code(), ErrorCode::InvalidArgument);
    QVERIFY(other.error().describe().find("kiosk-07") != std::string::npos);

    options.deviceId = "kiosk-07";
    auto same = Vault::open(options, *m_keys, *m_clock);
    QVERIFY(same.ok());
    same.value().reset();

    // A vault never provisioned keeps the default.
    VaultOptions fresh;
    fresh.path = m_dir->filePath(QStringLiteral("fresh.db")).toStdString();
    fresh.deviceId.clear();
    fresh.create = true;
    auto created = Vault::open(fresh, *m_keys, *m_clock);
    QVERIFY(created.ok());
    QCOMPARE(created.value()->deviceId(), std::string(kDefaultDeviceId));
}

QTEST_GUILESS_MAIN(TestFleetBundle)
#include "tst_fleet_bundle.moc"
