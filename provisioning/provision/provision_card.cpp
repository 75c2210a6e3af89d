// SPDX-License-Identifier: GPL-3.0-or-later
#include "provisioning/provision/provision_card.h"

#include "services/common/card_messages.h"
#include "services/vault/card_signature.h"

#include <openssl/x509.h>
#include <sodium.h>

#include <charconv>

namespace mamori::provision {

Result<CardSelector> CardSelector::parse(std::string_view text)
{
    CardSelector selector;
    if (text.starts_with("slot:")) {
        const std::string_view digits = text.substr(5);
        unsigned long slot = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), slot);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
            return Error(ErrorCode::InvalidArgument, "a card is chosen by 'slot:N' or its token label");
        selector.slot = slot;
        return selector;
    }
    if (text.starts_with("label:"))
        text.remove_prefix(6);
    if (text.empty() || text.size() > 32)
        return Error(ErrorCode::InvalidArgument, "a token label is 1-32 characters");
    selector.label = std::string(text);
    return selector;
}

std::string CardSelector::describe() const { return slot ? "slot " + std::to_string(*slot) : "token '" + label + "'"; }

Result<std::unique_ptr<ProvisionCard>> ProvisionCard::open(std::shared_ptr<smartcard::Pkcs11Module> module,
                                                           const CardSelector& selector)
{
    MAMORI_ASSIGN_OR_RETURN(const auto slots, module->slotIds(true));
    std::optional<unsigned long> chosen;
    for (const unsigned long id : slots) {
        if (selector.slot) {
            if (id == *selector.slot)
                chosen = id;
            continue;
        }
        const auto info = module->tokenInfo(id);
        if (!info.ok() || info.value().label != selector.label)
            continue;
        if (chosen)
            return Error(ErrorCode::InvalidArgument,
                         "two cards carry the token label '" + selector.label + "'; choose one by slot:N");
        chosen = id;
    }
    if (!chosen)
        return Error(ErrorCode::CardAbsent, "no card in " + selector.describe());
    auto card = std::unique_ptr<ProvisionCard>(new ProvisionCard());
    card->m_module = std::move(module);
    MAMORI_ASSIGN_OR_RETURN(card->m_session, smartcard::CardSession::open(card->m_module, *chosen));
    MAMORI_ASSIGN_OR_RETURN(card->m_certificate, card->m_session->loginCertificate());
    card->m_description = "token '" + card->m_session->token().label + "' in slot " + std::to_string(*chosen);
    return card;
}

std::string ProvisionCard::commonName() const
{
    const unsigned char* cursor = m_certificate.der.data();
    X509* certificate = d2i_X509(nullptr, &cursor, static_cast<long>(m_certificate.der.size()));
    if (!certificate)
        return {};
    std::string name;
    const X509_NAME* subject = X509_get_subject_name(certificate);
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index >= 0) {
        unsigned char* utf8 = nullptr;
        const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
        if (length > 0)
            name.assign(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
        OPENSSL_free(utf8);
    }
    X509_free(certificate);
    return name;
}

Result<std::vector<std::uint8_t>> ProvisionCard::sign(PinSource& pins, const std::string& who,
                                                      std::span<const std::uint8_t> message)
{
    MAMORI_ASSIGN_OR_RETURN(const smartcard::PinState state, m_session->pinState());
    switch (state.status()) {
    case smartcard::PinStatus::Locked:
        return Error(ErrorCode::PinLocked, "the card of the " + who + " is locked");
    case smartcard::PinStatus::FinalTry:
        if (!pins.interactive())
            return Error(ErrorCode::PinLocked, "the card of the " + who +
                                                   " has one PIN try left: it is only given a PIN typed at the prompt");
        break;
    default:
        break;
    }
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer pin, pins.read("PIN for the " + who + " (" + m_description + "): "));
    MAMORI_TRY(m_session->login(pin));
    auto signature = m_session->sign(m_certificate, message);
    const Status loggedOut = m_session->logout();
    if (signature.ok() && !loggedOut.ok())
        return loggedOut.error();
    return signature;
}

std::string possessionProofText(const std::string& cardId, const std::string& roles)
{
    return "op=enrol_card\ncard=" + cardId + "\nrole=" + roles + "\n";
}

Status ProvisionCard::provePossession(PinSource& pins, const std::string& who, const std::string& deviceId,
                                      const std::string& roles)
{
    std::vector<std::uint8_t> nonce(32);
    randombytes_buf(nonce.data(), nonce.size());
    const std::string text = possessionProofText(cardId(), roles);
    const auto message = stepUpMessage(deviceId, nonce, text);
    MAMORI_ASSIGN_OR_RETURN(const auto signature, sign(pins, who, message));
    MAMORI_ASSIGN_OR_RETURN(const vault::CardCertificate parsed, vault::parseCardCertificate(m_certificate.der));
    const Status verified = vault::verifyCardSignature(parsed, message, signature);
    if (!verified.ok())
        return Error(ErrorCode::PermissionDenied,
                     "the card of the " + who + " did not prove it holds the key of its certificate");
    return okStatus();
}

} // namespace mamori::provision
