// SPDX-License-Identifier: GPL-3.0-or-later
// What both archives share (archive_store.h, archive_internal.h): names, the batch checks, the
// factory and re-verification from the stored encodings.

#include "provisioning/admin/archive_store.h"

#include "provisioning/admin/archive_internal.h"
#include "provisioning/admin/device_config.h"
#include "provisioning/admin/postgres_archive.h"
#include "provisioning/admin/sqlite_archive.h"

#include <limits>

namespace mamori::admin {

namespace {
constexpr std::uint64_t kMaxColumnValue = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
}

std::string_view pinSourceName(PinSource source) noexcept
{
    switch (source) {
    case PinSource::Config:
        return "config";
    case PinSource::Tofu:
        return "tofu";
    case PinSource::Option:
        return "option";
    }
    return "config";
}

std::optional<PinSource> parsePinSource(std::string_view name) noexcept
{
    for (const PinSource source : {PinSource::Config, PinSource::Tofu, PinSource::Option})
        if (pinSourceName(source) == name)
            return source;
    return std::nullopt;
}

int signatureCount(const vault::AuditEntry& entry) noexcept
{
    return (entry.cardSignature.empty() ? 0 : 1) + (entry.secondSignature.empty() ? 0 : 1);
}

Status checkBatch(const AppendBatch& batch)
{
    if (!isValidDeviceId(batch.deviceId))
        return Error(ErrorCode::InvalidArgument, "device id");
    if (batch.newHead.sequence > kMaxColumnValue || batch.newestCounter.value_or(0) > kMaxColumnValue ||
        batch.reportedHead.value_or(0) > kMaxColumnValue)
        return Error(ErrorCode::InvalidArgument, "a sequence or counter beyond 2^63");
    std::uint64_t expected = batch.expectedHead.sequence;
    for (const vault::AuditEntry& entry : batch.entries) {
        if (entry.sequence != ++expected || entry.deviceId != batch.deviceId)
            return Error(ErrorCode::InvalidArgument, "batch entries are not contiguous from the archived head");
    }
    if (expected != batch.newHead.sequence)
        return Error(ErrorCode::InvalidArgument, "batch does not end at its new head");
    for (const vault::Checkpoint& checkpoint : batch.checkpoints) {
        if (checkpoint.sequence > kMaxColumnValue || checkpoint.counter > kMaxColumnValue)
            return Error(ErrorCode::InvalidArgument, "a checkpoint beyond 2^63");
    }
    return okStatus();
}

Result<std::unique_ptr<ArchiveStore>> openArchive(const std::string& spec)
{
    if (spec.starts_with("postgresql://") || spec.starts_with("postgres://"))
        return openPostgresArchive(spec);
    if (spec.empty())
        return Error(ErrorCode::InvalidArgument, "no archive named");
    return openSqliteArchive(spec);
}

Result<vault::VerifyReport> verifyArchivedChain(ArchiveStore& store, std::string_view deviceId)
{
    MAMORI_ASSIGN_OR_RETURN(const auto state, store.device(deviceId));
    if (!state)
        return Error(ErrorCode::NotFound, "device not in the archive");
    MAMORI_ASSIGN_OR_RETURN(const auto checkpoints, store.checkpoints(deviceId));
    vault::VerifyOptions options;
    options.requireFinalCheckpoint = state->head.sequence > 0;
    options.scanForNumbers = true;
    vault::ChainVerifier verifier(checkpoints, state->publicKey, options);
    std::uint64_t count = 0;
    Status walked = store.forEachEncoded(deviceId, [&](std::span<const std::uint8_t> bytes) -> Status {
        auto entry = vault::decodeEntry(bytes);
        if (!entry.ok())
            return Error(ErrorCode::StorageCorrupt, "archived entry " + std::to_string(count + 1) + " does not decode");
        ++count;
        verifier.addEntry(entry.value());
        return okStatus();
    });
    if (!walked.ok() && walked.code() != ErrorCode::StorageCorrupt)
        return std::move(walked).error();
    vault::VerifyReport report = verifier.finish();
    if (!walked.ok() && report.clean()) {
        report.kind = vault::DamageKind::Malformed;
        report.sequence = count + 1;
        report.detail = walked.error().context();
    }
    if (report.clean() && report.head != state->head) {
        report.kind = vault::DamageKind::Truncated;
        report.sequence = report.head.sequence + 1;
        report.detail = "the archived head does not match the archived entries";
    }
    return report;
}

} // namespace mamori::admin
