#!/usr/bin/env bash
# Render a gapcheck workbook to PDF (LibreOffice headless) and to one PNG per page (pdftoppm),
# to look at what management will print. Not part of CI.
#
#   scripts/render_workbook_pdf.sh [WORKBOOK.xlsx] [OUTDIR]
#
# Defaults: out/aldreforvaltningen.xlsx, written first with `gapcheck report` when missing;
# output in out/render/. Needs the Debian packages libreoffice-calc and poppler-utils
# (apt-get install libreoffice-calc poppler-utils).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
workbook="${1:-$here/out/aldreforvaltningen.xlsx}"
outdir="${2:-$here/out/render}"
dpi="${DPI:-80}"

for tool in libreoffice pdftoppm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "error: $tool not found — apt-get install libreoffice-calc poppler-utils" >&2
        exit 2
    fi
done

if [[ ! -f "$workbook" ]]; then
    if [[ "$workbook" == "$here/out/aldreforvaltningen.xlsx" ]]; then
        "$here/.venv/bin/gapcheck" report "$here/examples/aldreforvaltningen" -o "$workbook"
    else
        echo "error: $workbook does not exist" >&2
        exit 2
    fi
fi

mkdir -p "$outdir"
name="$(basename "${workbook%.*}")"
# A private profile directory, so a running LibreOffice or a first-start dialog cannot interfere.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
libreoffice -env:UserInstallation="file://$profile" --headless --norestore \
    --convert-to pdf --outdir "$outdir" "$workbook" >/dev/null
rm -f "$outdir/$name"-*.png
pdftoppm -png -r "$dpi" "$outdir/$name.pdf" "$outdir/$name"
pages="$(find "$outdir" -maxdepth 1 -name "$name-*.png" | wc -l)"
echo "$outdir/$name.pdf: $pages pages, PNGs in $outdir/"
