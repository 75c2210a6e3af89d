// SPDX-License-Identifier: GPL-3.0-or-later
// The recovery key's text form (check per group, what a person may type) and the wrapped file.
//
// Keys here are fixed test keys or come from a seeded generator, so a failure reproduces. Even so
// the output never shows key digits: texts and bytes are compared with QVERIFY, never QCOMPARE.
#include "services/tpm/recovery_key.h"

#include <QTest>

#include <algorithm>
#include <array>
#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace mamori;
using namespace mamori::tpm;

namespace {

constexpr RecoveryKdfLimits kFastLimits{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
constexpr std::size_t kGroupStride = 7; // 6 digits and a '-'

using KeyBytes = std::array<std::uint8_t, kRecoveryKeyBytes>;

SecretBuffer keyOf(const KeyBytes& bytes) { return SecretBuffer::copyOf(bytes).value(); }

// Deterministic test keys: a few edge cases and then a seeded sequence.
std::vector<KeyBytes> testKeys(std::size_t randomCount)
{
    std::vector<KeyBytes> keys;
    keys.push_back(KeyBytes{});
    KeyBytes ones{};
    ones.fill(0xff);
    keys.push_back(ones);
    std::mt19937 generator(20240521);
    std::uniform_int_distribution<int> byte(0, 255);
    for (std::size_t k = 0; k < randomCount; ++k) {
        KeyBytes key{};
        for (auto& b : key)
            b = static_cast<std::uint8_t>(byte(generator));
        keys.push_back(key);
    }
    return keys;
}

// The canonical text of a test key, as a std::string for editing (test keys only).
std::string textOf(const KeyBytes& bytes)
{
    const SecretBuffer text = formatRecoveryKey(keyOf(bytes)).value();
    return {reinterpret_cast<const char*>(text.data()), text.size()};
}

bool sameBytes(const SecretBuffer& buffer, std::span<const std::uint8_t> bytes)
{
    return buffer.size() == bytes.size() && std::equal(bytes.begin(), bytes.end(), buffer.data());
}

// The longest run of ASCII digits in an error context. Contexts hold positions and counts (at most
// two digits in these tests), never a typed digit, so a run of three or more would be a leak.
std::size_t longestDigitRun(std::string_view text)
{
    std::size_t longest = 0;
    std::size_t run = 0;
    for (const char c : text) {
        run = (c >= '0' && c <= '9') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

bool contextLeaksNothing(const Error& error, std::string_view keyText)
{
    const std::string& context = error.context();
    if (longestDigitRun(context) > 2)
        return false;
    for (std::size_t group = 0; group < static_cast<std::size_t>(kRecoveryKeyGroups); ++group)
        if (context.find(keyText.substr(group * kGroupStride, 6)) != std::string::npos)
            return false;
    return true;
}

std::string swapGroups(std::string text, std::size_t a, std::size_t b)
{
    for (std::size_t i = 0; i < 6; ++i)
        std::swap(text[a * kGroupStride + i], text[b * kGroupStride + i]);
    return text;
}

// Digits as full-width (U+FF10..U+FF19), everything else unchanged.
std::string fullWidth(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        if (c >= '0' && c <= '9') {
            out += "\xef\xbc";
            out += static_cast<char>(0x90 + (c - '0'));
        } else {
            out += c;
        }
    }
    return out;
}

std::string replaceAll(std::string text, char from, std::string_view to)
{
    std::string out;
    for (const char c : text) {
        if (c == from)
            out += to;
        else
            out += c;
    }
    return out;
}

// `separator` after every `n` characters.
std::string everyNth(std::string_view text, std::size_t n, std::string_view separator)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        out += text[i];
        if ((i + 1) % n == 0)
            out += separator;
    }
    return out;
}

std::vector<std::uint8_t> testPayload(std::size_t size)
{
    std::vector<std::uint8_t> payload(size);
    for (std::size_t i = 0; i < size; ++i)
        payload[i] = static_cast<std::uint8_t>(i * 7 + 3);
    return payload;
}

void putU32(std::vector<std::uint8_t>& file, std::size_t offset, std::uint32_t value)
{
    file[offset] = static_cast<std::uint8_t>(value >> 24);
    file[offset + 1] = static_cast<std::uint8_t>(value >> 16);
    file[offset + 2] = static_cast<std::uint8_t>(value >> 8);
    file[offset + 3] = static_cast<std::uint8_t>(value);
}

std::uint32_t getU32(const std::vector<std::uint8_t>& file, std::size_t offset)
{
    return std::uint32_t{file[offset]} << 24 | std::uint32_t{file[offset + 1]} << 16 |
           std::uint32_t{file[offset + 2]} << 8 | std::uint32_t{file[offset + 3]};
}

void putU16(std::vector<std::uint8_t>& file, std::size_t offset, std::uint16_t value)
{
    file[offset] = static_cast<std::uint8_t>(value >> 8);
    file[offset + 1] = static_cast<std::uint8_t>(value);
}

std::uint16_t getU16(const std::vector<std::uint8_t>& file, std::size_t offset)
{
    return static_cast<std::uint16_t>(file[offset] << 8 | file[offset + 1]);
}

// The layout from recovery_key.h, written out so that a change to it shows up here.
constexpr std::size_t kOpsOffset = 9;
constexpr std::size_t kMemOffset = 13;
constexpr std::size_t kLengthOffset = 17;
constexpr std::size_t kSaltOffset = 19;
constexpr std::size_t kNonceOffset = 35;
constexpr std::size_t kHeaderBytes = 59;
constexpr std::size_t kTagBytes = 16;

constexpr std::string_view kDamagedLength = "the recovery file is damaged (length)";

// A refusal as StorageCorrupt because of the file's length (truncated, extended, length field damaged).
bool isDamagedLength(const Result<SecretBuffer>& result)
{
    return !result.ok() && result.code() == ErrorCode::StorageCorrupt &&
           result.error().context().find(kDamagedLength) != std::string::npos;
}

QByteArray describe(const Result<SecretBuffer>& result)
{
    return result.ok() ? QByteArray("accepted") : QByteArray::fromStdString(result.error().describe());
}

} // namespace

class TestRecoveryKey : public QObject {
    Q_OBJECT

private slots:
    void generateIsRandom();
    void roundTrip();
    void formatShape();
    void formatKnownAnswers_data();
    void formatKnownAnswers();
    void formatRefusesWrongSize();
    void everySingleDigitSubstitutionDetected();
    void everyAdjacentTranspositionDetected();
    void transpositionAcrossGroupsDetected();
    void everyGroupSwapDetected();
    void groupOutOfRangeDetected();
    void separatorsAndFullWidthAccepted_data();
    void separatorsAndFullWidthAccepted();
    void unexpectedCharacterRefused_data();
    void unexpectedCharacterRefused();
    void wrongDigitCountRefused_data();
    void wrongDigitCountRefused();
    void errorGroupOnlyForGroupErrors();

    void wrapRoundTrip_data();
    void wrapRoundTrip();
    void wrapRoundTripDefaultLimits();
    void wrapLayout();
    void wrapRefusesBadArguments();
    void wrongKeyIncorrect();
    void everyFlippedByteRefused();
    void truncatedOrExtendedRefused_data();
    void truncatedOrExtendedRefused();
    void lengthFieldEditsCorrupt();
    void lengthEditedToMatchIncorrect();
    void headerEditsCorrupt_data();
    void headerEditsCorrupt();
};

void TestRecoveryKey::generateIsRandom()
{
    auto a = generateRecoveryKey();
    auto b = generateRecoveryKey();
    QVERIFY(a.ok());
    QVERIFY(b.ok());
    QCOMPARE(a.value().size(), kRecoveryKeyBytes);
    QVERIFY(!a.value().equals(b.value()));
}

void TestRecoveryKey::roundTrip()
{
    for (int i = 0; i < 200; ++i) {
        const SecretBuffer key = generateRecoveryKey().value();
        const auto text = formatRecoveryKey(key);
        QVERIFY(text.ok());
        const auto parsed =
            parseRecoveryKey(std::string_view(reinterpret_cast<const char*>(text.value().data()), text.value().size()));
        QVERIFY(parsed.ok());
        QVERIFY(parsed.value().equals(key));
    }
}

void TestRecoveryKey::formatShape()
{
    for (const KeyBytes& bytes : testKeys(50)) {
        const SecretBuffer text = formatRecoveryKey(keyOf(bytes)).value();
        QCOMPARE(text.size(), kRecoveryKeyTextBytes);
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = static_cast<char>(text.data()[i]);
            if (i % kGroupStride == 6)
                QVERIFY2(c == '-', "a '-' between groups");
            else
                QVERIFY2(c >= '0' && c <= '9', "an ASCII digit inside a group");
        }
    }
}

void TestRecoveryKey::formatKnownAnswers_data()
{
    QTest::addColumn<QByteArray>("keyHex");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("all zero: each group shows its index")
        << QByteArray("00000000000000000000000000000000")
        << QByteArray("000000-000001-000002-000003-000004-000005-000006-000007");
    QTest::newRow("all ones: the largest groups")
        << QByteArray("ffffffffffffffffffffffffffffffff")
        << QByteArray("720885-720886-720887-720888-720889-720890-720891-720892");
    QTest::newRow("00 01 .. 0f") << QByteArray("000102030405060708090a0b0c0d0e0f")
                                 << QByteArray("000011-005666-011321-016976-022631-028286-033941-039596");
    QTest::newRow("big-endian groups") << QByteArray("0123456789abcdeffedcba9876543210")
                                       << QByteArray("003201-195438-387675-579912-717688-525453-333218-140983");
}

void TestRecoveryKey::formatKnownAnswers()
{
    QFETCH(QByteArray, keyHex);
    QFETCH(QByteArray, text);
    const QByteArray raw = QByteArray::fromHex(keyHex);
    const SecretBuffer key =
        SecretBuffer::copyOf({reinterpret_cast<const std::uint8_t*>(raw.constData()), std::size_t(raw.size())}).value();
    const SecretBuffer formatted = formatRecoveryKey(key).value();
    QVERIFY(sameBytes(formatted, {reinterpret_cast<const std::uint8_t*>(text.constData()), std::size_t(text.size())}));
    const auto parsed = parseRecoveryKey(std::string_view(text.constData(), std::size_t(text.size())));
    QVERIFY(parsed.ok());
    QVERIFY(parsed.value().equals(key));
}

void TestRecoveryKey::formatRefusesWrongSize()
{
    QCOMPARE(formatRecoveryKey(SecretBuffer()).code(), ErrorCode::InvalidArgument);
    QCOMPARE(formatRecoveryKey(SecretBuffer::create(15).value()).code(), ErrorCode::InvalidArgument);
    QCOMPARE(formatRecoveryKey(SecretBuffer::create(32).value()).code(), ErrorCode::InvalidArgument);
}

void TestRecoveryKey::everySingleDigitSubstitutionDetected()
{
    int checked = 0;
    for (const KeyBytes& bytes : testKeys(10)) {
        const std::string text = textOf(bytes);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '-')
                continue;
            const int group = int(i / kGroupStride) + 1;
            for (char digit = '0'; digit <= '9'; ++digit) {
                if (digit == text[i])
                    continue;
                std::string typed = text;
                typed[i] = digit;
                const auto parsed = parseRecoveryKey(typed);
                QVERIFY2(!parsed.ok(), "a single-digit substitution was accepted");
                QCOMPARE(parsed.code(), ErrorCode::RecoveryKeyMalformed);
                QCOMPARE(recoveryKeyErrorGroup(parsed.error()), group);
                QCOMPARE(QString::fromStdString(parsed.error().context()), QStringLiteral("group %1").arg(group));
                QVERIFY(contextLeaksNothing(parsed.error(), text));
                ++checked;
            }
        }
    }
    QCOMPARE(checked, 12 * 48 * 9);
}

void TestRecoveryKey::everyAdjacentTranspositionDetected()
{
    int checked = 0;
    for (const KeyBytes& bytes : testKeys(40)) {
        const std::string text = textOf(bytes);
        for (std::size_t group = 0; group < std::size_t(kRecoveryKeyGroups); ++group) {
            for (std::size_t i = 0; i + 1 < 6; ++i) {
                const std::size_t at = group * kGroupStride + i;
                if (text[at] == text[at + 1])
                    continue;
                std::string typed = text;
                std::swap(typed[at], typed[at + 1]);
                const auto parsed = parseRecoveryKey(typed);
                QVERIFY2(!parsed.ok(), "an adjacent transposition was accepted");
                QCOMPARE(parsed.code(), ErrorCode::RecoveryKeyMalformed);
                QCOMPARE(recoveryKeyErrorGroup(parsed.error()), int(group) + 1);
                QVERIFY(contextLeaksNothing(parsed.error(), text));
                ++checked;
            }
        }
    }
    QVERIFY2(checked > 1000, "enough transpositions exercised");
}

void TestRecoveryKey::transpositionAcrossGroupsDetected()
{
    // Typed without separators, the last digit of a group and the first of the next are adjacent.
    for (const KeyBytes& bytes : testKeys(20)) {
        const std::string text = textOf(bytes);
        for (std::size_t group = 0; group + 1 < std::size_t(kRecoveryKeyGroups); ++group) {
            const std::size_t last = group * kGroupStride + 5;
            const std::size_t first = last + 2;
            if (text[last] == text[first])
                continue;
            std::string typed = text;
            std::swap(typed[last], typed[first]);
            const auto parsed = parseRecoveryKey(typed);
            QVERIFY(!parsed.ok());
            QCOMPARE(recoveryKeyErrorGroup(parsed.error()), int(group) + 1);
        }
    }
}

void TestRecoveryKey::everyGroupSwapDetected()
{
    for (const KeyBytes& bytes : testKeys(5)) {
        const std::string text = textOf(bytes);
        for (std::size_t a = 0; a < std::size_t(kRecoveryKeyGroups); ++a) {
            for (std::size_t b = a + 1; b < std::size_t(kRecoveryKeyGroups); ++b) {
                const auto parsed = parseRecoveryKey(swapGroups(text, a, b));
                QVERIFY2(!parsed.ok(), "two swapped groups were accepted");
                QCOMPARE(parsed.code(), ErrorCode::RecoveryKeyMalformed);
                QCOMPARE(recoveryKeyErrorGroup(parsed.error()), int(a) + 1);
                QVERIFY(contextLeaksNothing(parsed.error(), text));

                // One group typed in place of another (the other left out).
                std::string copied = text;
                std::copy_n(text.begin() + std::ptrdiff_t(a * kGroupStride), 6,
                            copied.begin() + std::ptrdiff_t(b * kGroupStride));
                const auto misplaced = parseRecoveryKey(copied);
                QVERIFY2(!misplaced.ok(), "a group typed in the wrong place was accepted");
                QCOMPARE(recoveryKeyErrorGroup(misplaced.error()), int(b) + 1);
            }
        }
    }
}

void TestRecoveryKey::groupOutOfRangeDetected()
{
    // 720896 = 65536 * 11 + 0: the right residue for group 1, but more than 16 bits.
    std::string text = textOf(KeyBytes{});
    text.replace(0, 6, "720896");
    const auto parsed = parseRecoveryKey(text);
    QVERIFY(!parsed.ok());
    QCOMPARE(recoveryKeyErrorGroup(parsed.error()), 1);
    // 999999 % 11 == 0 too; in group 8's place it has the wrong residue and is too large.
    text = textOf(KeyBytes{});
    text.replace(7 * kGroupStride, 6, "999999");
    QCOMPARE(recoveryKeyErrorGroup(parseRecoveryKey(text).error()), 8);
}

void TestRecoveryKey::separatorsAndFullWidthAccepted_data()
{
    QTest::addColumn<QByteArray>("typed");
    const std::string text = textOf(testKeys(1).back());
    std::string digitsOnly = text;
    std::erase(digitsOnly, '-');
    const auto row = [](const char* name, const std::string& typed) {
        QTest::newRow(name) << QByteArray(typed.data(), qsizetype(typed.size()));
    };
    row("canonical", text);
    row("no separators", digitsOnly);
    row("spaces", replaceAll(text, '-', " "));
    row("ideographic spaces", replaceAll(text, '-', "\u3000"));
    row("katakana prolonged sound mark", replaceAll(text, '-', "\u30fc"));
    row("full-width hyphen-minus", replaceAll(text, '-', "\uff0d"));
    row("hyphen", replaceAll(text, '-', "\u2010"));
    row("minus sign", replaceAll(text, '-', "\u2212"));
    row("full-width digits", fullWidth(text));
    row("full-width digits and ideographic spaces", fullWidth(replaceAll(text, '-', "\u3000")));
    row("mixed widths", fullWidth(text.substr(0, 20)) + text.substr(20));
    row("separators inside groups", everyNth(digitsOnly, 2, " "));
    row("leading, trailing and doubled separators", "  " + replaceAll(text, '-', " - ") + " \u3000");
    row("a separator after every digit", everyNth(digitsOnly, 1, "\u30fc"));
}

void TestRecoveryKey::separatorsAndFullWidthAccepted()
{
    QFETCH(QByteArray, typed);
    const SecretBuffer expected = keyOf(testKeys(1).back());
    const auto parsed = parseRecoveryKey(std::string_view(typed.constData(), std::size_t(typed.size())));
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().context().c_str());
    QVERIFY(parsed.value().equals(expected));
}

void TestRecoveryKey::unexpectedCharacterRefused_data()
{
    QTest::addColumn<QByteArray>("typed");
    QTest::addColumn<int>("position");
    const std::string text = textOf(testKeys(1).back());
    const auto row = [](const char* name, const std::string& typed, int position) {
        QTest::newRow(name) << QByteArray(typed.data(), qsizetype(typed.size())) << position;
    };
    const auto replaced = [&text](std::size_t at, std::string_view with) {
        std::string typed = text;
        typed.replace(at, 1, with);
        return typed;
    };
    row("letter first", replaced(0, "a"), 1);
    row("letter O for zero", replaced(10, "O"), 11);
    row("letter l for one", replaced(54, "l"), 55);
    row("letter replacing a dash", replaced(6, "x"), 7);
    row("plus", replaced(3, "+"), 4);
    row("tab", replaced(3, "\t"), 4);
    row("NUL", replaced(3, std::string(1, '\0')), 4);
    row("full-width letter", replaced(20, "\uff21"), 21);
    row("after full-width digits, counted in characters", fullWidth(text.substr(0, 13)) + "a" + text.substr(13), 14);
    row("invalid UTF-8", replaced(8, "\xff"), 9);
    row("truncated UTF-8", text + "\xef\xbc", 56);
    row("en quad space is not a separator", replaced(6, "\u2000"), 7);
    row("letters only", "abc", 1);
}

void TestRecoveryKey::unexpectedCharacterRefused()
{
    QFETCH(QByteArray, typed);
    QFETCH(int, position);
    const auto parsed = parseRecoveryKey(std::string_view(typed.constData(), std::size_t(typed.size())));
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.code(), ErrorCode::RecoveryKeyMalformed);
    QCOMPARE(QString::fromStdString(parsed.error().context()),
             QStringLiteral("unexpected character at position %1").arg(position));
    QCOMPARE(recoveryKeyErrorGroup(parsed.error()), 0);
    QVERIFY(contextLeaksNothing(parsed.error(), textOf(testKeys(1).back())));
}

void TestRecoveryKey::wrongDigitCountRefused_data()
{
    QTest::addColumn<QByteArray>("typed");
    QTest::addColumn<int>("count");
    const std::string text = textOf(testKeys(1).back());
    const auto row = [](const char* name, const std::string& typed, int count) {
        QTest::newRow(name) << QByteArray(typed.data(), qsizetype(typed.size())) << count;
    };
    row("47 digits", text.substr(0, text.size() - 1), 47);
    row("49 digits", text + "0", 49);
    row("a digit left out in group 3", text.substr(0, 16) + text.substr(17), 47);
    row("a group typed twice", text + "-" + text.substr(0, 6), 54);
    row("empty", "", 0);
    row("separators only", " - \u3000 \u30fc", 0);
    row("96 digits", text + text, 96);
}

void TestRecoveryKey::wrongDigitCountRefused()
{
    QFETCH(QByteArray, typed);
    QFETCH(int, count);
    const auto parsed = parseRecoveryKey(std::string_view(typed.constData(), std::size_t(typed.size())));
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.code(), ErrorCode::RecoveryKeyMalformed);
    QCOMPARE(QString::fromStdString(parsed.error().context()), QStringLiteral("expected 48 digits, got %1").arg(count));
    QCOMPARE(recoveryKeyErrorGroup(parsed.error()), 0);
    QVERIFY(contextLeaksNothing(parsed.error(), textOf(testKeys(1).back())));
}

void TestRecoveryKey::errorGroupOnlyForGroupErrors()
{
    QCOMPARE(recoveryKeyErrorGroup(Error(ErrorCode::RecoveryKeyMalformed, "group 3")), 3);
    QCOMPARE(recoveryKeyErrorGroup(Error(ErrorCode::RecoveryKeyIncorrect, "group 3")), 0);
    QCOMPARE(recoveryKeyErrorGroup(Error(ErrorCode::RecoveryKeyMalformed, "group 0")), 0);
    QCOMPARE(recoveryKeyErrorGroup(Error(ErrorCode::RecoveryKeyMalformed, "group 9")), 0);
    QCOMPARE(recoveryKeyErrorGroup(Error(ErrorCode::RecoveryKeyMalformed, "group 12")), 0);
    QCOMPARE(recoveryKeyErrorGroup(Error(ErrorCode::RecoveryKeyMalformed, "")), 0);
}

void TestRecoveryKey::wrapRoundTrip_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("64 bytes: master key and signing seed") << 64;
    QTest::newRow("1 byte, the minimum") << 1;
    QTest::newRow("256 bytes, the maximum") << 256;
}

void TestRecoveryKey::wrapRoundTrip()
{
    QFETCH(int, size);
    const SecretBuffer key = generateRecoveryKey().value();
    const std::vector<std::uint8_t> payload = testPayload(std::size_t(size));
    const auto wrapped = wrapWithRecoveryKey(key, payload, kFastLimits);
    QVERIFY(wrapped.ok());
    QCOMPARE(wrapped.value().size(), kRecoveryHeaderBytes + payload.size() + 16);
    if (size >= 8) // the payload does not appear in clear
        QVERIFY(std::search(wrapped.value().begin(), wrapped.value().end(), payload.begin(), payload.begin() + 8) ==
                wrapped.value().end());
    const auto unwrapped = unwrapWithRecoveryKey(key, wrapped.value());
    QVERIFY(unwrapped.ok());
    QVERIFY(sameBytes(unwrapped.value(), payload));

    // The key as typed back works too.
    const SecretBuffer text = formatRecoveryKey(key).value();
    const SecretBuffer typedBack =
        parseRecoveryKey(std::string_view(reinterpret_cast<const char*>(text.data()), text.size())).value();
    QVERIFY(sameBytes(unwrapWithRecoveryKey(typedBack, wrapped.value()).value(), payload));
}

void TestRecoveryKey::wrapRoundTripDefaultLimits()
{
    const SecretBuffer key = generateRecoveryKey().value();
    const std::vector<std::uint8_t> payload = testPayload(64);
    const auto wrapped = wrapWithRecoveryKey(key, payload);
    QVERIFY(wrapped.ok());
    QCOMPARE(getU32(wrapped.value(), kOpsOffset), std::uint32_t(crypto_pwhash_OPSLIMIT_MODERATE));
    QCOMPARE(getU32(wrapped.value(), kMemOffset), std::uint32_t(crypto_pwhash_MEMLIMIT_MODERATE / 1024));
    const auto unwrapped = unwrapWithRecoveryKey(key, wrapped.value());
    QVERIFY(unwrapped.ok());
    QVERIFY(sameBytes(unwrapped.value(), payload));
}

void TestRecoveryKey::wrapLayout()
{
    const SecretBuffer key = generateRecoveryKey().value();
    const std::vector<std::uint8_t> payload = testPayload(64);
    const RecoveryKdfLimits limits{2, std::size_t{64} * 1024};
    const std::vector<std::uint8_t> a = wrapWithRecoveryKey(key, payload, limits).value();
    const std::vector<std::uint8_t> b = wrapWithRecoveryKey(key, payload, limits).value();
    QCOMPARE(kRecoveryHeaderBytes, kHeaderBytes);
    QCOMPARE(a.size(), kHeaderBytes + 64 + kTagBytes);
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(a.data()), 8), QByteArray("MAMORIRK"));
    QCOMPARE(int(a[8]), 1);
    QCOMPARE(getU32(a, kOpsOffset), std::uint32_t(2));
    QCOMPARE(getU32(a, kMemOffset), std::uint32_t(64));
    QCOMPARE(getU16(a, kLengthOffset), std::uint16_t(64));
    // Fresh salt (19..34) and nonce (35..58) every time, so the ciphertexts differ too.
    const auto at = [](const std::vector<std::uint8_t>& file, std::size_t offset) {
        return file.begin() + std::ptrdiff_t(offset);
    };
    QVERIFY(!std::equal(at(a, kSaltOffset), at(a, kNonceOffset), at(b, kSaltOffset)));
    QVERIFY(!std::equal(at(a, kNonceOffset), at(a, kHeaderBytes), at(b, kNonceOffset)));
    QVERIFY(!std::equal(at(a, kHeaderBytes), a.end(), at(b, kHeaderBytes)));
    QVERIFY(sameBytes(unwrapWithRecoveryKey(key, b).value(), payload));
}

void TestRecoveryKey::wrapRefusesBadArguments()
{
    const SecretBuffer key = generateRecoveryKey().value();
    const std::vector<std::uint8_t> payload = testPayload(64);
    QCOMPARE(wrapWithRecoveryKey(key, {}, kFastLimits).code(), ErrorCode::InvalidArgument);
    QCOMPARE(wrapWithRecoveryKey(key, testPayload(257), kFastLimits).code(), ErrorCode::TooLarge);
    QCOMPARE(wrapWithRecoveryKey(SecretBuffer::create(32).value(), payload, kFastLimits).code(),
             ErrorCode::InvalidArgument);
    QCOMPARE(wrapWithRecoveryKey(SecretBuffer(), payload, kFastLimits).code(), ErrorCode::InvalidArgument);
    QCOMPARE(unwrapWithRecoveryKey(SecretBuffer::create(15).value(), testPayload(137)).code(),
             ErrorCode::InvalidArgument);
    // Limits that unwrap would refuse are refused up front, so no unreadable file is ever written.
    const std::array<RecoveryKdfLimits, 6> refused{{
        {0, crypto_pwhash_MEMLIMIT_MIN},
        {11, crypto_pwhash_MEMLIMIT_MIN},
        {1, crypto_pwhash_MEMLIMIT_MIN - 1024},
        {1, (std::size_t{1} << 30) + 1024},
        {1, std::size_t{4} << 30},
        {1, crypto_pwhash_MEMLIMIT_MIN + 1}, // not a whole number of KiB
    }};
    for (const RecoveryKdfLimits& limits : refused)
        QCOMPARE(wrapWithRecoveryKey(key, payload, limits).code(), ErrorCode::InvalidArgument);
}

void TestRecoveryKey::wrongKeyIncorrect()
{
    const SecretBuffer key = generateRecoveryKey().value();
    const std::vector<std::uint8_t> wrapped = wrapWithRecoveryKey(key, testPayload(64), kFastLimits).value();
    const auto other = unwrapWithRecoveryKey(generateRecoveryKey().value(), wrapped);
    QVERIFY(!other.ok());
    QCOMPARE(other.code(), ErrorCode::RecoveryKeyIncorrect);

    // A key one bit away, as a typed key that slipped past the group check never would be.
    SecretBuffer near = SecretBuffer::copyOf(key.bytes()).value();
    near.data()[15] ^= 0x01;
    QCOMPARE(unwrapWithRecoveryKey(near, wrapped).code(), ErrorCode::RecoveryKeyIncorrect);
}

void TestRecoveryKey::everyFlippedByteRefused()
{
    const SecretBuffer key = generateRecoveryKey().value();
    const std::vector<std::uint8_t> wrapped = wrapWithRecoveryKey(key, testPayload(64), kFastLimits).value();
    int corrupt = 0;
    int incorrect = 0;
    for (const std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}, std::uint8_t{0xff}}) {
        for (std::size_t i = 0; i < wrapped.size(); ++i) {
            std::vector<std::uint8_t> flipped = wrapped;
            flipped[i] ^= mask;
            const auto result = unwrapWithRecoveryKey(key, flipped);
            if (result.ok())
                QFAIL(qPrintable(QStringLiteral("flipping byte %1 with mask 0x%2 was accepted")
                                     .arg(i)
                                     .arg(uint(mask), 2, 16, QLatin1Char('0'))));
            const ErrorCode code = result.code();
            QVERIFY2(code == ErrorCode::StorageCorrupt || code == ErrorCode::RecoveryKeyIncorrect,
                     qPrintable(
                         QStringLiteral("byte %1: %2").arg(i).arg(QString::fromStdString(result.error().describe()))));
            (code == ErrorCode::StorageCorrupt ? corrupt : incorrect)++;
            if (i < kOpsOffset) // magic and version
                QCOMPARE(code, ErrorCode::StorageCorrupt);
            if (i == kLengthOffset || i == kLengthOffset + 1)
                QVERIFY2(isDamagedLength(result), describe(result).constData());
        }
    }
    QVERIFY(corrupt > 0);
    QVERIFY(incorrect > 0);
}

void TestRecoveryKey::truncatedOrExtendedRefused_data()
{
    QTest::addColumn<int>("payloadSize");
    QTest::newRow("64 bytes") << 64;
    QTest::newRow("1 byte, the minimum") << 1;
    QTest::newRow("256 bytes, the maximum") << 256;
}

void TestRecoveryKey::truncatedOrExtendedRefused()
{
    // Whatever the new length, even one that a file with another payload size would have, the
    // file is reported as damaged, never as a wrong key: a person with a damaged file must not be
    // sent back to retype the key.
    QFETCH(int, payloadSize);
    const SecretBuffer key = generateRecoveryKey().value();
    const std::vector<std::uint8_t> wrapped =
        wrapWithRecoveryKey(key, testPayload(std::size_t(payloadSize)), kFastLimits).value();
    QCOMPARE(wrapped.size(), kHeaderBytes + std::size_t(payloadSize) + kTagBytes);

    for (std::size_t size = 0; size < wrapped.size(); ++size) {
        const auto result = unwrapWithRecoveryKey(key, std::span<const std::uint8_t>(wrapped.data(), size));
        QVERIFY2(isDamagedLength(result),
                 qPrintable(QStringLiteral("truncated to %1: %2").arg(size).arg(QString::fromUtf8(describe(result)))));
    }
    std::vector<std::size_t> extras;
    for (std::size_t extra = 1; extra <= 300; ++extra)
        extras.push_back(extra);
    extras.insert(extras.end(), {std::size_t{4096}, std::size_t{65536}});
    for (const std::size_t extra : extras) {
        for (const std::uint8_t fill : {std::uint8_t{0x00}, std::uint8_t{0xa5}}) {
            std::vector<std::uint8_t> extended = wrapped;
            extended.resize(wrapped.size() + extra, fill);
            const auto result = unwrapWithRecoveryKey(key, extended);
            QVERIFY2(
                isDamagedLength(result),
                qPrintable(QStringLiteral("extended by %1: %2").arg(extra).arg(QString::fromUtf8(describe(result)))));
        }
    }
    // The intact file still opens, and a wrong key on it is still a wrong key.
    QVERIFY(sameBytes(unwrapWithRecoveryKey(key, wrapped).value(), testPayload(std::size_t(payloadSize))));
    QCOMPARE(unwrapWithRecoveryKey(generateRecoveryKey().value(), wrapped).code(), ErrorCode::RecoveryKeyIncorrect);
}

void TestRecoveryKey::lengthFieldEditsCorrupt()
{
    const SecretBuffer key = generateRecoveryKey().value();
    const std::vector<std::uint8_t> wrapped = wrapWithRecoveryKey(key, testPayload(64), kFastLimits).value();
    // Every single-bit and whole-byte flip in the length field.
    for (std::size_t i = kLengthOffset; i < kLengthOffset + 2; ++i) {
        for (const unsigned mask : {0x01u, 0x02u, 0x04u, 0x08u, 0x10u, 0x20u, 0x40u, 0x80u, 0xffu}) {
            std::vector<std::uint8_t> flipped = wrapped;
            flipped[i] ^= std::uint8_t(mask);
            const auto result = unwrapWithRecoveryKey(key, flipped);
            QVERIFY2(isDamagedLength(result), qPrintable(QStringLiteral("byte %1 mask 0x%2: %3")
                                                             .arg(i)
                                                             .arg(mask, 2, 16, QLatin1Char('0'))
                                                             .arg(QString::fromUtf8(describe(result)))));
        }
    }
    // Lengths no file can have: refused from the field alone, whatever the file's length.
    for (const std::uint16_t declared : {std::uint16_t{0}, std::uint16_t{257}, std::uint16_t{0xffff}}) {
        std::vector<std::uint8_t> edited = wrapped;
        putU16(edited, kLengthOffset, declared);
        edited.resize(kHeaderBytes + declared + kTagBytes, 0x00);
        const auto result = unwrapWithRecoveryKey(key, edited);
        QVERIFY2(isDamagedLength(result), describe(result).constData());
        QVERIFY2(result.error().context().find("allowed 1..256") != std::string::npos, describe(result).constData());
    }
}

void TestRecoveryKey::lengthEditedToMatchIncorrect()
{
    // The length field is in the associated data: edit it and cut or pad the file to match, and
    // the tag fails. (Nothing in the file can tell this from a wrong key, but nobody damages a
    // file that way by accident.)
    const SecretBuffer key = generateRecoveryKey().value();
    const std::vector<std::uint8_t> wrapped = wrapWithRecoveryKey(key, testPayload(64), kFastLimits).value();
    for (const std::size_t declared : {std::size_t{1}, std::size_t{63}, std::size_t{65}, std::size_t{256}}) {
        std::vector<std::uint8_t> edited = wrapped;
        putU16(edited, kLengthOffset, std::uint16_t(declared));
        edited.resize(kHeaderBytes + declared + kTagBytes, 0x00);
        QCOMPARE(unwrapWithRecoveryKey(key, edited).code(), ErrorCode::RecoveryKeyIncorrect);
    }
}

void TestRecoveryKey::headerEditsCorrupt_data()
{
    QTest::addColumn<int>("offset");
    QTest::addColumn<quint32>("value");
    QTest::addColumn<QString>("contextPart");
    QTest::newRow("memLimit 4 GiB") << int(kMemOffset) << quint32(4u << 20) << QStringLiteral("memLimit 4194304 KiB");
    QTest::newRow("memLimit just over 1 GiB")
        << int(kMemOffset) << quint32((1u << 20) + 1) << QStringLiteral("out of range");
    QTest::newRow("memLimit 4 TiB") << int(kMemOffset) << quint32(0xffffffff) << QStringLiteral("out of range");
    QTest::newRow("memLimit below the minimum") << int(kMemOffset) << quint32(7) << QStringLiteral("out of range");
    QTest::newRow("memLimit 0") << int(kMemOffset) << quint32(0) << QStringLiteral("out of range");
    QTest::newRow("opsLimit 0") << int(kOpsOffset) << quint32(0) << QStringLiteral("opsLimit 0");
    QTest::newRow("opsLimit 11") << int(kOpsOffset) << quint32(11) << QStringLiteral("opsLimit 11");
    QTest::newRow("opsLimit 2^32-1") << int(kOpsOffset) << quint32(0xffffffff) << QStringLiteral("out of range");
    QTest::newRow("magic") << 0 << quint32(0x4d414d4f ^ 0x20) << QStringLiteral("magic");
    QTest::newRow("version 2") << 5 << quint32(0x49524b02) << QStringLiteral("version 2"); // "IRK" kept
}

void TestRecoveryKey::headerEditsCorrupt()
{
    QFETCH(int, offset);
    QFETCH(quint32, value);
    QFETCH(QString, contextPart);
    const SecretBuffer key = generateRecoveryKey().value();
    std::vector<std::uint8_t> wrapped = wrapWithRecoveryKey(key, testPayload(64), kFastLimits).value();
    putU32(wrapped, std::size_t(offset), value);
    // Refused from the header alone: had Argon2id been run with these limits, the result would be
    // ResourceExhausted or (after a long wait) RecoveryKeyIncorrect, not StorageCorrupt.
    const auto result = unwrapWithRecoveryKey(key, wrapped);
    QVERIFY(!result.ok());
    QCOMPARE(result.code(), ErrorCode::StorageCorrupt);
    QVERIFY2(QString::fromStdString(result.error().context()).contains(contextPart), result.error().context().c_str());
}

QTEST_GUILESS_MAIN(TestRecoveryKey)
#include "tst_recovery_key.moc"
