// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The 取扱状況 record (record of how specific personal information was handled; PPC guideline,
// 安全管理措置 「取扱状況を確認する手段」) for a period, built from the archive: counts by clerk,
// by action, by purpose and by subject code; the disposals; the alerts; and every operation. CSV
// and HTML here (Qt-free); the PDF is the HTML laid out by Qt (pdf_writer.h).
//
// Before anything is counted, each device's archived chain is verified again from the stored
// encodings (verifyArchivedChain): a record built on a changed archive is refused, not written.
// Every value from outside the tool passes the number fence (number_fence.h), and so does the whole
// document; audit entries hold no number, and nothing else may bring one in.
//
// Japanese first: headings read 「操作別 (By action)」; with Language::English they read "By action".
// Times are JST. The CSV is UTF-8 with a byte-order mark (so spreadsheet software in Japan reads
// it as UTF-8), CRLF line ends, RFC 4180 quoting, one table in long form (README.md, "report").

#include "provisioning/admin/archive_store.h"
#include "services/common/error.h"

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace mamori::admin {

struct ReportOptions {
    std::optional<std::int64_t> fromMs; // inclusive
    std::optional<std::int64_t> toMs;   // exclusive
    std::vector<std::string> devices;   // empty: every device in the archive
    Language language = Language::Japanese;
    bool includeOperations = true; // the per-entry section (large for a busy period)
    std::map<std::string, std::string> cardNames;
    std::int64_t generatedMs = 0;
};

struct ReportDevice {
    std::string deviceId;
    std::uint64_t entriesInPeriod = 0;
    vault::ChainHead head{};
    std::optional<std::int64_t> lastPullMs;
    std::string publicKeyHex;
};

struct Report {
    ReportOptions options;
    std::vector<ReportDevice> devices;
    std::uint64_t entries = 0;
    // (clerk actor, role, action) → count
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> byClerk;
    // action → (count, refused or failed)
    std::map<int, std::pair<std::uint64_t, std::uint64_t>> byAction;
    std::map<std::string, std::uint64_t> byPurpose;
    // (subject code, action) → count
    std::map<std::pair<std::string, int>, std::uint64_t> bySubject;
    std::vector<ArchivedEntry> disposals;
    std::vector<ArchivedEntry> alerts;
    std::vector<ArchivedEntry> operations; // empty unless includeOperations
};

// Errors: NotFound (a named device is not archived), AuditChainBroken (an archive fails
// re-verification; the context says where), PermissionDenied (the number fence), store errors.
Result<Report> buildReport(ArchiveStore& store, const ReportOptions& options);

Result<std::string> renderReportCsv(const Report& report);
// Browser: every section as a table. Print (for the PDF): the long sections (exports, every
// operation) as a fixed-width listing, which Qt lays out many times faster than a table.
enum class HtmlFlavour : std::uint8_t { Browser, Print };
Result<std::string> renderReportHtml(const Report& report, HtmlFlavour flavour = HtmlFlavour::Browser);

// Labels, for the other renderers (fleet, certificate): Japanese, or English.
std::string actionLabel(std::string_view action, Language language);
std::string roleLabel(std::string_view role, Language language);
std::string resultLabel(std::string_view result, Language language);
// "山田 太郎 (a1b2:c3d4:e5f6:a7b8)", "a1b2:c3d4:e5f6:a7b8", "システム (system)".
std::string clerkLabel(std::string_view actor, const std::map<std::string, std::string>& names, Language language);

} // namespace mamori::admin
