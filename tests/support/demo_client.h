// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the demo programs (mamori-demo-login, mamori-demo-acts) share: a demo IC card (a SoftHSM2
// token scripts/demo.sh made) used as the kiosk will use a card — certificate without a PIN, then
// C_Login, sign, C_Logout for each signature — and mamori-vaultd on the demo bus: login and
// step-ups. Errors are values; the programs print them and stop.

#include "services/common/result.h"
#include "smartcard/card_session.h"
#include "smartcard/pkcs11_module.h"

#include <QByteArray>
#include <QDBusConnection>
#include <QDBusError>
#include <QDBusInterface>
#include <QVariantList>
#include <QVariantMap>

#include <memory>
#include <string>
#include <vector>

namespace mamori::demo {

std::vector<std::uint8_t> bytesOf(const QByteArray& array);
QByteArray arrayOf(const std::vector<std::uint8_t>& bytes);
// Nested containers in a reply arrive as QDBusArgument.
QVariantMap mapOf(const QVariant& value);
QVariantList listOf(const QVariant& value);
// "org.mamori.Vault1.Error.PermissionDenied" → "PermissionDenied".
std::string errorName(const QDBusError& error);

class DemoCard {
public:
    // The token labelled `label` through the PKCS#11 module at `modulePath`.
    static Result<std::unique_ptr<DemoCard>> open(const std::string& modulePath, const std::string& label);

    const smartcard::CardCertificate& certificate() const { return m_certificate; }
    QString cardId() const { return QString::fromStdString(m_certificate.cardId); }
    smartcard::CardSession& session() { return *m_session; }
    unsigned long slot() const { return m_slot; }
    // C_Login with `pin` (wiped afterwards), sign, C_Logout.
    Result<std::vector<std::uint8_t>> sign(const std::string& pin, std::span<const std::uint8_t> message);

private:
    std::shared_ptr<smartcard::Pkcs11Module> m_module;
    std::unique_ptr<smartcard::CardSession> m_session;
    smartcard::CardCertificate m_certificate;
    unsigned long m_slot = 0;
};

// org.mamori.Vault1 on the bus at `address`, waiting up to 15 s for the name.
Result<std::unique_ptr<QDBusInterface>> connectVault(const QString& address, const QString& connectionName);
// BeginLogin, the card's signature over the login message, CompleteLogin: the session map.
Result<QVariantMap> login(QDBusInterface& vault, DemoCard& card, const std::string& pin, const std::string& deviceId);
// BeginStepUp(operation, arguments), the card's signature over the step-up message: {nonce, signature}.
Result<std::pair<QByteArray, QByteArray>> stepUp(QDBusInterface& vault, DemoCard& card, const std::string& pin,
                                                 const std::string& deviceId, const QString& operation,
                                                 const QVariantMap& arguments);

} // namespace mamori::demo
