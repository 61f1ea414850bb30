#!/usr/bin/env bash
# The incident log and the threat posture: XML import and export, the
# police.uk CSV import on real data, incidents add and list, threat set and
# show, time zones, and what never leaves the core unasked.
. "$(dirname "$0")/lib.sh"
PUK="$SHOMER_SHARED_DATA/police-uk"
export SHOMER_NOW=2026-11-01T12:00:00Z

"$SHOMER" --db "$DB" init >/dev/null
"$SHOMER" --db "$DB" import --quiet "$ROOT/sites/london-south.xml" "$ROOT/sites/manchester-north.xml"
ok $? "a database with the demo sites"

# ---- police.uk CSV, the real City of London files ----
sh_run import --format police-uk "$PUK"/*.csv
is "$RC" 0 "the twelve police.uk files import"
like "$OUT" "imported 5925 police.uk rows from 12 files: 4641 new incidents" "every row is read"
like "$OUT" "751 rows had no Crime ID" "rows without a Crime ID are counted"
like "$OUT" "449 had no coordinates" "rows without coordinates are counted"
like "$OUT" "84 repeated a Crime ID" "a crime on several rows is one incident"
is "$(sqlite3 "$DB" "SELECT count(*) FROM incidents WHERE source = 'police-uk' AND month_only = 1")" \
	4641 "they are month-only incidents"
is "$(sqlite3 "$DB" "SELECT category, count(*) FROM incidents WHERE id = 'PUK-37c663d86a53d4d8a0f633da20f60b89f201946e4576132246bb6d72fcac3955'")" \
	"other|1" "Theft from the person maps to 'other'"
before=$(dump_db)
sh_run import --format police-uk "$PUK"/*.csv
like "$OUT" "0 new incidents, 0 changed, 4641 unchanged" "re-import reports nothing changed"
is "$(dump_db)" "$before" "and changes nothing"

# A malformed row rejects the import, naming every bad line; --skip-bad imports the rest.
head -n 3 "$PUK/2020-01-city-of-london-street.csv" >"$T/bad.csv"
cat >>"$T/bad.csv" <<'CSV'
aaaa1111,2020-13,City of London Police,City of London Police,-0.1,51.51,On or near X,E0,L,Drugs,,
bbbb2222,2020-01,City of London Police,City of London Police,-0.1,fifty-one,On or near X,E0,L,Drugs,,
cccc3333,2020-01,City of London Police,City of London Police,-0.1,51.51,On or near X,E0,L,Drugs
dddd4444,2020-01,City of London Police,City of London Police,-0.1,51.51,On or near X,E0,L,Jaywalking,,
eeee5555,2020-01,City of London Police,City of London Police,2.35,48.85,On or near X,E0,L,Drugs,,
ffff6666,2020-02,City of London Police,City of London Police,-0.1,51.51,"On or near ""Quoted"", Street",E0,L,Drugs,,
CSV
printf '%s\n' 'gggg7777,2099-01,City of London Police,City of London Police,-0.1,51.51,On or near X,E0,L,Drugs,,' >>"$T/bad.csv"
before=$(dump_db)
sh_run import --format police-uk "$T/bad.csv"
is "$RC" 3 "a malformed CSV row rejects the import"
is "$ERR" "shomer: $T/bad.csv:4: month '2020-13' is not YYYY-MM
shomer: $T/bad.csv:5: '-0.1, fifty-one' is not a longitude and latitude
shomer: $T/bad.csv:6: expected 12 columns, found 10
shomer: $T/bad.csv:7: unknown crime type 'Jaywalking'
shomer: $T/bad.csv:8: incident 'PUK-eeee5555' at 48.850000, 2.350000 lies outside the area of EPSG:27700 (latitude 49.75 to 61.01, longitude -9 to 2.01)
shomer: $T/bad.csv:10: incident 'PUK-gggg7777' is dated 2099-01-01T00:00:00Z, in the future
shomer: import rejected: 6 bad rows; nothing was changed (--skip-bad imports the rest)" \
	"every bad row is named with its line and reason"
is "$(dump_db)" "$before" "and nothing changed"
sh_run import --format police-uk --skip-bad "$T/bad.csv"
is "$RC" 0 "--skip-bad imports the good rows"
like "$ERR" "bad.csv:4: skipped: month '2020-13' is not YYYY-MM" "and reports each skipped line"
is "$(printf '%s\n' "$ERR" | grep -c 'skipped:')" 6 "all six"
is "$(sqlite3 "$DB" "SELECT description FROM incidents WHERE id = 'PUK-ffff6666'")" \
	'On or near "Quoted", Street' "quoted CSV fields are read as RFC 4180 says"
printf 'Crime,Month\n1,2020-01\n' >"$T/notpolice.csv"
sh_run import --format police-uk "$T/notpolice.csv"
is "$RC" 3 "a CSV that is not police.uk is rejected"
like "$ERR" "notpolice.csv:1: not a police.uk street-level CSV" "at its header"

# ---- incidents in XML, with personal fields and descriptions ----
cat >"$T/inc.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<incidents xmlns="urn:shomer:incident:1">
  <incident id="TST-2025-0001">
    <occurred>2025-07-01T10:00:00</occurred>
    <category>damage-desecration</category>
    <site>LDN-CEM-0001</site>
    <police-force>Metropolitan Police Service</police-force>
    <police-reference>CAD 4411/01JUL25</police-reference>
    <reported-to-police>true</reported-to-police>
    <description>Graffiti on the boundary wall; reported by a keyholder.</description>
    <personal><victim-name>A. Sample</victim-name><contact>07700 900123</contact></personal>
  </incident>
  <incident id="TST-2025-0002">
    <occurred>2025-01-15T10:00:00</occurred>
    <category>hostile-reconnaissance</category>
    <location lat="51.5802" lon="-0.2001"/>
    <site>LDN-SYN-0001</site>
  </incident>
  <incident id="TST-2025-0003">
    <occurred>2025-02</occurred>
    <category>literature</category>
    <location lat="53.531" lon="-2.288"/>
  </incident>
</incidents>
XML
sh_run import "$T/inc.xml"
is "$RC" 0 "incidents import from XML"
is "$(sqlite3 "$DB" "SELECT occurred FROM incidents WHERE id = 'TST-2025-0001'")" \
	"2025-07-01T09:00:00Z" "a summer local time is British Summer Time (UTC+1)"
is "$(sqlite3 "$DB" "SELECT occurred FROM incidents WHERE id = 'TST-2025-0002'")" \
	"2025-01-15T10:00:00Z" "a winter local time is GMT"
is "$(sqlite3 "$DB" "SELECT round(i.x - s.x, 3) || ',' || round(i.y - s.y, 3) FROM incidents i, sites s
	WHERE i.id = 'TST-2025-0001' AND s.id = 'LDN-CEM-0001'")" "0.0,0.0" \
	"an incident known by its site takes the site's place"
before=$(dump_db)
sh_run import "$T/inc.xml"
is "$(dump_db)" "$before" "re-importing incidents changes nothing"

sh_run incidents list --format csv
! printf '%s' "$OUT" | grep -Eq "A\. Sample|07700|Graffiti|keyholder"
ok $? "list shows no description or personal field unless asked"
sh_run incidents list --with-description --with-personal --from 2025-07-01 --to 2025-07-01 --format csv
like "$OUT" "Graffiti on the boundary wall" "--with-description shows the description"
like "$OUT" "A\. Sample.*07700 900123" "--with-personal shows the personal fields"
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" 1 "--from and --to (inclusive days) select one"
sh_run incidents list --category literature --format json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert [x["id"] for x in d] == ["TST-2025-0003"], d' <<<"$OUT"
ok $? "--category selects by category"
sh_run incidents list --near LDN-SYN-0001 --radius 1000 --format csv
got=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | sort | tr '\n' ' ')
want=$(sqlite3 "$DB" "SELECT i.id FROM incidents i, sites s WHERE s.id = 'LDN-SYN-0001'
	AND i.x IS NOT NULL AND (i.x-s.x)*(i.x-s.x)+(i.y-s.y)*(i.y-s.y) <= 1000000 ORDER BY i.id" | sort | tr '\n' ' ')
is "$got" "$want" "--near --radius equals a brute-force distance query"
sh_run incidents list --category assault --from 2020-06 --to 2020-06 --format geojson
python3 -c '
import json,sys
d=json.load(sys.stdin)
assert d["type"]=="FeatureCollection" and "crs" not in d and d["features"]
for f in d["features"]:
    lon,lat=f["geometry"]["coordinates"]
    assert 51.4<lat<51.6 and -0.2<lon<0.0, (lon,lat)
    assert f["properties"]["occurred"]=="2020-06"
' <<<"$OUT"
ok $? "geojson lists month-only incidents in [lon, lat] within the City of London"
sh_run incidents list --category vandalism
is "$RC" 3 "an unknown category is rejected"

# ---- export: facts by default, more only by name ----
sh_run export --owner incidents --out "$T/inc-export.xml"
is "$RC" 0 "export --owner incidents"
! grep -Eq "A\. Sample|07700|Graffiti|<personal>|<description>" "$T/inc-export.xml"
ok $? "the default export holds no description and no personal field"
xmllint --noout --schema "$ROOT/schemas/incident.xsd" "$T/inc-export.xml" 2>/dev/null
ok $? "it validates against incident.xsd"
sh_run export --owner incidents --with-description --with-personal --out "$T/inc-full.xml"
grep -q "<victim-name>A. Sample</victim-name>" "$T/inc-full.xml"
ok $? "--with-personal exports the personal fields"
DB2="$T/copy.db"
"$SHOMER" --db "$DB2" init >/dev/null
"$SHOMER" --db "$DB2" import --quiet "$ROOT/sites/london-south.xml" "$ROOT/sites/manchester-north.xml" "$T/inc-full.xml"
"$SHOMER" --db "$DB2" export --owner incidents --with-description --with-personal --out "$T/inc-full2.xml"
cmp -s "$T/inc-full.xml" "$T/inc-full2.xml"
ok $? "import(export) of incidents gives an identical export"

# ---- incidents add ----
sh_run incidents add --id TST-CLI-0001 --occurred 2026-10-30T19:30 --category threats \
	--site MAN-SYN-0001 --reported yes --description "Shouted threats at the gate"
is "$RC" 0 "incidents add"
is "$(sqlite3 "$DB" "SELECT category || ' ' || reported || ' ' || occurred FROM incidents WHERE id = 'TST-CLI-0001'")" \
	"threats 1 2026-10-30T19:30:00Z" "records it (after the clocks went back: GMT)"
before=$(dump_db)
for bad in "--id X1 --occurred 2026-10-30 --category arson --site MAN-SYN-0001|unknown category 'arson'" \
	"--id X2 --occurred 2030-01-01 --category threats --site MAN-SYN-0001|in the future" \
	"--id X3 --occurred 2026-10-30 --category threats --site NOPE-0001|unknown site 'NOPE-0001'" \
	"--id X4 --occurred 2026-10-30 --category threats --lat 48.85 --lon 2.35|outside the area of EPSG:27700" \
	"--id X5 --occurred yesterday --category threats --site MAN-SYN-0001|'yesterday' is not a date"; do
	args=${bad%%|*}
	want=${bad#*|}
	# shellcheck disable=SC2086
	sh_run incidents add $args
	is "$RC" 3 "incidents add rejects: $want"
	like "$ERR" "$want" "saying so"
done
is "$(dump_db)" "$before" "rejected adds changed nothing"

# ---- threat posture ----
sh_run threat show
like "$OUT" "national +not recorded" "no level recorded yet says so"
sh_run threat set SUBSTANTIAL --reason "national level as published" --since 2024-02-09
is "$RC" 0 "threat set, national"
sh_run threat set SEVERE --region "Manchester & North" --reason "regional raise after a local attack"
is "$RC" 0 "threat set, regional"
sh_run threat show --format csv
like "$OUT" "Manchester & North,SEVERE,SEVERE,SUBSTANTIAL" "a region's level in force is its own when higher"
like "$OUT" "London & South,SUBSTANTIAL,none,SUBSTANTIAL" "and the national level where it has none"
sh_run threat set CRITICAL --reason "national raise"
sh_run threat show --format csv
like "$OUT" "Manchester & North,CRITICAL,SEVERE,CRITICAL" "the national level when that is higher"
sh_run threat show --history --format csv
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" 3 "history keeps every level set"
before=$(dump_db)
sh_run threat set HIGH --reason x
is "$RC" 3 "an unknown threat level is rejected"
sh_run threat set SEVERE --region "Wales & West" --reason x
is "$RC" 3 "an unknown region is rejected"
like "$ERR" "unknown region 'Wales & West'" "naming it"
sh_run threat set SEVERE --reason x --since 2030-01-01
is "$RC" 3 "a level set in the future is rejected"
is "$(dump_db)" "$before" "and nothing changed"
sh_run export --owner threat --out "$T/threat.xml"
xmllint --noout --schema "$ROOT/schemas/threat.xsd" "$T/threat.xml" 2>/dev/null
ok $? "the threat posture exports as valid XML"

done_testing
