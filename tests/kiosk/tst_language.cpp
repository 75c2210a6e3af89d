// SPDX-License-Identifier: GPL-3.0-or-later
// The kiosk's languages: Japanese first, both catalogues compiled in, switching at runtime, and
// refusal of anything else. Needs no GUI (QCoreApplication only).
#include "kiosk/ui/translations.h"
#include "kiosk/ui/ui_language.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace mamori;
using namespace mamori::ui;

namespace {

QString standbyText(const char* source) { return QCoreApplication::translate("StandbyScreen", source); }

} // namespace

class TestLanguage : public QObject {
    Q_OBJECT

private slots:
    // Runs first, while no language has been applied in this process.
    void uiLanguageDefaultsToJapanese();
    void supportedLanguagesPutJapaneseFirst();
    void nativeNames();
    void applyLanguage_data();
    void applyLanguage();
    void unsupportedLanguageChangesNothing_data();
    void unsupportedLanguageChangesNothing();
    void uiLanguageToggles();
    void uiLanguageRefusesUnsupported();
    void cleanup();
};

void TestLanguage::uiLanguageDefaultsToJapanese()
{
    QVERIFY(currentLanguage().isEmpty());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); // the "system" locale
    const UiLanguage language(nullptr);
    QCOMPARE(language.code(), QStringLiteral("ja"));
    QCOMPARE(currentLanguage(), QStringLiteral("ja"));
    QCOMPARE(language.localeName(), QStringLiteral("ja_JP"));
    QCOMPARE(QLocale().name(), QStringLiteral("ja_JP"));
    QCOMPARE(standbyText("Insert your IC card"), QStringLiteral("ICカードを挿入してください"));
}

void TestLanguage::supportedLanguagesPutJapaneseFirst()
{
    QCOMPARE(supportedLanguages(), QStringList({QStringLiteral("ja"), QStringLiteral("en")}));
    QCOMPARE(defaultLanguage(), QStringLiteral("ja"));
    QVERIFY(isSupportedLanguage(QStringLiteral("ja")));
    QVERIFY(isSupportedLanguage(QStringLiteral("en")));
    QVERIFY(!isSupportedLanguage(QStringLiteral("ja_JP")));
    QVERIFY(!isSupportedLanguage(QString()));
}

void TestLanguage::nativeNames()
{
    QCOMPARE(nativeLanguageName(QStringLiteral("ja")), QStringLiteral("日本語"));
    QCOMPARE(nativeLanguageName(QStringLiteral("en")), QStringLiteral("English"));
    QVERIFY(nativeLanguageName(QStringLiteral("fr")).isEmpty());
    QCOMPARE(localeFor(QStringLiteral("fr")), QLocale::c());
}

void TestLanguage::applyLanguage_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("insertCard");
    QTest::addColumn<QString>("terminal");
    QTest::addColumn<QString>("status");

    QTest::newRow("en") << "en"
                        << "en_US"
                        << "Insert your IC card"
                        << "Terminal: %1"
                        << "Standby: no card inserted";
    QTest::newRow("ja") << "ja"
                        << "ja_JP"
                        << "ICカードを挿入してください"
                        << "端末：%1"
                        << "待機中：カードが挿入されていません";
    // Back and forth: the previous catalogue must be gone, not shadowing the new one.
    QTest::newRow("en again") << "en"
                              << "en_US"
                              << "Insert your IC card"
                              << "Terminal: %1"
                              << "Standby: no card inserted";
}

void TestLanguage::applyLanguage()
{
    QFETCH(QString, code);
    QFETCH(QString, locale);
    QFETCH(QString, insertCard);
    QFETCH(QString, terminal);
    QFETCH(QString, status);

    const Status applied = mamori::ui::applyLanguage(code);
    QVERIFY2(applied.ok(), applied.ok() ? "" : applied.error().describe().c_str());
    QCOMPARE(currentLanguage(), code);
    QCOMPARE(QLocale().name(), locale);
    QCOMPARE(standbyText("Insert your IC card"), insertCard);
    QCOMPARE(standbyText("Terminal: %1"), terminal);
    QCOMPARE(standbyText("Standby: no card inserted"), status);
}

void TestLanguage::unsupportedLanguageChangesNothing_data()
{
    QTest::addColumn<QString>("code");
    QTest::newRow("french") << "fr";
    QTest::newRow("upper case") << "JA";
    QTest::newRow("with territory") << "ja_JP";
    QTest::newRow("empty") << "";
    QTest::newRow("path") << "../ja";
}

void TestLanguage::unsupportedLanguageChangesNothing()
{
    QFETCH(QString, code);
    QVERIFY(mamori::ui::applyLanguage(QStringLiteral("ja")).ok());

    const Status applied = mamori::ui::applyLanguage(code);
    QVERIFY(!applied.ok());
    QCOMPARE(applied.code(), ErrorCode::InvalidArgument);
    QCOMPARE(currentLanguage(), QStringLiteral("ja"));
    QCOMPARE(QLocale().name(), QStringLiteral("ja_JP"));
    QCOMPARE(standbyText("Insert your IC card"), QStringLiteral("ICカードを挿入してください"));
}

void TestLanguage::uiLanguageToggles()
{
    QVERIFY(mamori::ui::applyLanguage(QStringLiteral("ja")).ok());
    UiLanguage language(nullptr);
    QSignalSpy changed(&language, &UiLanguage::codeChanged);
    QCOMPARE(language.code(), QStringLiteral("ja"));
    QCOMPARE(language.available(), supportedLanguages());
    QCOMPARE(language.nextCode(), QStringLiteral("en"));
    QCOMPARE(language.nextNativeName(), QStringLiteral("English"));

    language.toggle();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(language.code(), QStringLiteral("en"));
    QCOMPARE(language.localeName(), QStringLiteral("en_US"));
    QCOMPARE(language.nextNativeName(), QStringLiteral("日本語"));
    QCOMPARE(standbyText("Insert your IC card"), QStringLiteral("Insert your IC card"));

    // Selecting the current language is a no-op, not a change.
    QVERIFY(language.select(QStringLiteral("en")));
    QCOMPARE(changed.count(), 1);

    language.setCode(QStringLiteral("ja"));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(language.code(), QStringLiteral("ja"));
    QCOMPARE(standbyText("Insert your IC card"), QStringLiteral("ICカードを挿入してください"));
}

void TestLanguage::uiLanguageRefusesUnsupported()
{
    UiLanguage language(nullptr);
    QSignalSpy changed(&language, &UiLanguage::codeChanged);
    QVERIFY(language.select(QStringLiteral("en")));
    QCOMPARE(changed.count(), 1);

    QVERIFY(!language.select(QStringLiteral("de")));
    language.setCode(QStringLiteral("zh"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(language.code(), QStringLiteral("en"));
    QCOMPARE(currentLanguage(), QStringLiteral("en"));
}

void TestLanguage::cleanup() { QVERIFY(mamori::ui::applyLanguage(QStringLiteral("ja")).ok()); }

QTEST_GUILESS_MAIN(TestLanguage)
#include "tst_language.moc"
