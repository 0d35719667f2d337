#!/usr/bin/env bash
# Benchmarks logtrace against the tools an SRE would otherwise use, on the same generated files in
# the same run: cat, zcat, grep -cE with the rule pack's literals, zcat | grep -cE, lnav (headless),
# and logtrace analyze / parse. Prints wall time, MB/s of uncompressed log, peak RSS, and ratios.
#
#   scripts/bench.sh [SIZE]          # default 1G; BENCH_DIR (default ./corpus), RUNS (default 3)
#   LNAV=0 scripts/bench.sh 1G       # skip lnav (3 runs of about 5 s per GiB)
#   BIG="1G 4G" scripts/bench.sh 1G  # also peak RSS at each size: plain-only, the mix, the dense mix
#   MATRIX=256M scripts/bench.sh 1G  # per-format matrix size (default 256M; MATRIX=0 skips it)
#   SKIP_PLAIN=1 scripts/bench.sh    # only the per-format matrix (not the plain-only section)
#
# The per-format matrix (#14) runs on the benchmark mix (`logtrace-gen --layout bench`: apiserver
# 1.15 -v=3 legacy request log, 1.24 -v=3 structured request log, 1.24 -v=2, etcd 3.4 and 3.5 zap
# JSON, controller-manager 1.15 unstructured and 1.24 structured, a cloud-controller-manager), the
# same bytes rewrapped by `logtrace-gen --rewrap` (CRI containerd and CRI-O, docker json-file,
# journald, kubectl --timestamps), gzip-rotated, and the incident-dense variant (`--dense`).
# grep's count goes to a file (never /dev/null: GNU grep stops at the first match then).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-1G}
DIR=${BENCH_DIR:-corpus}
RUNS=${RUNS:-3}
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }

if [ -z "${BIN:-}" ]; then   # BIN=DIR: use the logtrace and logtrace-gen built there
  echo "== building (release, with the igzip trait: LOGTRACE_GZIP=zlib selects zlib)"
  swift build -c release --traits igzip --product logtrace >/dev/null
  swift build -c release --traits igzip --product logtrace-gen >/dev/null
  BIN=$(swift build -c release --traits igzip --show-bin-path)
fi
LT=$BIN/logtrace
GEN=$BIN/logtrace-gen

gen() {  # gen DIR ARGS... : generate once per size/seed
  local out=$1; shift
  if [ ! -f "$out/.done-$SIZE" ]; then
    rm -rf "$out"; mkdir -p "$out"
    /usr/bin/time -f "   generated in %e s" "$GEN" --out "$out" --size "$SIZE" --seed 42 "$@"
    touch "$out/.done-$SIZE"
  fi
}
mkdir -p "$DIR"
PLAIN= GZALL=
if [ -z "${SKIP_PLAIN:-}" ]; then
echo "== generating $SIZE corpora in $DIR"
gen "$DIR/plain-$SIZE" --plain-only
gen "$DIR/gz-$SIZE" --plain-only --gzip

PLAIN=$(find "$DIR/plain-$SIZE" -type f -name '*.log*' | sort | tr '\n' ' ')
GZ=$(find "$DIR/gz-$SIZE" -type f -name '*.gz' | sort | tr '\n' ' ')
GZALL=$(find "$DIR/gz-$SIZE" -type f -name '*.log*' | sort | tr '\n' ' ')
PLAIN_BYTES=$(cat $PLAIN | wc -c)
GZ_BYTES=$( (for f in $GZALL; do case $f in *.gz) zcat "$f";; *) cat "$f";; esac; done) | wc -c)
echo "   plain: $(echo $PLAIN | wc -w) files, $PLAIN_BYTES bytes; gzip-rotated: $(echo $GZALL | wc -w) files, $GZ_BYTES bytes uncompressed"
fi

# The pack's anchor literals (the longest `contains` of each matcher), as one alternation.
PATTERN=$DIR/pack-literals.txt
python3 - "$PATTERN" <<'PY'
import glob, re, sys, yaml
lits = set()
for f in glob.glob('rules/*.yaml'):
    for s in yaml.safe_load(open(f)).get('signals', []):
        ms = s['match'] if isinstance(s['match'], list) else [s['match']]
        for m in ms:
            c = m.get('contains', [])
            c = [c] if isinstance(c, str) else c
            if c: lits.add(max(c, key=len))
open(sys.argv[1], 'w').write('|'.join(re.escape(l).replace('\\ ', ' ') for l in sorted(lits)) + '\n')
print(f"   {len(lits)} pack literals")
PY

declare -A WALL RSS MBS
WARM=
measure() {  # measure NAME BYTES COMMAND: median wall of RUNS runs, max RSS
  local name=$1 bytes=$2 cmd=$3 times=() rss=0
  cat $PLAIN $GZALL $WARM > /dev/null 2>&1 || true   # warm the page cache evenly
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$DIR/.time" -f "%e %M" bash -c "$cmd" >/dev/null 2>/dev/null || true
    local out; out=$(tail -1 "$DIR/.time")
    times+=("${out% *}"); local r=${out#* }; [ "$r" -gt "$rss" ] && rss=$r
  done
  local med; med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  WALL[$name]=$med; RSS[$name]=$rss
  MBS[$name]=$(awk -v b="$bytes" -v t="$med" 'BEGIN { printf "%.0f", (t > 0 ? b / t / 1e6 : 0) }')
  printf '   %-34s %8.2f s %8s MB/s %8.1f MiB\n' "$name" "$med" "${MBS[$name]}" "$(awk -v r="$rss" 'BEGIN{print r/1024}')"
}

ratio() { awk -v a="${WALL[$1]}" -v b="${WALL[$2]}" -v n="$3" 'BEGIN { printf "   %-58s %.2fx\n", n, a / b }'; }
if [ -z "${SKIP_PLAIN:-}" ]; then
echo "== plain klog ($SIZE, $(echo $PLAIN | wc -w) files)"
measure "cat" "$PLAIN_BYTES" "cat $PLAIN"
measure "grep -cE <pack literals>" "$PLAIN_BYTES" "grep -cE -f $PATTERN $PLAIN | cat"
measure "logtrace analyze" "$PLAIN_BYTES" "$LT analyze --format json $PLAIN"
measure "logtrace analyze --no-builtin-rules" "$PLAIN_BYTES" "$LT analyze --no-builtin-rules --format json $PLAIN"
P5='(connection refused|context deadline exceeded|i/o timeout|no such host|TLS handshake timeout)'
measure "grep -cE <5 alternatives>" "$PLAIN_BYTES" "grep -cE '$P5' $PLAIN | cat"
measure "logtrace parse (NDJSON)" "$PLAIN_BYTES" "$LT parse $PLAIN"
if [ "${LNAV:-1}" != 0 ] && command -v lnav >/dev/null; then
  measure "lnav -n (index + count)" "$PLAIN_BYTES" "lnav -n -c \";SELECT count(*) FROM all_logs WHERE log_level >= 'warning'\" $PLAIN"
fi

echo "== gzip-rotated ($SIZE uncompressed, $(echo $GZALL | wc -w) files)"
measure "zcat" "$GZ_BYTES" "for f in $GZALL; do case \$f in *.gz) zcat \$f;; *) cat \$f;; esac; done"
# The two-core zlib decode limit for this corpus: every file decoded (or read), two at a time.
measure "zcat, 2 files at a time (zlib limit)" "$GZ_BYTES" "printf '%s\\n' $GZALL | xargs -P2 -I{} sh -c 'case {} in *.gz) zcat {} >/dev/null;; *) cat {} >/dev/null;; esac'"
measure "zcat | grep -cE <pack literals>" "$GZ_BYTES" "for f in $GZALL; do case \$f in *.gz) zcat \$f;; *) cat \$f;; esac; done | grep -cE -f $PATTERN"
measure "logtrace analyze (gz)" "$GZ_BYTES" "$LT analyze --format json $GZALL"
measure "logtrace parse (gz, NDJSON)" "$GZ_BYTES" "$LT parse $GZALL"

echo "== ratios (lower is better for logtrace)"
ratio "logtrace analyze" "grep -cE <pack literals>" "analyze / grep -cE (plain; target <= 0.5)"
ratio "logtrace parse (NDJSON)" "grep -cE <5 alternatives>" "parse / grep -cE 5 alternatives (plain; target <= 1)"
ratio "logtrace analyze" "cat" "analyze / cat (plain)"
ratio "logtrace analyze" "logtrace analyze --no-builtin-rules" "full rule pack / no rules (cost of matching)"
[ -n "${WALL[lnav -n (index + count)]:-}" ] && ratio "logtrace analyze" "lnav -n (index + count)" "analyze / lnav (target <= 0.1)"
ratio "logtrace analyze (gz)" "zcat | grep -cE <pack literals>" "analyze / zcat|grep -cE (gz; target <= 0.3)"
ratio "logtrace analyze (gz)" "zcat" "analyze / zcat (gz)"
ratio "logtrace parse (gz, NDJSON)" "zcat" "parse / zcat, single stream (gz; target <= 1.2)"
awk -v m="${MBS[logtrace analyze (gz)]}" 'BEGIN { printf "   %-58s %.0f%%\n", "gz analyze vs two-core zlib limit of the reference (950 MB/s)", m / 950 * 100 }'
awk -v m="${MBS[logtrace analyze (gz)]}" -v z="${MBS[zcat, 2 files at a time (zlib limit)]}" 'BEGIN { printf "   %-58s %.0f%%\n", "gz analyze vs measured two-core zlib limit (target >= 85%)", m / z * 100 }'

fi   # SKIP_PLAIN

if [ -n "${BIG:-}" ]; then   # BIG="1G 4G": peak RSS on the plain-only corpus and on the benchmark mix, quiet and dense
  for S in $BIG; do
    echo "== peak RSS at $S (target <= 64 MiB)"
    SIZE=$S gen "$DIR/plain-$S" --plain-only
    SIZE=$S gen "$DIR/mix-$S" --layout bench
    SIZE=$S gen "$DIR/dense-$S" --layout bench --dense
    for c in plain mix dense; do
      BIGFILES=$(find "$DIR/$c-$S" -type f -name '*.log*' | sort | tr '\n' ' ')
      /usr/bin/time -f "   logtrace analyze $c-$S ($(cat $BIGFILES | wc -c) bytes): %e s, peak RSS %M KB" "$LT" analyze --format json $BIGFILES > $DIR/.big.json || true
    done
  done
fi

MSIZE=${MATRIX:-256M}
if [ "$MSIZE" != 0 ]; then
  echo "== per-format matrix: benchmark mix, $MSIZE per format (logtrace-gen --layout bench --seed 42)"
  B=$DIR/bench-$MSIZE
  if [ ! -f "$B/.done" ]; then
    rm -rf "$B"; mkdir -p "$B"
    "$GEN" --layout bench --out "$B/bare" --size "$MSIZE" --seed 42
    "$GEN" --layout bench --dense --out "$B/dense" --size "$MSIZE" --seed 42
    "$GEN" --layout bench --gzip --rotate-mb $(( $(numfmt --from=iec "$MSIZE") / 1048576 / 16 + 1 )) --out "$B/gz" --size "$MSIZE" --seed 42
    for w in cri crio docker journald kubectl; do "$GEN" --rewrap $w --out "$B/$w" "$B"/bare/*.log; done
    touch "$B/.done"
  fi
  files() { find "$1" -type f -name '*.log*' | sort | tr '\n' ' '; }
  ubytes() { for f in $1; do case $f in *.gz) zcat "$f";; *) cat "$f";; esac; done | wc -c; }
  printf '   %-28s %7s %9s %8s %9s %7s %9s\n' format MB "analyze s" "MB/s" "grep s" ratio "RSS MiB"
  row() {  # row NAME FILES [ENV]: analyze and grep -cE on the same files
    local name=$1 fs=$2 env=${3:-} bytes; bytes=$(ubytes "$fs"); WARM=$fs
    local cat="cat"; case $fs in *.gz*) cat="for f in $fs; do case \$f in *.gz) zcat \$f;; *) cat \$f;; esac; done |";; esac
    measure "$name analyze" "$bytes" "$env $LT analyze --format json $fs > $DIR/.analyze.json" >/dev/null
    if [[ $fs == *.gz* ]]; then
      measure "$name grep" "$bytes" "for f in $fs; do case \$f in *.gz) zcat \$f;; *) cat \$f;; esac; done | grep -cE -f $PATTERN > $DIR/.grep.out" >/dev/null
    else
      measure "$name grep" "$bytes" "grep -cE -f $PATTERN $fs > $DIR/.grep.out" >/dev/null
    fi
    printf '   %-28s %7.0f %9.2f %8s %9.2f %6.2fx %9.1f\n' "$name" "$(awk -v b=$bytes 'BEGIN{print b/1e6}')" "${WALL[$name analyze]}" \
      "${MBS[$name analyze]}" "${WALL[$name grep]}" "$(awk -v a=${WALL[$name analyze]} -v b=${WALL[$name grep]} 'BEGIN{print (b>0?a/b:0)}')" \
      "$(awk -v r=${RSS[$name analyze]} 'BEGIN{print r/1024}')"
  }
  row "bare" "$(files $B/bare)"
  row "CRI (containerd)" "$(files $B/cri)"
  row "CRI-O" "$(files $B/crio)"
  row "docker json-file" "$(files $B/docker)"
  row "journald" "$(files $B/journald)"
  row "kubectl --timestamps" "$(files $B/kubectl)"
  row "gzip-rotated (igzip)" "$(files $B/gz)"
  row "gzip-rotated (zlib)" "$(files $B/gz)" "LOGTRACE_GZIP=zlib"
  row "incident-dense (bare)" "$(files $B/dense)"
  echo "   (grep = grep -cE <pack literals> > file; gz rows: zcat | grep -cE; ratio = analyze / grep; RSS = analyze's peak)"
  BARE=$(files $B/bare); WARM=$BARE; BB=$(ubytes "$BARE")
  measure "mix: grep -cE <5 alternatives>" "$BB" "grep -cE '(connection refused|context deadline exceeded|i/o timeout|no such host|TLS handshake timeout)' $BARE > $DIR/.grep.out"
  measure "mix: logtrace parse (NDJSON)" "$BB" "$LT parse $BARE > $DIR/.parse.out"
  if [ "${LNAV:-1}" != 0 ] && command -v lnav >/dev/null; then
    measure "mix: lnav -n (index + count)" "$BB" "lnav -n -c \";SELECT count(*) FROM all_logs WHERE log_level >= 'warning'\" $BARE > $DIR/.lnav.out"
    ratio "bare analyze" "mix: lnav -n (index + count)" "mix: analyze / lnav (target <= 0.1)"
  fi
  ratio "mix: logtrace parse (NDJSON)" "mix: grep -cE <5 alternatives>" "mix: parse / grep -cE 5 alternatives (target <= 1)"
fi
