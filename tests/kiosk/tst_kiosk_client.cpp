// SPDX-License-Identifier: GPL-3.0-or-later
// The kiosk's state (mamori::kiosk_client) against the real vault daemon and a real PKCS#11 token:
// error numbers and words from D-Bus errors; live number validation; the sign-in state machine
// (card in → PIN → purpose → clerk home), a wrong PIN, the card pulled out (lock within 1 s, every
// model empty, the vault's session gone); the subject list under QAbstractItemModelTester with
// keyset paging, search by code and by kana (hiragana typed), and the filters; a person's detail
// with dependents (also under the tester), registering an employee and a dependent, setting a
// number, recording the identity check; the step-up reveal and the re-mask after the timeout; the
// clerk's remaining acts: editing a person and replacing a number, documents, the CSV import (a
// masked preview, the all-or-nothing refusal with its issues, then the valid rows only, a cancel),
// export to a file on the medium and provision to the outbox with the card's step-up, the bulk
// path (refused without, then run with an officer's approval), and the disposal due list from
// request to certificate. Every model under QAbstractItemModelTester.
// Numbers are synthetic and compared, never printed.

#include "kiosk/client/import_preview_model.h"
#include "kiosk/client/number_input.h"
#include "kiosk/client/pkcs11_card_reader.h"
#include "kiosk/client/session.h"
#include "kiosk/client/vault_client.h"
#include "kiosk/client/vault_error.h"
#include "services/common/number_validation.h"
#include "tests/kiosk/kiosk_fixture.h"

#include <QAbstractItemModelTester>
#include <QDBusInterface>
#include <QDBusMessage>
#include <QDBusReply>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

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
    void previewMasksNumbers_data();
    void previewMasksNumbers();
    void previewEncodings();
    void editReplaceNumberAndDocuments();
    void importStrictThenValidRowsOnly();
    void exportToMediumAndProvide();
    void bulkExportNeedsApproval();
    void dueListRequestToCertificate();
    void cardRemovalLocksAndClears();
    void idleWarnsThenLocks();

private:
    void signIn();
    bool vaultSessionOpen();
    // Every page of the subject list, with the current query.
    void loadAllSubjects();
    // The id of the person with `code` (searched by code prefix); empty if not found.
    QString subjectIdOf(const QString& code);
    void useSessionForStepUps();
    void writeMediaFile(const QString& name, const QByteArray& bytes);
    QStringList mediaFiles() const;
    static QString syntheticNumber(int serial);
    QTemporaryDir m_media;

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

QString TestKioskClient::syntheticNumber(int serial)
{
    const std::string body = QStringLiteral("5550%1").arg(serial, 7, 10, QLatin1Char('0')).toStdString();
    const int check = individualCheckDigit(std::span<const char, 11>(body.data(), 11));
    return QString::fromStdString(body) + QString::number(check);
}

void TestKioskClient::loadAllSubjects()
{
    SubjectListModel* subjects = m_session->desk()->subjects();
    subjects->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!subjects->loading(), 10000);
    while (subjects->canFetchMore({}) || subjects->loading()) {
        if (subjects->canFetchMore({}))
            subjects->fetchMore({});
        QTest::qWait(20);
    }
}

QString TestKioskClient::subjectIdOf(const QString& code)
{
    SubjectListModel* subjects = m_session->desk()->subjects();
    subjects->setSearch(code);
    loadAllSubjects();
    QString id;
    for (int row = 0; row < subjects->rowCount(); ++row)
        if (subjects->index(row).data(SubjectListModel::CodeRole).toString() == code)
            id = subjects->index(row).data(SubjectListModel::IdRole).toString();
    subjects->setSearch(QString());
    return id;
}

void TestKioskClient::useSessionForStepUps()
{
    // What Session's constructor is to do (see ClerkDesk::setStepUpHook): the desk asks Session for the PIN.
    m_session->desk()->setStepUpHook(
        [session = m_session.get()](const QString& operation, const QVariantMap& arguments, ClerkDesk::StepUpAct act) {
            session->requestStepUp(operation, arguments, std::move(act));
            return session->stepUpPending();
        });
}

void TestKioskClient::writeMediaFile(const QString& name, const QByteArray& bytes)
{
    QFile file(QDir(m_media.path()).filePath(name));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

QStringList TestKioskClient::mediaFiles() const
{
    return QDir(m_media.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

void TestKioskClient::previewMasksNumbers_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("shown");
    QTest::newRow("plain text") << QStringLiteral("試験 太郎") << QStringLiteral("試験 太郎");
    QTest::newRow("a date stays") << QStringLiteral("1985-04-01") << QStringLiteral("1985-04-01");
    QTest::newRow("a phone number stays") << QStringLiteral("03-1234-5678") << QStringLiteral("03-1234-5678");
    QTest::newRow("twelve digits") << QStringLiteral("番号123456789018です") << QStringLiteral("番号••••です");
    QTest::newRow("grouped 4-4-4") << QStringLiteral("1234-5678-9018") << QStringLiteral("••••");
    QTest::newRow("full-width with spaces") << QStringLiteral("１２３４ ５６７８ ９０１８") << QStringLiteral("••••");
    QTest::newRow("thirteen digits") << QStringLiteral("x 1234567890123 y") << QStringLiteral("x •••• y");
}

void TestKioskClient::previewMasksNumbers()
{
    QFETCH(QString, cell);
    QFETCH(QString, shown);
    QVERIFY(ImportPreviewModel::maskDigitRuns(cell) == shown); // compared, never printed
    QVERIFY(ImportPreviewModel::isNumberColumn(QStringLiteral("個人番号")));
    QVERIFY(ImportPreviewModel::isNumberColumn(QStringLiteral("My Number")));
    QVERIFY(ImportPreviewModel::isNumberColumn(QStringLiteral("ﾏｲﾅﾝﾊﾞｰ")));
    QVERIFY(ImportPreviewModel::isNumberColumn(QStringLiteral("法人番号")));
    QVERIFY(!ImportPreviewModel::isNumberColumn(QStringLiteral("社員番号")));
}

void TestKioskClient::previewEncodings()
{
    ImportPreviewModel preview;
    QAbstractItemModelTester tester(&preview, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Shift_JIS (CP932) as Windows writes it: 社員番号,氏名 / E1,試験
    QByteArray sjis = QByteArray::fromHex("8ed088f594d48d86") + "," + QByteArray::fromHex("8e8196bc") + "\r\nE1," +
                      QByteArray::fromHex("8e8e8cb1") + "\r\n";
    QCOMPARE(preview.load(sjis), 0);
    QVERIFY(sjis.isEmpty()); // wiped
    QCOMPARE(preview.encoding(), QStringLiteral("cp932"));
    QCOMPARE(preview.columns(), (QStringList{QStringLiteral("社員番号"), QStringLiteral("氏名")}));
    QCOMPARE(preview.rowCount(), 1);
    QCOMPARE(preview.index(0).data(ImportPreviewModel::CellsRole).toStringList(),
             (QStringList{QStringLiteral("E1"), QStringLiteral("試験")}));
    QCOMPARE(preview.index(0).data(ImportPreviewModel::LineRole).toInt(), 2);
    // UTF-16 (Excel's "Unicode text") is refused, with the words for "save as UTF-8".
    QByteArray utf16 = QByteArray::fromHex("fffe") + QByteArray("a\0,\0b\0", 6);
    QCOMPARE(preview.load(utf16), 11);
    QCOMPARE(preview.rowCount(), 0);
    // A quoted field with a line break: one record, and the next record's line says so.
    QByteArray quoted("code,address\nE1,\"東京都\n千代田区\"\nE2,x\n");
    QCOMPARE(preview.load(quoted), 0);
    QCOMPARE(preview.rowCount(), 2);
    QCOMPARE(preview.totalRows(), 2);
    QCOMPARE(preview.index(1).data(ImportPreviewModel::LineRole).toInt(), 4);
    QByteArray empty;
    QCOMPARE(preview.load(empty), 4);
    preview.clear();
    QCOMPARE(preview.rowCount(), 0);
}

void TestKioskClient::editReplaceNumberAndDocuments()
{
    ClerkDesk* desk = m_session->desk();
    SubjectDetail* detail = desk->detail();
    QAbstractItemModelTester documentsTester(detail->documents(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString e101 = subjectIdOf(QStringLiteral("E101"));
    QVERIFY(!e101.isEmpty());
    desk->openSubject(e101);
    QTRY_VERIFY_WITH_TIMEOUT(detail->loaded() && detail->subjectId() == e101, 10000);

    // Edit: only what changes is sent; the detail shows it after.
    QSignalSpy edited(desk, &ClerkDesk::edited);
    desk->editSubject(e101, {{QStringLiteral("name"), QStringLiteral("変更 後")},
                             {QStringLiteral("address"), QStringLiteral("東京都千代田区1-1")},
                             {QStringLiteral("color"), QStringLiteral("ignored: not an edit key")}});
    QTRY_COMPARE_WITH_TIMEOUT(edited.size(), 1, 10000);
    QCOMPARE(desk->error(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(detail->name(), QStringLiteral("変更 後"), 10000);
    QCOMPARE(detail->address(), QStringLiteral("東京都千代田区1-1"));
    // Nothing to edit: refused here, nothing sent. A bad status: refused by the vault.
    desk->editSubject(e101, {});
    QCOMPARE(desk->error(), 2);
    desk->editSubject(e101, {{QStringLiteral("status"), QStringLiteral("retired")}});
    QTRY_COMPARE_WITH_TIMEOUT(desk->error(), 2, 10000);
    QCOMPARE(edited.size(), 1);

    // The number set, then replaced: the first one is free again for someone else.
    QSignalSpy saved(desk, &ClerkDesk::numberSaved);
    NumberInput input;
    input.setText(syntheticNumber(1));
    desk->setNumber(e101, &input);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(detail->hasNumber(), 10000);
    input.setText(syntheticNumber(2));
    desk->setNumber(e101, &input);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 2, 10000);
    QCOMPARE(desk->error(), 0);
    const QString e102 = subjectIdOf(QStringLiteral("E102"));
    input.setText(syntheticNumber(1));
    desk->setNumber(e102, &input);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 3, 10000);
    QCOMPARE(desk->error(), 0);

    // Documents: recorded with their retention rule and dates, listed in the detail.
    desk->openSubject(e101);
    QTRY_VERIFY_WITH_TIMEOUT(detail->loaded() && detail->subjectId() == e101, 10000);
    QCOMPARE(detail->documents()->rowCount(), 0);
    QVERIFY(ClerkDesk::retentionRules().contains(QStringLiteral("fuyo_kojo_shinkokusho")));
    QSignalSpy recorded(desk, &ClerkDesk::documentRecorded);
    desk->recordDocument(e101, {{QStringLiteral("ruleCode"), QStringLiteral("fuyo_kojo_shinkokusho")},
                                {QStringLiteral("taxYear"), QStringLiteral("2025")},
                                {QStringLiteral("filed"), QStringLiteral("2025-01-10")},
                                {QStringLiteral("deadline"), QString()}});
    QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 1, 10000);
    QCOMPARE(desk->error(), 0);
    QVERIFY(recorded.at(0).at(1).toLongLong() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(detail->documents()->rowCount(), 1, 10000);
    const QModelIndex document = detail->documents()->index(0);
    QCOMPARE(document.data(DocumentModel::RuleCodeRole).toString(), QStringLiteral("fuyo_kojo_shinkokusho"));
    QCOMPARE(document.data(DocumentModel::TaxYearRole).toInt(), 2025);
    QCOMPARE(document.data(DocumentModel::FiledRole).toString(), QStringLiteral("2025-01-10"));
    QVERIFY(document.data(DocumentModel::CompletedRole).toString().isEmpty());
    // A tax year that is not a number is refused here; an unknown rule by the vault.
    desk->recordDocument(e101, {{QStringLiteral("ruleCode"), QStringLiteral("gensen_choshuhyo")},
                                {QStringLiteral("taxYear"), QStringLiteral("20x5")}});
    QCOMPARE(desk->error(), 2);
    desk->recordDocument(e101, {{QStringLiteral("ruleCode"), QStringLiteral("no_such_rule")}});
    QTRY_VERIFY_WITH_TIMEOUT(desk->error() != 0, 10000);
    QCOMPARE(recorded.size(), 1);
    desk->clearError();
}

void TestKioskClient::importStrictThenValidRowsOnly()
{
    ClerkDesk* desk = m_session->desk();
    ImportJob* job = desk->importer();
    QAbstractItemModelTester previewTester(job->preview(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester issuesTester(job->issues(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(m_media.isValid());

    // No medium yet.
    desk->setMediaDirectory(m_media.filePath(QStringLiteral("absent")));
    QVERIFY(!job->mediumPresent());
    QVERIFY(job->files().isEmpty());

    // Three good rows, one with a wrong check digit, one without a name (payroll software's Japanese header).
    QString wrong = syntheticNumber(13);
    wrong[11] = QChar(u'0' + (wrong.at(11).digitValue() + 1) % 10);
    QByteArray csv = "社員番号,氏名,フリガナ,生年月日,部署,個人番号\r\n";
    csv += "I200,取込 一,トリコミ イチ,1980-01-01,sales," + syntheticNumber(10).toLatin1() + "\r\n";
    csv += "I201,取込 二,トリコミ ニ,1981-02-02,sales," + syntheticNumber(11).toLatin1() + "\r\n";
    csv += "I202,取込 三,トリコミ サン,1982-03-03,sales," + syntheticNumber(12).toLatin1() + "\r\n";
    csv += "I203,取込 四,トリコミ ヨン,1983-04-04,sales," + wrong.toLatin1() + "\r\n";
    csv += "I204,,トリコミ ゴ,1984-05-05,sales," + syntheticNumber(14).toLatin1() + "\r\n";
    writeMediaFile(QStringLiteral("staff.csv"), csv);
    writeMediaFile(QStringLiteral("notes.txt"), "not a CSV");
    desk->setMediaDirectory(m_media.path());
    QVERIFY(job->mediumPresent());
    QCOMPARE(job->files(), QStringList{QStringLiteral("staff.csv")});

    // The preview: header, rows, the number column masked, no number anywhere.
    job->choose(QStringLiteral("staff.csv"));
    QCOMPARE(job->state(), ImportJob::State::Previewed);
    QCOMPARE(job->fileSize(), qlonglong{csv.size()});
    QCOMPARE(job->preview()->columns().size(), 6);
    QCOMPARE(job->preview()->maskedColumns(), QList<int>{5});
    QCOMPARE(job->preview()->rowCount(), 5);
    QCOMPARE(job->preview()->totalRows(), 5);
    for (int row = 0; row < job->preview()->rowCount(); ++row) {
        const QStringList cells = job->preview()->index(row).data(ImportPreviewModel::CellsRole).toStringList();
        QCOMPARE(cells.size(), 6);
        QVERIFY(cells.at(5) == ImportPreviewModel::kMask);
        for (int serial = 10; serial <= 14; ++serial)
            QVERIFY(!cells.join(QString()).contains(syntheticNumber(serial).left(8)));
    }
    QCOMPARE(job->preview()->index(0).data(ImportPreviewModel::LineRole).toInt(), 2);
    QCOMPARE(job->preview()->index(0).data(ImportPreviewModel::CellsRole).toStringList().at(0), QStringLiteral("I200"));

    const qlonglong before = m_session->desk()->subjects()->total();
    // All or nothing: refused, the issues by line and column, nothing written.
    job->start(false);
    QCOMPARE(job->state(), ImportJob::State::Running);
    QTRY_VERIFY_WITH_TIMEOUT(job->state() != ImportJob::State::Running, 20000);
    QVERIFY2(job->state() == ImportJob::State::Refused, qPrintable(QString::number(job->error())));
    QCOMPARE(job->rows(), qlonglong{5});
    QCOMPARE(job->imported(), qlonglong{0});
    QCOMPARE(job->issues()->rowsWithIssues(), 2);
    bool checkDigit = false, missingName = false;
    for (int row = 0; row < job->issues()->rowCount(); ++row) {
        const QModelIndex issue = job->issues()->index(row);
        const int line = issue.data(ImportIssueModel::LineRole).toInt();
        const QString column = issue.data(ImportIssueModel::ColumnRole).toString();
        const int error = issue.data(ImportIssueModel::ErrorRole).toInt();
        checkDigit = checkDigit || (line == 5 && column == QStringLiteral("個人番号") && error == 502);
        missingName = missingName || (line == 6 && column == QStringLiteral("氏名") && error == 2);
        const QString detail = issue.data(ImportIssueModel::DetailRole).toString();
        for (int serial = 10; serial <= 14; ++serial) // never a value
            QVERIFY(!detail.contains(syntheticNumber(serial).left(8)));
    }
    QVERIFY(checkDigit);
    QVERIFY(missingName);
    QVERIFY(subjectIdOf(QStringLiteral("I200")).isEmpty());
    loadAllSubjects();
    QCOMPARE(m_session->desk()->subjects()->total(), before);

    // A cancel while the vault works returns at once; the strict import has issues, so nothing came of it.
    job->start(false);
    QCOMPARE(job->state(), ImportJob::State::Running);
    job->cancel();
    QCOMPARE(job->state(), ImportJob::State::Cancelled);
    QTest::qWait(1500);
    QCOMPARE(job->importedAfterCancel(), qlonglong{0});
    QVERIFY(subjectIdOf(QStringLiteral("I200")).isEmpty());

    // The clerk chooses the valid rows only.
    QSignalSpy importedRows(job, &ImportJob::importedRows);
    job->start(true);
    QTRY_VERIFY_WITH_TIMEOUT(job->state() != ImportJob::State::Running, 20000);
    QVERIFY2(job->state() == ImportJob::State::Done, qPrintable(QString::number(job->error())));
    QCOMPARE(job->imported(), qlonglong{3});
    QCOMPARE(job->skipped(), qlonglong{2});
    QCOMPARE(job->issues()->rowsWithIssues(), 2);
    QCOMPARE(importedRows.size(), 1);
    QVERIFY(!subjectIdOf(QStringLiteral("I200")).isEmpty());
    QVERIFY(subjectIdOf(QStringLiteral("I203")).isEmpty());

    // The same file again: every row is now a duplicate; refused as a whole.
    job->start(false);
    QTRY_VERIFY_WITH_TIMEOUT(job->state() != ImportJob::State::Running, 20000);
    QCOMPARE(job->state(), ImportJob::State::Refused);
    // A file that is not CSV at all: the vault refuses the whole file.
    writeMediaFile(QStringLiteral("broken.csv"), "a,\"b\n");
    job->reset();
    QVERIFY(job->files().contains(QStringLiteral("broken.csv")));
    job->choose(QStringLiteral("broken.csv"));
    job->start(false);
    QTRY_VERIFY_WITH_TIMEOUT(job->state() != ImportJob::State::Running, 20000);
    QCOMPARE(job->state(), ImportJob::State::Failed);
    QVERIFY(job->error() != 0);
    job->reset();
    QCOMPARE(job->state(), ImportJob::State::Idle);
    QCOMPARE(job->preview()->rowCount(), 0);
    QFile::remove(m_media.filePath(QStringLiteral("broken.csv")));
    QFile::remove(m_media.filePath(QStringLiteral("staff.csv")));
    QFile::remove(m_media.filePath(QStringLiteral("notes.txt")));
}

void TestKioskClient::exportToMediumAndProvide()
{
    ClerkDesk* desk = m_session->desk();
    ExportJob* job = desk->exporter();
    SubjectListModel* subjects = desk->subjects();
    QAbstractItemModelTester destinationsTester(job->destinations(),
                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester subjectsTester(subjects, QAbstractItemModelTester::FailureReportingMode::QtTest);
    desk->setMediaDirectory(m_media.path());
    useSessionForStepUps();
    job->load();
    QTRY_COMPARE_WITH_TIMEOUT(job->destinations()->rowCount(), 3, 10000);
    const QVariantMap usb = job->destinations()->get(job->destinations()->rowOf(QStringLiteral("usb")));
    QCOMPARE(usb.value(QStringLiteral("kind")).toString(), QStringLiteral("medium"));
    QVERIFY(usb.value(QStringLiteral("numbersAllowed")).toBool());

    // Validation before anything starts: nobody selected, no destination.
    subjects->clearSelection();
    job->setDestination(QString());
    QCOMPARE(job->problem(), ExportJob::Problem::NoSubjects);
    loadAllSubjects();
    QVERIFY(subjects->rowCount() >= 3);
    QCOMPARE(subjects->index(0).data(SubjectListModel::CodeRole).toString(), QStringLiteral("E100"));
    subjects->setSelected(0, true);
    subjects->toggleSelected(1);
    subjects->setSelected(2, true);
    QCOMPARE(subjects->selectedCount(), 3);
    QVERIFY(subjects->index(1).data(SubjectListModel::SelectedRole).toBool());
    QCOMPARE(job->subjectCount(), 3);
    QCOMPARE(job->problem(), ExportJob::Problem::NoDestination);
    job->setDestination(QStringLiteral("usb"));
    QCOMPARE(job->problem(), ExportJob::Problem::None);
    QVERIFY(!job->needsApproval());

    // Export: the card signs after the PIN, the vault writes the file the kiosk opened (0600).
    const QStringList before = mediaFiles();
    job->start();
    QCOMPARE(job->state(), ExportJob::State::Signing);
    QVERIFY(m_session->stepUpPending());
    QCOMPARE(m_session->stepUpOperation(), QStringLiteral("export"));
    m_session->submitStepUpPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_VERIFY_WITH_TIMEOUT(job->state() != ExportJob::State::Signing && job->state() != ExportJob::State::Running,
                             20000);
    QVERIFY2(job->state() == ExportJob::State::Done, qPrintable(QString::number(job->error())));
    QVERIFY(!m_session->stepUpPending());
    QCOMPARE(job->resultOperation(), QStringLiteral("export"));
    QCOMPARE(job->resultSubjects(), qlonglong{3});
    QVERIFY(job->resultContainsNumbers());
    QVERIFY(job->resultSequence() > 0);
    QVERIFY(job->resultFile().startsWith(QStringLiteral("mamori-export-")));
    const QStringList after = mediaFiles();
    QCOMPARE(after.size(), before.size() + 1); // no .part left behind
    QVERIFY(after.contains(job->resultFile()));
    const QString path = QDir(m_media.path()).filePath(job->resultFile());
    struct stat info {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, 0600u);
    QFile exported(path);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QByteArray payload = exported.readAll();
    QCOMPARE(payload.size(), job->resultBytes());
    QVERIFY(payload.startsWith("employee_code,kind,parent_code,name,name_kana,birth_date,individual_number\r\n"));
    QCOMPARE(payload.count("\r\n"), 4);
    QVERIFY(payload.contains(KioskFixture::kNumber)); // compared, never printed

    // The medium that may not hold numbers: the payload leaves them out.
    job->setDestination(QStringLiteral("usb_plain"));
    job->start();
    m_session->submitStepUpPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_VERIFY_WITH_TIMEOUT(job->state() == ExportJob::State::Done || job->state() == ExportJob::State::Failed, 20000);
    QCOMPARE(job->state(), ExportJob::State::Done);
    QVERIFY(!job->resultContainsNumbers());

    // Provide to the payroll endpoint: payload and envelope in the courier's outbox.
    job->setDestination(QStringLiteral("payroll"));
    QCOMPARE(job->destinationKind(), QStringLiteral("endpoint"));
    job->start();
    QCOMPARE(m_session->stepUpOperation(), QStringLiteral("provide"));
    m_session->submitStepUpPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_VERIFY_WITH_TIMEOUT(job->state() == ExportJob::State::Done || job->state() == ExportJob::State::Failed, 20000);
    QVERIFY2(job->state() == ExportJob::State::Done, qPrintable(QString::number(job->error())));
    QCOMPARE(job->resultOperation(), QStringLiteral("provide"));
    const QDir outbox(m_fixture.outboxDir());
    QVERIFY(outbox.exists(job->resultFile()));
    QVERIFY(outbox.exists(job->resultFile() + QStringLiteral(".json")));

    // Cancelled at the PIN: nothing happens, nothing is written.
    const QStringList files = mediaFiles();
    job->setDestination(QStringLiteral("usb"));
    job->start();
    QVERIFY(m_session->stepUpPending());
    m_session->cancelStepUp();
    job->cancel();
    QCOMPARE(job->state(), ExportJob::State::Cancelled);
    QTest::qWait(300);
    QCOMPARE(mediaFiles(), files);

    // The medium pulled out: said before anything starts.
    desk->setMediaDirectory(m_media.filePath(QStringLiteral("absent")));
    QCOMPARE(job->problem(), ExportJob::Problem::NoMedium);
    desk->setMediaDirectory(m_media.path());
    job->reset();
    subjects->clearSelection();
    QCOMPARE(job->subjectCount(), 0);
}

void TestKioskClient::bulkExportNeedsApproval()
{
    ClerkDesk* desk = m_session->desk();
    ExportJob* job = desk->exporter();
    SubjectListModel* subjects = desk->subjects();
    QAbstractItemModelTester requestsTester(job->requests(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    useSessionForStepUps();
    subjects->setSearch(QStringLiteral("E1"));
    loadAllSubjects();
    subjects->selectAllShown();
    subjects->setSearch(QString());
    const int count = subjects->selectedCount();
    QVERIFY(count > ExportJob::kDefaultBulkThreshold);
    job->setDestination(QStringLiteral("usb"));
    QCOMPARE(job->problem(), ExportJob::Problem::None);
    QVERIFY(job->needsApproval());
    // Above the threshold the kiosk does not even ask for the PIN ...
    job->start();
    QCOMPARE(job->state(), ExportJob::State::Idle);
    QVERIFY(!m_session->stepUpPending());
    // ... and the vault refuses it anyway, signed or not, without an approved request.
    const QStringList files = mediaFiles();
    job->setBulkThreshold(1000);
    job->start();
    QVERIFY(m_session->stepUpPending());
    m_session->submitStepUpPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_VERIFY_WITH_TIMEOUT(job->state() == ExportJob::State::Done || job->state() == ExportJob::State::Failed, 20000);
    QCOMPARE(job->state(), ExportJob::State::Failed);
    QCOMPARE(job->error(), 3);
    QCOMPARE(mediaFiles(), files); // the file the kiosk opened is gone again
    QCOMPARE(m_session->state(), Session::State::Ready);
    job->setBulkThreshold(ExportJob::kDefaultBulkThreshold);

    // The request; the officer approves at "the same terminal"; the clerk runs exactly that list.
    job->requestApproval();
    QTRY_COMPARE_WITH_TIMEOUT(job->state(), ExportJob::State::Requested, 10000);
    const qlonglong request = job->requestId();
    QVERIFY(request > 0);
    QTRY_COMPARE_WITH_TIMEOUT(job->requestStatus(), QStringLiteral("pending"), 10000);
    QCOMPARE(job->requests()->rowCount(), 1);
    QCOMPARE(job->requests()->index(0).data(ExportRequestModel::SubjectsRole).toLongLong(), qlonglong{count});
    QVERIFY(job->canRun(request));
    // Not approved yet: the vault refuses to run it.
    job->runApproved(request);
    m_session->submitStepUpPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_VERIFY_WITH_TIMEOUT(job->state() == ExportJob::State::Done || job->state() == ExportJob::State::Failed, 20000);
    QCOMPARE(job->state(), ExportJob::State::Failed);
    QCOMPARE(job->error(), 3);

    const Status approved = m_fixture.approveAsOfficer(QStringLiteral("export"), request);
    QVERIFY2(approved.ok(), approved.ok() ? "" : approved.error().describe().c_str());
    job->loadRequests();
    QTRY_COMPARE_WITH_TIMEOUT(job->requestStatus(), QStringLiteral("approved"), 10000);
    subjects->clearSelection(); // the request's own list is what runs, not the selection
    job->runApproved(request);
    QCOMPARE(m_session->stepUpOperation(), QStringLiteral("export"));
    m_session->submitStepUpPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_VERIFY_WITH_TIMEOUT(job->state() == ExportJob::State::Done || job->state() == ExportJob::State::Failed, 20000);
    QVERIFY2(job->state() == ExportJob::State::Done, qPrintable(QString::number(job->error())));
    QCOMPARE(job->resultSubjects(), qlonglong{count});
    QVERIFY(QFile::exists(QDir(m_media.path()).filePath(job->resultFile())));
    QTRY_COMPARE_WITH_TIMEOUT(job->requests()->rowCount(), 0, 10000); // executed: no longer listed
    QVERIFY(!job->canRun(request));
    job->reset();
}

void TestKioskClient::dueListRequestToCertificate()
{
    ClerkDesk* desk = m_session->desk();
    DueListModel* due = desk->dueList();
    QAbstractItemModelTester dueTester(due, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString leaver = subjectIdOf(QStringLiteral("E124"));
    QVERIFY(!leaver.isEmpty());
    desk->loadDueList();
    QTRY_VERIFY_WITH_TIMEOUT(!desk->dueLoading(), 10000);
    QCOMPARE(due->rowOf(leaver), -1);

    // E124 left at the end of March 2020, no document keeps the number: due.
    QSignalSpy edited(desk, &ClerkDesk::edited);
    desk->editSubject(leaver, {{QStringLiteral("status"), QStringLiteral("left")},
                               {QStringLiteral("statusDate"), QStringLiteral("2020-03-31")}});
    QTRY_COMPARE_WITH_TIMEOUT(edited.size(), 1, 10000);
    // E123 left too, but keeps a document whose retention has not ended.
    const QString keeper = subjectIdOf(QStringLiteral("E123"));
    QSignalSpy recorded(desk, &ClerkDesk::documentRecorded);
    desk->recordDocument(keeper, {{QStringLiteral("ruleCode"), QStringLiteral("fuyo_kojo_shinkokusho")},
                                  {QStringLiteral("taxYear"), QStringLiteral("2025")}});
    QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 1, 10000);
    desk->editSubject(keeper, {{QStringLiteral("status"), QStringLiteral("left")},
                               {QStringLiteral("statusDate"), QStringLiteral("2024-12-31")}});
    QTRY_COMPARE_WITH_TIMEOUT(edited.size(), 2, 10000);

    desk->loadDueList();
    QTRY_VERIFY_WITH_TIMEOUT(due->rowOf(leaver) >= 0 && due->rowOf(keeper) >= 0, 10000);
    const QModelIndex leaverRow = due->index(due->rowOf(leaver));
    QCOMPARE(leaverRow.data(DueListModel::CodeRole).toString(), QStringLiteral("E124"));
    QVERIFY(leaverRow.data(DueListModel::DueRole).toBool());
    QCOMPARE(leaverRow.data(DueListModel::RequestRole).toLongLong(), qlonglong{0});
    const QModelIndex keeperRow = due->index(due->rowOf(keeper));
    QVERIFY(!keeperRow.data(DueListModel::DueRole).toBool());
    QCOMPARE(keeperRow.data(DueListModel::BlockedByRole).toString(), QStringLiteral("document_retained"));
    QVERIFY(due->dueCount() >= 1);

    // The list's filter "due for disposal": the due one only, codes only.
    SubjectListModel* subjects = desk->subjects();
    subjects->setDueForDisposal(true);
    loadAllSubjects();
    QStringList codes;
    for (int row = 0; row < subjects->rowCount(); ++row)
        codes << subjects->index(row).data(SubjectListModel::CodeRole).toString();
    QVERIFY(codes.contains(QStringLiteral("E124")));
    QVERIFY(!codes.contains(QStringLiteral("E123")));
    QCOMPARE(subjects->total(), qlonglong{codes.size()});
    subjects->setDueForDisposal(false);

    // Request → not approved yet → the officer approves → carried out, with the signed certificate.
    QSignalSpy requested(desk, &ClerkDesk::disposalRequested);
    desk->requestDisposal(leaver);
    QTRY_COMPARE_WITH_TIMEOUT(requested.size(), 1, 10000);
    const qlonglong request = requested.at(0).at(1).toLongLong();
    QVERIFY(request > 0);
    QTRY_COMPARE_WITH_TIMEOUT(due->index(due->rowOf(leaver)).data(DueListModel::RequestRole).toLongLong(), request,
                              10000);
    desk->executeDisposal(request);
    QTRY_COMPARE_WITH_TIMEOUT(desk->error(), 2, 10000);
    QCOMPARE(desk->certificateRequestId(), qlonglong{0});
    const Status approved = m_fixture.approveAsOfficer(QStringLiteral("disposal"), request);
    QVERIFY2(approved.ok(), approved.ok() ? "" : approved.error().describe().c_str());
    QSignalSpy executed(desk, &ClerkDesk::disposalExecuted);
    desk->executeDisposal(request);
    QTRY_COMPARE_WITH_TIMEOUT(executed.size(), 1, 10000);
    QCOMPARE(desk->error(), 0);
    QCOMPARE(desk->certificateRequestId(), request);
    QVERIFY(desk->certificateSigned());
    QTRY_COMPARE_WITH_TIMEOUT(due->rowOf(leaver), -1, 10000);
    desk->openSubject(leaver);
    QTRY_COMPARE_WITH_TIMEOUT(desk->detail()->error(), 4, 10000); // gone
    desk->openSubject(m_fixture.numberedSubjectId());
    QTRY_VERIFY_WITH_TIMEOUT(desk->detail()->loaded(), 10000);
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
    QCOMPARE(desk->detail()->documents()->rowCount(), 0);
    QCOMPARE(desk->dueList()->rowCount(), 0);
    QCOMPARE(desk->certificateRequestId(), qlonglong{0});
    QCOMPARE(desk->importer()->state(), ImportJob::State::Idle);
    QCOMPARE(desk->importer()->preview()->rowCount(), 0);
    QCOMPARE(desk->importer()->issues()->rowCount(), 0);
    QCOMPARE(desk->exporter()->destinations()->rowCount(), 0);
    QCOMPARE(desk->exporter()->requests()->rowCount(), 0);
    QCOMPARE(desk->subjects()->selectedCount(), 0);
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
