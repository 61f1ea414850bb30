#!/usr/bin/env bash
# The core commands as a user runs them: init, import, export round trips,
# sites list/show/rm in every format, exit codes, file modes.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1

sh_run sites list
is "$RC" 1 "a command on a missing database fails"
is "$ERR" "shomer: no database at '$DB'; create one with 'shomer init'" "and says how to make one"

sh_run init --crs EPSG:99999
is "$RC" 1 "init with an unknown CRS fails"
like "$ERR" "EPSG:99999" "naming the CRS"
[ ! -e "$DB" ]
ok $? "and creates no database"

sh_run init
is "$RC" 0 "init"
like "$OUT" "crs: EPSG:27700" "init reports the default CRS"
like "$OUT" "transform: .*British National Grid" "init reports the transform in use"
like "$OUT" "accuracy: [0-9.]+ m" "and its accuracy"
is "$(stat -c %a "$DB")" 600 "the database is created 0600"
sh_run init
is "$RC" 1 "init refuses to overwrite a database"

sh_run import "$ROOT"/sites/*.xml
is "$RC" 0 "the demo sites import"
like "$OUT" "imported [0-9]+ files: 41 new sites, 0 changed, 0 unchanged" "the summary counts them"
for f in "$DB" "$DB-wal" "$DB-shm"; do
	[ ! -e "$f" ] || [ "$(stat -c %a "$f")" = 600 ]
	ok $? "$(basename "$f") is 0600 or absent"
done
before=$(dump_db)
sh_run import "$ROOT"/sites/*.xml
like "$OUT" "0 new sites, 0 changed, 41 unchanged" "re-import reports nothing changed"
is "$(dump_db)" "$before" "re-importing the same files changes nothing in the database"

# Export, validate, round trip.
sh_run export
is "$RC" 0 "export"
printf '%s\n' "$OUT" >"$T/all.xml"
xmllint --noout --schema "$ROOT/schemas/site.xsd" "$T/all.xml" 2>/dev/null
ok $? "xmllint --schema accepts the export"
is "$(grep -c '<site id=' "$T/all.xml")" 41 "every site is exported"
DB2="$T/copy.db"
"$SHOMER" --db "$DB2" init >/dev/null && "$SHOMER" --db "$DB2" import --quiet "$T/all.xml"
"$SHOMER" --db "$DB2" export >"$T/again.xml"
cmp -s "$T/all.xml" "$T/again.xml"
ok $? "import(export) into an empty database gives an identical export"
sh_run export --region "Manchester & North" --kind synagogue --out "$T/man.xml"
is "$RC" 0 "export --region --kind --out"
is "$(stat -c %a "$T/man.xml")" 600 "an export file is created 0600"
is "$(grep -c '<site id=' "$T/man.xml")" "$(grep -c '<site id="MAN-SYN' "$T/all.xml")" \
	"the filtered export holds exactly that region's synagogues"
xmllint --noout --schema "$ROOT/schemas/site.xsd" "$T/man.xml" 2>/dev/null
ok $? "the filtered export validates"

# A change is an update, not a new site.
sed 's/>Millbrae Jewish Community Centre</>Millbrae Jewish Community Centre and Hall</' "$T/all.xml" >"$T/changed.xml"
sh_run import "$T/changed.xml"
like "$OUT" "0 new sites, 1 changed, 40 unchanged" "a changed site is updated in place"

# Listing.
sh_run sites list
is "$RC" 0 "sites list"
is "$(printf '%s\n' "$OUT" | head -n1 | awk '{print $1, $2, $3}')" "id name kind" \
	"the table starts with id, name, kind"
is "$(printf '%s\n' "$OUT" | tail -n +3 | wc -l)" 41 "one line per site"
sh_run sites list --kind cemetery --format csv
like "$OUT" "^id,name,kind,region" "csv has a header"
is "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c ',cemetery,')" \
	"$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" "--kind keeps only that kind"
sh_run sites list --tag high-profile --format json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d) > 0 and all("id" in x for x in d)' \
	<<<"$OUT"
ok $? "--tag with json gives a non-empty array of sites"
sh_run sites list --format geojson
printf '%s\n' "$OUT" >"$T/sites.geojson"
python3 - "$T/sites.geojson" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["type"] == "FeatureCollection" and "crs" not in d
assert len(d["features"]) == 41
for f in d["features"]:
    lon, lat = f["geometry"]["coordinates"]
    assert f["geometry"]["type"] == "Point"
    assert 49 < lat < 61 and -8 < lon < 2, (lon, lat)   # [lon, lat] order, Great Britain
    assert f["properties"]["id"]
PY
ok $? "geojson is RFC 7946: FeatureCollection, no crs, [lon, lat] points"
sh_run sites list --format geojson --geometry perimeter
python3 -c '
import json,sys
d=json.load(sys.stdin)
polys=[f for f in d["features"] if f["geometry"]["type"]=="Polygon"]
assert polys
for f in polys:
    r=f["geometry"]["coordinates"][0]
    assert r[0]==r[-1] and len(r)>=4
' <<<"$OUT"
ok $? "--geometry perimeter gives closed polygon rings"
sh_run sites list --format xml
is "$RC" 2 "an unknown format is a usage error"

# Show.
sh_run sites show LDN-SYN-0001 --format json
is "$RC" 0 "sites show --format json"
python3 - "$OUT" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
for k in ("lat", "lon", "x", "y", "crs", "perimeter", "schedule", "tags", "attributes"):
    assert k in d, k
assert d["crs"] == "EPSG:27700"
assert 500000 < d["x"] < 560000 and 170000 < d["y"] < 200000, (d["x"], d["y"])  # north London
assert d["schedule"] and d["schedule"][0]["day"] in ("mon","tue","wed","thu","fri","sat","sun")
PY
ok $? "show json has lat, lon, x, y in metres of EPSG:27700, and the crs"
sh_run sites show LDN-SYN-0001
like "$OUT" "x, y +[0-9.]+, [0-9.]+ \(EPSG:27700\)" "show as a table names the CRS"
sh_run sites show NOPE-0001
is "$RC" 3 "show of an unknown id is rejected"
is "$ERR" "shomer: no site 'NOPE-0001'" "with a clear message"

# Remove.
before=$(dump_db)
sh_run sites rm LDN-SYN-0004 NOPE-0001
is "$RC" 3 "rm with one unknown id is rejected"
is "$(dump_db)" "$before" "and removes nothing"
sh_run sites rm LDN-SYN-0004
is "$RC" 0 "rm"
"$SHOMER" --db "$DB" sites show LDN-SYN-0004 >/dev/null 2>&1
is "$?" 3 "the site is gone"
if command -v strings >/dev/null; then
	! strings "$DB" "$DB-wal" 2>/dev/null | grep -q "Ohel Yaakov Wrenfold Road"
	ok $? "the removed site's name is not left in the database files"
fi

# The report: text on stdout, one self-contained HTML file, the map alone.
sh_run report --html "$T/report.html" --map "$T/map.svg"
is "$RC" 0 "report"
like "$OUT" "Site registry" "the text report has the registry summary"
like "$OUT" "40 sites in 2 regions" "with the counts"
is "$(stat -c %a "$T/report.html")" 600 "the HTML report is 0600"
html=$(cat "$T/report.html")
like "$html" "<svg" "the HTML embeds the SVG map"
! grep -Eq "<script|<link|src=|@import" "$T/report.html"
ok $? "the HTML loads nothing: no script, link, src or @import"
! grep -Eo "https?://[^\"' )]*" "$T/report.html" | grep -qv "^http://www.w3.org/2000/svg$"
ok $? "the only URL in it is the SVG namespace"
xmllint --noout "$T/map.svg" 2>/dev/null
ok $? "the map is well-formed SVG"

# Progress on stderr only when stderr is a terminal.
"$SHOMER_GEN" sites --count 3000 --seed 3 --out "$T/progress.xml"
"$SHOMER" --db "$T/p.db" init >/dev/null
"$SHOMER" --db "$T/p.db" import "$T/progress.xml" 2>"$T/progress.err" >/dev/null
is "$(cat "$T/progress.err")" "" "no progress when stderr is not a terminal"
if command -v script >/dev/null; then
	rm -f "$T/p.db"*
	"$SHOMER" --db "$T/p.db" init >/dev/null
	script -qec "'$SHOMER' --db '$T/p.db' import '$T/progress.xml' >/dev/null" /dev/null \
		>"$T/tty.out" 2>&1
	grep -q "importing records: [0-9]" "$T/tty.out"
	ok $? "progress is shown when stderr is a terminal"
fi

# Usage and help.
sh_run frobnicate
is "$RC" 2 "an unknown command is a usage error"
like "$ERR" "unknown command 'frobnicate'" "and says so"
sh_run import
is "$RC" 2 "import without files is a usage error"
sh_run help
like "$OUT" "Core commands:" "help lists the core commands"
sh_run --version
like "$OUT" "^shomer [0-9]+\.[0-9]+\.[0-9]+ \(plugin ABI 1\.4\)" "--version"
SHOMER_DB="$DB" "$SHOMER" sites list >/dev/null 2>&1
ok $? "SHOMER_DB names the database"
sh_run doctor
is "$RC" 0 "doctor on a healthy database"
like "$OUT" "integrity: ok" "doctor checks integrity"

done_testing
