// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the mamori-admin tests and its benchmark (never linked into a product):
//  - SyntheticLog: a device's audit log made with the vault's own makeNext()/signCheckpoint(), with
//    clerks, reveals, failed logins, exports, disposals and alerts; exported as real bundles
//    (vault::exportBundle) or written by hand (writeBundle) so that tests can sign damaged ones;
//  - LogdTestServer: a tiny libmicrohttpd server that speaks mamori-logd's pull protocol
//    (services/net/LOGD_PROTOCOL.md) over a SyntheticLog, until the real logd is tested end to end;
//  - PostgresServer: a private PostgreSQL server (initdb/pg_ctl from /usr/lib/postgresql/15/bin) in a
//    temporary directory, started as an unprivileged user when the test runs as root;
//  - runAdmin: the mamori-admin executable (MAMORI_ADMIN) run as a process.
// All content is synthetic: no entry holds anything that reads as a number.

#include "services/common/secret_buffer.h"
#include "services/vault/audit_bundle.h"
#include "services/vault/audit_chain.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct MHD_Daemon;

namespace mamori::test {

// Card ids (SHA-256 of an SPKI in the real system): two clerks, an officer, an administrator.
extern const std::string kClerkCardA;
extern const std::string kClerkCardB;
extern const std::string kOfficerCard;
extern const std::string kAdminCard;

// 2026-04-01 09:00:00 JST.
constexpr std::int64_t kLogStartMs = 1775001600000;

struct LogSpec {
    std::string deviceId = "kiosk-01";
    std::uint8_t seedByte = 1; // the device signing seed is seedByte, seedByte+1, ...
    std::size_t entries = 100;
    std::size_t checkpointEvery = 50; // and always one on the last entry
    std::int64_t startMs = kLogStartMs;
    std::int64_t stepMs = 60000; // one entry a minute
};

struct SyntheticLog {
    std::string deviceId;
    SecretBuffer seed;
    vault::PublicKey publicKey{};
    std::size_t checkpointEvery = 50;
    std::int64_t startMs = 0;
    std::int64_t stepMs = 0;
    std::uint64_t counter = 0;
    std::vector<vault::AuditEntry> entries;
    std::vector<vault::Checkpoint> checkpoints;
};

// The i-th entry's draft (0-based) of the standard mix: a day of logins, lists, views, reveals under a
// purpose, registrations, failed logins, exports, alerts and, every 500 entries, a disposal.
vault::AuditEntry syntheticDraft(const std::string& deviceId, std::size_t i, std::int64_t timeMs);
SyntheticLog makeLog(const LogSpec& spec);
// Appends `count` entries of the standard mix (and checkpoints per the log's policy, and one on the last).
void extendLog(SyntheticLog& log, std::size_t count);
// Appends the given drafts in order, then a checkpoint on the last one.
void appendDrafts(SyntheticLog& log, const std::vector<vault::AuditEntry>& drafts);
// A real bundle of entries first..last (1-based, inclusive; last must be checkpointed).
std::vector<std::uint8_t> exportRange(const SyntheticLog& log, std::uint64_t first, std::uint64_t last,
                                      std::int64_t createdMs = kLogStartMs);
std::vector<std::uint8_t> exportAll(const SyntheticLog& log);
// The largest checkpointed sequence in (after, after + maxEntries], or else the first after it.
std::uint64_t cutAt(const SyntheticLog& log, std::uint64_t after, std::uint64_t maxEntries);

// What a bundle holds, written exactly as AUDIT_FORMAT.md lays it out (independently of the
// exporter) and signed by `signer` — also for damaged content the exporter would refuse.
struct BundleParts {
    std::string deviceId;
    std::optional<vault::PublicKey> key; // the signer's when unset
    std::uint64_t first = 1;
    std::uint64_t last = 0; // first + entries - 1 when 0
    vault::AuditHash anchor{};
    std::int64_t created = kLogStartMs;
    std::vector<vault::AuditEntry> entries;
    std::vector<vault::Checkpoint> checkpoints;
};
BundleParts partsOf(const SyntheticLog& log, std::size_t fromIndex = 0);
std::vector<std::uint8_t> writeBundle(const BundleParts& parts, const vault::DeviceSigner& signer);
vault::DeviceSigner signerOf(const SyntheticLog& log);
// Recomputes sequence, previous hash and hash of entries[from..] after `head`.
void rechain(std::vector<vault::AuditEntry>& entries, std::size_t from, vault::ChainHead head);

// mamori-logd's protocol over a SyntheticLog, on 127.0.0.1 (a free port), one thread.
class LogdTestServer {
public:
    explicit LogdTestServer(SyntheticLog& log, std::uint64_t maxEntries = 10000);
    ~LogdTestServer();
    LogdTestServer(const LogdTestServer&) = delete;
    LogdTestServer& operator=(const LogdTestServer&) = delete;

    // Empty on success, else why not.
    std::string start();
    void stop();
    std::string url() const;

    // Hooks (set before a pull; read under the server's lock).
    std::function<void(std::vector<std::uint8_t>&)> tamperBundle; // changes a served bundle
    std::optional<std::string> headDeviceId;                      // a wrong id in /v1/head
    std::optional<std::uint64_t> reportedHead;                    // a head other than the log's
    int failStatus = 0;                                           // answer every bundle with this status
    bool cacheBundles = false; // keep each bundle made (benchmarks: the device's cost is not the admin's)
    std::atomic<int> headRequests{0};
    std::atomic<int> bundleRequests{0};
    std::mutex lock; // held while a request reads the log: take it to change the log during a test

private:
    friend struct LogdTestServerAccess;
    SyntheticLog& m_log;
    std::uint64_t m_maxEntries;
    MHD_Daemon* m_daemon = nullptr;
    std::uint16_t m_port = 0;
    std::map<std::uint64_t, std::vector<std::uint8_t>> m_cache;
};

// A private PostgreSQL 15 server in a temporary directory (unix socket only, trust auth, superuser
// "mamori"). As root, it runs as "nobody" (PostgreSQL refuses to run as root).
class PostgresServer {
public:
    PostgresServer() = default;
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // Empty on success, else why not (naming the missing package). `durable`: fsync on (benchmarks).
    std::string start(bool durable = false);
    void stop();
    // postgresql:///DB?host=DIR&port=P&user=mamori
    std::string uri(const std::string& database = "postgres") const;
    // Runs SQL with psql; empty on success, else the error output.
    std::string psql(const std::string& sql, const std::string& database = "postgres") const;
    std::string createDatabase(const std::string& name) const;

private:
    std::string run(const QStringList& command) const;

    std::filesystem::path m_dir;
    bool m_started = false;
    bool m_asNobody = false;
};

struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
};
// Runs $MAMORI_ADMIN with `arguments` (and the environment given, on top of the test's).
CliResult runAdmin(const QStringList& arguments, const QProcessEnvironment& environment = QProcessEnvironment());
// The mamori-admin executable (MAMORI_ADMIN); empty and a message if unset.
QString adminProgram();

// PDF checks with poppler-utils: the text in content order (pdftotext -raw: a wrapped cell stays together), the page
// count (pdfinfo), and the share of non-white pixels on page 1 rendered at 50 dpi (pdftoppm -gray). Each sets `error`
// (naming the package when a tool is missing) and returns empty / 0 on failure.
std::string pdfText(const std::filesystem::path& pdf, std::string& error);
// For comparing text extracted from a PDF: NFKC (Qt's PDF text layer maps a CJK glyph shared with a
// Kangxi radical, 人 and ⼈, to the radical; NFKC folds it back) and no white space at all (table cells
// wrap where they like). Pass needles through it too.
std::string nfkc(const std::string& text);
int pdfPages(const std::filesystem::path& pdf, std::string& error);
double pdfInk(const std::filesystem::path& pdf, std::string& error);

// Writes bytes to a file (for the CLI tests).
void writeFile(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes);
void writeText(const std::filesystem::path& path, const std::string& text);
std::string readText(const std::filesystem::path& path);

} // namespace mamori::test
