// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ProvisionFixture: a device for mamori-provision's end-to-end tests — a real swtpm, SoftHSM2 tokens
// for the cards (labels admin, officer, clerk, stranger; PINs 1111, 2222, 3333, 4444), temporary state
// and configuration directories, the organisation's key pair made by the tool itself, and the tool
// (MAMORI_PROVISION, set by CTest) run as a process with PINs on its stdin (--pin-fd 0). A missing
// package fails the test naming it (Swtpm, SoftHsm).

#include "services/tpm/key_wipe.h"
#include "tests/support/softhsm_token.h"
#include "tests/support/swtpm.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mamori::test {

struct ToolRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    // For failure messages: the exit code and stderr (never stdout, which may hold the recovery key).
    QByteArray describe() const;
};

struct AuditLine {
    std::string action;
    std::string result;
    std::string detail;
};

class ProvisionFixture {
public:
    void setUp(); // qFatal on failure
    ~ProvisionFixture();

    ToolRun run(const QStringList& arguments, const QByteArray& input = {}, int timeoutMs = 120000) const;
    QStringList device() const; // --state-dir --config-dir --tcti --bus
    QStringList cards() const;  // --pkcs11-module --pin-fd 0
    // init with the admin and officer tokens (PINs on stdin) and `extra` arguments.
    ToolRun init(const QStringList& extra = {}, const QByteArray& pins = "1111\n2222\n") const;
    // config/netguard.toml naming config/wireguard/device.key (what init writes without one).
    void writeNetguardSettings() const;

    tpm::TpmInventory inventory() const;
    // The vault's audit entries, read from the file (read-only).
    std::vector<AuditLine> audit() const;
    std::int64_t count(const char* sql) const;

    std::filesystem::path stateDir() const { return m_root / "state"; }
    std::filesystem::path configDir() const { return m_root / "config"; }
    std::filesystem::path orgDir() const { return m_root / "org"; }
    const std::filesystem::path& root() const { return m_root; }
    // Every file the test made (temporary tree, TPM state, tokens): for the recovery-key scan.
    std::vector<std::filesystem::path> everyFile() const;

    std::unique_ptr<Swtpm> tpm;
    std::unique_ptr<SoftHsm> hsm;
    std::map<std::string, SoftHsmKey> keys; // by token label
    QString bus;                            // where the tool looks for mamori-vaultd
    QString program;                        // mamori-provision
    QString netguard;                       // mamori-netguard

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::filesystem::path m_root;
};

} // namespace mamori::test
