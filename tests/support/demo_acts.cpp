// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-demo-acts: after the login demo, the acts of issue 5 on the demo's mamori-vaultd, each
// with the demo IC card of the person who does them, printed step by step:
//
//   1. the clerk signs in, names the purpose (源泉徴収票作成事務) and lists the destinations that
//      serve it;
//   2. the clerk provides three employees to the payroll provider: BeginStepUp names the act, the
//      card signs it after the PIN, Provide leaves the payload and its envelope in the courier's
//      outbox (mamori-courier, issue 7, will send it) — the file name and whether it holds numbers
//      are shown, never its contents;
//   3. the administrator signs in and reads the newest audit entries (who, in which role, what,
//      with which result; an entry never holds a number) and verifies the whole chain;
//   4. the administrator takes an encrypted backup into a file (the kiosk will open it on the
//      USB medium and pass it the same way).
// Exits non-zero when any step does not go as shown.
//
//   mamori-demo-acts --bus ADDRESS --device-id ID --clerk PIN --admin PIN --backup FILE [--module PATH]

#include "tests/support/demo_client.h"
#include "tests/support/softhsm_token.h"

#include <QCoreApplication>
#include <QDBusMessage>
#include <QDBusReply>
#include <QDBusUnixFileDescriptor>
#include <QStringList>

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

using namespace mamori;
using mamori::demo::errorName;
using mamori::demo::listOf;
using mamori::demo::mapOf;

namespace {

constexpr int kProvided = 3;

void say(const std::string& line)
{
    std::printf("demo-acts: %s\n", line.c_str());
    std::fflush(stdout);
}

[[noreturn]] void fail(const std::string& what)
{
    std::fprintf(stderr, "demo-acts: %s\n", what.c_str());
    std::exit(1);
}

template <typename T> T orFail(Result<T> result, const char* what)
{
    if (!result.ok())
        fail(std::string(what) + ": " + result.error().describe());
    return std::move(result).value();
}

QVariantMap callMap(QDBusInterface& vault, const char* method, const QVariantList& arguments = {})
{
    const QDBusMessage reply = vault.callWithArgumentList(QDBus::Block, QLatin1String(method), arguments);
    if (reply.type() != QDBusMessage::ReplyMessage)
        fail(std::string(method) + ": " + errorName(QDBusError(reply)));
    return reply.arguments().isEmpty() ? QVariantMap() : mapOf(reply.arguments().at(0));
}

struct Options {
    QString bus;
    std::string deviceId;
    std::string clerkPin;
    std::string adminPin;
    QString backup;
    std::string module = test::SoftHsm::kModulePath;
};

Options parse(const QStringList& arguments)
{
    Options options;
    for (qsizetype i = 1; i + 1 < arguments.size(); i += 2) {
        const QString& value = arguments[i + 1];
        if (arguments[i] == QLatin1String("--bus"))
            options.bus = value;
        else if (arguments[i] == QLatin1String("--device-id"))
            options.deviceId = value.toStdString();
        else if (arguments[i] == QLatin1String("--clerk"))
            options.clerkPin = value.toStdString();
        else if (arguments[i] == QLatin1String("--admin"))
            options.adminPin = value.toStdString();
        else if (arguments[i] == QLatin1String("--backup"))
            options.backup = value;
        else if (arguments[i] == QLatin1String("--module"))
            options.module = value.toStdString();
        else
            fail("unknown option " + arguments[i].toStdString());
    }
    if (arguments.size() % 2 == 0 || options.bus.isEmpty() || options.deviceId.empty() || options.clerkPin.empty() ||
        options.adminPin.empty() || options.backup.isEmpty())
        fail("usage: mamori-demo-acts --bus ADDRESS --device-id ID --clerk PIN --admin PIN --backup FILE "
             "[--module PATH]");
    return options;
}

void clerkProvides(const Options& options)
{
    auto card = orFail(demo::DemoCard::open(options.module, "clerk"), "open the clerk's card");
    auto vault = orFail(demo::connectVault(options.bus, QStringLiteral("demo-acts-clerk")), "reach mamori-vaultd");
    orFail(demo::login(*vault, *card, options.clerkPin, options.deviceId), "clerk login");
    callMap(*vault, "SetPurpose", {QStringLiteral("withholding")});
    const QDBusMessage destinations = vault->call(QStringLiteral("Destinations"));
    QStringList names;
    for (const QVariant& entry : listOf(destinations.arguments().value(0))) {
        const QVariantMap destination = mapOf(entry);
        names << destination.value(QStringLiteral("name")).toString() + QStringLiteral(" (") +
                     destination.value(QStringLiteral("code")).toString() + QStringLiteral(", ") +
                     destination.value(QStringLiteral("kind")).toString() + QStringLiteral(")");
    }
    say("clerk signed in, purpose withholding (源泉徴収票作成事務); destinations serving it: " +
        names.join(QStringLiteral(", ")).toStdString());

    QVariantMap query{{QStringLiteral("limit"), 50}};
    QStringList subjects;
    QStringList codes;
    for (const QVariant& entry : listOf(callMap(*vault, "ListSubjects", {query}).value(QStringLiteral("items")))) {
        const QVariantMap item = mapOf(entry);
        if (subjects.size() < kProvided && item.value(QStringLiteral("kind")).toString() == QLatin1String("employee") &&
            item.value(QStringLiteral("hasNumber")).toBool()) {
            subjects << item.value(QStringLiteral("id")).toString();
            codes << item.value(QStringLiteral("code")).toString();
        }
    }
    if (subjects.size() != kProvided)
        fail("fewer than three employees with numbers in the clerk's departments");
    const QVariantMap act{{QStringLiteral("subjects"), subjects},
                          {QStringLiteral("destination"), QStringLiteral("payroll")}};
    const auto [nonce, signature] =
        orFail(demo::stepUp(*vault, *card, options.clerkPin, options.deviceId, QStringLiteral("provide"), act),
               "step-up for the provision");
    say("BeginStepUp(provide " + codes.join(QStringLiteral(", ")).toStdString() +
        " → payroll): the clerk typed the PIN again and the card signed exactly that act");
    const QVariantMap provided =
        callMap(*vault, "Provide", {subjects, QStringLiteral("payroll"), qlonglong{0}, nonce, signature});
    say("Provide → " + provided.value(QStringLiteral("fileName")).toString().toStdString() + " (" +
        std::to_string(provided.value(QStringLiteral("bytes")).toLongLong()) +
        " bytes, numbers: " + (provided.value(QStringLiteral("containsNumbers")).toBool() ? "yes" : "no") +
        ") and its envelope wait in the outbox for mamori-courier; audit entry " +
        std::to_string(provided.value(QStringLiteral("auditSequence")).toULongLong()) + " holds the card's signature");
    callMap(*vault, "Logout");
}

void administratorReviews(const Options& options)
{
    auto card = orFail(demo::DemoCard::open(options.module, "admin"), "open the administrator's card");
    auto vault = orFail(demo::connectVault(options.bus, QStringLiteral("demo-acts-admin")), "reach mamori-vaultd");
    orFail(demo::login(*vault, *card, options.adminPin, options.deviceId), "administrator login");
    const QVariantMap page = callMap(*vault, "QueryAudit", {QVariantMap{{QStringLiteral("limit"), 8}}});
    say("administrator signed in; the newest audit entries (the log never holds a number):");
    for (const QVariant& entry : listOf(page.value(QStringLiteral("rows")))) {
        const QVariantMap row = mapOf(entry);
        const QString actor = row.value(QStringLiteral("actorName")).toString();
        std::printf("demo-acts:   #%-5llu %-10s %-16s %-12s %s%s%s\n",
                    row.value(QStringLiteral("sequence")).toULongLong(),
                    (actor.isEmpty() ? row.value(QStringLiteral("role")).toString() : actor).toStdString().c_str(),
                    row.value(QStringLiteral("action")).toString().toStdString().c_str(),
                    row.value(QStringLiteral("result")).toString().toStdString().c_str(),
                    row.value(QStringLiteral("detail")).toString().toStdString().c_str(),
                    row.value(QStringLiteral("signedByCard")).toBool() ? " [card signature]" : "",
                    row.value(QStringLiteral("secondSigner")).toBool() ? " [second signer]" : "");
    }
    const QVariantMap verified = callMap(*vault, "VerifyAudit");
    if (!verified.value(QStringLiteral("clean")).toBool())
        fail("the audit chain does not verify");
    say("VerifyAudit → clean: " + std::to_string(verified.value(QStringLiteral("entriesVerified")).toULongLong()) +
        " entries, " + std::to_string(verified.value(QStringLiteral("checkpointsVerified")).toULongLong()) +
        " signed checkpoints, TPM counter consistent");

    const int fd = ::open(options.backup.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        fail("cannot create the backup file " + options.backup.toStdString());
    const QVariantMap backup = callMap(*vault, "Backup", {QVariant::fromValue(QDBusUnixFileDescriptor(fd))});
    ::close(fd);
    say("Backup → " + options.backup.toStdString() + ": " +
        std::to_string(backup.value(QStringLiteral("bytes")).toULongLong()) +
        " bytes, encrypted with a key derived from the TPM-sealed master key, log through entry " +
        std::to_string(backup.value(QStringLiteral("auditSequence")).toULongLong()));
    callMap(*vault, "Logout");
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    try {
        const Options options = parse(QCoreApplication::arguments());
        clerkProvides(options);
        administratorReviews(options);
        return 0;
    } catch (const std::exception& error) {
        fail(error.what());
    }
}
