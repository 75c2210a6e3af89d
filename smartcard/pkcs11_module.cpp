// SPDX-License-Identifier: GPL-3.0-or-later
#include "smartcard/pkcs11_module.h"

#include "smartcard/call_runner.h"
#include "smartcard/pkcs11_error.h"

#include <dlfcn.h>

#include <cstring>

namespace mamori::smartcard {

std::string trimmedField(const unsigned char* field, std::size_t size)
{
    std::string text(reinterpret_cast<const char*>(field), size);
    const auto end = text.find_last_not_of(" \0", std::string::npos, 2);
    text.resize(end == std::string::npos ? 0 : end + 1);
    return text;
}

Pkcs11Module::Pkcs11Module(ModuleOptions options) : m_options(options), m_runner(std::make_unique<CallRunner>()) {}

Result<std::shared_ptr<Pkcs11Module>> Pkcs11Module::load(const std::string& path, ModuleOptions options)
{
    std::shared_ptr<Pkcs11Module> module(new Pkcs11Module(options));
    // RTLD_LOCAL: the module's symbols (and its copy of OpenSSL) stay out of our namespace.
    module->m_library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module->m_library == nullptr) {
        const char* reason = ::dlerror();
        return Error(ErrorCode::Unavailable, "dlopen " + path + ": " + (reason != nullptr ? reason : "unknown error"));
    }
    void* symbol = ::dlsym(module->m_library, "C_GetFunctionList");
    if (symbol == nullptr)
        return Error(ErrorCode::Unavailable, path + ": no C_GetFunctionList (not a PKCS#11 module)");
    CK_C_GetFunctionList getFunctionList = nullptr;
    static_assert(sizeof getFunctionList == sizeof symbol);
    std::memcpy(&getFunctionList, &symbol, sizeof symbol); // POSIX: object → function pointer
    CK_FUNCTION_LIST* functions = nullptr;
    MAMORI_TRY(checkCkr("C_GetFunctionList", getFunctionList(&functions)));
    if (functions == nullptr)
        return Error(ErrorCode::Unavailable, "C_GetFunctionList: no function list");
    module->m_functions = functions;
    MAMORI_TRY(module->initialize());
    return module;
}

Result<std::shared_ptr<Pkcs11Module>> Pkcs11Module::fromFunctionList(CK_FUNCTION_LIST* functions, ModuleOptions options)
{
    if (functions == nullptr)
        return Error(ErrorCode::InvalidArgument, "fromFunctionList: null function list");
    std::shared_ptr<Pkcs11Module> module(new Pkcs11Module(options));
    module->m_functions = functions;
    MAMORI_TRY(module->initialize());
    return module;
}

Status Pkcs11Module::initialize()
{
    // No mutex callbacks, OS locking allowed: the module may use its own threads' locks.
    auto args = std::make_shared<CK_C_INITIALIZE_ARGS>();
    std::memset(args.get(), 0, sizeof *args);
    args->flags = CKF_OS_LOCKING_OK;
    MAMORI_ASSIGN_OR_RETURN(const unsigned long rv,
                            call("C_Initialize", [args](CK_FUNCTION_LIST* f) { return f->C_Initialize(args.get()); }));
    // Someone else in this process initialised it (only tests do that): fine, but then not ours to finalise.
    if (rv == CKR_CRYPTOKI_ALREADY_INITIALIZED)
        return okStatus();
    MAMORI_TRY(checkCkr("C_Initialize", rv));
    m_initialized = true;
    return okStatus();
}

Pkcs11Module::~Pkcs11Module()
{
    if (m_runner->wedged()) {
        // A call is still inside the module: finalising or unloading it now would pull code and state
        // from under that thread. Leak both (the detached worker keeps only its own state alive).
        (void)m_runner.release();
        return;
    }
    if (m_initialized && m_functions != nullptr)
        (void)call("C_Finalize", [](CK_FUNCTION_LIST* f) { return f->C_Finalize(nullptr); });
    if (m_runner->wedged()) { // C_Finalize itself hung
        (void)m_runner.release();
        return;
    }
    m_runner.reset(); // join the worker before unloading the code it ran
    if (m_library != nullptr)
        ::dlclose(m_library);
}

Result<unsigned long> Pkcs11Module::call(const char* what, std::function<unsigned long(CK_FUNCTION_LIST*)> job)
{
    CK_FUNCTION_LIST* functions = m_functions;
    return m_runner->run([functions, job = std::move(job)] { return job(functions); }, m_options.callDeadline, what);
}

Status Pkcs11Module::callChecked(const char* what, std::function<unsigned long(CK_FUNCTION_LIST*)> job)
{
    MAMORI_ASSIGN_OR_RETURN(const unsigned long rv, call(what, std::move(job)));
    return checkCkr(what, rv);
}

Result<std::vector<unsigned long>> Pkcs11Module::slotIds(bool tokenPresentOnly)
{
    // The list can grow between the two calls (a reader plugged in): retry on CKR_BUFFER_TOO_SMALL.
    auto ids = std::make_shared<std::vector<CK_SLOT_ID>>();
    const CK_BBOOL present = tokenPresentOnly ? CK_TRUE : CK_FALSE;
    for (int attempt = 0; attempt < 4; ++attempt) {
        MAMORI_ASSIGN_OR_RETURN(const unsigned long rv, call("C_GetSlotList", [ids, present](CK_FUNCTION_LIST* f) {
                                    CK_ULONG count = 0;
                                    CK_RV r = f->C_GetSlotList(present, nullptr, &count);
                                    if (r != CKR_OK)
                                        return r;
                                    ids->resize(count);
                                    if (count == 0)
                                        return r;
                                    r = f->C_GetSlotList(present, ids->data(), &count);
                                    if (r == CKR_OK)
                                        ids->resize(count);
                                    return r;
                                }));
        if (rv == CKR_BUFFER_TOO_SMALL)
            continue;
        MAMORI_TRY(checkCkr("C_GetSlotList", rv));
        return std::vector<unsigned long>(ids->begin(), ids->end());
    }
    return pkcs11Error("C_GetSlotList", CKR_BUFFER_TOO_SMALL);
}

Result<std::vector<SlotInfo>> Pkcs11Module::listSlots(bool tokenPresentOnly)
{
    MAMORI_ASSIGN_OR_RETURN(const auto ids, slotIds(tokenPresentOnly));
    std::vector<SlotInfo> result;
    for (const unsigned long id : ids) {
        auto info = std::make_shared<CK_SLOT_INFO>();
        MAMORI_TRY(
            callChecked("C_GetSlotInfo", [info, id](CK_FUNCTION_LIST* f) { return f->C_GetSlotInfo(id, info.get()); }));
        SlotInfo slot;
        slot.id = id;
        slot.description = trimmedField(info->slotDescription, sizeof info->slotDescription);
        slot.manufacturer = trimmedField(info->manufacturerID, sizeof info->manufacturerID);
        slot.tokenPresent = (info->flags & CKF_TOKEN_PRESENT) != 0;
        slot.removableDevice = (info->flags & CKF_REMOVABLE_DEVICE) != 0;
        slot.hardwareSlot = (info->flags & CKF_HW_SLOT) != 0;
        result.push_back(std::move(slot));
    }
    return result;
}

Result<TokenInfo> Pkcs11Module::tokenInfo(unsigned long slotId)
{
    auto info = std::make_shared<CK_TOKEN_INFO>();
    MAMORI_TRY(callChecked("C_GetTokenInfo",
                           [info, slotId](CK_FUNCTION_LIST* f) { return f->C_GetTokenInfo(slotId, info.get()); }));
    TokenInfo token;
    token.slotId = slotId;
    token.label = trimmedField(info->label, sizeof info->label);
    token.manufacturer = trimmedField(info->manufacturerID, sizeof info->manufacturerID);
    token.model = trimmedField(info->model, sizeof info->model);
    token.serial = trimmedField(info->serialNumber, sizeof info->serialNumber);
    token.flags = info->flags;
    token.minPinLength = info->ulMinPinLen;
    token.maxPinLength = info->ulMaxPinLen;
    return token;
}

Result<unsigned long> Pkcs11Module::pollSlotEvent()
{
    auto slot = std::make_shared<CK_SLOT_ID>(0);
    MAMORI_ASSIGN_OR_RETURN(const unsigned long rv, call("C_WaitForSlotEvent", [slot](CK_FUNCTION_LIST* f) {
                                return f->C_WaitForSlotEvent(CKF_DONT_BLOCK, slot.get(), nullptr);
                            }));
    if (rv == CKR_NO_EVENT)
        return Error(ErrorCode::NotFound, "C_WaitForSlotEvent: no event");
    MAMORI_TRY(checkCkr("C_WaitForSlotEvent", rv));
    return *slot;
}

} // namespace mamori::smartcard
