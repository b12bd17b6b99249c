#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Confab developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The terminal client as a user sees it: a headless confab-server, `confab --cli` over TCP
# (Alice) and over UDP (Bob), each in its own tmux session on a private tmux socket. Keys are
# typed with `tmux send-keys`, screens read with `tmux capture-pane -p`, and the exact lines
# of spec §1.12 are checked (stderr shows in the pane too). Ctrl+C and Ctrl+D must end each
# client with exit code 0 after a BYE that the server logged.
#
# Usage: tmux_cli_test.sh CONFAB CONFAB_SERVER [TMUX]
set -euo pipefail

confab=${1:?usage: $0 CONFAB CONFAB_SERVER [TMUX]}
server_bin=${2:?usage: $0 CONFAB CONFAB_SERVER [TMUX]}
tmux_bin=${3:-tmux}
wait_s=20 # per step; sanitizer builds are slow

work=$(mktemp -d "${TMPDIR:-/tmp}/confab-tmux.XXXXXX")
tmux_socket="confab-test-$$"
tmux_socket_path="" # known once the tmux server runs; kill-server leaves the file behind
server_pid=""

tm() { "$tmux_bin" -L "$tmux_socket" "$@"; }

cleanup() {
    local status=$?
    if [[ $status -ne 0 ]]; then
        echo "--- FAILED; what the panes and the server showed:" >&2
        for session in alice bob; do
            echo "--- pane $session:" >&2
            tm capture-pane -p -t "$session" >&2 2>/dev/null || true
        done
        echo "--- server stderr:" >&2
        cat "$work/server.err" >&2 2>/dev/null || true
        echo "--- server stdout (last 40 lines):" >&2
        tail -n 40 "$work/server.out" >&2 2>/dev/null || true
    fi
    tm kill-server 2>/dev/null || true
    [[ -z $tmux_socket_path ]] || rm -f "$tmux_socket_path"
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -INT "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# Polls until the command succeeds, at most wait_s seconds.
eventually() {
    local deadline=$((SECONDS + wait_s))
    until "$@"; do
        [[ $SECONDS -lt $deadline ]] || return 1
        sleep 0.1
    done
}

pane() { tm capture-pane -p -t "$1"; }
pane_has_line() { pane "$1" | grep -Fxq -- "$2"; }
expect_line() {
    eventually pane_has_line "$1" "$2" || fail "pane $1 never showed the line '$2'"
}
type_line() {
    tm send-keys -t "$1" -l -- "$2"
    tm send-keys -t "$1" Enter
}
# Non-empty lines of the pane, for comparing all of it.
pane_lines() { pane "$1" | sed '/^$/d'; }
server_byes() { grep -c -E '^RECV 127\.0\.0\.1:[0-9]+ \| BYE$' "$work/server.out" || true; }
server_has_byes() { [[ $(server_byes) -ge $1 ]]; }
exited() { [[ -s "$work/$1.exit" ]]; }

# --- the server -------------------------------------------------------------------------------
"$server_bin" --headless -l 127.0.0.1 -p 0 --database "$work/a.sqlite" \
    >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
port_known() { grep -Eq 'listening on 127\.0\.0\.1:[0-9]+' "$work/server.err"; }
eventually port_known || fail "the server did not say where it listens"
port=$(grep -Eo 'listening on 127\.0\.0\.1:[0-9]+' "$work/server.err" | head -n 1 | sed 's/.*://')

# --- the clients ------------------------------------------------------------------------------
# bash passes Ctrl+C on to the client and waits for it (the trap keeps it from dying first);
# the exit code goes to a file, and the pane stays open for a last look.
start_client() { # name transport
    local name=$1 transport=$2
    tm new-session -d -s "$name" -x 200 -y 50 \
        bash -c 'trap : INT; "$0" --cli -t "$1" -s 127.0.0.1 -p "$2"; echo "$?" >"$3"; exec sleep 600' \
        "$confab" "$transport" "$port" "$work/$name.exit"
}
start_client alice tcp
tmux_socket_path=$(tm display-message -p '#{socket_path}')
start_client bob udp

type_line alice "/auth alice s3cret Alice"
expect_line alice "Success: Auth success."
expect_line alice "Server: Alice has joined default."

type_line bob "/auth bob s3cret Bob"
expect_line bob "Success: Auth success."
expect_line bob "Server: Bob has joined default."
expect_line alice "Server: Bob has joined default."

type_line bob "hello"
expect_line alice "Bob: hello"
type_line alice "hi bob"
expect_line bob "Alice: hi bob"

type_line alice "/join room-2"
expect_line alice "Success: Join success."
expect_line alice "Server: Alice has joined room-2."
expect_line bob "Server: Alice has left default."

type_line alice "/nope"
expect_line alice "ERR: unknown command /nope; /help lists the commands"

# Everything Alice's terminal shows: her typing (the terminal echo) and the client's output,
# nothing else.
expected_alice=$(
    cat <<'EOF'
/auth alice s3cret Alice
Success: Auth success.
Server: Alice has joined default.
Server: Bob has joined default.
Bob: hello
hi bob
/join room-2
Success: Join success.
Server: Alice has joined room-2.
/nope
ERR: unknown command /nope; /help lists the commands
EOF
)
actual_alice=$(pane_lines alice)
if [[ $actual_alice != "$expected_alice" ]]; then
    diff <(echo "$expected_alice") <(echo "$actual_alice") >&2 || true
    fail "Alice's screen is not exactly what the spec prints"
fi

# --- goodbyes ---------------------------------------------------------------------------------
tm send-keys -t alice C-c
eventually exited alice || fail "Alice's client did not exit after Ctrl+C"
[[ $(cat "$work/alice.exit") == 0 ]] || fail "Alice's client exited with $(cat "$work/alice.exit")"
eventually server_has_byes 1 || fail "the server did not log Alice's BYE"

tm send-keys -t bob C-d
eventually exited bob || fail "Bob's client did not exit after Ctrl+D"
[[ $(cat "$work/bob.exit") == 0 ]] || fail "Bob's client exited with $(cat "$work/bob.exit")"
eventually server_has_byes 2 || fail "the server did not log Bob's BYE"
# Bob's BYE was confirmed over UDP (the client waited for that before it exited).
grep -Eq '^SENT 127\.0\.0\.1:[0-9]+ \| CONFIRM' "$work/server.out" || fail "the server confirmed nothing"

expected_bob=$(
    cat <<'EOF'
/auth bob s3cret Bob
Success: Auth success.
Server: Bob has joined default.
hello
Alice: hi bob
Server: Alice has left default.
EOF
)
actual_bob=$(pane_lines bob)
if [[ $actual_bob != "$expected_bob" ]]; then
    diff <(echo "$expected_bob") <(echo "$actual_bob") >&2 || true
    fail "Bob's screen is not exactly what the spec prints"
fi

echo "PASS: tmux_cli_test (server port $port)"
