// SPDX-License-Identifier: GPL-3.0-or-later
// Pure unit tests of mamori::smartcard: the CK_RV mapping, PIN flags, PIN format, profile choice.
#include "smartcard/jpki_profile.h"
#include "smartcard/pin_state.h"
#include "smartcard/pkcs11_error.h"

#include <QtTest>

#include <p11-kit/pkcs11.h>

#include <cstring>

using namespace mamori;
using namespace mamori::smartcard;

Q_DECLARE_METATYPE(mamori::ErrorCode)

namespace {
SecretBuffer pinOf(const char* text)
{
    return SecretBuffer::copyOf({reinterpret_cast<const std::uint8_t*>(text), std::strlen(text)}).value();
}

CardCertificate certificate(std::vector<std::uint8_t> id, std::string label, KeyType type, int bits, bool authority,
                            bool hasPublicKey)
{
    CardCertificate c;
    c.id = std::move(id);
    c.label = std::move(label);
    c.keyType = type;
    c.keyBits = bits;
    c.authority = authority;
    c.hasPublicKey = hasPublicKey;
    return c;
}
} // namespace

class TestSmartcardUnit : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(initSodium().ok()); }

    void errorMapping_data()
    {
        QTest::addColumn<qulonglong>("rv");
        QTest::addColumn<mamori::ErrorCode>("code");
        QTest::addColumn<QString>("context");
        QTest::newRow("pin incorrect") << qulonglong(CKR_PIN_INCORRECT) << ErrorCode::PinIncorrect
                                       << "C_Login: CKR_PIN_INCORRECT (0xa0)";
        QTest::newRow("pin locked") << qulonglong(CKR_PIN_LOCKED) << ErrorCode::PinLocked
                                    << "C_Login: CKR_PIN_LOCKED (0xa4)";
        QTest::newRow("token not present")
            << qulonglong(CKR_TOKEN_NOT_PRESENT) << ErrorCode::CardAbsent << "C_Login: CKR_TOKEN_NOT_PRESENT (0xe0)";
        QTest::newRow("device removed") << qulonglong(CKR_DEVICE_REMOVED) << ErrorCode::CardAbsent
                                        << "C_Login: CKR_DEVICE_REMOVED (0x32)";
        QTest::newRow("session handle invalid") << qulonglong(CKR_SESSION_HANDLE_INVALID) << ErrorCode::CardAbsent
                                                << "C_Login: CKR_SESSION_HANDLE_INVALID (0xb3)";
        QTest::newRow("session closed") << qulonglong(CKR_SESSION_CLOSED) << ErrorCode::CardAbsent
                                        << "C_Login: CKR_SESSION_CLOSED (0xb0)";
        QTest::newRow("token not recognized") << qulonglong(CKR_TOKEN_NOT_RECOGNIZED) << ErrorCode::CardAbsent
                                              << "C_Login: CKR_TOKEN_NOT_RECOGNIZED (0xe1)";
        QTest::newRow("pin length") << qulonglong(CKR_PIN_LEN_RANGE) << ErrorCode::InvalidArgument
                                    << "C_Login: CKR_PIN_LEN_RANGE (0xa2)";
        QTest::newRow("general error") << qulonglong(CKR_GENERAL_ERROR) << ErrorCode::Unavailable
                                       << "C_Login: CKR_GENERAL_ERROR (0x5)";
        QTest::newRow("vendor code") << qulonglong(0x80000001UL) << ErrorCode::Unavailable
                                     << "C_Login: CKR_? (0x80000001)";
    }
    void errorMapping()
    {
        QFETCH(qulonglong, rv);
        QFETCH(mamori::ErrorCode, code);
        QFETCH(QString, context);
        const Error error = pkcs11Error("C_Login", static_cast<unsigned long>(rv));
        QCOMPARE(error.code(), code);
        QCOMPARE(QString::fromStdString(error.context()), context);
        QVERIFY(checkCkr("C_Login", CKR_OK).ok());
    }

    void pinStateFlags_data()
    {
        QTest::addColumn<qulonglong>("flags");
        QTest::addColumn<int>("status");
        QTest::newRow("none") << qulonglong(CKF_USER_PIN_INITIALIZED) << int(PinStatus::Ok);
        QTest::newRow("count low") << qulonglong(CKF_USER_PIN_COUNT_LOW) << int(PinStatus::CountLow);
        QTest::newRow("final try") << qulonglong(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY)
                                   << int(PinStatus::FinalTry);
        QTest::newRow("locked") << qulonglong(CKF_USER_PIN_LOCKED | CKF_USER_PIN_FINAL_TRY) << int(PinStatus::Locked);
    }
    void pinStateFlags()
    {
        QFETCH(qulonglong, flags);
        QFETCH(int, status);
        const PinState state = pinStateFromTokenFlags(static_cast<unsigned long>(flags));
        QCOMPARE(int(state.status()), status);
        QVERIFY(pinStateFromTokenFlags(CKF_USER_PIN_TO_BE_CHANGED).toBeChanged);
        QVERIFY(pinStateFromTokenFlags(CKF_USER_PIN_INITIALIZED).initialized);
    }

    void pinFormat_data()
    {
        QTest::addColumn<bool>("jpki");
        QTest::addColumn<QString>("pin");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("jpki 4 digits") << true << "1234" << true;
        QTest::newRow("jpki 3 digits") << true << "123" << false;
        QTest::newRow("jpki 5 digits") << true << "12345" << false;
        QTest::newRow("jpki letter") << true << "12a4" << false;
        QTest::newRow("jpki full-width digits") << true << "１２３４" << false;
        QTest::newRow("jpki empty") << true << "" << false;
        QTest::newRow("generic 4..8 ok") << false << "abcd12" << true;
        QTest::newRow("generic too short") << false << "abc" << false;
        QTest::newRow("generic too long") << false << "123456789" << false;
    }
    void pinFormat()
    {
        QFETCH(bool, jpki);
        QFETCH(QString, pin);
        QFETCH(bool, accepted);
        TokenInfo token;
        token.label = jpki ? "JPKI (User Authentication PIN)" : "Company card";
        token.minPinLength = 4;
        token.maxPinLength = 8;
        const CardProfile profile = profileFor(token);
        QCOMPARE(profile.kind == CardProfileKind::Jpki, jpki);
        const QByteArray utf8 = pin.toUtf8();
        SecretBuffer secret;
        if (!utf8.isEmpty())
            secret = pinOf(utf8.constData());
        const Status status = checkPinFormat(profile, secret);
        QCOMPARE(status.ok(), accepted);
        if (!accepted) {
            QCOMPARE(status.code(), ErrorCode::InvalidArgument);
            QVERIFY(!QString::fromStdString(status.error().context()).contains(pin.isEmpty() ? "\x01" : pin));
        }
    }

    void jpkiDetection()
    {
        TokenInfo token;
        token.label = "JPKI";
        QVERIFY(isJpkiToken(token));
        token.label = "Something";
        token.manufacturer = "JPKI";
        QVERIFY(isJpkiToken(token));
        token.manufacturer = "OpenSC Project";
        QVERIFY(!isJpkiToken(token));
        token.label = "PIV_II";
        QVERIFY(!isJpkiToken(token));
        TokenInfo jpki;
        jpki.label = "JPKI";
        QCOMPARE(profileFor(jpki).maxPinTries, 3);
    }

    void jpkiSelectsUserAuthenticationCertificate()
    {
        TokenInfo token;
        token.label = "JPKI";
        const CardProfile profile = profileFor(token);
        const std::vector<CardCertificate> certificates{
            certificate({0x02}, kJpkiSignatureCertificateLabel, KeyType::Rsa, 2048, false, false),
            certificate({0x03}, "User Authentication Certificate CA", KeyType::Rsa, 2048, true, false),
            certificate({0x01}, kJpkiAuthCertificateLabel, KeyType::Rsa, 2048, false, false),
        };
        auto chosen = selectLoginCertificate(profile, certificates);
        QVERIFY(chosen.ok());
        QCOMPARE(chosen.value().id, std::vector<std::uint8_t>{0x01});
        // Without it (e.g. a card read with only the signature certificate) nothing is chosen.
        auto none = selectLoginCertificate(profile, {certificates[0], certificates[1]});
        QCOMPARE(none.code(), ErrorCode::NotFound);
    }

    void genericSelection()
    {
        const CardProfile profile; // generic
        const std::vector<CardCertificate> certificates{
            certificate({0x09}, "CA", KeyType::Rsa, 4096, true, true),
            certificate({0x05}, "weak", KeyType::Rsa, 1024, false, true),
            certificate({0x04}, "no public key object", KeyType::EcP256, 256, false, false),
            certificate({0x07}, "signing", KeyType::EcP256, 256, false, true),
            certificate({0x06}, "signing too", KeyType::Rsa, 2048, false, true),
        };
        auto chosen = selectLoginCertificate(profile, certificates);
        QVERIFY(chosen.ok());
        QCOMPARE(chosen.value().id, std::vector<std::uint8_t>{0x06}); // paired, lowest id
        QCOMPARE(selectLoginCertificate(profile, {certificates[0], certificates[1]}).code(), ErrorCode::NotFound);
    }

    void schemes()
    {
        const CardProfile generic;
        TokenInfo token;
        token.label = "JPKI";
        const CardProfile jpki = profileFor(token);
        QCOMPARE(resolveScheme(generic, KeyType::Rsa, SignScheme::Auto).value(), SignScheme::RsaPkcs1Sha256);
        QCOMPARE(resolveScheme(generic, KeyType::Rsa, SignScheme::RsaPssSha256).value(), SignScheme::RsaPssSha256);
        QCOMPARE(resolveScheme(generic, KeyType::EcP256, SignScheme::Auto).value(), SignScheme::EcdsaP256Sha256);
        QCOMPARE(resolveScheme(generic, KeyType::EcP256, SignScheme::RsaPssSha256).code(), ErrorCode::InvalidArgument);
        QCOMPARE(resolveScheme(generic, KeyType::Rsa, SignScheme::EcdsaP256Sha256).code(), ErrorCode::InvalidArgument);
        QCOMPARE(resolveScheme(generic, KeyType::Unsupported, SignScheme::Auto).code(), ErrorCode::InvalidArgument);
        QCOMPARE(resolveScheme(jpki, KeyType::Rsa, SignScheme::RsaPssSha256).code(), ErrorCode::InvalidArgument);
        QCOMPARE(resolveScheme(jpki, KeyType::Rsa, SignScheme::Auto).value(), SignScheme::RsaPkcs1Sha256);
    }
};

QTEST_GUILESS_MAIN(TestSmartcardUnit)
#include "tst_smartcard_unit.moc"
