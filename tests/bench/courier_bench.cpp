// SPDX-License-Identifier: GPL-3.0-or-later
// The courier's cost per provision (issue 7): what mamori-courier does for one payload — read the
// envelope and the payload, scan it, write its record before and after the send (atomic, fsynced),
// POST it over HTTPS with the CA pinned, record the outcome, report it, move three files (each
// rename fsynced) — against the bare HTTPS POST of the same bytes to the same endpoint with the same
// libcurl settings (https_sender.h, a new TLS connection each time, as the courier makes). Both run
// against one mamori-test-endpoint on loopback (TLS 1.3, EC P-256, libmicrohttpd + GnuTLS), in
// alternating rounds; medians. The report goes to a recorder here: over D-Bus to mamori-vaultd it
// adds one round trip (about a millisecond) and an audit entry on the vault's side.
//
//   mamori_courier_bench run   --endpoint PATH [--payloads 40] [--rows 100] [--rounds 5]
//   mamori_courier_bench smoke --endpoint PATH          (a few payloads: the run must not fail)
//
// Prints a Markdown table; never a payload (they hold synthetic numbers).

#include "services/net/courier.h"
#include "services/net/outgoing_scanner.h"
#include "tests/net/net_test_support.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace mamori;
using namespace mamori::net;
using namespace mamori::test;

namespace {

class CountingReporter final : public DeliveryReporter {
public:
    Reply report(std::uint64_t, DeliveryOutcome outcome, std::string_view) override
    {
        delivered += outcome == DeliveryOutcome::Delivered ? 1 : 0;
        return {Answer::Accepted, {}};
    }
    int delivered = 0;
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

double nowMs()
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

[[noreturn]] void fail(const std::string& what)
{
    std::fprintf(stderr, "mamori_courier_bench: %s\n", what.c_str());
    std::exit(1);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2 || (arguments[1] != "run" && arguments[1] != "smoke"))
        fail("usage: mamori_courier_bench run|smoke --endpoint PATH [--payloads N] [--rows N] [--rounds N]");
    const bool smoke = arguments[1] == "smoke";
    int payloads = smoke ? 3 : 40;
    int rows = 100;
    int rounds = smoke ? 1 : 5;
    QString endpointProgram;
    for (qsizetype i = 2; i + 1 < arguments.size(); i += 2) {
        if (arguments[i] == "--endpoint")
            endpointProgram = arguments[i + 1];
        else if (arguments[i] == "--payloads")
            payloads = arguments[i + 1].toInt();
        else if (arguments[i] == "--rows")
            rows = arguments[i + 1].toInt();
        else if (arguments[i] == "--rounds")
            rounds = arguments[i + 1].toInt();
        else
            fail("unknown option " + arguments[i].toStdString());
    }
    if (endpointProgram.isEmpty() || payloads < 1 || rows < 1 || rounds < 1)
        fail("--endpoint is required; counts from 1");
    qputenv("MAMORI_TEST_ENDPOINT", endpointProgram.toUtf8());

    QTemporaryDir dir;
    if (!dir.isValid())
        fail("no temporary directory");
    QDir().mkpath(dir.filePath("pki"));
    TestPki pki(dir.filePath("pki"));
    pki.makeCa("ca");
    pki.makeServer("ca", "server", {"payroll.mamori.test"});
    TestEndpoint endpoint;
    endpoint.start(pki, "server", dir.filePath("store"));

    const std::string toml =
        "version = 1\n[gateway]\nendpoint = \"192.0.2.1:51820\"\n"
        "public_key = \"TymVOzvCiN924YT2uUGoyhJdQHeSg4AkbaQHXbmf918=\"\n"
        "[admin]\npublic_key = \"jic7QRvWOQRLklJVC1e//k8T/+3EnFQxAfKAG/19XZI=\"\naddress = \"10.77.0.2/32\"\n"
        "[[endpoint]]\nname = \"payroll\"\nhost = \"payroll.mamori.test\"\nport = " +
        std::to_string(endpoint.port()) + "\npurposes = [\"withholding\"]\nallow_numbers = true\nca_file = \"" +
        pki.pem("ca").toStdString() + "\"\n";
    auto allowList = parseAllowList(toml);
    if (!allowList.ok())
        fail(allowList.error().describe());
    const std::string resolve = "payroll.mamori.test:" + std::to_string(endpoint.port()) + ":127.0.0.1";
    const QByteArray payload = payrollCsvWithNumbers(rows);
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(payload.constData()),
                                              static_cast<std::size_t>(payload.size()));

    std::vector<double> bare;
    std::vector<double> courier;
    std::vector<double> scan;
    std::uint64_t sequence = 0;
    for (int round = 0; round < rounds; ++round) {
        // Bare POSTs.
        HttpsPost post;
        post.host = "payroll.mamori.test";
        post.port = endpoint.port();
        post.ca = allowList.value().endpoints.front().ca;
        post.body = bytes;
        post.contentType = "text/csv; charset=utf-8";
        post.resolve = {resolve};
        double start = nowMs();
        for (int i = 0; i < payloads; ++i) {
            post.idempotencyKey = "bare-" + std::to_string(round) + "-" + std::to_string(i);
            if (postPayload(post).kind != HttpsOutcome::Kind::Delivered)
                fail("a bare POST was not delivered");
        }
        bare.push_back((nowMs() - start) / payloads);

        // The scan alone, for the breakdown.
        start = nowMs();
        for (int i = 0; i < payloads; ++i)
            if (!scanPayload(bytes, PayloadKind::Csv).hasNumbers())
                fail("the scan found nothing");
        scan.push_back((nowMs() - start) / payloads);

        // The courier: entries as the vault leaves them (not timed), then passes until drained.
        const QString outbox = dir.filePath("outbox-" + QString::number(round));
        QDir().mkpath(outbox);
        for (int i = 0; i < payloads; ++i) {
            const QString name = QString("mamori-provide-bench-%1.csv").arg(++sequence, 8, 10, QChar('0'));
            QFile file(outbox + "/" + name);
            QFile envelope(outbox + "/" + name + ".json");
            if (!file.open(QIODevice::WriteOnly) || file.write(payload) != payload.size() ||
                !envelope.open(QIODevice::WriteOnly))
                fail("cannot write the outbox");
            envelope.write("{\"payload\":\"" + name.toUtf8() + "\",\"destination\":\"payroll\",\"auditSequence\":" +
                           QByteArray::number(static_cast<qulonglong>(sequence)) +
                           ",\"containsNumbers\":true,\"mediaType\":\"text/csv; charset=utf-8\"}");
        }
        CountingReporter reporter;
        CourierOptions options;
        options.outbox = outbox.toStdString();
        options.resolve = {resolve};
        Courier c(allowList.value(), options, reporter);
        if (!c.prepare().ok())
            fail("prepare");
        start = nowMs();
        for (int pass = 0; pass < 10; ++pass) {
            const auto result = c.runPass();
            if (!result.ok())
                fail(result.error().describe());
            if (result.value().pending == 0)
                break;
        }
        courier.push_back((nowMs() - start) / payloads);
        if (reporter.delivered != payloads)
            fail("not every payload was delivered");
    }
    endpoint.stop();

    const double b = median(bare);
    const double c = median(courier);
    std::printf("| benchmark | measured | baseline | ratio |\n|---|---|---|---|\n");
    std::printf("| courier, per provision of %d rows (%lld bytes): read, scan, 3 fsynced record writes, "
                "HTTPS POST with the CA pinned, report, 3 fsynced moves | %.2f ms | %.2f ms bare HTTPS POST, "
                "same bytes and settings | %.2fx |\n",
                rows, static_cast<long long>(payload.size()), c, b, b > 0 ? c / b : 0.0);
    std::printf("| of which the outgoing-data scan | %.3f ms | | |\n", median(scan));
    std::printf("\n%d payloads per round, %d rounds (alternating), medians.\n", payloads, rounds);
    return 0;
}
