// SPDX-License-Identifier: GPL-3.0-or-later
// Encrypted backup and verified restore; refusal of tampered, foreign and older backups; and the
// rollback check: a database file replaced by an older copy is refused at start (the monotonic
// counter is the in-memory stand-in for the TPM NV counter here; the TPM tests use the real one).

#include "services/vault/audit_bundle.h"
#include "services/vault/vault.h"
#include "tests/support/test_card.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mamori;
using namespace mamori::vault;
using mamori::test::TestCard;

namespace {
QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
void writeAll(const QString& path, const QByteArray& data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size())
        qFatal("write failed");
}
} // namespace

class TestVaultBackup : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup() { m_vault.reset(); }
    void backupRestoreRoundTrip();
    void backupIsEncrypted();
    void tamperedBackupRefused_data();
    void tamperedBackupRefused();
    void foreignKeyRefused();
    void olderBackupNeedsAuthorisation();
    void onlyAdminBacksUp();
    void rolledBackDatabaseRefused();
    void auditBundleExportVerifiesOffline();
    void corruptDatabaseRefusedUntouched();
    void fullDiskFailsClosed();

private:
    VaultOptions options(const QString& name) const;
    SessionContext clerk() const;
    SessionContext admin() const;
    void addEmployee(const char* code);
    std::int64_t count(Vault& vault);

    QTemporaryDir m_dir;
    std::unique_ptr<MemoryKeySource> m_keys;
    ManualClock m_clock{1'767'225'600'000};
    MemoryCounter m_counter;
    std::unique_ptr<Vault> m_vault;
    TestCard m_clerkCard{TestCard::Kind::EcP256, "clerk"};
    TestCard m_adminCard{TestCard::Kind::EcP256, "admin"};
    int m_run = 0;
};

VaultOptions TestVaultBackup::options(const QString& name) const
{
    VaultOptions o;
    o.path = m_dir.filePath(name).toStdString();
    o.create = true;
    o.deviceId = "backup-device";
    o.checkpointEvery = 5;
    return o;
}

void TestVaultBackup::init()
{
    m_keys = std::make_unique<MemoryKeySource>(MemoryKeySource::generate().value());
    m_counter = MemoryCounter();
    m_vault = Vault::open(options(QStringLiteral("live-%1.db").arg(++m_run)), *m_keys, m_clock, &m_counter).value();
    QVERIFY(m_vault->addDepartment(nullptr, "sales", "営業部").ok());
    const auto clerkId = m_vault->createUser(nullptr, UserSpec{"事務", {Role::Clerk}, {"sales"}}).value();
    QVERIFY(m_vault->enrolCard(nullptr, clerkId, m_clerkCard.certificateDer()).ok());
    const auto adminId = m_vault->createUser(nullptr, UserSpec{"管理", {Role::Admin}, {}}).value();
    QVERIFY(m_vault->enrolCard(nullptr, adminId, m_adminCard.certificateDer()).ok());
}

SessionContext TestVaultBackup::clerk() const
{
    SessionContext s;
    s.userId = 1;
    s.cardId = m_clerkCard.cardId();
    s.roles = {Role::Clerk};
    s.departments = {"sales"};
    return s;
}

SessionContext TestVaultBackup::admin() const
{
    SessionContext s;
    s.userId = 2;
    s.cardId = m_adminCard.cardId();
    s.roles = {Role::Admin};
    return s;
}

void TestVaultBackup::addEmployee(const char* code)
{
    NewSubject subject;
    subject.code = code;
    subject.department = "sales";
    subject.name = PersonalText("バックアップ 太郎");
    subject.nameKana = PersonalText("バックアップ タロウ");
    if (!m_vault->registerSubject(clerk(), subject).ok())
        qFatal("register");
}

std::int64_t TestVaultBackup::count(Vault& vault) { return vault.listSubjects(clerk(), ListQuery{}).value().total; }

void TestVaultBackup::backupRestoreRoundTrip()
{
    for (const char* code : {"E1", "E2", "E3"})
        addEmployee(code);
    const QString backup = m_dir.filePath("round.mbk");
    const auto info = m_vault->backupTo(admin(), backup.toStdString());
    QVERIFY2(info.ok(), info.ok() ? "" : info.error().describe().c_str());
    QVERIFY(!QFile::exists(backup + ".tmp"));

    // Restore onto a "new device" path with the same master key (as after a recovery).
    const VaultOptions target = options("restored.db");
    MemoryCounter freshCounter;
    const auto restored = Vault::restoreBackup(backup.toStdString(), target, *m_keys, m_clock, &freshCounter, {});
    QVERIFY2(restored.ok(), restored.ok() ? "" : restored.error().describe().c_str());
    QCOMPARE(restored.value().auditSequence, info.value().auditSequence);
    auto vault = Vault::open(target, *m_keys, m_clock, &freshCounter).value();
    QCOMPARE(count(*vault), std::int64_t(3));
    const auto report = vault->verifyAudit(admin(), *m_keys);
    QVERIFY(report.ok());
    QVERIFY(report.value().clean());
}

void TestVaultBackup::backupIsEncrypted()
{
    addEmployee("E1");
    const QString backup = m_dir.filePath("plain.mbk");
    QVERIFY(m_vault->backupTo(admin(), backup.toStdString()).ok());
    const QByteArray bytes = readAll(backup);
    QVERIFY(bytes.startsWith("MAMORI-BACKUP-1\n"));
    QVERIFY(!bytes.contains("SQLite format 3"));
    QVERIFY(!bytes.contains("CREATE TABLE"));
}

void TestVaultBackup::tamperedBackupRefused_data()
{
    QTest::addColumn<int>("position"); // negative: from the end
    QTest::newRow("magic") << 3;
    QTest::newRow("header") << 25;
    QTest::newRow("stream header") << 60;
    QTest::newRow("ciphertext") << 500;
    QTest::newRow("last byte") << -1;
    QTest::newRow("truncated") << 0;
}

void TestVaultBackup::tamperedBackupRefused()
{
    QFETCH(int, position);
    addEmployee("E1");
    const QString backup = m_dir.filePath("tamper.mbk");
    QVERIFY(m_vault->backupTo(admin(), backup.toStdString()).ok());
    QByteArray bytes = readAll(backup);
    if (position == 0)
        bytes.chop(100);
    else {
        const qsizetype at = position > 0 ? position : bytes.size() + position;
        bytes[at] = char(bytes[at] ^ 0x20);
    }
    writeAll(backup, bytes);
    const VaultOptions target = options(QStringLiteral("tamper-target-%1.db").arg(position));
    const auto restored = Vault::restoreBackup(backup.toStdString(), target, *m_keys, m_clock, nullptr, {});
    QVERIFY(!restored.ok());
    QVERIFY(restored.code() == ErrorCode::StorageCorrupt || restored.code() == ErrorCode::StorageKeyMismatch);
    QVERIFY(!QFile::exists(QString::fromStdString(target.path)));
}

void TestVaultBackup::foreignKeyRefused()
{
    addEmployee("E1");
    const QString backup = m_dir.filePath("foreign.mbk");
    QVERIFY(m_vault->backupTo(admin(), backup.toStdString()).ok());
    auto otherKeys = MemoryKeySource::generate().value();
    const auto restored =
        Vault::restoreBackup(backup.toStdString(), options("foreign-target.db"), otherKeys, m_clock, nullptr, {});
    QCOMPARE(restored.code(), ErrorCode::StorageKeyMismatch);
}

void TestVaultBackup::olderBackupNeedsAuthorisation()
{
    addEmployee("E1");
    const QString backup = m_dir.filePath("older.mbk");
    QVERIFY(m_vault->backupTo(admin(), backup.toStdString()).ok());
    addEmployee("E2");
    const VaultOptions live = options(QStringLiteral("live-%1.db").arg(m_run));
    m_vault.reset();
    QCOMPARE(Vault::restoreBackup(backup.toStdString(), live, *m_keys, m_clock, &m_counter, {}).code(),
             ErrorCode::AlreadyExists);
    m_vault = Vault::open(live, *m_keys, m_clock, &m_counter).value();
    QCOMPARE(count(*m_vault), std::int64_t(2)); // untouched
    m_vault.reset();
    const auto restored =
        Vault::restoreBackup(backup.toStdString(), live, *m_keys, m_clock, &m_counter, RestoreOptions{true, {}, {}});
    QVERIFY2(restored.ok(), restored.ok() ? "" : restored.error().describe().c_str());
    m_vault = Vault::open(live, *m_keys, m_clock, &m_counter).value();
    QCOMPARE(count(*m_vault), std::int64_t(1));
    QVERIFY(m_vault->verifyAudit(admin(), *m_keys).value().clean());
}

void TestVaultBackup::onlyAdminBacksUp()
{
    QCOMPARE(m_vault->backupTo(clerk(), m_dir.filePath("clerk.mbk").toStdString()).code(), ErrorCode::PermissionDenied);
    QVERIFY(!QFile::exists(m_dir.filePath("clerk.mbk")));
}

void TestVaultBackup::rolledBackDatabaseRefused()
{
    addEmployee("E1");
    const VaultOptions live = options(QStringLiteral("live-%1.db").arg(m_run));
    const QString path = QString::fromStdString(live.path);
    m_vault.reset(); // closes cleanly: the WAL is checkpointed into the file
    const QByteArray oldCopy = readAll(path);
    m_vault = Vault::open(live, *m_keys, m_clock, &m_counter).value();
    for (const char* code : {"E2", "E3", "E4", "E5", "E6", "E7"}) // passes a checkpoint (every 5)
        addEmployee(code);
    m_vault.reset();
    writeAll(path, oldCopy);
    QFile::remove(path + "-wal");
    QCOMPARE(Vault::open(live, *m_keys, m_clock, &m_counter).code(), ErrorCode::StorageRolledBack);
}

void TestVaultBackup::auditBundleExportVerifiesOffline()
{
    addEmployee("E1");
    addEmployee("E2");
    QCOMPARE(m_vault->exportAuditBundle(clerk(), *m_keys, 1).code(), ErrorCode::PermissionDenied);
    const auto bundle = m_vault->exportAuditBundle(admin(), *m_keys, 1);
    QVERIFY2(bundle.ok(), bundle.ok() ? "" : bundle.error().describe().c_str());
    const PublicKey deviceKey = devicePublicKey(m_keys->deviceSigningSeed().value()).value();
    const BundleVerification verified = verifyBundle(bundle.value(), deviceKey);
    QVERIFY2(verified.report.clean(), describe(verified.report).c_str());
    // The bundle ends with its own export entry, covered by a checkpoint.
    QCOMPARE(verified.bundle.lastSequence, m_vault->auditHeadSequence());
    QCOMPARE(verified.bundle.entries.back().action, AuditAction::LogExport);
    // An incremental export from the middle verifies too; a bundle under another key does not.
    const auto tail = m_vault->exportAuditBundle(admin(), *m_keys, 4);
    QVERIFY(tail.ok());
    QVERIFY(verifyBundle(tail.value(), deviceKey).report.clean());
    const PublicKey otherKey = devicePublicKey(SecretBuffer::random(32).value()).value();
    QCOMPARE(verifyBundle(bundle.value(), otherKey).report.kind, DamageKind::WrongDeviceKey);
    QCOMPARE(m_vault->exportAuditBundle(admin(), *m_keys, 0).code(), ErrorCode::InvalidArgument);
}

void TestVaultBackup::corruptDatabaseRefusedUntouched()
{
    addEmployee("E1");
    const VaultOptions live = options(QStringLiteral("live-%1.db").arg(m_run));
    const QString path = QString::fromStdString(live.path);
    m_vault.reset();
    QByteArray bytes = readAll(path);
    // Damage the b-tree header of every page after the first (which holds the schema): the file
    // still starts like a database, but every table is broken.
    for (qsizetype page = 1; page * 4096 + 8 <= bytes.size(); ++page)
        for (qsizetype i = 0; i < 8; ++i)
            bytes[page * 4096 + i] = char(0xa5);
    writeAll(path, bytes);
    QFile::remove(path + "-wal");
    QFile::remove(path + "-shm");
    const auto opened = Vault::open(live, *m_keys, m_clock, &m_counter);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.code(), ErrorCode::StorageCorrupt);
    // Never overwritten: the refused file is byte for byte what it was.
    QVERIFY(readAll(path) == bytes);

    // A file that is not a database at all is refused and left alone.
    const QString junk = m_dir.filePath("junk.db");
    writeAll(junk, QByteArray(qsizetype{64} * 1024, 'j'));
    VaultOptions junkOptions = options("junk.db");
    junkOptions.create = false;
    QCOMPARE(Vault::open(junkOptions, *m_keys, m_clock, nullptr).code(), ErrorCode::StorageCorrupt);
    QCOMPARE(readAll(junk), QByteArray(qsizetype{64} * 1024, 'j'));
}

void TestVaultBackup::fullDiskFailsClosed()
{
    addEmployee("E1");
    const auto before = count(*m_vault);
    // SQLite's page limit stands in for a full disk: past it, writes fail with SQLITE_FULL.
    auto pages = m_vault->database().prepare("PRAGMA page_count").value();
    QVERIFY(pages.step().value());
    const std::int64_t limit = pages.columnInt(0) + 2;
    pages = Statement();
    QVERIFY(m_vault->database().exec("PRAGMA max_page_count = " + std::to_string(limit)).ok());
    int refused = 0;
    std::uint64_t head = m_vault->auditHeadSequence();
    for (int i = 0; i < 200 && refused == 0; ++i) {
        NewSubject subject;
        subject.code = "F" + std::to_string(i);
        subject.department = "sales";
        subject.name = PersonalText(std::string(200, 'x'));
        subject.address = PersonalText(std::string(900, 'y'));
        const auto result = m_vault->registerSubject(clerk(), subject);
        if (result.ok()) {
            head = m_vault->auditHeadSequence();
            continue;
        }
        QVERIFY2(result.code() == ErrorCode::StorageFull || result.code() == ErrorCode::AuditWriteFailed,
                 result.error().describe().c_str());
        ++refused;
        // Nothing of the failed registration remains: no subject row, no half-written entry.
        ListQuery query;
        query.codePrefix = subject.code;
        query.limit = 1;
        QVERIFY(m_vault->database().exec("PRAGMA max_page_count = 1000000").ok());
        QCOMPARE(m_vault->listSubjects(clerk(), query).value().total, std::int64_t(0));
    }
    QCOMPARE(refused, 1);
    QVERIFY(m_vault->auditHeadSequence() >= head);
    QVERIFY(count(*m_vault) >= before);
    const auto report = m_vault->verifyAudit(admin(), *m_keys);
    QVERIFY(report.ok());
    QVERIFY(report.value().clean());
}

QTEST_GUILESS_MAIN(TestVaultBackup)
#include "tst_vault_backup.moc"
