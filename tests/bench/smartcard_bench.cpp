// SPDX-License-Identifier: GPL-3.0-or-later
// Smartcard login + sign benchmark (tests/bench/README.md). One SoftHSM2 token (RSA-2048, made by
// tests/support/softhsm_token.h) serves both sides, with CKM_SHA256_RSA_PKCS over a login message:
//
//   candidate  mamori::smartcard on an open CardSession: login() (which first reads the token flags
//              and checks the PIN format), sign() (private key lookup by CKA_ID, C_SignInit + C_Sign
//              on the worker thread with its deadline), logout().
//   baseline   the same token through the raw function list, no worker, no checks: C_Login,
//              C_FindObjects (the private key by CKA_ID), C_SignInit, C_Sign, C_Logout. The lookup is
//              needed on both sides: SoftHSM2 withdraws private objects' handles at C_Logout (a handle
//              kept across a logout gives CKR 0x130), so a key handle cannot be cached across logins.
// Rounds alternate between the two; the figure is the median over rounds of (candidate median /
// baseline median). Target ≤ 1.2×: the library's safety (deadline thread, flag check, key lookup)
// must cost little next to the token's own work.
//
//   mamori_smartcard_bench run   [--iterations N] [--rounds R] [--out results.md]
//   mamori_smartcard_bench smoke (every path a few times; the figures mean nothing)

#include "services/vault/card_signature.h"
#include "smartcard/card_session.h"
#include "tests/support/softhsm_token.h"

#include "tests/bench/bench_util.h"
#include <algorithm>
#include <chrono>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using namespace mamori;
using namespace mamori::smartcard;
using Clock = std::chrono::steady_clock;

namespace {

using bench::fail;
using bench::median;
using bench::millisecondsSince;
using bench::orFail;

void ckOrFail(CK_RV rv, const char* what)
{
    if (rv != CKR_OK)
        fail(std::string(what) + " failed: 0x" + std::to_string(rv));
}

constexpr const char* kPin = "1234";
constexpr const char* kToken = "Mamori bench";

int run(int iterations, int rounds, const std::string& outPath)
{
    if (!initSodium().ok())
        fail("sodium_init");
    auto hsm = orFail(test::SoftHsm::create(), "SoftHSM2");
    const auto key = test::SoftHsmKey::generate(test::SoftHsmKey::Kind::Rsa2048);
    orFail(hsm->initToken(kToken, kPin), "init token");
    orFail(hsm->importKey(kToken, kPin, key, "01", "Bench key"), "import key");
    auto module = orFail(Pkcs11Module::load(test::SoftHsm::kModulePath), "load module");

    unsigned long slot = ~0UL;
    for (const unsigned long id : orFail(module->slotIds(true), "slots"))
        if (orFail(module->tokenInfo(id), "token").label == kToken)
            slot = id;
    if (slot == ~0UL)
        fail("bench token not found");

    const auto pin =
        orFail(SecretBuffer::copyOf({reinterpret_cast<const std::uint8_t*>(kPin), std::strlen(kPin)}), "pin");
    const auto message = vault::loginMessage("bench-device", std::vector<std::uint8_t>(32, 0x42));
    auto session = orFail(CardSession::open(module, slot), "open session");
    const CardCertificate certificate = orFail(session->loginCertificate(), "certificate");
    const auto card = orFail(vault::parseCardCertificate(certificate.der), "parse certificate");

    // The baseline's own session and key handle, straight through the function list.
    CK_FUNCTION_LIST* f = module->functions();
    CK_SESSION_HANDLE raw = 0;
    ckOrFail(f->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &raw), "C_OpenSession");
    ckOrFail(f->C_Login(raw, CKU_USER, const_cast<CK_UTF8CHAR*>(pin.data()), pin.size()), "C_Login");
    CK_OBJECT_CLASS privateClass = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE query[] = {{CKA_CLASS, &privateClass, sizeof privateClass},
                            {CKA_ID, const_cast<std::uint8_t*>(certificate.id.data()), certificate.id.size()}};
    auto findKey = [&] {
        CK_OBJECT_HANDLE handle = 0;
        CK_ULONG found = 0;
        ckOrFail(f->C_FindObjectsInit(raw, query, 2), "C_FindObjectsInit");
        ckOrFail(f->C_FindObjects(raw, &handle, 1, &found), "C_FindObjects");
        ckOrFail(f->C_FindObjectsFinal(raw), "C_FindObjectsFinal");
        if (found != 1)
            fail("raw key lookup");
        return handle;
    };
    ckOrFail(f->C_Logout(raw), "C_Logout");

    std::vector<double> libraryTimes, rawTimes, ratios;
    for (int round = 0; round < rounds; ++round) {
        std::vector<double> libraryBlock, rawBlock;
        auto libraryRun = [&] {
            for (int i = 0; i < iterations; ++i) {
                const auto start = Clock::now();
                orFail(session->login(pin), "login");
                const auto signature = orFail(session->sign(certificate, message), "sign");
                orFail(session->logout(), "logout");
                libraryBlock.push_back(millisecondsSince(start));
                if (i == 0)
                    orFail(vault::verifyCardSignature(card, message, signature), "verify (library)");
            }
        };
        auto rawRun = [&] {
            std::vector<std::uint8_t> signature(512);
            for (int i = 0; i < iterations; ++i) {
                const auto start = Clock::now();
                ckOrFail(f->C_Login(raw, CKU_USER, const_cast<CK_UTF8CHAR*>(pin.data()), pin.size()), "C_Login");
                const CK_OBJECT_HANDLE rawKey = findKey();
                CK_MECHANISM mechanism{CKM_SHA256_RSA_PKCS, nullptr, 0};
                ckOrFail(f->C_SignInit(raw, &mechanism, rawKey), "C_SignInit");
                CK_ULONG length = signature.size();
                ckOrFail(f->C_Sign(raw, const_cast<std::uint8_t*>(message.data()), message.size(), signature.data(),
                                   &length),
                         "C_Sign");
                ckOrFail(f->C_Logout(raw), "C_Logout");
                rawBlock.push_back(millisecondsSince(start));
                if (i == 0)
                    orFail(vault::verifyCardSignature(card, message, {signature.data(), length}), "verify (raw)");
            }
        };
        if (round % 2 == 0) {
            libraryRun();
            rawRun();
        } else {
            rawRun();
            libraryRun();
        }
        ratios.push_back(median(libraryBlock) / median(rawBlock));
        libraryTimes.insert(libraryTimes.end(), libraryBlock.begin(), libraryBlock.end());
        rawTimes.insert(rawTimes.end(), rawBlock.begin(), rawBlock.end());
    }
    f->C_CloseSession(raw);

    const double ratio = median(ratios);
    char table[2048];
    std::snprintf(table, sizeof table,
                  "| benchmark | target | measured | baseline | ratio | met? |\n"
                  "|---|---|---|---|---|---|\n"
                  "| card login + sign + logout (SoftHSM2, RSA-2048, CKM_SHA256_RSA_PKCS): mamori::smartcard vs raw "
                  "C_Login/C_FindObjects/C_SignInit/C_Sign/C_Logout | ≤ 1.2× | %.3f ms median (%zu) | %.3f ms median "
                  "(%zu) | %.2f× "
                  "(median of %d round ratios) | %s |\n",
                  median(libraryTimes), libraryTimes.size(), median(rawTimes), rawTimes.size(), ratio, rounds,
                  ratio <= 1.2 ? "yes" : "no");
    std::printf("\n%s", table);
    if (!outPath.empty()) {
        std::ofstream out(outPath, std::ios::trunc);
        out << table;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    mamori::bench::programName() = "mamori_smartcard_bench";
    const std::string command = argc > 1 ? argv[1] : "";
    int iterations = 200;
    int rounds = 10;
    std::string out;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        const std::string value = argv[i + 1];
        if (option == "--iterations")
            iterations = std::max(1, std::atoi(value.c_str()));
        else if (option == "--rounds")
            rounds = std::max(1, std::atoi(value.c_str()));
        else if (option == "--out")
            out = value;
        else
            fail("unknown option " + option);
    }
    if (command == "run")
        return run(iterations, rounds, out);
    if (command == "smoke")
        return run(3, 2, out);
    fail("usage: mamori_smartcard_bench run|smoke [--iterations N] [--rounds R] [--out FILE]");
}
