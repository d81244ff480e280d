#!/usr/bin/env bash
# Page images of a review DOCX as LibreOffice lays it out, with its Word comments printed in the
# right margin beside the text they are anchored to: what a reviewer sees in LibreOffice.
#
#   tools/review_pages.sh out/draft.docx [OUTDIR] [DPI]
#
# writes OUTDIR/<name>-1.png, -2.png, ... (OUTDIR defaults to the DOCX's folder, DPI to 70).
# Needs LibreOffice 7.5 or later: its PDF export's "comments in margin" option (ExportNotesInMargin)
# is what puts the comments on the page; 7.4 and earlier can only export them as PDF annotations,
# which page images show as icons. Debian 12 has 7.4; bookworm-backports has 25.2. Laying comments
# out in the margin needs LibreOffice's windowing layer: the "-nogui" build fails that export, so
# install libreoffice-writer (not -nogui) and, without a display, xvfb (the script then uses xvfb-run):
#   apt-get install --no-install-recommends -t bookworm-backports libreoffice-writer xvfb
# Also needs pdftoppm (poppler-utils).
set -euo pipefail

docx=${1:?usage: tools/review_pages.sh FILE.docx [OUTDIR] [DPI]}
outdir=${2:-$(dirname "$docx")}
dpi=${3:-70}
soffice=${SOFFICE:-soffice}

[ -f "$docx" ] || { echo "error: $docx: no such file" >&2; exit 2; }
version=$("$soffice" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+' | head -n1 || true)
major=${version%%.*}
minor=${version#*.}
if [ -z "$version" ] || [ "$major" -lt 7 ] || { [ "$major" -eq 7 ] && [ "$minor" -lt 5 ]; }; then
  echo "error: LibreOffice ${version:-not found} cannot print comments in the margin; 7.5 or later is needed" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
filter='pdf:writer_pdf_Export:{"ExportNotesInMargin":{"type":"boolean","value":"true"}}'
display=()
if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "error: no display and no xvfb-run (Debian package xvfb)" >&2; exit 2; }
  display=(xvfb-run -a env SAL_USE_VCLPLUGIN=gen)
fi
"${display[@]}" "$soffice" "-env:UserInstallation=file://$work/profile" \
  --convert-to "$filter" --outdir "$work" "$docx" >/dev/null
name=$(basename "${docx%.*}")
mkdir -p "$outdir"
pdftoppm -png -r "$dpi" "$work/$name.pdf" "$outdir/$name"
ls "$outdir/$name"-*.png
