// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/net/courier.h"

#include "services/common/file_io.h"
#include "services/common/personal_text.h"
#include "services/net/outgoing_scanner.h"

#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mamori::net {
namespace {

using WipedBytes = std::vector<std::uint8_t, WipingAllocator<std::uint8_t>>;

PayloadKind kindOfMediaType(std::string_view mediaType)
{
    std::string lower(mediaType.substr(0, mediaType.find(';')));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    while (!lower.empty() && lower.back() == ' ')
        lower.pop_back();
    if (lower == "text/csv")
        return PayloadKind::Csv;
    if (lower == "application/json" || (lower.size() > 5 && lower.substr(lower.size() - 5) == "+json"))
        return PayloadKind::Json;
    if (lower == "application/xml" || lower == "text/xml" ||
        (lower.size() > 4 && lower.substr(lower.size() - 4) == "+xml"))
        return PayloadKind::Xml;
    return PayloadKind::Text;
}

// The audit sequence of an envelope that does not parse as a whole, so that its failure can still
// be reported against the right entry.
std::optional<std::uint64_t> looseSequence(const Outbox& outbox, const std::string& name)
{
    auto bytes = readWholeFile(outbox.path(name + kEnvelopeSuffix), kMaxEnvelopeBytes);
    if (!bytes.ok())
        return std::nullopt;
    const simdjson::padded_string padded(reinterpret_cast<const char*>(bytes.value().data()), bytes.value().size());
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    std::uint64_t sequence = 0;
    if (parser.parse(padded).get(document) || document["auditSequence"].get_uint64().get(sequence) || sequence == 0)
        return std::nullopt;
    return sequence;
}

// Reads the payload: a regular file (no link), at most maxBytes.
Result<WipedBytes> readPayload(const std::filesystem::path& path, std::size_t maxBytes)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? Error(ErrorCode::NotFound, "payload missing") : fileError("open payload");
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return Error(ErrorCode::InvalidArgument, "payload is not a regular file");
    }
    if (static_cast<std::uint64_t>(info.st_size) > maxBytes) {
        ::close(fd);
        return Error(ErrorCode::TooLarge, "payload larger than " + std::to_string(maxBytes >> 20) + " MiB");
    }
    WipedBytes bytes(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            const Error error = got < 0 ? fileError("read payload") : Error(ErrorCode::StorageIo, "payload shrank");
            ::close(fd);
            return error;
        }
        done += static_cast<std::size_t>(got);
    }
    ::close(fd);
    return bytes;
}

std::string attemptsText(std::uint32_t attempts)
{
    return attempts == 1 ? "1 attempt" : std::to_string(attempts) + " attempts";
}

} // namespace

std::int64_t systemNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Courier::Courier(AllowList allowList, CourierOptions options, DeliveryReporter& reporter, Clock clock, Sender sender)
    : m_allowList(std::move(allowList)), m_options(std::move(options)), m_reporter(reporter), m_clock(std::move(clock)),
      m_sender(std::move(sender)), m_outbox(m_options.outbox)
{}

Status Courier::prepare() { return m_outbox.prepare(); }

std::int64_t Courier::backoffMs(std::uint32_t attempts) const
{
    // firstBackoff after the first attempt, doubling, at most maxBackoff.
    std::int64_t delay = m_options.firstBackoff.count();
    for (std::uint32_t i = 1; i < attempts && delay < m_options.maxBackoff.count(); ++i)
        delay *= 2;
    return std::min<std::int64_t>(delay, m_options.maxBackoff.count());
}

void Courier::wake(PassResult& pass, std::int64_t dueMs) const
{
    if (!pass.nextDueMs || dueMs < *pass.nextDueMs)
        pass.nextDueMs = dueMs;
}

Result<PassResult> Courier::runPass()
{
    PassResult pass;
    MAMORI_ASSIGN_OR_RETURN(const std::vector<std::string> orphans, m_outbox.orphanRecords());
    for (const std::string& name : orphans)
        MAMORI_TRY(settleOrphan(name, pass));
    MAMORI_ASSIGN_OR_RETURN(const std::vector<std::string> names, m_outbox.pendingEntries());
    for (const std::string& name : names) {
        MAMORI_ASSIGN_OR_RETURN(const Step step, advance(name, pass));
        if (step == Step::Waiting)
            ++pass.pending;
    }
    const std::int64_t now = m_clock();
    if (m_options.keepReported.count() > 0 && now - m_lastPurgeMs > 60'000) {
        m_lastPurgeMs = now;
        MAMORI_ASSIGN_OR_RETURN(const std::size_t purged, m_outbox.purgeReported(now - m_options.keepReported.count()));
        if (purged > 0)
            pass.log.push_back("deleted " + std::to_string(purged) + " reported entries older than the retention");
    }
    return pass;
}

Result<Courier::Step> Courier::settleOrphan(const std::string& name, PassResult& pass)
{
    auto record = m_outbox.readRecord(name);
    if (!record.ok()) {
        pass.log.push_back(name + ": record without envelope cannot be read (" + record.error().describe() +
                           "); moved to failed/");
        MAMORI_TRY(m_outbox.moveEntry(name, kFailedDirectory, m_clock()));
        return Step::Done;
    }
    switch (record.value().phase) {
    case RecordPhase::Reported:
    case RecordPhase::Quarantined:
        return finish(name, record.value(), pass);
    case RecordPhase::Decided:
        // The envelope vanished (not by the courier's moves); the record still names the entry.
        return decideAndReport(name, record.value(), false, pass);
    case RecordPhase::Sending:
        break;
    }
    pass.log.push_back(name + ": envelope vanished while sending; record moved to failed/");
    CourierRecord quarantined = record.value();
    quarantined.phase = RecordPhase::Quarantined;
    quarantined.updatedMs = m_clock();
    quarantined.detail = "envelope vanished";
    MAMORI_TRY(m_outbox.writeRecord(name, quarantined));
    return finish(name, quarantined, pass);
}

Status Courier::quarantine(const std::string& name, std::uint64_t sequence, const std::string& why, PassResult& pass)
{
    CourierRecord record;
    record.auditSequence = sequence;
    record.phase = RecordPhase::Quarantined;
    record.outcome = DeliveryOutcome::Failed;
    record.updatedMs = m_clock();
    record.detail = why;
    MAMORI_TRY(m_outbox.writeRecord(name, record));
    pass.log.push_back(name + ": quarantined in failed/ without a report: " + why);
    auto finished = finish(name, record, pass);
    if (!finished.ok())
        return std::move(finished).error();
    return okStatus();
}

Result<Courier::Step> Courier::advance(const std::string& name, PassResult& pass)
{
    const std::int64_t now = m_clock();
    std::uint32_t attemptsSoFar = 0;
    auto existing = m_outbox.readRecord(name);
    if (existing.ok()) {
        const CourierRecord& record = existing.value();
        switch (record.phase) {
        case RecordPhase::Reported:
        case RecordPhase::Quarantined:
            return finish(name, record, pass);
        case RecordPhase::Decided:
            return decideAndReport(name, record, false, pass);
        case RecordPhase::Sending:
            if (now < record.nextAttemptMs) {
                wake(pass, record.nextAttemptMs);
                return Step::Waiting;
            }
            attemptsSoFar = record.attempts;
            break;
        }
    } else if (existing.code() != ErrorCode::NotFound) {
        if (existing.code() == ErrorCode::StorageIo)
            return std::move(existing).error(); // the file system: try again later
        // A record that does not parse: where the entry stood is unknown, so it is neither sent
        // again nor reported; the administrator finds it in failed/.
        MAMORI_TRY(quarantine(name, 0, "courier record unreadable", pass));
        return Step::Done;
    }

    auto decided = [&](DeliveryOutcome outcome, std::string detail, std::uint64_t sequence) {
        CourierRecord record;
        record.auditSequence = sequence;
        record.phase = RecordPhase::Decided;
        record.attempts = attemptsSoFar;
        record.outcome = outcome;
        record.detail = std::move(detail);
        record.updatedMs = m_clock();
        return decideAndReport(name, record, true, pass);
    };

    auto envelope = m_outbox.readEnvelope(name);
    if (!envelope.ok()) {
        if (envelope.code() == ErrorCode::StorageIo)
            return std::move(envelope).error();
        if (const auto sequence = looseSequence(m_outbox, name))
            return decided(DeliveryOutcome::Failed, "malformed envelope", *sequence);
        MAMORI_TRY(quarantine(name, 0, "malformed envelope without an audit sequence", pass));
        return Step::Done;
    }
    const Envelope& env = envelope.value();
    if (env.payload != name)
        return decided(DeliveryOutcome::Failed, "envelope names another payload file", env.auditSequence);
    const Endpoint* endpoint = m_allowList.findByName(env.destination);
    if (!endpoint)
        return decided(DeliveryOutcome::Refused, "destination '" + env.destination + "' is not on the allow-list",
                       env.auditSequence);
    if (env.purpose && !endpoint->serves(*env.purpose))
        return decided(DeliveryOutcome::Refused,
                       "endpoint '" + endpoint->name + "' does not serve purpose '" + *env.purpose + "'",
                       env.auditSequence);
    auto payload = readPayload(m_outbox.path(name), m_options.maxPayloadBytes);
    if (!payload.ok()) {
        if (payload.code() == ErrorCode::StorageIo)
            return std::move(payload).error();
        return decided(DeliveryOutcome::Failed, payload.error().context(), env.auditSequence);
    }
    if (env.containsNumbers && !endpoint->allowNumbers)
        return decided(DeliveryOutcome::Blocked,
                       "the vault marked the payload as holding numbers; endpoint '" + endpoint->name +
                           "' may not receive numbers",
                       env.auditSequence);
    const ScanReport scan = scanPayload(std::span<const std::uint8_t>(payload.value()), kindOfMediaType(env.mediaType));
    if (!decideEgress(scan, endpoint->allowNumbers).allowed) {
        // Not decideEgress()'s reason: it names a column header or key from the payload, and the
        // vault's entry gets only text the courier itself wrote.
        std::string detail;
        if (scan.encoding == PayloadEncoding::Undecodable) {
            detail = "outgoing-data scan: payload neither UTF-8 nor Shift_JIS";
        } else {
            const auto strongest = std::max_element(scan.findings.begin(), scan.findings.end(),
                                                    [](const auto& a, const auto& b) { return a.score < b.score; });
            detail = "outgoing-data scan: " + std::to_string(scan.findingCount) + " likely number(s)";
            if (strongest != scan.findings.end())
                detail +=
                    " (line " + std::to_string(strongest->line) + ", score " + std::to_string(strongest->score) + ")";
        }
        return decided(DeliveryOutcome::Blocked, detail + "; endpoint '" + endpoint->name + "' may not receive numbers",
                       env.auditSequence);
    }
    if (attemptsSoFar >= m_options.maxAttempts) {
        // Attempts cut short by crashes count too: a payload that crashes the courier cannot loop.
        const std::string last =
            existing.ok() && !existing.value().detail.empty() ? existing.value().detail : "interrupted";
        return decided(DeliveryOutcome::Failed, last + " after " + attemptsText(attemptsSoFar), env.auditSequence);
    }
    return attempt(name, env, *endpoint, payload.value(), attemptsSoFar, pass);
}

Result<Courier::Step> Courier::attempt(const std::string& name, const Envelope& envelope, const Endpoint& endpoint,
                                       std::span<const std::uint8_t> payload, std::uint32_t attemptsSoFar,
                                       PassResult& pass)
{
    const std::uint32_t attempts = attemptsSoFar + 1;
    CourierRecord record;
    record.auditSequence = envelope.auditSequence;
    record.phase = RecordPhase::Sending;
    record.attempts = attempts;
    record.updatedMs = m_clock();
    // Should this attempt be cut short by a crash, the next one waits as if it had failed.
    record.nextAttemptMs = record.updatedMs + backoffMs(attempts);
    record.detail = "interrupted";
    MAMORI_TRY(m_outbox.writeRecord(name, record));
    if (crashAt("before-send"))
        return Error(ErrorCode::Cancelled, "simulated crash before-send");

    HttpsPost post;
    post.host = endpoint.host;
    post.port = endpoint.port;
    post.path = endpoint.path;
    post.ca = endpoint.ca;
    post.body = payload;
    post.contentType = envelope.mediaType;
    post.idempotencyKey = name;
    post.resolve = m_options.resolve;
    post.connectTimeout = m_options.connectTimeout;
    post.totalTimeout = m_options.totalTimeout;
    ++m_sends;
    const HttpsOutcome sent = m_sender(post);
    if (crashAt("after-send"))
        return Error(ErrorCode::Cancelled, "simulated crash after-send");

    auto decide = [&](DeliveryOutcome outcome, std::string detail) {
        record.phase = RecordPhase::Decided;
        record.outcome = outcome;
        record.detail = std::move(detail);
        record.nextAttemptMs = 0;
        record.updatedMs = m_clock();
        return decideAndReport(name, record, true, pass);
    };
    const std::string suffix = attempts > 1 ? " after " + attemptsText(attempts) : "";
    switch (sent.kind) {
    case HttpsOutcome::Kind::Delivered:
        return decide(DeliveryOutcome::Delivered, sent.detail + suffix);
    case HttpsOutcome::Kind::Permanent:
        return decide(DeliveryOutcome::Failed, sent.detail + suffix);
    case HttpsOutcome::Kind::Transient:
        break;
    }
    if (attempts >= m_options.maxAttempts)
        return decide(DeliveryOutcome::Failed, sent.detail + " after " + attemptsText(attempts));
    record.updatedMs = m_clock();
    record.nextAttemptMs = record.updatedMs + backoffMs(attempts);
    record.detail = sent.detail;
    MAMORI_TRY(m_outbox.writeRecord(name, record));
    pass.log.push_back(name + ": attempt " + std::to_string(attempts) + " to '" + endpoint.name + "': " + sent.detail +
                       "; next in " + std::to_string(backoffMs(attempts)) + " ms");
    wake(pass, record.nextAttemptMs);
    return Step::Waiting;
}

Result<Courier::Step> Courier::decideAndReport(const std::string& name, CourierRecord record, bool fresh,
                                               PassResult& pass)
{
    const std::int64_t now = m_clock();
    if (const auto retry = m_reportRetryAt.find(name); retry != m_reportRetryAt.end() && now < retry->second) {
        wake(pass, retry->second);
        return Step::Waiting;
    }
    if (fresh) {
        record.phase = RecordPhase::Decided;
        MAMORI_TRY(m_outbox.writeRecord(name, record));
        pass.log.push_back(name + ": entry " + std::to_string(record.auditSequence) + " " +
                           std::string(outcomeName(record.outcome)) + ": " + record.detail);
    }
    if (crashAt("after-decide"))
        return Error(ErrorCode::Cancelled, "simulated crash after-decide");

    // The vault takes at most kMaxReportDetail characters; every detail the courier writes is ASCII.
    const std::string_view detail = std::string_view(record.detail).substr(0, kMaxReportDetail);
    const DeliveryReporter::Reply reply = m_reporter.report(record.auditSequence, record.outcome, detail);
    switch (reply.answer) {
    case DeliveryReporter::Answer::Accepted:
    case DeliveryReporter::Answer::AlreadyReported:
        break;
    case DeliveryReporter::Answer::Rejected:
        m_reportRetryAt.erase(name);
        record.phase = RecordPhase::Quarantined;
        record.detail = record.detail + "; the vault refused the report (" + reply.detail + ")";
        record.updatedMs = m_clock();
        MAMORI_TRY(m_outbox.writeRecord(name, record));
        pass.log.push_back(name + ": the vault refused the report of entry " + std::to_string(record.auditSequence) +
                           " (" + reply.detail + "); quarantined in failed/");
        return finish(name, record, pass);
    case DeliveryReporter::Answer::Unavailable:
        m_reportRetryAt[name] = now + m_options.reportRetry.count();
        pass.log.push_back(name + ": report of entry " + std::to_string(record.auditSequence) + " not taken (" +
                           reply.detail + "); again in " + std::to_string(m_options.reportRetry.count()) + " ms");
        wake(pass, now + m_options.reportRetry.count());
        return Step::Waiting;
    }
    m_reportRetryAt.erase(name);
    if (crashAt("after-report"))
        return Error(ErrorCode::Cancelled, "simulated crash after-report");
    record.phase = RecordPhase::Reported;
    record.updatedMs = m_clock();
    MAMORI_TRY(m_outbox.writeRecord(name, record));
    pass.log.push_back(
        name + ": reported entry " + std::to_string(record.auditSequence) + " " +
        std::string(outcomeName(record.outcome)) +
        (reply.answer == DeliveryReporter::Answer::AlreadyReported ? " (the vault already had it)" : ""));
    if (crashAt("after-reported"))
        return Error(ErrorCode::Cancelled, "simulated crash after-reported");
    return finish(name, record, pass);
}

Result<Courier::Step> Courier::finish(const std::string& name, const CourierRecord& record, PassResult& pass)
{
    const std::string_view directory =
        record.phase == RecordPhase::Quarantined ? kFailedDirectory : destinationDirectory(record.outcome);
    bool crashed = false;
    const Status moved = m_outbox.moveEntry(name, directory, record.updatedMs, [&](std::string_view extension) {
        if ((extension.empty() && crashAt("after-move-payload")) ||
            (extension == kEnvelopeSuffix && crashAt("after-move-envelope")))
            crashed = true;
        return !crashed;
    });
    if (!moved.ok())
        return moved.error();
    pass.log.push_back(name + ": moved to " + std::string(directory) + "/");
    return Step::Done;
}

} // namespace mamori::net
