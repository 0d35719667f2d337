#!/usr/bin/env bash
# Vectorscan study (#14): builds bench/vectorscan (a harness outside the product) against this
# checkout's release objects and Debian's libvectorscan-dev, then runs it on the given files.
#
#   apt-get install -y libvectorscan-dev   # only for this study; the product does not use it
#   swift build -c release --product logtrace
#   RUNS=3 scripts/bench-vectorscan.sh corpus/bench-256M/bare/*.log
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f /usr/include/hs/hs.h ] || { echo "needs libvectorscan-dev (apt-get install -y libvectorscan-dev)"; exit 2; }
B=$(swift build -c release --show-bin-path)
[ -f "$B/Modules/LogtraceCore.swiftmodule" ] || { echo "build first: swift build -c release --product logtrace"; exit 2; }
OUT=${VS_BIN:-$B/vectorscan-bench}
if [ ! -x "$OUT" ] || [ bench/vectorscan/main.swift -nt "$OUT" ]; then
  swiftc -O bench/vectorscan/main.swift -o "$OUT" -module-cache-path "$B/ModuleCache" \
    -I "$B/Modules" -Xcc -fmodule-map-file=bench/vectorscan/CHS/module.modulemap -Xcc -I -Xcc bench/vectorscan/CHS \
    -Xcc -fmodule-map-file=Sources/CPCRE2/module.modulemap -Xcc -fmodule-map-file=Sources/CZlib/module.modulemap \
    -Xcc -fmodule-map-file="$B/CShims.build/module.modulemap" -Xcc -I -Xcc Sources/CShims/include \
    -Xcc -fmodule-map-file="$B/CSIMD.build/module.modulemap" -Xcc -I -Xcc Sources/CSIMD/include \
    -Xcc -fmodule-map-file=.build/checkouts/Yams/Sources/CYaml/include/module.modulemap -Xcc -I -Xcc .build/checkouts/Yams/Sources/CYaml/include \
    "$B"/LogtraceCore.build/*.o "$B"/CSIMD.build/*.o "$B"/CShims.build/*.o "$B"/Yams.build/*.o "$B"/CYaml.build/src/*.o \
    -lpcre2-8 -lz -lhs -lstdc++
fi
exec "$OUT" "$@"
