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
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace mamori::vault {

Error sqliteError(int code, std::string_view what, sqlite3* db = nullptr);

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt) noexcept : m_db(db), m_stmt(stmt) {}
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

    std::int64_t columnInt(int column) const;
    std::string_view columnText(int column) const;
    std::span<const std::uint8_t> columnBlob(int column) const;
    bool columnIsNull(int column) const;

private:
    Status bindFailed(int code);

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
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
