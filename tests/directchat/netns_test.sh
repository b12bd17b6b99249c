#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Confab developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A direct chat across a real link between two hosts: two network namespaces joined by a veth
# pair (10.77.0.1 and 10.77.0.2, nothing else routed between them). The server and Ann run on
# host A, Bob on host B. The server introduces them, the two clients connect to each other over
# the link, and messages keep flowing after the server is stopped.
#
#   netns_test.sh P2PPEER CONFAB_SERVER
# Exits 77 (skipped) when network namespaces cannot be made here (not root, no ip, no netns).
set -uo pipefail

peer_bin="$1"
server_bin="$2"
suffix="$$"
ns_a="confab-a-$suffix"
ns_b="confab-b-$suffix"
work="$(mktemp -d)"
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    ip netns del "$ns_a" 2>/dev/null
    ip netns del "$ns_b" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    for f in "$work"/*.log; do echo "--- $f"; cat "$f"; done >&2
    exit 1
}

# Waits up to $3 seconds for file $1 to contain the fixed string $2.
wait_for() {
    local deadline=$((SECONDS + ${3:-30}))
    while ! grep -qF -- "$2" "$1" 2>/dev/null; do
        [ "$SECONDS" -ge "$deadline" ] && return 1
        sleep 0.1
    done
}

if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null; then
    echo "SKIP: needs root and iproute2 for network namespaces"
    exit 77
fi
if ! ip netns add "$ns_a" 2>/dev/null; then
    echo "SKIP: cannot create network namespaces here"
    exit 77
fi
ip netns add "$ns_b" || fail "second namespace"
ip link add "veth-a$suffix" type veth peer name "veth-b$suffix" || fail "veth pair"
ip link set "veth-a$suffix" netns "$ns_a" || fail "veth into A"
ip link set "veth-b$suffix" netns "$ns_b" || fail "veth into B"
ip -n "$ns_a" addr add 10.77.0.1/24 dev "veth-a$suffix"
ip -n "$ns_b" addr add 10.77.0.2/24 dev "veth-b$suffix"
for ns in "$ns_a" "$ns_b"; do
    ip -n "$ns" link set lo up
done
ip -n "$ns_a" link set "veth-a$suffix" up
ip -n "$ns_b" link set "veth-b$suffix" up

# Host A: the server.
ip netns exec "$ns_a" "$server_bin" --headless -l 10.77.0.1 -p 4567 --no-accounts \
    --database "$work/server.sqlite" >"$work/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
wait_for "$work/server.log" "listening on" 30 || fail "server did not start"
sleep 0.5

# Host B: Bob accepts every offer; his stdin stays open through fd 4.
mkfifo "$work/bob.in" "$work/ann.in"
ip netns exec "$ns_b" "$peer_bin" --server 10.77.0.1:4567 --user bob --data "$work/bob" \
    <"$work/bob.in" >"$work/bob.log" 2>&1 &
pids+=("$!")
exec 4>"$work/bob.in"
wait_for "$work/bob.log" "READY" 30 || fail "bob did not log in"

# Host A: Ann calls Bob.
ip netns exec "$ns_a" "$peer_bin" --server 10.77.0.1:4567 --user ann --data "$work/ann" --call bob \
    <"$work/ann.in" >"$work/ann.log" 2>&1 &
pids+=("$!")
exec 5>"$work/ann.in"
wait_for "$work/ann.log" "STATE Connected" 30 || fail "ann is not connected directly"
wait_for "$work/bob.log" "STATE Connected" 30 || fail "bob is not connected directly"

echo "say hello across the link" >&5
wait_for "$work/bob.log" "RECV ann: hello across the link" 30 || fail "bob did not get ann's message"

# The server goes away; the direct chat does not need it.
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null
echo "say the server is gone" >&4
wait_for "$work/ann.log" "RECV bob: the server is gone" 30 || fail "ann did not get bob's message after the server stopped"
echo "say still here" >&5
wait_for "$work/bob.log" "RECV ann: still here" 30 || fail "bob did not get ann's second message"

# Bob ends the chat; Ann sees it.
echo "end" >&4
wait_for "$work/ann.log" "STATE Ended" 30 || fail "ann did not see the chat end"
exec 4>&- 5>&-
for f in ann bob; do echo "--- $f"; sed 's/^/    /' "$work/$f.log"; done
echo "PASS: direct chat between 10.77.0.1 and 10.77.0.2, messages flowed with the server stopped"
