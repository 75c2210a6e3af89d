// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// KioskE2eHarness: what the end-to-end tests on a real X server share — Xvfb (1366x768, the
// terminal's screen) started before the QGuiApplication, the kiosk's Main.qml full screen with the
// product's VaultClient, Pkcs11CardReader and Session against a KioskFixture, the scene searched
// by objectName, buttons pressed with the keyboard, and screenshots taken from outside
// (`xwd -root | convert`) into the build directory, each checked 1366x768 and not blank. Before
// each picture every visible text in the scene is checked to hold no 12-digit number (a picture
// and a test's output are output too); none is taken while a number is revealed.
//
// Used by tst_kiosk_e2e (the clerk) and tst_kiosk_e2e_oversight (the officer and administrator);
// one per process, like the fixture. GUI thread only. Its checks use QTest macros: call them from
// a test function and stop when QTest::currentTestFailed().

#include "kiosk/client/pkcs11_card_reader.h"
#include "kiosk/client/session.h"
#include "kiosk/client/vault_client.h"
#include "tests/kiosk/kiosk_fixture.h"

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>

class QObject;

namespace mamori::test {

class KioskE2eHarness {
public:
    // Starts Xvfb and points Qt at it, runs `test` with QTest::qExec in a QGuiApplication, stops
    // Xvfb. The body of main().
    static int run(int argc, char** argv, QObject& test);

    // Fixture, client, reader, session and the window; QVERIFYs inside.
    void start(const KioskFixture::Options& options);
    void stop();

    KioskFixture& fixture() { return m_fixture; }
    mamori::ui::Session* session() const { return m_session.get(); }
    QQuickWindow* window() const { return m_window; }

    // The scene's items, not only QObject children (a Repeater's delegates are visual children).
    // `within`: only below that item (two views may name their lists alike).
    QQuickItem* item(const char* objectName, QQuickItem* within = nullptr) const;
    QString text(const char* objectName) const;
    // Waits until the item is visible and enabled, gives it the keyboard focus and presses `key`
    // (Return for the kiosk's buttons, Space for a tab).
    void press(const char* objectName, int key = 0x01000004 /* Qt::Key_Return */);
    // Types ASCII text into the focused item, key by key.
    void type(const char* text);
    // Checks that no visible text shows a 12-digit number, then saves kiosk_e2e_<name>.png.
    void screenshot(const char* name);
    // Every visible text of the scene (a TextInput's displayText: what the eye sees).
    QStringList visibleTexts() const;
    // The first visible text holding a 12-digit number (plain, or grouped 4-4-4), empty if none.
    QString numberShown() const;
    const QStringList& shots() const { return m_shots; }

    // The card's PIN screen → PIN → (a clerk: the purpose) → Ready.
    void signIn(bool clerk);

private:
    KioskFixture m_fixture;
    std::unique_ptr<mamori::ui::VaultClient> m_vault;
    std::unique_ptr<mamori::ui::Pkcs11CardReader> m_reader;
    std::unique_ptr<mamori::ui::Session> m_session;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow* m_window = nullptr;
    QString m_xwd, m_convert;
    QStringList m_shots;
};

} // namespace mamori::test
