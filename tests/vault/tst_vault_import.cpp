// SPDX-License-Identifier: GPL-3.0-or-later
// CSV import into the vault: all or nothing by default, valid rows only on request, per-row issues
// against the vault (codes and numbers already held, unknown parents, departments out of scope),
// Shift_JIS input, and one audit entry per import. Issues are compared by row, column and code.

#include "services/vault/vault.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mamori;
using namespace mamori::vault;

namespace {
std::string sourceFile(const char* relative)
{
    QFile file(qEnvironmentVariable("MAMORI_SOURCE_DIR") + "/" + relative);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", relative);
    return file.readAll().toStdString();
}

bool hasIssue(const ImportReport& report, std::size_t row, ErrorCode code)
{
    for (const auto& issue : report.issues)
        if (issue.row == row && issue.code == code)
            return true;
    return false;
}

constexpr const char* kHeader = "社員番号,氏名,フリガナ,生年月日,部署,個人番号,区分,扶養元社員番号,続柄,退職日\n";
} // namespace

class TestVaultImport : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup() { m_vault.reset(); }
    void importsEmployeesAndDependents();
    void allOrNothing();
    void validRowsOnlyWhenChosen();
    void checksAgainstTheVault();
    void shiftJisExport();
    void needsPurposeAndClerk();

private:
    SessionContext clerk(std::set<std::string> departments = {"soumu", "keiri"}) const;
    std::int64_t auditCount();

    QTemporaryDir m_dir;
    std::unique_ptr<MemoryKeySource> m_keys;
    ManualClock m_clock{1'767'225'600'000};
    std::unique_ptr<Vault> m_vault;
    int m_run = 0;
};

void TestVaultImport::init()
{
    m_keys = std::make_unique<MemoryKeySource>(MemoryKeySource::generate().value());
    VaultOptions options;
    options.path = m_dir.filePath(QStringLiteral("import-%1.db").arg(++m_run)).toStdString();
    options.create = true;
    m_vault = Vault::open(options, *m_keys, m_clock).value();
    QVERIFY(m_vault->addDepartment(nullptr, "soumu", "総務部").ok());
    QVERIFY(m_vault->addDepartment(nullptr, "keiri", "経理部").ok());
    QVERIFY(m_vault->addDepartment(nullptr, "eigyo", "㈱本社 営業部").ok());
    QVERIFY(m_vault->addDepartment(nullptr, "honsha-soumu", "㈱本社 総務部").ok());
    QVERIFY(m_vault->addPurpose(nullptr, "withholding", "源泉徴収票作成事務").ok());
    QCOMPARE(m_vault->createUser(nullptr, UserSpec{"事務", {Role::Clerk}, {"soumu", "keiri"}}).value(),
             std::int64_t(1));
}

SessionContext TestVaultImport::clerk(std::set<std::string> departments) const
{
    SessionContext s;
    s.userId = 1;
    s.cardId = std::string(64, 'c');
    s.roles = {Role::Clerk};
    s.departments = std::move(departments);
    s.purpose = "withholding";
    return s;
}

std::int64_t TestVaultImport::auditCount()
{
    auto count = m_vault->database().prepare("SELECT count(*) FROM audit_entries").value();
    (void)count.step();
    return count.columnInt(0);
}

void TestVaultImport::importsEmployeesAndDependents()
{
    const auto before = auditCount();
    const auto report = m_vault->importCsv(clerk(), sourceFile("tests/data/csv/employees_utf8_bom.csv"));
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().describe().c_str());
    QCOMPARE(report.value().issues.size(), std::size_t(0));
    QCOMPARE(report.value().imported, report.value().rows);
    QCOMPARE(auditCount(), before + 1);
    // Numbers are findable, dependents hang under their employee, a leaver is marked left.
    const auto found = m_vault->findByNumber(clerk(), "123456789018").value();
    QVERIFY(found.has_value());
    QCOMPARE(found->code, std::string("E001"));
    const auto detail = m_vault->viewSubject(clerk(), found->id).value();
    QCOMPARE(detail.dependents.size(), std::size_t(2));
    QCOMPARE(detail.purposes, std::vector<std::string>{"withholding"});
    ListQuery leaver;
    leaver.codePrefix = "E002";
    QCOMPARE(m_vault->listSubjects(clerk(), leaver).value().items.at(0).status, SubjectStatus::Left);
}

void TestVaultImport::allOrNothing()
{
    const std::string csv = std::string(kHeader) + "A1,甲 一,コウ イチ,1980-01-01,総務部,123456789018,従業員,,,\n"
                                                   "A2,乙 二,オツ ニ,1981-02-02,総務部,123456789010,従業員,,,\n";
    const auto report = m_vault->importCsv(clerk(), csv);
    QVERIFY(report.ok());
    QCOMPARE(report.value().imported, std::size_t(0));
    QVERIFY(hasIssue(report.value(), 3, ErrorCode::IndividualNumberCheckDigit));
    QCOMPARE(m_vault->listSubjects(clerk(), ListQuery{}).value().total, std::int64_t(0));
}

void TestVaultImport::validRowsOnlyWhenChosen()
{
    const std::string csv = std::string(kHeader) + "A1,甲 一,コウ イチ,1980-01-01,総務部,123456789018,従業員,,,\n"
                                                   "A2,乙 二,オツ ニ,1981-02-02,総務部,123456789010,従業員,,,\n";
    const auto report = m_vault->importCsv(clerk(), csv, ImportMode::ValidRowsOnly);
    QVERIFY(report.ok());
    QCOMPARE(report.value().imported, std::size_t(1));
    QCOMPARE(report.value().skipped, std::size_t(1));
    QCOMPARE(m_vault->listSubjects(clerk(), ListQuery{}).value().total, std::int64_t(1));
}

void TestVaultImport::checksAgainstTheVault()
{
    QCOMPARE(m_vault
                 ->importCsv(clerk(), std::string(kHeader) +
                                          "A1,甲 一,コウ イチ,1980-01-01,総務部,123456789018,従業員,,,\n" +
                                          "B1,乙 一,オツ イチ,1979-01-01,経理部,222222222225,従業員,,,\n")
                 .value()
                 .imported,
             std::size_t(2));
    const std::string csv = std::string(kHeader) +
                            "A1,甲 別,コウ ベツ,1980-01-01,総務部,,従業員,,,\n"             // code taken
                            "A3,丙 三,ヘイ サン,1982-03-03,総務部,123456789018,従業員,,,\n" // number held
                            ",丁 四,テイ ヨン,2010-04-04,,,扶養親族,ZZ9,子,\n"              // unknown parent
                            "A5,戊 五,ボ ゴ,1985-05-05,㈱本社 営業部,,従業員,,,\n"          // out of scope
                            "A6,己 六,キ ロク,1986-06-06,存在しない部,,従業員,,,\n"         // no department
                            ",乙 子,オツ コ,2012-07-07,,111111111118,扶養親族,B1,子,\n";    // valid: parent in vault
    const auto report = m_vault->importCsv(clerk(), csv, ImportMode::ValidRowsOnly);
    QVERIFY(report.ok());
    QVERIFY(hasIssue(report.value(), 2, ErrorCode::AlreadyExists));
    QVERIFY(hasIssue(report.value(), 3, ErrorCode::NumberAlreadyRegistered));
    QVERIFY(hasIssue(report.value(), 4, ErrorCode::NotFound));
    QVERIFY(hasIssue(report.value(), 5, ErrorCode::PermissionDenied));
    QVERIFY(hasIssue(report.value(), 6, ErrorCode::NotFound));
    QCOMPARE(report.value().imported, std::size_t(1));
    const auto child = m_vault->findByNumber(clerk(), "111111111118").value();
    QVERIFY(child.has_value());
    QCOMPARE(child->code, std::string("B1-1"));
    // No issue detail carries a digit run that could be a number.
    for (const auto& issue : report.value().issues)
        QVERIFY(issue.detail.find("1234") == std::string::npos);
}

void TestVaultImport::shiftJisExport()
{
    const auto report =
        m_vault->importCsv(clerk({"eigyo", "honsha-soumu"}), sourceFile("tests/data/csv/employees_cp932.csv"));
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().describe().c_str());
    QCOMPARE(report.value().encoding, TextEncoding::Cp932);
    QVERIFY2(report.value().issues.empty(),
             report.value().issues.empty() ? "" : report.value().issues[0].detail.c_str());
    QVERIFY(report.value().imported >= 2);
    ListQuery query;
    query.kanaPrefix = "タカハシ";
    const auto page = m_vault->listSubjects(clerk({"eigyo", "honsha-soumu"}), query);
    QVERIFY(page.ok());
    QCOMPARE(page.value().total, std::int64_t(0)); // half-width kana in the file: see README (not folded)
}

void TestVaultImport::needsPurposeAndClerk()
{
    const std::string csv = std::string(kHeader) + "A1,甲 一,コウ イチ,1980-01-01,総務部,123456789018,従業員,,,\n";
    SessionContext noPurpose = clerk();
    noPurpose.purpose.clear();
    QCOMPARE(m_vault->importCsv(noPurpose, csv).code(), ErrorCode::PermissionDenied);
    SessionContext officer;
    officer.cardId = std::string(64, 'd');
    officer.roles = {Role::Officer};
    officer.purpose = "withholding";
    QCOMPARE(m_vault->importCsv(officer, csv).code(), ErrorCode::PermissionDenied);
    QCOMPARE(m_vault->listSubjects(clerk(), ListQuery{}).value().total, std::int64_t(0));
}

QTEST_GUILESS_MAIN(TestVaultImport)
#include "tst_vault_import.moc"
