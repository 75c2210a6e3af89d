#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The network-namespace test bed for mamori-netguard (issue 7), driven by tst_netns_egress.
#
# Builds, inside private network namespaces only (nothing touches the host's network):
#
#   kiosk ── veth ── gateway ──┬── veth ── allowed    (HTTPS, openssl s_server, test CA)
#   (netguard)   WireGuard     ├── veth ── forbidden  (HTTPS, reachable by IP if rules allowed it)
#                (wireguard-go)└── veth ── dns        (dnsmasq answering both names)
#
# applies mamori-netguard in the kiosk namespace, and checks what leaves the kiosk's outer veth
# (tcpdump -w there, read back with tcpdump -r): only WireGuard UDP to the gateway, ever.
#
# Output, one per line: "CHECK <name> PASS|FAIL <detail>", "FIGURE <name> <value>", and "DONE" at
# the end. Nothing printed carries a key, a hash or a long digit run. Every namespace, process and
# file it made is removed on exit, whatever happened (trap). Needs root.
#
# Environment: NETGUARD (path to mamori-netguard, required), FAULTS (injected faults, default 100;
# 0 skips the fault injection), KEEP_WORK=1 keeps the work directory for inspection.
set -uo pipefail

: "${NETGUARD:?NETGUARD must name the mamori-netguard binary}"
FAULTS=${FAULTS:-100}
S=$$
NS_K=mk-$S NS_G=mg-$S NS_A=ma-$S NS_F=mf-$S NS_D=md-$S
ALL_NS=("$NS_K" "$NS_G" "$NS_A" "$NS_F" "$NS_D")
WG_K=wgk$S WG_G=wgg$S
WORK=$(mktemp -d /tmp/mamori-netns.XXXXXX)
RUN=$WORK/run
CAPTURE_PID=

K_OUT=10.201.1.2 G_OUT=10.201.1.1
A_IP=10.201.2.2 F_IP=10.201.3.2 D_IP=10.201.4.2
K_TUN=10.77.0.2 G_TUN=10.77.0.1
ALLOWED=allowed.mamori.test FORBIDDEN=forbidden.mamori.test

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
    rm -f "/var/run/wireguard/$WG_K.sock" "/var/run/wireguard/$WG_G.sock"
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
    in_ns "$NS_K" ip route add default via "$G_OUT"
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
    in_ns "$NS_G" ip addr add "$G_TUN/24" dev "$WG_G" && in_ns "$NS_G" ip link set "$WG_G" up
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
            printf 'subjectAltName=DNS:%s\n' "$host" >"$host.ext"
            openssl x509 -req -in "$host.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
                -extfile "$host.ext" -out "$host.pem" 2>/dev/null || exit 1
        done
    ) || return 1
    in_ns "$NS_A" openssl s_server -quiet -www -accept 443 -cert "$pki/$ALLOWED.pem" -key "$pki/$ALLOWED.key" \
        >/dev/null 2>&1 </dev/null &
    in_ns "$NS_F" openssl s_server -quiet -www -accept 443 -cert "$pki/$FORBIDDEN.pem" -key "$pki/$FORBIDDEN.key" \
        >/dev/null 2>&1 </dev/null &
    # The upstream resolver knows both names (and one more): only the kiosk's resolver may refuse them.
    in_ns "$NS_D" dnsmasq -k --no-resolv --no-hosts --bind-interfaces --listen-address="$D_IP" \
        --address="/$ALLOWED/$A_IP" --address="/$FORBIDDEN/$F_IP" --address="/unlisted.example/$F_IP" \
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
address = "10.77.0.9/32"
[[endpoint]]
name = "allowed"
host = "$ALLOWED"
port = 443
purposes = ["withholding_slip"]
allow_numbers = true
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
    # Reported, not checked: recovery after some faults takes longer than a probe waits (open item
    # in services/net/README.md); what must hold is the zero above.
    note "allowed endpoint reached after $reached of $probes periodic probes"
}

# ---------------------------------------------------------------- main
START=$(date +%s)
setup_network || fatal "namespaces and veth pairs"
setup_keys_and_gateway || fatal "keys and the gateway's wireguard-go"
setup_services || fatal "HTTPS endpoints and the upstream resolver"
write_inputs
echo "CHECK setup PASS namespaces $NS_K $NS_G $NS_A $NS_F $NS_D"

# The ruleset must load as it is rendered (nft's own syntax check) and netguard must apply.
apply_netguard; rc=$?
check netguard_apply "$rc" "$(scrubbed "$WORK/apply.log" | tr '\n' ';' | head -c 600)"
[ "$rc" -eq 0 ] || { echo DONE; exit 1; }

scenario_applied
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
