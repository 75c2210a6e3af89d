// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-demo-seed: builds the demo's vault on its embedded defaults and shows the vault working —
// a synthetic company imported from a payroll CSV, a number revealed with a card step-up, a
// disposal requested, approved by the officer's card and executed with its signed certificate, an
// encrypted backup, and the audit chain verified. Numbers are synthetic (valid check digits) and
// never printed.
//
// Cards: with --card LABEL:PIN (LABEL one of clerk, officer, admin; repeatable) that person's card
// is a demo IC card — the SoftHSM2 token labelled LABEL, which scripts/demo.sh makes (key pair and
// certificate on the token) and which SoftHSM2 finds through SOFTHSM2_CONF. The seed reads the
// token's login certificate without a PIN and enrols it, and signs that person's step-up and
// approval on the token (C_Login with the PIN, C_Sign, C_Logout) through smartcard::CardSession,
// exactly as the kiosk will; mamori-demo-login then logs the same card in over D-Bus. Reading the
// certificate from the token (rather than from a file beside it) means the enrolled certificate is
// the card's by construction. A person without --card gets an in-memory software key (TestCard),
// as the CTest mamori_demo_seed runs it (no options: no SoftHSM2 needed).
//
// With --tcti the vault's keys live in a TPM, as on the terminal (scripts/demo.sh passes its
// swtpm): the TPM is provisioned (keys sealed to PCR 7 and the Mamori PCR, NV counter, recovery
// key shown once), the vault is opened through openVaultOnTpm, and the last step shows the
// maintenance lock, after which the vault cannot open again until the TPM is reset (scripts/demo.sh
// then restarts swtpm — a reboot — and starts mamori-vaultd on the same vault). Without it the keys
// are in memory (MemoryKeySource), as the CTest mamori_demo_seed runs it.
//
// Usage: mamori-demo-seed [--tcti <tcti>] [--card <label>:<PIN>]... <output directory>
//        (the vault is <dir>/vault.db, its sealed keys <dir>/tpm/; both rebuilt each run)

#include "services/common/file_io.h"
#include "services/tpm/key_store.h"
#include "services/tpm/tpm_error.h"
#include "services/vault/card_signature.h"
#include "services/vault/tpm_key_source.h"
#include "services/vault/vault.h"
#include "smartcard/card_session.h"
#include "smartcard/pkcs11_module.h"
#include "tests/support/softhsm_token.h"
#include "tests/support/test_card.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace mamori;
using namespace mamori::vault;
using mamori::test::TestCard;

namespace {

std::string syntheticNumber(std::mt19937_64& random)
{
    char body[12];
    std::snprintf(body, sizeof body, "%011llu", static_cast<unsigned long long>(random() % 100000000000ULL));
    return std::string(body, 11) + char('0' + individualCheckDigit(std::span<const char, 11>(body, 11)));
}

// A payroll export: employees with spouses and children, in Japanese, as payroll software writes it.
std::string demoCsv(int employees)
{
    static const char* kFamily[][2] = {{"山田", "ヤマダ"},   {"佐藤", "サトウ"},  {"鈴木", "スズキ"},
                                       {"高橋", "タカハシ"}, {"田中", "タナカ"},  {"伊藤", "イトウ"},
                                       {"渡辺", "ワタナベ"}, {"中村", "ナカムラ"}};
    static const char* kGiven[][2] = {{"太郎", "タロウ"}, {"花子", "ハナコ"}, {"一郎", "イチロウ"}, {"美咲", "ミサキ"},
                                      {"健", "ケン"},     {"陽菜", "ヒナ"},   {"大輔", "ダイスケ"}, {"葵", "アオイ"}};
    static const char* kDepartments[] = {"総務部", "経理部", "営業部"};
    std::mt19937_64 random(20261123);
    std::string csv = "社員番号,氏名,フリガナ,生年月日,部署,個人番号,区分,扶養元社員番号,続柄,退職日\n";
    for (int i = 1; i <= employees; ++i) {
        const auto& family = kFamily[random() % 8];
        const auto& given = kGiven[random() % 8];
        char code[16];
        std::snprintf(code, sizeof code, "E%04d", i);
        const int year = 1960 + int(random() % 40);
        // Every twentieth employee left in 2017 (due for disposal now); the rest are active.
        const std::string left = i % 20 == 0 ? "2017-03-31" : "";
        csv += std::string(code) + "," + family[0] + " " + given[0] + "," + family[1] + " " + given[1] + "," +
               std::to_string(year) + "-04-01," + kDepartments[i % 3] + "," + syntheticNumber(random) + ",従業員,,," +
               left + "\n";
        if (i % 3 == 0)
            csv += std::string(",") + family[0] + " 和子," + family[1] + " カズコ," + std::to_string(year + 2) +
                   "-06-15,," + syntheticNumber(random) + ",配偶者," + code + ",妻,\n";
        if (i % 4 == 0)
            csv += std::string(",") + family[0] + " 翔," + family[1] + " ショウ,2015-09-09,," +
                   syntheticNumber(random) + ",扶養親族," + code + ",子,\n";
    }
    return csv;
}

int fail(const char* what, const Error& error)
{
    std::fprintf(stderr, "demo-seed: %s: %s\n", what, error.describe().c_str());
    return 1;
}

// A demo person's card: an in-memory software key (TestCard), or a demo IC card — a SoftHSM2 token
// whose certificate is read without a PIN and whose key signs on the token, through CardSession.
class DemoCard {
public:
    static DemoCard software(TestCard::Kind kind, const std::string& commonName)
    {
        DemoCard card;
        card.m_software.emplace(kind, commonName);
        card.m_certificateDer = card.m_software->certificateDer();
        card.m_cardId = card.m_software->cardId();
        card.m_description = "software key (in memory)";
        return card;
    }

    static Result<DemoCard> token(std::shared_ptr<smartcard::Pkcs11Module> module, const std::string& label,
                                  const std::string& pin)
    {
        MAMORI_ASSIGN_OR_RETURN(const auto slots, module->slotIds(true));
        std::optional<unsigned long> slot;
        for (const unsigned long id : slots) {
            const auto info = module->tokenInfo(id);
            if (info.ok() && info.value().label == label)
                slot = id;
        }
        if (!slot)
            return Error(ErrorCode::NotFound,
                         "no demo IC card (SoftHSM2 token) labelled '" + label + "'; is SOFTHSM2_CONF the demo's?");
        DemoCard card;
        MAMORI_ASSIGN_OR_RETURN(card.m_session, smartcard::CardSession::open(std::move(module), *slot));
        MAMORI_ASSIGN_OR_RETURN(card.m_certificate, card.m_session->loginCertificate());
        MAMORI_ASSIGN_OR_RETURN(
            card.m_pin, SecretBuffer::copyOf(std::span(reinterpret_cast<const std::uint8_t*>(pin.data()), pin.size())));
        card.m_certificateDer = card.m_certificate.der;
        card.m_cardId = card.m_certificate.cardId;
        card.m_description = "IC card '" + label + "' (SoftHSM2 token, slot " + std::to_string(*slot) + ")";
        return card;
    }

    const std::vector<std::uint8_t>& certificateDer() const { return m_certificateDer; }
    const std::string& cardId() const { return m_cardId; }
    const std::string& description() const { return m_description; }

    // On a token: C_Login with the PIN, C_Sign, C_Logout — once per signature, as the kiosk asks for
    // the PIN at each step-up.
    Result<std::vector<std::uint8_t>> sign(std::span<const std::uint8_t> message)
    {
        if (m_software)
            return m_software->sign(message);
        MAMORI_TRY(m_session->login(m_pin));
        auto signature = m_session->sign(m_certificate, message);
        const Status loggedOut = m_session->logout();
        if (signature.ok() && !loggedOut.ok())
            return loggedOut.error();
        return signature;
    }

private:
    DemoCard() = default;

    std::optional<TestCard> m_software;
    std::unique_ptr<smartcard::CardSession> m_session;
    smartcard::CardCertificate m_certificate;
    SecretBuffer m_pin;
    std::vector<std::uint8_t> m_certificateDer;
    std::string m_cardId;
    std::string m_description;
};

// The demo's vault and where its keys come from: in memory, or unsealed from the TPM.
struct DemoVault {
    std::unique_ptr<MemoryKeySource> memoryKeys;
    std::unique_ptr<Vault> memoryVault;
    TpmVault onTpm;                        // store, counter, vault (destroyed vault first)
    std::unique_ptr<TpmKeySource> tpmKeys; // over onTpm.store; destroyed before it
    KeySource* keys = nullptr;
    Vault* vault = nullptr;

    // Closes the vault, then the TPM connection, as a stopped vault daemon would.
    void close()
    {
        vault = nullptr;
        keys = nullptr;
        tpmKeys.reset();
        onTpm.vault.reset();
        onTpm.counter.reset();
        onTpm.store.reset();
        memoryVault.reset();
        memoryKeys.reset();
    }
};

// First set-up of the TPM, as mamori-provision does it: storage key, NV counter, keys sealed to the
// PCRs as they are now, and the recovery key — printed here once, as the provisioning screen shows
// it once, for a person to copy onto paper. The connection is closed again before the vault opens
// (swtpm serves one client at a time).
Status provisionTpm(const tpm::TpmSettings& settings)
{
    MAMORI_ASSIGN_OR_RETURN(auto store, tpm::KeyStore::connect(settings));
    // libsodium's MODERATE Argon2id (3 passes, 256 MiB), as the terminal uses: about a second on
    // the demo machine, so the demo keeps the product's cost.
    MAMORI_ASSIGN_OR_RETURN(const tpm::ProvisionReport report, store->provision());
    std::printf("demo-seed: TPM provisioned (%s): storage key %s %s, NV counter %s at %llu\n", settings.tcti.c_str(),
                tpm::hex32(settings.storageKeyHandle).c_str(), report.createdStorageKey ? "created" : "reused",
                tpm::hex32(settings.counterIndex).c_str(), static_cast<unsigned long long>(report.counterValue));
    std::printf("demo-seed: 回復キー / recovery key: %.*s\n", static_cast<int>(report.recoveryKeyText.size()),
                reinterpret_cast<const char*>(report.recoveryKeyText.data()));
    std::printf("demo-seed:   shown only now, at provisioning, and stored nowhere: on the terminal a person copies it "
                "onto paper for the officer's safe; with tpm/%s it brings the keys back onto a new TPM\n",
                store->recoveryPath().filename().c_str());
    std::fflush(stdout);
    return okStatus();
}

// The PCRs the master key is sealed to, as its sealed blob records them.
Result<std::string> sealedPcrs(const tpm::KeyStore& store)
{
    MAMORI_ASSIGN_OR_RETURN(const auto bytes,
                            readWholeFile(store.sealedPath(tpm::SealedPurpose::MasterKey), std::uint64_t{64} * 1024));
    MAMORI_ASSIGN_OR_RETURN(const tpm::SealedBlob blob, tpm::decodeSealedBlob(bytes));
    std::vector<std::uint8_t> indexes;
    for (const auto& pcr : blob.pcrs)
        indexes.push_back(pcr.index);
    return tpm::describePcrs(indexes);
}

Result<DemoVault> openDemoVault(const VaultOptions& options, const std::optional<tpm::TpmSettings>& tpmSettings,
                                Clock& clock)
{
    DemoVault demo;
    if (!tpmSettings) {
        MAMORI_ASSIGN_OR_RETURN(MemoryKeySource keys, MemoryKeySource::generate());
        demo.memoryKeys = std::make_unique<MemoryKeySource>(std::move(keys));
        MAMORI_ASSIGN_OR_RETURN(demo.memoryVault, Vault::open(options, *demo.memoryKeys, clock));
        demo.keys = demo.memoryKeys.get();
        demo.vault = demo.memoryVault.get();
        return demo;
    }
    MAMORI_TRY(provisionTpm(*tpmSettings));
    MAMORI_ASSIGN_OR_RETURN(demo.onTpm, openVaultOnTpm(*tpmSettings, options, clock));
    demo.tpmKeys = std::make_unique<TpmKeySource>(*demo.onTpm.store);
    demo.keys = demo.tpmKeys.get();
    demo.vault = demo.onTpm.vault.get();
    MAMORI_ASSIGN_OR_RETURN(const std::string pcrs, sealedPcrs(*demo.onTpm.store));
    MAMORI_ASSIGN_OR_RETURN(const std::uint64_t counter, demo.onTpm.counter->read());
    std::printf("demo-seed: TPM unlock: master key and device signing seed unsealed (policy: %s as at provisioning, "
                "SHA-256 bank); vault opened, NV counter at %llu\n",
                pcrs.c_str(), static_cast<unsigned long long>(counter));
    return demo;
}

// The maintenance lock, the seed's last step: extend the Mamori PCR, then show that the vault no
// longer opens. Leaves the demo TPM locked; scripts/demo.sh then restarts swtpm on the same state (a
// reboot: the PCRs start again from their initial values) so that mamori-vaultd can open the vault.
int showMaintenanceLock(DemoVault& demo, const tpm::TpmSettings& settings, VaultOptions options, Clock& clock)
{
    if (auto s = demo.onTpm.store->enterMaintenance(); !s.ok())
        return fail("maintenance", s.error());
    std::printf(
        "demo-seed: maintenance lock (the last step): PCR %u extended with SHA-256(\"mamori-maintenance-v1\")\n",
        static_cast<unsigned>(settings.mamoriPcr));
    demo.close();
    options.create = false;
    auto reopened = openVaultOnTpm(settings, options, clock);
    if (reopened.ok()) {
        std::fprintf(stderr, "demo-seed: the vault opened in maintenance mode\n");
        return 1;
    }
    std::printf("demo-seed: opening the vault again fails: %s\n", reopened.error().describe().c_str());
    if (reopened.error().code() != ErrorCode::TpmPolicyMismatch)
        return 1;
    std::printf("demo-seed: only a reset of the TPM (a reboot; here a restart of swtpm) clears the lock\n");
    return 0;
}

} // namespace

int run(int argc, char** argv);

int main(int argc, char** argv)
{
    // The software test cards throw if OpenSSL fails; say so instead of terminating.
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "demo-seed: %s\n", e.what());
        return 1;
    }
}

int run(int argc, char** argv)
{
    std::optional<std::string> tcti;
    std::optional<std::filesystem::path> output;
    std::map<std::string, std::string> cardPins; // token label → PIN
    bool usage = false;
    for (int i = 1; i < argc && !usage; ++i) {
        if (std::strcmp(argv[i], "--tcti") == 0 && i + 1 < argc && argv[i + 1][0] != '\0') {
            tcti = argv[++i];
        } else if (std::strcmp(argv[i], "--card") == 0 && i + 1 < argc) {
            const std::string spec = argv[++i];
            const auto colon = spec.find(':');
            const std::string label = spec.substr(0, colon);
            usage = colon == std::string::npos || colon + 1 == spec.size() ||
                    (label != "clerk" && label != "officer" && label != "admin") || cardPins.count(label) != 0;
            if (!usage)
                cardPins[label] = spec.substr(colon + 1);
        } else if (argv[i][0] != '-' && argv[i][0] != '\0' && !output)
            output = argv[i];
        else
            usage = true;
    }
    if (usage || !output) {
        std::fprintf(stderr, "usage: mamori-demo-seed [--tcti <tcti>] [--card clerk|officer|admin:<PIN>]... <output "
                             "directory>\n");
        return 2;
    }
    const std::filesystem::path dir = *output;
    std::filesystem::create_directories(dir);
    for (const char* name : {"vault.db", "vault.db-wal", "vault.db-shm", "vault.backup"})
        std::filesystem::remove(dir / name);
    std::filesystem::remove_all(dir / "tpm"); // the previous run's sealed keys (scripts/demo.sh: fresh TPM)

    std::optional<tpm::TpmSettings> tpmSettings;
    if (tcti) {
        tpmSettings.emplace();
        tpmSettings->tcti = *tcti;
        tpmSettings->stateDirectory = dir;
    }
    SystemClock clock;
    VaultOptions options;
    options.path = (dir / "vault.db").string();
    options.create = true;
    options.deviceId = "mamori-demo";
    auto opened = openDemoVault(options, tpmSettings, clock);
    if (!opened.ok())
        return fail("open", opened.error());
    DemoVault& demo = opened.value();
    Vault& vault = *demo.vault;

    // Device set-up, as mamori-provision does it: departments, purposes, users and their cards.
    for (auto [code, name] : {std::pair{"soumu", "総務部"}, {"keiri", "経理部"}, {"eigyo", "営業部"}})
        if (auto s = vault.addDepartment(nullptr, code, name); !s.ok())
            return fail("department", s.error());
    for (auto [code, name] : {std::pair{"withholding", "源泉徴収票作成事務"},
                              {"social_insurance", "健康保険・厚生年金保険届出事務"},
                              {"employment_insurance", "雇用保険届出事務"}})
        if (auto s = vault.addPurpose(nullptr, code, name); !s.ok())
            return fail("purpose", s.error());
    // Where exports and provisions may go (EXPORT_FORMAT.md): the USB medium and the payroll
    // provider (a loopback endpoint in the demo; the courier of issue 7 sends to it).
    for (const Destination& destination :
         {Destination{"usb",
                      "USBメモリ",
                      DestinationKind::Medium,
                      {"withholding", "social_insurance", "employment_insurance"},
                      true},
          Destination{"payroll", "給与計算委託先", DestinationKind::Endpoint, {"withholding"}, true}})
        if (auto s = vault.setDestination(nullptr, destination); !s.ok())
            return fail("destination", s.error());
    // Each person's card: the demo IC card (SoftHSM2 token) named by --card, else a software key.
    std::shared_ptr<smartcard::Pkcs11Module> module;
    if (!cardPins.empty()) {
        auto loaded = smartcard::Pkcs11Module::load(test::SoftHsm::kModulePath);
        if (!loaded.ok())
            return fail("load SoftHSM2", loaded.error());
        module = std::move(loaded).value();
    }
    const auto makeCard = [&](const std::string& label, TestCard::Kind kind) -> Result<DemoCard> {
        const auto pin = cardPins.find(label);
        if (pin == cardPins.end())
            return DemoCard::software(kind, "demo " + label);
        return DemoCard::token(module, label, pin->second);
    };
    auto clerkCardResult = makeCard("clerk", TestCard::Kind::EcP256);
    auto officerCardResult = makeCard("officer", TestCard::Kind::Rsa2048);
    auto adminCardResult = makeCard("admin", TestCard::Kind::EcP256);
    if (!clerkCardResult.ok() || !officerCardResult.ok() || !adminCardResult.ok())
        return fail("cards", !clerkCardResult.ok()     ? clerkCardResult.error()
                             : !officerCardResult.ok() ? officerCardResult.error()
                                                       : adminCardResult.error());
    DemoCard& clerkCard = clerkCardResult.value();
    DemoCard& officerCard = officerCardResult.value();
    DemoCard& adminCard = adminCardResult.value();
    const auto clerkId = vault.createUser(nullptr, UserSpec{"事務 担当", {Role::Clerk}, {"soumu", "keiri", "eigyo"}});
    const auto officerId = vault.createUser(nullptr, UserSpec{"取扱 責任者", {Role::Officer}, {}});
    const auto adminId = vault.createUser(nullptr, UserSpec{"システム 管理者", {Role::Admin}, {}});
    if (!clerkId.ok() || !officerId.ok() || !adminId.ok())
        return fail("users", clerkId.ok() ? officerId.ok() ? adminId.error() : officerId.error() : clerkId.error());
    for (auto [id, card] :
         {std::pair{clerkId.value(), &clerkCard}, {officerId.value(), &officerCard}, {adminId.value(), &adminCard}})
        if (auto s = vault.enrolCard(nullptr, id, card->certificateDer()); !s.ok())
            return fail("enrol", s.error());
    for (auto [role, card] : {std::pair{"clerk", &clerkCard}, {"officer", &officerCard}, {"admin", &adminCard}})
        std::printf("demo-seed: enrolled the %s's card: %s, card id %.16s…\n", role, card->description().c_str(),
                    card->cardId().c_str());

    SessionContext clerk{
        clerkId.value(), clerkCard.cardId(), {Role::Clerk}, {"soumu", "keiri", "eigyo"}, "withholding"};
    SessionContext officer{officerId.value(), officerCard.cardId(), {Role::Officer}, {}, ""};
    SessionContext admin{adminId.value(), adminCard.cardId(), {Role::Admin}, {}, ""};

    // 1. Import the payroll export (Shift_JIS would do as well).
    const auto report = vault.importCsv(clerk, demoCsv(200));
    if (!report.ok())
        return fail("import", report.error());
    std::printf("demo-seed: imported %zu of %zu rows (%zu issues)\n", report.value().imported, report.value().rows,
                report.value().issues.size());

    // 2. A document per leaver: 扶養控除等申告書 for 2017, so that they are due from 2025-01-11.
    ListQuery all;
    all.limit = 500;
    const auto page = vault.listSubjects(clerk, all);
    if (!page.ok())
        return fail("list", page.error());
    std::size_t leavers = 0;
    for (const auto& subject : page.value().items) {
        if (subject.status != SubjectStatus::Left)
            continue;
        DocumentRecord document;
        document.ruleCode = "fuyo_kojo_shinkokusho";
        document.taxYear = 2017;
        document.deadline =
            std::chrono::year_month_day{std::chrono::year(2017), std::chrono::January, std::chrono::day(10)};
        if (auto r = vault.recordDocument(clerk, subject.id, document); !r.ok())
            return fail("document", r.error());
        ++leavers;
    }
    std::printf("demo-seed: %lld subjects in the vault, %zu employees have left\n",
                static_cast<long long>(page.value().total), leavers);

    // 3. Reveal one number with a card step-up (the number itself is not printed).
    const SubjectId first = page.value().items.front().id;
    const auto nonce = vault.issueStepUpNonce(clerk).value();
    const auto message = stepUpMessage(options.deviceId, nonce,
                                       Vault::canonicalOperation(Operation::RevealNumber, first, "withholding"));
    const auto clerkSignature = clerkCard.sign(message);
    if (!clerkSignature.ok())
        return fail("step-up signature", clerkSignature.error());
    const auto revealed = vault.revealNumber(clerk, first, StepUpProof{nonce, clerkSignature.value()});
    if (!revealed.ok())
        return fail("reveal", revealed.error());
    std::printf("demo-seed: revealed the number of %s after a step-up signed by the clerk's %s (shown masked here: "
                "%s)\n",
                page.value().items.front().code.c_str(), clerkCard.description().c_str(),
                std::string(kMaskedIndividualNumber).c_str());

    // 4. Disposal: the due list, a request, the officer's approval with their card, execution.
    const auto due = vault.dueList(clerk);
    if (!due.ok())
        return fail("due list", due.error());
    std::size_t dueCount = 0;
    const DueItem* target = nullptr;
    for (const auto& item : due.value()) {
        dueCount += item.due ? 1 : 0;
        if (item.due && item.kind == SubjectKind::Employee && !target)
            target = &item;
    }
    std::printf("demo-seed: %zu subjects due for disposal\n", dueCount);
    if (target) {
        const auto request = vault.requestDisposal(clerk, target->id);
        if (!request.ok())
            return fail("request", request.error());
        const auto approvalNonce = vault.issueStepUpNonce(officer).value();
        const auto approval = stepUpMessage(options.deviceId, approvalNonce,
                                            Vault::canonicalOperation(Operation::ApproveDisposal, target->id, ""));
        const auto officerSignature = officerCard.sign(approval);
        if (!officerSignature.ok())
            return fail("approval signature", officerSignature.error());
        if (auto s =
                vault.approveDisposal(officer, request.value(), StepUpProof{approvalNonce, officerSignature.value()});
            !s.ok())
            return fail("approve", s.error());
        const auto certificate = vault.executeDisposal(clerk, request.value());
        if (!certificate.ok())
            return fail("execute", certificate.error());
        const auto path = dir / ("disposal-certificate-" + std::to_string(request.value()) + ".txt");
        std::ofstream(path) << certificate.value().body << "signature=" << hexOf(certificate.value().signature)
                            << "\ndevice_public_key=" << hexOf(certificate.value().devicePublicKey) << "\n";
        std::printf("demo-seed: disposed of %s and its dependents (approved with the officer's %s); certificate: "
                    "%s\n",
                    target->code.c_str(), officerCard.description().c_str(), path.c_str());
    }

    // 5. Encrypted backup and the audit chain, verified.
    const auto backup = vault.backupTo(admin, (dir / "vault.backup").string());
    if (!backup.ok())
        return fail("backup", backup.error());
    const auto verified = vault.verifyAudit(admin, *demo.keys);
    if (!verified.ok())
        return fail("verify", verified.error());
    std::printf("demo-seed: encrypted backup %s (%llu bytes)\n", (dir / "vault.backup").c_str(),
                static_cast<unsigned long long>(backup.value().bytes));
    std::printf("demo-seed: audit log: %llu entries, %s\n", static_cast<unsigned long long>(vault.auditHeadSequence()),
                describe(verified.value()).c_str());
    if (!verified.value().clean())
        return 1;
    if (!tpmSettings)
        return 0;

    // 6. The TPM's NV counter against the newest signed checkpoint: a rolled-back copy is refused.
    demo.onTpm.store->context().closeSessions(); // the verify unsealed the signing seed again
    const auto counter = demo.onTpm.counter->read();
    if (!counter.ok())
        return fail("counter", counter.error());
    const auto newest = verified.value().newestCounter;
    const std::string recorded = newest ? std::to_string(*newest) : "no value yet";
    std::printf("demo-seed: NV counter %s at %llu; the newest signed audit checkpoint records %s (a copy of the vault "
                "whose checkpoint is behind the counter is refused at start)\n",
                tpm::hex32(tpmSettings->counterIndex).c_str(), static_cast<unsigned long long>(counter.value()),
                recorded.c_str());

    // 7. Last: the maintenance lock (it leaves the demo vault locked).
    return showMaintenanceLock(demo, *tpmSettings, options, clock);
}
