// SPDX-License-Identifier: GPL-3.0-or-later
// The benchmark results table (bench_report.h). Ratios are taken between the medians of the
// candidate's and the baseline's rounds; for times, candidate / baseline (lower is better), for
// throughputs, candidate / baseline (higher is better), as each target is worded.

#include "tests/bench/bench_report.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace mamori::bench {

namespace {

using Samples = std::map<std::string, std::vector<double>>;

Samples readRaw(const std::string& path)
{
    Samples samples;
    std::ifstream in(path);
    if (!in)
        die("cannot read the raw results " + path);
    std::string name;
    double value = 0;
    while (in >> name >> value)
        samples[name].push_back(value);
    return samples;
}

std::optional<double> medianOf(const Samples& samples, const std::string& name)
{
    const auto found = samples.find(name);
    if (found == samples.end() || found->second.empty())
        return std::nullopt;
    return median(found->second);
}

std::optional<double> percentileOf(const Samples& samples, const std::string& name, double p)
{
    const auto found = samples.find(name);
    if (found == samples.end() || found->second.empty())
        return std::nullopt;
    return percentile(found->second, p);
}

std::size_t countOf(const Samples& samples, const std::string& name)
{
    const auto found = samples.find(name);
    return found == samples.end() ? 0 : found->second.size();
}

// 1234567 → "1,234,567": grouped digits, so that no figure is a long digit run.
std::string grouped(std::uint64_t value)
{
    std::string digits = std::to_string(value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

// Three significant figures or so, grouped above a thousand.
std::string figure(double value)
{
    if (!std::isfinite(value))
        return "?";
    char text[32];
    if (value >= 1000)
        return grouped(static_cast<std::uint64_t>(std::llround(value)));
    if (value >= 100)
        std::snprintf(text, sizeof text, "%.0f", value);
    else if (value >= 10)
        std::snprintf(text, sizeof text, "%.1f", value);
    else
        std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

std::string times(double ratio)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f×", ratio);
    return text;
}

struct Row {
    std::string benchmark;
    std::string target;
    std::string measured;
    std::string baseline;
    std::string ratio;
    std::string met;
    std::string reproduce;
};

std::string cell(std::string text)
{
    for (char& c : text)
        if (c == '|')
            c = '/';
    return text;
}

} // namespace

int runReport(const BenchArgs& args)
{
    const Samples samples = readRaw(args.required("raw"));
    const std::string mode = args.text("mode", "full");
    const std::string subjects = grouped(args.count("subjects", 0));
    const std::string listSubjects = grouped(args.count("list-subjects", 0));
    const std::string importRows = grouped(args.count("import-rows", 0));
    const std::string auditEntries = grouped(args.count("audit-entries", 0));
    const std::string quick = mode == "quick" ? " --quick" : "";
    const auto reproduce = [&](const char* step) {
        if (mode == "smoke")
            return std::string("`ctest -L bench`");
        return "`scripts/bench.sh" + quick + " --only " + step + "`";
    };

    std::vector<Row> rows;
    // A ratio row: candidate against baseline, both medians. lowerIsBetter: the ratio must be at
    // most `limit` (times); otherwise at least `limit` (throughputs). limit 0: information only.
    const auto compare = [&](std::string benchmark, std::string target, const std::string& candidate,
                             const std::string& baseline, const std::string& unit, const std::string& baselineLabel,
                             bool lowerIsBetter, double limit, const char* step) {
        Row row{std::move(benchmark), std::move(target), "not run", "not run", "—", "not run", reproduce(step)};
        const auto c = medianOf(samples, candidate);
        const auto b = medianOf(samples, baseline);
        if (c)
            row.measured = figure(*c) + " " + unit;
        if (b)
            row.baseline = figure(*b) + " " + unit + " " + baselineLabel;
        if (c && b && *b > 0) {
            const double ratio = *c / *b;
            row.ratio = times(ratio);
            if (limit <= 0)
                row.met = "info";
            else
                row.met = (lowerIsBetter ? ratio <= limit : ratio >= limit) ? "yes" : "**no**";
        }
        rows.push_back(std::move(row));
    };
    const auto absolute = [&](std::string benchmark, std::string target, std::optional<double> value,
                              const std::string& unit, double limit, const char* step, std::string note = {}) {
        Row row{std::move(benchmark), std::move(target), "not run", "—", "—", "not run", reproduce(step)};
        if (value) {
            row.measured = figure(*value) + " " + unit + note;
            row.met = limit <= 0 ? "info" : *value <= limit ? "yes" : "**no**";
        }
        rows.push_back(std::move(row));
    };

    // 1, 2: lookup.
    compare("Lookup by number among " + subjects + " subjects, store level (`lookupByNumber`, decrypt=false, no audit)",
            "≤ 1.25× plain SQLite time", "lookup.vault_store_us", "lookup.plain_us", "µs",
            "(plain SQLite: indexed plaintext number, statement prepared once)", true, 1.25, "lookup");
    compare("Lookup by number among " + subjects +
                " subjects, full audited `findByNumber` (authorise, look up, decrypt names, commit one audit entry "
                "with the vault's durability for reads, see services/vault/README.md)",
            "≤ 1.25× plain SQLite time (the target is for the lookup; shown for the whole operation)",
            "lookup.vault_find_audited_us", "lookup.plain_us", "µs", "(plain SQLite lookup, no audit)", true, 1.25,
            "lookup");
    compare("Lookup by number among " + subjects + " subjects, store level, vs SQLCipher", "≤ 0.9× SQLCipher time",
            "lookup.vault_store_us", "lookup.sqlcipher_us", "µs", "(SQLCipher 3.4.1, PRAGMA key, same schema as plain)",
            true, 0.9, "lookup");
    compare("Lookup by number among " + subjects + " subjects, audited `findByNumber`, vs SQLCipher",
            "≤ 0.9× SQLCipher time (shown for the whole operation)", "lookup.vault_find_audited_us",
            "lookup.sqlcipher_us", "µs", "(SQLCipher lookup, no audit)", true, 0.9, "lookup");
    compare("Reference: plain SQLite preparing the lookup statement on every call (what an uncached statement "
            "costs)",
            "—", "lookup.plain_reprepared_us", "lookup.plain_us", "µs", "(plain, prepared once)", true, 0, "lookup");

    // 3: registration.
    compare("Durable single registration with its audit entry (`registerSubject`, synchronous=FULL, WAL)",
            "≥ 0.8× plain SQLite throughput", "register.vault_per_s", "register.plain_per_s", "/s",
            "(plain SQLite: INSERT of the same row in its own transaction, synchronous=FULL, WAL, same directory)",
            false, 0.8, "register");
    compare("Reference: the same registration benchmark on tmpfs (/dev/shm, where an fsync costs nothing): the "
            "code's own overhead",
            "—", "register_tmpfs.vault_per_s", "register_tmpfs.plain_per_s", "/s", "(plain SQLite on tmpfs)", false, 0,
            "register");

    // 4: import.
    compare("Bulk import of " + importRows + " subjects with dependents (`importCsv`, one file)",
            "≥ 0.25× plain SQLite throughput", "import.vault_rows_per_s", "import.plain_rows_per_s", "rows/s",
            "(plain SQLite: the same rows, prepared INSERTs, one transaction)", false, 0.25, "import");
    compare("WAL bytes per imported row (`wal_autocheckpoint=0`, -wal size right after the import)",
            "≤ 4× plain SQLite", "import.vault_wal_bytes_per_row", "import.plain_wal_bytes_per_row", "B/row",
            "(plain SQLite bulk insert)", true, 4.0, "import");
    {
        Row row{"Share of the import spent parsing and validating the CSV (`parseImport` alone)",
                "—",
                "not run",
                "—",
                "—",
                "info",
                reproduce("import")};
        const auto parse = medianOf(samples, "import.parse_s");
        const auto total = medianOf(samples, "import.vault_s");
        if (parse && total && *total > 0) {
            char text[96];
            std::snprintf(text, sizeof text, "%.2f s of %.2f s (%.0f %%)", *parse, *total, 100 * *parse / *total);
            row.measured = text;
        }
        rows.push_back(std::move(row));
    }

    // 5: audit verification.
    compare("Audit verification of " + auditEntries +
                " entries (read the encoded entries, `decodeEntry` + `ChainVerifier`, checkpoints every 1,000)",
            "≥ 1.0× sha256sum throughput (aim 1.5×)", "audit.verify_mb_per_s", "audit.sha256sum_mb_per_s", "MB/s",
            "(`sha256sum` of a file holding exactly the concatenated encoded entries)", false, 1.0, "audit");
    compare("Reference: the same log verified from SQLite by `Vault::verifyAuditLog`", "—",
            "audit.sqlite_verify_mb_per_s", "audit.sha256sum_mb_per_s", "MB/s", "(sha256sum)", false, 0, "audit");

    // 6: list and memory.
    const std::string pages = std::to_string(countOf(samples, "list.page_ms"));
    absolute("Page of 50 masked subjects out of " + listSubjects +
                 " (`listSubjects`: count, page, names decrypted, one audit entry), p50 over random offsets",
             "p50 ≤ 5 ms", percentileOf(samples, "list.page_ms", 50), "ms", 5.0, "list", " (" + pages + " pages)");
    absolute("The same, p95", "report", percentileOf(samples, "list.page_ms", 95), "ms", 0, "list");
    absolute("Reference: the first page (offset 0), p50", "—", percentileOf(samples, "list.first_page_ms", 50), "ms", 0,
             "list");
    absolute("RSS with the " + subjects + "-subject vault open, after a lookup and a page (VmRSS)", "≤ 200 MB",
             medianOf(samples, "rss.vmrss_mb"), "MB", 200.0, "rss");
    absolute("Peak RSS of the same process (VmHWM)", "≤ 200 MB", medianOf(samples, "rss.vmhwm_mb"), "MB", 200.0, "rss");

    std::ostringstream table;
    table << "| benchmark | target | measured | baseline | ratio | met? | how to reproduce |\n"
          << "|---|---|---|---|---|---|---|\n";
    for (const Row& row : rows)
        table << "| " << cell(row.benchmark) << " | " << cell(row.target) << " | " << cell(row.measured) << " | "
              << cell(row.baseline) << " | " << row.ratio << " | " << row.met << " | " << row.reproduce << " |\n";
    const std::string out = args.required("out");
    std::ofstream file(out, std::ios::trunc);
    file << table.str();
    if (!file)
        die("cannot write " + out);
    std::fputs(table.str().c_str(), stdout);
    return 0;
}

} // namespace mamori::bench
