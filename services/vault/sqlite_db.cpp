// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/sqlite_db.h"

#include <sqlite3.h>

#include <cstdio>
#include <limits>

namespace mamori::vault {

Error sqliteError(int code, std::string_view what, sqlite3* db)
{
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%x", static_cast<unsigned>(code));
    std::string context(what);
    context += ": ";
    context += sqlite3_errstr(code);
    context += " (";
    context += hex;
    context += ')';
    if (db) {
        // The database's own message can name a table or column; it never holds bound values.
        context += ": ";
        context += sqlite3_errmsg(db);
    }
    ErrorCode mapped = ErrorCode::Internal;
    switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        mapped = ErrorCode::StorageCorrupt;
        break;
    case SQLITE_FULL:
        mapped = ErrorCode::StorageFull;
        break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
        mapped = ErrorCode::StorageIo;
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        mapped = ErrorCode::Unavailable;
        break;
    case SQLITE_CONSTRAINT:
        // Uniqueness is "already exists"; a CHECK, NOT NULL or foreign key violation is bad input.
        mapped = (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
                     ? ErrorCode::AlreadyExists
                     : ErrorCode::InvalidArgument;
        break;
    case SQLITE_TOOBIG:
        mapped = ErrorCode::TooLarge;
        break;
    case SQLITE_NOMEM:
        mapped = ErrorCode::ResourceExhausted;
        break;
    default:
        break;
    }
    // IOERR_NOMEM is an allocation failure reported through the I/O layer.
    if (code == SQLITE_IOERR_NOMEM)
        mapped = ErrorCode::ResourceExhausted;
    return Error(mapped, std::move(context));
}

// --- Statement ---

Statement::~Statement() { release(); }

void Statement::release() noexcept
{
    if (!m_stmt)
        return;
    if (m_pool) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        m_pool->push_back(m_stmt);
    } else {
        sqlite3_finalize(m_stmt);
    }
    m_stmt = nullptr;
}

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_stmt(other.m_stmt), m_pool(other.m_pool), m_bindError(other.m_bindError)
{
    other.m_stmt = nullptr;
    other.m_db = nullptr;
    other.m_pool = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        release();
        m_db = other.m_db;
        m_stmt = other.m_stmt;
        m_pool = other.m_pool;
        m_bindError = other.m_bindError;
        other.m_stmt = nullptr;
        other.m_db = nullptr;
        other.m_pool = nullptr;
    }
    return *this;
}

// --- StatementCache ---

StatementCache::~StatementCache()
{
    for (auto& [sql, pool] : m_pools)
        for (sqlite3_stmt* stmt : pool)
            sqlite3_finalize(stmt);
}

Result<Statement> StatementCache::get(const std::string& sql)
{
    auto& pool = m_pools[sql]; // node-based: the address is stable for the cache's life
    if (!pool.empty()) {
        sqlite3_stmt* stmt = pool.back();
        pool.pop_back();
        return Statement(m_db->handle(), stmt, &pool);
    }
    MAMORI_ASSIGN_OR_RETURN(Statement fresh, m_db->prepare(sql));
    sqlite3_stmt* stmt = fresh.detach();
    return Statement(m_db->handle(), stmt, &pool);
}

namespace {
int checkedLength(std::size_t size) { return size > std::numeric_limits<int>::max() ? -1 : static_cast<int>(size); }
} // namespace

Statement& Statement::bind(int index, std::int64_t value)
{
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK && m_bindError == SQLITE_OK)
        m_bindError = rc;
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    const int length = checkedLength(text.size());
    const int rc = length < 0 ? SQLITE_TOOBIG : sqlite3_bind_text(m_stmt, index, text.data(), length, SQLITE_TRANSIENT);
    if (rc != SQLITE_OK && m_bindError == SQLITE_OK)
        m_bindError = rc;
    return *this;
}

Statement& Statement::bind(int index, std::span<const std::uint8_t> blob)
{
    const int length = checkedLength(blob.size());
    // A zero-length blob binds as an empty blob, not NULL: SQLite needs a non-null pointer for that.
    static const std::uint8_t kEmpty = 0;
    const int rc =
        length < 0 ? SQLITE_TOOBIG
                   : sqlite3_bind_blob(m_stmt, index, blob.empty() ? &kEmpty : blob.data(), length, SQLITE_TRANSIENT);
    if (rc != SQLITE_OK && m_bindError == SQLITE_OK)
        m_bindError = rc;
    return *this;
}

Statement& Statement::bindStatic(int index, std::span<const std::uint8_t> blob)
{
    const int length = checkedLength(blob.size());
    static const std::uint8_t kEmpty = 0;
    const int rc = length < 0
                       ? SQLITE_TOOBIG
                       : sqlite3_bind_blob(m_stmt, index, blob.empty() ? &kEmpty : blob.data(), length, SQLITE_STATIC);
    if (rc != SQLITE_OK && m_bindError == SQLITE_OK)
        m_bindError = rc;
    return *this;
}

Statement& Statement::bindNull(int index)
{
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK && m_bindError == SQLITE_OK)
        m_bindError = rc;
    return *this;
}

Result<bool> Statement::step()
{
    if (!m_stmt)
        return Error(ErrorCode::Internal, "step on an empty statement");
    if (m_bindError != SQLITE_OK) {
        const int rc = m_bindError;
        m_bindError = SQLITE_OK;
        return sqliteError(rc, "sqlite3_bind", m_db);
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error error = sqliteError(sqlite3_extended_errcode(m_db), "sqlite3_step", m_db);
    sqlite3_reset(m_stmt);
    return error;
}

Status Statement::run()
{
    MAMORI_ASSIGN_OR_RETURN(const bool row, step());
    if (row)
        return Error(ErrorCode::Internal, "statement returned rows where none were expected");
    return okStatus();
}

void Statement::reset() noexcept
{
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    m_bindError = SQLITE_OK;
}

std::int64_t Statement::columnInt(int column) const { return sqlite3_column_int64(m_stmt, column); }

std::string_view Statement::columnText(int column) const
{
    const auto* text = sqlite3_column_text(m_stmt, column);
    const int size = sqlite3_column_bytes(m_stmt, column);
    if (!text || size <= 0)
        return {};
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::span<const std::uint8_t> Statement::columnBlob(int column) const
{
    const void* blob = sqlite3_column_blob(m_stmt, column);
    const int size = sqlite3_column_bytes(m_stmt, column);
    if (!blob || size <= 0)
        return {};
    return {static_cast<const std::uint8_t*>(blob), static_cast<std::size_t>(size)};
}

bool Statement::columnIsNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

// --- Database ---

Result<Database> Database::open(const std::string& path, Mode mode)
{
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE | SQLITE_OPEN_NOFOLLOW;
    switch (mode) {
    case Mode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    }
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error error = sqliteError(rc, "sqlite3_open_v2", db);
        sqlite3_close(db);
        return error;
    }
    sqlite3_extended_result_codes(db, 1);
    Database database(db);
    // Reading the schema forces SQLite to look at the header: a file that is not a database
    // (or is damaged at the start) fails here with NOTADB/CORRUPT, before anything is written.
    MAMORI_TRY(database.exec("SELECT count(*) FROM sqlite_schema"));
    return database;
}

Database::~Database() { close(); }

Database::Database(Database&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        close();
        m_db = other.m_db;
        other.m_db = nullptr;
    }
    return *this;
}

void Database::close() noexcept
{
    if (m_db) {
        // Statements are owned by their holders and finalized first; close_v2 defers if not.
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

Status Database::exec(std::string_view sql)
{
    if (!m_db)
        return Error(ErrorCode::Internal, "exec on a closed database");
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return sqliteError(sqlite3_extended_errcode(m_db), "sqlite3_exec", m_db);
    return okStatus();
}

Result<Statement> Database::prepare(std::string_view sql)
{
    if (!m_db)
        return Error(ErrorCode::Internal, "prepare on a closed database");
    sqlite3_stmt* stmt = nullptr;
    const int length = checkedLength(sql.size());
    const int rc = sqlite3_prepare_v3(m_db, sql.data(), length, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return sqliteError(sqlite3_extended_errcode(m_db), "sqlite3_prepare_v3", m_db);
    return Statement(m_db, stmt);
}

std::int64_t Database::changes() const { return m_db ? sqlite3_changes64(m_db) : 0; }

// --- Transaction ---

Result<Transaction> Transaction::begin(Database& db)
{
    MAMORI_TRY(db.exec("BEGIN IMMEDIATE"));
    return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }

Transaction::~Transaction()
{
    if (m_db && m_db->isOpen())
        (void)m_db->exec("ROLLBACK");
}

Status Transaction::commit()
{
    if (!m_db)
        return Error(ErrorCode::Internal, "commit of a finished transaction");
    Status status = m_db->exec("COMMIT");
    if (!status.ok()) {
        // A failed COMMIT (e.g. disk full) may leave the transaction open: the destructor rolls back.
        return status;
    }
    m_db = nullptr;
    return okStatus();
}

} // namespace mamori::vault
