#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer (with LeakSanitizer), in its own build folder.
#
#   scripts/sanitize.sh                    # debug build
#   CONFIG=release scripts/sanitize.sh     # the release build users get (-Ounchecked core), with testing enabled
set -euo pipefail
cd "$(dirname "$0")/.."
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
CONFIG=${CONFIG:-debug}
case "$CONFIG" in
  debug) swift test --sanitize=address --scratch-path "${SCRATCH:-.build-asan}" "$@" ;;
  release) swift test -c release -Xswiftc -enable-testing --sanitize=address --scratch-path "${SCRATCH:-.build-asan-release}" "$@" ;;
  *) echo "CONFIG must be debug or release" >&2; exit 64 ;;
esac
