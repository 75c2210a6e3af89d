#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks mamori-kiosk's command line without showing a window: --help documents the options and
# offers no way to write the screen to a file; bad input exits before any window is created.
#
# Usage: check_kiosk_cli.sh <mamori-kiosk>   (run with QT_QPA_PLATFORM=offscreen)
set -uo pipefail

kiosk=$1
status=0

fail() {
    echo "FAIL: $*" >&2
    status=1
}

# run EXPECTED_EXIT PATTERN ARGS...: the exit code and a pattern in the combined output.
run() {
    local expected=$1 pattern=$2
    shift 2
    local out code
    out=$(timeout 30 "$kiosk" "$@" 2>&1)
    code=$?
    if [ "$code" -ne "$expected" ]; then
        fail "mamori-kiosk $* exited $code, expected $expected; output: $out"
    elif ! grep -q -- "$pattern" <<<"$out"; then
        fail "mamori-kiosk $*: output lacks '$pattern'; output: $out"
    else
        echo "ok: mamori-kiosk $* -> exit $code"
    fi
}

run 0 "--lang <code>" --help
run 0 "--device-name <name>" --help
run 0 "--windowed" --help
run 0 "--bus <bus>" --help
run 0 "--pkcs11-module <path>" --help
if timeout 30 "$kiosk" --help 2>&1 | grep -qi "screenshot"; then
    fail "mamori-kiosk --help offers a screenshot option; screenshots must come from outside the kiosk"
fi
run 0 "mamori-kiosk 0.1" --version
run 2 "unsupported language 'fr'" --lang fr
run 2 "unsupported language 'JA'" --lang JA
run 2 "unexpected argument 'extra'" extra
run 1 "Unknown option 'screenshot'" --screenshot /tmp/should-not-exist.png

exit "$status"
