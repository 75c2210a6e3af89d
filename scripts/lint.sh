#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The tree is clean under clang-format and the curated .clang-tidy. Uses build/dev's
# compile_commands.json (run scripts/test.sh or configure the dev preset first).
#   scripts/lint.sh            both checks over every C++ file git knows
#   scripts/lint.sh --format   only clang-format
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h')
echo "lint: clang-format on ${#files[@]} files"
clang-format --dry-run -Werror "${files[@]}"
[ "${1:-}" = "--format" ] && exit 0
[ -f build/dev/compile_commands.json ] || { echo "lint: configure the dev preset first (cmake --preset dev)" >&2; exit 1; }
mapfile -t sources < <(git ls-files '*.cpp' | grep -v '^tests/fuzz/')
echo "lint: clang-tidy on ${#sources[@]} sources"
# Generated Qt code is not ours; QML-facing headers are checked through their sources.
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p build/dev --quiet 2>/dev/null
echo "lint: clean"
