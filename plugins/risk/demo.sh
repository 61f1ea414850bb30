#!/usr/bin/env bash
# The risk plugin's part of `make demo`: scores, one explanation, a hotspot
# map.  Called by tests/demo.sh as: demo.sh SHOMER DB OUTDIR
set -eu
S=$1
DB=$2
OUT=$3
echo
echo "== Risk scores (top 10) =="
"$S" --db "$DB" risk score --top 10
top=$("$S" --db "$DB" risk score --top 1 --format csv | tail -n 1 | cut -d, -f1)
echo
echo "== Why $top scores highest =="
"$S" --db "$DB" risk explain "$top"
"$S" --db "$DB" risk hotspots --cell 250 --region "London & South" --format geojson \
	>"$OUT/hotspots-london.geojson"
"$S" --db "$DB" risk hotspots --cell 250 --region "Manchester & North" --format geojson \
	>"$OUT/hotspots-manchester.geojson"
"$S" --db "$DB" risk score --format csv >"$OUT/risk-scores.csv"
