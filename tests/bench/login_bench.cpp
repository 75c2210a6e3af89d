// SPDX-License-Identifier: GPL-3.0-or-later
// The whole card login round trip (issue 5): card present → verified session over D-Bus, on a
// SoftHSM2 token, against a real mamori-vaultd on a private dbus-daemon with its keys in swtpm.
// One round: open a PKCS#11 session on the slot, read the login certificate (no PIN), BeginLogin
// over D-Bus, C_Login, sign the login message, C_Logout, CompleteLogin over D-Bus. Then Logout
// (not timed). Reports p50/p95 (target p50 ≤ 50 ms) and, for the share, the same without the bus.
//
//   mamori_login_bench run|smoke --vaultd PATH [--rounds N] [--out FILE]

#include "services/vault/card_signature.h"
#include "services/vault/tpm_key_source.h"
#include "smartcard/card_session.h"
#include "smartcard/pkcs11_module.h"
#include "tests/bench/bench_util.h"
#include "tests/support/private_bus.h"
#include "tests/support/softhsm_token.h"
#include "tests/support/swtpm.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusReply>
#include <QProcess>
#include <QThread>

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>

using namespace mamori;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kDevice = "login-bench";
constexpr const char* kToken = "clerk";
constexpr const char* kPin = "1234";

using bench::fail;
using bench::orFail;
using bench::percentile;

std::vector<std::uint8_t> bytesOf(const QByteArray& array)
{
    return {reinterpret_cast<const std::uint8_t*>(array.constData()),
            reinterpret_cast<const std::uint8_t*>(array.constData()) + array.size()};
}

int run(const QString& vaultd, int rounds, const std::string& outPath)
{
    if (sodium_init() < 0)
        fail("sodium_init");
    auto tpm = orFail(test::Swtpm::start(), "swtpm");
    auto hsm = orFail(test::SoftHsm::create(), "SoftHSM2");
    const auto key = test::SoftHsmKey::generate(test::SoftHsmKey::Kind::EcP256, "bench clerk");
    orFail(hsm->initToken(kToken, kPin), "init token");
    orFail(hsm->importKey(kToken, kPin, key, "01", "Clerk key"), "import key");

    // The vault: provisioned on the TPM, one clerk with the token's card enrolled.
    const std::filesystem::path state = tpm->directory() / "state";
    tpm::TpmSettings settings;
    settings.tcti = tpm->tcti();
    settings.stateDirectory = state;
    {
        auto store = orFail(tpm::KeyStore::connect(settings), "connect");
        orFail(store->provision({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}), "provision");
    }
    {
        vault::VaultOptions options;
        options.path = (state / "vault.db").string();
        options.create = true;
        options.deviceId = kDevice;
        vault::SystemClock clock;
        auto opened = orFail(vault::openVaultOnTpm(settings, options, clock), "vault");
        orFail(opened.vault->addDepartment(nullptr, "sales", "営業部"), "department");
        const auto user =
            orFail(opened.vault->createUser(nullptr, vault::UserSpec{"事務", {vault::Role::Clerk}, {"sales"}}), "user");
        orFail(opened.vault->enrolCard(nullptr, user, key.certificateDer), "enrol");
    }

    auto bus = orFail(test::PrivateBus::start(), "dbus-daemon");
    QProcess daemon;
    daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    daemon.start(vaultd,
                 {QStringLiteral("--bus"), bus->address(), QStringLiteral("--state-dir"),
                  QString::fromStdString(state.string()), QStringLiteral("--tcti"),
                  QString::fromStdString(settings.tcti), QStringLiteral("--device-id"), QString::fromLatin1(kDevice)});
    if (!daemon.waitForStarted(5000))
        fail("mamori-vaultd did not start");
    QDBusConnection connection = QDBusConnection::connectToBus(bus->address(), QStringLiteral("bench"));
    for (int waited = 0; !connection.interface()->isServiceRegistered(QStringLiteral("org.mamori.Vault1")); ++waited) {
        if (waited > 200)
            fail("mamori-vaultd did not register its name");
        QThread::msleep(50);
    }
    QDBusInterface vaultBus(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                            QStringLiteral("org.mamori.Vault1"), connection);

    auto module = orFail(smartcard::Pkcs11Module::load(test::SoftHsm::kModulePath), "load SoftHSM2");
    const auto slotList = orFail(module->slotIds(true), "slots");
    unsigned long slot = 0;
    bool found = false;
    for (const unsigned long id : slotList) {
        const auto info = module->tokenInfo(id);
        if (info.ok() && info.value().label == kToken) {
            slot = id;
            found = true;
        }
    }
    if (!found)
        fail("the bench token is not in any slot");
    const auto pin = orFail(SecretBuffer::copyOf(std::span(reinterpret_cast<const std::uint8_t*>(kPin), 4)), "pin");

    std::vector<double> roundTrips;
    std::vector<double> cardOnly;
    for (int round = 0; round < rounds + 3; ++round) { // three untimed warm-up rounds
        const auto start = Clock::now();
        auto session = orFail(smartcard::CardSession::open(module, slot), "card session");
        const auto certificate = orFail(session->loginCertificate(), "certificate");
        const QString cardId = QString::fromStdString(certificate.cardId);
        const QDBusReply<QByteArray> nonce = vaultBus.call(QStringLiteral("BeginLogin"), cardId);
        if (!nonce.isValid())
            fail("BeginLogin: " + nonce.error().message().toStdString());
        const auto cardStart = Clock::now();
        orFail(session->login(pin), "C_Login");
        const auto signature =
            orFail(session->sign(certificate, vault::loginMessage(kDevice, bytesOf(nonce.value()))), "sign");
        orFail(session->logout(), "C_Logout");
        const auto cardEnd = Clock::now();
        const QDBusReply<QVariantMap> opened = vaultBus.call(
            QStringLiteral("CompleteLogin"), cardId,
            QByteArray(reinterpret_cast<const char*>(signature.data()), static_cast<qsizetype>(signature.size())));
        if (!opened.isValid())
            fail("CompleteLogin: " + opened.error().message().toStdString());
        const auto end = Clock::now();
        if (round >= 3) {
            roundTrips.push_back(std::chrono::duration<double, std::milli>(end - start).count());
            cardOnly.push_back(std::chrono::duration<double, std::milli>(cardEnd - cardStart).count());
        }
        vaultBus.call(QStringLiteral("Logout"));
    }
    daemon.terminate();
    daemon.waitForFinished(5000);

    char table[1024];
    const double p50 = percentile(roundTrips, 0.5);
    std::snprintf(table, sizeof table,
                  "| card login round trip: read certificate, BeginLogin, C_Login + sign, CompleteLogin over D-Bus "
                  "(SoftHSM2, EC P-256, vault on swtpm) | p50 ≤ 50 ms | p50 %.2f ms, p95 %.2f ms (%zu logins) | "
                  "card part (C_Login + sign + C_Logout) p50 %.2f ms | | %s |\n",
                  p50, percentile(roundTrips, 0.95), roundTrips.size(), percentile(cardOnly, 0.5),
                  p50 <= 50 ? "yes" : "no");
    std::printf("%s", table);
    if (!outPath.empty()) {
        std::ofstream out(outPath, std::ios::app);
        out << table;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    mamori::bench::programName() = "mamori_login_bench";
    QCoreApplication app(argc, argv);
    try {
        const QStringList arguments = QCoreApplication::arguments();
        const QString command = arguments.value(1);
        QString vaultd;
        int rounds = 200;
        std::string out;
        for (qsizetype i = 2; i + 1 < arguments.size(); i += 2) {
            if (arguments[i] == QLatin1String("--vaultd"))
                vaultd = arguments[i + 1];
            else if (arguments[i] == QLatin1String("--rounds"))
                rounds = arguments[i + 1].toInt();
            else if (arguments[i] == QLatin1String("--out"))
                out = arguments[i + 1].toStdString();
            else
                fail("unknown option " + arguments[i].toStdString());
        }
        if (vaultd.isEmpty() || rounds < 1 || (command != QLatin1String("run") && command != QLatin1String("smoke")))
            fail("usage: mamori_login_bench run|smoke --vaultd PATH [--rounds N] [--out FILE]");
        return run(vaultd, command == QLatin1String("smoke") ? 3 : rounds, out);
    } catch (const std::exception& error) {
        fail(error.what());
    }
}
