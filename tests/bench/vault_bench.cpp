// SPDX-License-Identifier: GPL-3.0-or-later
// mamori_vault_bench: the vault's benchmarks, each against a baseline run side by side in the same
// process (plain SQLite, sha256sum), and the preparation of their fixtures. scripts/bench.sh runs the
// commands in interleaved rounds and `report` turns the raw results into the table of
// tests/bench/README.md. The SQLCipher baseline is mamori_sqlcipher_bench (another library with the
// same symbols, so another executable).
//
// Every command appends "name value" lines to --out; nothing it prints holds a number (the script
// runs it behind number_leak_guard). Timed sections exclude set-up (opening, generating inputs).

#include "services/vault/audit_chain.h"
#include "services/vault/csv_import.h"
#include "services/vault/vault.h"
#include "tests/bench/bench_data.h"
#include "tests/bench/bench_report.h"
#include "tests/bench/plain_store.h"

#include <sodium.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace mamori::vault {

// Declared a friend by Vault: reaches the store-level lookup that findByNumber() runs inside its
// audited transaction, so that it can be timed without the audit commit.
struct VaultBenchmarkAccess {
    static Result<std::optional<SubjectSummary>> lookupByNumber(Vault& vault, const NumberDigits& number, bool decrypt)
    {
        return vault.lookupByNumber(number, decrypt);
    }
};

} // namespace mamori::vault

namespace mamori::bench {

namespace {

using namespace mamori::vault;

constexpr std::string_view kBenchCardId = "c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff";
constexpr std::string_view kAddress = "東京都千代田区千代田1-1";
constexpr std::uint64_t kImportChunkRows = 100'000; // ≤ kMaxImportRows

template <typename T> T valueOrDie(Result<T> result, const std::string& what)
{
    if (!result.ok())
        die(what + ": " + result.error().describe());
    return std::move(result).value();
}

void okOrDie(const Status& status, const std::string& what)
{
    if (!status.ok())
        die(what + ": " + status.error().describe());
}

SecretBuffer secretOf(std::span<const std::uint8_t> bytes)
{
    return valueOrDie(SecretBuffer::copyOf(bytes), "key buffer");
}

// A vault with its clock and keys (the vault keeps references to both).
struct OpenVault {
    SystemClock clock;
    std::unique_ptr<MemoryKeySource> keys;
    std::unique_ptr<Vault> vault;
    std::int64_t clerkId = 1;
};

std::unique_ptr<OpenVault> openVault(const std::string& path, const BenchKeys& benchKeys, bool create)
{
    auto open = std::make_unique<OpenVault>();
    open->keys = std::make_unique<MemoryKeySource>(secretOf(benchKeys.master), secretOf(benchKeys.signingSeed));
    VaultOptions options;
    options.path = path;
    options.create = create;
    options.deviceId = std::string(kBenchDeviceId);
    open->vault = valueOrDie(Vault::open(options, *open->keys, open->clock), "open vault " + path);
    if (create) {
        for (const Department& department : benchDepartments())
            okOrDie(open->vault->addDepartment(nullptr, department.code, department.name), "add department");
        okOrDie(open->vault->addPurpose(nullptr, kBenchPurpose, kBenchPurposeName), "add purpose");
        UserSpec clerk{"ベンチ 事務", {Role::Clerk}, {}};
        for (const Department& department : benchDepartments())
            clerk.departments.insert(department.code);
        open->clerkId = valueOrDie(open->vault->createUser(nullptr, clerk), "create clerk");
    } else {
        auto select = valueOrDie(open->vault->database().prepare("SELECT min(id) FROM users"), "find clerk");
        if (!valueOrDie(select.step(), "find clerk"))
            die("the fixture vault has no user");
        open->clerkId = select.columnInt(0);
    }
    return open;
}

// A clerk holding every department, naming the bench purpose.
SessionContext clerkSession(std::int64_t userId)
{
    SessionContext session;
    session.userId = userId;
    session.cardId = std::string(kBenchCardId);
    session.roles = {Role::Clerk};
    for (const Department& department : benchDepartments())
        session.departments.insert(department.code);
    session.purpose = std::string(kBenchPurpose);
    return session;
}

void execOrDie(Vault& vault, const std::string& sql) { okOrDie(vault.database().exec(sql), sql); }

std::string fixturePath(const std::string& data, const char* kind, std::uint64_t count, const char* suffix)
{
    return data + "/" + kind + "-" + std::to_string(count) + suffix;
}

std::int64_t wallMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Runs three timed bodies in an order that rotates with the round, so that none always goes first.
void rotated(std::uint64_t round, std::vector<std::function<void()>> bodies)
{
    const std::size_t n = bodies.size();
    for (std::size_t i = 0; i < n; ++i)
        bodies[(i + round) % n]();
}

// --- fixtures ---------------------------------------------------------------------------------

void importPopulation(OpenVault& open, std::uint64_t subjects, const std::string& label)
{
    const SessionContext clerk = clerkSession(open.clerkId);
    const double start = nowSeconds();
    for (std::uint64_t first = 0; first < subjects; first += kImportChunkRows) {
        const std::uint64_t count = std::min(kImportChunkRows, subjects - first);
        std::string csv = populationCsv(first, count);
        const ImportReport report = valueOrDie(open.vault->importCsv(clerk, csv), "import");
        sodium_memzero(csv.data(), csv.size());
        if (report.imported != count) {
            const ImportIssue* issue = report.issues.empty() ? nullptr : &report.issues.front();
            die("fixture import took " + std::to_string(report.imported) + " of " + std::to_string(count) +
                " rows; first issue: line " + (issue ? std::to_string(issue->row) : "-") + " column " +
                (issue ? issue->column : "-") + " code " + (issue ? std::to_string(errorNumber(issue->code)) : "-"));
        }
        const std::uint64_t done = first + count;
        std::fprintf(stderr, "  %s: %llu of %llu subjects (%.0f s)\n", label.c_str(),
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(subjects),
                     nowSeconds() - start);
    }
}

void prepareVault(const std::string& data, std::uint64_t subjects, const BenchKeys& keys)
{
    const std::string path = fixturePath(data, "vault", subjects, ".db");
    if (fileExists(path)) {
        // Opening migrates a fixture built under an older vault schema, here rather than in a timed
        // run (or in the memory measurement).
        auto open = openVault(path, keys, false);
        execOrDie(*open->vault, "PRAGMA wal_checkpoint(TRUNCATE)");
        return;
    }
    const std::string building = path + ".building";
    removeDatabase(building);
    std::fprintf(stderr, "bench: building %s\n", path.c_str());
    {
        auto open = openVault(building, keys, true);
        // Fixture building only: a large page cache makes the million-row build minutes shorter. The
        // timed runs use the vault's own settings.
        execOrDie(*open->vault, "PRAGMA cache_size = -262144");
        importPopulation(*open, subjects, "vault");
        execOrDie(*open->vault, "PRAGMA wal_checkpoint(TRUNCATE)");
    }
    std::filesystem::rename(building, path);
    removeDatabase(building);
}

void preparePlain(const std::string& data, std::uint64_t subjects)
{
    const std::string path = fixturePath(data, "plain", subjects, ".db");
    if (fileExists(path))
        return;
    const std::string building = path + ".building";
    removeDatabase(building);
    std::fprintf(stderr, "bench: building %s\n", path.c_str());
    {
        PlainStore store = PlainStore::open(building, true);
        store.exec("PRAGMA cache_size = -262144");
        store.createSchema();
        store.insertPopulation(0, subjects, kImportChunkRows, wallMs());
        store.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    std::filesystem::rename(building, path);
    removeDatabase(building);
}

std::string randomHex(std::size_t bytes)
{
    std::vector<std::uint8_t> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (std::uint8_t byte : raw) {
        hex += kHex[byte >> 4];
        hex += kHex[byte & 0xf];
    }
    return hex;
}

// A random hex identifier that the audit entry rules accept (no chance digit run that reads as a number).
std::string identifierHex(std::size_t bytes)
{
    while (true) {
        std::string hex = randomHex(bytes);
        if (!containsNumber(hex, NumberScan::Identifier))
            return hex;
    }
}

// The draft of entry i: a mix of what a working day logs.
AuditEntry auditDraft(std::uint64_t i, std::span<const std::string> cards, std::int64_t timeMs)
{
    AuditEntry entry;
    entry.timeMs = timeMs;
    entry.deviceId = std::string(kBenchDeviceId);
    entry.actor = cards[i % cards.size()];
    entry.role = AuditRole::Clerk;
    entry.result = auditResultOk();
    char code[16];
    std::snprintf(code, sizeof code, "E%07llu", static_cast<unsigned long long>((i * 7919) % 600'000));
    switch (i % 8) {
    case 0:
        entry.action = AuditAction::Login;
        break;
    case 1:
    case 2:
        entry.action = AuditAction::List;
        entry.purpose = std::string(kBenchPurpose);
        entry.detail = "list offset " + std::to_string((i * 50) % 100'000) + " count 50 of 100000";
        break;
    case 3:
        entry.action = AuditAction::Search;
        entry.purpose = std::string(kBenchPurpose);
        entry.detail = "by number";
        entry.subjectId = identifierHex(16);
        entry.employeeCode = code;
        break;
    case 4:
    case 5:
        entry.action = AuditAction::View;
        entry.purpose = std::string(kBenchPurpose);
        entry.subjectId = identifierHex(16);
        entry.employeeCode = code;
        break;
    case 6:
        entry.action = AuditAction::Register;
        entry.purpose = std::string(kBenchPurpose);
        entry.subjectId = identifierHex(16);
        entry.employeeCode = code;
        entry.detail = "employee";
        break;
    default:
        entry.action = AuditAction::Reveal;
        entry.purpose = std::string(kBenchPurpose);
        entry.subjectId = identifierHex(16);
        entry.employeeCode = code;
        entry.cardSignature.resize(72);
        randombytes_buf(entry.cardSignature.data(), entry.cardSignature.size());
        break;
    }
    return entry;
}

// The audit fixture: `entries` encoded entries concatenated (exactly the bytes sha256sum reads),
// their lengths (u32, native order), the checkpoints (one per 1000 entries, signed), and the same
// log as the vault stores it (audit_entries / audit_checkpoints in an SQLite file).
void prepareAudit(const std::string& data, std::uint64_t entries, const BenchKeys& keys)
{
    const std::string base = fixturePath(data, "audit", entries, "");
    const std::string database = base + ".db";
    if (fileExists(database))
        return;
    std::fprintf(stderr, "bench: building %s.*\n", base.c_str());
    okOrDie(initSodium(), "libsodium");
    const DeviceSigner signer = valueOrDie(DeviceSigner::fromSeed(secretOf(keys.signingSeed)), "signer");
    std::vector<std::string> cards;
    for (int i = 0; i < 12; ++i)
        cards.push_back(identifierHex(32));

    std::ofstream entryFile(base + ".entries", std::ios::binary | std::ios::trunc);
    std::ofstream indexFile(base + ".index", std::ios::binary | std::ios::trunc);
    std::ofstream checkpointFile(base + ".checkpoints", std::ios::binary | std::ios::trunc);
    const std::string building = database + ".building";
    removeDatabase(building);
    Database db = valueOrDie(Database::open(building, Database::Mode::ReadWriteCreate), "audit database");
    okOrDie(db.exec("PRAGMA journal_mode = WAL; PRAGMA cache_size = -262144"), "audit database");
    okOrDie(db.exec("CREATE TABLE audit_entries (seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, actor TEXT NOT "
                    "NULL, action TEXT NOT NULL, subject_code TEXT, encoded BLOB NOT NULL, hash BLOB NOT NULL CHECK "
                    "(length(hash) = 32));"
                    "CREATE INDEX audit_by_actor ON audit_entries(actor, seq);"
                    "CREATE INDEX audit_by_action ON audit_entries(action, seq);"
                    "CREATE TABLE audit_checkpoints (seq INTEGER PRIMARY KEY, encoded BLOB NOT NULL);"),
            "audit schema");
    auto insertEntry = valueOrDie(db.prepare("INSERT INTO audit_entries (seq, time_ms, actor, action, subject_code, "
                                             "encoded, hash) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                                  "prepare");
    auto insertCheckpoint =
        valueOrDie(db.prepare("INSERT INTO audit_checkpoints (seq, encoded) VALUES (?, ?)"), "prepare");
    okOrDie(db.exec("BEGIN"), "begin");

    ChainHead head = kGenesisHead;
    std::int64_t timeMs = 1'767'225'600'000; // 2026-01-01
    for (std::uint64_t i = 1; i <= entries; ++i) {
        timeMs += 1500;
        const AuditEntry entry = valueOrDie(makeNext(head, auditDraft(i, cards, timeMs)), "makeNext");
        head = headOf(entry);
        const std::vector<std::uint8_t> encoded = valueOrDie(encodeEntry(entry), "encodeEntry");
        entryFile.write(reinterpret_cast<const char*>(encoded.data()), static_cast<std::streamsize>(encoded.size()));
        const auto length = static_cast<std::uint32_t>(encoded.size());
        indexFile.write(reinterpret_cast<const char*>(&length), sizeof length);
        insertEntry.reset();
        insertEntry.bind(1, static_cast<std::int64_t>(entry.sequence))
            .bind(2, entry.timeMs)
            .bind(3, entry.actor)
            .bind(4, actionName(entry.action))
            .bind(5, entry.employeeCode)
            .bind(6, std::span<const std::uint8_t>(encoded))
            .bind(7, std::span<const std::uint8_t>(entry.hash));
        okOrDie(insertEntry.run(), "insert entry");
        if (i % 1000 == 0 || i == entries) {
            const Checkpoint checkpoint = signCheckpoint(signer, head, i / 1000 + 1, timeMs);
            const auto record = encodeCheckpoint(checkpoint);
            checkpointFile.write(reinterpret_cast<const char*>(record.data()),
                                 static_cast<std::streamsize>(record.size()));
            insertCheckpoint.reset();
            insertCheckpoint.bind(1, static_cast<std::int64_t>(checkpoint.sequence))
                .bind(2, std::span<const std::uint8_t>(record));
            okOrDie(insertCheckpoint.run(), "insert checkpoint");
        }
    }
    okOrDie(db.exec("COMMIT"), "commit");
    okOrDie(db.exec("PRAGMA wal_checkpoint(TRUNCATE)"), "checkpoint");
    db.close();
    entryFile.close();
    indexFile.close();
    checkpointFile.close();
    if (!entryFile || !indexFile || !checkpointFile)
        die("cannot write the audit fixture files");
    std::filesystem::rename(building, database);
    removeDatabase(building);
}

int commandPrepare(const BenchArgs& args)
{
    const std::string data = args.required("data");
    std::filesystem::create_directories(data);
    const BenchKeys keys = loadOrCreateKeys(data + "/bench.key");
    for (const char* name : {"subjects", "list-subjects"}) {
        const std::uint64_t subjects = wholeGroups(args.count(name, 0));
        if (subjects == 0)
            continue;
        const double start = nowSeconds();
        preparePlain(data, subjects);
        prepareVault(data, subjects, keys);
        std::fprintf(stderr, "bench: %llu-subject fixtures ready (%.0f s)\n", static_cast<unsigned long long>(subjects),
                     nowSeconds() - start);
    }
    if (const std::uint64_t entries = args.count("audit-entries", 0); entries > 0) {
        const double start = nowSeconds();
        prepareAudit(data, entries, keys);
        std::fprintf(stderr, "bench: audit fixture ready (%.0f s)\n", nowSeconds() - start);
    }
    return 0;
}

// --- lookup -----------------------------------------------------------------------------------

// Targets 1 and 2: lookup by number among `subjects`, store level and audited, against plain SQLite
// with the number as an indexed plaintext column (statement prepared once, and prepared per call).
int commandLookup(const BenchArgs& args)
{
    const std::string vaultPath = args.required("vault");
    const std::string plainPath = args.required("plain");
    const std::string out = args.required("out");
    const std::uint64_t subjects = args.count("subjects", 0);
    const std::uint64_t lookups = args.count("lookups", 20'000);
    const std::uint64_t audited = args.count("audited", 100);
    const std::uint64_t round = args.count("seed", 1);
    const BenchKeys keys = loadOrCreateKeys(args.required("key"));
    if (subjects == 0)
        die("--subjects is required");

    warmPageCache(vaultPath);
    warmPageCache(plainPath);
    auto open = openVault(vaultPath, keys, false);
    PlainStore plain = PlainStore::open(plainPath, false);

    // The same rows for every candidate in this round (and for the SQLCipher run of the round).
    BenchRng rng(round * 1'000'003ULL + 17);
    std::vector<std::array<char, 12>> numbers;
    std::vector<NumberDigits> parsed;
    for (std::uint64_t i = 0; i < lookups; ++i) {
        numbers.push_back(populationNumber(rng.below(subjects)));
        parsed.emplace_back(NumberKind::Individual, std::span<const char>(numbers.back()));
    }

    PlainSummary summary;
    const auto vaultStore = [&]() {
        for (const NumberDigits& number : parsed) {
            auto found = VaultBenchmarkAccess::lookupByNumber(*open->vault, number, false);
            if (!found.ok() || !found.value())
                die("store-level lookup did not find a subject it holds");
        }
    };
    const auto plainCached = [&]() {
        for (const auto& number : numbers)
            if (!plain.lookup(number, summary))
                die("plain lookup did not find a subject it holds");
    };
    const auto plainReprepared = [&]() {
        for (const auto& number : numbers)
            if (!plain.lookupReprepared(number, summary))
                die("plain lookup did not find a subject it holds");
    };
    // Warm both page caches (SQLite's and the OS's) with the first rows, untimed.
    for (std::size_t i = 0; i < std::min<std::size_t>(parsed.size(), 1000); ++i) {
        (void)VaultBenchmarkAccess::lookupByNumber(*open->vault, parsed[i], false);
        (void)plain.lookup(numbers[i], summary);
    }

    const double perLookup = 1e6 / static_cast<double>(lookups);
    const auto timed = [&](const char* name, const std::function<void()>& body) {
        return [&, name, body]() {
            const double start = nowSeconds();
            body();
            appendResult(out, name, (nowSeconds() - start) * perLookup);
        };
    };
    rotated(round, {timed("lookup.vault_store_us", vaultStore), timed("lookup.plain_us", plainCached),
                    timed("lookup.plain_reprepared_us", plainReprepared)});

    // The whole operation: authorisation, both lookups, and the audit entry committed with
    // synchronous = FULL (one fsync per call).
    const SessionContext clerk = clerkSession(open->clerkId);
    std::vector<double> calls;
    for (std::uint64_t i = 0; i < audited && i < numbers.size(); ++i) {
        const double start = nowSeconds();
        auto found = open->vault->findByNumber(clerk, std::string_view(numbers[i].data(), numbers[i].size()));
        calls.push_back((nowSeconds() - start) * 1e6);
        if (!found.ok() || !found.value())
            die("findByNumber did not find a subject the vault holds");
    }
    if (!calls.empty())
        appendResult(out, "lookup.vault_find_audited_us", median(calls));
    std::fprintf(stderr, "bench: lookup round %llu done\n", static_cast<unsigned long long>(round));
    return 0;
}

// --- registration -----------------------------------------------------------------------------

// Target 3: durable registration, each in its own transaction with synchronous = FULL, in fresh
// databases in the same directory, vault and plain alternating in small blocks.
int commandRegister(const BenchArgs& args)
{
    const std::string work = args.required("work");
    const std::string out = args.required("out");
    const std::uint64_t count = args.count("count", 300);
    const std::uint64_t round = args.count("seed", 1);
    // "register" for the real run; another prefix (register_tmpfs) for a reference run elsewhere.
    const std::string metric = args.text("metric", "register");
    const BenchKeys keys = loadOrCreateKeys(args.required("key"));
    std::filesystem::create_directories(work);
    const std::string vaultPath = work + "/register-vault.db";
    const std::string plainPath = work + "/register-plain.db";
    removeDatabase(vaultPath);
    removeDatabase(plainPath);
    {
        auto open = openVault(vaultPath, keys, true);
        PlainStore plain = PlainStore::open(plainPath, true);
        plain.createSchema();
        const SessionContext clerk = clerkSession(open->clerkId);
        constexpr std::uint64_t kWarmUp = 10;

        std::uint64_t nextVault = 0;
        std::uint64_t nextPlain = 0;
        const auto registerVault = [&](std::uint64_t n) {
            for (std::uint64_t i = 0; i < n; ++i) {
                const PopulationRow row = populationRow(5 * nextVault++);
                NewSubject subject;
                subject.kind = SubjectKind::Employee;
                subject.code = row.code;
                subject.department = benchDepartments()[row.department].code;
                subject.name = PersonalText(row.name);
                subject.nameKana = PersonalText(row.nameKana);
                subject.birthDate = PersonalText(row.birthDate);
                subject.address = PersonalText(kAddress);
                (void)valueOrDie(open->vault->registerSubject(clerk, subject), "registerSubject");
            }
        };
        const auto registerPlain = [&](std::uint64_t n) {
            for (std::uint64_t i = 0; i < n; ++i)
                plain.registerOne(populationRow(5 * nextPlain++), kAddress, wallMs());
        };
        registerVault(kWarmUp);
        registerPlain(kWarmUp);
        // The disk's fsync latency drifts (here by up to 5× within a minute), so the two alternate in
        // blocks of kBlock rather than running one after the other.
        constexpr std::uint64_t kBlock = 25;
        double vaultSeconds = 0;
        double plainSeconds = 0;
        for (std::uint64_t done = 0; done < count; done += kBlock) {
            const std::uint64_t n = std::min(kBlock, count - done);
            rotated(round + done / kBlock, {[&]() {
                                                const double start = nowSeconds();
                                                registerVault(n);
                                                vaultSeconds += nowSeconds() - start;
                                            },
                                            [&]() {
                                                const double start = nowSeconds();
                                                registerPlain(n);
                                                plainSeconds += nowSeconds() - start;
                                            }});
        }
        appendResult(out, metric + ".vault_per_s", static_cast<double>(count) / vaultSeconds);
        appendResult(out, metric + ".plain_per_s", static_cast<double>(count) / plainSeconds);
    }
    removeDatabase(vaultPath);
    removeDatabase(plainPath);
    std::fprintf(stderr, "bench: register round %llu done\n", static_cast<unsigned long long>(round));
    return 0;
}

// --- import -----------------------------------------------------------------------------------

// Target 4: importCsv of `rows` rows (employees and dependents) into a fresh vault, against the same
// rows inserted into a fresh plain database in one transaction. Both with wal_autocheckpoint = 0
// and an emptied WAL beforehand, so the -wal file afterwards holds exactly what the import wrote.
int commandImport(const BenchArgs& args)
{
    const std::string work = args.required("work");
    const std::string out = args.required("out");
    const std::uint64_t rows = wholeGroups(args.count("rows", 100'000));
    const std::uint64_t round = args.count("seed", 1);
    const BenchKeys keys = loadOrCreateKeys(args.required("key"));
    if (rows > kMaxImportRows)
        die("--rows above the import limit of one file");
    std::filesystem::create_directories(work);
    const std::string vaultPath = work + "/import-vault.db";
    const std::string plainPath = work + "/import-plain.db";

    std::string csv = populationCsv(0, rows);
    std::vector<PopulationRow> population;
    population.reserve(rows);
    for (std::uint64_t k = 0; k < rows; ++k)
        population.push_back(populationRow(k));
    const double rowCount = static_cast<double>(rows);

    const auto runVault = [&]() {
        removeDatabase(vaultPath);
        {
            auto open = openVault(vaultPath, keys, true);
            execOrDie(*open->vault, "PRAGMA wal_checkpoint(TRUNCATE)");
            execOrDie(*open->vault, "PRAGMA wal_autocheckpoint = 0");
            const SessionContext clerk = clerkSession(open->clerkId);
            const double start = nowSeconds();
            const ImportReport report = valueOrDie(open->vault->importCsv(clerk, csv), "importCsv");
            const double seconds = nowSeconds() - start;
            if (report.imported != rows)
                die("the import took " + std::to_string(report.imported) + " of " + std::to_string(rows) + " rows");
            const double walBytes = static_cast<double>(fileSize(vaultPath + "-wal"));
            appendResult(out, "import.vault_s", seconds);
            appendResult(out, "import.vault_rows_per_s", rowCount / seconds);
            appendResult(out, "import.vault_wal_bytes_per_row", walBytes / rowCount);
            appendResult(out, "import.vault_db_bytes_per_row",
                         static_cast<double>(fileSize(vaultPath) + fileSize(vaultPath + "-wal")) / rowCount);
        }
        removeDatabase(vaultPath);
    };
    const auto runPlain = [&]() {
        removeDatabase(plainPath);
        {
            PlainStore plain = PlainStore::open(plainPath, true);
            plain.createSchema();
            plain.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            plain.exec("PRAGMA wal_autocheckpoint = 0");
            const double start = nowSeconds();
            plain.insertRows(population, wallMs());
            const double seconds = nowSeconds() - start;
            const double walBytes = static_cast<double>(fileSize(plainPath + "-wal"));
            appendResult(out, "import.plain_s", seconds);
            appendResult(out, "import.plain_rows_per_s", rowCount / seconds);
            appendResult(out, "import.plain_wal_bytes_per_row", walBytes / rowCount);
        }
        removeDatabase(plainPath);
    };
    // The parser alone (decode, CSV, header, validation), as importCsv() runs it first.
    const auto runParse = [&]() {
        ImportOptions options;
        options.resolveParentsInVault = true;
        SystemClock clock;
        options.today = clock.todayJst();
        const double start = nowSeconds();
        const ImportBatch batch = valueOrDie(parseImport(csv, options), "parseImport");
        const double seconds = nowSeconds() - start;
        if (batch.rows.size() != rows || !batch.allValid())
            die("the generated file does not parse cleanly");
        appendResult(out, "import.parse_s", seconds);
    };
    rotated(round, {runVault, runPlain, runParse});
    sodium_memzero(csv.data(), csv.size());
    std::fprintf(stderr, "bench: import round %llu done\n", static_cast<unsigned long long>(round));
    return 0;
}

// --- audit verification -----------------------------------------------------------------------

double spawnSha256sum(const std::string& file)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // Its output is a digest of the entries; nobody needs to see it.
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    std::string program = "sha256sum";
    std::string argument = file;
    char* argv[] = {program.data(), argument.data(), nullptr};
    const double start = nowSeconds();
    pid_t child = 0;
    const int spawned = posix_spawnp(&child, "sha256sum", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        die("cannot run sha256sum (coreutils): " + std::string(std::strerror(spawned)));
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
    }
    const double seconds = nowSeconds() - start;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("sha256sum failed");
    return seconds;
}

// Target 5: decode + verify `entries` encoded entries with ChainVerifier (as the vault does with the
// rows it reads), against sha256sum over a file of exactly those bytes; and, for reference, the
// vault's own verifyAuditLog() reading them from SQLite.
int commandAudit(const BenchArgs& args)
{
    const std::string data = args.required("data");
    const std::string out = args.required("out");
    const std::uint64_t entries = args.count("entries", 0);
    const std::uint64_t round = args.count("seed", 1);
    const BenchKeys keys = loadOrCreateKeys(args.required("key"));
    const std::string base = fixturePath(data, "audit", entries, "");
    if (!fileExists(base + ".db"))
        die("no audit fixture for --entries; run prepare first");
    okOrDie(initSodium(), "libsodium");
    const PublicKey publicKey = valueOrDie(devicePublicKey(secretOf(keys.signingSeed)), "public key");
    const double megabytes = static_cast<double>(fileSize(base + ".entries")) / 1e6;
    appendResult(out, "audit.megabytes", megabytes);

    // Streams the entries through a 1 MiB buffer, as sha256sum streams the file; the lengths come
    // from the index (the vault gets them from SQLite).
    const auto verifyFromFile = [&]() {
        warmPageCache(base + ".entries");
        const double start = nowSeconds();
        const std::vector<std::uint8_t> index = readFile(base + ".index");
        const std::vector<std::uint8_t> records = readFile(base + ".checkpoints");
        std::vector<Checkpoint> checkpoints;
        for (std::size_t offset = 0; offset + kCheckpointRecordBytes <= records.size();
             offset += kCheckpointRecordBytes)
            checkpoints.push_back(valueOrDie(
                decodeCheckpoint(std::span(records).subspan(offset, kCheckpointRecordBytes)), "decodeCheckpoint"));
        ChainVerifier verifier(checkpoints, publicKey);
        const int fd = ::open((base + ".entries").c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            die("cannot open the audit fixture entries");
        std::vector<std::uint8_t> buffer(std::size_t(1) << 20);
        std::size_t filled = 0;
        std::size_t offset = 0;
        for (std::size_t i = 0; i + sizeof(std::uint32_t) <= index.size() && verifier.wantsMore();
             i += sizeof(std::uint32_t)) {
            std::uint32_t length = 0;
            std::memcpy(&length, index.data() + i, sizeof length);
            if (length > kMaxEncodedEntryBytes)
                die("audit fixture index does not match its entries");
            if (filled - offset < length) {
                std::memmove(buffer.data(), buffer.data() + offset, filled - offset);
                filled -= offset;
                offset = 0;
                while (filled < length) {
                    const ssize_t got = ::read(fd, buffer.data() + filled, buffer.size() - filled);
                    if (got <= 0)
                        die("the audit fixture entries end early");
                    filled += static_cast<std::size_t>(got);
                }
            }
            auto entry = decodeEntry(std::span(buffer).subspan(offset, length));
            if (!entry.ok())
                die("an audit entry does not decode");
            verifier.addEntry(entry.value());
            offset += length;
        }
        ::close(fd);
        const VerifyReport report = verifier.finish();
        const double seconds = nowSeconds() - start;
        if (!report.clean() || report.entriesVerified != entries)
            die("the audit fixture does not verify: " + describe(report));
        appendResult(out, "audit.verify_mb_per_s", megabytes / seconds);
    };
    const auto sha256 = [&]() {
        warmPageCache(base + ".entries");
        appendResult(out, "audit.sha256sum_mb_per_s", megabytes / spawnSha256sum(base + ".entries"));
    };
    const auto verifyFromSqlite = [&]() {
        warmPageCache(base + ".db");
        Database db = valueOrDie(Database::open(base + ".db", Database::Mode::ReadOnly), "audit database");
        MemoryKeySource source(secretOf(keys.master), secretOf(keys.signingSeed));
        const double start = nowSeconds();
        const VerifyReport report = valueOrDie(Vault::verifyAuditLog(db, source, std::nullopt), "verifyAuditLog");
        const double seconds = nowSeconds() - start;
        if (!report.clean() || report.entriesVerified != entries)
            die("the audit fixture database does not verify: " + describe(report));
        appendResult(out, "audit.sqlite_verify_mb_per_s", megabytes / seconds);
    };
    rotated(round, {verifyFromFile, sha256, verifyFromSqlite});
    std::fprintf(stderr, "bench: audit round %llu done\n", static_cast<unsigned long long>(round));
    return 0;
}

// --- list and memory --------------------------------------------------------------------------

// Target 6: pages of 50 masked subjects (names decrypted, one audit entry each) at random offsets.
int commandList(const BenchArgs& args)
{
    const std::string vaultPath = args.required("vault");
    const std::string out = args.required("out");
    const std::uint64_t pages = args.count("pages", 200);
    const std::uint64_t round = args.count("seed", 1);
    const BenchKeys keys = loadOrCreateKeys(args.required("key"));
    warmPageCache(vaultPath);
    auto open = openVault(vaultPath, keys, false);
    const SessionContext clerk = clerkSession(open->clerkId);

    ListQuery query;
    query.limit = 50;
    const std::int64_t total = valueOrDie(open->vault->listSubjects(clerk, query), "listSubjects").total;
    if (total < 50)
        die("the list fixture holds fewer than 50 subjects");
    appendResult(out, "list.total", static_cast<double>(total));
    BenchRng rng(round * 7919 + 3);
    const auto page = [&](std::int64_t offset) {
        query.offset = offset;
        const double start = nowSeconds();
        const SubjectPage result = valueOrDie(open->vault->listSubjects(clerk, query), "listSubjects");
        const double ms = (nowSeconds() - start) * 1e3;
        if (result.items.size() != 50 || result.items.front().name.empty())
            die("a page came back short or without names");
        return ms;
    };
    for (int i = 0; i < 5; ++i)
        (void)page(static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(total - 49))));
    std::vector<double> random;
    std::vector<double> first;
    for (std::uint64_t i = 0; i < pages; ++i) {
        random.push_back(page(static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(total - 49)))));
        if (i % 10 == 0)
            first.push_back(page(0));
    }
    for (double ms : random)
        appendResult(out, "list.page_ms", ms);
    for (double ms : first)
        appendResult(out, "list.first_page_ms", ms);
    std::fprintf(stderr, "bench: list done\n");
    return 0;
}

// A field of /proc/self/status in MB, from one snapshot of the file (VmRSS and VmHWM must come from
// the same read, or VmHWM can seem below VmRSS).
double statusMegabytes(const std::string& status, const char* field)
{
    const std::size_t at = status.find(field);
    if (at == std::string::npos)
        die(std::string("no ") + field + " in /proc/self/status");
    const unsigned long long kilobytes = std::strtoull(status.c_str() + at + std::strlen(field), nullptr, 10);
    return static_cast<double>(kilobytes) / 1024.0;
}

// Target 6, memory: the process after opening the vault, one lookup and one page.
int commandRss(const BenchArgs& args)
{
    const std::string vaultPath = args.required("vault");
    const std::string out = args.required("out");
    const std::uint64_t subjects = args.count("subjects", 0);
    const BenchKeys keys = loadOrCreateKeys(args.required("key"));
    if (subjects == 0)
        die("--subjects is required");
    auto open = openVault(vaultPath, keys, false);
    const SessionContext clerk = clerkSession(open->clerkId);
    const auto number = populationNumber(subjects / 2);
    auto found = open->vault->findByNumber(clerk, std::string_view(number.data(), number.size()));
    if (!found.ok() || !found.value())
        die("findByNumber did not find a subject the vault holds");
    ListQuery query;
    query.limit = 50;
    (void)valueOrDie(open->vault->listSubjects(clerk, query), "listSubjects");
    std::ifstream file("/proc/self/status");
    const std::string status((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    appendResult(out, "rss.vmrss_mb", statusMegabytes(status, "\nVmRSS:"));
    appendResult(out, "rss.vmhwm_mb", statusMegabytes(status, "\nVmHWM:"));
    std::fprintf(stderr, "bench: rss done\n");
    return 0;
}

// --- smoke ------------------------------------------------------------------------------------

// Every command once on tiny fixtures: the CTest smoke test (label bench). Figures are meaningless.
int commandSmoke(const BenchArgs& args)
{
    const std::string work = args.required("work");
    std::filesystem::remove_all(work);
    std::filesystem::create_directories(work);
    const std::string out = work + "/raw.txt";
    const std::string key = work + "/bench.key";
    const auto run = [&](const std::function<int(const BenchArgs&)>& command, std::vector<std::string> list) {
        std::vector<char*> argv{nullptr};
        for (auto& item : list)
            argv.push_back(item.data());
        return command(BenchArgs(static_cast<int>(argv.size()), argv.data(), 1));
    };
    const std::string subjects = "500";
    run(commandPrepare, {"--data", work, "--subjects", subjects, "--audit-entries", "2000"});
    run(commandLookup, {"--vault", work + "/vault-500.db", "--plain", work + "/plain-500.db", "--subjects", subjects,
                        "--lookups", "200", "--audited", "3", "--seed", "1", "--out", out, "--key", key});
    run(commandRegister, {"--work", work, "--count", "5", "--seed", "1", "--out", out, "--key", key});
    run(commandImport, {"--work", work, "--rows", "500", "--seed", "1", "--out", out, "--key", key});
    run(commandAudit, {"--data", work, "--entries", "2000", "--seed", "1", "--out", out, "--key", key});
    run(commandList, {"--vault", work + "/vault-500.db", "--pages", "5", "--seed", "1", "--out", out, "--key", key});
    run(commandRss, {"--vault", work + "/vault-500.db", "--subjects", subjects, "--out", out, "--key", key});
    return run(runReport, {"--raw", out, "--out", work + "/results.md", "--mode", "smoke", "--subjects", subjects,
                           "--list-subjects", subjects, "--import-rows", "500", "--audit-entries", "2000"});
}

void usage()
{
    std::fputs(
        "usage: mamori_vault_bench <command> --name value ...\n"
        "  prepare  --data DIR [--subjects N] [--list-subjects N] [--audit-entries M]\n"
        "  lookup   --vault DB --plain DB --subjects N --key FILE --out RAW [--lookups L] [--audited F] [--seed R]\n"
        "  register --work DIR --key FILE --out RAW [--count K] [--seed R] [--metric NAME]\n"
        "  import   --work DIR --key FILE --out RAW [--rows N] [--seed R]\n"
        "  audit    --data DIR --entries M --key FILE --out RAW [--seed R]\n"
        "  list     --vault DB --key FILE --out RAW [--pages P] [--seed R]\n"
        "  rss      --vault DB --subjects N --key FILE --out RAW\n"
        "  report   --raw RAW --out MD --mode full|quick --subjects N --list-subjects N --import-rows N "
        "--audit-entries M\n"
        "  smoke    --work DIR\n"
        "scripts/bench.sh runs them all; see tests/bench/README.md.\n",
        stderr);
}

int runCommand(int argc, char** argv)
{
    if (argc < 2) {
        usage();
        return 2;
    }
    if (!mamori::initSodium().ok())
        die("libsodium failed to initialise");
    const std::string_view command = argv[1];
    const BenchArgs args(argc, argv, 2);
    if (command == "prepare")
        return commandPrepare(args);
    if (command == "lookup")
        return commandLookup(args);
    if (command == "register")
        return commandRegister(args);
    if (command == "import")
        return commandImport(args);
    if (command == "audit")
        return commandAudit(args);
    if (command == "list")
        return commandList(args);
    if (command == "rss")
        return commandRss(args);
    if (command == "report")
        return runReport(args);
    if (command == "smoke")
        return commandSmoke(args);
    usage();
    return 2;
}

} // namespace
} // namespace mamori::bench

int main(int argc, char** argv)
{
    // A failed file operation (std::filesystem) is a real failure: report it, never crash on it.
    try {
        return mamori::bench::runCommand(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench: error: %s\n", e.what());
        return 1;
    }
}
