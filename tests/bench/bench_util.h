// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small helpers the stand-alone benchmarks share: failing loudly with the program's name, unwrapping
// a Result or failing, and order statistics. Benchmarks only — never linked into a product.

#include "services/common/result.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace mamori::bench {

inline const char*& programName()
{
    static const char* name = "bench";
    return name;
}

[[noreturn]] inline void fail(const std::string& what)
{
    std::fprintf(stderr, "%s: %s\n", programName(), what.c_str());
    std::exit(1);
}

template <typename T> T orFail(Result<T> result, const char* what)
{
    if (!result.ok())
        fail(std::string(what) + ": " + result.error().describe());
    return std::move(result).value();
}

inline double millisecondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Nearest-rank percentile (p in [0, 1]); 0 for no values.
inline double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(std::lround(p * static_cast<double>(values.size() - 1)));
    return values[std::min(index, values.size() - 1)];
}

// The median (the mean of the middle two for an even count); 0 for no values.
inline double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

} // namespace mamori::bench
