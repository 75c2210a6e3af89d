// SPDX-License-Identifier: GPL-3.0-or-later
// The vault on the TPM (swtpm, started by the test): it opens with its keys unsealed from the TPM,
// keeps its data across a reboot, refuses a rolled-back copy of its database using the TPM NV
// counter (also after a reboot), and does not start — writing nothing — when the TPM is in
// maintenance mode or unreachable.

#include "services/vault/tpm_key_source.h"
#include "tests/support/swtpm.h"
#include "tests/support/test_card.h"

#include <QTest>

#include <sodium.h>

#include <fstream>
#include <map>

using namespace mamori;
using namespace mamori::vault;
using mamori::test::Swtpm;
using mamori::test::TestCard;

namespace {

std::vector<std::uint8_t> readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeFile(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Every file under `directory` with its content: "nothing is written" means this is unchanged.
std::map<std::string, std::vector<std::uint8_t>> snapshot(const std::filesystem::path& directory)
{
    std::map<std::string, std::vector<std::uint8_t>> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
        if (entry.is_regular_file())
            files[entry.path().string()] = readFile(entry.path());
    }
    return files;
}

} // namespace

class TestVaultTpm : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void opensWithKeysFromTheTpm();
    void rolledBackDatabaseRefused();
    void maintenanceModeVaultDoesNotStart();
    void unreachableTpmVaultDoesNotStart();

private:
    VaultOptions options() const;
    SessionContext clerk() const;
    void addEmployee(Vault& vault, const char* code);
    tpm::TpmSettings settings() const;

    std::unique_ptr<Swtpm> m_tpm;
    std::filesystem::path m_state;
    ManualClock m_clock{1'767'225'600'000};
    TestCard m_clerkCard{TestCard::Kind::EcP256, "clerk"};
};

tpm::TpmSettings TestVaultTpm::settings() const
{
    tpm::TpmSettings s;
    s.tcti = m_tpm->tcti();
    s.stateDirectory = m_state;
    return s;
}

VaultOptions TestVaultTpm::options() const
{
    VaultOptions o;
    o.path = (m_state / "vault.db").string();
    o.create = true;
    o.deviceId = "tpm-device";
    o.checkpointEvery = 5;
    return o;
}

SessionContext TestVaultTpm::clerk() const
{
    SessionContext s;
    s.userId = 1;
    s.cardId = m_clerkCard.cardId();
    s.roles = {Role::Clerk};
    s.departments = {"sales"};
    return s;
}

void TestVaultTpm::addEmployee(Vault& vault, const char* code)
{
    NewSubject subject;
    subject.code = code;
    subject.department = "sales";
    subject.name = PersonalText("ティーピーエム 花子");
    subject.nameKana = PersonalText("ティーピーエム ハナコ");
    const auto added = vault.registerSubject(clerk(), subject);
    if (!added.ok())
        qFatal("register: %s", added.error().describe().c_str());
}

void TestVaultTpm::init()
{
    auto tpm = Swtpm::start();
    if (!tpm.ok())
        qFatal("%s", tpm.error().describe().c_str()); // names the missing package
    m_tpm = std::move(tpm).value();
    m_state = m_tpm->directory() / "state";
    auto store = tpm::KeyStore::connect(settings());
    QVERIFY(store.ok());
    QVERIFY(store.value()->provision({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}).ok());

    auto opened = openVaultOnTpm(settings(), options(), m_clock);
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().describe().c_str());
    Vault& vault = *opened.value().vault;
    QVERIFY(vault.addDepartment(nullptr, "sales", "営業部").ok());
    const auto clerkId = vault.createUser(nullptr, UserSpec{"事務", {Role::Clerk}, {"sales"}}).value();
    QVERIFY(vault.enrolCard(nullptr, clerkId, m_clerkCard.certificateDer()).ok());
}

void TestVaultTpm::cleanup() { m_tpm.reset(); }

void TestVaultTpm::opensWithKeysFromTheTpm()
{
    {
        auto opened = openVaultOnTpm(settings(), options(), m_clock);
        QVERIFY(opened.ok());
        addEmployee(*opened.value().vault, "T1");
        addEmployee(*opened.value().vault, "T2");
    }
    QVERIFY(m_tpm->restart().ok()); // a reboot
    auto opened = openVaultOnTpm(settings(), options(), m_clock);
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().describe().c_str());
    const auto page = opened.value().vault->listSubjects(clerk(), ListQuery{});
    QVERIFY(page.ok());
    QCOMPARE(page.value().total, std::int64_t{2});
    // The names decrypt: the key really is the one sealed at provisioning.
    QCOMPARE(page.value().items.size(), std::size_t{2});
}

void TestVaultTpm::rolledBackDatabaseRefused()
{
    const std::filesystem::path db = options().path;
    std::vector<std::uint8_t> oldCopy;
    {
        auto opened = openVaultOnTpm(settings(), options(), m_clock);
        QVERIFY(opened.ok());
        addEmployee(*opened.value().vault, "R1");
    }
    oldCopy = readFile(db); // closed cleanly: the WAL is in the file
    {
        auto opened = openVaultOnTpm(settings(), options(), m_clock);
        QVERIFY(opened.ok());
        for (const char* code : {"R2", "R3", "R4", "R5", "R6", "R7"}) // passes a checkpoint (every 5)
            addEmployee(*opened.value().vault, code);
    }
    const auto current = readFile(db);
    writeFile(db, oldCopy);
    std::filesystem::remove(db.string() + "-wal");
    QCOMPARE(openVaultOnTpm(settings(), options(), m_clock).code(), ErrorCode::StorageRolledBack);
    // Still refused after a reboot: the counter is in the TPM's NV memory.
    QVERIFY(m_tpm->restart().ok());
    QCOMPARE(openVaultOnTpm(settings(), options(), m_clock).code(), ErrorCode::StorageRolledBack);
    // The genuine file opens.
    writeFile(db, current);
    QVERIFY(openVaultOnTpm(settings(), options(), m_clock).ok());
}

void TestVaultTpm::maintenanceModeVaultDoesNotStart()
{
    {
        auto store = tpm::KeyStore::connect(settings());
        QVERIFY(store.ok());
        QVERIFY(store.value()->enterMaintenance().ok());
    }
    const auto before = snapshot(m_state);
    const auto refused = openVaultOnTpm(settings(), options(), m_clock);
    QCOMPARE(refused.code(), ErrorCode::TpmPolicyMismatch);
    QVERIFY(refused.error().context().find("PCR 15") != std::string::npos);
    QVERIFY(snapshot(m_state) == before);
    // A new database is not even created.
    VaultOptions fresh = options();
    fresh.path = (m_state / "new.db").string();
    QCOMPARE(openVaultOnTpm(settings(), fresh, m_clock).code(), ErrorCode::TpmPolicyMismatch);
    QVERIFY(!std::filesystem::exists(fresh.path));
    // After the reboot the vault opens.
    QVERIFY(m_tpm->restart().ok());
    QVERIFY(openVaultOnTpm(settings(), options(), m_clock).ok());
}

void TestVaultTpm::unreachableTpmVaultDoesNotStart()
{
    const auto before = snapshot(m_state);
    m_tpm->stop();
    const auto refused = openVaultOnTpm(settings(), options(), m_clock);
    QCOMPARE(refused.code(), ErrorCode::TpmUnavailable);
    qInfo("%s", refused.error().describe().c_str());
    QVERIFY(snapshot(m_state) == before);
}

QTEST_GUILESS_MAIN(TestVaultTpm)
#include "tst_vault_tpm.moc"
