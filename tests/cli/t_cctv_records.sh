#!/usr/bin/env bash
# t_cctv_records.sh - the cctv plugin's records end to end: cameras (at a
# point and at an offset from the site, with a field of view or a lens),
# buildings, walls and areas inside a site; the tables they land in; export
# and import of the export; re-importing changing nothing; a <cameras>
# document adding planned cameras to a site, also before the site itself;
# offsets following a site that moves; the rows going with their site; and
# every bad input of tests/bad/cctv-*.xml refused with its exact message,
# leaving the database as it was.
. "$(dirname "$0")/lib.sh"

if ! "$SHOMER" plugins --format csv | grep -q '^cctv,.*,loaded,'; then
	echo "# the cctv plugin is not built"
	ok 1 "the cctv plugin is loaded"
	done_testing
	exit 1
fi

q() {
	sqlite3 "$DB" "$1"
}

# One site with two cameras (at a point, with a field of view; at an
# offset, with a lens), a building, a wall that mixes offsets and a point,
# and an area of interest.
cat >"$T/site.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<sites xmlns="urn:shomer:site:1" xmlns:c="urn:shomer:cctv:1">
  <site id="TST-CCTV-0001">
    <name>Camera Test Synagogue</name>
    <kind>synagogue</kind>
    <region>Test Region</region>
    <location lat="51.575812" lon="-0.204031"/>
    <perimeter>
      <point lat="51.575570" lon="-0.204332"/>
      <point lat="51.575667" lon="-0.203598"/>
      <point lat="51.575899" lon="-0.203677"/>
      <point lat="51.575957" lon="-0.204464"/>
      <point lat="51.575570" lon="-0.204332"/>
    </perimeter>
    <c:camera id="C2" label="Front gate">
      <c:offset east="-12.5" north="4.0"/>
      <c:mount height="3.50" bearing="180"/>
      <c:lens focal-length-mm="4" sensor-width-mm="5.6"/>
      <c:resolution horizontal="1920"/>
      <c:ir range="30"/>
      <c:note>Covers the gate &amp; the path</c:note>
    </c:camera>
    <c:camera id="C1" type="ptz" status="faulty">
      <c:point lat="51.575700" lon="-0.204100"/>
      <c:mount height="4" bearing="90.5"/>
      <c:fov degrees="62.5"/>
      <c:resolution horizontal="2560"/>
    </c:camera>
    <c:building id="B1" label="Main hall">
      <c:offset east="-10" north="-10"/>
      <c:offset east="10" north="-10"/>
      <c:offset east="10" north="10"/>
      <c:offset east="-10" north="10"/>
      <c:offset east="-10" north="-10"/>
    </c:building>
    <c:wall id="W1" thickness="0.3">
      <c:offset east="-20" north="-15"/>
      <c:offset east="20" north="-15"/>
      <c:point lat="51.575700" lon="-0.203800"/>
    </c:wall>
    <c:area id="A1" kind="entrance" level="identification" label="Main door">
      <c:point lat="51.575750" lon="-0.204050"/>
      <c:point lat="51.575750" lon="-0.204000"/>
      <c:point lat="51.575780" lon="-0.204000"/>
      <c:point lat="51.575780" lon="-0.204050"/>
      <c:point lat="51.575750" lon="-0.204050"/>
    </c:area>
  </site>
</sites>
XML

# ---- import ----
rm -f "$DB"
"$SHOMER" --db "$DB" init >/dev/null
sh_run import "$T/site.xml"
is "$RC" 0 "a site with cameras, a building, a wall and an area imports"
is "$OUT" "imported 1 file: 1 new site, 0 changed, 0 unchanged, 5 other records" \
	"the import counts the five records"
is "$(q 'SELECT count(*) FROM cctv_cameras') $(q 'SELECT count(*) FROM cctv_buildings') $(q 'SELECT count(*) FROM cctv_walls') $(q 'SELECT count(*) FROM cctv_areas')" \
	"2 1 1 1" "two cameras, one building, one wall and one area are stored"
is "$(q "SELECT id, type, status, label FROM cctv_cameras ORDER BY id")" \
	"C1|ptz|faulty|
C2|fixed|working|Front gate" "type and status as given, fixed and working by default"
is "$(q "SELECT given, offsets FROM cctv_cameras ORDER BY id")" \
	"p 51.575700 -0.204100|0
o -12.5 4.0|1" "positions are kept as written, with the form"
is "$(q "SELECT printf('%.6f %.6f', c.x - s.x, c.y - s.y) FROM cctv_cameras c JOIN sites s ON s.id = c.site_id WHERE c.id = 'C2'")" \
	"-12.500000 4.000000" "an offset camera stands that far east and north of the site's location"
c1_xy=$(q "SELECT printf('%.0f %.0f', x, y) FROM cctv_cameras WHERE id = 'C1'")
area_xy=$(q "SELECT substr(ring, 1, instr(ring, ';') - 1) FROM cctv_areas")
like "$c1_xy" '^5[0-9]{5} 1[0-9]{5}$' "a camera at a point is projected to metres ($c1_xy)"
like "$area_xy" '^5[0-9]{5}\.[0-9]{3} 1[0-9]{5}\.[0-9]{3}$' "an area's ring is kept in metres ($area_xy)"
is "$(q "SELECT printf('%.4f', fov), focal_mm, sensor_mm FROM cctv_cameras WHERE id = 'C2'")" \
	"69.9840|4.0|5.6" "a lens gives the field of view 2 atan(5.6 / (2 x 4)) = 69.984 degrees"
is "$(q "SELECT fov, focal_mm IS NULL FROM cctv_cameras WHERE id = 'C1'")" "62.5|1" \
	"a field of view is kept as given"
is "$(q "SELECT height, bearing, pixels, ir_range, note FROM cctv_cameras WHERE id = 'C2'")" \
	"3.5|180.0|1920|30.0|Covers the gate & the path" "mount, resolution, IR and note are stored"
is "$(q "SELECT length(ring) - length(replace(ring, ';', '')) + 1 FROM cctv_buildings")" 4 \
	"a building's ring is kept without repeating its first point"
is "$(q "SELECT length(line) - length(replace(line, ';', '')) + 1, thickness FROM cctv_walls")" \
	"3|0.3" "a wall keeps every point of its line and its thickness"
is "$(q "SELECT kind, level, label FROM cctv_areas")" "entrance|identification|Main door" \
	"an area keeps its kind, level and label"

# ---- re-import ----
before=$(dump_db)
sh_run import "$T/site.xml"
is "$RC" 0 "the same file imports again"
is "$(dump_db)" "$before" "re-importing it changes nothing in the database"

# ---- export ----
sh_run export
is "$RC" 0 "export runs"
printf '%s\n' "$OUT" >"$T/export.xml"
for id in C1 C2 B1 W1 A1; do
	grep -q "id=\"$id\"" "$T/export.xml"
	ok $? "the export holds $id"
done
grep -q '<offset east="-12.5" north="4.0"/>' "$T/export.xml" &&
	grep -q '<point lat="51.575700" lon="-0.204100"/>' "$T/export.xml"
ok $? "the export writes positions exactly as they were imported"
grep -q '<lens focal-length-mm="4" sensor-width-mm="5.6"/>' "$T/export.xml" &&
	grep -q '<fov degrees="62.5"/>' "$T/export.xml"
ok $? "the export writes the lens where a lens was given, the field of view elsewhere"
[ "$(grep -o 'id="C[12]"' "$T/export.xml" | tr '\n' ' ')" = 'id="C1" id="C2" ' ]
ok $? "cameras are exported in id order"
xmllint --noout --schema "$ROOT/schemas/site.xsd" "$T/export.xml" >/dev/null 2>&1
ok $? "xmllint accepts the export against site.xsd"
cat >"$T/both.xsd" <<XSD
<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="urn:shomer:site:1" schemaLocation="$ROOT/schemas/site.xsd"/>
  <xs:import namespace="urn:shomer:cctv:1" schemaLocation="$ROOT/schemas/cctv.xsd"/>
</xs:schema>
XSD
xmllint --noout --schema "$T/both.xsd" "$T/export.xml" >/dev/null 2>&1
ok $? "xmllint accepts the export's cctv sections against cctv.xsd too"

DB1=$DB
DB="$T/copy.db"
"$SHOMER" --db "$DB" init >/dev/null
sh_run import "$T/export.xml"
is "$RC" 0 "the export imports into a fresh database"
sh_run export
is "$OUT" "$(cat "$T/export.xml")" "exporting that database gives the same export"
tables="SELECT * FROM cctv_cameras ORDER BY id; SELECT * FROM cctv_buildings;
	SELECT * FROM cctv_walls; SELECT * FROM cctv_areas"
is "$(q "$tables")" "$(sqlite3 "$DB1" "$tables")" \
	"import of the export reproduces every cctv row, metres included"
DB=$DB1

sh_run export --owner cctv
is "$RC" 0 "export --owner cctv runs"
like "$OUT" '<cameras xmlns="urn:shomer:cctv:1"/>' \
	"and writes an empty <cameras> document: cameras are exported inside their sites"

# ---- a <cameras> document ----
cat >"$T/plan.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<cameras xmlns="urn:shomer:cctv:1">
  <camera id="P1" site="TST-CCTV-0001" status="planned">
    <offset east="3" north="4"/>
    <mount height="3" bearing="45"/>
    <fov degrees="90"/>
    <resolution horizontal="1920"/>
  </camera>
  <camera id="P2" site="TST-CCTV-0001" status="planned" label="By the door">
    <point lat="51.5758" lon="-0.2040"/>
    <mount height="3" bearing="270"/>
    <fov degrees="90"/>
    <resolution horizontal="1920"/>
  </camera>
</cameras>
XML
sh_run import "$T/plan.xml"
is "$RC" 0 "a <cameras> document imports"
is "$OUT" "imported 1 file: 0 new sites, 0 changed, 0 unchanged, 2 other records" \
	"its two cameras count as records"
is "$(q "SELECT id, status FROM cctv_cameras WHERE site_id = 'TST-CCTV-0001' ORDER BY id" | tr '\n' ' ')" \
	"C1|faulty C2|working P1|planned P2|planned " "it adds planned cameras to the site"
is "$(q "SELECT printf('%.6f %.6f', c.x - s.x, c.y - s.y) FROM cctv_cameras c JOIN sites s ON s.id = c.site_id WHERE c.id = 'P1'")" \
	"3.000000 4.000000" "a planned camera's offset is from its site"
before=$(dump_db)
sh_run import "$T/plan.xml"
is "$(dump_db)" "$before" "re-importing the document changes nothing"
sh_run export
like "$OUT" '<camera id="P1" status="planned"' "the planned cameras are exported inside their site"
if printf '%s\n' "$OUT" | grep -q 'site="TST-CCTV-0001"'; then
	ok 1 "without a site attribute"
else
	ok 0 "without a site attribute"
fi

# The document first, its site in a later file of the same import.
DB="$T/order.db"
"$SHOMER" --db "$DB" init >/dev/null
sh_run import "$T/plan.xml" "$T/site.xml"
is "$RC" 0 "a <cameras> document may come before the file that defines its site"
is "$(q "SELECT printf('%.6f %.6f', c.x - s.x, c.y - s.y) FROM cctv_cameras c JOIN sites s ON s.id = c.site_id WHERE c.id = 'P1'")" \
	"3.000000 4.000000" "its offset camera gets its metres when the site arrives"
is "$(q "SELECT count(*) FROM cctv_cameras WHERE x IS NULL OR y IS NULL")" 0 \
	"no camera is left without a position"
DB=$DB1

# ---- a site that moves takes its offsets along ----
sed -e 's/<location lat="51.575812" lon="-0.204031"/<location lat="51.576812" lon="-0.204031"/' \
	-e '/<c:/d' -e '/<\/c:/d' "$T/site.xml" >"$T/moved.xml"
a1_before=$(q "SELECT ring FROM cctv_areas")
sh_run import "$T/moved.xml"
is "$RC" 0 "the site re-imported 111 m further north, without its sections"
is "$(q "SELECT printf('%.6f %.6f', c.x - s.x, c.y - s.y) FROM cctv_cameras c JOIN sites s ON s.id = c.site_id WHERE c.id IN ('C2', 'P1') ORDER BY c.id" | tr '\n' ' ')" \
	"-12.500000 4.000000 3.000000 4.000000 " "cameras at offsets move with the site"
b1=$(q "SELECT ring FROM cctv_buildings")
sx=$(q "SELECT printf('%.3f %.3f', x - 10, y - 10) FROM sites WHERE id = 'TST-CCTV-0001'")
is "${b1%%;*}" "$sx" "a building at offsets moves with the site"
is "$(q "SELECT ring FROM cctv_areas")" "$a1_before" "an area given in lat/lon stays where it is"
before=$(dump_db)
sh_run import "$T/moved.xml"
is "$(dump_db)" "$before" "importing the moved site again changes nothing"

# A ring that mixes offsets and points changes shape when the site moves;
# one that would cross itself is refused.  (1 m east is about 1.44e-5
# degrees of longitude here, 1 m north about 8.99e-6 of latitude.)
cat >"$T/mixed.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<sites xmlns="urn:shomer:site:1" xmlns:c="urn:shomer:cctv:1">
  <site id="TST-CCTV-0002">
    <name>Mixed Ring Hall</name>
    <kind>community-centre</kind>
    <region>Test Region</region>
    <location lat="51.5" lon="-0.1"/>
    <c:building id="B1">
      <c:offset east="0" north="0"/>
      <c:point lat="51.5" lon="-0.0998556"/>
      <c:offset east="10" north="10"/>
      <c:point lat="51.5000899" lon="-0.1"/>
      <c:offset east="0" north="0"/>
    </c:building>
  </site>
</sites>
XML
sh_run import "$T/mixed.xml"
is "$RC" 0 "a building mixing offsets and points imports"
sed 's/<location lat="51.5" lon="-0.1"\/>/<location lat="51.5" lon="-0.0997112"\/>/; /<c:/d; /<\/c:/d' \
	"$T/mixed.xml" >"$T/mixed-moved.xml"
before=$(dump_db)
sh_run import "$T/mixed-moved.xml"
is "$RC" 3 "moving its site 20 m east so that the ring crosses itself is refused"
like "$ERR" "^shomer: $T/mixed-moved.xml:3: plugin 'cctv' refused the change to site 'TST-CCTV-0002': building 'B1' mixes points and offsets, and where the site now is it is not a valid polygon: Self-intersection\[-?[0-9.]+ -?[0-9.]+\] \(metres east and north of the site's location\)" \
	"with GEOS's reason, at the site's line"
is "$(dump_db)" "$before" "and nothing is changed"

# ---- the rows go with their site ----
sh_run sites rm TST-CCTV-0001
is "$RC" 0 "the site is removed"
is "$(q "SELECT count(*) FROM cctv_cameras WHERE site_id = 'TST-CCTV-0001'") $(q "SELECT count(*) FROM cctv_buildings WHERE site_id = 'TST-CCTV-0001'") $(q "SELECT count(*) FROM cctv_walls") $(q "SELECT count(*) FROM cctv_areas")" \
	"0 0 0 0" "its cameras, buildings, walls and areas go with it"

# ---- problems found in one file: all of them, each at its line ----
cat >"$T/several.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<sites xmlns="urn:shomer:site:1" xmlns:c="urn:shomer:cctv:1">
  <site id="TST-CCTV-0003">
    <name>Several Problems Hall</name>
    <kind>community-centre</kind>
    <region>Test Region</region>
    <location lat="51.5" lon="-0.1"/>
    <c:wall id="W1" thickness="0.2">
      <c:offset east="5" north="5"/>
      <c:offset east="5" north="5"/>
    </c:wall>
    <c:area id="A1" kind="gate" level="recognition">
      <c:offset east="0" north="0"/>
      <c:offset east="4" north="0"/>
      <c:offset east="4" north="4"/>
      <c:offset east="0" north="4"/>
      <c:offset east="0" north="0.5"/>
    </c:area>
    <c:building id="B1">
      <c:offset east="0" north="0"/>
      <c:offset east="4" north="0"/>
      <c:offset east="4" north="4"/>
      <c:offset east="0" north="0"/>
    </c:building>
    <c:building id="B1">
      <c:offset east="10" north="0"/>
      <c:offset east="14" north="0"/>
      <c:offset east="14" north="4"/>
      <c:offset east="10" north="0"/>
    </c:building>
  </site>
</sites>
XML
before=$(dump_db)
sh_run import "$T/several.xml"
is "$RC" 3 "a file with several problems is refused"
is "$ERR" "shomer: $T/several.xml:8: wall 'W1' is not a valid wall: fewer than 2 distinct points
shomer: $T/several.xml:12: area 'A1' is not closed: its last point must repeat the first
shomer: $T/several.xml:25: duplicate building id 'B1' in site 'TST-CCTV-0003' (first at $T/several.xml:19)
shomer: import rejected: 3 errors; nothing was changed" "each problem is reported at its line"
is "$(dump_db)" "$before" "and nothing is changed"

# ---- every bad-input fixture ----
# As tests/cli/t_bad_input.sh runs them (which does too): from the
# repository root, on the demo sites, each alone.
cd "$ROOT" || exit 1
demo_db
ok $? "the demo sites import into a fresh database"
before=$(dump_db)
n=0
for err in tests/bad/cctv-*.err; do
	[ -f "$err" ] || continue
	n=$((n + 1))
	name=$(basename "$err" .err)
	"$SHOMER" --db "$DB" import "tests/bad/$name.xml" >"$T/out" 2>"$T/err"
	is "$?" 3 "$name: import exits 3 (input rejected)"
	if cmp -s "$err" "$T/err"; then
		ok 0 "$name: stderr is exactly $err"
	else
		ok 1 "$name: stderr is exactly $err"
		diff -u "$err" "$T/err" | head -n 20 | sed 's/^/#   /'
	fi
	is "$(dump_db)" "$before" "$name: the database is unchanged"
done
[ "$n" -ge 12 ]
ok $? "found $n cctv fixtures in tests/bad (at least 12)"

done_testing
