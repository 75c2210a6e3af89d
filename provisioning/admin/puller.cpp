// SPDX-License-Identifier: GPL-3.0-or-later
// Verify-then-store pulls and imports (puller.h).

#include "provisioning/admin/puller.h"

#include "provisioning/admin/admin_util.h"
#include "provisioning/admin/damage_text.h"
#include "provisioning/admin/number_fence.h"
#include "services/vault/audit_bundle.h"

namespace mamori::admin {

namespace {

// A pull stops after this many bundles even if the device keeps answering: a device whose head
// races ahead of every pull (or a logd that never reaches its own head) must not loop forever.
constexpr std::uint64_t kMaxBundlesPerPull = 100000;

std::int64_t now(const PullOptions& options) { return options.clock ? options.clock() : nowMs(); }

struct Trust {
    std::optional<vault::PublicKey> key; // nullopt: first use, verify under the bundle's own key
    PinSource source = PinSource::Config;
};

// The key a bundle of this device must carry, or why there is none.
Result<Trust> trustFor(const std::optional<DeviceState>& state, const DeviceConfig* device, const PullOptions& options)
{
    const std::optional<vault::PublicKey> configured =
        options.key ? options.key : (device ? device->publicKey : std::nullopt);
    if (state) {
        if (configured && *configured != state->publicKey)
            return Error(ErrorCode::PermissionDenied,
                         "the configured device key differs from the key pinned in the archive (" +
                             groupedHex(toHex(state->publicKey).substr(0, 16)) +
                             " …): if the device was replaced, archive it under a new device id");
        return Trust{state->publicKey, state->pinnedBy};
    }
    if (configured)
        return Trust{configured, options.key ? PinSource::Option : PinSource::Config};
    if (options.trustOnFirstUse)
        return Trust{std::nullopt, PinSource::Tofu};
    return Error(ErrorCode::PermissionDenied,
                 "no device key is pinned: add public_key (from mamori-provision's identity file) to the "
                 "configuration, or pull once with --tofu to trust the key the device presents");
}

// A device id that came from the other side (a bundle header, logd's answer), fit to be shown: one
// that reads as a number is withheld (number_fence.h).
std::string shown(const std::string& id)
{
    return checkValue(id, "device id").ok() ? id : std::string("(withheld: reads as a number)");
}

void fail(PullResult& result, PullStatus status, std::string message)
{
    result.status = status;
    result.message = std::move(message);
}

PullResult damaged(PullResult result, const vault::VerifyReport& report)
{
    const DamageExplanation explanation = explainDamage(report);
    result.status = PullStatus::Damaged;
    result.report = report;
    result.message = explanation.headline;
    return result;
}

// Verifies one bundle against the archive and stores it. `state` is the archived device (updated on
// success). Returns false (with `result` filled) when the bundle was refused or not stored.
bool acceptBundle(ArchiveStore& store, std::optional<DeviceState>& state, const std::string& deviceId,
                  const DeviceConfig* device, std::span<const std::uint8_t> bytes,
                  std::optional<std::uint64_t> reportedHead, const PullOptions& options, PullResult& result)
{
    auto trust = trustFor(state, device, options);
    if (!trust.ok()) {
        fail(result, PullStatus::Untrusted, trust.error().context());
        return false;
    }
    vault::BundleVerifyOptions verify;
    verify.expectedAnchor = state ? state->head : vault::kGenesisHead;
    if (state && state->newestCounter)
        verify.minimumCounter = state->newestCounter;
    if (device)
        verify.maxEntriesWithoutCheckpoint = device->maxEntriesWithoutCheckpoint;
    verify.keepEntries = true;
    const vault::BundleVerification verified = vault::verifyBundle(bytes, trust.value().key, verify);
    if (!verified.report.clean()) {
        result = damaged(std::move(result), verified.report);
        return false;
    }
    const vault::AuditBundle& bundle = verified.bundle;
    if (bundle.deviceId != deviceId) {
        fail(result, PullStatus::Damaged,
             "the bundle is signed for device '" + shown(bundle.deviceId) + "', not '" + deviceId + "'");
        return false;
    }
    for (const vault::AuditEntry& entry : bundle.entries) {
        if (entry.deviceId != deviceId) {
            fail(result, PullStatus::Damaged,
                 "entry " + std::to_string(entry.sequence) + " names another device than its bundle");
            return false;
        }
    }

    AppendBatch batch;
    batch.deviceId = deviceId;
    batch.publicKey = bundle.devicePublicKey;
    batch.pinnedBy = trust.value().source;
    batch.expectedHead = state ? state->head : vault::kGenesisHead;
    batch.entries = bundle.entries;
    batch.checkpoints = bundle.checkpoints;
    batch.newHead = verified.report.head;
    batch.newestCounter = verified.report.newestCounter;
    if (!bundle.checkpoints.empty())
        batch.newestCheckpointMs = bundle.checkpoints.back().timeMs;
    batch.pulledMs = now(options);
    batch.reportedHead = reportedHead;
    if (Status stored = store.append(batch); !stored.ok()) {
        fail(result, PullStatus::Store, "the archive did not store the bundle: " + stored.error().describe());
        return false;
    }
    if (!state && !trust.value().key)
        result.pinnedNow = bundle.devicePublicKey;
    ++result.bundles;
    result.entriesStored += bundle.entries.size();
    result.archivedHead = verified.report.head;
    auto reloaded = store.device(deviceId);
    if (!reloaded.ok() || !reloaded.value()) {
        fail(result, PullStatus::Store, "the archive lost the device just stored");
        return false;
    }
    state = std::move(reloaded).value();
    return true;
}

void record(ArchiveStore& store, const PullResult& result, std::int64_t startedMs, std::uint64_t firstSequence,
            const PullOptions& options)
{
    PullRecord record;
    record.deviceId = result.deviceId;
    record.startedMs = startedMs;
    record.finishedMs = now(options);
    record.outcome = std::string(pullStatusName(result.status));
    record.entries = result.entriesStored;
    record.firstSequence = result.entriesStored ? firstSequence : 0;
    record.lastSequence = result.entriesStored ? result.archivedHead.sequence : 0;
    if (result.report) {
        record.damageKind = std::string(vault::damageKindName(result.report->kind));
        record.damageSequence = result.report->sequence;
    }
    record.message = result.message.substr(0, 500);
    // The pull log is a record, not a condition of the pull: an archive that cannot take it has
    // already failed the pull itself, which the result says.
    (void)store.recordPull(record);
}

// The device id written in a bundle's header, read without parsing the rest (AUDIT_FORMAT.md).
std::optional<std::string> peekDeviceId(std::span<const std::uint8_t> bytes)
{
    vault::detail::ByteReader reader(bytes);
    std::uint16_t length = 0;
    if (!reader.expect(vault::kAuditBundleMagic) || !reader.readBigEndian(length))
        return std::nullopt;
    const auto id = reader.take(length);
    if (!id)
        return std::nullopt;
    std::string text(reinterpret_cast<const char*>(id->data()), id->size());
    if (!isValidDeviceId(text))
        return std::nullopt;
    return text;
}

} // namespace

std::string_view pullStatusName(PullStatus status) noexcept
{
    switch (status) {
    case PullStatus::Ok:
        return "ok";
    case PullStatus::Damaged:
        return "damaged";
    case PullStatus::Untrusted:
        return "untrusted";
    case PullStatus::Network:
        return "network";
    case PullStatus::Store:
        return "store";
    }
    return "store";
}

PullResult pullDevice(ArchiveStore& store, LogdClient& client, const DeviceConfig& device, const PullOptions& options)
{
    PullResult result;
    result.deviceId = device.id;
    const std::int64_t started = now(options);
    auto loaded = store.device(device.id);
    if (!loaded.ok()) {
        fail(result, PullStatus::Store, "the archive could not be read: " + loaded.error().describe());
        return result;
    }
    std::optional<DeviceState> state = std::move(loaded).value();
    if (state)
        result.archivedHead = state->head;
    const std::uint64_t firstSequence = result.archivedHead.sequence + 1;
    auto finish = [&]() -> PullResult {
        record(store, result, started, firstSequence, options);
        return result;
    };
    if (auto trust = trustFor(state, &device, options); !trust.ok()) {
        fail(result, PullStatus::Untrusted, trust.error().context());
        return finish();
    }

    auto head = client.head(device.url);
    if (!head.ok()) {
        fail(result, PullStatus::Network, "logd at " + device.url + ": " + head.error().context());
        return finish();
    }
    if (head.value().deviceId != device.id) {
        fail(result, PullStatus::Damaged,
             "logd at " + device.url + " answers for device '" + shown(head.value().deviceId) + "', not '" + device.id +
                 "'");
        return finish();
    }
    result.deviceHead = head.value().headSequence;
    auto behind = [&](std::uint64_t deviceHead) {
        vault::VerifyReport report;
        report.kind = vault::DamageKind::RolledBack;
        report.sequence = deviceHead;
        report.provenThrough = result.archivedHead.sequence;
        report.head = result.archivedHead;
        report.detail = "the device reports head " + std::to_string(deviceHead) + ", the archive holds " +
                        std::to_string(result.archivedHead.sequence) + " entries";
        result = damaged(std::move(result), report);
        result.message = "the device's log is behind the archive (head " + std::to_string(deviceHead) + " < archived " +
                         std::to_string(result.archivedHead.sequence) +
                         "): it was rolled back, restored from an old copy, or replaced";
    };
    if (head.value().headSequence < result.archivedHead.sequence) {
        behind(head.value().headSequence);
        return finish();
    }

    for (std::uint64_t round = 0; round < kMaxBundlesPerPull; ++round) {
        const std::uint64_t after = result.archivedHead.sequence;
        auto fetched = client.bundleAfter(device.url, after);
        if (!fetched.ok()) {
            fail(result, PullStatus::Network,
                 "logd at " + device.url + ", bundle after " + std::to_string(after) + ": " +
                     fetched.error().context());
            return finish();
        }
        LogdBundle& bundle = fetched.value();
        if (bundle.headKnown) {
            result.deviceHead = bundle.headSequence;
            if (bundle.headSequence < after) {
                behind(bundle.headSequence);
                return finish();
            }
        }
        if (bundle.nothingNew) {
            if (bundle.headKnown && bundle.headSequence > after) {
                fail(result, PullStatus::Network,
                     "logd says nothing follows sequence " + std::to_string(after) + " but reports head " +
                         std::to_string(bundle.headSequence));
                return finish();
            }
            break;
        }
        if (!acceptBundle(store, state, device.id, &device, bundle.bytes, bundle.headSequence, options, result))
            return finish();
        if (result.archivedHead.sequence >= bundle.headSequence)
            break;
    }
    if (result.deviceHead && result.archivedHead.sequence < *result.deviceHead) {
        fail(result, PullStatus::Network, "stopped after " + std::to_string(kMaxBundlesPerPull) + " bundles");
        return finish();
    }
    result.status = PullStatus::Ok;
    result.message =
        result.entriesStored ? "pulled " + std::to_string(result.entriesStored) + " entries" : "up to date";
    return finish();
}

PullResult importBundle(ArchiveStore& store, std::span<const std::uint8_t> bytes, const DeviceConfig* device,
                        const PullOptions& options)
{
    PullResult result;
    const std::int64_t started = now(options);
    const auto deviceId = peekDeviceId(bytes);
    if (!deviceId) {
        // Nothing names a device: verify anyway, so the report says what is wrong with the file.
        result.deviceId = device ? device->id : "";
        return damaged(std::move(result), vault::verifyBundle(bytes, std::nullopt).report);
    }
    result.deviceId = *deviceId;
    if (device && device->id != *deviceId) {
        fail(result, PullStatus::Damaged,
             "the bundle is for device '" + shown(*deviceId) + "', not '" + device->id + "'");
        return result;
    }
    auto loaded = store.device(*deviceId);
    if (!loaded.ok()) {
        fail(result, PullStatus::Store, "the archive could not be read: " + loaded.error().describe());
        return result;
    }
    std::optional<DeviceState> state = std::move(loaded).value();
    if (state)
        result.archivedHead = state->head;
    const std::uint64_t firstSequence = result.archivedHead.sequence + 1;
    if (acceptBundle(store, state, *deviceId, device, bytes, std::nullopt, options, result)) {
        result.status = PullStatus::Ok;
        result.message = "imported " + std::to_string(result.entriesStored) + " entries";
    }
    record(store, result, started, firstSequence, options);
    return result;
}

} // namespace mamori::admin
