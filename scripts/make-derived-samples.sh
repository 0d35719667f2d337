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
