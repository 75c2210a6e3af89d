// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// TpmContext: one connection to the TPM through tpm2-tss — a TCTI chosen by a configuration
// string ("device:/dev/tpmrm0" on the kiosk, "swtpm:host=127.0.0.1,port=N" in tests) and an ESAPI
// context on top, in process. Nothing here shells out to tpm2-tools.
//
// connect() checks the TPM once (GetCapability of the permanent attributes), so that "no TPM",
// "wrong TCTI" and "failure mode" are reported at start with a clear error rather than at the
// first unseal. A CommandLog, if given, receives every command code sent (a counting TCTI sits in
// front of the real one); it must outlive the context (the destructor still flushes a session).
//
// Not thread-safe: one context per thread (ESAPI's rule).

#include "services/common/result.h"
#include "services/tpm/command_log.h"

#include <tss2/tss2_esys.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace mamori::tpm {

class TpmContext {
public:
    static Result<std::unique_ptr<TpmContext>> connect(const std::string& tcti, CommandLog* log = nullptr);
    ~TpmContext();
    TpmContext(const TpmContext&) = delete;
    TpmContext& operator=(const TpmContext&) = delete;

    ESYS_CONTEXT* esys() const noexcept { return m_esys; }
    const std::string& tcti() const noexcept { return m_tcti; }
    // Whether the TPM reported dictionary-attack lockout at connect (noDA objects still work).
    bool inLockoutAtConnect() const noexcept { return m_inLockout; }

    // The ESAPI handle of a persistent object or NV index (ReadPublic once, then cached for the
    // life of the context). NotFound when nothing is at that handle.
    Result<ESYS_TR> persistent(std::uint32_t tpmHandle);
    // Drops a cached handle (after EvictControl or NV_UndefineSpace changed what is there).
    void forget(std::uint32_t tpmHandle) noexcept;

    // The policy session for unsealing: salted to `saltKey` (ECDH with the storage key), AES-128-CFB
    // parameter encryption, continueSession set — started once and reused, since the TPM resets a
    // policy session after each use (the next unseal runs PolicyPCR again). The start is the most
    // expensive step of an unseal on ESAPI 3.2 with OpenSSL 3 (see services/tpm/README.md).
    Result<ESYS_TR> unsealSession(ESYS_TR saltKey);
    // Flushes the cached session (after a failure its policy state is unknown; after the unlock it
    // is not needed any more and should not hold one of the TPM's few session slots).
    void closeSessions() noexcept;

private:
    TpmContext() = default;

    std::string m_tcti;
    TSS2_TCTI_CONTEXT* m_tctiContext = nullptr; // what ESAPI talks to (the counter, or the real one)
    TSS2_TCTI_CONTEXT* m_realTcti = nullptr;
    void* m_counting = nullptr; // the counting TCTI wrapper, if any
    ESYS_CONTEXT* m_esys = nullptr;
    bool m_inLockout = false;
    std::map<std::uint32_t, ESYS_TR> m_persistent;
    ESYS_TR m_unsealSession = ESYS_TR_NONE;
    ESYS_TR m_unsealSessionKey = ESYS_TR_NONE;
};

// Frees memory ESAPI returned (Esys_Free) at scope exit.
template <typename T> struct EsysFreer {
    void operator()(T* pointer) const noexcept { Esys_Free(pointer); }
};
template <typename T> using EsysPtr = std::unique_ptr<T, EsysFreer<T>>;

} // namespace mamori::tpm
