// SPDX-License-Identifier: GPL-3.0-or-later
// The payroll CSV import: the committed test files (UTF-8 with and without BOM, CP932, CRLF, broken
// quoting, a wrong check digit, full-width numbers, Japanese era dates, a file full of row errors),
// per-row validation with the expected line, column and code, header mapping, date parsing, and the
// rule that no issue or error ever carries a number. Numbers are synthetic; failures compare codes,
// counts, lines and dates only, never a number.

#include "services/vault/csv_import.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <string>
#include <tuple>

using namespace mamori;
using namespace mamori::vault;

namespace {

int code(ErrorCode c) { return int(errorNumber(c)); }

std::string bytes(const QByteArray& data) { return std::string(data.constData(), std::size_t(data.size())); }

QString q(std::string_view text) { return QString::fromUtf8(text.data(), qsizetype(text.size())); }

QByteArray readData(const char* name)
{
    const QByteArray root = qgetenv("MAMORI_SOURCE_DIR");
    if (root.isEmpty())
        qFatal("MAMORI_SOURCE_DIR is not set (run the test through ctest)");
    QFile file(QString::fromLocal8Bit(root) + QStringLiteral("/tests/data/csv/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open test data file %s", name);
    return file.readAll();
}

QString iso(const std::optional<std::chrono::year_month_day>& date)
{
    if (!date)
        return QStringLiteral("-");
    return QString::asprintf("%04d-%02u-%02u", int(date->year()), unsigned(date->month()), unsigned(date->day()));
}

bool sameNumber(const std::optional<NumberDigits>& number, const char* expected)
{
    const auto parsed = parseNumber(number ? number->kind() : NumberKind::Individual, expected);
    return number && parsed.ok() && *number == parsed.value();
}

// (line, column as written in the header, error number) for order-independent comparison.
using IssueKey = std::tuple<int, QString, int>;

std::vector<IssueKey> keys(const ImportBatch& batch)
{
    std::vector<IssueKey> out;
    for (const ImportIssue& issue : batch.issues)
        out.emplace_back(int(issue.row), q(issue.column), code(issue.code));
    std::sort(out.begin(), out.end());
    return out;
}

// Whether `text` holds a run of digits (ASCII, possibly grouped by hyphens or spaces) that is a
// valid individual or corporate number, or any run of more than six digits at all: line numbers and
// limits are all a detail may hold.
bool carriesNumber(const std::string& text)
{
    std::string digits;
    const auto flush = [&]() {
        const bool bad = digits.size() > 6 || parseIndividualNumber(digits).ok() || parseCorporateNumber(digits).ok();
        digits.clear();
        return bad;
    };
    for (const char c : text) {
        if (c >= '0' && c <= '9')
            digits += c;
        else if ((c == '-' || c == ' ') && !digits.empty())
            continue;
        else if (flush())
            return true;
    }
    return flush();
}

const char* const kRowHeader = "社員番号,氏名,個人番号,区分,扶養元社員番号,生年月日,法人番号,住所,部署,入社日,退職日\n";

} // namespace

class TestCsvImport : public QObject {
    Q_OBJECT

private slots:
    void fileUtf8WithBom();
    void fileUtf8WithoutBom();
    void fileCp932();
    void fileCrlf();
    void fileBrokenQuoting();
    void fileWrongCheckDigit();
    void fileFullWidthNumbers();
    void fileEraDates();
    void fileMixedErrors();
    void parentsResolvedAgainstTheVault();
    void rowValidation_data();
    void rowValidation();
    void fileErrors_data();
    void fileErrors();
    void ignoredColumns();
    void defaultKind();
    void headerAliases_data();
    void headerAliases();
    void kindAliases();
    void dates_data();
    void dates();
    void rowLimit();
    void noIssueOrErrorCarriesANumber();
    void hundredThousandRows();
};

void TestCsvImport::fileUtf8WithBom()
{
    const auto result = parseImport(bytes(readData("employees_utf8_bom.csv")));
    QVERIFY(result.ok());
    const ImportBatch& batch = result.value();
    QCOMPARE(batch.encoding, TextEncoding::Utf8);
    QVERIFY(batch.allValid());
    QCOMPARE(batch.rows.size(), std::size_t(4));
    QCOMPARE(batch.validRows().size(), std::size_t(4));
    QVERIFY(batch.ignoredColumns.empty());
    QVERIFY(batch.parentCodesToResolve.empty());

    const ImportRow& taro = batch.rows[0];
    QCOMPARE(int(taro.line), 2);
    QCOMPARE(taro.kind, SubjectKind::Employee);
    QCOMPARE(q(taro.employeeCode), QStringLiteral("E001"));
    QCOMPARE(q(taro.name), QStringLiteral("山田 太郎"));
    QCOMPARE(q(taro.nameKana), QStringLiteral("ヤマダ タロウ"));
    QCOMPARE(q(taro.department), QStringLiteral("総務部"));
    QCOMPARE(q(taro.address), QStringLiteral("東京都千代田区千代田1-1"));
    QCOMPARE(iso(taro.birthDate), QStringLiteral("1985-04-01"));
    QCOMPARE(iso(taro.hireDate), QStringLiteral("2010-04-01"));
    QCOMPARE(iso(taro.leftDate), QStringLiteral("-"));
    QVERIFY(sameNumber(taro.number, "123456789018"));
    QCOMPARE(taro.number->kind(), NumberKind::Individual);

    const ImportRow& hanako = batch.rows[1];
    QCOMPARE(iso(hanako.birthDate), QStringLiteral("1990-07-15"));
    QCOMPARE(iso(hanako.hireDate), QStringLiteral("2015-04-01"));
    QCOMPARE(iso(hanako.leftDate), QStringLiteral("2024-03-31"));

    const ImportRow& spouse = batch.rows[2];
    QCOMPARE(spouse.kind, SubjectKind::Spouse);
    QVERIFY(spouse.employeeCode.empty());
    QCOMPARE(q(spouse.parentEmployeeCode), QStringLiteral("E001"));
    QCOMPARE(q(spouse.relationship), QStringLiteral("妻"));
    QCOMPARE(batch.rows[3].kind, SubjectKind::Dependent);
    QCOMPARE(int(batch.rows[3].line), 5);
}

void TestCsvImport::fileUtf8WithoutBom()
{
    const auto result = parseImport(bytes(readData("employees_utf8.csv")));
    QVERIFY(result.ok());
    const ImportBatch& batch = result.value();
    QVERIFY(batch.allValid());
    QCOMPARE(batch.rows.size(), std::size_t(2));
    QCOMPARE(q(batch.rows[0].name), QStringLiteral("Suzuki, Ichiro"));
    QCOMPARE(q(batch.rows[0].address), QStringLiteral("Tokyo\nChiyoda \"Building\" 3F"));
    QCOMPARE(q(batch.rows[0].department), QStringLiteral("Sales"));
    // The first record spans lines 2-3, so the second starts on line 4.
    QCOMPARE(int(batch.rows[1].line), 4);
    QCOMPARE(iso(batch.rows[1].birthDate), QStringLiteral("1975-12-31"));
    QCOMPARE(q(batch.rows[1].address), QStringLiteral("大阪府, 堺市"));
    QVERIFY(sameNumber(batch.rows[1].number, "555555555557"));
}

void TestCsvImport::fileCp932()
{
    const auto result = parseImport(bytes(readData("employees_cp932.csv")));
    QVERIFY(result.ok());
    const ImportBatch& batch = result.value();
    QCOMPARE(batch.encoding, TextEncoding::Cp932);
    QVERIFY(batch.allValid());
    QCOMPARE(batch.rows.size(), std::size_t(2));
    QCOMPARE(q(batch.rows[0].name), QStringLiteral("髙橋 一郎"));
    QCOMPARE(q(batch.rows[0].nameKana), QStringLiteral("ﾀｶﾊｼ ｲﾁﾛｳ"));
    QCOMPARE(q(batch.rows[0].address), QStringLiteral("東京都港区芝公園①-1"));
    QCOMPARE(q(batch.rows[0].department), QStringLiteral("㈱本社 営業部"));
    QCOMPARE(iso(batch.rows[0].birthDate), QStringLiteral("1980-05-05"));
    QCOMPARE(q(batch.rows[1].name), QStringLiteral("渡邉 愛"));
    QCOMPARE(q(batch.rows[1].address), QStringLiteral("神奈川県横浜市～中区"));
    QCOMPARE(iso(batch.rows[1].birthDate), QStringLiteral("1990-02-02"));
    QCOMPARE(int(batch.rows[1].line), 3);
    QVERIFY(sameNumber(batch.rows[1].number, "777777777771"));

    // Forcing the wrong encoding fails the whole file.
    ImportOptions utf8;
    utf8.encoding = TextEncoding::Utf8;
    const auto forced = parseImport(bytes(readData("employees_cp932.csv")), utf8);
    QVERIFY(!forced.ok());
    QCOMPARE(forced.code(), ErrorCode::InvalidUtf8);
}

void TestCsvImport::fileCrlf()
{
    const auto result = parseImport(bytes(readData("employees_crlf.csv")));
    QVERIFY(result.ok());
    const ImportBatch& batch = result.value();
    QVERIFY(batch.allValid());
    QCOMPARE(batch.rows.size(), std::size_t(2));
    QCOMPARE(q(batch.rows[0].address), QStringLiteral("福岡県福岡市\n博多区1-1"));
    QCOMPARE(q(batch.rows[1].address), QStringLiteral("札幌市"));
    QCOMPARE(int(batch.rows[1].line), 4);
}

void TestCsvImport::fileBrokenQuoting()
{
    const auto result = parseImport(bytes(readData("broken_quoting.csv")));
    QVERIFY(!result.ok());
    QCOMPARE(result.code(), ErrorCode::InvalidArgument);
    QVERIFY(result.error().context().find("line 2, field 2, column 6") != std::string::npos);
    QVERIFY(!carriesNumber(result.error().context()));
}

void TestCsvImport::fileWrongCheckDigit()
{
    const auto result = parseImport(bytes(readData("wrong_check_digit.csv")));
    QVERIFY(result.ok());
    const ImportBatch& batch = result.value();
    QVERIFY(!batch.allValid());
    QCOMPARE(batch.issues.size(), std::size_t(1));
    const ImportIssue& issue = batch.issues[0];
    QCOMPARE(int(issue.row), 3);
    QCOMPARE(q(issue.column), QStringLiteral("個人番号"));
    QVERIFY(issue.field == ImportField::MyNumber);
    QCOMPARE(issue.code, ErrorCode::IndividualNumberCheckDigit);
    QCOMPARE(batch.rows.size(), std::size_t(3));
    QVERIFY(!batch.rows[1].number.has_value());
    QVERIFY(batch.rows[1].hasIssues);
    const auto valid = batch.validRows();
    QCOMPARE(valid.size(), std::size_t(2));
    QCOMPARE(int(valid[0]->line), 2);
    QCOMPARE(int(valid[1]->line), 4);
}

void TestCsvImport::fileFullWidthNumbers()
{
    const auto result = parseImport(bytes(readData("fullwidth_number.csv")));
    QVERIFY(result.ok());
    const ImportBatch& batch = result.value();
    QVERIFY(batch.allValid());
    QCOMPARE(batch.rows.size(), std::size_t(3));
    QCOMPARE(q(batch.rows[0].employeeCode), QStringLiteral("F001")); // full-width code folded
    QVERIFY(sameNumber(batch.rows[0].number, "123456789018"));
    QVERIFY(sameNumber(batch.rows[1].number, "111111111118"));
    QVERIFY(sameNumber(batch.rows[2].number, "222222222225"));
}

void TestCsvImport::fileEraDates()
{
    const auto result = parseImport(bytes(readData("wareki_dates.csv")));
    QVERIFY(result.ok());
    const ImportBatch& batch = result.value();
    QVERIFY(batch.allValid());
    QCOMPARE(batch.rows.size(), std::size_t(6));
    const char* const expected[][3] = {
        {"1985-04-01", "2008-04-01", "-"},          {"1985-04-01", "2008-04-01", "2023-03-31"},
        {"1989-01-08", "2019-05-01", "2020-02-29"}, {"1989-01-08", "2019-05-01", "-"},
        {"1989-01-07", "2024-04-01", "-"},          {"1991-03-03", "2020-04-01", "-"},
    };
    for (std::size_t i = 0; i < 6; ++i) {
        QCOMPARE(iso(batch.rows[i].birthDate), QLatin1String(expected[i][0]));
        QCOMPARE(iso(batch.rows[i].hireDate), QLatin1String(expected[i][1]));
        QCOMPARE(iso(batch.rows[i].leftDate), QLatin1String(expected[i][2]));
    }
}

void TestCsvImport::fileMixedErrors()
{
    const auto result = parseImport(bytes(readData("mixed_errors.csv")));
    QVERIFY(result.ok());
    const ImportBatch& batch = result.value();
    QVERIFY(!batch.allValid());
    QVERIFY(!batch.issuesTruncated);
    // 18 data lines, one of them blank.
    QCOMPARE(batch.rows.size(), std::size_t(17));

    const QString number = QStringLiteral("個人番号");
    const QString codeColumn = QStringLiteral("社員番号");
    const QString parent = QStringLiteral("扶養元社員番号");
    std::vector<IssueKey> expected{
        {4, number, code(ErrorCode::AlreadyExists)},
        {5, number, code(ErrorCode::AlreadyExists)},
        {6, codeColumn, code(ErrorCode::AlreadyExists)},
        {7, codeColumn, code(ErrorCode::AlreadyExists)},
        {8, parent, code(ErrorCode::NotFound)},
        {9, QStringLiteral("生年月日"), code(ErrorCode::InvalidArgument)},
        {9, number, code(ErrorCode::IndividualNumberLength)},
        {10, QStringLiteral("氏名"), code(ErrorCode::InvalidArgument)},
        {11, QStringLiteral("区分"), code(ErrorCode::InvalidArgument)},
        {13, QStringLiteral("法人番号"), code(ErrorCode::CorporateNumberCheckDigit)},
        {14, QString(), code(ErrorCode::InvalidArgument)},
        {16, codeColumn, code(ErrorCode::InvalidArgument)},
        {17, parent, code(ErrorCode::InvalidArgument)},
        {18, parent, code(ErrorCode::InvalidArgument)},
        {19, parent, code(ErrorCode::InvalidArgument)},
    };
    std::sort(expected.begin(), expected.end());
    const std::vector<IssueKey> actual = keys(batch);
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(std::get<0>(actual[i]), std::get<0>(expected[i]));
        QCOMPARE(std::get<1>(actual[i]), std::get<1>(expected[i]));
        QCOMPARE(std::get<2>(actual[i]), std::get<2>(expected[i]));
    }

    // Valid: the employee on line 2, its spouse on line 3, the corporate payee on line 12.
    const auto valid = batch.validRows();
    QCOMPARE(valid.size(), std::size_t(3));
    QCOMPARE(int(valid[0]->line), 2);
    QCOMPARE(int(valid[1]->line), 3);
    QCOMPARE(int(valid[2]->line), 12);
    QCOMPARE(valid[2]->kind, SubjectKind::Payee);
    QCOMPARE(valid[2]->number->kind(), NumberKind::Corporate);
    QVERIFY(sameNumber(valid[2]->number, "7000012050002"));
    for (const ImportRow& row : batch.rows) {
        const bool named = std::any_of(batch.issues.begin(), batch.issues.end(),
                                       [&](const ImportIssue& issue) { return issue.row == row.line; });
        QCOMPARE(row.hasIssues, named);
    }

    // Both rows of a duplicated number name each other's line.
    for (const ImportIssue& issue : batch.issues) {
        if (issue.code == ErrorCode::AlreadyExists && issue.field == ImportField::MyNumber)
            QVERIFY(issue.detail.find(issue.row == 4 ? "line 5" : "line 4") != std::string::npos);
    }
}

void TestCsvImport::parentsResolvedAgainstTheVault()
{
    ImportOptions options;
    options.resolveParentsInVault = true;
    auto result = parseImport(bytes(readData("mixed_errors.csv")), options);
    QVERIFY(result.ok());
    ImportBatch& batch = result.value();
    QCOMPARE(batch.parentCodesToResolve.size(), std::size_t(1));
    QCOMPARE(q(batch.parentCodesToResolve[0]), QStringLiteral("M999"));
    const auto notFoundOn8 = [&]() {
        return int(std::count_if(batch.issues.begin(), batch.issues.end(), [](const ImportIssue& issue) {
            return issue.row == 8 && issue.code == ErrorCode::NotFound;
        }));
    };
    QCOMPARE(notFoundOn8(), 0);
    QCOMPARE(batch.validRows().size(), std::size_t(4));

    // A code the vault does not hold is reported; one it holds needs nothing more.
    batch.markParentsNotFound({"M999", "E404"});
    QCOMPARE(notFoundOn8(), 1);
    QVERIFY(batch.parentCodesToResolve.empty());
    QCOMPARE(batch.validRows().size(), std::size_t(3));

    // Dependents whose parent is in the vault and a valid file.
    const std::string file = std::string(kRowHeader) + ",山田 花子,111111111118,配偶者,E100,,,,,,\n" +
                             ",山田 一郎,222222222225,扶養親族,E100,,,,,,\n" +
                             ",山田 二郎,333333333332,子,E200,,,,,,\n" +
                             ",佐藤 一郎,444444444440,扶養親族,E300,,,,,,\n";
    auto resolved = parseImport(file, options);
    QVERIFY(resolved.ok());
    // "子" is not a kind: that row is reported, and it does not ask for its parent to be resolved.
    QCOMPARE(resolved.value().issues.size(), std::size_t(1));
    QCOMPARE(int(resolved.value().issues[0].row), 4);
    QCOMPARE(resolved.value().parentCodesToResolve.size(), std::size_t(2));
    resolved.value().markParentsNotFound({});
    QCOMPARE(resolved.value().parentCodesToResolve.size(), std::size_t(2));
}

void TestCsvImport::rowValidation_data()
{
    // One data row after kRowHeader:
    // 社員番号,氏名,個人番号,区分,扶養元社員番号,生年月日,法人番号,住所,部署,入社日,退職日
    QTest::addColumn<QByteArray>("row");
    QTest::addColumn<QString>("field");    // canonical name of the column with the one expected issue
    QTest::addColumn<int>("expectedCode"); // 0: the row is valid
    const int bad = code(ErrorCode::InvalidArgument);
    const QString none;

    QTest::newRow("valid employee") << QByteArray(
                                           "E1,山田 太郎,123456789018,従業員,,1985-04-01,,東京都,総務,2010-04-01,")
                                    << none << 0;
    QTest::newRow("spaces around values are trimmed")
        << QByteArray(" E1 ,　山田 太郎　, 123456789018 ,従業員,,,,,,,") << none << 0;
    QTest::newRow("employee without a number") << QByteArray("E1,山田 太郎,,従業員,,,,,,,") << "my_number" << bad;
    QTest::newRow("employee without a code")
        << QByteArray(",山田 太郎,123456789018,従業員,,,,,,,") << "employee_code" << bad;
    QTest::newRow("employee with a corporate number")
        << QByteArray("E1,山田 太郎,123456789018,従業員,,,7000012050002,,,,") << "corporate_number" << bad;
    QTest::newRow("employee with a parent")
        << QByteArray("E1,山田 太郎,123456789018,従業員,E2,,,,,,") << "parent_employee_code" << bad;
    QTest::newRow("letter in the number") << QByteArray("E1,山田 太郎,12345678901O,従業員,,,,,,,") << "my_number"
                                          << code(ErrorCode::IndividualNumberCharacter);
    QTest::newRow("13 digits as individual number") << QByteArray("E1,山田 太郎,7000012050002,従業員,,,,,,,")
                                                    << "my_number" << code(ErrorCode::IndividualNumberLength);
    QTest::newRow("spouse without a parent")
        << QByteArray(",山田 花子,123456789018,配偶者,,,,,,,") << "parent_employee_code" << bad;
    QTest::newRow("payee, individual") << QByteArray("P1,山田 太郎,123456789018,支払先,,,,,,,") << none << 0;
    QTest::newRow("payee with both numbers")
        << QByteArray("P1,山田 太郎,123456789018,payee,,,7000012050002,,,,") << "corporate_number" << bad;
    QTest::newRow("payee without a number") << QByteArray("P1,株式会社サンプル,,支払先,,,,,,,") << "my_number" << bad;
    QTest::newRow("payee without a code")
        << QByteArray(",株式会社サンプル,,支払先,,,7000012050002,,,,") << "employee_code" << bad;
    QTest::newRow("unknown kind") << QByteArray("E1,山田 太郎,123456789018,役員,,,,,,,") << "kind" << bad;
    QTest::newRow("English kind, any case") << QByteArray("E1,山田 太郎,123456789018,Employee,,,,,,,") << none << 0;
    QTest::newRow("name too long") << (QByteArray("E1,") + QByteArray(101, 'a') + ",123456789018,,,,,,,,") << "name"
                                   << code(ErrorCode::TooLarge);
    QTest::newRow("name at the limit") << (QByteArray("E1,") + QByteArray(100, 'a') + ",123456789018,,,,,,,,") << none
                                       << 0;
    QTest::newRow("code too long") << (QByteArray(33, 'C') + ",山田 太郎,123456789018,,,,,,,,") << "employee_code"
                                   << code(ErrorCode::TooLarge);
    QTest::newRow("space inside a code") << QByteArray("E 1,山田 太郎,123456789018,,,,,,,,") << "employee_code" << bad;
    QTest::newRow("tab inside a name") << QByteArray("E1,山田\t太郎,123456789018,,,,,,,,") << "name" << bad;
    QTest::newRow("line break inside a name") << QByteArray("E1,\"山田\n太郎\",123456789018,,,,,,,,") << "name" << bad;
    QTest::newRow("line break inside an address")
        << QByteArray("E1,山田 太郎,123456789018,,,,,\"東京都\n千代田区\",,,") << none << 0;
    QTest::newRow("number in the address")
        << QByteArray("E1,山田 太郎,123456789018,,,,,東京都 1234-5678-9018,,,") << "address" << bad;
    QTest::newRow("number in the department")
        << QByteArray("E1,山田 太郎,123456789018,,,,,,111111111118,,") << "department" << bad;
    QTest::newRow("number as the code") << QByteArray("111111111118,山田 太郎,123456789018,,,,,,,,") << "employee_code"
                                        << bad;
    QTest::newRow("left before hired") << QByteArray("E1,山田 太郎,123456789018,,,,,,,2020-04-01,2020-03-31")
                                       << "left_date" << bad;
    QTest::newRow("left on the day hired")
        << QByteArray("E1,山田 太郎,123456789018,,,,,,,2020-04-01,2020-04-01") << none << 0;
    QTest::newRow("hired before born") << QByteArray("E1,山田 太郎,123456789018,,,2000-01-01,,,,1999-04-01,")
                                       << "hire_date" << bad;
    QTest::newRow("birth date in the future")
        << QByteArray("E1,山田 太郎,123456789018,,,2030-01-01,,,,,") << "birth_date" << bad;
    QTest::newRow("no such day") << QByteArray("E1,山田 太郎,123456789018,,,2021-02-29,,,,,") << "birth_date" << bad;
    QTest::newRow("Heisei after its end")
        << QByteArray("E1,山田 太郎,123456789018,,,H31.5.1,,,,,") << "birth_date" << bad;
    QTest::newRow("two-digit year") << QByteArray("E1,山田 太郎,123456789018,,,85/4/1,,,,,") << "birth_date" << bad;
}

void TestCsvImport::rowValidation()
{
    QFETCH(QByteArray, row);
    QFETCH(QString, field);
    QFETCH(int, expectedCode);
    ImportOptions options;
    options.today = std::chrono::year{2025} / 6 / 1;
    const auto result = parseImport(std::string(kRowHeader) + bytes(row) + "\n", options);
    QVERIFY(result.ok());
    const ImportBatch& batch = result.value();
    QCOMPARE(batch.rows.size(), std::size_t(1));
    if (expectedCode == 0) {
        QCOMPARE(int(batch.issues.size()), 0);
        QVERIFY(batch.allValid());
        QCOMPARE(batch.validRows().size(), std::size_t(1));
        return;
    }
    QCOMPARE(int(batch.issues.size()), 1);
    const ImportIssue& issue = batch.issues[0];
    QCOMPARE(int(issue.row), 2);
    QVERIFY(issue.field.has_value());
    QCOMPARE(q(importFieldName(*issue.field)), field);
    QCOMPARE(code(issue.code), expectedCode);
    QVERIFY(!issue.detail.empty());
    QVERIFY(!carriesNumber(issue.detail));
    QVERIFY(batch.validRows().empty());
}

void TestCsvImport::fileErrors_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<int>("expectedCode");

    QTest::newRow("empty file") << QByteArray() << code(ErrorCode::NotFound);
    QTest::newRow("only blank lines") << QByteArray("\n\n") << code(ErrorCode::NotFound);
    QTest::newRow("no header: first row is data")
        << QByteArray("E1,山田 太郎,123456789018\n") << code(ErrorCode::NotFound);
    QTest::newRow("no known column") << QByteArray("foo,bar\n1,2\n") << code(ErrorCode::NotFound);
    QTest::newRow("two columns for the code")
        << QByteArray("社員番号,employee_code,氏名,個人番号\n") << code(ErrorCode::InvalidArgument);
    QTest::newRow("name column missing") << QByteArray("社員番号,個人番号\nE1,123456789018\n")
                                         << code(ErrorCode::InvalidArgument);
    QTest::newRow("number column missing")
        << QByteArray("社員番号,氏名\nE1,山田 太郎\n") << code(ErrorCode::InvalidArgument);
    QTest::newRow("code column missing for employees")
        << QByteArray("氏名,個人番号\n山田 太郎,123456789018\n") << code(ErrorCode::InvalidArgument);
    QTest::newRow("unterminated quote") << QByteArray("社員番号,氏名,個人番号\nE1,\"山田,123456789018\n")
                                        << code(ErrorCode::InvalidArgument);
    QTest::newRow("neither UTF-8 nor CP932")
        << QByteArray("社員番号,氏名,個人番号\n\x80\n") << code(ErrorCode::InvalidArgument);
    QTest::newRow("UTF-16") << QByteArray("\xFF\xFE\x00\x00\x00", 5) << code(ErrorCode::InvalidArgument);
}

void TestCsvImport::fileErrors()
{
    QFETCH(QByteArray, file);
    QFETCH(int, expectedCode);
    const auto result = parseImport(bytes(file));
    QVERIFY(!result.ok());
    QCOMPARE(code(result.code()), expectedCode);
    QVERIFY(!carriesNumber(result.error().context()));
}

void TestCsvImport::ignoredColumns()
{
    const auto result =
        parseImport("社員番号,基本給,氏名,口座 1234 5678,個人番号,,メモ\nE1,300000,山田 太郎,x,123456789018,,\n");
    QVERIFY(result.ok());
    const ImportBatch& batch = result.value();
    QVERIFY(batch.allValid());
    QCOMPARE(batch.ignoredColumns.size(), std::size_t(3));
    QCOMPARE(q(batch.ignoredColumns[0]), QStringLiteral("基本給"));
    QCOMPARE(q(batch.ignoredColumns[1]), QStringLiteral("(column 4)"));
    QCOMPARE(q(batch.ignoredColumns[2]), QStringLiteral("メモ"));
    QCOMPARE(q(batch.rows[0].name), QStringLiteral("山田 太郎"));
}

void TestCsvImport::defaultKind()
{
    ImportOptions options;
    options.defaultKind = SubjectKind::Dependent;
    const auto result = parseImport(
        "扶養元社員番号,氏名,個人番号,区分\nE1,山田 一郎,123456789018,\nE1,山田 花子,111111111118,配偶者\n", options);
    QVERIFY(result.ok());
    QCOMPARE(result.value().rows[0].kind, SubjectKind::Dependent);
    QCOMPARE(result.value().rows[1].kind, SubjectKind::Spouse);
    // The parent is in neither the file nor (by option) the vault.
    QCOMPARE(int(result.value().issues.size()), 2);

    // Without a kind column, a dependent file needs the parent column, not the code column.
    const auto noParent = parseImport("社員番号,氏名,個人番号\nE1,山田 一郎,123456789018\n", options);
    QVERIFY(!noParent.ok());
    QCOMPARE(noParent.code(), ErrorCode::InvalidArgument);
}

void TestCsvImport::headerAliases_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("field");

    const char* const table[][2] = {
        {"社員番号", "employee_code"},
        {"従業員番号", "employee_code"},
        {"employee_code", "employee_code"},
        {"Employee Code", "employee_code"},
        {"ＥＭＰＬＯＹＥＥ＿ＣＯＤＥ", "employee_code"},
        {"取引先コード", "employee_code"},
        {"氏名", "name"},
        {"Name", "name"},
        {"氏名（漢字）", "name"},
        {"フリガナ", "name_kana"},
        {"氏名カナ", "name_kana"},
        {"name-kana", "name_kana"},
        {"生年月日", "birth_date"},
        {"住所", "address"},
        {"部署", "department"},
        {"所属", "department"},
        {"個人番号", "my_number"},
        {"マイナンバー", "my_number"},
        {" my_number ", "my_number"},
        {"区分", "kind"},
        {"扶養元社員番号", "parent_employee_code"},
        {"続柄", "relationship"},
        {"法人番号", "corporate_number"},
        {"入社日", "hire_date"},
        {"退職日", "left_date"},
        {"扶養終了日", "left_date"},
        {"基本給", ""},
        {"番号", ""},
    };
    for (const auto& row : table)
        QTest::newRow(row[0]) << QString::fromUtf8(row[0]) << QString::fromUtf8(row[1]);
}

void TestCsvImport::headerAliases()
{
    QFETCH(QString, header);
    QFETCH(QString, field);
    const auto found = importFieldFromHeader(header.toStdString());
    QCOMPARE(found ? q(importFieldName(*found)) : QString(), field);
    if (found)
        QVERIFY(importFieldFromHeader(importFieldName(*found)) == found);
}

void TestCsvImport::kindAliases()
{
    const std::pair<const char*, SubjectKind> table[] = {
        {"従業員", SubjectKind::Employee},    {"employee", SubjectKind::Employee},   {"社員", SubjectKind::Employee},
        {"扶養親族", SubjectKind::Dependent}, {"DEPENDENT", SubjectKind::Dependent}, {"配偶者", SubjectKind::Spouse},
        {"spouse", SubjectKind::Spouse},      {"支払先", SubjectKind::Payee},        {"ｐａｙｅｅ", SubjectKind::Payee},
    };
    for (const auto& [text, kind] : table)
        QVERIFY(subjectKindFromText(text) == kind);
    QVERIFY(!subjectKindFromText("子").has_value());
    QVERIFY(!subjectKindFromText("").has_value());
    for (const SubjectKind kind :
         {SubjectKind::Employee, SubjectKind::Dependent, SubjectKind::Spouse, SubjectKind::Payee})
        QVERIFY(subjectKindFromText(subjectKindName(kind)) == kind);
}

void TestCsvImport::dates_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // "-" for invalid

    const char* const table[][2] = {
        {"1985-04-01", "1985-04-01"},
        {"1985/4/1", "1985-04-01"},
        {"1985.4.1", "1985-04-01"},
        {"19850401", "1985-04-01"},
        {"1985年4月1日", "1985-04-01"},
        {"1985 年 4 月 1 日", "1985-04-01"},
        {"１９８５／０４／０１", "1985-04-01"},
        {"S60.4.1", "1985-04-01"},
        {"s60/4/1", "1985-04-01"},
        {"S60-04-01", "1985-04-01"},
        {"昭和60年4月1日", "1985-04-01"},
        {"昭和６０年４月１日", "1985-04-01"},
        {"Showa 60.4.1", "1985-04-01"},
        {"Ｓ６０．４．１", "1985-04-01"},
        {"T15.12.24", "1926-12-24"},
        {"S1.12.25", "1926-12-25"},
        {"S64.1.7", "1989-01-07"},
        {"H1.1.8", "1989-01-08"},
        {"平成元年1月8日", "1989-01-08"},
        {"H31.4.30", "2019-04-30"},
        {"R1.5.1", "2019-05-01"},
        {"令和元年5月1日", "2019-05-01"},
        {"R元.5.1", "2019-05-01"},
        {"Reiwa 2/2/29", "2020-02-29"},
        {"reiwa6.4.1", "2024-04-01"},
        {"M45.7.29", "1912-07-29"},
        {"大正元年7月30日", "1912-07-30"},
        {"2024-02-29", "2024-02-29"},
        {"", "-"},
        {"2023-02-29", "-"},
        {"1985-13-01", "-"},
        {"1985-04-31", "-"},
        {"1985/4-1", "-"},
        {"85/4/1", "-"},
        {"1985", "-"},
        {"1985-04-01x", "-"},
        {"198504011", "-"},
        {"1800-01-01", "-"},
        {"H31.5.1", "-"},
        {"S64.1.8", "-"},
        {"H1.1.7", "-"},
        {"R0.5.1", "-"},
        {"M5.1.1", "-"},
        {"X60.4.1", "-"},
        {"昭和60年4月1", "-"},
        {"昭和60.4月1日", "-"},
        {"S", "-"},
        {"April 1, 1985", "-"},
    };
    for (const auto& row : table)
        QTest::newRow(row[0][0] ? row[0] : "(empty)") << QString::fromUtf8(row[0]) << QString::fromUtf8(row[1]);
}

void TestCsvImport::dates()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const auto parsed = parseJapaneseDate(input.toStdString());
    QCOMPARE(parsed.ok() ? iso(parsed.value()) : QStringLiteral("-"), expected);
    if (!parsed.ok())
        QVERIFY(!parsed.error().context().empty());
}

void TestCsvImport::rowLimit()
{
    ImportOptions options;
    options.maxRows = 2;
    const std::string header = "社員番号,氏名,個人番号\n";
    const auto two = parseImport(header + "E1,a,123456789018\nE2,b,111111111118\n", options);
    QVERIFY(two.ok());
    const auto three = parseImport(header + "E1,a,123456789018\nE2,b,111111111118\nE3,c,222222222225\n", options);
    QVERIFY(!three.ok());
    QCOMPARE(three.code(), ErrorCode::TooLarge);
}

void TestCsvImport::noIssueOrErrorCarriesANumber()
{
    const char* const files[] = {"employees_utf8_bom.csv", "employees_utf8.csv", "employees_cp932.csv",
                                 "employees_crlf.csv",     "broken_quoting.csv", "wrong_check_digit.csv",
                                 "fullwidth_number.csv",   "wareki_dates.csv",   "mixed_errors.csv"};
    int checked = 0;
    for (const char* name : files) {
        for (const bool vault : {false, true}) {
            ImportOptions options;
            options.resolveParentsInVault = vault;
            auto result = parseImport(bytes(readData(name)), options);
            if (!result.ok()) {
                QVERIFY(!carriesNumber(result.error().context()));
                ++checked;
                continue;
            }
            result.value().markParentsNotFound(result.value().parentCodesToResolve);
            for (const ImportIssue& issue : result.value().issues) {
                QVERIFY(!carriesNumber(issue.detail));
                QVERIFY(!carriesNumber(issue.column));
                ++checked;
            }
            for (const std::string& column : result.value().ignoredColumns)
                QVERIFY(!carriesNumber(column));
        }
    }
    // A number in every place it could be echoed: header, code, kind, dates, other columns.
    const auto crafted = parseImport("社員番号,氏名,個人番号,区分,生年月日,部署,123456789018\n");
    QVERIFY(!crafted.ok());
    QVERIFY(!carriesNumber(crafted.error().context()));
    const auto cells = parseImport(
        "社員番号,氏名,個人番号,区分,生年月日,入社日,部署,扶養元社員番号\n"
        "123456789018,111111111118,222222222225,333333333332,444444444440,555555555557,666666666664,777777777771\n"
        "E1,a,1234567890180,x,7000012050002,1985-04-01,,\n");
    QVERIFY(cells.ok());
    QVERIFY(cells.value().issues.size() >= 8);
    for (const ImportIssue& issue : cells.value().issues) {
        QVERIFY(!carriesNumber(issue.detail));
        QVERIFY(!carriesNumber(issue.column));
        ++checked;
    }
    QVERIFY(checked > 30);
    QVERIFY(carriesNumber("line 1234567890180")); // the checker itself finds long runs
    QVERIFY(carriesNumber("x 1234-5678-9018"));
    QVERIFY(!carriesNumber("line 12, 64 bytes"));
}

void TestCsvImport::hundredThousandRows()
{
    // 100,000 employees with distinct valid numbers: the import must stay well under a second or
    // two on the kiosk's class of machine (see the bench for the measured figure).
    constexpr int kRows = 100000;
    std::string file = "社員番号,氏名,フリガナ,生年月日,住所,部署,個人番号,区分\n";
    file.reserve(std::size_t(kRows) * 120);
    for (int i = 0; i < kRows; ++i) {
        char body[16];
        std::snprintf(body, sizeof body, "%011d", 31415926 + i * 7);
        const int check = individualCheckDigit(std::span<const char, 11>(body, 11));
        file += "E" + std::to_string(i) + ",山田 太郎,ヤマダ タロウ,S60.4.1,\"東京都千代田区, 1-1\",総務部,";
        file.append(body, 11);
        file += char('0' + check);
        file += ",従業員\n";
    }
    QElapsedTimer timer;
    timer.start();
    const auto result = parseImport(file);
    const qint64 elapsed = timer.elapsed();
    QVERIFY(result.ok());
    QVERIFY(result.value().allValid());
    QCOMPARE(int(result.value().rows.size()), kRows);
    qInfo("imported %d rows in %lld ms", kRows, static_cast<long long>(elapsed));
    QVERIFY(elapsed < 20000);
}

QTEST_GUILESS_MAIN(TestCsvImport)
#include "tst_csv_import.moc"
