// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for what mamori-courier reads from disk: the vault's envelope (parseEnvelope)
// and the courier's own record (parseRecord). Any byte string must parse to values that keep the
// rules (a plain outbox file name, a sequence ≥ 1, a media type without CR/LF) or be refused with a
// reason; a record that parses must survive a round trip unchanged.
// Seeds: tests/fuzz/corpus/courier_envelope.
#include "services/net/courier_outbox.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace mamori::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto envelope = parseEnvelope(input);
    if (envelope.ok()) {
        const Envelope& value = envelope.value();
        if (!isOutboxFileName(value.payload) || value.auditSequence == 0 || value.destination.empty() ||
            value.mediaType.find_first_of("\r\n") != std::string::npos)
            std::abort();
    } else if (envelope.error().context().empty()) {
        std::abort();
    }
    const auto record = parseRecord(input);
    if (record.ok()) {
        const auto again = parseRecord(serializeRecord(record.value()));
        if (!again.ok() || again.value().auditSequence != record.value().auditSequence ||
            again.value().phase != record.value().phase || again.value().attempts != record.value().attempts ||
            again.value().outcome != record.value().outcome || again.value().detail != record.value().detail)
            std::abort();
    }
    return 0;
}
