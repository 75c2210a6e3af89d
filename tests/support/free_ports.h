// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Free TCP ports for the programs tests start (swtpm, vpcd). Ports are picked below 32768: Linux
// hands out outgoing ports from 32768 up, and a port picked there can be taken between the check
// and the bind (this happened to vpcd's default 35963).

#include <cstdint>

namespace mamori::test {

// Nothing is bound to `port` on any address (checked without SO_REUSEADDR, so a port with
// connections in TIME_WAIT counts as taken).
bool portFree(std::uint16_t port);
// Something accepts TCP connections on 127.0.0.1:`port`.
bool acceptsOnLoopback(std::uint16_t port);
// A random even port p in [20000, 32000) with p and p + 1 both free; 0 if none was found.
std::uint16_t freePortPair();

} // namespace mamori::test
