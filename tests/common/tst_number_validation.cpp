// SPDX-License-Identifier: GPL-3.0-or-later
// Known-answer tests for individual (個人番号) and corporate (法人番号) number validation and for the
// normalisation of typed input. All numbers here are synthetic. Failures compare error codes and
// booleans only, so no number can reach the test's output.

#include "services/common/number_validation.h"

#include <QTest>

#include <string>

using namespace mamori;

Q_DECLARE_METATYPE(mamori::ErrorCode)

namespace {
// 0 means "valid"; anything else is the expected error code.
constexpr int kValid = 0;
int outcome(const Result<NumberDigits>& result) { return result.ok() ? kValid : int(errorNumber(result.code())); }
int code(ErrorCode c) { return int(errorNumber(c)); }
std::string str(const QString& s) { return s.toStdString(); }
} // namespace

class TestNumberValidation : public QObject {
    Q_OBJECT

private slots:
    void individual_data();
    void individual();
    void corporate_data();
    void corporate();
    void normalisedDigits_data();
    void normalisedDigits();
    void checkDigitFunctions();
    void everyCheckDigitIsReachable();
    void errorsNeverCarryTheInput();
    void digitsCopyAndCompare();
};

void TestNumberValidation::individual_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("expected");
    const int len = code(ErrorCode::IndividualNumberLength);
    const int chr = code(ErrorCode::IndividualNumberCharacter);
    const int chk = code(ErrorCode::IndividualNumberCheckDigit);

    // Valid: the two published examples, then one for each possible check digit 0-9.
    QTest::newRow("example, check digit 8") << "123456789018" << kValid;
    QTest::newRow("all ones") << "111111111118" << kValid;
    QTest::newRow("check digit 0") << "875004743950" << kValid;
    QTest::newRow("check digit 1") << "799075116371" << kValid;
    QTest::newRow("check digit 2") << "265167612222" << kValid;
    QTest::newRow("check digit 3") << "057986828283" << kValid;
    QTest::newRow("check digit 4") << "818174143334" << kValid;
    QTest::newRow("check digit 5") << "298415377605" << kValid;
    QTest::newRow("check digit 6") << "113114402426" << kValid;
    QTest::newRow("check digit 7") << "807290222797" << kValid;
    QTest::newRow("check digit 8, leading digit 8") << "820018263308" << kValid;
    QTest::newRow("check digit 9") << "755131373539" << kValid;
    QTest::newRow("remainder 0 gives 0") << "000000000000" << kValid;
    QTest::newRow("4-4-4 with hyphens") << "1234-5678-9018" << kValid;
    QTest::newRow("4-4-4 with spaces") << "1234 5678 9018" << kValid;
    QTest::newRow("full-width with ideographic spaces") << "１２３４　５６７８　９０１８" << kValid;
    QTest::newRow("full-width hyphen-minus") << "１２３４－５６７８－９０１８" << kValid;
    QTest::newRow("katakana prolonged sound mark") << "1234ー5678ー9018" << kValid;
    QTest::newRow("mixed widths and dashes") << "12３4‐56７8−9０18" << kValid;
    QTest::newRow("surrounding spaces") << "  123456789018 " << kValid;

    // Wrong check digit: every other digit in the last place, and a transposition.
    QTest::newRow("check digit 0 instead of 8") << "123456789010" << chk;
    QTest::newRow("check digit 9 instead of 8") << "123456789019" << chk;
    QTest::newRow("check digit 7 instead of 8") << "123456789017" << chk;
    QTest::newRow("adjacent digits swapped") << "213456789018" << chk;
    QTest::newRow("one digit changed") << "123456788018" << chk;
    QTest::newRow("all ones, check digit 1") << "111111111111" << chk;

    // Wrong length.
    QTest::newRow("empty") << "" << len;
    QTest::newRow("only separators") << " - - " << len;
    QTest::newRow("11 digits") << "12345678901" << len;
    QTest::newRow("13 digits") << "1234567890180" << len;
    QTest::newRow("a corporate number") << "7000012050002" << len;
    QTest::newRow("very long input") << QString(200, QLatin1Char('1')) << len;

    // Characters that are not digits or separators.
    QTest::newRow("letter O for zero") << "12345678901O" << chr;
    QTest::newRow("dot separators") << "1234.5678.9018" << chr;
    QTest::newRow("slash") << "1234/5678/9018" << chr;
    QTest::newRow("tab") << "1234\t5678\t9018" << chr;
    QTest::newRow("newline") << "123456789018\n" << chr;
    QTest::newRow("kanji numerals") << "一二三四五六七八九〇一八" << chr;
    QTest::newRow("Arabic-Indic digits") << "١٢٣٤٥٦٧٨٩٠١٨" << chr;
    QTest::newRow("plus sign") << "+123456789018" << chr;
    QTest::newRow("zero-width space") << "1234\u200b5678\u200b9018" << chr;
}

void TestNumberValidation::individual()
{
    QFETCH(QString, input);
    QFETCH(int, expected);
    QCOMPARE(outcome(parseIndividualNumber(str(input))), expected);
}

void TestNumberValidation::corporate_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("expected");
    const int len = code(ErrorCode::CorporateNumberLength);
    const int chr = code(ErrorCode::CorporateNumberCharacter);
    const int chk = code(ErrorCode::CorporateNumberCheckDigit);

    // Valid: the three published examples, then one for each possible check digit 1-9.
    QTest::newRow("example, check digit 7") << "7000012050002" << kValid;
    QTest::newRow("example, check digit 1") << "1180301018771" << kValid;
    QTest::newRow("example, check digit 4") << "4011001098993" << kValid;
    QTest::newRow("check digit 1") << "1554590454409" << kValid;
    QTest::newRow("check digit 2") << "2204293557591" << kValid;
    QTest::newRow("check digit 3") << "3493516438831" << kValid;
    QTest::newRow("check digit 4") << "4126464460495" << kValid;
    QTest::newRow("check digit 5") << "5360607104319" << kValid;
    QTest::newRow("check digit 6") << "6073587355706" << kValid;
    QTest::newRow("check digit 7") << "7415618365461" << kValid;
    QTest::newRow("check digit 8") << "8261149131677" << kValid;
    QTest::newRow("check digit 9") << "9836236107885" << kValid;
    QTest::newRow("sum divisible by 9 gives 9") << "9000000000000" << kValid;
    QTest::newRow("grouped 1-4-4-4 with hyphens") << "7-0000-1205-0002" << kValid;
    QTest::newRow("full-width digits") << "７００００１２０５０００２" << kValid;
    QTest::newRow("full-width with ideographic space") << "７　００００１２０５　０００２" << kValid;
    QTest::newRow("half-width prolonged sound mark") << "4ｰ0110ｰ0109ｰ8993" << kValid;

    // Wrong check digit.
    QTest::newRow("check digit 8 instead of 7") << "8000012050002" << chk;
    QTest::newRow("check digit 0 is never valid") << "0000000000000" << chk;
    QTest::newRow("check digit last, as if individual") << "0000120500027" << chk;
    QTest::newRow("one digit changed") << "1180301018772" << chk;
    QTest::newRow("adjacent digits swapped") << "4011001098939" << chk;

    // Wrong length.
    QTest::newRow("empty") << "" << len;
    QTest::newRow("12 digits (an individual number)") << "123456789018" << len;
    QTest::newRow("14 digits") << "70000120500020" << len;
    QTest::newRow("very long input") << QString(500, QLatin1Char('-')) << len;

    // Characters.
    QTest::newRow("letters") << "T7000012050002" << chr;
    QTest::newRow("comma") << "7,000,012,050,002" << chr;
    QTest::newRow("NUL byte") << QString::fromLatin1("7000012\0"
                                                     "050002",
                                                     14)
                              << chr;
}

void TestNumberValidation::corporate()
{
    QFETCH(QString, input);
    QFETCH(int, expected);
    QCOMPARE(outcome(parseCorporateNumber(str(input))), expected);
}

void TestNumberValidation::normalisedDigits_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("ascii");
    QTest::newRow("already ASCII") << "123456789018"
                                   << "123456789018";
    QTest::newRow("full-width, hyphens") << "１２３４－５６７８－９０１８"
                                         << "123456789018";
    QTest::newRow("spaces of both widths") << " 1234　5678 9018　"
                                           << "123456789018";
    QTest::newRow("en dash and minus sign") << "1234–5678−9018"
                                            << "123456789018";
}

void TestNumberValidation::normalisedDigits()
{
    QFETCH(QString, input);
    QFETCH(QString, ascii);
    const auto parsed = parseIndividualNumber(str(input));
    QVERIFY(parsed.ok());
    const auto digits = parsed.value().digits();
    QVERIFY(std::string(digits.begin(), digits.end()) == str(ascii));
    QCOMPARE(parsed.value().kind(), NumberKind::Individual);
}

void TestNumberValidation::checkDigitFunctions()
{
    // Weighted sums worked by hand: 12345678901 → Σ = 212, 212 mod 11 = 3, 11 − 3 = 8.
    QCOMPARE(individualCheckDigit(std::span<const char, 11>("12345678901", 11)), 8);
    // Σ = 0 → remainder 0 → 0. A lone 1 in the tenth place weighs 3 → 11 − 3 = 8; in the ninth, 4 → 7.
    QCOMPARE(individualCheckDigit(std::span<const char, 11>("00000000000", 11)), 0);
    QCOMPARE(individualCheckDigit(std::span<const char, 11>("00000000010", 11)), 8);
    QCOMPARE(individualCheckDigit(std::span<const char, 11>("00000000100", 11)), 7);
    // Remainder 1: weight 6 on the first digit × 2 = 12, 12 mod 11 = 1 → 0.
    QCOMPARE(individualCheckDigit(std::span<const char, 11>("20000000000", 11)), 0);
    // Corporate: 000012050002 → Σ = 11, 11 mod 9 = 2, 9 − 2 = 7.
    QCOMPARE(corporateCheckDigit(std::span<const char, 12>("000012050002", 12)), 7);
    QCOMPARE(corporateCheckDigit(std::span<const char, 12>("000000000000", 12)), 9);
    // Rightmost digit weighs 1, the one before it 2: 000000000010 → 2 → 7; 000000000001 → 1 → 8.
    QCOMPARE(corporateCheckDigit(std::span<const char, 12>("000000000010", 12)), 7);
    QCOMPARE(corporateCheckDigit(std::span<const char, 12>("000000000001", 12)), 8);
}

void TestNumberValidation::everyCheckDigitIsReachable()
{
    // Over all single-digit variations of a base body, the check digit takes every value 0-9,
    // and a body's one valid completion is accepted while the nine others are refused.
    std::string body = "31415926535";
    bool seen[10] = {};
    for (int position = 0; position < 11; ++position) {
        for (char d = '0'; d <= '9'; ++d) {
            std::string variant = body;
            variant[std::size_t(position)] = d;
            const int check = individualCheckDigit(std::span<const char, 11>(variant.data(), 11));
            QVERIFY(check >= 0 && check <= 9);
            seen[check] = true;
            int accepted = 0;
            for (char last = '0'; last <= '9'; ++last)
                accepted += parseIndividualNumber(variant + last).ok() ? 1 : 0;
            QCOMPARE(accepted, 1);
        }
    }
    for (bool s : seen)
        QVERIFY(s);
}

void TestNumberValidation::errorsNeverCarryTheInput()
{
    const char* inputs[] = {"123456789010", "1234567890123", "12345678901x", "8000012050002"};
    for (const char* input : inputs) {
        for (NumberKind kind : {NumberKind::Individual, NumberKind::Corporate}) {
            const auto result = parseNumber(kind, input);
            QVERIFY(!result.ok());
            const std::string& described = result.error().context();
            // No run of 4 or more digits from the input appears in the developer context either.
            for (std::size_t i = 0; i + 4 <= std::strlen(input); ++i)
                QVERIFY(described.find(std::string(input + i, 4)) == std::string::npos);
            QVERIFY(!result.error().message(Language::Japanese).empty());
            QVERIFY(!result.error().message(Language::English).empty());
        }
    }
}

void TestNumberValidation::digitsCopyAndCompare()
{
    const auto a = parseIndividualNumber("123456789018");
    const auto b = parseIndividualNumber("1234-5678-9018");
    const auto c = parseIndividualNumber("111111111118");
    QVERIFY(a.ok() && b.ok() && c.ok());
    QVERIFY(a.value() == b.value());
    QVERIFY(!(a.value() == c.value()));
    NumberDigits copy = a.value();
    QVERIFY(copy == a.value());
    copy = c.value();
    QVERIFY(copy == c.value());
    QCOMPARE(copy.size(), kIndividualNumberDigits);
}

QTEST_GUILESS_MAIN(TestNumberValidation)
#include "tst_number_validation.moc"
