// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/free_ports.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>

namespace mamori::test {
namespace {

sockaddr_in addressOf(std::uint16_t port, std::uint32_t host)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(host);
    return address;
}

} // namespace

bool portFree(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const sockaddr_in address = addressOf(port, INADDR_ANY);
    const bool free = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return free;
}

bool acceptsOnLoopback(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const sockaddr_in address = addressOf(port, INADDR_LOOPBACK);
    const bool accepted = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return accepted;
}

std::uint16_t freePortPair()
{
    std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<int> pick(10000, 15999);
    for (int attempt = 0; attempt < 200; ++attempt) {
        const auto port = static_cast<std::uint16_t>(pick(random) * 2);
        if (portFree(port) && portFree(static_cast<std::uint16_t>(port + 1)))
            return port;
    }
    return 0;
}

} // namespace mamori::test
