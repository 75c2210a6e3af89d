// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/net/courier_outbox.h"

#include "services/common/file_io.h"
#include "services/common/utf8.h"

#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace mamori::net {
namespace {

constexpr std::size_t kMaxNameLength = 200;

bool isDestinationCode(std::string_view code)
{
    return !code.empty() && code.size() <= 64 && std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

bool isPurposeCode(std::string_view code)
{
    return !code.empty() && code.size() <= 64 && std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

// A media type as sent in Content-Type: visible ASCII and spaces, no CR/LF, bounded.
bool isMediaType(std::string_view type)
{
    return !type.empty() && type.size() <= 128 && type.find('/') != std::string_view::npos &&
           std::all_of(type.begin(), type.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string escapeJson(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", byte);
            out += buffer;
        } else {
            out += c;
        }
    }
    return out;
}

std::string_view phaseName(RecordPhase phase)
{
    switch (phase) {
    case RecordPhase::Sending:
        return "sending";
    case RecordPhase::Decided:
        return "decided";
    case RecordPhase::Reported:
        return "reported";
    case RecordPhase::Quarantined:
        return "quarantined";
    }
    return "sending";
}

std::optional<RecordPhase> phaseFromName(std::string_view name)
{
    for (auto phase : {RecordPhase::Sending, RecordPhase::Decided, RecordPhase::Reported, RecordPhase::Quarantined})
        if (phaseName(phase) == name)
            return phase;
    return std::nullopt;
}

Status fsyncDirectory(const std::filesystem::path& directory)
{
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fileError("open directory " + directory.filename().string());
    const int synced = ::fsync(fd);
    ::close(fd);
    if (synced != 0)
        return fileError("fsync directory " + directory.filename().string());
    return okStatus();
}

bool isRegularFile(const std::filesystem::path& path)
{
    struct stat info {};
    return ::lstat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

Result<std::vector<std::string>> namesIn(const std::filesystem::path& directory)
{
    std::vector<std::string> names;
    std::error_code ec;
    std::filesystem::directory_iterator it(directory, ec);
    if (ec)
        return Error(ErrorCode::StorageIo, "cannot list " + directory.filename().string() + ": " + ec.message());
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (ec)
            return Error(ErrorCode::StorageIo, "cannot list " + directory.filename().string() + ": " + ec.message());
        names.push_back(it->path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

// Reads a small regular file, never following a link.
Result<std::string> readSmallFile(const std::filesystem::path& path, std::size_t maxBytes)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? Error(ErrorCode::NotFound, path.filename().string() + " is missing")
                               : fileError("open " + path.filename().string());
    auto bytes = readDescriptor(fd, maxBytes);
    ::close(fd);
    if (!bytes.ok())
        return std::move(bytes).error();
    return std::string(bytes.value().begin(), bytes.value().end());
}

} // namespace

bool isOutboxFileName(std::string_view name)
{
    return !name.empty() && name.size() <= kMaxNameLength && name.front() != '.' &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '_' || c == '-';
           });
}

Result<Envelope> parseEnvelope(std::string_view json)
{
    if (json.size() > kMaxEnvelopeBytes)
        return Error(ErrorCode::TooLarge, "envelope larger than 64 KiB");
    // The DOM parser validates the whole document, unknown keys' values included.
    const simdjson::padded_string padded(json);
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    simdjson::dom::object object;
    if (parser.parse(padded).get(document) != simdjson::SUCCESS || document.get_object().get(object))
        return Error(ErrorCode::InvalidArgument, "envelope: not a JSON object");

    Envelope envelope;
    std::set<std::string> seen;
    for (const auto field : object) {
        const std::string name(field.key);
        const simdjson::dom::element value = field.value;
        if (!seen.insert(name).second)
            return Error(ErrorCode::InvalidArgument,
                         "envelope: key '" + std::string(isPrintableUtf8(name) && name.size() <= 32 ? name : "?") +
                             "' twice");
        auto text = [&](std::string& out) -> bool {
            std::string_view view;
            if (value.get_string().get(view))
                return false;
            out.assign(view);
            return true;
        };
        if (name == "payload") {
            if (!text(envelope.payload) || !isOutboxFileName(envelope.payload) ||
                endsWith(envelope.payload, kEnvelopeSuffix) || endsWith(envelope.payload, kRecordSuffix) ||
                endsWith(envelope.payload, ".tmp"))
                return Error(ErrorCode::InvalidArgument, "envelope: payload is not a plain outbox file name");
        } else if (name == "destination") {
            if (!text(envelope.destination) || !isDestinationCode(envelope.destination))
                return Error(ErrorCode::InvalidArgument, "envelope: destination is not a destination code");
        } else if (name == "auditSequence") {
            std::uint64_t sequence = 0;
            if (value.get_uint64().get(sequence) || sequence == 0)
                return Error(ErrorCode::InvalidArgument, "envelope: auditSequence is not an integer >= 1");
            envelope.auditSequence = sequence;
        } else if (name == "containsNumbers") {
            bool flag = false;
            if (value.get_bool().get(flag))
                return Error(ErrorCode::InvalidArgument, "envelope: containsNumbers is not true or false");
            envelope.containsNumbers = flag;
        } else if (name == "mediaType") {
            if (!text(envelope.mediaType) || !isMediaType(envelope.mediaType))
                return Error(ErrorCode::InvalidArgument, "envelope: mediaType is not a media type");
        } else if (name == "purpose") {
            std::string purpose;
            if (!text(purpose) || !isPurposeCode(purpose))
                return Error(ErrorCode::InvalidArgument, "envelope: purpose is not a purpose code");
            envelope.purpose = purpose;
        }
        // Unknown keys are skipped: the vault may add some.
    }
    for (const char* key : {"payload", "destination", "auditSequence", "containsNumbers", "mediaType"})
        if (!seen.count(key))
            return Error(ErrorCode::InvalidArgument, std::string("envelope: missing key '") + key + "'");
    return envelope;
}

std::string_view outcomeName(DeliveryOutcome outcome)
{
    switch (outcome) {
    case DeliveryOutcome::Delivered:
        return "delivered";
    case DeliveryOutcome::Failed:
        return "failed";
    case DeliveryOutcome::Blocked:
        return "blocked";
    case DeliveryOutcome::Refused:
        return "refused";
    }
    return "failed";
}

std::optional<DeliveryOutcome> outcomeFromName(std::string_view name)
{
    for (auto outcome :
         {DeliveryOutcome::Delivered, DeliveryOutcome::Failed, DeliveryOutcome::Blocked, DeliveryOutcome::Refused})
        if (outcomeName(outcome) == name)
            return outcome;
    return std::nullopt;
}

std::string_view destinationDirectory(DeliveryOutcome outcome)
{
    return outcome == DeliveryOutcome::Delivered ? kDoneDirectory : kFailedDirectory;
}

std::string serializeRecord(const CourierRecord& record)
{
    return "{\"version\":1,\"auditSequence\":" + std::to_string(record.auditSequence) + ",\"phase\":\"" +
           std::string(phaseName(record.phase)) + "\",\"attempts\":" + std::to_string(record.attempts) +
           ",\"nextAttemptMs\":" + std::to_string(record.nextAttemptMs) +
           ",\"updatedMs\":" + std::to_string(record.updatedMs) + ",\"outcome\":\"" +
           std::string(outcomeName(record.outcome)) + "\",\"detail\":\"" + escapeJson(record.detail) + "\"}\n";
}

Result<CourierRecord> parseRecord(std::string_view json)
{
    if (json.size() > kMaxRecordBytes)
        return Error(ErrorCode::TooLarge, "courier record larger than 16 KiB");
    const simdjson::padded_string padded(json);
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    simdjson::dom::object object;
    if (parser.parse(padded).get(document) != simdjson::SUCCESS || document.get_object().get(object))
        return Error(ErrorCode::StorageCorrupt, "courier record: not a JSON object");
    CourierRecord record;
    std::set<std::string> seen;
    for (const auto field : object) {
        const std::string name(field.key);
        const simdjson::dom::element value = field.value;
        seen.insert(name);
        std::string_view text;
        std::uint64_t unsignedValue = 0;
        std::int64_t signedValue = 0;
        bool ok = true;
        if (name == "version") {
            ok = !value.get_uint64().get(unsignedValue) && unsignedValue == 1;
        } else if (name == "auditSequence") {
            ok = !value.get_uint64().get(unsignedValue);
            record.auditSequence = unsignedValue;
        } else if (name == "phase") {
            const auto phase = value.get_string().get(text) ? std::nullopt : phaseFromName(text);
            ok = phase.has_value();
            if (phase)
                record.phase = *phase;
        } else if (name == "attempts") {
            ok = !value.get_uint64().get(unsignedValue) && unsignedValue <= 1000000;
            record.attempts = static_cast<std::uint32_t>(unsignedValue);
        } else if (name == "nextAttemptMs") {
            ok = !value.get_int64().get(signedValue);
            record.nextAttemptMs = signedValue;
        } else if (name == "updatedMs") {
            ok = !value.get_int64().get(signedValue);
            record.updatedMs = signedValue;
        } else if (name == "outcome") {
            const auto outcome = value.get_string().get(text) ? std::nullopt : outcomeFromName(text);
            ok = outcome.has_value();
            if (outcome)
                record.outcome = *outcome;
        } else if (name == "detail") {
            ok = !value.get_string().get(text) && text.size() <= 512;
            record.detail.assign(text);
        } else {
            ok = false;
        }
        if (!ok)
            return Error(ErrorCode::StorageCorrupt, "courier record: bad value for '" + name + "'");
    }
    for (const char* key : {"version", "auditSequence", "phase", "attempts", "outcome"})
        if (!seen.count(key))
            return Error(ErrorCode::StorageCorrupt, std::string("courier record: missing '") + key + "'");
    return record;
}

Status Outbox::prepare() const
{
    struct stat info {};
    if (::stat(m_directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        return Error(ErrorCode::StorageIo, "the outbox is not a directory");
    for (const char* sub : {kDoneDirectory, kFailedDirectory}) {
        const std::filesystem::path dir = m_directory / sub;
        if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST)
            return fileError(std::string("create ") + sub + "/");
        struct stat subInfo {};
        if (::lstat(dir.c_str(), &subInfo) != 0 || !S_ISDIR(subInfo.st_mode))
            return Error(ErrorCode::StorageIo, std::string(sub) + "/ in the outbox is not a directory");
    }
    // A record write cut short by a crash leaves its temporary file: ours to remove (the vault's
    // own temporary files end in .json.tmp or the payload's name, and are left alone).
    MAMORI_ASSIGN_OR_RETURN(const std::vector<std::string> names, namesIn(m_directory));
    for (const std::string& name : names)
        if (endsWith(name, std::string(kRecordSuffix) + ".tmp") && ::unlink((m_directory / name).c_str()) != 0 &&
            errno != ENOENT)
            return fileError("remove " + name);
    return okStatus();
}

Result<std::vector<std::string>> Outbox::pendingEntries() const
{
    MAMORI_ASSIGN_OR_RETURN(const std::vector<std::string> names, namesIn(m_directory));
    std::vector<std::string> pending;
    for (const std::string& name : names) {
        if (!endsWith(name, kEnvelopeSuffix))
            continue;
        const std::string payload = name.substr(0, name.size() - std::string_view(kEnvelopeSuffix).size());
        if (isOutboxFileName(payload) && isOutboxFileName(name) && isRegularFile(m_directory / name))
            pending.push_back(payload);
    }
    return pending;
}

Result<std::vector<std::string>> Outbox::orphanRecords() const
{
    MAMORI_ASSIGN_OR_RETURN(const std::vector<std::string> names, namesIn(m_directory));
    const std::set<std::string> all(names.begin(), names.end());
    std::vector<std::string> orphans;
    for (const std::string& name : names) {
        if (!endsWith(name, kRecordSuffix))
            continue;
        const std::string payload = name.substr(0, name.size() - std::string_view(kRecordSuffix).size());
        if (isOutboxFileName(payload) && !all.count(payload + kEnvelopeSuffix))
            orphans.push_back(payload);
    }
    return orphans;
}

Result<Envelope> Outbox::readEnvelope(std::string_view payloadName) const
{
    MAMORI_ASSIGN_OR_RETURN(const std::string json,
                            readSmallFile(path(std::string(payloadName) + kEnvelopeSuffix), kMaxEnvelopeBytes));
    return parseEnvelope(json);
}

Result<CourierRecord> Outbox::readRecord(std::string_view payloadName) const
{
    MAMORI_ASSIGN_OR_RETURN(const std::string json,
                            readSmallFile(path(std::string(payloadName) + kRecordSuffix), kMaxRecordBytes));
    return parseRecord(json);
}

Status Outbox::writeRecord(std::string_view payloadName, const CourierRecord& record) const
{
    const std::string text = serializeRecord(record);
    return writeFileAtomically(path(std::string(payloadName) + kRecordSuffix),
                               std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), 0640);
}

Status Outbox::moveEntry(std::string_view payloadName, std::string_view subdirectory, std::int64_t tag,
                         const std::function<bool(std::string_view)>& afterEach) const
{
    const std::filesystem::path target = m_directory / std::string(subdirectory);
    const std::string base(payloadName);
    // A restored vault reuses sequence numbers, and so file names: never overwrite an earlier entry.
    const std::string extensions[] = {"", kEnvelopeSuffix, kRecordSuffix};
    std::string suffix;
    for (const std::string& extension : extensions) {
        if (::access((m_directory / (base + extension)).c_str(), F_OK) == 0 &&
            ::access((target / (base + extension)).c_str(), F_OK) == 0) {
            suffix = "." + std::to_string(tag);
            break;
        }
    }
    for (const std::string& extension : extensions) {
        const std::filesystem::path from = m_directory / (base + extension);
        if (::access(from.c_str(), F_OK) != 0)
            continue;
        if (std::rename(from.c_str(), (target / (base + suffix + extension)).c_str()) != 0)
            return fileError("move " + base + extension + " to " + std::string(subdirectory) + "/");
        // The order matters across a crash (the envelope last): make each rename durable in turn.
        MAMORI_TRY(fsyncDirectory(target));
        MAMORI_TRY(fsyncDirectory(m_directory));
        if (afterEach && !afterEach(extension))
            return Error(ErrorCode::Cancelled, "stopped after moving " + base + extension);
    }
    return okStatus();
}

Result<std::size_t> Outbox::purgeReported(std::int64_t olderThanMs) const
{
    std::size_t purged = 0;
    for (const char* sub : {kDoneDirectory, kFailedDirectory}) {
        const std::filesystem::path dir = m_directory / sub;
        MAMORI_ASSIGN_OR_RETURN(const std::vector<std::string> names, namesIn(dir));
        for (const std::string& name : names) {
            if (!endsWith(name, kRecordSuffix))
                continue;
            auto text = readSmallFile(dir / name, kMaxRecordBytes);
            if (!text.ok())
                continue;
            auto record = parseRecord(text.value());
            if (!record.ok() || record.value().phase != RecordPhase::Reported ||
                record.value().updatedMs >= olderThanMs)
                continue;
            const std::string base = name.substr(0, name.size() - std::string_view(kRecordSuffix).size());
            // The payload first: a crash leaves the record, and the purge runs again.
            for (const std::string& victim : {base, base + kEnvelopeSuffix, name}) {
                if (::unlink((dir / victim).c_str()) != 0 && errno != ENOENT)
                    return fileError("delete " + victim);
            }
            ++purged;
        }
        MAMORI_TRY(fsyncDirectory(dir));
    }
    return purged;
}

} // namespace mamori::net
