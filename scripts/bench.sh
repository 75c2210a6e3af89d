#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the vault and TPM benchmarks (tests/bench/README.md) and prints the results table.
#
#   scripts/bench.sh [--quick] [--runs N] [--only STEP[,STEP...]] [--rebuild-fixtures]
#
#   --quick             100,000 subjects instead of 1,000,000, smaller batches, 3 rounds: minutes
#   --runs N            interleaved rounds per ratio (default 5; medians are reported)
#   --only STEPS        a comma-separated subset of: lookup register import audit list rss tpm card scanner
#                       courier admin kiosk
#   --rebuild-fixtures  delete the cached fixtures of this version and build them again
#
# Environment: MAMORI_BENCH_BUILD_DIR (default build/bench), MAMORI_BENCH_JOBS (parallel build jobs,
# default 2). The kiosk step needs the UI: it turns MAMORI_BUILD_UI on in that build directory.
#
# Builds what the chosen steps need (Release, build/bench, -j2), builds missing fixtures once into
# build/bench-data/v<fixture version>/ (a million-subject vault takes several minutes), then runs
# every benchmark in rounds where baseline and candidate alternate, and writes
# build/bench/results.md. Every bench process runs behind number_leak_guard. Exits non-zero only
# when something fails; a missed target is a "no" in the table, not a failure.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${MAMORI_BENCH_BUILD_DIR:-$root/build/bench}
quick=0
runs=""
all_steps="lookup,register,import,audit,list,rss,tpm,card,scanner,courier,admin,kiosk"
only=$all_steps
rebuild=0

die() {
    echo "bench.sh: $*" >&2
    exit 1
}

while [[ $# -gt 0 ]]; do
    case "$1" in
    --quick) quick=1 ;;
    --runs)
        [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive whole number"
        runs=$2
        shift
        ;;
    --only)
        [[ $# -ge 2 ]] || die "--only needs a list of steps"
        only=$2
        shift
        ;;
    --rebuild-fixtures) rebuild=1 ;;
    -h | --help)
        sed -n '3,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown option $1 (try --help)" ;;
    esac
    shift
done

for step in ${only//,/ }; do
    case "$step" in
    lookup | register | import | audit | list | rss | tpm | card | scanner | courier | admin | kiosk) ;;
    *) die "unknown step '$step' (lookup register import audit list rss tpm card scanner courier admin kiosk)" ;;
    esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }

if [[ $quick -eq 1 ]]; then
    mode=quick subjects=100000 list_subjects=100000 import_rows=20000 audit_entries=100000
    lookups=5000 audited=50 registrations=100 pages=50 unseals=300 tool_sequences=15 scan_megabytes=8
    kiosk_pages=40 scroll_rows=300
    runs=${runs:-3}
else
    mode=full subjects=1000000 list_subjects=100000 import_rows=100000 audit_entries=1000000
    lookups=20000 audited=200 registrations=300 pages=100 unseals=1000 tool_sequences=30 scan_megabytes=32
    kiosk_pages=100 scroll_rows=600
    runs=${runs:-5}
fi

command -v cmake >/dev/null || die "cmake is missing (scripts/install-deps.sh)"
command -v sha256sum >/dev/null || die "sha256sum is missing (coreutils)"
command -v flock >/dev/null || die "flock is missing (util-linux)"

fixture_version=$(sed -n 's/^constexpr int kFixtureVersion = \([0-9]*\);.*/\1/p' "$root/tests/bench/bench_data.h")
[[ -n "$fixture_version" ]] || die "cannot read kFixtureVersion from tests/bench/bench_data.h"
data=$root/build/bench-data/v$fixture_version
work=$root/build/bench-data/work # the same disk as the fixtures
key=$data/bench.key
raw=$build/bench-raw.txt
table=$build/results-table.md
results=$build/results.md

trap 'echo "bench.sh: failed at line $LINENO (exit $?); the messages above say why" >&2' ERR

# One run at a time: two runs on two cores would time each other, and they share the build
# directory, the fixtures, the working copies and the results.
mkdir -p "$root/build/bench-data"
exec 9>"$root/build/bench-data/.bench.lock"
if ! flock -n 9; then
    echo "== another scripts/bench.sh is running; waiting for it to finish"
    flock 9
fi

vault_steps=0
for step in lookup register import audit list rss; do
    if wants $step; then vault_steps=1; fi
done

jobs=${MAMORI_BENCH_JOBS:-2}
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "MAMORI_BENCH_JOBS must be a positive whole number"
echo "== building the bench targets in $build (Release, -j$jobs)"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    ui=OFF
    if wants kiosk; then ui=ON; fi
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMAMORI_BUILD_UI=$ui >/dev/null
elif wants kiosk && grep -q '^MAMORI_BUILD_UI:BOOL=OFF' "$build/CMakeCache.txt"; then
    cmake "$build" -DMAMORI_BUILD_UI=ON >/dev/null # the kiosk step measures mamori-kiosk itself
fi
# Only what the chosen steps run (number_leak_guard always).
targets=(number_leak_guard)
if [[ $vault_steps -eq 1 ]]; then targets+=(mamori_vault_bench); fi
if wants lookup; then
    if pkg-config --exists sqlcipher 2>/dev/null; then
        targets+=(mamori_sqlcipher_bench)
    else
        echo "bench.sh: warning: sqlcipher not found (apt install libsqlcipher-dev): the SQLCipher rows stay empty" >&2
    fi
fi
if wants tpm; then targets+=(mamori_tpm_bench); fi
if wants card; then targets+=(mamori_smartcard_bench mamori_login_bench mamori-vaultd); fi
if wants scanner; then targets+=(mamori_scanner_bench); fi
if wants courier; then targets+=(mamori_courier_bench mamori-test-endpoint); fi
if wants admin; then targets+=(mamori_admin_bench mamori-admin); fi
if wants kiosk; then targets+=(mamori_kiosk_bench hello_quick mamori-kiosk mamori-vaultd); fi
cmake --build "$build" -j"$jobs" --target "${targets[@]}"
vault_bench=$build/tests/bench/mamori_vault_bench
tpm_bench=$build/tests/bench/mamori_tpm_bench
card_bench=$build/tests/bench/mamori_smartcard_bench
login_bench=$build/tests/bench/mamori_login_bench
vaultd=$build/services/vaultd/mamori-vaultd
cipher_bench=$build/tests/bench/mamori_sqlcipher_bench
scanner_bench=$build/tests/bench/mamori_scanner_bench
guard=$build/tests/number_leak_guard
[[ -x "$guard" ]] || die "number_leak_guard was not built"
[[ $vault_steps -eq 0 || -x "$vault_bench" ]] || die "the bench executables were not built"
have_cipher=0
[[ -x "$cipher_bench" ]] && have_cipher=1

# Runs a bench command behind the guard that fails the run if a number ever reaches the output.
run() { "$guard" "$@"; }

if [[ $rebuild -eq 1 ]]; then
    echo "== deleting the cached fixtures in $data"
    rm -rf "$data"
fi
mkdir -p "$data" "$work"

if [[ $vault_steps -eq 1 ]]; then
    echo "== fixtures ($mode) in $data (built once, reused; version $fixture_version)"
    prepare=(prepare --data "$data")
    if wants lookup || wants rss; then prepare+=(--subjects "$subjects"); fi
    if wants list; then prepare+=(--list-subjects "$list_subjects"); fi
    if wants audit; then prepare+=(--audit-entries "$audit_entries"); fi
    started=$SECONDS
    run "$vault_bench" "${prepare[@]}"
    if wants lookup && [[ $have_cipher -eq 1 ]]; then
        run "$cipher_bench" prepare --data "$data" --subjects "$subjects"
    fi
    echo "   fixtures ready after $((SECONDS - started)) s"

    # The audited operations append to the vault they run on: they get working copies, so that the
    # cached fixtures stay as built.
    copy_vault() {
        local size=$1
        cp -f "$data/vault-$size.db" "$work/vault-$size.db"
        rm -f "$work/vault-$size.db-wal" "$work/vault-$size.db-shm"
    }
    copied=""
    if wants lookup || wants rss; then
        copy_vault "$subjects"
        copied=$subjects
    fi
    if wants list && [[ "$list_subjects" != "$copied" ]]; then copy_vault "$list_subjects"; fi
    sync # let the copies' write-back finish before anything times an fsync
fi

rm -f "$raw"
started=$SECONDS
if wants lookup; then
    echo "== lookup: $runs rounds of $lookups lookups among $subjects subjects, vault and SQLCipher alternating"
    for ((r = 1; r <= runs; r++)); do
        vault_round=(lookup --vault "$work/vault-$subjects.db" --plain "$data/plain-$subjects.db" --subjects "$subjects"
            --lookups "$lookups" --audited "$audited" --seed "$r" --key "$key" --out "$raw")
        cipher_round=(lookup --data "$data" --subjects "$subjects" --lookups "$lookups" --seed "$r" --out "$raw")
        if ((r % 2 == 1)) || [[ $have_cipher -eq 0 ]]; then
            run "$vault_bench" "${vault_round[@]}"
            [[ $have_cipher -eq 0 ]] || run "$cipher_bench" "${cipher_round[@]}"
        else
            run "$cipher_bench" "${cipher_round[@]}"
            run "$vault_bench" "${vault_round[@]}"
        fi
    done
fi
if wants register; then
    echo "== register: $runs rounds of $registrations durable registrations, vault and plain SQLite"
    for ((r = 1; r <= runs; r++)); do
        run "$vault_bench" register --work "$work" --count "$registrations" --seed "$r" --key "$key" --out "$raw"
    done
    # For reference, the same where an fsync costs nothing: what is left is the code's own overhead.
    if [[ "$(stat -f -c %T /dev/shm 2>/dev/null)" == tmpfs ]]; then
        shm=$(mktemp -d /dev/shm/mamori-bench.XXXXXX)
        for ((r = 1; r <= runs; r++)); do
            run "$vault_bench" register --work "$shm" --count "$registrations" --seed "$r" --key "$key" \
                --out "$raw" --metric register_tmpfs
        done
        rm -rf "$shm"
    fi
fi
if wants import; then
    echo "== import: $runs rounds of a $import_rows-row import, vault and plain SQLite"
    for ((r = 1; r <= runs; r++)); do
        run "$vault_bench" import --work "$work" --rows "$import_rows" --seed "$r" --key "$key" --out "$raw"
    done
fi
if wants audit; then
    echo "== audit: $runs rounds verifying $audit_entries entries, vault verifier and sha256sum"
    for ((r = 1; r <= runs; r++)); do
        run "$vault_bench" audit --data "$data" --entries "$audit_entries" --seed "$r" --key "$key" --out "$raw"
    done
fi
if wants list; then
    echo "== list: $pages pages of 50 out of $list_subjects subjects"
    run "$vault_bench" list --vault "$work/vault-$list_subjects.db" --pages "$pages" --seed 1 --key "$key" --out "$raw"
fi
if wants rss; then
    echo "== rss: a fresh process with the $subjects-subject vault open"
    run "$vault_bench" rss --vault "$work/vault-$subjects.db" --subjects "$subjects" --key "$key" --out "$raw"
fi
tpm_table=$build/results-tpm.md
rm -f "$tpm_table"
if wants tpm; then
    command -v swtpm >/dev/null || die "swtpm is missing (apt install swtpm; scripts/install-deps.sh)"
    command -v tpm2_unseal >/dev/null || die "tpm2-tools is missing (apt install tpm2-tools)"
    echo "== tpm: $unseals in-process unseals and $tool_sequences tpm2-tools sequences in $runs alternating rounds, one swtpm"
    run "$tpm_bench" run --unseals "$unseals" --cli-rounds "$tool_sequences" --rounds "$runs" --out "$tpm_table"
fi
card_table=$build/results-card.md
rm -f "$card_table"
if wants card; then
    command -v softhsm2-util >/dev/null || die "softhsm2 is missing (apt install softhsm2)"
    echo "== card: mamori::smartcard login + sign vs raw PKCS#11 ($runs+ rounds), then the login round trip over D-Bus"
    run "$card_bench" run --out "$card_table"
    run "$login_bench" run --vaultd "$vaultd" --rounds 200 --out "$card_table"
fi
scanner_table=$build/results-scanner.md
rm -f "$scanner_table"
if wants scanner; then
    echo "== scanner: false-positive and detection rates, then throughput over $scan_megabytes MB against a loop and std::regex ($runs rounds)"
    run "$scanner_bench" run --megabytes "$scan_megabytes" --rounds "$runs" --out "$scanner_table"
fi
courier_table=$build/results-courier.md
rm -f "$courier_table"
if wants courier; then
    echo "== courier: one provision (read, scan, fsynced records, HTTPS POST, report) vs a bare HTTPS POST"
    run "$build/tests/bench/mamori_courier_bench" run --endpoint "$build/tests/net/mamori-test-endpoint" \
        --rounds "$runs" >"$courier_table"
fi
admin_table=$build/results-admin.md
rm -f "$admin_table"
if wants admin; then
    echo "== admin: verify 1,000,000 entries vs sha256sum; pull 100,000 entries into SQLite and PostgreSQL"
    admin_args=(run --admin "$build/provisioning/admin/mamori-admin" --work "$work/admin" --out "$admin_table"
        --rounds "$runs")
    if [[ $quick -eq 1 ]]; then admin_args+=(--verify-entries 100000 --pull-entries 10000); fi
    run "$build/tests/bench/mamori_admin_bench" "${admin_args[@]}"
fi
kiosk_table=$build/results-kiosk.md
rm -f "$kiosk_table"
if wants kiosk; then
    command -v Xvfb >/dev/null || die "Xvfb is missing (apt install xvfb)"
    command -v swtpm >/dev/null || die "swtpm is missing (apt install swtpm; scripts/install-deps.sh)"
    command -v dbus-daemon >/dev/null || die "dbus-daemon is missing (apt install dbus)"
    [[ -r /usr/lib/softhsm/libsofthsm2.so ]] || die "SoftHSM2 is missing (apt install softhsm2)"
    echo "== kiosk: start-up vs hello_quick, list pages and a scripted scroll over $list_subjects subjects ($runs rounds)"
    run "$build/tests/bench/mamori_kiosk_bench" run --kiosk "$build/kiosk/app/mamori-kiosk" \
        --hello "$build/tests/bench/hello_quick/hello_quick" --vaultd "$vaultd" --subjects "$list_subjects" \
        --rounds "$runs" --pages "$kiosk_pages" --scroll-rows "$scroll_rows" --out "$kiosk_table"
fi
echo "   benchmarks ran for $((SECONDS - started)) s"

rm -f "$table"
if [[ $vault_steps -eq 1 ]]; then
    [[ -f "$raw" ]] || die "no results were written"
    run "$vault_bench" report --raw "$raw" --out "$table" --mode "$mode" --subjects "$subjects" \
        --list-subjects "$list_subjects" --import-rows "$import_rows" --audit-entries "$audit_entries" >/dev/null
fi

flag=""
if [[ $quick -eq 1 ]]; then flag=" --quick"; fi
if [[ $only != "$all_steps" ]]; then flag+=" --only $only"; fi
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
filesystem=$(df -PT "$data" | awk 'NR == 2 { print $1 " (" $2 ")" }')
device=$(basename "$(df -P "$data" | awk 'NR == 2 { print $1 }')")
rotational=$(cat "/sys/block/$device/queue/rotational" 2>/dev/null || echo "?")
{
    echo "# Mamori benchmarks"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- mode: $mode (\`scripts/bench.sh$flag\`), $runs interleaved rounds; a ratio is the candidate's median over the baseline's median"
    echo "- machine: $(nproc) cores, ${cpu:-unknown CPU}, $memory RAM, kernel $(uname -r)"
    echo "- disk: $filesystem, rotational flag $rotational; fixtures in build/bench-data/v$fixture_version"
    echo "- tree: $(git -C "$root" describe --always --dirty 2>/dev/null || echo 'not a git checkout')"
    echo "- SQLite $(pkg-config --modversion sqlite3 2>/dev/null || echo '?'), SQLCipher $(pkg-config --modversion sqlcipher 2>/dev/null || echo 'absent')"
    if [[ -f "$table" ]]; then
        echo
        echo "## Vault"
        echo
        cat "$table"
    fi
    if [[ -f "$card_table" ]]; then
        echo
        echo "## Card login (SoftHSM2 $(softhsm2-util --version 2>/dev/null || echo '?'))"
        echo
        cat "$card_table"
    fi
    if [[ -f "$scanner_table" ]]; then
        echo
        echo "## Outgoing-data scanner (simdjson $(pkg-config --modversion simdjson 2>/dev/null || echo '?'), expat $(pkg-config --modversion expat 2>/dev/null || echo '?'))"
        echo
        cat "$scanner_table"
    fi
    if [[ -f "$courier_table" ]]; then
        echo
        echo "## Courier (libcurl $(pkg-config --modversion libcurl 2>/dev/null || echo '?'))"
        echo
        cat "$courier_table"
    fi
    if [[ -f "$admin_table" ]]; then
        echo
        echo "## mamori-admin"
        echo
        cat "$admin_table"
    fi
    if [[ -f "$kiosk_table" ]]; then
        echo
        echo "## Kiosk (Qt $(pkg-config --modversion Qt6Core 2>/dev/null || echo '?'), Xvfb $(dpkg-query -W -f '${Version}' xvfb 2>/dev/null || echo '?'))"
        echo
        cat "$kiosk_table"
    fi
    if [[ -f "$tpm_table" ]]; then
        echo
        echo "## TPM unlock (swtpm $(swtpm --version 2>/dev/null | sed -n 's/.*version \([0-9.]*\).*/\1/p'), tpm2-tss $(pkg-config --modversion tss2-esys 2>/dev/null || echo '?'))"
        echo
        cat "$tpm_table"
    fi
} >"$results"

echo
# Printed through the guard too: the table must not hold a number either.
run cat "$results"
echo
echo "written to $results"
