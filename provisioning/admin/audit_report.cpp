// SPDX-License-Identifier: GPL-3.0-or-later
// The 取扱状況 record (audit_report.h): aggregation from the archive, CSV and HTML.

#include "provisioning/admin/audit_report.h"

#include "provisioning/admin/admin_util.h"
#include "provisioning/admin/damage_text.h"
#include "provisioning/admin/number_fence.h"
#include "services/common/utf8.h"
#include "services/vault/audit_entry.h"

#include <array>
#include <set>

namespace mamori::admin {

namespace {

struct ActionText {
    std::string_view wire;
    std::string_view ja;
    std::string_view en;
};

constexpr std::array<ActionText, 29> kActions{{
    {"login", "ログイン", "Login"},
    {"login_failed", "ログイン失敗", "Failed login"},
    {"logout", "ログアウト", "Logout"},
    {"lock", "ロック", "Lock"},
    {"list", "一覧表示", "List"},
    {"search", "検索", "Search"},
    {"view", "閲覧", "View"},
    {"reveal", "番号表示", "Number shown"},
    {"register", "登録", "Registration"},
    {"edit", "変更", "Edit"},
    {"import", "取込み", "Import"},
    {"export", "出力・持出し", "Export"},
    {"provide", "提供", "Provision to an endpoint"},
    {"disposal_request", "廃棄申請", "Disposal request"},
    {"disposal_approve", "廃棄承認", "Disposal approval"},
    {"disposal_execute", "廃棄実行", "Disposal"},
    {"backup", "バックアップ", "Backup"},
    {"restore", "復元", "Restore"},
    {"enrol", "カード登録", "Card enrolment"},
    {"revoke", "カード失効", "Card revocation"},
    {"config", "設定変更", "Configuration change"},
    {"maintenance", "保守", "Maintenance"},
    {"alert", "アラート", "Alert"},
    {"checkpoint", "チェックポイント", "Checkpoint"},
    {"log_export", "ログ取得", "Log pulled"},
    {"startup", "起動", "Start-up"},
    {"provision", "初期設定", "Provisioning"},
    {"export_request", "出力申請", "Export request"},
    {"export_approve", "出力承認", "Export approval"},
}};

struct RoleText {
    std::string_view wire;
    std::string_view ja;
    std::string_view en;
};

constexpr std::array<RoleText, 5> kRoles{{
    {"clerk", "事務取扱担当者", "Clerk"},
    {"officer", "取扱責任者", "Officer"},
    {"admin", "システム管理者", "Administrator"},
    {"provisioner", "設定担当者", "Provisioner"},
    {"system", "システム", "System"},
}};

bool japanese(Language language) { return language == Language::Japanese; }

// 「操作別 (By action)」 or "By action".
std::string heading(std::string_view ja, std::string_view en, Language language)
{
    return japanese(language) ? std::string(ja) + " (" + std::string(en) + ")" : std::string(en);
}

int actionIndex(std::string_view action)
{
    const auto parsed = vault::parseAction(action);
    return parsed ? int(*parsed) : 255;
}

std::string_view actionWire(int index)
{
    return index >= 0 && index < int(kActions.size()) ? kActions[std::size_t(index)].wire : std::string_view("?");
}

bool isDisposal(std::string_view action)
{
    return action == "disposal_request" || action == "disposal_approve" || action == "disposal_execute";
}

bool isExport(std::string_view action)
{
    return action == "export" || action == "provide" || action == "export_request" || action == "export_approve";
}

std::string formatCount(std::uint64_t count) { return std::to_string(count); }

std::string periodText(const ReportOptions& options)
{
    const std::string from = options.fromMs ? formatJstDate(*options.fromMs) : std::string("…");
    // toMs is exclusive midnight: the last day shown is the day before.
    const std::string to = options.toMs ? formatJstDate(*options.toMs - 1) : std::string("…");
    return from + " 〜 " + to + " (JST)";
}

constexpr std::size_t kRowsPerTable = 100;

struct Column {
    std::string_view ja;
    std::string_view en;
    int widthPercent = 0; // 0: let the layout decide
};

constexpr std::array<Column, 11> kRowColumns{{
    {"日時", "Time", 11},
    {"装置", "Device", 7},
    {"連番", "Sequence", 5},
    {"担当者", "Clerk", 15},
    {"役割", "Role", 9},
    {"操作", "Action", 9},
    {"利用目的", "Purpose", 9},
    {"対象者コード", "Subject code", 7},
    {"結果", "Result", 6},
    {"カード署名", "Card signatures", 5},
    {"詳細", "Detail", 17},
}};

std::vector<std::string> rowCells(const ArchivedEntry& e, const ReportOptions& options)
{
    const Language language = options.language;
    return {formatJst(e.timeMs),
            e.deviceId,
            std::to_string(e.sequence),
            clerkLabel(e.actor, options.cardNames, language),
            roleLabel(e.role, language),
            actionLabel(e.action, language),
            e.purpose,
            e.employeeCode,
            resultLabel(e.result, language),
            std::to_string(e.signatures),
            e.detail};
}

// The fence over what came from outside the tool: the configured card names and every free-text
// value of an entry.
Status fenceEntry(const ArchivedEntry& e)
{
    MAMORI_TRY(checkValue(e.deviceId, "a device id"));
    MAMORI_TRY(checkValue(e.employeeCode, "subject code of entry " + std::to_string(e.sequence)));
    MAMORI_TRY(checkValue(e.purpose, "purpose of entry " + std::to_string(e.sequence)));
    MAMORI_TRY(checkValue(e.result, "result of entry " + std::to_string(e.sequence)));
    MAMORI_TRY(checkValue(e.detail, "detail of entry " + std::to_string(e.sequence)));
    return okStatus();
}

class HtmlWriter {
public:
    explicit HtmlWriter(Language language) : m_language(language) {}

    void raw(std::string_view text) { m_out += text; }
    void text(std::string_view text) { m_out += htmlEscape(text); }
    void h2(std::string_view ja, std::string_view en)
    {
        raw("<h2>");
        text(heading(ja, en, m_language));
        raw("</h2>\n");
    }
    void tableStart(std::initializer_list<Column> columns) { tableStart(std::vector<Column>(columns)); }
    void tableStart(const std::vector<Column>& columns)
    {
        raw("<table border=\"1\" cellspacing=\"0\" cellpadding=\"2\" width=\"100%\">\n<thead><tr>");
        for (const Column& c : columns) {
            raw(c.widthPercent ? "<th width=\"" + std::to_string(c.widthPercent) + "%\">" : std::string("<th>"));
            text(heading(c.ja, c.en, m_language));
            raw("</th>");
        }
        raw("</tr></thead>\n<tbody>\n");
    }
    void row(const std::vector<std::string>& cells, std::size_t noWrapColumns = 0)
    {
        raw("<tr>");
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const std::string& cell = cells[i];
            raw(i < noWrapColumns ? "<td style=\"white-space: nowrap\">" : "<td>");
            text(cell);
            raw("</td>");
        }
        raw("</tr>\n");
    }
    void tableEnd() { raw("</tbody></table>\n"); }
    void none()
    {
        raw("<p class=\"none\">");
        text(japanese(m_language) ? "該当なし (none)" : "None");
        raw("</p>\n");
    }
    std::string take() { return std::move(m_out); }

private:
    Language m_language;
    std::string m_out;
};

// Display columns of UTF-8 text in a monospace CJK font: East Asian wide and fullwidth characters
// take two.
std::size_t displayWidth(std::string_view text)
{
    std::size_t width = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        char32_t c = 0;
        if (!decodeUtf8(text, pos, c)) {
            ++pos;
            ++width;
            continue;
        }
        const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
                          (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                          (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6);
        width += wide ? 2 : 1;
    }
    return width;
}

void entryTable(HtmlWriter& html, const std::vector<ArchivedEntry>& entries, const ReportOptions& options)
{
    if (entries.empty()) {
        html.none();
        return;
    }
    // Tables of at most kRowsPerTable rows, each with its header: Qt lays out one long table in time
    // that grows much faster than its rows (2,700 rows took 88 s); short tables keep it linear.
    for (std::size_t start = 0; start < entries.size(); start += kRowsPerTable) {
        html.tableStart(std::vector<Column>(kRowColumns.begin(), kRowColumns.end()));
        for (std::size_t i = start; i < std::min(entries.size(), start + kRowsPerTable); ++i)
            html.row(rowCells(entries[i], options), 3); // time, device and sequence never wrap
        html.tableEnd();
    }
}

// For print: the entries as a fixed-width listing, one line each, columns aligned. Qt lays out a
// table cell by cell (about 10 ms a row here); a listing is ten to twenty times faster, which is
// what makes a PDF of a busy month possible.
void entryListing(HtmlWriter& html, const std::vector<ArchivedEntry>& entries, const ReportOptions& options)
{
    if (entries.empty()) {
        html.none();
        return;
    }
    std::vector<std::vector<std::string>> lines;
    lines.reserve(entries.size() + 1);
    std::vector<std::string> header;
    for (const Column& c : kRowColumns)
        header.push_back(std::string(japanese(options.language) ? c.ja : c.en));
    lines.push_back(std::move(header));
    for (const ArchivedEntry& e : entries)
        lines.push_back(rowCells(e, options));
    // Every column but the last (detail) padded to its widest cell.
    std::vector<std::size_t> widths(kRowColumns.size(), 0);
    for (const auto& line : lines)
        for (std::size_t i = 0; i + 1 < line.size(); ++i)
            widths[i] = std::max(widths[i], displayWidth(line[i]));
    html.raw("<pre class=\"listing\">");
    for (const auto& line : lines) {
        std::string text;
        for (std::size_t i = 0; i < line.size(); ++i) {
            text += line[i];
            if (i + 1 < line.size())
                text += std::string(widths[i] - displayWidth(line[i]) + 2, ' ');
        }
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
        html.text(text);
        html.raw("\n");
    }
    html.raw("</pre>\n");
}

} // namespace

std::string actionLabel(std::string_view action, Language language)
{
    for (const ActionText& a : kActions)
        if (a.wire == action)
            return std::string(japanese(language) ? a.ja : a.en);
    return std::string(action);
}

std::string roleLabel(std::string_view role, Language language)
{
    for (const RoleText& r : kRoles)
        if (r.wire == role)
            return std::string(japanese(language) ? r.ja : r.en);
    return std::string(role);
}

std::string resultLabel(std::string_view result, Language language)
{
    auto code = [](std::string_view digits) {
        std::string padded(digits);
        while (padded.size() < 4)
            padded.insert(padded.begin(), '0');
        return "E" + padded;
    };
    if (result == "ok")
        return japanese(language) ? "成功" : "ok";
    if (result.starts_with("refused:"))
        return (japanese(language) ? "拒否 " : "refused ") + code(result.substr(8));
    if (result.starts_with("failed:"))
        return (japanese(language) ? "失敗 " : "failed ") + code(result.substr(7));
    return std::string(result);
}

std::string clerkLabel(std::string_view actor, const std::map<std::string, std::string>& names, Language language)
{
    if (actor == vault::kSystemActor)
        return japanese(language) ? "システム (system)" : "system";
    const std::string shortId = shortCardId(actor);
    if (const auto it = names.find(std::string(actor)); it != names.end())
        return it->second + " (" + shortId + ")";
    return shortId;
}

Result<Report> buildReport(ArchiveStore& store, const ReportOptions& options)
{
    Report report;
    report.options = options;
    for (const auto& [card, name] : options.cardNames)
        MAMORI_TRY(checkValue(name, "the configured name of card " + shortCardId(card)));

    std::vector<std::string> ids = options.devices;
    if (ids.empty()) {
        MAMORI_ASSIGN_OR_RETURN(const auto all, store.devices());
        for (const DeviceState& d : all)
            ids.push_back(d.deviceId);
    }
    std::map<std::string, std::size_t> index;
    for (const std::string& id : ids) {
        MAMORI_ASSIGN_OR_RETURN(const auto state, store.device(id));
        if (!state)
            return Error(ErrorCode::NotFound, "device '" + id + "' is not in the archive");
        MAMORI_TRY(checkValue(id, "a device id"));
        MAMORI_ASSIGN_OR_RETURN(const vault::VerifyReport verified, verifyArchivedChain(store, id));
        if (!verified.clean())
            return Error(ErrorCode::AuditChainBroken, "the archive of device '" + id +
                                                          "' fails verification: " + explainDamage(verified).headline +
                                                          " (" + std::string(vault::damageKindName(verified.kind)) +
                                                          " at sequence " + std::to_string(verified.sequence) + ")");
        ReportDevice device;
        device.deviceId = id;
        device.head = state->head;
        device.lastPullMs = state->lastPullMs;
        device.publicKeyHex = toHex(state->publicKey);
        index[id] = report.devices.size();
        report.devices.push_back(std::move(device));
    }
    if (report.devices.empty())
        return report;

    EntryFilter filter;
    filter.devices = ids;
    filter.fromMs = options.fromMs;
    filter.toMs = options.toMs;
    Status walked = store.forEachEntry(filter, [&](const ArchivedEntry& e) -> Status {
        MAMORI_TRY(fenceEntry(e));
        ++report.entries;
        ++report.devices[index[e.deviceId]].entriesInPeriod;
        const int action = actionIndex(e.action);
        ++report.byClerk[{e.actor, e.role, action}];
        auto& byAction = report.byAction[action];
        ++byAction.first;
        if (e.result != "ok")
            ++byAction.second;
        if (!e.purpose.empty())
            ++report.byPurpose[e.purpose];
        if (!e.employeeCode.empty())
            ++report.bySubject[{e.employeeCode, action}];
        if (isDisposal(e.action))
            report.disposals.push_back(e);
        if (e.action == "alert")
            report.alerts.push_back(e);
        if (options.includeOperations)
            report.operations.push_back(e);
        return okStatus();
    });
    MAMORI_TRY(std::move(walked));
    return report;
}

Result<std::string> renderReportCsv(const Report& report)
{
    const ReportOptions& options = report.options;
    const Language language = options.language;
    std::string out = "\xEF\xBB\xBF";
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i)
                out += ',';
            out += csvField(cells[i]);
        }
        out += "\r\n";
    };
    constexpr std::array<Column, 12> kColumns{{{"区分", "section"},
                                               {"日時", "time"},
                                               {"装置", "device"},
                                               {"連番", "sequence"},
                                               {"担当者", "clerk"},
                                               {"役割", "role"},
                                               {"操作", "action"},
                                               {"利用目的", "purpose"},
                                               {"対象者コード", "subject_code"},
                                               {"結果", "result"},
                                               {"詳細", "detail"},
                                               {"件数", "count"}}};
    std::vector<std::string> header;
    for (const Column& c : kColumns)
        header.push_back(heading(c.ja, c.en, language));
    line(header);

    auto section = [&](std::string_view ja, std::string_view en) { return std::string(japanese(language) ? ja : en); };
    for (const auto& [key, count] : report.byClerk) {
        const auto& [actor, role, action] = key;
        line({section("担当者別", "by_clerk"), "", "", "", clerkLabel(actor, options.cardNames, language),
              roleLabel(role, language), actionLabel(actionWire(action), language), "", "", "", "",
              formatCount(count)});
    }
    for (const auto& [action, counts] : report.byAction) {
        line({section("操作別", "by_action"), "", "", "", "", "", actionLabel(actionWire(action), language), "", "", "",
              "", formatCount(counts.first)});
    }
    for (const auto& [purpose, count] : report.byPurpose)
        line({section("利用目的別", "by_purpose"), "", "", "", "", "", "", purpose, "", "", "", formatCount(count)});
    for (const auto& [key, count] : report.bySubject) {
        line({section("対象者別", "by_subject"), "", "", "", "", "", actionLabel(actionWire(key.second), language), "",
              key.first, "", "", formatCount(count)});
    }
    auto entryLine = [&](std::string_view sectionName, const ArchivedEntry& e) {
        line({std::string(sectionName), formatJst(e.timeMs), e.deviceId, std::to_string(e.sequence),
              clerkLabel(e.actor, options.cardNames, language), roleLabel(e.role, language),
              actionLabel(e.action, language), e.purpose, e.employeeCode, resultLabel(e.result, language), e.detail,
              ""});
    };
    for (const ArchivedEntry& e : report.disposals)
        entryLine(section("廃棄", "disposal"), e);
    for (const ArchivedEntry& e : report.alerts)
        entryLine(section("アラート", "alert"), e);
    for (const ArchivedEntry& e : report.operations)
        entryLine(section("操作記録", "operation"), e);
    MAMORI_TRY(checkDocument(out, "the CSV report"));
    return out;
}

Result<std::string> renderReportHtml(const Report& report, HtmlFlavour flavour)
{
    const auto entries = [&](HtmlWriter& html, const std::vector<ArchivedEntry>& rows, bool many) {
        if (flavour == HtmlFlavour::Print && many)
            entryListing(html, rows, report.options);
        else
            entryTable(html, rows, report.options);
    };
    const ReportOptions& options = report.options;
    const Language language = options.language;
    HtmlWriter html(language);
    html.raw("<!DOCTYPE html>\n<html lang=\"");
    html.raw(japanese(language) ? "ja" : "en");
    html.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    html.text(heading("取扱状況の記録", "Record of handling", language));
    html.raw("</title>\n<style>\n"
             "body { }\n"
             "table { border-collapse: collapse; margin-bottom: 8pt; }\n"
             "th, td { border: 1px solid #888888; padding: 2px 4px; text-align: left; }\n"
             "th { background-color: #eeeeee; }\n"
             "p.none { color: #555555; }\n"
             "pre.listing { font-family: 'Noto Sans Mono CJK JP', monospace; white-space: pre-wrap; }\n"
             "</style>\n</head>\n<body>\n<h1>");
    html.text(
        heading("特定個人情報の取扱状況の記録", "Record of the handling of specific personal information", language));
    html.raw("</h1>\n<p>");
    html.text(heading("対象期間", "Period", language) + ": " + periodText(options));
    html.raw("<br>\n");
    html.text(heading("作成日時", "Generated", language) + ": " + formatJst(options.generatedMs) +
              " (JST), mamori-admin");
    html.raw("<br>\n");
    html.text(heading("記録件数", "Entries", language) + ": " + formatCount(report.entries));
    html.raw("</p>\n<p>");
    html.text(japanese(language) ? "この記録に個人番号は含まれません。対象者は対象者コードで示します。"
                                   " (This record holds no individual number; subjects are named by their code.)"
                                 : "This record holds no individual number; subjects are named by their code.");
    html.raw("</p>\n");

    html.h2("1. 対象装置と検証", "1. Devices and verification");
    if (report.devices.empty()) {
        html.none();
    } else {
        html.tableStart({{"装置", "Device"},
                         {"期間内の記録", "Entries in period"},
                         {"保管済み", "Archived through"},
                         {"検証", "Verification"},
                         {"最終取得", "Last pull"},
                         {"装置の公開鍵", "Device public key"}});
        for (const ReportDevice& d : report.devices) {
            html.row({d.deviceId, formatCount(d.entriesInPeriod), std::to_string(d.head.sequence),
                      japanese(language) ? "改ざんなし (verified)" : "verified",
                      d.lastPullMs ? formatJst(*d.lastPullMs) : std::string("-"),
                      groupedHex(d.publicKeyHex.substr(0, 16)) + " …"});
        }
        html.tableEnd();
    }

    html.h2("2. 担当者別", "2. By clerk");
    if (report.byClerk.empty()) {
        html.none();
    } else {
        html.tableStart({{"担当者", "Clerk"}, {"役割", "Role"}, {"操作", "Action"}, {"件数", "Count"}});
        for (const auto& [key, count] : report.byClerk) {
            const auto& [actor, role, action] = key;
            html.row({clerkLabel(actor, options.cardNames, language), roleLabel(role, language),
                      actionLabel(actionWire(action), language), formatCount(count)});
        }
        html.tableEnd();
    }

    html.h2("3. 操作別", "3. By action");
    if (report.byAction.empty()) {
        html.none();
    } else {
        html.tableStart({{"操作", "Action"}, {"件数", "Count"}, {"うち拒否・失敗", "Refused or failed"}});
        for (const auto& [action, counts] : report.byAction)
            html.row(
                {actionLabel(actionWire(action), language), formatCount(counts.first), formatCount(counts.second)});
        html.tableEnd();
    }

    html.h2("4. 利用目的別", "4. By purpose");
    if (report.byPurpose.empty()) {
        html.none();
    } else {
        html.tableStart({{"利用目的", "Purpose"}, {"件数", "Count"}});
        for (const auto& [purpose, count] : report.byPurpose)
            html.row({purpose, formatCount(count)});
        html.tableEnd();
    }

    html.h2("5. 対象者別", "5. By subject code");
    if (report.bySubject.empty()) {
        html.none();
    } else {
        html.tableStart({{"対象者コード", "Subject code"}, {"操作", "Action"}, {"件数", "Count"}});
        for (const auto& [key, count] : report.bySubject)
            html.row({key.first, actionLabel(actionWire(key.second), language), formatCount(count)});
        html.tableEnd();
    }

    html.h2("6. 削除・廃棄の記録", "6. Deletion and disposal");
    entries(html, report.disposals, false);

    std::vector<ArchivedEntry> exports;
    for (const ArchivedEntry& e : report.operations)
        if (isExport(e.action))
            exports.push_back(e);
    if (options.includeOperations) {
        html.h2("7. 出力・持出し・提供の記録", "7. Exports, media and provisions");
        entries(html, exports, true);
    }

    html.h2(options.includeOperations ? "8. アラート" : "7. アラート",
            options.includeOperations ? "8. Alerts" : "7. Alerts");
    entries(html, report.alerts, false);

    if (options.includeOperations) {
        html.h2("9. 操作記録", "9. Every operation");
        entries(html, report.operations, true);
    }
    html.raw("</body>\n</html>\n");
    std::string out = html.take();
    MAMORI_TRY(checkDocument(out, "the HTML report"));
    return out;
}

} // namespace mamori::admin
