#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that built executables carry the hardening cmake/MamoriFlags.cmake asks for: PIE, full
# RELRO (GNU_RELRO + BIND_NOW), a non-executable stack and the stack protector.
# Usage: check_hardening.sh BINARY...
set -euo pipefail
command -v readelf >/dev/null || { echo "readelf is missing: install the Debian package binutils" >&2; exit 1; }
status=0
for binary in "$@"; do
    fail() { echo "FAIL $binary: $*"; status=1; }
    header=$(readelf -h "$binary")
    segments=$(readelf -lW "$binary")
    dynamic=$(readelf -dW "$binary")
    symbols=$(readelf -sW --dyn-syms "$binary") # captured: grep -q on a pipe would SIGPIPE readelf
    grep -q 'Type:.*DYN' <<<"$header" || fail "not a position-independent executable"
    grep -q 'GNU_RELRO' <<<"$segments" || fail "no GNU_RELRO segment"
    grep -Eq 'BIND_NOW|FLAGS_1.*NOW' <<<"$dynamic" || fail "not linked with -z now"
    stack=$(grep -E 'GNU_STACK' <<<"$segments" || true)
    [[ $stack == *RWE* ]] && fail "executable stack"
    grep -q '__stack_chk_fail' <<<"$symbols" || fail "no stack protector"
    [ "$status" -eq 0 ] && echo "ok   $binary: PIE, full RELRO, NX stack, stack protector"
    true
done
exit "$status"
