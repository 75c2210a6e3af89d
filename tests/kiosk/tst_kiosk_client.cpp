// SPDX-License-Identifier: GPL-3.0-or-later
// The kiosk's state (mamori::kiosk_client) against the real vault daemon and a real PKCS#11 token:
// error numbers and words from D-Bus errors; live number validation; the sign-in state machine
// (card in → PIN → purpose → clerk home), a wrong PIN, the card pulled out (lock within 1 s, every
// model empty, the vault's session gone); the subject list under QAbstractItemModelTester with
// keyset paging, search by code and by kana (hiragana typed), and the filters; a person's detail
// with dependents (also under the tester), registering an employee and a dependent, setting a
// number, recording the identity check; the step-up reveal and the re-mask after the timeout.
// Numbers are synthetic and compared, never printed.

#include "kiosk/client/number_input.h"
#include "kiosk/client/pkcs11_card_reader.h"
#include "kiosk/client/session.h"
#include "kiosk/client/vault_client.h"
#include "kiosk/client/vault_error.h"
#include "tests/kiosk/kiosk_fixture.h"

#include <QAbstractItemModelTester>
#include <QDBusInterface>
#include <QDBusMessage>
#include <QDBusReply>
#include <QSignalSpy>
#include <QTest>

#include <p11-kit/pkcs11.h>

using namespace mamori;
using namespace mamori::ui;
using mamori::test::KioskFixture;

class TestKioskClient : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void errorNumbers_data();
    void errorNumbers();
    void errorWordsCarryTheCode();
    void numberInput_data();
    void numberInput();
    void wrongPinThenSignIn();
    void subjectListPagesAndSearches();
    void registerDependentNumberAndVerification();
    void revealThenMask();
    void cardRemovalLocksAndClears();
    void idleWarnsThenLocks();

private:
    void signIn();
    bool vaultSessionOpen();

    KioskFixture m_fixture;
    QDBusConnection m_connection{QString()};
    std::unique_ptr<VaultClient> m_vault;
    std::unique_ptr<Pkcs11CardReader> m_reader;
    std::unique_ptr<Session> m_session;
};

void TestKioskClient::initTestCase()
{
    const Status started = m_fixture.start();
    QVERIFY2(started.ok(), started.ok() ? "" : started.error().describe().c_str());
    m_connection = m_fixture.connect(QStringLiteral("kiosk"));
    QVERIFY(m_connection.isConnected());
    m_vault = std::make_unique<VaultClient>(m_connection);
    m_reader = std::make_unique<Pkcs11CardReader>(m_fixture.cardModule(), std::chrono::milliseconds{50});
    m_session = std::make_unique<Session>(m_vault.get(), m_reader.get());
    m_session->start();
}

void TestKioskClient::cleanupTestCase()
{
    m_session.reset();
    m_reader.reset();
    m_vault.reset();
}

void TestKioskClient::errorNumbers_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("number");
    QTest::newRow("permission") << "org.mamori.Vault1.Error.PermissionDenied"
                                << "E0003 PermissionDenied" << 3;
    QTest::newRow("check digit") << "org.mamori.Vault1.Error.IndividualNumberCheckDigit"
                                 << "E0502 IndividualNumberCheckDigit" << 502;
    QTest::newRow("unknown vault code") << "org.mamori.Vault1.Error.Whatever"
                                        << "E0999 Whatever" << 1;
    QTest::newRow("vault without number") << "org.mamori.Vault1.Error.NotFound"
                                          << "not found" << 1;
    QTest::newRow("no daemon") << "org.freedesktop.DBus.Error.ServiceUnknown"
                               << "x" << 8;
    QTest::newRow("no reply") << "org.freedesktop.DBus.Error.NoReply"
                              << "x" << 9;
}

void TestKioskClient::errorNumbers()
{
    QFETCH(QString, name);
    QFETCH(QString, message);
    QFETCH(int, number);
    QCOMPARE(errorNumberOf(QDBusError(QDBusMessage::createError(name, message))), number);
}

void TestKioskClient::errorWordsCarryTheCode()
{
    const QString ja = errorText(101, QStringLiteral("ja"));
    QVERIFY(ja.contains(QStringLiteral("暗証番号が正しくありません")));
    QVERIFY(ja.endsWith(QStringLiteral("(E0101)")));
    const QString en = errorText(102, QStringLiteral("en"));
    QVERIFY(en.contains(QStringLiteral("city office")));
    QVERIFY(en.endsWith(QStringLiteral("(E0102)")));
    QVERIFY(errorText(0, QStringLiteral("ja")).isEmpty());
    // A developer context never reaches the words: the vault's message carries only "E0nnn Name".
    QVERIFY(!errorText(3, QStringLiteral("en")).contains(QStringLiteral("PermissionDenied")));
}

void TestKioskClient::numberInput_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("digits");
    QTest::addColumn<int>("error");
    QTest::newRow("empty") << "" << false << 0 << 0;
    QTest::newRow("ascii") << "123456789018" << true << 12 << 0;
    QTest::newRow("full-width with hyphens") << QStringLiteral("１２３４－５６７８－９０１８") << true << 12 << 0;
    QTest::newRow("spaces and ascii hyphens") << "9876 5432-1018" << true << 12 << 0;
    QTest::newRow("still typing") << "1234" << false << 4 << 0;
    QTest::newRow("wrong check digit") << "123456789010" << false << 12 << 502;
    QTest::newRow("a letter") << "12a4" << false << 3 << 501;
    QTest::newRow("too long") << "1234567890181" << false << 13 << 500;
}

void TestKioskClient::numberInput()
{
    QFETCH(QString, typed);
    QFETCH(bool, valid);
    QFETCH(int, digits);
    QFETCH(int, error);
    NumberInput input;
    input.setText(typed);
    QCOMPARE(input.valid(), valid);
    QCOMPARE(input.digitCount(), digits);
    QCOMPARE(input.error(), error);
    input.clear();
    QVERIFY(input.text().isEmpty());
    QVERIFY(!input.valid());
}

bool TestKioskClient::vaultSessionOpen()
{
    QDBusInterface vault(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                         QStringLiteral("org.mamori.Vault1"), m_connection);
    const QDBusReply<QVariantMap> status = vault.call(QStringLiteral("Status"));
    return status.isValid() && status.value().value(QStringLiteral("loggedIn")).toBool();
}

void TestKioskClient::wrongPinThenSignIn()
{
    QCOMPARE(m_session->state(), Session::State::Standby);
    KioskFixture::insertCard();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_session->state() != Session::State::Standby && m_session->state() != Session::State::ReadingCard, 10000);
    QVERIFY2(m_session->state() == Session::State::PinEntry,
             qPrintable(QStringLiteral("card not accepted: error %1").arg(m_session->error())));
    QVERIFY(m_session->cardPresent());
    QCOMPARE(m_session->pinStatus(), 0);

    // A wrong PIN: the card refuses it, the vault is not involved, nothing is retried.
    m_session->submitPin(QStringLiteral("9999"));
    QCOMPARE(m_session->state(), Session::State::SigningIn);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000);
    QCOMPARE(m_session->error(), 101);
    QCOMPARE(m_session->pinStatus(), 1); // SoftHSM2 sets COUNT_LOW after a wrong PIN
    QVERIFY(!vaultSessionOpen());

    // The card's flags say "final try" / "locked" as a JPKI card would: the tries left follow them.
    KioskFixture::setPinFlags(CKF_USER_PIN_FINAL_TRY);
    m_session->submitPin(QStringLiteral("9998"));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->error(), 101, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->triesLeft(), 1, 10000);
    KioskFixture::setPinFlags(0);

    // Not a PIN at all (non-ASCII): refused before the card.
    m_session->submitPin(QStringLiteral("１２３４"));
    QCOMPARE(m_session->error(), 2);
    QCOMPARE(m_session->state(), Session::State::PinEntry);

    signIn();
    QVERIFY(vaultSessionOpen());
    QCOMPARE(m_session->roles(), QStringList{QStringLiteral("clerk")});
}

void TestKioskClient::signIn()
{
    QCOMPARE(m_session->state(), Session::State::PinEntry);
    m_session->submitPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::ChoosePurpose, 10000);
    QCOMPARE(m_session->error(), 0);
    m_session->choosePurpose(QStringLiteral("withholding"));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Ready, 10000);
    QCOMPARE(m_session->purpose(), QStringLiteral("withholding"));
}

void TestKioskClient::subjectListPagesAndSearches()
{
    QCOMPARE(m_session->state(), Session::State::Ready);
    SubjectListModel* subjects = m_session->desk()->subjects();
    QAbstractItemModelTester tester(subjects, QAbstractItemModelTester::FailureReportingMode::QtTest);
    subjects->setPageSize(10);
    subjects->reload();
    QTRY_COMPARE_WITH_TIMEOUT(subjects->rowCount(), 10, 10000);
    QCOMPARE(subjects->total(), qlonglong{KioskFixture::kEmployees});
    QVERIFY(subjects->canFetchMore({}));
    while (subjects->canFetchMore({}) || subjects->loading()) {
        if (subjects->canFetchMore({}))
            subjects->fetchMore({});
        QTest::qWait(20);
    }
    QCOMPARE(subjects->rowCount(), KioskFixture::kEmployees);
    // Keyset paging keeps the order and never repeats a row.
    QStringList codes;
    for (int row = 0; row < subjects->rowCount(); ++row)
        codes << subjects->index(row).data(SubjectListModel::CodeRole).toString();
    QStringList sorted = codes;
    sorted.sort();
    QCOMPARE(codes, sorted);
    QCOMPARE(codes.removeDuplicates(), 0);
    QCOMPARE(subjects->index(0).data(SubjectListModel::CodeRole).toString(), QStringLiteral("E100"));
    QVERIFY(subjects->index(0).data(SubjectListModel::HasNumberRole).toBool());
    QVERIFY(!subjects->index(1).data(SubjectListModel::HasNumberRole).toBool());

    // Code prefix (typed full-width works too), kana prefix typed in hiragana, the filters.
    subjects->setSearch(QStringLiteral("Ｅ１１"));
    QTRY_COMPARE_WITH_TIMEOUT(subjects->total(), qlonglong{10}, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(subjects->rowCount(), 10, 10000);
    subjects->setSearch(QStringLiteral("あおき"));
    QTRY_COMPARE_WITH_TIMEOUT(subjects->total(), qlonglong{5}, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(subjects->rowCount(), 5, 10000);
    for (int row = 0; row < subjects->rowCount(); ++row)
        QVERIFY(
            subjects->index(row).data(SubjectListModel::NameKanaRole).toString().startsWith(QStringLiteral("アオキ")));
    subjects->setSearch(QString());
    subjects->setMissingNumber(true);
    QTRY_COMPARE_WITH_TIMEOUT(subjects->total(), qlonglong{KioskFixture::kEmployees - 1}, 10000);
    subjects->setMissingNumber(false);
    subjects->setMissingVerification(true);
    QTRY_COMPARE_WITH_TIMEOUT(subjects->total(), qlonglong{KioskFixture::kEmployees}, 10000);
    subjects->setMissingVerification(false);
    QTRY_COMPARE_WITH_TIMEOUT(subjects->total(), qlonglong{KioskFixture::kEmployees}, 10000);
    QCOMPARE(subjects->error(), 0);
}

void TestKioskClient::registerDependentNumberAndVerification()
{
    ClerkDesk* desk = m_session->desk();
    QSignalSpy registered(desk, &ClerkDesk::registered);
    desk->registerSubject({{QStringLiteral("name"), QStringLiteral("新規 花子")},
                           {QStringLiteral("nameKana"), QStringLiteral("シンキ ハナコ")},
                           {QStringLiteral("code"), QStringLiteral("E900")},
                           {QStringLiteral("department"), QStringLiteral("sales")},
                           {QStringLiteral("birthDate"), QStringLiteral("1990-05-17")},
                           {QStringLiteral("address"), QString()}},
                          true);
    QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, 10000);
    QCOMPARE(desk->error(), 0);
    const QString employee = registered.at(0).at(0).toString();
    QCOMPARE(employee.size(), 32);

    SubjectDetail* detail = desk->detail();
    QAbstractItemModelTester dependentsTester(detail->dependents(),
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester verificationsTester(detail->verifications(),
                                                 QAbstractItemModelTester::FailureReportingMode::QtTest);
    desk->openSubject(employee);
    QTRY_VERIFY_WITH_TIMEOUT(detail->loaded(), 10000);
    QCOMPARE(detail->code(), QStringLiteral("E900"));
    QCOMPARE(detail->purposes(), QStringList{QStringLiteral("withholding")});
    QVERIFY(!detail->hasNumber());
    QVERIFY(detail->numberText().isEmpty());
    QCOMPARE(detail->dependents()->rowCount(), 0);

    // A dependent: the vault names it after the employee (E900-1) and it shows in the detail.
    desk->registerSubject({{QStringLiteral("name"), QStringLiteral("新規 一郎")},
                           {QStringLiteral("kind"), QStringLiteral("dependent")},
                           {QStringLiteral("parent"), employee},
                           {QStringLiteral("department"), QStringLiteral("sales")}},
                          true);
    QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 2, 10000);
    QCOMPARE(desk->error(), 0);
    QCOMPARE(registered.at(1).at(1).toString(), QStringLiteral("dependent"));
    detail->reload();
    QTRY_COMPARE_WITH_TIMEOUT(detail->dependents()->rowCount(), 1, 10000);
    QCOMPARE(detail->dependents()->index(0).data(SubjectListModel::CodeRole).toString(), QStringLiteral("E900-1"));
    QCOMPARE(detail->dependents()->index(0).data(SubjectListModel::KindRole).toString(), QStringLiteral("dependent"));

    // The number: refused with a wrong check digit, stored when typed full-width with hyphens.
    NumberInput input;
    input.setText(QStringLiteral("987654321010"));
    desk->setNumber(employee, &input);
    QVERIFY(input.text().isEmpty()); // wiped once sent
    QTRY_COMPARE_WITH_TIMEOUT(desk->error(), 502, 10000);
    QSignalSpy saved(desk, &ClerkDesk::numberSaved);
    input.setText(QStringLiteral("９８７６－５４３２－１０１８"));
    QVERIFY(input.valid());
    desk->setNumber(employee, &input);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);
    QCOMPARE(desk->error(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(detail->hasNumber(), 10000);
    QCOMPARE(detail->numberText(), SubjectDetail::kMask);
    // The same number for someone else: refused.
    input.setText(QString::fromLatin1(KioskFixture::kNumber));
    desk->setNumber(employee, &input);
    QTRY_COMPARE_WITH_TIMEOUT(desk->error(), 503, 10000);

    QSignalSpy recorded(desk, &ClerkDesk::verificationRecorded);
    QCOMPARE(ClerkDesk::verificationMethods().size(), 6);
    desk->recordVerification(employee, QStringLiteral("my_number_card"), QStringLiteral("マイナンバーカード"));
    QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(detail->hasVerification(), 10000);
    QCOMPARE(detail->verificationCount(), 1);
    QCOMPARE(detail->verifications()->rowCount(), 1);
    const QModelIndex record = detail->verifications()->index(0);
    QCOMPARE(record.data(VerificationModel::MethodRole).toString(), QStringLiteral("my_number_card"));
    QCOMPARE(record.data(VerificationModel::DocumentsRole).toString(), QStringLiteral("マイナンバーカード"));
    QVERIFY(record.data(VerificationModel::VerifiedAtRole).toDateTime().isValid());

    // The dependent's detail names its employee.
    desk->openSubject(detail->dependents()->index(0).data(SubjectListModel::IdRole).toString());
    QTRY_VERIFY_WITH_TIMEOUT(detail->loaded() && detail->kind() == QLatin1String("dependent"), 10000);
    QCOMPARE(detail->parentId(), employee);
    QCOMPARE(detail->dependents()->rowCount(), 0);
}

void TestKioskClient::revealThenMask()
{
    ClerkDesk* desk = m_session->desk();
    SubjectDetail* detail = desk->detail();
    desk->openSubject(m_fixture.numberedSubjectId());
    QTRY_VERIFY_WITH_TIMEOUT(detail->loaded() && detail->code() == QLatin1String(KioskFixture::kNumberedCode), 10000);
    QCOMPARE(detail->numberText(), SubjectDetail::kMask);
    detail->setRevealSeconds(2);

    m_session->requestReveal(detail->subjectId());
    QVERIFY(m_session->stepUpPending());
    // A wrong PIN: the card refuses, nothing is shown, the dialog stays.
    m_session->submitStepUpPin(QStringLiteral("9999"));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->stepUpError(), 101, 10000);
    QVERIFY(m_session->stepUpPending());
    QVERIFY(!detail->revealed());

    m_session->submitStepUpPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_VERIFY_WITH_TIMEOUT(detail->revealed(), 10000);
    QCOMPARE(m_session->stepUpError(), 0);
    QVERIFY(!m_session->stepUpPending());
    QVERIFY(detail->numberText() == QStringLiteral("1234-5678-9018")); // compared, never printed
    QVERIFY(detail->revealSecondsLeft() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!detail->revealed(), 4000);
    QCOMPARE(detail->numberText(), SubjectDetail::kMask);
    QCOMPARE(detail->revealSecondsLeft(), 0);
}

void TestKioskClient::cardRemovalLocksAndClears()
{
    QCOMPARE(m_session->state(), Session::State::Ready);
    ClerkDesk* desk = m_session->desk();
    QVERIFY(desk->subjects()->rowCount() > 0);
    QVERIFY(desk->detail()->loaded());
    QSignalSpy locked(m_session.get(), &Session::locked);
    QElapsedTimer clock;
    clock.start();
    KioskFixture::removeCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Standby, 1000);
    QVERIFY2(clock.elapsed() <= 1000, "the lock took longer than 1 s");
    QCOMPARE(locked.size(), 1);
    QCOMPARE(m_session->lockReason(), Session::LockReason::CardRemoved);
    QCOMPARE(desk->subjects()->rowCount(), 0);
    QCOMPARE(desk->subjects()->total(), qlonglong{0});
    QVERIFY(!desk->detail()->loaded());
    QVERIFY(desk->detail()->name().isEmpty());
    QCOMPARE(desk->detail()->dependents()->rowCount(), 0);
    QVERIFY(m_session->roles().isEmpty());
    QVERIFY(m_session->purpose().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!vaultSessionOpen(), 5000); // CardRemoved reached the vault

    // In again: the PIN is asked again.
    KioskFixture::insertCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000);
}

void TestKioskClient::idleWarnsThenLocks()
{
    signIn();
    QVERIFY(vaultSessionOpen());
    QSignalSpy locked(m_session.get(), &Session::locked);
    m_session->setIdleTimeoutSeconds(3);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->idleWarning(), 5000);
    QVERIFY(m_session->idleSecondsLeft() <= 1);
    // Activity dismisses the warning; then, left alone, the session locks.
    m_session->noteActivity();
    QVERIFY(!m_session->idleWarning());
    QCOMPARE(m_session->state(), Session::State::Ready);
    QTRY_COMPARE_WITH_TIMEOUT(locked.size(), 1, 6000);
    QCOMPARE(m_session->lockReason(), Session::LockReason::Idle);
    QCOMPARE(m_session->desk()->subjects()->rowCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000); // the card is still in
    QTRY_VERIFY_WITH_TIMEOUT(!vaultSessionOpen(), 5000);
}

QTEST_GUILESS_MAIN(TestKioskClient)
#include "tst_kiosk_client.moc"
