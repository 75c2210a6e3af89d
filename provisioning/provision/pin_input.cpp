// SPDX-License-Identifier: GPL-3.0-or-later
#include "provisioning/provision/pin_input.h"

#include "services/common/file_io.h"

#include <sodium.h>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <span>

namespace mamori::provision {
namespace {

constexpr std::size_t kMaxPinBytes = 64;

// Reads one line from `fd` byte by byte (so that nothing after it is consumed) into `buffer`.
Result<std::size_t> readLine(int fd, std::array<char, kMaxPinBytes + 1>& buffer)
{
    std::size_t length = 0;
    while (true) {
        char c = 0;
        const ssize_t got = ::read(fd, &c, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return fileError("read PIN");
        if (got == 0)
            break;
        if (c == '\n')
            break;
        if (c == '\r')
            continue;
        if (length == kMaxPinBytes)
            return Error(ErrorCode::InvalidArgument, "a PIN is at most 64 bytes");
        buffer[length++] = c;
    }
    return length;
}

} // namespace

Result<SecretBuffer> PinSource::read(const std::string& prompt)
{
    std::array<char, kMaxPinBytes + 1> buffer{};
    Result<std::size_t> length = std::size_t{0};
    if (m_fd >= 0) {
        length = readLine(m_fd, buffer);
    } else {
        const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
        if (tty < 0)
            return Error(ErrorCode::Unavailable, "no terminal to ask for the PIN on (use --pin-fd)");
        termios saved{};
        const bool isTerminal = ::tcgetattr(tty, &saved) == 0;
        if (isTerminal) {
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            quiet.c_lflag |= ECHONL;
            ::tcsetattr(tty, TCSAFLUSH, &quiet);
        }
        [[maybe_unused]] const auto written = ::write(tty, prompt.data(), prompt.size());
        length = readLine(tty, buffer);
        if (isTerminal)
            ::tcsetattr(tty, TCSAFLUSH, &saved);
        ::close(tty);
    }
    if (!length.ok()) {
        sodium_memzero(buffer.data(), buffer.size());
        return length.error();
    }
    if (length.value() == 0)
        return Error(ErrorCode::Cancelled, "no PIN given");
    auto secret = SecretBuffer::copyOf(std::span(reinterpret_cast<const std::uint8_t*>(buffer.data()), length.value()));
    sodium_memzero(buffer.data(), buffer.size());
    return secret;
}

} // namespace mamori::provision
