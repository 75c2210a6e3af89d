// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// VaultClient: mamori-provision's side of org.mamori.Vault1 (services/vaultd/README.md) for the
// card commands. An administrator's card logs in exactly as at the kiosk — certificate read without
// a PIN, BeginLogin(card id), the card signs "mamori-login-v1" ‖ device id ‖ 0x00 ‖ nonce after the
// PIN, CompleteLogin — and the session, bound to this connection, then calls CreateUser, EnrolCard,
// RevokeCard and ListCards. The vault decides: a card that is not an enrolled administrator's is
// refused there (and audited), whatever this tool thinks. The device id comes from Status().
//
// Qt (QtDBus) is the shell here; errors come back as org.mamori.Vault1.Error.<Name>, turned into
// the same ErrorCode. One thread; needs a QCoreApplication.

#include "provisioning/provision/pin_input.h"
#include "provisioning/provision/provision_card.h"
#include "services/common/result.h"

#include <QDBusConnection>
#include <QString>
#include <QVariantMap>

#include <memory>
#include <set>
#include <string>
#include <vector>

class QDBusInterface;

namespace mamori::provision {

struct CardListing {
    std::string cardId;
    std::int64_t userId = 0;
    std::string displayName;
    std::vector<std::string> roles;
    std::vector<std::string> departments;
    std::int64_t enrolledMs = 0;
    bool revoked = false;
    std::int64_t revokedMs = 0;
};

class VaultClient {
public:
    // `bus`: "system", "session" or a bus address. Unavailable when the vault is not on it.
    static Result<std::unique_ptr<VaultClient>> connect(const std::string& bus);
    ~VaultClient();

    Result<std::string> deviceId();
    // Logs the card in (PIN from `pins`); the session's roles.
    Result<std::vector<std::string>> login(ProvisionCard& card, PinSource& pins, const std::string& who);
    Result<std::int64_t> createUser(const std::string& displayName, const std::vector<std::string>& roles,
                                    const std::vector<std::string>& departments);
    Status enrolCard(std::int64_t userId, const std::vector<std::uint8_t>& certificateDer);
    Status revokeCard(const std::string& cardId);
    Result<std::vector<CardListing>> listCards();
    Status logout();

private:
    VaultClient() = default;
    QDBusConnection m_connection{QString()};
    std::unique_ptr<QDBusInterface> m_vault;
};

// Whether org.mamori.Vault1 has an owner on `bus` (false when the bus cannot be reached).
bool vaultdOnBus(const std::string& bus);

} // namespace mamori::provision
