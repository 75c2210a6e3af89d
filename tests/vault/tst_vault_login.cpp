// SPDX-License-Identifier: GPL-3.0-or-later
// Card login, the vault's half (DESIGN §2): nonce, signature over the domain-separated message,
// verification against the enrolled certificate with RSA PKCS#1 v1.5, RSA-PSS and ECDSA P-256;
// refusal of unknown and revoked cards, wrong, replayed and expired signatures; every outcome
// audited; bounded pending logins.

#include "services/vault/audit_entry.h"
#include "services/vault/card_signature.h"
#include "services/vault/vault.h"
#include "tests/support/test_card.h"

#include <QTemporaryDir>
#include <QTest>

using namespace mamori;
using namespace mamori::vault;
using mamori::test::TestCard;

class TestVaultLogin : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup() { m_vault.reset(); }
    void loginWithEachCardKind_data();
    void loginWithEachCardKind();
    void unenrolledCardRefusedAndAudited();
    void revokedCardRefused();
    void wrongSignatureRefusedAndNonceSpent();
    void replayedSignatureRefused();
    void expiredNonceRefused();
    void signatureForAnotherDeviceRefused();
    void malformedCardIdRefused();
    void pendingLoginsAreBounded();
    void sessionEndIsAudited();

private:
    AuditEntry lastEntry();
    std::int64_t enrol(const TestCard& card, std::set<Role> roles, std::set<std::string> departments);

    QTemporaryDir m_dir;
    MemoryKeySource m_keys = MemoryKeySource::generate().value();
    ManualClock m_clock{1'767'225'600'000};
    std::unique_ptr<Vault> m_vault;
    int m_run = 0;
};

void TestVaultLogin::init()
{
    VaultOptions options;
    options.path = m_dir.filePath(QStringLiteral("login-%1.db").arg(++m_run)).toStdString();
    options.create = true;
    options.deviceId = "login-device";
    options.maxPendingLogins = 4;
    m_vault = Vault::open(options, m_keys, m_clock).value();
    QVERIFY(m_vault->addDepartment(nullptr, "sales", "営業部").ok());
}

std::int64_t TestVaultLogin::enrol(const TestCard& card, std::set<Role> roles, std::set<std::string> departments)
{
    const auto user = m_vault->createUser(nullptr, UserSpec{"利用者", std::move(roles), std::move(departments)});
    if (!user.ok() || !m_vault->enrolCard(nullptr, user.value(), card.certificateDer()).ok())
        qFatal("enrol");
    return user.value();
}

AuditEntry TestVaultLogin::lastEntry()
{
    auto select = m_vault->database().prepare("SELECT encoded FROM audit_entries ORDER BY seq DESC LIMIT 1").value();
    if (!select.step().value())
        qFatal("no audit entry");
    return decodeEntry(select.columnBlob(0)).value();
}

void TestVaultLogin::loginWithEachCardKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("RSA PKCS#1 v1.5") << static_cast<int>(TestCard::Kind::Rsa2048);
    QTest::newRow("RSA-PSS") << static_cast<int>(TestCard::Kind::RsaPss2048);
    QTest::newRow("ECDSA P-256") << static_cast<int>(TestCard::Kind::EcP256);
}

void TestVaultLogin::loginWithEachCardKind()
{
    QFETCH(int, kind);
    const TestCard card(static_cast<TestCard::Kind>(kind), "clerk");
    const std::int64_t userId = enrol(card, {Role::Clerk, Role::Officer}, {"sales"});
    const auto nonce = m_vault->beginLogin(card.cardId());
    QVERIFY(nonce.ok());
    QCOMPARE(nonce.value().size(), std::size_t{32});
    const auto signature = card.sign(loginMessage("login-device", nonce.value()));
    const auto session = m_vault->completeLogin(card.cardId(), signature);
    QVERIFY2(session.ok(), session.ok() ? "" : session.error().describe().c_str());
    QCOMPARE(session.value().userId, userId);
    QCOMPARE(session.value().cardId, card.cardId());
    QVERIFY(session.value().roles == (std::set<Role>{Role::Clerk, Role::Officer}));
    QVERIFY(session.value().departments == std::set<std::string>{"sales"});
    QVERIFY(session.value().purpose.empty());
    const AuditEntry entry = lastEntry();
    QCOMPARE(entry.action, AuditAction::Login);
    QCOMPARE(entry.result, std::string("ok"));
    QCOMPARE(entry.actor, card.cardId());
    // The log alone proves which card logged in: the record holds the nonce and the signature, and
    // verifies against the enrolled certificate.
    const auto record = decodeSignatureRecord(entry.cardSignature);
    QVERIFY(record.ok());
    QVERIFY(record.value().isLogin());
    QVERIFY(record.value().signature == signature);
    QVERIFY(std::equal(record.value().nonce.begin(), record.value().nonce.end(), nonce.value().begin()));
    QVERIFY(verifySignatureRecord(parseCardCertificate(card.certificateDer()).value(), "login-device", record.value())
                .ok());
    QVERIFY(
        !verifySignatureRecord(parseCardCertificate(card.certificateDer()).value(), "another-device", record.value())
             .ok());
    QCOMPARE(entry.detail, std::string("roles=clerk,officer"));
}

void TestVaultLogin::unenrolledCardRefusedAndAudited()
{
    const TestCard stranger(TestCard::Kind::EcP256, "stranger");
    const auto before = m_vault->auditHeadSequence();
    QCOMPARE(m_vault->beginLogin(stranger.cardId()).code(), ErrorCode::PermissionDenied);
    QCOMPARE(m_vault->auditHeadSequence(), before + 1);
    const AuditEntry entry = lastEntry();
    QCOMPARE(entry.action, AuditAction::LoginFailed);
    QCOMPARE(entry.actor, stranger.cardId());
    QCOMPARE(entry.result, std::string("refused:3"));
    QCOMPARE(entry.detail, std::string("begin"));
    // Without a nonce there is nothing to complete.
    QCOMPARE(m_vault->completeLogin(stranger.cardId(), stranger.sign(loginMessage("login-device", {}))).code(),
             ErrorCode::PermissionDenied);
}

void TestVaultLogin::revokedCardRefused()
{
    const TestCard card(TestCard::Kind::EcP256, "clerk");
    enrol(card, {Role::Clerk}, {"sales"});
    const TestCard adminCard(TestCard::Kind::EcP256, "admin");
    enrol(adminCard, {Role::Admin}, {});
    // Revoked between the two steps: the completion is refused too.
    const auto nonce = m_vault->beginLogin(card.cardId()).value();
    SessionContext admin;
    admin.userId = 2;
    admin.cardId = adminCard.cardId();
    admin.roles = {Role::Admin};
    QVERIFY(m_vault->revokeCard(admin, card.cardId()).ok());
    QCOMPARE(m_vault->completeLogin(card.cardId(), card.sign(loginMessage("login-device", nonce))).code(),
             ErrorCode::PermissionDenied);
    QCOMPARE(m_vault->beginLogin(card.cardId()).code(), ErrorCode::PermissionDenied);
    QCOMPARE(lastEntry().action, AuditAction::LoginFailed);
}

void TestVaultLogin::wrongSignatureRefusedAndNonceSpent()
{
    const TestCard card(TestCard::Kind::Rsa2048, "clerk");
    const TestCard other(TestCard::Kind::Rsa2048, "other");
    enrol(card, {Role::Clerk}, {"sales"});
    const auto nonce = m_vault->beginLogin(card.cardId()).value();
    // Signed by another key (a card whose certificate the caller cannot substitute).
    QCOMPARE(m_vault->completeLogin(card.cardId(), other.sign(loginMessage("login-device", nonce))).code(),
             ErrorCode::PermissionDenied);
    QCOMPARE(lastEntry().action, AuditAction::LoginFailed);
    QCOMPARE(lastEntry().detail, std::string("complete"));
    // The nonce is spent: the right signature over it no longer opens a session.
    QCOMPARE(m_vault->completeLogin(card.cardId(), card.sign(loginMessage("login-device", nonce))).code(),
             ErrorCode::PermissionDenied);
}

void TestVaultLogin::replayedSignatureRefused()
{
    const TestCard card(TestCard::Kind::EcP256, "clerk");
    enrol(card, {Role::Clerk}, {"sales"});
    const auto nonce = m_vault->beginLogin(card.cardId()).value();
    const auto signature = card.sign(loginMessage("login-device", nonce));
    QVERIFY(m_vault->completeLogin(card.cardId(), signature).ok());
    QCOMPARE(m_vault->completeLogin(card.cardId(), signature).code(), ErrorCode::PermissionDenied);
    // Nor against a later nonce.
    QVERIFY(m_vault->beginLogin(card.cardId()).ok());
    QCOMPARE(m_vault->completeLogin(card.cardId(), signature).code(), ErrorCode::PermissionDenied);
}

void TestVaultLogin::expiredNonceRefused()
{
    const TestCard card(TestCard::Kind::EcP256, "clerk");
    enrol(card, {Role::Clerk}, {"sales"});
    const auto nonce = m_vault->beginLogin(card.cardId()).value();
    m_clock.advanceMs(61'000);
    QCOMPARE(m_vault->completeLogin(card.cardId(), card.sign(loginMessage("login-device", nonce))).code(),
             ErrorCode::Timeout);
    QCOMPARE(lastEntry().result, std::string("refused:9"));
}

void TestVaultLogin::signatureForAnotherDeviceRefused()
{
    const TestCard card(TestCard::Kind::EcP256, "clerk");
    enrol(card, {Role::Clerk}, {"sales"});
    const auto nonce = m_vault->beginLogin(card.cardId()).value();
    // Domain separation: the same nonce signed for another terminal, or as a step-up, does not log in.
    QCOMPARE(m_vault->completeLogin(card.cardId(), card.sign(loginMessage("other-device", nonce))).code(),
             ErrorCode::PermissionDenied);
    const auto again = m_vault->beginLogin(card.cardId()).value();
    QCOMPARE(
        m_vault->completeLogin(card.cardId(), card.sign(stepUpMessage("login-device", again, "op=login\n"))).code(),
        ErrorCode::PermissionDenied);
}

void TestVaultLogin::malformedCardIdRefused()
{
    for (const std::string_view id :
         {std::string_view(""), std::string_view("zz"),
          std::string_view("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF012345678X")}) {
        QCOMPARE(m_vault->beginLogin(id).code(), ErrorCode::InvalidArgument);
        QCOMPARE(lastEntry().actor, std::string("system")); // not written as given
    }
}

void TestVaultLogin::pendingLoginsAreBounded()
{
    std::vector<std::unique_ptr<TestCard>> cards;
    for (int i = 0; i < 5; ++i) {
        cards.push_back(std::make_unique<TestCard>(TestCard::Kind::EcP256, "card"));
        enrol(*cards.back(), {Role::Clerk}, {"sales"});
    }
    for (int i = 0; i < 4; ++i)
        QVERIFY(m_vault->beginLogin(cards[static_cast<std::size_t>(i)]->cardId()).ok());
    QCOMPARE(m_vault->beginLogin(cards[4]->cardId()).code(), ErrorCode::ResourceExhausted);
    // A card asking again replaces its own nonce; expired ones make room.
    QVERIFY(m_vault->beginLogin(cards[0]->cardId()).ok());
    m_clock.advanceMs(61'000);
    QVERIFY(m_vault->beginLogin(cards[4]->cardId()).ok());
}

void TestVaultLogin::sessionEndIsAudited()
{
    const TestCard card(TestCard::Kind::EcP256, "clerk");
    enrol(card, {Role::Clerk}, {"sales"});
    const auto nonce = m_vault->beginLogin(card.cardId()).value();
    const auto session = m_vault->completeLogin(card.cardId(), card.sign(loginMessage("login-device", nonce))).value();
    QVERIFY(m_vault->recordSessionEnd(session, "card_removed").ok());
    QCOMPARE(lastEntry().action, AuditAction::Logout);
    QCOMPARE(lastEntry().detail, std::string("card_removed"));
    QCOMPARE(m_vault->recordSessionEnd(session, "because").code(), ErrorCode::InvalidArgument);
}

QTEST_GUILESS_MAIN(TestVaultLogin)
#include "tst_vault_login.moc"
