// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-test-vcac: a test-only virtual smart card. It presents a libcacard-emulated CAC card to
// vsmartcard's vpcd reader driver (inside pcscd), so that OpenSC's PKCS#11 module sees a card being
// inserted into a "Virtual PCD" reader, talks to it through pcscd, and sees it removed when this
// program exits (its socket closes). Only tests/smartcard/tst_reader_stack.cpp runs it.
//
//   mamori-test-vcac --db DIR --module LIB --port N
//
// The card's certificates and keys live in a PKCS#11 token (SoftHSM2 in the test, made by
// tests/support/softhsm_token.h): libcacard mirrors a removable NSS "hardware" slot as a CAC card
// (vcard_emul_init with use_hw=removable, as OpenSC's CI does with Jakuje/virt_cacard) and passes
// VERIFY to C_Login on the token and the card's raw RSA operation to its private key — so the PIN
// really is checked. DIR becomes a fresh NSS database (created here with NSS itself, no certutil or
// modutil needed) with LIB registered as a module.
//
// vpcd protocol (vsmartcard's virtualsmartcard/src/vpcd/vpcd.c): vpcd listens on TCP port N, this
// program connects. Every message, both ways, is a 2-byte big-endian length and a payload. From vpcd,
// a 1-byte payload is a control code: 0x00 power off, 0x01 power on, 0x02 reset (no answer), 0x04
// get ATR (answered with the ATR). Anything longer is a command APDU, answered with the response APDU.
// vpcd asks for the ATR to poll presence: the card is "in the reader" while this program is connected.
//
// Exit: 0 when vpcd closes the connection, 1 on errors (reported on stderr). The test removes the
// card by SIGTERM (default action: the kernel closes the socket, as a pulled card would vanish).

#include <libcacard.h>
#include <nss.h>
#include <pk11pub.h>
#include <secmod.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::uint8_t kPowerOff = 0x00;
constexpr std::uint8_t kPowerOn = 0x01;
constexpr std::uint8_t kReset = 0x02;
constexpr std::uint8_t kGetAtr = 0x04;
constexpr int kMaxApdu = 65536 + 2;

[[noreturn]] void fail(const std::string& message)
{
    std::fprintf(stderr, "mamori-test-vcac: %s\n", message.c_str());
    std::exit(1);
}

bool readAll(int fd, std::uint8_t* buffer, std::size_t size)
{
    std::size_t done = 0;
    while (done < size) {
        const ssize_t got = ::recv(fd, buffer + done, size - done, 0);
        if (got == 0)
            return false;
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        done += static_cast<std::size_t>(got);
    }
    return true;
}

bool sendAll(int fd, const std::uint8_t* data, std::size_t size)
{
    std::size_t done = 0;
    while (done < size) {
        const ssize_t sent = ::send(fd, data + done, size - done, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        done += static_cast<std::size_t>(sent);
    }
    return true;
}

bool writeMessage(int fd, const std::uint8_t* payload, std::size_t size)
{
    if (size > 0xffff)
        return false;
    const std::array<std::uint8_t, 2> header{static_cast<std::uint8_t>(size >> 8),
                                             static_cast<std::uint8_t>(size & 0xff)};
    std::vector<std::uint8_t> message(header.begin(), header.end());
    message.insert(message.end(), payload, payload + size);
    return sendAll(fd, message.data(), message.size());
}

// A fresh NSS database in `dir` with the token's module registered (what `modutil -create` and
// `modutil -add` would do), then NSS shut down again: vcard_emul_init opens it read-only itself.
void makeNssDatabase(const std::string& dir, const std::string& module)
{
    const std::string config = "sql:" + dir;
    if (NSS_Initialize(config.c_str(), "", "", "secmod.db", 0) != SECSuccess)
        fail("NSS_Initialize(" + config + ") failed: NSS error " + std::to_string(PORT_GetError()));
    std::string name = "Mamori test token";
    std::string library = module;
    if (SECMOD_AddNewModule(name.data(), library.data(), 0, 0) != SECSuccess)
        fail("SECMOD_AddNewModule(" + module + ") failed: NSS error " + std::to_string(PORT_GetError()));
    if (NSS_Shutdown() != SECSuccess)
        std::fprintf(stderr, "mamori-test-vcac: NSS_Shutdown: NSS error %d (continuing)\n", PORT_GetError());
}

// The reader (one per removable slot of the module) that holds the mirrored card.
VReader* readerWithCard()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        VReaderList* list = vreader_get_reader_list();
        VReader* found = nullptr;
        for (VReaderListEntry* entry = vreader_list_get_first(list); entry != nullptr && found == nullptr;
             entry = vreader_list_get_next(entry)) {
            VReader* reader = vreader_list_get_reader(entry); // a new reference
            if (vreader_card_is_present(reader) == VREADER_OK)
                found = reader;
            else
                vreader_free(reader);
        }
        vreader_list_delete(list);
        if (found != nullptr)
            return found;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return nullptr;
}

int connectToVpcd(std::uint16_t port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            fail(std::string("socket: ") + std::strerror(errno));
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            return fd;
        }
        const int error = errno;
        ::close(fd);
        if (std::chrono::steady_clock::now() > deadline)
            fail("connect to vpcd on 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(error));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

} // namespace

int main(int argc, char** argv)
{
    std::string db;
    std::string module;
    long port = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--db")
            db = argv[i + 1];
        else if (option == "--module")
            module = argv[i + 1];
        else if (option == "--port")
            port = std::strtol(argv[i + 1], nullptr, 10);
        else
            fail("unknown option " + option);
    }
    if (db.empty() || module.empty() || port <= 0 || port > 65535)
        fail("usage: mamori-test-vcac --db DIR --module LIB --port N");

    makeNssDatabase(db, module);

    const std::string args = "db=\"sql:" + db + "\" use_hw=removable hw_type=CAC";
    VCardEmulOptions* options = vcard_emul_options(args.c_str());
    if (options == nullptr)
        fail("vcard_emul_options rejected: " + args);
    if (vcard_emul_init(options) != VCARD_EMUL_OK)
        fail("vcard_emul_init failed (" + args + ")");
    VReader* reader = readerWithCard();
    if (reader == nullptr)
        fail("no token with certificates in a removable slot of " + module);
    std::fprintf(stderr, "mamori-test-vcac: card in NSS slot \"%s\"\n", vreader_get_name(reader));

    const int fd = connectToVpcd(static_cast<std::uint16_t>(port));
    std::fprintf(stderr, "mamori-test-vcac: connected to vpcd on port %ld\n", port);

    std::vector<std::uint8_t> command(kMaxApdu);
    std::vector<std::uint8_t> response(kMaxApdu);
    for (;;) {
        std::array<std::uint8_t, 2> header{};
        if (!readAll(fd, header.data(), header.size()))
            break; // vpcd went away (pcscd stopped)
        const std::size_t size = (static_cast<std::size_t>(header[0]) << 8) | header[1];
        if (size == 0 || !readAll(fd, command.data(), size))
            break;
        if (size == 1) {
            switch (command[0]) {
            case kPowerOff:
                vreader_power_off(reader);
                break;
            case kPowerOn:
            case kReset:
                vreader_power_on(reader, nullptr, nullptr);
                break;
            case kGetAtr: {
                std::array<unsigned char, 64> atr{};
                int atrSize = static_cast<int>(atr.size());
                vcard_emul_get_atr(nullptr, atr.data(), &atrSize);
                if (!writeMessage(fd, atr.data(), static_cast<std::size_t>(atrSize)))
                    fail("send ATR failed");
                break;
            }
            default:
                std::fprintf(stderr, "mamori-test-vcac: unknown control code 0x%02x\n", command[0]);
            }
            continue;
        }
        int responseSize = static_cast<int>(response.size());
        if (vreader_xfr_bytes(reader, command.data(), static_cast<int>(size), response.data(), &responseSize) !=
                VREADER_OK ||
            responseSize < 0)
            responseSize = 0; // vpcd still needs an answer
        if (!writeMessage(fd, response.data(), static_cast<std::size_t>(responseSize)))
            fail("send response APDU failed");
    }
    ::close(fd);
    vreader_free(reader);
    return 0;
}
