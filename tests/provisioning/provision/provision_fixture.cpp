// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/provisioning/provision/provision_fixture.h"

#include "services/vault/audit_entry.h"
#include "services/vault/sqlite_db.h"

#include <QProcess>

#include <sodium.h>

#include <fstream>

namespace mamori::test {

QByteArray ToolRun::describe() const { return "exit " + QByteArray::number(exitCode) + ", stderr:\n" + err; }

ProvisionFixture::~ProvisionFixture() = default;

void ProvisionFixture::setUp()
{
    if (sodium_init() < 0)
        qFatal("sodium_init");
    program = qEnvironmentVariable("MAMORI_PROVISION");
    netguard = qEnvironmentVariable("MAMORI_NETGUARD");
    if (program.isEmpty() || netguard.isEmpty())
        qFatal("MAMORI_PROVISION and MAMORI_NETGUARD are not set (CTest sets them)");
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid())
        qFatal("no temporary directory");
    m_root = m_dir->path().toStdString();
    std::filesystem::create_directories(orgDir());
    bus = QStringLiteral("unix:path=") + QString::fromStdString((m_root / "no-bus").string());

    auto started = Swtpm::start();
    if (!started.ok())
        qFatal("%s", started.error().describe().c_str());
    tpm = std::move(started).value();
    auto created = SoftHsm::create();
    if (!created.ok())
        qFatal("%s", created.error().describe().c_str());
    hsm = std::move(created).value();
    const struct {
        const char* label;
        const char* pin;
        SoftHsmKey::Kind kind;
        const char* name;
    } people[] = {{"admin", "1111", SoftHsmKey::Kind::EcP256, "Admin Taro"},
                  {"officer", "2222", SoftHsmKey::Kind::Rsa2048, "Officer Hanako"},
                  {"clerk", "3333", SoftHsmKey::Kind::EcP256, "Clerk Ichiro"},
                  {"stranger", "4444", SoftHsmKey::Kind::EcP256, "Stranger"}};
    for (const auto& person : people) {
        keys[person.label] = SoftHsmKey::generate(person.kind, person.name);
        if (!hsm->initToken(person.label, person.pin).ok() ||
            !hsm->importKey(person.label, person.pin, keys[person.label], "01", "login").ok())
            qFatal("SoftHSM token %s", person.label);
    }
    const ToolRun keygen = run({QStringLiteral("bundle"), QStringLiteral("keygen"), QStringLiteral("--out"),
                                QString::fromStdString((orgDir() / "org.key").string())});
    if (keygen.exitCode != 0)
        qFatal("bundle keygen: %s", keygen.describe().constData());
}

ToolRun ProvisionFixture::run(const QStringList& arguments, const QByteArray& input, int timeoutMs) const
{
    QProcess process;
    process.start(program, arguments);
    ToolRun result;
    if (!process.waitForStarted(10000))
        return result;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

QStringList ProvisionFixture::device() const
{
    return {QStringLiteral("--state-dir"),  QString::fromStdString(stateDir().string()),
            QStringLiteral("--config-dir"), QString::fromStdString(configDir().string()),
            QStringLiteral("--tcti"),       QString::fromStdString(tpm->tcti()),
            QStringLiteral("--bus"),        bus};
}

QStringList ProvisionFixture::cards() const
{
    return {QStringLiteral("--pkcs11-module"), QString::fromLatin1(SoftHsm::kModulePath), QStringLiteral("--pin-fd"),
            QStringLiteral("0")};
}

ToolRun ProvisionFixture::init(const QStringList& extra, const QByteArray& pins) const
{
    QStringList arguments{QStringLiteral("init"),
                          QStringLiteral("--device-id"),
                          QStringLiteral("kiosk-01"),
                          QStringLiteral("--org-key"),
                          QString::fromStdString((orgDir() / "org.key.pub").string()),
                          QStringLiteral("--admin-card"),
                          QStringLiteral("admin"),
                          QStringLiteral("--officer-card"),
                          QStringLiteral("officer"),
                          QStringLiteral("--vault-user"),
                          QString()};
    return run(arguments + device() + cards() + extra, pins);
}

void ProvisionFixture::writeNetguardSettings() const
{
    std::filesystem::create_directories(configDir());
    std::ofstream out(configDir() / "netguard.toml");
    out << "version = 1\n[wireguard]\ninterface = \"mamori0\"\nprivate_key_file = \""
        << (configDir() / "wireguard" / "device.key").string()
        << "\"\naddresses = [\"10.77.0.5/32\"]\n[resolver]\nlisten = \"127.0.0.1\"\nupstream = \"10.77.0.1\"\n";
}

tpm::TpmInventory ProvisionFixture::inventory() const
{
    auto context = tpm::TpmContext::connect(tpm->tcti());
    if (!context.ok())
        qFatal("%s", context.error().describe().c_str());
    auto found = tpm::inspectTpm(*context.value(), 0x81000001, 0x01804d4d);
    if (!found.ok())
        qFatal("%s", found.error().describe().c_str());
    return found.value();
}

std::vector<AuditLine> ProvisionFixture::audit() const
{
    std::vector<AuditLine> lines;
    auto db = vault::Database::open((stateDir() / "vault.db").string(), vault::Database::Mode::ReadOnly);
    if (!db.ok())
        return lines;
    auto select = db.value().prepare("SELECT encoded FROM audit_entries ORDER BY seq").value();
    while (select.step().value()) {
        const auto entry = vault::decodeEntry(select.columnBlob(0)).value();
        lines.push_back({std::string(vault::actionName(entry.action)), entry.result, entry.detail});
    }
    return lines;
}

std::int64_t ProvisionFixture::count(const char* sql) const
{
    auto db = vault::Database::open((stateDir() / "vault.db").string(), vault::Database::Mode::ReadOnly);
    if (!db.ok())
        return -1;
    auto select = db.value().prepare(sql).value();
    (void)select.step();
    return select.columnInt(0);
}

std::vector<std::filesystem::path> ProvisionFixture::everyFile() const
{
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& top : {m_root, tpm->directory(), hsm->directory()})
        for (const auto& entry : std::filesystem::recursive_directory_iterator(top, ec))
            if (entry.is_regular_file(ec))
                files.push_back(entry.path());
    return files;
}

} // namespace mamori::test
