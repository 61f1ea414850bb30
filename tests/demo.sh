#!/usr/bin/env bash
# `make demo`: a fresh database from sites/, the report with every loaded
# plugin's section, and the files it wrote.
set -eu
# The demo's files map where the sites are unwatched: every one of them,
# those written by a redirection too, is for the user alone.
umask 077
cd "$(dirname "$0")/.."
BUILD=${1:-build}
# The demo's incident history runs to 31 October 2026: show it as of the day
# after, so that recency, near repeats and the threat posture read the same
# whenever the demo is run.
export SHOMER_NOW=${SHOMER_NOW:-2026-11-01T12:00:00Z}
S="$BUILD/bin/shomer"
OUT=${SHOMER_DEMO_OUT:-demo-out}
# afresh: a file left from an older run would keep its old mode
rm -rf "$OUT"
mkdir -p "$OUT"
chmod 0700 "$OUT"
DB="$OUT/demo.db"
rm -f "$DB" "$DB-wal" "$DB-shm"

"$S" --db "$DB" init
# Every record of the demo, plugins' included, lives in XML under sites/.
mapfile -t files < <(find sites -name '*.xml' | sort)
"$S" --db "$DB" import "${files[@]}"

# Plugins add their demo steps here, each a script in plugins/<name>/demo.sh
# taking the binary, the database and the output directory; they run before
# the report so that it shows what they computed.
# risk first: the others read its scores (patrols value sites by them)
for d in plugins/risk/ $(ls -d plugins/*/ | grep -v '^plugins/risk/$'); do
	if [ -f "$d/demo.sh" ] && [ -e "$BUILD/lib/shomer/plugins/shomer-$(basename "$d").so" ]; then
		bash "$d/demo.sh" "$S" "$DB" "$OUT"
	fi
done
echo
"$S" --db "$DB" report --html "$OUT/report.html" --map "$OUT/sites.svg"
"$S" --db "$DB" sites list --format geojson >"$OUT/sites.geojson"
"$S" --db "$DB" sites list --format geojson --geometry perimeter >"$OUT/perimeters.geojson"
"$S" --db "$DB" export --out "$OUT/export.xml"

"$S" --db "$DB" incidents share --force "Metropolitan Police Service" --from 2025-11 \
	--to 2026-10 --out "$OUT/share-met.csv"

echo
echo "Shomer demo: $("$S" --db "$DB" sites list --format csv | tail -n +2 | wc -l) sites in" \
	"$("$S" --db "$DB" sites list --format csv | tail -n +2 | cut -d, -f4 | sort -u | wc -l) regions," \
	"plugins loaded: $("$S" --db "$DB" plugins --format csv | tail -n +2 | grep -c ',loaded,' || true)"
echo "Wrote:"
for f in "$OUT"/*; do
	case "$f" in *.db|*.db-*) continue ;; esac
	echo "  $f"
done
echo "  $DB (the demo database)"
