// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// PinSource: where mamori-provision gets the PINs of the cards it uses — typed at a prompt on the
// controlling terminal with echo off, or read from a descriptor (--pin-fd N), one PIN per line, in
// the order the command asks for them (the README lists the order per command). The PIN goes
// straight into a SecretBuffer; the few bytes on the stack are wiped.
//
// Whether a PIN is typed matters for one rule (DESIGN §2: never spend a card's last PIN try
// automatically): a card that reports its final try is only ever given a PIN typed by a person.
//
// Not thread-safe; one per process.

#include "services/common/result.h"
#include "services/common/secret_buffer.h"

#include <string>

namespace mamori::provision {

class PinSource {
public:
    // -1: prompt on /dev/tty.
    explicit PinSource(int fd = -1) : m_fd(fd) {}
    bool interactive() const noexcept { return m_fd < 0; }
    // `prompt` is shown on the terminal (never on stdout). Cancelled for an empty PIN or end of input.
    Result<SecretBuffer> read(const std::string& prompt);

private:
    int m_fd;
};

} // namespace mamori::provision
