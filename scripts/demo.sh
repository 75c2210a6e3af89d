#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Placeholder until the kiosk standby screen lands (issue 2, in progress).
set -euo pipefail
echo "demo.sh: not yet implemented" >&2
exit 1
