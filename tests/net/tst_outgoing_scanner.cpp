// SPDX-License-Identifier: GPL-3.0-or-later
// The outgoing-data scanner: detections and non-detections per format, full-width digits, 4-4-4
// grouping, malformed and undecodable payloads, big payloads, the scores and the egress decision.
// Every number here is synthetic with a valid check digit (or deliberately an invalid one), and no
// comparison prints a payload: rows compare counts, booleans and signal bits only.

#include "services/net/outgoing_scanner.h"

#include <QTest>

#include <iconv.h>

#include <string>

using namespace mamori::net;

Q_DECLARE_METATYPE(mamori::net::PayloadKind)

namespace {

std::string bytes(const QByteArray& data)
{
    return std::string(data.constData(), static_cast<std::size_t>(data.size()));
}

ScanReport scan(const QByteArray& payload, PayloadKind kind) { return scanPayload(bytes(payload), kind); }

// Whether any text of the report holds a run of 5 or more digits (ASCII or full-width).
bool reportHoldsDigitRun(const ScanReport& report)
{
    const auto holds = [](const std::string& text) {
        const QString s = QString::fromStdString(text);
        int run = 0;
        for (QChar c : s) {
            run = (c.isDigit()) ? run + 1 : 0;
            if (run >= 5)
                return true;
        }
        return false;
    };
    if (holds(report.malformedReason))
        return true;
    for (const auto& finding : report.findings)
        if (holds(finding.location) || holds(finding.reason))
            return true;
    return holds(decideEgress(report, false).reason);
}

QByteArray toCp932(const QByteArray& utf8)
{
    iconv_t converter = iconv_open("CP932", "UTF-8");
    std::string input = bytes(utf8);
    std::string output(input.size() * 2 + 8, '\0');
    char* in = input.data();
    char* out = output.data();
    std::size_t inLeft = input.size();
    std::size_t outLeft = output.size();
    const std::size_t result = iconv(converter, &in, &inLeft, &out, &outLeft);
    iconv_close(converter);
    if (result == static_cast<std::size_t>(-1))
        return {};
    return QByteArray(output.data(), static_cast<qsizetype>(output.size() - outLeft));
}

} // namespace

class TestOutgoingScanner : public QObject {
    Q_OBJECT

private slots:
    void detections_data();
    void detections();
    void scores_data();
    void scores();
    void positions();
    void csvRowsAndColumns();
    void shiftJis();
    void undecodable();
    void bigPayloads();
    void decisions();
};

void TestOutgoingScanner::detections_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<PayloadKind>("kind");
    QTest::addColumn<int>("findings");
    QTest::addColumn<bool>("malformed");
    QTest::addColumn<uint>("expectedSignals"); // bits every finding must have

    const PayloadKind text = PayloadKind::Text, csv = PayloadKind::Csv, json = PayloadKind::Json,
                      xml = PayloadKind::Xml;
    const uint check = kSignalCheckDigit, field = kSignalLabelInField, nearby = kSignalLabelNearby,
               grouped = kSignalGrouped, person = kSignalNameOrBirth, consistent = kSignalConsistent,
               wide = kSignalFullWidth;

    // Plain text.
    QTest::newRow("text: bare number") << QByteArray("受付番号 123456789018 を控えてください") << text << 0 << false
                                       << check;
    QTest::newRow("text: 個人番号 label")
        << QByteArray("個人番号：123456789018") << text << 1 << false << (check | nearby);
    QTest::newRow("text: My Number label")
        << QByteArray("Your My Number is 987654321018.") << text << 1 << false << (check | nearby);
    QTest::newRow("text: individual number label")
        << QByteArray("individual number: 111222333446\n") << text << 1 << false << (check | nearby);
    QTest::newRow("text: label after") << QByteArray("555666777885（マイナンバー）") << text << 1 << false
                                       << (check | nearby);
    QTest::newRow("text: grouped spaces alone")
        << QByteArray("ref 1234 5678 9018 end") << text << 1 << false << (check | grouped);
    QTest::newRow("text: grouped hyphens alone")
        << QByteArray("1234-5678-9018") << text << 1 << false << (check | grouped);
    QTest::newRow("text: grouped after a date")
        << QByteArray("2024-01-15 1234-5678-9018") << text << 1 << false << (check | grouped | person);
    QTest::newRow("text: card number is four groups")
        << QByteArray("1234-5678-9018-1234") << text << 0 << false << check;
    QTest::newRow("text: full-width with label")
        << QByteArray("マイナンバー　１２３４５６７８９０１８") << text << 1 << false << (check | nearby | wide);
    QTest::newRow("text: full-width grouped")
        << QByteArray("１２３４－５６７８－９０１８") << text << 1 << false << (check | grouped | wide);
    QTest::newRow("text: ideographic spaces grouped")
        << QByteArray("１２３４　５６７８　９０１８") << text << 1 << false << (check | grouped | wide);
    QTest::newRow("text: wrong check digit with label")
        << QByteArray("個人番号 123456789010") << text << 0 << false << check;
    QTest::newRow("text: 13 digits with label") << QByteArray("個人番号 1234567890181") << text << 0 << false << check;
    QTest::newRow("text: decimal fraction") << QByteArray("個人番号 0.123456789018") << text << 0 << false << check;
    QTest::newRow("text: name and birth date alone")
        << QByteArray("山田太郎 様 1985年4月12日生 123456789018") << text << 0 << false << check;
    QTest::newRow("text: name and grouped")
        << QByteArray("氏名 山田太郎 1234 5678 9018") << text << 1 << false << (check | grouped | person);
    QTest::newRow("text: era birth date and grouped")
        << QByteArray("昭和60年4月12日生 1234 5678 9018") << text << 1 << false << (check | grouped | person);
    QTest::newRow("text: phone label and grouped") << QByteArray("電話 1234-5678-9018") << text << 0 << false << check;
    QTest::newRow("text: phone and 個人番号")
        << QByteArray("電話 03-1234-5678 個人番号 123456789018") << text << 1 << false << (check | nearby);
    QTest::newRow("text: label far away")
        << (QByteArray("個人番号") + QByteArray(200, ' ') + "123456789018") << text << 0 << false << check;
    QTest::newRow("text: two numbers after one label")
        << QByteArray("個人番号 123456789018 と 987654321018") << text << 2 << false << (check | nearby);
    QTest::newRow("text: letter") << QByteArray("山田太郎 様\n\n下記のとおりマイナンバーをお知らせします。\n"
                                                "個人番号　1234 5678 9018\n")
                                  << text << 1 << false << (check | nearby | grouped | person);

    // CSV.
    QTest::newRow("csv: payroll export")
        << QByteArray("社員番号,氏名,生年月日,個人番号\nE0001,山田太郎,1985-04-12,123456789018\n"
                      "E0002,佐藤花子,1990-01-31,987654321018\n")
        << csv << 2 << false << (check | field | person);
    QTest::newRow("csv: mynumber header")
        << QByteArray("emp,mynumber\nE1,123456789018\n") << csv << 1 << false << (check | field);
    QTest::newRow("csv: kojin_bango header")
        << QByteArray("code,kojin_bango\r\nE1,1234-5678-9018\r\n") << csv << 1 << false << (check | field | grouped);
    QTest::newRow("csv: unlabelled but consistent column")
        << QByteArray("code,value\nA,123456789018\nB,987654321018\nC,111222333446\n") << csv << 3 << false
        << (check | consistent);
    QTest::newRow("csv: unlabelled, mostly failing column")
        << QByteArray("id,ref\n1,123456789018\n2,123456789010\n3,111111111110\n4,222222222220\n") << csv << 0 << false
        << check;
    QTest::newRow("csv: unlabelled single row with a name")
        << QByteArray("氏名,番号\n山田,123456789018\n") << csv << 0 << false << check;
    QTest::newRow("csv: quoted cells") << QByteArray(
                                              "\"個人番号\",\"memo\"\n\"123456789018\",\"a \"\"quoted\"\" memo\"\n")
                                       << csv << 1 << false << (check | field);
    QTest::newRow("csv: label in a memo cell")
        << QByteArray("id,memo\n1,マイナンバーは123456789018です\n") << csv << 1 << false << (check | nearby);
    QTest::newRow("csv: tab separated") << QByteArray("name\tmy_number\nYamada\t123456789018\n") << csv << 1 << false
                                        << (check | field | person);
    QTest::newRow("csv: unterminated quote")
        << QByteArray("個人番号,x\n\"123456789018,oops\n") << csv << 1 << true << (check | nearby);
    QTest::newRow("csv: text after closing quote")
        << QByteArray("mynumber\n\"123456789018\"x\n") << csv << 1 << true << (check | nearby);
    QTest::newRow("csv: no numbers") << QByteArray("a,b\n1,2\n") << csv << 0 << false << check;

    // JSON.
    QTest::newRow("json: submission")
        << QByteArray(R"({"employees":[{"name":"山田","birthDate":"1985-04-12","myNumber":"123456789018"}]})") << json
        << 1 << false << (check | field | person);
    QTest::newRow("json: number value") << QByteArray(R"({"kojin_bango": 123456789018})") << json << 1 << false
                                        << (check | field);
    QTest::newRow("json: label on the parent")
        << QByteArray(R"({"マイナンバー": {"value": "123456789018"}})") << json << 1 << false << (check | field);
    QTest::newRow("json: unlabelled key") << QByteArray(R"({"ref": "123456789018"})") << json << 0 << false << check;
    QTest::newRow("json: escaped digits")
        << QByteArray(R"({"myNumber": "\u0031\u0032\u0033\u0034\u0035\u0036\u0037\u0038\u0039\u0030\u0031\u0038"})")
        << json << 1 << false << (check | field);
    QTest::newRow("json: escaped label") << QByteArray(R"({"\u500b\u4eba\u756a\u53f7": "123456789018"})") << json << 1
                                         << false << (check | field);
    QTest::newRow("json: the number as a key")
        << QByteArray(R"({"123456789018": "個人番号"})") << json << 1 << false << (check | nearby);
    QTest::newRow("json: consistent array") << QByteArray(R"({"list":["123456789018","987654321018","111222333446"]})")
                                            << json << 3 << false << (check | consistent);
    QTest::newRow("json: unterminated") << QByteArray(R"({"myNumber": "123456789018")") << json << 1 << true
                                        << (check | nearby);
    QTest::newRow("json: trailing document")
        << QByteArray(R"({"a":1} {"myNumber":"123456789018"})") << json << 1 << true << (check | nearby);
    QTest::newRow("json: bare string document")
        << QByteArray(R"("個人番号 123456789018")") << json << 1 << false << (check | nearby);
    QTest::newRow("json: phone numbers") << QByteArray(R"({"tel":"1234-5678-9018"})") << json << 0 << false << check;

    // XML.
    QTest::newRow("xml: submission")
        << QByteArray("<?xml version=\"1.0\"?><employees><employee><name>山田</name><kojinBango>123456789018"
                      "</kojinBango></employee></employees>")
        << xml << 1 << false << (check | field | person);
    QTest::newRow("xml: attribute") << QByteArray(R"(<employee name="山田" myNumber="1234 5678 9018"/>)") << xml << 1
                                    << false << (check | field | grouped | person);
    QTest::newRow("xml: label on the parent")
        << QByteArray("<個人番号><値>123456789018</値></個人番号>") << xml << 1 << false << (check | field);
    QTest::newRow("xml: character reference")
        << QByteArray("<MyNumber>&#49;23456789018</MyNumber>") << xml << 1 << false << (check | field);
    QTest::newRow("xml: CDATA") << QByteArray("<MyNumber><![CDATA[123456789018]]></MyNumber>") << xml << 1 << false
                                << (check | field);
    QTest::newRow("xml: in a comment") << QByteArray("<root><!-- 個人番号 123456789018 --></root>") << xml << 1 << false
                                       << (check | nearby);
    QTest::newRow("xml: mismatched tag") << QByteArray("<MyNumber>123456789018</Other>") << xml << 1 << true
                                         << (check | nearby);
    QTest::newRow("xml: unlabelled") << QByteArray("<ref>123456789018</ref>") << xml << 0 << false << check;
    QTest::newRow("xml: Shift_JIS declaration, UTF-8 bytes")
        << QByteArray("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><r><個人番号>123456789018</個人番号></r>") << xml
        << 1 << false << (check | field);
    QTest::newRow("xml: entity expansion bomb")
        << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;"
                      "&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;"
                      "&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;"
                      "&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]><l>&g;&g;&g;&g;&g;&g;&g;&g;</l>")
        << xml << 0 << true << check;
    QTest::newRow("xml: number in an entity")
        << QByteArray("<!DOCTYPE r [<!ENTITY n \"123456789018\">]><r><MyNumber>&n;</MyNumber></r>") << xml << 2 << false
        << check; // the declaration (label nearby) and the expanded value (label in the element)
}

void TestOutgoingScanner::detections()
{
    QFETCH(QByteArray, payload);
    QFETCH(PayloadKind, kind);
    QFETCH(int, findings);
    QFETCH(bool, malformed);
    QFETCH(uint, expectedSignals);
    const ScanReport report = scan(payload, kind);
    QCOMPARE(int(report.findingCount), findings);
    QCOMPARE(int(report.findings.size()), findings);
    QVERIFY2(report.malformed == malformed, report.malformedReason.c_str());
    for (const auto& finding : report.findings) {
        QVERIFY2((finding.signalBits & expectedSignals) == expectedSignals, finding.reason.c_str());
        QVERIFY(finding.score >= kReportScore);
        QVERIFY(finding.line >= 1);
        QVERIFY(finding.byteOffset < std::size_t(payload.size()));
    }
    QVERIFY(!reportHoldsDigitRun(report));
}

void TestOutgoingScanner::scores_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("score");
    QTest::newRow("label nearby: 10 + 45") << QByteArray("個人番号 123456789018") << 55;
    QTest::newRow("grouped: 10 + 30") << QByteArray("x 1234 5678 9018 y") << 40;
    QTest::newRow("label nearby and grouped: 10 + 45 + 30") << QByteArray("個人番号 1234 5678 9018") << 85;
    QTest::newRow("grouped and name: 10 + 30 + 20") << QByteArray("氏名 1234 5678 9018") << 60;
    QTest::newRow("label, grouped, name: capped at 100") << QByteArray("氏名 山田 個人番号 1234 5678 9018") << 100;
}

void TestOutgoingScanner::scores()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, score);
    const ScanReport report = scan(payload, PayloadKind::Text);
    QCOMPARE(int(report.findings.size()), 1);
    QCOMPARE(report.findings[0].score, score);
}

void TestOutgoingScanner::positions()
{
    const QByteArray payload("line one\nline two\n個人番号 123456789018\n");
    const ScanReport report = scan(payload, PayloadKind::Text);
    QCOMPARE(int(report.findings.size()), 1);
    QCOMPARE(int(report.findings[0].line), 3);
    QCOMPARE(int(report.findings[0].byteOffset), payload.indexOf("1234"));

    // A BOM is part of the payload as given.
    const QByteArray bom = "\xEF\xBB\xBF" + payload;
    const ScanReport withBom = scan(bom, PayloadKind::Text);
    QCOMPARE(int(withBom.findings.size()), 1);
    QCOMPARE(int(withBom.findings[0].byteOffset), bom.indexOf("1234"));

    const QByteArray json(R"({"employees":[{"name":"a"},{"name":"b","myNumber":"123456789018"}]})");
    const ScanReport jsonReport = scan(json, PayloadKind::Json);
    QCOMPARE(int(jsonReport.findings.size()), 1);
    QCOMPARE(jsonReport.findings[0].location, std::string("$.employees[1].myNumber"));
    QCOMPARE(int(jsonReport.findings[0].byteOffset), json.indexOf("1234"));

    const QByteArray xml("<a>\n<b>\n<MyNumber>123456789018</MyNumber></b></a>");
    const ScanReport xmlReport = scan(xml, PayloadKind::Xml);
    QCOMPARE(int(xmlReport.findings.size()), 1);
    QCOMPARE(xmlReport.findings[0].location, std::string("/a/b/MyNumber"));
    QCOMPARE(int(xmlReport.findings[0].line), 3);
    QCOMPARE(int(xmlReport.findings[0].byteOffset), xml.indexOf("1234"));

    // A key that is itself a number is masked in the location.
    const ScanReport masked = scan(R"({"987654321018": {"mynumber": "123456789018"}})", PayloadKind::Json);
    QVERIFY(masked.findingCount >= 1);
    QVERIFY(!reportHoldsDigitRun(masked));
}

void TestOutgoingScanner::csvRowsAndColumns()
{
    const QByteArray payload("社員番号,氏名,個人番号\nE1,山田,123456789018\n\"E2\",\"佐藤\nはなこ\",987654321018\n");
    const ScanReport report = scan(payload, PayloadKind::Csv);
    QCOMPARE(int(report.findings.size()), 2);
    QCOMPARE(int(report.findings[0].csvRow), 2);
    QCOMPARE(int(report.findings[0].csvColumn), 3);
    QCOMPARE(report.findings[0].location, std::string("row 2, column 3 (個人番号)"));
    QCOMPARE(int(report.findings[1].csvRow), 3);
    QCOMPARE(int(report.findings[1].line), 4); // the quoted name spans a line
    QVERIFY(report.scannedAs == PayloadKind::Csv);
}

void TestOutgoingScanner::shiftJis()
{
    const QByteArray utf8("社員番号,氏名,個人番号\r\nE1,山田太郎,１２３４５６７８９０１８\r\n");
    const QByteArray sjis = toCp932(utf8);
    QVERIFY(!sjis.isEmpty());
    const ScanReport report = scan(sjis, PayloadKind::Csv);
    QVERIFY(report.encoding == PayloadEncoding::ShiftJis);
    QVERIFY(!report.malformed);
    QCOMPARE(int(report.findings.size()), 1);
    QVERIFY(report.findings[0].signalBits & kSignalLabelInField);
    QVERIFY(report.findings[0].signalBits & kSignalFullWidth);
    // The offset points at the full-width "１" (0x82 0x50) in the Shift_JIS bytes.
    const std::size_t at = report.findings[0].byteOffset;
    QVERIFY(at + 1 < std::size_t(sjis.size()));
    QCOMPARE(int(static_cast<unsigned char>(sjis[qsizetype(at)])), 0x82);
    QCOMPARE(int(static_cast<unsigned char>(sjis[qsizetype(at + 1)])), 0x50);
    QCOMPARE(int(report.findings[0].line), 2);
}

void TestOutgoingScanner::undecodable()
{
    static constexpr char kBinary[] = "\xff\xfe\x00\x01 binary ";
    QByteArray payload(kBinary, sizeof kBinary - 1); // the NUL inside is part of the payload
    payload += "mynumber 123456789018 ";
    payload += QByteArray("\x80\x81\xfe", 3);
    const ScanReport report = scan(payload, PayloadKind::Json);
    QVERIFY(report.encoding == PayloadEncoding::Undecodable);
    QVERIFY(report.malformed);
    QVERIFY(report.scannedAs == PayloadKind::Text);
    QCOMPARE(int(report.findings.size()), 1); // ASCII digits are still found
    static constexpr char kRandom[] = "\xff\xfe\xfd random bytes 42";
    const ScanReport clean = scan(QByteArray(kRandom, sizeof kRandom - 1), PayloadKind::Text);
    QVERIFY(clean.encoding == PayloadEncoding::Undecodable);
    QCOMPARE(int(clean.findingCount), 0);
    QVERIFY(!decideEgress(clean, false).allowed);
    QVERIFY(decideEgress(clean, true).allowed);
}

void TestOutgoingScanner::bigPayloads()
{
    // 200,000 rows of payroll CSV: every number found, the report capped.
    std::string csv = "社員番号,氏名,個人番号\n";
    const char* numbers[] = {"123456789018", "987654321018", "111222333446", "555666777885"};
    for (int row = 0; row < 200000; ++row)
        csv += "E" + std::to_string(row) + ",山田 太郎," + numbers[row % 4] + "\n";
    const ScanReport report = scanPayload(csv, PayloadKind::Csv);
    QCOMPARE(int(report.findingCount), 200000);
    QCOMPARE(int(report.findings.size()), int(kMaxReportedFindings));
    QVERIFY(!report.malformed);

    // 16 MiB of text with many digits but no number in context.
    std::string text;
    text.reserve(16u << 20);
    unsigned state = 12345;
    while (text.size() < (16u << 20)) {
        state = state * 1103515245u + 12345u;
        text += "order " + std::to_string(state % 1000000000u) + std::to_string(state % 1000u) + " shipped; ";
    }
    const ScanReport none = scanPayload(text, PayloadKind::Text);
    QCOMPARE(int(none.findingCount), 0);

    // Deep nesting: refused by simdjson's depth limit, then scanned as text.
    const std::string deep = std::string(100000, '[') + "\"個人番号 123456789018\"" + std::string(100000, ']');
    const ScanReport nested = scanPayload(deep, PayloadKind::Json);
    QVERIFY(nested.malformed);
    QCOMPARE(int(nested.findingCount), 1);
}

void TestOutgoingScanner::decisions()
{
    const ScanReport found = scan("個人番号 123456789018", PayloadKind::Text);
    const EgressDecision blocked = decideEgress(found, false);
    QVERIFY(!blocked.allowed);
    QVERIFY(blocked.reason.find("blocked") != std::string::npos);
    QVERIFY(decideEgress(found, true).allowed);

    const ScanReport clean = scan("給与明細のお知らせ", PayloadKind::Text);
    QVERIFY(decideEgress(clean, false).allowed);

    const ScanReport malformed = scan(R"({"a": )", PayloadKind::Json);
    QVERIFY(malformed.malformed);
    const EgressDecision decision = decideEgress(malformed, false);
    QVERIFY(decision.allowed); // scanned as text and nothing found
    QVERIFY(decision.reason.find("did not parse") != std::string::npos);

    // A weak candidate (a bare check-digit-valid run) neither blocks nor is reported.
    const ScanReport weak = scan("order 123456789018", PayloadKind::Text);
    QCOMPARE(int(weak.findingCount), 0);
    QCOMPARE(int(weak.weakCandidates), 1);
    QVERIFY(decideEgress(weak, false).allowed);
}

QTEST_GUILESS_MAIN(TestOutgoingScanner)
#include "tst_outgoing_scanner.moc"
