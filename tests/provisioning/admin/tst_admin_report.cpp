// SPDX-License-Identifier: GPL-3.0-or-later
// `mamori-admin report`: the 取扱状況 record from an archive holding a small, hand-made day of one
// device. The CSV is compared byte for byte (Japanese and English); the HTML is checked for its
// sections and rows; the PDF is rendered to an image (pdftoppm) that must carry ink, and its text
// (pdftotext) must hold the Japanese headings, the clerk's name and the subject codes. A card name
// that reads as a number stops the report before anything is written.

#include "services/common/number_validation.h"
#include "tests/provisioning/admin/admin_test_support.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace mamori;
using namespace mamori::test;
using vault::AuditAction;
using vault::AuditEntry;
using vault::AuditRole;

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

constexpr std::int64_t kMinute = 60000;

AuditEntry entry(int minute, const std::string& actor, AuditRole role, AuditAction action,
                 const std::string& employee = {}, const std::string& purpose = {}, const std::string& detail = {})
{
    AuditEntry e;
    e.timeMs = kLogStartMs + minute * kMinute;
    e.deviceId = "kiosk-r";
    e.actor = actor;
    e.role = role;
    e.action = action;
    if (!employee.empty()) {
        e.subjectId = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        e.employeeCode = employee;
    }
    e.purpose = purpose;
    e.detail = detail;
    e.result = vault::auditResultOk();
    return e;
}

std::vector<AuditEntry> day()
{
    const std::string system(vault::kSystemActor);
    std::vector<AuditEntry> d{
        entry(0, kClerkCardA, AuditRole::Clerk, AuditAction::Login),
        entry(1, kClerkCardA, AuditRole::Clerk, AuditAction::Reveal, "E0001", "withholding"),
        entry(2, kClerkCardA, AuditRole::Clerk, AuditAction::Register, "E0002", "withholding"),
        entry(3, kClerkCardB, AuditRole::Clerk, AuditAction::LoginFailed, "", "", "bad signature"),
        entry(4, kClerkCardB, AuditRole::Clerk, AuditAction::Export, "", "withholding", "subjects=25"),
        entry(5, kClerkCardA, AuditRole::Clerk, AuditAction::DisposalExecute, "E0003", "", "request 1 disposed 2"),
        entry(6, system, AuditRole::System, AuditAction::Alert, "", "", "out of hours activity"),
        entry(7, kClerkCardA, AuditRole::Clerk, AuditAction::Logout),
        // The next day, 10:00 JST: outside a one-day period.
        entry(25 * 60, kClerkCardB, AuditRole::Clerk, AuditAction::Reveal, "E0001", "social_insurance"),
    };
    d[1].cardSignature.assign(64, 1);
    d[3].result = vault::auditResultRefused(ErrorCode::PermissionDenied);
    d[4].cardSignature.assign(64, 2);
    return d;
}

const char* kExpectedCsv =
    "\xEF\xBB\xBF"
    "区分 (section),日時 (time),装置 (device),連番 (sequence),担当者 (clerk),役割 (role),操作 (action),"
    "利用目的 (purpose),対象者コード (subject_code),結果 (result),詳細 (detail),件数 (count)\r\n"
    "担当者別,,,,山田 太郎 (a1b2:c3d4:e5f6:a7b8),事務取扱担当者,ログイン,,,,,1\r\n"
    "担当者別,,,,山田 太郎 (a1b2:c3d4:e5f6:a7b8),事務取扱担当者,ログアウト,,,,,1\r\n"
    "担当者別,,,,山田 太郎 (a1b2:c3d4:e5f6:a7b8),事務取扱担当者,番号表示,,,,,1\r\n"
    "担当者別,,,,山田 太郎 (a1b2:c3d4:e5f6:a7b8),事務取扱担当者,登録,,,,,1\r\n"
    "担当者別,,,,山田 太郎 (a1b2:c3d4:e5f6:a7b8),事務取扱担当者,廃棄実行,,,,,1\r\n"
    "担当者別,,,,b2c3:d4e5:f6a7:b8c9,事務取扱担当者,ログイン失敗,,,,,1\r\n"
    "担当者別,,,,b2c3:d4e5:f6a7:b8c9,事務取扱担当者,出力・持出し,,,,,1\r\n"
    "担当者別,,,,システム (system),システム,アラート,,,,,1\r\n"
    "操作別,,,,,,ログイン,,,,,1\r\n"
    "操作別,,,,,,ログイン失敗,,,,,1\r\n"
    "操作別,,,,,,ログアウト,,,,,1\r\n"
    "操作別,,,,,,番号表示,,,,,1\r\n"
    "操作別,,,,,,登録,,,,,1\r\n"
    "操作別,,,,,,出力・持出し,,,,,1\r\n"
    "操作別,,,,,,廃棄実行,,,,,1\r\n"
    "操作別,,,,,,アラート,,,,,1\r\n"
    "利用目的別,,,,,,,withholding,,,,3\r\n"
    "対象者別,,,,,,番号表示,,E0001,,,1\r\n"
    "対象者別,,,,,,登録,,E0002,,,1\r\n"
    "対象者別,,,,,,廃棄実行,,E0003,,,1\r\n"
    "廃棄,2026-04-01 09:05:00,kiosk-r,6,山田 太郎 (a1b2:c3d4:e5f6:a7b8),事務取扱担当者,廃棄実行,,E0003,成功,"
    "request 1 disposed 2,\r\n"
    "アラート,2026-04-01 09:06:00,kiosk-r,7,システム (system),システム,アラート,,,成功,out of hours activity,\r\n"
    "操作記録,2026-04-01 09:00:00,kiosk-r,1,山田 太郎 (a1b2:c3d4:e5f6:a7b8),事務取扱担当者,ログイン,,,成功,,\r\n"
    "操作記録,2026-04-01 09:01:00,kiosk-r,2,山田 太郎 (a1b2:c3d4:e5f6:a7b8),事務取扱担当者,番号表示,withholding,"
    "E0001,成功,,\r\n"
    "操作記録,2026-04-01 09:02:00,kiosk-r,3,山田 太郎 (a1b2:c3d4:e5f6:a7b8),事務取扱担当者,登録,withholding,E0002,"
    "成功,,\r\n"
    "操作記録,2026-04-01 09:03:00,kiosk-r,4,b2c3:d4e5:f6a7:b8c9,事務取扱担当者,ログイン失敗,,,拒否 E0003,"
    "bad signature,\r\n"
    "操作記録,2026-04-01 09:04:00,kiosk-r,5,b2c3:d4e5:f6a7:b8c9,事務取扱担当者,出力・持出し,withholding,,成功,"
    "subjects=25,\r\n"
    "操作記録,2026-04-01 09:05:00,kiosk-r,6,山田 太郎 (a1b2:c3d4:e5f6:a7b8),事務取扱担当者,廃棄実行,,E0003,成功,"
    "request 1 disposed 2,\r\n"
    "操作記録,2026-04-01 09:06:00,kiosk-r,7,システム (system),システム,アラート,,,成功,out of hours activity,\r\n"
    "操作記録,2026-04-01 09:07:00,kiosk-r,8,山田 太郎 (a1b2:c3d4:e5f6:a7b8),事務取扱担当者,ログアウト,,,成功,,\r\n";

} // namespace

class TestAdminReport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void csvExact();
    void csvInEnglish();
    void html();
    void pdf();
    void numberFenceStopsTheReport();
    void periodAndDeviceChecks();

private:
    CliResult report(const QStringList& extra) const
    {
        return runAdmin(QStringList{"report", "--store", m_store, "--config", m_config} + extra);
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    QString m_store;
    QString m_config;
};

void TestAdminReport::initTestCase()
{
    QVERIFY(initSodium().ok());
    QVERIFY2(!adminProgram().isEmpty(), "MAMORI_ADMIN is not set");
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("MAMORI_KEEP_TEST_FILES")); // to look at the PDFs
    LogSpec spec;
    spec.deviceId = "kiosk-r";
    spec.seedByte = 50;
    spec.entries = 0;
    SyntheticLog log = makeLog(spec);
    appendDrafts(log, day());
    const QString bundle = path("day.bundle");
    writeFile(bundle.toStdString(), exportAll(log));
    m_store = path("archive.sqlite");
    m_config = path("config.toml");
    writeText(m_config.toStdString(), "[[card]]\nid = \"" + kClerkCardA + "\"\nname = \"山田 太郎\"\n");
    const CliResult imported =
        runAdmin({"import", bundle, "--store", m_store, "--key", QString::fromStdString(hexOf(log.publicKey))});
    QCOMPARE(imported.exitCode, 0);
}

void TestAdminReport::csvExact()
{
    const QString out = path("day.csv");
    const CliResult r = report({"--from", "2026-04-01", "--to", "2026-04-01", "--out", out});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("(csv, 8 entries; devices: kiosk-r)"), qPrintable(r.out));
    const std::string csv = readText(out.toStdString());
    if (csv != kExpectedCsv) {
        // Show where they part (the content is synthetic and holds no number).
        std::size_t at = 0;
        while (at < csv.size() && at < std::strlen(kExpectedCsv) && csv[at] == kExpectedCsv[at])
            ++at;
        QFAIL(("CSV differs at byte " + std::to_string(at) + ": got '" + csv.substr(at, 80) + "'").c_str());
    }
    // The same to standard output (QString drops the byte-order mark when it decodes).
    const CliResult stdoutReport = report({"--from", "2026-04-01", "--to", "2026-04-01", "--format", "csv"});
    QCOMPARE(stdoutReport.exitCode, 0);
    QCOMPARE(stdoutReport.out.toStdString(), std::string(kExpectedCsv + 3));
}

void TestAdminReport::csvInEnglish()
{
    const QString out = path("day-en.csv");
    QCOMPARE(report({"--from", "2026-04-01", "--to", "2026-04-01", "--lang", "en", "--out", out}).exitCode, 0);
    const std::string csv = readText(out.toStdString());
    QVERIFY(csv.starts_with("\xEF\xBB\xBFsection,time,device,sequence,clerk,role,action,purpose,subject_code,result,"
                            "detail,count\r\n"));
    QVERIFY(csv.find("by_clerk,,,,b2c3:d4e5:f6a7:b8c9,Clerk,Failed login,,,,,1\r\n") != std::string::npos);
    QVERIFY(csv.find("operation,2026-04-01 09:03:00,kiosk-r,4,b2c3:d4e5:f6a7:b8c9,Clerk,Failed login,,,refused "
                     "E0003,bad signature,\r\n") != std::string::npos);
    QVERIFY(csv.find("disposal,2026-04-01 09:05:00,kiosk-r,6,") != std::string::npos);
    // The whole archive: the next day's reveal too.
    const CliResult all = report({"--lang", "en", "--out", path("all.csv")});
    QVERIFY2(all.out.contains("(csv, 9 entries; devices: kiosk-r)"), qPrintable(all.out));
}

void TestAdminReport::html()
{
    const QString out = path("day.html");
    QCOMPARE(report({"--from", "2026-04-01", "--to", "2026-04-01", "--out", out}).exitCode, 0);
    const QString html = QString::fromStdString(readText(out.toStdString()));
    QVERIFY(html.startsWith("<!DOCTYPE html>\n<html lang=\"ja\">"));
    for (const char* needle :
         {"<title>取扱状況の記録 (Record of handling)</title>",
          "<h1>特定個人情報の取扱状況の記録 (Record of the handling of specific personal information)</h1>",
          "対象期間 (Period): 2026-04-01 〜 2026-04-01 (JST)", "記録件数 (Entries): 8",
          "<h2>1. 対象装置と検証 (1. Devices and verification)</h2>", "<td>改ざんなし (verified)</td>",
          "<h2>2. 担当者別 (2. By clerk)</h2>", "<h2>3. 操作別 (3. By action)</h2>",
          "<h2>4. 利用目的別 (4. By purpose)</h2>", "<h2>5. 対象者別 (5. By subject code)</h2>",
          "<h2>6. 削除・廃棄の記録 (6. Deletion and disposal)</h2>",
          "<h2>7. 出力・持出し・提供の記録 (7. Exports, media and provisions)</h2>", "<h2>8. アラート (8. Alerts)</h2>",
          "<h2>9. 操作記録 (9. Every operation)</h2>",
          "<tr><td>山田 太郎 (a1b2:c3d4:e5f6:a7b8)</td><td>事務取扱担当者</td><td>番号表示</td><td>1</td></tr>",
          "<tr><td>withholding</td><td>3</td></tr>", "<tr><td>E0003</td><td>廃棄実行</td><td>1</td></tr>",
          "<td>out of hours activity</td>", "この記録に個人番号は含まれません"}) {
        QVERIFY2(html.contains(QString::fromUtf8(needle)), needle);
    }
    QVERIFY(!html.contains("<script"));
    // English only with --lang en.
    QCOMPARE(report({"--lang", "en", "--no-operations", "--out", path("en.html")}).exitCode, 0);
    const QString english = QString::fromStdString(readText(path("en.html").toStdString()));
    QVERIFY(english.contains("<h2>2. By clerk</h2>"));
    QVERIFY(english.contains("<h2>7. Alerts</h2>"));
    QVERIFY(!english.contains("Every operation"));
    QVERIFY(!english.contains(QString::fromUtf8("担当者別")));
}

void TestAdminReport::pdf()
{
    const QString out = path("day.pdf");
    const CliResult r = report({"--from", "2026-04-01", "--to", "2026-04-01", "--out", out});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("report written to " + out + " (pdf, 8 entries"), qPrintable(r.out));
    QVERIFY(QFileInfo(out).size() > 1000);
    std::string error;
    const double ink = pdfInk(out.toStdString(), error);
    QVERIFY2(error.empty(), error.c_str());
    QVERIFY2(ink > 0.005 && ink < 0.5, std::to_string(ink).c_str()); // text on a white page
    QVERIFY(pdfPages(out.toStdString(), error) >= 1);
    const std::string text = nfkc(pdfText(out.toStdString(), error));
    QVERIFY2(error.empty(), error.c_str());
    for (const char* needle :
         {"特定個人情報の取扱状況の記録", "担当者別 (2. By clerk)", "山田 太郎", "番号表示", "E0001", "E0003",
          "廃棄実行", "kiosk-r", "out of hours activity", "2026-04-01 09:05:00"}) {
        QVERIFY2(text.find(nfkc(needle)) != std::string::npos, needle);
    }
}

void TestAdminReport::numberFenceStopsTheReport()
{
    // A card name in the configuration that reads as a number (built here, never printed).
    const char body[] = "12345678901";
    const std::string number =
        std::string(body) + char('0' + individualCheckDigit(std::span<const char, 11>(body, 11)));
    const QString config = path("bad-name.toml");
    writeText(config.toStdString(), "[[card]]\nid = \"" + kClerkCardB + "\"\nname = \"番号 " + number.substr(0, 4) +
                                        "-" + number.substr(4, 4) + "-" + number.substr(8) + "\"\n");
    const QString out = path("fenced.csv");
    const CliResult r = runAdmin({"report", "--store", m_store, "--config", config, "--out", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("no report written: the configured name of card b2c3:d4e5:f6a7:b8c9 reads as a number"),
             qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out));
}

void TestAdminReport::periodAndDeviceChecks()
{
    QCOMPARE(report({"--from", "2026-02-30"}).exitCode, 1);
    QCOMPARE(report({"--from", "2026-04-02", "--to", "2026-04-01"}).exitCode, 1);
    QCOMPARE(report({"--format", "docx"}).exitCode, 1);
    QCOMPARE(report({"--format", "pdf"}).exitCode, 1); // a PDF needs --out
    const CliResult unknown = report({"--device", "kiosk-zz"});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.err.contains("device 'kiosk-zz' is not in the archive"));
    // Never written over what is not a regular file: a symbolic link (and its target) stays as it was.
    const QString target = path("target.txt");
    writeText(target.toStdString(), "keep");
    const QString link = path("link.csv");
    QVERIFY(QFile::link(target, link));
    const CliResult refused = report({"--out", link});
    QCOMPARE(refused.exitCode, 3);
    QVERIFY2(refused.err.contains("it exists and is not a regular file"), qPrintable(refused.err));
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(readText(target.toStdString()), std::string("keep"));
    // An empty period still gives a record: headings and nothing else.
    const CliResult empty = report({"--from", "2026-05-01", "--to", "2026-05-31", "--out", path("empty.html")});
    QCOMPARE(empty.exitCode, 0);
    QVERIFY(QString::fromStdString(readText(path("empty.html").toStdString())).contains("該当なし (none)"));
}

QTEST_GUILESS_MAIN(TestAdminReport)
#include "tst_admin_report.moc"
