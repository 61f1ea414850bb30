#!/usr/bin/env bash
# `make demo`: a fresh database from sites/, the report with every loaded
# plugin's section, and the files it wrote.
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
S="$BUILD/bin/shomer"
OUT=demo-out
mkdir -p "$OUT"
chmod 0700 "$OUT"
DB="$OUT/demo.db"
rm -f "$DB" "$DB-wal" "$DB-shm"

"$S" --db "$DB" init
# Every record of the demo, plugins' included, lives in XML under sites/.
mapfile -t files < <(find sites -name '*.xml' | sort)
"$S" --db "$DB" import "${files[@]}"
echo
"$S" --db "$DB" report --html "$OUT/report.html" --map "$OUT/sites.svg"
"$S" --db "$DB" sites list --format geojson >"$OUT/sites.geojson"
"$S" --db "$DB" sites list --format geojson --geometry perimeter >"$OUT/perimeters.geojson"
"$S" --db "$DB" export --out "$OUT/export.xml"

# Plugins add their demo steps here, each a script in plugins/<name>/demo.sh
# taking the binary, the database and the output directory.
for d in plugins/*/; do
	if [ -f "$d/demo.sh" ] && [ -e "$BUILD/lib/shomer/plugins/shomer-$(basename "$d").so" ]; then
		bash "$d/demo.sh" "$S" "$DB" "$OUT"
	fi
done

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
