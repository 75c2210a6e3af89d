// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// CardSession: one read-only PKCS#11 session on one token — read certificates without a PIN, log in,
// sign, log out. Closed (logged out first) on destruction.
//
// Rules this class enforces (DESIGN §2):
//   - The PIN arrives as a SecretBuffer and is copied only into another SecretBuffer shared with the
//     call in flight (call_runner.h: a call may outlive its caller), wiped right after C_Login.
//   - One C_Login per login(): a failed PIN is never retried, here or anywhere in the library.
//   - No C_Login when the PIN cannot succeed: the token's flags said CKF_USER_PIN_LOCKED (read at
//     open and by every pinState() — the kiosk calls it to show the tries left before asking for the
//     PIN; login() itself does not re-read them), an earlier C_Login in this session answered
//     CKR_PIN_LOCKED, or the PIN does not fit the card's profile
//     (jpki_profile.h: JPKI wants exactly 4 digits) — a malformed PIN never costs a try.
//   - Once the module reports the card gone (CardAbsent), every later call answers CardAbsent at once
//     without touching the module; the kiosk opens a new session when a card is inserted again.
//   - Each call into the module has the module's deadline (5 s by default): a pulled card or hung
//     reader gives CardAbsent or Timeout, never a hang.
// A session is used by one thread at a time.

#include "services/common/secret_buffer.h"
#include "smartcard/card_certificate.h"
#include "smartcard/jpki_profile.h"
#include "smartcard/pin_state.h"
#include "smartcard/pkcs11_module.h"
#include "smartcard/sign_scheme.h"

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace mamori::smartcard {

struct CardPublicKey {
    std::vector<std::uint8_t> id;
    std::string label;
    KeyType keyType = KeyType::Unsupported;
};

class CardSession {
public:
    static Result<std::unique_ptr<CardSession>> open(std::shared_ptr<Pkcs11Module> module, unsigned long slotId);
    ~CardSession();
    CardSession(const CardSession&) = delete;
    CardSession& operator=(const CardSession&) = delete;

    unsigned long slotId() const noexcept { return m_slotId; }
    const TokenInfo& token() const noexcept { return m_token; } // as read when the session opened
    const CardProfile& profile() const noexcept { return m_profile; }
    bool loggedIn() const noexcept { return m_loggedIn; }

    // Fresh token flags (C_GetTokenInfo).
    Result<PinState> pinState();

    // Without a PIN: every X.509 certificate, paired with public keys by CKA_ID.
    Result<std::vector<CardCertificate>> certificates();
    Result<std::vector<CardPublicKey>> publicKeys();
    // certificates() + the profile's choice (jpki_profile.h).
    Result<CardCertificate> loginCertificate();

    // C_Login(CKU_USER), once. PinIncorrect, PinLocked, InvalidArgument (format; C_Login not called),
    // CardAbsent, Timeout.
    Status login(const SecretBuffer& pin);
    Status logout();

    // Signs `message` with the private key whose CKA_ID is the certificate's. Requires login().
    Result<std::vector<std::uint8_t>> sign(const CardCertificate& certificate, std::span<const std::uint8_t> message,
                                           SignScheme scheme = SignScheme::Auto);

private:
    CardSession(std::shared_ptr<Pkcs11Module> module, unsigned long slotId);
    template <typename T> Result<T> track(Result<T> result);
    Status gone() const;
    Result<bool> hasMechanism(unsigned long mechanism);

    std::shared_ptr<Pkcs11Module> m_module;
    unsigned long m_slotId;
    unsigned long m_session = 0;
    bool m_open = false;
    TokenInfo m_token;
    CardProfile m_profile;
    bool m_loggedIn = false;
    bool m_cardGone = false;
    bool m_pinLocked = false;
    std::map<std::vector<std::uint8_t>, unsigned long> m_privateKeys; // CKA_ID → handle (valid while logged in)
    std::optional<std::vector<unsigned long>> m_mechanisms;
    // The PIN's copy for the call in flight: guarded memory, shared with the job (which may outlive
    // a timed-out login) and wiped by it right after C_Login; dropped, never reused, after a Timeout.
    std::shared_ptr<SecretBuffer> m_pinScratch;
};

} // namespace mamori::smartcard
