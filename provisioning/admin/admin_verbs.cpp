// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-admin's verbs (admin_verbs.h): wiring the library to the command line, and the only
// place besides main that prints.

#include "provisioning/admin/admin_verbs.h"

#include "provisioning/admin/admin_util.h"
#include "provisioning/admin/archive_store.h"
#include "provisioning/admin/audit_report.h"
#include "provisioning/admin/bundle_file.h"
#include "provisioning/admin/damage_text.h"
#include "provisioning/admin/device_config.h"
#include "provisioning/admin/disposal_certificate.h"
#include "provisioning/admin/fleet_status.h"
#include "provisioning/admin/logd_client.h"
#include "provisioning/admin/number_fence.h"
#include "provisioning/admin/pdf_writer.h"
#include "provisioning/admin/puller.h"
#include "services/common/file_io.h"
#include "services/vault/audit_bundle.h"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace mamori::admin {

bool ensureGuiApplication(); // admin_main.cpp

namespace {

namespace fs = std::filesystem;

void say(const std::string& text) { std::fputs((text + "\n").c_str(), stdout); }
void complain(const std::string& text) { std::fputs(("mamori-admin: " + text + "\n").c_str(), stderr); }

std::string homeDirectory()
{
    const char* home = std::getenv("HOME");
    return home && *home ? home : "/";
}

fs::path defaultConfigPath()
{
    if (const char* set = std::getenv("MAMORI_ADMIN_CONFIG"); set && *set)
        return set;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return fs::path(xdg) / "mamori-admin" / "config.toml";
    return fs::path(homeDirectory()) / ".config" / "mamori-admin" / "config.toml";
}

std::string defaultStoreSpec()
{
    if (const char* set = std::getenv("MAMORI_ADMIN_STORE"); set && *set)
        return set;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return (fs::path(xdg) / "mamori-admin" / "archive.sqlite").string();
    return (fs::path(homeDirectory()) / ".local" / "share" / "mamori-admin" / "archive.sqlite").string();
}

bool isPostgres(const std::string& spec)
{
    return spec.starts_with("postgresql://") || spec.starts_with("postgres://");
}

// The configuration: required for pull; otherwise optional unless named explicitly.
Result<AdminConfig> loadConfig(const Arguments& args, bool required)
{
    const bool named = args.has("--config");
    const fs::path path = named ? fs::path(args.value("--config")) : defaultConfigPath();
    std::error_code ec;
    if (!named && !required && !fs::exists(path, ec))
        return AdminConfig{};
    auto config = loadAdminConfig(path);
    if (!config.ok()) {
        if (config.code() == ErrorCode::NotFound)
            return Error(ErrorCode::NotFound, "no configuration at " + path.string() + " (--config FILE)");
        return Error(config.code(), path.string() + ": " + config.error().context());
    }
    return config;
}

std::optional<std::string> storeSpecOf(const Arguments& args, bool createDefault)
{
    if (args.has("--store"))
        return args.value("--store");
    const std::string spec = defaultStoreSpec();
    std::error_code ec;
    if (!createDefault && !isPostgres(spec) && !fs::exists(spec, ec))
        return std::nullopt;
    return spec;
}

Result<std::unique_ptr<ArchiveStore>> openStore(const std::string& spec)
{
    if (!isPostgres(spec)) {
        const fs::path parent = fs::path(spec).parent_path();
        std::error_code ec;
        if (!parent.empty() && !fs::exists(parent, ec)) {
            fs::create_directories(parent, ec);
            if (ec)
                return Error(ErrorCode::StorageIo, "cannot create " + parent.string() + ": " + ec.message());
            ::chmod(parent.c_str(), 0700);
        }
        struct stat info {};
        if (::stat(spec.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
            char mode[8];
            std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
            complain("warning: the archive " + spec + " has mode " + mode +
                     ": others may read it (chmod 600 it, and its -wal and -shm files)");
        }
    }
    auto store = openArchive(spec);
    if (!store.ok()) {
        complain("the archive could not be opened: " + store.error().describe());
        return std::move(store).error();
    }
    return store;
}

std::optional<vault::PublicKey> parseKey(std::string text)
{
    std::erase(text, ' ');
    return fixedFromHex<vault::kPublicKeyBytes>(text);
}

std::optional<std::uint64_t> parseCount(const std::string& text)
{
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

Language languageOf(const Arguments& args, bool& ok)
{
    const std::string lang = args.value("--lang", "ja");
    ok = lang == "ja" || lang == "en";
    return lang == "en" ? Language::English : Language::Japanese;
}

// Writes an output file owner-only and atomically; "-" is stdout.
int writeOutput(const std::string& path, std::string_view bytes)
{
    if (path == "-") {
        std::fwrite(bytes.data(), 1, bytes.size(), stdout);
        return kExitOk;
    }
    // The file is replaced by a rename: never over a device, a pipe, a directory or a symbolic link
    // (`--out /dev/null` would replace the device node itself).
    struct stat existing {};
    if (::lstat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
        complain("not writing " + path + ": it exists and is not a regular file (use - for standard output)");
        return kExitIo;
    }
    const Status written = writeFileAtomically(
        path, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0600);
    if (!written.ok()) {
        complain("cannot write " + path + ": " + written.error().describe());
        return kExitIo;
    }
    return kExitOk;
}

void printDamage(const std::string& prefix, const vault::VerifyReport& report, const std::string& headline = {})
{
    const DamageExplanation explanation = explainDamage(report);
    say(prefix + "DAMAGED: " + (headline.empty() ? explanation.headline : headline));
    for (const std::string& line : explanation.lines)
        say(prefix + "  " + line);
}

int pullExit(PullStatus status)
{
    switch (status) {
    case PullStatus::Ok:
        return kExitOk;
    case PullStatus::Damaged:
        return kExitDamaged;
    case PullStatus::Untrusted:
        return kExitUntrusted;
    case PullStatus::Network:
        return kExitIo;
    case PullStatus::Store:
        return kExitArchive;
    }
    return kExitArchive;
}

// Damage outranks distrust outranks the archive outranks the network.
int worse(int a, int b)
{
    auto rank = [](int code) {
        switch (code) {
        case kExitDamaged:
            return 4;
        case kExitUntrusted:
            return 3;
        case kExitArchive:
            return 2;
        case kExitIo:
            return 1;
        default:
            return 0;
        }
    };
    return rank(b) > rank(a) ? b : a;
}

void printPull(const PullResult& r)
{
    const std::string prefix =
        (checkValue(r.deviceId, "device id").ok() ? r.deviceId : std::string("(device id withheld)")) + ": ";
    if (r.pinnedNow)
        say(prefix + "pinned device key " + groupedHex(toHex(*r.pinnedNow)) +
            " (trust on first use): compare it with the device's identity file");
    switch (r.status) {
    case PullStatus::Ok:
        say(prefix + r.message + "; archived head " + std::to_string(r.archivedHead.sequence) +
            (r.deviceHead ? ", device head " + std::to_string(*r.deviceHead) : std::string()) + " (" +
            std::to_string(r.bundles) + " bundle(s))");
        break;
    case PullStatus::Damaged:
        if (r.report) {
            printDamage(prefix, *r.report, r.message);
        } else {
            say(prefix + "DAMAGED: " + r.message);
        }
        say(prefix + "  nothing of the refused bundle was stored; the archive ends at " +
            std::to_string(r.archivedHead.sequence) +
            (r.entriesStored ? " (" + std::to_string(r.entriesStored) + " entries stored before it)" : std::string()));
        break;
    case PullStatus::Untrusted:
        say(prefix + "UNTRUSTED: " + r.message);
        break;
    case PullStatus::Network:
        say(prefix + "NETWORK: " + r.message +
            (r.entriesStored ? " (" + std::to_string(r.entriesStored) + " entries stored before it)" : std::string()));
        break;
    case PullStatus::Store:
        say(prefix + "ARCHIVE: " + r.message);
        break;
    }
}

} // namespace

std::string Arguments::value(const std::string& name, const std::string& fallback) const
{
    const auto it = values.find(name);
    return it == values.end() || it->second.empty() ? fallback : it->second.back();
}

int verifyVerb(const Arguments& args)
{
    if (args.positional.size() != 1) {
        complain("verify takes one bundle file (mamori-admin verify --help)");
        return kExitUsage;
    }
    vault::BundleVerifyOptions options;
    options.keepEntries = false;
    std::optional<vault::PublicKey> key;
    if (args.has("--key")) {
        key = parseKey(args.value("--key"));
        if (!key) {
            complain("--key takes the device's Ed25519 public key: 64 hex characters (spaces allowed)");
            return kExitUsage;
        }
    }
    if (args.has("--after-head")) {
        const std::string text = args.value("--after-head");
        const auto colon = text.find(':');
        std::string hash = colon == std::string::npos ? std::string() : text.substr(colon + 1);
        std::erase(hash, ' ');
        const auto sequence = colon == std::string::npos ? std::nullopt : parseCount(text.substr(0, colon));
        const auto parsed = fixedFromHex<vault::kAuditHashBytes>(hash);
        if (!sequence || !parsed) {
            complain("--after-head takes SEQUENCE:HASH, the head a previous verification printed");
            return kExitUsage;
        }
        options.expectedAnchor = vault::ChainHead{*sequence, *parsed};
    }
    if (args.has("--min-counter")) {
        options.minimumCounter = parseCount(args.value("--min-counter"));
        if (!options.minimumCounter) {
            complain("--min-counter takes a whole number");
            return kExitUsage;
        }
    }
    if (args.has("--max-uncheckpointed")) {
        options.maxEntriesWithoutCheckpoint = parseCount(args.value("--max-uncheckpointed"));
        if (!options.maxEntriesWithoutCheckpoint || *options.maxEntriesWithoutCheckpoint == 0) {
            complain("--max-uncheckpointed takes a positive whole number");
            return kExitUsage;
        }
    }
    const std::string path = args.positional.front();
    auto mapped = MappedFile::open(path, vault::kMaxBundleBytes);
    if (!mapped.ok()) {
        if (mapped.code() == ErrorCode::TooLarge) {
            say("DAMAGED: " + path + " is larger than any bundle (512 MiB): not an audit bundle");
            return kExitDamaged;
        }
        complain("cannot read " + path + ": " + mapped.error().describe());
        return kExitIo;
    }
    const vault::BundleVerification v = vault::verifyBundle(mapped.value().bytes(), key, options);
    if (v.parsed) {
        const vault::AuditBundle& b = v.bundle;
        const std::string device =
            checkValue(b.deviceId, "device id").ok() ? b.deviceId : std::string("(withheld: reads as a number)");
        say("bundle: device " + device + ", sequences " + std::to_string(b.firstSequence) + "-" +
            std::to_string(b.lastSequence) + " (" + std::to_string(b.lastSequence - b.firstSequence + 1) +
            " entries), " + std::to_string(b.checkpoints.size()) + " checkpoints, created " + formatJst(b.createdMs) +
            " JST");
        say("device key: " + groupedHex(toHex(b.devicePublicKey)));
        if (key)
            say(std::string("  pinned with --key: ") + (*key == b.devicePublicKey ? "the same key" : "ANOTHER key"));
        else
            say("  not pinned (no --key): a clean result only proves the bundle is consistent under the key it "
                "carries");
    }
    if (!v.report.clean()) {
        printDamage("", v.report);
        return kExitDamaged;
    }
    const vault::VerifyReport& r = v.report;
    say("OK: no damage found: " + std::to_string(r.entriesVerified) + " entries and " +
        std::to_string(r.checkpointsVerified) + " checkpoints verify; head " + std::to_string(r.head.sequence) +
        (r.newestCounter ? ", newest TPM counter " + std::to_string(*r.newestCounter) : std::string()));
    say("to check that the next bundle continues this one: --after-head '" + std::to_string(r.head.sequence) + ":" +
        groupedHex(toHex(r.head.hash)) + "'");
    return kExitOk;
}

int pullVerb(const Arguments& args)
{
    auto config = loadConfig(args, true);
    if (!config.ok()) {
        complain(config.error().context());
        return config.code() == ErrorCode::NotFound ? kExitIo : kExitUsage;
    }
    std::vector<const DeviceConfig*> devices;
    if (args.positional.empty()) {
        for (const DeviceConfig& device : config.value().devices)
            devices.push_back(&device);
        if (devices.empty()) {
            complain("the configuration names no device ([[device]])");
            return kExitUsage;
        }
    }
    for (const std::string& id : args.positional) {
        const DeviceConfig* device = config.value().find(id);
        if (!device) {
            complain("device '" + id + "' is not in the configuration");
            return kExitUsage;
        }
        devices.push_back(device);
    }
    auto store = openStore(*storeSpecOf(args, true));
    if (!store.ok())
        return kExitArchive;
    auto client = LogdClient::create();
    if (!client.ok()) {
        complain("HTTP client: " + client.error().describe());
        return kExitIo;
    }
    PullOptions options;
    options.trustOnFirstUse = args.has("--tofu");
    int code = kExitOk;
    for (const DeviceConfig* device : devices) {
        const PullResult result = pullDevice(*store.value(), client.value(), *device, options);
        printPull(result);
        code = worse(code, pullExit(result.status));
    }
    return code;
}

int importVerb(const Arguments& args)
{
    if (args.positional.size() != 1) {
        complain("import takes one bundle file (mamori-admin import --help)");
        return kExitUsage;
    }
    auto config = loadConfig(args, false);
    if (!config.ok()) {
        complain(config.error().context());
        return kExitUsage;
    }
    const DeviceConfig* device = nullptr;
    if (args.has("--device")) {
        device = config.value().find(args.value("--device"));
        if (!device) {
            complain("device '" + args.value("--device") + "' is not in the configuration");
            return kExitUsage;
        }
    }
    PullOptions options;
    options.trustOnFirstUse = args.has("--tofu");
    if (args.has("--key")) {
        options.key = parseKey(args.value("--key"));
        if (!options.key) {
            complain("--key takes the device's Ed25519 public key: 64 hex characters (spaces allowed)");
            return kExitUsage;
        }
    }
    auto bytes = readBundleFile(args.positional.front(), vault::kMaxBundleBytes);
    if (!bytes.ok()) {
        complain("cannot read " + args.positional.front() + ": " + bytes.error().describe());
        return bytes.code() == ErrorCode::TooLarge ? kExitDamaged : kExitIo;
    }
    auto store = openStore(*storeSpecOf(args, true));
    if (!store.ok())
        return kExitArchive;
    const PullResult result = importBundle(*store.value(), bytes.value(), device, options);
    printPull(result);
    return pullExit(result.status);
}

int reportVerb(const Arguments& args)
{
    bool languageOk = true;
    ReportOptions options;
    options.language = languageOf(args, languageOk);
    if (!languageOk) {
        complain("--lang is ja or en");
        return kExitUsage;
    }
    if (args.has("--from")) {
        options.fromMs = parseJstDate(args.value("--from"));
        if (!options.fromMs) {
            complain("--from takes a date YYYY-MM-DD (JST)");
            return kExitUsage;
        }
    }
    if (args.has("--to")) {
        const auto to = parseJstDate(args.value("--to"));
        if (!to) {
            complain("--to takes a date YYYY-MM-DD (JST); the day is included");
            return kExitUsage;
        }
        options.toMs = *to + kDayMs;
    }
    if (options.fromMs && options.toMs && *options.fromMs >= *options.toMs) {
        complain("--from is after --to");
        return kExitUsage;
    }
    if (const auto it = args.values.find("--device"); it != args.values.end())
        options.devices = it->second;
    options.includeOperations = !args.has("--no-operations");
    options.generatedMs = nowMs();

    const std::string out = args.value("--out", "-");
    std::string format = args.value("--format");
    if (format.empty()) {
        const std::string extension = fs::path(out).extension().string();
        format = extension == ".html" || extension == ".htm" ? "html" : extension == ".pdf" ? "pdf" : "csv";
    }
    if (format != "csv" && format != "html" && format != "pdf") {
        complain("--format is csv, html or pdf");
        return kExitUsage;
    }
    if (format == "pdf" && out == "-") {
        complain("a PDF report needs --out FILE");
        return kExitUsage;
    }
    auto config = loadConfig(args, false);
    if (!config.ok()) {
        complain(config.error().context());
        return kExitUsage;
    }
    options.cardNames = config.value().cardNames;
    const auto spec = storeSpecOf(args, false);
    if (!spec) {
        complain("no archive yet at " + defaultStoreSpec() + ": pull first, or name one with --store");
        return kExitArchive;
    }
    auto store = openStore(*spec);
    if (!store.ok())
        return kExitArchive;
    auto report = buildReport(*store.value(), options);
    if (!report.ok()) {
        complain("no report written: " + report.error().context());
        switch (report.code()) {
        case ErrorCode::NotFound:
            return kExitUsage;
        case ErrorCode::AuditChainBroken:
        case ErrorCode::PermissionDenied:
            return kExitDamaged;
        default:
            return kExitArchive;
        }
    }
    Result<std::string> rendered = format == "csv"    ? renderReportCsv(report.value())
                                   : format == "html" ? renderReportHtml(report.value(), HtmlFlavour::Browser)
                                                      : renderReportHtml(report.value(), HtmlFlavour::Print);
    if (!rendered.ok()) {
        complain("no report written: " + rendered.error().context());
        return kExitDamaged;
    }
    int code = kExitOk;
    if (format == "pdf") {
        if (!ensureGuiApplication()) {
            complain("Qt could not start for the PDF (offscreen platform)");
            return kExitIo;
        }
        PdfOptions pdf;
        pdf.title = options.language == Language::Japanese ? "取扱状況の記録" : "Record of handling";
        pdf.baseFontPoints = 7;
        pdf.landscape = true;
        pdf.marginMillimetres = 10.0;
        auto bytes = renderPdf(rendered.value(), pdf);
        if (!bytes.ok()) {
            complain("PDF: " + bytes.error().describe());
            return kExitIo;
        }
        code = writeOutput(out,
                           std::string_view(reinterpret_cast<const char*>(bytes.value().data()), bytes.value().size()));
    } else {
        code = writeOutput(out, rendered.value());
    }
    if (code == kExitOk && out != "-") {
        std::string devices;
        for (const ReportDevice& d : report.value().devices)
            devices += (devices.empty() ? "" : ", ") + d.deviceId;
        say("report written to " + out + " (" + format + ", " + std::to_string(report.value().entries) +
            " entries; devices: " + (devices.empty() ? std::string("none") : devices) + ")");
    }
    return code;
}

int certificateVerb(const Arguments& args)
{
    if (args.positional.size() != 1) {
        complain("certificate takes one certificate file (mamori-admin certificate --help)");
        return kExitUsage;
    }
    bool languageOk = true;
    const Language language = languageOf(args, languageOk);
    if (!languageOk) {
        complain("--lang is ja or en");
        return kExitUsage;
    }
    const std::string input = args.positional.front();
    std::string format = args.value("--format", "pdf");
    if (format != "pdf" && format != "html") {
        complain("--format is pdf or html");
        return kExitUsage;
    }
    std::string out = args.value("--out");
    if (out.empty())
        out = format == "pdf" ? fs::path(input).replace_extension(".pdf").string() : "-";
    if (format == "pdf" && out == "-") {
        complain("a PDF certificate needs --out FILE");
        return kExitUsage;
    }
    std::optional<vault::PublicKey> pinned;
    if (args.has("--key")) {
        pinned = parseKey(args.value("--key"));
        if (!pinned) {
            complain("--key takes the device's Ed25519 public key: 64 hex characters (spaces allowed)");
            return kExitUsage;
        }
    }
    auto bytes = readWholeFile(input, kMaxCertificateFileBytes);
    if (!bytes.ok()) {
        if (bytes.code() == ErrorCode::TooLarge) {
            say("REFUSED: " + input + " is larger than any certificate file (64 KiB)");
            return kExitDamaged;
        }
        complain("cannot read " + input + ": " + bytes.error().describe());
        return kExitIo;
    }
    auto certificate = parseCertificateFile(bytes.value());
    if (!certificate.ok()) {
        say("REFUSED: " + input + ": " + certificate.error().context());
        return kExitDamaged;
    }
    const DisposalCertificateFile& c = certificate.value();
    const std::string device = c.field("device");
    CertificateChecks checks;
    if (pinned) {
        if (*pinned != c.publicKey) {
            say("REFUSED: the certificate is signed by " + groupedHex(toHex(c.publicKey)) +
                ", not by the key given with --key");
            return kExitDamaged;
        }
        checks.key = CertificateChecks::Key::MatchesPinned;
        checks.keySource = "--key";
    }
    auto config = loadConfig(args, false);
    if (!config.ok()) {
        complain(config.error().context());
        return kExitUsage;
    }
    if (const auto spec = storeSpecOf(args, false)) {
        auto store = openStore(*spec);
        if (!store.ok())
            return kExitArchive;
        auto state = store.value()->device(device);
        if (!state.ok()) {
            complain("the archive could not be read: " + state.error().describe());
            return kExitArchive;
        }
        if (state.value()) {
            if (state.value()->publicKey != c.publicKey) {
                say("REFUSED: the certificate is signed by " + groupedHex(toHex(c.publicKey)) +
                    ", not by the key pinned in the archive for device " + device);
                return kExitDamaged;
            }
            checks.key = CertificateChecks::Key::MatchesPinned;
            checks.keySource = "the archive (" + std::string(pinSourceName(state.value()->pinnedBy)) + ")";
            const std::uint64_t sequence = *parseCount(c.field("audit_sequence"));
            if (state.value()->head.sequence < sequence) {
                checks.audit = CertificateChecks::Audit::NotYetArchived;
            } else {
                auto encoded = store.value()->encodedEntry(device, sequence);
                if (!encoded.ok() || !encoded.value()) {
                    complain("the archive lacks entry " + std::to_string(sequence) + " below its head");
                    return kExitArchive;
                }
                auto entry = vault::decodeEntry(*encoded.value());
                const auto previous = fixedFromHex<vault::kAuditHashBytes>(c.field("audit_previous_hash"));
                if (!entry.ok() || entry.value().action != vault::AuditAction::DisposalExecute ||
                    entry.value().result != "ok" || !previous || entry.value().prevHash != *previous) {
                    say("REFUSED: the certificate names audit entry " + std::to_string(sequence) +
                        ", which in the archive is not this disposal");
                    return kExitDamaged;
                }
                checks.audit = CertificateChecks::Audit::Confirmed;
                checks.auditActor = clerkLabel(entry.value().actor, config.value().cardNames, language);
            }
        }
    }
    auto html = renderCertificateHtml(c, checks, language, nowMs());
    if (!html.ok()) {
        say("REFUSED: " + html.error().context());
        return kExitDamaged;
    }
    int code = kExitOk;
    if (format == "pdf") {
        if (!ensureGuiApplication()) {
            complain("Qt could not start for the PDF (offscreen platform)");
            return kExitIo;
        }
        PdfOptions pdf;
        pdf.title = language == Language::Japanese ? "廃棄証明書" : "Certificate of disposal";
        pdf.baseFontPoints = 10;
        auto rendered = renderPdf(html.value(), pdf);
        if (!rendered.ok()) {
            complain("PDF: " + rendered.error().describe());
            return kExitIo;
        }
        code = writeOutput(
            out, std::string_view(reinterpret_cast<const char*>(rendered.value().data()), rendered.value().size()));
    } else {
        code = writeOutput(out, html.value());
    }
    if (code != kExitOk)
        return code;
    const std::string summary =
        "certificate: request " + c.field("request") + " of device " + device + ", signature valid; key " +
        (checks.key == CertificateChecks::Key::MatchesPinned ? "matches " + checks.keySource
                                                             : std::string("not compared with a pinned key")) +
        "; audit entry " + c.field("audit_sequence") +
        (checks.audit == CertificateChecks::Audit::Confirmed        ? " confirmed in the archive"
         : checks.audit == CertificateChecks::Audit::NotYetArchived ? " not archived yet"
                                                                    : " not checked") +
        (out == "-" ? std::string() : "; written to " + out);
    if (out == "-")
        complain(summary);
    else
        say(summary);
    return kExitOk;
}

int fleetVerb(const Arguments& args)
{
    bool languageOk = true;
    const Language language = languageOf(args, languageOk);
    if (!languageOk) {
        complain("--lang is ja or en");
        return kExitUsage;
    }
    FleetOptions options;
    options.nowMs = nowMs();
    if (args.has("--days")) {
        const auto days = parseCount(args.value("--days"));
        if (!days || *days == 0 || *days > 3660) {
            complain("--days takes 1 to 3660");
            return kExitUsage;
        }
        options.windowMs = static_cast<std::int64_t>(*days) * kDayMs;
    }
    auto config = loadConfig(args, false);
    if (!config.ok()) {
        complain(config.error().context());
        return kExitUsage;
    }
    options.thresholds = config.value().thresholds;
    options.cardNames = config.value().cardNames;
    const auto spec = storeSpecOf(args, false);
    if (!spec) {
        complain("no archive yet at " + defaultStoreSpec() + ": pull first, or name one with --store");
        return kExitArchive;
    }
    auto store = openStore(*spec);
    if (!store.ok())
        return kExitArchive;
    auto fleet = fleetStatus(*store.value(), config.value(), options);
    if (!fleet.ok()) {
        complain("fleet: " + fleet.error().describe());
        return fleet.code() == ErrorCode::PermissionDenied ? kExitDamaged : kExitArchive;
    }
    auto text = renderFleet(fleet.value(), options, language);
    if (!text.ok()) {
        complain("fleet: " + text.error().context());
        return kExitDamaged;
    }
    std::fputs(text.value().c_str(), stdout);
    for (const DeviceFleetStatus& d : fleet.value())
        if (!d.anomalies.empty())
            return kExitAnomalies;
    return kExitOk;
}

} // namespace mamori::admin
