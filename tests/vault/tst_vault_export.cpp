// SPDX-License-Identifier: GPL-3.0-or-later
// Export and provision through the vault: destinations and purposes, the step-up over the exact
// subject list, payloads with numbers only where both destination and purpose allow them, the
// officer's approval of a bulk export (second signature in the entry), and the audit log query.

#include "services/common/number_validation.h"
#include "services/vault/audit_entry.h"
#include "services/vault/card_signature.h"
#include "services/vault/vault.h"
#include "tests/support/test_card.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace mamori;
using namespace mamori::vault;
using mamori::test::TestCard;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

namespace {
year_month_day ymd(int y, unsigned m, unsigned d) { return year_month_day{year(y), month(m), day(d)}; }

std::string text(const SecretBuffer& bytes)
{
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// A distinct synthetic individual number per index, with its valid check digit (never printed).
std::string syntheticNumber(int index)
{
    char body[12];
    std::snprintf(body, sizeof body, "%011lld", 12345678900LL + index);
    std::string number(body, 11);
    number += static_cast<char>('0' + individualCheckDigit(std::span<const char, 11>(number.data(), 11)));
    return number;
}

std::size_t lines(const std::string& csv)
{
    std::size_t count = 0;
    for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2))
        ++count;
    return count;
}
} // namespace

class TestVaultExport : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup() { m_vault.reset(); }
    void destinationsServePurposes();
    void exportWithStepUp();
    void providePayloadWithoutNumbersWhereNotAllowed();
    void stepUpCoversTheExactList();
    void refusedOutsideScopeOrPurpose();
    void bulkExportNeedsOfficerApproval();
    void approvalNeedsAnotherPersonAndTheSameSpec();
    void deliveryFailureIsRecorded();
    void auditQueryFiltersAndPages();
    void auditQueryRefusedToClerk();

private:
    SessionContext clerk(const char* purpose = "withholding") const;
    SessionContext officer() const;
    SessionContext admin() const;
    StepUpProof proveExport(const SessionContext& session, const TestCard& card, const ExportSpec& spec);
    StepUpProof proveApproval(const SessionContext& session, const TestCard& card, std::int64_t request);
    SubjectId employee(const std::string& code, const char* department = "sales", bool withNumber = true);

    QTemporaryDir m_dir;
    std::unique_ptr<MemoryKeySource> m_keys;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Vault> m_vault;
    TestCard m_clerkCard{TestCard::Kind::EcP256, "clerk"};
    TestCard m_officerCard{TestCard::Kind::Rsa2048, "officer"};
    TestCard m_adminCard{TestCard::Kind::EcP256, "admin"};
    std::int64_t m_clerkId = 0;
    std::int64_t m_officerId = 0;
    std::int64_t m_adminId = 0;
    int m_run = 0;
    int m_nextNumber = 0;
};

void TestVaultExport::init()
{
    m_keys = std::make_unique<MemoryKeySource>(MemoryKeySource::generate().value());
    m_clock = std::make_unique<ManualClock>(0);
    m_clock->setDateJst(ymd(2026, 4, 1));
    VaultOptions options;
    options.path = m_dir.filePath(QStringLiteral("export-%1.db").arg(++m_run)).toStdString();
    options.create = true;
    options.deviceId = "export-device";
    options.bulkExportThreshold = 3;
    m_vault = Vault::open(options, *m_keys, *m_clock).value();
    QVERIFY(m_vault->addDepartment(nullptr, "sales", "営業部").ok());
    QVERIFY(m_vault->addDepartment(nullptr, "dev", "開発部").ok());
    QVERIFY(m_vault->addPurpose(nullptr, "withholding", "源泉徴収票作成事務").ok());
    QVERIFY(m_vault->addPurpose(nullptr, "social_insurance", "健康保険・厚生年金保険届出事務").ok());
    QVERIFY(m_vault->addPurpose(nullptr, "welfare", "福利厚生", false).ok());
    QVERIFY(m_vault
                ->setDestination(
                    nullptr, Destination{"usb", "USBメモリ", DestinationKind::Medium, {"withholding", "welfare"}, true})
                .ok());
    QVERIFY(m_vault
                ->setDestination(
                    nullptr, Destination{"payroll", "給与計算委託先", DestinationKind::Endpoint, {"withholding"}, true})
                .ok());
    QVERIFY(
        m_vault
            ->setDestination(
                nullptr,
                Destination{"benefits", "福利厚生代行", DestinationKind::Endpoint, {"withholding", "welfare"}, false})
            .ok());
    m_clerkId = m_vault->createUser(nullptr, UserSpec{"事務 一郎", {Role::Clerk}, {"sales"}}).value();
    QVERIFY(m_vault->enrolCard(nullptr, m_clerkId, m_clerkCard.certificateDer()).ok());
    m_officerId = m_vault->createUser(nullptr, UserSpec{"責任 花子", {Role::Officer}, {}}).value();
    QVERIFY(m_vault->enrolCard(nullptr, m_officerId, m_officerCard.certificateDer()).ok());
    m_adminId = m_vault->createUser(nullptr, UserSpec{"管理 次郎", {Role::Admin}, {}}).value();
    QVERIFY(m_vault->enrolCard(nullptr, m_adminId, m_adminCard.certificateDer()).ok());
    m_nextNumber = 0;
}

SessionContext TestVaultExport::clerk(const char* purpose) const
{
    SessionContext s;
    s.userId = m_clerkId;
    s.cardId = m_clerkCard.cardId();
    s.roles = {Role::Clerk};
    s.departments = {"sales"};
    s.purpose = purpose;
    return s;
}

SessionContext TestVaultExport::officer() const
{
    SessionContext s;
    s.userId = m_officerId;
    s.cardId = m_officerCard.cardId();
    s.roles = {Role::Officer};
    return s;
}

SessionContext TestVaultExport::admin() const
{
    SessionContext s;
    s.userId = m_adminId;
    s.cardId = m_adminCard.cardId();
    s.roles = {Role::Admin};
    return s;
}

StepUpProof TestVaultExport::proveExport(const SessionContext& session, const TestCard& card, const ExportSpec& spec)
{
    const auto nonce = m_vault->issueStepUpNonce(session).value();
    Vault::StepUpTarget target;
    target.operation = spec.operation;
    target.spec = spec;
    const auto canonical = m_vault->describeStepUp(session, target);
    if (!canonical.ok())
        qFatal("describeStepUp: %s", canonical.error().describe().c_str());
    return StepUpProof{nonce, card.sign(stepUpMessage("export-device", nonce, canonical.value()))};
}

StepUpProof TestVaultExport::proveApproval(const SessionContext& session, const TestCard& card, std::int64_t request)
{
    const auto nonce = m_vault->issueStepUpNonce(session).value();
    Vault::StepUpTarget target;
    target.operation = Operation::ApproveExport;
    target.requestId = request;
    const auto canonical = m_vault->describeStepUp(session, target);
    if (!canonical.ok())
        qFatal("describeStepUp: %s", canonical.error().describe().c_str());
    return StepUpProof{nonce, card.sign(stepUpMessage("export-device", nonce, canonical.value()))};
}

SubjectId TestVaultExport::employee(const std::string& code, const char* department, bool withNumber)
{
    NewSubject subject;
    subject.code = code;
    subject.department = department;
    subject.name = PersonalText("山田, \"太郎\"");
    subject.nameKana = PersonalText("ヤマダ タロウ");
    subject.birthDate = PersonalText("1980-04-01");
    SessionContext session = clerk();
    session.departments = {department};
    const SubjectId id = m_vault->registerSubject(session, subject).value();
    if (!m_vault->notifyPurpose(session, id, "withholding", ymd(2026, 4, 1)).ok() ||
        !m_vault->notifyPurpose(session, id, "welfare", ymd(2026, 4, 1)).ok())
        qFatal("notify");
    if (withNumber && !m_vault->setNumber(session, id, syntheticNumber(m_nextNumber++)).ok())
        qFatal("number");
    return id;
}

void TestVaultExport::destinationsServePurposes()
{
    const auto forWithholding = m_vault->destinations(clerk()).value();
    QCOMPARE(forWithholding.size(), std::size_t(3));
    const auto forSocial = m_vault->destinations(clerk("social_insurance")).value();
    QCOMPARE(forSocial.size(), std::size_t(0));
    QCOMPARE(m_vault->destinations(admin()).code(), ErrorCode::PermissionDenied);
    // A destination must name known purposes, a code and a name.
    QCOMPARE(m_vault->setDestination(nullptr, Destination{"x", "X", DestinationKind::Endpoint, {"nope"}, false}).code(),
             ErrorCode::InvalidArgument);
    QCOMPARE(
        m_vault
            ->setDestination(nullptr, Destination{"bad code", "X", DestinationKind::Endpoint, {"withholding"}, false})
            .code(),
        ErrorCode::InvalidArgument);
    const SessionContext notConfigurer = clerk();
    QCOMPARE(
        m_vault
            ->setDestination(&notConfigurer, Destination{"y", "Y", DestinationKind::Endpoint, {"withholding"}, false})
            .code(),
        ErrorCode::PermissionDenied);
}

void TestVaultExport::exportWithStepUp()
{
    const ExportSpec spec{Operation::Export, {employee("E1"), employee("E2")}, "usb"};
    // Without a valid step-up nothing is produced.
    QCOMPARE(m_vault->exportSubjects(clerk(), spec, StepUpProof{}).code(), ErrorCode::StepUpRequired);
    const std::uint64_t before = m_vault->auditHeadSequence();
    auto payload = m_vault->exportSubjects(clerk(), spec, proveExport(clerk(), m_clerkCard, spec));
    QVERIFY2(payload.ok(), payload.ok() ? "" : payload.error().describe().c_str());
    QVERIFY(payload.value().containsNumbers);
    QCOMPARE(payload.value().subjects, std::size_t(2));
    QCOMPARE(payload.value().auditSequence, before + 1);
    QVERIFY(payload.value().fileName.starts_with("mamori-export-export-device-"));
    const std::string csv = text(payload.value().bytes);
    QCOMPARE(lines(csv), std::size_t(3));
    QVERIFY(csv.starts_with("employee_code,kind,parent_code,name,name_kana,birth_date,individual_number\r\n"));
    QVERIFY(csv.find("E1,employee,,\"山田, \"\"太郎\"\"\",ヤマダ タロウ,1980-04-01,") != std::string::npos);
    QVERIFY(csv.find(syntheticNumber(0)) != std::string::npos); // compared, never printed
    QVERIFY(csv.find(syntheticNumber(1)) != std::string::npos);

    // The entry: action export, the clerk's signature, no number, no subject (two of them).
    const auto page = m_vault->queryAudit(admin(), AuditQuery{0, "export", "", 0, 0, 0, 10}).value();
    QCOMPARE(page.rows.size(), std::size_t(2)); // the refused attempt and the export
    QCOMPARE(page.rows[0].result, std::string("ok"));
    QVERIFY(page.rows[0].signedByCard);
    QVERIFY(!page.rows[0].secondSigner);
    QVERIFY(page.rows[0].detail.find("2 subjects to usb with numbers") != std::string::npos);
    QVERIFY(page.rows[1].result.starts_with("failed:"));
}

void TestVaultExport::providePayloadWithoutNumbersWhereNotAllowed()
{
    const SubjectId one = employee("E1");
    // A destination that may not receive numbers gets the personal data only.
    ExportSpec spec{Operation::Provide, {one}, "benefits"};
    auto payload = m_vault->exportSubjects(clerk(), spec, proveExport(clerk(), m_clerkCard, spec));
    QVERIFY(payload.ok());
    QVERIFY(!payload.value().containsNumbers);
    QVERIFY(payload.value().kind == DestinationKind::Endpoint);
    QVERIFY(text(payload.value().bytes).find(syntheticNumber(0)) == std::string::npos);
    QVERIFY(text(payload.value().bytes).find("individual_number") == std::string::npos);
    // A purpose whose numbers are not allowed: no numbers even to a destination that allows them.
    spec = ExportSpec{Operation::Export, {one}, "usb"};
    payload = m_vault->exportSubjects(clerk("welfare"), spec, proveExport(clerk("welfare"), m_clerkCard, spec));
    QVERIFY(payload.ok());
    QVERIFY(!payload.value().containsNumbers);
    // Provide to a medium, export to an endpoint: refused.
    spec = ExportSpec{Operation::Provide, {one}, "usb"};
    QCOMPARE(m_vault->exportSubjects(clerk(), spec, proveExport(clerk(), m_clerkCard, spec)).code(),
             ErrorCode::InvalidArgument);
}

void TestVaultExport::stepUpCoversTheExactList()
{
    const SubjectId a = employee("E1");
    const SubjectId b = employee("E2");
    const ExportSpec signedSpec{Operation::Export, {a}, "usb"};
    const StepUpProof proof = proveExport(clerk(), m_clerkCard, signedSpec);
    // The same nonce and signature for a longer list, another order or another destination fail.
    QCOMPARE(m_vault->exportSubjects(clerk(), ExportSpec{Operation::Export, {a, b}, "usb"}, proof).code(),
             ErrorCode::PermissionDenied);
    const StepUpProof second = proveExport(clerk(), m_clerkCard, ExportSpec{Operation::Export, {a, b}, "usb"});
    QCOMPARE(m_vault->exportSubjects(clerk(), ExportSpec{Operation::Export, {b, a}, "usb"}, second).code(),
             ErrorCode::PermissionDenied);
    // Duplicates and empty lists never reach the log.
    QCOMPARE(m_vault->exportSubjects(clerk(), ExportSpec{Operation::Export, {a, a}, "usb"}, proof).code(),
             ErrorCode::InvalidArgument);
    QCOMPARE(m_vault->exportSubjects(clerk(), ExportSpec{Operation::Export, {}, "usb"}, proof).code(),
             ErrorCode::InvalidArgument);
}

void TestVaultExport::refusedOutsideScopeOrPurpose()
{
    const SubjectId inScope = employee("E1");
    const SubjectId other = employee("D1", "dev");
    ExportSpec spec{Operation::Export, {inScope, other}, "usb"};
    QCOMPARE(m_vault->exportSubjects(clerk(), spec, proveExport(clerk(), m_clerkCard, spec)).code(),
             ErrorCode::PermissionDenied);
    // A purpose not notified to the subject.
    spec = ExportSpec{Operation::Export, {inScope}, "usb"};
    const auto social = clerk("social_insurance");
    QCOMPARE(m_vault->exportSubjects(social, spec, StepUpProof{}).code(), ErrorCode::PermissionDenied);
    // The destination does not serve the purpose.
    spec = ExportSpec{Operation::Provide, {inScope}, "payroll"};
    QCOMPARE(m_vault->exportSubjects(clerk("welfare"), spec, proveExport(clerk("welfare"), m_clerkCard, spec)).code(),
             ErrorCode::PermissionDenied);
    // Officers and administrators never export.
    QCOMPARE(m_vault->exportSubjects(admin(), spec, StepUpProof{}).code(), ErrorCode::PermissionDenied);
    const auto refusals = m_vault->queryAudit(admin(), AuditQuery{0, "export", "", 0, 0, 0, 10}).value();
    QVERIFY(!refusals.rows.empty());
    for (const AuditRow& row : refusals.rows)
        QVERIFY(row.result != "ok");
}

void TestVaultExport::bulkExportNeedsOfficerApproval()
{
    ExportSpec spec{Operation::Provide, {}, "payroll"};
    for (int i = 0; i < 4; ++i)
        spec.subjects.push_back(employee("E" + std::to_string(i)));
    // Above the threshold (3): refused without an approved request.
    QCOMPARE(m_vault->exportSubjects(clerk(), spec, proveExport(clerk(), m_clerkCard, spec)).code(),
             ErrorCode::PermissionDenied);
    const auto requested = m_vault->requestExport(clerk(), spec);
    QVERIFY2(requested.ok(), requested.ok() ? "" : requested.error().describe().c_str());
    const std::int64_t request = requested.value();
    QCOMPARE(m_vault->exportRequests(officer()).value().size(), std::size_t(1));
    QCOMPARE(m_vault->exportRequests(clerk()).value().front().status, std::string("pending"));
    // Not yet approved.
    QCOMPARE(m_vault->exportSubjects(clerk(), spec, proveExport(clerk(), m_clerkCard, spec), request).code(),
             ErrorCode::PermissionDenied);
    QVERIFY(m_vault->approveExport(officer(), request, proveApproval(officer(), m_officerCard, request)).ok());
    // Approved for exactly that list: another list is refused even with the request.
    ExportSpec shorter = spec;
    shorter.subjects.pop_back();
    shorter.subjects.push_back(employee("E9"));
    QCOMPARE(m_vault->exportSubjects(clerk(), shorter, proveExport(clerk(), m_clerkCard, shorter), request).code(),
             ErrorCode::PermissionDenied);
    auto payload = m_vault->exportSubjects(clerk(), spec, proveExport(clerk(), m_clerkCard, spec), request);
    QVERIFY2(payload.ok(), payload.ok() ? "" : payload.error().describe().c_str());
    QCOMPARE(lines(text(payload.value().bytes)), std::size_t(5));
    // Spent: the same request cannot be used twice.
    QCOMPARE(m_vault->exportSubjects(clerk(), spec, proveExport(clerk(), m_clerkCard, spec), request).code(),
             ErrorCode::PermissionDenied);
    QVERIFY(m_vault->exportRequests(officer()).value().empty());

    // The provision's entry carries both signatures; the approval's the officer's.
    const auto provided = m_vault->queryAudit(officer(), AuditQuery{0, "provide", "", 0, 0, 0, 10}).value();
    bool found = false;
    for (const AuditRow& row : provided.rows)
        if (row.result == "ok") {
            found = true;
            QVERIFY(row.signedByCard);
            QVERIFY(row.secondSigner);
        }
    QVERIFY(found);
    const auto approvals =
        m_vault->queryAudit(officer(), AuditQuery{m_officerId, "export_approve", "", 0, 0, 0, 10}).value();
    QCOMPARE(approvals.rows.size(), std::size_t(1));
    QCOMPARE(approvals.rows[0].actorName, std::string("責任 花子"));
    QVERIFY(approvals.rows[0].signedByCard);
    // Both records verify from the log alone: the clerk's over the provision, the officer's (second
    // signer) over the approval of exactly that list.
    {
        auto select = m_vault->database()
                          .prepare("SELECT encoded FROM audit_entries WHERE action = 'provide' ORDER BY seq DESC")
                          .value();
        AuditEntry entry;
        while (select.step().value() && entry.result != "ok") // the newest successful provision
            entry = decodeEntry(select.columnBlob(0)).value();
        QCOMPARE(entry.result, std::string("ok"));
        const auto clerkRecord = decodeSignatureRecord(entry.cardSignature).value();
        const auto officerRecord = decodeSignatureRecord(entry.secondSignature).value();
        QVERIFY(clerkRecord.digest == operationDigest(Vault::canonicalExport(Operation::Provide, spec, "withholding")));
        QVERIFY(officerRecord.digest ==
                operationDigest(Vault::canonicalExport(Operation::ApproveExport, spec, "withholding")));
        QVERIFY(verifySignatureRecord(parseCardCertificate(m_clerkCard.certificateDer()).value(), "export-device",
                                      clerkRecord)
                    .ok());
        QVERIFY(verifySignatureRecord(parseCardCertificate(m_officerCard.certificateDer()).value(), "export-device",
                                      officerRecord)
                    .ok());
    }
    // The chain, with its new kinds of entries, still verifies.
    QVERIFY(m_vault->verifyAudit(admin(), *m_keys).value().kind == DamageKind::None);
}

void TestVaultExport::approvalNeedsAnotherPersonAndTheSameSpec()
{
    ExportSpec spec{Operation::Export, {}, "usb"};
    for (int i = 0; i < 4; ++i)
        spec.subjects.push_back(employee("E" + std::to_string(i)));
    // Small exports need no request.
    QCOMPARE(m_vault->requestExport(clerk(), ExportSpec{Operation::Export, {spec.subjects[0]}, "usb"}).code(),
             ErrorCode::InvalidArgument);
    const std::int64_t request = m_vault->requestExport(clerk(), spec).value();
    // A clerk cannot approve (not an officer), not even with a valid signature of their card.
    QCOMPARE(m_vault->approveExport(clerk(), request, StepUpProof{}).code(), ErrorCode::PermissionDenied);
    // An officer who is also the requester is refused: make the clerk an officer too.
    SessionContext both = clerk();
    both.roles.insert(Role::Officer);
    QCOMPARE(m_vault->approveExport(both, request, proveApproval(both, m_clerkCard, request)).code(),
             ErrorCode::PermissionDenied);
    // A signature over another request's text is refused.
    const StepUpProof wrong = proveExport(clerk(), m_clerkCard, spec);
    QCOMPARE(m_vault->approveExport(officer(), request, wrong).code(), ErrorCode::StepUpRequired);
    QVERIFY(m_vault->approveExport(officer(), request, proveApproval(officer(), m_officerCard, request)).ok());
    // Approved once only.
    QCOMPARE(m_vault->approveExport(officer(), request, proveApproval(officer(), m_officerCard, request)).code(),
             ErrorCode::InvalidArgument);
}

void TestVaultExport::deliveryFailureIsRecorded()
{
    const ExportSpec spec{Operation::Export, {employee("E1")}, "usb"};
    auto payload = m_vault->exportSubjects(clerk(), spec, proveExport(clerk(), m_clerkCard, spec)).value();
    QVERIFY(m_vault->recordDeliveryFailure(clerk(), payload, ErrorCode::StorageFull).ok());
    const auto page = m_vault->queryAudit(admin(), AuditQuery{0, "export", "", 0, 0, 0, 10}).value();
    QCOMPARE(page.rows.size(), std::size_t(2));
    QVERIFY(page.rows[0].result.starts_with("failed:"));
    QVERIFY(page.rows[0].detail.find("delivery of entry") != std::string::npos);
}

void TestVaultExport::auditQueryFiltersAndPages()
{
    for (int i = 0; i < 7; ++i)
        employee("E" + std::to_string(i));
    const std::uint64_t head = m_vault->auditHeadSequence();
    // Pages of 5, newest first, continuing below the last sequence; the queries themselves are audited.
    AuditQuery query;
    query.limit = 5;
    const auto first = m_vault->queryAudit(admin(), query).value();
    QCOMPARE(first.rows.size(), std::size_t(5));
    QVERIFY(first.more);
    QCOMPARE(first.rows[0].sequence, head);
    QCOMPARE(first.headSequence, head);
    query.beforeSequence = first.rows.back().sequence;
    const auto second = m_vault->queryAudit(admin(), query).value();
    QCOMPARE(second.rows[0].sequence, first.rows.back().sequence - 1);
    // By employee code: register + two notifications + number.
    const auto byCode = m_vault->queryAudit(admin(), AuditQuery{0, "", "E3", 0, 0, 0, 100}).value();
    QCOMPARE(byCode.rows.size(), std::size_t(4));
    for (const AuditRow& row : byCode.rows) {
        QCOMPARE(row.subjectCode, std::string("E3"));
        QCOMPARE(row.actorName, std::string("事務 一郎"));
        QCOMPARE(row.role, std::string("clerk"));
    }
    // By user and action; by period.
    const auto byClerk = m_vault->queryAudit(admin(), AuditQuery{m_clerkId, "register", "", 0, 0, 0, 100}).value();
    QCOMPARE(byClerk.rows.size(), std::size_t(14)); // 7 subjects + 7 numbers
    const auto none = m_vault->queryAudit(admin(), AuditQuery{m_adminId, "register", "", 0, 0, 0, 100}).value();
    QVERIFY(none.rows.empty());
    const std::int64_t now = m_clock->nowMs();
    QVERIFY(m_vault->queryAudit(admin(), AuditQuery{0, "", "", now + 1, 0, 0, 100}).value().rows.empty());
    // The checkpoint is reported (the vault writes one at creation).
    QVERIFY(second.checkpointSequence <= head);
    // Bad queries.
    QCOMPARE(m_vault->queryAudit(admin(), AuditQuery{0, "no_such_action", "", 0, 0, 0, 10}).code(),
             ErrorCode::InvalidArgument);
    QCOMPARE(m_vault->queryAudit(admin(), AuditQuery{0, "", "", 0, 0, 0, 501}).code(), ErrorCode::InvalidArgument);
    // No entry holds a number.
    const auto all = m_vault->queryAudit(admin(), AuditQuery{0, "", "", 0, 0, 0, 500}).value();
    for (const AuditRow& row : all.rows)
        QVERIFY(!containsNumber(row.detail) && !containsNumber(row.subjectCode));
}

void TestVaultExport::auditQueryRefusedToClerk()
{
    QCOMPARE(m_vault->queryAudit(clerk(), AuditQuery{}).code(), ErrorCode::PermissionDenied);
    const auto refusals = m_vault->queryAudit(officer(), AuditQuery{m_clerkId, "view", "", 0, 0, 0, 10}).value();
    QCOMPARE(refusals.rows.size(), std::size_t(1));
    QVERIFY(refusals.rows[0].result.starts_with("refused:"));
}

QTEST_GUILESS_MAIN(TestVaultExport)
#include "tst_vault_export.moc"
