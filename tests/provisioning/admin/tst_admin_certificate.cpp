// SPDX-License-Identifier: GPL-3.0-or-later
// `mamori-admin certificate`: a disposal certificate made by the real vault code (mamori-demo-seed
// runs a disposal end to end and writes the certificate file) rendered as a PDF — checked as an
// image (pdftoppm) and as text (pdftotext) — with the OpenSSL steps it prints run here against the
// file; cross-checked against an archive built from the same vault's audit log; and every kind of
// damage to the file refused (changed body, swapped signature, swapped key, CRLF conversion, extra
// bytes, missing lines, another pinned key, an audit entry that is not the disposal, a field that
// reads as a number).

#include "provisioning/admin/archive_store.h"
#include "provisioning/admin/disposal_certificate.h"
#include "services/common/number_validation.h"
#include "services/vault/card_signature.h"
#include "services/vault/vault.h"
#include "tests/provisioning/admin/admin_test_support.h"
#include "tests/support/test_card.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace mamori;
using namespace mamori::test;
using mamori::test::TestCard;

namespace {

std::string hexString(std::span<const std::uint8_t> bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string fieldOf(const std::string& file, const std::string& key)
{
    const auto at = file.find("\n" + key + "=");
    if (at == std::string::npos)
        return {};
    const auto start = at + key.size() + 2;
    return file.substr(start, file.find('\n', start) - start);
}

std::string replaceLine(std::string file, const std::string& key, const std::string& value)
{
    const auto at = file.find("\n" + key + "=");
    const auto start = at + key.size() + 2;
    file.replace(start, file.find('\n', start) - start, value);
    return file;
}

// Runs a shell script in `dir`; exit code and merged output.
std::pair<int, std::string> shell(const QString& dir, const QString& script)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start("/bin/bash", {"-c", script});
    process.waitForFinished(60000);
    return {process.exitCode(), QString::fromUtf8(process.readAll()).toStdString()};
}

// The OpenSSL steps the certificate prints (disposal_certificate.cpp), verbatim.
const char* kRecipe = "head -n -2 certificate.txt > body.txt\n"
                      "sed -n 's/^signature=//p' certificate.txt | xxd -r -p > signature.bin\n"
                      "sed -n 's/^device_public_key=/302a300506032b6570032100/p' certificate.txt \\\n"
                      "  | xxd -r -p | openssl pkey -pubin -inform DER -out device.pem\n"
                      "openssl pkeyutl -verify -pubin -inkey device.pem -rawin -in body.txt -sigfile signature.bin\n";

} // namespace

class TestAdminCertificate : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void rendersTheVaultsCertificate();
    void openSslStepsVerifyTheFile();
    void confirmedAgainstTheArchive();
    void englishAndHtml();
    void tampered_data();
    void tampered();
    void auditEntryMustBeTheDisposal();
    void numberFence();

private:
    CliResult run(const QStringList& arguments) const
    {
        QProcessEnvironment env;
        env.insert("MAMORI_ADMIN_STORE", m_dir.filePath("no-archive.sqlite"));
        env.insert("MAMORI_ADMIN_CONFIG", m_dir.filePath("no-config.toml"));
        return runAdmin(arguments, env);
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string makeSeed(const QString& name);

    QTemporaryDir m_dir;
    QString m_certificate;
    std::string m_file;
    std::string m_otherFile;
};

std::string TestAdminCertificate::makeSeed(const QString& name)
{
    const QString program = qEnvironmentVariable("MAMORI_DEMO_SEED");
    if (program.isEmpty())
        qFatal("MAMORI_DEMO_SEED is not set (CTest sets it)");
    QProcess seed;
    seed.start(program, {m_dir.filePath(name)});
    if (!seed.waitForFinished(120000) || seed.exitCode() != 0)
        qFatal("mamori-demo-seed failed");
    return readText(m_dir.filePath(name + "/disposal-certificate-1.txt").toStdString());
}

void TestAdminCertificate::initTestCase()
{
    QVERIFY(initSodium().ok());
    QVERIFY2(!adminProgram().isEmpty(), "MAMORI_ADMIN is not set");
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("MAMORI_KEEP_TEST_FILES")); // to look at the PDFs
    m_file = makeSeed("seed");
    m_otherFile = makeSeed("other-seed");
    QVERIFY(m_file.starts_with("mamori-disposal-certificate-v1\n"));
    m_certificate = path("certificate.txt");
    writeText(m_certificate.toStdString(), m_file);
    // The file parses and verifies in process too.
    const auto parsed =
        admin::parseCertificateFile(std::span(reinterpret_cast<const std::uint8_t*>(m_file.data()), m_file.size()));
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().context().c_str());
    // The format is what formatCertificateFile writes.
    QCOMPARE(admin::formatCertificateFile(parsed.value().body, parsed.value().signature, parsed.value().publicKey),
             m_file);
}

void TestAdminCertificate::rendersTheVaultsCertificate()
{
    const QString out = path("certificate.pdf");
    const CliResult r = run({"certificate", m_certificate, "--out", out});
    QCOMPARE(r.exitCode, 0);
    const std::string device = fieldOf(m_file, "device");
    QVERIFY2(r.out.contains(QString::fromStdString("certificate: request 1 of device " + device +
                                                   ", signature valid; key not compared with a pinned key; audit "
                                                   "entry " +
                                                   fieldOf(m_file, "audit_sequence") + " not checked; written to ")),
             qPrintable(r.out));
    std::string error;
    const double ink = pdfInk(out.toStdString(), error);
    QVERIFY2(error.empty(), error.c_str());
    QVERIFY2(ink > 0.005 && ink < 0.5, std::to_string(ink).c_str());
    const std::string text = nfkc(pdfText(out.toStdString(), error));
    QVERIFY2(error.empty(), error.c_str());
    const std::string key = hexString(
        admin::parseCertificateFile(std::span(reinterpret_cast<const std::uint8_t*>(m_file.data()), m_file.size()))
            .value()
            .publicKey);
    for (const std::string& needle :
         {std::string("廃棄証明書 (Certificate of disposal)"), std::string("署名 (Signature)"),
          std::string("有効 (valid)"), std::string("未照合 (not compared with a pinned device key)"), device,
          fieldOf(m_file, "subjects"), std::string("mamori-disposal-certificate-v1"),
          "request=" + fieldOf(m_file, "request"), "audit_sequence=" + fieldOf(m_file, "audit_sequence"),
          key.substr(0, 4) + " " + key.substr(4, 4), std::string("head -n -2 certificate.txt > body.txt"),
          std::string("Signature Verified Successfully"), std::string("Ed25519 (RFC 8032)"),
          std::string("第三者による検証方法")}) {
        QVERIFY2(text.find(nfkc(needle)) != std::string::npos, needle.c_str());
    }
    // The default output name: the input's, with .pdf.
    const QString copy = path("copy.txt");
    writeText(copy.toStdString(), m_file);
    QCOMPARE(run({"certificate", copy}).exitCode, 0);
    QVERIFY(QFileInfo::exists(path("copy.pdf")));
}

void TestAdminCertificate::openSslStepsVerifyTheFile()
{
    const auto [code, output] = shell(m_dir.path(), kRecipe);
    QCOMPARE(code, 0);
    QVERIFY(output.find("Signature Verified Successfully") != std::string::npos);
    // The same steps on a changed file fail.
    QTemporaryDir changed;
    writeText(changed.filePath("certificate.txt").toStdString(),
              replaceLine(m_file, "subjects", fieldOf(m_file, "subjects") + ",E9999"));
    const auto [badCode, badOutput] = shell(changed.path(), kRecipe);
    QVERIFY(badCode != 0);
    QVERIFY(badOutput.find("Signature Verification Failure") != std::string::npos);
}

void TestAdminCertificate::confirmedAgainstTheArchive()
{
    // A disposal through the vault in process (as tst_vault_disposal does it), then the vault's own
    // bundle of its log imported into the archive: the certificate's audit entry is confirmed there.
    using namespace mamori::vault;
    using std::chrono::day;
    using std::chrono::month;
    using std::chrono::year;
    using std::chrono::year_month_day;
    auto keys = MemoryKeySource::generate().value();
    ManualClock clock(0);
    clock.setDateJst(year_month_day{year(2018), month(1), day(5)});
    VaultOptions vaultOptions;
    vaultOptions.path = path("vault.db").toStdString();
    vaultOptions.create = true;
    vaultOptions.deviceId = "kiosk-cert";
    auto vault = Vault::open(vaultOptions, keys, clock).value();
    TestCard clerkCard(TestCard::Kind::EcP256, "clerk");
    TestCard officerCard(TestCard::Kind::EcP256, "officer");
    TestCard adminCard(TestCard::Kind::EcP256, "admin");
    QVERIFY(vault->addDepartment(nullptr, "sales", "営業部").ok());
    QVERIFY(vault->addPurpose(nullptr, "withholding", "源泉徴収票作成事務").ok());
    const auto clerkId = vault->createUser(nullptr, UserSpec{"事務 一郎", {Role::Clerk}, {"sales"}}).value();
    QVERIFY(vault->enrolCard(nullptr, clerkId, clerkCard.certificateDer()).ok());
    const auto officerId = vault->createUser(nullptr, UserSpec{"責任 花子", {Role::Officer}, {}}).value();
    QVERIFY(vault->enrolCard(nullptr, officerId, officerCard.certificateDer()).ok());
    const auto adminId = vault->createUser(nullptr, UserSpec{"管理 次郎", {Role::Admin}, {}}).value();
    QVERIFY(vault->enrolCard(nullptr, adminId, adminCard.certificateDer()).ok());
    SessionContext clerk;
    clerk.userId = clerkId;
    clerk.cardId = clerkCard.cardId();
    clerk.roles = {Role::Clerk};
    clerk.departments = {"sales"};
    clerk.purpose = "withholding";
    SessionContext officer;
    officer.userId = officerId;
    officer.cardId = officerCard.cardId();
    officer.roles = {Role::Officer};
    SessionContext admin;
    admin.userId = adminId;
    admin.cardId = adminCard.cardId();
    admin.roles = {Role::Admin};

    NewSubject employee;
    employee.code = "E7001";
    employee.department = "sales";
    employee.name = PersonalText("退職 太郎");
    employee.nameKana = PersonalText("タイショク タロウ");
    const SubjectId id = vault->registerSubject(clerk, employee).value();
    QVERIFY(vault->notifyPurpose(clerk, id, "withholding", year_month_day{year(2018), month(1), day(5)}).ok());
    QVERIFY(vault->setNumber(clerk, id, "123456789018").ok());
    DocumentRecord document;
    document.ruleCode = "fuyo_kojo_shinkokusho";
    document.taxYear = 2018;
    document.deadline = year_month_day{year(2018), month(1), day(10)};
    document.filed = document.deadline;
    QVERIFY(vault->recordDocument(clerk, id, document).ok());
    clock.setDateJst(year_month_day{year(2018), month(4), day(1)});
    SubjectEdit left;
    left.status = SubjectStatus::Left;
    left.statusDate = year_month_day{year(2018), month(3), day(31)};
    QVERIFY(vault->editSubject(clerk, id, left).ok());
    clock.setDateJst(year_month_day{year(2026), month(1), day(11)});
    const std::int64_t request = vault->requestDisposal(clerk, id).value();
    const auto nonce = vault->issueStepUpNonce(officer).value();
    const auto message =
        stepUpMessage("kiosk-cert", nonce, Vault::canonicalOperation(Operation::ApproveDisposal, id, officer.purpose));
    QVERIFY(vault->approveDisposal(officer, request, StepUpProof{nonce, officerCard.sign(message)}).ok());
    const auto executed = vault->executeDisposal(clerk, request);
    QVERIFY2(executed.ok(), executed.ok() ? "" : executed.error().describe().c_str());
    const DisposalCertificate& made = executed.value();
    const auto bundle = vault->exportAuditBundle(admin, keys, 1);
    QVERIFY2(bundle.ok(), bundle.ok() ? "" : bundle.error().describe().c_str());

    // The certificate file as the kiosk or daemon should write it.
    const QString file = path("vault-certificate.txt");
    writeText(file.toStdString(), admin::formatCertificateFile(made.body, made.signature, made.devicePublicKey));
    const QString bundleFile = path("vault.bundle");
    writeFile(bundleFile.toStdString(), bundle.value());
    const QString store = path("archive.sqlite");
    const CliResult imported =
        run({"import", bundleFile, "--store", store, "--key", QString::fromStdString(hexString(made.devicePublicKey))});
    QCOMPARE(imported.exitCode, 0);

    const QString out = path("confirmed.pdf");
    const CliResult r = run({"certificate", file, "--store", store, "--out", out});
    QCOMPARE(r.exitCode, 0);
    const std::string sequence = fieldOf(made.body, "audit_sequence");
    QVERIFY2(r.out.contains("key matches the archive (option); audit entry " + QString::fromStdString(sequence) +
                            " confirmed in the archive"),
             qPrintable(r.out));
    std::string error;
    const std::string text = nfkc(pdfText(out.toStdString(), error));
    QVERIFY2(error.empty(), error.c_str());
    QVERIFY(text.find(nfkc("登録済みの装置鍵と一致")) != std::string::npos);
    QVERIFY(text.find(nfkc("は廃棄実行の記録")) != std::string::npos);
    QVERIFY(text.find("E7001") != std::string::npos);

    // A key given on the command line that is not the signer's.
    const CliResult wrongKey = run({"certificate", file, "--key", QString(64, 'e'), "--out", path("wrong-key.pdf")});
    QCOMPARE(wrongKey.exitCode, 2);
    QVERIFY(wrongKey.out.contains("not by the key given with --key"));
    QVERIFY(!QFileInfo::exists(path("wrong-key.pdf")));
    const CliResult rightKey = run({"certificate", file, "--key",
                                    QString::fromStdString(hexString(made.devicePublicKey)), "--out", path("key.pdf")});
    QCOMPARE(rightKey.exitCode, 0);
    QVERIFY(rightKey.out.contains("key matches --key"));

    // The same body signed by another key (and carrying that key): the archive's pinned key refuses it.
    LogSpec spec;
    spec.seedByte = 62;
    spec.entries = 1;
    const SyntheticLog impostor = makeLog(spec);
    const auto forged =
        signerOf(impostor).sign(std::span(reinterpret_cast<const std::uint8_t*>(made.body.data()), made.body.size()));
    const QString forgedFile = path("forged.txt");
    writeText(forgedFile.toStdString(), admin::formatCertificateFile(made.body, forged, impostor.publicKey));
    const CliResult refused = run({"certificate", forgedFile, "--store", store, "--out", path("forged.pdf")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.out.contains("not by the key pinned in the archive for device kiosk-cert"),
             qPrintable(refused.out));
}
void TestAdminCertificate::englishAndHtml()
{
    const QString out = path("english.pdf");
    QCOMPARE(run({"certificate", m_certificate, "--lang", "en", "--out", out}).exitCode, 0);
    std::string error;
    const std::string text = nfkc(pdfText(out.toStdString(), error));
    QVERIFY2(error.empty(), error.c_str());
    QVERIFY(text.find(nfkc("Certificate of disposal")) != std::string::npos);
    QVERIFY(text.find(nfkc("How a third party can verify this certificate")) != std::string::npos);
    QVERIFY(text.find(nfkc("廃棄証明書")) == std::string::npos);
    const CliResult html = run({"certificate", m_certificate, "--format", "html"});
    QCOMPARE(html.exitCode, 0);
    QVERIFY(html.out.contains("<pre>mamori-disposal-certificate-v1\n"));
    QVERIFY(html.err.contains("certificate: request 1"));
}

void TestAdminCertificate::tampered_data()
{
    QTest::addColumn<int>("variant");
    QTest::addColumn<QString>("message");
    QTest::newRow("subject code changed") << 0 << "the signature does not verify";
    QTest::newRow("signature swapped") << 1 << "the signature does not verify";
    QTest::newRow("key swapped") << 2 << "the signature does not verify";
    QTest::newRow("converted to CRLF") << 3 << "CR characters";
    QTest::newRow("bytes added after the key") << 4 << "the last line must be device_public_key=";
    QTest::newRow("key line missing") << 5 << "the last line must be device_public_key=";
    QTest::newRow("a line added to the body") << 6 << "the signature does not verify";
    QTest::newRow("not a certificate") << 7 << "the certificate file lacks its signature and key lines";
    QTest::newRow("signature not hex") << 8 << "the second-to-last line must be signature=";
}

void TestAdminCertificate::tampered()
{
    QFETCH(int, variant);
    QFETCH(QString, message);
    std::string file = m_file;
    switch (variant) {
    case 0:
        file = replaceLine(file, "subjects", fieldOf(file, "subjects") + ",E9999");
        break;
    case 1:
        file = replaceLine(file, "signature", fieldOf(m_otherFile, "signature"));
        break;
    case 2:
        file = replaceLine(file, "device_public_key", fieldOf(m_otherFile, "device_public_key"));
        break;
    case 3: {
        std::string crlf;
        for (const char c : file)
            crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        file = crlf;
        break;
    }
    case 4:
        file += "extra\n";
        break;
    case 5:
        file = file.substr(0, file.rfind("device_public_key="));
        break;
    case 6:
        file.insert(file.find("signature="), "note=added\n");
        break;
    case 7:
        file = "hello\n";
        break;
    case 8:
        file = replaceLine(file, "signature", std::string(128, 'z'));
        break;
    default:
        QFAIL("unknown variant");
    }
    const QString input = path(QString("tampered-%1.txt").arg(variant));
    const QString out = path(QString("tampered-%1.pdf").arg(variant));
    writeText(input.toStdString(), file);
    const CliResult r = run({"certificate", input, "--out", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.startsWith("REFUSED: ") && r.out.contains(message), qPrintable(r.out));
    QVERIFY(!QFileInfo::exists(out));
}

void TestAdminCertificate::auditEntryMustBeTheDisposal()
{
    // A device whose seed the test knows: a certificate in the vault's format naming entry 3, which
    // is a disposal in one archive and a registration in another.
    LogSpec spec;
    spec.deviceId = "kiosk-c";
    spec.seedByte = 60;
    spec.entries = 0;
    SyntheticLog log = makeLog(spec);
    std::vector<vault::AuditEntry> drafts{syntheticDraft(log.deviceId, 0, kLogStartMs),
                                          syntheticDraft(log.deviceId, 4, kLogStartMs + 60000),
                                          syntheticDraft(log.deviceId, 499, kLogStartMs + 120000)};
    QCOMPARE(int(drafts[2].action), int(vault::AuditAction::DisposalExecute));
    appendDrafts(log, drafts);
    auto certificateFor = [&](std::uint64_t sequence) {
        std::string body = "mamori-disposal-certificate-v1\ndevice=kiosk-c\nrequest=1\nsubjects=E0001\n"
                           "documents=fuyou/2019\nrequested_by=3\nrequested_ms=1775001500000\napproved_by=2\n"
                           "executed_by=3\nexecuted_ms=1775001720000\naudit_sequence=" +
                           std::to_string(sequence) +
                           "\naudit_previous_hash=" + hexString(log.entries[sequence - 1].prevHash) + "\n";
        const auto signer = signerOf(log);
        const auto signature = signer.sign(std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
        return admin::formatCertificateFile(body, signature, log.publicKey);
    };
    const QString store = path("synthetic.sqlite");
    const QString bundle = path("synthetic.bundle");
    writeFile(bundle.toStdString(), exportAll(log));
    QCOMPARE(
        run({"import", bundle, "--store", store, "--key", QString::fromStdString(hexString(log.publicKey))}).exitCode,
        0);

    const QString good = path("synthetic-good.txt");
    writeText(good.toStdString(), certificateFor(3));
    const CliResult confirmed = run({"certificate", good, "--store", store, "--out", path("synthetic-good.pdf")});
    QCOMPARE(confirmed.exitCode, 0);
    QVERIFY2(confirmed.out.contains("audit entry 3 confirmed in the archive"), qPrintable(confirmed.out));

    const QString wrong = path("synthetic-wrong.txt");
    writeText(wrong.toStdString(), certificateFor(2));
    const CliResult refused = run({"certificate", wrong, "--store", store, "--out", path("synthetic-wrong.pdf")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.out.contains("REFUSED: the certificate names audit entry 2, which in the archive is not this "
                                  "disposal"),
             qPrintable(refused.out));
    // An entry the archive does not hold yet.
    std::string later = certificateFor(3);
    later = replaceLine(later, "audit_sequence", "9");
    // (re-signed below: a changed body needs a new signature)
    const std::string body = later.substr(0, later.find("signature="));
    const auto signature =
        signerOf(log).sign(std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
    const QString pending = path("synthetic-pending.txt");
    writeText(pending.toStdString(), admin::formatCertificateFile(body, signature, log.publicKey));
    const CliResult notYet = run({"certificate", pending, "--store", store, "--out", path("synthetic-pending.pdf")});
    QCOMPARE(notYet.exitCode, 0);
    QVERIFY2(notYet.out.contains("audit entry 9 not archived yet"), qPrintable(notYet.out));
}

void TestAdminCertificate::numberFence()
{
    // A certificate whose subjects field reads as a number, validly signed: never rendered.
    const char digits[] = "12345678901";
    const std::string number =
        std::string(digits) + char('0' + individualCheckDigit(std::span<const char, 11>(digits, 11)));
    LogSpec spec;
    spec.seedByte = 61;
    spec.entries = 1;
    const SyntheticLog log = makeLog(spec);
    const std::string body = "mamori-disposal-certificate-v1\ndevice=kiosk-n\nrequest=1\nsubjects=" + number +
                             "\ndocuments=\nrequested_by=3\nrequested_ms=1\napproved_by=2\nexecuted_by=3\n"
                             "executed_ms=2\naudit_sequence=5\naudit_previous_hash=" +
                             std::string(64, 'a') + "\n";
    const auto signature =
        signerOf(log).sign(std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
    const QString input = path("number.txt");
    writeText(input.toStdString(), admin::formatCertificateFile(body, signature, log.publicKey));
    const CliResult r = run({"certificate", input, "--out", path("number.pdf")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.contains("REFUSED: certificate field 'subjects' reads as a number"), qPrintable(r.out));
    QVERIFY(!QFileInfo::exists(path("number.pdf")));
}

QTEST_GUILESS_MAIN(TestAdminCertificate)
#include "tst_admin_certificate.moc"
