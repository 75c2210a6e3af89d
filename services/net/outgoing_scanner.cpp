// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/net/outgoing_scanner.h"

#include "services/common/number_validation.h"
#include "services/common/utf8.h"

#include <expat.h>
#include <iconv.h>
#include <simdjson.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <unordered_map>

namespace mamori::net {
namespace {

// ---------------------------------------------------------------------------------------------
// Scores (services/net/README.md has the same table; tst_outgoing_scanner checks the arithmetic).

constexpr int kWeightCheckDigit = 10;
constexpr int kWeightLabelInField = 50;
constexpr int kWeightLabelNearby = 45;
constexpr int kWeightGrouped = 30;
constexpr int kWeightNameOrBirth = 20;
constexpr int kWeightConsistent = 40;
constexpr int kWeightInconsistent = -30;
constexpr int kWeightOtherKind = -30;
// A label's column or key is judged once it holds this many 12-digit values.
constexpr std::size_t kConsistencyMinimum = 3;
// The text searched for labels, names and dates around a candidate (bytes of UTF-8).
constexpr std::size_t kWindowBefore = 96;
constexpr std::size_t kWindowAfter = 48;

int scoreOf(std::uint32_t signals)
{
    int score = 0;
    const bool labelled = signals & (kSignalLabelInField | kSignalLabelNearby);
    if (signals & kSignalCheckDigit)
        score += kWeightCheckDigit;
    if (signals & kSignalLabelInField)
        score += kWeightLabelInField;
    if (signals & kSignalLabelNearby)
        score += kWeightLabelNearby;
    if (signals & kSignalGrouped)
        score += kWeightGrouped;
    if (signals & kSignalNameOrBirth)
        score += kWeightNameOrBirth;
    if (signals & kSignalConsistent)
        score += kWeightConsistent;
    // Counter-evidence only where nothing names the value as a number.
    if (!labelled && (signals & kSignalInconsistent))
        score += kWeightInconsistent;
    if (!labelled && (signals & kSignalOtherKindLabel))
        score += kWeightOtherKind;
    return std::clamp(score, 0, 100);
}

std::string reasonOf(std::uint32_t signals)
{
    static constexpr std::array<std::pair<std::uint32_t, std::string_view>, 9> kWords{{
        {kSignalCheckDigit, "12 digits with a valid check digit"},
        {kSignalLabelInField, "number label in the field name"},
        {kSignalLabelNearby, "number label nearby"},
        {kSignalGrouped, "grouped 4-4-4"},
        {kSignalNameOrBirth, "name or birth date in the same record or nearby"},
        {kSignalConsistent, "every 12-digit value under this label passes the check digit"},
        {kSignalInconsistent, "most 12-digit values under this label fail the check digit"},
        {kSignalOtherKindLabel, "labelled as another kind of number"},
        {kSignalFullWidth, "full-width digits"},
    }};
    std::string reason;
    for (const auto& [bit, words] : kWords)
        if (signals & bit) {
            if (!reason.empty())
                reason += "; ";
            reason += words;
        }
    return reason;
}

// ---------------------------------------------------------------------------------------------
// Labels. Names are compared after normalisation: ASCII lower-cased, and ' ', '_', '-', '.', '\t'
// dropped, so "My Number", "my_number", "myNumber" and "MYNUMBER" are one word.

std::string normalise(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t')
            continue;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

constexpr std::array<std::string_view, 10> kNumberLabels{
    "個人番号",         "マイナンバー", "ﾏｲﾅﾝﾊﾞｰ",     "まいなんばー", "mynumber",
    "individualnumber", "kojinbango",   "kojinbangou", "kojinbangoo",  "personalnumber"};
// Too short to look for inside other words: a field name must be exactly one of these.
constexpr std::array<std::string_view, 3> kNumberLabelsExact{"myno", "mynum", "mnum"};
constexpr std::array<std::string_view, 13> kNameBirthLabels{
    "氏名",  "名前", "フリガナ", "ふりがな",    "生年月日", "誕生日", "name",
    "birth", "dob",  "shimei",   "seinengappi", "furigana", "namae"};
constexpr std::array<std::string_view, 11> kNameBirthWords{"氏名", "名前", "フリガナ", "生年月日", "誕生日", "様",
                                                           "殿",   "name", "birth",    "born",     "生まれ"};
constexpr std::array<std::string_view, 26> kOtherKindLabels{
    "電話",     "phone", "携帯",   "口座",     "account", "法人番号", "corporate", "注文",   "order",
    "invoice",  "請求",  "伝票",   "カード",   "card",    "会員",     "member",    "郵便",   "postal",
    "tracking", "追跡",  "serial", "シリアル", "isbn",    "fax",      "商品",      "product"};
constexpr std::array<std::string_view, 4> kOtherKindLabelsExact{"tel", "zip", "jan", "telno"};
constexpr std::array<std::string_view, 21> kOtherKindWords{
    "電話",     "phone",  "携帯",    "口座",     "account", "法人番号",   "corporate",
    "注文",     "order",  "invoice", "請求",     "伝票",    "カード番号", "cardnumber",
    "会員番号", "member", "郵便",    "tracking", "追跡",    "serial",     "tel:"};

template <std::size_t N> bool containsAny(std::string_view text, const std::array<std::string_view, N>& words)
{
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view word) { return text.find(word) != std::string_view::npos; });
}
template <std::size_t N> bool equalsAny(std::string_view text, const std::array<std::string_view, N>& words)
{
    return std::find(words.begin(), words.end(), text) != words.end();
}

enum LabelFlag : std::uint8_t { kLabelNumber = 1, kLabelNameBirth = 2, kLabelOtherKind = 4 };

std::uint8_t classifyLabel(std::string_view label)
{
    const std::string name = normalise(label);
    std::uint8_t flags = 0;
    if (containsAny(name, kNumberLabels) || equalsAny(name, kNumberLabelsExact))
        flags |= kLabelNumber;
    if (containsAny(name, kNameBirthLabels))
        flags |= kLabelNameBirth;
    if (containsAny(name, kOtherKindLabels) || equalsAny(name, kOtherKindLabelsExact))
        flags |= kLabelOtherKind;
    return flags;
}

// A label shown in a finding: printable, at most 48 bytes, and with every run of 5 or more digits
// replaced by '#' — a header or key could itself be a number.
std::string displayLabel(std::string_view label)
{
    std::string out;
    std::size_t pos = 0;
    std::size_t digitRun = 0;
    std::size_t runStart = 0;
    while (pos < label.size() && out.size() < 48) {
        const std::size_t start = pos;
        char32_t c = 0;
        if (!decodeUtf8(label, pos, c)) {
            out += '?';
            ++pos;
            digitRun = 0;
            continue;
        }
        const bool digit = (c >= U'0' && c <= U'9') || (c >= U'\uff10' && c <= U'\uff19');
        if (c < 0x20 || c == 0x7f) {
            out += ' ';
        } else if (digit) {
            if (digitRun == 0)
                runStart = out.size();
            ++digitRun;
            out.append(label.substr(start, pos - start));
            if (digitRun == 5) // from the fifth digit on, the whole run is masked
                out.replace(runStart, std::string::npos, 5, '#');
            else if (digitRun > 5)
                out.replace(out.size() - (pos - start), std::string::npos, 1, '#');
            continue;
        } else {
            out.append(label.substr(start, pos - start));
        }
        digitRun = 0;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Digits and separators in UTF-8.

// The digit at `pos` (ASCII or full-width U+FF10..U+FF19) and its length in bytes, or -1.
inline int digitAt(std::string_view text, std::size_t pos, std::size_t& length)
{
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c >= '0' && c <= '9') {
        length = 1;
        return c - '0';
    }
    if (c == 0xef && pos + 2 < text.size() && static_cast<unsigned char>(text[pos + 1]) == 0xbc) {
        const auto d = static_cast<unsigned char>(text[pos + 2]);
        if (d >= 0x90 && d <= 0x99) {
            length = 3;
            return d - 0x90;
        }
    }
    return -1;
}

// The separator code point at `pos` (one of isNumberSeparator's) and its length, or 0.
inline char32_t separatorAt(std::string_view text, std::size_t pos, std::size_t& length)
{
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c == ' ' || c == '-') {
        length = 1;
        return c;
    }
    if (c < 0xc0)
        return 0;
    std::size_t next = pos;
    char32_t cp = 0;
    if (!decodeUtf8(text, next, cp) || !isNumberSeparator(cp))
        return 0;
    length = next - pos;
    return cp;
}

// A 12-digit candidate found in some text: where it is, and what its shape says. No digits.
struct Candidate {
    std::size_t begin = 0; // byte offsets in the text it was found in
    std::size_t end = 0;
    bool valid = false; // check digit
    bool grouped = false;
    bool fullWidth = false;
};

// Wipes the digits of one candidate when it goes out of scope.
struct DigitScratch {
    std::array<char, 12> digits{};
    ~DigitScratch() { sodium_memzero(digits.data(), digits.size()); }
};

bool checkDigitValid(const std::array<char, 12>& digits)
{
    return individualCheckDigit(std::span<const char, 11>(digits.data(), 11)) == digits[11] - '0';
}

// Finds every run of exactly 12 digits, and every 4-4-4 group, in `text`. A run is bounded by
// non-digits; a digit sequence may hold single separators between digits ("2024-01-15 1234 5678
// 9018" is one sequence of six groups). A 12-digit group counts alone; three groups of 4 count when
// joined by the same separator and not continued by another group with that separator (a card
// number 1234-5678-9012-3456 is not one). A group right after "<digit>." is a decimal fraction,
// and one right before ".<digit>" an integer part: neither is a number.
template <typename Sink> void findCandidates(std::string_view text, Sink&& sink)
{
    struct Group {
        std::size_t begin, end;
        std::size_t count;        // digits
        std::size_t firstDigit;   // index into `digits`
        char32_t separatorBefore; // 0 for the first group
        bool fullWidth;
    };
    std::array<Group, 16> groups{};
    std::array<char, 16 * 12> digits{};
    const std::size_t n = text.size();
    std::size_t pos = 0;
    while (pos < n) {
        const auto c = static_cast<unsigned char>(text[pos]);
        if (!((c >= '0' && c <= '9') || c == 0xef)) {
            ++pos;
            continue;
        }
        std::size_t length = 0;
        if (digitAt(text, pos, length) < 0) {
            ++pos;
            continue;
        }
        // Read one digit sequence into at most 16 groups (a longer one is read on, not kept).
        std::size_t groupCount = 0;
        std::size_t digitCount = 0;
        char32_t separator = 0;
        std::size_t cursor = pos;
        for (;;) {
            Group group{cursor, cursor, 0, digitCount, separator, false};
            int d = 0;
            while (cursor < n && (d = digitAt(text, cursor, length)) >= 0) {
                if (group.count < 12 && digitCount < digits.size())
                    digits[digitCount++] = static_cast<char>('0' + d);
                group.fullWidth |= length == 3;
                ++group.count;
                cursor += length;
            }
            group.end = cursor;
            if (groupCount < groups.size())
                groups[groupCount++] = group;
            std::size_t separatorLength = 0;
            std::size_t digitLength = 0;
            if (cursor >= n || (separator = separatorAt(text, cursor, separatorLength)) == 0 ||
                cursor + separatorLength >= n || digitAt(text, cursor + separatorLength, digitLength) < 0)
                break;
            cursor += separatorLength;
        }
        const bool fractionFirst = pos >= 2 && text[pos - 1] == '.' && text[pos - 2] >= '0' && text[pos - 2] <= '9';
        const bool integerLast =
            cursor + 1 < n && text[cursor] == '.' && text[cursor + 1] >= '0' && text[cursor + 1] <= '9';
        DigitScratch scratch;
        for (std::size_t g = 0; g < groupCount; ++g) {
            const Group& group = groups[g];
            if ((g == 0 && fractionFirst) || (g + 1 == groupCount && integerLast))
                continue;
            if (group.count == 12) {
                std::copy_n(digits.begin() + static_cast<std::ptrdiff_t>(group.firstDigit), 12, scratch.digits.begin());
                sink(Candidate{group.begin, group.end, checkDigitValid(scratch.digits), false, group.fullWidth});
            } else if (group.count == 4 && g + 2 < groupCount && groups[g + 1].count == 4 && groups[g + 2].count == 4 &&
                       groups[g + 1].separatorBefore == groups[g + 2].separatorBefore &&
                       (g == 0 || group.separatorBefore != groups[g + 1].separatorBefore) &&
                       (g + 3 >= groupCount || groups[g + 3].separatorBefore != groups[g + 1].separatorBefore) &&
                       !(g == 0 && fractionFirst) && !(g + 3 == groupCount && integerLast)) {
                for (std::size_t k = 0; k < 3; ++k)
                    std::copy_n(digits.begin() + static_cast<std::ptrdiff_t>(groups[g + k].firstDigit), 4,
                                scratch.digits.begin() + static_cast<std::ptrdiff_t>(4 * k));
                sink(Candidate{group.begin, groups[g + 2].end, checkDigitValid(scratch.digits), true,
                               group.fullWidth || groups[g + 1].fullWidth || groups[g + 2].fullWidth});
            }
        }
        sodium_memzero(digits.data(), digitCount);
        pos = cursor;
    }
}

// ---------------------------------------------------------------------------------------------
// The text around a candidate.

std::string_view windowBefore(std::string_view text, std::size_t begin)
{
    std::size_t start = begin > kWindowBefore ? begin - kWindowBefore : 0;
    while (start < begin && (static_cast<unsigned char>(text[start]) & 0xc0) == 0x80)
        ++start; // not in the middle of a character
    return text.substr(start, begin - start);
}

std::string_view windowAfter(std::string_view text, std::size_t end)
{
    std::size_t stop = std::min(text.size(), end + kWindowAfter);
    while (stop > end && stop < text.size() && (static_cast<unsigned char>(text[stop]) & 0xc0) == 0x80)
        --stop;
    return text.substr(end, stop - end);
}

// Whether `text` holds a date: 1985-04-12, 1985/4/12, 1985.04.12, 1985年4月12日 (ASCII or
// full-width digits), or an era date: 昭和60年4月12日, 平成3年, S60.4.12, H3.1.8.
bool containsDate(std::string_view text)
{
    // The text as a shape: 'd' a digit, '-' a date separator, 'E' an era, ' ' anything else.
    std::string shape;
    shape.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t length = 0;
        if (digitAt(text, pos, length) >= 0) {
            shape += 'd';
            pos += length;
            continue;
        }
        const std::size_t start = pos;
        char32_t c = 0;
        if (!decodeUtf8(text, pos, c)) {
            ++pos;
            shape += ' ';
            continue;
        }
        const std::string_view ch = text.substr(start, pos - start);
        if (c == '-' || c == '/' || c == '.' || ch == "年" || ch == "月" || ch == "／" || ch == "－")
            shape += '-';
        else if (ch == "昭" || ch == "平" || ch == "令" || ch == "大" || ch == "明") {
            const std::string_view next = text.substr(pos, 3);
            if (next == "和" || next == "成" || next == "正" || next == "治") {
                pos += 3;
                shape += 'E';
            } else
                shape += ' ';
        } else if ((c == 'S' || c == 'H' || c == 'R' || c == 'T' || c == 'M') && (shape.empty() || shape.back() == ' '))
            shape += 'e'; // an era letter: needs a full d.d.d after it
        else
            shape += ' ';
    }
    const auto digitsAt = [&](std::size_t at, std::size_t minimum, std::size_t maximum) -> std::size_t {
        std::size_t count = 0;
        while (at + count < shape.size() && shape[at + count] == 'd')
            ++count;
        return count >= minimum && count <= maximum ? count : 0;
    };
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i > 0 && shape[i - 1] == 'd')
            continue; // only at the start of a digit run
        if (shape[i] == 'E') {
            if (const std::size_t year = digitsAt(i + 1, 1, 2);
                year && i + 1 + year < shape.size() && shape[i + 1 + year] == '-')
                return true;
            continue;
        }
        std::size_t at = i;
        const bool eraLetter = shape[i] == 'e';
        if (eraLetter)
            ++at;
        const std::size_t year = eraLetter ? digitsAt(at, 1, 2) : digitsAt(at, 4, 4);
        if (!year)
            continue;
        at += year;
        if (at >= shape.size() || shape[at] != '-')
            continue;
        const std::size_t month = digitsAt(++at, 1, 2);
        if (!month)
            continue;
        at += month;
        if (at >= shape.size() || shape[at] != '-')
            continue;
        if (digitsAt(at + 1, 1, 2))
            return true;
    }
    return false;
}

std::uint32_t windowSignals(std::string_view text, const Candidate& candidate)
{
    const std::string_view before = windowBefore(text, candidate.begin);
    const std::string_view after = windowAfter(text, candidate.end);
    const std::string normalised = normalise(before) + '\n' + normalise(after);
    std::uint32_t signals = 0;
    if (containsAny(normalised, kNumberLabels))
        signals |= kSignalLabelNearby;
    if (containsAny(normalised, kNameBirthWords) || containsDate(before) || containsDate(after))
        signals |= kSignalNameOrBirth;
    if (containsAny(normalised, kOtherKindWords))
        signals |= kSignalOtherKindLabel;
    return signals;
}

// ---------------------------------------------------------------------------------------------
// Collecting candidates from the structure walkers and from the text outside what they cover.

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
// Deeper JSON is reported malformed and scanned as text.
constexpr std::size_t kMaxJsonDepth = 512;

// What a walker knows about one value; asked only when the value holds a candidate.
class FieldContext {
public:
    virtual ~FieldContext() = default;
    virtual std::uint8_t labelFlags() const = 0; // LabelFlag bits of the name and its parents
    virtual std::size_t group() const = 0;       // values under the same label; kNone for none
    virtual std::size_t record() const = 0;      // the row / object / element the value is part of
    virtual std::string location() const = 0;
    virtual std::size_t csvRow() const { return 0; }
    virtual std::size_t csvColumn() const { return 0; }
};

struct Pending {
    std::size_t offset; // in the scanned UTF-8 text
    std::uint32_t signals;
    std::size_t group;
    std::size_t record;
    std::size_t csvRow;
    std::size_t csvColumn;
    std::string location;
};

struct GroupStats {
    std::size_t twelve = 0; // values that are exactly one 12-digit number
    std::size_t valid = 0;  // ... with a valid check digit
};

class Collector {
public:
    explicit Collector(std::string_view text) : m_text(text)
    {
        findCandidates(text, [this](const Candidate& candidate) { m_raw.push_back(candidate); });
        m_covered.assign(m_raw.size(), false);
    }

    bool anyCandidate() const { return !m_raw.empty(); }

    // A value the walker found, spanning [begin, end) of the text; `decoded` is its value after
    // unescaping, and `exact` says it is the very bytes of that span (nothing was escaped).
    void field(std::size_t begin, std::size_t end, std::string_view decoded, bool exact, const FieldContext& context)
    {
        const auto first = std::lower_bound(m_raw.begin(), m_raw.end(), begin,
                                            [](const Candidate& c, std::size_t at) { return c.begin < at; });
        std::size_t inside = 0;
        for (auto it = first; it != m_raw.end() && it->begin < end; ++it) {
            m_covered[static_cast<std::size_t>(it - m_raw.begin())] = true;
            ++inside;
        }
        if (exact) {
            if (inside > 0)
                handle(std::span<const Candidate>(&*first, inside), m_text, std::nullopt, begin, end, context);
            return;
        }
        // Escapes or entities: look at the decoded value itself; offsets point at the value's start.
        std::vector<Candidate> found;
        findCandidates(decoded, [&](const Candidate& candidate) { found.push_back(candidate); });
        if (!found.empty())
            handle(found, decoded, begin, 0, decoded.size(), context);
    }

    void markNameOrBirth(std::size_t record)
    {
        if (record == kNone)
            return;
        if (record >= m_nameOrBirth.size())
            m_nameOrBirth.resize(record + 1, false);
        m_nameOrBirth[record] = true;
    }

    std::size_t groupFor(const std::string& key)
    {
        const auto [it, inserted] = m_groupIds.try_emplace(key, m_groups.size());
        if (inserted)
            m_groups.emplace_back();
        return it->second;
    }
    std::size_t groupFor(std::size_t index)
    {
        while (m_groups.size() <= index)
            m_groups.emplace_back();
        return index;
    }

    // Everything a walker did not cover is scanned as text; then every candidate is scored.
    void finish(ScanReport& report, std::vector<Pending>& out)
    {
        for (std::size_t i = 0; i < m_raw.size(); ++i) {
            if (m_covered[i] || !m_raw[i].valid)
                continue;
            std::uint32_t signals = kSignalCheckDigit | windowSignals(m_text, m_raw[i]);
            if (m_raw[i].grouped)
                signals |= kSignalGrouped;
            if (m_raw[i].fullWidth)
                signals |= kSignalFullWidth;
            m_pending.push_back({m_raw[i].begin, signals, kNone, kNone, 0, 0, {}});
        }
        for (Pending& pending : m_pending) {
            if (pending.record != kNone && pending.record < m_nameOrBirth.size() && m_nameOrBirth[pending.record])
                pending.signals |= kSignalNameOrBirth;
            if (pending.group != kNone) {
                const GroupStats& stats = m_groups[pending.group];
                if (stats.twelve >= kConsistencyMinimum && stats.valid == stats.twelve)
                    pending.signals |= kSignalConsistent;
                else if (stats.twelve >= kConsistencyMinimum && stats.valid * 2 < stats.twelve)
                    pending.signals |= kSignalInconsistent;
            }
            if (scoreOf(pending.signals) >= kReportScore)
                out.push_back(std::move(pending));
            else
                ++report.weakCandidates;
        }
        m_pending.clear();
    }

private:
    // `candidates` were found in `text` (the payload, or a decoded value placed at `base`).
    void handle(std::span<const Candidate> candidates, std::string_view text, std::optional<std::size_t> at,
                std::size_t begin, std::size_t end, const FieldContext& context)
    {
        const std::uint8_t labels = context.labelFlags();
        const std::size_t group = context.group();
        // A value that is one 12-digit number and nothing else counts towards its label's consistency.
        if (group != kNone && candidates.size() == 1) {
            std::size_t first = begin;
            std::size_t last = end;
            while (first < last && (text[first] == ' ' || text[first] == '\t'))
                ++first;
            while (last > first && (text[last - 1] == ' ' || text[last - 1] == '\t' || text[last - 1] == '\r'))
                --last;
            if (candidates[0].begin == first && candidates[0].end == last) {
                ++m_groups[group].twelve;
                if (candidates[0].valid)
                    ++m_groups[group].valid;
            }
        }
        std::string location;
        bool located = false;
        for (const Candidate& candidate : candidates) {
            if (!candidate.valid)
                continue;
            std::uint32_t signals = kSignalCheckDigit;
            if (candidate.grouped)
                signals |= kSignalGrouped;
            if (candidate.fullWidth)
                signals |= kSignalFullWidth;
            if (labels & kLabelNumber)
                signals |= kSignalLabelInField;
            else
                signals |= windowSignals(text, candidate); // a label in the field name says it all
            if (labels & kLabelOtherKind)
                signals |= kSignalOtherKindLabel;
            if (!located) {
                location = context.location();
                located = true;
            }
            m_pending.push_back({at.value_or(candidate.begin), signals, group, context.record(), context.csvRow(),
                                 context.csvColumn(), location});
        }
    }

    std::string_view m_text;
    std::vector<Candidate> m_raw;
    std::vector<bool> m_covered;
    std::vector<Pending> m_pending;
    std::vector<bool> m_nameOrBirth;
    std::vector<GroupStats> m_groups;
    std::unordered_map<std::string, std::size_t> m_groupIds;
};

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180; the delimiter is ',' unless the first line has more tabs or semicolons).

struct CsvColumn {
    std::string label;
    std::uint8_t flags = 0;
};

class CsvContext : public FieldContext {
public:
    const std::vector<CsvColumn>* columns = nullptr;
    std::size_t row = 0;    // 1-based
    std::size_t column = 0; // 1-based
    std::size_t groupId = kNone;

    const CsvColumn* header() const { return row > 1 && column <= columns->size() ? &(*columns)[column - 1] : nullptr; }
    std::uint8_t labelFlags() const override { return header() ? header()->flags : 0; }
    std::size_t group() const override { return row > 1 ? groupId : kNone; }
    std::size_t record() const override { return row; }
    std::string location() const override
    {
        std::string text = "row " + std::to_string(row) + ", column " + std::to_string(column);
        if (const CsvColumn* h = header(); h && !h->label.empty())
            text += " (" + displayLabel(h->label) + ")";
        return text;
    }
    std::size_t csvRow() const override { return row; }
    std::size_t csvColumn() const override { return column; }
};

char csvDelimiter(std::string_view text)
{
    std::size_t commas = 0, tabs = 0, semicolons = 0;
    bool quoted = false;
    for (char c : text.substr(0, std::min<std::size_t>(text.size(), 64 * 1024))) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            commas += c == ',', tabs += c == '\t', semicolons += c == ';';
    }
    if (tabs > commas && tabs >= semicolons)
        return '\t';
    if (semicolons > commas)
        return ';';
    return ',';
}

// Returns the malformation (static text and an offset), or nothing when the CSV parsed.
std::optional<std::string> walkCsv(std::string_view text, Collector& collector)
{
    const char delimiter = csvDelimiter(text);
    std::vector<CsvColumn> columns;
    CsvContext context;
    context.columns = &columns;
    context.row = 1;
    context.column = 1;
    std::string decoded;
    std::size_t pos = 0;
    const std::size_t n = text.size();
    while (pos <= n) {
        std::size_t begin = pos;
        std::size_t end = pos;
        std::string_view value;
        if (pos < n && text[pos] == '"') {
            decoded.clear();
            std::size_t cursor = pos + 1;
            begin = cursor;
            for (;;) {
                const std::size_t quote = text.find('"', cursor);
                if (quote == std::string_view::npos)
                    return "CSV: unterminated quoted field starting at byte " + std::to_string(pos);
                decoded.append(text.substr(cursor, quote - cursor));
                if (quote + 1 < n && text[quote + 1] == '"') {
                    decoded.push_back('"');
                    cursor = quote + 2;
                    continue;
                }
                end = quote;
                pos = quote + 1;
                break;
            }
            if (pos < n && text[pos] != delimiter && text[pos] != '\n' && text[pos] != '\r')
                return "CSV: text after a closing quote at byte " + std::to_string(pos);
            value = decoded;
        } else {
            while (pos < n && text[pos] != delimiter && text[pos] != '\n' && text[pos] != '\r')
                ++pos;
            end = pos;
            value = text.substr(begin, end - begin);
        }

        if (context.row == 1) {
            CsvColumn column{std::string(value), classifyLabel(value)};
            columns.push_back(std::move(column));
        }
        context.groupId = collector.groupFor(context.column - 1);
        if (!value.empty()) {
            collector.field(begin, end, value, value.size() == end - begin, context);
            if (const CsvColumn* header = context.header(); header && (header->flags & kLabelNameBirth))
                collector.markNameOrBirth(context.row);
        }

        if (pos >= n)
            break;
        if (text[pos] == delimiter) {
            ++pos;
            ++context.column;
            continue;
        }
        // End of record: \n, \r\n or a lone \r.
        if (text[pos] == '\r' && pos + 1 < n && text[pos + 1] == '\n')
            ++pos;
        ++pos;
        ++context.row;
        context.column = 1;
        if (pos == n)
            break;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// JSON (simdjson On-Demand: every value is visited, so the whole document is validated).

struct JsonStep {
    std::string_view key; // empty for an array element
    std::size_t index = 0;
};

class JsonWalker : public FieldContext {
public:
    JsonWalker(std::string_view text, Collector& collector) : m_text(text), m_collector(collector) {}

    simdjson::error_code walk(simdjson::ondemand::value value, std::size_t record)
    {
        // The walk recurses: bound it well below what the stack holds (simdjson's own limit is
        // not enforced on every path of On-Demand).
        if (m_path.size() >= kMaxJsonDepth)
            return simdjson::DEPTH_ERROR;
        simdjson::ondemand::json_type type;
        if (auto error = value.type().get(type))
            return error;
        switch (type) {
        case simdjson::ondemand::json_type::object: {
            simdjson::ondemand::object object;
            if (auto error = value.get_object().get(object))
                return error;
            const std::size_t id = m_records++;
            for (auto entry : object) {
                simdjson::ondemand::field field;
                if (auto error = std::move(entry).get(field))
                    return error;
                std::string_view key;
                if (auto error = field.unescaped_key().get(key))
                    return error;
                m_path.push_back({key, 0});
                const std::size_t marks = m_nameOrBirthKeys;
                auto error = walk(field.value(), id);
                // A non-empty name or birth-date value marks its object.
                if (!error && m_nameOrBirthKeys != marks)
                    m_collector.markNameOrBirth(id);
                m_path.pop_back();
                if (error)
                    return error;
            }
            return simdjson::SUCCESS;
        }
        case simdjson::ondemand::json_type::array: {
            simdjson::ondemand::array array;
            if (auto error = value.get_array().get(array))
                return error;
            std::size_t index = 0;
            for (auto element : array) {
                simdjson::ondemand::value item;
                if (auto error = std::move(element).get(item))
                    return error;
                m_path.push_back({{}, index++});
                auto error = walk(item, record);
                m_path.pop_back();
                if (error)
                    return error;
            }
            return simdjson::SUCCESS;
        }
        case simdjson::ondemand::json_type::string: {
            const std::string_view raw = trimmedToken(value.raw_json_token());
            std::string_view decoded;
            if (auto error = value.get_string().get(decoded))
                return error;
            const std::size_t begin = offsetOf(raw.data()) + 1; // inside the quotes
            return scalar(begin, begin + raw.size() - 2, decoded, record);
        }
        case simdjson::ondemand::json_type::number: {
            const std::string_view raw = trimmedToken(value.raw_json_token());
            simdjson::ondemand::number_type kind;
            if (auto error = value.get_number_type().get(kind))
                return error;
            const std::size_t begin = offsetOf(raw.data());
            return scalar(begin, begin + raw.size(), raw, record);
        }
        case simdjson::ondemand::json_type::boolean: {
            bool ignored = false;
            return value.get_bool().get(ignored);
        }
        case simdjson::ondemand::json_type::null: {
            bool isNull = false;
            if (auto error = value.is_null().get(isNull))
                return error;
            return isNull ? simdjson::SUCCESS : simdjson::INCORRECT_TYPE;
        }
        }
        return simdjson::INCORRECT_TYPE;
    }

    std::uint8_t labelFlags() const override
    {
        // The value's own key and up to two enclosing keys ({"myNumber": {"value": …}}).
        std::uint8_t flags = 0;
        int keys = 0;
        for (auto it = m_path.rbegin(); it != m_path.rend() && keys < 3; ++it) {
            if (it->key.empty())
                continue;
            const std::uint8_t own = classifyLabel(it->key);
            flags |= keys == 0 ? own : (own & kLabelNumber);
            ++keys;
        }
        return flags;
    }
    std::size_t group() const override
    {
        std::string key;
        for (const JsonStep& step : m_path)
            key += step.key.empty() ? std::string("[]") : "." + std::string(step.key);
        return m_collector.groupFor(key);
    }
    std::size_t record() const override { return m_currentRecord; }
    std::string location() const override
    {
        std::string text = "$";
        for (const JsonStep& step : m_path)
            text += step.key.empty() ? "[" + std::to_string(step.index) + "]" : "." + displayLabel(step.key);
        return text;
    }

private:
    static std::string_view trimmedToken(std::string_view token)
    {
        while (!token.empty() &&
               (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' || token.back() == '\r'))
            token.remove_suffix(1);
        return token;
    }
    std::size_t offsetOf(const char* at) const { return static_cast<std::size_t>(at - m_text.data()); }

    simdjson::error_code scalar(std::size_t begin, std::size_t end, std::string_view decoded, std::size_t record)
    {
        if (decoded.empty())
            return simdjson::SUCCESS;
        m_currentRecord = record;
        m_collector.field(begin, end, decoded, decoded.size() == end - begin, *this);
        if (!m_path.empty() && !m_path.back().key.empty() && (classifyLabelCached(m_path.back().key) & kLabelNameBirth))
            ++m_nameOrBirthKeys;
        return simdjson::SUCCESS;
    }

    std::uint8_t classifyLabelCached(std::string_view key)
    {
        const auto it = m_labelCache.find(key);
        if (it != m_labelCache.end())
            return it->second;
        const std::uint8_t flags = classifyLabel(key);
        if (m_labelCache.size() < 4096)
            m_labelCache.emplace(key, flags);
        return flags;
    }

    std::string_view m_text;
    Collector& m_collector;
    std::vector<JsonStep> m_path;
    std::size_t m_records = 0;
    std::size_t m_currentRecord = kNone;
    std::size_t m_nameOrBirthKeys = 0;
    std::unordered_map<std::string_view, std::uint8_t> m_labelCache;
};

std::optional<std::string> walkJson(std::string_view text, Collector& collector, bool& scalarDocument)
{
    simdjson::ondemand::parser parser;
    const simdjson::padded_string padded(text);
    // Offsets are taken in the padded copy, which holds the same bytes at the same positions.
    JsonWalker walker(std::string_view(padded.data(), padded.size()), collector);
    simdjson::ondemand::document document;
    if (auto error = parser.iterate(padded).get(document))
        return std::string("JSON: ") + simdjson::error_message(error);
    simdjson::ondemand::json_type type;
    if (auto error = document.type().get(type))
        return std::string("JSON: ") + simdjson::error_message(error);
    if (type != simdjson::ondemand::json_type::object && type != simdjson::ondemand::json_type::array) {
        scalarDocument = true; // a bare string or number: nothing to label it, so it is text
        return std::nullopt;
    }
    simdjson::ondemand::value root;
    if (auto error = document.get_value().get(root))
        return std::string("JSON: ") + simdjson::error_message(error);
    if (auto error = walker.walk(root, kNone))
        return std::string("JSON: ") + simdjson::error_message(error);
    // At the end, current_location() answers OUT_OF_BOUNDS; a location means more tokens follow.
    if (const char* after = nullptr; document.current_location().get(after) == simdjson::SUCCESS)
        return "JSON: content after the document at byte " + std::to_string(after - padded.data());
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// XML (expat; external entities are never loaded, and expat bounds entity expansion).

class XmlWalker : public FieldContext {
public:
    XmlWalker(std::string_view text, Collector& collector) : m_text(text), m_collector(collector) {}

    std::optional<std::string> run()
    {
        XML_Parser parser = XML_ParserCreate("UTF-8"); // the payload was converted to UTF-8 before
        if (!parser)
            return std::string("XML: out of memory");
        XML_SetUserData(parser, this);
        XML_SetElementHandler(parser, &XmlWalker::onStart, &XmlWalker::onEnd);
        XML_SetCharacterDataHandler(parser, &XmlWalker::onText);
        m_parser = parser;
        std::optional<std::string> failure;
        constexpr std::size_t kChunk = 64u << 20;
        std::size_t pos = 0;
        do {
            const std::size_t length = std::min(kChunk, m_text.size() - pos);
            const bool last = pos + length == m_text.size();
            if (XML_Parse(parser, m_text.data() + pos, static_cast<int>(length), last) != XML_STATUS_OK) {
                failure = std::string("XML: ") + XML_ErrorString(XML_GetErrorCode(parser)) + " at byte " +
                          std::to_string(XML_GetCurrentByteIndex(parser));
                break;
            }
            pos += length;
        } while (pos < m_text.size());
        XML_ParserFree(parser);
        return failure;
    }

    std::uint8_t labelFlags() const override
    {
        std::uint8_t flags = classifyLabel(m_label);
        // Enclosing elements may name the number too (<個人番号><値>…</値></個人番号>).
        for (std::size_t k = 0; k < 2 && k < m_stack.size(); ++k) {
            const std::size_t index = m_stack.size() - 1 - k;
            if (m_attribute || k > 0)
                flags |= static_cast<std::uint8_t>(classifyLabel(m_stack[index].name) & kLabelNumber);
        }
        return flags;
    }
    std::size_t group() const override { return m_collector.groupFor(path(false)); }
    std::size_t record() const override { return m_record; }
    std::string location() const override { return path(true); }

private:
    struct Element {
        std::string name;
        std::size_t id;
        std::string text;
        std::size_t textBegin = 0;
        std::size_t textEnd = 0;
        bool exact = true;
    };

    std::string path(bool display) const
    {
        std::string text;
        for (const Element& element : m_stack)
            text += "/" + (display ? displayLabel(element.name) : element.name);
        if (m_attribute)
            text += "/@" + (display ? displayLabel(m_label) : m_label);
        return text;
    }

    std::size_t offset() const { return static_cast<std::size_t>(XML_GetCurrentByteIndex(m_parser)); }

    std::uint8_t cachedLabel(const std::string& name)
    {
        const auto it = m_labelCache.find(name);
        if (it != m_labelCache.end())
            return it->second;
        const std::uint8_t flags = classifyLabel(name);
        if (m_labelCache.size() < 4096)
            m_labelCache.emplace(name, flags);
        return flags;
    }
    std::size_t count() const { return static_cast<std::size_t>(XML_GetCurrentByteCount(m_parser)); }

    // The text of the element on top, up to a child's start or its own end.
    void flushText()
    {
        if (m_stack.empty())
            return;
        Element& top = m_stack.back();
        const bool blank = std::all_of(top.text.begin(), top.text.end(),
                                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
        if (!blank) {
            m_label = top.name;
            m_attribute = false;
            m_record = m_stack.size() >= 2 ? m_stack[m_stack.size() - 2].id : kNone; // siblings share a parent
            const bool exact = top.exact && top.textEnd - top.textBegin == top.text.size();
            m_collector.field(top.textBegin, top.textEnd, top.text, exact, *this);
            if (cachedLabel(top.name) & kLabelNameBirth)
                m_collector.markNameOrBirth(m_record);
        }
        top.text.clear();
        top.exact = true;
    }

    static void XMLCALL onStart(void* data, const XML_Char* name, const XML_Char** attributes)
    {
        auto* self = static_cast<XmlWalker*>(data);
        self->flushText();
        self->m_stack.push_back({name, self->m_elements++, {}, 0, 0, true});
        const std::size_t tagBegin = self->offset();
        const std::string_view tag = self->m_text.substr(tagBegin, self->count());
        for (std::size_t i = 0; attributes[i] && attributes[i + 1]; i += 2) {
            const std::string_view value = attributes[i + 1];
            if (value.empty())
                continue;
            self->m_label = attributes[i];
            self->m_attribute = true;
            self->m_record = self->m_stack.back().id;
            // The value's bytes in the tag when it holds no entity; else the tag's start.
            const std::size_t at = tag.find(value);
            if (at != std::string_view::npos)
                self->m_collector.field(tagBegin + at, tagBegin + at + value.size(), value, true, *self);
            else
                self->m_collector.field(tagBegin, tagBegin + tag.size(), value, false, *self);
            if (self->cachedLabel(self->m_label) & kLabelNameBirth)
                self->m_collector.markNameOrBirth(self->m_record);
        }
        self->m_attribute = false;
    }

    static void XMLCALL onEnd(void* data, const XML_Char*)
    {
        auto* self = static_cast<XmlWalker*>(data);
        self->flushText();
        self->m_stack.pop_back();
    }

    static void XMLCALL onText(void* data, const XML_Char* text, int length)
    {
        auto* self = static_cast<XmlWalker*>(data);
        if (self->m_stack.empty())
            return;
        Element& top = self->m_stack.back();
        const std::size_t at = self->offset();
        const std::size_t raw = self->count();
        if (top.text.empty()) {
            top.textBegin = at;
            top.textEnd = at;
        }
        // Exact while every piece is contiguous and as long in the source as in the value.
        if (at != top.textEnd || raw != static_cast<std::size_t>(length))
            top.exact = false;
        top.textEnd = at + raw;
        top.text.append(text, static_cast<std::size_t>(length));
    }

    std::string_view m_text;
    Collector& m_collector;
    XML_Parser m_parser = nullptr;
    std::vector<Element> m_stack;
    std::size_t m_elements = 0;
    std::string m_label;
    bool m_attribute = false;
    std::size_t m_record = kNone;
    std::unordered_map<std::string, std::uint8_t> m_labelCache;
};

// ---------------------------------------------------------------------------------------------
// Encodings.

bool isCp932Lead(unsigned char c) { return (c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc); }

std::size_t utf8Length(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if ((lead & 0xe0) == 0xc0)
        return 2;
    if ((lead & 0xf0) == 0xe0)
        return 3;
    return 4;
}

std::optional<std::string> cp932ToUtf8(std::string_view input)
{
    iconv_t converter = iconv_open("UTF-8", "CP932");
    if (converter == reinterpret_cast<iconv_t>(-1))
        return std::nullopt;
    std::string output(input.size() * 3 / 2 + 16, '\0');
    char* in = const_cast<char*>(input.data()); // iconv's signature; it does not write through it
    std::size_t inLeft = input.size();
    std::size_t produced = 0;
    bool ok = true;
    while (inLeft > 0) {
        char* out = output.data() + produced;
        std::size_t outLeft = output.size() - produced;
        const std::size_t result = iconv(converter, &in, &inLeft, &out, &outLeft);
        produced = output.size() - outLeft;
        if (result != static_cast<std::size_t>(-1))
            break;
        if (errno == E2BIG) {
            output.resize(output.size() * 2);
            continue;
        }
        ok = false; // EILSEQ or EINVAL: not CP932
        break;
    }
    iconv_close(converter);
    if (!ok)
        return std::nullopt;
    output.resize(produced);
    return output;
}

// Maps sorted offsets in the UTF-8 conversion back to offsets in the CP932 original: each CP932
// character (one or two bytes) became exactly one code point.
void mapCp932Offsets(std::string_view original, std::string_view converted, std::vector<ScanFinding>& findings)
{
    std::size_t from = 0;
    std::size_t to = 0;
    for (ScanFinding& finding : findings) {
        while (to < finding.byteOffset && to < converted.size() && from < original.size()) {
            to += utf8Length(static_cast<unsigned char>(converted[to]));
            from += isCp932Lead(static_cast<unsigned char>(original[from])) ? 2u : 1u;
        }
        finding.byteOffset = std::min(from, original.size());
    }
}

} // namespace

std::string_view payloadKindName(PayloadKind kind)
{
    switch (kind) {
    case PayloadKind::Text:
        return "text";
    case PayloadKind::Csv:
        return "CSV";
    case PayloadKind::Json:
        return "JSON";
    case PayloadKind::Xml:
        return "XML";
    }
    return "?";
}

ScanReport scanPayload(std::string_view input, PayloadKind kind)
{
    ScanReport report;
    report.requested = kind;
    report.scannedAs = kind;
    report.bytes = input.size();

    // Decode: UTF-8 (a BOM is skipped), else CP932, else the bytes as they are.
    std::size_t bom = 0;
    if (input.substr(0, 3) == "\xEF\xBB\xBF")
        bom = 3;
    std::string_view text = input.substr(bom);
    std::optional<std::string> converted;
    if (!simdjson::validate_utf8(text.data(), text.size())) {
        converted = cp932ToUtf8(text);
        if (converted) {
            report.encoding = PayloadEncoding::ShiftJis;
            text = *converted;
        } else {
            report.encoding = PayloadEncoding::Undecodable;
            report.malformed = true;
            report.malformedReason = "not UTF-8 or Shift_JIS text: scanned byte by byte";
            report.scannedAs = PayloadKind::Text;
        }
    }

    std::vector<Pending> pending;
    {
        Collector collector(text);
        std::optional<std::string> failure;
        bool scalar = false;
        if (report.scannedAs == PayloadKind::Csv)
            failure = walkCsv(text, collector);
        else if (report.scannedAs == PayloadKind::Json)
            failure = walkJson(text, collector, scalar);
        else if (report.scannedAs == PayloadKind::Xml)
            failure = XmlWalker(text, collector).run();
        if (scalar)
            report.scannedAs = PayloadKind::Text;
        if (failure) {
            // Never fail open: whatever did not parse is scanned again, all of it, as text.
            report.malformed = true;
            report.malformedReason = *failure;
            report.scannedAs = PayloadKind::Text;
            Collector plain(text);
            plain.finish(report, pending);
        } else {
            collector.finish(report, pending);
        }
    }

    std::sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) { return a.offset < b.offset; });
    report.findingCount = pending.size();
    for (Pending& item : pending) {
        if (report.findings.size() >= kMaxReportedFindings)
            break;
        ScanFinding finding;
        finding.byteOffset = item.offset;
        finding.csvRow = item.csvRow;
        finding.csvColumn = item.csvColumn;
        finding.location = std::move(item.location);
        finding.signalBits = item.signals;
        finding.score = scoreOf(item.signals);
        finding.reason = reasonOf(item.signals);
        report.findings.push_back(std::move(finding));
    }
    if (converted)
        mapCp932Offsets(input.substr(bom), *converted, report.findings);
    // Offsets in the payload as given (the BOM included), and lines counted in it.
    std::size_t line = 1;
    std::size_t counted = 0;
    for (ScanFinding& finding : report.findings) {
        finding.byteOffset += bom;
        const std::size_t until = std::min(finding.byteOffset, input.size());
        if (until > counted) {
            line += static_cast<std::size_t>(std::count(input.begin() + static_cast<std::ptrdiff_t>(counted),
                                                        input.begin() + static_cast<std::ptrdiff_t>(until), '\n'));
            counted = until;
        }
        finding.line = line;
    }
    return report;
}

ScanReport scanPayload(std::span<const std::uint8_t> bytes, PayloadKind kind)
{
    return scanPayload(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), kind);
}

EgressDecision decideEgress(const ScanReport& report, bool destinationAllowsNumbers)
{
    const std::string count = std::to_string(report.findingCount);
    if (destinationAllowsNumbers)
        return {true, "the destination may receive individual numbers (" + count + " found)"};
    if (report.encoding == PayloadEncoding::Undecodable)
        return {false, "blocked: the payload is neither UTF-8 nor Shift_JIS text, so it cannot be vouched for, "
                       "and the destination may not receive individual numbers"};
    if (report.hasNumbers()) {
        const auto strongest = std::max_element(report.findings.begin(), report.findings.end(),
                                                [](const auto& a, const auto& b) { return a.score < b.score; });
        std::string reason = "blocked: " + count +
                             " likely individual number(s) in a payload for a destination "
                             "that may not receive them";
        if (strongest != report.findings.end())
            reason += "; strongest at line " + std::to_string(strongest->line) +
                      (strongest->location.empty() ? "" : " (" + strongest->location + ")") + ", score " +
                      std::to_string(strongest->score) + ": " + strongest->reason;
        return {false, reason};
    }
    std::string reason = "no individual number found";
    if (report.malformed)
        reason += " (" + std::string(payloadKindName(report.requested)) + " did not parse; scanned as text)";
    return {true, reason};
}

} // namespace mamori::net
