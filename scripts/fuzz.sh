#!/usr/bin/env bash
# Builds the libFuzzer targets (logtrace-fuzz with -sanitize=fuzzer,address) and runs one of them.
#
#   scripts/fuzz.sh stream|analyze|gzip|rules [SECONDS]     # default 300 s
#   CONFIG=release scripts/fuzz.sh stream 300        # the optimised build users get
#
# CONFIG is debug (default, checked arithmetic: an overflow traps) or release (what ships: the
# kernels are built with -Ounchecked and the core without exclusivity checks, so only the sanitizer
# catches what those checks would have). Run both.
# Corpora live in Tests/FuzzCorpus/<target>/ (seeded from SampleLogs and rules/); new inputs that
# reach new coverage are added there, and crash/leak reproducers are written to
# Tests/FuzzCorpus/crashes/. `swift test` replays every corpus file (FuzzCorpusTests).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: scripts/fuzz.sh stream|analyze|gzip|rules [SECONDS]}
SECONDS_TO_RUN=${2:-300}
CONFIG=${CONFIG:-debug}
case "$CONFIG" in debug|release) ;; *) echo "CONFIG must be debug or release" >&2; exit 64 ;; esac
SCRATCH=.build-fuzz
[ "$CONFIG" = release ] && SCRATCH=.build-fuzz-release
mkdir -p "$SCRATCH"
if ! swift build -c "$CONFIG" --product logtrace-fuzz --scratch-path "$SCRATCH" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >"$SCRATCH/build.log" 2>&1; then
  grep -E "error:" "$SCRATCH/build.log" | head -20 >&2 || tail -20 "$SCRATCH/build.log" >&2
  echo "fuzz.sh: build failed (log: $SCRATCH/build.log)" >&2
  exit 1
fi
CORPUS=Tests/FuzzCorpus/$TARGET
mkdir -p "$CORPUS" Tests/FuzzCorpus/crashes
LOGTRACE_FUZZ_TARGET=$TARGET "$SCRATCH/$CONFIG/logtrace-fuzz" \
  -max_total_time="$SECONDS_TO_RUN" -max_len=16384 -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix=Tests/FuzzCorpus/crashes/ "$CORPUS"
