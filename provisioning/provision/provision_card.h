// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ProvisionCard: an IC card as mamori-provision uses it — chosen by token label or slot, its login
// certificate read without a PIN (smartcard/), and signing with the PIN from a PinSource: C_Login,
// C_Sign, C_Logout for each signature, as the kiosk does.
//
// Proof of possession (init, enroll-card): before a card is enrolled, it signs a fresh random
// challenge, domain-separated as a step-up over the canonical text
//     "op=enrol_card\ncard=<card id>\nrole=<roles>\n"
// (services/common/card_messages.h: "mamori-op-v1" ‖ device id ‖ 0x00 ‖ nonce ‖ SHA-256(text)), and
// the tool verifies the signature with the vault's own verifier (services/vault/card_signature.h)
// against the certificate it read from that card. A certificate copied off a card, without the card
// and its PIN, is therefore not enough to enrol it here.
//
// The last-try rule (DESIGN §2): a card whose flags say locked is never given a PIN; a card on its
// final try is given one only when a person typed it (not from --pin-fd).
//
// One thread; the card session is closed (logged out) when the object goes.

#include "provisioning/provision/pin_input.h"
#include "services/common/result.h"
#include "smartcard/card_session.h"
#include "smartcard/pkcs11_module.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mamori::provision {

// "LABEL", "label:LABEL" or "slot:N".
struct CardSelector {
    std::string label;
    std::optional<unsigned long> slot;

    static Result<CardSelector> parse(std::string_view text);
    std::string describe() const;
};

class ProvisionCard {
public:
    static Result<std::unique_ptr<ProvisionCard>> open(std::shared_ptr<smartcard::Pkcs11Module> module,
                                                       const CardSelector& selector);

    const smartcard::CardCertificate& certificate() const { return m_certificate; }
    const std::string& cardId() const { return m_certificate.cardId; }
    const std::string& description() const { return m_description; }
    // The certificate subject's common name (UTF-8), empty if none.
    std::string commonName() const;

    // PIN from `pins` (asked as "PIN for <who> (<description>): "), C_Login, sign, C_Logout.
    Result<std::vector<std::uint8_t>> sign(PinSource& pins, const std::string& who,
                                           std::span<const std::uint8_t> message);
    // See the header comment. PermissionDenied when the signature does not verify.
    Status provePossession(PinSource& pins, const std::string& who, const std::string& deviceId,
                           const std::string& roles);

private:
    ProvisionCard() = default;

    std::shared_ptr<smartcard::Pkcs11Module> m_module;
    std::unique_ptr<smartcard::CardSession> m_session;
    smartcard::CardCertificate m_certificate;
    std::string m_description;
};

// The canonical text a possession proof signs.
std::string possessionProofText(const std::string& cardId, const std::string& roles);

} // namespace mamori::provision
