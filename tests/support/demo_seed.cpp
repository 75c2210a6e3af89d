// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-demo-seed: builds the demo's vault on its embedded defaults and shows the vault working —
// a synthetic company imported from a payroll CSV, a number revealed with a (software) card
// step-up, a disposal requested, approved by the officer's card and executed with its signed
// certificate, an encrypted backup, and the audit chain verified. Numbers are synthetic (valid
// check digits) and never printed; the card keys are in-memory stand-ins until the PKCS#11 demo
// tokens arrive with the card-login issue.
//
// Usage: mamori-demo-seed <output directory>    (the vault is <dir>/vault.db; rebuilt each run)

#include "services/vault/card_signature.h"
#include "services/vault/vault.h"
#include "tests/support/test_card.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

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
    if (argc != 2) {
        std::fprintf(stderr, "usage: mamori-demo-seed <output directory>\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    for (const char* name : {"vault.db", "vault.db-wal", "vault.db-shm", "vault.backup"})
        std::filesystem::remove(dir / name);

    auto keys = MemoryKeySource::generate().value();
    SystemClock clock;
    VaultOptions options;
    options.path = (dir / "vault.db").string();
    options.create = true;
    options.deviceId = "mamori-demo";
    auto opened = Vault::open(options, keys, clock);
    if (!opened.ok())
        return fail("open", opened.error());
    Vault& vault = *opened.value();

    // Device set-up, as mamori-provision does it: departments, purposes, users and their cards.
    for (auto [code, name] : {std::pair{"soumu", "総務部"}, {"keiri", "経理部"}, {"eigyo", "営業部"}})
        if (auto s = vault.addDepartment(nullptr, code, name); !s.ok())
            return fail("department", s.error());
    for (auto [code, name] : {std::pair{"withholding", "源泉徴収票作成事務"},
                              {"social_insurance", "健康保険・厚生年金保険届出事務"},
                              {"employment_insurance", "雇用保険届出事務"}})
        if (auto s = vault.addPurpose(nullptr, code, name); !s.ok())
            return fail("purpose", s.error());
    const TestCard clerkCard(TestCard::Kind::EcP256, "demo clerk");
    const TestCard officerCard(TestCard::Kind::Rsa2048, "demo officer");
    const TestCard adminCard(TestCard::Kind::EcP256, "demo admin");
    const auto clerkId = vault.createUser(nullptr, UserSpec{"事務 担当", {Role::Clerk}, {"soumu", "keiri", "eigyo"}});
    const auto officerId = vault.createUser(nullptr, UserSpec{"取扱 責任者", {Role::Officer}, {}});
    const auto adminId = vault.createUser(nullptr, UserSpec{"システム 管理者", {Role::Admin}, {}});
    if (!clerkId.ok() || !officerId.ok() || !adminId.ok())
        return fail("users", clerkId.ok() ? officerId.ok() ? adminId.error() : officerId.error() : clerkId.error());
    for (auto [id, card] :
         {std::pair{clerkId.value(), &clerkCard}, {officerId.value(), &officerCard}, {adminId.value(), &adminCard}})
        if (auto s = vault.enrolCard(nullptr, id, card->certificateDer()); !s.ok())
            return fail("enrol", s.error());

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
    const auto revealed = vault.revealNumber(clerk, first, StepUpProof{nonce, clerkCard.sign(message)});
    if (!revealed.ok())
        return fail("reveal", revealed.error());
    std::printf("demo-seed: revealed the number of %s after a card step-up (shown masked here: %s)\n",
                page.value().items.front().code.c_str(), std::string(kMaskedIndividualNumber).c_str());

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
        if (auto s =
                vault.approveDisposal(officer, request.value(), StepUpProof{approvalNonce, officerCard.sign(approval)});
            !s.ok())
            return fail("approve", s.error());
        const auto certificate = vault.executeDisposal(clerk, request.value());
        if (!certificate.ok())
            return fail("execute", certificate.error());
        const auto path = dir / ("disposal-certificate-" + std::to_string(request.value()) + ".txt");
        std::ofstream(path) << certificate.value().body << "signature=" << hexOf(certificate.value().signature)
                            << "\ndevice_public_key=" << hexOf(certificate.value().devicePublicKey) << "\n";
        std::printf("demo-seed: disposed of %s and its dependents; certificate: %s\n", target->code.c_str(),
                    path.c_str());
    }

    // 5. Encrypted backup and the audit chain, verified.
    const auto backup = vault.backupTo(admin, (dir / "vault.backup").string());
    if (!backup.ok())
        return fail("backup", backup.error());
    const auto verified = vault.verifyAudit(admin, keys);
    if (!verified.ok())
        return fail("verify", verified.error());
    std::printf("demo-seed: encrypted backup %s (%llu bytes)\n", (dir / "vault.backup").c_str(),
                static_cast<unsigned long long>(backup.value().bytes));
    std::printf("demo-seed: audit log: %llu entries, %s\n", static_cast<unsigned long long>(vault.auditHeadSequence()),
                describe(verified.value()).c_str());
    return verified.value().clean() ? 0 : 1;
}
