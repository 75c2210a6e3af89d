// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the audit parsers (services/vault/audit_bundle.h, audit_entry.h,
// audit_chain.h): any byte string must give a clean refusal or a value, never a crash, an
// out-of-bounds read, a large allocation, or results that disagree with each other:
//  - a bundle: verifyBundle() and parseBundle() agree on whether it parses, and a parsed bundle is
//    self-consistent; its entries and checkpoints then go through the chain verifier too (which a
//    mutated bundle never reaches through verifyBundle(), its signature failing first), where the
//    streaming and the span verifier must agree;
//  - an entry: the strict decoder accepts only canonical encodings (re-encoding gives the input);
//  - a checkpoint record: likewise.
// Seeds: tests/fuzz/corpus/audit_bundle (valid bundles, entries and a checkpoint record).
#include "services/vault/audit_bundle.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

using namespace mamori::vault;

namespace {

void checkBundle(std::span<const std::uint8_t> input)
{
    BundleVerifyOptions options;
    options.threads = 1;
    const BundleVerification verified = verifyBundle(input, std::nullopt, options);
    const auto parsed = parseBundle(input);
    if (verified.parsed != parsed.ok())
        std::abort();
    if (!parsed.ok()) {
        if (verified.report.kind != DamageKind::Malformed)
            std::abort();
        return;
    }
    const AuditBundle& bundle = parsed.value();
    if (bundle.entries.empty() || bundle.entries.size() != bundle.lastSequence - bundle.firstSequence + 1)
        std::abort();
    if (!(bundle.entries == verified.bundle.entries) || !(bundle.checkpoints == verified.bundle.checkpoints))
        std::abort();

    VerifyOptions chainOptions;
    chainOptions.anchor = bundle.anchor();
    chainOptions.requireFinalCheckpoint = true;
    chainOptions.scanForNumbers = true;
    chainOptions.threads = 1;
    const VerifyReport spanReport =
        verifyChain(bundle.entries, bundle.checkpoints, bundle.devicePublicKey, chainOptions);
    ChainVerifier streaming(bundle.checkpoints, bundle.devicePublicKey, chainOptions);
    for (const AuditEntry& entry : bundle.entries)
        streaming.addEntry(entry);
    const VerifyReport streamedReport = streaming.finish();
    if (spanReport.kind != streamedReport.kind || spanReport.sequence != streamedReport.sequence ||
        spanReport.entryIndex != streamedReport.entryIndex ||
        spanReport.checkpointIndex != streamedReport.checkpointIndex)
        std::abort();
    // A bundle whose signature verifies is judged by the same chain checks.
    if (verified.report.kind != DamageKind::BadBundleSignature && verified.report.kind != spanReport.kind)
        std::abort();
    if (describe(spanReport).empty())
        std::abort();
}

void checkEntry(std::span<const std::uint8_t> input)
{
    const auto entry = decodeEntry(input);
    const auto view = decodeEntryView(input);
    if (entry.ok() != view.ok())
        std::abort();
    if (!entry.ok())
        return;
    if (!(view.value().toEntry() == entry.value()))
        std::abort();
    const auto again = encodeEntry(entry.value());
    if (!again.ok() || again.value().size() != input.size() ||
        std::memcmp(again.value().data(), input.data(), input.size()) != 0)
        std::abort();
    // The hash input is the encoding without its final Hash field.
    const auto hashInput = encodeEntry(entry.value(), EntryEncoding::HashInput);
    if (!hashInput.ok() || hashInput.value().size() != view.value().hashInput.size() ||
        !computeEntryHash(entry.value()).ok())
        std::abort();
    if (!validateEntryFormat(entry.value()).ok())
        std::abort();
}

void checkCheckpoint(std::span<const std::uint8_t> input)
{
    const auto checkpoint = decodeCheckpoint(input);
    if (checkpoint.ok() != (input.size() == kCheckpointRecordBytes))
        std::abort();
    if (checkpoint.ok()) {
        const auto record = encodeCheckpoint(checkpoint.value());
        if (std::memcmp(record.data(), input.data(), record.size()) != 0)
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::span<const std::uint8_t> input(data, size);
    checkBundle(input);
    checkEntry(input);
    checkCheckpoint(input);
    return 0;
}
