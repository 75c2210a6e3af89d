// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The results table: reads the raw "name value" lines the bench commands appended, takes medians
// over the rounds, compares them with the targets and writes the Markdown table of
// tests/bench/README.md (benchmark | target | measured | baseline | ratio | met? | how to reproduce).
// A missed target is a row that says "no", never a failure.

#include "tests/bench/bench_data.h"

namespace mamori::bench {

// report --raw FILE --out FILE --mode full|quick|smoke --subjects N --list-subjects N
//        --import-rows N --audit-entries M
int runReport(const BenchArgs& args);

} // namespace mamori::bench
