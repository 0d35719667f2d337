#!/usr/bin/env bash
# Derives the confounder dumps whose point is their layout, not their lines, from generated samples:
#
# SampleLogs/classic-var-log/ from namespace-stuck-terminating/: the founding incident as plain
# files under /var/log (klog's --log-file, rotated by logrotate), the way a sosreport or a tar of
# /var/log collects it. Every wrapper is removed (CRI, journald, kubectl --timestamps) and so is
# klog's "Log file created at:" header, so no line carries a year: only the files' modification
# times do.
#
# SampleLogs/guessed-year/ from aggregated-api-down/: `kubectl logs` saved without --timestamps,
# one flat file per pod, as they come out of a zip archive that kept no times (1980-01-01): nothing
# tells the year.
#
# Git does not keep modification times: SampleLogs/README.md gives the `touch` commands, and the
# tests set them on a copy.
#
#   scripts/make-derived-samples.sh          rewrite both directories
#   scripts/make-derived-samples.sh --check  rewrite into a temporary directory and diff
set -euo pipefail
cd "$(dirname "$0")/.."
root=SampleLogs
if [ "${1:-}" = "--check" ]; then
    root=$(mktemp -d)
    trap 'rm -rf "$root"' EXIT
fi
src=SampleLogs/namespace-stuck-terminating
out=$root/classic-var-log
rm -rf -- "$out"
mkdir -p "$out"/master-{1,2,3}/var/log

cri() { sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z (stdout|stderr) F //' "$@"; }

# master-1: the rotated apiserver log, header removed from the oldest member.
zcat "$src/master-1/var/log/kube-apiserver.log.2.gz" | sed '1,4{/^Log file created at: \|^Running on machine: \|^Binary: \|^Log line format: /d}' \
    > "$out/master-1/var/log/kube-apiserver.log.2"
gzip -n -9 "$out/master-1/var/log/kube-apiserver.log.2"
cp "$src/master-1/var/log/kube-apiserver.log.1" "$src/master-1/var/log/kube-apiserver.log" "$out/master-1/var/log/"
cri "$src"/master-1/var/log/pods/kube-system_kube-controller-manager-master-1_*/kube-controller-manager/0.log \
    > "$out/master-1/var/log/kube-controller-manager.log"
# master-2: the cloud-controller-manager's own log file instead of the journal.
sed -nE 's/^[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} master-2 cloud-controller-manager\[1126\]: //p' "$src/master-2/journal.txt" \
    > "$out/master-2/var/log/cloud-controller-manager.log"
cri "$src"/master-2/var/log/pods/kube-system_kube-apiserver-master-2_*/kube-apiserver/0.log > "$out/master-2/var/log/kube-apiserver.log"
# master-3
sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z //' "$src/master-3/kube-apiserver-master-3.log" > "$out/master-3/var/log/kube-apiserver.log"
cri "$src"/master-3/var/log/pods/kube-system_kube-scheduler-master-3_*/kube-scheduler/0.log > "$out/master-3/var/log/kube-scheduler.log"


src=SampleLogs/aggregated-api-down
out=$root/guessed-year
rm -rf -- "$out"
mkdir -p "$out"
kts() { sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z //' "$@"; }
kts "$src/master-1/kube-apiserver-master-1.log" > "$out/kube-apiserver-master-1.log"
kts "$src/master-2/kube-apiserver-master-2.log" > "$out/kube-apiserver-master-2.log"
cri "$src"/master-1/var/log/pods/kube-system_kube-controller-manager-master-1_*/kube-controller-manager/0.log > "$out/kube-controller-manager-master-1.log"
cri "$src"/master-2/var/log/pods/kube-system_kube-scheduler-master-2_*/kube-scheduler/0.log > "$out/kube-scheduler-master-2.log"
cri "$src"/cn-shanghai.10.0.2.16/var/log/pods/kube-system_metrics-server-6d9b5c8f7c-q7wz4_*/metrics-server/0.log > "$out/metrics-server-6d9b5c8f7c-q7wz4.log"
cri "$src"/cn-shanghai.10.0.2.15/var/log/pods/kube-system_metrics-server-6d9b5c8f7c-h2m4x_*/metrics-server/15.log > "$out/metrics-server-6d9b5c8f7c-h2m4x-previous.log"
cri "$src"/cn-shanghai.10.0.2.15/var/log/pods/kube-system_metrics-server-6d9b5c8f7c-h2m4x_*/metrics-server/16.log > "$out/metrics-server-6d9b5c8f7c-h2m4x.log"

if [ "${1:-}" = "--check" ]; then
    diff -r "$root/classic-var-log" SampleLogs/classic-var-log
    diff -r "$root/guessed-year" SampleLogs/guessed-year
    echo "SampleLogs/classic-var-log and SampleLogs/guessed-year are up to date"
fi


# SampleLogs/audit-only/ from namespace-stuck-terminating/: the same incident with master-1's
# request log turned off (-v=2, the default) and the audit log on (--audit-log-path, level
# Metadata): every request-log line of master-1 becomes a RequestReceived and a ResponseComplete
# audit event in master-1/var/log/kubernetes/audit/audit.log, and leaves the klog files.
src=SampleLogs/namespace-stuck-terminating
out=$root/audit-only
rm -rf -- "$out"
mkdir -p "$out"
cp -r "$src"/master-2 "$src"/master-3 "$src"/inspect "$out"/
mkdir -p "$out"/master-1/var/log/kubernetes/audit
cp -r "$src"/master-1/var/log/pods "$out"/master-1/var/log/
python3 - "$src/master-1/var/log" "$out/master-1/var/log" <<'PY'
import gzip, json, re, sys, datetime as dt
src, out = sys.argv[1], sys.argv[2]
req = re.compile(r'^I(\d\d)(\d\d) (\d\d:\d\d:\d\d\.\d{6}) +\d+ httplog\.go:\d+\] "HTTP" verb="(\w+)" URI="([^"]*)" latency="([0-9.]+)(ms|µs|s)" userAgent="([^"]*)" audit-ID="([^"]*)" srcIP="([^"]*)" resp=(\d+)')
methods = {"GET": "get", "POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"}
events = []
def objref(uri):
    path = uri.split("?")[0].strip("/").split("/")
    ref = {}
    if path[:2] == ["api", "v1"]: rest, ref["apiVersion"] = path[2:], "v1"
    elif path[:1] == ["apis"] and len(path) >= 3: rest, ref["apiGroup"], ref["apiVersion"] = path[3:], path[1], path[2]
    else: return None
    if rest[:1] == ["namespaces"] and len(rest) >= 2:
        if len(rest) == 2 or rest[2:] == ["finalize"]:
            ref.update(resource="namespaces", name=rest[1])
            if rest[2:]: ref["subresource"] = "finalize"
            return ref
        ref["namespace"], rest = rest[1], rest[2:]
    if rest: ref["resource"] = rest[0]
    if len(rest) > 1: ref["name"] = rest[1]
    return ref
def user(ua):
    m = re.search(r'/(system:serviceaccount:[^ ]+)$', ua)
    if m: return {"username": m.group(1), "groups": ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]}
    if ua.startswith("kube-controller-manager/"): return {"username": "system:kube-controller-manager", "groups": ["system:authenticated"]}
    if ua.startswith("kube-scheduler/"): return {"username": "system:kube-scheduler", "groups": ["system:authenticated"]}
    if ua.startswith("kubelet/"): return {"username": "system:node:master-1", "groups": ["system:nodes", "system:authenticated"]}
    return {"username": "kubernetes-admin", "groups": ["system:masters", "system:authenticated"]}
def stamp(t): return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%06dZ" % t.microsecond
for name, opener in [("kube-apiserver.log.2.gz", gzip.open), ("kube-apiserver.log.1", open), ("kube-apiserver.log", open)]:
    with opener(f"{src}/{name}", "rt", encoding="utf-8") as f:
        lines = f.read().split("\n")
    kept = []
    for line in lines:
        m = req.match(line)
        if not m:
            kept.append(line); continue
        mo, d, clock, verb, uri, lat, unit, ua, aid, ip, code = m.groups()
        end = dt.datetime.strptime(f"2024-{mo}-{d} {clock}", "%Y-%m-%d %H:%M:%S.%f")
        lat_us = float(lat) * {"ms": 1000, "µs": 1, "s": 1000000}[unit]
        start = end - dt.timedelta(microseconds=int(lat_us))
        v = methods.get(verb, verb.lower())
        ref = objref(uri)
        if v == "get" and ref is not None and "name" not in ref: v = "watch" if "watch=true" in uri else "list"
        base = {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": "Metadata", "auditID": aid}
        tail = {"requestURI": uri, "verb": v, "user": user(ua), "sourceIPs": [ip.rsplit(":", 1)[0].strip("[]")], "userAgent": ua}
        if ref: tail["objectRef"] = ref
        ev1 = dict(base, stage="RequestReceived", **tail, requestReceivedTimestamp=stamp(start), stageTimestamp=stamp(start))
        ev2 = dict(base, stage="ResponseComplete", **tail, responseStatus={"metadata": {}, "code": int(code)},
                   requestReceivedTimestamp=stamp(start), stageTimestamp=stamp(end),
                   annotations={"authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": ""})
        events.append((start, 0, json.dumps(ev1, separators=(",", ":"), ensure_ascii=False)))
        events.append((end, 1, json.dumps(ev2, separators=(",", ":"), ensure_ascii=False)))
    data = "\n".join(kept)
    if name.endswith(".gz"):
        with gzip.GzipFile(f"{out}/{name}", "wb", mtime=0) as g: g.write(data.encode())
    else:
        open(f"{out}/{name}", "w", encoding="utf-8").write(data)
events.sort(key=lambda e: (e[0], e[1]))
open(f"{out}/kubernetes/audit/audit.log", "w", encoding="utf-8").write("".join(e[2] + "\n" for e in events))
PY
