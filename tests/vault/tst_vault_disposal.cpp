// SPDX-License-Identifier: GPL-3.0-or-later
// Retention and disposal through the vault: the due list across a rule boundary, request by a
// clerk, approval by an officer with another card (step-up), irrecoverable deletion (the ciphertext
// is gone from the database and its WAL), and the signed certificate.

#include "services/vault/card_signature.h"
#include "services/vault/vault.h"
#include "tests/support/test_card.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sodium.h>

using namespace mamori;
using namespace mamori::vault;
using mamori::test::TestCard;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

namespace {
year_month_day ymd(int y, unsigned m, unsigned d) { return year_month_day{year(y), month(m), day(d)}; }

bool fileContains(const QString& path, const std::vector<std::uint8_t>& needle)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray data = file.readAll();
    return data.contains(QByteArray(reinterpret_cast<const char*>(needle.data()), qsizetype(needle.size())));
}
} // namespace

class TestVaultDisposal : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup() { m_vault.reset(); }
    void dueListStraddlesRuleBoundary();
    void fullDisposal();
    void approvalNeedsAnotherPersonAndCard();
    void activeEmployeeNeverDue();

private:
    SessionContext clerk() const;
    SessionContext officer() const;
    StepUpProof approvalProof(const SessionContext& session, const TestCard& card, const SubjectId& subject);
    SubjectId leaverWithDocument(const char* code);

    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<MemoryKeySource> m_keys;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Vault> m_vault;
    TestCard m_clerkCard{TestCard::Kind::EcP256, "clerk"};
    TestCard m_officerCard{TestCard::Kind::EcP256, "officer"};
    std::int64_t m_clerkId = 0;
    std::int64_t m_officerId = 0;
    int m_run = 0;
};

void TestVaultDisposal::init()
{
    m_keys = std::make_unique<MemoryKeySource>(MemoryKeySource::generate().value());
    m_clock = std::make_unique<ManualClock>(0);
    m_clock->setDateJst(ymd(2018, 1, 5));
    m_path = m_dir.filePath(QStringLiteral("disposal-%1.db").arg(++m_run));
    VaultOptions options;
    options.path = m_path.toStdString();
    options.create = true;
    options.deviceId = "disposal-device";
    m_vault = Vault::open(options, *m_keys, *m_clock).value();
    QVERIFY(m_vault->addDepartment(nullptr, "sales", "営業部").ok());
    QVERIFY(m_vault->addPurpose(nullptr, "withholding", "源泉徴収票作成事務").ok());
    m_clerkId = m_vault->createUser(nullptr, UserSpec{"事務 一郎", {Role::Clerk}, {"sales"}}).value();
    QVERIFY(m_vault->enrolCard(nullptr, m_clerkId, m_clerkCard.certificateDer()).ok());
    m_officerId = m_vault->createUser(nullptr, UserSpec{"責任 花子", {Role::Officer}, {}}).value();
    QVERIFY(m_vault->enrolCard(nullptr, m_officerId, m_officerCard.certificateDer()).ok());
}

SessionContext TestVaultDisposal::clerk() const
{
    SessionContext s;
    s.userId = m_clerkId;
    s.cardId = m_clerkCard.cardId();
    s.roles = {Role::Clerk};
    s.departments = {"sales"};
    s.purpose = "withholding";
    return s;
}

SessionContext TestVaultDisposal::officer() const
{
    SessionContext s;
    s.userId = m_officerId;
    s.cardId = m_officerCard.cardId();
    s.roles = {Role::Officer};
    return s;
}

StepUpProof TestVaultDisposal::approvalProof(const SessionContext& session, const TestCard& card,
                                             const SubjectId& subject)
{
    const auto nonce = m_vault->issueStepUpNonce(session).value();
    const auto message = stepUpMessage("disposal-device", nonce,
                                       Vault::canonicalOperation(Operation::ApproveDisposal, subject, session.purpose));
    return StepUpProof{nonce, card.sign(message)};
}

// An employee with a number, a dependent, and the 扶養控除等申告書 for 2018 (deadline 2018-01-10),
// who left on 2018-03-31.
SubjectId TestVaultDisposal::leaverWithDocument(const char* code)
{
    NewSubject employee;
    employee.code = code;
    employee.department = "sales";
    employee.name = PersonalText("退職 太郎");
    employee.nameKana = PersonalText("タイショク タロウ");
    const SubjectId id = m_vault->registerSubject(clerk(), employee).value();
    if (!m_vault->notifyPurpose(clerk(), id, "withholding", ymd(2018, 1, 5)).ok() ||
        !m_vault->setNumber(clerk(), id, "123456789018").ok())
        qFatal("set-up failed");
    NewSubject child;
    child.kind = SubjectKind::Dependent;
    child.parent = id;
    child.name = PersonalText("退職 花");
    if (!m_vault->registerSubject(clerk(), child).ok())
        qFatal("dependent");
    DocumentRecord document;
    document.ruleCode = "fuyo_kojo_shinkokusho";
    document.taxYear = 2018;
    document.deadline = ymd(2018, 1, 10);
    document.filed = ymd(2018, 1, 10);
    const auto recorded = m_vault->recordDocument(clerk(), id, document);
    if (!recorded.ok())
        qFatal("document: %s", recorded.error().describe().c_str());
    m_clock->setDateJst(ymd(2018, 4, 1));
    SubjectEdit left;
    left.status = SubjectStatus::Left;
    left.statusDate = ymd(2018, 3, 31);
    if (!m_vault->editSubject(clerk(), id, left).ok())
        qFatal("left");
    return id;
}

void TestVaultDisposal::dueListStraddlesRuleBoundary()
{
    const SubjectId id = leaverWithDocument("E1");
    m_clock->setDateJst(ymd(2026, 1, 10));
    auto items = m_vault->dueList(clerk()).value();
    QCOMPARE(items.size(), std::size_t(2)); // the employee and the dependent
    QCOMPARE(items[0].code, std::string("E1"));
    QVERIFY(!items[0].due);
    QVERIFY(items[0].dueFrom == ymd(2026, 1, 11));
    QCOMPARE(items[0].blockedBy, std::string(disposalBlockName(DisposalBlock::DocumentRetained)));
    QCOMPARE(m_vault->requestDisposal(clerk(), id).code(), ErrorCode::InvalidArgument);

    m_clock->setDateJst(ymd(2026, 1, 11));
    items = m_vault->dueList(clerk()).value();
    QVERIFY(items[0].due);
    QVERIFY(items[1].due); // the dependent, whose employee has left
    QVERIFY(m_vault->requestDisposal(clerk(), id).ok());
    QCOMPARE(m_vault->requestDisposal(clerk(), id).code(), ErrorCode::AlreadyExists);
}

void TestVaultDisposal::fullDisposal()
{
    const SubjectId id = leaverWithDocument("E1");
    // The number's ciphertext as stored: it must be in the file now and gone afterwards.
    std::vector<std::uint8_t> ciphertext;
    {
        auto select = m_vault->database().prepare("SELECT ciphertext FROM numbers").value();
        QVERIFY(select.step().value());
        const auto blob = select.columnBlob(0);
        ciphertext.assign(blob.begin(), blob.end());
    }
    QVERIFY(m_vault->database().exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    QVERIFY(fileContains(m_path, ciphertext));
    m_clock->setDateJst(ymd(2026, 1, 11));
    const std::int64_t request = m_vault->requestDisposal(clerk(), id).value();
    QCOMPARE(m_vault->executeDisposal(clerk(), request).code(), ErrorCode::InvalidArgument); // not approved
    QVERIFY(m_vault->approveDisposal(officer(), request, approvalProof(officer(), m_officerCard, id)).ok());
    const auto certificate = m_vault->executeDisposal(clerk(), request);
    QVERIFY2(certificate.ok(), certificate.ok() ? "" : certificate.error().describe().c_str());
    const std::uint64_t executionEntry = m_vault->auditHeadSequence();

    // Gone: subject, dependent, number, index; nothing found by number; not in the file or WAL.
    QCOMPARE(m_vault->viewSubject(clerk(), id).code(), ErrorCode::NotFound);
    QVERIFY(!m_vault->findByNumber(clerk(), "123456789018").value().has_value());
    QCOMPARE(m_vault->listSubjects(clerk(), ListQuery{}).value().total, std::int64_t(0));
    QVERIFY(!fileContains(m_path, ciphertext));
    QVERIFY(!fileContains(m_path + "-wal", ciphertext));

    // The certificate: signed by the device, names the request, codes and rules, never a number.
    const DisposalCertificate& c = certificate.value();
    QCOMPARE(crypto_sign_verify_detached(c.signature.data(), reinterpret_cast<const unsigned char*>(c.body.data()),
                                         c.body.size(), c.devicePublicKey.data()),
             0);
    QVERIFY(c.body.find("subjects=E1,E1-1\n") != std::string::npos);
    QVERIFY(c.body.find("documents=fuyo_kojo_shinkokusho/2018\n") != std::string::npos);
    QVERIFY(c.body.find("123456789018") == std::string::npos);
    QVERIFY(c.body.find("audit_sequence=" + std::to_string(executionEntry) + "\n") != std::string::npos);
    // Executed once only.
    QCOMPARE(m_vault->executeDisposal(clerk(), request).code(), ErrorCode::NotFound);
}

void TestVaultDisposal::approvalNeedsAnotherPersonAndCard()
{
    const SubjectId id = leaverWithDocument("E1");
    m_clock->setDateJst(ymd(2026, 2, 1));
    // A requester who is also an officer cannot approve their own request.
    const TestCard both(TestCard::Kind::Rsa2048, "both");
    const auto userId =
        m_vault->createUser(nullptr, UserSpec{"兼務 三郎", {Role::Clerk, Role::Officer}, {"sales"}}).value();
    QVERIFY(m_vault->enrolCard(nullptr, userId, both.certificateDer()).ok());
    SessionContext self = clerk();
    self.userId = userId;
    self.cardId = both.cardId();
    self.roles = {Role::Clerk, Role::Officer};
    const std::int64_t request = m_vault->requestDisposal(self, id).value();
    QCOMPARE(m_vault->approveDisposal(self, request, approvalProof(self, both, id)).code(),
             ErrorCode::PermissionDenied);
    // A clerk may not approve at all.
    QCOMPARE(m_vault->approveDisposal(clerk(), request, approvalProof(clerk(), m_clerkCard, id)).code(),
             ErrorCode::PermissionDenied);
    // The officer's session with a signature by another card: refused.
    QCOMPARE(m_vault->approveDisposal(officer(), request, approvalProof(officer(), both, id)).code(),
             ErrorCode::PermissionDenied);
    QVERIFY(m_vault->approveDisposal(officer(), request, approvalProof(officer(), m_officerCard, id)).ok());
}

void TestVaultDisposal::activeEmployeeNeverDue()
{
    NewSubject employee;
    employee.code = "A1";
    employee.department = "sales";
    employee.name = PersonalText("在籍 一子");
    const SubjectId id = m_vault->registerSubject(clerk(), employee).value();
    m_clock->setDateJst(ymd(2090, 1, 1));
    QVERIFY(m_vault->dueList(clerk()).value().empty());
    QCOMPARE(m_vault->requestDisposal(clerk(), id).code(), ErrorCode::InvalidArgument);
}

QTEST_GUILESS_MAIN(TestVaultDisposal)
#include "tst_vault_disposal.moc"
