// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-demo-login: the demo's card login, as the kiosk will do it — a demo IC card (a SoftHSM2
// token that scripts/demo.sh made) logs in to mamori-vaultd over D-Bus. Printed step by step:
//
//   1. the card's login certificate, read without a PIN (its card id);
//   2. BeginLogin(cardId) → the vault's nonce;
//   3. a mistyped PIN: the card answers PinIncorrect — the PIN goes only to the card, so the vault
//      is never told and no session opens;
//   4. C_Login with the right PIN, the signature over the login message, C_Logout; CompleteLogin →
//      the session's roles and departments;
//   5. ListSubjects in the session: the total and the first few employees' codes — codes only, never
//      a name (synthetic as they are); ListSubjects never carries a number;
//   6. Logout, after which the same connection is refused;
//   7. a forged login (the right message signed by a key that is not the card's) and a replayed one
//      (the card's genuine signature over the earlier nonce) are both refused.
// Exits non-zero when any step does not go as shown, so scripts/demo.sh stops there.
//
//   mamori-demo-login --bus ADDRESS --device-id ID --token LABEL --pin PIN [--module PATH]
//
// The PKCS#11 module is SoftHSM2's unless --module names another; SoftHSM2 finds the demo's tokens
// through SOFTHSM2_CONF, which scripts/demo.sh sets. The PIN is the demo card's (printed by the demo
// anyway); on the terminal the kiosk asks for it.

#include "services/common/card_messages.h"
#include "smartcard/card_session.h"
#include "smartcard/pin_state.h"
#include "smartcard/pkcs11_module.h"
#include "tests/support/demo_client.h"
#include "tests/support/softhsm_token.h"
#include "tests/support/test_card.h"

#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusMetaType>
#include <QDBusReply>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace mamori;
using mamori::demo::arrayOf;
using mamori::demo::bytesOf;
using mamori::demo::errorName;
using mamori::demo::listOf;
using mamori::demo::mapOf;

namespace {

constexpr int kShownCodes = 5;
constexpr int kPageSize = 20; // enough for kShownCodes employees among their families

void say(const std::string& line)
{
    std::printf("demo-login: %s\n", line.c_str());
    std::fflush(stdout);
}

[[noreturn]] void fail(const std::string& what)
{
    std::fprintf(stderr, "demo-login: %s\n", what.c_str());
    std::exit(1);
}

template <typename T> T orFail(Result<T> result, const char* what)
{
    if (!result.ok())
        fail(std::string(what) + ": " + result.error().describe());
    return std::move(result).value();
}

SecretBuffer secretOf(const std::string& text)
{
    return orFail(SecretBuffer::copyOf(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())),
                  "PIN buffer");
}

std::string joined(const QStringList& list)
{
    return list.isEmpty() ? std::string("(none)") : list.join(QStringLiteral(", ")).toStdString();
}

const char* keyTypeName(smartcard::KeyType type)
{
    switch (type) {
    case smartcard::KeyType::Rsa:
        return "RSA";
    case smartcard::KeyType::EcP256:
        return "EC P-256";
    case smartcard::KeyType::Unsupported:
        break;
    }
    return "unsupported";
}

struct Options {
    QString bus;
    std::string deviceId;
    std::string token;
    std::string pin;
    std::string module = test::SoftHsm::kModulePath;
};

Options parse(const QStringList& arguments)
{
    Options options;
    for (qsizetype i = 1; i < arguments.size(); i += 2) {
        if (i + 1 >= arguments.size())
            fail("option " + arguments[i].toStdString() + " needs a value");
        const QString& value = arguments[i + 1];
        if (arguments[i] == QLatin1String("--bus"))
            options.bus = value;
        else if (arguments[i] == QLatin1String("--device-id"))
            options.deviceId = value.toStdString();
        else if (arguments[i] == QLatin1String("--token"))
            options.token = value.toStdString();
        else if (arguments[i] == QLatin1String("--pin"))
            options.pin = value.toStdString();
        else if (arguments[i] == QLatin1String("--module"))
            options.module = value.toStdString();
        else
            fail("unknown option " + arguments[i].toStdString());
    }
    if (options.bus.isEmpty() || options.deviceId.empty() || options.token.empty() || options.pin.empty())
        fail("usage: mamori-demo-login --bus ADDRESS --device-id ID --token LABEL --pin PIN [--module PATH]");
    return options;
}

int run(const Options& options)
{
    // The card, without a PIN.
    auto card = orFail(demo::DemoCard::open(options.module, options.token), "open the demo card");
    const auto& certificate = card->certificate();
    const QString cardId = card->cardId();
    say("card '" + options.token + "' in slot " + std::to_string(card->slot()) + " (" +
        card->session().token().manufacturer + " " + card->session().token().model +
        "): certificate read without a PIN, " + keyTypeName(certificate.keyType) + " key, card id " +
        certificate.cardId.substr(0, 16) + "…");

    // The vault daemon on the demo's bus.
    auto connected = orFail(demo::connectVault(options.bus, QStringLiteral("demo-login")), "reach mamori-vaultd");
    QDBusInterface& vault = *connected;
    const QDBusReply<QVariantMap> status = vault.call(QStringLiteral("Status"));
    if (!status.isValid())
        fail("Status: " + status.error().message().toStdString());
    say("mamori-vaultd answers on the demo bus: device " +
        status.value().value(QStringLiteral("deviceId")).toString().toStdString() + ", audit head " +
        std::to_string(status.value().value(QStringLiteral("auditHead")).toULongLong()) +
        ", logged in: " + (status.value().value(QStringLiteral("loggedIn")).toBool() ? "yes" : "no"));

    // BeginLogin: the vault's challenge for this card.
    const QDBusReply<QByteArray> nonce = vault.call(QStringLiteral("BeginLogin"), cardId);
    if (!nonce.isValid())
        fail("BeginLogin: " + nonce.error().message().toStdString());
    say("BeginLogin → a " + std::to_string(nonce.value().size()) + "-byte nonce (single use, 60 s)");

    // A mistyped PIN: the card refuses it; nothing reaches the vault.
    const std::string wrongPin = options.pin == "0000" ? "9999" : "0000";
    const Status wrong = card->session().login(secretOf(wrongPin));
    if (wrong.ok() || wrong.error().code() != ErrorCode::PinIncorrect)
        fail("a wrong PIN was not refused with PinIncorrect: " + (wrong.ok() ? "accepted" : wrong.error().describe()));
    const auto pinState = orFail(card->session().pinState(), "PIN state");
    say("C_Login with a wrong PIN (" + wrongPin + "): the card says " + wrong.error().describe() +
        "; token flag COUNT_LOW " + (pinState.countLow ? "set" : "not set") +
        " (SoftHSM2 has no retry limit; a real card counts down). The vault was not asked.");

    // The right PIN: sign the login message, log out of the card, CompleteLogin.
    const auto message = loginMessage(options.deviceId, bytesOf(nonce.value()));
    const auto signature = orFail(card->sign(options.pin, message), "sign the login message");
    say("C_Login with PIN " + options.pin + ", signed the login message on the card (" +
        std::to_string(signature.size()) + "-byte signature), C_Logout");
    const QDBusReply<QVariantMap> session = vault.call(QStringLiteral("CompleteLogin"), cardId, arrayOf(signature));
    if (!session.isValid())
        fail("CompleteLogin: " + session.error().message().toStdString());
    say("CompleteLogin → session for user " +
        std::to_string(session.value().value(QStringLiteral("userId")).toLongLong()) +
        ": roles: " + joined(session.value().value(QStringLiteral("roles")).toStringList()) +
        "; departments: " + joined(session.value().value(QStringLiteral("departments")).toStringList()));

    // ListSubjects in the session: the total, and the first few employees' codes (nothing else).
    QVariantMap query;
    query.insert(QStringLiteral("limit"), kPageSize);
    const QDBusReply<QVariantMap> page = vault.call(QStringLiteral("ListSubjects"), query);
    if (!page.isValid())
        fail("ListSubjects: " + page.error().message().toStdString());
    QStringList codes;
    for (const QVariant& entry : listOf(page.value().value(QStringLiteral("items")))) {
        const QVariantMap item = mapOf(entry);
        if (codes.size() < kShownCodes && item.value(QStringLiteral("kind")).toString() == QLatin1String("employee"))
            codes << item.value(QStringLiteral("code")).toString();
    }
    say("ListSubjects → " + std::to_string(page.value().value(QStringLiteral("total")).toLongLong()) +
        " subjects (employees and their families) in the clerk's departments; the first employees' codes: " +
        joined(codes));

    // Logout, then the same connection has no session.
    const QDBusReply<void> logout = vault.call(QStringLiteral("Logout"));
    if (!logout.isValid())
        fail("Logout: " + logout.error().message().toStdString());
    const QDBusReply<QVariantMap> after = vault.call(QStringLiteral("ListSubjects"), QVariantMap{});
    if (after.isValid())
        fail("ListSubjects was served after Logout");
    say("Logout → session ended; ListSubjects on the same connection now: " + errorName(after.error()));

    // A forged login: the right message for a fresh nonce, signed by a key that is not the card's.
    const QDBusReply<QByteArray> forgedNonce = vault.call(QStringLiteral("BeginLogin"), cardId);
    if (!forgedNonce.isValid())
        fail("BeginLogin: " + forgedNonce.error().message().toStdString());
    const test::TestCard forger(test::TestCard::Kind::EcP256, "not the clerk's card");
    const auto forged = forger.sign(loginMessage(options.deviceId, bytesOf(forgedNonce.value())));
    const QDBusReply<QVariantMap> forgedLogin = vault.call(QStringLiteral("CompleteLogin"), cardId, arrayOf(forged));
    if (forgedLogin.isValid())
        fail("a forged signature opened a session");
    say("forged login (the clerk's card id, a signature by another key) → " + errorName(forgedLogin.error()));

    // A replayed login: the card's genuine signature from above, against a new nonce.
    const QDBusReply<QByteArray> replayNonce = vault.call(QStringLiteral("BeginLogin"), cardId);
    if (!replayNonce.isValid())
        fail("BeginLogin: " + replayNonce.error().message().toStdString());
    const QDBusReply<QVariantMap> replayed = vault.call(QStringLiteral("CompleteLogin"), cardId, arrayOf(signature));
    if (replayed.isValid())
        fail("a replayed signature opened a session");
    say("replayed login (the card's genuine signature over the earlier nonce) → " + errorName(replayed.error()));

    const QDBusReply<QVariantMap> end = vault.call(QStringLiteral("Status"));
    if (!end.isValid() || end.value().value(QStringLiteral("loggedIn")).toBool())
        fail("Status after the refused logins: a session is open");
    say("logged in: no; audit head " + std::to_string(end.value().value(QStringLiteral("auditHead")).toULongLong()) +
        " (each login, refusal and logout is an audit entry)");
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // TestCard throws if OpenSSL fails; say so instead of terminating.
    try {
        return run(parse(QCoreApplication::arguments()));
    } catch (const std::exception& error) {
        fail(error.what());
    }
}
