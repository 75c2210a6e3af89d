// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/certificate_file.h"

#include "services/common/error.h"
#include "smartcard/card_certificate.h"

#include <QFile>
#include <QFileInfo>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <memory>
#include <span>

namespace mamori::ui {

namespace {

int number(ErrorCode code) { return static_cast<int>(errorNumber(code)); }

using X509Pointer = std::unique_ptr<X509, decltype(&X509_free)>;

X509Pointer decode(const QByteArray& bytes)
{
    if (bytes.contains("-----BEGIN CERTIFICATE-----")) {
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(
            BIO_new_mem_buf(bytes.constData(), static_cast<int>(bytes.size())), &BIO_free);
        return X509Pointer(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, &X509_free);
    }
    const auto* cursor = reinterpret_cast<const unsigned char*>(bytes.constData());
    X509Pointer certificate(d2i_X509(nullptr, &cursor, static_cast<long>(bytes.size())), &X509_free);
    if (certificate && cursor != reinterpret_cast<const unsigned char*>(bytes.constData()) + bytes.size())
        return X509Pointer(nullptr, &X509_free); // trailing bytes: not a DER certificate file
    return certificate;
}

QDateTime timeOf(const ASN1_TIME* time)
{
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

QString commonNameOf(X509* certificate)
{
    const X509_NAME* subject = X509_get_subject_name(certificate);
    const int index = subject ? X509_NAME_get_index_by_NID(subject, NID_commonName, -1) : -1;
    if (index < 0)
        return {};
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
    QString name;
    if (length > 0)
        name = QString::fromUtf8(reinterpret_cast<const char*>(utf8), length);
    OPENSSL_free(utf8);
    return name;
}

} // namespace

int parseCertificateFile(const QByteArray& bytes, CertificateSummary& out)
{
    out = {};
    if (bytes.isEmpty())
        return number(ErrorCode::InvalidArgument);
    const X509Pointer certificate = decode(bytes);
    if (!certificate)
        return number(ErrorCode::InvalidArgument);
    unsigned char* der = nullptr;
    const int length = i2d_X509(certificate.get(), &der);
    if (length <= 0)
        return number(ErrorCode::InvalidArgument);
    QByteArray encoded(reinterpret_cast<const char*>(der), length);
    OPENSSL_free(der);
    if (encoded.size() > kMaxCertificateDerBytes)
        return number(ErrorCode::TooLarge);
    const auto parsed = smartcard::parseCertificate(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(encoded.constData()), static_cast<std::size_t>(encoded.size())));
    if (!parsed.ok() || parsed.value().keyType == smartcard::KeyType::Unsupported || parsed.value().authority)
        return number(ErrorCode::InvalidArgument);
    out.der = std::move(encoded);
    out.cardId = QString::fromStdString(parsed.value().cardId);
    out.commonName = commonNameOf(certificate.get());
    out.notBefore = timeOf(X509_get0_notBefore(certificate.get()));
    out.notAfter = timeOf(X509_get0_notAfter(certificate.get()));
    return 0;
}

int readCertificateFile(const QString& path, CertificateSummary& out)
{
    out = {};
    const QFileInfo info(path);
    if (!info.exists() || info.isSymLink() || !info.isFile())
        return number(ErrorCode::NotFound);
    if (info.size() > kMaxCertificateFileBytes)
        return number(ErrorCode::TooLarge);
    // Opened without following a link and without blocking (the medium is not ours: a name checked
    // above may be swapped for a link or a FIFO before the open), then checked again on the handle.
    const int fd =
        ::open(QFile::encodeName(info.filePath()).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return number(ErrorCode::NotFound);
    struct stat opened {};
    if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
        ::close(fd);
        return number(ErrorCode::NotFound);
    }
    QFile file;
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return number(ErrorCode::StorageIo);
    }
    const QByteArray bytes = file.read(kMaxCertificateFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return number(ErrorCode::StorageIo);
    if (bytes.size() > kMaxCertificateFileBytes)
        return number(ErrorCode::TooLarge);
    return parseCertificateFile(bytes, out);
}

} // namespace mamori::ui
