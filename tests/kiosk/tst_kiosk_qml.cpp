// SPDX-License-Identifier: GPL-3.0-or-later
// Qt Quick Test for the kiosk's screens (tests/kiosk/qml/tst_*.qml) against the real vault daemon
// and a real PKCS#11 token (KioskFixture): sign-in, a wrong PIN counting the tries down to the
// locked card's guidance, reveal then re-mask after the timeout, lock on card removal, the
// number field's live validation messages, and the standby's "no card reader" variant and its
// recovery. The screens are Mamori.Kiosk's own SessionView,
// driven by keyboard and mouse; the card goes in and out through the test-only `TestCard`
// singleton (the fault-injecting function list under SoftHSM2, and tests/kiosk/reader_fault.h
// for the reader itself).

#include "kiosk/client/pkcs11_card_reader.h"
#include "kiosk/client/session.h"
#include "kiosk/client/vault_client.h"
#include "kiosk/ui/qml_types.h"
#include "tests/kiosk/kiosk_fixture.h"

#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <p11-kit/pkcs11.h>

#include <cstdio>
#include <memory>

Q_IMPORT_QML_PLUGIN(Mamori_KioskPlugin)

using mamori::test::KioskFixture;

// TestCard: the test's hand on the card reader, for QML.
class TestCardControl : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString pin READ pin CONSTANT)
    Q_PROPERTY(int finalTryFlag READ finalTryFlag CONSTANT)
    Q_PROPERTY(int lockedFlag READ lockedFlag CONSTANT)
    // Where the test leaves its pictures (the build directory).
    Q_PROPERTY(QString outputDir READ outputDir CONSTANT)

public:
    QString pin() const { return QString::fromLatin1(KioskFixture::kPin); }
    int finalTryFlag() const { return CKF_USER_PIN_FINAL_TRY; }
    int lockedFlag() const { return CKF_USER_PIN_LOCKED; }
    QString outputDir() const { return QStringLiteral(MAMORI_TEST_OUTPUT_DIR); }
    Q_INVOKABLE void insert() { KioskFixture::insertCard(); }
    Q_INVOKABLE void remove() { KioskFixture::removeCard(); }
    Q_INVOKABLE void setPinFlags(int flags) { KioskFixture::setPinFlags(static_cast<unsigned long>(flags)); }
    // The reader itself: unplug it (no slot listed), make it stop answering, or plug it back in.
    Q_INVOKABLE void unplugReader() { KioskFixture::setReader(KioskFixture::ReaderState::Unplugged); }
    Q_INVOKABLE void silenceReader() { KioskFixture::setReader(KioskFixture::ReaderState::NotAnswering); }
    Q_INVOKABLE void plugReader() { KioskFixture::setReader(KioskFixture::ReaderState::Working); }
};

class Setup : public QObject {
    Q_OBJECT

public slots:
    void applicationAvailable()
    {
        const mamori::Status started = m_fixture.start();
        if (!started.ok())
            qFatal("the kiosk fixture did not start: %s", started.error().describe().c_str());
        m_vault = std::make_unique<mamori::ui::VaultClient>(m_fixture.connect(QStringLiteral("kiosk-qml")));
        // Retried every 200 ms (2 s on the terminal), so the reader's recovery fits the test's waits.
        m_reader = std::make_unique<mamori::ui::Pkcs11CardReader>(m_fixture.cardModule(), std::chrono::milliseconds{50},
                                                                  std::chrono::milliseconds{200});
        m_session = std::make_unique<mamori::ui::Session>(m_vault.get(), m_reader.get());
        mamori::ui::installSession(m_session.get());
        m_session->start();
    }

    void qmlEngineAvailable(QQmlEngine* engine)
    {
        engine->addImportPath(QStringLiteral(MAMORI_QML_IMPORT_PATH));
        qmlRegisterSingletonInstance("MamoriTest", 1, 0, "TestCard", &m_card);
    }

    void cleanupTestCase()
    {
        mamori::ui::installSession(nullptr);
        m_session.reset();
        m_reader.reset();
        m_vault.reset();
    }

private:
    KioskFixture m_fixture;
    TestCardControl m_card;
    std::unique_ptr<mamori::ui::VaultClient> m_vault;
    std::unique_ptr<mamori::ui::Pkcs11CardReader> m_reader;
    std::unique_ptr<mamori::ui::Session> m_session;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_kiosk_qml, Setup)

#include "tst_kiosk_qml.moc"
