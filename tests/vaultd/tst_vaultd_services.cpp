// SPDX-License-Identifier: GPL-3.0-or-later
// The methods the device's own services call (vault_service_services.cpp), over the bus:
// mamori-logd's AuditBundleSince — signed bundles that verify and chain from one pull to the next,
// cut on a checkpoint within the limit, empty when nothing follows, each pull audited — and
// mamori-courier's ReportDelivery — once per provision, blocked/refused as alerts, nothing but a
// provision reportable; the administrator's ListCards; and both service methods refused to anyone
// whose user id is not the one the daemon was started with.

#include "services/common/number_validation.h"
#include "services/vault/audit_bundle.h"
#include "services/vault/vault.h"
#include "tests/vaultd/vaultd_harness.h"

#include <QDBusMessage>
#include <QDBusReply>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace mamori;
using namespace mamori::vault;
using mamori::test::bytesOf;
using mamori::test::TestCard;
using mamori::test::VaultdHarness;

namespace {

constexpr const char* kDevice = "services-device";

QVariantList listOf(const QVariant& value) { return qdbus_cast<QVariantList>(value); }
QVariantMap mapOf(const QVariant& value) { return qdbus_cast<QVariantMap>(value); }
QString errorOf(const QDBusMessage& reply) { return reply.errorName().section(QLatin1Char('.'), -1); }

std::string syntheticNumber(int index)
{
    char body[16];
    std::snprintf(body, sizeof body, "%011lld", 30000000000LL + index);
    std::string number(body, 11);
    number += static_cast<char>('0' + individualCheckDigit(std::span<const char, 11>(number.data(), 11)));
    return number;
}

struct Pull {
    QByteArray bundle;
    qulonglong head = 0;
    QString error;
};

} // namespace

class TestVaultdServices : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void logPullsVerifyAndChain();
    void pullIsCutOnACheckpoint();
    void courierReportsEachProvisionOnce();
    void administratorListsCards();
    // Last: restarts the daemon with other service users.
    void servicesRefuseOtherUsers();

private:
    Pull pull(qulonglong after, uint maxEntries);
    qulonglong provideOne(int staffIndex);
    std::unique_ptr<QDBusInterface> sessionOf(const TestCard& card, const QString& purpose = {});

    QTemporaryDir m_outbox;
    VaultdHarness m_harness{kDevice};
    std::unique_ptr<QDBusInterface> m_service; // the connection the "services" use (this process's uid)
    TestCard m_clerk{TestCard::Kind::EcP256, "clerk"};
    TestCard m_admin{TestCard::Kind::EcP256, "admin"};
    QStringList m_staff;
    PublicKey m_deviceKey{};
};

void TestVaultdServices::initTestCase()
{
    QVERIFY(m_outbox.isValid());
    const QString self = QString::number(::geteuid());
    m_harness.start(
        [this](Vault& vault) {
            if (!vault.addDepartment(nullptr, "sales", "営業部").ok() ||
                !vault.addPurpose(nullptr, "withholding", "源泉徴収票作成事務").ok() ||
                !vault
                     .setDestination(
                         nullptr,
                         Destination{"payroll", "給与計算委託先", DestinationKind::Endpoint, {"withholding"}, true})
                     .ok())
                qFatal("seed configuration");
            const auto clerk = vault.createUser(nullptr, UserSpec{"事務 一", {Role::Clerk}, {"sales"}}).value();
            const auto admin = vault.createUser(nullptr, UserSpec{"管理 三", {Role::Admin}, {}}).value();
            if (!vault.enrolCard(nullptr, clerk, m_clerk.certificateDer()).ok() ||
                !vault.enrolCard(nullptr, admin, m_admin.certificateDer()).ok())
                qFatal("enrol");
            SessionContext session;
            session.userId = clerk;
            session.cardId = m_clerk.cardId();
            session.roles = {Role::Clerk};
            session.departments = {"sales"};
            session.purpose = "withholding";
            for (int i = 0; i < 4; ++i) {
                NewSubject subject;
                subject.code = "S" + std::to_string(100 + i);
                subject.department = "sales";
                subject.name = PersonalText("社員 " + std::to_string(i));
                const SubjectId id = vault.registerSubject(session, subject).value();
                if (!vault
                         .notifyPurpose(session, id, "withholding",
                                        std::chrono::year_month_day{std::chrono::year{2020}, std::chrono::month{4},
                                                                    std::chrono::day{1}})
                         .ok() ||
                    !vault.setNumber(session, id, syntheticNumber(i)).ok())
                    qFatal("seed staff");
                m_staff << QString::fromStdString(id.hex());
            }
        },
        {QStringLiteral("--outbox"), m_outbox.filePath(QStringLiteral("outbox")), QStringLiteral("--log-user"), self,
         QStringLiteral("--courier-user"), self});
    m_service = m_harness.vaultOn(m_harness.connect(QStringLiteral("service")));
}

void TestVaultdServices::cleanupTestCase() { QVERIFY(m_harness.stop()); }

Pull TestVaultdServices::pull(qulonglong after, uint maxEntries)
{
    const QDBusMessage reply = m_service->call(QStringLiteral("AuditBundleSince"), after, maxEntries);
    Pull result;
    if (reply.type() != QDBusMessage::ReplyMessage) {
        result.error = errorOf(reply);
        return result;
    }
    result.bundle = reply.arguments().at(0).toByteArray();
    result.head = reply.arguments().at(1).toULongLong();
    return result;
}

std::unique_ptr<QDBusInterface> TestVaultdServices::sessionOf(const TestCard& card, const QString& purpose)
{
    auto vault = m_harness.vaultOn(m_harness.connect(QString::fromStdString(card.cardId()).left(8)));
    m_harness.login(*vault, card);
    if (!purpose.isEmpty() && !QDBusReply<void>(vault->call(QStringLiteral("SetPurpose"), purpose)).isValid())
        qFatal("SetPurpose");
    return vault;
}

qulonglong TestVaultdServices::provideOne(int staffIndex)
{
    auto clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    const QStringList one{m_staff.at(staffIndex)};
    auto [nonce, signature] = m_harness.stepUp(
        *clerk, m_clerk, QStringLiteral("provide"),
        {{QStringLiteral("subjects"), one}, {QStringLiteral("destination"), QStringLiteral("payroll")}});
    const QDBusReply<QVariantMap> provided =
        clerk->call(QStringLiteral("Provide"), one, QStringLiteral("payroll"), qlonglong{0}, nonce, signature);
    if (!provided.isValid())
        qFatal("Provide: %s", qPrintable(provided.error().name()));
    return provided.value().value(QStringLiteral("auditSequence")).toULongLong();
}

void TestVaultdServices::logPullsVerifyAndChain()
{
    const Pull first = pull(0, 100000);
    QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
    QVERIFY(!first.bundle.isEmpty());
    const auto verified = verifyBundle(bytesOf(first.bundle), std::nullopt);
    QVERIFY2(verified.report.clean(), damageKindName(verified.report.kind).data());
    QCOMPARE(verified.bundle.firstSequence, 1u);
    QCOMPARE(verified.bundle.lastSequence, first.head);
    m_deviceKey = verified.bundle.devicePublicKey;
    // The pull recorded itself: its entry is the last of the bundle, by the system.
    const AuditEntry& own = verified.bundle.entries.back();
    QCOMPARE(own.action, AuditAction::LogExport);
    QCOMPARE(own.actor, std::string(kSystemActor));

    // Up to date: nothing follows, nothing is written.
    const Pull idle = pull(first.head, 100);
    QVERIFY(idle.error.isEmpty());
    QVERIFY(idle.bundle.isEmpty());
    QCOMPARE(idle.head, first.head);
    const Pull ahead = pull(first.head + 50, 100);
    QVERIFY(ahead.bundle.isEmpty());
    QCOMPARE(ahead.head, first.head);

    // New activity, then an incremental pull that continues the first exactly.
    auto admin = sessionOf(m_admin);
    QVERIFY(QDBusReply<void>(admin->call(QStringLiteral("Logout"))).isValid());
    const Pull next = pull(first.head, 100000);
    QVERIFY(!next.bundle.isEmpty());
    BundleVerifyOptions options;
    options.expectedAnchor = ChainHead{verified.bundle.lastSequence, verified.bundle.entries.back().hash};
    const auto continued = verifyBundle(bytesOf(next.bundle), m_deviceKey, options);
    QVERIFY2(continued.report.clean(), damageKindName(continued.report.kind).data());
    QCOMPARE(continued.bundle.firstSequence, first.head + 1);
    QCOMPARE(continued.bundle.lastSequence, next.head);

    // A bundle that does not continue the archive is caught by the puller's anchor check.
    BundleVerifyOptions wrong;
    wrong.expectedAnchor = ChainHead{verified.bundle.lastSequence - 1, verified.bundle.entries.back().hash};
    QVERIFY(!verifyBundle(bytesOf(next.bundle), m_deviceKey, wrong).report.clean());

    QCOMPARE(pull(0, 0).error, QStringLiteral("InvalidArgument"));
    QCOMPARE(pull(0, 100001).error, QStringLiteral("InvalidArgument"));
}

void TestVaultdServices::pullIsCutOnACheckpoint()
{
    // A limit of one entry from the start: the bundle still ends on a checkpoint (the first one
    // after sequence 0), and the next pull continues from there.
    const Pull small = pull(0, 1);
    QVERIFY2(small.error.isEmpty(), qPrintable(small.error));
    const auto verified = verifyBundle(bytesOf(small.bundle), m_deviceKey);
    QVERIFY2(verified.report.clean(), damageKindName(verified.report.kind).data());
    QCOMPARE(verified.bundle.firstSequence, 1u);
    QVERIFY(verified.bundle.lastSequence < small.head);
    QVERIFY(!verified.bundle.checkpoints.empty());
    QCOMPARE(verified.bundle.checkpoints.back().sequence, verified.bundle.lastSequence);

    BundleVerifyOptions options;
    options.expectedAnchor = ChainHead{verified.bundle.lastSequence, verified.bundle.entries.back().hash};
    const Pull rest = pull(verified.bundle.lastSequence, 100000);
    const auto continued = verifyBundle(bytesOf(rest.bundle), m_deviceKey, options);
    QVERIFY2(continued.report.clean(), damageKindName(continued.report.kind).data());
    QCOMPARE(continued.bundle.lastSequence, rest.head);
}

void TestVaultdServices::courierReportsEachProvisionOnce()
{
    const qulonglong delivered = provideOne(0);
    QVERIFY(delivered > 0);
    QDBusMessage reply = m_service->call(QStringLiteral("ReportDelivery"), delivered, QStringLiteral("delivered"),
                                         QStringLiteral("HTTP 200"));
    QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorName()));
    // Once only, whatever the outcome claimed the second time.
    QCOMPARE(errorOf(m_service->call(QStringLiteral("ReportDelivery"), delivered, QStringLiteral("failed"), QString())),
             QStringLiteral("AlreadyExists"));

    const qulonglong blocked = provideOne(1);
    reply = m_service->call(QStringLiteral("ReportDelivery"), blocked, QStringLiteral("blocked"),
                            QStringLiteral("outgoing scan"));
    QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorName()));
    // Status (the kiosk's standby screen) names the newest report, blocked ones included.
    const QDBusReply<QVariantMap> status = m_service->call(QStringLiteral("Status"));
    QVERIFY(status.isValid());
    QCOMPARE(status.value().value(QStringLiteral("lastDeliveryResult")).toString(), QStringLiteral("blocked"));
    QVERIFY(status.value().value(QStringLiteral("lastDeliveryMs")).toLongLong() > 0);

    // Only a provision can be reported on; only the four outcomes; short text only.
    QCOMPARE(errorOf(m_service->call(QStringLiteral("ReportDelivery"), qulonglong{1}, QStringLiteral("delivered"),
                                     QString())),
             QStringLiteral("InvalidArgument"));
    QCOMPARE(errorOf(m_service->call(QStringLiteral("ReportDelivery"), qulonglong{999999}, QStringLiteral("delivered"),
                                     QString())),
             QStringLiteral("NotFound"));
    const qulonglong third = provideOne(2);
    QCOMPARE(errorOf(m_service->call(QStringLiteral("ReportDelivery"), third, QStringLiteral("lost"), QString())),
             QStringLiteral("InvalidArgument"));
    QCOMPARE(errorOf(m_service->call(QStringLiteral("ReportDelivery"), third, QStringLiteral("failed"),
                                     QString(201, QLatin1Char('x')))),
             QStringLiteral("TooLarge"));
    QCOMPARE(errorOf(m_service->call(QStringLiteral("ReportDelivery"), third, QStringLiteral("failed"),
                                     QStringLiteral("bad\ntext"))),
             QStringLiteral("InvalidArgument"));

    // The administrator's log shows the delivery and the alert, by the system.
    auto admin = sessionOf(m_admin);
    const QDBusMessage alerts =
        admin->call(QStringLiteral("QueryAudit"), QVariantMap{{QStringLiteral("action"), QStringLiteral("alert")}});
    QCOMPARE(alerts.type(), QDBusMessage::ReplyMessage);
    bool sawAlert = false;
    for (const QVariant& row : listOf(mapOf(alerts.arguments().at(0)).value(QStringLiteral("rows")))) {
        const QVariantMap entry = mapOf(row);
        if (entry.value(QStringLiteral("detail"))
                .toString()
                .startsWith(QStringLiteral("delivery of entry %1 blocked").arg(blocked))) {
            sawAlert = true;
            QCOMPARE(entry.value(QStringLiteral("actor")).toString(), QStringLiteral("system"));
        }
    }
    QVERIFY(sawAlert);
    const QDBusMessage provides =
        admin->call(QStringLiteral("QueryAudit"), QVariantMap{{QStringLiteral("action"), QStringLiteral("provide")}});
    bool sawDelivery = false;
    for (const QVariant& row : listOf(mapOf(provides.arguments().at(0)).value(QStringLiteral("rows"))))
        sawDelivery = sawDelivery || mapOf(row).value(QStringLiteral("detail")).toString() ==
                                         QStringLiteral("delivery of entry %1 delivered: HTTP 200").arg(delivered);
    QVERIFY(sawDelivery);
}

void TestVaultdServices::administratorListsCards()
{
    auto admin = sessionOf(m_admin);
    const QDBusMessage reply = admin->call(QStringLiteral("ListCards"));
    QCOMPARE(reply.type(), QDBusMessage::ReplyMessage);
    const QVariantList cards = listOf(reply.arguments().at(0));
    QCOMPARE(cards.size(), 2);
    bool sawClerk = false;
    for (const QVariant& value : cards) {
        const QVariantMap card = mapOf(value);
        QCOMPARE(card.value(QStringLiteral("cardId")).toString().size(), 64);
        QVERIFY(!card.value(QStringLiteral("revoked")).toBool());
        if (card.value(QStringLiteral("cardId")).toString() == QString::fromStdString(m_clerk.cardId())) {
            sawClerk = true;
            QCOMPARE(card.value(QStringLiteral("roles")).toStringList(), QStringList{QStringLiteral("clerk")});
            QCOMPARE(card.value(QStringLiteral("departments")).toStringList(), QStringList{QStringLiteral("sales")});
            QCOMPARE(card.value(QStringLiteral("displayName")).toString(), QStringLiteral("事務 一"));
        }
    }
    QVERIFY(sawClerk);
    // A clerk may not list the cards; a connection without a session may not either.
    auto clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    QCOMPARE(errorOf(clerk->call(QStringLiteral("ListCards"))), QStringLiteral("PermissionDenied"));
    QCOMPARE(errorOf(m_service->call(QStringLiteral("ListCards"))), QStringLiteral("PermissionDenied"));
}

void TestVaultdServices::servicesRefuseOtherUsers()
{
    const qulonglong provided = provideOne(3);
    m_harness.daemon.terminate();
    QVERIFY(m_harness.daemon.waitForFinished(5000));
    // The same daemon, but the services are someone else: this process may call neither method.
    m_harness.daemon.start(qEnvironmentVariable("MAMORI_VAULTD"),
                           m_harness.daemonArguments() +
                               QStringList{QStringLiteral("--bus"), m_harness.bus->address(),
                                           QStringLiteral("--log-user"), QStringLiteral("4242"),
                                           QStringLiteral("--courier-user"), QStringLiteral("4243")});
    QVERIFY(m_harness.daemon.waitForStarted(5000));
    auto service = m_harness.vaultOn(m_harness.connect(QStringLiteral("other")));
    QTRY_VERIFY_WITH_TIMEOUT(service->call(QStringLiteral("Status")).type() == QDBusMessage::ReplyMessage, 10000);
    QCOMPARE(errorOf(service->call(QStringLiteral("AuditBundleSince"), qulonglong{0}, uint{10})),
             QStringLiteral("PermissionDenied"));
    QCOMPARE(errorOf(service->call(QStringLiteral("ReportDelivery"), provided, QStringLiteral("delivered"), QString())),
             QStringLiteral("PermissionDenied"));
    // An unknown user name stops the daemon at start, saying so.
    QProcess unknown;
    unknown.start(qEnvironmentVariable("MAMORI_VAULTD"),
                  m_harness.daemonArguments() + QStringList{QStringLiteral("--bus"), m_harness.bus->address(),
                                                            QStringLiteral("--log-user"),
                                                            QStringLiteral("no-such-user-here")});
    QVERIFY(unknown.waitForFinished(10000));
    QCOMPARE(unknown.exitCode(), 1);
    QVERIFY(unknown.readAllStandardError().contains("no such user"));
}

QTEST_GUILESS_MAIN(TestVaultdServices)
#include "tst_vaultd_services.moc"
