#!/usr/bin/env bash
# Opens a generated report in LibreOffice (headless): the workbook from `npm run report` over a seeded synthetic
# ledger must convert to a non-empty PDF without errors, and its native charts must come through as chart objects
# over the sheet ranges (an .ods conversion keeps them as embedded charts with their source ranges).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/spendguard-lo-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$root"

if ! command -v soffice >/dev/null 2>&1; then
  echo "libreoffice-check: soffice not found (apt-get install -y libreoffice-calc)" >&2
  exit 1
fi

node -r ./tools/ts-register.cjs tools/ci/synthetic-ledger.ts --seed 11 --customers 2 --out "$work/ledger.csv" >/dev/null
npm run --silent report -- --input "$work/ledger.csv" --user u0001 --out "$work/report.xlsx" >"$work/report.log" 2>&1 || {
  cat "$work/report.log" >&2
  echo "libreoffice-check: npm run report failed" >&2
  exit 1
}

convert() { # format outdir
  local status=0
  # a private profile per run: no shared state with other soffice processes
  timeout 180 soffice -env:UserInstallation="file://$work/profile" --headless --norestore --nolockcheck \
    --convert-to "$1" --outdir "$2" "$work/report.xlsx" >"$work/$1.out" 2>"$work/$1.err" || status=$?
  # LibreOffice prints this harmless notice on machines without Java
  grep -v -e 'failed to launch javaldx' -e '^$' "$work/$1.err" >"$work/$1.errors" || true
  if [ "$status" -ne 0 ] || [ -s "$work/$1.errors" ]; then
    echo "libreoffice-check: soffice --convert-to $1 exited $status" >&2
    cat "$work/$1.out" "$work/$1.err" >&2
    exit 1
  fi
}

convert pdf "$work/pdf"
pdf="$work/pdf/report.pdf"
if [ ! -s "$pdf" ] || [ "$(head -c 5 "$pdf")" != "%PDF-" ]; then
  echo "libreoffice-check: no PDF (or an empty one) from the report" >&2
  exit 1
fi

convert ods "$work/ods"
charts="$(node -e '
  require("jszip").loadAsync(require("fs").readFileSync(process.argv[1]))
    .then((zip) => zip.file("content.xml").async("string"))
    .then((xml) => console.log((xml.match(/draw:notify-on-update-of-ranges="[^"]+"/g) || []).length));
' "$work/ods/report.ods")"
if [ "$charts" -lt 3 ]; then
  echo "libreoffice-check: expected the native charts as chart objects, LibreOffice found $charts" >&2
  exit 1
fi

echo "libreoffice-check: ok ($(stat -c %s "$pdf") bytes of PDF, $charts native charts)"
