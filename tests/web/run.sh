#!/usr/bin/env bash
# Browser end-to-end test of the web UI: ingests a fixture (and the shared
# seeds when present) with the marsad binary, then drives Debian's Chromium
# through playwright-core against `marsad serve`.
# Usage: run.sh MARSAD_BIN WORK_DIR [SCREENSHOT_DIR]
# Exits 77 (skipped) when node, npm, Chromium or the npm package is missing.
set -euo pipefail
marsad=$1
work=$2
shots=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
chromium=${MARSAD_CHROMIUM:-/usr/bin/chromium}

skip() { echo "SKIP: $*" >&2; exit 77; }
command -v node >/dev/null || skip "node not installed (scripts/install-deps --web)"
command -v npm >/dev/null || skip "npm not installed (scripts/install-deps --web)"
[ -x "$chromium" ] || skip "$chromium not installed (scripts/install-deps --web)"

mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/ui.test.mjs" "$work/"
cd "$work"
if [ ! -f node_modules/playwright-core/package.json ] || ! cmp -s package-lock.json node_modules/.marsad-lock; then
  # Offline or no registry: skip rather than fail.
  if ! timeout 300 npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1; then
    cat npm.log >&2
    skip "npm ci failed (offline?): playwright-core not available"
  fi
  cp package-lock.json node_modules/.marsad-lock
fi

rm -f ui.db ui.db-wal ui.db-shm
inputs=("$here/fixture.jsonl")
seeds="${MARSAD_SHARED_DIR:-$src/../shared}/seeds/articles.jsonl"
if [ -f "$seeds" ]; then inputs+=("$seeds"); export MARSAD_UI_SEEDS=1; else echo "note: no shared seeds; fixture only" >&2; fi
"$marsad" ingest --db ui.db "${inputs[@]}" >ingest.log 2>&1 || { cat ingest.log >&2; exit 1; }
# One watch cycle for the Monitoring page: a local drop that works and one
# that does not exist (a failing source). A failing source makes the exit
# code non-zero by design.
rm -rf drop ui.db.watch* ui.db.alerts.jsonl && mkdir -p drop && cp "$here/fixture.jsonl" drop/
printf '%s\n%s\n' "$work/drop" "$work/no-such-drop" >sources.txt
"$marsad" watch --db ui.db --sources sources.txt --once -q >watch.log 2>&1 || true
[ -f ui.db.watch ] || { cat watch.log >&2; echo "marsad watch left no state" >&2; exit 1; }

export MARSAD_BIN="$marsad" MARSAD_DB="$work/ui.db" MARSAD_WEB="$src/web" MARSAD_CHROMIUM="$chromium"
[ -n "$shots" ] && export MARSAD_SCREENSHOTS="$shots"
exec node --test --test-reporter=spec ui.test.mjs
