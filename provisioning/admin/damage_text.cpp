// SPDX-License-Identifier: GPL-3.0-or-later
// Plain-words damage reports (damage_text.h). Each kind's wording follows AUDIT_FORMAT.md's
// "Which tampering gives which kind".

#include "provisioning/admin/damage_text.h"

namespace mamori::admin {

namespace {

std::string n(std::uint64_t value) { return std::to_string(value); }

} // namespace

DamageExplanation explainDamage(const vault::VerifyReport& report)
{
    using vault::DamageKind;
    DamageExplanation out;
    const std::string at = n(report.sequence);
    auto& lines = out.lines;
    switch (report.kind) {
    case DamageKind::None:
        out.headline = "no damage found";
        break;
    case DamageKind::Malformed:
        out.headline = "the data is not a well-formed audit bundle or entry";
        lines.push_back("it was cut short, has bytes added, or its framing was changed; nothing in it can be trusted");
        break;
    case DamageKind::ModifiedEntry:
        out.headline = "entry " + at + " was changed after it was written";
        lines.push_back("its stored hash does not match its content (a flipped byte or an edited field)");
        break;
    case DamageKind::BrokenLink:
        out.headline = "the chain is broken at entry " + at;
        lines.push_back("its previous-hash does not match the entry before it: an entry was deleted or inserted "
                        "just before sequence " +
                        at + ", or this bundle does not continue the archived log");
        break;
    case DamageKind::SequenceGap:
        out.headline = "sequence numbers skip before entry " + at;
        lines.push_back("the hashes link across the gap: the chain was rewritten without the missing entries, or "
                        "this bundle does not start where the archived log (or --after-head) ends");
        break;
    case DamageKind::DuplicateSequence:
        out.headline = "entry " + n(report.recordedSequence) + " appears a second time where entry " + at + " belongs";
        lines.push_back("a duplicated or replayed entry");
        break;
    case DamageKind::Reordered:
        out.headline = "entries are out of order at sequence " + at;
        if (report.checkpointIndex != vault::VerifyReport::kNoIndex)
            lines.push_back("the checkpoints were reordered");
        else
            lines.push_back("entry " + n(report.recordedSequence) + " stands where entry " + at +
                            " belongs: entries were swapped or moved");
        break;
    case DamageKind::Truncated:
        out.headline = "the log was cut short: entries from sequence " + at + " on are missing";
        lines.push_back("a signed checkpoint covers entries that are not there");
        break;
    case DamageKind::Forked:
        out.headline = "the chain was rewritten (forked) before the checkpoint at sequence " + at;
        lines.push_back("the device signed a different head at sequence " + at + "; the rewrite lies after sequence " +
                        n(report.provenThrough) + " and at or before " + at);
        break;
    case DamageKind::BadCheckpointSignature:
        out.headline = "the checkpoint at sequence " + at + " is not signed by the device key";
        lines.push_back("a forged, copied, swapped or zeroed checkpoint signature");
        break;
    case DamageKind::MissingCheckpoint:
        out.headline = "entries from sequence " + at + " on are not covered by a checkpoint";
        lines.push_back("a checkpoint was removed, the last entry is not checkpointed, or more entries follow a "
                        "checkpoint than the device's policy allows");
        break;
    case DamageKind::CounterRollback:
        out.headline = "the checkpoint at sequence " + at + " has a lower TPM counter than the one before it";
        lines.push_back("a rolled-back counter: checkpoints from an older copy of the log were mixed in");
        break;
    case DamageKind::RolledBack:
        out.headline =
            "the log was rolled back: its newest checkpoint (sequence " + at + ") is older than one already seen";
        if (report.newestCounter)
            lines.push_back("its TPM counter is " + n(*report.newestCounter) +
                            ", below the counter already archived or required");
        break;
    case DamageKind::BadBundleSignature:
        out.headline = "the bundle's signature does not verify";
        lines.push_back("its header, an entry hash, a checkpoint or the signature itself was changed or swapped");
        break;
    case DamageKind::WrongDeviceKey:
        out.headline = "the bundle is signed by another key than the device's pinned key";
        lines.push_back("it comes from another device, or the device key was replaced");
        break;
    case DamageKind::ForbiddenContent:
        out.headline = "entry " + at + " holds text that reads as an individual or corporate number";
        lines.push_back("such an entry must never exist; it is not shown and nothing was stored");
        break;
    case DamageKind::Unverifiable:
        out.headline = "verification could not run";
        break;
    }
    if (report.kind != DamageKind::None && report.kind != DamageKind::Malformed &&
        report.kind != DamageKind::BadBundleSignature && report.kind != DamageKind::WrongDeviceKey &&
        report.kind != DamageKind::Unverifiable) {
        lines.push_back("proven intact through sequence " + n(report.provenThrough) +
                        " (the last valid checkpoint before the damage); " + n(report.entriesVerified) +
                        " entries checked before it");
    }
    if (report.kind == DamageKind::None)
        return out;
    lines.push_back("kind " + std::string(vault::damageKindName(report.kind)) + ", sequence " + at +
                    (report.detail.empty() ? std::string() : "; " + report.detail));
    return out;
}

} // namespace mamori::admin
