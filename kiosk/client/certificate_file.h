// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A new IC card's login certificate, brought by IT on the USB medium (DER or PEM, as
// `mamori-provision` or the card issuer exports it), read only as far as the administrator needs to
// see it before enrolling: the card id (smartcard::parseCertificate — the same SHA-256 of the
// SubjectPublicKeyInfo the vault keys cards by), the subject's common name and the validity. The
// vault parses and checks the DER again when it enrols the card.
//
// A certificate is public: nothing here is a secret or personal data beyond the holder's name.
// Free functions, no state; any thread.

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace mamori::ui {

struct CertificateSummary {
    QByteArray der;     // the certificate as the vault takes it (PEM decoded)
    QString cardId;     // 64 lowercase hex digits
    QString commonName; // the subject's CN; empty when it has none
    QDateTime notBefore;
    QDateTime notAfter;
};

// The medium's limit for a certificate file (PEM with headers and more than one block fits).
inline constexpr qint64 kMaxCertificateFileBytes = 64 * 1024;
// The vault's limit for the DER (mamori-vaultd refuses larger: TooLarge).
inline constexpr qsizetype kMaxCertificateDerBytes = 16384;

// Parses `bytes` (DER, or the first PEM CERTIFICATE block). 0, or the error number:
// InvalidArgument for anything that is not a card's certificate (malformed, no usable key, a CA
// certificate), TooLarge above the vault's limit.
int parseCertificateFile(const QByteArray& bytes, CertificateSummary& out);

// Reads a regular file of at most kMaxCertificateFileBytes (symbolic links and anything else
// refused: NotFound) and parses it. 0 or the error number.
int readCertificateFile(const QString& path, CertificateSummary& out);

} // namespace mamori::ui
