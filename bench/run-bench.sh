#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Confab developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the IPK24 benchmarks against the reference server (bench/refserver) and against the
# Confab server, then prints a Markdown table with both figures and their ratio.
# Every server is started here on 127.0.0.1 with a free port, gets a fresh process per scenario
# and is stopped by its pid. Every run is bounded (BENCH_TIMEOUT). Loopback traffic only.
#
# Usage: bench/run-bench.sh [SCENARIO...]   (default: all of BENCH_SCENARIOS)
#
# Environment (defaults in brackets):
#   CONFAB_SERVER         server command, used as given; the word PORT is replaced by the chosen
#                         port [$CONFAB_BUILD_DIR/app-server/confab-server --headless -l 127.0.0.1
#                         -p PORT --quiet, plus the BENCH flags below that its --help lists]
#   CONFAB_BENCH_FLAGS    [1] 0: do not add the benchmark flags to the default command. They lift
#                         the abuse limits (per-IP connections, MSG rate, idle/login timeouts,
#                         send queue) to refserver's level, use the spec's open mode without
#                         accounts, and keep any account database in memory, so that the two
#                         servers do the same work and no file is written.
#   CONFAB_BUILD_DIR      the project's build directory [<repo>/build]
#   BENCH_BUILD_DIR       where bench/ is built on its own [$CONFAB_BUILD_DIR/bench's targets if
#                         that tree has them (add_subdirectory(bench)), else
#                         ${TMPDIR:-/tmp}/confab-bench-build]
#   BENCH_SCENARIOS       [connect connect-udp rtt rtt-idle rtt-udp fanout fanout-udp]
#   BENCH_CONNECT_N [10000]  BENCH_CONNECT_WINDOW [500]
#   BENCH_UDP_CONNECT_N [2000]  BENCH_UDP_CONNECT_WINDOW [$BENCH_CONNECT_WINDOW]
#   BENCH_IDLE_N [10000]  BENCH_RTT_SAMPLES [2000]  BENCH_GROUP [50]
#   BENCH_FANOUT_MEMBERS [100]  BENCH_FANOUT_SENDERS [4]  BENCH_FANOUT_SECONDS [10]
#   BENCH_FANOUT_SIZE [64]  BENCH_FANOUT_WINDOW [64]
#   BENCH_TIMEOUT [120]   seconds for one loadgen run (each phase inside is bounded too)
#   BENCH_START_TIMEOUT [10]  seconds a server gets to start listening
#   BENCH_PIN [none]      none: the scheduler places both processes; same: server and load
#                         generator share CPU 0; split: server on CPU 0, load generator on CPU 1.
#                         On this VM a wakeup across CPUs costs ~40 us, so unpinned rtt figures
#                         jump between two modes; pin them to compare latencies run to run.
#   BENCH_REF_BATCHED [1]  also run "refserver -b" (one coalesced write per connection and batch
#                         of events instead of one write() per message); 0 skips that column
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
CONFAB_BUILD_DIR=${CONFAB_BUILD_DIR:-$repo/build}
SCENARIOS=${BENCH_SCENARIOS:-connect connect-udp rtt rtt-idle rtt-udp fanout fanout-udp}
case "${1:-}" in
-h | --help)
    sed -n '5,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
esac
[[ $# -gt 0 ]] && SCENARIOS="$*"
CONNECT_N=${BENCH_CONNECT_N:-10000}
CONNECT_WINDOW=${BENCH_CONNECT_WINDOW:-500}
UDP_CONNECT_N=${BENCH_UDP_CONNECT_N:-2000}
UDP_CONNECT_WINDOW=${BENCH_UDP_CONNECT_WINDOW:-$CONNECT_WINDOW}
IDLE_N=${BENCH_IDLE_N:-10000}
RTT_SAMPLES=${BENCH_RTT_SAMPLES:-2000}
GROUP=${BENCH_GROUP:-50}
FANOUT_MEMBERS=${BENCH_FANOUT_MEMBERS:-100}
FANOUT_SENDERS=${BENCH_FANOUT_SENDERS:-4}
FANOUT_SECONDS=${BENCH_FANOUT_SECONDS:-10}
FANOUT_SIZE=${BENCH_FANOUT_SIZE:-64}
FANOUT_WINDOW=${BENCH_FANOUT_WINDOW:-64}
TIMEOUT=${BENCH_TIMEOUT:-120}
START_TIMEOUT=${BENCH_START_TIMEOUT:-10}

note() { printf '%s\n' "run-bench: $*" >&2; }

PIN=${BENCH_PIN:-none}
server_pin=()
loadgen_pin=()
case $PIN in
none) ;;
same) server_pin=(taskset -c 0) loadgen_pin=(taskset -c 0) ;;
split) server_pin=(taskset -c 0) loadgen_pin=(taskset -c 1) ;;
*) note "BENCH_PIN must be none, same or split"; exit 2 ;;
esac

# ---- build ----
if [[ "$(uname -s)" != Linux ]]; then
    note "the benchmark tools need Linux (epoll)"
    exit 1
fi
if [[ -z "${BENCH_BUILD_DIR:-}" && -d "$CONFAB_BUILD_DIR/bench" ]]; then
    BENCH_BUILD_DIR=$CONFAB_BUILD_DIR/bench # the project tree builds bench/ itself
    cmake --build "$CONFAB_BUILD_DIR" --target refserver confab-loadgen >/dev/null
else
    BENCH_BUILD_DIR=${BENCH_BUILD_DIR:-${TMPDIR:-/tmp}/confab-bench-build}
    cmake -S "$here" -B "$BENCH_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BENCH_BUILD_DIR" >/dev/null
fi
LOADGEN=$BENCH_BUILD_DIR/confab-loadgen
REFSERVER=$BENCH_BUILD_DIR/refserver

BENCH_FLAGS=(
    "--no-accounts" "--database :memory:" "--rate 1000000" "--burst 1000000"
    "--max-connections 1000000" "--max-per-ip 1000000" "--login-timeout 0" "--idle-timeout 0"
    "--send-queue 67108864"
)
if [[ -z "${CONFAB_SERVER:-}" ]]; then
    server_bin=$CONFAB_BUILD_DIR/app-server/confab-server
    if [[ -x "$server_bin" ]]; then
        CONFAB_SERVER="$server_bin --headless -l 127.0.0.1 -p PORT --quiet"
        if [[ ${CONFAB_BENCH_FLAGS:-1} != 0 ]]; then
            help=$(timeout 10 "$server_bin" --help 2>&1 </dev/null || true)
            for flag in "${BENCH_FLAGS[@]}"; do
                if grep -q -- "${flag%% *}\b" <<<"$help"; then
                    CONFAB_SERVER+=" $flag"
                fi
            done
        fi
        note "Confab server command: $CONFAB_SERVER"
    else
        note "no confab-server in $CONFAB_BUILD_DIR/app-server: its column is skipped (set CONFAB_SERVER)"
    fi
fi

logdir=$(mktemp -d "${TMPDIR:-/tmp}/confab-bench.XXXXXX")
server_pid=""
server_port=""

stop_server() {
    [[ -n "$server_pid" ]] || return 0
    if kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

# start_server ref|refb|confab LOG: sets server_pid and server_port, or returns 1.
start_server() {
    local kind=$1 log=$2 _ batch=()
    if [[ $kind == ref* ]]; then
        [[ $kind == refb ]] && batch=(-b)
        : >"$log"
        "${server_pin[@]}" "$REFSERVER" -l 127.0.0.1 -p 0 "${batch[@]}" >"$log" 2>&1 &
        server_pid=$!
        for _ in $(seq $((START_TIMEOUT * 10))); do
            server_port=$(awk '/^LISTENING /{print $2; exit}' "$log")
            [[ -n "$server_port" ]] && return 0
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
    else
        server_port=$("$LOADGEN" --scenario free-port)
        local cmd
        cmd=$(printf '%s' "$CONFAB_SERVER" | sed "s/\bPORT\b/$server_port/g")
        # exec, so that $! is the server itself and stop_server() ends exactly that process.
        bash -c "exec ${server_pin[*]} $cmd" >"$log" 2>&1 </dev/null &
        server_pid=$!
        for _ in $(seq $((START_TIMEOUT * 10))); do
            kill -0 "$server_pid" 2>/dev/null || break
            if (exec 3<>"/dev/tcp/127.0.0.1/$server_port") 2>/dev/null; then
                return 0
            fi
            sleep 0.1
        done
    fi
    if kill -0 "$server_pid" 2>/dev/null; then
        note "$kind server did not start listening within ${START_TIMEOUT}s; last output:"
    else
        note "$kind server exited before it listened; last output:"
    fi
    tail -n 5 "$log" >&2 || true
    stop_server
    return 1
}

declare -A R # R[server|scenario|key] = value
confab_ok=1  # cleared after the Confab server failed to start once

loadgen_args() {
    case $1 in
    connect) echo "--scenario connect -n $CONNECT_N --window $CONNECT_WINDOW --group $GROUP" ;;
    connect-udp) echo "--scenario connect -t udp -n $UDP_CONNECT_N --window $UDP_CONNECT_WINDOW --group $GROUP" ;;
    rtt) echo "--scenario rtt --samples $RTT_SAMPLES" ;;
    rtt-idle) echo "--scenario rtt --idle $IDLE_N --window $CONNECT_WINDOW --group $GROUP --samples $RTT_SAMPLES" ;;
    rtt-udp) echo "--scenario rtt -t udp --samples $RTT_SAMPLES" ;;
    fanout | fanout-udp)
        local t=tcp
        [[ $1 == fanout-udp ]] && t=udp
        echo "--scenario fanout -t $t --members $FANOUT_MEMBERS --senders $FANOUT_SENDERS" \
            "--duration $FANOUT_SECONDS --size $FANOUT_SIZE --fanout-window $FANOUT_WINDOW"
        ;;
    *) return 1 ;;
    esac
}

# run_one ref|refb|confab SCENARIO: runs it and stores the RESULT fields in R.
run_one() {
    local kind=$1 scen=$2 args out line kv tag
    args=$(loadgen_args "$scen") || { note "unknown scenario $scen"; return 0; }
    if [[ $kind == ref* && $scen == *udp* ]]; then
        return 0 # refserver has no UDP side
    fi
    start_server "$kind" "$logdir/$kind-$scen.server.log" || return 1
    out="$logdir/$kind-$scen.out"
    note "$kind: $scen (port $server_port)"
    # shellcheck disable=SC2086
    timeout --signal=INT --kill-after=10 "$((TIMEOUT + 30))" \
        "${loadgen_pin[@]}" "$LOADGEN" $args -p "$server_port" --timeout "$TIMEOUT" --server-pid "$server_pid" >"$out" \
        2>"$logdir/$kind-$scen.err" || note "$kind $scen: loadgen exit $? (see $logdir/$kind-$scen.err)"
    stop_server
    while read -r line; do
        echo "$kind $line" >>"$logdir/results.txt"
        tag=""
        for kv in $line; do
            [[ $kv == scenario=* ]] && tag=${kv#scenario=}
        done
        [[ $tag == hold ]] && tag=hold || tag=$scen
        for kv in $line; do
            [[ $kv == *=* ]] && R["$kind|$tag|${kv%%=*}"]=${kv#*=}
        done
    done < <(grep '^RESULT ' "$out" | sed 's/^RESULT //')
}

for scen in $SCENARIOS; do
    run_one ref "$scen" || true
    [[ ${BENCH_REF_BATCHED:-1} != 0 ]] && { run_one refb "$scen" || true; }
    if [[ -n "${CONFAB_SERVER:-}" && $confab_ok == 1 ]]; then
        run_one confab "$scen" || { confab_ok=0; note "Confab server unavailable: skipping it from now on"; }
    fi
done

# ---- report ----
fmt() { [[ -n "${1:-}" ]] && echo "$1" || echo "n/a"; }
ratio() {
    if [[ -n "${1:-}" && -n "${2:-}" ]]; then
        awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f\n", a / b }'
    else
        echo "n/a"
    fi
}
# cell KIND TAG KEY: the figure, or "failed" when that run did not complete.
cell() {
    local v=${R[$1|$2|$3]:-}
    if [[ -n "$v" && ${R[$1|$2|complete]:-yes} != yes ]]; then
        echo "failed (${v})"
    else
        fmt "$v"
    fi
}
# value KIND TAG KEY: the figure for ratios, empty unless the run completed.
value() {
    if [[ ${R[$1|$2|complete]:-yes} == yes ]]; then
        echo "${R[$1|$2|$3]:-}"
    fi
}
# emit LABEL REF REFB CONFAB: one table line; each figure is "display|number" (number empty
# when it must not enter a ratio).
emit() {
    local label=$1 cells=() nums=() f
    for f in "$2" "$3" "$4"; do
        cells+=("${f%%|*}")
        nums+=("${f#*|}")
    done
    printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "${cells[0]}" "${cells[1]}" "${cells[2]}" \
        "$(ratio "${nums[2]}" "${nums[0]}")" "$(ratio "${nums[2]}" "${nums[1]}")"
}
# row LABEL TAG KEY: the figure of every server for one RESULT field.
row() {
    emit "$1" "$(cell ref "$2" "$3")|$(value ref "$2" "$3")" "$(cell refb "$2" "$3")|$(value refb "$2" "$3")" \
        "$(cell confab "$2" "$3")|$(value confab "$2" "$3")"
}
# slowdown LABEL KEY: p50/p99 with idle clients divided by p50/p99 without, per server.
slowdown() {
    local k f=()
    for k in ref refb confab; do
        local r
        r=$(ratio "$(value "$k" rtt-idle "$2")" "$(value "$k" rtt "$2")")
        if [[ $r == n/a ]]; then f+=("n/a|"); else f+=("$r|$r"); fi
    done
    emit "$1" "${f[0]}" "${f[1]}" "${f[2]}"
}

echo
echo "## IPK24 benchmark: refserver vs Confab server"
echo
echo "Loopback only; $(nproc) CPU(s) shared by the server and the single-process load generator"
echo "(CPU pinning: $PIN)."
echo "refserver writes every message with its own write(); refserver -b coalesces one write per"
echo "connection per batch of events. Ratios are Confab / refserver and Confab / refserver -b"
echo "(above 1 is better for rates, worse for latencies and memory)."
echo
echo "| scenario | refserver | refserver -b | confab-server | confab/ref | confab/ref -b |"
echo "|---|---|---|---|---|---|"
for scen in $SCENARIOS; do
    case $scen in
    connect) row "connect+AUTH+JOIN, tcp, N=$CONNECT_N, window $CONNECT_WINDOW (setups/s)" connect rate_per_s
        row "  setup latency p99 (us)" connect auth_p99_us ;;
    connect-udp) row "connect+AUTH+JOIN, udp, N=$UDP_CONNECT_N, window $UDP_CONNECT_WINDOW (setups/s)" connect-udp rate_per_s
        row "  setup latency p99 (us)" connect-udp auth_p99_us ;;
    rtt) row "rtt tcp, 0 idle: p50 (us)" rtt p50_us
        row "rtt tcp, 0 idle: p99 (us)" rtt p99_us ;;
    rtt-idle) row "hold $IDLE_N idle tcp clients: setups/s" hold rate_per_s
        row "  server RSS per held client (bytes)" hold srv_bytes_per_client
        row "rtt tcp, $IDLE_N idle: p50 (us)" rtt-idle p50_us
        row "rtt tcp, $IDLE_N idle: p99 (us)" rtt-idle p99_us
        slowdown "rtt p50 slowdown, $IDLE_N idle / 0 idle" p50_us
        slowdown "rtt p99 slowdown, $IDLE_N idle / 0 idle" p99_us ;;
    rtt-udp) row "rtt udp, 0 idle: p50 (us)" rtt-udp p50_us
        row "rtt udp, 0 idle: p99 (us)" rtt-udp p99_us ;;
    fanout) row "fanout tcp, $FANOUT_MEMBERS members, $FANOUT_SENDERS senders: deliveries/s" fanout delivered_per_s
        row "  fanout delivery latency p99 (us)" fanout lat_p99_us ;;
    fanout-udp) row "fanout udp, $FANOUT_MEMBERS members, $FANOUT_SENDERS senders: deliveries/s" fanout-udp delivered_per_s
        row "  fanout delivery latency p99 (us)" fanout-udp lat_p99_us ;;
    esac
done
echo
echo "refserver has no UDP side: its UDP cells are n/a. CPU seconds per run (lg = load generator,"
echo "srv = server, other = everything else on the machine, which should be near 0):"
echo
echo '```'
if [[ -f "$logdir/results.txt" ]]; then
    awk '{ out = $1; for (i = 2; i <= NF; i++)
               if ($i ~ /^(scenario|transport|idle|lg_cpu_s|srv_cpu_s|other_cpu_s|complete)=/) out = out " " $i
           print out }' "$logdir/results.txt"
fi
echo '```'
echo
echo "Raw output and server logs: $logdir"
