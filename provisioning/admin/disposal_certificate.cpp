// SPDX-License-Identifier: GPL-3.0-or-later
// Disposal certificate files: parse, verify, lay out (disposal_certificate.h).

#include "provisioning/admin/disposal_certificate.h"

#include "provisioning/admin/admin_util.h"
#include "provisioning/admin/device_config.h"
#include "provisioning/admin/number_fence.h"
#include "services/common/secret_buffer.h"
#include "services/common/utf8.h"

#include <openssl/sha.h>
#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace mamori::admin {

namespace {

constexpr std::string_view kSignaturePrefix = "signature=";
constexpr std::string_view kKeyPrefix = "device_public_key=";

// The fields the vault writes (vault_disposal.cpp), each with its rule.
enum class Rule { DeviceId, Decimal, Timestamp, CodeList, Hash };
struct KnownField {
    std::string_view key;
    Rule rule;
    std::string_view ja;
    std::string_view en;
};
constexpr KnownField kKnownFields[] = {
    {"device", Rule::DeviceId, "装置", "Device"},
    {"request", Rule::Decimal, "廃棄申請番号", "Disposal request"},
    {"subjects", Rule::CodeList, "対象者コード", "Subject codes"},
    {"documents", Rule::CodeList, "関連書類（規則/年分）", "Documents (rule/tax year)"},
    {"requested_by", Rule::Decimal, "申請者（利用者番号）", "Requested by (user id)"},
    {"requested_ms", Rule::Timestamp, "申請日時", "Requested at"},
    {"approved_by", Rule::Decimal, "承認者（利用者番号）", "Approved by (user id)"},
    {"executed_by", Rule::Decimal, "実行者（利用者番号）", "Executed by (user id)"},
    {"executed_ms", Rule::Timestamp, "実行日時", "Executed at"},
    {"audit_sequence", Rule::Decimal, "監査ログの連番", "Audit entry (sequence)"},
    {"audit_previous_hash", Rule::Hash, "監査ログの直前ハッシュ", "Audit entry's previous hash"},
};

const KnownField* knownField(std::string_view key)
{
    for (const KnownField& f : kKnownFields)
        if (f.key == key)
            return &f;
    return nullptr;
}

std::optional<std::uint64_t> decimal(std::string_view text)
{
    if (text.empty() || text.size() > 19 || (text.size() > 1 && text[0] == '0'))
        return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

bool lowerHex(std::string_view text, std::size_t length)
{
    return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

bool validValue(Rule rule, std::string_view value)
{
    switch (rule) {
    case Rule::DeviceId:
        return isValidDeviceId(value);
    case Rule::Decimal:
        return decimal(value).has_value();
    case Rule::Timestamp: {
        const auto ms = decimal(value);
        return ms && *ms < (std::uint64_t{1} << 53);
    }
    case Rule::CodeList:
        return value.size() <= 16384 && isPrintableUtf8(value);
    case Rule::Hash:
        return lowerHex(value, 64);
    }
    return false;
}

bool japanese(Language language) { return language == Language::Japanese; }

std::string label(std::string_view ja, std::string_view en, Language language)
{
    return japanese(language) ? std::string(ja) + " (" + std::string(en) + ")" : std::string(en);
}

// What a field looks like on the certificate.
std::string shown(const KnownField* known, const std::string& value)
{
    if (!known)
        return value;
    switch (known->rule) {
    case Rule::Timestamp:
        return formatJst(static_cast<std::int64_t>(*decimal(value))) + " JST";
    case Rule::Hash:
        return groupedHex(value);
    case Rule::CodeList: {
        std::string spaced;
        for (std::size_t i = 0; i < value.size(); ++i)
            spaced += value[i] == ',' ? std::string(", ") : std::string(1, value[i]);
        return value.empty() ? std::string("-") : spaced;
    }
    default:
        return value;
    }
}

} // namespace

std::string DisposalCertificateFile::field(std::string_view key) const
{
    for (const auto& [k, v] : fields)
        if (k == key)
            return v;
    return {};
}

std::string formatCertificateFile(std::string_view body, const vault::Signature& signature,
                                  const vault::PublicKey& publicKey)
{
    return std::string(body) + std::string(kSignaturePrefix) + toHex(signature) + "\n" + std::string(kKeyPrefix) +
           toHex(publicKey) + "\n";
}

Result<DisposalCertificateFile> parseCertificateFile(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() > kMaxCertificateFileBytes)
        return Error(ErrorCode::TooLarge, "a certificate file is at most 64 KiB");
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (!isValidUtf8(text))
        return Error(ErrorCode::InvalidUtf8, "the certificate file is not UTF-8");
    if (text.find('\r') != std::string_view::npos)
        return Error(ErrorCode::InvalidArgument,
                     "the certificate file has CR characters (converted to CRLF line ends?): the signature covers "
                     "the original LF text");
    if (!text.ends_with('\n'))
        return Error(ErrorCode::InvalidArgument, "the certificate file does not end with a line feed");

    // The two trailer lines.
    const std::size_t keyLineStart = text.rfind('\n', text.size() - 2) + 1;
    const std::size_t signatureLineStart = keyLineStart >= 2 ? text.rfind('\n', keyLineStart - 2) + 1 : 0;
    if (keyLineStart == 0 || signatureLineStart == 0 || signatureLineStart >= keyLineStart)
        return Error(ErrorCode::InvalidArgument, "the certificate file lacks its signature and key lines");
    const std::string_view keyLine = text.substr(keyLineStart, text.size() - 1 - keyLineStart);
    const std::string_view signatureLine = text.substr(signatureLineStart, keyLineStart - 1 - signatureLineStart);
    if (!keyLine.starts_with(kKeyPrefix) || !lowerHex(keyLine.substr(kKeyPrefix.size()), 2 * vault::kPublicKeyBytes))
        return Error(ErrorCode::InvalidArgument,
                     "the last line must be device_public_key= and 64 lowercase hex characters");
    if (!signatureLine.starts_with(kSignaturePrefix) ||
        !lowerHex(signatureLine.substr(kSignaturePrefix.size()), 2 * vault::kSignatureBytes))
        return Error(ErrorCode::InvalidArgument,
                     "the second-to-last line must be signature= and 128 lowercase hex characters");

    DisposalCertificateFile certificate;
    certificate.body = std::string(text.substr(0, signatureLineStart));
    certificate.signature = *fixedFromHex<vault::kSignatureBytes>(signatureLine.substr(kSignaturePrefix.size()));
    certificate.publicKey = *fixedFromHex<vault::kPublicKeyBytes>(keyLine.substr(kKeyPrefix.size()));

    // The body: the magic, then key=value lines.
    std::string_view body = certificate.body;
    if (!body.starts_with(std::string(kCertificateMagic) + "\n"))
        return Error(ErrorCode::InvalidArgument, "the first line must be " + std::string(kCertificateMagic));
    body.remove_prefix(kCertificateMagic.size() + 1);
    std::set<std::string> seen;
    int line = 1;
    while (!body.empty()) {
        ++line;
        const std::size_t end = body.find('\n');
        const std::string_view current = body.substr(0, end);
        body.remove_prefix(end + 1);
        const std::size_t equals = current.find('=');
        const std::string where = "line " + std::to_string(line) + ": ";
        if (equals == std::string_view::npos || equals == 0 || equals > 64)
            return Error(ErrorCode::InvalidArgument, where + "not a key=value line");
        const std::string key(current.substr(0, equals));
        const std::string value(current.substr(equals + 1));
        if (!std::all_of(key.begin(), key.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
            return Error(ErrorCode::InvalidArgument, where + "a key is lowercase letters and '_'");
        if (!seen.insert(key).second)
            return Error(ErrorCode::InvalidArgument, where + "key '" + key + "' appears twice");
        if (!isPrintableUtf8(value))
            return Error(ErrorCode::InvalidArgument, where + "the value holds control characters");
        if (const KnownField* known = knownField(key); known && !validValue(known->rule, value))
            return Error(ErrorCode::InvalidArgument, where + "the value of '" + key + "' is not well-formed");
        certificate.fields.emplace_back(key, value);
    }
    for (const KnownField& known : kKnownFields) {
        if (!seen.count(std::string(known.key)))
            return Error(ErrorCode::InvalidArgument, "the body lacks '" + std::string(known.key) + "'");
    }

    MAMORI_TRY(initSodium());
    if (crypto_sign_verify_detached(certificate.signature.data(),
                                    reinterpret_cast<const unsigned char*>(certificate.body.data()),
                                    certificate.body.size(), certificate.publicKey.data()) != 0)
        return Error(ErrorCode::PermissionDenied,
                     "the signature does not verify under the key in the file: the certificate was changed or "
                     "the signature or key swapped");
    return certificate;
}

Result<std::string> renderCertificateHtml(const DisposalCertificateFile& certificate, const CertificateChecks& checks,
                                          Language language, std::int64_t generatedMs)
{
    // The fence: every free-text value. Timestamps and the hash have their exact formats instead
    // (checked by the parser), and are left out of the document reading below for the same reason
    // card ids are left out of the audit format's scan: they are not numbers of persons.
    std::vector<std::string> exempt;
    for (const auto& [key, value] : certificate.fields) {
        const KnownField* known = knownField(key);
        if (known && (known->rule == Rule::Timestamp || known->rule == Rule::Hash)) {
            exempt.push_back(value);
            continue;
        }
        MAMORI_TRY(checkValue(value, "certificate field '" + key + "'"));
    }
    MAMORI_TRY(checkValue(checks.auditActor, "the executing card"));

    std::array<std::uint8_t, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(certificate.body.data()), certificate.body.size(), digest.data());

    std::string html;
    auto text = [&](std::string_view t) { html += htmlEscape(t); };
    auto row = [&](const std::string& name, const std::string& value) {
        html += "<tr><th>";
        text(name);
        html += "</th><td>";
        text(value);
        html += "</td></tr>\n";
    };
    html += "<!DOCTYPE html>\n<html lang=\"";
    html += japanese(language) ? "ja" : "en";
    html += "\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
    text(label("廃棄証明書", "Certificate of disposal", language));
    html += "</title>\n<style>\n"
            "body { font-size: 10pt; }\n"
            "table { border-collapse: collapse; margin-bottom: 8pt; }\n"
            "th, td { border: 1px solid #888888; padding: 3px 5px; text-align: left; vertical-align: top; }\n"
            "th { background-color: #eeeeee; }\n"
            "pre { font-family: 'Noto Sans Mono CJK JP', 'DejaVu Sans Mono', monospace; font-size: 8pt; }\n"
            "</style>\n</head>\n<body>\n<h1>";
    text(label("廃棄証明書", "Certificate of disposal", language));
    html += "</h1>\n<p>";
    text(japanese(language)
             ? "下記の特定個人情報は、取扱責任者の承認を経て、復元できない方法で削除されました。この証明書は装置 " +
                   certificate.field("device") +
                   " の署名鍵で署名されています。個人番号は含まれません。 (The specific personal information below "
                   "was deleted irrecoverably after the officer's approval. This certificate is signed with the "
                   "signing key of the device; it holds no individual number.)"
             : "The specific personal information below was deleted irrecoverably after the officer's approval. "
               "This certificate is signed with the signing key of device " +
                   certificate.field("device") + "; it holds no individual number.");
    html += "</p>\n<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n";
    for (const auto& [key, value] : certificate.fields) {
        const KnownField* known = knownField(key);
        row(known ? label(known->ja, known->en, language) : key, shown(known, value));
    }
    html += "</table>\n<h2>";
    text(label("検証結果", "Verification", language));
    html += "</h2>\n<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n";
    row(label("署名", "Signature", language),
        japanese(language) ? "有効 (valid): Ed25519, 下記の公開鍵で検証 (verified under the public key below)"
                           : "valid: Ed25519, verified under the public key below");
    row(label("鍵の照合", "Device key", language),
        checks.key == CertificateChecks::Key::MatchesPinned
            ? (japanese(language) ? "登録済みの装置鍵と一致 (matches the pinned device key, from "
                                  : "matches the "
                                    "pinned device "
                                    "key (from ") +
                  checks.keySource + ")"
            : (japanese(language) ? "未照合 (not compared with a pinned device key)"
                                  : "not compared with a pinned device key"));
    std::string audit;
    switch (checks.audit) {
    case CertificateChecks::Audit::NotChecked:
        audit = japanese(language) ? "未照合 (not checked against the archived audit log)"
                                   : "not checked against the archived audit log";
        break;
    case CertificateChecks::Audit::NotYetArchived:
        audit = japanese(language) ? "監査ログ未取得 (the audit entry is not archived yet)"
                                   : "the audit entry is not archived yet";
        break;
    case CertificateChecks::Audit::Confirmed:
        audit = (japanese(language) ? "一致: 連番 " : "confirmed: entry ") + certificate.field("audit_sequence") +
                (japanese(language) ? " は廃棄実行の記録 (is the disposal, by card " : " is the disposal, by card ") +
                checks.auditActor + ")";
        break;
    }
    row(label("監査ログとの照合", "Audit log", language), audit);
    html += "</table>\n<h2>";
    text(label("第三者による検証方法", "How a third party can verify this certificate", language));
    html += "</h2>\n<p>";
    text(japanese(language)
             ? "署名方式は Ed25519 (RFC 8032) です。署名対象は下記の本文そのもの（UTF-8、各行末は改行 LF）で、"
               "前置きもハッシュもありません。公開鍵と署名の空白は読みやすさのためのもので、値には含まれません。"
               " (The signature is Ed25519 (RFC 8032) over exactly the body below: UTF-8, every line ending in a line "
               "feed, no prefix and no pre-hash. The spaces in the key and signature are for reading only.)"
             : "The signature is Ed25519 (RFC 8032) over exactly the body below: UTF-8, every line ending in a line "
               "feed, no prefix and no pre-hash. The spaces in the key and signature are for reading only.");
    html += "</p>\n<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n";
    html += "<tr><th>";
    text(label("装置の公開鍵", "Device public key", language));
    html += "</th><td><pre>";
    text(groupedHex(toHex(certificate.publicKey), 8));
    html += "</pre></td></tr>\n<tr><th>";
    text(label("署名", "Signature", language));
    html += "</th><td><pre>";
    text(groupedHex(toHex(certificate.signature), 8));
    html += "</pre></td></tr>\n<tr><th>";
    text(label("本文の SHA-256", "SHA-256 of the body", language));
    html += "</th><td><pre>";
    text(groupedHex(toHex(digest), 8));
    html += "</pre></td></tr>\n</table>\n<p>";
    text(label("署名された本文", "The signed body", language));
    html += ":</p>\n<pre>";
    text(certificate.body);
    html += "</pre>\n<p>";
    text(japanese(language) ? "証明書ファイル（本文の後に signature= 行と device_public_key= 行が続くテキスト）から "
                              "OpenSSL 3 で検証する手順 (With the certificate file — the body followed by its "
                              "signature= and device_public_key= lines — and OpenSSL 3):"
                            : "With the certificate file — the body followed by its signature= and "
                              "device_public_key= lines — and OpenSSL 3:");
    html += "</p>\n<pre>";
    text("head -n -2 certificate.txt > body.txt\n"
         "sed -n 's/^signature=//p' certificate.txt | xxd -r -p > signature.bin\n"
         "sed -n 's/^device_public_key=/302a300506032b6570032100/p' certificate.txt \\\n"
         "  | xxd -r -p | openssl pkey -pubin -inform DER -out device.pem\n"
         "openssl pkeyutl -verify -pubin -inkey device.pem -rawin -in body.txt -sigfile signature.bin\n"
         "# prints: Signature Verified Successfully\n");
    html += "</pre>\n<p>";
    text(japanese(language)
             ? "公開鍵が当該装置のものであることは、装置の設定時に記録された識別ファイル（mamori-provision）"
               "と照合してください。 (Check that the public key is the device's against the identity "
               "file recorded when the device was set up by mamori-provision.)"
             : "Check that the public key is the device's against the identity file recorded when the "
               "device was set up by mamori-provision.");
    html += "</p>\n<p>";
    text((japanese(language) ? "作成 (rendered): " : "Rendered: ") + formatJst(generatedMs) + " JST, mamori-admin");
    html += "</p>\n</body>\n</html>\n";

    std::string reading = html;
    for (const std::string& value : exempt) {
        for (std::size_t at = reading.find(value); at != std::string::npos; at = reading.find(value, at))
            reading.replace(at, value.size(), std::string(value.size(), 'x'));
    }
    MAMORI_TRY(checkDocument(reading, "the certificate"));
    return html;
}

} // namespace mamori::admin
