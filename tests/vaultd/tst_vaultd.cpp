// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-vaultd end to end on a private dbus-daemon, with the vault's keys in a real swtpm: card
// login (EC and RSA), refusal of unknown cards and bad signatures, sessions bound to the
// connection, logout and card removal, role checks (a clerk calling an administrator's method), a
// step-up reveal whose signature lands in the audit log, and 1,000 malformed calls that leave the
// daemon alive and consistent, and the shipped bus policy with real user identities (the kiosk's
// user may call the methods but not introspect; any other user, root included, may send nothing).
// The cards here are software keys (tests/support/test_card.h); the
// kiosk-side PKCS#11 path has its own tests (tests/smartcard).

#include "services/vault/audit_entry.h"
#include "services/vault/card_signature.h"
#include "services/vault/tpm_key_source.h"
#include "tests/support/private_bus.h"
#include "tests/support/swtpm.h"
#include "tests/support/test_card.h"
#include "tests/vaultd/vaultd_harness.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusMessage>
#include <QDBusReply>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <sodium.h>
#include <unistd.h>

using namespace mamori;
using namespace mamori::vault;
using mamori::test::arrayOf;
using mamori::test::bytesOf;
using mamori::test::PrivateBus;
using mamori::test::Swtpm;
using mamori::test::TestCard;
using mamori::test::VaultdHarness;

namespace {

constexpr const char* kDevice = "vaultd-test";
const char* const kNumber = "123456789018"; // synthetic, valid check digit

} // namespace

class TestVaultd : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void loginWithEcAndRsaCards();
    void unenrolledCardRefused();
    void badSignatureRefused();
    void sessionIsBoundToTheConnection();
    void logoutAndCardRemovalEndSessions();
    void clerkCannotCallAdministratorMethod();
    void stepUpRevealSignatureIsAudited();
    void malformedCallsLeaveTheDaemonAlive();
    void registerNumberAndVerificationOverDbus();
    void badSubjectsRefused_data();
    void badSubjectsRefused();
    void repeatedLoginRefusalsAreThrottled();
    void importOverDbus();
    void administratorEnrolsAndRevokesCards();
    void editSubjectOverDbus();
    // Last: it stops the shared daemon and serves the vault on a bus with the shipped policy.
    void busPolicyAdmitsOnlyTheKiosk();

private:
    QDBusConnection connect(const QString& name) { return m_harness.connect(name); }
    std::unique_ptr<QDBusInterface> vaultOn(const QDBusConnection& connection) { return m_harness.vaultOn(connection); }
    QVariantMap login(QDBusInterface& vault, const TestCard& card) { return m_harness.login(vault, card); }
    SubjectId seed(Vault& vault);

    VaultdHarness m_harness{kDevice};
    TestCard m_clerkEc{TestCard::Kind::EcP256, "clerk-ec"};
    TestCard m_clerkRsa{TestCard::Kind::Rsa2048, "clerk-rsa"};
    TestCard m_admin{TestCard::Kind::EcP256, "admin"};
    SubjectId m_subject;
};

SubjectId TestVaultd::seed(Vault& vault)
{
    if (!vault.addDepartment(nullptr, "sales", "営業部").ok() ||
        !vault.addPurpose(nullptr, "withholding", "源泉徴収票作成事務").ok())
        qFatal("seed departments");
    const auto clerk = vault.createUser(nullptr, UserSpec{"事務 一", {Role::Clerk}, {"sales"}}).value();
    const auto admin = vault.createUser(nullptr, UserSpec{"管理 二", {Role::Admin}, {}}).value();
    if (!vault.enrolCard(nullptr, clerk, m_clerkEc.certificateDer()).ok() ||
        !vault.enrolCard(nullptr, clerk, m_clerkRsa.certificateDer()).ok() ||
        !vault.enrolCard(nullptr, admin, m_admin.certificateDer()).ok())
        qFatal("enrol");
    SessionContext session;
    session.userId = clerk;
    session.cardId = m_clerkEc.cardId();
    session.roles = {Role::Clerk};
    session.departments = {"sales"};
    session.purpose = "withholding";
    NewSubject subject;
    subject.code = "E100";
    subject.department = "sales";
    subject.name = PersonalText("デーモン 太郎");
    subject.nameKana = PersonalText("デーモン タロウ");
    const SubjectId id = vault.registerSubject(session, subject).value();
    if (!vault.notifyPurpose(session, id, "withholding", std::chrono::year_month_day{std::chrono::year{2026} / 4 / 1})
             .ok() ||
        !vault.setNumber(session, id, kNumber).ok())
        qFatal("seed subject");
    return id;
}

void TestVaultd::initTestCase()
{
    m_harness.start([this](Vault& vault) { m_subject = seed(vault); });
}

void TestVaultd::cleanupTestCase()
{
    // The last test stops the shared daemon itself and checks its exit.
    QVERIFY(m_harness.stop());
}

void TestVaultd::loginWithEcAndRsaCards()
{
    for (const TestCard* card : {&m_clerkEc, &m_clerkRsa}) {
        const QDBusConnection connection = connect(QStringLiteral("clerk"));
        auto vault = vaultOn(connection);
        const QVariantMap session = login(*vault, *card);
        QCOMPARE(session.value(QStringLiteral("roles")).toStringList(), QStringList{QStringLiteral("clerk")});
        QCOMPARE(session.value(QStringLiteral("departments")).toStringList(), QStringList{QStringLiteral("sales")});
        const QDBusReply<QVariantMap> status = vault->call(QStringLiteral("Status"));
        QVERIFY(status.isValid());
        QVERIFY(status.value().value(QStringLiteral("loggedIn")).toBool());
        QCOMPARE(status.value().value(QStringLiteral("deviceId")).toString(), QString::fromLatin1(kDevice));
        QDBusConnection::disconnectFromBus(connection.name());
    }
}

void TestVaultd::unenrolledCardRefused()
{
    const TestCard stranger(TestCard::Kind::EcP256, "stranger");
    auto vault = vaultOn(connect(QStringLiteral("stranger")));
    const QDBusReply<QByteArray> nonce =
        vault->call(QStringLiteral("BeginLogin"), QString::fromStdString(stranger.cardId()));
    QVERIFY(!nonce.isValid());
    QCOMPARE(nonce.error().name(), QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
    QCOMPARE(nonce.error().message(), QStringLiteral("E0003 PermissionDenied"));
}

void TestVaultd::badSignatureRefused()
{
    auto vault = vaultOn(connect(QStringLiteral("forger")));
    const QString cardId = QString::fromStdString(m_clerkEc.cardId());
    const QDBusReply<QByteArray> nonce = vault->call(QStringLiteral("BeginLogin"), cardId);
    QVERIFY(nonce.isValid());
    // Signed by another key over the right message.
    const auto forged = m_admin.sign(loginMessage(kDevice, bytesOf(nonce.value())));
    const QDBusReply<QVariantMap> refused = vault->call(QStringLiteral("CompleteLogin"), cardId, arrayOf(forged));
    QVERIFY(!refused.isValid());
    QCOMPARE(refused.error().name(), QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
    const QDBusReply<QVariantMap> status = vault->call(QStringLiteral("Status"));
    QVERIFY(!status.value().value(QStringLiteral("loggedIn")).toBool());
}

void TestVaultd::sessionIsBoundToTheConnection()
{
    const QDBusConnection first = connect(QStringLiteral("first"));
    const QDBusConnection second = connect(QStringLiteral("second"));
    auto firstVault = vaultOn(first);
    auto secondVault = vaultOn(second);
    login(*firstVault, m_clerkEc);
    QVERIFY(QDBusReply<void>(firstVault->call(QStringLiteral("SetPurpose"), QStringLiteral("withholding"))).isValid());
    const QDBusReply<QVariantMap> page = firstVault->call(QStringLiteral("ListSubjects"), QVariantMap{});
    QVERIFY2(page.isValid(), qPrintable(page.error().message()));
    QCOMPARE(page.value().value(QStringLiteral("total")).toLongLong(), 1LL);
    // The other connection has no session: there is nothing it could present to use the first's.
    const QDBusReply<QVariantMap> refused = secondVault->call(QStringLiteral("ListSubjects"), QVariantMap{});
    QVERIFY(!refused.isValid());
    QCOMPARE(refused.error().name(), QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
    QVERIFY(!QDBusReply<QVariantMap>(secondVault->call(QStringLiteral("Status")))
                 .value()
                 .value(QStringLiteral("loggedIn"))
                 .toBool());
}

void TestVaultd::logoutAndCardRemovalEndSessions()
{
    for (const QString& method : {QStringLiteral("Logout"), QStringLiteral("CardRemoved")}) {
        auto vault = vaultOn(connect(QStringLiteral("ending")));
        login(*vault, m_clerkEc);
        QVERIFY(QDBusReply<void>(vault->call(method)).isValid());
        const QDBusReply<QVariantMap> status = vault->call(QStringLiteral("Status"));
        QVERIFY(!status.value().value(QStringLiteral("loggedIn")).toBool());
        const QDBusReply<QByteArray> refused =
            vault->call(QStringLiteral("BeginStepUp"), QStringLiteral("reveal_number"),
                        QVariantMap{{QStringLiteral("subjectId"), QString::fromStdString(m_subject.hex())}});
        QCOMPARE(refused.error().name(), QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
    }
}

void TestVaultd::clerkCannotCallAdministratorMethod()
{
    auto clerk = vaultOn(connect(QStringLiteral("clerk")));
    login(*clerk, m_clerkEc);
    const QDBusReply<QByteArray> refused = clerk->call(QStringLiteral("ExportAuditBundle"), qulonglong{1});
    QVERIFY(!refused.isValid());
    QCOMPARE(refused.error().name(), QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
    auto admin = vaultOn(connect(QStringLiteral("admin")));
    login(*admin, m_admin);
    const QDBusReply<QByteArray> bundle = admin->call(QStringLiteral("ExportAuditBundle"), qulonglong{1});
    QVERIFY2(bundle.isValid(), qPrintable(bundle.error().message()));
    QVERIFY(bundle.value().size() > 100);
    // The administrator verifies the stored chain through the daemon; a clerk may not.
    const QDBusReply<QVariantMap> verified = admin->call(QStringLiteral("VerifyAudit"));
    QVERIFY2(verified.isValid(), qPrintable(verified.error().message()));
    QVERIFY(verified.value().value(QStringLiteral("clean")).toBool());
    QVERIFY(verified.value().value(QStringLiteral("entriesVerified")).toULongLong() > 10);
    QVERIFY(verified.value().value(QStringLiteral("checkpointsVerified")).toULongLong() >= 1);
    QVERIFY(verified.value().contains(QStringLiteral("newestCounter"))); // the TPM counter is checked
    const QDBusReply<QVariantMap> clerkVerify = clerk->call(QStringLiteral("VerifyAudit"));
    QCOMPARE(clerkVerify.error().name(), QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
}

void TestVaultd::stepUpRevealSignatureIsAudited()
{
    auto vault = vaultOn(connect(QStringLiteral("reveal")));
    login(*vault, m_clerkEc);
    QVERIFY(QDBusReply<void>(vault->call(QStringLiteral("SetPurpose"), QStringLiteral("withholding"))).isValid());
    const QString subject = QString::fromStdString(m_subject.hex());
    // Without a fresh signature: refused.
    const QDBusReply<QString> noProof =
        vault->call(QStringLiteral("RevealNumber"), subject, QByteArray(32, '\0'), QByteArray(64, '\1'));
    QVERIFY(!noProof.isValid());
    QCOMPARE(noProof.error().name(), QStringLiteral("org.mamori.Vault1.Error.StepUpRequired"));

    const QDBusMessage stepUp = vault->call(QStringLiteral("BeginStepUp"), QStringLiteral("reveal_number"),
                                            QVariantMap{{QStringLiteral("subjectId"), subject}});
    QCOMPARE(stepUp.type(), QDBusMessage::ReplyMessage);
    const QByteArray nonce = stepUp.arguments().at(0).toByteArray();
    // The text the daemon hands out is the vault's canonical operation.
    QCOMPARE(stepUp.arguments().at(1).toString().toStdString(),
             Vault::canonicalOperation(Operation::RevealNumber, m_subject, "withholding"));
    const auto signature = m_clerkEc.sign(stepUpMessage(
        kDevice, bytesOf(nonce), Vault::canonicalOperation(Operation::RevealNumber, m_subject, "withholding")));
    const QDBusReply<QString> number = vault->call(QStringLiteral("RevealNumber"), subject, nonce, arrayOf(signature));
    QVERIFY2(number.isValid(), qPrintable(number.error().message()));
    QVERIFY(number.value() == QString::fromLatin1(kNumber)); // compared, never printed
    // The same proof again: the nonce is spent.
    const QDBusReply<QString> replay = vault->call(QStringLiteral("RevealNumber"), subject, nonce, arrayOf(signature));
    QVERIFY(!replay.isValid());

    // The audit log (read beside the running daemon: SQLite WAL readers do not block it) holds the
    // card's signature in the reveal entry.
    auto db = Database::open((m_harness.state / "vault.db").string(), Database::Mode::ReadOnly);
    QVERIFY(db.ok());
    auto select = db.value().prepare("SELECT encoded FROM audit_entries ORDER BY seq DESC LIMIT 8").value();
    bool found = false;
    while (select.step().value()) {
        const AuditEntry entry = decodeEntry(select.columnBlob(0)).value();
        if (entry.action == AuditAction::Reveal && entry.result == "ok") {
            // nonce ‖ SHA-256(canonical operation) ‖ signature: verifiable from the log alone.
            const auto record = decodeSignatureRecord(entry.cardSignature);
            QVERIFY(record.ok());
            QVERIFY(record.value().signature == signature);
            QVERIFY(record.value().digest ==
                    operationDigest(Vault::canonicalOperation(Operation::RevealNumber, m_subject, "withholding")));
            QVERIFY(
                verifySignatureRecord(parseCardCertificate(m_clerkEc.certificateDer()).value(), kDevice, record.value())
                    .ok());
            QVERIFY(!verifySignatureRecord(parseCardCertificate(m_clerkRsa.certificateDer()).value(), kDevice,
                                           record.value())
                         .ok());
            QCOMPARE(entry.actor, m_clerkEc.cardId());
            found = true;
            break;
        }
    }
    QVERIFY(found);
}

void TestVaultd::malformedCallsLeaveTheDaemonAlive()
{
    const QDBusConnection connection = connect(QStringLiteral("fuzzer"));
    auto vault = vaultOn(connection);
    login(*vault, m_clerkEc);
    const QString path = QStringLiteral("/org/mamori/Vault1");
    const QString service = QStringLiteral("org.mamori.Vault1");
    const QString interface = QStringLiteral("org.mamori.Vault1");
    int refused = 0;
    for (int i = 0; i < 1000; ++i) {
        QDBusMessage call;
        switch (i % 10) {
        case 0: // wrong argument type
            call = QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("BeginLogin"));
            call << i;
            break;
        case 1: // not hex
            call = QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("BeginLogin"));
            call << QString(64, QLatin1Char('z'));
            break;
        case 2: // oversized signature
            call = QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("CompleteLogin"));
            call << QString::fromStdString(m_clerkEc.cardId()) << QByteArray(qsizetype{64} * 1024, 'x');
            break;
        case 3: // unknown query key
            call = QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("ListSubjects"));
            call << QVariantMap{{QStringLiteral("orderBy"), QStringLiteral("x")}};
            break;
        case 4: // wrong type inside the query
            call = QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("ListSubjects"));
            call << QVariantMap{{QStringLiteral("limit"), QStringLiteral("100000")}};
            break;
        case 5: // out-of-range limit
            call = QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("ListSubjects"));
            call << QVariantMap{{QStringLiteral("limit"), 100000}};
            break;
        case 6: // short nonce
            call = QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("RevealNumber"));
            call << QString::fromStdString(m_subject.hex()) << QByteArray(3, 'n') << QByteArray(64, 's');
            break;
        case 7: // purpose with a control character
            call = QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("SetPurpose"));
            call << QStringLiteral("with\nholding");
            break;
        case 8: // a method that does not exist
            call = QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("DropAllTables"));
            break;
        default: // too many arguments
            call = QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("Logout"));
            call << QByteArray(qsizetype{1024} * 1024, 'x') << i;
            break;
        }
        const QDBusMessage reply = connection.call(call, QDBus::Block, 10000);
        if (reply.type() == QDBusMessage::ErrorMessage)
            ++refused;
    }
    QCOMPARE(refused, 1000);
    // Alive, consistent, and the session still there.
    const QDBusReply<QVariantMap> status = vault->call(QStringLiteral("Status"));
    QVERIFY(status.isValid());
    QVERIFY(status.value().value(QStringLiteral("loggedIn")).toBool());
    QCOMPARE(m_harness.daemon.state(), QProcess::Running);
    auto fresh = vaultOn(connect(QStringLiteral("after")));
    login(*fresh, m_clerkRsa);
}

namespace {
QString errorOf(const QDBusMessage& reply)
{
    return reply.type() == QDBusMessage::ErrorMessage ? reply.errorName() : QString();
}
} // namespace

void TestVaultd::registerNumberAndVerificationOverDbus()
{
    auto vault = vaultOn(connect(QStringLiteral("register")));
    login(*vault, m_clerkEc);
    QVERIFY(QDBusReply<void>(vault->call(QStringLiteral("SetPurpose"), QStringLiteral("withholding"))).isValid());
    const QDBusReply<QString> id = vault->call(
        QStringLiteral("RegisterSubject"), QVariantMap{{QStringLiteral("name"), QStringLiteral("登録 花子")},
                                                       {QStringLiteral("nameKana"), QStringLiteral("トウロク ハナコ")},
                                                       {QStringLiteral("code"), QStringLiteral("E200")},
                                                       {QStringLiteral("department"), QStringLiteral("sales")},
                                                       {QStringLiteral("birthDate"), QStringLiteral("1990-05-17")}});
    QVERIFY2(id.isValid(), qPrintable(id.error().message()));
    QCOMPARE(id.value().size(), 32);
    const QString subject = id.value();
    // The number needs the purpose notified first.
    QCOMPARE(errorOf(vault->call(QStringLiteral("SetNumber"), subject, QString::fromUtf8("９８７６５４３２１０１８"))),
             QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
    QCOMPARE(errorOf(vault->call(QStringLiteral("NotifyPurpose"), subject, QStringLiteral("withholding"),
                                 QStringLiteral("2026-04-01"))),
             QString());
    // Typed as a person would (full-width digits, spaces); a wrong check digit and a number held for
    // someone else are refused.
    QCOMPARE(errorOf(vault->call(QStringLiteral("SetNumber"), subject, QStringLiteral("9876 5432 1019"))),
             QStringLiteral("org.mamori.Vault1.Error.IndividualNumberCheckDigit"));
    QCOMPARE(errorOf(vault->call(QStringLiteral("SetNumber"), subject, QString::fromLatin1(kNumber))),
             QStringLiteral("org.mamori.Vault1.Error.NumberAlreadyRegistered"));
    QCOMPARE(
        errorOf(vault->call(QStringLiteral("SetNumber"), subject, QString::fromUtf8("９８７６ ５４３２ １０１８"))),
        QString());
    QCOMPARE(errorOf(vault->call(QStringLiteral("RecordVerification"), subject, QStringLiteral("passport"),
                                 QStringLiteral("旅券"))),
             QStringLiteral("org.mamori.Vault1.Error.InvalidArgument")); // not one of the methods
    QCOMPARE(errorOf(vault->call(QStringLiteral("RecordVerification"), subject, QStringLiteral("my_number_card"),
                                 QStringLiteral("マイナンバーカード（表面・裏面）"))),
             QString());
    const QDBusReply<QVariantMap> detail = vault->call(QStringLiteral("ViewSubject"), subject);
    QVERIFY2(detail.isValid(), qPrintable(detail.error().message()));
    QCOMPARE(detail.value().value(QStringLiteral("code")).toString(), QStringLiteral("E200"));
    QCOMPARE(detail.value().value(QStringLiteral("number")).toString(), QString::fromUtf8("••••-••••-••••"));
    QVERIFY(detail.value().value(QStringLiteral("hasVerification")).toBool());
    QCOMPARE(detail.value().value(QStringLiteral("purposes")).toStringList(),
             QStringList{QStringLiteral("withholding")});
    QCOMPARE(detail.value().value(QStringLiteral("birthDate")).toString(), QStringLiteral("1990-05-17"));
    // Nobody in it has left: the due list holds no one due, and a disposal request is refused.
    const QDBusReply<QVariantList> due = vault->call(QStringLiteral("DueList"));
    QVERIFY2(due.isValid(), qPrintable(due.error().message()));
    QVERIFY(!errorOf(vault->call(QStringLiteral("RequestDisposal"), subject)).isEmpty());
}

void TestVaultd::badSubjectsRefused_data()
{
    QTest::addColumn<QVariantMap>("subject");
    QTest::addColumn<QString>("error");
    const QString invalid = QStringLiteral("org.mamori.Vault1.Error.InvalidArgument");
    QTest::newRow("no name") << QVariantMap{{QStringLiteral("code"), QStringLiteral("E9")}} << invalid;
    QTest::newRow("unknown key") << QVariantMap{{QStringLiteral("name"), QStringLiteral("a")},
                                                {QStringLiteral("salary"), QStringLiteral("1")}}
                                 << invalid;
    QTest::newRow("not a string") << QVariantMap{{QStringLiteral("name"), 42}} << invalid;
    QTest::newRow("long name") << QVariantMap{{QStringLiteral("name"), QString(300, QLatin1Char('x'))}}
                               << QStringLiteral("org.mamori.Vault1.Error.TooLarge");
    QTest::newRow("bad date") << QVariantMap{{QStringLiteral("name"), QStringLiteral("a")},
                                             {QStringLiteral("birthDate"), QStringLiteral("2026-02-30")}}
                              << invalid;
    QTest::newRow("bad kind") << QVariantMap{{QStringLiteral("name"), QStringLiteral("a")},
                                             {QStringLiteral("kind"), QStringLiteral("robot")}}
                              << invalid;
    QTest::newRow("control character") << QVariantMap{{QStringLiteral("name"), QStringLiteral("a\u0007b")}} << invalid;
}

void TestVaultd::badSubjectsRefused()
{
    QFETCH(QVariantMap, subject);
    QFETCH(QString, error);
    auto vault = vaultOn(connect(QStringLiteral("bad")));
    login(*vault, m_clerkEc);
    QVERIFY(QDBusReply<void>(vault->call(QStringLiteral("SetPurpose"), QStringLiteral("withholding"))).isValid());
    QCOMPARE(errorOf(vault->call(QStringLiteral("RegisterSubject"), subject)), error);
}

void TestVaultd::repeatedLoginRefusalsAreThrottled()
{
    // Each refusal is an audit entry: one connection may cause ten a minute, then it is told to wait
    // and the vault (and its log) is not reached.
    const TestCard stranger(TestCard::Kind::EcP256, "stranger");
    const QString cardId = QString::fromStdString(stranger.cardId());
    auto flooder = vaultOn(connect(QStringLiteral("flooder")));
    const auto headOf = [&](QDBusInterface& vault) {
        return QDBusReply<QVariantMap>(vault.call(QStringLiteral("Status"))).value().value(QStringLiteral("auditHead"));
    };
    for (int i = 0; i < 10; ++i)
        QCOMPARE(errorOf(flooder->call(QStringLiteral("BeginLogin"), cardId)),
                 QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
    const QVariant head = headOf(*flooder);
    for (int i = 0; i < 50; ++i)
        QCOMPARE(errorOf(flooder->call(QStringLiteral("BeginLogin"), cardId)),
                 QStringLiteral("org.mamori.Vault1.Error.ResourceExhausted"));
    QCOMPARE(headOf(*flooder), head); // nothing more was written
    // Another connection can still log in.
    auto other = vaultOn(connect(QStringLiteral("other")));
    login(*other, m_clerkEc);
}

void TestVaultd::importOverDbus()
{
    auto vault = vaultOn(connect(QStringLiteral("import")));
    login(*vault, m_clerkEc);
    QVERIFY(QDBusReply<void>(vault->call(QStringLiteral("SetPurpose"), QStringLiteral("withholding"))).isValid());
    // Synthetic numbers: the first has a valid check digit, the second not.
    const QByteArray csv =
        QStringLiteral("employee_code,name,name_kana,birth_date,address,department,my_number,kind\n"
                       "E301,取込 一郎,トリコミ イチロウ,1980-01-02,東京都,sales,111222333446,employee\n"
                       "E302,取込 二郎,トリコミ ジロウ,1981-02-03,東京都,sales,555666777884,employee\n")
            .toUtf8();
    const QDBusReply<QVariantMap> strict = vault->call(QStringLiteral("ImportCsv"), csv, false);
    QVERIFY2(strict.isValid(), qPrintable(strict.error().message()));
    QCOMPARE(strict.value().value(QStringLiteral("imported")).toULongLong(), 0ULL);
    const auto issues = qdbus_cast<QVariantList>(strict.value().value(QStringLiteral("issues")));
    QCOMPARE(issues.size(), 1);
    const QVariantMap issue = qdbus_cast<QVariantMap>(issues.first());
    QCOMPARE(issue.value(QStringLiteral("row")).toULongLong(), 3ULL);
    QCOMPARE(issue.value(QStringLiteral("error")).toString(), QStringLiteral("IndividualNumberCheckDigit"));
    const QDBusReply<QVariantMap> lenient = vault->call(QStringLiteral("ImportCsv"), csv, true);
    QVERIFY2(lenient.isValid(), qPrintable(lenient.error().message()));
    QCOMPARE(lenient.value().value(QStringLiteral("imported")).toULongLong(), 1ULL);
    // Empty and oversized files are refused before the vault.
    QCOMPARE(errorOf(vault->call(QStringLiteral("ImportCsv"), QByteArray(), false)),
             QStringLiteral("org.mamori.Vault1.Error.InvalidArgument"));
    QCOMPARE(errorOf(vault->call(QStringLiteral("ImportCsv"), QByteArray(qsizetype{17} * 1024 * 1024, 'x'), false)),
             QStringLiteral("org.mamori.Vault1.Error.TooLarge"));
}

void TestVaultd::administratorEnrolsAndRevokesCards()
{
    const TestCard newCard(TestCard::Kind::RsaPss2048, "new clerk");
    auto clerk = vaultOn(connect(QStringLiteral("clerk")));
    login(*clerk, m_clerkEc);
    QCOMPARE(errorOf(clerk->call(QStringLiteral("CreateUser"), QStringLiteral("新人"),
                                 QStringList{QStringLiteral("clerk")}, QStringList{QStringLiteral("sales")})),
             QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));

    auto admin = vaultOn(connect(QStringLiteral("admin")));
    login(*admin, m_admin);
    QCOMPARE(errorOf(admin->call(QStringLiteral("CreateUser"), QStringLiteral("新人"),
                                 QStringList{QStringLiteral("root")}, QStringList{})),
             QStringLiteral("org.mamori.Vault1.Error.InvalidArgument"));
    const QDBusReply<qlonglong> user =
        admin->call(QStringLiteral("CreateUser"), QStringLiteral("新人 三郎"), QStringList{QStringLiteral("clerk")},
                    QStringList{QStringLiteral("sales")});
    QVERIFY2(user.isValid(), qPrintable(user.error().message()));
    const QByteArray certificate = arrayOf(newCard.certificateDer());
    QCOMPARE(errorOf(clerk->call(QStringLiteral("EnrolCard"), user.value(), certificate)),
             QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
    QCOMPARE(errorOf(admin->call(QStringLiteral("EnrolCard"), user.value(), certificate)), QString());
    // The new card logs in (RSA-PSS), then is revoked and refused.
    auto newcomer = vaultOn(connect(QStringLiteral("newcomer")));
    QCOMPARE(login(*newcomer, newCard).value(QStringLiteral("roles")).toStringList(),
             QStringList{QStringLiteral("clerk")});
    QVERIFY(QDBusReply<QVariantMap>(newcomer->call(QStringLiteral("Status")))
                .value()
                .value(QStringLiteral("loggedIn"))
                .toBool());
    QCOMPARE(errorOf(admin->call(QStringLiteral("RevokeCard"), QString::fromStdString(newCard.cardId()))), QString());
    // The revoked card's live session ended with the revocation.
    QVERIFY(!QDBusReply<QVariantMap>(newcomer->call(QStringLiteral("Status")))
                 .value()
                 .value(QStringLiteral("loggedIn"))
                 .toBool());
    QCOMPARE(errorOf(newcomer->call(QStringLiteral("ListSubjects"), QVariantMap{})),
             QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
    auto again = vaultOn(connect(QStringLiteral("again")));
    QCOMPARE(errorOf(again->call(QStringLiteral("BeginLogin"), QString::fromStdString(newCard.cardId()))),
             QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
}

void TestVaultd::editSubjectOverDbus()
{
    auto vault = vaultOn(connect(QStringLiteral("edit")));
    login(*vault, m_clerkEc);
    QVERIFY(QDBusReply<void>(vault->call(QStringLiteral("SetPurpose"), QStringLiteral("withholding"))).isValid());
    const QString subject = QString::fromStdString(m_subject.hex());
    QCOMPARE(errorOf(vault->call(QStringLiteral("EditSubject"), subject,
                                 QVariantMap{{QStringLiteral("address"), QStringLiteral("大阪府大阪市")}})),
             QString());
    const QDBusReply<QVariantMap> detail = vault->call(QStringLiteral("ViewSubject"), subject);
    QCOMPARE(detail.value().value(QStringLiteral("address")).toString(), QStringLiteral("大阪府大阪市"));
    QCOMPARE(errorOf(vault->call(QStringLiteral("EditSubject"), subject,
                                 QVariantMap{{QStringLiteral("status"), QStringLiteral("retired")}})),
             QStringLiteral("org.mamori.Vault1.Error.InvalidArgument"));
    QCOMPARE(errorOf(vault->call(QStringLiteral("EditSubject"), subject, QVariantMap{})),
             QStringLiteral("org.mamori.Vault1.Error.InvalidArgument"));
}

namespace {
// Runs dbus-send as another user (setpriv, util-linux); returns its exit code and error output.
std::pair<int, QString> sendAs(uid_t uid, const QString& address, const QStringList& call)
{
    QProcess process;
    QStringList arguments{QStringLiteral("--reuid=%1").arg(uid),      QStringLiteral("--regid=%1").arg(uid),
                          QStringLiteral("--clear-groups"),           QStringLiteral("dbus-send"),
                          QStringLiteral("--bus=") + address,         QStringLiteral("--print-reply"),
                          QStringLiteral("--dest=org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1")};
    arguments << call;
    process.start(QStringLiteral("setpriv"), arguments);
    if (!process.waitForFinished(10000))
        qFatal("dbus-send did not finish");
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardError())};
}
} // namespace

void TestVaultd::busPolicyAdmitsOnlyTheKiosk()
{
    if (::geteuid() != 0)
        QFAIL("this test needs root: it runs clients as other users with setpriv");
    // The shipped policy, with the product's users mapped to ones this machine has: the vault's
    // user becomes root (it runs the daemon here), the kiosk's becomes nobody.
    QFile shipped(qEnvironmentVariable("MAMORI_SOURCE_DIR") + QStringLiteral("/os-image/dbus/org.mamori.Vault1.conf"));
    QVERIFY(shipped.open(QIODevice::ReadOnly));
    QString policy = QString::fromUtf8(shipped.readAll());
    policy.replace(QStringLiteral("user=\"mamori-vault\""), QStringLiteral("user=\"root\""));
    policy.replace(QStringLiteral("user=\"mamori-kiosk\""), QStringLiteral("user=\"nobody\""));
    auto restricted = PrivateBus::startWithPolicy(policy);
    QVERIFY2(restricted.ok(), restricted.ok() ? "" : restricted.error().describe().c_str());
    const QString address = restricted.value()->address();

    m_harness.daemon.terminate();
    QVERIFY(m_harness.daemon.waitForFinished(5000));
    QCOMPARE(m_harness.daemon.exitCode(), 0);
    QProcess daemon;
    daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    daemon.start(qEnvironmentVariable("MAMORI_VAULTD"),
                 m_harness.daemonArguments() + QStringList{QStringLiteral("--bus"), address});
    QVERIFY(daemon.waitForStarted(5000));
    const QDBusConnection root = QDBusConnection::connectToBus(address, QStringLiteral("policy-root"));
    QTRY_VERIFY_WITH_TIMEOUT(root.interface()->isServiceRegistered(QStringLiteral("org.mamori.Vault1")), 10000);

    const uid_t kiosk = 65534; // nobody, standing in for mamori-kiosk
    const uid_t other = 1;     // daemon: any other user
    const QStringList status{QStringLiteral("org.mamori.Vault1.Status")};
    const QStringList introspect{QStringLiteral("org.freedesktop.DBus.Introspectable.Introspect")};
    const QStringList properties{QStringLiteral("org.freedesktop.DBus.Properties.GetAll"),
                                 QStringLiteral("string:org.mamori.Vault1")};
    // The kiosk may call the interface's methods...
    const auto kioskStatus = sendAs(kiosk, address, status);
    QVERIFY2(kioskStatus.first == 0, qPrintable(kioskStatus.second));
    // ...but may not introspect or read properties, and no one else may send anything, root included.
    for (const auto& [uid, call] : {std::pair{kiosk, introspect}, std::pair{kiosk, properties},
                                    std::pair{other, status}, std::pair{other, introspect}}) {
        const auto refused = sendAs(uid, address, call);
        QVERIFY2(refused.first != 0, qPrintable(call.join(QLatin1Char(' '))));
        QVERIFY2(refused.second.contains(QStringLiteral("AccessDenied")), qPrintable(refused.second));
    }
    const QDBusMessage rootCall = root.call(
        QDBusMessage::createMethodCall(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                                       QStringLiteral("org.mamori.Vault1"), QStringLiteral("Status")));
    QCOMPARE(rootCall.errorName(), QStringLiteral("org.freedesktop.DBus.Error.AccessDenied"));
    QDBusConnection::disconnectFromBus(root.name());
    daemon.terminate();
    QVERIFY(daemon.waitForFinished(5000));
    QCOMPARE(daemon.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestVaultd)
#include "tst_vaultd.moc"
