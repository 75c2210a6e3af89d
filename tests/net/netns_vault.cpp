// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-netns-vault: the vault side of the namespace test bed (tests/net/netns_testbed.sh runs it
// in the kiosk's namespace). It starts a real mamori-vaultd exactly as the vaultd tests do
// (tests/vaultd/vaultd_harness.h: swtpm, a provisioned and seeded vault, a private dbus-daemon;
// MAMORI_VAULTD names the daemon), with this process's uid as --courier-user and --log-user, so
// that mamori-courier and mamori-logd started by the script reach it; then a clerk's test card signs
// in over D-Bus and provides twice, each with a step-up:
//
//   - two employees (with numbers) to "allowed", an endpoint that may receive numbers;
//   - one person, whose name holds a labelled number typed in by mistake, to "nonum", an endpoint
//     that may not: the vault leaves the number column out, the courier's scan must still block it.
//
// Prints "BUS <address>", "PROVIDED <destination> <audit sequence> <payload file>" and "READY",
// then serves until SIGTERM/SIGINT and stops everything it started.
//
//   MAMORI_VAULTD=… mamori-netns-vault --outbox DIR

#include "tests/net/net_test_support.h"
#include "tests/vaultd/vaultd_harness.h"

#include <QCoreApplication>
#include <QDBusReply>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace mamori;
using namespace mamori::test;
using namespace mamori::vault;

namespace {

volatile std::sig_atomic_t g_stop = 0;
void onSignal(int) { g_stop = 1; }

void say(const QString& line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() != 3 || arguments.at(1) != QLatin1String("--outbox")) {
        std::fputs("usage: mamori-netns-vault --outbox DIR\n", stderr);
        return 2;
    }
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);

    TestCard clerk(TestCard::Kind::EcP256, "clerk");
    QStringList staff;
    QString careless;
    VaultdHarness harness("mamori-netns");
    const QString self = QString::number(::geteuid());
    harness.start(
        [&](Vault& vault) {
            if (!vault.addDepartment(nullptr, "sales", "営業部").ok() ||
                !vault.addPurpose(nullptr, "withholding", "源泉徴収票作成事務").ok() ||
                !vault
                     .setDestination(
                         nullptr,
                         Destination{"allowed", "給与計算委託先", DestinationKind::Endpoint, {"withholding"}, true})
                     .ok() ||
                !vault
                     .setDestination(
                         nullptr,
                         Destination{"nonum", "福利厚生代行", DestinationKind::Endpoint, {"withholding"}, false})
                     .ok())
                qFatal("seed configuration");
            const auto user = vault.createUser(nullptr, UserSpec{"事務 一", {Role::Clerk}, {"sales"}}).value();
            if (!vault.enrolCard(nullptr, user, clerk.certificateDer()).ok())
                qFatal("enrol");
            SessionContext session;
            session.userId = user;
            session.cardId = clerk.cardId();
            session.roles = {Role::Clerk};
            session.departments = {"sales"};
            session.purpose = "withholding";
            const std::chrono::year_month_day notified{std::chrono::year{2024}, std::chrono::month{4},
                                                       std::chrono::day{1}};
            for (int i = 0; i < 3; ++i) {
                NewSubject subject;
                subject.code = "S" + std::to_string(100 + i);
                subject.department = "sales";
                if (i < 2) {
                    subject.name = PersonalText("社員 " + std::to_string(i));
                } else {
                    const std::string digits = syntheticIndividualNumber(800);
                    subject.name = PersonalText("マイナンバー " + digits.substr(0, 4) + "-" + digits.substr(4, 4) +
                                                "-" + digits.substr(8, 4));
                }
                const SubjectId id = vault.registerSubject(session, subject).value();
                if (!vault.notifyPurpose(session, id, "withholding", notified).ok() ||
                    !vault.setNumber(session, id, syntheticIndividualNumber(i)).ok())
                    qFatal("seed staff");
                if (i < 2)
                    staff << QString::fromStdString(id.hex());
                else
                    careless = QString::fromStdString(id.hex());
            }
        },
        {QStringLiteral("--outbox"), arguments.at(2), QStringLiteral("--courier-user"), self,
         QStringLiteral("--log-user"), self});
    say(QStringLiteral("BUS ") + harness.bus->address());

    auto session = harness.vaultOn(harness.connect(QStringLiteral("clerk")));
    harness.login(*session, clerk);
    if (!QDBusReply<void>(session->call(QStringLiteral("SetPurpose"), QStringLiteral("withholding"))).isValid())
        qFatal("SetPurpose");
    for (const auto& [destination, subjects] :
         {std::pair{QStringLiteral("allowed"), staff}, std::pair{QStringLiteral("nonum"), QStringList{careless}}}) {
        const auto [nonce, signature] =
            harness.stepUp(*session, clerk, QStringLiteral("provide"),
                           {{QStringLiteral("subjects"), subjects}, {QStringLiteral("destination"), destination}});
        const QDBusReply<QVariantMap> provided =
            session->call(QStringLiteral("Provide"), subjects, destination, qlonglong{0}, nonce, signature);
        if (!provided.isValid())
            qFatal("Provide: %s", qPrintable(provided.error().name()));
        say(QStringLiteral("PROVIDED %1 %2 %3")
                .arg(destination)
                .arg(provided.value().value(QStringLiteral("auditSequence")).toULongLong())
                .arg(provided.value().value(QStringLiteral("fileName")).toString()));
    }
    (void)session->call(QStringLiteral("Logout"));
    say(QStringLiteral("READY"));
    while (!g_stop)
        QThread::msleep(100);
    return harness.stop() ? 0 : 1;
}
