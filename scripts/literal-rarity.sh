#!/usr/bin/env bash
# Measures how often each `contains` literal of the built-in pack occurs on real-shaped data (the
# benchmark mix, `logtrace-gen --layout bench`): lines holding it per million lines. RuleSet picks
# a matcher's anchor (the literal the block prefilter searches) by this table, the rarest literal
# that a raw JSON line shows as its rendered text does; see ARCHITECTURE.md "Anchors".
#
#   scripts/literal-rarity.sh DIR...   # writes Sources/LogtraceCore/Rules/LiteralRarity.generated.swift
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: scripts/literal-rarity.sh CORPUS_DIR..."; exit 2; }
FILES=$(find "$@" -type f -name '*.log' | sort)
LINES=$(cat $FILES | wc -l)
python3 - "$LINES" $FILES <<'PY'
import glob, subprocess, sys, yaml
lines, files = int(sys.argv[1]), sys.argv[2:]
lits = set()
for f in sorted(glob.glob('rules/*.yaml')):
    for s in yaml.safe_load(open(f)).get('signals', []):
        for m in (s['match'] if isinstance(s['match'], list) else [s['match']]):
            c = m.get('contains', [])
            c = [c] if isinstance(c, str) else c
            if len(c) > 1: lits.update(x for x in c if x)
rows = []
for l in sorted(lits):
    n = 0
    for f in files:
        r = subprocess.run(['grep', '-cF', '--', l, f], capture_output=True, text=True)
        n += int(r.stdout.strip() or 0)
    rows.append((l, n * 1_000_000 // max(1, lines) if n == 0 or n * 1_000_000 // lines > 0 else 1, n))
for l, pm, n in rows: print('%10d  %8d/M  %s' % (n, pm, l))
PY
