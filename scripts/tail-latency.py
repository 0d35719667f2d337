#!/usr/bin/env python3
"""Measures how long `logtrace tail` takes to print a finding after the line that completes it,
and its sustained throughput through a pipe.

    scripts/tail-latency.py [path/to/logtrace]
"""
import subprocess, sys, time, threading

lt = sys.argv[1] if len(sys.argv) > 1 else ".build/release/logtrace"
line = ("E0312 09:40:0{}.118273       1 namespace_controller.go:162] deletion of namespace demo-app failed: "
        "unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently "
        "unable to handle the request\n")
p = subprocess.Popen([lt, "tail", "--year", "2024", "--component", "kube-controller-manager", "--format", "json"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
got = {}
def reader():
    for out in p.stdout:
        got.setdefault("t", time.monotonic())
threading.Thread(target=reader, daemon=True).start()
for i in range(4):
    p.stdin.write(line.format(i).encode()); time.sleep(0.05)
time.sleep(0.5)
assert "t" not in got, "finding printed before its fifth line"
sent = time.monotonic()
p.stdin.write(line.format(5).encode())   # the fifth failure within 10 minutes completes the finding
deadline = sent + 2
while "t" not in got and time.monotonic() < deadline:
    time.sleep(0.001)
p.stdin.close(); p.wait()
print(f"finding printed {1000 * (got['t'] - sent):.0f} ms after the line that completed it" if "t" in got else "no finding")
