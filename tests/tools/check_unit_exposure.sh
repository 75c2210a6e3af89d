#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check_unit_exposure.sh UNIT MAX: fails unless `systemd-analyze security --offline=true` rates the
# unit's overall exposure at most MAX (DESIGN §1: daemons ≤ 1.5, the vault ≤ 1.0).
set -euo pipefail
unit=$1 max=$2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is missing (Debian package systemd)" >&2; exit 1; }
output=$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1) || true
level=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$output")
[[ -n "$level" ]] || { echo "$output" >&2; echo "no exposure level in systemd-analyze's output" >&2; exit 1; }
echo "$(basename "$unit"): exposure $level (allowed: $max)"
awk -v level="$level" -v max="$max" 'BEGIN { exit !(level <= max) }'
