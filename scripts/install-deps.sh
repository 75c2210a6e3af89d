#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs, with apt-get, every Debian 12 package that building, testing, the demo and the image
# tools need. Idempotent and quiet: when everything is present it does nothing and says so in one
# line. When something is missing and we are not root it fails, naming what is missing.
set -euo pipefail

# One group per purpose, so a reader can see why each package is here.
build=(build-essential cmake ninja-build pkg-config git clang clang-format clang-tidy libclang-rt-14-dev)
libs=(libsodium-dev libsqlite3-dev libssl-dev libtss2-dev libp11-kit-dev libsqlcipher-dev libtomlplusplus-dev
      libsimdjson-dev libexpat1-dev libcurl4-openssl-dev libmicrohttpd-dev libpq-dev)
qt=(qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
    qml6-module-qttest qml6-module-qtquick-shapes libqt6svg6 qt6-qpa-plugins)
tpm=(swtpm swtpm-tools tpm2-tools)
cards=(softhsm2 opensc opensc-pkcs11 pcscd pcsc-tools vsmartcard-vpcd libcacard-dev gnutls-bin libnss3-dev)
ipc=(dbus)
ui=(xvfb xauth x11-apps x11-utils imagemagick fonts-noto-cjk libxcb1-dev)
net=(iproute2 nftables dnsmasq-base wireguard-tools wireguard-go tcpdump curl openssl)
tools=(sqlite3 hyperfine valgrind poppler-utils)
store=(postgresql) # mamori-admin's fleet archive; its tests start a private server
image=(mkosi systemd systemd-container debootstrap)

wanted=("${build[@]}" "${libs[@]}" "${qt[@]}" "${tpm[@]}" "${cards[@]}" "${ipc[@]}" "${ui[@]}" "${net[@]}" "${tools[@]}" "${store[@]}" "${image[@]}")

missing=()
for p in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#wanted[@]} packages present"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run as root (or: sudo apt-get install ${missing[*]})" >&2
    exit 1
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# An apt list older than a day (or none) is refreshed once; a failure of the install shows its log.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]; then
    apt-get update -q >"$log" 2>&1 || { cat "$log" >&2; echo "install-deps: apt-get update failed" >&2; exit 1; }
fi
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-deps: apt-get install failed for: ${missing[*]}" >&2
    exit 1
fi
echo "install-deps: done"
