// SPDX-License-Identifier: GPL-3.0-or-later
// Vault: fleet bundles applied (fleet_bundle.h, FLEET_BUNDLE_FORMAT.md), the organisation key pinned
// at provisioning, the allow-list kept as the record of the device's configuration, and the
// provisioning entry.
//
// Where things live (no schema change): the `meta` table holds the pinned organisation key
// ('fleet_org_key', 32 bytes), the last applied serial and its time ('fleet_serial',
// 'fleet_applied_ms') and the device id given at provisioning ('provisioned_device_id'); the
// `settings` table holds the allow-list text ('allowlist') and when it was set ('allowlist_ms').
//
// Decisions:
//   - The bundle is verified here, against the key this vault holds, before anything else; the tool
//     that hands it over is not trusted to have checked it.
//   - A refusal (malformed, unsigned, another organisation, tampered, another device, replayed) is
//     written as an "alert" entry, result refused, and nothing else changes.
//   - Applying is one transaction and one "config" entry; any part that fails rolls every part back
//     (the entry is then "failed:<code>"). Departments are added or renamed and retention rules added
//     or replaced (UPSERT, never delete-and-insert: documents and users reference them); a card that
//     is already enrolled and active is left as it is (so the same bundle can be re-issued with a new
//     serial), a revoked card is never enrolled again by a bundle (the whole bundle fails).

#include "services/common/utf8.h"
#include "services/vault/card_signature.h"
#include "services/vault/retention.h"
#include "services/vault/vault_inspect.h"
#include "services/vault/vault_internal.h"

#include <sodium.h>

namespace mamori::vault {
namespace {

constexpr std::string_view kOrgKeyMeta = "fleet_org_key";
constexpr std::string_view kSerialMeta = "fleet_serial";
constexpr std::string_view kAppliedMeta = "fleet_applied_ms";
constexpr std::string_view kDeviceIdMeta = "provisioned_device_id";

Result<std::optional<std::vector<std::uint8_t>>> metaBlob(StatementCache& statements, std::string_view key)
{
    MAMORI_ASSIGN_OR_RETURN(auto select, statements.get("SELECT value FROM meta WHERE key = ?"));
    select.bind(1, key);
    MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
    if (!found)
        return std::optional<std::vector<std::uint8_t>>();
    const auto value = select.columnBlob(0);
    return std::optional<std::vector<std::uint8_t>>(std::vector<std::uint8_t>(value.begin(), value.end()));
}

Result<std::int64_t> metaInt(StatementCache& statements, std::string_view key)
{
    MAMORI_ASSIGN_OR_RETURN(auto select, statements.get("SELECT value FROM meta WHERE key = ?"));
    select.bind(1, key);
    MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
    return found ? select.columnInt(0) : std::int64_t{0};
}

Status putMetaInt(StatementCache& statements, std::string_view key, std::int64_t value)
{
    MAMORI_ASSIGN_OR_RETURN(auto upsert, statements.get("INSERT INTO meta (key, value) VALUES (?, ?) "
                                                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    upsert.bind(1, key).bind(2, value);
    return upsert.run();
}

Status putSetting(StatementCache& statements, std::string_view key, std::string_view value)
{
    MAMORI_ASSIGN_OR_RETURN(auto upsert, statements.get("INSERT INTO settings (key, value) VALUES (?, ?) "
                                                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    upsert.bind(1, key).bind(2, value);
    return upsert.run();
}

} // namespace

Result<FleetState> readFleetState(Database& db)
{
    FleetState state;
    MAMORI_ASSIGN_OR_RETURN(auto meta, db.prepare("SELECT key, value FROM meta WHERE key IN ('fleet_org_key', "
                                                  "'fleet_serial', 'fleet_applied_ms', 'provisioned_device_id')"));
    while (true) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, meta.step());
        if (!row)
            break;
        const std::string_view key = meta.columnText(0);
        if (key == kOrgKeyMeta) {
            const auto value = meta.columnBlob(1);
            if (value.size() != kFleetPublicKeyBytes)
                return Error(ErrorCode::StorageCorrupt, "the pinned organisation key is not 32 bytes");
            OrganisationKey pinned{};
            std::copy(value.begin(), value.end(), pinned.begin());
            state.organisationKey = pinned;
        } else if (key == kSerialMeta) {
            state.lastSerial = static_cast<std::uint64_t>(meta.columnInt(1));
        } else if (key == kAppliedMeta) {
            state.lastAppliedMs = meta.columnInt(1);
        } else if (key == kDeviceIdMeta) {
            state.provisionedDeviceId = std::string(meta.columnText(1));
        }
    }
    MAMORI_ASSIGN_OR_RETURN(auto settings,
                            db.prepare("SELECT key, value FROM settings WHERE key IN ('allowlist', 'allowlist_ms')"));
    while (true) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, settings.step());
        if (!row)
            break;
        if (settings.columnText(0) == "allowlist")
            state.allowList = std::string(settings.columnText(1));
        else
            state.allowListMs = std::stoll(std::string(settings.columnText(1)));
    }
    return state;
}

Status Vault::pinOrganisationKey(const SessionContext* session, const OrganisationKey& key)
{
    return perform<Ok>(session, Operation::ConfigureDevice, "config", Target{},
                       [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
                           draft.detail = "pin organisation key " + organisationKeyFingerprint(key);
                           MAMORI_ASSIGN_OR_RETURN(const auto existing, metaBlob(m_statements, kOrgKeyMeta));
                           if (existing)
                               return Error(ErrorCode::AlreadyExists,
                                            "an organisation key is pinned already (a new one needs a wiped device)");
                           MAMORI_ASSIGN_OR_RETURN(auto insert,
                                                   m_statements.get("INSERT INTO meta (key, value) VALUES (?, ?)"));
                           insert.bind(1, kOrgKeyMeta).bind(2, std::span<const std::uint8_t>(key));
                           MAMORI_TRY(insert.run());
                           return Ok{};
                       });
}

Result<FleetState> Vault::fleetState() { return readFleetState(m_db); }

Result<std::optional<InspectedEntry>> Vault::newestEntryOf(std::string_view action)
{
    return newestAuditEntry(m_db, action, false);
}

Result<std::optional<InspectedEntry>> Vault::newestDelivery()
{
    MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT provide_seq, reported_ms, outcome FROM deliveries "
                                                          "ORDER BY provide_seq DESC LIMIT 1"));
    MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
    if (!found)
        return std::optional<InspectedEntry>();
    InspectedEntry entry;
    entry.sequence = static_cast<std::uint64_t>(select.columnInt(0));
    entry.timeMs = select.columnInt(1);
    entry.result = std::string(select.columnText(2));
    return std::optional<InspectedEntry>(entry);
}

Status Vault::recordAllowList(const SessionContext* session, std::string_view toml, std::string_view summary)
{
    return perform<Ok>(session, Operation::ConfigureDevice, "config", Target{},
                       [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
                           draft.detail = "allow-list set: " + std::string(summary.substr(0, 200));
                           if (toml.empty() || toml.size() > kMaxFleetAllowListBytes || !isValidUtf8(toml))
                               return Error(ErrorCode::InvalidArgument, "the allow-list is 1 byte to 1 MiB of UTF-8");
                           MAMORI_TRY(putSetting(m_statements, "allowlist", toml));
                           MAMORI_TRY(putSetting(m_statements, "allowlist_ms", std::to_string(m_clock.nowMs())));
                           return Ok{};
                       });
}

Status Vault::settleDeviceId()
{
    MAMORI_ASSIGN_OR_RETURN(const FleetState state, readFleetState(m_db));
    const std::string& recorded = state.provisionedDeviceId;
    if (m_options.deviceId.empty()) {
        m_options.deviceId = recorded.empty() ? std::string(kDefaultDeviceId) : recorded;
        return Ok{};
    }
    if (!recorded.empty() && recorded != m_options.deviceId)
        return Error(ErrorCode::InvalidArgument, "this vault was provisioned as device '" + recorded + "', not '" +
                                                     m_options.deviceId +
                                                     "' (leave the device id unset to use the recorded one)");
    return Ok{};
}

Status Vault::recordProvisioning(std::string_view detail)
{
    return perform<Ok>(nullptr, Operation::ConfigureDevice, "provision", Target{},
                       [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
                           draft.detail = std::string(detail.substr(0, 256));
                           MAMORI_ASSIGN_OR_RETURN(
                               auto upsert, m_statements.get("INSERT INTO meta (key, value) VALUES (?, ?) "
                                                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
                           upsert.bind(1, kDeviceIdMeta).bind(2, std::string_view(m_options.deviceId));
                           MAMORI_TRY(upsert.run());
                           draft.checkpointAfter = true;
                           return Ok{};
                       });
}

Result<FleetApplyReport> Vault::applyFleetBundle(const SessionContext* session, std::span<const std::uint8_t> bundle,
                                                 const std::function<Status(const FleetBundleContent&)>& precheck)
{
    // Who may apply at all comes first; a caller who may not is refused by perform() (audited).
    if (session && !authorize(*session, Operation::ConfigureDevice).ok())
        return perform<FleetApplyReport>(session, Operation::ConfigureDevice, "config", Target{},
                                         [](AuditDraft&, const SubjectRow*) -> Result<FleetApplyReport> {
                                             return Error(ErrorCode::Internal, "not reached");
                                         });

    auto refuse = [&](FleetRefusal why, const std::string& serial) -> Error {
        AuditDraft draft = draftFor(session, Operation::ConfigureDevice, "alert");
        draft.result = resultText("refused", ErrorCode::PermissionDenied);
        draft.detail = "fleet bundle refused: " + std::string(fleetRefusalName(why)) + serial;
        const Status audited = auditStandalone(std::move(draft));
        if (!audited.ok())
            return audited.error();
        return Error(ErrorCode::PermissionDenied, "fleet bundle refused: " + std::string(fleetRefusalName(why)));
    };

    auto parsed = parseFleetBundle(bundle);
    if (!parsed.ok())
        return refuse(FleetRefusal::Malformed, "");
    const FleetBundleFile& file = parsed.value();
    const std::string serialText = " (serial " + std::to_string(file.content.serial) + ")";
    MAMORI_ASSIGN_OR_RETURN(const FleetState state, readFleetState(m_db));
    if (!state.organisationKey)
        return refuse(FleetRefusal::NoOrganisationKey, serialText);
    FleetRefusal why = FleetRefusal::Malformed;
    if (!verifyFleetBundle(file, *state.organisationKey, &why).ok())
        return refuse(why, serialText);
    if (!checkFleetTarget(file.content, m_options.deviceId, state.lastSerial, &why).ok())
        return refuse(why, serialText);

    const FleetBundleContent& content = file.content;
    return perform<FleetApplyReport>(
        session, Operation::ConfigureDevice, "config", Target{},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<FleetApplyReport> {
            draft.detail = "fleet bundle serial " + std::to_string(content.serial);
            FleetApplyReport report;
            report.serial = content.serial;
            // The serial again, inside the transaction.
            MAMORI_ASSIGN_OR_RETURN(const std::int64_t last, metaInt(m_statements, kSerialMeta));
            if (content.serial <= static_cast<std::uint64_t>(last))
                return Error(ErrorCode::AlreadyExists, "a bundle with this serial or a later one was applied");
            if (precheck)
                MAMORI_TRY(precheck(content));

            MAMORI_ASSIGN_OR_RETURN(auto department,
                                    m_statements.get("INSERT INTO departments (code, name) VALUES (?, ?) "
                                                     "ON CONFLICT(code) DO UPDATE SET name = excluded.name"));
            for (const FleetDepartment& d : content.departments) {
                department.reset();
                department.bind(1, d.code).bind(2, d.name);
                MAMORI_TRY(department.run());
                ++report.departments;
            }

            if (content.retentionCsv) {
                MAMORI_ASSIGN_OR_RETURN(const auto rules, parseRetentionRules(*content.retentionCsv));
                MAMORI_ASSIGN_OR_RETURN(auto rule,
                                        m_statements.get("INSERT INTO retention_rules (code, definition) VALUES (?, ?) "
                                                         "ON CONFLICT(code) DO UPDATE SET definition = "
                                                         "excluded.definition"));
                for (const RetentionRule& r : rules) {
                    MAMORI_TRY(validateRetentionRule(r));
                    rule.reset();
                    rule.bind(1, r.code).bind(2, formatRetentionRules(std::span(&r, 1)));
                    MAMORI_TRY(rule.run());
                    ++report.retentionRules;
                }
            }

            MAMORI_ASSIGN_OR_RETURN(auto known, m_statements.get("SELECT 1 FROM departments WHERE code = ?"));
            MAMORI_ASSIGN_OR_RETURN(auto enrolled, m_statements.get("SELECT status FROM cards WHERE spki_sha256 = ?"));
            for (std::size_t i = 0; i < content.cards.size(); ++i) {
                const FleetCard& card = content.cards[i];
                const std::string where = "card " + std::to_string(i + 1) + ": ";
                MAMORI_ASSIGN_OR_RETURN(const CardCertificate certificate, parseCardCertificate(card.certificateDer));
                enrolled.reset();
                enrolled.bind(1, std::span<const std::uint8_t>(certificate.spkiSha256));
                MAMORI_ASSIGN_OR_RETURN(const bool exists, enrolled.step());
                if (exists) {
                    if (enrolled.columnText(0) != "active")
                        return Error(ErrorCode::InvalidArgument,
                                     where + "this card was revoked here; a bundle does not enrol it again");
                    ++report.cardsAlreadyEnrolled;
                    continue;
                }
                for (const std::string& code : card.departments) {
                    known.reset();
                    known.bind(1, code);
                    MAMORI_ASSIGN_OR_RETURN(const bool found, known.step());
                    if (!found)
                        return Error(ErrorCode::InvalidArgument,
                                     where + "department " + code + " is neither on this device nor in the bundle");
                }
                MAMORI_ASSIGN_OR_RETURN(auto user,
                                        m_statements.get("INSERT INTO users (display_name, created_ms) VALUES (?, ?)"));
                user.bind(1, card.displayName).bind(2, m_clock.nowMs());
                MAMORI_TRY(user.run());
                const std::int64_t userId = sqlite3LastInsertRowid(m_db);
                MAMORI_ASSIGN_OR_RETURN(auto role,
                                        m_statements.get("INSERT INTO user_roles (user_id, role) VALUES (?, ?)"));
                for (const Role r : card.roles) {
                    role.reset();
                    role.bind(1, userId).bind(2, roleName(r));
                    MAMORI_TRY(role.run());
                }
                MAMORI_ASSIGN_OR_RETURN(
                    auto userDepartment,
                    m_statements.get("INSERT INTO user_departments (user_id, department) VALUES (?, ?)"));
                for (const std::string& code : card.departments) {
                    userDepartment.reset();
                    userDepartment.bind(1, userId).bind(2, code);
                    MAMORI_TRY(userDepartment.run());
                }
                MAMORI_ASSIGN_OR_RETURN(auto insert,
                                        m_statements.get("INSERT INTO cards (spki_sha256, user_id, certificate, "
                                                         "enrolled_ms) VALUES (?, ?, ?, ?)"));
                insert.bind(1, std::span<const std::uint8_t>(certificate.spkiSha256))
                    .bind(2, userId)
                    .bind(3, std::span<const std::uint8_t>(certificate.der))
                    .bind(4, m_clock.nowMs());
                MAMORI_TRY(insert.run());
                ++report.cardsEnrolled;
            }

            if (content.allowList) {
                MAMORI_TRY(putSetting(m_statements, "allowlist", *content.allowList));
                MAMORI_TRY(putSetting(m_statements, "allowlist_ms", std::to_string(m_clock.nowMs())));
                report.allowList = content.allowList;
            }
            MAMORI_TRY(putMetaInt(m_statements, kSerialMeta, static_cast<std::int64_t>(content.serial)));
            MAMORI_TRY(putMetaInt(m_statements, kAppliedMeta, m_clock.nowMs()));

            draft.detail +=
                ": " + std::to_string(report.departments) + " departments, " + std::to_string(report.retentionRules) +
                " retention rules, " + std::to_string(report.cardsEnrolled) + " cards enrolled (" +
                std::to_string(report.cardsAlreadyEnrolled) + " already)" + (content.allowList ? ", allow-list" : "");
            return report;
        });
}

} // namespace mamori::vault
