// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/net/net_test_support.h"

#include "services/common/number_validation.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

#include <cstdio>
#include <span>

namespace mamori::test {

std::string syntheticIndividualNumber(int index)
{
    char body[16];
    std::snprintf(body, sizeof body, "%011lld", 30000000000LL + index);
    std::string number(body, 11);
    number += static_cast<char>('0' + individualCheckDigit(std::span<const char, 11>(number.data(), 11)));
    return number;
}

QByteArray payrollCsvWithNumbers(int rows, int firstIndex)
{
    QByteArray csv = "employee_code,kind,parent_code,name,name_kana,birth_date,individual_number\r\n";
    for (int i = 0; i < rows; ++i)
        csv += "E" + QByteArray::number(100 + i) + ",employee,,社員 " + QByteArray::number(i) +
               ",シャイン,1990-01-01," + QByteArray::fromStdString(syntheticIndividualNumber(firstIndex + i)) + "\r\n";
    return csv;
}

QByteArray payrollCsvWithoutNumbers(int rows)
{
    QByteArray csv = "employee_code,kind,parent_code,name,name_kana,birth_date\r\n";
    for (int i = 0; i < rows; ++i)
        csv +=
            "E" + QByteArray::number(100 + i) + ",employee,,社員 " + QByteArray::number(i) + ",シャイン,1990-01-01\r\n";
    return csv;
}

void TestPki::openssl(const QStringList& arguments) const
{
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        qFatal("openssl not found: install the Debian package openssl");
    QProcess process;
    process.setWorkingDirectory(m_directory);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        qFatal("openssl %s failed: %s", qPrintable(arguments.value(0)), process.readAll().left(400).constData());
}

void TestPki::makeCa(const QString& name)
{
    openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
             QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
             QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
             QStringLiteral("/CN=Mamori test ") + name, QStringLiteral("-addext"),
             QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-keyout"), key(name),
             QStringLiteral("-out"), pem(name)});
}

void TestPki::makeServer(const QString& ca, const QString& name, const QStringList& dnsNames)
{
    const QString csr = m_directory + QLatin1Char('/') + name + QStringLiteral(".csr");
    const QString ext = m_directory + QLatin1Char('/') + name + QStringLiteral(".ext");
    openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
             QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"), QStringLiteral("-subj"),
             QStringLiteral("/CN=") + dnsNames.value(0), QStringLiteral("-keyout"), key(name), QStringLiteral("-out"),
             csr});
    QFile extFile(ext);
    if (!extFile.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(ext));
    QStringList sans;
    for (const QString& dns : dnsNames)
        sans << (dns.at(0).isDigit() ? QStringLiteral("IP:") : QStringLiteral("DNS:")) + dns;
    extFile.write(("subjectAltName=" + sans.join(QLatin1Char(',')) + "\n").toUtf8());
    extFile.close();
    openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr, QStringLiteral("-CA"), pem(ca),
             QStringLiteral("-CAkey"), key(ca), QStringLiteral("-CAcreateserial"), QStringLiteral("-days"),
             QStringLiteral("2"), QStringLiteral("-extfile"), ext, QStringLiteral("-out"), pem(name)});
}

TestEndpoint::~TestEndpoint() { stop(); }

void TestEndpoint::start(const TestPki& pki, const QString& name, const QString& store, const QStringList& extra)
{
    const QString program = qEnvironmentVariable("MAMORI_TEST_ENDPOINT");
    if (program.isEmpty())
        qFatal("MAMORI_TEST_ENDPOINT is not set (CTest sets it)");
    m_store = store;
    QDir().mkpath(store);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setReadChannel(QProcess::StandardOutput);
    m_process.start(program,
                    QStringList{QStringLiteral("--cert"), pki.pem(name), QStringLiteral("--key"), pki.key(name),
                                QStringLiteral("--store"), store, QStringLiteral("--port"), QStringLiteral("0")} +
                        extra);
    if (!m_process.waitForStarted(5000))
        qFatal("mamori-test-endpoint did not start");
    for (int i = 0; i < 100 && !m_process.canReadLine(); ++i)
        m_process.waitForReadyRead(100);
    const QByteArray line = m_process.readLine().trimmed();
    if (!line.startsWith("PORT "))
        qFatal("mamori-test-endpoint did not report its port: %s", m_process.readAllStandardError().constData());
    m_port = static_cast<quint16>(line.mid(5).toUInt());
}

void TestEndpoint::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
}

int TestEndpoint::stored() const
{
    return static_cast<int>(QDir(m_store).entryList({QStringLiteral("*.body")}, QDir::Files).size());
}

QByteArray TestEndpoint::body(int number) const
{
    QFile file(m_store + QLatin1Char('/') + QString::number(number) + QStringLiteral(".body"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString TestEndpoint::meta(int number, const QString& field) const
{
    QFile file(m_store + QLatin1Char('/') + QString::number(number) + QStringLiteral(".meta"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith(field.toUtf8() + ' '))
            return QString::fromUtf8(line.mid(field.size() + 1));
    return {};
}

} // namespace mamori::test
