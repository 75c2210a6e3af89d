#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks kiosk/i18n/*.ts against the sources: running lupdate (with the options of the
# update_translations target) on a copy must change nothing, and no message may be left
# unfinished, empty, vanished or obsolete.
#
# Usage: check_translations.sh <lupdate> <source dir>
set -euo pipefail

lupdate=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ts_files=("$src"/kiosk/i18n/*.ts)
[ -e "${ts_files[0]}" ] || { echo "FAIL: no .ts files in $src/kiosk/i18n" >&2; exit 1; }

copies=()
for ts in "${ts_files[@]}"; do
    cp "$ts" "$tmp/"
    copies+=("$tmp/$(basename "$ts")")
done

# Same options as LUPDATE_OPTIONS in kiosk/ui/CMakeLists.txt.
"$lupdate" -silent -no-obsolete -locations none "$src/kiosk/ui" -ts "${copies[@]}"

status=0
for ts in "${ts_files[@]}"; do
    name=$(basename "$ts")
    if ! diff -u "$ts" "$tmp/$name"; then
        echo "FAIL: $name is out of sync with the sources;" \
             "run: cmake --build --preset dev --target update_translations, then translate" >&2
        status=1
    fi
    if grep -n -E 'type="(unfinished|vanished|obsolete)"|<translation></translation>|<translation/>' "$ts"; then
        echo "FAIL: $name has unfinished, empty or stale messages (lines above)" >&2
        status=1
    fi
    messages=$(grep -c '<message' "$ts" || true)
    translations=$(grep -c '<translation>[^<]' "$ts" || true)
    if [ "$messages" -eq 0 ] || [ "$messages" -ne "$translations" ]; then
        echo "FAIL: $name: $messages messages but $translations translations" >&2
        status=1
    fi
    [ "$status" -ne 0 ] || echo "ok: $name ($messages messages, all translated, in sync)"
done
exit "$status"
