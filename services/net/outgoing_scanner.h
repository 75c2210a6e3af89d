// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The outgoing-data scanner: looks for individual numbers (個人番号) in a payload before it leaves
// the device — through mamori-courier to an endpoint, or onto a USB medium — so that a payload
// holding numbers never goes to a destination that may not receive them (DESIGN.md §6).
//
// A finding is a run of 12 digits (ASCII or full-width, contiguous or grouped 4-4-4 with one of the
// separators number_validation.h accepts) with a valid check digit AND enough context: one random
// 12-digit string in ten passes the check digit, so the digits alone prove little. The context
// is scored (services/net/README.md has the table): a label (個人番号, マイナンバー, "My Number",
// kojin_bango, …) in the column header / JSON key / XML element or attribute name, or in the text
// just before; 4-4-4 grouping; a name or birth date in the same record or nearby; a column or key
// whose every 12-digit value passes the check digit. Labels of other kinds of numbers (電話, 口座,
// order, invoice, …) and columns whose 12-digit values mostly fail the check digit count against.
//
// Structure is parsed where it helps: CSV (RFC 4180, header row → column labels), JSON (simdjson:
// key → value), XML (expat: element and attribute names → text). It never fails open: a payload
// that does not parse as its kind is scanned as text and reported malformed; text outside the
// parsed values (JSON keys, XML comments, …) is scanned as text too. A payload that is not UTF-8
// is read as Shift_JIS (CP932, glibc iconv) when it decodes as such, else scanned byte by byte and
// reported undecodable — decideEgress() then refuses it for a destination without numbers.
//
// A report never holds the digits, not even in part: positions, locations (header names, JSON
// paths, XML paths — with any digit run of 5 or more replaced by '#'), reasons and scores only.
//
// Owner: the courier and the USB export path call scanPayload() on the finished payload. It is a
// pure function: no state, no logging, safe from any thread.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::net {

enum class PayloadKind : std::uint8_t { Text, Csv, Json, Xml };

enum class PayloadEncoding : std::uint8_t {
    Utf8,       // with or without a BOM
    ShiftJis,   // CP932, converted to UTF-8 for the scan; offsets are mapped back
    Undecodable // neither: scanned as bytes (ASCII and UTF-8 full-width digits still found)
};

// What pointed at a number. A finding's score is the sum of the weights of its signals, clamped
// to 0..100 (services/net/README.md).
enum ScanSignal : std::uint32_t {
    kSignalCheckDigit = 1u << 0,     // 12 digits with a valid check digit (every finding has it)
    kSignalLabelInField = 1u << 1,   // a number label in the column / key / element / attribute name
    kSignalLabelNearby = 1u << 2,    // a number label in the text just before or after
    kSignalGrouped = 1u << 3,        // written 4-4-4 (1234 5678 9012, 1234-5678-9012)
    kSignalNameOrBirth = 1u << 4,    // a name or birth date in the same record or nearby
    kSignalConsistent = 1u << 5,     // every 12-digit value (3 or more) under this label passes
    kSignalInconsistent = 1u << 6,   // most 12-digit values (3 or more) under this label fail
    kSignalOtherKindLabel = 1u << 7, // labelled as another kind of number (phone, account, order…)
    kSignalFullWidth = 1u << 8,      // written with full-width digits (informational)
};

struct ScanFinding {
    std::size_t byteOffset = 0; // in the payload as given (for escaped JSON/XML values: the value's start)
    std::size_t line = 0;       // 1-based
    std::size_t csvRow = 0;     // 1-based record number (the header is row 1); 0 unless CSV
    std::size_t csvColumn = 0;  // 1-based; 0 unless CSV
    std::string location;       // "column 6 (個人番号)", "$.employees[2].myNumber", "/payroll/employee/kojinBango"
    std::uint32_t signalBits = 0; // ScanSignal bits (not "signals": a Qt macro)
    int score = 0;                // 0..100; reported from kReportScore
    std::string reason;           // the signals in words
};

struct ScanReport {
    PayloadKind requested = PayloadKind::Text;
    PayloadKind scannedAs = PayloadKind::Text; // Text when the structure did not parse
    PayloadEncoding encoding = PayloadEncoding::Utf8;
    bool malformed = false;
    std::string malformedReason;       // static text and a byte offset, never content
    std::vector<ScanFinding> findings; // in payload order, at most kMaxReportedFindings
    std::size_t findingCount = 0;      // all findings, also those beyond the cap
    std::size_t weakCandidates = 0;    // valid check digit, but too little context to report
    std::size_t bytes = 0;

    bool hasNumbers() const { return findingCount > 0; }
};

constexpr int kReportScore = 40;
constexpr std::size_t kMaxReportedFindings = 1000;

ScanReport scanPayload(std::span<const std::uint8_t> bytes, PayloadKind kind);
ScanReport scanPayload(std::string_view text, PayloadKind kind);

// The courier's and the USB export's decision for one payload and one destination.
struct EgressDecision {
    bool allowed = false;
    std::string reason; // for the audit entry and the alert; never holds digits of the payload
};

// Allows a payload to a destination that may receive numbers whatever it holds; to any other,
// allows it only when nothing was found and it could be decoded (an undecodable payload cannot be
// vouched for). A malformed but decodable payload was scanned as text, so it is judged on that.
EgressDecision decideEgress(const ScanReport& report, bool destinationAllowsNumbers);

std::string_view payloadKindName(PayloadKind kind);

} // namespace mamori::net
