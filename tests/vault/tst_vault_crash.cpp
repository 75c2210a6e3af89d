// SPDX-License-Identifier: GPL-3.0-or-later
// Crash consistency (SQLite's testing culture): a child process registering subjects and numbers and
// importing CSV batches is killed with SIGKILL at a random point, at least 200 times. After each kill the database
// passes PRAGMA integrity_check, the audit chain verifies, and every operation the child acknowledged is present with
// exactly one audit entry — nothing acknowledged is lost, nothing is half-written.

#include "services/vault/vault.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fstream>
#include <set>

using namespace mamori;
using namespace mamori::vault;

class TestVaultCrash : public QObject {
    Q_OBJECT

private slots:
    void killedAtRandomPoints();
};

void TestVaultCrash::killedAtRandomPoints()
{
    QTemporaryDir dir;
    const QString database = dir.filePath("crash.db");
    const QString keyPath = dir.filePath("keys.bin");
    auto master = SecretBuffer::random(32).value();
    auto seed = SecretBuffer::random(32).value();
    {
        std::ofstream out(keyPath.toStdString(), std::ios::binary);
        out.write(reinterpret_cast<const char*>(master.data()), 32);
        out.write(reinterpret_cast<const char*>(seed.data()), 32);
    }
    MemoryKeySource keys(SecretBuffer::copyOf(master.bytes()).value(), SecretBuffer::copyOf(seed.bytes()).value());
    SystemClock clock;
    VaultOptions options;
    options.path = database.toStdString();
    options.create = true;
    options.deviceId = "crash-device";
    options.checkpointEvery = 7;
    {
        auto vault = Vault::open(options, keys, clock).value();
        QVERIFY(vault->addDepartment(nullptr, "sales", "営業部").ok());
        QVERIFY(vault->addPurpose(nullptr, "withholding", "源泉徴収票作成事務").ok());
        QCOMPARE(vault->createUser(nullptr, UserSpec{"事務", {Role::Clerk}, {"sales"}}).value(), std::int64_t(1));
    }
    options.create = false;

    const QString worker = QCoreApplication::applicationDirPath() + "/vault_crash_worker";
    const int iterations = qEnvironmentVariableIntValue("MAMORI_CRASH_ITERATIONS") > 0
                               ? qEnvironmentVariableIntValue("MAMORI_CRASH_ITERATIONS")
                               : 200;
    std::set<std::string> acknowledged;
    std::set<std::string> numbered;
    std::set<std::string> imported;
    int killedMidway = 0;
    for (int iteration = 0; iteration < iterations; ++iteration) {
        QProcess child;
        child.setProgram(worker);
        child.setArguments({database, keyPath, QStringLiteral("K%1").arg(iteration), QStringLiteral("1000")});
        child.start();
        QVERIFY2(child.waitForStarted(5000), "worker did not start");
        // Even iterations kill at a random time from the start (often while the vault opens); odd
        // ones after the first acknowledgement, so that the kill lands among the writes even when
        // the worker starts slowly (sanitizer builds).
        QByteArray early;
        if (iteration % 2 == 1) {
            while (!early.contains("ack ") && child.waitForReadyRead(10000))
                early += child.readAllStandardOutput();
        }
        QTest::qWait(QRandomGenerator::global()->bounded(5, 120));
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(5000));
        if (child.exitStatus() == QProcess::CrashExit)
            ++killedMidway;
        else
            QVERIFY2(false, qPrintable("worker exited by itself: " + child.readAllStandardError()));
        for (const QByteArray& line : (early + child.readAllStandardOutput()).split('\n')) {
            if (line.startsWith("ack "))
                acknowledged.insert(line.mid(4).toStdString());
            else if (line.startsWith("ack-number "))
                numbered.insert(line.mid(11).toStdString());
            else if (line.startsWith("ack-import "))
                imported.insert(line.mid(11).toStdString());
        }

        auto vault = Vault::open(options, keys, clock);
        QVERIFY2(vault.ok(), vault.ok() ? "" : vault.error().describe().c_str());
        auto check = vault.value()->database().prepare("PRAGMA integrity_check").value();
        QVERIFY(check.step().value());
        QCOMPARE(std::string(check.columnText(0)), std::string("ok"));
    }
    QCOMPARE(killedMidway, iterations);

    // Every acknowledged registration is present, with exactly one successful "register" entry, and
    // every acknowledged number is stored; the chain and its checkpoints verify.
    auto vault = Vault::open(options, keys, clock).value();
    std::map<std::string, int> registerEntries;
    auto entries = vault->database()
                       .prepare("SELECT subject_code, count(*) FROM audit_entries WHERE action = 'register' "
                                "AND subject_code <> '' GROUP BY subject_code")
                       .value();
    while (entries.step().value())
        registerEntries[std::string(entries.columnText(0))] = int(entries.columnInt(1));
    std::set<std::string> present;
    std::set<std::string> withNumber;
    auto subjects = vault->database()
                        .prepare("SELECT s.code, EXISTS (SELECT 1 FROM numbers n WHERE n.subject_id = s.id) "
                                 "FROM subjects s")
                        .value();
    while (subjects.step().value()) {
        present.insert(std::string(subjects.columnText(0)));
        if (subjects.columnInt(1))
            withNumber.insert(std::string(subjects.columnText(0)));
    }
    for (const auto& code : acknowledged)
        QVERIFY2(present.count(code) == 1, code.c_str());
    for (const auto& code : numbered)
        QVERIFY2(withNumber.count(code) == 1, code.c_str());
    // One registration entry (plus one for its number) per subject; none for a subject not present.
    const auto isImported = [](const std::string& code) { return code.find("-I") != std::string::npos; };
    for (const auto& code : present)
        if (!isImported(code)) // imported subjects are covered by their batch's one import entry
            QVERIFY2(registerEntries[code] == (withNumber.count(code) ? 2 : 1), code.c_str());
    for (const auto& [code, n] : registerEntries)
        QVERIFY2(present.count(code) == 1, code.c_str());

    // Imports are atomic: a batch is wholly present or wholly absent, every acknowledged batch is
    // present, and there is one successful import entry per batch present.
    std::map<std::string, int> batchSizes;
    for (const auto& code : present) {
        const auto cut = code.rfind('-');
        if (isImported(code) && cut != std::string::npos)
            ++batchSizes[code.substr(0, cut)];
    }
    for (const auto& [batch, size] : batchSizes)
        QVERIFY2(size == 3, batch.c_str());
    for (const auto& batch : imported)
        QVERIFY2(batchSizes.count(batch) == 1, batch.c_str());
    auto importEntries =
        vault->database().prepare("SELECT count(*) FROM audit_entries WHERE action = 'import'").value();
    QVERIFY(importEntries.step().value());
    QCOMPARE(std::size_t(importEntries.columnInt(0)), batchSizes.size());
    QVERIFY(acknowledged.size() >= std::size_t(iterations / 2)); // the kills did land mid-run
    SessionContext admin;
    admin.cardId = std::string(64, 'b');
    admin.roles = {Role::Admin};
    const auto report = vault->verifyAudit(admin, keys);
    QVERIFY(report.ok());
    QVERIFY2(report.value().clean(), describe(report.value()).c_str());
    qInfo("%d kills, %zu acknowledged registrations, %zu numbers, %zu imports", iterations, acknowledged.size(),
          numbered.size(), imported.size());
}

QTEST_GUILESS_MAIN(TestVaultCrash)
#include "tst_vault_crash.moc"
