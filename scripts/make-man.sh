#!/usr/bin/env bash
# Regenerates docs/man/logtrace.1 from the argument parser (swift-argument-parser's
# GenerateManual plugin), so the man page always lists the options the binary takes.
# A test (ManPageTests) fails when an option is missing from the committed page.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package --allow-writing-to-package-directory generate-manual --configuration debug \
  --date "$(git log -1 --format=%cs)" --section 1 >/dev/null
mkdir -p docs/man
cp .build/plugins/GenerateManual/outputs/logtrace/logtrace.1 docs/man/logtrace.1
echo "wrote docs/man/logtrace.1 (view it with: man ./docs/man/logtrace.1)"
