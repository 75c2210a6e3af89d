// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/kiosk/kiosk_fixture.h"

#include "services/common/card_messages.h"
#include "services/vault/tpm_key_source.h"
#include "smartcard/pkcs11_module.h"
#include "tests/kiosk/reader_fault.h"
#include "tests/smartcard/fault_injection.h"
#include "tests/support/private_bus.h"
#include "tests/support/softhsm_token.h"
#include "tests/support/swtpm.h"
#include "tests/support/test_card.h"

#include <csignal>

#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusMessage>
#include <QDeadlineTimer>
#include <QThread>

#include <sodium.h>

#include <optional>

namespace mamori::test {

namespace {
constexpr const char* kToken = "Mamori clerk";
} // namespace

KioskFixture::KioskFixture()
    : m_officer(std::make_unique<TestCard>(TestCard::Kind::EcP256, "Mamori kiosk test officer"))
{}

KioskFixture::~KioskFixture()
{
    if (m_daemon.state() != QProcess::NotRunning) {
        m_daemon.terminate();
        if (!m_daemon.waitForFinished(5000))
            m_daemon.kill();
        m_daemon.waitForFinished(5000);
    }
    FaultInjection::releaseHangs();
}

Status KioskFixture::start(Options options)
{
    if (sodium_init() < 0)
        return Error(ErrorCode::Internal, "sodium_init");
    // The card: a SoftHSM2 token with an EC key and its certificate, made as an administrator would.
    MAMORI_ASSIGN_OR_RETURN(m_hsm, SoftHsm::create());
    MAMORI_TRY(m_hsm->initToken(kToken, kPin));
    const SoftHsmKey key = SoftHsmKey::generate(SoftHsmKey::Kind::EcP256, "Mamori kiosk test clerk");
    MAMORI_TRY(m_hsm->importKey(kToken, kPin, key, "01", "Clerk key"));
    m_certificate = key.certificateDer;
    MAMORI_ASSIGN_OR_RETURN(m_realModule, smartcard::Pkcs11Module::load(SoftHsm::kModulePath));
    FaultInjection::reset();
    FaultInjection::removed = true; // the reader starts empty
    ReaderFault::reset();
    MAMORI_ASSIGN_OR_RETURN(m_module, smartcard::Pkcs11Module::fromFunctionList(
                                          ReaderFault::wrap(FaultInjection::wrap(m_realModule->functions()))));

    MAMORI_ASSIGN_OR_RETURN(m_tpm, Swtpm::start());
    m_state = (m_tpm->directory() / "state").string();
    MAMORI_TRY(seedVault(options));
    MAMORI_ASSIGN_OR_RETURN(m_bus, PrivateBus::start());
    return startDaemon();
}

Status KioskFixture::seedVault(const Options& fixtureOptions)
{
    using namespace mamori::vault;
    tpm::TpmSettings settings;
    settings.tcti = m_tpm->tcti();
    settings.stateDirectory = m_state;
    {
        MAMORI_ASSIGN_OR_RETURN(auto store, tpm::KeyStore::connect(settings));
        MAMORI_TRY(store->provision({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}));
    }
    VaultOptions options;
    options.path = m_state + "/vault.db";
    options.create = true;
    options.deviceId = kDeviceId;
    SystemClock clock;
    MAMORI_ASSIGN_OR_RETURN(auto opened, openVaultOnTpm(settings, options, clock));
    Vault& vault = *opened.vault;
    MAMORI_TRY(vault.addDepartment(nullptr, "sales", "営業部"));
    for (auto [code, name] : {std::pair{"withholding", "源泉徴収票作成事務"},
                              {"social_insurance", "健康保険・厚生年金保険届出事務"},
                              {"employment_insurance", "雇用保険届出事務"}})
        MAMORI_TRY(vault.addPurpose(nullptr, code, name));
    MAMORI_ASSIGN_OR_RETURN(const auto clerk, vault.createUser(nullptr, UserSpec{"事務 一", {Role::Clerk}, {"sales"}}));
    const bool clerkHoldsTheCard = fixtureOptions.cardRoles == std::vector<std::string>{"clerk"};
    TestCard clerkCard(TestCard::Kind::EcP256, "Mamori kiosk test clerk");
    if (clerkHoldsTheCard) {
        if (fixtureOptions.enrolCard)
            MAMORI_TRY(vault.enrolCard(nullptr, clerk, m_certificate));
    } else {
        UserSpec holder{"監督 三", {}, {"sales"}};
        for (const std::string& name : fixtureOptions.cardRoles) {
            const auto role = roleFromName(name);
            if (!role)
                return Error(ErrorCode::InvalidArgument, "unknown role " + name);
            holder.roles.insert(*role);
        }
        MAMORI_ASSIGN_OR_RETURN(const auto holderId, vault.createUser(nullptr, holder));
        if (fixtureOptions.enrolCard)
            MAMORI_TRY(vault.enrolCard(nullptr, holderId, m_certificate));
        MAMORI_TRY(vault.enrolCard(nullptr, clerk, clerkCard.certificateDer()));
    }
    MAMORI_ASSIGN_OR_RETURN(const auto officer, vault.createUser(nullptr, UserSpec{"責任 二", {Role::Officer}, {}}));
    MAMORI_TRY(vault.enrolCard(nullptr, officer, m_officer->certificateDer()));
    const std::set<std::string> withholding{"withholding"};
    MAMORI_TRY(
        vault.setDestination(nullptr, Destination{kMedium, "USBメモリ", DestinationKind::Medium, withholding, true}));
    MAMORI_TRY(vault.setDestination(
        nullptr, Destination{kPlainMedium, "USBメモリ（番号なし）", DestinationKind::Medium, withholding, false}));
    MAMORI_TRY(vault.setDestination(
        nullptr, Destination{kEndpoint, "給与計算委託先", DestinationKind::Endpoint, withholding, true}));

    SessionContext session;
    session.userId = clerk;
    session.roles = {Role::Clerk};
    session.departments = {"sales"};
    session.purpose = "withholding";
    if (!clerkHoldsTheCard)
        session.cardId = clerkCard.cardId();
    std::vector<SubjectId> seeded;
    // Synthetic people: katakana names so that kana search has something to find.
    static constexpr const char* kKana[] = {"アオキ", "イトウ", "ウエダ", "エンドウ", "オオタ"};
    for (int i = 0; i < kEmployees; ++i) {
        NewSubject subject;
        subject.code = "E" + std::to_string(100 + i);
        subject.department = "sales";
        subject.name = PersonalText("試験 " + std::to_string(i));
        subject.nameKana = PersonalText(std::string(kKana[i % 5]) + " タロウ");
        subject.birthDate = PersonalText("1985-04-01");
        MAMORI_ASSIGN_OR_RETURN(const SubjectId id, vault.registerSubject(session, subject));
        seeded.push_back(id);
        MAMORI_TRY(vault.notifyPurpose(session, id, "withholding",
                                       std::chrono::year_month_day{std::chrono::year{2026} / 4 / 1}));
        if (i == 0) {
            MAMORI_TRY(vault.setNumber(session, id, kNumber));
            m_numberedId = QString::fromStdString(id.hex());
        }
    }
    if (fixtureOptions.duplicateNumberAlert) {
        const Status duplicate = vault.setNumber(session, seeded.at(1), kNumber);
        if (duplicate.ok() || duplicate.error().code() != ErrorCode::NumberAlreadyRegistered)
            return Error(ErrorCode::Internal, "the duplicate number was not refused");
    }
    if (fixtureOptions.pendingBulkExport) {
        ExportSpec spec;
        spec.operation = Operation::Export;
        spec.destination = kMedium;
        spec.subjects.assign(seeded.begin(), seeded.begin() + 21);
        MAMORI_TRY(vault.requestExport(session, spec));
    }
    return okStatus();
}

Status KioskFixture::startDaemon()
{
    const QString program = qEnvironmentVariable("MAMORI_VAULTD");
    if (program.isEmpty())
        return Error(ErrorCode::NotFound, "MAMORI_VAULTD is not set (CTest sets it)");
    m_daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_daemon.setStandardOutputFile(QProcess::nullDevice());
    m_daemon.start(program,
                   {QStringLiteral("--bus"), m_bus->address(), QStringLiteral("--state-dir"),
                    QString::fromStdString(m_state), QStringLiteral("--tcti"), QString::fromStdString(m_tpm->tcti()),
                    QStringLiteral("--device-id"), QString::fromLatin1(kDeviceId)});
    if (!m_daemon.waitForStarted(5000))
        return Error(ErrorCode::Unavailable, "mamori-vaultd did not start");
    const QDBusConnection watcher = connect(QStringLiteral("fixture-watcher"));
    const QDeadlineTimer deadline(15000);
    while (!watcher.interface()->isServiceRegistered(QStringLiteral("org.mamori.Vault1"))) {
        if (deadline.hasExpired() || m_daemon.state() == QProcess::NotRunning)
            return Error(ErrorCode::Unavailable, "mamori-vaultd did not register org.mamori.Vault1");
        QThread::msleep(50);
    }
    return okStatus();
}

QString KioskFixture::busAddress() const { return m_bus ? m_bus->address() : QString(); }

QDBusConnection KioskFixture::connect(const QString& name)
{
    return QDBusConnection::connectToBus(m_bus->address(), name + QString::number(++m_connections));
}

QString KioskFixture::outboxDir() const { return QString::fromStdString(m_state) + QStringLiteral("/outbox"); }

namespace {

std::span<const std::uint8_t> bytesOf(const QByteArray& array)
{
    return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(array.constData()),
                                         static_cast<std::size_t>(array.size()));
}

QByteArray arrayOf(const std::vector<std::uint8_t>& data)
{
    return QByteArray(reinterpret_cast<const char*>(data.data()), static_cast<qsizetype>(data.size()));
}

std::optional<Error> failed(const QDBusMessage& reply, const char* step)
{
    if (reply.type() == QDBusMessage::ReplyMessage)
        return std::nullopt;
    return Error(ErrorCode::PermissionDenied, std::string(step) + ": " + reply.errorName().toStdString());
}

} // namespace

Status KioskFixture::signIn(const QDBusConnection& connection, const TestCard& card, QStringList* roles)
{
    QDBusInterface vault(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                         QStringLiteral("org.mamori.Vault1"), connection);
    const QString cardId = QString::fromStdString(card.cardId());
    const QDBusMessage nonce = vault.call(QStringLiteral("BeginLogin"), cardId);
    if (auto error = failed(nonce, "BeginLogin"))
        return *error;
    const QDBusMessage login =
        vault.call(QStringLiteral("CompleteLogin"), cardId,
                   arrayOf(card.sign(loginMessage(kDeviceId, bytesOf(nonce.arguments().value(0).toByteArray())))));
    if (auto error = failed(login, "CompleteLogin"))
        return *error;
    if (roles) {
        const QDBusArgument argument = login.arguments().value(0).value<QDBusArgument>();
        *roles = qdbus_cast<QVariantMap>(argument).value(QStringLiteral("roles")).toStringList();
    }
    return okStatus();
}

Status KioskFixture::approveAsOfficer(const QString& what, qlonglong requestId)
{
    const bool disposal = what == QLatin1String("disposal");
    const QDBusConnection connection = connect(QStringLiteral("officer"));
    MAMORI_TRY(signIn(connection, *m_officer));
    QDBusInterface vault(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                         QStringLiteral("org.mamori.Vault1"), connection);
    const QDBusMessage stepUp = vault.call(
        QStringLiteral("BeginStepUp"), disposal ? QStringLiteral("approve_disposal") : QStringLiteral("approve_export"),
        QVariantMap{{QStringLiteral("request"), requestId}});
    if (auto error = failed(stepUp, "BeginStepUp"))
        return *error;
    const QByteArray stepUpNonce = stepUp.arguments().value(0).toByteArray();
    const QByteArray canonical = stepUp.arguments().value(1).toString().toUtf8();
    const QByteArray signature = arrayOf(m_officer->sign(
        stepUpMessage(kDeviceId, bytesOf(stepUpNonce),
                      std::string_view(canonical.constData(), static_cast<std::size_t>(canonical.size())))));
    const QDBusMessage approved =
        vault.call(disposal ? QStringLiteral("ApproveDisposal") : QStringLiteral("ApproveExport"), requestId,
                   stepUpNonce, signature);
    if (auto error = failed(approved, "Approve"))
        return *error;
    vault.call(QStringLiteral("Logout"));
    return okStatus();
}

void KioskFixture::insertCard() { FaultInjection::removed = false; }

void KioskFixture::removeCard() { FaultInjection::removed = true; }

void KioskFixture::setPinFlags(unsigned long flags) { FaultInjection::extraTokenFlags = flags; }

void KioskFixture::setReader(ReaderState state)
{
    switch (state) {
    case ReaderState::Working:
        ReaderFault::mode = ReaderFault::Mode::Normal;
        break;
    case ReaderState::Unplugged:
        ReaderFault::mode = ReaderFault::Mode::NoReader;
        break;
    case ReaderState::NotAnswering:
        ReaderFault::mode = ReaderFault::Mode::SlotListFails;
        break;
    }
}

void KioskFixture::pauseVault(bool paused)
{
    if (m_daemon.processId() > 0)
        ::kill(static_cast<pid_t>(m_daemon.processId()), paused ? SIGSTOP : SIGCONT);
}

} // namespace mamori::test
