// SPDX-License-Identifier: GPL-3.0-or-later
// The card reader itself, not the card: when no PKCS#11 reader is usable — the module does not
// load, C_GetSlotList fails, no reader is listed at all, or the reader goes away while a clerk is
// signed in — the Session says so (readerAvailable, readerProblem, readerError: the standby
// screen's "reader unavailable" variant), a signed-in session locks as on card removal, the reader
// keeps retrying by itself, and the normal standby (or the PIN, with a card in) comes back when a
// reader answers. One failed slot list alone is a hiccup, not a lost reader.
//
// Real daemon and token (KioskFixture); the reader is taken away by tests/kiosk/reader_fault.h
// over the same slot-event seam that moves the card, and a failing module load is a loader that
// fails on purpose (and a module path that does not exist).

#include "kiosk/client/pkcs11_card_reader.h"
#include "kiosk/client/session.h"
#include "kiosk/client/vault_client.h"
#include "smartcard/pkcs11_module.h"
#include "tests/kiosk/kiosk_fixture.h"
#include "tests/kiosk/reader_fault.h"

#include <QDBusInterface>
#include <QDBusReply>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <memory>

using namespace mamori;
using namespace mamori::ui;
using mamori::test::KioskFixture;
using mamori::test::ReaderFault;
using ReaderState = KioskFixture::ReaderState;

Q_DECLARE_METATYPE(mamori::test::KioskFixture::ReaderState)

namespace {
constexpr std::chrono::milliseconds kPoll{50};
constexpr std::chrono::milliseconds kRetry{100};
constexpr int kUnavailable = 8; // E0008: ErrorCode::Unavailable
} // namespace

class TestKioskReader : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void moduleThatDoesNotLoadIsRetried();
    void moduleMissingOnDisk();
    void noUsableReaderAtStart_data();
    void noUsableReaderAtStart();
    void readerLostWhileSignedIn_data();
    void readerLostWhileSignedIn();
    void oneFailedSlotListIsNoLoss();

private:
    void startSession(std::unique_ptr<Pkcs11CardReader> reader);
    void signIn();
    bool vaultLoggedIn();

    KioskFixture m_fixture;
    QDBusConnection m_connection{QString()};
    std::unique_ptr<VaultClient> m_vault;
    std::unique_ptr<Pkcs11CardReader> m_reader;
    std::unique_ptr<Session> m_session;
};

void TestKioskReader::initTestCase()
{
    const Status started = m_fixture.start();
    QVERIFY2(started.ok(), started.ok() ? "" : started.error().describe().c_str());
    m_connection = m_fixture.connect(QStringLiteral("kiosk-reader"));
    QVERIFY(m_connection.isConnected());
    m_vault = std::make_unique<VaultClient>(m_connection);
}

void TestKioskReader::init()
{
    KioskFixture::removeCard();
    KioskFixture::setReader(ReaderState::Working);
    ReaderFault::failSlotLists = 0;
}

void TestKioskReader::cleanup()
{
    m_session.reset();
    m_reader.reset();
    KioskFixture::removeCard();
    KioskFixture::setReader(ReaderState::Working);
}

void TestKioskReader::startSession(std::unique_ptr<Pkcs11CardReader> reader)
{
    m_reader = std::move(reader);
    m_session = std::make_unique<Session>(m_vault.get(), m_reader.get());
    QVERIFY(m_session->readerAvailable()); // until the reader says otherwise
    m_session->start();
}

void TestKioskReader::signIn()
{
    KioskFixture::insertCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000);
    m_session->submitPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::ChoosePurpose, 10000);
    m_session->choosePurpose(QStringLiteral("withholding"));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Ready, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->desk()->subjects()->rowCount() > 0, 10000);
    QVERIFY(vaultLoggedIn());
}

bool TestKioskReader::vaultLoggedIn()
{
    QDBusInterface vault(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                         QStringLiteral("org.mamori.Vault1"), m_connection);
    const QDBusReply<QVariantMap> status = vault.call(QStringLiteral("Status"));
    return status.isValid() && status.value().value(QStringLiteral("loggedIn")).toBool();
}

// The module fails to load three times (as a missing or broken opensc-pkcs11.so would), then loads:
// the screen's state says why meanwhile, the loader is tried again and again, and once it loads the
// kiosk is on its normal standby and takes a card.
void TestKioskReader::moduleThatDoesNotLoadIsRetried()
{
    auto attempts = std::make_shared<std::atomic<int>>(0);
    auto release = std::make_shared<std::atomic<bool>>(false);
    const std::shared_ptr<smartcard::Pkcs11Module> module = m_fixture.cardModule();
    Pkcs11CardReader::ModuleLoader loader = [attempts, release,
                                             module]() -> Result<std::shared_ptr<smartcard::Pkcs11Module>> {
        ++*attempts;
        if (!*release)
            return Error(ErrorCode::Unavailable, "dlopen test-module.so: cannot open shared object file");
        return module;
    };
    startSession(std::make_unique<Pkcs11CardReader>(std::move(loader), kPoll, kRetry));
    QSignalSpy changed(m_session.get(), &Session::readerChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->readerAvailable(), 5000);
    QCOMPARE(m_session->readerProblem(), Session::ReaderProblem::ReaderModuleNotLoaded);
    QCOMPARE(m_session->readerError(), kUnavailable);
    QCOMPARE(Session::errorCodeText(m_session->readerError()), QStringLiteral("E0008"));
    QCOMPARE(m_session->state(), Session::State::Standby);

    // Retried periodically, said once: the same failure again changes nothing on screen.
    QTRY_VERIFY_WITH_TIMEOUT(*attempts >= 4, 5000);
    QCOMPARE(changed.count(), 1);
    KioskFixture::insertCard(); // a card in a reader the kiosk cannot use yet: nothing happens
    QTest::qWait(300);
    QCOMPARE(m_session->state(), Session::State::Standby);
    QVERIFY(!m_session->cardPresent());

    *release = true;
    QTRY_VERIFY_WITH_TIMEOUT(m_session->readerAvailable(), 5000);
    QCOMPARE(m_session->readerProblem(), Session::ReaderProblem::ReaderOk);
    QCOMPARE(m_session->readerError(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000); // the card already in
    KioskFixture::removeCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Standby, 2000);
    QVERIFY(m_session->readerAvailable());
}

// The product's path: a module file that does not exist. The app logs the developer's context
// (readerDiagnostic) once; the screen gets the problem and the code only.
void TestKioskReader::moduleMissingOnDisk()
{
    std::unique_ptr<Pkcs11CardReader> reader =
        Pkcs11CardReader::forModulePath("/nonexistent/mamori-test/opensc-pkcs11.so");
    QSignalSpy diagnostics(reader.get(), &Pkcs11CardReader::readerDiagnostic);
    startSession(std::move(reader));
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->readerAvailable(), 5000);
    QCOMPARE(m_session->readerProblem(), Session::ReaderProblem::ReaderModuleNotLoaded);
    QCOMPARE(m_session->readerError(), kUnavailable);
    QTRY_COMPARE_WITH_TIMEOUT(diagnostics.count(), 1, 2000);
    const QString context = diagnostics.at(0).at(0).toString();
    QVERIFY2(context.startsWith(QStringLiteral("E0008")) && context.contains(QStringLiteral("dlopen")),
             qPrintable(context));
    QTest::qWait(3 * kRetry.count());
    QCOMPARE(diagnostics.count(), 1); // the same failure is not logged again on every retry
}

void TestKioskReader::noUsableReaderAtStart_data()
{
    QTest::addColumn<ReaderState>("fault");
    QTest::addColumn<Session::ReaderProblem>("problem");
    QTest::newRow("no reader listed") << ReaderState::Unplugged << Session::ReaderProblem::ReaderNotFound;
    QTest::newRow("slot list fails") << ReaderState::NotAnswering << Session::ReaderProblem::ReaderNotAnswering;
}

// The module loads, but there is no reader to use: the state says which, a card cannot be used,
// and the reader plugged in (or answering again) brings back the standby, then the PIN.
void TestKioskReader::noUsableReaderAtStart()
{
    QFETCH(ReaderState, fault);
    QFETCH(Session::ReaderProblem, problem);
    KioskFixture::setReader(fault);
    startSession(std::make_unique<Pkcs11CardReader>(m_fixture.cardModule(), kPoll, kRetry));
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->readerAvailable(), 5000);
    QCOMPARE(m_session->readerProblem(), problem);
    QCOMPARE(m_session->readerError(), kUnavailable);
    QCOMPARE(m_session->state(), Session::State::Standby);

    // Still retrying: C_GetSlotList keeps being asked.
    const int calls = ReaderFault::slotListCalls;
    QTRY_VERIFY_WITH_TIMEOUT(ReaderFault::slotListCalls >= calls + 3, 5000);
    KioskFixture::insertCard();
    QTest::qWait(300);
    QCOMPARE(m_session->state(), Session::State::Standby);

    QElapsedTimer clock;
    clock.start();
    KioskFixture::setReader(ReaderState::Working);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->readerAvailable(), 5000);
    QVERIFY2(clock.elapsed() < 2000, "the reader came back later than the retry interval allows");
    QCOMPARE(m_session->readerError(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000);
}

void TestKioskReader::readerLostWhileSignedIn_data() { noUsableReaderAtStart_data(); }

// Signed in, the reader goes away (unplugged with the card in it, or no longer answering): the
// session locks as on a card's removal — within the second the lock allows, every model empty, the
// vault's session gone — and the standby says the reader is missing. Back, with the card still in,
// the PIN is asked again.
void TestKioskReader::readerLostWhileSignedIn()
{
    QFETCH(ReaderState, fault);
    QFETCH(Session::ReaderProblem, problem);
    startSession(std::make_unique<Pkcs11CardReader>(m_fixture.cardModule(), kPoll, kRetry));
    signIn();

    QSignalSpy locked(m_session.get(), &Session::locked);
    QElapsedTimer clock;
    clock.start();
    KioskFixture::setReader(fault);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Standby, 1000);
    QVERIFY2(clock.elapsed() <= 1000, "the lock took longer than 1 s");
    QCOMPARE(locked.count(), 1);
    QCOMPARE(m_session->lockReason(), Session::LockReason::CardRemoved);
    QVERIFY(!m_session->cardPresent());
    QCOMPARE(m_session->desk()->subjects()->rowCount(), 0);
    QVERIFY(m_session->roles().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->readerAvailable(), 2000);
    QCOMPARE(m_session->readerProblem(), problem);
    QTRY_VERIFY_WITH_TIMEOUT(!vaultLoggedIn(), 5000);

    KioskFixture::setReader(ReaderState::Working);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->readerAvailable(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000);
    QVERIFY(!vaultLoggedIn());
}

// One C_GetSlotList that fails between good ones (pcscd restarting) neither locks nor changes the
// screen: only kFailuresBeforeUnavailable failures in a row count as a lost reader.
void TestKioskReader::oneFailedSlotListIsNoLoss()
{
    startSession(std::make_unique<Pkcs11CardReader>(m_fixture.cardModule(), kPoll, kRetry));
    KioskFixture::insertCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000);
    QSignalSpy changed(m_session.get(), &Session::readerChanged);
    QSignalSpy removed(m_reader.get(), &CardReader::cardRemoved);
    static_assert(Pkcs11CardReader::kFailuresBeforeUnavailable > 1);
    ReaderFault::failSlotLists = 1;
    QTRY_COMPARE_WITH_TIMEOUT(ReaderFault::failSlotLists.load(), 0, 2000);
    QTest::qWait(500);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(removed.count(), 0);
    QVERIFY(m_session->readerAvailable());
    QCOMPARE(m_session->state(), Session::State::PinEntry);
}

QTEST_GUILESS_MAIN(TestKioskReader)
#include "tst_kiosk_reader.moc"
