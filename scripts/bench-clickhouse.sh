#!/usr/bin/env bash
# Benchmarks analysis over ClickHouse against analysis of the same files: a generated corpus with
# an incident embedded is loaded with `logtrace ingest` into a ClickHouse server started here (a
# temporary data directory on loopback ports, stopped at the end), then `analyze clickhouse://`
# and `analyze DIR` run RUNS times each. Prints rows scanned vs rows and bytes returned (the
# note logtrace prints), median wall times, logtrace's peak RSS, and whether the findings agree.
#
#   scripts/bench-clickhouse.sh [SIZE]     # default 1G; BENCH_DIR (default ./corpus), RUNS (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-1G}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-corpus}
INCIDENT=${INCIDENT:-namespace-stuck-terminating@2024-03-12T09:10:00Z}

swift build -c release --product logtrace >/dev/null
swift build -c release --product logtrace-gen >/dev/null
BIN=$(swift build -c release --show-bin-path)
LT=$BIN/logtrace
CORPUS=$DIR/incident-$SIZE
if [ ! -f "$CORPUS/.done" ]; then
  rm -rf "$CORPUS"; mkdir -p "$CORPUS"
  /usr/bin/time -f "   generated in %e s" "$BIN/logtrace-gen" --out "$CORPUS" --size "$SIZE" --seed 42 --incident "$INCIDENT"
  touch "$CORPUS/.done"
fi
BYTES=$(find "$CORPUS" -type f ! -name '.done' -exec cat {} + | wc -c)
echo "== corpus: $CORPUS, $(find "$CORPUS" -type f ! -name '.done' | wc -l) files, $BYTES bytes"

CH=$(mktemp -d /tmp/lt-bench-ch.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP=$(free_port); TCP=$(free_port)
cat > "$CH/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$CH/server.log</log><errorlog>$CH/server.err.log</errorlog></logger>
  <http_port>$HTTP</http_port><tcp_port>$TCP</tcp_port><listen_host>127.0.0.1</listen_host>
  <path>$CH/data/</path><tmp_path>$CH/tmp/</tmp_path><user_files_path>$CH/user_files/</user_files_path>
  <format_schema_path>$CH/format_schemas/</format_schema_path>
  <users_config>$CH/users.xml</users_config><default_profile>default</default_profile><default_database>default</default_database>
  <timezone>UTC</timezone><mark_cache_size>536870912</mark_cache_size><mlock_executable>false</mlock_executable>
</yandex>
EOF
cat > "$CH/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
EOF
clickhouse-server --config-file="$CH/config.xml" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$CH"' EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$HTTP/?query=SELECT%201" >/dev/null && break; sleep 0.2; done
echo "== ClickHouse $(curl -s "http://127.0.0.1:$HTTP/?query=SELECT%20version()") on 127.0.0.1:$HTTP"
URL="clickhouse://127.0.0.1:$HTTP/default.logs"

/usr/bin/time -f "   ingest: %e s, peak RSS %M KiB" "$LT" ingest "$CORPUS" "$URL" 2>&1 | tail -2
curl -s "http://127.0.0.1:$HTTP/" --data-binary "OPTIMIZE TABLE default.logs FINAL" >/dev/null || true
echo "   table: $(curl -s "http://127.0.0.1:$HTTP/" --data-binary "SELECT count(), sum(data_uncompressed_bytes), sum(data_compressed_bytes) FROM system.parts WHERE database = 'default' AND table = 'logs' AND active FORMAT TSV" | awk '{printf "%d rows in parts, %d bytes uncompressed, %d compressed", $1, $2, $3}')"

measure() {  # measure NAME ARGS...: median wall, max RSS over RUNS runs
  local name=$1; shift
  local times=() rss=0
  for _ in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$CH/time" "$LT" "$@" > "$CH/out-$name.json" 2> "$CH/err-$name"
    read -r t m < "$CH/time"
    times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
  done
  local med; med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  echo "   $name: median ${med} s of ${times[*]}, peak RSS $((rss / 1024)) MiB"
}
echo "== analyze (RUNS=$RUNS)"
measure store analyze "$URL" --format json
grep -h "ClickHouse scanned" "$CH/err-store" | sed 's/^/   /'
measure files analyze "$CORPUS" --format json
strip='[.findings[] | del(.. | .text?)]'
if diff <(jq -S "$strip" "$CH/out-files.json") <(jq -S "$strip" "$CH/out-store.json") >/dev/null; then
  echo "   findings: the same ($(jq '.findings | length' "$CH/out-store.json") findings: $(jq -r '[.findings[].id] | join(", ")' "$CH/out-store.json"))"
else
  echo "   findings: DIFFER"; diff <(jq -S "$strip" "$CH/out-files.json") <(jq -S "$strip" "$CH/out-store.json") | head -20
fi
