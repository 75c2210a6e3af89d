// SPDX-License-Identifier: GPL-3.0-or-later
#include "provisioning/provision/bundle_spec.h"

#include "services/common/file_io.h"
#include "services/net/allowlist.h"
#include "services/net/toml_support.h" // the one toml++ configuration of the project (ODR)

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <set>

namespace mamori::provision {
namespace {

Error specError(const toml::node& node, const std::string& what)
{
    return Error(ErrorCode::InvalidArgument, "line " + std::to_string(node.source().begin.line) + ": " + what);
}

Result<std::string> readText(const std::filesystem::path& path, std::size_t maxBytes, const std::string& what)
{
    auto bytes = readWholeFile(path, maxBytes);
    if (!bytes.ok())
        return Error(bytes.code(), what + ": " + bytes.error().context());
    return std::string(reinterpret_cast<const char*>(bytes.value().data()), bytes.value().size());
}

Status onlyKeys(const toml::table& table, const std::set<std::string_view>& allowed)
{
    for (const auto& [key, value] : table)
        if (allowed.count(key.str()) == 0)
            return specError(value, "unknown key '" + std::string(key.str()) + "'");
    return okStatus();
}

Result<std::set<std::string>> stringSet(const toml::table& table, const char* key, bool required)
{
    std::set<std::string> out;
    const toml::node* node = table.get(key);
    if (!node) {
        if (required)
            return Error(ErrorCode::InvalidArgument,
                         "line " + std::to_string(table.source().begin.line) + ": '" + key + "' is required");
        return out;
    }
    const toml::array* array = node->as_array();
    if (!array)
        return specError(*node, std::string("'") + key + "' must be an array of strings");
    for (const toml::node& item : *array) {
        const auto* text = item.as_string();
        if (!text)
            return specError(item, std::string("'") + key + "' must be an array of strings");
        if (!out.insert(text->get()).second)
            return specError(item, std::string("'") + key + "' repeats an entry");
    }
    return out;
}

} // namespace

Status checkAllowListText(std::string_view toml)
{
    std::vector<net::AllowListProblem> problems;
    auto parsed = net::parseAllowList(toml, &problems);
    if (!parsed.ok())
        return Error(ErrorCode::InvalidArgument, "allow-list: " + parsed.error().context());
    return okStatus();
}

Result<std::vector<std::uint8_t>> loadCertificateFile(const std::filesystem::path& path)
{
    MAMORI_ASSIGN_OR_RETURN(auto bytes, readWholeFile(path, 64 * 1024));
    static constexpr std::string_view kPem = "-----BEGIN CERTIFICATE-----";
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (text.find(kPem) == std::string_view::npos)
        return bytes; // DER (the vault parses and checks it)
    BIO* bio = BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size()));
    X509* certificate = bio ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr;
    BIO_free(bio);
    if (!certificate)
        return Error(ErrorCode::InvalidArgument, path.filename().string() + ": not a PEM certificate");
    unsigned char* der = nullptr;
    const int length = i2d_X509(certificate, &der);
    X509_free(certificate);
    if (length <= 0)
        return Error(ErrorCode::InvalidArgument, path.filename().string() + ": cannot encode the certificate");
    std::vector<std::uint8_t> out(der, der + length);
    OPENSSL_free(der);
    return out;
}

Result<vault::FleetBundleContent> loadBundleSpec(const std::filesystem::path& specPath, std::int64_t nowMs)
{
    MAMORI_ASSIGN_OR_RETURN(const std::string text, readText(specPath, 1 << 20, "spec"));
    toml::parse_result parsed = toml::parse(text);
    if (!parsed)
        return Error(ErrorCode::InvalidArgument, "line " + std::to_string(parsed.error().source().begin.line) +
                                                     ": not valid TOML (" + std::string(parsed.error().description()) +
                                                     ")");
    const toml::table& root = parsed.table();
    MAMORI_TRY(
        onlyKeys(root, {"version", "serial", "target", "description", "allowlist", "retention", "department", "card"}));
    const std::filesystem::path base = specPath.parent_path();
    vault::FleetBundleContent content;
    content.createdMs = nowMs;

    const auto* version = root.get_as<std::int64_t>("version");
    if (!version || version->get() != 1)
        return Error(ErrorCode::InvalidArgument, "'version = 1' is required");
    const auto* serial = root.get_as<std::int64_t>("serial");
    if (!serial || serial->get() < 1)
        return Error(ErrorCode::InvalidArgument, "'serial' (an integer of 1 or more) is required");
    content.serial = static_cast<std::uint64_t>(serial->get());
    if (const toml::node* target = root.get("target")) {
        if (!target->is_string())
            return specError(*target, "'target' must be a string");
        content.target = target->as_string()->get();
    }
    if (const toml::node* description = root.get("description")) {
        if (!description->is_string())
            return specError(*description, "'description' must be a string");
        content.description = description->as_string()->get();
    }
    if (const toml::node* allowlist = root.get("allowlist")) {
        if (!allowlist->is_string())
            return specError(*allowlist, "'allowlist' must be a path");
        MAMORI_ASSIGN_OR_RETURN(std::string list, readText(base / allowlist->as_string()->get(),
                                                           vault::kMaxFleetAllowListBytes, "allowlist"));
        MAMORI_TRY(checkAllowListText(list));
        content.allowList = std::move(list);
    }
    if (const toml::node* retention = root.get("retention")) {
        if (!retention->is_string())
            return specError(*retention, "'retention' must be a path");
        MAMORI_ASSIGN_OR_RETURN(content.retentionCsv, readText(base / retention->as_string()->get(),
                                                               vault::kMaxFleetRetentionBytes, "retention"));
    }
    if (const toml::node* departments = root.get("department")) {
        const toml::array* array = departments->as_array();
        if (!array || !array->is_array_of_tables())
            return specError(*departments, "'department' must be [[department]] tables");
        for (const toml::node& node : *array) {
            const toml::table& table = *node.as_table();
            MAMORI_TRY(onlyKeys(table, {"code", "name"}));
            const auto* code = table.get_as<std::string>("code");
            const auto* name = table.get_as<std::string>("name");
            if (!code || !name)
                return specError(node, "a department needs 'code' and 'name' strings");
            content.departments.push_back({code->get(), name->get()});
        }
    }
    if (const toml::node* cards = root.get("card")) {
        const toml::array* array = cards->as_array();
        if (!array || !array->is_array_of_tables())
            return specError(*cards, "'card' must be [[card]] tables");
        for (const toml::node& node : *array) {
            const toml::table& table = *node.as_table();
            MAMORI_TRY(onlyKeys(table, {"certificate", "name", "roles", "departments"}));
            const auto* certificate = table.get_as<std::string>("certificate");
            const auto* name = table.get_as<std::string>("name");
            if (!certificate || !name)
                return specError(node, "a card needs 'certificate' (a path) and 'name'");
            vault::FleetCard card;
            auto der = loadCertificateFile(base / certificate->get());
            if (!der.ok())
                return specError(node, "certificate: " + der.error().context());
            card.certificateDer = std::move(der).value();
            card.displayName = name->get();
            MAMORI_ASSIGN_OR_RETURN(const auto roles, stringSet(table, "roles", true));
            for (const std::string& role : roles) {
                const auto parsedRole = vault::roleFromName(role);
                if (!parsedRole)
                    return specError(node, "unknown role (clerk, officer, admin, provisioner)");
                card.roles.insert(*parsedRole);
            }
            MAMORI_ASSIGN_OR_RETURN(card.departments, stringSet(table, "departments", false));
            content.cards.push_back(std::move(card));
        }
    }
    const Status valid = vault::validateFleetContent(content);
    if (!valid.ok())
        return valid.error();
    return content;
}

} // namespace mamori::provision
