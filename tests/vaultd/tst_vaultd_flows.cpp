// SPDX-License-Identifier: GPL-3.0-or-later
// Whole acts over the bus, each with the cards of the people who do them (vaultd_harness.h): a
// disposal from request to certificate (clerk, then the officer's step-up, then execution); an
// export into a file the kiosk opened and a provision into the courier's outbox; a bulk provision
// that needs the officer's approval and carries both signatures; documents and dependents in the
// subject's record; the administrator's log viewer and a backup to a medium; and malformed
// requests to the new methods; and, last, a restore from a medium that rolls the vault back.

#include "services/common/number_validation.h"
#include "services/vault/vault.h"
#include "tests/vaultd/vaultd_harness.h"

#include <QCryptographicHash>
#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusReply>
#include <QDBusUnixFileDescriptor>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace mamori;
using namespace mamori::vault;
using mamori::test::arrayOf;
using mamori::test::TestCard;
using mamori::test::VaultdHarness;

namespace {

constexpr const char* kDevice = "flows-device";
constexpr int kStaff = 22; // more than the default bulk threshold (20)

std::chrono::year_month_day ymd(int y, unsigned m, unsigned d)
{
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// A distinct synthetic individual number with a valid check digit (compared, never printed).
std::string syntheticNumber(int index)
{
    char body[16];
    std::snprintf(body, sizeof body, "%011lld", 20000000000LL + index);
    std::string number(body, 11);
    number += static_cast<char>('0' + individualCheckDigit(std::span<const char, 11>(number.data(), 11)));
    return number;
}

QVariantList listOf(const QVariant& value) { return qdbus_cast<QVariantList>(value); }
QVariantMap mapOf(const QVariant& value) { return qdbus_cast<QVariantMap>(value); }

QString errorOf(const QDBusMessage& reply) { return reply.errorName().section(QLatin1Char('.'), -1); }

// A file opened as the kiosk opens one on the medium, passed as a descriptor.
struct MediumFile {
    explicit MediumFile(const QString& filePath, int flags = O_WRONLY | O_CREAT | O_TRUNC)
        : path(filePath), fd(::open(filePath.toLocal8Bit().constData(), flags | O_CLOEXEC, 0600))
    {}
    ~MediumFile()
    {
        if (fd >= 0)
            ::close(fd);
    }
    QDBusUnixFileDescriptor descriptor() const { return QDBusUnixFileDescriptor(fd); }
    QByteArray contents() const
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    QString path;
    int fd;
};

} // namespace

class TestVaultdFlows : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void disposalFromRequestToCertificate();
    void exportToMediumAndProvideToOutbox();
    void bulkProvisionNeedsTheOfficer();
    void documentsAndDependentsInTheRecord();
    void namesAndKeepAliveForTheKiosk();
    void administratorQueriesTheLogAndBacksUp();
    void malformedRequestsRefused();
    // Last: it rolls the vault back and ends every session.
    void restoreFromMediumReplacesTheVault();

private:
    void seed(Vault& vault);
    std::unique_ptr<QDBusInterface> sessionOf(const TestCard& card, const QString& purpose = {});

    QTemporaryDir m_outbox;
    QTemporaryDir m_medium;
    VaultdHarness m_harness{kDevice};
    TestCard m_clerk{TestCard::Kind::EcP256, "clerk"};
    TestCard m_officer{TestCard::Kind::Rsa2048, "officer"};
    TestCard m_admin{TestCard::Kind::EcP256, "admin"};
    QStringList m_staff;
    QString m_leaver;
};

void TestVaultdFlows::seed(Vault& vault)
{
    if (!vault.addDepartment(nullptr, "sales", "営業部").ok() ||
        !vault.addPurpose(nullptr, "withholding", "源泉徴収票作成事務").ok() ||
        !vault.addPurpose(nullptr, "welfare", "福利厚生", false).ok() ||
        !vault.setDestination(nullptr, Destination{"usb", "USBメモリ", DestinationKind::Medium, {"withholding"}, true})
             .ok() ||
        !vault
             .setDestination(nullptr,
                             Destination{"payroll", "給与計算委託先", DestinationKind::Endpoint, {"withholding"}, true})
             .ok() ||
        !vault
             .setDestination(nullptr,
                             Destination{"benefits", "福利厚生代行", DestinationKind::Endpoint, {"withholding"}, false})
             .ok() ||
        !vault
             .setDestination(
                 nullptr,
                 Destination{"usb_plain", "USBメモリ（番号なし）", DestinationKind::Medium, {"withholding"}, false})
             .ok())
        qFatal("seed configuration");
    const auto clerk = vault.createUser(nullptr, UserSpec{"事務 一", {Role::Clerk}, {"sales"}}).value();
    const auto officer = vault.createUser(nullptr, UserSpec{"責任 二", {Role::Officer}, {}}).value();
    const auto admin = vault.createUser(nullptr, UserSpec{"管理 三", {Role::Admin}, {}}).value();
    if (!vault.enrolCard(nullptr, clerk, m_clerk.certificateDer()).ok() ||
        !vault.enrolCard(nullptr, officer, m_officer.certificateDer()).ok() ||
        !vault.enrolCard(nullptr, admin, m_admin.certificateDer()).ok())
        qFatal("enrol");
    SessionContext session;
    session.userId = clerk;
    session.cardId = m_clerk.cardId();
    session.roles = {Role::Clerk};
    session.departments = {"sales"};
    session.purpose = "withholding";
    for (int i = 0; i < kStaff; ++i) {
        NewSubject subject;
        subject.code = "S" + std::to_string(100 + i);
        subject.department = "sales";
        subject.name = PersonalText("社員 " + std::to_string(i));
        subject.nameKana = PersonalText("シャイン");
        subject.birthDate = PersonalText("1990-01-01");
        const SubjectId id = vault.registerSubject(session, subject).value();
        if (!vault.notifyPurpose(session, id, "withholding", ymd(2020, 4, 1)).ok() ||
            !vault.setNumber(session, id, syntheticNumber(i)).ok())
            qFatal("seed staff");
        m_staff << QString::fromStdString(id.hex());
    }
    // Left in 2015; the only document's retention (7 years) ended long ago: due for disposal.
    NewSubject leaver;
    leaver.code = "L1";
    leaver.department = "sales";
    leaver.name = PersonalText("退職 者");
    const SubjectId id = vault.registerSubject(session, leaver).value();
    DocumentRecord document;
    document.ruleCode = "fuyo_kojo_shinkokusho";
    document.taxYear = 2010;
    document.deadline = ymd(2010, 1, 10);
    document.filed = ymd(2010, 1, 10);
    SubjectEdit left;
    left.status = SubjectStatus::Left;
    left.statusDate = ymd(2015, 3, 31);
    if (!vault.notifyPurpose(session, id, "withholding", ymd(2009, 4, 1)).ok() ||
        !vault.setNumber(session, id, syntheticNumber(999)).ok() || !vault.recordDocument(session, id, document).ok() ||
        !vault.editSubject(session, id, left).ok())
        qFatal("seed leaver");
    m_leaver = QString::fromStdString(id.hex());
}

void TestVaultdFlows::initTestCase()
{
    QVERIFY(m_outbox.isValid() && m_medium.isValid());
    m_harness.start([this](Vault& vault) { seed(vault); },
                    {QStringLiteral("--outbox"), m_outbox.filePath(QStringLiteral("outbox"))});
}

void TestVaultdFlows::cleanupTestCase() { QVERIFY(m_harness.stop()); }

std::unique_ptr<QDBusInterface> TestVaultdFlows::sessionOf(const TestCard& card, const QString& purpose)
{
    auto vault = m_harness.vaultOn(m_harness.connect(QString::fromStdString(card.cardId()).left(8)));
    m_harness.login(*vault, card);
    if (!purpose.isEmpty() && !QDBusReply<void>(vault->call(QStringLiteral("SetPurpose"), purpose)).isValid())
        qFatal("SetPurpose");
    return vault;
}

void TestVaultdFlows::disposalFromRequestToCertificate()
{
    auto clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    const QDBusMessage due = clerk->call(QStringLiteral("DueList"));
    QCOMPARE(due.type(), QDBusMessage::ReplyMessage);
    bool leaverDue = false;
    for (const QVariant& item : listOf(due.arguments().at(0)))
        leaverDue = leaverDue || (mapOf(item).value(QStringLiteral("id")).toString() == m_leaver &&
                                  mapOf(item).value(QStringLiteral("due")).toBool());
    QVERIFY(leaverDue);
    const QDBusReply<qlonglong> request = clerk->call(QStringLiteral("RequestDisposal"), m_leaver);
    QVERIFY2(request.isValid(), qPrintable(request.error().name()));
    // Not approved yet.
    QCOMPARE(errorOf(clerk->call(QStringLiteral("ExecuteDisposal"), request.value())),
             QStringLiteral("InvalidArgument"));
    // The clerk cannot approve (no officer role), not even with a step-up.
    QCOMPARE(errorOf(clerk->call(QStringLiteral("BeginStepUp"), QStringLiteral("approve_disposal"),
                                 QVariantMap{{QStringLiteral("request"), request.value()}})),
             QStringLiteral("PermissionDenied"));

    // The officer signs in at the same terminal and approves with a fresh signature of their card.
    auto officer = sessionOf(m_officer);
    const auto [nonce, signature] = m_harness.stepUp(*officer, m_officer, QStringLiteral("approve_disposal"),
                                                     QVariantMap{{QStringLiteral("request"), request.value()}});
    QVERIFY(QDBusReply<void>(officer->call(QStringLiteral("ApproveDisposal"), request.value(), nonce, signature))
                .isValid());
    // Replaying the approval fails (nonce spent, request no longer pending).
    QVERIFY(!QDBusReply<void>(officer->call(QStringLiteral("ApproveDisposal"), request.value(), nonce, signature))
                 .isValid());

    const QDBusReply<QVariantMap> certificate = clerk->call(QStringLiteral("ExecuteDisposal"), request.value());
    QVERIFY2(certificate.isValid(), qPrintable(certificate.error().name()));
    QVERIFY(!certificate.value().isEmpty());
    QCOMPARE(errorOf(clerk->call(QStringLiteral("ViewSubject"), m_leaver)), QStringLiteral("NotFound"));

    // The officer's log view shows the three steps, the approval signed by the card.
    const QDBusMessage page =
        officer->call(QStringLiteral("QueryAudit"), QVariantMap{{QStringLiteral("subjectCode"), QStringLiteral("L1")}});
    QCOMPARE(page.type(), QDBusMessage::ReplyMessage);
    QStringList actions;
    for (const QVariant& row : listOf(mapOf(page.arguments().at(0)).value(QStringLiteral("rows")))) {
        const QVariantMap entry = mapOf(row);
        if (entry.value(QStringLiteral("result")).toString() != QLatin1String("ok"))
            continue;
        actions << entry.value(QStringLiteral("action")).toString();
        if (entry.value(QStringLiteral("action")).toString() == QLatin1String("disposal_approve")) {
            QVERIFY(entry.value(QStringLiteral("signedByCard")).toBool());
            QCOMPARE(entry.value(QStringLiteral("actorName")).toString(), QStringLiteral("責任 二"));
        }
    }
    QVERIFY(actions.contains(QStringLiteral("disposal_request")));
    QVERIFY(actions.contains(QStringLiteral("disposal_approve")));
    QVERIFY(actions.contains(QStringLiteral("disposal_execute")));
}

void TestVaultdFlows::exportToMediumAndProvideToOutbox()
{
    auto clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    const QDBusMessage destinations = clerk->call(QStringLiteral("Destinations"));
    QCOMPARE(listOf(destinations.arguments().at(0)).size(), 4);

    // Export two subjects into a file on the "medium".
    const QStringList two{m_staff.at(0), m_staff.at(1)};
    const QVariantMap exportArguments{{QStringLiteral("subjects"), two},
                                      {QStringLiteral("destination"), QStringLiteral("usb")}};
    MediumFile medium(m_medium.filePath(QStringLiteral("export.csv")));
    QVERIFY(medium.fd >= 0);
    auto [nonce, signature] = m_harness.stepUp(*clerk, m_clerk, QStringLiteral("export"), exportArguments);
    const QDBusReply<QVariantMap> exported =
        clerk->call(QStringLiteral("Export"), two, QStringLiteral("usb"), qlonglong{0}, nonce, signature,
                    QVariant::fromValue(medium.descriptor()));
    QVERIFY2(exported.isValid(), qPrintable(exported.error().name()));
    QCOMPARE(exported.value().value(QStringLiteral("subjects")).toLongLong(), 2);
    QVERIFY(exported.value().value(QStringLiteral("containsNumbers")).toBool());
    const QByteArray csv = medium.contents();
    QVERIFY(csv.startsWith("employee_code,kind,parent_code,name,name_kana,birth_date,individual_number\r\n"));
    QCOMPARE(csv.count("\r\n"), 3);
    QVERIFY(csv.contains(QByteArray::fromStdString(syntheticNumber(0)))); // compared, never printed
    QCOMPARE(exported.value().value(QStringLiteral("bytes")).toLongLong(), csv.size());

    // A read-only descriptor is refused before anything is built.
    MediumFile readOnly(m_medium.filePath(QStringLiteral("export.csv")), O_RDONLY);
    std::tie(nonce, signature) = m_harness.stepUp(*clerk, m_clerk, QStringLiteral("export"), exportArguments);
    QCOMPARE(errorOf(clerk->call(QStringLiteral("Export"), two, QStringLiteral("usb"), qlonglong{0}, nonce, signature,
                                 QVariant::fromValue(readOnly.descriptor()))),
             QStringLiteral("InvalidArgument"));

    // Provide one subject to the payroll endpoint: payload and envelope in the outbox, group-readable.
    const QStringList one{m_staff.at(2)};
    std::tie(nonce, signature) = m_harness.stepUp(
        *clerk, m_clerk, QStringLiteral("provide"),
        {{QStringLiteral("subjects"), one}, {QStringLiteral("destination"), QStringLiteral("payroll")}});
    const QDBusReply<QVariantMap> provided =
        clerk->call(QStringLiteral("Provide"), one, QStringLiteral("payroll"), qlonglong{0}, nonce, signature);
    QVERIFY2(provided.isValid(), qPrintable(provided.error().name()));
    const QString fileName = provided.value().value(QStringLiteral("fileName")).toString();
    const QString payload = m_outbox.filePath(QStringLiteral("outbox/") + fileName);
    QVERIFY(QFile::exists(payload));
    QVERIFY(QFile::exists(payload + QStringLiteral(".json")));
    struct stat info {};
    QCOMPARE(::stat(payload.toLocal8Bit().constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, 0640u);
    QFile envelope(payload + QStringLiteral(".json"));
    QVERIFY(envelope.open(QIODevice::ReadOnly));
    const QByteArray json = envelope.readAll();
    QVERIFY(json.contains("\"destination\":\"payroll\""));
    QVERIFY(json.contains("\"containsNumbers\":true"));

    // To a destination that may not receive numbers, the payload holds none.
    std::tie(nonce, signature) = m_harness.stepUp(
        *clerk, m_clerk, QStringLiteral("provide"),
        {{QStringLiteral("subjects"), one}, {QStringLiteral("destination"), QStringLiteral("benefits")}});
    const QDBusReply<QVariantMap> benefits =
        clerk->call(QStringLiteral("Provide"), one, QStringLiteral("benefits"), qlonglong{0}, nonce, signature);
    QVERIFY(benefits.isValid());
    QVERIFY(!benefits.value().value(QStringLiteral("containsNumbers")).toBool());
    QFile withoutNumbers(
        m_outbox.filePath(QStringLiteral("outbox/") + benefits.value().value(QStringLiteral("fileName")).toString()));
    QVERIFY(withoutNumbers.open(QIODevice::ReadOnly));
    QVERIFY(!withoutNumbers.readAll().contains(QByteArray::fromStdString(syntheticNumber(2))));

    // Defence in depth: a number typed into a name field reaches a no-number medium only through
    // the payload, and the outgoing-data scan stops it there (blocked, alerted, nothing written).
    const std::string digits = syntheticNumber(700);
    const QString typedIntoName = QStringLiteral("マイナンバー ") + QString::fromStdString(digits.substr(0, 4)) +
                                  QLatin1Char('-') + QString::fromStdString(digits.substr(4, 4)) + QLatin1Char('-') +
                                  QString::fromStdString(digits.substr(8, 4));
    const QDBusReply<QString> careless = clerk->call(
        QStringLiteral("RegisterSubject"), QVariantMap{{QStringLiteral("code"), QStringLiteral("X1")},
                                                       {QStringLiteral("department"), QStringLiteral("sales")},
                                                       {QStringLiteral("name"), typedIntoName}});
    QVERIFY(careless.isValid());
    QVERIFY(QDBusReply<void>(clerk->call(QStringLiteral("NotifyPurpose"), careless.value(),
                                         QStringLiteral("withholding"), QStringLiteral("2026-04-01")))
                .isValid());
    const QStringList carelessList{careless.value()};
    MediumFile plain(m_medium.filePath(QStringLiteral("plain.csv")));
    std::tie(nonce, signature) = m_harness.stepUp(
        *clerk, m_clerk, QStringLiteral("export"),
        {{QStringLiteral("subjects"), carelessList}, {QStringLiteral("destination"), QStringLiteral("usb_plain")}});
    QCOMPARE(errorOf(clerk->call(QStringLiteral("Export"), carelessList, QStringLiteral("usb_plain"), qlonglong{0},
                                 nonce, signature, QVariant::fromValue(plain.descriptor()))),
             QStringLiteral("PermissionDenied"));
    QVERIFY(plain.contents().isEmpty());
    auto officer = sessionOf(m_officer);
    const QDBusMessage alerts =
        officer->call(QStringLiteral("QueryAudit"), QVariantMap{{QStringLiteral("action"), QStringLiteral("alert")}});
    const QVariantList alertRows = listOf(mapOf(alerts.arguments().at(0)).value(QStringLiteral("rows")));
    QCOMPARE(alertRows.size(), 1);
    QVERIFY(mapOf(alertRows.at(0))
                .value(QStringLiteral("detail"))
                .toString()
                .startsWith(QStringLiteral("export blocked by the outgoing-data scan")));

    // A signature over one destination does not cover another.
    std::tie(nonce, signature) = m_harness.stepUp(
        *clerk, m_clerk, QStringLiteral("provide"),
        {{QStringLiteral("subjects"), one}, {QStringLiteral("destination"), QStringLiteral("benefits")}});
    QCOMPARE(
        errorOf(clerk->call(QStringLiteral("Provide"), one, QStringLiteral("payroll"), qlonglong{0}, nonce, signature)),
        QStringLiteral("PermissionDenied"));
}

void TestVaultdFlows::bulkProvisionNeedsTheOfficer()
{
    auto clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    const QVariantMap arguments{{QStringLiteral("subjects"), m_staff},
                                {QStringLiteral("destination"), QStringLiteral("payroll")}};
    auto [nonce, signature] = m_harness.stepUp(*clerk, m_clerk, QStringLiteral("provide"), arguments);
    QCOMPARE(errorOf(clerk->call(QStringLiteral("Provide"), m_staff, QStringLiteral("payroll"), qlonglong{0}, nonce,
                                 signature)),
             QStringLiteral("PermissionDenied"));
    const QDBusReply<qlonglong> request =
        clerk->call(QStringLiteral("RequestExport"), QStringLiteral("provide"), m_staff, QStringLiteral("payroll"));
    QVERIFY2(request.isValid(), qPrintable(request.error().name()));

    auto officer = sessionOf(m_officer);
    const QDBusMessage pending = officer->call(QStringLiteral("ExportRequests"));
    QCOMPARE(listOf(pending.arguments().at(0)).size(), 1);
    QCOMPARE(mapOf(listOf(pending.arguments().at(0)).at(0)).value(QStringLiteral("subjects")).toLongLong(), kStaff);
    const auto approval = m_harness.stepUp(*officer, m_officer, QStringLiteral("approve_export"),
                                           QVariantMap{{QStringLiteral("request"), request.value()}});
    QVERIFY(QDBusReply<void>(
                officer->call(QStringLiteral("ApproveExport"), request.value(), approval.first, approval.second))
                .isValid());

    std::tie(nonce, signature) = m_harness.stepUp(*clerk, m_clerk, QStringLiteral("provide"), arguments);
    const QDBusReply<QVariantMap> provided =
        clerk->call(QStringLiteral("Provide"), m_staff, QStringLiteral("payroll"), request.value(), nonce, signature);
    QVERIFY2(provided.isValid(), qPrintable(provided.error().name()));
    QCOMPARE(provided.value().value(QStringLiteral("subjects")).toLongLong(), kStaff);

    // The provision's entry carries the clerk's signature and the officer's as second signer.
    const QDBusMessage page =
        officer->call(QStringLiteral("QueryAudit"),
                      QVariantMap{{QStringLiteral("action"), QStringLiteral("provide")}, {QStringLiteral("limit"), 1}});
    const QVariantList rows = listOf(mapOf(page.arguments().at(0)).value(QStringLiteral("rows")));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(mapOf(rows.at(0)).value(QStringLiteral("result")).toString(), QStringLiteral("ok"));
    QVERIFY(mapOf(rows.at(0)).value(QStringLiteral("signedByCard")).toBool());
    QVERIFY(mapOf(rows.at(0)).value(QStringLiteral("secondSigner")).toBool());
}

void TestVaultdFlows::documentsAndDependentsInTheRecord()
{
    auto clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    const QString employee = m_staff.at(3);
    const QDBusReply<QString> child = clerk->call(QStringLiteral("RegisterSubject"),
                                                  QVariantMap{{QStringLiteral("kind"), QStringLiteral("dependent")},
                                                              {QStringLiteral("parent"), employee},
                                                              {QStringLiteral("name"), QStringLiteral("社員 子")}});
    QVERIFY2(child.isValid(), qPrintable(child.error().name()));
    const QDBusReply<qlonglong> document =
        clerk->call(QStringLiteral("RecordDocument"), employee,
                    QVariantMap{{QStringLiteral("ruleCode"), QStringLiteral("fuyo_kojo_shinkokusho")},
                                {QStringLiteral("taxYear"), 2026},
                                {QStringLiteral("deadline"), QStringLiteral("2026-01-10")},
                                {QStringLiteral("filed"), QStringLiteral("2026-01-09")}});
    QVERIFY2(document.isValid(), qPrintable(document.error().name()));
    QCOMPARE(errorOf(clerk->call(QStringLiteral("RecordDocument"), employee,
                                 QVariantMap{{QStringLiteral("ruleCode"), QStringLiteral("no_such_rule")}})),
             QStringLiteral("InvalidArgument"));

    const QDBusMessage view = clerk->call(QStringLiteral("ViewSubject"), employee);
    const QVariantMap record = mapOf(view.arguments().at(0));
    const QVariantList dependents = listOf(record.value(QStringLiteral("dependents")));
    QCOMPARE(dependents.size(), 1);
    QCOMPARE(mapOf(dependents.at(0)).value(QStringLiteral("id")).toString(), child.value());
    const QVariantList documents = listOf(record.value(QStringLiteral("documents")));
    QCOMPARE(documents.size(), 1);
    QCOMPARE(mapOf(documents.at(0)).value(QStringLiteral("ruleCode")).toString(),
             QStringLiteral("fuyo_kojo_shinkokusho"));
    QCOMPARE(mapOf(documents.at(0)).value(QStringLiteral("deadline")).toString(), QStringLiteral("2026-01-10"));
    QCOMPARE(record.value(QStringLiteral("number")).toString(), QStringLiteral("••••-••••-••••"));
    const QDBusMessage childView = clerk->call(QStringLiteral("ViewSubject"), child.value());
    QCOMPARE(mapOf(childView.arguments().at(0)).value(QStringLiteral("parent")).toString(), employee);
}

void TestVaultdFlows::namesAndKeepAliveForTheKiosk()
{
    auto vault = m_harness.vaultOn(m_harness.connect(QStringLiteral("names")));
    QCOMPARE(errorOf(vault->call(QStringLiteral("KeepAlive"))), QStringLiteral("PermissionDenied"));
    QCOMPARE(errorOf(vault->call(QStringLiteral("Purposes"))), QStringLiteral("PermissionDenied"));
    const QVariantMap session = m_harness.login(*vault, m_clerk);
    QCOMPARE(session.value(QStringLiteral("displayName")).toString(), QStringLiteral("事務 一"));
    QCOMPARE(mapOf(session.value(QStringLiteral("departmentNames"))).value(QStringLiteral("sales")).toString(),
             QStringLiteral("営業部"));
    QVERIFY(QDBusReply<void>(vault->call(QStringLiteral("KeepAlive"))).isValid());
    const QDBusMessage purposes = vault->call(QStringLiteral("Purposes"));
    QStringList codes;
    for (const QVariant& entry : listOf(purposes.arguments().at(0)))
        codes << mapOf(entry).value(QStringLiteral("code")).toString();
    QCOMPARE(codes, (QStringList{QStringLiteral("welfare"), QStringLiteral("withholding")}));
    // A dependent's list item names its employee.
    const QDBusMessage page = vault->call(QStringLiteral("ListSubjects"), QVariantMap{{QStringLiteral("limit"), 200}});
    int dependents = 0;
    for (const QVariant& entry : listOf(mapOf(page.arguments().at(0)).value(QStringLiteral("items")))) {
        const QVariantMap item = mapOf(entry);
        if (item.value(QStringLiteral("kind")).toString() == QLatin1String("dependent")) {
            ++dependents;
            QCOMPARE(item.value(QStringLiteral("parent")).toString(), m_staff.at(3));
        } else {
            QVERIFY(item.value(QStringLiteral("parent")).toString().isEmpty());
        }
    }
    QCOMPARE(dependents, 1);
}

void TestVaultdFlows::administratorQueriesTheLogAndBacksUp()
{
    auto admin = sessionOf(m_admin);
    const QDBusMessage first = admin->call(QStringLiteral("QueryAudit"), QVariantMap{{QStringLiteral("limit"), 10}});
    QCOMPARE(first.type(), QDBusMessage::ReplyMessage);
    const QVariantMap page = mapOf(first.arguments().at(0));
    QCOMPARE(listOf(page.value(QStringLiteral("rows"))).size(), 10);
    QVERIFY(page.value(QStringLiteral("more")).toBool());
    QVERIFY(page.value(QStringLiteral("checkpointSequence")).toULongLong() >= 1);
    const qulonglong last =
        mapOf(listOf(page.value(QStringLiteral("rows"))).last()).value(QStringLiteral("sequence")).toULongLong();
    const QDBusMessage second = admin->call(
        QStringLiteral("QueryAudit"),
        QVariantMap{{QStringLiteral("limit"), 10}, {QStringLiteral("beforeSequence"), QVariant::fromValue(last)}});
    QCOMPARE(mapOf(listOf(mapOf(second.arguments().at(0)).value(QStringLiteral("rows"))).first())
                 .value(QStringLiteral("sequence"))
                 .toULongLong(),
             last - 1);

    MediumFile medium(m_medium.filePath(QStringLiteral("vault.backup")));
    const QDBusReply<QVariantMap> backup =
        admin->call(QStringLiteral("Backup"), QVariant::fromValue(medium.descriptor()));
    QVERIFY2(backup.isValid(), qPrintable(backup.error().name()));
    QVERIFY(medium.contents().startsWith("MAMORI-BACKUP-1\n"));
    QCOMPARE(backup.value().value(QStringLiteral("bytes")).toLongLong(), medium.contents().size());
    // Status (no session needed: the standby screen) names the newest backup: its time and result.
    const QDBusReply<QVariantMap> status = admin->call(QStringLiteral("Status"));
    QVERIFY(status.isValid());
    // The entry is written when the backup is done, a moment after the file's creation time.
    const qlonglong after = status.value().value(QStringLiteral("lastBackupMs")).toLongLong() -
                            backup.value().value(QStringLiteral("createdMs")).toLongLong();
    QVERIFY2(after >= 0 && after < 60000, qPrintable(QString::number(after)));
    QCOMPARE(status.value().value(QStringLiteral("lastBackupResult")).toString(), QStringLiteral("ok"));

    // A clerk may neither read the log nor take a backup.
    auto clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    QCOMPARE(errorOf(clerk->call(QStringLiteral("QueryAudit"), QVariantMap{})), QStringLiteral("PermissionDenied"));
    MediumFile other(m_medium.filePath(QStringLiteral("clerk.backup")));
    QCOMPARE(errorOf(clerk->call(QStringLiteral("Backup"), QVariant::fromValue(other.descriptor()))),
             QStringLiteral("PermissionDenied"));
    QVERIFY(other.contents().isEmpty());
}

void TestVaultdFlows::malformedRequestsRefused()
{
    auto clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    const QString subject = m_staff.at(0);
    struct Case {
        const char* method;
        QVariantList arguments;
        const char* error;
    };
    QStringList tooMany;
    for (int i = 0; i < 10001; ++i)
        tooMany << subject;
    const QList<Case> cases{
        {"BeginStepUp", {QStringLiteral("format_disk"), QVariantMap{}}, "InvalidArgument"},
        {"BeginStepUp", {QStringLiteral("reveal_number"), QVariantMap{}}, "InvalidArgument"},
        {"BeginStepUp",
         {QStringLiteral("reveal_number"),
          QVariantMap{{QStringLiteral("subjectId"), subject}, {QStringLiteral("x"), 1}}},
         "InvalidArgument"},
        {"BeginStepUp",
         {QStringLiteral("reveal_number"), QVariantMap{{QStringLiteral("subjectId"), 42}}},
         "InvalidArgument"},
        {"BeginStepUp",
         {QStringLiteral("export"), QVariantMap{{QStringLiteral("subjects"), QStringList{subject, subject}},
                                                {QStringLiteral("destination"), QStringLiteral("usb")}}},
         "InvalidArgument"},
        {"BeginStepUp",
         {QStringLiteral("export"),
          QVariantMap{{QStringLiteral("subjects"), tooMany}, {QStringLiteral("destination"), QStringLiteral("usb")}}},
         "TooLarge"},
        {"RequestExport", {QStringLiteral("delete"), QStringList{subject}, QStringLiteral("usb")}, "InvalidArgument"},
        {"RequestExport", {QStringLiteral("export"), QStringList{}, QStringLiteral("usb")}, "InvalidArgument"},
        {"RequestExport", {QStringLiteral("export"), QStringList{subject}, QStringLiteral("u s b")}, "InvalidArgument"},
        {"Provide",
         {QStringList{subject}, QStringLiteral("payroll"), qlonglong{-1}, QByteArray(32, 'n'), QByteArray(64, 's')},
         "InvalidArgument"},
        {"Provide",
         {QStringList{subject}, QStringLiteral("payroll"), qlonglong{0}, QByteArray(31, 'n'), QByteArray(64, 's')},
         "InvalidArgument"},
        {"QueryAudit", {QVariantMap{{QStringLiteral("limit"), 501}}}, "InvalidArgument"},
        {"QueryAudit", {QVariantMap{{QStringLiteral("colour"), QStringLiteral("red")}}}, "InvalidArgument"},
        {"RecordDocument", {subject, QVariantMap{{QStringLiteral("taxYear"), 2026}}}, "InvalidArgument"},
        {"RecordDocument",
         {subject, QVariantMap{{QStringLiteral("ruleCode"), QStringLiteral("fuyo_kojo_shinkokusho")},
                               {QStringLiteral("filed"), QStringLiteral("2026-02-30")}}},
         "InvalidArgument"},
    };
    for (const Case& c : cases) {
        QDBusMessage call =
            QDBusMessage::createMethodCall(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                                           QStringLiteral("org.mamori.Vault1"), QLatin1String(c.method));
        call.setArguments(c.arguments);
        const QDBusMessage reply = clerk->connection().call(call, QDBus::Block, 10000);
        QVERIFY2(reply.type() == QDBusMessage::ErrorMessage, c.method);
        QVERIFY2(errorOf(reply) == QLatin1String(c.error),
                 qPrintable(QLatin1String(c.method) + QLatin1Char(' ') + reply.errorName()));
    }
    // The session carries on.
    const QDBusReply<QVariantMap> status = clerk->call(QStringLiteral("Status"));
    QVERIFY(status.value().value(QStringLiteral("loggedIn")).toBool());
}

void TestVaultdFlows::restoreFromMediumReplacesTheVault()
{
    auto admin = sessionOf(m_admin);
    MediumFile medium(m_medium.filePath(QStringLiteral("restore.backup")));
    QVERIFY(QDBusReply<QVariantMap>(admin->call(QStringLiteral("Backup"), QVariant::fromValue(medium.descriptor())))
                .isValid());
    const QByteArray backup = medium.contents();
    const QString digest = QString::fromLatin1(QCryptographicHash::hash(backup, QCryptographicHash::Sha256).toHex());

    // After the backup a clerk registers someone: the restore will take the vault back before that.
    auto clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    const QDBusReply<QString> later = clerk->call(QStringLiteral("RegisterSubject"),
                                                  QVariantMap{{QStringLiteral("code"), QStringLiteral("LATE1")},
                                                              {QStringLiteral("department"), QStringLiteral("sales")},
                                                              {QStringLiteral("name"), QStringLiteral("後日 登録")}});
    QVERIFY(later.isValid());

    MediumFile reader(medium.path, O_RDONLY);
    const auto restoreArguments = [&](bool replace) {
        return QVariantMap{{QStringLiteral("backupSha256"), digest}, {QStringLiteral("replaceNewer"), replace}};
    };
    // A clerk may not restore; a signature over another file does not cover this one.
    QCOMPARE(errorOf(clerk->call(QStringLiteral("BeginStepUp"), QStringLiteral("restore"), restoreArguments(true))),
             QStringLiteral("PermissionDenied"));
    auto [nonce, signature] =
        m_harness.stepUp(*admin, m_admin, QStringLiteral("restore"),
                         QVariantMap{{QStringLiteral("backupSha256"), QString(64, QLatin1Char('0'))},
                                     {QStringLiteral("replaceNewer"), true}});
    QCOMPARE(errorOf(admin->call(QStringLiteral("Restore"), QVariant::fromValue(reader.descriptor()), true, nonce,
                                 signature)),
             QStringLiteral("PermissionDenied"));
    // The vault is newer than the backup: refused without replaceNewer; the old vault serves on.
    std::tie(nonce, signature) = m_harness.stepUp(*admin, m_admin, QStringLiteral("restore"), restoreArguments(false));
    QCOMPARE(errorOf(admin->call(QStringLiteral("Restore"), QVariant::fromValue(reader.descriptor()), false, nonce,
                                 signature)),
             QStringLiteral("AlreadyExists"));
    admin = sessionOf(m_admin); // every session ended with the attempt
    clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    QCOMPARE(clerk->call(QStringLiteral("ViewSubject"), later.value()).type(), QDBusMessage::ReplyMessage);

    // A damaged backup is refused and changes nothing.
    QByteArray damaged = backup;
    damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x01);
    const QString damagedPath = m_medium.filePath(QStringLiteral("damaged.backup"));
    {
        QFile file(damagedPath);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(damaged) == damaged.size());
    }
    MediumFile damagedReader(damagedPath, O_RDONLY);
    std::tie(nonce, signature) = m_harness.stepUp(
        *admin, m_admin, QStringLiteral("restore"),
        QVariantMap{{QStringLiteral("backupSha256"),
                     QString::fromLatin1(QCryptographicHash::hash(damaged, QCryptographicHash::Sha256).toHex())},
                    {QStringLiteral("replaceNewer"), true}});
    // A clerk is refused before the file is read, and cannot use the administrator's proof.
    QCOMPARE(errorOf(clerk->call(QStringLiteral("Restore"), QVariant::fromValue(damagedReader.descriptor()), true,
                                 nonce, signature)),
             QStringLiteral("PermissionDenied"));
    const QDBusMessage refusedDamage =
        admin->call(QStringLiteral("Restore"), QVariant::fromValue(damagedReader.descriptor()), true, nonce, signature);
    QCOMPARE(refusedDamage.type(), QDBusMessage::ErrorMessage);
    QVERIFY(errorOf(refusedDamage) == QLatin1String("StorageKeyMismatch") ||
            errorOf(refusedDamage) == QLatin1String("StorageCorrupt"));
    clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    QCOMPARE(clerk->call(QStringLiteral("ViewSubject"), later.value()).type(), QDBusMessage::ReplyMessage);

    // With replaceNewer the backup replaces the vault: the later subject is gone, the sessions ended.
    admin = sessionOf(m_admin);
    std::tie(nonce, signature) = m_harness.stepUp(*admin, m_admin, QStringLiteral("restore"), restoreArguments(true));
    const QDBusReply<QVariantMap> restored =
        admin->call(QStringLiteral("Restore"), QVariant::fromValue(reader.descriptor()), true, nonce, signature);
    QVERIFY2(restored.isValid(), qPrintable(restored.error().name()));
    const QDBusReply<QVariantMap> status = clerk->call(QStringLiteral("Status"));
    QVERIFY(!status.value().value(QStringLiteral("loggedIn")).toBool());
    clerk = sessionOf(m_clerk, QStringLiteral("withholding"));
    QCOMPARE(errorOf(clerk->call(QStringLiteral("ViewSubject"), later.value())), QStringLiteral("NotFound"));

    // The restored vault's log records the restore with the administrator's signature, and verifies.
    admin = sessionOf(m_admin);
    const QDBusMessage page =
        admin->call(QStringLiteral("QueryAudit"), QVariantMap{{QStringLiteral("action"), QStringLiteral("restore")}});
    const QVariantList rows = listOf(mapOf(page.arguments().at(0)).value(QStringLiteral("rows")));
    QVERIFY(!rows.isEmpty());
    QCOMPARE(mapOf(rows.at(0)).value(QStringLiteral("actor")).toString(), QString::fromStdString(m_admin.cardId()));
    QVERIFY(mapOf(rows.at(0)).value(QStringLiteral("signedByCard")).toBool());
    const QDBusReply<QVariantMap> verified = admin->call(QStringLiteral("VerifyAudit"));
    QVERIFY(verified.value().value(QStringLiteral("clean")).toBool());
}

QTEST_GUILESS_MAIN(TestVaultdFlows)
#include "tst_vaultd_flows.moc"
