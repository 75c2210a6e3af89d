#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The network-namespace test bed for issue 7 (mamori-netguard, mamori-courier, mamori-logd), driven
# by tst_netns_egress.
#
# Builds, inside private network namespaces only (nothing touches the host's network):
#
#   kiosk ── veth ── gateway ──┬── veth ── allowed    (HTTPS, mamori-test-endpoint, test CA; also
#   (netguard, vault,  WireGuard├── veth ── forbidden  (HTTPS, openssl s_server)    "nonum")
#    courier, logd)  (wg-go)   ├── veth ── dns        (dnsmasq answering every name)
#                              └── veth ── admin      (the administrator: a WireGuard peer of the gateway)
#
# applies mamori-netguard in the kiosk namespace, and checks what leaves the kiosk's outer veth
# (tcpdump -w there, read back with tcpdump -r): only WireGuard UDP to the gateway, ever. Then a real
# mamori-vaultd (mamori-netns-vault: swtpm, a private bus) in the kiosk's namespace hands two
# provisions to mamori-courier, which delivers the one to the allowed endpoint through the tunnel
# and blocks the one with numbers for the no-number endpoint; and the admin pulls the signed audit
# log from mamori-logd over the tunnel — the only peer logd answers.
#
# Output, one per line: "CHECK <name> PASS|FAIL <detail>", "FIGURE <name> <value>", and "DONE" at
# the end. Nothing printed carries a key, a hash or a long digit run. Every namespace, process and
# file it made is removed on exit, whatever happened (trap). Needs root.
#
# Environment: NETGUARD, COURIER, LOGD, ENDPOINT (mamori-test-endpoint), NETNS_VAULT
# (mamori-netns-vault, which needs MAMORI_VAULTD too) and BUNDLE_SHOW (paths, all required); FAULTS
# (injected faults, default 100; 0 skips the fault injection), KEEP_WORK=1 keeps the work directory
# for inspection.
set -uo pipefail

: "${NETGUARD:?NETGUARD must name the mamori-netguard binary}"
: "${COURIER:?COURIER must name the mamori-courier binary}"
: "${LOGD:?LOGD must name the mamori-logd binary}"
: "${ENDPOINT:?ENDPOINT must name the mamori-test-endpoint binary}"
: "${NETNS_VAULT:?NETNS_VAULT must name the mamori-netns-vault binary}"
: "${BUNDLE_SHOW:?BUNDLE_SHOW must name the mamori-bundle-show binary}"
: "${MAMORI_VAULTD:?MAMORI_VAULTD must name the mamori-vaultd binary}"
FAULTS=${FAULTS:-100}
S=$$
NS_K=mk-$S NS_G=mg-$S NS_A=ma-$S NS_F=mf-$S NS_D=md-$S NS_X=mx-$S
ALL_NS=("$NS_K" "$NS_G" "$NS_A" "$NS_F" "$NS_D" "$NS_X")
WG_K=wgk$S WG_G=wgg$S WG_X=wgx$S
VAULT_PID= LOGD_PID=
WORK=$(mktemp -d /tmp/mamori-netns.XXXXXX)
RUN=$WORK/run
CAPTURE_PID=

K_OUT=10.201.1.2 G_OUT=10.201.1.1
A_IP=10.201.2.2 F_IP=10.201.3.2 D_IP=10.201.4.2
K_TUN=10.77.0.2 G_TUN=10.77.0.1 X_TUN=10.77.0.9 X_OUT=10.201.5.2
ALLOWED=allowed.mamori.test FORBIDDEN=forbidden.mamori.test NONUM=nonum.mamori.test
LOGD_PORT=7480

check() { # check NAME CONDITION-EXIT-STATUS DETAIL
    local name=$1 ok=$2; shift 2
    if [ "$ok" -eq 0 ]; then echo "CHECK $name PASS $*"; else echo "CHECK $name FAIL $*"; fi
}
figure() { echo "FIGURE $1 $2"; }
note() { echo "NOTE $*"; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
# Tool output may carry hashes; keep long hex and digit runs out of the test's output.
scrubbed() { sed -E 's/[0-9a-fA-F]{12,}/<hex>/g; s/[0-9]{6,}/<n>/g' "$@"; }

cleanup() {
    set +e
    [ -n "$CAPTURE_PID" ] && kill "$CAPTURE_PID" 2>/dev/null
    stop_vault
    # Processes in our namespaces are ours (we made the namespaces); wireguard-go holds its tun
    # device, and with it the namespace, until it is killed.
    for ns in "${ALL_NS[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null; done
    done
    sleep 0.3
    for ns in "${ALL_NS[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    rm -rf "/etc/netns/$NS_K"
    rm -f "/var/run/wireguard/$WG_K.sock" "/var/run/wireguard/$WG_G.sock" "/var/run/wireguard/$WG_X.sock"
    if [ "${KEEP_WORK:-0}" = 1 ]; then echo "NOTE work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fatal() { echo "CHECK setup FAIL $*"; echo "DONE"; exit 1; }

# ---------------------------------------------------------------- namespaces and links
setup_network() {
    for ns in "${ALL_NS[@]}"; do
        ip netns add "$ns" || return 1
        in_ns "$ns" ip link set lo up
        # No IPv6 anywhere: router solicitations and MLD reports would only be noise in the capture.
        in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    done
    link() { # link NS_A IF_A ADDR_A NS_B IF_B ADDR_B
        ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" || return 1
        in_ns "$1" ip addr add "$3/24" dev "$2" && in_ns "$1" ip link set "$2" up
        in_ns "$4" ip addr add "$6/24" dev "$5" && in_ns "$4" ip link set "$5" up
    }
    link "$NS_K" k0 "$K_OUT" "$NS_G" g0 "$G_OUT" || return 1
    link "$NS_G" ga 10.201.2.1 "$NS_A" a0 "$A_IP" || return 1
    link "$NS_G" gf 10.201.3.1 "$NS_F" f0 "$F_IP" || return 1
    link "$NS_G" gd 10.201.4.1 "$NS_D" d0 "$D_IP" || return 1
    link "$NS_G" gx 10.201.5.1 "$NS_X" x0 "$X_OUT" || return 1
    in_ns "$NS_K" ip route add default via "$G_OUT"
    in_ns "$NS_X" ip route add default via 10.201.5.1
    in_ns "$NS_A" ip route add default via 10.201.2.1
    in_ns "$NS_F" ip route add default via 10.201.3.1
    in_ns "$NS_D" ip route add default via 10.201.4.1
    in_ns "$NS_G" sysctl -qw net.ipv4.ip_forward=1
    # The kiosk's processes ask the local resolver (ip netns exec binds this over /etc/resolv.conf).
    mkdir -p "/etc/netns/$NS_K" && echo "nameserver 127.0.0.1" >"/etc/netns/$NS_K/resolv.conf"
}

setup_keys_and_gateway() {
    (umask 077 && mkdir -p "$WORK/keys" && wg genkey >"$WORK/keys/kiosk.key" && wg genkey >"$WORK/keys/gateway.key" &&
        wg genkey >"$WORK/keys/gateway-other.key" && wg genkey >"$WORK/keys/admin.key") || return 1
    K_PUB=$(wg pubkey <"$WORK/keys/kiosk.key") G_PUB=$(wg pubkey <"$WORK/keys/gateway.key")
    ADMIN_PUB=$(wg pubkey <"$WORK/keys/admin.key")
    in_ns "$NS_G" env WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 wireguard-go "$WG_G" >/dev/null 2>&1 || return 1
    in_ns "$NS_G" wg set "$WG_G" listen-port 51820 private-key "$WORK/keys/gateway.key" \
        peer "$K_PUB" allowed-ips "$K_TUN/32" persistent-keepalive 5 || return 1
    # A hub keeps its peers' sessions alive; after its own link comes back it re-handshakes at once
    # instead of waiting for the kiosk's 15 s "no answer" timer.
    in_ns "$NS_G" ip addr add "$G_TUN/24" dev "$WG_G" && in_ns "$NS_G" ip link set "$WG_G" up || return 1
    # The administrator: the gateway's second peer (the device never has the admin as its own peer:
    # outside the tunnel it may reach only the gateway).
    in_ns "$NS_G" wg set "$WG_G" peer "$ADMIN_PUB" allowed-ips "$X_TUN/32" || return 1
    in_ns "$NS_X" env WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 wireguard-go "$WG_X" >/dev/null 2>&1 || return 1
    in_ns "$NS_X" wg set "$WG_X" private-key "$WORK/keys/admin.key" peer "$G_PUB" endpoint "10.201.5.1:51820" \
        allowed-ips "10.77.0.0/24" persistent-keepalive 5 || return 1
    in_ns "$NS_X" ip addr add "$X_TUN/24" dev "$WG_X" && in_ns "$NS_X" ip link set "$WG_X" up
}

setup_services() {
    local pki=$WORK/pki
    mkdir -p "$pki"
    (
        cd "$pki" || exit 1
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=Mamori test CA" \
            -addext basicConstraints=critical,CA:TRUE -keyout ca.key -out ca.pem 2>/dev/null || exit 1
        for host in "$ALLOWED" "$FORBIDDEN"; do
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$host" \
                -keyout "$host.key" -out "$host.csr" 2>/dev/null || exit 1
            # The allowed endpoint's server also answers for the no-number endpoint's name.
            if [ "$host" = "$ALLOWED" ]; then
                printf 'subjectAltName=DNS:%s,DNS:%s\n' "$host" "$NONUM" >"$host.ext"
            else
                printf 'subjectAltName=DNS:%s\n' "$host" >"$host.ext"
            fi
            openssl x509 -req -in "$host.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
                -extfile "$host.ext" -out "$host.pem" 2>/dev/null || exit 1
        done
    ) || return 1
    # The allowed (and no-number) endpoint stores every POST in $WORK/received; GET answers "ok".
    mkdir -p "$WORK/received"
    in_ns "$NS_A" "$ENDPOINT" --listen 0.0.0.0 --port 443 --cert "$pki/$ALLOWED.pem" --key "$pki/$ALLOWED.key" \
        --store "$WORK/received" >/dev/null 2>"$WORK/endpoint.log" </dev/null &
    in_ns "$NS_F" openssl s_server -quiet -www -accept 443 -cert "$pki/$FORBIDDEN.pem" -key "$pki/$FORBIDDEN.key" \
        >/dev/null 2>&1 </dev/null &
    # The upstream resolver knows every name (and one more): only the kiosk's resolver may refuse
    # them. It answers as a real resolver does: an address, or no data (AAAA) — host-record and
    # local= make it authoritative for mamori.test; without them it answered AAAA with REFUSED,
    # which kept the kiosk's dnsmasq waiting about 40 s after every tunnel outage
    # (services/net/README.md, "Recovery after a tunnel outage").
    in_ns "$NS_D" dnsmasq -k --no-resolv --no-hosts --bind-interfaces --listen-address="$D_IP" \
        --host-record="$ALLOWED,$A_IP" --host-record="$NONUM,$A_IP" --host-record="$FORBIDDEN,$F_IP" \
        --local=/mamori.test/ --address="/unlisted.example/$F_IP" \
        --log-facility=- >"$WORK/dns-upstream.log" 2>&1 &
    for _ in $(seq 50); do
        in_ns "$NS_A" bash -c ': </dev/tcp/127.0.0.1/443' 2>/dev/null &&
            in_ns "$NS_F" bash -c ': </dev/tcp/127.0.0.1/443' 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

write_inputs() {
    cat >"$WORK/allowlist.toml" <<TOML
version = 1
[gateway]
endpoint = "$G_OUT:51820"
public_key = "$G_PUB"
[admin]
public_key = "$ADMIN_PUB"
address = "$X_TUN/32"
[[endpoint]]
name = "allowed"
host = "$ALLOWED"
port = 443
purposes = ["withholding_slip"]
allow_numbers = true
ca_file = "$WORK/pki/ca.pem"
[[endpoint]]
name = "nonum"
host = "$NONUM"
port = 443
purposes = ["withholding_slip"]
allow_numbers = false
ca_file = "$WORK/pki/ca.pem"
TOML
    cat >"$WORK/netguard.toml" <<TOML
version = 1
[wireguard]
interface = "$WG_K"
private_key_file = "$WORK/keys/kiosk.key"
addresses = ["$K_TUN/32"]
persistent_keepalive = 0
[resolver]
listen = "127.0.0.1"
upstream = "$D_IP"
[logd]
port = $LOGD_PORT
TOML
}

apply_netguard() {
    in_ns "$NS_K" "$NETGUARD" apply --allowlist "$WORK/allowlist.toml" --settings "$WORK/netguard.toml" \
        --run-dir "$RUN" >"$WORK/apply.log" 2>&1
}

# ---------------------------------------------------------------- probes
counter() { # counter NAME → packets
    in_ns "$NS_K" nft list counter inet mamori "$1" 2>/dev/null | awk '$1 == "packets" { print $2 }'
}
curl_allowed() { in_ns "$NS_K" curl -sS -o /dev/null --cacert "$WORK/pki/ca.pem" --max-time "${1:-5}" "https://$ALLOWED/"; }
curl_name() { in_ns "$NS_K" curl -sS -o /dev/null --cacert "$WORK/pki/ca.pem" --max-time "${2:-3}" "https://$1/" 2>/dev/null; }
curl_forbidden_ip() { in_ns "$NS_K" curl -sS -k -o /dev/null --max-time "${1:-3}" "https://$F_IP/" 2>/dev/null; }

start_capture() { # start_capture FILE
    # Started without the in_ns function so that $! is tcpdump itself (ip netns exec execs it):
    # SIGTERM then makes it write out what it holds. --immediate-mode: no 1 s block timeout.
    ip netns exec "$NS_K" tcpdump -i k0 -nn -U --immediate-mode -w "$1" >"$1.log" 2>&1 &
    CAPTURE_PID=$!
    for _ in $(seq 50); do grep -q "listening on" "$1.log" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
stop_capture() {
    sleep 0.3 # let the last packets reach the file
    kill -TERM "$CAPTURE_PID" 2>/dev/null; wait "$CAPTURE_PID" 2>/dev/null; CAPTURE_PID=
}
# What left or reached the kiosk's outer veth that is not WireGuard between kiosk and gateway
# (ARP aside: it carries no data and is how the kiosk finds the gateway at all).
WG_FILTER="udp and host $G_OUT and port 51820"
count_packets() { tcpdump -r "$1" -nn 2>/dev/null | wc -l; }
count_wireguard() { tcpdump -r "$1" -nn "$WG_FILTER" 2>/dev/null | wc -l; }
count_leaks() { tcpdump -r "$1" -nn "not arp and not ($WG_FILTER)" 2>/dev/null | wc -l; }
show_leaks() { tcpdump -r "$1" -nn "not arp and not ($WG_FILTER)" 2>/dev/null | head -n 5 | scrubbed | sed 's/^/NOTE leak: /'; }

handshake_age() { # NS IFACE → seconds since the latest handshake ("never" if none); no key printed
    local when
    when=$(in_ns "$1" wg show "$2" latest-handshakes 2>/dev/null | awk 'NR == 1 { print $2 }')
    if [ -z "$when" ] || [ "$when" = 0 ]; then echo never; else echo $(( $(date +%s) - when )); fi
}

# ---------------------------------------------------------------- scenarios
scenario_applied() {
    local cap=$WORK/applied.pcap before after rc
    start_capture "$cap" || { check capture_started 1 "tcpdump did not start"; return; }
    for _ in 1 2 3; do curl_allowed 5 2>"$WORK/curl.err" && break; sleep 0.5; done
    rc=$?
    check allowed_by_name_through_tunnel "$rc" "curl --cacert https://$ALLOWED/ exit $rc $(head -c 200 "$WORK/curl.err")"

    curl_name "$FORBIDDEN"; rc=$?
    check forbidden_name_does_not_resolve "$([ "$rc" -eq 6 ] && echo 0 || echo 1)" "curl exit $rc (6: could not resolve)"
    curl_name unlisted.example; rc=$?
    check unlisted_name_does_not_resolve "$([ "$rc" -eq 6 ] && echo 0 || echo 1)" "curl exit $rc (6: could not resolve)"

    before=$(counter drop_output)
    curl_forbidden_ip 3; rc=$?
    after=$(counter drop_output)
    check forbidden_by_ip_dropped "$([ "$rc" -ne 0 ] && [ "$after" -gt "$before" ] && echo 0 || echo 1)" \
        "curl exit $rc; drop_output $before -> $after"
    figure forbidden_ip_drops $((after - before))

    in_ns "$NS_K" "$NETGUARD" status --settings "$WORK/netguard.toml" --run-dir "$RUN" >"$WORK/status.txt" 2>&1
    rc=$?
    grep -q '^tunnel: up' "$WORK/status.txt" && grep -q '^ruleset: loaded as applied' "$WORK/status.txt" &&
        grep -q '^resolver: running' "$WORK/status.txt" && grep -q '^set ep_allowed_v4: 1 addresses' "$WORK/status.txt"
    check status_reports_healthy "$(( $? + rc ))" "exit $rc; $(grep -E '^(tunnel|resolver|set ep_allowed_v4)' "$WORK/status.txt" | tr '\n' ';')"

    stop_capture
    local total wg leaks
    total=$(count_packets "$cap") wg=$(count_wireguard "$cap") leaks=$(count_leaks "$cap")
    show_leaks "$cap"
    figure applied_packets "$total"
    figure applied_wireguard_packets "$wg"
    figure applied_leaks "$leaks"
    check capture_only_wireguard "$([ "$leaks" -eq 0 ] && [ "$wg" -gt 0 ] && echo 0 || echo 1)" \
        "$total packets on the outer veth, $wg WireGuard to the gateway, $leaks other"
}

# ---------------------------------------------------------------- courier and logd
stop_vault() {
    if [ -n "$LOGD_PID" ]; then kill "$LOGD_PID" 2>/dev/null; wait "$LOGD_PID" 2>/dev/null; LOGD_PID=; fi
    if [ -n "$VAULT_PID" ]; then
        # mamori-netns-vault stops its daemon, bus and swtpm itself (and removes their files).
        kill "$VAULT_PID" 2>/dev/null
        for _ in $(seq 100); do kill -0 "$VAULT_PID" 2>/dev/null || break; sleep 0.1; done
        wait "$VAULT_PID" 2>/dev/null; VAULT_PID=
    fi
}

admin_get() { # admin_get PATH OUT → HTTP status (000 when nothing answered); headers in OUT.headers
    in_ns "$NS_X" curl -sS --max-time "${3:-5}" -o "$2" -D "$2.headers" -w '%{http_code}' \
        "http://$K_TUN:$LOGD_PORT$1" 2>/dev/null
}

scenario_courier_and_logd() {
    local cap=$WORK/courier.pcap outbox=$WORK/outbox rc line allowed_seq= nonum_seq= allowed_file= nonum_file=
    mkdir -p "$outbox"
    # The vault, in the kiosk's namespace (its swtpm and bus are local to it), with two provisions.
    ip netns exec "$NS_K" "$NETNS_VAULT" --outbox "$outbox" >"$WORK/vault.out" 2>"$WORK/vault.log" </dev/null &
    VAULT_PID=$!
    for _ in $(seq 600); do grep -q '^READY' "$WORK/vault.out" && break; kill -0 "$VAULT_PID" 2>/dev/null || break; sleep 0.1; done
    if ! grep -q '^READY' "$WORK/vault.out"; then
        check vault_ready 1 "mamori-netns-vault did not get ready: $(tail -n 3 "$WORK/vault.log" | scrubbed | tr '\n' ';')"
        return
    fi
    BUS=$(awk '$1 == "BUS" { print $2 }' "$WORK/vault.out")
    read -r _ _ allowed_seq allowed_file < <(grep '^PROVIDED allowed ' "$WORK/vault.out")
    read -r _ _ nonum_seq nonum_file < <(grep '^PROVIDED nonum ' "$WORK/vault.out")
    check vault_ready 0 "mamori-vaultd with provisions $allowed_seq (allowed) and $nonum_seq (nonum) in the outbox"

    # The courier, through the tunnel, with the kiosk's resolver (no --resolve): once through the outbox.
    start_capture "$cap" || { check courier_capture 1 "tcpdump did not start"; return; }
    local t0=$SECONDS
    timeout 120 ip netns exec "$NS_K" "$COURIER" --outbox "$outbox" --allowlist "$WORK/allowlist.toml" \
        --bus "$BUS" --once --backoff-ms 1000 >"$WORK/courier.log" 2>&1
    rc=$?
    figure courier_seconds $((SECONDS - t0))
    local received key
    received=$(find "$WORK/received" -name '*.body' | wc -l)
    key=$(awk '$1 == "key" { print $2 }' "$WORK/received/1.meta" 2>/dev/null)
    check courier_delivers_allowed "$([ "$rc" -eq 0 ] && [ "$received" -eq 1 ] && [ "$key" = "$allowed_file" ] &&
        [ -f "$outbox/done/$allowed_file" ] && echo 0 || echo 1)" \
        "courier exit $rc; the endpoint received $received payload(s), the first named ${key:-none}; $(grep -c . "$WORK/courier.log") log lines"
    check courier_blocks_numbers "$([ -f "$outbox/failed/$nonum_file" ] && [ "$received" -eq 1 ] &&
        grep -q "entry $nonum_seq blocked: outgoing-data scan" "$WORK/courier.log" && echo 0 || echo 1)" \
        "$(grep "entry $nonum_seq" "$WORK/courier.log" | head -n 1 | scrubbed)"
    figure courier_received "$received"

    # logd on the tunnel address; the admin pulls over WireGuard through the gateway.
    ip netns exec "$NS_K" "$LOGD" --allowlist "$WORK/allowlist.toml" --listen "$K_TUN" --port "$LOGD_PORT" \
        --bus "$BUS" >"$WORK/logd.log" 2>&1 </dev/null &
    LOGD_PID=$!
    for _ in $(seq 50); do grep -q 'serving' "$WORK/logd.log" && break; sleep 0.1; done
    local status head=0 last
    for _ in $(seq 10); do status=$(admin_get /v1/head "$WORK/head.json" 3); [ "$status" = 200 ] && break; sleep 0.5; done
    head=$(sed -n 's/.*"headSequence": \([0-9]*\).*/\1/p' "$WORK/head.json" 2>/dev/null)
    check logd_answers_admin "$([ "$status" = 200 ] && grep -q '"deviceId": "mamori-netns"' "$WORK/head.json" && echo 0 || echo 1)" \
        "GET /v1/head from the admin's namespace over the tunnel: HTTP $status, head ${head:-?}"
    status=$(admin_get "/v1/bundle?after=0" "$WORK/bundle" 10)
    "$BUNDLE_SHOW" "$WORK/bundle" --last 50 --grep "delivery of entry" >"$WORK/bundle.txt" 2>&1
    rc=$?
    last=$(sed -n 's/.*entries [0-9]*-\([0-9]*\),.*/\1/p' "$WORK/bundle.txt")
    check logd_bundle_verifies "$([ "$status" = 200 ] && [ "$rc" -eq 0 ] && echo 0 || echo 1)" \
        "HTTP $status; $(head -n 1 "$WORK/bundle.txt")"
    check delivery_in_pulled_log "$(grep -q "delivery of entry $allowed_seq delivered: HTTP 201" "$WORK/bundle.txt" &&
        grep -q "delivery of entry $nonum_seq blocked" "$WORK/bundle.txt" && echo 0 || echo 1)" \
        "$(sed -n '2,3p' "$WORK/bundle.txt" | sed 's/^ *//' | tr '\n' ';')"
    status=$(admin_get "/v1/bundle?after=${last:-0}" "$WORK/bundle2" 5)
    check logd_nothing_after_head "$([ "$status" = 204 ] && echo 0 || echo 1)" "GET /v1/bundle?after=${last:-?}: HTTP $status"

    # No one else: the gateway (a tunnel address, not the admin's) is dropped by nftables; a
    # connection from the kiosk itself reaches logd over loopback and gets its own 403.
    local before_in after_in
    before_in=$(counter drop_input)
    in_ns "$NS_G" curl -sS --max-time 3 -o /dev/null "http://$K_TUN:$LOGD_PORT/v1/head" 2>/dev/null
    rc=$?
    after_in=$(counter drop_input)
    check logd_refuses_others_in_tunnel "$([ "$rc" -ne 0 ] && [ "$after_in" -gt "$before_in" ] && echo 0 || echo 1)" \
        "from the gateway's tunnel address: curl exit $rc; drop_input $before_in -> $after_in"
    status=$(in_ns "$NS_K" curl -sS --max-time 3 -o /dev/null -w '%{http_code}' "http://$K_TUN:$LOGD_PORT/v1/head" 2>/dev/null)
    check logd_refuses_other_sources "$([ "$status" = 403 ] && echo 0 || echo 1)" \
        "from the kiosk's own address (nftables lets loopback through): HTTP $status"
    stop_capture
    local leaks total
    total=$(count_packets "$cap") leaks=$(count_leaks "$cap")
    show_leaks "$cap"
    figure courier_logd_packets "$total"
    figure courier_logd_leaks "$leaks"
    check courier_logd_only_wireguard "$([ "$leaks" -eq 0 ] && echo 0 || echo 1)" \
        "$total packets on the outer veth while the courier sent and the admin pulled, $leaks not WireGuard"
    stop_vault
}

# Runs traffic while the tunnel cannot work; nothing may leave in clear text, nothing may succeed.
scenario_broken_tunnel() { # NAME BREAK-COMMAND REPAIR-COMMAND
    local name=$1 break_cmd=$2 repair_cmd=$3 cap=$WORK/$1.pcap rc1 rc2 rc3 leaks total
    start_capture "$cap" || { check "${name}_capture" 1 "tcpdump did not start"; return; }
    eval "$break_cmd"
    sleep 0.2
    curl_allowed 3 2>/dev/null & local p1=$!
    curl_forbidden_ip 2 & local p2=$!
    curl_name "$ALLOWED" 2 & local p3=$!
    wait "$p1"; rc1=$?; wait "$p2"; rc2=$?; wait "$p3"; rc3=$?
    stop_capture
    total=$(count_packets "$cap") leaks=$(count_leaks "$cap")
    show_leaks "$cap"
    figure "${name}_packets" "$total"
    figure "${name}_leaks" "$leaks"
    check "${name}_no_leak" "$([ "$leaks" -eq 0 ] && echo 0 || echo 1)" "$total packets captured, $leaks not WireGuard"
    check "${name}_no_fallback" "$([ "$rc1" -ne 0 ] && [ "$rc2" -ne 0 ] && [ "$rc3" -ne 0 ] && echo 0 || echo 1)" \
        "curl exits: allowed $rc1, forbidden IP $rc2, allowed again $rc3 (all must fail)"
    eval "$repair_cmd"
    # WireGuard starts a new handshake 15 s after data went unanswered (and retries every 5 s):
    # give recovery up to about 45 s.
    local ok=1 t0=$SECONDS
    for _ in $(seq 15); do curl_allowed 3 2>/dev/null && { ok=0; break; }; sleep 0.2; done
    check "${name}_recovers" "$ok" "allowed endpoint reached again $((SECONDS - t0)) s after the repair;" \
        "handshake ages: kiosk $(handshake_age "$NS_K" "$WG_K") s, gateway $(handshake_age "$NS_G" "$WG_G") s"
}

scenario_positive_control() {
    # Without the ruleset and the tunnel routes the kiosk reaches the forbidden endpoint by IP in
    # clear text: the detector must see it, or its zeros above prove nothing.
    local cap=$WORK/control.pcap rc leaks
    start_capture "$cap" || { check positive_control 1 "tcpdump did not start"; return; }
    in_ns "$NS_K" nft delete table inet mamori
    in_ns "$NS_K" ip route del 0.0.0.0/1 dev "$WG_K"
    in_ns "$NS_K" ip route del 128.0.0.0/1 dev "$WG_K"
    curl_forbidden_ip 3; rc=$?
    stop_capture
    leaks=$(count_leaks "$cap")
    figure control_leaks "$leaks"
    check positive_control_detects_leak "$([ "$leaks" -gt 0 ] && [ "$rc" -eq 0 ] && echo 0 || echo 1)" \
        "ruleset deleted: curl -k https://$F_IP/ exit $rc, $leaks clear-text packets seen"
    apply_netguard
    check reapply_after_control $? "mamori-netguard apply"
}

inject_faults() {
    local cap=$WORK/faults.pcap kinds=(peer_down route_deleted nft_reload interface_deleted resolver_restarted)
    local i kind before after reached=0 probes=0 applied_ok=0 leaks total
    declare -A count=()
    start_capture "$cap" || { check faults_capture 1 "tcpdump did not start"; return; }
    before=$(counter drop_output)
    local drops=0
    for i in $(seq "$FAULTS"); do
        kind=${kinds[$((RANDOM % ${#kinds[@]}))]}
        count[$kind]=$(( ${count[$kind]:-0} + 1 ))
        case $kind in
        peer_down) in_ns "$NS_G" ip link set "$WG_G" down ;;
        route_deleted) in_ns "$NS_K" ip route del 0.0.0.0/1 dev "$WG_K" 2>/dev/null
                       in_ns "$NS_K" ip route del 128.0.0.0/1 dev "$WG_K" 2>/dev/null ;;
        nft_reload) in_ns "$NS_K" nft -f "$RUN/mamori.nft" ;;
        interface_deleted) in_ns "$NS_K" ip link del "$WG_K" 2>/dev/null ;;
        resolver_restarted) kill "$(cat "$RUN/dnsmasq.pid")" 2>/dev/null ;;
        esac
        # Traffic during the fault: the allowed name, the forbidden address, a lookup.
        curl_allowed 0.7 2>/dev/null & local p1=$!
        curl_forbidden_ip 0.7 & local p2=$!
        curl_name "$ALLOWED" 0.7 & local p3=$!
        wait "$p1" "$p2" "$p3" 2>/dev/null
        # Repair, the way the device would: the peer comes back, or netguard is applied again.
        case $kind in
        peer_down) in_ns "$NS_G" ip link set "$WG_G" up ;;
        nft_reload) ;; # the resolver refills the emptied sets on the next lookup (no cache)
        *) after=$(counter drop_output); drops=$((drops + ${after:-0} - ${before:-0}))
           apply_netguard && applied_ok=$((applied_ok + 1)); before=$(counter drop_output) ;;
        esac
        if [ $((i % 10)) -eq 0 ]; then
            probes=$((probes + 1))
            for _ in 1 2 3 4 5 6; do curl_allowed 2 2>/dev/null && { reached=$((reached + 1)); break; }; sleep 0.3; done
        fi
    done
    after=$(counter drop_output); drops=$((drops + ${after:-0} - ${before:-0}))
    stop_capture
    total=$(count_packets "$cap") leaks=$(count_leaks "$cap")
    show_leaks "$cap"
    for kind in "${kinds[@]}"; do figure "faults_$kind" "${count[$kind]:-0}"; done
    figure faults_injected "$FAULTS"
    figure faults_packets "$total"
    figure faults_wireguard_packets "$(count_wireguard "$cap")"
    figure faults_drops "$drops"
    figure faults_leaks "$leaks"
    figure faults_recovery_probes "$reached/$probes"
    check faults_no_leak "$([ "$leaks" -eq 0 ] && echo 0 || echo 1)" "$FAULTS faults, $total packets captured, $leaks not WireGuard"
    # Each probe tries for about 14 s; the tunnel recovers at once from every kind of fault.
    check faults_recover "$([ "$reached" -eq "$probes" ] && echo 0 || echo 1)" \
        "allowed endpoint reached after $reached of $probes periodic probes"
}

# ---------------------------------------------------------------- main
START=$(date +%s)
setup_network || fatal "namespaces and veth pairs"
setup_keys_and_gateway || fatal "keys and the gateway's wireguard-go"
setup_services || fatal "HTTPS endpoints and the upstream resolver"
write_inputs
echo "CHECK setup PASS namespaces $NS_K $NS_G $NS_A $NS_F $NS_D $NS_X"

# The ruleset must load as it is rendered (nft's own syntax check) and netguard must apply.
apply_netguard; rc=$?
check netguard_apply "$rc" "$(scrubbed "$WORK/apply.log" | tr '\n' ';' | head -c 600)"
[ "$rc" -eq 0 ] || { echo DONE; exit 1; }

scenario_applied
scenario_courier_and_logd
scenario_broken_tunnel gateway_key_changed \
    'in_ns "$NS_G" wg set "$WG_G" private-key "$WORK/keys/gateway-other.key"' \
    'in_ns "$NS_G" wg set "$WG_G" private-key "$WORK/keys/gateway.key"'
scenario_broken_tunnel peer_down \
    'in_ns "$NS_G" ip link set "$WG_G" down' \
    'in_ns "$NS_G" ip link set "$WG_G" up'
scenario_broken_tunnel interface_deleted \
    'in_ns "$NS_K" ip link del "$WG_K"' \
    'apply_netguard'
# A broken allow-list: apply fails and must leave drop-all in place (nothing leaves at all).
cp "$WORK/allowlist.toml" "$WORK/allowlist.good"
echo 'colour = "red"' >>"$WORK/allowlist.toml"
scenario_broken_tunnel broken_allowlist 'apply_netguard' 'cp "$WORK/allowlist.good" "$WORK/allowlist.toml"; apply_netguard'
scenario_positive_control
if [ "$FAULTS" -gt 0 ]; then inject_faults; else note "fault injection skipped (FAULTS=0)"; fi
figure seconds $(( $(date +%s) - START ))
echo DONE
