// SPDX-License-Identifier: GPL-3.0-or-later
// The RFC 4180 reader (data-driven: records that parse, records that must not, with the line, field
// and column of the error), its limits, and the text decoder's detection of UTF-8 (BOM or not) and
// CP932. No input here holds a 12-digit run, so nothing a failure prints can be a number.

#include "services/vault/csv_reader.h"
#include "services/vault/text_encoding.h"

#include <QByteArray>
#include <QFile>
#include <QTest>

#include <string>

using namespace mamori;
using namespace mamori::vault;

namespace {

int code(ErrorCode c) { return int(errorNumber(c)); }

std::string bytes(const QByteArray& data) { return std::string(data.constData(), std::size_t(data.size())); }

// Records as one string: fields joined by "|", records ended by "$", so a failure shows both sides.
QString render(std::string_view text, const CsvOptions& options, int* errorCode = nullptr,
               CsvPosition* position = nullptr)
{
    CsvReader reader(text, options);
    CsvRecord record;
    QString out;
    for (;;) {
        auto next = reader.next(record);
        if (!next.ok()) {
            if (errorCode)
                *errorCode = code(next.code());
            if (position)
                *position = reader.errorPosition();
            return out + QStringLiteral("!error");
        }
        if (!next.value())
            break;
        for (std::size_t i = 0; i < record.size(); ++i) {
            if (i > 0)
                out += QLatin1Char('|');
            out += QString::fromUtf8(record[i].data(), qsizetype(record[i].size()));
        }
        out += QLatin1Char('$');
    }
    return out;
}

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

} // namespace

class TestCsvReader : public QObject {
    Q_OBJECT

private slots:
    void records_data();
    void records();
    void errors_data();
    void errors();
    void errorIsSticky();
    void lineNumbersAcrossQuotedLineBreaks();
    void uniformFieldCount();
    void commentsAndBlankLines();
    void limits();
    void fieldsAreReused();
    void readAll();

    void decodeDetection_data();
    void decodeDetection();
    void decodeErrors_data();
    void decodeErrors();
    void decodeCp932File();
    void decodeBomFile();
    void encodingNames();
    void utf8Validation_data();
    void utf8Validation();
};

void TestCsvReader::records_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("simple") << QByteArray("a,b,c\n1,2,3\n") << QStringLiteral("a|b|c$1|2|3$");
    QTest::newRow("no final line break") << QByteArray("a,b\nc,d") << QStringLiteral("a|b$c|d$");
    QTest::newRow("CRLF") << QByteArray("a,b\r\nc,d\r\n") << QStringLiteral("a|b$c|d$");
    QTest::newRow("mixed CRLF and LF") << QByteArray("a\r\nb\nc") << QStringLiteral("a$b$c$");
    QTest::newRow("empty input") << QByteArray("") << QString();
    QTest::newRow("only a line break") << QByteArray("\n") << QString();
    QTest::newRow("empty fields") << QByteArray(",,\n") << QStringLiteral("||$");
    QTest::newRow("trailing comma") << QByteArray("a,\n") << QStringLiteral("a|$");
    QTest::newRow("trailing comma at end of input") << QByteArray("a,") << QStringLiteral("a|$");
    QTest::newRow("quoted field") << QByteArray("\"a\",b\n") << QStringLiteral("a|b$");
    QTest::newRow("quoted comma") << QByteArray("\"a,b\",c\n") << QStringLiteral("a,b|c$");
    QTest::newRow("doubled quote") << QByteArray("\"say \"\"hi\"\"\",x\n") << QStringLiteral("say \"hi\"|x$");
    QTest::newRow("only a doubled quote") << QByteArray("\"\"\"\"\n") << QStringLiteral("\"$");
    QTest::newRow("empty quoted field") << QByteArray("\"\",a\n") << QStringLiteral("|a$");
    QTest::newRow("embedded LF") << QByteArray("\"line 1\nline 2\",b\n") << QStringLiteral("line 1\nline 2|b$");
    QTest::newRow("embedded CRLF kept") << QByteArray("\"x\r\ny\"\r\n") << QStringLiteral("x\r\ny$");
    QTest::newRow("quoted last field, no line break") << QByteArray("a,\"b\"") << QStringLiteral("a|b$");
    QTest::newRow("quoted field before CRLF") << QByteArray("\"a\"\r\n\"b\"\r\n") << QStringLiteral("a$b$");
    QTest::newRow("spaces are data") << QByteArray(" a , b \n") << QStringLiteral(" a | b $");
    QTest::newRow("blank lines skipped") << QByteArray("a\n\n\r\nb\n\n") << QStringLiteral("a$b$");
    QTest::newRow("Japanese text") << QByteArray("氏名,住所\n山田 太郎,東京都\n")
                                   << QStringLiteral("氏名|住所$山田 太郎|東京都$");
    QTest::newRow("full-width comma is data") << QByteArray("a，b,c\n") << QStringLiteral("a，b|c$");
    QTest::newRow("ideographic space is data") << QByteArray("　a　\n") << QStringLiteral("　a　$");
    QTest::newRow("quoted comma and quote together") << QByteArray("\",\"\"\",\"\"\n") << QStringLiteral(",\"|$");
    QTest::newRow("tab is data") << QByteArray("a\tb,c\n") << QStringLiteral("a\tb|c$");
    QTest::newRow("line of commas is a record") << QByteArray("a,b\n,\n") << QStringLiteral("a|b$|$");
    QTest::newRow("hash without comment prefix") << QByteArray("#a,b\n") << QStringLiteral("#a|b$");
    QTest::newRow("quoted record spanning three lines")
        << QByteArray("x,\"1\n2\n3\",y\nz\n") << QStringLiteral("x|1\n2\n3|y$z$");
}

void TestCsvReader::records()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);
    const std::string text = bytes(input);
    QCOMPARE(render(text, CsvOptions{}), expected);
}

void TestCsvReader::errors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("expectedCode");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("field");
    QTest::addColumn<int>("column");
    const int bad = code(ErrorCode::InvalidArgument);

    QTest::newRow("unterminated quote") << QByteArray("a,\"bc\n") << bad << 1 << 2 << 3;
    QTest::newRow("unterminated quote on a later line") << QByteArray("a,b\nc,d\ne,\"f,g\nh\n") << bad << 3 << 2 << 3;
    QTest::newRow("quote inside an unquoted field") << QByteArray("ab\"c,d\n") << bad << 1 << 1 << 3;
    QTest::newRow("stray quote in second field") << QByteArray("a,b\"\n") << bad << 1 << 2 << 4;
    QTest::newRow("text after a closing quote") << QByteArray("\"a\"b,c\n") << bad << 1 << 1 << 4;
    QTest::newRow("space after a closing quote") << QByteArray("x\n\"a\" ,c\n") << bad << 2 << 1 << 4;
    QTest::newRow("space before an opening quote") << QByteArray("a, \"b\"\n") << bad << 1 << 2 << 4;
    QTest::newRow("bare CR outside quotes") << QByteArray("a\rb\n") << bad << 1 << 1 << 2;
    QTest::newRow("bare CR after a closing quote") << QByteArray("\"a\"\rb\n") << bad << 1 << 1 << 4;
    QTest::newRow("column counts characters, not bytes") << QByteArray("氏名,山\"田\n") << bad << 1 << 2 << 5;
    QTest::newRow("error after a quoted line break") << QByteArray("a,\"x\ny\"z\n") << bad << 2 << 2 << 3;
}

void TestCsvReader::errors()
{
    QFETCH(QByteArray, input);
    QFETCH(int, expectedCode);
    QFETCH(int, line);
    QFETCH(int, field);
    QFETCH(int, column);
    int actualCode = 0;
    CsvPosition position;
    const std::string text = bytes(input);
    QVERIFY(render(text, CsvOptions{}, &actualCode, &position).endsWith(QStringLiteral("!error")));
    QCOMPARE(actualCode, expectedCode);
    QCOMPARE(int(position.line), line);
    QCOMPARE(int(position.field), field);
    QCOMPARE(int(position.column), column);
}

void TestCsvReader::errorIsSticky()
{
    CsvReader reader("\"a\"x\nb\n");
    CsvRecord record;
    const auto first = reader.next(record);
    QVERIFY(!first.ok());
    const auto second = reader.next(record);
    QVERIFY(!second.ok());
    QCOMPARE(second.code(), first.code());
    QVERIFY(second.error().context() == first.error().context());
    // The context names the position in words a developer can use.
    QVERIFY(first.error().context().find("line 1, field 1, column 4") != std::string::npos);
}

void TestCsvReader::lineNumbersAcrossQuotedLineBreaks()
{
    CsvReader reader("h1,h2\na,\"x\ny\nz\"\nb,c\n\nd,e\n");
    CsvRecord record;
    std::vector<int> lines;
    for (;;) {
        auto next = reader.next(record);
        QVERIFY(next.ok());
        if (!next.value())
            break;
        lines.push_back(int(record.line()));
    }
    QCOMPARE(lines.size(), std::size_t(4));
    QCOMPARE(lines[0], 1);
    QCOMPARE(lines[1], 2);
    QCOMPARE(lines[2], 5);
    QCOMPARE(lines[3], 7);
    QCOMPARE(int(reader.recordsRead()), 4);
}

void TestCsvReader::uniformFieldCount()
{
    CsvOptions options;
    options.uniformFieldCount = true;
    int errorCode = 0;
    CsvPosition position;
    QCOMPARE(render("a,b\nc,d,e\n", options, &errorCode, &position), QStringLiteral("a|b$!error"));
    QCOMPARE(errorCode, code(ErrorCode::InvalidArgument));
    QCOMPARE(int(position.line), 2);
    QCOMPARE(int(position.field), 3);
    QCOMPARE(render("a,b\nc\n", options, &errorCode, &position), QStringLiteral("a|b$!error"));
    QCOMPARE(int(position.line), 2);
    QCOMPARE(int(position.field), 2);
    QCOMPARE(render("a,b\nc,d\n", options), QStringLiteral("a|b$c|d$"));
    // Without the option a ragged file reads.
    QCOMPARE(render("a,b\nc\n", CsvOptions{}), QStringLiteral("a|b$c$"));
}

void TestCsvReader::commentsAndBlankLines()
{
    CsvOptions options;
    options.commentPrefix = '#';
    QCOMPARE(render("# comment, with \"quote\nA,b\n#another\nc,d\n", options), QStringLiteral("A|b$c|d$"));
    // A '#' inside a record or a quoted field is data.
    QCOMPARE(render("a,#b\n\"#c\"\n", options), QStringLiteral("a|#b$#c$"));
    CsvOptions keepBlank;
    keepBlank.skipBlankLines = false;
    QCOMPARE(render("a\n\nb\n", keepBlank), QStringLiteral("a$$b$"));
}

void TestCsvReader::limits()
{
    const int tooLarge = code(ErrorCode::TooLarge);
    int errorCode = 0;
    CsvPosition position;

    CsvOptions fields;
    fields.limits.maxFieldsPerRecord = 3;
    QCOMPARE(render("a,b,c\n", fields), QStringLiteral("a|b|c$"));
    QCOMPARE(render("a,b,c\nd,e,f,g\n", fields, &errorCode, &position), QStringLiteral("a|b|c$!error"));
    QCOMPARE(errorCode, tooLarge);
    QCOMPARE(int(position.line), 2);
    QCOMPARE(int(position.field), 4);

    CsvOptions length;
    length.limits.maxFieldBytes = 4;
    QCOMPARE(render("abcd,\"wxyz\"\n", length), QStringLiteral("abcd|wxyz$"));
    QCOMPARE(render("abcde\n", length, &errorCode), QStringLiteral("!error"));
    QCOMPARE(errorCode, tooLarge);
    QCOMPARE(render("\"abcde\"\n", length, &errorCode), QStringLiteral("!error"));
    QCOMPARE(errorCode, tooLarge);
    // A doubled quote counts as the one byte it stands for, and is still counted.
    QCOMPARE(render("\"ab\"\"c\"\n", length), QStringLiteral("ab\"c$"));
    QCOMPARE(render("\"abc\"\"d\"\n", length, &errorCode), QStringLiteral("!error"));
    QCOMPARE(errorCode, tooLarge);

    CsvOptions records;
    records.limits.maxRecords = 2;
    QCOMPARE(render("a\nb\n", records), QStringLiteral("a$b$"));
    QCOMPARE(render("a\nb\nc\n", records, &errorCode, &position), QStringLiteral("a$b$!error"));
    QCOMPARE(errorCode, tooLarge);
    QCOMPARE(int(position.line), 3);

    CsvOptions input;
    input.limits.maxInputBytes = 8;
    QCOMPARE(render("a,b,c\n", input), QStringLiteral("a|b|c$"));
    QCOMPARE(render("a,b,c,d,e\n", input, &errorCode), QStringLiteral("!error"));
    QCOMPARE(errorCode, tooLarge);

    // Hostile shapes stay within the limits: a huge number of empty fields on one line.
    const std::string commas(100000, ',');
    QCOMPARE(render(commas, CsvOptions{}, &errorCode).right(6), QStringLiteral("!error"));
    QCOMPARE(errorCode, tooLarge);
}

void TestCsvReader::fieldsAreReused()
{
    // One CsvRecord across many records: sizes follow each record, not the largest seen.
    CsvReader reader("a,b,c,d\ne\n\"long field value\",x\ny\n");
    CsvRecord record;
    const std::size_t sizes[] = {4, 1, 2, 1};
    for (const std::size_t expected : sizes) {
        auto next = reader.next(record);
        QVERIFY(next.ok() && next.value());
        QCOMPARE(record.size(), expected);
    }
    QVERIFY(record.field(0) == "y");
    QVERIFY(record.field(5).empty());
    auto end = reader.next(record);
    QVERIFY(end.ok() && !end.value());
}

void TestCsvReader::readAll()
{
    auto all = readAllCsv("h,i\n1,2\n\"3\",\"4\n5\"\n");
    QVERIFY(all.ok());
    QCOMPARE(all.value().size(), std::size_t(3));
    QVERIFY(all.value()[2][1] == "4\n5");
    QCOMPARE(int(all.value()[2].line()), 3);
    QVERIFY(!all.value()[1].isBlank());
    auto broken = readAllCsv("a\n\"b\n");
    QVERIFY(!broken.ok());
    QCOMPARE(broken.code(), ErrorCode::InvalidArgument);
}

void TestCsvReader::decodeDetection_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("forced");
    QTest::addColumn<int>("detected");
    QTest::addColumn<bool>("bom");
    QTest::addColumn<QString>("text");
    const int autoDetect = int(TextEncoding::Auto);
    const int utf8 = int(TextEncoding::Utf8);
    const int cp932 = int(TextEncoding::Cp932);

    QTest::newRow("ASCII") << QByteArray("a,b\n") << autoDetect << utf8 << false << QStringLiteral("a,b\n");
    QTest::newRow("UTF-8 without BOM") << QByteArray("氏名\n") << autoDetect << utf8 << false
                                       << QStringLiteral("氏名\n");
    QTest::newRow("UTF-8 with BOM") << QByteArray("\xEF\xBB\xBF氏名\n") << autoDetect << utf8 << true
                                    << QStringLiteral("氏名\n");
    QTest::newRow("BOM alone") << QByteArray("\xEF\xBB\xBF") << autoDetect << utf8 << true << QString();
    QTest::newRow("CP932 kanji") << QByteArray("\x8E\x81\x96\xBC\r\n") << autoDetect << cp932 << false
                                 << QStringLiteral("氏名\n");
    QTest::newRow("CP932 NEC special: circled one")
        << QByteArray("\x87\x40") << autoDetect << cp932 << false << QStringLiteral("①");
    QTest::newRow("CP932 NEC special: kabushiki")
        << QByteArray("\x87\x8A") << autoDetect << cp932 << false << QStringLiteral("㈱");
    QTest::newRow("CP932 IBM extension: taka")
        << QByteArray("\xFB\xFC") << autoDetect << cp932 << false << QStringLiteral("髙");
    QTest::newRow("CP932 wave dash is full-width tilde")
        << QByteArray("\x81\x60") << autoDetect << cp932 << false << QStringLiteral("～");
    QTest::newRow("CP932 full-width hyphen-minus")
        << QByteArray("\x81\x7C") << autoDetect << cp932 << false << QStringLiteral("－");
    QTest::newRow("CP932 half-width kana")
        << QByteArray("\xB1\xB2") << autoDetect << cp932 << false << QStringLiteral("ｱｲ");
    QTest::newRow("CP932 backslash stays backslash")
        << QByteArray("\x5C\x8E\x81") << autoDetect << cp932 << false << QStringLiteral("\\氏");
    QTest::newRow("forced CP932 on ASCII") << QByteArray("a\r\n") << cp932 << cp932 << false << QStringLiteral("a\n");
    QTest::newRow("forced UTF-8") << QByteArray("氏名") << utf8 << utf8 << false << QStringLiteral("氏名");
    QTest::newRow("CRLF normalised") << QByteArray("a\r\nb\r\n") << autoDetect << utf8 << false
                                     << QStringLiteral("a\nb\n");
    QTest::newRow("lone CR normalised") << QByteArray("a\rb\r") << autoDetect << utf8 << false
                                        << QStringLiteral("a\nb\n");
    QTest::newRow("CR CR LF") << QByteArray("a\r\r\nb") << autoDetect << utf8 << false << QStringLiteral("a\n\nb");
}

void TestCsvReader::decodeDetection()
{
    QFETCH(QByteArray, input);
    QFETCH(int, forced);
    QFETCH(int, detected);
    QFETCH(bool, bom);
    QFETCH(QString, text);
    const auto decoded = decodeText(bytes(input), TextEncoding(forced));
    QVERIFY(decoded.ok());
    QCOMPARE(int(decoded.value().encoding()), detected);
    QCOMPARE(decoded.value().hadBom(), bom);
    const std::string_view utf8 = decoded.value().utf8();
    QCOMPARE(QString::fromUtf8(utf8.data(), qsizetype(utf8.size())), text);
}

void TestCsvReader::decodeErrors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("forced");
    QTest::addColumn<int>("expectedCode");
    QTest::addColumn<QString>("where");
    const int autoDetect = int(TextEncoding::Auto);
    const int utf8 = int(TextEncoding::Utf8);
    const int cp932 = int(TextEncoding::Cp932);

    QTest::newRow("forced UTF-8 on CP932") << QByteArray("ab\n\x8E\x81") << utf8 << code(ErrorCode::InvalidUtf8)
                                           << QStringLiteral("byte offset 3 (line 2)");
    QTest::newRow("BOM then invalid UTF-8")
        << QByteArray("\xEF\xBB\xBF"
                      "a\n\n\xC3")
        << autoDetect << code(ErrorCode::InvalidUtf8) << QStringLiteral("byte offset 6 (line 3)");
    QTest::newRow("neither UTF-8 nor CP932")
        << QByteArray("ok\r\n\x80") << autoDetect << code(ErrorCode::InvalidArgument)
        << QStringLiteral("byte offset 4 (line 2)");
    QTest::newRow("CP932 lead byte cut off") << QByteArray("a\n\x8E") << cp932 << code(ErrorCode::InvalidArgument)
                                             << QStringLiteral("byte offset 2 (line 2)");
    QTest::newRow("CP932 invalid trail byte") << QByteArray("\x8E\x0A") << cp932 << code(ErrorCode::InvalidArgument)
                                              << QStringLiteral("byte offset 0 (line 1)");
    QTest::newRow("CP932 forced on a UTF-8 BOM") << QByteArray("\xEF\xBB\xBF"
                                                               "a")
                                                 << cp932 << code(ErrorCode::InvalidArgument) << QString();
    QTest::newRow("UTF-16LE BOM") << QByteArray("\xFF\xFE"
                                                "a\0",
                                                4)
                                  << autoDetect << code(ErrorCode::InvalidArgument) << QStringLiteral("UTF-16");
    QTest::newRow("UTF-16BE BOM") << QByteArray("\xFE\xFF\0a", 4) << autoDetect << code(ErrorCode::InvalidArgument)
                                  << QStringLiteral("UTF-16");
    QTest::newRow("UTF-32LE BOM") << QByteArray("\xFF\xFE\0\0", 4) << autoDetect << code(ErrorCode::InvalidArgument)
                                  << QStringLiteral("UTF-32");
}

void TestCsvReader::decodeErrors()
{
    QFETCH(QByteArray, input);
    QFETCH(int, forced);
    QFETCH(int, expectedCode);
    QFETCH(QString, where);
    const auto decoded = decodeText(bytes(input), TextEncoding(forced));
    QVERIFY(!decoded.ok());
    QCOMPARE(code(decoded.code()), expectedCode);
    QVERIFY(decoded.error().context().find(where.toStdString()) != std::string::npos);
}

void TestCsvReader::decodeCp932File()
{
    const QByteArray raw = readData("employees_cp932.csv");
    const auto decoded = decodeText(bytes(raw));
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.value().encoding(), TextEncoding::Cp932);
    const std::string_view text = decoded.value().utf8();
    QVERIFY(text.find('\r') == std::string_view::npos);
    QVERIFY(text.find("髙橋 一郎") != std::string_view::npos);
    QVERIFY(text.find("①") != std::string_view::npos);
    QVERIFY(text.find("㈱本社") != std::string_view::npos);
    QVERIFY(text.find("ﾀｶﾊｼ") != std::string_view::npos);
    QVERIFY(isValidUtf8(text));
    // The same bytes forced as UTF-8 are refused with a position.
    const auto asUtf8 = decodeText(bytes(raw), TextEncoding::Utf8);
    QVERIFY(!asUtf8.ok());
    QCOMPARE(asUtf8.code(), ErrorCode::InvalidUtf8);
    QVERIFY(asUtf8.error().context().find("line 1") != std::string::npos);
}

void TestCsvReader::decodeBomFile()
{
    const auto withBom = decodeText(bytes(readData("employees_utf8_bom.csv")));
    QVERIFY(withBom.ok());
    QVERIFY(withBom.value().hadBom());
    QVERIFY(withBom.value().utf8().rfind("社員番号", 0) == 0);
    const auto crlf = decodeText(bytes(readData("employees_crlf.csv")));
    QVERIFY(crlf.ok());
    QVERIFY(!crlf.value().hadBom());
    QCOMPARE(crlf.value().encoding(), TextEncoding::Utf8);
    QVERIFY(crlf.value().utf8().find('\r') == std::string_view::npos);
}

void TestCsvReader::encodingNames()
{
    QVERIFY(textEncodingFromName("Shift_JIS") == TextEncoding::Cp932);
    QVERIFY(textEncodingFromName("WINDOWS-31J") == TextEncoding::Cp932);
    QVERIFY(textEncodingFromName("sjis") == TextEncoding::Cp932);
    QVERIFY(textEncodingFromName("utf8") == TextEncoding::Utf8);
    QVERIFY(textEncodingFromName("auto") == TextEncoding::Auto);
    QVERIFY(!textEncodingFromName("euc-jp").has_value());
    QVERIFY(!textEncodingFromName("").has_value());
    for (const TextEncoding e : {TextEncoding::Auto, TextEncoding::Utf8, TextEncoding::Cp932})
        QVERIFY(textEncodingFromName(textEncodingName(e)) == e);
}

void TestCsvReader::utf8Validation_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("firstInvalid"); // -1: valid

    QTest::newRow("empty") << QByteArray() << -1;
    QTest::newRow("long ASCII") << QByteArray(100, 'a') << -1;
    QTest::newRow("two, three and four bytes") << QByteArray("\xC3\xA9\xE6\xB0\x8F\xF0\x9F\x98\x80") << -1;
    QTest::newRow("highest code point") << QByteArray("\xF4\x8F\xBF\xBF") << -1;
    QTest::newRow("lone continuation byte") << QByteArray("abc\x80") << 3;
    QTest::newRow("overlong slash") << QByteArray("\xC0\xAF") << 0;
    QTest::newRow("overlong three bytes") << QByteArray("ab\xE0\x80\xAF") << 2;
    QTest::newRow("overlong four bytes") << QByteArray("\xF0\x80\x80\xAF") << 0;
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << 0;
    QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << 0;
    QTest::newRow("F5 lead byte") << QByteArray("\xF5\x80\x80\x80") << 0;
    QTest::newRow("truncated at end") << QByteArray("0123456789\xE6\xB0") << 10;
    QTest::newRow("after the ASCII fast path") << QByteArray("abcdefghijklmnop\xFF") << 16;
}

void TestCsvReader::utf8Validation()
{
    QFETCH(QByteArray, input);
    QFETCH(int, firstInvalid);
    const std::size_t found = findInvalidUtf8(bytes(input));
    QCOMPARE(found == std::string_view::npos ? -1 : int(found), firstInvalid);
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csv_reader.moc"
