// SPDX-License-Identifier: GPL-3.0-or-later
// The officer's and administrator's state (OversightDesk) against the real vault daemon and a real
// PKCS#11 token whose holder is an officer and an administrator: sign-in skips the purpose (only a
// clerk's acts name one) and opens the officer's workspace; a bulk export a clerk asked for waits
// in the approvals and is approved with this card's step-up (PIN again), after which the log shows
// the approval signed by the card; the log pages newest first with keyset paging and filters by
// action and by person; the cards list and a revocation; the chain check and the device's state;
// switching workspaces only to roles held; and a card pulled out empties every model. Every model
// runs under QAbstractItemModelTester. Audit entries hold no number, so nothing here prints one.
//
// Card enrolment at the kiosk: a new card's certificate (a software card, tests/support/test_card.h)
// on a temporary medium as PEM and DER — the listing (certificate names only; no link, FIFO,
// directory or oversized file), the file read and shown (card id, common name, validity), refusals
// that change nothing (malformed, not a regular file, outside the listing, a bad name or role, a
// card already enrolled: the audit head stays where it was), then CreateUser + EnrolCard: the card
// is listed and signs in; a clerk's and an officer's session are refused by the vault.
//
// Backup to the medium (BackupJob): the final file alone on a temporary medium, 0600, its size the
// vault's `bytes`, named after the device and the backup's time, a "backup" entry in the log and
// the device's "last backup" read again; a cancel leaves nothing on the medium (even once the vault
// has finished); a clerk's and an officer's session are refused (E0003) with no file; no medium or
// an unwritable one fails before the vault is asked; a card pulled out mid-backup clears the job
// and leaves no file.

#include "kiosk/client/backup_job.h"
#include "kiosk/client/certificate_file.h"
#include "kiosk/client/oversight_desk.h"
#include "kiosk/client/pkcs11_card_reader.h"
#include "kiosk/client/session.h"
#include "kiosk/client/vault_client.h"
#include "tests/kiosk/kiosk_fixture.h"
#include "tests/support/test_card.h"

#include <QAbstractItemModelTester>
#include <QDBusArgument>
#include <QDBusInterface>
#include <QDBusMessage>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace mamori;
using namespace mamori::ui;
using mamori::test::KioskFixture;
using mamori::test::TestCard;

namespace {

QByteArray derOf(const TestCard& card)
{
    const auto& der = card.certificateDer();
    return QByteArray(reinterpret_cast<const char*>(der.data()), static_cast<qsizetype>(der.size()));
}

QByteArray pemOf(const QByteArray& der)
{
    QByteArray pem = "-----BEGIN CERTIFICATE-----\n";
    const QByteArray base64 = der.toBase64();
    for (qsizetype at = 0; at < base64.size(); at += 64)
        pem += base64.mid(at, 64) + '\n';
    return pem + "-----END CERTIFICATE-----\n";
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

int number(ErrorCode code) { return static_cast<int>(errorNumber(code)); }

// Everything in a directory, hidden files (a left-over .part) included.
QStringList entriesOf(const QString& path)
{
    return QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestKioskOversight : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void signInOpensTheOfficerWorkspace();
    void approveABulkExportWithTheCard();
    void logPagesAndFilters();
    void cardsAndRevocation();
    void certificateFileParsing_data();
    void certificateFileParsing();
    void enrolFromTheMedium();
    void enrolmentRefusedWithoutTheAdministratorRole();
    void alreadyEnrolledCardRefused();
    void backupToTheMedium();
    void backupCancelledLeavesNothing();
    void backupRefusedWithoutTheAdministratorRole();
    void backupWithoutAWritableMedium_data();
    void backupWithoutAWritableMedium();
    void chainAndDevice();
    void workspacesOnlyOfHeldRoles();
    void cardRemovalClearsEverything();
    void standbyShowsTheNewestBackup(); // last: it signs in again after the removal above

private:
    KioskFixture m_fixture;
    QDBusConnection m_connection{QString()};
    std::unique_ptr<VaultClient> m_vault;
    std::unique_ptr<Pkcs11CardReader> m_reader;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<QAbstractItemModelTester> m_testers[4];
    QTemporaryDir m_media;
    TestCard m_newCard{TestCard::Kind::EcP256, "Mamori kiosk test new clerk"};
    TestCard m_otherCard{TestCard::Kind::Rsa2048, "Mamori kiosk test other"};

    qulonglong auditHead();
    int enrolEntries() { return auditEntries(QStringLiteral("enrol")); }
    int auditEntries(const QString& action);
    int cardCount();
};

// The vault's audit head (Status, not audited): unchanged means nothing was written.
qulonglong TestKioskOversight::auditHead()
{
    QDBusInterface vault(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                         QStringLiteral("org.mamori.Vault1"), m_connection);
    const QDBusMessage reply = vault.call(QStringLiteral("Status"));
    return qdbus_cast<QVariantMap>(reply.arguments().value(0).value<QDBusArgument>())
        .value(QStringLiteral("auditHead"))
        .toULongLong();
}

// The log's entries of one action ("enrol": CreateUser, EnrolCard; done or refused).
int TestKioskOversight::auditEntries(const QString& action)
{
    QDBusInterface vault(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                         QStringLiteral("org.mamori.Vault1"), m_connection);
    const QDBusMessage reply = vault.call(
        QStringLiteral("QueryAudit"), QVariantMap{{QStringLiteral("action"), action}, {QStringLiteral("limit"), 500}});
    if (reply.type() != QDBusMessage::ReplyMessage)
        return -1;
    const QVariantMap page = qdbus_cast<QVariantMap>(reply.arguments().value(0).value<QDBusArgument>());
    return static_cast<int>(VaultClient::listOf(page.value(QStringLiteral("rows"))).size());
}

int TestKioskOversight::cardCount()
{
    OversightDesk* desk = m_session->oversight();
    desk->refreshCards();
    if (!QTest::qWaitFor([desk] { return !desk->busy(); }, 10000))
        return -1;
    return desk->cards()->count();
}

void TestKioskOversight::initTestCase()
{
    KioskFixture::Options options;
    options.cardRoles = {"officer", "admin"};
    options.pendingBulkExport = true;
    const Status started = m_fixture.start(options);
    QVERIFY2(started.ok(), started.ok() ? "" : started.error().describe().c_str());
    m_connection = m_fixture.connect(QStringLiteral("kiosk"));
    m_vault = std::make_unique<VaultClient>(m_connection);
    m_reader = std::make_unique<Pkcs11CardReader>(m_fixture.cardModule(), std::chrono::milliseconds{50});
    m_session = std::make_unique<Session>(m_vault.get(), m_reader.get());
    OversightDesk* desk = m_session->oversight();
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    m_testers[0] = std::make_unique<QAbstractItemModelTester>(desk->log(), Mode::QtTest);
    m_testers[1] = std::make_unique<QAbstractItemModelTester>(desk->alerts(), Mode::QtTest);
    m_testers[2] = std::make_unique<QAbstractItemModelTester>(desk->approvals(), Mode::QtTest);
    m_testers[3] = std::make_unique<QAbstractItemModelTester>(desk->cards(), Mode::QtTest);
    m_session->start();
}

void TestKioskOversight::cleanupTestCase()
{
    m_fixture.pauseVault(false); // in case a test stopped half-way with the vault paused
    for (auto& tester : m_testers)
        tester.reset();
    m_session.reset();
    m_reader.reset();
    m_vault.reset();
}

void TestKioskOversight::signInOpensTheOfficerWorkspace()
{
    KioskFixture::insertCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000);
    m_session->submitPin(QString::fromLatin1(KioskFixture::kPin));
    // No purpose to choose: the officer and the administrator name none.
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Ready, 10000);
    QVERIFY(m_session->purpose().isEmpty());
    QVERIFY(m_session->isOfficer() && m_session->isAdmin() && !m_session->isClerk());
    QCOMPARE(m_session->workspace(), QStringLiteral("officer"));
}

void TestKioskOversight::approveABulkExportWithTheCard()
{
    OversightDesk* desk = m_session->oversight();
    QTRY_COMPARE_WITH_TIMEOUT(desk->approvals()->count(), 1, 10000);
    const QVariantMap request = desk->approvals()->get(0);
    QCOMPARE(request.value(QStringLiteral("kind")).toString(), QStringLiteral("export"));
    QCOMPARE(request.value(QStringLiteral("subjects")).toLongLong(), 21);
    const qlonglong id = request.value(QStringLiteral("requestId")).toLongLong();

    QSignalSpy approved(desk, &OversightDesk::approved);
    desk->approve(QStringLiteral("export"), id);
    QVERIFY(m_session->stepUpPending());
    QCOMPARE(m_session->stepUpOperation(), QStringLiteral("approve_export"));
    // A wrong PIN first: the dialog stays with the card's error, nothing is approved.
    m_session->submitStepUpPin(QStringLiteral("0000"));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->stepUpError(), 101, 10000);
    QVERIFY(m_session->stepUpPending());
    QCOMPARE(approved.count(), 0);
    m_session->submitStepUpPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_COMPARE_WITH_TIMEOUT(approved.count(), 1, 10000);
    QVERIFY(!m_session->stepUpPending());
    QCOMPARE(m_session->stepUpError(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(desk->approvals()->count(), 0, 10000);

    // The log shows the approval, signed by this card.
    desk->log()->setAction(QStringLiteral("export_approve"));
    QTRY_COMPARE_WITH_TIMEOUT(desk->log()->count(), 1, 10000);
    const QVariantMap row = desk->log()->get(0);
    QVERIFY(row.value(QStringLiteral("signedByCard")).toBool());
    QCOMPARE(row.value(QStringLiteral("result")).toString(), QStringLiteral("ok"));
    QCOMPARE(row.value(QStringLiteral("actorRole")).toString(), QStringLiteral("officer"));
    desk->log()->setAction(QString());
}

void TestKioskOversight::logPagesAndFilters()
{
    AuditLogModel* log = m_session->oversight()->log();
    // Newest first, a page at a time, continuing below the last row shown.
    log->setPageSize(10);
    log->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!log->loading() && log->count() > 0, 10000);
    QCOMPARE(log->count(), 10); // the seeded vault has far more entries than a page
    QVERIFY(log->headSequence() > 20);
    QVERIFY(log->checkpointSequence() >= 1);
    const qulonglong first = log->get(0).value(QStringLiteral("sequence")).toULongLong();
    const qulonglong last = log->get(log->count() - 1).value(QStringLiteral("sequence")).toULongLong();
    QVERIFY(first > last);
    QCOMPARE(log->query().value(QStringLiteral("beforeSequence")).toULongLong(), last);
    QVERIFY(log->canFetchMore({}));
    log->fetchMore({});
    QTRY_VERIFY_WITH_TIMEOUT(log->count() > 10, 10000);
    QCOMPARE(log->get(10).value(QStringLiteral("sequence")).toULongLong(), last - 1);

    // By action: only registrations (the seeding registered the employees).
    log->setAction(QStringLiteral("register"));
    QTRY_VERIFY_WITH_TIMEOUT(!log->loading() && log->count() > 0, 10000);
    for (int row = 0; row < log->count(); ++row)
        QCOMPARE(log->get(row).value(QStringLiteral("action")).toString(), QStringLiteral("register"));

    // By person: the clerk (from the cards list); then a period with nothing in it.
    OversightDesk* desk = m_session->oversight();
    QTRY_VERIFY_WITH_TIMEOUT(desk->cards()->count() >= 2, 10000);
    qlonglong clerk = 0;
    for (int row = 0; row < desk->cards()->count(); ++row)
        if (desk->cards()->get(row).value(QStringLiteral("roles")).toStringList().contains(QStringLiteral("clerk")))
            clerk = desk->cards()->get(row).value(QStringLiteral("userId")).toLongLong();
    QVERIFY(clerk > 0);
    log->setUserId(clerk);
    QTRY_VERIFY_WITH_TIMEOUT(!log->loading() && log->count() > 0, 10000);
    for (int row = 0; row < log->count(); ++row)
        QCOMPARE(log->get(row).value(QStringLiteral("actorRole")).toString(), QStringLiteral("clerk"));
    log->setFromDate(QDate(2001, 1, 1));
    log->setToDate(QDate(2001, 1, 31));
    QTRY_VERIFY_WITH_TIMEOUT(!log->loading(), 10000);
    QCOMPARE(log->count(), 0);
    QVERIFY(log->query().contains(QStringLiteral("fromMs")) && log->query().contains(QStringLiteral("toMs")));
    log->clear();
    QCOMPARE(log->userId(), 0);
    QVERIFY(log->action().isEmpty());
}

void TestKioskOversight::cardsAndRevocation()
{
    OversightDesk* desk = m_session->oversight();
    desk->refreshCards();
    QTRY_VERIFY_WITH_TIMEOUT(!desk->busy() && desk->cards()->count() >= 2, 10000);
    QString clerkCard;
    for (int row = 0; row < desk->cards()->count(); ++row) {
        const QVariantMap card = desk->cards()->get(row);
        QCOMPARE(card.value(QStringLiteral("cardId")).toString().size(), 64);
        QVERIFY(!card.contains(QStringLiteral("certificate")));
        if (card.value(QStringLiteral("roles")).toStringList().contains(QStringLiteral("clerk")))
            clerkCard = card.value(QStringLiteral("cardId")).toString();
    }
    QVERIFY(!clerkCard.isEmpty());
    QSignalSpy revoked(desk, &OversightDesk::revoked);
    desk->revokeCard(clerkCard);
    QTRY_COMPARE_WITH_TIMEOUT(revoked.count(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!desk->busy(), 10000);
    bool sawRevoked = false;
    for (int row = 0; row < desk->cards()->count(); ++row) {
        const QVariantMap card = desk->cards()->get(row);
        if (card.value(QStringLiteral("cardId")).toString() == clerkCard)
            sawRevoked = card.value(QStringLiteral("revoked")).toBool();
    }
    QVERIFY(sawRevoked);
    // Malformed ids never reach the vault.
    desk->revokeCard(QStringLiteral("abc"));
    QCOMPARE(revoked.count(), 1);
}

void TestKioskOversight::certificateFileParsing_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("error");
    const QByteArray der = derOf(m_newCard);
    QTest::newRow("DER") << der << 0;
    QTest::newRow("PEM") << pemOf(der) << 0;
    QTest::newRow("PEM with CRLF") << pemOf(der).replace("\n", "\r\n") << 0;
    QTest::newRow("PEM after text") << QByteArray("Issued for the kiosk test\n") + pemOf(der) << 0;
    QTest::newRow("RSA, DER") << derOf(m_otherCard) << 0;
    QTest::newRow("empty") << QByteArray() << number(ErrorCode::InvalidArgument);
    QTest::newRow("truncated DER") << der.left(der.size() / 2) << number(ErrorCode::InvalidArgument);
    QTest::newRow("DER with trailing bytes") << der + QByteArray("xx") << number(ErrorCode::InvalidArgument);
    QTest::newRow("PEM with broken base64")
        << QByteArray("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")
        << number(ErrorCode::InvalidArgument);
    QTest::newRow("text") << QByteArray("not a certificate\n") << number(ErrorCode::InvalidArgument);
}

void TestKioskOversight::certificateFileParsing()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, error);
    CertificateSummary summary;
    QCOMPARE(parseCertificateFile(bytes, summary), error);
    if (error != 0) {
        QVERIFY(summary.cardId.isEmpty() && summary.der.isEmpty());
        return;
    }
    const TestCard& card = QTest::currentDataTag() == QLatin1String("RSA, DER") ? m_otherCard : m_newCard;
    QCOMPARE(summary.cardId, QString::fromStdString(card.cardId()));
    QCOMPARE(summary.der, derOf(card));
    QVERIFY(summary.commonName.startsWith(QStringLiteral("Mamori kiosk test ")));
    QVERIFY(summary.notBefore.isValid() && summary.notAfter.isValid() && summary.notBefore < summary.notAfter);
}

void TestKioskOversight::enrolFromTheMedium()
{
    QVERIFY(m_media.isValid());
    const QDir media(m_media.path());
    const QByteArray der = derOf(m_newCard);
    QVERIFY(writeFile(media.filePath(QStringLiteral("new_clerk.pem")), pemOf(der)));
    QVERIFY(writeFile(media.filePath(QStringLiteral("malformed.der")), der.left(40)));
    QVERIFY(writeFile(media.filePath(QStringLiteral("notes.txt")), pemOf(der)));
    QVERIFY(writeFile(media.filePath(QStringLiteral("huge.crt")), QByteArray(kMaxCertificateFileBytes + 1, 'A')));
    QVERIFY(QFile::link(media.filePath(QStringLiteral("new_clerk.pem")), media.filePath(QStringLiteral("link.pem"))));
    QVERIFY(media.mkdir(QStringLiteral("folder.cer")));
    QCOMPARE(::mkfifo(QFile::encodeName(media.filePath(QStringLiteral("pipe.pem"))).constData(), 0600), 0);

    OversightDesk* desk = m_session->oversight();
    QVERIFY(!desk->mediumPresent() || desk->mediaDirectory().isEmpty());
    // The clerk's medium is the administrator's: Session passes it on.
    m_session->desk()->setMediaDirectory(m_media.path());
    QCOMPARE(desk->mediaDirectory(), m_media.path());
    QVERIFY(desk->mediumPresent());
    QCOMPARE(desk->certificateFiles(), QStringList({QStringLiteral("malformed.der"), QStringLiteral("new_clerk.pem")}));

    const int cardsBefore = cardCount();
    QVERIFY(cardsBefore >= 3);
    const qulonglong headBefore = auditHead();
    QVERIFY(headBefore > 0);

    // Refused, and nothing reaches the vault.
    QVERIFY(!desk->chooseCertificate(QStringLiteral("malformed.der")));
    QCOMPARE(desk->enrolError(), number(ErrorCode::InvalidArgument));
    QVERIFY(desk->candidate().isEmpty());
    for (const char* name : {"pipe.pem", "folder.cer", "link.pem", "huge.crt", "notes.txt", "../new_clerk.pem"}) {
        QVERIFY(!desk->chooseCertificate(QString::fromLatin1(name)));
        QCOMPARE(desk->enrolError(), number(ErrorCode::NotFound));
        QVERIFY(desk->candidate().isEmpty());
    }
    desk->enrolCard(QStringLiteral("試験 新人"), {QStringLiteral("clerk")}, {}); // nothing chosen
    QCOMPARE(desk->enrolError(), number(ErrorCode::NotFound));
    QVERIFY(!desk->enrolling());

    // Read and shown: the card id the vault will key it by, the holder's CN, the validity.
    QVERIFY(desk->chooseCertificate(QStringLiteral("new_clerk.pem")));
    QCOMPARE(desk->enrolError(), 0);
    const QVariantMap candidate = desk->candidate();
    QCOMPARE(candidate.value(QStringLiteral("cardId")).toString(), QString::fromStdString(m_newCard.cardId()));
    QCOMPARE(candidate.value(QStringLiteral("commonName")).toString(), QStringLiteral("Mamori kiosk test new clerk"));
    QVERIFY(candidate.value(QStringLiteral("notAfterMs")).toLongLong() > QDateTime::currentMSecsSinceEpoch());
    QVERIFY(!candidate.value(QStringLiteral("expired")).toBool());
    QVERIFY(!candidate.contains(QStringLiteral("enrolledTo")));

    // A name and at least one of the kiosk's roles, checked before the vault is asked.
    desk->enrolCard(QStringLiteral("   "), {QStringLiteral("clerk")}, {});
    QCOMPARE(desk->enrolError(), number(ErrorCode::InvalidArgument));
    desk->enrolCard(QStringLiteral("試験 新人"), {}, {});
    QCOMPARE(desk->enrolError(), number(ErrorCode::InvalidArgument));
    desk->enrolCard(QStringLiteral("試験 新人"), {QStringLiteral("provisioner")}, {});
    QCOMPARE(desk->enrolError(), number(ErrorCode::InvalidArgument));
    desk->enrolCard(QString(129, QLatin1Char('a')), {QStringLiteral("clerk")}, {});
    QCOMPARE(desk->enrolError(), number(ErrorCode::InvalidArgument));
    QVERIFY(!desk->enrolling());
    QCOMPARE(auditHead(), headBefore);
    QCOMPARE(cardCount(), cardsBefore);

    // The department choices: the administrator's own, with the name the vault gave at sign-in.
    bool sales = false;
    for (const QVariant& choice : desk->departmentChoices())
        if (choice.toMap().value(QStringLiteral("code")).toString() == QLatin1String("sales"))
            sales = choice.toMap().value(QStringLiteral("name")).toString() == QStringLiteral("営業部");
    QVERIFY(sales);

    QSignalSpy enrolled(desk, &OversightDesk::enrolled);
    desk->enrolCard(QStringLiteral("試験 新人"), {QStringLiteral("clerk")}, {QStringLiteral("sales")});
    QVERIFY(desk->enrolling());
    QTRY_COMPARE_WITH_TIMEOUT(enrolled.count(), 1, 10000);
    QCOMPARE(enrolled.at(0).at(0).toString(), QString::fromStdString(m_newCard.cardId()));
    QVERIFY(!desk->enrolling());
    QCOMPARE(desk->enrolError(), 0);
    QVERIFY(desk->candidate().isEmpty());
    QVERIFY(auditHead() > headBefore);

    // The list refreshes by itself and shows the new card.
    QTRY_COMPARE_WITH_TIMEOUT(desk->cards()->count(), cardsBefore + 1, 10000);
    bool listed = false;
    for (int row = 0; row < desk->cards()->count(); ++row) {
        const QVariantMap card = desk->cards()->get(row);
        if (card.value(QStringLiteral("cardId")).toString() != QString::fromStdString(m_newCard.cardId()))
            continue;
        listed = true;
        QCOMPARE(card.value(QStringLiteral("displayName")).toString(), QStringLiteral("試験 新人"));
        QCOMPARE(card.value(QStringLiteral("roles")).toStringList(), QStringList{QStringLiteral("clerk")});
        QCOMPARE(card.value(QStringLiteral("departments")).toStringList(), QStringList{QStringLiteral("sales")});
        QVERIFY(!card.value(QStringLiteral("revoked")).toBool());
        QCOMPARE(card.value(QStringLiteral("userId")).toLongLong(), enrolled.at(0).at(1).toLongLong());
    }
    QVERIFY(listed);

    // Possession is proven at the first login: the new card signs in, as a clerk.
    QStringList roles;
    const Status signedIn = KioskFixture::signIn(m_fixture.connect(QStringLiteral("new-clerk")), m_newCard, &roles);
    QVERIFY2(signedIn.ok(), signedIn.ok() ? "" : signedIn.error().describe().c_str());
    QCOMPARE(roles, QStringList{QStringLiteral("clerk")});
}

void TestKioskOversight::enrolmentRefusedWithoutTheAdministratorRole()
{
    QVERIFY(writeFile(QDir(m_media.path()).filePath(QStringLiteral("other.der")), derOf(m_otherCard)));
    const int cardsBefore = cardCount();
    for (const char* who : {"clerk", "officer"}) {
        const QDBusConnection connection = m_fixture.connect(QString::fromLatin1(who));
        const Status signedIn = QByteArray(who) == "clerk" ? KioskFixture::signIn(connection, m_newCard)
                                                           : m_fixture.signInAsOfficer(connection);
        QVERIFY2(signedIn.ok(), signedIn.ok() ? "" : signedIn.error().describe().c_str());
        VaultClient vault(connection);
        OversightDesk desk(&vault);
        desk.setMediaDirectory(m_media.path());
        QVERIFY(desk.certificateFiles().contains(QStringLiteral("other.der")));
        QVERIFY(desk.chooseCertificate(QStringLiteral("other.der")));
        QSignalSpy denied(&desk, &OversightDesk::permissionDenied);
        QSignalSpy enrolled(&desk, &OversightDesk::enrolled);
        desk.enrolCard(QStringLiteral("試験 他"), {QStringLiteral("clerk")}, {});
        QTRY_VERIFY_WITH_TIMEOUT(!desk.enrolling(), 10000);
        QCOMPARE(desk.enrolError(), number(ErrorCode::PermissionDenied));
        QCOMPARE(denied.count(), 1);
        QCOMPARE(enrolled.count(), 0);
    }
    QCOMPARE(cardCount(), cardsBefore);
    for (int row = 0; row < m_session->oversight()->cards()->count(); ++row)
        QVERIFY(m_session->oversight()->cards()->get(row).value(QStringLiteral("cardId")).toString() !=
                QString::fromStdString(m_otherCard.cardId()));
}

void TestKioskOversight::alreadyEnrolledCardRefused()
{
    OversightDesk* desk = m_session->oversight();
    const int cardsBefore = cardCount();
    const int enrolBefore = enrolEntries();
    QVERIFY(enrolBefore >= 2); // this card's CreateUser and EnrolCard, and the refusals before
    // The list the desk holds knows the card: refused as soon as it is read, with its holder.
    QVERIFY(!desk->chooseCertificate(QStringLiteral("new_clerk.pem")));
    QCOMPARE(desk->enrolError(), number(ErrorCode::AlreadyExists));
    QCOMPARE(desk->candidate().value(QStringLiteral("enrolledTo")).toString(), QStringLiteral("試験 新人"));
    desk->enrolCard(QStringLiteral("試験 二重"), {QStringLiteral("clerk")}, {});
    QCOMPARE(desk->enrolError(), number(ErrorCode::AlreadyExists));
    QVERIFY(!desk->enrolling());
    // The same card as DER, on a desk whose list was never read (as if enrolled meanwhile by
    // mamori-provision): the vault's list, read again before CreateUser, refuses it — no user is
    // created for it.
    QVERIFY(writeFile(QDir(m_media.path()).filePath(QStringLiteral("again.der")), derOf(m_newCard)));
    OversightDesk stale(m_vault.get());
    stale.setMediaDirectory(m_media.path());
    QVERIFY(stale.chooseCertificate(QStringLiteral("again.der")));
    stale.enrolCard(QStringLiteral("試験 二重"), {QStringLiteral("clerk")}, {});
    QTRY_VERIFY_WITH_TIMEOUT(!stale.enrolling(), 10000);
    QCOMPARE(stale.enrolError(), number(ErrorCode::AlreadyExists));
    QCOMPARE(stale.candidate().value(QStringLiteral("enrolledTo")).toString(), QStringLiteral("試験 新人"));
    QCOMPARE(enrolEntries(), enrolBefore);
    QCOMPARE(cardCount(), cardsBefore);
    desk->cancelEnrolment();
    QVERIFY(desk->candidate().isEmpty());
    QCOMPARE(desk->enrolError(), 0);
}

// The standby screen's device line (Session::deviceState, from the vault's Status): read at the
// start, and again at the lock that follows a backup, with the backup's time and result.
void TestKioskOversight::standbyShowsTheNewestBackup()
{
    QCOMPARE(m_session->deviceState().value(QStringLiteral("vaultReachable")).toBool(), true);
    KioskFixture::insertCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000);
    m_session->submitPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Ready, 10000);
    OversightDesk* desk = m_session->oversight();
    QTemporaryDir medium;
    QVERIFY(medium.isValid());
    desk->setMediaDirectory(medium.path());
    desk->refreshDevice();
    QTRY_VERIFY_WITH_TIMEOUT(!desk->busy(), 20000);
    desk->backup()->start();
    QTRY_COMPARE_WITH_TIMEOUT(desk->backup()->state(), BackupJob::State::Done, 60000);
    const qlonglong created = desk->backup()->createdMs();
    KioskFixture::removeCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Standby, 2000);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->deviceState().value(QStringLiteral("lastBackupMs")).toLongLong() >= created,
                             10000);
    QCOMPARE(m_session->deviceState().value(QStringLiteral("lastBackupResult")).toString(), QStringLiteral("ok"));
    QCOMPARE(m_session->deviceState().value(QStringLiteral("vaultReachable")).toBool(), true);
}

void TestKioskOversight::backupToTheMedium()
{
    OversightDesk* desk = m_session->oversight();
    QTemporaryDir medium;
    QVERIFY(medium.isValid());
    desk->setMediaDirectory(medium.path());
    desk->refreshDevice(); // the device id names the file
    QTRY_VERIFY_WITH_TIMEOUT(!desk->busy(), 20000);
    const int backupsBefore = auditEntries(QStringLiteral("backup"));
    BackupJob* job = desk->backup();
    QSignalSpy finished(job, &BackupJob::finished);
    job->start();
    QCOMPARE(job->state(), BackupJob::State::Running);
    QVERIFY(job->running());
    QTRY_COMPARE_WITH_TIMEOUT(job->state(), BackupJob::State::Done, 60000);
    QCOMPARE(job->error(), 0);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().value(0).toBool(), true);

    // The final file alone: no .part left, named after the device and the backup's time.
    QCOMPARE(entriesOf(medium.path()), QStringList{job->fileName()});
    QCOMPARE(job->fileName(), BackupJob::fileNameFor(QString::fromLatin1(KioskFixture::kDeviceId), job->createdMs()));
    QVERIFY(job->fileName().startsWith(QStringLiteral("mamori-backup-kiosk-test-")));
    QVERIFY(job->fileName().endsWith(QStringLiteral("Z.mbk")));
    const QString path = QDir(medium.path()).filePath(job->fileName());
    struct stat status {};
    QCOMPARE(::lstat(QFile::encodeName(path).constData(), &status), 0);
    QVERIFY(S_ISREG(status.st_mode));
    QCOMPARE(status.st_mode & 07777, mode_t(0600));
    QVERIFY(job->bytes() > 0);
    QCOMPARE(qlonglong(status.st_size), job->bytes());
    QVERIFY(job->auditSequence() > 0);
    QVERIFY(job->createdMs() > 0);

    // The log has the backup, and the device page shows it as the newest.
    QCOMPARE(auditEntries(QStringLiteral("backup")), backupsBefore + 1);
    QTRY_VERIFY_WITH_TIMEOUT(
        desk->device().value(QStringLiteral("lastBackup")).toMap().value(QStringLiteral("timeMs")).toLongLong() > 0,
        10000);
    QCOMPARE(desk->device().value(QStringLiteral("lastBackup")).toMap().value(QStringLiteral("result")).toString(),
             QStringLiteral("ok"));
    QTRY_VERIFY_WITH_TIMEOUT(!desk->busy(), 10000);
    QCOMPARE(desk->error(), 0);
    QVERIFY(desk->device().value(QStringLiteral("auditHead")).toULongLong() > qulonglong(job->auditSequence()));

    // A second backup never replaces the first file.
    job->start();
    QTRY_COMPARE_WITH_TIMEOUT(job->state(), BackupJob::State::Done, 60000);
    QCOMPARE(entriesOf(medium.path()).size(), 2);
    QVERIFY(entriesOf(medium.path()).contains(job->fileName()));
    job->reset();
    QCOMPARE(job->state(), BackupJob::State::Idle);
    QVERIFY(job->fileName().isEmpty());
    desk->setMediaDirectory(m_media.path());
}

void TestKioskOversight::backupCancelledLeavesNothing()
{
    OversightDesk* desk = m_session->oversight();
    QTemporaryDir medium;
    QVERIFY(medium.isValid());
    desk->setMediaDirectory(medium.path());
    BackupJob* job = desk->backup();
    QSignalSpy finished(job, &BackupJob::finished);
    const int backupsBefore = auditEntries(QStringLiteral("backup"));
    m_fixture.pauseVault(true); // the call waits in the vault's queue: cancelled mid-way
    job->start();
    QCOMPARE(job->state(), BackupJob::State::Running);
    QCOMPARE(entriesOf(medium.path()).size(), 1); // the .part the vault writes into
    QTest::qWait(200);
    job->cancel();
    QCOMPARE(job->state(), BackupJob::State::Cancelled);
    QVERIFY(entriesOf(medium.path()).isEmpty());
    QVERIFY(!job->finishedAfterCancel());
    // The vault still finishes, into the removed file, and records it: nothing comes back.
    m_fixture.pauseVault(false);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(finished.first().value(0).toBool(), true);
    QVERIFY(job->finishedAfterCancel());
    QCOMPARE(auditEntries(QStringLiteral("backup")), backupsBefore + 1);
    QCOMPARE(job->state(), BackupJob::State::Cancelled);
    QVERIFY(job->fileName().isEmpty());
    QVERIFY(entriesOf(medium.path()).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!desk->busy(), 10000);
    job->reset();
    desk->setMediaDirectory(m_media.path());
}

void TestKioskOversight::backupRefusedWithoutTheAdministratorRole()
{
    QTemporaryDir medium;
    QVERIFY(medium.isValid());
    const int backupsBefore = auditEntries(QStringLiteral("backup"));
    for (const char* who : {"clerk", "officer"}) {
        const QDBusConnection connection = m_fixture.connect(QStringLiteral("backup-") + QString::fromLatin1(who));
        const Status signedIn = QByteArray(who) == "clerk" ? KioskFixture::signIn(connection, m_newCard)
                                                           : m_fixture.signInAsOfficer(connection);
        QVERIFY2(signedIn.ok(), signedIn.ok() ? "" : signedIn.error().describe().c_str());
        VaultClient vault(connection);
        OversightDesk desk(&vault);
        desk.setMediaDirectory(medium.path());
        QSignalSpy denied(&desk, &OversightDesk::permissionDenied);
        desk.backup()->start();
        QTRY_COMPARE_WITH_TIMEOUT(desk.backup()->state(), BackupJob::State::Failed, 20000);
        QCOMPARE(desk.backup()->error(), number(ErrorCode::PermissionDenied));
        QCOMPARE(denied.count(), 1);
        QVERIFY(entriesOf(medium.path()).isEmpty());
    }
    // Each refusal is audited as a "backup" entry.
    QCOMPARE(auditEntries(QStringLiteral("backup")), backupsBefore + 2);
}

void TestKioskOversight::backupWithoutAWritableMedium_data()
{
    QTest::addColumn<QString>("directory");
    QTest::addColumn<int>("error");
    QTest::newRow("no medium directory") << QString() << number(ErrorCode::NotFound);
    QTest::newRow("medium not mounted") << QStringLiteral("/nonexistent/mamori-medium") << number(ErrorCode::NotFound);
    // Not writable even by root (the tests may run as root, so a chmod would not do).
    QTest::newRow("read-only medium") << QStringLiteral("/proc") << number(ErrorCode::StorageIo);
}

void TestKioskOversight::backupWithoutAWritableMedium()
{
    QFETCH(QString, directory);
    QFETCH(int, error);
    OversightDesk* desk = m_session->oversight();
    desk->setMediaDirectory(directory);
    const qulonglong head = auditHead();
    BackupJob* job = desk->backup();
    job->start();
    QCOMPARE(job->state(), BackupJob::State::Failed); // at once: the vault is not asked
    QCOMPARE(job->error(), error);
    QVERIFY(job->fileName().isEmpty());
    QCOMPARE(auditHead(), head);
    if (directory == QLatin1String("/proc"))
        QVERIFY(!entriesOf(directory).filter(QStringLiteral(".mamori-")).size());
    job->reset();
    desk->setMediaDirectory(m_media.path());
}

void TestKioskOversight::chainAndDevice()
{
    OversightDesk* desk = m_session->oversight();
    desk->refreshDevice(); // also checks the chain
    QTRY_VERIFY_WITH_TIMEOUT(desk->chain().contains(QStringLiteral("clean")), 20000);
    QVERIFY(desk->chain().value(QStringLiteral("clean")).toBool());
    QVERIFY(desk->chain().value(QStringLiteral("entriesVerified")).toULongLong() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!desk->busy(), 10000);
    QCOMPARE(desk->device().value(QStringLiteral("deviceId")).toString(), QString::fromLatin1(KioskFixture::kDeviceId));
    QVERIFY(desk->device().value(QStringLiteral("vaultOpen")).toBool());
    QVERIFY(desk->device().contains(QStringLiteral("lastBackup")));
    // Alerts: the administrator's view of "alert" entries only.
    desk->alerts()->setAction(QStringLiteral("alert"));
    desk->alerts()->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!desk->alerts()->loading(), 10000);
    for (int row = 0; row < desk->alerts()->count(); ++row)
        QCOMPARE(desk->alerts()->get(row).value(QStringLiteral("action")).toString(), QStringLiteral("alert"));
    QCOMPARE(desk->error(), 0);
}

void TestKioskOversight::workspacesOnlyOfHeldRoles()
{
    m_session->setWorkspace(QStringLiteral("admin"));
    QCOMPARE(m_session->workspace(), QStringLiteral("admin"));
    m_session->setWorkspace(QStringLiteral("clerk")); // not held: ignored
    QCOMPARE(m_session->workspace(), QStringLiteral("admin"));
    m_session->setWorkspace(QStringLiteral("officer"));
    QCOMPARE(m_session->workspace(), QStringLiteral("officer"));
}

void TestKioskOversight::cardRemovalClearsEverything()
{
    OversightDesk* desk = m_session->oversight();
    desk->log()->reload();
    QTRY_VERIFY_WITH_TIMEOUT(desk->log()->count() > 0, 10000);
    QVERIFY(writeFile(QDir(m_media.path()).filePath(QStringLiteral("pending.der")), derOf(m_otherCard)));
    QVERIFY(desk->chooseCertificate(QStringLiteral("pending.der"))); // chosen, not yet enrolled
    QVERIFY(!desk->departmentChoices().isEmpty());
    // A backup running when the card comes out: cancelled, its file removed, the job forgotten.
    QTemporaryDir medium;
    QVERIFY(medium.isValid());
    desk->setMediaDirectory(medium.path());
    QSignalSpy backupFinished(desk->backup(), &BackupJob::finished);
    m_fixture.pauseVault(true); // the backup stays under way until the card is out
    desk->backup()->start();
    QCOMPARE(desk->backup()->state(), BackupJob::State::Running);
    QCOMPARE(entriesOf(medium.path()).size(), 1);
    QElapsedTimer timer;
    timer.start();
    KioskFixture::removeCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Standby, 2000);
    QVERIFY(timer.elapsed() <= 1000);
    QCOMPARE(desk->log()->count(), 0);
    QCOMPARE(desk->alerts()->count(), 0);
    QCOMPARE(desk->approvals()->count(), 0);
    QCOMPARE(desk->cards()->count(), 0);
    QVERIFY(desk->chain().isEmpty() && desk->device().isEmpty());
    QVERIFY(desk->candidate().isEmpty() && desk->departmentChoices().isEmpty() && desk->enrolError() == 0);
    QVERIFY(m_session->workspace().isEmpty());
    QCOMPARE(desk->backup()->state(), BackupJob::State::Idle);
    QVERIFY(!desk->backup()->running() && desk->backup()->fileName().isEmpty() && desk->backup()->error() == 0);
    QVERIFY2(entriesOf(medium.path()).isEmpty(), qPrintable(entriesOf(medium.path()).join(u' ')));
    // The vault's late answer belongs to the old session: dropped, nothing appears.
    m_fixture.pauseVault(false);
    QTest::qWait(3000);
    QCOMPARE(backupFinished.count(), 0);
    QCOMPARE(desk->backup()->state(), BackupJob::State::Idle);
    QVERIFY(entriesOf(medium.path()).isEmpty());
}

QTEST_MAIN(TestKioskOversight)
#include "tst_kiosk_oversight.moc"
