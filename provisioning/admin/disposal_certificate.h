// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Disposal certificates (DESIGN §3): the vault's signed record of an irrecoverable deletion
// (services/vault/vault_disposal.cpp), as a file, verified and laid out for print.
//
// The signed record. The vault builds a UTF-8 text body, one "key=value" line per field, each line
// ending in LF, the first line "mamori-disposal-certificate-v1", and signs exactly those bytes with
// the device's Ed25519 key (libsodium crypto_sign_detached: pure Ed25519, RFC 8032; no prefix, no
// pre-hash — the first line is the domain separation). The fields it writes today: device, request,
// subjects, documents, requested_by, requested_ms, approved_by, executed_by, executed_ms,
// audit_sequence, audit_previous_hash (the previous hash of the disposal's own audit entry).
//
// The certificate file ("Mamori disposal certificate file, version 1"; README.md "Certificate file"):
//     <the signed body, byte for byte>
//     signature=<128 lowercase hex: the 64-byte Ed25519 signature>\n
//     device_public_key=<64 lowercase hex: the 32-byte Ed25519 public key>\n
// and nothing after. The body is every byte before the "signature=" line, so `head -n -2 FILE`
// gives it back exactly. Text on purpose: a person can read it, a third party can check it with
// OpenSSL alone, and it is what scripts/demo.sh's seed already writes.
//
// Checks before anything is rendered (refused: ErrorCode, the context says which):
//  file at most 64 KiB, valid UTF-8, LF line ends (a CRLF file was converted and no longer matches
//  its signature), the two trailer lines exact, the body's first line the magic, every body line
//  key=value with a unique lowercase key, the known fields present and well-formed, the signature
//  valid under the key in the file, and — when a pinned key is known (--key, or the archive's key
//  for the device) — that key the same. Unknown body keys are kept and shown (they are signed).

#include "services/common/error.h"
#include "services/common/result.h"
#include "services/vault/audit_chain.h"

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mamori::admin {

constexpr std::string_view kCertificateMagic = "mamori-disposal-certificate-v1";
constexpr std::size_t kMaxCertificateFileBytes = std::size_t{64} * 1024;

struct DisposalCertificateFile {
    std::string body; // the signed bytes
    vault::Signature signature{};
    vault::PublicKey publicKey{};
    std::vector<std::pair<std::string, std::string>> fields; // body lines after the magic, in order

    // The value of a field, or empty.
    std::string field(std::string_view key) const;
};

// Parses and checks the signature under the key the file carries. Errors: InvalidArgument (format;
// the context names the line), TooLarge, InvalidUtf8, PermissionDenied (the signature does not
// verify).
Result<DisposalCertificateFile> parseCertificateFile(std::span<const std::uint8_t> bytes);
// Writes the file format above (the kiosk and daemon may use this shape).
std::string formatCertificateFile(std::string_view body, const vault::Signature& signature,
                                  const vault::PublicKey& publicKey);

// What the tool could confirm beyond the signature, shown on the certificate.
struct CertificateChecks {
    enum class Key : std::uint8_t { NotCompared, MatchesPinned };
    Key key = Key::NotCompared;
    std::string keySource; // "--key", "the archive (pinned …)"
    enum class Audit : std::uint8_t { NotChecked, NotYetArchived, Confirmed };
    Audit audit = Audit::NotChecked;
    std::string auditActor; // the executing card, as the archive records it (when Confirmed)
};

// The certificate laid out as HTML for QTextDocument (pdf_writer.h): heading, the fields, the
// checks, and what a third party needs to verify it (key, signature, the exact body, the OpenSSL
// steps). Every field passes the number fence. Errors: PermissionDenied (the fence).
Result<std::string> renderCertificateHtml(const DisposalCertificateFile& certificate, const CertificateChecks& checks,
                                          Language language, std::int64_t generatedMs);

} // namespace mamori::admin
