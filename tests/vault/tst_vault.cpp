// SPDX-License-Identifier: GPL-3.0-or-later
// The vault facade end to end on a real SQLite file: registration, numbers, lookup, listing,
// reveal with step-up, policy refusals, one audit entry per operation, and fail-closed auditing.
// Numbers are synthetic and never printed: comparisons are on booleans and error codes.

#include "services/vault/vault.h"
#include "tests/support/test_card.h"

#include "services/vault/card_signature.h"

#include <QTemporaryDir>
#include <QTest>

using namespace mamori;
using namespace mamori::vault;
using mamori::test::TestCard;

namespace {

constexpr std::int64_t kStartMs = 1'767'225'600'000; // 2026-01-01T00:00:00Z

PersonalText text(const char* utf8) { return PersonalText(utf8); }

ListQuery byCode(const char* prefix)
{
    ListQuery query;
    query.codePrefix = prefix;
    return query;
}

std::int64_t auditCount(Vault& vault)
{
    auto count = vault.database().prepare("SELECT count(*) FROM audit_entries").value();
    (void)count.step();
    return count.columnInt(0);
}

// The last audit entry's action and result columns, as stored.
std::pair<std::string, std::string> lastAudit(Vault& vault)
{
    auto select =
        vault.database().prepare("SELECT action, encoded FROM audit_entries ORDER BY seq DESC LIMIT 1").value();
    if (!select.step().value())
        return {};
    return {std::string(select.columnText(0)), {}};
}

} // namespace

class TestVault : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void openRefusesWrongKeyAndMissingFile();
    void registerAndList();
    void clerkSeesOnlyOwnDepartments();
    void adminNeverSeesSubjects();
    void numberRegistrationAndLookup();
    void duplicateNumberRefusedAndAlerted();
    void numberNeedsNotifiedPurpose();
    void revealNeedsFreshStepUp();
    void revealWithEachCardKind_data();
    void revealWithEachCardKind();
    void viewDecryptsAndMasks();
    void kanaAndCodeSearch();
    void badInputRefusedWithoutChange_data();
    void badInputRefusedWithoutChange();
    void everyOperationOneAuditEntry();
    void failsClosedWhenAuditCannotBeWritten();
    void dependentsInheritDepartment();

private:
    SessionContext clerk(const char* purpose = "withholding") const;
    SessionContext officer() const;
    SessionContext admin() const;
    SubjectId registerEmployee(const char* code, const char* department, const char* kana = "ヤマダ タロウ");

    QTemporaryDir m_dir;
    std::unique_ptr<MemoryKeySource> m_keys;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Vault> m_vault;
    std::unique_ptr<TestCard> m_clerkCard;
    std::unique_ptr<TestCard> m_officerCard;
    std::unique_ptr<TestCard> m_adminCard;
    std::int64_t m_clerkId = 0;
    int m_run = 0;
};

void TestVault::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_clerkCard = std::make_unique<TestCard>(TestCard::Kind::EcP256, "clerk");
    m_officerCard = std::make_unique<TestCard>(TestCard::Kind::Rsa2048, "officer");
    m_adminCard = std::make_unique<TestCard>(TestCard::Kind::EcP256, "admin");
}

void TestVault::init()
{
    m_keys = std::make_unique<MemoryKeySource>(MemoryKeySource::generate().value());
    m_clock = std::make_unique<ManualClock>(kStartMs);
    VaultOptions options;
    options.path = m_dir.filePath(QStringLiteral("vault-%1.db").arg(++m_run)).toStdString();
    options.create = true;
    options.deviceId = "test-device";
    auto opened = Vault::open(options, *m_keys, *m_clock);
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().describe().c_str());
    m_vault = std::move(opened).value();
    QVERIFY(m_vault->addDepartment(nullptr, "sales", "営業部").ok());
    QVERIFY(m_vault->addDepartment(nullptr, "eng", "開発部").ok());
    QVERIFY(m_vault->addPurpose(nullptr, "withholding", "源泉徴収票作成事務").ok());
    QVERIFY(m_vault->addPurpose(nullptr, "health_insurance", "健康保険・厚生年金保険届出事務").ok());
    m_clerkId = m_vault->createUser(nullptr, UserSpec{"事務 一郎", {Role::Clerk}, {"sales"}}).value();
    const Status enrolled = m_vault->enrolCard(nullptr, m_clerkId, m_clerkCard->certificateDer());
    QVERIFY2(enrolled.ok(), enrolled.ok() ? "" : enrolled.error().describe().c_str());
    const auto officerId = m_vault->createUser(nullptr, UserSpec{"責任 花子", {Role::Officer}, {}}).value();
    QVERIFY(m_vault->enrolCard(nullptr, officerId, m_officerCard->certificateDer()).ok());
    const auto adminId = m_vault->createUser(nullptr, UserSpec{"管理 次郎", {Role::Admin}, {}}).value();
    QVERIFY(m_vault->enrolCard(nullptr, adminId, m_adminCard->certificateDer()).ok());
}

void TestVault::cleanup() { m_vault.reset(); }

SessionContext TestVault::clerk(const char* purpose) const
{
    SessionContext s;
    s.userId = m_clerkId;
    s.cardId = m_clerkCard->cardId();
    s.roles = {Role::Clerk};
    s.departments = {"sales"};
    s.purpose = purpose;
    return s;
}

SessionContext TestVault::officer() const
{
    SessionContext s;
    s.userId = 2;
    s.cardId = m_officerCard->cardId();
    s.roles = {Role::Officer};
    return s;
}

SessionContext TestVault::admin() const
{
    SessionContext s;
    s.userId = 3;
    s.cardId = m_adminCard->cardId();
    s.roles = {Role::Admin};
    return s;
}

SubjectId TestVault::registerEmployee(const char* code, const char* department, const char* kana)
{
    NewSubject subject;
    subject.kind = SubjectKind::Employee;
    subject.code = code;
    subject.department = department;
    subject.name = text("山田 太郎");
    subject.nameKana = text(kana);
    subject.birthDate = text("1985-04-01");
    subject.address = text("東京都千代田区1-1");
    SessionContext session = clerk();
    session.departments = {"sales", "eng"};
    auto id = m_vault->registerSubject(session, subject);
    if (!id.ok())
        qFatal("registerEmployee: %s", id.error().describe().c_str());
    return id.value();
}

void TestVault::openRefusesWrongKeyAndMissingFile()
{
    const std::string path = m_dir.filePath(QStringLiteral("vault-%1.db").arg(m_run)).toStdString();
    m_vault.reset();
    VaultOptions options;
    options.path = path;
    auto other = MemoryKeySource::generate().value();
    QCOMPARE(Vault::open(options, other, *m_clock).code(), ErrorCode::StorageKeyMismatch);
    auto again = Vault::open(options, *m_keys, *m_clock);
    QVERIFY(again.ok());
    options.path = m_dir.filePath("absent.db").toStdString();
    QCOMPARE(Vault::open(options, *m_keys, *m_clock).code(), ErrorCode::NotFound);
}

void TestVault::registerAndList()
{
    for (int i = 0; i < 7; ++i)
        registerEmployee(qPrintable(QStringLiteral("E%1").arg(i, 4, 10, QLatin1Char('0'))), "sales");
    const auto page = m_vault->listSubjects(clerk(), ListQuery{{}, {}, false, false, 2, 3, {}});
    QVERIFY2(page.ok(), page.ok() ? "" : page.error().describe().c_str());
    QCOMPARE(page.value().total, std::int64_t(7));
    QCOMPARE(page.value().items.size(), std::size_t(3));
    QCOMPARE(page.value().items[0].code, std::string("E0002"));
    QVERIFY(page.value().items[0].name.view() == "山田 太郎");
    QVERIFY(!page.value().items[0].hasNumber);
    // Keyset paging continues after the last code of a page, whatever the offset would be.
    ListQuery next;
    next.limit = 3;
    next.afterCode = page.value().items.back().code;
    const auto after = m_vault->listSubjects(clerk(), next).value();
    QCOMPARE(after.items.size(), std::size_t(2));
    QCOMPARE(after.items[0].code, std::string("E0005"));
    QCOMPARE(after.total, std::int64_t(7)); // the total of the filters, not of the rest
    // The cached count follows writes.
    registerEmployee("E0100", "sales");
    QCOMPARE(m_vault->listSubjects(clerk(), next).value().total, std::int64_t(8));
}

void TestVault::clerkSeesOnlyOwnDepartments()
{
    registerEmployee("S1", "sales");
    const SubjectId engineer = registerEmployee("X1", "eng");
    const auto page = m_vault->listSubjects(clerk(), ListQuery{});
    QCOMPARE(page.value().total, std::int64_t(1));
    QCOMPARE(page.value().items[0].code, std::string("S1"));
    QCOMPARE(m_vault->viewSubject(clerk(), engineer).code(), ErrorCode::PermissionDenied);
    QCOMPARE(m_vault->listSubjects(officer(), ListQuery{}).value().total, std::int64_t(2));
}

void TestVault::adminNeverSeesSubjects()
{
    const SubjectId id = registerEmployee("S1", "sales");
    const auto before = auditCount(*m_vault);
    QCOMPARE(m_vault->listSubjects(admin(), ListQuery{}).code(), ErrorCode::PermissionDenied);
    QCOMPARE(m_vault->viewSubject(admin(), id).code(), ErrorCode::PermissionDenied);
    QCOMPARE(m_vault->findByNumber(admin(), "123456789018").code(), ErrorCode::PermissionDenied);
    // Each refusal is audited.
    QCOMPARE(auditCount(*m_vault), before + 3);
}

void TestVault::numberRegistrationAndLookup()
{
    const SubjectId id = registerEmployee("S1", "sales");
    QVERIFY(m_vault
                ->notifyPurpose(
                    clerk(), id, "withholding",
                    std::chrono::year_month_day{std::chrono::year(2026), std::chrono::January, std::chrono::day(5)})
                .ok());
    QVERIFY(m_vault->setNumber(clerk(), id, "１２３４－５６７８－９０１８").ok());
    const auto found = m_vault->findByNumber(clerk(), "123456789018");
    QVERIFY(found.ok());
    QVERIFY(found.value().has_value());
    QVERIFY(found.value()->id == id);
    QVERIFY(found.value()->hasNumber);
    QVERIFY(!m_vault->findByNumber(clerk(), "111111111118").value().has_value());
    QCOMPARE(m_vault->findByNumber(clerk(), "123456789010").code(), ErrorCode::IndividualNumberCheckDigit);

    // Out of a clerk's scope the lookup says "not found", not "refused".
    SessionContext engineer = clerk();
    engineer.departments = {"eng"};
    QVERIFY(!m_vault->findByNumber(engineer, "123456789018").value().has_value());
}

void TestVault::duplicateNumberRefusedAndAlerted()
{
    const SubjectId a = registerEmployee("S1", "sales");
    const SubjectId b = registerEmployee("S2", "sales");
    const auto date = std::chrono::year_month_day{std::chrono::year(2026), std::chrono::January, std::chrono::day(5)};
    QVERIFY(m_vault->notifyPurpose(clerk(), a, "withholding", date).ok());
    QVERIFY(m_vault->notifyPurpose(clerk(), b, "withholding", date).ok());
    QVERIFY(m_vault->setNumber(clerk(), a, "123456789018").ok());
    const auto before = auditCount(*m_vault);
    QCOMPARE(m_vault->setNumber(clerk(), b, "1234 5678 9018").code(), ErrorCode::NumberAlreadyRegistered);
    // A "failed" entry for the operation and an alert.
    QCOMPARE(auditCount(*m_vault), before + 2);
    QCOMPARE(lastAudit(*m_vault).first, std::string("alert"));
    QVERIFY(!m_vault->listSubjects(clerk(), byCode("S2")).value().items[0].hasNumber);
}

void TestVault::numberNeedsNotifiedPurpose()
{
    const SubjectId id = registerEmployee("S1", "sales");
    QCOMPARE(m_vault->setNumber(clerk(), id, "123456789018").code(), ErrorCode::PermissionDenied);
    QCOMPARE(m_vault->setNumber(clerk(""), id, "123456789018").code(), ErrorCode::PermissionDenied);
    QVERIFY(!m_vault->listSubjects(clerk(), ListQuery{}).value().items[0].hasNumber);
}

void TestVault::revealNeedsFreshStepUp()
{
    const SubjectId id = registerEmployee("S1", "sales");
    const auto date = std::chrono::year_month_day{std::chrono::year(2026), std::chrono::January, std::chrono::day(5)};
    QVERIFY(m_vault->notifyPurpose(clerk(), id, "withholding", date).ok());
    QVERIFY(m_vault->setNumber(clerk(), id, "123456789018").ok());

    // No nonce issued.
    QCOMPARE(m_vault->revealNumber(clerk(), id, StepUpProof{}).code(), ErrorCode::StepUpRequired);

    const auto sign = [&](const std::vector<std::uint8_t>& nonce, const char* purpose, const TestCard& card) {
        const auto message =
            stepUpMessage("test-device", nonce, Vault::canonicalOperation(Operation::RevealNumber, id, purpose));
        return StepUpProof{nonce, card.sign(message)};
    };

    // A valid proof reveals, once.
    auto nonce = m_vault->issueStepUpNonce(clerk()).value();
    const StepUpProof proof = sign(nonce, "withholding", *m_clerkCard);
    const auto revealed = m_vault->revealNumber(clerk(), id, proof);
    QVERIFY(revealed.ok());
    QVERIFY(revealed.value() == parseIndividualNumber("123456789018").value());
    QCOMPARE(m_vault->revealNumber(clerk(), id, proof).code(), ErrorCode::StepUpRequired); // replay

    // Signed over another purpose, or by another card, or expired: refused.
    nonce = m_vault->issueStepUpNonce(clerk()).value();
    QCOMPARE(m_vault->revealNumber(clerk(), id, sign(nonce, "health_insurance", *m_clerkCard)).code(),
             ErrorCode::PermissionDenied);
    nonce = m_vault->issueStepUpNonce(clerk()).value();
    QCOMPARE(m_vault->revealNumber(clerk(), id, sign(nonce, "withholding", *m_officerCard)).code(),
             ErrorCode::PermissionDenied);
    nonce = m_vault->issueStepUpNonce(clerk()).value();
    m_clock->advanceMs(61LL * 1000);
    QCOMPARE(m_vault->revealNumber(clerk(), id, sign(nonce, "withholding", *m_clerkCard)).code(),
             ErrorCode::StepUpRequired);
}

void TestVault::revealWithEachCardKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("RSA PKCS#1 v1.5") << int(TestCard::Kind::Rsa2048);
    QTest::newRow("RSA PSS") << int(TestCard::Kind::RsaPss2048);
    QTest::newRow("ECDSA P-256") << int(TestCard::Kind::EcP256);
}

void TestVault::revealWithEachCardKind()
{
    QFETCH(int, kind);
    const TestCard card(static_cast<TestCard::Kind>(kind));
    const auto userId = m_vault->createUser(nullptr, UserSpec{"事務 二郎", {Role::Clerk}, {"sales"}}).value();
    QVERIFY(m_vault->enrolCard(nullptr, userId, card.certificateDer()).ok());
    SessionContext session = clerk();
    session.userId = userId;
    session.cardId = card.cardId();

    const SubjectId id = registerEmployee("S1", "sales");
    const auto date = std::chrono::year_month_day{std::chrono::year(2026), std::chrono::January, std::chrono::day(5)};
    QVERIFY(m_vault->notifyPurpose(session, id, "withholding", date).ok());
    QVERIFY(m_vault->setNumber(session, id, "111111111118").ok());
    const auto nonce = m_vault->issueStepUpNonce(session).value();
    const auto message =
        stepUpMessage("test-device", nonce, Vault::canonicalOperation(Operation::RevealNumber, id, "withholding"));
    QVERIFY(m_vault->revealNumber(session, id, StepUpProof{nonce, card.sign(message)}).ok());
}

void TestVault::viewDecryptsAndMasks()
{
    const SubjectId id = registerEmployee("S1", "sales");
    const auto detail = m_vault->viewSubject(clerk(), id);
    QVERIFY(detail.ok());
    QVERIFY(detail.value().summary.name.view() == "山田 太郎");
    QVERIFY(detail.value().birthDate.view() == "1985-04-01");
    QVERIFY(detail.value().address.view() == "東京都千代田区1-1");
    // Nothing personal is stored in clear: the name is not in the file's pages.
    auto raw = m_vault->database().prepare("SELECT name FROM subjects").value();
    QVERIFY(raw.step().value());
    const auto blob = raw.columnBlob(0);
    const std::string_view stored(reinterpret_cast<const char*>(blob.data()), blob.size());
    QVERIFY(stored.find("山田") == std::string_view::npos);
}

void TestVault::kanaAndCodeSearch()
{
    registerEmployee("A1", "sales", "ヤマダ タロウ");
    registerEmployee("A2", "sales", "やまもと はなこ");
    registerEmployee("B1", "sales", "サトウ ジロウ");
    const auto byKana = [&](const char* prefix) {
        ListQuery query;
        query.kanaPrefix = prefix;
        return m_vault->listSubjects(clerk(), query).value().total;
    };
    QCOMPARE(byKana("ヤマ"), std::int64_t(2));
    QCOMPARE(byKana("やまだ"), std::int64_t(1));
    QCOMPARE(byKana("ヤマモトハナコ"), std::int64_t(1)); // longer than the indexed prefix
    QCOMPARE(byKana("ヤマモトハナミ"), std::int64_t(0));
    QCOMPARE(byKana("ス"), std::int64_t(0));
    QCOMPARE(m_vault->listSubjects(clerk(), byCode("A")).value().total, std::int64_t(2));
    QCOMPARE(m_vault->listSubjects(clerk(), byCode("B1")).value().total, std::int64_t(1));
}

void TestVault::badInputRefusedWithoutChange_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QByteArray>("birth");
    QTest::addColumn<int>("expected");
    QTest::newRow("empty name") << QByteArray() << QByteArray("E1") << QByteArray() << int(ErrorCode::InvalidArgument);
    QTest::newRow("name too long") << QByteArray(300, 'x') << QByteArray("E1") << QByteArray()
                                   << int(ErrorCode::TooLarge);
    QTest::newRow("invalid UTF-8") << QByteArray("\xff\xfe") << QByteArray("E1") << QByteArray()
                                   << int(ErrorCode::InvalidUtf8);
    QTest::newRow("control character") << QByteArray("a\nb") << QByteArray("E1") << QByteArray()
                                       << int(ErrorCode::InvalidUtf8);
    QTest::newRow("code with space") << QByteArray("x") << QByteArray("E 1") << QByteArray()
                                     << int(ErrorCode::InvalidArgument);
    QTest::newRow("code too long") << QByteArray("x") << QByteArray(33, 'E') << QByteArray()
                                   << int(ErrorCode::InvalidArgument);
    QTest::newRow("bad birth date") << QByteArray("x") << QByteArray("E1") << QByteArray("1985-02-30")
                                    << int(ErrorCode::InvalidArgument);
}

void TestVault::badInputRefusedWithoutChange()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, code);
    QFETCH(QByteArray, birth);
    QFETCH(int, expected);
    NewSubject subject;
    subject.code = code.toStdString();
    subject.department = "sales";
    subject.name = PersonalText(std::string_view(name.constData(), std::size_t(name.size())));
    subject.birthDate = PersonalText(std::string_view(birth.constData(), std::size_t(birth.size())));
    QCOMPARE(int(m_vault->registerSubject(clerk(), subject).code()), expected);
    QCOMPARE(m_vault->listSubjects(clerk(), ListQuery{}).value().total, std::int64_t(0));
}

void TestVault::everyOperationOneAuditEntry()
{
    std::int64_t count = auditCount(*m_vault);
    const auto expectOne = [&](bool ok) {
        QVERIFY(ok);
        const std::int64_t now = auditCount(*m_vault);
        QCOMPARE(now, count + 1);
        count = now;
    };
    const SubjectId id = registerEmployee("S1", "sales");
    expectOne(true);
    expectOne(m_vault
                  ->notifyPurpose(
                      clerk(), id, "withholding",
                      std::chrono::year_month_day{std::chrono::year(2026), std::chrono::March, std::chrono::day(1)})
                  .ok());
    expectOne(m_vault->setNumber(clerk(), id, "123456789018").ok());
    expectOne(m_vault->listSubjects(clerk(), ListQuery{}).ok());
    expectOne(m_vault->viewSubject(clerk(), id).ok());
    expectOne(m_vault->findByNumber(clerk(), "123456789018").ok());
    expectOne(m_vault->recordVerification(clerk(), id, "my_number_card", "マイナンバーカード").ok());
    SubjectEdit edit;
    edit.address = text("大阪府大阪市2-2");
    expectOne(m_vault->editSubject(clerk(), id, edit).ok());
    expectOne(!m_vault->viewSubject(admin(), id).ok()); // refused, still one entry
    QCOMPARE(std::int64_t(m_vault->auditHeadSequence()), count);
}

void TestVault::failsClosedWhenAuditCannotBeWritten()
{
    registerEmployee("S1", "sales");
    const auto before = auditCount(*m_vault);
    // Make every audit insert fail, as a full disk or a damaged table would.
    QVERIFY(m_vault->database()
                .exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit_entries "
                      "BEGIN SELECT RAISE(ABORT, 'audit refused'); END")
                .ok());
    NewSubject subject;
    subject.code = "S2";
    subject.department = "sales";
    subject.name = text("佐藤 花子");
    QCOMPARE(m_vault->registerSubject(clerk(), subject).code(), ErrorCode::AuditWriteFailed);
    QVERIFY(m_vault->database().exec("DROP TRIGGER no_audit").ok());
    // Nothing of the operation remains, and the chain continues without a gap.
    QCOMPARE(m_vault->listSubjects(clerk(), byCode("S2")).value().total, std::int64_t(0));
    QCOMPARE(auditCount(*m_vault), before + 1); // the list just made
    QCOMPARE(std::int64_t(m_vault->auditHeadSequence()), before + 1);
}

void TestVault::dependentsInheritDepartment()
{
    const SubjectId employee = registerEmployee("E9", "sales");
    NewSubject child;
    child.kind = SubjectKind::Dependent;
    child.parent = employee;
    child.name = text("山田 次郎");
    child.nameKana = text("ヤマダ ジロウ");
    const auto id = m_vault->registerSubject(clerk(), child);
    QVERIFY(id.ok());
    const auto detail = m_vault->viewSubject(clerk(), employee).value();
    QCOMPARE(detail.dependents.size(), std::size_t(1));
    QCOMPARE(detail.dependents[0].code, std::string("E9-1"));
    QCOMPARE(detail.dependents[0].department, std::string("sales"));
    // A dependent of an engineer is out of a sales clerk's scope.
    const SubjectId engineer = registerEmployee("X9", "eng");
    child.parent = engineer;
    QCOMPARE(m_vault->registerSubject(clerk(), child).code(), ErrorCode::PermissionDenied);
    // A dependent cannot hang under a dependent.
    child.parent = id.value();
    QCOMPARE(m_vault->registerSubject(clerk(), child).code(), ErrorCode::InvalidArgument);
}

QTEST_GUILESS_MAIN(TestVault)
#include "tst_vault.moc"
