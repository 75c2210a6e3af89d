// SPDX-License-Identifier: GPL-3.0-or-later
// Test support for mamori-admin (admin_test_support.h).

#include "tests/provisioning/admin/admin_test_support.h"

#include <QProcess>
#include <QRegularExpression>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace mamori::test {

const std::string kClerkCardA = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2";
const std::string kClerkCardB = "b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3";
const std::string kOfficerCard = "c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4";
const std::string kAdminCard = "d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5";

namespace {

using vault::AuditAction;
using vault::AuditEntry;
using vault::AuditRole;

std::string subjectOf(std::size_t k)
{
    char tail[16];
    std::snprintf(tail, sizeof tail, "%08zx", k);
    return std::string("a1b2c3d4e5f6a7b8c9d0e1f2") + tail;
}

std::string employeeOf(std::size_t k)
{
    char code[16];
    std::snprintf(code, sizeof code, "E%04zu", k + 1);
    return code;
}

template <typename T> void putBigEndian(std::vector<std::uint8_t>& out, T value)
{
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out.push_back(std::uint8_t(std::uint64_t(value) >> (8 * (sizeof(T) - 1 - i))));
}

void putBytes(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes)
{
    out.insert(out.end(), bytes.begin(), bytes.end());
}

void putText(std::vector<std::uint8_t>& out, std::string_view text) { out.insert(out.end(), text.begin(), text.end()); }

void checkpointIfDue(SyntheticLog& log, bool last)
{
    const std::uint64_t sequence = log.entries.back().sequence;
    if (!last && sequence % log.checkpointEvery != 0)
        return;
    if (!log.checkpoints.empty() && log.checkpoints.back().sequence == sequence)
        return;
    log.checkpoints.push_back(vault::signCheckpoint(vault::headOf(log.entries.back()), ++log.counter,
                                                    log.entries.back().timeMs + 100, log.seed)
                                  .value());
}

} // namespace

AuditEntry syntheticDraft(const std::string& deviceId, std::size_t i, std::int64_t timeMs)
{
    AuditEntry e;
    e.timeMs = timeMs;
    e.deviceId = deviceId;
    e.result = vault::auditResultOk();
    const std::size_t k = (i / 20) % 50;
    auto clerk = [&](const std::string& card, AuditAction action) {
        e.actor = card;
        e.role = AuditRole::Clerk;
        e.action = action;
    };
    auto subject = [&](const char* purpose) {
        e.subjectId = subjectOf(k);
        e.employeeCode = employeeOf(k);
        e.purpose = purpose;
    };
    auto signedBy = [&](bool second) {
        e.cardSignature.assign(64, std::uint8_t(i));
        if (second)
            e.secondSignature.assign(64, std::uint8_t(i + 1));
    };
    switch (i % 20) {
    case 0:
        clerk(kClerkCardA, AuditAction::Login);
        break;
    case 1:
        clerk(kClerkCardA, AuditAction::List);
        e.detail = "page=1";
        break;
    case 2:
        clerk(kClerkCardA, AuditAction::View);
        subject("");
        break;
    case 3:
        clerk(kClerkCardA, AuditAction::Reveal);
        subject("withholding");
        signedBy(false);
        break;
    case 4:
        clerk(kClerkCardA, AuditAction::Register);
        subject("withholding");
        break;
    case 5:
        clerk(kClerkCardA, AuditAction::Logout);
        e.detail = "logout";
        break;
    case 6:
        clerk(kClerkCardB, AuditAction::LoginFailed);
        e.result = vault::auditResultRefused(ErrorCode::PermissionDenied);
        e.detail = "bad signature";
        break;
    case 7:
        clerk(kClerkCardB, AuditAction::Login);
        break;
    case 8:
        clerk(kClerkCardB, AuditAction::Search);
        e.detail = "kana prefix";
        break;
    case 9:
        clerk(kClerkCardB, AuditAction::Reveal);
        subject("social_insurance");
        signedBy(false);
        break;
    case 10:
        clerk(kClerkCardB, AuditAction::Edit);
        subject("social_insurance");
        break;
    case 11:
        clerk(kClerkCardB, AuditAction::ExportRequest);
        e.detail = "subjects=25";
        break;
    case 12:
        e.actor = kOfficerCard;
        e.role = AuditRole::Officer;
        e.action = AuditAction::ExportApprove;
        e.detail = "subjects=25";
        signedBy(true);
        break;
    case 13:
        clerk(kClerkCardB, AuditAction::Export);
        e.purpose = "withholding";
        e.detail = "subjects=25";
        signedBy(false);
        break;
    case 14:
        clerk(kClerkCardB, AuditAction::Lock);
        e.detail = "idle_timeout";
        break;
    case 15:
        e.actor = kOfficerCard;
        e.role = AuditRole::Officer;
        e.action = AuditAction::Login;
        break;
    case 16:
        e.actor = kOfficerCard;
        e.role = AuditRole::Officer;
        e.action = AuditAction::List;
        e.detail = "page=1";
        break;
    case 17:
        e.actor = std::string(vault::kSystemActor);
        e.role = AuditRole::System;
        e.action = AuditAction::Alert;
        e.detail = "out of hours activity";
        break;
    case 18:
        e.actor = kOfficerCard;
        e.role = AuditRole::Officer;
        e.action = AuditAction::Logout;
        break;
    default:
        if (i % 500 == 459) {
            e.actor = kOfficerCard;
            e.role = AuditRole::Officer;
            e.action = AuditAction::DisposalApprove;
            subject("");
            e.detail = "request 1";
            signedBy(false);
        } else if (i % 500 == 479) {
            clerk(kClerkCardA, AuditAction::DisposalRequest);
            subject("");
            e.detail = "request 1";
        } else if (i % 500 == 499) {
            clerk(kClerkCardA, AuditAction::DisposalExecute);
            subject("");
            e.detail = "request 1 disposed 2";
        } else {
            e.actor = std::string(vault::kSystemActor);
            e.role = AuditRole::System;
            e.action = AuditAction::LogExport;
            e.detail = "log pull";
        }
        break;
    }
    return e;
}

SyntheticLog makeLog(const LogSpec& spec)
{
    SyntheticLog log;
    log.deviceId = spec.deviceId;
    std::array<std::uint8_t, 32> seed{};
    for (std::size_t i = 0; i < seed.size(); ++i)
        seed[i] = std::uint8_t(spec.seedByte + i);
    log.seed = SecretBuffer::copyOf(seed).value();
    log.publicKey = vault::devicePublicKey(log.seed).value();
    log.checkpointEvery = spec.checkpointEvery;
    log.startMs = spec.startMs;
    log.stepMs = spec.stepMs;
    extendLog(log, spec.entries);
    return log;
}

void extendLog(SyntheticLog& log, std::size_t count)
{
    log.entries.reserve(log.entries.size() + count);
    for (std::size_t n = 0; n < count; ++n) {
        const std::size_t i = log.entries.size();
        const vault::ChainHead head = log.entries.empty() ? vault::kGenesisHead : vault::headOf(log.entries.back());
        log.entries.push_back(
            vault::makeNext(head, syntheticDraft(log.deviceId, i, log.startMs + std::int64_t(i) * log.stepMs)).value());
        checkpointIfDue(log, n + 1 == count);
    }
}

void appendDrafts(SyntheticLog& log, const std::vector<AuditEntry>& drafts)
{
    for (std::size_t n = 0; n < drafts.size(); ++n) {
        const vault::ChainHead head = log.entries.empty() ? vault::kGenesisHead : vault::headOf(log.entries.back());
        log.entries.push_back(vault::makeNext(head, drafts[n]).value());
        checkpointIfDue(log, n + 1 == drafts.size());
    }
}

std::vector<std::uint8_t> exportRange(const SyntheticLog& log, std::uint64_t first, std::uint64_t last,
                                      std::int64_t createdMs)
{
    const auto range = std::span(log.entries).subspan(first - 1, last - first + 1);
    auto bytes = vault::exportBundle(range, log.checkpoints, log.deviceId, log.seed, createdMs);
    if (!bytes.ok())
        qFatal("exportBundle: %s", bytes.error().describe().c_str());
    return std::move(bytes).value();
}

std::vector<std::uint8_t> exportAll(const SyntheticLog& log) { return exportRange(log, 1, log.entries.size()); }

std::uint64_t cutAt(const SyntheticLog& log, std::uint64_t after, std::uint64_t maxEntries)
{
    const std::uint64_t head = log.entries.size();
    if (head <= after + maxEntries)
        return head;
    std::uint64_t best = 0;
    for (const vault::Checkpoint& c : log.checkpoints) {
        if (c.sequence > after && c.sequence <= after + maxEntries)
            best = c.sequence;
        if (c.sequence > after + maxEntries && best == 0)
            return c.sequence;
    }
    return best ? best : head;
}

BundleParts partsOf(const SyntheticLog& log, std::size_t fromIndex)
{
    BundleParts p;
    p.deviceId = log.deviceId;
    p.entries.assign(log.entries.begin() + std::ptrdiff_t(fromIndex), log.entries.end());
    p.first = p.entries.front().sequence;
    p.anchor = p.entries.front().prevHash;
    for (const vault::Checkpoint& c : log.checkpoints)
        if (c.sequence + 1 >= p.first)
            p.checkpoints.push_back(c);
    return p;
}

std::vector<std::uint8_t> writeBundle(const BundleParts& p, const vault::DeviceSigner& signer)
{
    std::vector<std::uint8_t> out;
    putText(out, vault::kAuditBundleMagic);
    putBigEndian(out, std::uint16_t(p.deviceId.size()));
    putText(out, p.deviceId);
    putBytes(out, p.key.value_or(signer.publicKey()));
    putBigEndian(out, p.first);
    putBigEndian(out, p.last ? p.last : p.first + p.entries.size() - 1);
    putBytes(out, p.anchor);
    putBigEndian(out, p.created);
    putBigEndian(out, std::uint32_t(0)); // no certificate
    putBigEndian(out, std::uint32_t(p.entries.size()));

    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, 64);
    crypto_generichash_update(&state, out.data(), out.size());
    for (const AuditEntry& e : p.entries) {
        const auto encoded = vault::encodeEntry(e).value();
        putBigEndian(out, std::uint32_t(encoded.size()));
        putBytes(out, encoded);
        crypto_generichash_update(&state, e.hash.data(), e.hash.size());
    }
    const std::size_t checkpointsStart = out.size();
    putBigEndian(out, std::uint32_t(p.checkpoints.size()));
    for (const vault::Checkpoint& c : p.checkpoints) {
        const auto record = vault::encodeCheckpoint(c);
        putBytes(out, record);
    }
    crypto_generichash_update(&state, out.data() + checkpointsStart, out.size() - checkpointsStart);
    std::array<std::uint8_t, 64> digest{};
    crypto_generichash_final(&state, digest.data(), digest.size());
    std::vector<std::uint8_t> message;
    putText(message, vault::kAuditBundleSignatureDomain);
    putBytes(message, digest);
    putBytes(out, signer.sign(message));
    return out;
}

vault::DeviceSigner signerOf(const SyntheticLog& log) { return vault::DeviceSigner::fromSeed(log.seed).value(); }

void rechain(std::vector<AuditEntry>& entries, std::size_t from, vault::ChainHead head)
{
    for (std::size_t i = from; i < entries.size(); ++i) {
        entries[i].sequence = head.sequence + 1;
        entries[i].prevHash = head.hash;
        entries[i].hash = vault::computeEntryHash(entries[i]).value();
        head = vault::headOf(entries[i]);
    }
}

// ---- LogdTestServer ------------------------------------------------------------------------------

struct LogdTestServerAccess {
    static MHD_Result reply(MHD_Connection* connection, unsigned status, const std::string& body,
                            std::optional<std::uint64_t> head, const char* contentType)
    {
        MHD_Response* response =
            MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
        if (head)
            MHD_add_response_header(response, "Mamori-Head-Sequence", std::to_string(*head).c_str());
        if (contentType)
            MHD_add_response_header(response, "Content-Type", contentType);
        const MHD_Result queued = MHD_queue_response(connection, status, response);
        MHD_destroy_response(response);
        return queued;
    }

    static MHD_Result handle(void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
                             const char*, size_t*, void**)
    {
        auto* server = static_cast<LogdTestServer*>(cls);
        if (std::strcmp(method, "GET") != 0)
            return reply(connection, 405, "", std::nullopt, nullptr);
        std::lock_guard guard(server->lock);
        const SyntheticLog& log = server->m_log;
        const std::uint64_t head = server->reportedHead.value_or(log.entries.size());
        if (std::strcmp(url, "/v1/head") == 0) {
            ++server->headRequests;
            const std::string body = "{\"deviceId\":\"" + server->headDeviceId.value_or(log.deviceId) +
                                     "\",\"headSequence\":" + std::to_string(head) + "}";
            return reply(connection, 200, body, std::nullopt, "application/json");
        }
        if (std::strcmp(url, "/v1/bundle") != 0)
            return reply(connection, 404, "", std::nullopt, nullptr);
        ++server->bundleRequests;
        if (server->failStatus)
            return reply(connection, unsigned(server->failStatus), "", std::nullopt, nullptr);
        const char* afterText = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, "after");
        std::uint64_t after = 0;
        if (!afterText || std::from_chars(afterText, afterText + std::strlen(afterText), after).ec != std::errc())
            return reply(connection, 400, "", std::nullopt, nullptr);
        if (after >= log.entries.size())
            return reply(connection, 204, "", head, nullptr);
        const std::uint64_t last = cutAt(log, after, server->m_maxEntries);
        std::vector<std::uint8_t> bytes;
        if (const auto cached = server->m_cache.find(after); server->cacheBundles && cached != server->m_cache.end()) {
            bytes = cached->second;
        } else {
            bytes = exportRange(log, after + 1, last);
            if (server->cacheBundles)
                server->m_cache[after] = bytes;
        }
        if (server->tamperBundle)
            server->tamperBundle(bytes);
        return reply(connection, 200, std::string(bytes.begin(), bytes.end()), head, "application/octet-stream");
    }
};

LogdTestServer::LogdTestServer(SyntheticLog& log, std::uint64_t maxEntries) : m_log(log), m_maxEntries(maxEntries) {}

LogdTestServer::~LogdTestServer() { stop(); }

std::string LogdTestServer::start()
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = 0;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    m_daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, nullptr, nullptr, &LogdTestServerAccess::handle,
                                this, MHD_OPTION_SOCK_ADDR, &address, MHD_OPTION_END);
    if (!m_daemon)
        return "libmicrohttpd did not start";
    const MHD_DaemonInfo* info = MHD_get_daemon_info(m_daemon, MHD_DAEMON_INFO_BIND_PORT);
    if (!info || info->port == 0)
        return "libmicrohttpd has no port";
    m_port = info->port;
    return {};
}

void LogdTestServer::stop()
{
    if (m_daemon) {
        MHD_stop_daemon(m_daemon);
        m_daemon = nullptr;
    }
}

std::string LogdTestServer::url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

// ---- PostgresServer ------------------------------------------------------------------------------

namespace {
const char* kPgBin = "/usr/lib/postgresql/15/bin";
}

PostgresServer::~PostgresServer() { stop(); }

std::string PostgresServer::run(const QStringList& command) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    QStringList full = command;
    QString program = full.takeFirst();
    if (m_asNobody) {
        full.prepend(program);
        full = QStringList{"--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"} + full;
        program = "setpriv";
    }
    process.start(program, full);
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return program.toStdString() + " did not finish";
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QString::fromUtf8(process.readAll()).toStdString();
    return {};
}

std::string PostgresServer::start(bool durable)
{
    const std::string initdb = std::string(kPgBin) + "/initdb";
    if (::access(initdb.c_str(), X_OK) != 0)
        return "PostgreSQL 15 server binaries are missing (" + initdb + "): apt install postgresql";
    char pattern[] = "/tmp/mamori-pg-XXXXXX";
    if (!::mkdtemp(pattern))
        return "mkdtemp failed";
    m_dir = pattern;
    m_asNobody = ::geteuid() == 0;
    if (m_asNobody && ::chown(m_dir.c_str(), 65534, 65534) != 0)
        return "cannot hand the temporary directory to nobody";
    const QString dir = QString::fromStdString(m_dir.string());
    if (auto error = run({QString::fromStdString(initdb), "-D", dir + "/data", "-U", "mamori", "--auth=trust",
                          "--encoding=UTF8", "--locale=C", "--no-sync"});
        !error.empty())
        return "initdb failed: " + error;
    QString options = "-k " + dir + " -c listen_addresses= -p 5432";
    if (!durable)
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    if (auto error = run({QString(kPgBin) + "/pg_ctl", "-D", dir + "/data", "-l", dir + "/server.log", "-o", options,
                          "-w", "-t", "60", "start"});
        !error.empty())
        return "pg_ctl start failed: " + error;
    m_started = true;
    return {};
}

void PostgresServer::stop()
{
    if (m_started) {
        (void)run({QString(kPgBin) + "/pg_ctl", "-D", QString::fromStdString((m_dir / "data").string()), "-m", "fast",
                   "-w", "stop"});
        m_started = false;
    }
    if (!m_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
        m_dir.clear();
    }
}

std::string PostgresServer::uri(const std::string& database) const
{
    return "postgresql:///" + database + "?host=" + m_dir.string() + "&port=5432&user=mamori";
}

std::string PostgresServer::psql(const std::string& sql, const std::string& database) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QString(kPgBin) + "/psql",
                  {"-v", "ON_ERROR_STOP=1", "-q", "-d", QString::fromStdString(uri(database)), "-c",
                   QString::fromStdString(sql)});
    if (!process.waitForFinished(60000))
        return "psql did not finish";
    if (process.exitCode() != 0)
        return QString::fromUtf8(process.readAll()).toStdString();
    return {};
}

std::string PostgresServer::createDatabase(const std::string& name) const { return psql("CREATE DATABASE " + name); }

// ---- the CLI -------------------------------------------------------------------------------------

QString adminProgram() { return qEnvironmentVariable("MAMORI_ADMIN"); }

CliResult runAdmin(const QStringList& arguments, const QProcessEnvironment& environment)
{
    CliResult result;
    const QString program = adminProgram();
    if (program.isEmpty()) {
        result.err = "MAMORI_ADMIN is not set (CTest sets it)";
        return result;
    }
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : environment.keys())
        env.insert(key, environment.value(key));
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    if (!process.waitForFinished(600000)) {
        process.kill();
        process.waitForFinished();
        result.err = "mamori-admin did not finish";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

namespace {

// Runs a poppler tool; its standard output, or an error naming the package.
std::string poppler(const QString& tool, const QStringList& arguments, std::string& error)
{
    if (::access(("/usr/bin/" + tool.toStdString()).c_str(), X_OK) != 0) {
        error = tool.toStdString() + " is missing: apt install poppler-utils";
        return {};
    }
    QProcess process;
    process.start("/usr/bin/" + tool, arguments);
    if (!process.waitForFinished(120000) || process.exitCode() != 0) {
        error = tool.toStdString() + " failed: " + QString::fromUtf8(process.readAllStandardError()).toStdString();
        return {};
    }
    return process.readAllStandardOutput().toStdString();
}

} // namespace

std::string pdfText(const std::filesystem::path& pdf, std::string& error)
{
    return poppler("pdftotext", {"-raw", "-enc", "UTF-8", QString::fromStdString(pdf.string()), "-"}, error);
}

std::string nfkc(const std::string& text)
{
    QString folded = QString::fromStdString(text).normalized(QString::NormalizationForm_KC);
    folded.remove(QRegularExpression(QStringLiteral("\\s")));
    return folded.toStdString();
}

int pdfPages(const std::filesystem::path& pdf, std::string& error)
{
    const std::string info = poppler("pdfinfo", {QString::fromStdString(pdf.string())}, error);
    const auto at = info.find("Pages:");
    if (at == std::string::npos) {
        if (error.empty())
            error = "pdfinfo shows no page count";
        return 0;
    }
    return std::atoi(info.c_str() + at + 6);
}

double pdfInk(const std::filesystem::path& pdf, std::string& error)
{
    const std::filesystem::path prefix = pdf.parent_path() / (pdf.stem().string() + "-page");
    (void)poppler("pdftoppm",
                  {"-gray", "-r", "50", "-f", "1", "-l", "1", "-singlefile", QString::fromStdString(pdf.string()),
                   QString::fromStdString(prefix.string())},
                  error);
    if (!error.empty())
        return 0;
    // pdftoppm -gray writes a binary PGM: "P5\n<w> <h>\n255\n" then w*h bytes.
    const std::string pgm = readText(prefix.string() + ".pgm");
    std::istringstream header(pgm);
    std::string magic;
    int width = 0, height = 0, maxValue = 0;
    header >> magic >> width >> height >> maxValue;
    const auto offset = static_cast<std::size_t>(header.tellg()) + 1;
    if (magic != "P5" || width <= 0 || height <= 0 || pgm.size() < offset + std::size_t(width) * std::size_t(height)) {
        error = "pdftoppm wrote no readable page image";
        return 0;
    }
    std::size_t dark = 0;
    for (std::size_t i = 0; i < std::size_t(width) * std::size_t(height); ++i)
        if (static_cast<unsigned char>(pgm[offset + i]) < 160)
            ++dark;
    return double(dark) / double(std::size_t(width) * std::size_t(height));
}

void writeFile(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

void writeText(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

std::string readText(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

} // namespace mamori::test
