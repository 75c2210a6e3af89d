#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, configures, builds and runs every test with CTest.
# Its output ends with CTest's summary and its exit code is CTest's.
#
#   scripts/test.sh                 all tests (dev preset: build/dev)
#   scripts/test.sh -L unit         only one label; any arguments go to ctest
#   MAMORI_PRESET=asan scripts/test.sh -L unit    the ASan+UBSan build
set -euo pipefail
cd "$(dirname "$0")/.."

preset=${MAMORI_PRESET:-dev}
scripts/install-deps.sh

jobs=$(nproc)
echo "test.sh: configuring and building preset '$preset' with $jobs jobs"
cmake --preset "$preset" >/dev/null
if ! cmake --build --preset "$preset" -j "$jobs" >"build/$preset/build.log" 2>&1; then
    grep -E -B3 -A12 'error|FAILED' "build/$preset/build.log" | tail -n 120 >&2
    echo "test.sh: build failed (full log: build/$preset/build.log)" >&2
    exit 1
fi
echo "test.sh: build ok; running ctest"
set +e
ctest --test-dir "build/$preset" --output-on-failure -j "$jobs" "$@"
status=$?
exit $status
