#!/usr/bin/env bash
# Output identity over the whole benchmark matrix: runs two logtrace builds (before and after an
# optimisation) on every row of the per-format matrix that scripts/bench.sh generates (bare, CRI
# containerd, CRI-O, docker json-file, journald, kubectl --timestamps, gzip-rotated with igzip and
# with zlib, incident-dense) and compares the bytes of `analyze --format json`, `analyze` (text)
# and, with PARSE=1, the SHA-256 of `parse` (NDJSON). Exit status 1 on the first difference.
#
#   scripts/output-identity.sh OLD_BIN NEW_BIN [MATRIX_DIR]
#   # MATRIX_DIR: a bench-SIZE directory made by scripts/bench.sh (default corpus/bench-256M)
set -euo pipefail
OLD=${1:?usage: output-identity.sh OLD_BIN NEW_BIN [MATRIX_DIR]} NEW=${2:?usage}
M=${3:-corpus/bench-256M}
[ -d "$M/bare" ] || { echo "no matrix in $M: run scripts/bench.sh first (it generates it)"; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
status=0
files() { find "$1" -type f -name '*.log*' | sort | tr '\n' ' '; }
for row in bare cri crio docker journald kubectl gz gz-zlib dense; do
  dir=$row env=
  [ "$row" = gz-zlib ] && { dir=gz; env="LOGTRACE_GZIP=zlib"; }
  [ -d "$M/$dir" ] || { echo "   $row: missing, skipped"; continue; }
  fs=$(files "$M/$dir")
  for fmt in json text; do
    env $env "$OLD" analyze --format $fmt $fs > "$OUT/old" 2> "$OUT/old.err" || true
    env $env "$NEW" analyze --format $fmt $fs > "$OUT/new" 2> "$OUT/new.err" || true
    if cmp -s "$OUT/old" "$OUT/new" && cmp -s "$OUT/old.err" "$OUT/new.err"; then
      echo "   $row analyze --format $fmt: identical ($(wc -c < "$OUT/new") bytes)"
    else
      echo "   $row analyze --format $fmt: DIFFERENT"; diff <(head -c 200000 "$OUT/old") <(head -c 200000 "$OUT/new") | head -20; status=1
    fi
  done
  if [ "${PARSE:-0}" = 1 ]; then
    a=$(env $env "$OLD" parse $fs 2>/dev/null | sha256sum) b=$(env $env "$NEW" parse $fs 2>/dev/null | sha256sum)
    if [ "$a" = "$b" ]; then echo "   $row parse: identical (sha256 ${a:0:16})"; else echo "   $row parse: DIFFERENT"; status=1; fi
  fi
done
exit $status
