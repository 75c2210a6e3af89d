// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Pkcs11Module: one loaded PKCS#11 module, its slots and tokens.
//
// Loading: dlopen(path) + C_GetFunctionList + C_Initialize(CKF_OS_LOCKING_OK); C_Finalize and
// dlclose on destruction. The path is configuration: OpenSC's opensc-pkcs11.so on the kiosk,
// SoftHSM2's libsofthsm2.so in tests. p11-kit's proxy is deliberately not used: the kiosk talks to
// exactly one configured module, and dlopen keeps the dependency surface to the header.
//
// Every call into the module goes through a CallRunner (call_runner.h): one worker thread, a
// deadline per call (ModuleOptions::callDeadline, default 5 s). If a call overran its deadline and
// is still stuck when the module is destroyed, C_Finalize and dlclose are skipped (see there).
//
// Test seam (STYLE: interfaces only at hardware seams): fromFunctionList() accepts any
// CK_FUNCTION_LIST — tests wrap SoftHSM2's to simulate a pulled card, a hung reader, or to count
// C_Login calls. The module is shared (std::shared_ptr) by the sessions and watchers that use it.

#include "services/common/result.h"

#include <p11-kit/pkcs11.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mamori::smartcard {

class CallRunner;

struct ModuleOptions {
    std::chrono::milliseconds callDeadline{5000};
};

struct SlotInfo {
    unsigned long id = 0;
    std::string description;
    std::string manufacturer;
    bool tokenPresent = false;
    bool removableDevice = false;
    bool hardwareSlot = false;
};

struct TokenInfo {
    unsigned long slotId = 0;
    std::string label; // trailing blanks removed, like every CK_UTF8CHAR field here
    std::string manufacturer;
    std::string model;
    std::string serial;
    unsigned long flags = 0; // CKF_* token flags (pin_state.h interprets the PIN ones)
    unsigned long minPinLength = 0;
    unsigned long maxPinLength = 0;
};

class Pkcs11Module {
public:
    static Result<std::shared_ptr<Pkcs11Module>> load(const std::string& path, ModuleOptions options = {});
    // `functions` must stay valid for the module's life; C_Initialize/C_Finalize are still called.
    static Result<std::shared_ptr<Pkcs11Module>> fromFunctionList(CK_FUNCTION_LIST* functions,
                                                                  ModuleOptions options = {});
    ~Pkcs11Module();
    Pkcs11Module(const Pkcs11Module&) = delete;
    Pkcs11Module& operator=(const Pkcs11Module&) = delete;

    // The raw function list (for the benchmark's baseline and tests; library code uses call()).
    CK_FUNCTION_LIST* functions() const noexcept { return m_functions; }
    std::chrono::milliseconds callDeadline() const noexcept { return m_options.callDeadline; }

    // Runs `job(functions())` on the worker with the deadline; returns its CK_RV (not yet checked),
    // or Timeout. `what` ("C_Login") names the call in errors.
    Result<unsigned long> call(const char* what, std::function<unsigned long(CK_FUNCTION_LIST*)> job);
    // call() and checkCkr() in one.
    Status callChecked(const char* what, std::function<unsigned long(CK_FUNCTION_LIST*)> job);

    Result<std::vector<SlotInfo>> listSlots(bool tokenPresentOnly); // not "slots": a Qt keyword
    Result<std::vector<unsigned long>> slotIds(bool tokenPresentOnly);
    Result<TokenInfo> tokenInfo(unsigned long slotId);
    // C_WaitForSlotEvent(CKF_DONT_BLOCK): the slot with a pending event, or nullopt-like NotFound
    // when there is none; Unavailable when the module does not support slot events (SoftHSM2).
    Result<unsigned long> pollSlotEvent();

private:
    explicit Pkcs11Module(ModuleOptions options);
    Status initialize();

    ModuleOptions m_options;
    void* m_library = nullptr;
    CK_FUNCTION_LIST* m_functions = nullptr;
    bool m_initialized = false;
    std::unique_ptr<CallRunner> m_runner;
};

// A CK_UTF8CHAR[n] field without its trailing blanks.
std::string trimmedField(const unsigned char* field, std::size_t size);

} // namespace mamori::smartcard
