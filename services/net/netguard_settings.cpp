// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/net/netguard_settings.h"

#include "services/common/file_io.h"
#include "services/net/toml_support.h"

#include <algorithm>
#include <initializer_list>

namespace mamori::net {
namespace {

// Collects "line N: problem" messages, as the allow-list parser does.
class Problems {
public:
    void add(const toml::source_region& where, const std::string& what)
    {
        const auto line = static_cast<int>(where.begin.line);
        m_lines.push_back({line, (line > 0 ? "line " + std::to_string(line) + ": " : "") + what});
    }
    bool empty() const { return m_lines.empty(); }
    std::string joined()
    {
        std::stable_sort(m_lines.begin(), m_lines.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        std::string out;
        for (const auto& [line, text] : m_lines)
            out += (out.empty() ? "" : "\n") + text;
        return out;
    }

private:
    std::vector<std::pair<int, std::string>> m_lines;
};

// Key names are the user's words; keep them printable and short, and never echo values.
std::string shownKey(std::string_view key)
{
    std::string out;
    for (char c : key.substr(0, 40))
        out.push_back((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' ? c : '?');
    return out;
}

void refuseUnknownKeys(Problems& problems, const toml::table& table, std::initializer_list<std::string_view> known,
                       const std::string& where)
{
    for (auto&& [key, node] : table)
        if (std::find(known.begin(), known.end(), key.str()) == known.end())
            problems.add(key.source(), where + "unknown key '" + shownKey(key.str()) + "'");
}

const toml::table* tableAt(Problems& problems, const toml::table& root, std::string_view key, bool needed)
{
    const toml::node* node = root.get(key);
    if (!node) {
        if (needed)
            problems.add(root.source(), "missing table [" + std::string(key) + "]");
        return nullptr;
    }
    if (!node->is_table()) {
        problems.add(node->source(), std::string(key) + " must be a table ([" + std::string(key) + "])");
        return nullptr;
    }
    return node->as_table();
}

std::optional<std::string> stringAt(Problems& problems, const toml::table& table, std::string_view key,
                                    const std::string& where, bool needed)
{
    const toml::node* node = table.get(key);
    if (!node) {
        if (needed)
            problems.add(table.source(), where + "missing key '" + std::string(key) + "'");
        return std::nullopt;
    }
    if (const auto* value = node->as_string())
        return value->get();
    problems.add(node->source(), where + std::string(key) + " must be a string");
    return std::nullopt;
}

std::optional<std::int64_t> integerAt(Problems& problems, const toml::table& table, std::string_view key,
                                      const std::string& where, std::int64_t low, std::int64_t high)
{
    const toml::node* node = table.get(key);
    if (!node)
        return std::nullopt;
    const auto* value = node->as_integer();
    if (!value || value->get() < low || value->get() > high) {
        problems.add(node->source(), where + std::string(key) + " must be an integer from " + std::to_string(low) +
                                         " to " + std::to_string(high));
        return std::nullopt;
    }
    return value->get();
}

const toml::node* nodeAt(const toml::table& table, std::string_view key) { return table.get(key); }

bool isLoopback(const IpAddress& address)
{
    if (address.family == IpAddress::Family::V4)
        return address.bytes[0] == 127;
    static constexpr std::array<std::uint8_t, 16> kLoopback6{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return address.bytes == kLoopback6;
}

bool isUnspecified(const IpAddress& address)
{
    const std::size_t length = address.family == IpAddress::Family::V4 ? 4 : 16;
    return std::all_of(address.bytes.begin(), address.bytes.begin() + static_cast<std::ptrdiff_t>(length),
                       [](std::uint8_t b) { return b == 0; });
}

void readWireGuard(Problems& problems, const toml::table& root, NetGuardSettings& settings)
{
    const std::string where = "wireguard: ";
    const toml::table* table = tableAt(problems, root, "wireguard", true);
    if (!table)
        return;
    refuseUnknownKeys(problems, *table,
                      {"interface", "private_key_file", "addresses", "listen_port", "persistent_keepalive"}, where);

    if (auto name = stringAt(problems, *table, "interface", where, false)) {
        if (isValidInterfaceName(*name))
            settings.interfaceName = *name;
        else
            problems.add(nodeAt(*table, "interface")->source(),
                         where + "interface must be 1-15 of A-Z a-z 0-9 _ . - (a Linux interface name)");
    }

    if (auto path = stringAt(problems, *table, "private_key_file", where, true)) {
        const std::filesystem::path p(*path);
        const bool dotted = std::any_of(p.begin(), p.end(), [](const auto& part) { return part == ".."; });
        if (!p.is_absolute() || dotted || path->size() > 4096 || path->find('\n') != std::string::npos)
            problems.add(nodeAt(*table, "private_key_file")->source(),
                         where + "private_key_file must be an absolute path without '..'");
        else
            settings.privateKeyFile = p;
    }

    const toml::node* addresses = nodeAt(*table, "addresses");
    if (!addresses) {
        problems.add(table->source(), where + "missing key 'addresses' (the device's tunnel addresses)");
    } else if (const toml::array* array = addresses->as_array(); !array || array->empty() || array->size() > 2) {
        problems.add(addresses->source(), where + "addresses must be an array of one or two address prefixes");
    } else {
        for (const toml::node& item : *array) {
            const auto* text = item.as_string();
            auto prefix = text ? parseIpPrefix(text->get()) : std::nullopt;
            if (!prefix) {
                problems.add(item.source(), where + "address is not an IP address or CIDR prefix (\"10.77.0.5/32\")");
                continue;
            }
            if (settings.address(prefix->address.family)) {
                problems.add(item.source(), where + "at most one address per family (IPv4, IPv6)");
                continue;
            }
            settings.addresses.push_back(*prefix);
        }
    }

    if (auto port = integerAt(problems, *table, "listen_port", where, 1, 65535))
        settings.listenPort = static_cast<std::uint16_t>(*port);
    if (auto keepalive = integerAt(problems, *table, "persistent_keepalive", where, 0, 65535))
        settings.persistentKeepalive = static_cast<std::uint16_t>(*keepalive);
}

void readResolver(Problems& problems, const toml::table& root, NetGuardSettings& settings)
{
    const std::string where = "resolver: ";
    const toml::table* table = tableAt(problems, root, "resolver", true);
    if (!table)
        return;
    refuseUnknownKeys(problems, *table, {"listen", "upstream", "user", "group"}, where);

    settings.resolverAddress = *parseIpAddress("127.0.0.1");
    if (auto listen = stringAt(problems, *table, "listen", where, false)) {
        auto address = parseIpAddress(*listen);
        if (!address || !isLoopback(*address))
            problems.add(nodeAt(*table, "listen")->source(),
                         where + "listen must be a loopback address (127.0.0.1, ::1): nothing listens on the network");
        else
            settings.resolverAddress = *address;
    }
    if (auto upstream = stringAt(problems, *table, "upstream", where, true)) {
        auto address = parseIpAddress(*upstream);
        if (!address || isLoopback(*address) || isUnspecified(*address))
            problems.add(nodeAt(*table, "upstream")->source(),
                         where + "upstream must be the IP address of a DNS server inside the tunnel");
        else
            settings.upstreamDns = *address;
    }
    if (auto user = stringAt(problems, *table, "user", where, false)) {
        if (isValidUserName(*user))
            settings.resolverUser = *user;
        else
            problems.add(nodeAt(*table, "user")->source(), where + "user must be a user name ([a-z_][a-z0-9_-]*)");
    }
    if (auto group = stringAt(problems, *table, "group", where, false)) {
        if (isValidUserName(*group))
            settings.resolverGroup = *group;
        else
            problems.add(nodeAt(*table, "group")->source(), where + "group must be a group name ([a-z_][a-z0-9_-]*)");
    }
}

void readLogd(Problems& problems, const toml::table& root, NetGuardSettings& settings)
{
    const std::string where = "logd: ";
    const toml::table* table = tableAt(problems, root, "logd", false);
    if (!table)
        return;
    refuseUnknownKeys(problems, *table, {"port"}, where);
    if (!table->get("port"))
        problems.add(table->source(), where + "missing key 'port'");
    else if (auto port = integerAt(problems, *table, "port", where, 1, 65535))
        settings.logdPort = static_cast<std::uint16_t>(*port);
}

bool contains(const IpPrefix& prefix, const IpAddress& address)
{
    if (prefix.address.family != address.family)
        return false;
    unsigned bits = prefix.length;
    for (std::size_t i = 0; bits > 0; ++i) {
        const unsigned take = bits >= 8 ? 8 : bits;
        const auto mask = static_cast<std::uint8_t>(0xff00u >> take);
        if ((prefix.address.bytes[i] & mask) != (address.bytes[i] & mask))
            return false;
        bits -= take;
    }
    return true;
}

} // namespace

const IpPrefix* NetGuardSettings::address(IpAddress::Family family) const
{
    for (const auto& prefix : addresses)
        if (prefix.address.family == family)
            return &prefix;
    return nullptr;
}

bool isValidInterfaceName(std::string_view name)
{
    if (name.empty() || name.size() > 15 || name == "." || name == "..")
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
               c == '-';
    });
}

bool isValidUserName(std::string_view name)
{
    if (name.empty() || name.size() > 32 || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; });
}

Result<NetGuardSettings> parseNetGuardSettings(std::string_view text)
{
    if (text.size() > kMaxSettingsBytes)
        return Error(ErrorCode::TooLarge,
                     "netguard settings larger than " + std::to_string(kMaxSettingsBytes) + " bytes");
    Problems problems;
    NetGuardSettings settings;
    toml::parse_result parsed = toml::parse(text);
    if (!parsed) {
        // toml++'s description may quote a character of the input; the line is what a person needs.
        problems.add(parsed.error().source(), "TOML syntax error");
        return Error(ErrorCode::InvalidArgument, problems.joined());
    }
    const toml::table& root = parsed.table();
    refuseUnknownKeys(problems, root, {"version", "wireguard", "resolver", "logd"}, "");
    const toml::node* version = root.get("version");
    if (!version)
        problems.add(root.source(), "missing key 'version'");
    else if (!version->as_integer() || version->as_integer()->get() != 1)
        problems.add(version->source(), "version must be 1 (the only format this build reads)");
    readWireGuard(problems, root, settings);
    readResolver(problems, root, settings);
    readLogd(problems, root, settings);
    if (!problems.empty())
        return Error(ErrorCode::InvalidArgument, problems.joined());
    return settings;
}

Result<NetGuardSettings> loadNetGuardSettings(const std::filesystem::path& path)
{
    MAMORI_ASSIGN_OR_RETURN(const auto bytes, readWholeFile(path, kMaxSettingsBytes));
    return parseNetGuardSettings(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Status checkCompatible(const AllowList& list, const NetGuardSettings& settings)
{
    if (settings.upstreamDns == list.gateway.address)
        return Error(ErrorCode::InvalidArgument, "resolver.upstream is the gateway's outer address; the upstream "
                                                 "DNS server must be reached inside the tunnel");
    for (const auto& prefix : settings.addresses)
        if (contains(list.admin.address, prefix.address))
            return Error(ErrorCode::InvalidArgument, "a wireguard.addresses entry overlaps the admin's tunnel address");
    return okStatus();
}

} // namespace mamori::net
