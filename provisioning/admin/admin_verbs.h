// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// mamori-admin's verbs, each a function from parsed arguments to an exit code (README.md, "Exit
// codes"). The table and the argument parser are in admin_main.cpp; the work is in the Qt-free
// library (mamori_admin), except the PDF (pdf_writer.h). Verbs print results to stdout and
// problems to stderr, once, here at the edge; the library never prints.

#include <map>
#include <set>
#include <string>
#include <vector>

namespace mamori::admin {

enum ExitCode : int {
    kExitOk = 0,
    kExitUsage = 1,
    kExitDamaged = 2,   // verification failed, damage found, a bad signature, the number fence
    kExitIo = 3,        // a file could not be read or written; a device could not be reached
    kExitArchive = 4,   // the archive could not be opened, read or written
    kExitUntrusted = 5, // no pinned key for a device, or a key conflict
    kExitAnomalies = 6, // fleet: at least one device shows an anomaly
};

struct Arguments {
    std::string verb;
    std::map<std::string, std::vector<std::string>> values; // --name VALUE (repeatable)
    std::set<std::string> flags;                            // --name
    std::vector<std::string> positional;

    bool has(const std::string& name) const { return values.count(name) || flags.count(name); }
    // The last value given, or `fallback`.
    std::string value(const std::string& name, const std::string& fallback = {}) const;
};

int verifyVerb(const Arguments& args);
int pullVerb(const Arguments& args);
int importVerb(const Arguments& args);
int reportVerb(const Arguments& args);
int certificateVerb(const Arguments& args);
int fleetVerb(const Arguments& args);

} // namespace mamori::admin
