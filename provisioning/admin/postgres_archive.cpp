// SPDX-License-Identifier: GPL-3.0-or-later
// The PostgreSQL archive (postgres_archive.h) over libpq. Parameters go as text except bytea,
// which goes binary; results come as text (bytea in PostgreSQL's hex output). Queries that may
// return many rows run in single-row mode, so a report over a large archive streams.

#include "provisioning/admin/postgres_archive.h"

#include "provisioning/admin/admin_util.h"
#include "provisioning/admin/archive_internal.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>

namespace mamori::admin {

namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS archive_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    device_id TEXT PRIMARY KEY,
    public_key BYTEA NOT NULL CHECK (length(public_key) = 32),
    pinned_by TEXT NOT NULL,
    pinned_ms BIGINT NOT NULL,
    head_sequence BIGINT NOT NULL CHECK (head_sequence >= 0),
    head_hash BYTEA NOT NULL CHECK (length(head_hash) = 32),
    newest_counter BIGINT,
    newest_checkpoint_ms BIGINT,
    last_pull_ms BIGINT,
    last_reported_head BIGINT);
CREATE TABLE IF NOT EXISTS entries (
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    sequence BIGINT NOT NULL CHECK (sequence >= 1),
    time_ms BIGINT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    employee_code TEXT NOT NULL,
    purpose TEXT NOT NULL,
    result TEXT NOT NULL,
    detail TEXT NOT NULL,
    signatures SMALLINT NOT NULL,
    encoded BYTEA NOT NULL,
    PRIMARY KEY (device_id, sequence));
CREATE INDEX IF NOT EXISTS entries_by_time ON entries(time_ms);
CREATE TABLE IF NOT EXISTS checkpoints (
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    sequence BIGINT NOT NULL CHECK (sequence >= 0),
    counter BIGINT NOT NULL,
    time_ms BIGINT NOT NULL,
    encoded BYTEA NOT NULL CHECK (length(encoded) = 120),
    PRIMARY KEY (device_id, sequence));
CREATE TABLE IF NOT EXISTS pulls (
    id BIGSERIAL PRIMARY KEY,
    device_id TEXT NOT NULL,
    started_ms BIGINT NOT NULL,
    finished_ms BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    entries BIGINT NOT NULL,
    first_sequence BIGINT NOT NULL,
    last_sequence BIGINT NOT NULL,
    damage_kind TEXT NOT NULL,
    damage_sequence BIGINT NOT NULL,
    message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pulls_by_device ON pulls(device_id, id);
)sql";

// Schema creation is serialised across concurrent first runs with this advisory lock key.
constexpr const char* kSchemaLockKey = "7274861";

constexpr std::string_view kDeviceColumns = "device_id, public_key, pinned_by, pinned_ms, head_sequence, head_hash, "
                                            "newest_counter, newest_checkpoint_ms, last_pull_ms, last_reported_head";

struct ResultDeleter {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
    void operator()(PGconn* conn) const noexcept { PQfinish(conn); }
};
using PgConn = std::unique_ptr<PGconn, ConnDeleter>;

// The one place libpq's outcomes become ErrorCodes. Only the primary message is kept: a server's
// DETAIL may quote a row.
Error pgError(PGconn* conn, const PGresult* result, std::string_view what)
{
    std::string sqlState;
    std::string message;
    if (result) {
        if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE))
            sqlState = state;
        if (const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY))
            message = primary;
    }
    if (message.empty() && conn) {
        message = PQerrorMessage(conn);
        if (const auto newline = message.find('\n'); newline != std::string::npos)
            message.resize(newline);
    }
    ErrorCode code = ErrorCode::StorageIo;
    if (sqlState == "23505")
        code = ErrorCode::AlreadyExists;
    else if (sqlState.starts_with("23") || sqlState.starts_with("22"))
        code = ErrorCode::InvalidArgument;
    else if (sqlState == "53100")
        code = ErrorCode::StorageFull;
    else if (sqlState.starts_with("08") || sqlState.starts_with("57P") || sqlState.starts_with("40") ||
             sqlState.starts_with("53") || (conn && PQstatus(conn) == CONNECTION_BAD))
        code = ErrorCode::Unavailable;
    else if (sqlState.starts_with("42"))
        code = ErrorCode::StorageCorrupt;
    return Error(code, std::string(what) + ": " + (sqlState.empty() ? "" : "SQLSTATE " + sqlState + ": ") + message);
}

// One statement parameter: text, or bytes sent binary (bytea), or NULL.
struct Param {
    std::string text;
    std::vector<std::uint8_t> bytes;
    bool binary = false;
    bool null = false;

    static Param of(std::string_view value) { return Param{std::string(value), {}, false, false}; }
    static Param of(std::int64_t value) { return Param{std::to_string(value), {}, false, false}; }
    static Param of(std::uint64_t value) { return Param{std::to_string(value), {}, false, false}; }
    static Param blob(std::span<const std::uint8_t> value)
    {
        return Param{{}, std::vector<std::uint8_t>(value.begin(), value.end()), true, false};
    }
    template <typename T> static Param optional(const std::optional<T>& value)
    {
        return value ? of(*value) : Param{{}, {}, false, true};
    }
};

std::int64_t intOf(const PGresult* result, int row, int column)
{
    const char* text = PQgetvalue(result, row, column);
    std::int64_t value = 0;
    std::from_chars(text, text + std::strlen(text), value);
    return value;
}

std::optional<std::int64_t> optionalIntOf(const PGresult* result, int row, int column)
{
    if (PQgetisnull(result, row, column))
        return std::nullopt;
    return intOf(result, row, column);
}

std::string_view textOf(const PGresult* result, int row, int column)
{
    return {PQgetvalue(result, row, column), static_cast<std::size_t>(PQgetlength(result, row, column))};
}

// bytea in hex output form: "\x0a1b…".
std::optional<std::vector<std::uint8_t>> byteaOf(const PGresult* result, int row, int column)
{
    const std::string_view text = textOf(result, row, column);
    if (!text.starts_with("\\x"))
        return std::nullopt;
    return bytesFromHex(text.substr(2));
}

// COPY text format: backslash, tab, newline and carriage return escaped.
void copyText(std::string& out, std::string_view value)
{
    for (const char c : value) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
}

void copyBytea(std::string& out, std::span<const std::uint8_t> bytes)
{
    out += "\\\\x"; // bytea's "\x" prefix, its backslash escaped for COPY
    out += toHex(bytes);
}

class PostgresArchive final : public ArchiveStore {
public:
    PostgresArchive(std::string described, PgConn conn) : m_described(std::move(described)), m_conn(std::move(conn)) {}

    std::string describe() const override { return m_described; }

    Status prepareSchema()
    {
        MAMORI_TRY(command("BEGIN", {}));
        Status created = [&]() -> Status {
            MAMORI_TRY(command(std::string("SELECT pg_advisory_xact_lock(") + kSchemaLockKey + ")", {}));
            MAMORI_ASSIGN_OR_RETURN(PgResult probe,
                                    query("SELECT to_regclass('archive_meta') IS NOT NULL, to_regclass('devices') IS "
                                          "NOT NULL OR to_regclass('entries') IS NOT NULL",
                                          {}));
            const bool haveMeta = textOf(probe.get(), 0, 0) == "t";
            const bool haveTables = textOf(probe.get(), 0, 1) == "t";
            if (haveMeta) {
                MAMORI_ASSIGN_OR_RETURN(PgResult meta,
                                        query("SELECT value FROM archive_meta WHERE key = 'schema'", {}));
                if (PQntuples(meta.get()) != 1 || textOf(meta.get(), 0, 0) != kArchiveSchemaName)
                    return Error(ErrorCode::StorageCorrupt, "not a mamori-admin archive of this version");
            } else if (haveTables) {
                return Error(ErrorCode::StorageCorrupt,
                             "the database holds tables that are not a mamori-admin archive");
            }
            MAMORI_TRY(command(std::string(kSchema), {}));
            MAMORI_TRY(command("INSERT INTO archive_meta (key, value) VALUES ('schema', $1) ON CONFLICT DO NOTHING",
                               {Param::of(kArchiveSchemaName)}));
            return command("COMMIT", {});
        }();
        if (!created.ok())
            (void)command("ROLLBACK", {});
        return created;
    }

    Result<std::optional<DeviceState>> device(std::string_view deviceId) override
    {
        return loadDevice(deviceId, false);
    }

    Result<std::vector<DeviceState>> devices() override
    {
        MAMORI_ASSIGN_OR_RETURN(
            PgResult rows, query("SELECT " + std::string(kDeviceColumns) + " FROM devices ORDER BY device_id", {}));
        std::vector<DeviceState> out;
        for (int row = 0; row < PQntuples(rows.get()); ++row) {
            MAMORI_ASSIGN_OR_RETURN(DeviceState state, deviceFrom(rows.get(), row));
            out.push_back(std::move(state));
        }
        return out;
    }

    Status append(const AppendBatch& batch) override
    {
        MAMORI_TRY(checkBatch(batch));
        MAMORI_TRY(command("BEGIN", {}));
        Status done = appendInTransaction(batch);
        if (!done.ok()) {
            (void)command("ROLLBACK", {});
            return done;
        }
        return command("COMMIT", {});
    }

    Status recordPull(const PullRecord& r) override
    {
        return command("INSERT INTO pulls (device_id, started_ms, finished_ms, outcome, entries, first_sequence, "
                       "last_sequence, damage_kind, damage_sequence, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                       "$9, $10)",
                       {Param::of(r.deviceId), Param::of(r.startedMs), Param::of(r.finishedMs), Param::of(r.outcome),
                        Param::of(r.entries), Param::of(r.firstSequence), Param::of(r.lastSequence),
                        Param::of(r.damageKind), Param::of(r.damageSequence), Param::of(r.message)});
    }

    Result<std::vector<PullRecord>> recentPulls(std::string_view deviceId, std::size_t limit) override
    {
        MAMORI_ASSIGN_OR_RETURN(PgResult rows,
                                query("SELECT device_id, started_ms, finished_ms, outcome, entries, first_sequence, "
                                      "last_sequence, damage_kind, damage_sequence, message FROM pulls WHERE "
                                      "device_id = $1 ORDER BY id DESC LIMIT $2",
                                      {Param::of(deviceId), Param::of(std::uint64_t(limit))}));
        std::vector<PullRecord> out;
        const PGresult* r = rows.get();
        for (int row = 0; row < PQntuples(r); ++row) {
            PullRecord record;
            record.deviceId = std::string(textOf(r, row, 0));
            record.startedMs = intOf(r, row, 1);
            record.finishedMs = intOf(r, row, 2);
            record.outcome = std::string(textOf(r, row, 3));
            record.entries = std::uint64_t(intOf(r, row, 4));
            record.firstSequence = std::uint64_t(intOf(r, row, 5));
            record.lastSequence = std::uint64_t(intOf(r, row, 6));
            record.damageKind = std::string(textOf(r, row, 7));
            record.damageSequence = std::uint64_t(intOf(r, row, 8));
            record.message = std::string(textOf(r, row, 9));
            out.push_back(std::move(record));
        }
        return out;
    }

    Status forEachEntry(const EntryFilter& filter, const std::function<Status(const ArchivedEntry&)>& fn) override
    {
        std::string sql = "SELECT device_id, sequence, time_ms, actor, role, action, subject_id, employee_code, "
                          "purpose, result, detail, signatures FROM entries WHERE true";
        std::vector<Param> params;
        if (!filter.devices.empty()) {
            sql += " AND device_id IN (";
            for (std::size_t i = 0; i < filter.devices.size(); ++i) {
                params.push_back(Param::of(filter.devices[i]));
                sql += (i ? ", $" : "$") + std::to_string(params.size());
            }
            sql += ")";
        }
        if (filter.fromMs) {
            params.push_back(Param::of(*filter.fromMs));
            sql += " AND time_ms >= $" + std::to_string(params.size());
        }
        if (filter.toMs) {
            params.push_back(Param::of(*filter.toMs));
            sql += " AND time_ms < $" + std::to_string(params.size());
        }
        sql += " ORDER BY device_id, sequence";
        ArchivedEntry entry;
        return stream(sql, params, [&](const PGresult* r) -> Status {
            entry.deviceId = std::string(textOf(r, 0, 0));
            entry.sequence = std::uint64_t(intOf(r, 0, 1));
            entry.timeMs = intOf(r, 0, 2);
            entry.actor = std::string(textOf(r, 0, 3));
            entry.role = std::string(textOf(r, 0, 4));
            entry.action = std::string(textOf(r, 0, 5));
            entry.subjectId = std::string(textOf(r, 0, 6));
            entry.employeeCode = std::string(textOf(r, 0, 7));
            entry.purpose = std::string(textOf(r, 0, 8));
            entry.result = std::string(textOf(r, 0, 9));
            entry.detail = std::string(textOf(r, 0, 10));
            entry.signatures = int(intOf(r, 0, 11));
            return fn(entry);
        });
    }

    Status forEachEncoded(std::string_view deviceId,
                          const std::function<Status(std::span<const std::uint8_t>)>& fn) override
    {
        return stream("SELECT encoded FROM entries WHERE device_id = $1 ORDER BY sequence", {Param::of(deviceId)},
                      [&](const PGresult* r) -> Status {
                          const auto bytes = byteaOf(r, 0, 0);
                          if (!bytes)
                              return Error(ErrorCode::StorageCorrupt, "encoded entry is not bytea hex");
                          return fn(*bytes);
                      });
    }

    Result<std::optional<std::vector<std::uint8_t>>> encodedEntry(std::string_view deviceId,
                                                                  std::uint64_t sequence) override
    {
        MAMORI_ASSIGN_OR_RETURN(PgResult rows,
                                query("SELECT encoded FROM entries WHERE device_id = $1 AND sequence = $2",
                                      {Param::of(deviceId), Param::of(sequence)}));
        if (PQntuples(rows.get()) == 0)
            return std::optional<std::vector<std::uint8_t>>{};
        auto bytes = byteaOf(rows.get(), 0, 0);
        if (!bytes)
            return Error(ErrorCode::StorageCorrupt, "encoded entry is not bytea hex");
        return std::optional<std::vector<std::uint8_t>>(std::move(*bytes));
    }

    Result<std::vector<vault::Checkpoint>> checkpoints(std::string_view deviceId) override
    {
        MAMORI_ASSIGN_OR_RETURN(PgResult rows, query("SELECT encoded FROM checkpoints WHERE device_id = $1 ORDER BY "
                                                     "sequence",
                                                     {Param::of(deviceId)}));
        std::vector<vault::Checkpoint> out;
        for (int row = 0; row < PQntuples(rows.get()); ++row) {
            const auto bytes = byteaOf(rows.get(), row, 0);
            if (!bytes)
                return Error(ErrorCode::StorageCorrupt, "checkpoint is not bytea hex");
            MAMORI_ASSIGN_OR_RETURN(vault::Checkpoint checkpoint, vault::decodeCheckpoint(*bytes));
            out.push_back(checkpoint);
        }
        return out;
    }

    Result<ArchiveCounts> counts(std::string_view deviceId) override
    {
        MAMORI_ASSIGN_OR_RETURN(PgResult rows,
                                query("SELECT count(*), coalesce(min(sequence), 0), coalesce(max(sequence), 0), "
                                      "(SELECT count(*) FROM checkpoints WHERE device_id = $1) FROM entries WHERE "
                                      "device_id = $1",
                                      {Param::of(deviceId)}));
        const PGresult* r = rows.get();
        return ArchiveCounts{std::uint64_t(intOf(r, 0, 0)), std::uint64_t(intOf(r, 0, 1)),
                             std::uint64_t(intOf(r, 0, 2)), std::uint64_t(intOf(r, 0, 3))};
    }

private:
    Status appendInTransaction(const AppendBatch& batch)
    {
        MAMORI_ASSIGN_OR_RETURN(auto current, loadDevice(batch.deviceId, true));
        if (!current) {
            if (batch.expectedHead != vault::kGenesisHead)
                return Error(ErrorCode::AlreadyExists, "device not in the archive any more");
            MAMORI_TRY(command("INSERT INTO devices (device_id, public_key, pinned_by, pinned_ms, head_sequence, "
                               "head_hash) VALUES ($1, $2, $3, $4, 0, $5) ON CONFLICT DO NOTHING",
                               {Param::of(batch.deviceId), Param::blob(batch.publicKey),
                                Param::of(pinSourceName(batch.pinnedBy)), Param::of(batch.pulledMs),
                                Param::blob(vault::kGenesisHead.hash)}));
            MAMORI_ASSIGN_OR_RETURN(current, loadDevice(batch.deviceId, true));
            if (!current)
                return Error(ErrorCode::Internal, "device row vanished");
        }
        if (current->head != batch.expectedHead)
            return Error(ErrorCode::AlreadyExists, "the archived head moved during the pull");
        if (current->publicKey != batch.publicKey)
            return Error(ErrorCode::InvalidArgument, "the batch is not under the pinned key");

        if (!batch.entries.empty())
            MAMORI_TRY(copyEntries(batch));
        for (const vault::Checkpoint& checkpoint : batch.checkpoints) {
            const auto encoded = vault::encodeCheckpoint(checkpoint);
            MAMORI_TRY(command("INSERT INTO checkpoints (device_id, sequence, counter, time_ms, encoded) VALUES ($1, "
                               "$2, $3, $4, $5) ON CONFLICT DO NOTHING",
                               {Param::of(batch.deviceId), Param::of(checkpoint.sequence),
                                Param::of(checkpoint.counter), Param::of(checkpoint.timeMs), Param::blob(encoded)}));
        }
        MAMORI_ASSIGN_OR_RETURN(
            PgResult updated,
            query("UPDATE devices SET head_sequence = $1, head_hash = $2, newest_counter = coalesce($3, "
                  "newest_counter), newest_checkpoint_ms = coalesce($4, newest_checkpoint_ms), last_pull_ms = $5, "
                  "last_reported_head = $6 WHERE device_id = $7 AND head_sequence = $8 AND head_hash = $9",
                  {Param::of(batch.newHead.sequence), Param::blob(batch.newHead.hash),
                   Param::optional(batch.newestCounter), Param::optional(batch.newestCheckpointMs),
                   Param::of(batch.pulledMs), Param::optional(batch.reportedHead), Param::of(batch.deviceId),
                   Param::of(batch.expectedHead.sequence), Param::blob(batch.expectedHead.hash)}));
        if (std::string_view(PQcmdTuples(updated.get())) != "1")
            return Error(ErrorCode::AlreadyExists, "the archived head moved during the pull");
        return okStatus();
    }

    Status copyEntries(const AppendBatch& batch)
    {
        PgResult started(PQexec(m_conn.get(), "COPY entries (device_id, sequence, time_ms, actor, role, action, "
                                              "subject_id, employee_code, purpose, result, detail, signatures, "
                                              "encoded) FROM STDIN"));
        if (PQresultStatus(started.get()) != PGRES_COPY_IN)
            return pgError(m_conn.get(), started.get(), "COPY entries");
        std::string buffer;
        buffer.reserve(1 << 20);
        auto flush = [&]() -> Status {
            if (buffer.empty())
                return okStatus();
            if (PQputCopyData(m_conn.get(), buffer.data(), static_cast<int>(buffer.size())) != 1)
                return pgError(m_conn.get(), nullptr, "COPY data");
            buffer.clear();
            return okStatus();
        };
        Status sent = okStatus();
        for (const vault::AuditEntry& entry : batch.entries) {
            auto encoded = vault::encodeEntry(entry);
            if (!encoded.ok()) {
                sent = std::move(encoded).error();
                break;
            }
            copyText(buffer, batch.deviceId);
            buffer += '\t' + std::to_string(entry.sequence) + '\t' + std::to_string(entry.timeMs) + '\t';
            copyText(buffer, entry.actor);
            buffer += '\t';
            copyText(buffer, vault::roleName(entry.role));
            buffer += '\t';
            copyText(buffer, vault::actionName(entry.action));
            buffer += '\t';
            copyText(buffer, entry.subjectId);
            buffer += '\t';
            copyText(buffer, entry.employeeCode);
            buffer += '\t';
            copyText(buffer, entry.purpose);
            buffer += '\t';
            copyText(buffer, entry.result);
            buffer += '\t';
            copyText(buffer, entry.detail);
            buffer += '\t' + std::to_string(signatureCount(entry)) + '\t';
            copyBytea(buffer, encoded.value());
            buffer += '\n';
            if (buffer.size() > (1 << 20)) {
                sent = flush();
                if (!sent.ok())
                    break;
            }
        }
        if (sent.ok())
            sent = flush();
        if (PQputCopyEnd(m_conn.get(), sent.ok() ? nullptr : "mamori-admin abandoned the copy") != 1)
            return pgError(m_conn.get(), nullptr, "COPY end");
        Status finished = okStatus();
        while (PGresult* raw = PQgetResult(m_conn.get())) {
            PgResult result(raw);
            if (PQresultStatus(raw) != PGRES_COMMAND_OK && finished.ok())
                finished = pgError(m_conn.get(), raw, "COPY entries");
        }
        if (!sent.ok())
            return sent;
        return finished;
    }

    Result<std::optional<DeviceState>> loadDevice(std::string_view deviceId, bool forUpdate)
    {
        MAMORI_ASSIGN_OR_RETURN(PgResult rows,
                                query("SELECT " + std::string(kDeviceColumns) + " FROM devices WHERE device_id = $1" +
                                          (forUpdate ? " FOR UPDATE" : ""),
                                      {Param::of(deviceId)}));
        if (PQntuples(rows.get()) == 0)
            return std::optional<DeviceState>{};
        MAMORI_ASSIGN_OR_RETURN(DeviceState state, deviceFrom(rows.get(), 0));
        return std::optional<DeviceState>(std::move(state));
    }

    static Result<DeviceState> deviceFrom(const PGresult* r, int row)
    {
        DeviceState state;
        state.deviceId = std::string(textOf(r, row, 0));
        const auto key = byteaOf(r, row, 1);
        const auto hash = byteaOf(r, row, 5);
        const auto pinned = parsePinSource(textOf(r, row, 2));
        if (!key || key->size() != state.publicKey.size() || !hash || hash->size() != state.head.hash.size() || !pinned)
            return Error(ErrorCode::StorageCorrupt, "devices row malformed");
        std::copy(key->begin(), key->end(), state.publicKey.begin());
        std::copy(hash->begin(), hash->end(), state.head.hash.begin());
        state.pinnedBy = *pinned;
        state.pinnedMs = intOf(r, row, 3);
        state.head.sequence = std::uint64_t(intOf(r, row, 4));
        if (auto v = optionalIntOf(r, row, 6))
            state.newestCounter = std::uint64_t(*v);
        state.newestCheckpointMs = optionalIntOf(r, row, 7);
        state.lastPullMs = optionalIntOf(r, row, 8);
        if (auto v = optionalIntOf(r, row, 9))
            state.lastReportedHead = std::uint64_t(*v);
        return state;
    }

    struct Marshalled {
        std::vector<const char*> values;
        std::vector<int> lengths;
        std::vector<int> formats;
    };

    static Marshalled marshal(const std::vector<Param>& params)
    {
        Marshalled m;
        for (const Param& p : params) {
            if (p.null) {
                m.values.push_back(nullptr);
                m.lengths.push_back(0);
                m.formats.push_back(0);
            } else if (p.binary) {
                m.values.push_back(reinterpret_cast<const char*>(p.bytes.data()));
                m.lengths.push_back(static_cast<int>(p.bytes.size()));
                m.formats.push_back(1);
            } else {
                m.values.push_back(p.text.c_str());
                m.lengths.push_back(static_cast<int>(p.text.size()));
                m.formats.push_back(0);
            }
        }
        return m;
    }

    Result<PgResult> query(const std::string& sql, const std::vector<Param>& params)
    {
        const Marshalled m = marshal(params);
        PgResult result(PQexecParams(m_conn.get(), sql.c_str(), static_cast<int>(params.size()), nullptr,
                                     m.values.data(), m.lengths.data(), m.formats.data(), 0));
        const ExecStatusType status = PQresultStatus(result.get());
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
            return pgError(m_conn.get(), result.get(), "query");
        return result;
    }

    Status command(const std::string& sql, const std::vector<Param>& params)
    {
        if (params.empty()) {
            // Several statements at once (the schema) need the simple query protocol.
            PgResult result(PQexec(m_conn.get(), sql.c_str()));
            const ExecStatusType status = PQresultStatus(result.get());
            if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
                return pgError(m_conn.get(), result.get(), "command");
            return okStatus();
        }
        MAMORI_ASSIGN_OR_RETURN(PgResult result, query(sql, params));
        return okStatus();
    }

    // Single-row mode: `fn` sees a one-row result at a time. On an error the remaining rows are
    // drained so that the connection stays usable.
    Status stream(const std::string& sql, const std::vector<Param>& params,
                  const std::function<Status(const PGresult*)>& fn)
    {
        const Marshalled m = marshal(params);
        if (PQsendQueryParams(m_conn.get(), sql.c_str(), static_cast<int>(params.size()), nullptr, m.values.data(),
                              m.lengths.data(), m.formats.data(), 0) != 1)
            return pgError(m_conn.get(), nullptr, "send query");
        PQsetSingleRowMode(m_conn.get());
        Status status = okStatus();
        while (PGresult* raw = PQgetResult(m_conn.get())) {
            PgResult result(raw);
            if (!status.ok())
                continue;
            switch (PQresultStatus(raw)) {
            case PGRES_SINGLE_TUPLE:
                status = fn(raw);
                break;
            case PGRES_TUPLES_OK:
                break;
            default:
                status = pgError(m_conn.get(), raw, "query");
            }
        }
        return status;
    }

    std::string m_described;
    PgConn m_conn;
};

} // namespace

std::string redactConnectionUri(std::string_view uri)
{
    std::string out(uri);
    // userinfo: scheme://user:password@host → scheme://user@host
    if (const auto scheme = out.find("://"); scheme != std::string::npos) {
        const auto authorityStart = scheme + 3;
        const auto authorityEnd = out.find_first_of("/?", authorityStart);
        const auto at = out.rfind('@', authorityEnd == std::string::npos ? out.size() : authorityEnd);
        if (at != std::string::npos && at >= authorityStart) {
            const auto colon = out.find(':', authorityStart);
            if (colon != std::string::npos && colon < at)
                out.erase(colon, at - colon);
        }
    }
    // ?…&password=…&… → dropped
    if (const auto query = out.find('?'); query != std::string::npos) {
        std::string kept;
        std::size_t start = query + 1;
        while (start <= out.size()) {
            const auto end = std::min(out.find('&', start), out.size());
            const std::string_view part(out.data() + start, end - start);
            if (!part.starts_with("password=") && !part.empty())
                kept += (kept.empty() ? "" : "&") + std::string(part);
            start = end + 1;
        }
        out = out.substr(0, query) + (kept.empty() ? "" : "?" + kept);
    }
    return out;
}

Result<std::unique_ptr<ArchiveStore>> openPostgresArchive(const std::string& uri)
{
    const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"10", "mamori-admin", uri.c_str(), nullptr};
    PgConn conn(PQconnectdbParams(keywords, values, 1));
    const std::string described = redactConnectionUri(uri);
    if (!conn)
        return Error(ErrorCode::ResourceExhausted, "libpq could not allocate a connection");
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        Error error = pgError(conn.get(), nullptr, "connect to " + described);
        return Error(ErrorCode::Unavailable, error.context());
    }
    auto archive = std::make_unique<PostgresArchive>(described, std::move(conn));
    MAMORI_TRY(archive->prepareSchema());
    return std::unique_ptr<ArchiveStore>(std::move(archive));
}

} // namespace mamori::admin
