// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// PlainStore: the baselines the vault is measured against. The same schema shape as the vault's
// (subjects, numbers, verifications, subject_purposes, departments), but with personal fields and
// the number in plaintext, the number indexed directly (UNIQUE) instead of through a blind index,
// no audit log and no foreign keys — what a straightforward application would write with SQLite.
//
// This file is compiled twice: into mamori_vault_bench against Debian's libsqlite3 (the plain
// baseline), and into mamori_sqlcipher_bench against libsqlcipher, which opens the same schema
// under PRAGMA key (the whole file encrypted). The two libraries export the same symbols, so they
// can never share a process.
//
// A PlainStore is one connection, used by one thread. Every SQLite failure is fatal (die()): the
// benchmarks only run on fixtures they built.

#include "tests/bench/bench_data.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace mamori::bench {

// What a lookup returns: the fields of the vault's SubjectSummary without the personal ones
// (the vault's store-level lookup with decrypt = false returns the same).
struct PlainSummary {
    std::array<std::uint8_t, 16> id{};
    std::string code;
    std::string kind;
    std::string department;
    std::string status;
    bool hasParent = false;
    std::array<std::uint8_t, 16> parent{};
    bool hasNumber = false;
    bool hasVerification = false;
};

class PlainStore {
public:
    // Opens (creating if asked) the database. A non-empty cipherKey is given to PRAGMA key as a raw
    // 256-bit key (SQLCipher builds only; plain SQLite would ignore the pragma, so it is refused).
    // journal_mode = WAL and synchronous = FULL, as the vault.
    static PlainStore open(const std::string& path, bool create, std::span<const std::uint8_t> cipherKey = {});
    ~PlainStore();
    PlainStore(PlainStore&& other) noexcept;
    PlainStore& operator=(PlainStore&&) = delete;
    PlainStore(const PlainStore&) = delete;
    PlainStore& operator=(const PlainStore&) = delete;

    void exec(const std::string& sql);
    // Tables, indexes and the ten departments.
    void createSchema();
    // Inserts rows (subject, number, notified purpose) in one transaction with statements prepared
    // once: the bulk-insert baseline.
    void insertRows(std::span<const PopulationRow> rows, std::int64_t nowMs);
    // Rows [first, first + count) of the population, in transactions of `chunk` rows (fixtures).
    void insertPopulation(std::uint64_t first, std::uint64_t count, std::uint64_t chunk, std::int64_t nowMs);
    // One subject row in its own transaction (BEGIN IMMEDIATE … COMMIT): the registration baseline.
    void registerOne(const PopulationRow& row, std::string_view address, std::int64_t nowMs);

    // Lookup by number with a statement prepared once and reset between calls.
    bool lookup(const std::array<char, 12>& number, PlainSummary& out);
    // The same, preparing the statement on every call (as the vault's lookupByNumber does).
    bool lookupReprepared(const std::array<char, 12>& number, PlainSummary& out);

    std::int64_t countSubjects();
    sqlite3* handle() const noexcept { return m_db; }

private:
    explicit PlainStore(sqlite3* db) noexcept : m_db(db) {}
    sqlite3_stmt* prepare(const char* sql);
    void check(int rc, const char* what);
    bool runLookup(sqlite3_stmt* statement, const std::array<char, 12>& number, PlainSummary& out);

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_lookup = nullptr;
};

} // namespace mamori::bench
