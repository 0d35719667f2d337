#!/usr/bin/env bash
# Builds the libFuzzer targets (logtrace-fuzz with -sanitize=fuzzer,address) and runs one of them.
#
#   scripts/fuzz.sh stream|gzip|rules [SECONDS]     # default 300 s
#
# Corpora live in Tests/FuzzCorpus/<target>/ (seeded from SampleLogs and rules/); new inputs that
# reach new coverage are added there, and crash/leak reproducers are written to
# Tests/FuzzCorpus/crashes/. `swift test` replays every corpus file (FuzzCorpusTests).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: scripts/fuzz.sh stream|gzip|rules [SECONDS]}
SECONDS_TO_RUN=${2:-300}
swift build --product logtrace-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >/dev/null
CORPUS=Tests/FuzzCorpus/$TARGET
mkdir -p "$CORPUS" Tests/FuzzCorpus/crashes
LOGTRACE_FUZZ_TARGET=$TARGET .build-fuzz/debug/logtrace-fuzz \
  -max_total_time="$SECONDS_TO_RUN" -max_len=16384 -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix=Tests/FuzzCorpus/crashes/ "$CORPUS"
