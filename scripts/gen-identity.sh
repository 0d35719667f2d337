#!/usr/bin/env bash
# Generator identity: runs two logtrace-gen builds (before and after a change to the generator) with
# the same arguments and compares the md5 of every file they write: the bundled samples
# (`--sample all`), the benchmark mix (`--layout bench --size 64M --seed 42`, plain, `--dense`,
# `--gzip`, `--gzip --rotate-mb 5`), `--plain-only`, the three-node corpus with an incident (and
# gzip-rotated), and every `--rewrap` format of the registry over the bench files. Exit status 1
# on any difference. A refactor of the generator must pass it; a change meant to alter the output
# says so and regenerates SampleLogs (scripts/make-samples.sh).
#
#   scripts/gen-identity.sh OLD_GEN NEW_GEN
set -euo pipefail
OLD=${1:?usage: gen-identity.sh OLD_GEN NEW_GEN} NEW=${2:?usage: gen-identity.sh OLD_GEN NEW_GEN}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# The --rewrap formats, from the usage text (the registry's list).
formats=$("$NEW" --help | sed -nE 's/.*--rewrap ([a-z|]+) --out.*/\1/p' | tr '|' ' ')
[ -n "$formats" ] || { echo "no --rewrap formats in $NEW --help"; exit 2; }
write() {  # write GEN DIR: every output under DIR, then the md5 of each file (paths relative to DIR)
  local gen=$1 o=$2 b=$2/bench
  "$gen" --sample all --out "$o/samples"
  "$gen" --layout bench --out "$b/bare" --size 64M --seed 42
  "$gen" --layout bench --dense --out "$b/dense" --size 64M --seed 42
  "$gen" --layout bench --gzip --out "$b/gz" --size 64M --seed 42
  "$gen" --layout bench --gzip --rotate-mb 5 --out "$b/gz5" --size 64M --seed 42
  "$gen" --plain-only --out "$b/plain" --size 64M --seed 42
  "$gen" --out "$b/incident" --size 64M --seed 42 --incident namespace-stuck-terminating@2024-03-12T09:10:00Z
  "$gen" --out "$b/incident-gz" --size 64M --seed 7 --gzip --rotate-mb 8 \
    --incident aggregated-api-down@2024-03-12T09:30:00Z --incident etcd-slow-leader-election@2024-03-12T15:00:00Z
  for w in $formats; do "$gen" --rewrap "$w" --out "$b/$w" "$b"/bare/*.log; done
  (cd "$o" && find . -type f | sort | xargs md5sum)
}
write "$OLD" "$TMP/old" > "$TMP/old.md5" 2>/dev/null
rm -rf "$TMP/old"
write "$NEW" "$TMP/new" > "$TMP/new.md5" 2>/dev/null
rm -rf "$TMP/new"
if diff "$TMP/old.md5" "$TMP/new.md5"; then
  echo "identical: $(wc -l < "$TMP/new.md5") files (rewrap: $formats)"
else
  echo "DIFFERENT"; exit 1
fi
