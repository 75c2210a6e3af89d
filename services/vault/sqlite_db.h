// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Thin RAII wrappers over the SQLite C API for the vault: Database (one connection), Statement
// (a prepared statement) and Transaction (BEGIN IMMEDIATE … COMMIT, rolled back unless committed).
// SQLite result codes are translated to ErrorCode in exactly one place (sqliteError), with the
// code in hex in the context: CORRUPT/NOTADB → StorageCorrupt, FULL → StorageFull, IOERR/CANTOPEN
// → StorageIo, BUSY/LOCKED → Unavailable, UNIQUE/PRIMARY KEY → AlreadyExists, other constraints →
// InvalidArgument, TOOBIG → TooLarge.
//
// A Database is used by one thread at a time (the vault daemon's worker); SQLite is built
// serialized on Debian, but the vault does not rely on it.

#include "services/common/result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace mamori::vault {

Error sqliteError(int code, std::string_view what, sqlite3* db = nullptr);

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt) noexcept : m_db(db), m_stmt(stmt) {}
    // A statement on loan from a StatementCache pool: reset and returned to it on destruction.
    Statement(sqlite3* db, sqlite3_stmt* stmt, std::vector<sqlite3_stmt*>* pool) noexcept
        : m_db(db), m_stmt(stmt), m_pool(pool)
    {}
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQLite. Blobs and texts are copied (SQLITE_TRANSIENT) unless
    // stated; bindStatic keeps a pointer that must outlive the next step().
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::span<const std::uint8_t> blob);
    Statement& bindNull(int index);
    Statement& bindStatic(int index, std::span<const std::uint8_t> blob);

    // true: a row is available; false: done. Errors are translated.
    Result<bool> step();
    // Runs to completion, expecting no rows.
    Status run();
    void reset() noexcept;
    // Gives up ownership of the prepared statement (StatementCache adopts it).
    sqlite3_stmt* detach() noexcept
    {
        sqlite3_stmt* stmt = m_stmt;
        m_stmt = nullptr;
        return stmt;
    }

    std::int64_t columnInt(int column) const;
    std::string_view columnText(int column) const;
    std::span<const std::uint8_t> columnBlob(int column) const;
    bool columnIsNull(int column) const;

private:
    Status bindFailed(int code);

    void release() noexcept;

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    std::vector<sqlite3_stmt*>* m_pool = nullptr;
    int m_bindError = 0;
};

class Database {
public:
    enum class Mode { ReadWrite, ReadWriteCreate, ReadOnly };

    // Opens a database file. With ReadWrite a missing file is an error; nothing is ever created
    // over an existing file that is not a database (StorageCorrupt).
    static Result<Database> open(const std::string& path, Mode mode);

    Database() = default;
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Status exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    std::int64_t changes() const;
    sqlite3* handle() const noexcept { return m_db; }
    bool isOpen() const noexcept { return m_db != nullptr; }
    void close() noexcept;

private:
    explicit Database(sqlite3* db) noexcept : m_db(db) {}
    sqlite3* m_db = nullptr;
};

// Prepared statements kept for the life of a connection, keyed by their SQL. get() lends one (or
// prepares one more when every copy is on loan, so nested use of the same SQL is safe); the
// Statement resets it and gives it back when destroyed, so no loan outlives its scope holding a
// read snapshot open. Destroy the cache before closing its Database; statements must not outlive
// the cache. Same thread as the Database.
class StatementCache {
public:
    explicit StatementCache(Database& db) noexcept : m_db(&db) {}
    ~StatementCache();
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    Result<Statement> get(const std::string& sql);

private:
    Database* m_db;
    std::unordered_map<std::string, std::vector<sqlite3_stmt*>> m_pools;
};

// BEGIN IMMEDIATE on construction (through begin()); ROLLBACK on destruction unless commit()ed.
class Transaction {
public:
    static Result<Transaction> begin(Database& db);
    ~Transaction();
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    Status commit();

private:
    explicit Transaction(Database* db) noexcept : m_db(db) {}
    Database* m_db = nullptr;
};

} // namespace mamori::vault
