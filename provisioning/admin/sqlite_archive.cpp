// SPDX-License-Identifier: GPL-3.0-or-later
// The SQLite archive (sqlite_archive.h), on the vault's RAII wrappers (services/vault/sqlite_db.h),
// which translate SQLite's codes in one place.

#include "provisioning/admin/sqlite_archive.h"

#include "provisioning/admin/archive_internal.h"
#include "services/vault/sqlite_db.h"

#include <sys/stat.h>

namespace mamori::admin {

namespace {

using vault::Database;
using vault::Statement;
using vault::Transaction;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS archive_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    device_id TEXT PRIMARY KEY,
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    pinned_by TEXT NOT NULL,
    pinned_ms INTEGER NOT NULL,
    head_sequence INTEGER NOT NULL CHECK (head_sequence >= 0),
    head_hash BLOB NOT NULL CHECK (length(head_hash) = 32),
    newest_counter INTEGER,
    newest_checkpoint_ms INTEGER,
    last_pull_ms INTEGER,
    last_reported_head INTEGER);
CREATE TABLE IF NOT EXISTS entries (
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    sequence INTEGER NOT NULL CHECK (sequence >= 1),
    time_ms INTEGER NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    employee_code TEXT NOT NULL,
    purpose TEXT NOT NULL,
    result TEXT NOT NULL,
    detail TEXT NOT NULL,
    signatures INTEGER NOT NULL,
    encoded BLOB NOT NULL,
    PRIMARY KEY (device_id, sequence));
CREATE INDEX IF NOT EXISTS entries_by_time ON entries(time_ms);
CREATE TABLE IF NOT EXISTS checkpoints (
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    sequence INTEGER NOT NULL CHECK (sequence >= 0),
    counter INTEGER NOT NULL,
    time_ms INTEGER NOT NULL,
    encoded BLOB NOT NULL CHECK (length(encoded) = 120),
    PRIMARY KEY (device_id, sequence));
CREATE TABLE IF NOT EXISTS pulls (
    id INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    finished_ms INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    entries INTEGER NOT NULL,
    first_sequence INTEGER NOT NULL,
    last_sequence INTEGER NOT NULL,
    damage_kind TEXT NOT NULL,
    damage_sequence INTEGER NOT NULL,
    message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pulls_by_device ON pulls(device_id, id);
)sql";

constexpr std::string_view kDeviceColumns = "device_id, public_key, pinned_by, pinned_ms, head_sequence, head_hash, "
                                            "newest_counter, newest_checkpoint_ms, last_pull_ms, last_reported_head";

std::int64_t i64(std::uint64_t value) { return static_cast<std::int64_t>(value); }
std::uint64_t u64(std::int64_t value) { return static_cast<std::uint64_t>(value); }

template <typename T> Statement& bindOptional(Statement& statement, int index, const std::optional<T>& value)
{
    if (value)
        return statement.bind(index, static_cast<std::int64_t>(*value));
    return statement.bindNull(index);
}

Result<DeviceState> deviceFrom(const Statement& row)
{
    DeviceState state;
    state.deviceId = std::string(row.columnText(0));
    const auto key = row.columnBlob(1);
    const auto hash = row.columnBlob(5);
    const auto pinned = parsePinSource(row.columnText(2));
    if (key.size() != state.publicKey.size() || hash.size() != state.head.hash.size() || !pinned)
        return Error(ErrorCode::StorageCorrupt, "devices row malformed");
    std::copy(key.begin(), key.end(), state.publicKey.begin());
    std::copy(hash.begin(), hash.end(), state.head.hash.begin());
    state.pinnedBy = *pinned;
    state.pinnedMs = row.columnInt(3);
    state.head.sequence = u64(row.columnInt(4));
    if (!row.columnIsNull(6))
        state.newestCounter = u64(row.columnInt(6));
    if (!row.columnIsNull(7))
        state.newestCheckpointMs = row.columnInt(7);
    if (!row.columnIsNull(8))
        state.lastPullMs = row.columnInt(8);
    if (!row.columnIsNull(9))
        state.lastReportedHead = u64(row.columnInt(9));
    return state;
}

class SqliteArchive final : public ArchiveStore {
public:
    SqliteArchive(std::string path, Database db) : m_path(std::move(path)), m_db(std::move(db)) {}

    std::string describe() const override { return "sqlite:" + m_path; }

    Result<std::optional<DeviceState>> device(std::string_view deviceId) override
    {
        MAMORI_ASSIGN_OR_RETURN(Statement select, m_db.prepare("SELECT " + std::string(kDeviceColumns) +
                                                               " FROM devices WHERE device_id = ?"));
        select.bind(1, deviceId);
        MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
        if (!found)
            return std::optional<DeviceState>{};
        MAMORI_ASSIGN_OR_RETURN(DeviceState state, deviceFrom(select));
        return std::optional<DeviceState>(std::move(state));
    }

    Result<std::vector<DeviceState>> devices() override
    {
        MAMORI_ASSIGN_OR_RETURN(Statement select, m_db.prepare("SELECT " + std::string(kDeviceColumns) +
                                                               " FROM devices ORDER BY device_id"));
        std::vector<DeviceState> out;
        for (;;) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
            if (!row)
                break;
            MAMORI_ASSIGN_OR_RETURN(DeviceState state, deviceFrom(select));
            out.push_back(std::move(state));
        }
        return out;
    }

    Status append(const AppendBatch& batch) override
    {
        MAMORI_TRY(checkBatch(batch));
        MAMORI_ASSIGN_OR_RETURN(Transaction transaction, Transaction::begin(m_db));
        MAMORI_ASSIGN_OR_RETURN(const auto current, device(batch.deviceId));
        if (!current) {
            if (batch.expectedHead != vault::kGenesisHead)
                return Error(ErrorCode::AlreadyExists, "device not in the archive any more");
            MAMORI_ASSIGN_OR_RETURN(Statement insert,
                                    m_db.prepare("INSERT INTO devices (device_id, public_key, pinned_by, pinned_ms, "
                                                 "head_sequence, head_hash) VALUES (?, ?, ?, ?, 0, ?)"));
            insert.bind(1, batch.deviceId)
                .bind(2, std::span<const std::uint8_t>(batch.publicKey))
                .bind(3, pinSourceName(batch.pinnedBy))
                .bind(4, batch.pulledMs)
                .bind(5, std::span<const std::uint8_t>(vault::kGenesisHead.hash));
            MAMORI_TRY(insert.run());
        } else {
            if (current->head != batch.expectedHead)
                return Error(ErrorCode::AlreadyExists, "the archived head moved during the pull");
            if (current->publicKey != batch.publicKey)
                return Error(ErrorCode::InvalidArgument, "the batch is not under the pinned key");
        }

        MAMORI_ASSIGN_OR_RETURN(Statement insertEntry,
                                m_db.prepare("INSERT INTO entries (device_id, sequence, time_ms, actor, role, action, "
                                             "subject_id, employee_code, purpose, result, detail, signatures, encoded) "
                                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const vault::AuditEntry& entry : batch.entries) {
            MAMORI_ASSIGN_OR_RETURN(const auto encoded, vault::encodeEntry(entry));
            insertEntry.reset();
            insertEntry.bind(1, batch.deviceId)
                .bind(2, i64(entry.sequence))
                .bind(3, entry.timeMs)
                .bind(4, entry.actor)
                .bind(5, vault::roleName(entry.role))
                .bind(6, vault::actionName(entry.action))
                .bind(7, entry.subjectId)
                .bind(8, entry.employeeCode)
                .bind(9, entry.purpose)
                .bind(10, entry.result)
                .bind(11, entry.detail)
                .bind(12, std::int64_t(signatureCount(entry)))
                .bind(13, std::span<const std::uint8_t>(encoded));
            MAMORI_TRY(insertEntry.run());
        }
        MAMORI_ASSIGN_OR_RETURN(Statement insertCheckpoint,
                                m_db.prepare("INSERT INTO checkpoints (device_id, sequence, counter, time_ms, encoded) "
                                             "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
        for (const vault::Checkpoint& checkpoint : batch.checkpoints) {
            const auto encoded = vault::encodeCheckpoint(checkpoint);
            insertCheckpoint.reset();
            insertCheckpoint.bind(1, batch.deviceId)
                .bind(2, i64(checkpoint.sequence))
                .bind(3, i64(checkpoint.counter))
                .bind(4, checkpoint.timeMs)
                .bind(5, std::span<const std::uint8_t>(encoded));
            MAMORI_TRY(insertCheckpoint.run());
        }
        MAMORI_ASSIGN_OR_RETURN(Statement update,
                                m_db.prepare("UPDATE devices SET head_sequence = ?, head_hash = ?, newest_counter = "
                                             "coalesce(?, newest_counter), newest_checkpoint_ms = coalesce(?, "
                                             "newest_checkpoint_ms), last_pull_ms = ?, last_reported_head = ? WHERE "
                                             "device_id = ? AND head_sequence = ? AND head_hash = ?"));
        update.bind(1, i64(batch.newHead.sequence)).bind(2, std::span<const std::uint8_t>(batch.newHead.hash));
        bindOptional(update, 3, batch.newestCounter);
        bindOptional(update, 4, batch.newestCheckpointMs);
        update.bind(5, batch.pulledMs);
        bindOptional(update, 6, batch.reportedHead);
        update.bind(7, batch.deviceId)
            .bind(8, i64(batch.expectedHead.sequence))
            .bind(9, std::span<const std::uint8_t>(batch.expectedHead.hash));
        MAMORI_TRY(update.run());
        if (m_db.changes() != 1)
            return Error(ErrorCode::AlreadyExists, "the archived head moved during the pull");
        return transaction.commit();
    }

    Status recordPull(const PullRecord& record) override
    {
        MAMORI_ASSIGN_OR_RETURN(Statement insert,
                                m_db.prepare("INSERT INTO pulls (device_id, started_ms, finished_ms, outcome, entries, "
                                             "first_sequence, last_sequence, damage_kind, damage_sequence, message) "
                                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        insert.bind(1, record.deviceId)
            .bind(2, record.startedMs)
            .bind(3, record.finishedMs)
            .bind(4, record.outcome)
            .bind(5, i64(record.entries))
            .bind(6, i64(record.firstSequence))
            .bind(7, i64(record.lastSequence))
            .bind(8, record.damageKind)
            .bind(9, i64(record.damageSequence))
            .bind(10, record.message);
        return insert.run();
    }

    Result<std::vector<PullRecord>> recentPulls(std::string_view deviceId, std::size_t limit) override
    {
        MAMORI_ASSIGN_OR_RETURN(Statement select,
                                m_db.prepare("SELECT device_id, started_ms, finished_ms, outcome, entries, "
                                             "first_sequence, last_sequence, damage_kind, damage_sequence, message "
                                             "FROM pulls WHERE device_id = ? ORDER BY id DESC LIMIT ?"));
        select.bind(1, deviceId).bind(2, static_cast<std::int64_t>(limit));
        std::vector<PullRecord> out;
        for (;;) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
            if (!row)
                break;
            PullRecord record;
            record.deviceId = std::string(select.columnText(0));
            record.startedMs = select.columnInt(1);
            record.finishedMs = select.columnInt(2);
            record.outcome = std::string(select.columnText(3));
            record.entries = u64(select.columnInt(4));
            record.firstSequence = u64(select.columnInt(5));
            record.lastSequence = u64(select.columnInt(6));
            record.damageKind = std::string(select.columnText(7));
            record.damageSequence = u64(select.columnInt(8));
            record.message = std::string(select.columnText(9));
            out.push_back(std::move(record));
        }
        return out;
    }

    Status forEachEntry(const EntryFilter& filter, const std::function<Status(const ArchivedEntry&)>& fn) override
    {
        std::string sql = "SELECT device_id, sequence, time_ms, actor, role, action, subject_id, employee_code, "
                          "purpose, result, detail, signatures FROM entries WHERE 1";
        if (!filter.devices.empty()) {
            sql += " AND device_id IN (";
            for (std::size_t i = 0; i < filter.devices.size(); ++i)
                sql += i ? ", ?" : "?";
            sql += ")";
        }
        if (filter.fromMs)
            sql += " AND time_ms >= ?";
        if (filter.toMs)
            sql += " AND time_ms < ?";
        sql += " ORDER BY device_id, sequence";
        MAMORI_ASSIGN_OR_RETURN(Statement select, m_db.prepare(sql));
        int index = 0;
        for (const std::string& id : filter.devices)
            select.bind(++index, id);
        if (filter.fromMs)
            select.bind(++index, *filter.fromMs);
        if (filter.toMs)
            select.bind(++index, *filter.toMs);
        ArchivedEntry entry;
        for (;;) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
            if (!row)
                break;
            entry.deviceId = std::string(select.columnText(0));
            entry.sequence = u64(select.columnInt(1));
            entry.timeMs = select.columnInt(2);
            entry.actor = std::string(select.columnText(3));
            entry.role = std::string(select.columnText(4));
            entry.action = std::string(select.columnText(5));
            entry.subjectId = std::string(select.columnText(6));
            entry.employeeCode = std::string(select.columnText(7));
            entry.purpose = std::string(select.columnText(8));
            entry.result = std::string(select.columnText(9));
            entry.detail = std::string(select.columnText(10));
            entry.signatures = int(select.columnInt(11));
            MAMORI_TRY(fn(entry));
        }
        return okStatus();
    }

    Status forEachEncoded(std::string_view deviceId,
                          const std::function<Status(std::span<const std::uint8_t>)>& fn) override
    {
        MAMORI_ASSIGN_OR_RETURN(Statement select,
                                m_db.prepare("SELECT encoded FROM entries WHERE device_id = ? ORDER BY sequence"));
        select.bind(1, deviceId);
        for (;;) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
            if (!row)
                break;
            MAMORI_TRY(fn(select.columnBlob(0)));
        }
        return okStatus();
    }

    Result<std::optional<std::vector<std::uint8_t>>> encodedEntry(std::string_view deviceId,
                                                                  std::uint64_t sequence) override
    {
        MAMORI_ASSIGN_OR_RETURN(Statement select,
                                m_db.prepare("SELECT encoded FROM entries WHERE device_id = ? AND sequence = ?"));
        select.bind(1, deviceId).bind(2, i64(sequence));
        MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
        if (!found)
            return std::optional<std::vector<std::uint8_t>>{};
        const auto blob = select.columnBlob(0);
        return std::optional<std::vector<std::uint8_t>>(std::vector<std::uint8_t>(blob.begin(), blob.end()));
    }

    Result<std::vector<vault::Checkpoint>> checkpoints(std::string_view deviceId) override
    {
        MAMORI_ASSIGN_OR_RETURN(Statement select,
                                m_db.prepare("SELECT encoded FROM checkpoints WHERE device_id = ? ORDER BY sequence"));
        select.bind(1, deviceId);
        std::vector<vault::Checkpoint> out;
        for (;;) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
            if (!row)
                break;
            MAMORI_ASSIGN_OR_RETURN(vault::Checkpoint checkpoint, vault::decodeCheckpoint(select.columnBlob(0)));
            out.push_back(checkpoint);
        }
        return out;
    }

    Result<ArchiveCounts> counts(std::string_view deviceId) override
    {
        MAMORI_ASSIGN_OR_RETURN(Statement select,
                                m_db.prepare("SELECT count(*), coalesce(min(sequence), 0), coalesce(max(sequence), 0), "
                                             "(SELECT count(*) FROM checkpoints WHERE device_id = ?1) FROM entries "
                                             "WHERE device_id = ?1"));
        select.bind(1, deviceId);
        MAMORI_TRY(select.step());
        return ArchiveCounts{u64(select.columnInt(0)), u64(select.columnInt(1)), u64(select.columnInt(2)),
                             u64(select.columnInt(3))};
    }

private:
    std::string m_path;
    Database m_db;
};

} // namespace

Result<std::unique_ptr<ArchiveStore>> openSqliteArchive(const std::string& path)
{
    MAMORI_ASSIGN_OR_RETURN(Database db, Database::open(path, Database::Mode::ReadWriteCreate));
    MAMORI_TRY(db.exec("PRAGMA busy_timeout = 10000"));
    // An existing file must be an archive (or empty): never create tables in someone else's database.
    MAMORI_ASSIGN_OR_RETURN(Statement tables, db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                                                         "name NOT IN ('archive_meta')"));
    MAMORI_TRY(tables.step());
    const bool empty = tables.columnInt(0) == 0;
    tables = Statement();
    if (!empty) {
        auto meta = db.prepare("SELECT value FROM archive_meta WHERE key = 'schema'");
        if (!meta.ok())
            return Error(ErrorCode::StorageCorrupt, "not a mamori-admin archive (no archive_meta)");
        MAMORI_ASSIGN_OR_RETURN(const bool found, meta.value().step());
        if (!found || meta.value().columnText(0) != kArchiveSchemaName)
            return Error(ErrorCode::StorageCorrupt, "not a mamori-admin archive of this version");
    }
    MAMORI_TRY(db.exec("PRAGMA journal_mode = WAL"));
    MAMORI_TRY(db.exec("PRAGMA synchronous = FULL"));
    MAMORI_TRY(db.exec("PRAGMA foreign_keys = ON"));
    MAMORI_TRY(db.exec(kSchema));
    MAMORI_TRY(db.exec("INSERT OR IGNORE INTO archive_meta (key, value) VALUES ('schema', '" +
                       std::string(kArchiveSchemaName) + "')"));
    return std::unique_ptr<ArchiveStore>(new SqliteArchive(path, std::move(db)));
}

} // namespace mamori::admin
