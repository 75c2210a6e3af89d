// SPDX-License-Identifier: GPL-3.0-or-later
// The standby screen as QML sees it: the module Mamori.Kiosk is found through its import path in
// the build tree (QT_QML_OUTPUT_DIRECTORY), Main is created the way the app creates it, and the
// scene is rendered offscreen (software Qt Quick) and grabbed with QQuickWindow::grabWindow.
#include "kiosk/ui/translations.h"
#include "kiosk/ui/ui_language.h"

#include <QDir>
#include <QFileInfo>
#include <QFont>
#include <QFontInfo>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <memory>

Q_IMPORT_QML_PLUGIN(Mamori_KioskPlugin)

using namespace mamori::ui;

namespace {

const QString kDeviceName = QStringLiteral("Test terminal");
const QString kJapaneseInsertCard = QStringLiteral("ICカードを挿入してください");

} // namespace

class TestStandbyScreen : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    // Runs first: no language has been applied in this process, as in a fresh kiosk.
    void showsJapaneseByDefault();
    void switchesToEnglishAndBack();
    void clockTicks();
    void themeFontCoversJapanese();
    void rendersTheStandbyScreen();

private:
    QQuickItem* item(const char* objectName) const;
    QString text(const char* objectName) const;
    void clickLanguageButton();

    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow* m_window = nullptr;
};

void TestStandbyScreen::initTestCase()
{
    const QString qmldir = QStringLiteral(MAMORI_QML_IMPORT_PATH "/Mamori/Kiosk/qmldir");
    QVERIFY2(QFileInfo::exists(qmldir), qPrintable(QStringLiteral("module not built: %1 is missing").arg(qmldir)));
}

void TestStandbyScreen::init()
{
    m_engine = std::make_unique<QQmlApplicationEngine>();
    m_engine->addImportPath(QStringLiteral(MAMORI_QML_IMPORT_PATH));
    QVERIFY2(m_engine->importPathList().contains(QStringLiteral(MAMORI_QML_IMPORT_PATH)), "import path not taken");
    // The same initial properties the app passes, windowed so the offscreen window keeps 1366x768.
    m_engine->setInitialProperties(
        {{QStringLiteral("deviceName"), kDeviceName}, {QStringLiteral("fullScreen"), false}});
    // Resolve the module by its URI through the import path, as any QML document would.
    m_engine->loadData("import Mamori.Kiosk\nMain {}\n", QUrl(QStringLiteral("qrc:/tst_standby_screen.qml")));
    QCOMPARE(m_engine->rootObjects().size(), 1);
    m_window = qobject_cast<QQuickWindow*>(m_engine->rootObjects().constFirst());
    QVERIFY(m_window);
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestStandbyScreen::cleanup()
{
    m_window = nullptr;
    m_engine.reset();
    // Every test starts in Japanese.
    QVERIFY(applyLanguage(QStringLiteral("ja")).ok());
}

QQuickItem* TestStandbyScreen::item(const char* objectName) const
{
    return m_window ? m_window->findChild<QQuickItem*>(QLatin1String(objectName)) : nullptr;
}

QString TestStandbyScreen::text(const char* objectName) const
{
    const QQuickItem* found = item(objectName);
    return found ? found->property("text").toString() : QStringLiteral("<no item %1>").arg(objectName);
}

void TestStandbyScreen::clickLanguageButton()
{
    QQuickItem* button = item("languageButton");
    QVERIFY(button);
    QVERIFY(button->isVisible());
    const QPointF centre = button->mapToScene(QPointF(button->width() / 2, button->height() / 2));
    QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
}

void TestStandbyScreen::showsJapaneseByDefault()
{
    QCOMPARE(currentLanguage(), QStringLiteral("ja"));
    QCOMPARE(text("insertCardMessage"), kJapaneseInsertCard);
    QCOMPARE(text("insertCardHint"), QStringLiteral("挿入後、暗証番号を入力してサインインします。"));
    QCOMPARE(text("deviceName"), QStringLiteral("端末：Test terminal"));
    QCOMPARE(text("statusLine"), QStringLiteral("待機中：カードが挿入されていません"));
    QCOMPARE(text("languageButton"), QStringLiteral("English"));
    QCOMPARE(m_window->title(), QStringLiteral("Mamori"));
    QCOMPARE(m_window->size(), QSize(1366, 768));
}

void TestStandbyScreen::switchesToEnglishAndBack()
{
    const int year = QDate::currentDate().year();
    QVERIFY2(text("clockDate").contains(QStringLiteral("%1年").arg(year)), qPrintable(text("clockDate")));

    clickLanguageButton();
    QTRY_COMPARE(text("insertCardMessage"), QStringLiteral("Insert your IC card"));
    QCOMPARE(currentLanguage(), QStringLiteral("en"));
    QCOMPARE(text("insertCardHint"), QStringLiteral("Then enter your PIN to sign in."));
    QCOMPARE(text("deviceName"), QStringLiteral("Terminal: Test terminal"));
    QCOMPARE(text("statusLine"), QStringLiteral("Standby: no card inserted"));
    QCOMPARE(text("languageButton"), QStringLiteral("日本語"));
    // The date follows the language too: an English long date names the year without 年.
    QVERIFY2(!text("clockDate").contains(QStringLiteral("年")), qPrintable(text("clockDate")));
    QVERIFY2(text("clockDate").contains(QString::number(year)), qPrintable(text("clockDate")));

    clickLanguageButton();
    QTRY_COMPARE(text("insertCardMessage"), kJapaneseInsertCard);
    QCOMPARE(currentLanguage(), QStringLiteral("ja"));
    QCOMPARE(text("languageButton"), QStringLiteral("English"));
}

void TestStandbyScreen::clockTicks()
{
    static const QRegularExpression hhmmss(QStringLiteral("^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"));
    const QString first = text("clockTime");
    QVERIFY2(hhmmss.match(first).hasMatch(), qPrintable(first));
    const QTime shown = QTime::fromString(first, QStringLiteral("HH:mm:ss"));
    const int skew = qAbs(shown.secsTo(QTime::currentTime()));
    QVERIFY2(skew <= 2 || skew >= 86400 - 2, qPrintable(QStringLiteral("clock shows %1").arg(first)));

    // The clock ticks on each second boundary: a new text within about a second.
    QTRY_VERIFY_WITH_TIMEOUT(text("clockTime") != first, 2500);
    QVERIFY(hhmmss.match(text("clockTime")).hasMatch());
}

void TestStandbyScreen::themeFontCoversJapanese()
{
    const QQuickItem* message = item("insertCardMessage");
    QVERIFY(message);
    const QFont font = message->property("font").value<QFont>();
    const QFontInfo info(font);
    QVERIFY2(info.family() == QStringLiteral("Noto Sans CJK JP"),
             qPrintable(QStringLiteral("the standby text uses '%1', not Noto Sans CJK JP: install the Debian "
                                       "package fonts-noto-cjk")
                            .arg(info.family())));
    const QFontMetrics metrics(font);
    for (const QChar c : kJapaneseInsertCard)
        QVERIFY2(metrics.inFont(c), qPrintable(QStringLiteral("no glyph for U+%1").arg(c.unicode(), 4, 16)));
}

void TestStandbyScreen::rendersTheStandbyScreen()
{
    const QImage image = m_window->grabWindow();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1366, 768));

    const QString path = QDir(QStringLiteral(MAMORI_TEST_OUTPUT_DIR)).filePath(QStringLiteral("standby_offscreen.png"));
    QVERIFY(image.save(path));
    qInfo("offscreen grab of the standby screen: %s", qPrintable(path));

    // The light theme background in the corners, and real content (text, card, clock) inside.
    QCOMPARE(image.pixelColor(4, 4), QColor(QStringLiteral("#f6f6f2")));
    QCOMPARE(image.pixelColor(1361, 763), QColor(QStringLiteral("#f6f6f2")));
    QSet<QRgb> colours;
    int dark = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb pixel = image.pixel(x, y);
            colours.insert(pixel);
            if (qGray(pixel) < 96)
                ++dark;
        }
    }
    QVERIFY2(colours.size() > 32, qPrintable(QStringLiteral("only %1 colours").arg(colours.size())));
    // The headline alone is several thousand dark pixels; a blank or text-less scene has almost none.
    QVERIFY2(dark > 1500, qPrintable(QStringLiteral("only %1 dark pixels").arg(dark)));

    // The headline is drawn where the item is: dark pixels inside its rectangle.
    const QQuickItem* message = item("insertCardMessage");
    QVERIFY(message);
    const QRectF box = message->mapRectToScene(QRectF(0, 0, message->width(), message->height()));
    int headlineDark = 0;
    for (int y = int(box.top()); y < int(box.bottom()); ++y) {
        for (int x = int(box.left()); x < int(box.right()); ++x) {
            if (qGray(image.pixel(x, y)) < 96)
                ++headlineDark;
        }
    }
    QVERIFY2(headlineDark > 500, qPrintable(QStringLiteral("headline area has %1 dark pixels").arg(headlineDark)));
}

QTEST_MAIN(TestStandbyScreen)
#include "tst_standby_screen.moc"
