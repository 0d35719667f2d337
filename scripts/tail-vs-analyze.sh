#!/usr/bin/env bash
# `logtrace tail` against `logtrace analyze` on the same lines (#15 item 8: tail within 2x).
# Two inputs, each one `kubectl logs --prefix` style stream read from stdin by both commands:
#   ns8000  8,000 namespaces whose deletion fails 5 to 15 times after a cloud permission error and
#           an aggregated API outage (80,007 lines; the generator of LiveScaleTests.storm)
#   dense   the first 10,000 lines of each file of the incident-dense bench mix
#           (`logtrace-gen --layout bench --dense --size 256M --seed 42`, 30% of lines hit a
#           literal), each line prefixed with its pod and container (80,000 lines, 21 MB)
# Prints wall and user time of RUNS runs of each (median by eye) and, with CALLGRIND=1, the
# instructions of one run of each (valgrind --tool=callgrind: deterministic, load-independent).
#
#   scripts/tail-vs-analyze.sh                  # builds release, RUNS=3, data in DIR=/tmp/tail-vs-analyze
#   BIN=.build/release CALLGRIND=1 scripts/tail-vs-analyze.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${DIR:-/tmp/tail-vs-analyze}
RUNS=${RUNS:-3}
if [ -z "${BIN:-}" ]; then
  swift build -c release --product logtrace >/dev/null
  swift build -c release --product logtrace-gen >/dev/null
  BIN=$(swift build -c release --show-bin-path)
fi
mkdir -p "$DIR"
if [ ! -s "$DIR/ns8000.txt" ]; then
  python3 - 8000 > "$DIR/ns8000.txt" <<'PY'
import sys
n = int(sys.argv[1]); t = 9 * 3600 * 10**6 + 600 * 10**6; out = []
def line(pod, c, sev, body, step):
    global t
    s, us = t // 10**6, t % 10**6
    out.append("[pod/%s/%s] %s0312 %02d:%02d:%02d.%06d       1 %s" % (pod, c, sev, s // 3600, s // 60 % 60, s % 60, us, body)); t += step
for i in range(6):
    line("cloud-controller-manager-master-2", "cloud-controller-manager", "E", "route_controller.go:133] Couldn't reconcile node routes: RouteTables: Aliyun API Error: RequestId: 7A5B-%d Status Code: 403 Code: Forbidden.RAM Message: User not authorized to operate on the specified resource, or this API doesn't support RAM." % i, 10**7)
t += 600 * 10**6
for i in range(6):
    line("kube-apiserver-master-1", "kube-apiserver", "E", 'available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.244.5.12:4443/apis/metrics.k8s.io/v1beta1: Get "https://10.244.5.12:4443/apis/metrics.k8s.io/v1beta1": context deadline exceeded', 5 * 10**6)
t += 600 * 10**6
for r in range(16):
    for i in range(n):
        if r < 5 + (i * 7) % 11:
            line("kube-controller-manager-master-1", "kube-controller-manager", "E", "namespace_controller.go:162] deletion of namespace ns-%d failed: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request" % i, 20000)
print("\n".join(out))
PY
fi
if [ ! -s "$DIR/dense.txt" ]; then
  [ -d "$DIR/bench-dense" ] || "$BIN/logtrace-gen" --layout bench --dense --out "$DIR/bench-dense" --size 256M --seed 42 >/dev/null
  for f in $(ls "$DIR/bench-dense"/*.log | sort); do
    c=$(basename "$f" .log); comp=$(echo "$c" | sed -E 's/-[0-9.]+(-v[0-9])?$//'); pod=$(echo "$c" | tr . -)
    head -n 10000 "$f" | sed "s|^|[pod/$pod-master-1/$comp] |"
  done > "$DIR/dense.txt"
fi
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for input in ns8000 dense; do
  for cmd in analyze tail; do
    for _ in $(seq "$RUNS"); do
      /usr/bin/time -f "$input $cmd: %e s wall, %U s user, %M KB" "$BIN/logtrace" $cmd --year 2024 --format json - \
        < "$DIR/$input.txt" > "$DIR/$input-$cmd.json" 2> "$DIR/$input-$cmd.err" || true
      tail -1 "$DIR/$input-$cmd.err"
    done
  done
  if [ -n "${CALLGRIND:-}" ]; then
    cp "$BIN/logtrace" "$DIR/logtrace-stripped"; strip --strip-debug "$DIR/logtrace-stripped"   # valgrind cannot read this toolchain's DWARF
    for cmd in analyze tail; do
      valgrind --tool=callgrind --callgrind-out-file="$DIR/$input-$cmd.callgrind" "$DIR/logtrace-stripped" $cmd --year 2024 --format json - \
        < "$DIR/$input.txt" 2>&1 >/dev/null | grep -o "Collected : [0-9]*" | sed "s/^/$input $cmd: instructions /" || true
    done
  fi
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
