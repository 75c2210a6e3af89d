// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The egress allow-list: which endpoints the device may reach (by host name and port), for which
// purposes, whether individual numbers may be sent to each, and which CA each one's TLS
// certificate must chain to; the WireGuard gateway every packet goes through; and the admin's
// WireGuard peer that may pull logs. The file is TOML (services/net/ALLOWLIST_FORMAT.md), parsed
// by toml++ and then validated here field by field.
//
// Owner: mamori-netguard renders the firewall, tunnel and resolver from it; mamori-courier looks up
// destinations and their CA in it; provisioning writes it. An AllowList is a plain value: immutable
// once parsed, safe to read from any thread. parseAllowList() is stateless and thread-safe.
//
// Errors are InvalidArgument (TooLarge for an oversized file, NotFound/StorageIo from loading) with
// a context that names the line and the problem, e.g. "line 12: endpoint 'payroll': port 70000
// out of range". Messages never quote a key, a PEM block or a string that failed validation: only
// the endpoint's name once it is known to be well-formed, numbers that are out of range, and the
// names of keys.

#include "services/common/result.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::net {

// The allow-list file may not be larger than this (bytes): it is a handful of endpoints.
constexpr std::size_t kMaxAllowListBytes = 1024 * 1024;
// Endpoint names and purpose codes: [a-z0-9_-]{1,kMaxCodeLength}.
constexpr std::size_t kMaxCodeLength = 64;

// A WireGuard (Curve25519) public key: 32 bytes, written as standard base64 (44 characters).
struct WireGuardKey {
    std::array<std::uint8_t, 32> bytes{};

    std::string base64() const;
    bool operator==(const WireGuardKey&) const = default;
};

// An IPv4 or IPv6 address in network byte order (IPv4 uses the first 4 bytes).
struct IpAddress {
    enum class Family : std::uint8_t { V4, V6 };
    Family family = Family::V4;
    std::array<std::uint8_t, 16> bytes{};

    std::string toString() const; // inet_ntop form
    bool operator==(const IpAddress&) const = default;
};

// An address with a prefix length ("10.77.0.2/32"); a bare address gets the full length.
struct IpPrefix {
    IpAddress address;
    std::uint8_t length = 32;

    std::string toString() const;
    bool operator==(const IpPrefix&) const = default;
};

// The CA an endpoint's certificate chain must end in: a PEM file on the device or PEM text inline.
struct PinnedCa {
    enum class Kind : std::uint8_t { File, Inline };
    Kind kind = Kind::File;
    std::string value; // the absolute path, or the PEM text (one or more certificates)
};

struct Endpoint {
    std::string name; // [a-z0-9_-]{1,64}, unique in the file
    std::string host; // lower-case RFC 1123 host name with at least two labels; never an IP literal
    std::uint16_t port = 0;
    std::vector<std::string> purposes; // at least one, each [a-z0-9_-]{1,64}, no repeats
    bool allowNumbers = false;         // whether payloads holding individual numbers may go here
    PinnedCa ca;
    std::string path = "/"; // where mamori-courier POSTs payloads: an absolute URL path, no query
    int line = 0;           // where its [[endpoint]] table starts, for messages

    bool serves(std::string_view purpose) const;
};

struct Gateway {
    IpAddress address; // an IP literal: the gateway is reached before any DNS can be trusted
    std::uint16_t port = 0;
    WireGuardKey publicKey;
};

struct AdminPeer {
    WireGuardKey publicKey;
    IpPrefix address; // the admin's address inside the tunnel (WireGuard AllowedIPs)
};

struct AllowList {
    int version = 1;
    Gateway gateway;
    AdminPeer admin;
    std::vector<Endpoint> endpoints; // in file order

    const Endpoint* findByName(std::string_view name) const;
    // Exact match on the lower-cased host name and the port.
    const Endpoint* find(std::string_view host, std::uint16_t port) const;
};

// One problem found while reading the file; line and column are 1-based (0 when unknown).
struct AllowListProblem {
    int line = 0;
    int column = 0;
    std::string message; // "line 12: endpoint 'payroll': port 70000 out of range"
};

// Parses and validates a whole allow-list. On failure the Error's context holds every problem
// found (one per line, at most kMaxReportedProblems), and `problems`, when given, receives them.
Result<AllowList> parseAllowList(std::string_view toml, std::vector<AllowListProblem>* problems = nullptr);
// Reads `path` (at most kMaxAllowListBytes) and parses it.
Result<AllowList> loadAllowList(const std::filesystem::path& path, std::vector<AllowListProblem>* problems = nullptr);

constexpr std::size_t kMaxReportedProblems = 50;

// Helpers shared with the renderers; exposed for tests.
bool isValidHostName(std::string_view host);
bool isValidCode(std::string_view code);    // endpoint names and purposes
bool isValidUrlPath(std::string_view path); // "/" then RFC 3986 path characters; no "..", no query
std::optional<WireGuardKey> parseWireGuardKey(std::string_view base64);
std::optional<IpAddress> parseIpAddress(std::string_view text);
std::optional<IpPrefix> parseIpPrefix(std::string_view text);

} // namespace mamori::net
