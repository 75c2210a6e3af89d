// SPDX-License-Identifier: GPL-3.0-or-later
// The plain-SQLite and SQLCipher baselines (plain_store.h). Raw SQLite C API only, so that the same
// source builds against libsqlite3 and against SQLCipher 3.4 (SQLite 3.15).

#include "tests/bench/plain_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

namespace mamori::bench {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE departments (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE subjects (
    id BLOB PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    parent_id BLOB,
    department TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    status_date TEXT,
    name TEXT,
    name_kana TEXT,
    birth_date TEXT,
    address TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX subjects_by_department ON subjects(department, code);
CREATE INDEX subjects_by_parent ON subjects(parent_id) WHERE parent_id IS NOT NULL;
CREATE TABLE numbers (
    subject_id BLOB PRIMARY KEY,
    kind TEXT NOT NULL,
    number TEXT NOT NULL UNIQUE,
    registered_ms INTEGER NOT NULL,
    registered_by INTEGER
) WITHOUT ROWID;
CREATE TABLE verifications (
    id INTEGER PRIMARY KEY,
    subject_id BLOB NOT NULL,
    method TEXT NOT NULL,
    documents TEXT NOT NULL,
    verified_by INTEGER NOT NULL,
    verified_ms INTEGER NOT NULL
);
CREATE INDEX verifications_by_subject ON verifications(subject_id);
CREATE TABLE subject_purposes (
    subject_id BLOB NOT NULL,
    purpose TEXT NOT NULL,
    notified_date TEXT NOT NULL,
    PRIMARY KEY (subject_id, purpose)
) WITHOUT ROWID;
)sql";

// The vault's lookup reads these columns (vault_queries.cpp, kSummaryColumns) through its blind
// index; here the number itself is the key.
constexpr const char* kLookup = "SELECT s.id, s.code, s.kind, s.department, s.status, s.parent_id, 1, "
                                "EXISTS (SELECT 1 FROM verifications v WHERE v.subject_id = s.id) "
                                "FROM numbers n JOIN subjects s ON s.id = n.subject_id WHERE n.number = ?1";

// SQLITE_TRANSIENT without the old-style cast of its macro.
sqlite3_destructor_type transient() { return reinterpret_cast<sqlite3_destructor_type>(std::intptr_t(-1)); }

void bindText(sqlite3_stmt* statement, int index, std::string_view text)
{
    sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), transient());
}

void bindBlob(sqlite3_stmt* statement, int index, std::span<const std::uint8_t> blob)
{
    sqlite3_bind_blob(statement, index, blob.data(), static_cast<int>(blob.size()), transient());
}

std::string columnText(sqlite3_stmt* statement, int column)
{
    const auto* text = sqlite3_column_text(statement, column);
    return text ? std::string(reinterpret_cast<const char*>(text),
                              static_cast<std::size_t>(sqlite3_column_bytes(statement, column)))
                : std::string();
}

void columnId(sqlite3_stmt* statement, int column, std::array<std::uint8_t, 16>& out)
{
    if (sqlite3_column_bytes(statement, column) == 16)
        std::memcpy(out.data(), sqlite3_column_blob(statement, column), 16);
}

std::string todayIso(std::int64_t nowMs)
{
    const std::int64_t days = (nowMs + 9LL * 3600 * 1000) / 86'400'000LL;
    const std::chrono::year_month_day date{std::chrono::sys_days(std::chrono::days(days))};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

} // namespace

PlainStore PlainStore::open(const std::string& path, bool create, std::span<const std::uint8_t> cipherKey)
{
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        die("cannot open " + path);
    }
    PlainStore store(db);
    if (!cipherKey.empty()) {
#ifdef MAMORI_BENCH_SQLCIPHER
        static constexpr char kHex[] = "0123456789abcdef";
        std::string pragma = "PRAGMA key = \"x'";
        for (std::uint8_t byte : cipherKey) {
            pragma += kHex[byte >> 4];
            pragma += kHex[byte & 0xf];
        }
        pragma += "'\"";
        store.exec(pragma);
        std::memset(pragma.data(), 0, pragma.size());
#else
        die("a cipher key needs the SQLCipher build of the bench");
#endif
    }
    store.exec("PRAGMA journal_mode = WAL");
    store.exec("PRAGMA synchronous = FULL");
    // Fails here, not later, when the key is wrong.
    store.exec("SELECT count(*) FROM sqlite_master");
    return store;
}

PlainStore::~PlainStore()
{
    sqlite3_finalize(m_lookup);
    if (m_db)
        sqlite3_close(m_db);
}

PlainStore::PlainStore(PlainStore&& other) noexcept : m_db(other.m_db), m_lookup(other.m_lookup)
{
    other.m_db = nullptr;
    other.m_lookup = nullptr;
}

void PlainStore::check(int rc, const char* what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        die(std::string("baseline SQLite: ") + what + ": " + sqlite3_errmsg(m_db));
}

void PlainStore::exec(const std::string& sql)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string text = message ? message : "?";
        sqlite3_free(message);
        die("baseline SQLite: " + text);
    }
}

sqlite3_stmt* PlainStore::prepare(const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    check(sqlite3_prepare_v2(m_db, sql, -1, &statement, nullptr), "prepare");
    return statement;
}

void PlainStore::createSchema()
{
    exec(kSchema);
    sqlite3_stmt* insert = prepare("INSERT INTO departments (code, name) VALUES (?, ?)");
    for (const Department& department : benchDepartments()) {
        sqlite3_reset(insert);
        bindText(insert, 1, department.code);
        bindText(insert, 2, department.name);
        check(sqlite3_step(insert), "insert department");
    }
    sqlite3_finalize(insert);
}

void PlainStore::insertRows(std::span<const PopulationRow> rows, std::int64_t nowMs)
{
    const std::string today = todayIso(nowMs);
    exec("BEGIN IMMEDIATE");
    sqlite3_stmt* subject = prepare("INSERT INTO subjects (id, code, kind, parent_id, department, status, name, "
                                    "name_kana, birth_date, created_ms, updated_ms) "
                                    "VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)");
    sqlite3_stmt* number = prepare("INSERT INTO numbers (subject_id, kind, number, registered_ms, registered_by) "
                                   "VALUES (?, 'individual', ?, ?, 1)");
    sqlite3_stmt* purpose =
        prepare("INSERT INTO subject_purposes (subject_id, purpose, notified_date) VALUES (?, ?, ?)");
    for (const PopulationRow& row : rows) {
        const bool dependent = row.kind == RowKind::Dependent;
        sqlite3_reset(subject);
        bindBlob(subject, 1, row.id);
        bindText(subject, 2, row.code);
        bindText(subject, 3, dependent ? "dependent" : "employee");
        if (dependent)
            bindBlob(subject, 4, row.parentId);
        else
            sqlite3_bind_null(subject, 4);
        bindText(subject, 5, benchDepartments()[row.department].code);
        bindText(subject, 6, row.name);
        bindText(subject, 7, row.nameKana);
        bindText(subject, 8, row.birthDate);
        sqlite3_bind_int64(subject, 9, nowMs);
        sqlite3_bind_int64(subject, 10, nowMs);
        check(sqlite3_step(subject), "insert subject");

        sqlite3_reset(number);
        bindBlob(number, 1, row.id);
        bindText(number, 2, std::string_view(row.number.data(), row.number.size()));
        sqlite3_bind_int64(number, 3, nowMs);
        check(sqlite3_step(number), "insert number");

        sqlite3_reset(purpose);
        bindBlob(purpose, 1, row.id);
        bindText(purpose, 2, kBenchPurpose);
        bindText(purpose, 3, today);
        check(sqlite3_step(purpose), "insert purpose");
    }
    sqlite3_finalize(subject);
    sqlite3_finalize(number);
    sqlite3_finalize(purpose);
    exec("COMMIT");
}

void PlainStore::insertPopulation(std::uint64_t first, std::uint64_t count, std::uint64_t chunk, std::int64_t nowMs)
{
    std::vector<PopulationRow> rows;
    for (std::uint64_t start = first; start < first + count; start += chunk) {
        const std::uint64_t end = std::min(first + count, start + chunk);
        rows.clear();
        for (std::uint64_t k = start; k < end; ++k)
            rows.push_back(populationRow(k));
        insertRows(rows, nowMs);
    }
}

void PlainStore::registerOne(const PopulationRow& row, std::string_view address, std::int64_t nowMs)
{
    exec("BEGIN IMMEDIATE");
    sqlite3_stmt* insert = prepare("INSERT INTO subjects (id, code, kind, department, name, name_kana, birth_date, "
                                   "address, created_ms, updated_ms) VALUES (?, ?, 'employee', ?, ?, ?, ?, ?, ?, ?)");
    bindBlob(insert, 1, row.id);
    bindText(insert, 2, row.code);
    bindText(insert, 3, benchDepartments()[row.department].code);
    bindText(insert, 4, row.name);
    bindText(insert, 5, row.nameKana);
    bindText(insert, 6, row.birthDate);
    bindText(insert, 7, address);
    sqlite3_bind_int64(insert, 8, nowMs);
    sqlite3_bind_int64(insert, 9, nowMs);
    check(sqlite3_step(insert), "insert subject");
    sqlite3_finalize(insert);
    exec("COMMIT");
}

bool PlainStore::runLookup(sqlite3_stmt* statement, const std::array<char, 12>& number, PlainSummary& out)
{
    bindText(statement, 1, std::string_view(number.data(), number.size()));
    const int rc = sqlite3_step(statement);
    check(rc, "lookup");
    if (rc != SQLITE_ROW)
        return false;
    columnId(statement, 0, out.id);
    out.code = columnText(statement, 1);
    out.kind = columnText(statement, 2);
    out.department = columnText(statement, 3);
    out.status = columnText(statement, 4);
    out.hasParent = sqlite3_column_type(statement, 5) != SQLITE_NULL;
    if (out.hasParent)
        columnId(statement, 5, out.parent);
    out.hasNumber = sqlite3_column_int(statement, 6) != 0;
    out.hasVerification = sqlite3_column_int(statement, 7) != 0;
    return true;
}

bool PlainStore::lookup(const std::array<char, 12>& number, PlainSummary& out)
{
    if (!m_lookup)
        m_lookup = prepare(kLookup);
    const bool found = runLookup(m_lookup, number, out);
    sqlite3_reset(m_lookup);
    return found;
}

bool PlainStore::lookupReprepared(const std::array<char, 12>& number, PlainSummary& out)
{
    sqlite3_stmt* statement = prepare(kLookup);
    const bool found = runLookup(statement, number, out);
    sqlite3_finalize(statement);
    return found;
}

std::int64_t PlainStore::countSubjects()
{
    sqlite3_stmt* statement = prepare("SELECT count(*) FROM subjects");
    check(sqlite3_step(statement), "count");
    const std::int64_t count = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return count;
}

} // namespace mamori::bench
