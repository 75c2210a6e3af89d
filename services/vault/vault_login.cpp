// SPDX-License-Identifier: GPL-3.0-or-later
// Card login, the vault's half (DESIGN §2). The kiosk reads the card's certificate without a PIN and
// asks beginLogin(card id); the vault answers a fresh nonce only for an enrolled, active card. The
// clerk's PIN goes to the card, which signs "mamori-login-v1" ‖ device id ‖ 0 ‖ nonce
// (card_signature.h); completeLogin() verifies that signature against the certificate enrolled for
// the card — never one the caller supplies — and returns the user's roles and departments.
//
// Nonces: 32 random bytes, one outstanding per card (a new beginLogin replaces it), single use
// (spent by the first completeLogin whatever its outcome, so a signature cannot be replayed),
// valid for loginNonceLifetimeMs (60 s). At most maxPendingLogins are held; expired ones are
// dropped first, then the request is refused (ResourceExhausted) — a flood of beginLogin calls
// cannot grow memory. Binding the session to a D-Bus caller, idle timeouts and card removal are
// the daemon's (session_registry.h); the vault audits the end with recordSessionEnd().
//
// Every refusal is audited with the card id (hex of the public key's hash — not personal data) and
// the error number; a wrong PIN never reaches the vault (the card refuses it).

#include "services/vault/card_signature.h"
#include "services/vault/vault.h"
#include "services/vault/vault_internal.h"

#include <sodium.h>

namespace mamori::vault {
namespace {

std::string refusedText(const Error& error) { return "refused:" + std::to_string(errorNumber(error.code())); }

// The first role in the list's order, as audit entries name one role.
std::string firstRole(const std::set<Role>& roles)
{
    return roles.empty() ? std::string(kSystemActor) : std::string(roleName(*roles.begin()));
}

} // namespace

Status Vault::auditLoginRefusal(std::string_view cardIdHex, std::string_view step, const Error& why)
{
    AuditDraft draft;
    // A malformed id is not written as given: the log holds only well-formed card ids, and a refusal
    // before the card is known is the system's act.
    const bool wellFormed = spkiFromHex(cardIdHex).ok();
    draft.actor = wellFormed ? std::string(cardIdHex) : std::string(kSystemActor);
    draft.role = std::string(kSystemActor);
    draft.action = "login_failed";
    draft.result = refusedText(why);
    draft.detail = std::string(step);
    return auditStandalone(std::move(draft));
}

Result<std::vector<std::uint8_t>> Vault::beginLogin(std::string_view cardIdHex)
{
    const auto spki = spkiFromHex(cardIdHex);
    if (!spki.ok()) {
        MAMORI_TRY(auditLoginRefusal(cardIdHex, "begin", spki.error()));
        return spki.error();
    }
    MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT c.status, u.status FROM cards c JOIN users u ON "
                                                          "u.id = c.user_id WHERE c.spki_sha256 = ?"));
    select.bind(1, std::span<const std::uint8_t>(spki.value()));
    MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
    std::optional<Error> refusal;
    if (!found)
        refusal = Error(ErrorCode::PermissionDenied, "card not enrolled");
    else if (select.columnText(0) != "active")
        refusal = Error(ErrorCode::PermissionDenied, "card revoked");
    else if (select.columnText(1) != "active")
        refusal = Error(ErrorCode::PermissionDenied, "user disabled");
    select.reset();
    if (refusal) {
        MAMORI_TRY(auditLoginRefusal(cardIdHex, "begin", *refusal));
        return *refusal;
    }

    const std::int64_t now = m_clock.nowMs();
    const std::string key(cardIdHex);
    if (m_loginNonces.size() >= m_options.maxPendingLogins && !m_loginNonces.contains(key)) {
        std::erase_if(m_loginNonces, [now](const auto& entry) { return entry.second.expiresMs < now; });
        if (m_loginNonces.size() >= m_options.maxPendingLogins)
            return Error(ErrorCode::ResourceExhausted, "too many logins in progress");
    }
    std::vector<std::uint8_t> nonce(32);
    randombytes_buf(nonce.data(), nonce.size());
    m_loginNonces[key] = PendingNonce{nonce, now + m_options.loginNonceLifetimeMs};
    return nonce;
}

Result<SessionContext> Vault::completeLogin(std::string_view cardIdHex, std::span<const std::uint8_t> signature)
{
    const auto refuse = [&](Error error) -> Result<SessionContext> {
        MAMORI_TRY(auditLoginRefusal(cardIdHex, "complete", error));
        return error;
    };
    MAMORI_ASSIGN_OR_RETURN(const auto spki, spkiFromHex(cardIdHex));
    const auto pending = m_loginNonces.find(std::string(cardIdHex));
    if (pending == m_loginNonces.end())
        return refuse(Error(ErrorCode::PermissionDenied, "no login in progress for this card (or nonce spent)"));
    const PendingNonce issued = pending->second;
    m_loginNonces.erase(pending); // single use, whatever the outcome
    if (m_clock.nowMs() > issued.expiresMs)
        return refuse(Error(ErrorCode::Timeout, "login nonce expired"));

    SessionContext session;
    std::vector<std::uint8_t> certificate;
    {
        MAMORI_ASSIGN_OR_RETURN(auto select,
                                m_statements.get("SELECT c.certificate, c.user_id FROM cards c JOIN users u ON "
                                                 "u.id = c.user_id WHERE c.spki_sha256 = ? AND c.status = 'active' "
                                                 "AND u.status = 'active'"));
        select.bind(1, std::span<const std::uint8_t>(spki));
        MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
        if (!found) {
            select.reset();
            return refuse(Error(ErrorCode::PermissionDenied, "card revoked or user disabled during login"));
        }
        const auto der = select.columnBlob(0);
        certificate.assign(der.begin(), der.end());
        session.userId = select.columnInt(1);
        select.reset();
    }
    MAMORI_ASSIGN_OR_RETURN(const CardCertificate card, parseCardCertificate(certificate));
    const Status verified = verifyCardSignature(card, loginMessage(m_options.deviceId, issued.nonce), signature);
    if (!verified.ok())
        return refuse(verified.error());

    session.cardId = std::string(cardIdHex);
    {
        MAMORI_ASSIGN_OR_RETURN(auto roles, m_statements.get("SELECT role FROM user_roles WHERE user_id = ?"));
        roles.bind(1, session.userId);
        while (true) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, roles.step());
            if (!row)
                break;
            if (const auto role = roleFromName(roles.columnText(0)))
                session.roles.insert(*role);
        }
    }
    {
        MAMORI_ASSIGN_OR_RETURN(auto departments,
                                m_statements.get("SELECT department FROM user_departments WHERE user_id = ?"));
        departments.bind(1, session.userId);
        while (true) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, departments.step());
            if (!row)
                break;
            session.departments.insert(std::string(departments.columnText(0)));
        }
    }

    if (session.roles.empty())
        return refuse(Error(ErrorCode::PermissionDenied, "the card's user holds no role"));
    AuditDraft draft = draftFor(&session, Operation::ListSubjects, "login");
    draft.role = firstRole(session.roles);
    draft.detail = "roles=";
    for (const Role role : session.roles) {
        if (draft.detail.back() != '=')
            draft.detail += ',';
        draft.detail += roleName(role);
    }
    draft.signature = encodeSignatureRecord(issued.nonce, OperationDigest{}, signature);
    MAMORI_TRY(auditStandalone(std::move(draft)));
    return session;
}

Status Vault::recordSessionEnd(const SessionContext& session, std::string_view reason)
{
    if (reason != "logout" && reason != "card_removed" && reason != "idle_timeout" && reason != "connection_closed" &&
        reason != "restore" && reason != "card_revoked")
        return Error(ErrorCode::InvalidArgument, "unknown reason for a session end");
    AuditDraft draft = draftFor(&session, Operation::ListSubjects, "logout");
    draft.role = firstRole(session.roles);
    draft.detail = std::string(reason);
    return auditStandalone(std::move(draft));
}

} // namespace mamori::vault
