// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-admin: the administrator's tool — pull the devices' audit logs over the tunnel, verify
// bundles offline, keep the archive, and write the 取扱状況 record, disposal certificates and the
// fleet's state. A subcommand table like wg(8); `mamori-admin VERB --help` for each verb. The verbs
// are in admin_verbs.cpp, the work in the Qt-free library; Qt is started only for a PDF.
//
// Process set-up, first thing: core dumps off (hardenProcess), and umask 077 — every file this
// tool writes (the archive, reports, PDFs) is owner-only. A looser inherited umask is replaced, with
// a warning, rather than refused: the tool never relies on it, but the administrator should know.

#include "provisioning/admin/admin_verbs.h"
#include "services/common/process_hardening.h"

#include <QGuiApplication>

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

using namespace mamori;
using namespace mamori::admin;

namespace {

struct Verb {
    const char* name;
    int (*run)(const Arguments&);
    const char* synopsis;
    const char* help;
    std::set<std::string> valueOptions;
    std::set<std::string> flagOptions;
};

const char* kExitCodes = "exit codes: 0 ok, 1 usage, 2 verification failed or damage found (also a refused\n"
                         "certificate or a value that reads as a number), 3 file or network error, 4 archive error,\n"
                         "5 device key not trusted, 6 fleet: anomalies found\n";

const Verb kVerbs[] = {
    {"verify",
     verifyVerb,
     "verify BUNDLE [--key HEX] [--after-head SEQ:HASH] [--min-counter N] [--max-uncheckpointed N]",
     "Verifies an audit bundle offline: structure, bundle signature, every entry hash and link, every signed\n"
     "checkpoint and counter, and that no entry holds a number. Says exactly what is wrong and where (the\n"
     "first damaged sequence and the kind of damage). Nothing is stored.\n"
     "  --key HEX              the device's pinned Ed25519 public key (else the bundle's own key is used,\n"
     "                         which proves only that the bundle is consistent)\n"
     "  --after-head SEQ:HASH  the head a previous verification printed: the bundle must continue it\n"
     "  --min-counter N        the newest checkpoint's TPM counter must be at least N (rollback)\n"
     "  --max-uncheckpointed N at most N entries after a checkpoint (the device's checkpoint policy)\n",
     {"--key", "--after-head", "--min-counter", "--max-uncheckpointed"},
     {}},
    {"pull",
     pullVerb,
     "pull [DEVICE...] [--tofu] [--config FILE] [--store SPEC]",
     "Pulls each device's new audit entries from its mamori-logd over the tunnel (every configured device\n"
     "when none is named), verifying each bundle before anything is stored: chain, checkpoints,\n"
     "signatures, the pinned key and continuity with the archive. A bad bundle stores nothing.\n"
     "  --tofu                 trust the key a device presents at its first pull and pin it (otherwise a\n"
     "                         device without public_key in the configuration is refused)\n",
     {},
     {"--tofu"}},
    {"import",
     importVerb,
     "import BUNDLE [--device ID] [--key HEX] [--tofu] [--store SPEC]",
     "Verifies a bundle file and adds it to the archive, exactly as pull does with what logd serves (for a\n"
     "bundle carried on a medium). The device is the one the bundle names.\n"
     "  --device ID            the configured device it must be (its key and checkpoint policy apply)\n"
     "  --key HEX              the device key, pinned if the device is new to the archive\n"
     "  --tofu                 pin the bundle's own key if the device is new and no key is known\n",
     {"--device", "--key"},
     {"--tofu"}},
    {"report",
     reportVerb,
     "report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--device ID]... [--format csv|html|pdf] [--out FILE] "
     "[--lang ja|en] [--no-operations]",
     "Writes the 取扱状況 record (record of handling) for a period from the archive: counts by clerk, action,\n"
     "purpose and subject code; disposals; exports; alerts; every operation. Each device's archive is\n"
     "verified again first. No number is ever in it.\n"
     "  --from, --to           the period, JST calendar days, both included (default: everything)\n"
     "  --device ID            only these devices (repeatable; default: every archived device)\n"
     "  --format               csv (default, UTF-8 with BOM), html or pdf (from --out's extension if not given)\n"
     "  --out FILE             where to write (owner-only); default standard output (not for pdf)\n"
     "  --lang ja|en           Japanese headings with English in parentheses (default), or English\n"
     "  --no-operations        leave out the per-operation rows (counts, disposals and alerts stay)\n",
     {"--from", "--to", "--device", "--format", "--out", "--lang"},
     {"--no-operations"}},
    {"certificate",
     certificateVerb,
     "certificate FILE [--out FILE.pdf] [--format pdf|html] [--key HEX] [--lang ja|en]",
     "Renders a disposal certificate file as a PDF after verifying its signature (a bad one is refused).\n"
     "When the archive knows the device, its pinned key must match and the certificate's audit entry must\n"
     "be the archived disposal. The PDF carries what a third party needs to verify it.\n"
     "  --out FILE             default: FILE with the extension .pdf\n"
     "  --key HEX              the device's public key to compare with\n",
     {"--out", "--format", "--key", "--lang"},
     {}},
    {"fleet",
     fleetVerb,
     "fleet [--days N] [--lang ja|en] [--config FILE] [--store SPEC]",
     "Shows every device: last pull, head sequence, checkpoint age, alerts, and anomalies over the last N\n"
     "days (default 30): archive gaps, failed pulls, stale pulls and checkpoints, failed-login bursts,\n"
     "reveal bursts, numbers shown out of hours (thresholds: README and [anomalies] in the configuration).\n",
     {"--days", "--lang"},
     {}},
};

const std::set<std::string> kGlobalValues{"--config", "--store"};

int g_argc = 0;
char** g_argv = nullptr;
std::unique_ptr<QGuiApplication> g_app;

void usage(std::FILE* to)
{
    std::fputs("usage: mamori-admin VERB [options]   (mamori-admin VERB --help)\n\n", to);
    for (const Verb& verb : kVerbs)
        std::fprintf(to, "  mamori-admin %s\n", verb.synopsis);
    std::fputs("\nevery verb takes --config FILE (default $MAMORI_ADMIN_CONFIG or ~/.config/mamori-admin/config.toml)\n"
               "and --store SPEC: an SQLite file or postgresql://… (default $MAMORI_ADMIN_STORE or\n"
               "~/.local/share/mamori-admin/archive.sqlite)\n",
               to);
    std::fputs(kExitCodes, to);
}

void verbHelp(const Verb& verb)
{
    std::printf("usage: mamori-admin %s\n\n%s\n%s", verb.synopsis, verb.help, kExitCodes);
}

// Parses argv[2..]: "--name VALUE", "--name=VALUE", flags and positionals; "--" ends options.
std::optional<Arguments> parse(const Verb& verb, int argc, char** argv, bool& help)
{
    Arguments args;
    args.verb = verb.name;
    bool options = true;
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (options && arg == "--") {
            options = false;
            continue;
        }
        if (!options || !arg.starts_with("--")) {
            args.positional.push_back(arg);
            continue;
        }
        if (arg == "--help" || arg == "-h") {
            help = true;
            return args;
        }
        std::optional<std::string> inlineValue;
        if (const auto equals = arg.find('='); equals != std::string::npos) {
            inlineValue = arg.substr(equals + 1);
            arg.resize(equals);
        }
        if (verb.valueOptions.count(arg) || kGlobalValues.count(arg)) {
            if (!inlineValue && i + 1 >= argc) {
                std::fprintf(stderr, "mamori-admin: %s needs a value\n", arg.c_str());
                return std::nullopt;
            }
            args.values[arg].push_back(inlineValue ? *inlineValue : std::string(argv[++i]));
        } else if (verb.flagOptions.count(arg) && !inlineValue) {
            args.flags.insert(arg);
        } else {
            std::fprintf(stderr, "mamori-admin: %s does not take %s (mamori-admin %s --help)\n", verb.name, arg.c_str(),
                         verb.name);
            return std::nullopt;
        }
    }
    return args;
}

} // namespace

namespace mamori::admin {

// For the PDF verbs: the fonts need a QGuiApplication; the offscreen platform needs no display.
bool ensureGuiApplication()
{
    if (g_app)
        return true;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt's own chatter (a missing XDG_RUNTIME_DIR on a console session) is not the administrator's
    // business; anything else Qt says goes to stderr with the tool's name.
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString& message) {
        if (message.startsWith(QLatin1String("QStandardPaths: ")))
            return;
        std::fprintf(stderr, "mamori-admin: Qt: %s\n", message.toLocal8Bit().constData());
    });
    g_app = std::make_unique<QGuiApplication>(g_argc, g_argv);
    return QGuiApplication::instance() != nullptr;
}

} // namespace mamori::admin

int main(int argc, char** argv)
{
    g_argc = argc;
    g_argv = argv;
    const mode_t inherited = ::umask(077);
    if (Status hardened = hardenProcess(); !hardened.ok())
        std::fprintf(stderr, "mamori-admin: warning: process hardening: %s\n", hardened.error().describe().c_str());
    if (argc < 2) {
        usage(stderr);
        return kExitUsage;
    }
    const std::string_view name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        if (argc >= 3) {
            for (const Verb& verb : kVerbs) {
                if (std::strcmp(verb.name, argv[2]) == 0) {
                    verbHelp(verb);
                    return kExitOk;
                }
            }
        }
        usage(stdout);
        return kExitOk;
    }
    for (const Verb& verb : kVerbs) {
        if (name != verb.name)
            continue;
        bool help = false;
        const auto args = parse(verb, argc, argv, help);
        if (help) {
            verbHelp(verb);
            return kExitOk;
        }
        if (!args)
            return kExitUsage;
        if ((inherited & 077) != 077)
            std::fprintf(stderr,
                         "mamori-admin: warning: umask %04o would let others read what this tool writes; "
                         "using 0077\n",
                         static_cast<unsigned>(inherited));
        const int code = verb.run(*args);
        g_app.reset(); // before static destruction: Qt's globals must outlive the application object
        return code;
    }
    std::fprintf(stderr, "mamori-admin: unknown verb '%s'\n", argv[1]);
    usage(stderr);
    return kExitUsage;
}
