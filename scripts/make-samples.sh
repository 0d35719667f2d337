#!/usr/bin/env bash
# Regenerates the bundled sample dumps under SampleLogs/ with logtrace-gen and checks them.
# The generator is deterministic (seeded, never reads the clock; gzip -n), so a run on an unchanged
# tree writes the same bytes. SampleLogs/README.md is kept; every sample directory is rewritten.
#
#   scripts/make-samples.sh           regenerate SampleLogs/ and check it
#   scripts/make-samples.sh --check   regenerate into a temporary directory and diff against SampleLogs/
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product logtrace-gen --scratch-path .build-gen >&2
gen=.build-gen/release/logtrace-gen

# Lines that start like a klog record (after removing the CRI, kubectl --timestamps and journald
# prefixes) but do not have the klog header byte layout. Prints them; fails if there are any.
check_headers() {
    local dir=$1 bad
    bad=$(find "$dir" -type f ! -name '*.md' | sort | while read -r f; do
        case "$f" in *.gz) gzip -dc -- "$f" ;; *) cat -- "$f" ;; esac
    done | sed -E \
        -e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]{5}) (stdout|stderr) [FP] //' \
        -e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z //' \
        -e 's/^[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [^ ]+ [^ :]+: //' |
        grep -P '^[IWEF]\d{4} ' | grep -vP '^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ [^ :]+:\d+\] ' || true)
    if [ -n "$bad" ]; then
        echo "malformed klog headers:" >&2
        echo "$bad" | head -20 >&2
        return 1
    fi
}

if [ "${1:-}" = "--check" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    "$gen" --sample all --out "$tmp" 2>/dev/null
    # Only the generator's directories: hand-made and derived dumps (scripts/make-derived-samples.sh) sit beside them.
    for d in "$tmp"/*/; do diff -r "$d" "SampleLogs/$(basename "$d")"; done
    check_headers SampleLogs
    echo "SampleLogs/ is up to date ($(du -sh SampleLogs | cut -f1))"
    exit 0
fi

"$gen" --sample all --out SampleLogs
check_headers SampleLogs
echo "SampleLogs/: $(find SampleLogs -type f | wc -l) files, $(du -sh SampleLogs | cut -f1)" >&2
