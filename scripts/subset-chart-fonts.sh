#!/bin/bash
# Writes outputs/fonts/*-charts.ttf: DejaVu Sans and DejaVu Sans Bold (the dejavu-fonts-ttf
# package, the fonts every chart is laid out and drawn with) cut to the characters a chart
# title, label or number is made of, for resvg to draw PNGs from (outputs/render-png.ts says
# why). Every glyph, its hinting, kerning and substitutions are kept as they are; only the
# characters outside the ranges below are left out. Needs Debian's python3-fonttools.
#
#   bash scripts/subset-chart-fonts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# Basic Latin, Latin-1, Latin Extended-A, the ʻokina, dashes, quotes and ellipsis, per mille
# and guillemets, arrows, minus, ≈ ≠ ≤ ≥ and the check mark.
UNICODES="U+0020-007E,U+00A0-017F,U+02BB-02BC,U+2010-2027,U+2030-203A,U+2190-2195,U+2212,U+2248,U+2260,U+2264-2265,U+2713"
for font in DejaVuSans DejaVuSans-Bold; do
  /usr/bin/python3 -m fontTools.subset "node_modules/dejavu-fonts-ttf/ttf/$font.ttf" \
    --unicodes="$UNICODES" --layout-features='*' --legacy-kern --glyph-names \
    --notdef-outline --name-IDs='*' --name-languages='*' --name-legacy --drop-tables=FFTM \
    --output-file="outputs/fonts/$font-charts.ttf"
done
# The fonts' license asks that it go with every copy.
cp node_modules/dejavu-fonts-ttf/LICENSE outputs/fonts/LICENSE
