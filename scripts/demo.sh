#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Shows Mamori running: installs what is missing, builds the dev preset, starts a software TPM
# (swtpm), makes the demo IC cards (SoftHSM2 tokens), builds and exercises the demo vault with its
# keys sealed in that TPM and the cards' certificates enrolled, starts a private D-Bus and the vault
# daemon (mamori-vaultd) on it, logs the clerk's card in over D-Bus, has the clerk provide three
# employees to the payroll provider with a card step-up (the payload waits in the courier's outbox)
# and the administrator read and verify the audit log and take a backup (build/demo/vault.backup),
# delivers the provision through mamori-courier and pulls the log with mamori-admin, provisions a
# second device with mamori-provision (init, a signed fleet bundle applied, a replayed and a
# tampered one refused, status), and starts the kiosk app on its standby screen.
#
#   scripts/demo.sh          (re)start the demo; a previous run is stopped first
#   scripts/demo.sh --stop   stop exactly the processes a previous run started
#   scripts/demo.sh --card clerk|officer|admin|newclerk|none
#                            "insert" that demo IC card into the kiosk's reader (or take it out)
#
# With a desktop (DISPLAY or WAYLAND_DISPLAY set) the kiosk opens in a 1366x768 window. Without
# one, the demo starts its own Xvfb on a free display, runs the kiosk full screen there, and saves
# a screenshot to build/demo/standby.png (taken from outside the kiosk with xwd; the kiosk itself
# cannot write its screen to disk).
#
# The TPM is swtpm on a unix socket (build/demo/tpm.sock, or /tmp/mamori-demo-$UID/tpm.sock when
# that path is too long for a unix socket), with its state in build/demo/tpm-state. The demo builds
# a new vault every run, so every run starts from a fresh TPM state. The seeding's last step leaves
# the TPM in maintenance mode; the demo then restarts swtpm on the same state (a reboot: the PCRs
# start afresh), which clears the lock, so that the vault daemon can open the vault.
#
# The demo IC cards are SoftHSM2 tokens in build/demo/cards (with their own softhsm2.conf, which
# SOFTHSM2_CONF names for the programs that use them), one per demo person, each with a key pair
# and a self-signed certificate made with openssl and written onto the token with pkcs11-tool (the
# key files are deleted right after). Their labels and PINs are printed. The seeding program reads
# each card's certificate from the token and enrols it; mamori-demo-login logs the clerk's card in.
#
# The vault daemon runs on a private dbus-daemon (a session-type bus of the demo's own, on
# build/demo/bus.sock, or beside the TPM socket under /tmp), on the vault in build/demo/vault.
#
# Everything runs in the background. Each process's PID is in build/demo/run/<name>.pid and its
# output in build/demo/log/<name>.log. --stop stops them in reverse order: the kiosk, Xvfb, the
# vault daemon, the bus, the TPM.
set -euo pipefail
cd "$(dirname "$0")/.."

repo=$(pwd -P)
readonly repo
readonly demo_dir=$repo/build/demo
readonly run_dir=$demo_dir/run
readonly log_dir=$demo_dir/log
readonly kiosk_bin=$repo/build/dev/kiosk/app/mamori-kiosk
readonly vaultd_bin=$repo/build/dev/services/vaultd/mamori-vaultd
readonly seed_bin=$repo/build/dev/tests/support/mamori-demo-seed
readonly login_bin=$repo/build/dev/tests/support/mamori-demo-login
readonly acts_bin=$repo/build/dev/tests/support/mamori-demo-acts
readonly backup_file=$demo_dir/vault.backup
readonly device_name="Mamori demo terminal"
# The vault's device id: mamori-demo-seed builds the vault with it; login messages are bound to it.
readonly device_id=mamori-demo
readonly vault_dir=$demo_dir/vault
readonly cards_dir=$demo_dir/cards
readonly softhsm_conf=$cards_dir/softhsm2.conf
readonly softhsm_module=/usr/lib/softhsm/libsofthsm2.so
# The demo IC cards, label:PIN:key. The labels are mamori-demo-seed's people (--card LABEL:PIN).
readonly demo_cards=(clerk:1234:ec officer:5678:rsa admin:2468:ec)
# A card made like the others but enrolled by nobody: its certificate waits on the demo's USB medium
# (build/demo/media/newclerk-login.der) for the administrator to enrol it at the kiosk.
readonly spare_card=newclerk:1357:ec
readonly card_so_pin=87654321
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
    swtpm | swtpm-it) [ "$argv0" = swtpm ] ;;
    dbus) [ "$argv0" = dbus-daemon ] ;;
    vaultd) [ "$argv0" = "$vaultd_bin" ] ;;
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

# stop_all: stops what a previous run started, the kiosk before the display it draws on, the vault
# daemon before the bus and the TPM it uses, and the TPM last.
stop_all() {
    stop_process kiosk
    stop_process xvfb
    rm -f "$run_dir/display"
    stop_process vaultd
    stop_process dbus
    rm -f "$run_dir/bus.address" "$run_dir/bus.conf"
    stop_process swtpm
    rm -f "$run_dir/tpm.tcti"
    stop_process swtpm-it
    rm -f "$run_dir/swtpm-it.tcti"
}

build() {
    scripts/install-deps.sh
    say "configuring and building the dev preset (build/dev)"
    cmake --preset dev >/dev/null
    cmake --build --preset dev -j2 --target mamori-kiosk mamori-demo-seed mamori-vaultd mamori-demo-login mamori-demo-acts
}

# socket_path NAME: prints where the unix socket NAME goes: build/demo/NAME, or, when that path
# (with ".ctrl", swtpm's control socket) is too long for a unix socket or holds a character that
# the TCTI string, swtpm's options or a D-Bus address would have to escape, a private directory
# under /tmp.
socket_path() {
    local socket=$demo_dir/$1 dir
    if [ "${#socket}" -le $((unix_path_max - 5)) ] && [[ $socket =~ ^[-A-Za-z0-9_/.]+$ ]]; then
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
    echo "$dir/$1"
}

# start_tpm [fresh|keep] [NAME STATE_DIR]: a software TPM 2.0 (swtpm) on a unix socket, its state
# in build/demo/tpm-state — recreated (fresh, the default: the demo's vault is new every run) or
# kept (keep: a restart, as at a reboot). Waits until its control channel answers and records the
# TCTI string for the vault in build/demo/run/tpm.tcti. NAME (default swtpm) and STATE_DIR start a
# second TPM, for a second device: its TCTI goes to build/demo/run/NAME.tcti.
start_tpm() {
    local state=${1:-fresh} name=${2:-swtpm} state_dir=${3:-$tpm_state} tcti_file socket
    command -v swtpm >/dev/null || die "swtpm is missing: install the Debian package swtpm (scripts/install-deps.sh)"
    command -v swtpm_ioctl >/dev/null ||
        die "swtpm_ioctl is missing: install the Debian package swtpm-tools (scripts/install-deps.sh)"
    [[ $state_dir != *,* ]] || die "swtpm cannot take a state directory with a comma: $state_dir"
    if [ "$name" = swtpm ]; then
        socket=$(socket_path tpm.sock)
        tcti_file=$run_dir/tpm.tcti
    else
        socket=$(socket_path "$name.sock")
        tcti_file=$run_dir/$name.tcti
    fi
    if [ "$state" = fresh ]; then
        rm -rf "$state_dir"
        mkdir -m 0700 "$state_dir"
    fi
    rm -f "$socket" "$socket.ctrl"
    start_background "$name" swtpm socket --tpm2 --tpmstate "dir=$state_dir" \
        --server "type=unixio,path=$socket,mode=0600" --ctrl "type=unixio,path=$socket.ctrl,mode=0600" \
        --flags not-need-init,startup-clear
    for _ in $(seq 50); do
        if [ -S "$socket" ] && swtpm_ioctl --unix "$socket.ctrl" -c >/dev/null 2>&1; then
            echo "swtpm:path=$socket" >"$tcti_file"
            say "the TPM ($name) answers on $socket"
            return 0
        fi
        # Alive is enough here: right after the start the PID may still be setsid's.
        kill -0 "$(cat "$run_dir/$name.pid")" 2>/dev/null || die "swtpm exited; see $log_dir/$name.log"
        sleep 0.1
    done
    die "swtpm did not answer on $socket within 5 s; see $log_dir/$name.log"
}

# restart_tpm: stops swtpm and starts it again on the same state, as a reboot resets the TPM: the
# PCRs start afresh, which clears the maintenance lock the seeding left; the storage key, the NV
# counter and the sealed keys stay.
restart_tpm() {
    say "restarting the TPM on the same state (as a reboot would): the PCRs start afresh, the lock is gone"
    stop_process swtpm
    rm -f "$run_dir/tpm.tcti"
    start_tpm keep
}

# make_card LABEL PIN ec|rsa WORKDIR: one demo IC card — a SoftHSM2 token with a key pair (EC P-256
# or RSA-2048) and a self-signed certificate for it, all three objects with CKA_ID 01. The key is
# made by openssl in WORKDIR and written onto the token with pkcs11-tool, as an administrator fills
# a test card; the caller deletes WORKDIR.
make_card() {
    local label=$1 pin=$2 kind=$3 work=$4 key_name card_id object type
    local key=$work/$label.key.pem tool_log=$log_dir/cards.log
    case "$kind" in
    ec)
        key_name="EC P-256"
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key" 2>>"$tool_log" ||
            die "openssl could not make a key; see $tool_log"
        ;;
    rsa)
        key_name="RSA-2048"
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key" 2>>"$tool_log" ||
            die "openssl could not make a key; see $tool_log"
        ;;
    *) die "unknown card key type $kind" ;;
    esac
    # An end-entity certificate: the card's login certificate must not be an authority.
    printf '%s\n' "[req]" "distinguished_name = dn" "prompt = no" "x509_extensions = ext" "[dn]" \
        "CN = Mamori demo $label" "[ext]" "basicConstraints = critical,CA:FALSE" \
        "keyUsage = critical,digitalSignature" >"$work/$label.cnf"
    {
        openssl req -new -x509 -config "$work/$label.cnf" -key "$key" -sha256 -days 365 -set_serial 1 \
            -outform DER -out "$work/$label.cert.der" &&
            openssl pkcs8 -topk8 -nocrypt -in "$key" -outform DER -out "$work/$label.key.p8" &&
            openssl pkey -in "$key" -pubout -outform DER -out "$work/$label.pub.der"
    } 2>>"$tool_log" || die "openssl could not make the certificate for the card '$label'; see $tool_log"
    softhsm2-util --init-token --free --label "$label" --pin "$pin" --so-pin "$card_so_pin" >>"$tool_log" 2>&1 ||
        die "softhsm2-util could not make the card '$label'; see $tool_log"
    for object in key.p8:privkey pub.der:pubkey cert.der:cert; do
        type=${object#*:}
        pkcs11-tool --module "$softhsm_module" --token-label "$label" --login --pin "$pin" \
            --write-object "$work/$label.${object%%:*}" --type "$type" --id 01 --label "$label login $type" \
            >>"$tool_log" 2>&1 || die "pkcs11-tool could not write the $type onto the card '$label'; see $tool_log"
    done
    card_id=$(sha256sum "$work/$label.pub.der" | cut -c 1-16)
    say "demo IC card '$label': PIN $pin ($key_name key on the token, card id $card_id…)"
}

# make_cards: the demo IC cards, new every run, in build/demo/cards with their own softhsm2.conf.
make_cards() {
    command -v softhsm2-util >/dev/null ||
        die "softhsm2-util is missing: install the Debian package softhsm2 (scripts/install-deps.sh)"
    [ -r "$softhsm_module" ] || die "$softhsm_module is missing: install the Debian package softhsm2"
    command -v pkcs11-tool >/dev/null ||
        die "pkcs11-tool is missing: install the Debian package opensc (scripts/install-deps.sh)"
    command -v openssl >/dev/null || die "openssl is missing: install the Debian package openssl"
    rm -rf "$cards_dir"
    mkdir -p "$cards_dir/tokens"
    chmod 0700 "$cards_dir" "$cards_dir/tokens"
    printf '%s\n' "directories.tokendir = $cards_dir/tokens" "objectstore.backend = file" "log.level = ERROR" \
        "slots.removable = true" >"$softhsm_conf"
    : >"$log_dir/cards.log"
    local work card label pin kind
    work=$(mktemp -d "$cards_dir/keys.XXXXXX")
    # Each card is also copied into a "reader" of its own (build/demo/cards/reader-LABEL, with its
    # own softhsm2.conf; SoftHSM2 follows no symbolic links there): the kiosk is started on one
    # reader, which is how a card is "inserted" (--card LABEL). The copy holds the same key and
    # certificate; only its PIN counter is its own.
    mkdir -p "$cards_dir/reader-none"
    printf '%s\n' "directories.tokendir = $cards_dir/reader-none" "objectstore.backend = file" "log.level = ERROR" \
        "slots.removable = true" >"$cards_dir/reader-none.conf"
    for card in "${demo_cards[@]}" "$spare_card"; do
        IFS=: read -r label pin kind <<<"$card"
        local before
        before=$(ls "$cards_dir/tokens")
        SOFTHSM2_CONF=$softhsm_conf make_card "$label" "$pin" "$kind" "$work"
        mkdir -p "$cards_dir/reader-$label"
        printf '%s\n' "directories.tokendir = $cards_dir/reader-$label" "objectstore.backend = file" \
            "log.level = ERROR" "slots.removable = true" >"$cards_dir/reader-$label.conf"
        for token in $(ls "$cards_dir/tokens"); do
            grep -qx "$token" <<<"$before" || cp -a "$cards_dir/tokens/$token" "$cards_dir/reader-$label/"
        done
    done
    # The spare card's login certificate on the medium (the certificate only: public).
    mkdir -p "$demo_dir/media"
    cp "$work/${spare_card%%:*}.cert.der" "$demo_dir/media/${spare_card%%:*}-login.der"
    rm -rf "$work" # the private keys now live only on the tokens
}

# card_pin LABEL: prints the demo card's PIN.
card_pin() {
    local card rest
    for card in "${demo_cards[@]}" "$spare_card"; do
        rest=${card#*:}
        if [ "${card%%:*}" = "$1" ]; then
            echo "${rest%%:*}"
            return 0
        fi
    done
    die "no demo card $1"
}

# seed_vault: builds the demo vault (build/demo/vault/) and shows it working: a payroll CSV import,
# a reveal with a step-up signed on the clerk's card, a disposal approved with the officer's card
# and its signed certificate, an encrypted backup and the verified audit chain. The people's login
# certificates are read from the demo IC cards and enrolled. Its keys are provisioned into the
# demo TPM and unsealed from it; the last step puts the TPM in maintenance mode and shows that the
# vault then stays shut (restart_tpm clears it).
seed_vault() {
    say "building the demo vault on the TPM (synthetic company, numbers never printed)"
    local card cards=()
    for card in "${demo_cards[@]}"; do
        cards+=(--card "${card%:*}")
    done
    SOFTHSM2_CONF=$softhsm_conf "$seed_bin" --tcti "$(cat "$run_dir/tpm.tcti")" "${cards[@]}" "$vault_dir" |
        sed 's/^demo-seed: /demo: vault: /'
}

# start_bus: a private dbus-daemon on a unix socket — a session-type bus with session.conf's open
# policy, for the demo only (the terminal's system bus policy is os-image/dbus/org.mamori.Vault1.conf).
# Records its address in build/demo/run/bus.address.
start_bus() {
    command -v dbus-daemon >/dev/null ||
        die "dbus-daemon is missing: install the Debian package dbus (scripts/install-deps.sh)"
    local socket config=$run_dir/bus.conf
    socket=$(socket_path bus.sock)
    rm -f "$socket"
    printf '%s\n' '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"' \
        ' "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">' '<busconfig>' '  <type>session</type>' \
        "  <listen>unix:path=$socket</listen>" '  <auth>EXTERNAL</auth>' '  <policy context="default">' \
        '    <allow send_destination="*" eavesdrop="true"/>' '    <allow eavesdrop="true"/>' '    <allow own="*"/>' \
        '  </policy>' '</busconfig>' >"$config"
    start_background dbus dbus-daemon --nofork --nopidfile --config-file="$config"
    for _ in $(seq 50); do
        if [ -S "$socket" ]; then
            echo "unix:path=$socket" >"$run_dir/bus.address"
            say "the demo's D-Bus answers on unix:path=$socket"
            return 0
        fi
        # Alive is enough here: right after the start the PID may still be setsid's.
        kill -0 "$(cat "$run_dir/dbus.pid")" 2>/dev/null || die "dbus-daemon exited; see $log_dir/dbus.log"
        sleep 0.1
    done
    die "dbus-daemon did not listen on $socket within 5 s; see $log_dir/dbus.log"
}

# start_vaultd: mamori-vaultd on the demo bus, on the demo vault with its keys unsealed from the
# (restarted) TPM. mamori-demo-login waits until its name is on the bus.
start_vaultd() {
    start_background vaultd "$vaultd_bin" --bus "$(cat "$run_dir/bus.address")" --state-dir "$vault_dir" \
        --tcti "$(cat "$run_dir/tpm.tcti")" --device-id "$device_id" \
        --courier-user "$(id -u)" --log-user "$(id -u)" # the demo runs the courier and logd as itself
}

# login_demo: the clerk's demo IC card logs in to mamori-vaultd over D-Bus and back out, and a
# forged and a replayed login are refused (tests/support/demo_login.cpp).
login_demo() {
    local pin
    pin=$(card_pin clerk)
    say "logging in to mamori-vaultd over D-Bus with the demo IC card 'clerk' (PIN $pin)"
    if ! SOFTHSM2_CONF=$softhsm_conf "$login_bin" --bus "$(cat "$run_dir/bus.address")" --device-id "$device_id" \
        --token clerk --pin "$pin" | sed 's/^demo-login: /demo: login: /'; then
        is_ours vaultd || die "mamori-vaultd exited; see $log_dir/vaultd.log"
        die "the card login failed; see above and $log_dir/vaultd.log"
    fi
    say "mamori-vaultd (pid $(cat "$run_dir/vaultd.pid")) keeps serving org.mamori.Vault1 on $(cat "$run_dir/bus.address")"
}

# acts_demo: the clerk provides three employees to the payroll provider with a step-up (the payload
# waits in the courier's outbox), and the administrator reads the log, verifies it and takes a
# backup (tests/support/demo_acts.cpp).
acts_demo() {
    say "the clerk provides data to the payroll provider; the administrator reviews the log and backs up"
    if ! SOFTHSM2_CONF=$softhsm_conf "$acts_bin" --bus "$(cat "$run_dir/bus.address")" --device-id "$device_id" \
        --clerk "$(card_pin clerk)" --admin "$(card_pin admin)" --backup "$backup_file" |
        sed 's/^demo-acts: /demo: acts: /'; then
        is_ours vaultd || die "mamori-vaultd exited; see $log_dir/vaultd.log"
        die "the acts demo failed; see above and $log_dir/vaultd.log"
    fi
    say "the provision waits in $vault_dir/outbox for mamori-courier (issue 7)"
}

# courier_demo (issue 7): mamori-courier takes the clerk's provision from the outbox and delivers it
# over HTTPS to a stand-in for the payroll provider on loopback (mamori-test-endpoint, with a CA
# made here and pinned in a demo allow-list), reports it to the vault; then mamori-logd serves the
# signed audit log on loopback (the demo's admin peer is 127.0.0.1) and the delivery is shown from
# the bundle it hands out, verified. The endpoint and logd are stopped again at the end of this
# step; mamori-vaultd must run with --courier-user and --log-user set to this user.
courier_demo() {
    local net=$demo_dir/courier pki=$demo_dir/courier/pki bin=$repo/build/dev
    local endpoint_pid logd_pid port logd_port status
    tr '\0' '\n' <"/proc/$(cat "$run_dir/vaultd.pid")/cmdline" | grep -qx -- --courier-user ||
        die "mamori-vaultd runs without --courier-user and --log-user: the courier could not report (start_vaultd)"
    say "the courier delivers the provision to the payroll provider (a loopback HTTPS endpoint with a test CA)"
    cmake --build --preset dev -j2 --target mamori-courier mamori-logd mamori-test-endpoint mamori-bundle-show mamori-admin >/dev/null ||
        die "building the courier failed"
    rm -rf "$net" && mkdir -p "$pki" "$net/received"
    {
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=Mamori demo CA" \
            -addext basicConstraints=critical,CA:TRUE -keyout "$pki/ca.key" -out "$pki/ca.pem" &&
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=payroll.mamori.demo" \
                -keyout "$pki/payroll.key" -out "$pki/payroll.csr" &&
            printf 'subjectAltName=DNS:payroll.mamori.demo\n' >"$pki/payroll.ext" &&
            openssl x509 -req -in "$pki/payroll.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial -days 2 \
                -extfile "$pki/payroll.ext" -out "$pki/payroll.pem"
    } >"$log_dir/courier-pki.log" 2>&1 || die "openssl could not make the demo endpoint's certificate"
    "$bin/tests/net/mamori-test-endpoint" --listen 127.0.0.1 --port 0 --cert "$pki/payroll.pem" \
        --key "$pki/payroll.key" --store "$net/received" >"$net/endpoint.port" 2>"$log_dir/endpoint.log" </dev/null &
    endpoint_pid=$!
    for _ in $(seq 50); do grep -q '^PORT ' "$net/endpoint.port" && break; sleep 0.1; done
    port=$(awk '$1 == "PORT" { print $2 }' "$net/endpoint.port")
    [ -n "$port" ] || die "the demo endpoint did not start; see $log_dir/endpoint.log"
    printf '%s\n' 'version = 1' '[gateway]' 'endpoint = "203.0.113.10:51820"' \
        'public_key = "TymVOzvCiN924YT2uUGoyhJdQHeSg4AkbaQHXbmf918="' '[admin]' \
        'public_key = "jic7QRvWOQRLklJVC1e//k8T/+3EnFQxAfKAG/19XZI="' 'address = "127.0.0.1/32"' '[[endpoint]]' \
        'name = "payroll"' 'host = "payroll.mamori.demo"' "port = $port" 'purposes = ["withholding"]' \
        'allow_numbers = true' "ca_file = \"$pki/ca.pem\"" 'path = "/submissions"' >"$net/allowlist.toml"
    if ! timeout 120 "$bin/services/net/mamori-courier" --outbox "$vault_dir/outbox" --allowlist "$net/allowlist.toml" \
        --bus "$(cat "$run_dir/bus.address")" --once --backoff-ms 1000 --report-retry-ms 1000 \
        --resolve "payroll.mamori.demo:$port:127.0.0.1" 2>&1 | sed 's/^mamori-courier: /demo: courier: /'; then
        kill "$endpoint_pid" 2>/dev/null
        die "the courier did not finish; see above"
    fi
    say "the payroll provider's endpoint received $(find "$net/received" -name '*.body' | wc -l) payload(s)," \
        "$(cat "$net"/received/*.body 2>/dev/null | wc -c) bytes (not shown: they hold numbers)"
    kill "$endpoint_pid" 2>/dev/null
    wait "$endpoint_pid" 2>/dev/null || true

    "$bin/services/net/mamori-logd" --allowlist "$net/allowlist.toml" --listen 127.0.0.1 --port 0 \
        --bus "$(cat "$run_dir/bus.address")" >"$log_dir/logd.log" 2>&1 </dev/null &
    logd_pid=$!
    for _ in $(seq 50); do grep -q serving "$log_dir/logd.log" && break; sleep 0.1; done
    logd_port=$(sed -n 's/.* port \([0-9]*\) to the admin peer.*/\1/p' "$log_dir/logd.log")
    [ -n "$logd_port" ] || die "mamori-logd did not start; see $log_dir/logd.log"
    status=$(curl -sS --max-time 10 -o "$net/audit.bundle" -w '%{http_code}' "http://127.0.0.1:$logd_port/v1/bundle?after=0") ||
        status=none
    # The administrator's own tool: pull (verified before it is stored), the 取扱状況 record as
    # HTML, and the disposal certificate the seeding wrote, rendered as a PDF after its signature
    # and its audit entry are checked.
    local admin=$bin/provisioning/admin/mamori-admin admin_dir=$demo_dir/admin
    rm -rf "$admin_dir"
    mkdir -p -m 0700 "$admin_dir"
    printf '[[device]]\nid = "%s"\nurl = "http://127.0.0.1:%s"\n' "$device_id" "$logd_port" >"$admin_dir/config.toml"
    { "$admin" pull --tofu --config "$admin_dir/config.toml" --store "$admin_dir/archive.sqlite" &&
        "$admin" report --config "$admin_dir/config.toml" --store "$admin_dir/archive.sqlite" \
            --out "$admin_dir/record.html" &&
        "$admin" certificate "$vault_dir/disposal-certificate-1.txt" --config "$admin_dir/config.toml" \
            --store "$admin_dir/archive.sqlite" --out "$admin_dir/disposal-certificate-1.pdf"; } 2>&1 |
        sed 's/^/demo: admin: /' || die "mamori-admin failed; see above"
    kill "$logd_pid" 2>/dev/null
    wait "$logd_pid" 2>/dev/null || true
    [ "$status" = 200 ] || die "mamori-logd answered $status; see $log_dir/logd.log"
    say "the administrator's pull from mamori-logd (GET /v1/bundle?after=0), verified; the delivery in the log:"
    "$bin/tests/net/mamori-bundle-show" "$net/audit.bundle" --last 3 --grep "delivery of entry" |
        sed 's/^/demo: log: /' || die "the pulled audit bundle does not verify"
}

# provision_demo: IT's side, on a second demo terminal with a TPM of its own (swtpm-it, state in
# build/demo/provision/tpm-state), with mamori-provision: the organisation key made on "IT's
# workstation"; `init` with the demo administrator's and officer's cards (their PINs prove that
# the cards are at hand; the recovery key is printed once, here as on a real device); a fleet
# bundle (two departments and the clerk's card) created, signed and applied, then the same bundle
# again (replayed) and a copy with one byte of its signature changed, both refused; `status`. The
# second TPM is stopped at the end; the files stay in build/demo/provision.
provision_demo() {
    local bin=$repo/build/dev p=$demo_dir/provision tool tcti rc
    tool=$bin/provisioning/provision/mamori-provision
    rm -rf "$p"
    mkdir -p -m 0700 "$p" "$p/org" "$p/state" "$p/config" "$p/bundle"
    start_tpm fresh swtpm-it "$p/tpm-state"
    tcti=$(cat "$run_dir/swtpm-it.tcti")
    local device=(--state-dir "$p/state" --config-dir "$p/config" --tcti "$tcti")
    local cards=(--pkcs11-module "$softhsm_module" --pin-fd 0)
    say "IT: the organisation key (on IT's workstation; the secret half never reaches a device)"
    "$tool" bundle keygen --out "$p/org/org.key" 2>&1 | sed 's/^/demo: provision: /' ||
        die "mamori-provision bundle keygen failed; see above"
    say "IT: mamori-provision init of device mamori-demo-2 with the admin's and the officer's cards"
    if ! printf '%s\n%s\n' "$(card_pin admin)" "$(card_pin officer)" |
        SOFTHSM2_CONF=$softhsm_conf "$tool" init --device-id mamori-demo-2 --org-key "$p/org/org.key.pub" \
            --admin-card admin --officer-card officer --vault-user "" "${device[@]}" "${cards[@]}" \
            >"$p/init.out" 2>"$log_dir/provision-init.log"; then
        die "mamori-provision init failed; see $log_dir/provision-init.log"
    fi
    sed 's/^/demo: provision: /' "$log_dir/provision-init.log" | tail -n 4
    say "IT: the recovery key, printed once by init (on a device it goes on paper, into the safe):"
    grep -v '^$' "$p/init.out" | sed 's/^/demo: provision:   /'
    rm -f "$p/init.out"

    # The bundle: two departments and the clerk's card (its certificate read off the token; no PIN).
    SOFTHSM2_CONF=$softhsm_conf pkcs11-tool --module "$softhsm_module" --token-label clerk --read-object \
        --type cert --id 01 --output-file "$p/bundle/clerk.der" >>"$log_dir/cards.log" 2>&1 ||
        die "pkcs11-tool could not read the clerk's certificate; see $log_dir/cards.log"
    printf '%s\n' 'version = 1' 'serial = 1' 'target = "mamori-demo-2"' 'description = "demo fleet settings"' \
        '[[department]]' 'code = "soumu"' 'name = "総務部"' '[[department]]' 'code = "keiri"' 'name = "経理部"' \
        '[[card]]' 'certificate = "clerk.der"' 'name = "デモ 事務担当"' 'roles = ["clerk"]' \
        'departments = ["soumu"]' >"$p/bundle/spec.toml"
    {
        "$tool" bundle create "$p/bundle/spec.toml" --out "$p/bundle/fleet-1.unsigned" &&
            "$tool" bundle sign "$p/bundle/fleet-1.unsigned" --key "$p/org/org.key" --out "$p/bundle/fleet-1.bundle" &&
            "$tool" bundle show "$p/bundle/fleet-1.bundle" --org-key "$p/org/org.key.pub"
    } 2>&1 | sed 's/^/demo: provision: /' || die "mamori-provision bundle create/sign/show failed; see above"
    say "IT: bundle apply on the device (verified inside the vault against the organisation key init pinned)"
    "$tool" bundle apply "$p/bundle/fleet-1.bundle" "${device[@]}" 2>&1 | sed 's/^/demo: provision: /' ||
        die "mamori-provision bundle apply failed; see above"
    say "IT: the same bundle again (a replay) must be refused (exit 4) and leave an alert in the log"
    rc=0
    "$tool" bundle apply "$p/bundle/fleet-1.bundle" "${device[@]}" >"$log_dir/provision-replay.log" 2>&1 || rc=$?
    sed 's/^/demo: provision: /' "$log_dir/provision-replay.log" | tail -n 2
    [ "$rc" -eq 4 ] || die "a replayed bundle was not refused (exit $rc)"
    say "IT: a copy with one byte of its signature changed must be refused (exit 4)"
    cp "$p/bundle/fleet-1.bundle" "$p/bundle/tampered.bundle"
    local size last
    size=$(stat -c %s "$p/bundle/tampered.bundle")
    last=$(tail -c 1 "$p/bundle/tampered.bundle" | od -An -tu1 | tr -d ' ')
    printf "\\$(printf '%03o' $(((last ^ 1) & 255)))" |
        dd of="$p/bundle/tampered.bundle" bs=1 seek=$((size - 1)) conv=notrunc status=none
    rc=0
    "$tool" bundle apply "$p/bundle/tampered.bundle" "${device[@]}" >"$log_dir/provision-tampered.log" 2>&1 || rc=$?
    sed 's/^/demo: provision: /' "$log_dir/provision-tampered.log" | tail -n 2
    [ "$rc" -eq 4 ] || die "a tampered bundle was not refused (exit $rc)"
    say "IT: mamori-provision status (the network left out: no tunnel in the demo)"
    rc=0
    "$tool" status --no-network "${device[@]}" >"$log_dir/provision-status.log" 2>&1 || rc=$?
    sed 's/^/demo: provision: /' "$log_dir/provision-status.log"
    [ "$rc" -eq 0 ] || die "mamori-provision status found problems (exit $rc)"
    stop_process swtpm-it
    rm -f "$run_dir/swtpm-it.tcti"
    say "the second device's files are in $p (its TPM stopped)"
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
# The kiosk talks to the demo's vault daemon on the private bus and reads IC cards through
# SoftHSM2's PKCS#11 module; its "reader" holds the card named by $1 (none: the reader is empty).
start_kiosk() {
    local card=${1:-none} conf
    conf=$cards_dir/reader-$card.conf
    [ -f "$conf" ] || die "no demo card '$card' (clerk, officer, admin, newclerk or none)"
    # The demo's "USB medium": a directory with a payroll CSV the clerk may import.
    mkdir -p "$demo_dir/media"
    [ -f "$demo_dir/media/payroll.csv" ] || cp "$repo/tests/kiosk/data/media/payroll_with_issues.csv" "$demo_dir/media/payroll.csv"
    local args=(--device-name "$device_name" --bus "$(cat "$run_dir/bus.address")" --pkcs11-module "$softhsm_module"
        --media-dir "$demo_dir/media")
    if [ -f "$run_dir/display" ]; then
        start_background kiosk env DISPLAY="$(cat "$run_dir/display")" QT_QPA_PLATFORM=xcb SOFTHSM2_CONF="$conf" \
            "$kiosk_bin" "${args[@]}"
    else
        start_background kiosk env SOFTHSM2_CONF="$conf" "$kiosk_bin" "${args[@]}" --windowed
    fi
    echo "$card" >"$run_dir/kiosk.card"
}

# insert_card LABEL|none: the kiosk again with that card in its reader (SoftHSM2 reads its token
# directory once, at start, so "inserting" a demo card restarts the kiosk on that card's reader;
# the kiosk's own removal handling is tested through the smartcard layer's slot-event seam).
insert_card() {
    local card=$1
    [ -f "$run_dir/bus.address" ] && is_ours vaultd ||
        die "the demo is not running: start it with scripts/demo.sh"
    stop_process kiosk
    start_kiosk "$card"
    if [ "$card" = none ]; then
        say "the card is out: the kiosk shows its standby screen"
    else
        say "the $card's card is in the reader: type its PIN $(card_pin "$card") on the kiosk"
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
    --card)
        [ $# -eq 2 ] || die "usage: scripts/demo.sh --card clerk|officer|admin|newclerk|none"
        insert_card "$2"
        return 0
        ;;
    "") ;;
    *) die "usage: scripts/demo.sh [--stop | --card clerk|officer|admin|newclerk|none]" ;;
    esac

    mkdir -p "$run_dir" "$log_dir"
    stop_all # idempotent: a second run replaces the first
    build
    start_tpm
    make_cards
    seed_vault
    restart_tpm
    start_bus
    start_vaultd
    login_demo
    acts_demo
    courier_demo
    provision_demo
    start_display
    start_kiosk
    if [ -f "$run_dir/display" ]; then
        screenshot "$(cat "$run_dir/display")"
        say "the kiosk runs on the virtual display $(cat "$run_dir/display") (Xvfb, 1366x768)"
    else
        say "the kiosk opened a window on your desktop"
    fi
    say "PIDs in $run_dir, logs in $log_dir"
    say "insert a demo card: scripts/demo.sh --card clerk (PIN $(card_pin clerk)), --card officer (PIN $(card_pin officer)), --card admin (PIN $(card_pin admin)); remove it: scripts/demo.sh --card none"
    say "enrol a new card at the kiosk: with the admin's card in, Cards → enrol, file ${spare_card%%:*}-login.der from the medium; then scripts/demo.sh --card ${spare_card%%:*} (PIN $(card_pin "${spare_card%%:*}"))"
    say "stop it with: scripts/demo.sh --stop"
}

main "$@"
