// SPDX-License-Identifier: GPL-3.0-or-later
#include "smartcard/card_session.h"

#include "smartcard/pkcs11_error.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

namespace mamori::smartcard {
namespace {

// The helpers below run inside a CallRunner job: plain PKCS#11, no Mamori types, and only storage
// owned by the job.

CK_RV findAll(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE session, CK_ATTRIBUTE* attributes, CK_ULONG count,
              std::vector<CK_OBJECT_HANDLE>& out)
{
    CK_RV rv = f->C_FindObjectsInit(session, attributes, count);
    if (rv != CKR_OK)
        return rv;
    CK_OBJECT_HANDLE batch[32];
    for (;;) {
        CK_ULONG found = 0;
        rv = f->C_FindObjects(session, batch, 32, &found);
        if (rv != CKR_OK || found == 0)
            break;
        out.insert(out.end(), batch, batch + found);
    }
    const CK_RV final = f->C_FindObjectsFinal(session);
    return rv != CKR_OK ? rv : final;
}

// An absent attribute (CKR_ATTRIBUTE_TYPE_INVALID / unavailable) leaves `out` empty and returns CKR_OK
// when `optional`.
CK_RV readAttribute(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type,
                    std::vector<std::uint8_t>& out, bool optional)
{
    out.clear();
    CK_ATTRIBUTE attribute{type, nullptr, 0};
    CK_RV rv = f->C_GetAttributeValue(session, object, &attribute, 1);
    if (rv == CKR_ATTRIBUTE_TYPE_INVALID || rv == CKR_ATTRIBUTE_SENSITIVE ||
        attribute.ulValueLen == CK_UNAVAILABLE_INFORMATION)
        return optional ? CKR_OK : (rv == CKR_OK ? CKR_ATTRIBUTE_TYPE_INVALID : rv);
    if (rv != CKR_OK || attribute.ulValueLen == 0)
        return rv;
    out.resize(attribute.ulValueLen);
    attribute.pValue = out.data();
    rv = f->C_GetAttributeValue(session, object, &attribute, 1);
    if (rv == CKR_OK)
        out.resize(attribute.ulValueLen);
    return rv;
}

struct RawObject {
    std::vector<std::uint8_t> id, label, value, keyType;
};

struct ObjectsJob {
    std::vector<RawObject> certificates;
    std::vector<RawObject> publicKeys;
    const char* failed = "C_FindObjects";
};

CK_RV readObjects(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE session, ObjectsJob& job, bool withCertificates)
{
    CK_OBJECT_CLASS certificateClass = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE x509 = CKC_X_509;
    CK_OBJECT_CLASS publicKeyClass = CKO_PUBLIC_KEY;
    if (withCertificates) {
        CK_ATTRIBUTE query[] = {{CKA_CLASS, &certificateClass, sizeof certificateClass},
                                {CKA_CERTIFICATE_TYPE, &x509, sizeof x509}};
        std::vector<CK_OBJECT_HANDLE> handles;
        CK_RV rv = findAll(f, session, query, 2, handles);
        if (rv != CKR_OK)
            return rv;
        job.failed = "C_GetAttributeValue";
        for (const CK_OBJECT_HANDLE handle : handles) {
            RawObject object;
            if ((rv = readAttribute(f, session, handle, CKA_VALUE, object.value, false)) != CKR_OK ||
                (rv = readAttribute(f, session, handle, CKA_ID, object.id, true)) != CKR_OK ||
                (rv = readAttribute(f, session, handle, CKA_LABEL, object.label, true)) != CKR_OK)
                return rv;
            job.certificates.push_back(std::move(object));
        }
    }
    job.failed = "C_FindObjects";
    CK_ATTRIBUTE query[] = {{CKA_CLASS, &publicKeyClass, sizeof publicKeyClass}};
    std::vector<CK_OBJECT_HANDLE> handles;
    CK_RV rv = findAll(f, session, query, 1, handles);
    if (rv != CKR_OK)
        return rv;
    job.failed = "C_GetAttributeValue";
    for (const CK_OBJECT_HANDLE handle : handles) {
        RawObject object;
        if ((rv = readAttribute(f, session, handle, CKA_ID, object.id, true)) != CKR_OK ||
            (rv = readAttribute(f, session, handle, CKA_LABEL, object.label, true)) != CKR_OK ||
            (rv = readAttribute(f, session, handle, CKA_KEY_TYPE, object.keyType, true)) != CKR_OK)
            return rv;
        job.publicKeys.push_back(std::move(object));
    }
    return CKR_OK;
}

std::string text(const std::vector<std::uint8_t>& bytes) { return {bytes.begin(), bytes.end()}; }

KeyType keyTypeOf(const std::vector<std::uint8_t>& raw)
{
    CK_KEY_TYPE type = 0;
    if (raw.size() != sizeof type)
        return KeyType::Unsupported;
    std::memcpy(&type, raw.data(), sizeof type);
    if (type == CKK_RSA)
        return KeyType::Rsa;
    if (type == CKK_EC)
        return KeyType::EcP256; // the curve is checked on the certificate
    return KeyType::Unsupported;
}

} // namespace

CardSession::CardSession(std::shared_ptr<Pkcs11Module> module, unsigned long slotId)
    : m_module(std::move(module)), m_slotId(slotId)
{}

Result<std::unique_ptr<CardSession>> CardSession::open(std::shared_ptr<Pkcs11Module> module, unsigned long slotId)
{
    if (!module)
        return Error(ErrorCode::InvalidArgument, "CardSession: no module");
    std::unique_ptr<CardSession> session(new CardSession(module, slotId));
    MAMORI_ASSIGN_OR_RETURN(session->m_token, module->tokenInfo(slotId));
    session->m_profile = profileFor(session->m_token);
    session->m_pinLocked = pinStateFromTokenFlags(session->m_token.flags).locked;
    auto handle = std::make_shared<CK_SESSION_HANDLE>(0);
    MAMORI_TRY(module->callChecked("C_OpenSession", [handle, slotId](CK_FUNCTION_LIST* f) {
        return f->C_OpenSession(slotId, CKF_SERIAL_SESSION, nullptr, nullptr, handle.get());
    }));
    session->m_session = *handle;
    session->m_open = true;
    return session;
}

CardSession::~CardSession()
{
    if (!m_open)
        return;
    const CK_SESSION_HANDLE session = m_session;
    if (m_loggedIn && !m_cardGone)
        (void)m_module->call("C_Logout", [session](CK_FUNCTION_LIST* f) { return f->C_Logout(session); });
    // Also after removal: the module frees what it kept for the session.
    (void)m_module->call("C_CloseSession", [session](CK_FUNCTION_LIST* f) { return f->C_CloseSession(session); });
}

template <typename T> Result<T> CardSession::track(Result<T> result)
{
    if (!result.ok() && result.code() == ErrorCode::CardAbsent) {
        m_cardGone = true;
        m_loggedIn = false;
        m_privateKeys.clear();
    }
    return result;
}

Status CardSession::gone() const
{
    if (m_cardGone)
        return Error(ErrorCode::CardAbsent, "card session: the card was removed");
    return okStatus();
}

Result<PinState> CardSession::pinState()
{
    MAMORI_TRY(gone());
    MAMORI_ASSIGN_OR_RETURN(const TokenInfo token, track(m_module->tokenInfo(m_slotId)));
    const PinState state = pinStateFromTokenFlags(token.flags);
    if (state.locked)
        m_pinLocked = true;
    return state;
}

Result<std::vector<CardCertificate>> CardSession::certificates()
{
    MAMORI_TRY(gone());
    auto job = std::make_shared<ObjectsJob>();
    const CK_SESSION_HANDLE session = m_session;
    MAMORI_ASSIGN_OR_RETURN(const unsigned long rv,
                            m_module->call("C_FindObjects", [job, session](CK_FUNCTION_LIST* f) {
                                return readObjects(f, session, *job, true);
                            }));
    MAMORI_TRY(track(checkCkr(job->failed, rv)));
    std::vector<CardCertificate> result;
    for (const auto& raw : job->certificates) {
        auto parsed = parseCertificate(raw.value);
        if (!parsed.ok())
            continue; // a certificate we cannot read is not one we could log in with
        CardCertificate certificate = std::move(parsed).value();
        certificate.id = raw.id;
        certificate.label = text(raw.label);
        for (const auto& key : job->publicKeys)
            if (!raw.id.empty() && key.id == raw.id)
                certificate.hasPublicKey = true;
        result.push_back(std::move(certificate));
    }
    return result;
}

Result<std::vector<CardPublicKey>> CardSession::publicKeys()
{
    MAMORI_TRY(gone());
    auto job = std::make_shared<ObjectsJob>();
    const CK_SESSION_HANDLE session = m_session;
    MAMORI_ASSIGN_OR_RETURN(const unsigned long rv,
                            m_module->call("C_FindObjects", [job, session](CK_FUNCTION_LIST* f) {
                                return readObjects(f, session, *job, false);
                            }));
    MAMORI_TRY(track(checkCkr(job->failed, rv)));
    std::vector<CardPublicKey> result;
    for (const auto& raw : job->publicKeys)
        result.push_back({raw.id, text(raw.label), keyTypeOf(raw.keyType)});
    return result;
}

Result<CardCertificate> CardSession::loginCertificate()
{
    MAMORI_ASSIGN_OR_RETURN(const auto all, certificates());
    return selectLoginCertificate(m_profile, all);
}

Status CardSession::login(const SecretBuffer& pin)
{
    MAMORI_TRY(gone());
    if (m_loggedIn)
        return Error(ErrorCode::InvalidArgument, "C_Login: this session is already logged in");
    // The flags as last read (at open, or by pinState(), which the kiosk calls to show the tries left
    // before asking for the PIN): not re-read here, which would cost a token round trip per login.
    if (m_pinLocked)
        return Error(ErrorCode::PinLocked, "C_Login: not attempted, the card reports its PIN locked");
    MAMORI_TRY(checkPinFormat(m_profile, pin));
    if (!m_pinScratch || m_pinScratch->size() < pin.size()) {
        MAMORI_ASSIGN_OR_RETURN(SecretBuffer scratch, SecretBuffer::create(std::max<std::size_t>(pin.size(), 64)));
        m_pinScratch = std::make_shared<SecretBuffer>(std::move(scratch));
    }
    std::copy(pin.bytes().begin(), pin.bytes().end(), m_pinScratch->data());
    const CK_SESSION_HANDLE session = m_session;
    const CK_ULONG length = pin.size();
    auto result = m_module->call("C_Login", [secret = m_pinScratch, session, length](CK_FUNCTION_LIST* f) {
        const CK_RV rv = f->C_Login(session, CKU_USER, secret->data(), length);
        secret->wipe();
        return rv;
    });
    if (!result.ok()) {
        // The call may still be running and reading the scratch: never write to it again.
        m_pinScratch.reset();
        return std::move(result).error();
    }
    const unsigned long rv = result.value();
    if (rv == CKR_PIN_LOCKED)
        m_pinLocked = true;
    MAMORI_TRY(track(checkCkr("C_Login", rv)));
    m_loggedIn = true;
    return okStatus();
}

Status CardSession::logout()
{
    MAMORI_TRY(gone());
    m_privateKeys.clear();
    if (!m_loggedIn)
        return okStatus();
    m_loggedIn = false;
    const CK_SESSION_HANDLE session = m_session;
    MAMORI_ASSIGN_OR_RETURN(const unsigned long rv, m_module->call("C_Logout", [session](CK_FUNCTION_LIST* f) {
        return f->C_Logout(session);
    }));
    if (rv == CKR_USER_NOT_LOGGED_IN)
        return okStatus();
    return track(checkCkr("C_Logout", rv));
}

Result<bool> CardSession::hasMechanism(unsigned long mechanism)
{
    if (!m_mechanisms) {
        auto list = std::make_shared<std::vector<CK_MECHANISM_TYPE>>();
        const unsigned long slot = m_slotId;
        MAMORI_TRY(track(m_module->callChecked("C_GetMechanismList", [list, slot](CK_FUNCTION_LIST* f) {
            CK_ULONG count = 0;
            CK_RV rv = f->C_GetMechanismList(slot, nullptr, &count);
            if (rv != CKR_OK || count == 0)
                return rv;
            list->resize(count);
            rv = f->C_GetMechanismList(slot, list->data(), &count);
            list->resize(count);
            return rv;
        })));
        m_mechanisms = std::vector<unsigned long>(list->begin(), list->end());
    }
    for (const unsigned long listed : *m_mechanisms)
        if (listed == mechanism)
            return true;
    return false;
}

Result<std::vector<std::uint8_t>> CardSession::sign(const CardCertificate& certificate,
                                                    std::span<const std::uint8_t> message, SignScheme scheme)
{
    MAMORI_TRY(gone());
    if (!m_loggedIn)
        return Error(ErrorCode::PermissionDenied, "C_Sign: log in first");
    MAMORI_ASSIGN_OR_RETURN(const SignScheme resolved, resolveScheme(m_profile, certificate.keyType, scheme));

    struct Job {
        CK_MECHANISM mechanism{};
        CK_RSA_PKCS_PSS_PARAMS pss{};
        std::vector<std::uint8_t> id;
        CK_OBJECT_HANDLE key = CK_INVALID_HANDLE; // looked up in the same call unless cached
        bool keyMissing = false;
        std::vector<std::uint8_t> input;
        std::vector<std::uint8_t> output;
        const char* failed = "C_FindObjects";
    };
    auto job = std::make_shared<Job>();
    job->id = certificate.id;
    if (const auto cached = m_privateKeys.find(certificate.id); cached != m_privateKeys.end())
        job->key = cached->second;
    job->input.assign(message.begin(), message.end());
    switch (resolved) {
    case SignScheme::Auto:
    case SignScheme::RsaPkcs1Sha256:
        job->mechanism = {CKM_SHA256_RSA_PKCS, nullptr, 0};
        break;
    case SignScheme::RsaPssSha256:
        job->pss = {CKM_SHA256, CKG_MGF1_SHA256, SHA256_DIGEST_LENGTH};
        job->mechanism = {CKM_SHA256_RSA_PKCS_PSS, &job->pss, sizeof job->pss};
        break;
    case SignScheme::EcdsaP256Sha256: {
        MAMORI_ASSIGN_OR_RETURN(const bool hashOnCard, hasMechanism(CKM_ECDSA_SHA256));
        if (hashOnCard) {
            job->mechanism = {CKM_ECDSA_SHA256, nullptr, 0};
        } else {
            job->input.resize(SHA256_DIGEST_LENGTH);
            SHA256(message.data(), message.size(), job->input.data());
            job->mechanism = {CKM_ECDSA, nullptr, 0};
        }
        break;
    }
    }
    job->output.resize(512); // RSA-4096 fits; a larger key is told to us by CKR_BUFFER_TOO_SMALL
    const CK_SESSION_HANDLE session = m_session;
    MAMORI_ASSIGN_OR_RETURN(const unsigned long rv, m_module->call("C_Sign", [job, session](CK_FUNCTION_LIST* f) {
        if (job->key == CK_INVALID_HANDLE) {
            // Private keys are visible only while logged in, and their handles may change at each login.
            CK_OBJECT_CLASS privateKeyClass = CKO_PRIVATE_KEY;
            CK_ATTRIBUTE query[] = {{CKA_CLASS, &privateKeyClass, sizeof privateKeyClass},
                                    {CKA_ID, job->id.data(), job->id.size()}};
            std::vector<CK_OBJECT_HANDLE> handles;
            const CK_RV found = findAll(f, session, query, 2, handles);
            if (found != CKR_OK)
                return found;
            if (handles.empty()) {
                job->keyMissing = true;
                return CK_RV(CKR_OK);
            }
            job->key = handles.front();
        }
        job->failed = "C_SignInit";
        CK_RV r = f->C_SignInit(session, &job->mechanism, job->key);
        if (r != CKR_OK)
            return r;
        job->failed = "C_Sign";
        CK_ULONG length = job->output.size();
        r = f->C_Sign(session, job->input.data(), job->input.size(), job->output.data(), &length);
        if (r == CKR_BUFFER_TOO_SMALL) { // the operation stays active (PKCS#11 §5.2): ask again
            job->output.resize(length);
            r = f->C_Sign(session, job->input.data(), job->input.size(), job->output.data(), &length);
        }
        if (r == CKR_OK)
            job->output.resize(length);
        return r;
    }));
    MAMORI_TRY(track(checkCkr(job->failed, rv)));
    if (job->keyMissing)
        return Error(ErrorCode::NotFound, "C_FindObjects: no private key with the certificate's CKA_ID");
    m_privateKeys[certificate.id] = job->key;
    if (resolved == SignScheme::EcdsaP256Sha256 && job->output.size() != 64)
        return Error(ErrorCode::Unavailable, "C_Sign: an ECDSA P-256 signature must be 64 bytes (r||s)");
    return std::move(job->output);
}

} // namespace mamori::smartcard
