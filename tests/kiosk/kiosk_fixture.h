// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// KioskFixture: everything the kiosk talks to, real, for one test process — a swtpm holding the
// vault's keys, a vault seeded like a small company (departments, the three purposes, a clerk
// whose IC card is enrolled, employees with and without numbers, every employee notified of the
// withholding purpose, export destinations, an officer with a software card for approvals),
// mamori-vaultd on a private
// dbus-daemon, and the clerk's IC card: a SoftHSM2 token seen through a fault-injecting function
// list (tests/smartcard/fault_injection.h), which is how the card goes in and out of the "reader"
// (the smartcard layer's slot-event seam) where no virtual reader is available. The card starts
// out of the reader. Over that, tests/kiosk/reader_fault.h takes the reader itself away (setReader).
//
// Numbers are synthetic with valid check digits; they are compared, never printed.
// One fixture per process (the fault injection is process-global). GUI thread only.

#include "services/common/result.h"

#include <QDBusConnection>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace mamori::smartcard {
class Pkcs11Module;
}

namespace mamori::test {

class PrivateBus;
class SoftHsm;
class Swtpm;
class TestCard;

class KioskFixture {
public:
    static constexpr const char* kPin = "1234";
    static constexpr const char* kDeviceId = "kiosk-test";
    // The seeded employee with a number (E100, 123456789018) and the first ones without (E101…).
    static constexpr const char* kNumberedCode = "E100";
    static constexpr const char* kNumber = "123456789018";
    static constexpr int kEmployees = 25; // E100 … E124: more than one page of 10
    // Destinations (withholding): a USB medium that may hold numbers, one that may not, and the
    // payroll provider's endpoint.
    static constexpr const char* kMedium = "usb";
    static constexpr const char* kPlainMedium = "usb_plain";
    static constexpr const char* kEndpoint = "payroll";

    KioskFixture();
    ~KioskFixture();
    KioskFixture(const KioskFixture&) = delete;
    KioskFixture& operator=(const KioskFixture&) = delete;

    struct Options {
        bool enrolCard = true; // false: the clerk exists, but this card was never enrolled
        // The roles of the IC card's holder. Anything but {"clerk"}: the card belongs to another
        // user with these roles (department sales), and the clerk holds a software card of their own.
        std::vector<std::string> cardRoles{"clerk"};
        // A bulk export (21 employees to the USB medium) the clerk asked for, awaiting an officer.
        bool pendingBulkExport = false;
        // An alert in the log: the clerk tried to give E101 the number E100 already holds (refused).
        bool duplicateNumberAlert = false;
    };

    // Starts everything; on failure the error names what is missing.
    Status start(Options options);
    Status start() { return start(Options{}); }

    QString busAddress() const;
    // A new connection to the private bus (each is its own vault session).
    QDBusConnection connect(const QString& name);
    // SoftHSM2 behind the fault-injecting function list.
    std::shared_ptr<smartcard::Pkcs11Module> cardModule() const { return m_module; }

    static void insertCard();
    static void removeCard();
    // Extra CKF_USER_PIN_* flags the token reports (as a real card would; SoftHSM2 sets none).
    static void setPinFlags(unsigned long flags);
    // The reader itself: working, unplugged (no slot listed at all) or not answering (C_GetSlotList
    // fails). The card's own state (insertCard/removeCard) is kept underneath.
    enum class ReaderState { Working, Unplugged, NotAnswering };
    static void setReader(ReaderState state);
    QString numberedSubjectId() const { return m_numberedId; }
    // Where mamori-vaultd leaves provisions for the courier (its default, STATE/outbox).
    QString outboxDir() const;
    // The officer (a software card, tests/support/test_card.h) signs in on a connection of their
    // own — "at the same terminal", as the vault sees it — and approves an export request
    // ("export") or a disposal request ("disposal") with a fresh step-up signature.
    Status approveAsOfficer(const QString& what, qlonglong requestId);
    // Signs in on `connection` (its own vault session) with a software card (BeginLogin, the card
    // signs the login message, CompleteLogin); on success `roles` holds the session's roles.
    static Status signIn(const QDBusConnection& connection, const TestCard& card, QStringList* roles = nullptr);
    // The same with the seeded officer's software card.
    Status signInAsOfficer(const QDBusConnection& connection) { return signIn(connection, *m_officer); }
    // Stops (SIGSTOP) or resumes (SIGCONT) mamori-vaultd: a call sent while it is paused stays
    // unanswered, so a test can act while the vault is still "working".
    void pauseVault(bool paused);

private:
    Status seedVault(const Options& options);
    Status startDaemon();

    std::unique_ptr<SoftHsm> m_hsm;
    std::shared_ptr<smartcard::Pkcs11Module> m_realModule;
    std::shared_ptr<smartcard::Pkcs11Module> m_module;
    std::unique_ptr<Swtpm> m_tpm;
    std::unique_ptr<PrivateBus> m_bus;
    QProcess m_daemon;
    std::string m_state;
    std::vector<std::uint8_t> m_certificate;
    std::unique_ptr<TestCard> m_officer;
    QString m_numberedId;
    int m_connections = 0;
};

} // namespace mamori::test
