// SPDX-License-Identifier: GPL-3.0-or-later
// `mamori-admin verify` on every kind of tampering (AUDIT_FORMAT.md, "Which tampering gives which
// kind"): each damaged bundle is refused with exit code 2, the right kind, the first bad sequence
// and the plain-words headline; a clean bundle passes and prints the head to continue from. The
// executable runs as a process, as the administrator runs it.
//
// Bundles come from a synthetic log made with the vault's own chain code; damaged ones are written
// byte for byte to the documented layout and signed with the device key, as a compromised exporter
// could (admin_test_support.h).

#include "provisioning/admin/damage_text.h"
#include "services/common/number_validation.h"
#include "tests/provisioning/admin/admin_test_support.h"

#include <QTemporaryDir>
#include <QTest>

using namespace mamori;
using namespace mamori::test;
using vault::AuditEntry;
using vault::Checkpoint;

namespace {

std::string hexOf(std::span<const std::uint8_t> bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

// A synthetic number with a valid check digit, built at run time so that no test prints it.
std::string syntheticNumber()
{
    const char body[] = "12345678901";
    return std::string(body) + char('0' + individualCheckDigit(std::span<const char, 11>(body, 11)));
}

} // namespace

class TestAdminVerify : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanBundle();
    void tampered_data();
    void tampered();
    void truncatedFile();
    void notABundle();
    void wrongKey();
    void continuity();
    void rolledBackCounter();
    void usageAndMissingFile();
    void everyKindHasWords();

private:
    QString write(const std::string& name, const std::vector<std::uint8_t>& bytes);
    QTemporaryDir m_dir;
    SyntheticLog m_log;
};

void TestAdminVerify::initTestCase()
{
    QVERIFY(initSodium().ok());
    QVERIFY2(!adminProgram().isEmpty(), "MAMORI_ADMIN is not set");
    QVERIFY(m_dir.isValid());
    LogSpec spec;
    spec.deviceId = "kiosk-v";
    spec.seedByte = 40;
    spec.entries = 12;
    spec.checkpointEvery = 4; // checkpoints at 4, 8, 12 with counters 1-3
    m_log = makeLog(spec);
    QCOMPARE(m_log.checkpoints.size(), std::size_t(3));
}

QString TestAdminVerify::write(const std::string& name, const std::vector<std::uint8_t>& bytes)
{
    const QString path = m_dir.filePath(QString::fromStdString(name));
    writeFile(path.toStdString(), bytes);
    return path;
}

void TestAdminVerify::cleanBundle()
{
    const QString path = write("clean.bundle", exportAll(m_log));
    const CliResult r = runAdmin({"verify", path, "--key", QString::fromStdString(hexOf(m_log.publicKey))});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("OK: no damage found: 12 entries and 3 checkpoints verify; head 12, newest TPM counter 3"),
             qPrintable(r.out));
    QVERIFY(r.out.contains("bundle: device kiosk-v, sequences 1-12 (12 entries), 3 checkpoints"));
    QVERIFY(r.out.contains("pinned with --key: the same key"));
    QVERIFY(r.out.contains("--after-head '12:"));
    // Without a key: still clean, with the caveat.
    const CliResult unpinned = runAdmin({"verify", path});
    QCOMPARE(unpinned.exitCode, 0);
    QVERIFY(unpinned.out.contains("not pinned (no --key)"));
}

void TestAdminVerify::tampered_data()
{
    QTest::addColumn<int>("variant");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("sequence");
    QTest::addColumn<QString>("headline");
    QTest::newRow("flipped byte in an entry")
        << 0 << "ModifiedEntry" << 5 << "entry 5 was changed after it was written";
    QTest::newRow("dropped entry") << 1 << "BrokenLink" << 4 << "the chain is broken at entry 4";
    QTest::newRow("forged entry inserted, later ones renumbered")
        << 2 << "BrokenLink" << 7 << "the chain is broken at entry 7";
    QTest::newRow("entry inserted under a taken sequence")
        << 3 << "DuplicateSequence" << 6 << "entry 5 appears a second time where entry 6 belongs";
    QTest::newRow("entries reordered") << 4 << "Reordered" << 3 << "entries are out of order at sequence 3";
    QTest::newRow("entry duplicated") << 5 << "DuplicateSequence" << 5
                                      << "entry 4 appears a second time where entry 5 belongs";
    QTest::newRow("tail dropped, checkpoint kept")
        << 6 << "Truncated" << 11 << "the log was cut short: entries from sequence 11 on are missing";
    QTest::newRow("forked chain") << 7 << "Forked" << 8
                                  << "the chain was rewritten (forked) before the checkpoint at sequence 8";
    QTest::newRow("checkpoint signature swapped")
        << 8 << "BadCheckpointSignature" << 8 << "the checkpoint at sequence 8 is not signed by the device key";
    QTest::newRow("checkpoint signed by another key")
        << 9 << "BadCheckpointSignature" << 8 << "the checkpoint at sequence 8 is not signed by the device key";
    QTest::newRow("rolled-back counter") << 10 << "CounterRollback" << 8
                                         << "the checkpoint at sequence 8 has a lower TPM counter";
    QTest::newRow("checkpoint removed") << 11 << "MissingCheckpoint" << 9
                                        << "entries from sequence 9 on are not covered by a checkpoint";
    QTest::newRow("bundle signature swapped")
        << 12 << "BadBundleSignature" << 0 << "the bundle's signature does not verify";
    QTest::newRow("entry holding a number")
        << 13 << "ForbiddenContent" << 6 << "entry 6 holds text that reads as an individual or corporate number";
    QTest::newRow("checkpoints reordered") << 14 << "Reordered" << 8 << "entries are out of order at sequence 8";
}

void TestAdminVerify::tampered()
{
    QFETCH(int, variant);
    QFETCH(QString, kind);
    QFETCH(int, sequence);
    QFETCH(QString, headline);
    const vault::DeviceSigner signer = signerOf(m_log);
    const SecretBuffer otherSeed = SecretBuffer::copyOf(std::array<std::uint8_t, 32>{9, 9, 9}).value();
    BundleParts p = partsOf(m_log);
    auto& e = p.entries;
    auto& c = p.checkpoints;
    std::vector<std::uint8_t> bytes;
    switch (variant) {
    case 0: {
        // One byte of entry 5's employee code flipped in an exported bundle.
        bytes = exportAll(m_log);
        const auto encoded = vault::encodeEntry(m_log.entries[4]).value();
        const auto at = std::search(bytes.begin(), bytes.end(), encoded.begin(), encoded.end());
        QVERIFY(at != bytes.end());
        const std::string code = m_log.entries[4].employeeCode;
        QVERIFY(!code.empty());
        const auto field = std::search(at, at + std::ptrdiff_t(encoded.size()), code.begin(), code.end());
        *field ^= 0x01;
        break;
    }
    case 1:
        e.erase(e.begin() + 3);
        break;
    case 2: {
        AuditEntry forged = syntheticDraft(m_log.deviceId, 3, e[4].timeMs + 1);
        forged = vault::makeNext(vault::headOf(e[4]), forged).value();
        e.insert(e.begin() + 5, forged);
        for (std::size_t i = 6; i < e.size(); ++i) {
            e[i].sequence = i + 1;
            e[i].hash = vault::computeEntryHash(e[i]).value();
        }
        break;
    }
    case 3: {
        AuditEntry forged = syntheticDraft(m_log.deviceId, 3, e[4].timeMs + 1);
        forged = vault::makeNext(vault::headOf(e[3]), forged).value(); // sequence 5 again
        e.insert(e.begin() + 5, forged);
        break;
    }
    case 4:
        std::swap(e[2], e[6]);
        break;
    case 5:
        e.insert(e.begin() + 4, e[3]);
        break;
    case 6:
        e.resize(10);
        break;
    case 7:
        e[5].detail = "forged-detail";
        rechain(e, 5, vault::headOf(e[4]));
        break;
    case 8:
        c[1].signature = c[0].signature;
        break;
    case 9:
        c[1] = vault::signCheckpoint({c[1].sequence, c[1].headHash}, c[1].counter, c[1].timeMs, otherSeed).value();
        break;
    case 10:
        c[1] = vault::signCheckpoint(signer, {c[1].sequence, c[1].headHash}, 0, c[1].timeMs);
        break;
    case 11:
        c.pop_back();
        break;
    case 12: {
        bytes = exportAll(m_log);
        const auto other = exportRange(m_log, 1, 8);
        std::copy(other.end() - 64, other.end(), bytes.end() - 64);
        break;
    }
    case 13:
        e[5].detail = "no " + syntheticNumber();
        rechain(e, 5, vault::headOf(e[4]));
        c = {c[0], vault::signCheckpoint(signer, vault::headOf(e[7]), 2, 0),
             vault::signCheckpoint(signer, vault::headOf(e[11]), 3, 0)};
        break;
    case 14:
        std::swap(c[1], c[2]);
        break;
    default:
        QFAIL("unknown variant");
    }
    if (bytes.empty())
        bytes = writeBundle(p, signer);
    const QString path = write("tampered-" + std::to_string(variant) + ".bundle", bytes);
    const CliResult r = runAdmin({"verify", path, "--key", QString::fromStdString(hexOf(m_log.publicKey))});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.contains("DAMAGED: " + headline), qPrintable(r.out));
    QVERIFY2(r.out.contains("kind " + kind + ", sequence " + QString::number(sequence)), qPrintable(r.out));
    // The damage is named in words, never by quoting the entry: nothing of its content is printed.
    QVERIFY(!r.out.contains("forged-detail"));
    QVERIFY(r.err.isEmpty() || r.err.contains("umask"));
}

void TestAdminVerify::truncatedFile()
{
    auto bytes = exportAll(m_log);
    for (const std::size_t cut : {std::size_t(0), std::size_t(10), bytes.size() / 2, bytes.size() - 1}) {
        const QString path = write("cut-" + std::to_string(cut) + ".bundle",
                                   std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + std::ptrdiff_t(cut)));
        const CliResult r = runAdmin({"verify", path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.contains("DAMAGED: the data is not a well-formed audit bundle or entry"), qPrintable(r.out));
        QVERIFY(r.out.contains("kind Malformed"));
    }
    // Bytes added after the signature.
    bytes.push_back(0);
    const CliResult r = runAdmin({"verify", write("longer.bundle", bytes)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.contains("kind Malformed"));
}

void TestAdminVerify::notABundle()
{
    const QString path = m_dir.filePath("text.bundle");
    writeText(path.toStdString(), "this is not an audit bundle\n");
    const CliResult r = runAdmin({"verify", path});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.contains("kind Malformed"));
}

void TestAdminVerify::wrongKey()
{
    const QString path = write("clean-for-key.bundle", exportAll(m_log));
    LogSpec spec;
    spec.seedByte = 90;
    spec.entries = 1;
    const SyntheticLog other = makeLog(spec);
    // Spaces in the key are allowed (the tool prints keys grouped).
    std::string grouped;
    const std::string hex = hexOf(other.publicKey);
    for (std::size_t i = 0; i < hex.size(); i += 4)
        grouped += hex.substr(i, 4) + " ";
    const CliResult r = runAdmin({"verify", path, "--key", QString::fromStdString(grouped)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.contains("DAMAGED: the bundle is signed by another key than the device's pinned key"));
    QVERIFY(r.out.contains("pinned with --key: ANOTHER key"));
    QVERIFY(r.out.contains("kind WrongDeviceKey"));
}

void TestAdminVerify::continuity()
{
    const QString first = write("first.bundle", exportRange(m_log, 1, 8));
    const QString second = write("second.bundle", exportRange(m_log, 9, 12));
    const CliResult one = runAdmin({"verify", first});
    QCOMPARE(one.exitCode, 0);
    const qsizetype at = one.out.indexOf("--after-head '");
    QVERIFY(at >= 0);
    const qsizetype start = at + qsizetype(std::strlen("--after-head '"));
    const QString head = one.out.mid(start, one.out.indexOf('\'', start) - start);
    QVERIFY(head.startsWith("8:"));
    QCOMPARE(runAdmin({"verify", second, "--after-head", head}).exitCode, 0);

    // A second bundle that does not continue the first: the hash of entry 7 given as the head.
    const std::string wrong = "8:" + hexOf(m_log.entries[6].hash);
    const CliResult broken = runAdmin({"verify", second, "--after-head", QString::fromStdString(wrong)});
    QCOMPARE(broken.exitCode, 2);
    QVERIFY2(broken.out.contains("kind BrokenLink, sequence 9"), qPrintable(broken.out));
    // A gap: the bundle starts after 8 but the previous pull ended at 7.
    const std::string earlier = "7:" + hexOf(m_log.entries[6].hash);
    const CliResult gap = runAdmin({"verify", second, "--after-head", QString::fromStdString(earlier)});
    QCOMPARE(gap.exitCode, 2);
    QVERIFY2(gap.out.contains("kind SequenceGap"), qPrintable(gap.out));
}

void TestAdminVerify::rolledBackCounter()
{
    // An old copy: the bundle's newest counter (3) is below what the archive has already seen (5).
    const QString path = write("old.bundle", exportAll(m_log));
    const CliResult r = runAdmin({"verify", path, "--min-counter", "5"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.contains("DAMAGED: the log was rolled back: its newest checkpoint (sequence 12) is older"),
             qPrintable(r.out));
    QVERIFY(r.out.contains("kind RolledBack, sequence 12"));
    QCOMPARE(runAdmin({"verify", path, "--min-counter", "3"}).exitCode, 0);
    // The checkpoint policy bound: 4 entries between checkpoints is fine, 3 is not.
    QCOMPARE(runAdmin({"verify", path, "--max-uncheckpointed", "4"}).exitCode, 0);
    const CliResult tight = runAdmin({"verify", path, "--max-uncheckpointed", "3"});
    QCOMPARE(tight.exitCode, 2);
    QVERIFY(tight.out.contains("kind MissingCheckpoint, sequence 4"));
}

void TestAdminVerify::usageAndMissingFile()
{
    QCOMPARE(runAdmin({"verify"}).exitCode, 1);
    QCOMPARE(runAdmin({"verify", "a", "b"}).exitCode, 1);
    QCOMPARE(runAdmin({"verify", "x", "--key", "zz"}).exitCode, 1);
    QCOMPARE(runAdmin({"verify", "x", "--bogus"}).exitCode, 1);
    QCOMPARE(runAdmin({"no-such-verb"}).exitCode, 1);
    const CliResult missing = runAdmin({"verify", m_dir.filePath("absent.bundle")});
    QCOMPARE(missing.exitCode, 3);
    QVERIFY(missing.err.contains("cannot read"));
    const CliResult help = runAdmin({"verify", "--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("exit codes: 0 ok, 1 usage, 2 verification failed"));
    for (const char* verb : {"pull", "import", "report", "certificate", "fleet"})
        QCOMPARE(runAdmin({verb, "--help"}).exitCode, 0);
}

void TestAdminVerify::everyKindHasWords()
{
    for (int k = 0; k <= int(vault::DamageKind::Unverifiable); ++k) {
        vault::VerifyReport report;
        report.kind = vault::DamageKind(k);
        report.sequence = 7;
        const admin::DamageExplanation words = admin::explainDamage(report);
        QVERIFY2(!words.headline.empty(), qPrintable(QString::number(k)));
    }
}

QTEST_GUILESS_MAIN(TestAdminVerify)
#include "tst_admin_verify.moc"
