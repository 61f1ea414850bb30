#!/usr/bin/env bash
# The guards plugin's part of `make demo`: this weekend's roster (with its
# honest unfilled slots), the same as a calendar, and tonight's patrol plan
# for Manchester.  Called by tests/demo.sh as: demo.sh SHOMER DB OUTDIR
set -eu
S=$1
DB=$2
OUT=$3
echo
echo "== Guards needed and rostered, Friday 6 to Sunday 8 November (London & South) =="
"$S" --db "$DB" guards roster --from 2026-11-06 --to 2026-11-08 --region "London & South" \
	--format csv --out "$OUT/roster-london.csv"
"$S" --db "$DB" guards roster --from 2026-11-06 --to 2026-11-08 --region "London & South" |
	grep -E 'Shabbat morning|Kabbalat|Bar mitzvah' | head -n 12
"$S" --db "$DB" guards roster --from 2026-11-06 --to 2026-11-08 --format ics \
	--out "$OUT/roster.ics" >/dev/null
echo
echo "== Patrols tonight, Manchester & North: 2 units from 20:00 for 4 hours =="
"$S" --db "$DB" patrols plan --region "Manchester & North" --units 2 \
	--start 2026-11-06T20:00 --hours 4 | head -n 8
"$S" --db "$DB" patrols plan --region "Manchester & North" --units 2 \
	--start 2026-11-06T20:00 --hours 4 --format geojson >"$OUT/patrols-manchester.geojson"
