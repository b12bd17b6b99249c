#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Confab developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One entry point for users and CI:
#   ./confab.sh run    install what is missing, build, start the server and the client
#   ./confab.sh test   install what is missing, build with ASan+UBSan, run every test and the fuzzers
#   ./confab.sh build  install what is missing and build (release) without starting anything
#   ./confab.sh bench  build and run the benchmarks (see docs/benchmarks.md)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
jobs="$(nproc 2>/dev/null || echo 2)"

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqt6sql6-sqlite libgl-dev libssl-dev
)
test_packages=(clang libclang-rt-14-dev xvfb xauth tmux)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'confab.sh: %s\n' "$*" >&2; exit 1; }

install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "these packages are missing and apt-get is not available: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "run as root (or install sudo) to install: ${missing[*]}"
        sudo=(sudo)
    fi
    say "Installing missing packages: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

configure_and_build() { # dir, extra cmake args...
    local dir="$1"; shift
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

cmd_build() {
    install_missing "${packages[@]}"
    say "Building (release) in build/"
    configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF
}

cmd_run() {
    cmd_build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        say "No display: starting the server headless on port ${CONFAB_PORT:-4567} (Ctrl+C stops it)"
        exec build/app-server/confab-server --headless -p "${CONFAB_PORT:-4567}"
    fi
    say "Starting confab-server and confab"
    build/app-server/confab-server &
    server=$!
    build/app-client/confab || true
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
}

cmd_test() {
    install_missing "${packages[@]}" "${test_packages[@]}"
    say "Building with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/"
    configure_and_build build-asan -DCMAKE_BUILD_TYPE=Debug -DCONFAB_SANITIZE=ON -DCONFAB_WERROR=ON
    say "Running the test suite"
    (cd build-asan && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$jobs" --timeout 600)
    say "Building the libFuzzer targets (clang) in build-fuzz/"
    CC=clang CXX=clang++ configure_and_build build-fuzz -DCMAKE_BUILD_TYPE=Debug -DCONFAB_FUZZ=ON \
        -DCONFAB_SANITIZE=ON -DCONFAB_FUZZ_SECONDS="${CONFAB_FUZZ_SECONDS:-30}"
    say "Fuzzing each decoder for ${CONFAB_FUZZ_SECONDS:-30} s"
    (cd build-fuzz && ctest --output-on-failure)
}

cmd_bench() {
    install_missing "${packages[@]}"
    configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF
    exec bench/run-bench.sh "$@"
}

case "${1:-}" in
run) cmd_run ;;
build) cmd_build ;;
test) cmd_test ;;
bench) shift; cmd_bench "$@" ;;
*)
    echo "usage: ./confab.sh run|test|build|bench" >&2
    exit 2
    ;;
esac
