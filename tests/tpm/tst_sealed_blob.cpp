// SPDX-License-Identifier: GPL-3.0-or-later
// The sealed-blob file format: round trip, damage (flips, truncation) and every structural check.
//
// The structural cases are written by a builder of their own (RawBlob), independent of
// encodeSealedBlob, and given a correct BLAKE2b-256 checksum, so that the checks behind the
// checksum are what is under test and not the checksum. No TPM is needed: the public and private
// areas are fake bytes.
#include "services/tpm/sealed_blob.h"

#include <QTest>

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

using namespace mamori;
using namespace mamori::tpm;

namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::size_t kChecksumBytes = 32;

Bytes patterned(std::size_t size, std::uint8_t seed)
{
    Bytes bytes(size);
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<std::uint8_t>(seed + i * 13);
    return bytes;
}

PcrValue pcr(std::uint8_t index)
{
    PcrValue value;
    value.index = index;
    for (std::size_t i = 0; i < value.sha256.size(); ++i)
        value.sha256[i] = static_cast<std::uint8_t>(std::size_t{index} * 31 + i);
    return value;
}

// A blob as seal() would make one: two PCRs (7 and 15), fake marshalled areas.
SealedBlob sampleBlob()
{
    SealedBlob blob;
    blob.purpose = SealedPurpose::MasterKey;
    blob.storageHandle = 0x81000001;
    blob.storageName = patterned(34, 0x00); // nameAlg (2) + SHA-256
    blob.storageName[0] = 0x00;
    blob.storageName[1] = 0x0b;
    blob.pcrs = {pcr(7), pcr(15)};
    blob.publicArea = patterned(90, 0x40);
    blob.privateArea = patterned(130, 0x80);
    return blob;
}

bool sameBlob(const SealedBlob& a, const SealedBlob& b)
{
    return a.purpose == b.purpose && a.storageHandle == b.storageHandle && a.storageName == b.storageName &&
           a.pcrs == b.pcrs && a.publicArea == b.publicArea && a.privateArea == b.privateArea;
}

void putU16(Bytes& out, std::size_t value)
{
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

// The file layout from sealed_blob.h, every field free to be wrong.
struct RawBlob {
    std::string magic = "MAMORISB";
    std::uint8_t version = 1;
    std::uint8_t purpose = 1;
    std::uint32_t handle = 0x81000001;
    Bytes name = patterned(34, 0x00);
    std::uint8_t pcrCount = 2; // written as is, whatever `pcrIndexes` holds
    std::vector<std::uint8_t> pcrIndexes{7, 15};
    Bytes publicArea = patterned(90, 0x40);
    Bytes privateArea = patterned(130, 0x80);
    Bytes trailing; // after the private area, inside the checksum

    static RawBlob of(const SealedBlob& blob)
    {
        RawBlob raw;
        raw.purpose = static_cast<std::uint8_t>(blob.purpose);
        raw.handle = blob.storageHandle;
        raw.name = blob.storageName;
        raw.pcrCount = static_cast<std::uint8_t>(blob.pcrs.size());
        raw.pcrIndexes.clear();
        for (const PcrValue& value : blob.pcrs)
            raw.pcrIndexes.push_back(value.index);
        raw.publicArea = blob.publicArea;
        raw.privateArea = blob.privateArea;
        return raw;
    }

    Bytes body() const
    {
        Bytes out(magic.begin(), magic.end());
        out.push_back(version);
        out.push_back(purpose);
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(static_cast<std::uint8_t>(handle >> shift));
        putU16(out, name.size());
        out.insert(out.end(), name.begin(), name.end());
        out.push_back(pcrCount);
        for (const std::uint8_t index : pcrIndexes) {
            const PcrValue value = pcr(index);
            out.push_back(index);
            out.insert(out.end(), value.sha256.begin(), value.sha256.end());
        }
        putU16(out, publicArea.size());
        out.insert(out.end(), publicArea.begin(), publicArea.end());
        putU16(out, privateArea.size());
        out.insert(out.end(), privateArea.begin(), privateArea.end());
        out.insert(out.end(), trailing.begin(), trailing.end());
        return out;
    }
};

// `body` followed by BLAKE2b-256 of it: a file whose checksum is right whatever the body says.
Bytes withChecksum(Bytes body)
{
    std::array<std::uint8_t, kChecksumBytes> digest{};
    crypto_generichash(digest.data(), digest.size(), body.data(), body.size(), nullptr, 0);
    body.insert(body.end(), digest.begin(), digest.end());
    return body;
}

QByteArray toQByteArray(const Bytes& bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

Bytes fromQByteArray(const QByteArray& bytes)
{
    return Bytes(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                 reinterpret_cast<const std::uint8_t*>(bytes.constData()) + bytes.size());
}

QString describe(const Result<SealedBlob>& result)
{
    return result.ok() ? QStringLiteral("accepted") : QString::fromStdString(result.error().describe());
}

} // namespace

class TestSealedBlob : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void layout();
    void everyByteFlipRefused();
    void everyTruncationRefused();
    void everyBodyTruncationWithChecksumRefused();
    void structureRefused_data();
    void structureRefused();
    void boundariesAccepted_data();
    void boundariesAccepted();
};

void TestSealedBlob::initTestCase() { QVERIFY(sodium_init() >= 0); }

void TestSealedBlob::roundTrip_data()
{
    QTest::addColumn<int>("purpose");
    QTest::addColumn<QByteArray>("pcrIndexes");
    QTest::newRow("master key, PCRs 7 and 15") << 1 << QByteArray("\x07\x0f", 2);
    QTest::newRow("signing seed, PCRs 7 and 15") << 2 << QByteArray("\x07\x0f", 2);
    QTest::newRow("one PCR, index 0") << 1 << QByteArray("\x00", 1);
    QTest::newRow("PCR 23, the last") << 2 << QByteArray("\x00\x17", 2);
}

void TestSealedBlob::roundTrip()
{
    QFETCH(int, purpose);
    QFETCH(QByteArray, pcrIndexes);
    SealedBlob blob = sampleBlob();
    blob.purpose = static_cast<SealedPurpose>(purpose);
    blob.pcrs.clear();
    for (const char index : pcrIndexes)
        blob.pcrs.push_back(pcr(static_cast<std::uint8_t>(index)));

    const Bytes encoded = encodeSealedBlob(blob);
    const auto decoded = decodeSealedBlob(encoded);
    QVERIFY2(decoded.ok(), qPrintable(describe(decoded)));
    QVERIFY(sameBlob(decoded.value(), blob));
    QVERIFY(encodeSealedBlob(decoded.value()) == encoded);
}

void TestSealedBlob::layout()
{
    // encodeSealedBlob writes exactly the layout documented in sealed_blob.h.
    const SealedBlob blob = sampleBlob();
    const Bytes encoded = encodeSealedBlob(blob);
    const Bytes expected = withChecksum(RawBlob::of(blob).body());
    QCOMPARE(encoded.size(), std::size_t(8 + 1 + 1 + 4 + 2 + 34 + 1 + 2 * 33 + 2 + 90 + 2 + 130 + 32));
    QVERIFY(encoded == expected);
    QCOMPARE(toQByteArray(encoded).left(8), QByteArray("MAMORISB"));
}

void TestSealedBlob::everyByteFlipRefused()
{
    const Bytes encoded = encodeSealedBlob(sampleBlob());
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        for (unsigned mask = 1; mask <= 0xff; ++mask) {
            Bytes flipped = encoded;
            flipped[i] ^= static_cast<std::uint8_t>(mask);
            const auto result = decodeSealedBlob(flipped);
            if (result.ok() || result.code() != ErrorCode::TpmSealedDataInvalid)
                QFAIL(qPrintable(QStringLiteral("byte %1 mask 0x%2: %3")
                                     .arg(i)
                                     .arg(mask, 2, 16, QLatin1Char('0'))
                                     .arg(describe(result))));
        }
    }
}

void TestSealedBlob::everyTruncationRefused()
{
    const Bytes encoded = encodeSealedBlob(sampleBlob());
    for (std::size_t size = 0; size < encoded.size(); ++size) {
        const auto result = decodeSealedBlob(std::span<const std::uint8_t>(encoded.data(), size));
        if (result.ok() || result.code() != ErrorCode::TpmSealedDataInvalid)
            QFAIL(qPrintable(QStringLiteral("truncated to %1: %2").arg(size).arg(describe(result))));
    }
}

void TestSealedBlob::everyBodyTruncationWithChecksumRefused()
{
    // Cut the body anywhere and give it a correct checksum: the structure alone must refuse it.
    const Bytes body = RawBlob::of(sampleBlob()).body();
    for (std::size_t size = 0; size < body.size(); ++size) {
        const Bytes cut = withChecksum(Bytes(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(size)));
        const auto result = decodeSealedBlob(cut);
        if (result.ok() || result.code() != ErrorCode::TpmSealedDataInvalid)
            QFAIL(qPrintable(QStringLiteral("body cut to %1: %2").arg(size).arg(describe(result))));
        if (size >= 10 && result.error().context().find("checksum") != std::string::npos)
            QFAIL(qPrintable(QStringLiteral("body cut to %1 failed on the checksum").arg(size)));
    }
}

void TestSealedBlob::structureRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("contextPart");
    const auto row = [](const char* name, const RawBlob& raw, const char* contextPart) {
        QTest::newRow(name) << toQByteArray(withChecksum(raw.body())) << QString::fromLatin1(contextPart);
    };
    RawBlob raw;

    raw = {};
    raw.magic = "MAMORISX";
    row("wrong magic", raw, "not a Mamori sealed blob");
    raw = {};
    raw.magic = "MAMORIRK";
    row("a recovery file's magic", raw, "not a Mamori sealed blob");
    raw = {};
    raw.version = 0;
    row("version 0", raw, "unsupported version");
    raw = {};
    raw.version = 2;
    row("version 2", raw, "unsupported version");
    raw = {};
    raw.version = 0xff;
    row("version 255", raw, "unsupported version");
    raw = {};
    raw.purpose = 0;
    row("purpose 0", raw, "unknown purpose");
    raw = {};
    raw.purpose = 3;
    row("purpose 3", raw, "unknown purpose");
    raw = {};
    raw.purpose = 0xff;
    row("purpose 255", raw, "unknown purpose");
    raw = {};
    raw.pcrCount = 0;
    raw.pcrIndexes.clear();
    row("PCR count 0", raw, "bad PCR count");
    raw = {};
    raw.pcrCount = 25;
    raw.pcrIndexes.clear();
    for (std::uint8_t i = 0; i < 25; ++i)
        raw.pcrIndexes.push_back(i);
    row("PCR count 25", raw, "bad PCR count");
    raw = {};
    raw.pcrCount = 0xff;
    row("PCR count 255", raw, "bad PCR");
    raw = {};
    raw.pcrCount = 1;
    raw.pcrIndexes = {24};
    row("PCR index 24", raw, "bad PCR entry");
    raw = {};
    raw.pcrIndexes = {15, 7};
    row("PCRs descending", raw, "PCRs not ascending");
    raw = {};
    raw.pcrIndexes = {7, 7};
    row("PCR twice", raw, "PCRs not ascending");
    raw = {};
    raw.pcrCount = 3;
    raw.pcrIndexes = {0, 7, 3};
    row("third PCR out of order", raw, "PCRs not ascending");
    raw = {};
    raw.name.clear();
    row("empty storage name", raw, "truncated storage key");
    raw = {};
    raw.name = patterned(4097, 0x11);
    row("storage name of 4097 bytes", raw, "truncated storage key");
    raw = {};
    raw.publicArea.clear();
    row("empty public area", raw, "truncated object");
    raw = {};
    raw.privateArea.clear();
    row("empty private area", raw, "truncated object");
    raw = {};
    raw.publicArea = patterned(4097, 0x22);
    row("public area of 4097 bytes", raw, "truncated object");
    raw = {};
    raw.privateArea = patterned(4097, 0x33);
    row("private area of 4097 bytes", raw, "truncated object");
    raw = {};
    raw.pcrCount = 1;
    row("PCR count 1 with two entries", raw, ""); // the second entry is misread as a length
    raw = {};
    raw.trailing = {0x00};
    row("one trailing byte", raw, "trailing bytes");
    raw = {};
    raw.trailing = patterned(33, 0x44);
    row("33 trailing bytes", raw, "trailing bytes");
    raw = {};
    raw.trailing = withChecksum(RawBlob{}.body()); // two files concatenated
    row("a second blob after the first", raw, "trailing bytes");
}

void TestSealedBlob::structureRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, contextPart);
    const auto result = decodeSealedBlob(fromQByteArray(bytes));
    QVERIFY2(!result.ok(), "accepted");
    QCOMPARE(result.code(), ErrorCode::TpmSealedDataInvalid);
    const QString context = QString::fromStdString(result.error().context());
    QVERIFY2(!context.contains(QLatin1String("checksum")), qPrintable(context));
    QVERIFY2(context.contains(contextPart), qPrintable(context));
}

void TestSealedBlob::boundariesAccepted_data()
{
    // The limits themselves are accepted, so the refusals above are the checks and not something else.
    QTest::addColumn<QByteArray>("bytes");
    const auto row = [](const char* name, const RawBlob& raw) {
        QTest::newRow(name) << toQByteArray(withChecksum(raw.body()));
    };
    RawBlob raw;
    raw.pcrCount = 24;
    raw.pcrIndexes.clear();
    for (std::uint8_t i = 0; i < 24; ++i)
        raw.pcrIndexes.push_back(i);
    row("all 24 PCRs", raw);
    raw = {};
    raw.name = {0x5a};
    raw.publicArea = {0x01};
    raw.privateArea = {0x02};
    row("one-byte fields", raw);
    raw = {};
    raw.name = patterned(4096, 0x11);
    raw.publicArea = patterned(4096, 0x22);
    raw.privateArea = patterned(4096, 0x33);
    row("4096-byte fields", raw);
    raw = {};
    raw.purpose = 2;
    raw.handle = 0xffffffff;
    row("signing seed, handle 0xffffffff", raw);
}

void TestSealedBlob::boundariesAccepted()
{
    QFETCH(QByteArray, bytes);
    const Bytes encoded = fromQByteArray(bytes);
    const auto result = decodeSealedBlob(encoded);
    QVERIFY2(result.ok(), qPrintable(describe(result)));
    QVERIFY(encodeSealedBlob(result.value()) == encoded);
}

QTEST_GUILESS_MAIN(TestSealedBlob)
#include "tst_sealed_blob.moc"
