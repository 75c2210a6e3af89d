#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Shows Mamori running: installs what is missing, builds the dev preset, starts a software TPM
# (swtpm), builds and exercises the demo vault with its keys sealed in that TPM, and starts the
# kiosk app on its standby screen.
#
#   scripts/demo.sh          (re)start the demo; a previous run is stopped first
#   scripts/demo.sh --stop   stop exactly the processes a previous run started
#
# With a desktop (DISPLAY or WAYLAND_DISPLAY set) the kiosk opens in a 1366x768 window. Without
# one, the demo starts its own Xvfb on a free display, runs the kiosk full screen there, and saves
# a screenshot to build/demo/standby.png (taken from outside the kiosk with xwd; the kiosk itself
# cannot write its screen to disk).
#
# The TPM is swtpm on a unix socket (build/demo/tpm.sock, or /tmp/mamori-demo-$UID/tpm.sock when
# that path is too long for a unix socket), with its state in build/demo/tpm-state. The demo builds
# a new vault every run, so every run starts from a fresh TPM state; the vault's last step leaves
# the TPM in maintenance mode, which only the next run (a new swtpm) clears.
#
# Everything runs in the background. Each process's PID is in build/demo/run/<name>.pid and its
# output in build/demo/log/<name>.log. Later parts of the demo (SoftHSM2 tokens, a private
# dbus-daemon, the vault daemon) are added as more start_* functions of the same shape.
set -euo pipefail
cd "$(dirname "$0")/.."

repo=$(pwd -P)
readonly repo
readonly demo_dir=$repo/build/demo
readonly run_dir=$demo_dir/run
readonly log_dir=$demo_dir/log
readonly kiosk_bin=$repo/build/dev/kiosk/app/mamori-kiosk
readonly device_name="Mamori demo terminal"
readonly screenshot_file=$demo_dir/standby.png
readonly tpm_state=$demo_dir/tpm-state
# sun_path holds 108 bytes with the terminating NUL; the control socket is "<socket>.ctrl".
readonly unix_path_max=107
# The first start on a fresh machine builds the font cache (Noto CJK is large): be patient.
readonly window_timeout=120

say() { echo "demo: $*"; }
die() {
    echo "demo: $*" >&2
    exit 1
}

# start_background NAME EXECUTABLE [ARGS...]: starts a process in its own session with its output
# in the log directory and records its PID.
start_background() {
    local name=$1
    shift
    setsid "$@" >"$log_dir/$name.log" 2>&1 </dev/null &
    echo $! >"$run_dir/$name.pid"
    say "started $name (pid $!): $(printf '%q ' "$@")"
}

# is_ours NAME: true when the PID recorded for NAME is alive and still runs the program we started
# (a PID can be reused after a crash; never signal a stranger). Reads argv[0] from
# /proc/PID/cmdline: the kiosk makes itself non-dumpable, which hides /proc/PID/exe from its user.
is_ours() {
    local name=$1 pid_file=$run_dir/$1.pid pid argv0
    [ -f "$pid_file" ] || return 1
    pid=$(cat "$pid_file")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    argv0=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | head -n 1) || return 1
    case "$name" in
    swtpm) [ "$argv0" = swtpm ] ;;
    xvfb) [ "$argv0" = Xvfb ] ;;
    kiosk) [ "$argv0" = "$kiosk_bin" ] ;;
    *) return 1 ;;
    esac
}

# stop_process NAME: SIGTERM, up to 5 s grace, then SIGKILL; removes the PID file.
stop_process() {
    local name=$1 pid_file=$run_dir/$1.pid pid
    [ -f "$pid_file" ] || return 0
    pid=$(cat "$pid_file")
    if is_ours "$name"; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
        say "stopped $name (pid $pid)"
    fi
    rm -f "$pid_file"
}

# stop_all: stops what a previous run started, the kiosk before the display it draws on, and the
# TPM last.
stop_all() {
    stop_process kiosk
    stop_process xvfb
    rm -f "$run_dir/display"
    stop_process swtpm
    rm -f "$run_dir/tpm.tcti"
}

build() {
    scripts/install-deps.sh
    say "configuring and building the dev preset (build/dev)"
    cmake --preset dev >/dev/null
    cmake --build --preset dev -j2 --target mamori-kiosk mamori-demo-seed
}

# tpm_socket_path: prints where swtpm's command socket goes: build/demo/tpm.sock, or, when that
# path (with ".ctrl") is too long for a unix socket or holds a character the TCTI string and swtpm's
# options cannot carry, a private directory under /tmp.
tpm_socket_path() {
    local socket=$demo_dir/tpm.sock dir
    if [ "${#socket}" -le $((unix_path_max - 5)) ] && [[ $socket != *[,=]* ]]; then
        echo "$socket"
        return 0
    fi
    dir=/tmp/mamori-demo-$UID
    mkdir -m 0700 "$dir" 2>/dev/null || true
    # Never a directory someone else prepared for us (/tmp is shared).
    if [ -L "$dir" ] || [ ! -d "$dir" ] || [ ! -O "$dir" ]; then
        die "$dir is not a directory of ours"
    fi
    chmod 0700 "$dir"
    echo "$dir/tpm.sock"
}

# start_tpm: a fresh software TPM 2.0 (swtpm) on a unix socket, its state in build/demo/tpm-state
# (recreated: the demo's vault is new every run). Waits until its control channel answers and
# records the TCTI string for the vault in build/demo/run/tpm.tcti.
start_tpm() {
    command -v swtpm >/dev/null || die "swtpm is missing: install the Debian package swtpm (scripts/install-deps.sh)"
    command -v swtpm_ioctl >/dev/null ||
        die "swtpm_ioctl is missing: install the Debian package swtpm-tools (scripts/install-deps.sh)"
    [[ $tpm_state != *,* ]] || die "swtpm cannot take a state directory with a comma: $tpm_state"
    local socket
    socket=$(tpm_socket_path)
    rm -rf "$tpm_state"
    mkdir -m 0700 "$tpm_state"
    rm -f "$socket" "$socket.ctrl"
    start_background swtpm swtpm socket --tpm2 --tpmstate "dir=$tpm_state" \
        --server "type=unixio,path=$socket,mode=0600" --ctrl "type=unixio,path=$socket.ctrl,mode=0600" \
        --flags not-need-init,startup-clear
    for _ in $(seq 50); do
        if [ -S "$socket" ] && swtpm_ioctl --unix "$socket.ctrl" -c >/dev/null 2>&1; then
            echo "swtpm:path=$socket" >"$run_dir/tpm.tcti"
            say "the TPM (swtpm) answers on $socket"
            return 0
        fi
        # Alive is enough here: right after the start the PID may still be setsid's.
        kill -0 "$(cat "$run_dir/swtpm.pid")" 2>/dev/null || die "swtpm exited; see $log_dir/swtpm.log"
        sleep 0.1
    done
    die "swtpm did not answer on $socket within 5 s; see $log_dir/swtpm.log"
}

# seed_vault: builds the demo vault (build/demo/vault/) and shows it working: a payroll CSV import,
# a reveal with a card step-up, a disposal with its signed certificate, an encrypted backup and the
# verified audit chain. Its keys are provisioned into the demo TPM and unsealed from it; the last
# step puts the TPM in maintenance mode and shows that the vault then stays shut. Until the vault
# daemon and the demo IC cards arrive, the cards are software keys inside the seeding program and
# nothing here talks to the kiosk yet.
seed_vault() {
    say "building the demo vault on the TPM (synthetic company, numbers never printed)"
    "$repo/build/dev/tests/support/mamori-demo-seed" --tcti "$(cat "$run_dir/tpm.tcti")" "$demo_dir/vault" |
        sed 's/^demo-seed: /demo: vault: /'
}

# start_display: prints the X display the kiosk is to use. Uses the desktop's when there is one;
# otherwise starts Xvfb on the first free display number from :99.
start_display() {
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
        return 0
    fi
    command -v Xvfb >/dev/null || die "Xvfb is missing: install the Debian package xvfb (scripts/install-deps.sh)"
    local n free=
    for n in $(seq 99 199); do
        if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then
            free=$n
            break
        fi
    done
    [ -n "$free" ] || die "no free X display between :99 and :199"
    n=$free
    start_background xvfb Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp -noreset
    for _ in $(seq 100); do
        [ -e "/tmp/.X11-unix/X$n" ] && break
        is_ours xvfb || die "Xvfb on :$n exited; see $log_dir/xvfb.log"
        sleep 0.1
    done
    [ -e "/tmp/.X11-unix/X$n" ] || die "Xvfb on :$n did not come up; see $log_dir/xvfb.log"
    echo ":$n" >"$run_dir/display"
}

# start_kiosk: on our own Xvfb full screen, as on the terminal; on a desktop in a window.
start_kiosk() {
    if [ -f "$run_dir/display" ]; then
        start_background kiosk env DISPLAY="$(cat "$run_dir/display")" QT_QPA_PLATFORM=xcb \
            "$kiosk_bin" --device-name "$device_name"
    else
        start_background kiosk "$kiosk_bin" --device-name "$device_name" --windowed
    fi
}

# wait_for_window: until the X server lists the kiosk's "Mamori" window (bounded).
wait_for_window() {
    local display=$1
    command -v xwininfo >/dev/null || die "xwininfo is missing: install the Debian package x11-utils"
    for _ in $(seq $((window_timeout * 4))); do
        xwininfo -root -tree -display "$display" 2>/dev/null | grep -q '"Mamori"' && return 0
        # Alive is enough here: right after the start the PID may still be setsid or env, before
        # they exec the kiosk (is_ours, used before signalling, checks the program).
        kill -0 "$(cat "$run_dir/kiosk.pid")" 2>/dev/null || die "the kiosk exited; see $log_dir/kiosk.log"
        sleep 0.25
    done
    die "no kiosk window after ${window_timeout}s; see $log_dir/kiosk.log"
}

# screenshot: xwd | convert into build/demo/standby.png, retried until the screen is not blank
# (the window exists a moment before its first frame is drawn).
screenshot() {
    local display=$1 deviation
    command -v xwd >/dev/null || die "xwd is missing: install the Debian package x11-apps"
    command -v convert >/dev/null || die "convert is missing: install the Debian package imagemagick"
    wait_for_window "$display"
    for _ in $(seq 60); do
        if xwd -root -silent -display "$display" | convert xwd:- "$screenshot_file" 2>/dev/null; then
            deviation=$(convert "$screenshot_file" -format '%[fx:standard_deviation]' info:)
            if awk -v d="$deviation" 'BEGIN { exit !(d > 0) }'; then
                say "screenshot of the standby screen: $screenshot_file"
                return 0
            fi
        fi
        sleep 0.5
    done
    die "the screen stayed blank; see $log_dir/kiosk.log"
}

main() {
    case "${1:-}" in
    --stop)
        stop_all
        say "stopped"
        return 0
        ;;
    "") ;;
    *) die "usage: scripts/demo.sh [--stop]" ;;
    esac

    mkdir -p "$run_dir" "$log_dir"
    stop_all # idempotent: a second run replaces the first
    build
    start_tpm
    seed_vault
    start_display
    start_kiosk
    if [ -f "$run_dir/display" ]; then
        screenshot "$(cat "$run_dir/display")"
        say "the kiosk runs on the virtual display $(cat "$run_dir/display") (Xvfb, 1366x768)"
    else
        say "the kiosk opened a window on your desktop"
    fi
    say "PIDs in $run_dir, logs in $log_dir"
    say "stop it with: scripts/demo.sh --stop"
}

main "$@"
