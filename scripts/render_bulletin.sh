#!/usr/bin/env bash
# Renders the demo bulletin (龙岗区, 2022年9月) to PDF and page images, to look at its layout.
# Needs LibreOffice and poppler: apt-get install -y libreoffice-writer-nogui poppler-utils
# (not part of CI). Output: $OUT (default var/bulletin/): 通报.docx, 通报.pdf, page-N.png.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
OUT="${OUT:-$ROOT/var/bulletin}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
cd "$ROOT"

db="$WORK/demo.duckdb"
"$PY" -m tracker --db "$db" demo > /dev/null
# the ledger as the office would have kept it from July on: tiers rise over three months
for month in 2022-07 2022-08 2022-09; do
    "$PY" -m tracker --db "$db" ledger --evaluate "$month" > /dev/null
done
"$PY" -m tracker --db "$db" bulletin --period 2022-09 --region 龙岗区 --out "$OUT/通报.docx"
soffice --headless --norestore "-env:UserInstallation=file://$WORK/lo" \
    --convert-to pdf --outdir "$OUT" "$OUT/通报.docx" > /dev/null
rm -f "$OUT"/page-*.png
pdftoppm -r 60 -png "$OUT/通报.pdf" "$OUT/page"
ls "$OUT"
