// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/common/error.h"

#include <QTest>

using namespace mamori;

class TestErrorCatalog : public QObject {
    Q_OBJECT

private slots:
    void everyNamedCodeHasTextInBothLanguages();
    void japaneseIsJapanese();
    void unknownCodeFallsBackToInternal();
};

void TestErrorCatalog::everyNamedCodeHasTextInBothLanguages()
{
    int named = 0;
    for (int value = 0; value <= 0xffff; ++value) {
        const auto code = static_cast<ErrorCode>(value);
        if (errorName(code) == "Unknown")
            continue;
        ++named;
        QVERIFY2(hasErrorText(code), qPrintable(QString::number(value)));
        for (Language language : {Language::Japanese, Language::English}) {
            QVERIFY(!errorMessage(code, language).empty());
            QVERIFY(!errorAction(code, language).empty());
        }
    }
    QVERIFY(named >= 20);
}

void TestErrorCatalog::japaneseIsJapanese()
{
    // Japanese texts contain non-ASCII; English ones are plain ASCII.
    for (ErrorCode code : {ErrorCode::PinLocked, ErrorCode::IndividualNumberCheckDigit, ErrorCode::StorageFull}) {
        const auto ja = errorMessage(code, Language::Japanese);
        const auto en = errorMessage(code, Language::English);
        QVERIFY(std::any_of(ja.begin(), ja.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
        QVERIFY(std::none_of(en.begin(), en.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
    }
    QCOMPARE(QString::fromUtf8(errorMessage(ErrorCode::IndividualNumberLength, Language::Japanese)),
             QStringLiteral("個人番号は12桁です。"));
}

void TestErrorCatalog::unknownCodeFallsBackToInternal()
{
    const auto unknown = static_cast<ErrorCode>(9999);
    QCOMPARE(errorName(unknown), std::string_view("Unknown"));
    QCOMPARE(errorMessage(unknown, Language::English), errorMessage(ErrorCode::Internal, Language::English));
    QCOMPARE(Error(unknown).describe(), std::string("E9999 Unknown"));
}

QTEST_GUILESS_MAIN(TestErrorCatalog)
#include "tst_error_catalog.moc"
