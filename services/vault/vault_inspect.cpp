// SPDX-License-Identifier: GPL-3.0-or-later
// A read-only look at a vault file without its keys (vault_inspect.h).

#include "services/vault/vault_inspect.h"

#include "services/vault/audit_chain.h"
#include "services/vault/card_signature.h"
#include "services/vault/vault_schema.h"

#include <filesystem>
#include <map>

namespace mamori::vault {

Result<std::optional<InspectedEntry>> newestAuditEntry(Database& db, std::string_view action, bool successfulOnly)
{
    MAMORI_ASSIGN_OR_RETURN(auto select,
                            db.prepare(successfulOnly ? "SELECT seq, time_ms, encoded FROM audit_entries WHERE "
                                                        "action = ? ORDER BY seq DESC"
                                                      : "SELECT seq, time_ms, encoded FROM audit_entries WHERE "
                                                        "action = ? ORDER BY seq DESC LIMIT 1"));
    select.bind(1, action);
    while (true) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
        if (!row)
            return std::optional<InspectedEntry>();
        InspectedEntry entry;
        entry.sequence = static_cast<std::uint64_t>(select.columnInt(0));
        entry.timeMs = select.columnInt(1);
        auto decoded = decodeEntry(select.columnBlob(2));
        entry.result = decoded.ok() ? decoded.value().result : "unreadable";
        if (!successfulOnly || entry.result == "ok")
            return std::optional<InspectedEntry>(entry);
    }
}

Result<VaultInspection> inspectVaultFile(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return Error(ErrorCode::NotFound, "no vault database at the configured path");
    MAMORI_ASSIGN_OR_RETURN(Database db, Database::open(path, Database::Mode::ReadOnly));
    MAMORI_TRY(db.exec("PRAGMA busy_timeout = 5000"));
    VaultInspection inspection;
    MAMORI_ASSIGN_OR_RETURN(inspection.schemaVersion, schemaVersion(db));
    if (inspection.schemaVersion == 0)
        return Error(ErrorCode::StorageCorrupt, "the file is not a vault (no schema)");
    // One read transaction, so that every table is seen at the same moment.
    MAMORI_TRY(db.exec("BEGIN"));

    {
        MAMORI_ASSIGN_OR_RETURN(auto head,
                                db.prepare("SELECT seq, time_ms FROM audit_entries ORDER BY seq DESC LIMIT 1"));
        MAMORI_ASSIGN_OR_RETURN(const bool row, head.step());
        if (row) {
            inspection.auditHead = static_cast<std::uint64_t>(head.columnInt(0));
            inspection.auditHeadMs = head.columnInt(1);
        }
    }
    {
        MAMORI_ASSIGN_OR_RETURN(auto checkpoint,
                                db.prepare("SELECT encoded FROM audit_checkpoints ORDER BY seq DESC LIMIT 1"));
        MAMORI_ASSIGN_OR_RETURN(const bool row, checkpoint.step());
        if (row) {
            MAMORI_ASSIGN_OR_RETURN(const Checkpoint decoded, decodeCheckpoint(checkpoint.columnBlob(0)));
            inspection.checkpointSequence = decoded.sequence;
            inspection.checkpointMs = decoded.timeMs;
            inspection.checkpointCounter = decoded.counter;
        }
    }
    {
        std::map<std::int64_t, std::vector<std::string>> roles, departments;
        MAMORI_ASSIGN_OR_RETURN(auto role, db.prepare("SELECT user_id, role FROM user_roles ORDER BY user_id, role"));
        while (true) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, role.step());
            if (!row)
                break;
            roles[role.columnInt(0)].emplace_back(role.columnText(1));
        }
        MAMORI_ASSIGN_OR_RETURN(auto department, db.prepare("SELECT user_id, department FROM user_departments "
                                                            "ORDER BY user_id, department"));
        while (true) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, department.step());
            if (!row)
                break;
            departments[department.columnInt(0)].emplace_back(department.columnText(1));
        }
        MAMORI_ASSIGN_OR_RETURN(auto card, db.prepare("SELECT c.spki_sha256, c.user_id, u.display_name, c.status, "
                                                      "c.enrolled_ms, c.revoked_ms FROM cards c JOIN users u ON "
                                                      "u.id = c.user_id ORDER BY c.enrolled_ms, c.user_id"));
        while (true) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, card.step());
            if (!row)
                break;
            InspectedCard item;
            item.cardId = hexOf(card.columnBlob(0));
            item.userId = card.columnInt(1);
            item.displayName = std::string(card.columnText(2));
            item.revoked = card.columnText(3) != "active";
            item.enrolledMs = card.columnInt(4);
            item.revokedMs = card.columnIsNull(5) ? 0 : card.columnInt(5);
            item.roles = roles[item.userId];
            item.departments = departments[item.userId];
            inspection.cards.push_back(std::move(item));
        }
    }
    MAMORI_ASSIGN_OR_RETURN(inspection.lastBackup, newestAuditEntry(db, "backup", false));
    MAMORI_ASSIGN_OR_RETURN(inspection.lastSuccessfulBackup, newestAuditEntry(db, "backup", true));
    MAMORI_ASSIGN_OR_RETURN(inspection.fleet, readFleetState(db));
    MAMORI_TRY(db.exec("COMMIT"));
    return inspection;
}

} // namespace mamori::vault
