// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the courier and logd tests: a test PKI made with the openssl command-line tool (a CA,
// server certificates signed by it), HTTPS endpoints (mamori-test-endpoint, MAMORI_TEST_ENDPOINT set
// by CTest) started as child processes, and synthetic numbers with a valid check digit (compared,
// never printed). Fails with qFatal when a tool is missing, naming its Debian package.

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>

namespace mamori::test {

// A distinct synthetic individual number with a valid check digit.
std::string syntheticIndividualNumber(int index);

// A payroll CSV as the vault exports it (EXPORT_FORMAT.md), `rows` employees with numbers.
QByteArray payrollCsvWithNumbers(int rows, int firstIndex = 0);
// The same columns without the number column.
QByteArray payrollCsvWithoutNumbers(int rows);

class TestPki {
public:
    explicit TestPki(QString directory) : m_directory(std::move(directory)) {}

    // <dir>/<name>.pem and <name>.key: a self-signed EC P-256 CA (basicConstraints CA:TRUE).
    void makeCa(const QString& name);
    // <dir>/<name>.pem and <name>.key: a server certificate for `dnsNames` signed by the CA `ca`.
    void makeServer(const QString& ca, const QString& name, const QStringList& dnsNames);

    QString pem(const QString& name) const { return m_directory + QLatin1Char('/') + name + QStringLiteral(".pem"); }
    QString key(const QString& name) const { return m_directory + QLatin1Char('/') + name + QStringLiteral(".key"); }

private:
    void openssl(const QStringList& arguments) const;
    QString m_directory;
};

// One mamori-test-endpoint process on 127.0.0.1.
class TestEndpoint {
public:
    ~TestEndpoint();
    // Starts it with the certificate `name` of `pki`, storing POSTs under `store`.
    void start(const TestPki& pki, const QString& name, const QString& store, const QStringList& extra = {});
    void stop();

    quint16 port() const { return m_port; }
    int stored() const;                // POSTs stored so far
    QByteArray body(int number) const; // 1-based
    QString meta(int number, const QString& field) const;

private:
    QProcess m_process;
    QString m_store;
    quint16 m_port = 0;
};

} // namespace mamori::test
