// SPDX-License-Identifier: GPL-3.0-or-later
// Outgoing-data scanner benchmark (issue 7; services/net/README.md). Three measurements, all on
// payloads generated here from a fixed seed, all numbers synthetic and never printed:
//
//   false positives  random 12-digit strings (one in ten has a valid check digit) embedded in short
//                    texts with no context, and with weak context (a name, a birth date, a phone
//                    label, 4-4-4 grouping, an unlabelled CSV column); the share of payloads with
//                    a finding, over all strings and over those whose check digit is valid
//   detection        realistic payloads holding synthetic valid numbers: payroll CSV exports (UTF-8
//                    and Shift_JIS, some full-width or grouped), JSON and XML submissions, letters;
//                    the share of embedded numbers that are found, per kind
//   throughput       scanPayload over a payroll CSV and a text of the same size, against two
//                    baselines in the same process over the same bytes: a plain loop counting
//                    12-digit ASCII runs with a valid check digit (the least any scan must do),
//                    and std::regex_search for [0-9]{12} (what a quick implementation would do)
//
//   mamori_scanner_bench run   [--out results.md] [--megabytes N] [--rounds R]
//   mamori_scanner_bench smoke  (small sizes; the figures mean nothing)

#include "services/common/number_validation.h"
#include "services/net/outgoing_scanner.h"
#include "tests/bench/bench_util.h"

#include <iconv.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <regex>
#include <string>
#include <vector>

using namespace mamori;
using namespace mamori::net;
using Clock = std::chrono::steady_clock;

namespace {

using bench::fail;
using bench::median;
using bench::millisecondsSince;

std::mt19937_64 rng(20261124);

std::string randomDigits(std::size_t count)
{
    std::string digits;
    for (std::size_t i = 0; i < count; ++i)
        digits.push_back(static_cast<char>('0' + rng() % 10));
    return digits;
}

bool checkDigitValid(const std::string& digits)
{
    return individualCheckDigit(std::span<const char, 11>(digits.data(), 11)) == digits[11] - '0';
}

// A synthetic individual number: 11 random digits and their check digit.
std::string syntheticNumber()
{
    std::string digits = randomDigits(11);
    digits.push_back(static_cast<char>('0' + individualCheckDigit(std::span<const char, 11>(digits.data(), 11))));
    return digits;
}

std::string grouped(const std::string& digits, const std::string& separator)
{
    return digits.substr(0, 4) + separator + digits.substr(4, 4) + separator + digits.substr(8, 4);
}

std::string fullWidth(const std::string& digits)
{
    std::string out;
    for (char c : digits) {
        out += "\xEF\xBC";
        out.push_back(static_cast<char>(0x90 + (c - '0')));
    }
    return out;
}

std::string toCp932(const std::string& utf8)
{
    iconv_t converter = iconv_open("CP932", "UTF-8");
    std::string input = utf8;
    std::string output(input.size() * 2 + 8, '\0');
    char* in = input.data();
    char* out = output.data();
    std::size_t inLeft = input.size(), outLeft = output.size();
    if (iconv(converter, &in, &inLeft, &out, &outLeft) == static_cast<std::size_t>(-1))
        fail("iconv to CP932 failed");
    iconv_close(converter);
    output.resize(output.size() - outLeft);
    return output;
}

const std::vector<std::string> kFamilyNames{"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村"};
const std::vector<std::string> kGivenNames{"太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔", "さくら"};

std::string name() { return kFamilyNames[rng() % 8] + " " + kGivenNames[rng() % 8]; }
std::string birthDate()
{
    return std::to_string(1950 + rng() % 55) + "-" + std::to_string(1 + rng() % 12) + "-" +
           std::to_string(1 + rng() % 28);
}
template <typename T> const T& pick(const std::vector<T>& items) { return items[rng() % items.size()]; }

// ------------------------------------------------------------------------------------------------
// (a) False positives.

struct FalsePositiveRow {
    std::string context;
    std::size_t strings = 0, valid = 0, flagged = 0, flaggedValid = 0;
};

FalsePositiveRow falsePositives(const std::string& context, std::size_t count,
                                const std::function<std::string(const std::string&)>& embed,
                                PayloadKind kind = PayloadKind::Text)
{
    FalsePositiveRow row{context};
    for (std::size_t i = 0; i < count; ++i) {
        const std::string digits = randomDigits(12);
        const bool valid = checkDigitValid(digits);
        const ScanReport report = scanPayload(embed(digits), kind);
        ++row.strings;
        row.valid += valid;
        if (report.hasNumbers()) {
            ++row.flagged;
            row.flaggedValid += valid;
        }
    }
    return row;
}

std::vector<FalsePositiveRow> measureFalsePositives(std::size_t count)
{
    const std::vector<std::string> neutral{"処理済みのデータ %s を送信しました。", "Reference %s was processed.",
                                           "受付 %s 件目", "ticket %s closed by the helpdesk",
                                           "ファイル番号 %s の控え"};
    const auto fill = [](const std::string& templ, const std::string& digits) {
        const std::size_t at = templ.find("%s");
        return templ.substr(0, at) + digits + templ.substr(at + 2);
    };
    std::vector<FalsePositiveRow> rows;
    rows.push_back(falsePositives("no context (text)", count, [&](const auto& d) { return fill(pick(neutral), d); }));
    rows.push_back(falsePositives("name nearby", count, [&](const auto& d) { return name() + " 様　受付 " + d; }));
    rows.push_back(falsePositives("birth date nearby", count,
                                  [&](const auto& d) { return "生年月日 " + birthDate() + " 受付 " + d; }));
    rows.push_back(falsePositives("name and birth date nearby", count, [&](const auto& d) {
        return "氏名 " + name() + " 生年月日 " + birthDate() + " 受付 " + d;
    }));
    rows.push_back(falsePositives("phone label, grouped 4-4-4", count,
                                  [&](const auto& d) { return "電話番号 " + grouped(d, "-"); }));
    rows.push_back(falsePositives(
        "unlabelled JSON key", count,
        [&](const auto& d) { return R"({"name":")" + name() + R"(","ref":")" + d + "\"}"; }, PayloadKind::Json));
    rows.push_back(falsePositives("grouped 4-4-4, no label", count,
                                  [&](const auto& d) { return "受付 " + grouped(d, " ") + " 済"; }));
    // Whole CSV files: 20 random values in an unlabelled column; a row counts as one string.
    FalsePositiveRow csv{"unlabelled CSV column (20 rows per file)"};
    for (std::size_t file = 0; file < count / 20; ++file) {
        std::string payload = "code,氏名,ref\n";
        std::vector<bool> valid;
        for (int r = 0; r < 20; ++r) {
            const std::string digits = randomDigits(12);
            valid.push_back(checkDigitValid(digits));
            payload += "C" + std::to_string(r) + "," + name() + "," + digits + "\n";
        }
        const ScanReport report = scanPayload(payload, PayloadKind::Csv);
        std::vector<bool> flagged(20, false);
        for (const auto& finding : report.findings)
            if (finding.csvRow >= 2 && finding.csvRow <= 21)
                flagged[finding.csvRow - 2] = true;
        for (int r = 0; r < 20; ++r) {
            ++csv.strings;
            csv.valid += valid[std::size_t(r)];
            csv.flagged += flagged[std::size_t(r)];
            csv.flaggedValid += flagged[std::size_t(r)] && valid[std::size_t(r)];
        }
    }
    rows.push_back(csv);
    // For reference: the same random strings under a real label — the check digit is then all that
    // stands between them and a finding, so about one in ten is flagged, by design.
    rows.push_back(
        falsePositives("reference: labelled 個人番号", count, [&](const auto& d) { return "個人番号 " + d; }));
    return rows;
}

// ------------------------------------------------------------------------------------------------
// (b) Detection.

struct DetectionRow {
    std::string kind;
    std::size_t payloads = 0, embedded = 0, found = 0;
};

// A payload and how many numbers it holds.
struct Sample {
    std::string bytes;
    PayloadKind kind;
    std::size_t numbers;
};

std::string numberAs(int style)
{
    const std::string n = syntheticNumber();
    switch (style % 6) {
    case 0:
    case 1:
    case 2:
        return n;
    case 3:
        return grouped(n, "-");
    case 4:
        return grouped(n, " ");
    default:
        return fullWidth(n);
    }
}

Sample csvSample(bool shiftJis)
{
    const std::vector<std::string> headers{"個人番号",     "マイナンバー", "mynumber", "kojin_bango",
                                           "本人個人番号", "MyNumber",     "番号"};
    const std::string label = pick(headers);
    const bool withPerson = rng() % 2;
    std::string payload =
        withPerson ? "社員番号,氏名,フリガナ,生年月日,部署," + label + "\n" : "社員番号,部署," + label + "\n";
    const std::size_t rows = 1 + rng() % 30;
    for (std::size_t r = 0; r < rows; ++r) {
        payload += "E" + std::to_string(10000 + r) + ",";
        if (withPerson)
            payload += name() + ",ヤマダ タロウ," + birthDate() + ",";
        payload += "総務部," + numberAs(int(rng() % 6)) + "\n";
    }
    return {shiftJis ? toCp932(payload) : payload, PayloadKind::Csv, rows};
}

Sample jsonSample()
{
    const std::vector<std::string> keys{"myNumber",  "kojinBango",   "individualNumber",
                                        "my_number", "マイナンバー", "number"};
    const std::string key = pick(keys);
    const std::size_t people = 1 + rng() % 5;
    std::string payload = R"({"form":"給与所得の源泉徴収票","year":2025,"employees":[)";
    for (std::size_t p = 0; p < people; ++p) {
        if (p)
            payload += ",";
        payload += R"({"name":")" + name() + R"(","birthDate":")" + birthDate() + R"(",")" + key + R"(":")" +
                   numberAs(int(rng() % 5)) + R"("})";
    }
    payload += "]}";
    return {payload, PayloadKind::Json, people};
}

Sample xmlSample()
{
    const std::vector<std::string> elements{"KojinBango", "MyNumber", "個人番号", "IndividualNumber", "Bango"};
    const std::string element = pick(elements);
    const std::size_t people = 1 + rng() % 5;
    std::string payload = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Todokede>\n";
    for (std::size_t p = 0; p < people; ++p) {
        if (rng() % 3 == 0)
            payload +=
                "  <Hihokensha Shimei=\"" + name() + "\" " + element + "=\"" + numberAs(int(rng() % 5)) + "\"/>\n";
        else
            payload += "  <Hihokensha>\n    <Shimei>" + name() + "</Shimei>\n    <SeinenGappi>" + birthDate() +
                       "</SeinenGappi>\n    <" + element + ">" + numberAs(int(rng() % 6)) + "</" + element +
                       ">\n  </Hihokensha>\n";
    }
    payload += "</Todokede>\n";
    return {payload, PayloadKind::Xml, people};
}

Sample letterSample()
{
    const std::vector<std::string> intros{
        "下記のとおり個人番号をお知らせします。\n個人番号：", "マイナンバー（個人番号）の届出\nマイナンバー ",
        "Please find the employee's My Number below.\nMy Number: ", "扶養親族の番号は次のとおりです。\n",
        "お問い合わせの件、番号は "};
    const std::size_t intro = rng() % intros.size();
    std::string number = intro >= 3 ? grouped(syntheticNumber(), rng() % 2 ? " " : "-") : numberAs(int(rng() % 6));
    if (intro == 4 && rng() % 2)
        number = syntheticNumber(); // no label, no grouping: only the name says anything
    const std::string payload = name() + " 様\n\n" + intros[intro] + number + "\n\n以上\n総務部 " + name() + "\n";
    return {payload, PayloadKind::Text, 1};
}

std::vector<DetectionRow> measureDetection(std::size_t payloads)
{
    std::vector<DetectionRow> rows{{"CSV payroll export (UTF-8)"},
                                   {"CSV payroll export (Shift_JIS)"},
                                   {"JSON submission"},
                                   {"XML submission"},
                                   {"text letter"}};
    for (std::size_t i = 0; i < payloads; ++i) {
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const Sample sample = k == 0   ? csvSample(false)
                                  : k == 1 ? csvSample(true)
                                  : k == 2 ? jsonSample()
                                  : k == 3 ? xmlSample()
                                           : letterSample();
            const ScanReport report = scanPayload(sample.bytes, sample.kind);
            ++rows[k].payloads;
            rows[k].embedded += sample.numbers;
            rows[k].found += std::min(report.findingCount, sample.numbers);
        }
    }
    return rows;
}

// ------------------------------------------------------------------------------------------------
// (c) Throughput.

std::size_t baselineLoop(const std::string& bytes)
{
    std::size_t count = 0, run = 0;
    for (std::size_t i = 0; i <= bytes.size(); ++i) {
        const bool digit = i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '9';
        if (digit) {
            ++run;
            continue;
        }
        if (run == 12 && checkDigitValid(bytes.substr(i - 12, 12)))
            ++count;
        run = 0;
    }
    return count;
}

std::size_t baselineRegex(const std::string& bytes)
{
    static const std::regex pattern("(^|[^0-9])([0-9]{12})(?![0-9])");
    std::size_t count = 0;
    for (auto it = std::sregex_iterator(bytes.begin(), bytes.end(), pattern); it != std::sregex_iterator(); ++it)
        count += checkDigitValid((*it)[2].str());
    return count;
}

std::string payrollCsv(std::size_t bytes)
{
    std::string csv = "社員番号,氏名,フリガナ,生年月日,部署,個人番号,区分,扶養元社員番号,続柄\n";
    std::size_t row = 0;
    while (csv.size() < bytes)
        csv += "E" + std::to_string(1000000 + row++) + "," + name() + ",ヤマダ タロウ," + birthDate() + ",総務部," +
               syntheticNumber() + ",本人,,\n";
    return csv;
}

std::string plainText(std::size_t bytes)
{
    std::string text;
    while (text.size() < bytes)
        text += "本日の処理件数は " + std::to_string(rng() % 100000) + " 件、受付番号 " + randomDigits(12) +
                " ほか。売上 " + std::to_string(rng() % 10000000) + " 円。\n";
    return text;
}

struct ThroughputRow {
    std::string payload;
    double megabytes;
    double scannerMs, loopMs, regexMs;
};

ThroughputRow measureThroughput(const std::string& label, const std::string& bytes, PayloadKind kind, int rounds,
                                std::size_t regexBytes)
{
    std::vector<double> scanner, loop, regex;
    const std::string regexSlice = bytes.substr(0, std::min(bytes.size(), regexBytes));
    std::size_t sink = 0;
    for (int r = 0; r < rounds; ++r) {
        auto start = Clock::now();
        sink += scanPayload(bytes, kind).findingCount;
        scanner.push_back(millisecondsSince(start));
        start = Clock::now();
        sink += baselineLoop(bytes);
        loop.push_back(millisecondsSince(start));
        start = Clock::now();
        sink += baselineRegex(regexSlice);
        // std::regex is slow enough that it runs on a slice; scaled to the whole payload.
        regex.push_back(millisecondsSince(start) * double(bytes.size()) / double(regexSlice.size()));
    }
    if (sink == 0)
        fail("throughput: nothing was found in the payload");
    return {label, double(bytes.size()) / 1e6, median(scanner), median(loop), median(regex)};
}

std::string percent(std::size_t part, std::size_t whole)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f %%", whole ? 100.0 * double(part) / double(whole) : 0.0);
    return text;
}

std::string fixed(double value, int decimals)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string thousands(std::size_t value)
{
    std::string digits = std::to_string(value);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(std::size_t(i), ",");
    return digits;
}

} // namespace

int main(int argc, char** argv)
{
    bench::programName() = "mamori_scanner_bench";
    if (argc < 2)
        fail("usage: mamori_scanner_bench run|smoke [--out FILE] [--megabytes N] [--rounds R]");
    const std::string mode = argv[1];
    const bool smoke = mode == "smoke";
    if (!smoke && mode != "run")
        fail("unknown mode " + mode);
    std::string out;
    std::size_t megabytes = smoke ? 1 : 32;
    int rounds = smoke ? 1 : 5;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--out")
            out = argv[i + 1];
        else if (option == "--megabytes")
            megabytes = std::stoul(argv[i + 1]);
        else if (option == "--rounds")
            rounds = std::stoi(argv[i + 1]);
        else
            fail("unknown option " + option);
    }
    const std::size_t strings = smoke ? 2000 : 100000;
    const std::size_t payloads = smoke ? 50 : 2000;

    std::string table;
    const auto line = [&](const std::string& text) {
        std::printf("%s\n", text.c_str());
        table += text + "\n";
    };

    std::printf("== false positives: %s random 12-digit strings per context\n", thousands(strings).c_str());
    line("| context | strings | check digit valid | flagged | flagged / all | flagged / valid |");
    line("|---|---:|---:|---:|---:|---:|");
    for (const auto& row : measureFalsePositives(strings))
        line("| " + row.context + " | " + thousands(row.strings) + " | " + thousands(row.valid) + " | " +
             thousands(row.flagged) + " | " + percent(row.flagged, row.strings) + " | " +
             percent(row.flaggedValid, row.valid) + " |");
    line("");

    std::printf("== detection: %s payloads of each kind\n", thousands(payloads).c_str());
    line("| payload | payloads | numbers embedded | found | detection rate |");
    line("|---|---:|---:|---:|---:|");
    std::size_t allEmbedded = 0, allFound = 0;
    for (const auto& row : measureDetection(payloads)) {
        line("| " + row.kind + " | " + thousands(row.payloads) + " | " + thousands(row.embedded) + " | " +
             thousands(row.found) + " | " + percent(row.found, row.embedded) + " |");
        allEmbedded += row.embedded;
        allFound += row.found;
    }
    line("| all | | " + thousands(allEmbedded) + " | " + thousands(allFound) + " | " + percent(allFound, allEmbedded) +
         " |");
    line("");

    std::printf("== throughput: %zu MB payloads, %d rounds (medians)\n", megabytes, rounds);
    line("| payload | MB | scanner MB/s | loop baseline MB/s | std::regex MB/s | scanner / loop | scanner / regex |");
    line("|---|---:|---:|---:|---:|---:|---:|");
    const std::size_t regexBytes = smoke ? (256u << 10) : (4u << 20);
    const std::vector<ThroughputRow> throughput{
        measureThroughput("payroll CSV (CSV)", payrollCsv(megabytes << 20), PayloadKind::Csv, rounds, regexBytes),
        measureThroughput("payroll CSV (as text)", payrollCsv(megabytes << 20), PayloadKind::Text, rounds, regexBytes),
        measureThroughput("plain text, no numbers", plainText(megabytes << 20), PayloadKind::Text, rounds, regexBytes)};
    for (const auto& row : throughput) {
        const double scanner = row.megabytes / (row.scannerMs / 1000), loop = row.megabytes / (row.loopMs / 1000),
                     regex = row.megabytes / (row.regexMs / 1000);
        line("| " + row.payload + " | " + fixed(row.megabytes, 1) + " | " + fixed(scanner, 1) + " | " + fixed(loop, 1) +
             " | " + fixed(regex, 1) + " | " + fixed(scanner / loop, 2) + " | " + fixed(scanner / regex, 2) + " |");
    }
    if (!out.empty()) {
        std::ofstream file(out, std::ios::app);
        file << table;
        if (!file)
            fail("cannot write " + out);
    }
    return 0;
}
