// SPDX-License-Identifier: GPL-3.0-or-later
// The key hierarchy and field encryption: derivation is deterministic and separated by purpose,
// ciphertexts open only under their own subject, field and schema version, tampering is caught,
// and the blind index is keyed, deterministic and distinct per number.

#include "services/vault/vault_crypto.h"

#include <QTest>

#include <sodium.h>

using namespace mamori;
using namespace mamori::vault;

namespace {
SecretBuffer fixedMaster(std::uint8_t fill)
{
    std::array<std::uint8_t, 32> bytes{};
    bytes.fill(fill);
    return SecretBuffer::copyOf(bytes).value();
}
std::vector<std::uint8_t> bytesOf(const SecretBuffer& b) { return {b.data(), b.data() + b.size()}; }
} // namespace

class TestVaultCrypto : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(initSodium().ok()); }
    void derivationIsDeterministicAndSeparated();
    void derivationKnownAnswer();
    void wrapRoundTrip();
    void wrapBoundToSubject();
    void fieldRoundTrip_data();
    void fieldRoundTrip();
    void fieldBoundToContext_data();
    void fieldBoundToContext();
    void tamperDetected();
    void malformedCiphertexts_data();
    void malformedCiphertexts();
    void oversizedFieldRefused();
    void blindIndex();
    void subjectIdHex();
    void nameSearch();
};

void TestVaultCrypto::derivationIsDeterministicAndSeparated()
{
    const auto a = VaultKeys::derive(fixedMaster(1)).value();
    const auto b = VaultKeys::derive(fixedMaster(1)).value();
    const auto c = VaultKeys::derive(fixedMaster(2)).value();
    QVERIFY(a.keyEncryptionKey().equals(b.keyEncryptionKey()));
    QVERIFY(a.blindIndexKey().equals(b.blindIndexKey()));
    QVERIFY(!a.keyEncryptionKey().equals(c.keyEncryptionKey()));
    QVERIFY(!a.keyEncryptionKey().equals(a.blindIndexKey()));
    QVERIFY(!a.blindIndexKey().equals(a.nameSearchKey()));
    QVERIFY(!a.nameSearchKey().equals(a.backupKey()));
    QCOMPARE(VaultKeys::derive(SecretBuffer::create(16).value()).code(), ErrorCode::InvalidArgument);
}

void TestVaultCrypto::derivationKnownAnswer()
{
    // crypto_kdf is BLAKE2b keyed with the master, salt = subkey id, personal = context: check the
    // KEK against a direct libsodium computation so that a change of context or id is noticed.
    const SecretBuffer master = fixedMaster(7);
    std::array<std::uint8_t, 32> expected{};
    const char context[8] = {'m', 'a', 'm', 'o', 'r', 'i', 'v', 'k'};
    QCOMPARE(crypto_kdf_derive_from_key(expected.data(), expected.size(), 1, context, master.data()), 0);
    const auto keys = VaultKeys::derive(master).value();
    QVERIFY(bytesOf(keys.keyEncryptionKey()) == std::vector<std::uint8_t>(expected.begin(), expected.end()));
}

void TestVaultCrypto::wrapRoundTrip()
{
    const auto keys = VaultKeys::derive(fixedMaster(3)).value();
    const SubjectId subject = SubjectId::random();
    const SecretBuffer dataKey = newDataKey().value();
    const auto wrapped = wrapDataKey(keys.keyEncryptionKey(), subject, dataKey).value();
    QCOMPARE(wrapped.size(), std::size_t(1 + 24 + 32 + 16));
    const auto unwrapped = unwrapDataKey(keys.keyEncryptionKey(), subject, wrapped);
    QVERIFY(unwrapped.ok());
    QVERIFY(unwrapped.value().equals(dataKey));
    // Wrapping twice gives different ciphertexts (random nonce).
    QVERIFY(wrapDataKey(keys.keyEncryptionKey(), subject, dataKey).value() != wrapped);
}

void TestVaultCrypto::wrapBoundToSubject()
{
    const auto keys = VaultKeys::derive(fixedMaster(3)).value();
    const auto other = VaultKeys::derive(fixedMaster(4)).value();
    const SubjectId subject = SubjectId::random();
    const auto wrapped = wrapDataKey(keys.keyEncryptionKey(), subject, newDataKey().value()).value();
    QCOMPARE(unwrapDataKey(keys.keyEncryptionKey(), SubjectId::random(), wrapped).code(), ErrorCode::StorageCorrupt);
    QCOMPARE(unwrapDataKey(other.keyEncryptionKey(), subject, wrapped).code(), ErrorCode::StorageCorrupt);
}

void TestVaultCrypto::fieldRoundTrip_data()
{
    QTest::addColumn<QString>("plaintext");
    QTest::newRow("empty") << "";
    QTest::newRow("kanji name") << "山田 太郎";
    QTest::newRow("kana") << "ヤマダ タロウ";
    QTest::newRow("address") << "東京都千代田区霞が関1-2-3";
    QTest::newRow("long") << QString(4000, QChar(0x3042));
}

void TestVaultCrypto::fieldRoundTrip()
{
    QFETCH(QString, plaintext);
    const std::string text = plaintext.toStdString();
    const SecretBuffer dataKey = newDataKey().value();
    const SubjectId subject = SubjectId::random();
    const auto sealed = encryptField(dataKey, subject, "name", 1, text).value();
    QCOMPARE(sealed.size(), text.size() + 41);
    const auto opened = decryptField(dataKey, subject, "name", 1, sealed);
    QVERIFY(opened.ok());
    QVERIFY(opened.value().view() == text);
}

void TestVaultCrypto::fieldBoundToContext_data()
{
    QTest::addColumn<bool>("otherSubject");
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("schema");
    QTest::newRow("same context opens") << false << "name" << 1;
    QTest::newRow("moved to another row") << true << "name" << 1;
    QTest::newRow("moved to another column") << false << "address" << 1;
    QTest::newRow("field name prefix") << false << "nam" << 1;
    QTest::newRow("other schema version") << false << "name" << 2;
}

void TestVaultCrypto::fieldBoundToContext()
{
    QFETCH(bool, otherSubject);
    QFETCH(QString, field);
    QFETCH(int, schema);
    const SecretBuffer dataKey = newDataKey().value();
    const SubjectId subject = SubjectId::random();
    const auto sealed = encryptField(dataKey, subject, "name", 1, std::string_view("佐藤 花子")).value();
    const SubjectId target = otherSubject ? SubjectId::random() : subject;
    const auto opened = decryptField(dataKey, target, field.toStdString(), std::uint32_t(schema), sealed);
    const bool sameContext = !otherSubject && field == "name" && schema == 1;
    QCOMPARE(opened.ok(), sameContext);
    if (!sameContext)
        QCOMPARE(opened.code(), ErrorCode::StorageCorrupt);
}

void TestVaultCrypto::tamperDetected()
{
    const SecretBuffer dataKey = newDataKey().value();
    const SubjectId subject = SubjectId::random();
    const auto sealed = encryptField(dataKey, subject, "name", 1, std::string_view("鈴木")).value();
    for (std::size_t i = 0; i < sealed.size(); ++i) {
        auto copy = sealed;
        copy[i] ^= 0x01;
        QVERIFY2(!decryptField(dataKey, subject, "name", 1, copy).ok(), qPrintable(QString::number(i)));
    }
}

void TestVaultCrypto::malformedCiphertexts_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("version only") << QByteArray(1, '\x01');
    QTest::newRow("shorter than nonce and tag") << QByteArray(40, '\x01');
    QTest::newRow("unknown version") << QByteArray(60, '\x02');
}

void TestVaultCrypto::malformedCiphertexts()
{
    QFETCH(QByteArray, bytes);
    const SecretBuffer dataKey = newDataKey().value();
    const std::span<const std::uint8_t> span(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                                             std::size_t(bytes.size()));
    QCOMPARE(decryptField(dataKey, SubjectId::random(), "name", 1, span).code(), ErrorCode::StorageCorrupt);
    QCOMPARE(unwrapDataKey(dataKey, SubjectId::random(), span).code(), ErrorCode::StorageCorrupt);
}

void TestVaultCrypto::oversizedFieldRefused()
{
    const SecretBuffer dataKey = newDataKey().value();
    const std::string huge(64 * 1024 + 1, 'x');
    QCOMPARE(encryptField(dataKey, SubjectId::random(), "address", 1, huge).code(), ErrorCode::TooLarge);
}

void TestVaultCrypto::blindIndex()
{
    const auto keys = VaultKeys::derive(fixedMaster(5)).value();
    const auto other = VaultKeys::derive(fixedMaster(6)).value();
    const auto a = parseIndividualNumber("123456789018").value();
    const auto aTyped = parseIndividualNumber("１２３４－５６７８－９０１８").value();
    const auto b = parseIndividualNumber("111111111118").value();
    const auto corp = parseCorporateNumber("7000012050002").value();
    QVERIFY(vault::blindIndex(keys.blindIndexKey(), a) == vault::blindIndex(keys.blindIndexKey(), aTyped));
    QVERIFY(vault::blindIndex(keys.blindIndexKey(), a) != vault::blindIndex(keys.blindIndexKey(), b));
    QVERIFY(vault::blindIndex(keys.blindIndexKey(), a) != vault::blindIndex(other.blindIndexKey(), a));
    QVERIFY(vault::blindIndex(keys.blindIndexKey(), a) != vault::blindIndex(keys.blindIndexKey(), corp));
    // Not an unkeyed hash of the digits.
    std::array<std::uint8_t, 32> plain{};
    crypto_generichash(plain.data(), plain.size(), reinterpret_cast<const std::uint8_t*>("123456789018"), 12, nullptr,
                       0);
    const auto index = vault::blindIndex(keys.blindIndexKey(), a);
    QVERIFY(!std::equal(index.begin(), index.end(), plain.begin()));
}

void TestVaultCrypto::subjectIdHex()
{
    const SubjectId id = SubjectId::random();
    const std::string hex = id.hex();
    QCOMPARE(hex.size(), std::size_t(32));
    QVERIFY(SubjectId::fromHex(hex).value() == id);
    QCOMPARE(SubjectId::fromHex("zz").code(), ErrorCode::InvalidArgument);
    QCOMPARE(SubjectId::fromHex(std::string(32, 'g')).code(), ErrorCode::InvalidArgument);
    QCOMPARE(SubjectId::fromHex(hex + "00").code(), ErrorCode::InvalidArgument);
    QVERIFY(SubjectId::random() != id);
}

void TestVaultCrypto::nameSearch()
{
    const auto keys = VaultKeys::derive(fixedMaster(8)).value();
    QCOMPARE(normaliseKana("やまだ たろう"), std::string("ヤマダタロウ"));
    QCOMPARE(normaliseKana("ヤマダ　タロウ"), std::string("ヤマダタロウ"));
    const auto terms = nameSearchTerms(keys.nameSearchKey(), "やまだ たろう");
    QCOMPARE(terms.size(), kMaxSearchPrefix);
    // A hiragana query finds the katakana reading's prefix terms, up to kMaxSearchPrefix characters.
    QVERIFY(nameSearchTerm(keys.nameSearchKey(), "ヤ").value() == terms[0]);
    QVERIFY(nameSearchTerm(keys.nameSearchKey(), "やまだ").value() == terms[2]);
    QVERIFY(nameSearchTerm(keys.nameSearchKey(), "ヤマダタロウ").value() == terms[3]);
    QVERIFY(nameSearchTerm(keys.nameSearchKey(), "サ").value() != terms[0]);
    QCOMPARE(nameSearchTerms(keys.nameSearchKey(), "ア").size(), std::size_t(1));
    QCOMPARE(nameSearchTerm(keys.nameSearchKey(), "  ").code(), ErrorCode::InvalidArgument);
}

QTEST_GUILESS_MAIN(TestVaultCrypto)
#include "tst_vault_crypto.moc"
