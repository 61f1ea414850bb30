#!/usr/bin/env bash
# The cctv plugin's commands end to end on a site whose coverage can be
# worked out by hand: `cctv coverage` in every format, the attributes it
# stores, its SVG plan, the raster cross-check, and `cctv plan` with its
# XML that imports back, its cost arithmetic and its refusals.
#
# TST-CCTV-0001 is a 20 m x 20 m square on the National Grid (corners
# 524590..524610 E, 187390..187410 N, given in WGS84 below; the cameras,
# building and areas are offsets from its centre, 524600 187400).  In site
# metres, (0,0) its south-west corner:
#   C1  working, at (0,0), bearing 45, 90 degrees, 1920 px, 3 m up.  Its
#       reach d = 1920 / (2 ppm tan 45) at 1.4 m below it (a face at 1.6 m):
#       detection 38.4 m (ground 38.37, past the far corner at 28.28: all
#       of the square), observation ground sqrt(15.36^2 - 1.4^2) = 15.296 m,
#       recognition 7.551 m, identification 3.576 m: quarter discs of
#       183.759, 44.785 and 10.042 m2.
#   B1  a building [14,16] x [14,16] (4 m2): outdoor area 396 m2.  From C1
#       it hides (14,16) (17.5,20) (20,20) (20,17.5) (16,14) (16,16): 18 m2,
#       and 2.5 m of each of the north and east sides.
#   C2  faulty, at (20,20) facing C1: it would see that shadow.
#   A1  entrance [0.5,2]^2 needing identification: at most 2.83 m from C1,
#       covered.  A2 gate [18,20]^2 needing detection: all in the shadow.
# So: detection 378/396 = 0.9545, observation 183.759/396 = 0.4640,
# recognition 0.1131, identification 0.0254, perimeter 75/80 = 0.9375,
# one blind spot of 18 m2, areas covered 1/2, the faulty camera's cost
# 18/396 = 4.55% of detection (and the gate).
#
# TST-CCTV-0002 has a camera and an entrance but no perimeter; TST-CCTV-0003
# has nothing of the cctv plugin's.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1

if ! "$SHOMER" plugins --format csv | grep -q '^cctv,.*,loaded,'; then
	echo "# the cctv plugin is not built"
	ok 1 "the cctv plugin is loaded"
	done_testing
	exit 1
fi

cat >"$T/cctv-sites.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<sites xmlns="urn:shomer:site:1" xmlns:c="urn:shomer:cctv:1">
  <site id="TST-CCTV-0001">
    <name>CCTV test square</name>
    <kind>synagogue</kind>
    <region>London &amp; South</region>
    <location lat="51.57170971712" lon="-0.20349836396"/>
    <perimeter>
      <point lat="51.57162205557" lon="-0.20364612381"/>
      <point lat="51.57161763990" lon="-0.20335769014"/>
      <point lat="51.57179737849" lon="-0.20335060354"/>
      <point lat="51.57180179419" lon="-0.20363903834"/>
      <point lat="51.57162205557" lon="-0.20364612381"/>
    </perimeter>
    <c:camera id="C1">
      <c:offset east="-10" north="-10"/><c:mount height="3" bearing="45"/>
      <c:fov degrees="90"/><c:resolution horizontal="1920"/>
    </c:camera>
    <c:camera id="C2" status="faulty">
      <c:offset east="10" north="10"/><c:mount height="3" bearing="225"/>
      <c:fov degrees="90"/><c:resolution horizontal="1920"/>
    </c:camera>
    <c:building id="B1" label="Hall">
      <c:offset east="4" north="4"/><c:offset east="6" north="4"/>
      <c:offset east="6" north="6"/><c:offset east="4" north="6"/>
      <c:offset east="4" north="4"/>
    </c:building>
    <c:area id="A1" kind="entrance" level="identification" label="Front door &lt;main&gt;">
      <c:offset east="-9.5" north="-9.5"/><c:offset east="-8" north="-9.5"/>
      <c:offset east="-8" north="-8"/><c:offset east="-9.5" north="-8"/>
      <c:offset east="-9.5" north="-9.5"/>
    </c:area>
    <c:area id="A2" kind="gate" level="detection" label="Back gate">
      <c:offset east="8" north="8"/><c:offset east="10" north="8"/>
      <c:offset east="10" north="10"/><c:offset east="8" north="10"/>
      <c:offset east="8" north="8"/>
    </c:area>
  </site>
  <site id="TST-CCTV-0002">
    <name>CCTV test, no perimeter</name>
    <kind>office</kind>
    <region>London &amp; South</region>
    <location lat="51.57168762985" lon="-0.20205619371"/>
    <c:camera id="K1">
      <c:offset east="0" north="0"/><c:mount height="3" bearing="90"/>
      <c:fov degrees="90"/><c:resolution horizontal="1920"/>
    </c:camera>
    <c:area id="E1" kind="entrance" level="detection">
      <c:offset east="2" north="-1"/><c:offset east="4" north="-1"/>
      <c:offset east="4" north="1"/><c:offset east="2" north="1"/>
      <c:offset east="2" north="-1"/>
    </c:area>
  </site>
  <site id="TST-CCTV-0003">
    <name>CCTV test, no cameras</name>
    <kind>office</kind>
    <region>London &amp; South</region>
    <location lat="51.57168762985" lon="-0.20105619371"/>
  </site>
</sites>
XML

"$SHOMER" --db "$DB" init >/dev/null
sh_run import --quiet "$T/cctv-sites.xml"
is "$RC" 0 "two sites with cameras and one without import"
[ "$RC" = 0 ] || printf '%s\n' "$ERR" | sed 's/^/#   /' | head -n 20

# ---- coverage, table ----
sh_run cctv coverage
is "$RC" 0 "cctv coverage runs"
like "$OUT" "^site +cameras +detection % +observation % +recognition % +identification % +perimeter % +areas covered +blind spots +blind m2 +overlap m2 +faulty cost % +note" \
	"the table has every column"
is "$(printf '%s\n' "$OUT" | tail -n +3 | awk '{ print $1 }' | tr '\n' ' ')" "TST-CCTV-0001 TST-CCTV-0002 " \
	"it lists the sites with cameras, in id order, and no other"
like "$OUT" "TST-CCTV-0001 +1/1/0 +95\.45 +46\.40 +11\.31 +2\.54 +93\.75 +1/2 +1 +18\.0 +0\.0 +4\.55" \
	"the square's row has the figures worked out by hand"
like "$OUT" "TST-CCTV-0002 +1/0/0 .*1/1 .*no perimeter" "a site without a perimeter says so"

sh_run cctv coverage TST-CCTV-0001 --format csv
is "$RC" 0 "coverage of one named site, as CSV"
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1-8)" "TST-CCTV-0001,1/1/0,95.45,46.40,11.31,2.54,93.75,1/2" \
	"the CSV row"

# ---- attributes ----
attrs() {
	sqlite3 "$DB" "SELECT key || '=' || value FROM site_attrs WHERE site_id = '$1' AND key LIKE 'cctv.%' ORDER BY key" | tr '\n' ' '
}
is "$(attrs TST-CCTV-0001)" "cctv.aoi_covered=0.5000 cctv.blind_spots=1 cctv.coverage.detection=0.9545 cctv.coverage.identification=0.0254 cctv.coverage.observation=0.4640 cctv.coverage.recognition=0.1131 cctv.perimeter=0.9375 " \
	"the shares, the perimeter, the blind spots and the areas are stored"
is "$(attrs TST-CCTV-0002)" "cctv.aoi_covered=1.0000 " \
	"with no perimeter only the areas' share is stored"
is "$(attrs TST-CCTV-0003)" "" "a site without cameras gets nothing"
dump1=$(dump_db)
out1=$("$SHOMER" --db "$DB" cctv coverage)
sh_run cctv coverage
is "$OUT" "$out1" "the same data gives the same output"
is "$(dump_db)" "$dump1" "and leaves the database exactly as it was"

sh_run cctv coverage --night --format csv
is "$RC" 0 "--night runs"
like "$OUT" "TST-CCTV-0001,1/1/0,0\.00,0\.00,0\.00,0\.00," "cameras without infra-red see nothing at night"
is "$(dump_db)" "$dump1" "--night stores nothing"

# ---- JSON ----
sh_run cctv coverage --format json
is "$RC" 0 "coverage --format json"
printf '%s' "$OUT" >"$T/cov.json"
check=$(python3 - "$T/cov.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
s = {x["site"]: x for x in d}
a = s["TST-CCTV-0001"]
def near(got, want, tol, what):
    if got is None or abs(got - want) > tol:
        bad.append("%s: %r, want %r" % (what, got, want))
near(a["outdoor_area_m2"], 396, 0.01, "outdoor area")
near(a["site_area_m2"], 400, 0.01, "site area")
near(a["coverage"]["detection"]["covered_m2"], 378, 0.05, "detection m2")
near(a["coverage"]["observation"]["covered_m2"], 183.759, 0.05, "observation m2")
near(a["coverage"]["recognition"]["covered_m2"], 44.785, 0.05, "recognition m2")
near(a["coverage"]["identification"]["covered_m2"], 10.042, 0.05, "identification m2")
near(a["coverage"]["detection"]["share"], 0.9545, 0.0001, "detection share")
near(a["perimeter"]["length_m"], 80, 0.01, "perimeter length")
near(a["perimeter"]["seen_m"], 75, 0.05, "perimeter seen")
if a["cameras"] != {"working": 1, "faulty": 1, "planned": 0}: bad.append("cameras %r" % a["cameras"])
ar = {x["id"]: x for x in a["areas"]["items"]}
if (a["areas"]["total"], a["areas"]["covered"]) != (2, 1): bad.append("areas %r" % a["areas"])
if not ar["A1"]["covered"] or ar["A1"]["kind"] != "entrance" or ar["A1"]["level"] != "identification":
    bad.append("A1 %r" % ar["A1"])
if ar["A1"]["label"] != "Front door <main>": bad.append("A1 label %r" % ar["A1"]["label"])
near(ar["A1"]["share"], 1, 0.001, "A1 share")
near(ar["A1"]["area_m2"], 2.25, 0.01, "A1 area")
if ar["A2"]["covered"]: bad.append("A2 covered")
near(ar["A2"]["share"], 0, 0.001, "A2 share")
b = a["blind_spots"]
if b["count"] != 1: bad.append("blind spots %r" % b)
else:
    near(b["items"][0]["area_m2"], 18, 0.05, "blind area")
    # the shadow's centroid, about (17.1, 17.1) in site metres: north-east of the centre
    if not (51.57170 < b["items"][0]["lat"] < 51.57180 and -0.20350 < b["items"][0]["lon"] < -0.20335):
        bad.append("blind centroid %r" % b["items"][0])
near(a["faulty_gain"]["detection"], 18 / 396, 0.0002, "faulty gain")
if a["faulty_gain"]["areas"] != 1: bad.append("faulty gain areas %r" % a["faulty_gain"]["areas"])
cams = {c["id"]: c for c in a["per_camera"]}
near(cams["C1"]["seen_m2"]["observation"], 183.759, 0.05, "C1 observation m2")
if cams["C2"]["status"] != "faulty": bad.append("C2 status")
n = s["TST-CCTV-0002"]
if n["has_perimeter"] or n["coverage"]["detection"]["share"] is not None or n["blind_spots"] is not None:
    bad.append("no-perimeter site %r" % n)
print("; ".join(bad) or "ok")
PY
)
is "$check" "ok" "the JSON has every figure, each area, the blind spot at its lat/lon, each camera"

# ---- GeoJSON ----
sh_run cctv coverage TST-CCTV-0001 --format geojson
is "$RC" 0 "coverage --format geojson"
printf '%s' "$OUT" >"$T/cov.geojson"
check=$(python3 - "$T/cov.geojson" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
if d.get("type") != "FeatureCollection" or "crs" in d: bad.append("not an RFC 7946 collection")
views = [f for f in d["features"] if f["properties"]["feature"] == "view"]
blind = [f for f in d["features"] if f["properties"]["feature"] == "blind-spot"]
levels = sorted(f["properties"]["level"] for f in views if f["properties"]["camera"] == "C1")
if levels != ["detection", "identification", "observation", "recognition"]:
    bad.append("C1 views %r" % levels)
if len(blind) != 1 or abs(blind[0]["properties"]["area_m2"] - 18) > 0.05:
    bad.append("blind spots %r" % [f["properties"] for f in blind])
def rings(g):
    return g["coordinates"] if g["type"] == "Polygon" else [r for p in g["coordinates"] for r in p]
for f in d["features"]:
    p = f["properties"]
    if p["site"] != "TST-CCTV-0001": bad.append("site %r" % p); break
    g = f["geometry"]
    if g["type"] not in ("Polygon", "MultiPolygon"): bad.append(g["type"]); break
    polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
    for poly in polys:
        ext = poly[0]
        if ext[0] != ext[-1]: bad.append("ring not closed")
        if not all(-0.2040 < c[0] < -0.2030 and 51.5715 < c[1] < 51.5719 for c in ext):
            bad.append("not (lon, lat) at the site")
        a = sum(ext[i][0] * ext[i + 1][1] - ext[i + 1][0] * ext[i][1] for i in range(len(ext) - 1))
        if a <= 0: bad.append("exterior not counterclockwise")
    if bad: break
print("; ".join(sorted(set(bad))) or "ok")
PY
)
is "$check" "ok" "GeoJSON: each camera's view at each level and the blind spot, closed counterclockwise (lon, lat) rings"

# ---- SVG ----
mkdir "$T/svg"
printf 'old\n' >"$T/svg/TST-CCTV-0001.svg"
chmod 644 "$T/svg/TST-CCTV-0001.svg"
printf 'keep me\n' >"$T/target"
ln -s "$T/target" "$T/svg/TST-CCTV-0002.svg"
sh_run cctv coverage --svg "$T/svg"
is "$RC" 0 "coverage --svg DIR"
svg="$T/svg/TST-CCTV-0001.svg"
xmllint --noout "$svg" 2>/dev/null
ok $? "the plan is well-formed XML"
is "$(stat -c %a "$svg")" 600 "it is private (mode 0600), though the file it replaced was not"
is "$(head -c 3 "$svg")" "<?x" "the old file was replaced, not appended to"
[ ! -L "$T/svg/TST-CCTV-0002.svg" ] && [ "$(cat "$T/target")" = "keep me" ]
ok $? "a symbolic link planted at a plan's name is replaced, its target untouched"
grep -q 'id="legend"' "$svg"
ok $? "it has a legend"
grep -q '<pattern id="blind-hatch"' "$svg" && grep -q 'fill="url(#blind-hatch)"' "$svg"
ok $? "the blind spot is hatched with a pattern"
like "$(cat "$svg")" "Front door &lt;main&gt; \(identification\): covered" \
	"areas are labelled with their level and state, escaped"
like "$(cat "$svg")" ">(5|10) m<" "the scale bar is a round number of metres"
is "$(grep -c '<path d=[^>]*fill="#deebf7"' "$svg")" 1 "detection is drawn once, lightest"
grep -q '>C2 (faulty)<' "$svg"
ok $? "the faulty camera is marked"
xmllint --noout "$T/svg/TST-CCTV-0002.svg" 2>/dev/null
ok $? "a site without a perimeter gets a plan too"
ls -a "$T/svg" | grep -q '^\.TST' && r=1 || r=0
is "$r" 0 "no temporary file is left behind"

# ---- the report: the stored figures, least covered first ----
sh_run report
is "$RC" 0 "the report runs with the cctv plugin"
like "$OUT" "whose cameras see least of the [0-9]+ with figures" "it has a CCTV section"
like "$OUT" "TST-CCTV-0001 +CCTV test square +95\.45 +2\.54 +93\.75 +50\.00 +1" \
	"with the square's stored shares, perimeter, areas and blind spots"

# ---- raster cross-check ----
sh_run cctv coverage --check-raster --seed 7 TST-CCTV-0001
is "$RC" 0 "the raster cross-check runs"
like "$OUT" "^sites 1$" "it checks the square"
for k in geos-us-per-site raster-us-per-site ratio worst-site; do
	like "$OUT" "^$k [^ ]+$" "it prints $k"
done
diff=$(printf '%s\n' "$OUT" | awk '$1 == "max-share-difference" { print ($2 <= 0.01) }')
is "$diff" 1 "the geometry and the raster agree within 0.01 of the site"
is "$(dump_db)" "$dump1" "the check stores nothing"
sh_run cctv coverage --cell 0.5
is "$RC" 2 "--cell without --check-raster: usage error"

# Every figure of 40 generated sites (8 cameras, 3 buildings, 2 walls and 2
# areas each) against the raster of the same scene.
"$SHOMER_GEN" sites --count 40 --seed 11 --cctv --out "$T/gen.xml"
GDB="$T/gen.db"
"$SHOMER" --db "$GDB" init >/dev/null && "$SHOMER" --db "$GDB" import --quiet "$T/gen.xml"
is "$?" 0 "40 generated sites with cameras import"
OUT=$("$SHOMER" --db "$GDB" cctv coverage --check-raster --sample 1 --cell 0.25 2>&1)
like "$OUT" "^sites 40$" "the raster checks all 40"
worst=$(printf '%s\n' "$OUT" | awk '$1 == "max-share-difference" || $1 == "max-perimeter-difference" { if ($2 > m) m = $2 } END { print m + 0 }')
is "$(awk -v m="$worst" 'BEGIN { print (m <= 0.01) }')" 1 \
	"every share, at every level and of the perimeter, within 0.01 of the raster's (worst $worst)"

# ---- plan ----
sh_run cctv plan TST-CCTV-0001 --add 2 --format json
is "$RC" 0 "cctv plan --add 2"
printf '%s' "$OUT" >"$T/plan.json"
check=$(python3 - "$T/plan.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
if d["level"] != "recognition": bad.append("level %r" % d["level"])
if d["proposed"] != 2 or len(d["cameras"]) != 2: bad.append("proposed %r" % d["proposed"])
if abs(d["before"]["share"] - 0.1131) > 0.0002: bad.append("before %r" % d["before"])
if not d["after"]["share"] > d["before"]["share"] + 0.05: bad.append("no gain %r" % d["after"])
ids = [c["id"] for c in d["cameras"]]
if ids != ["P1", "P2"]: bad.append("ids %r" % ids)
for c in d["cameras"]:
    if not (-10.01 <= c["east_m"] <= 10.01 and -10.01 <= c["north_m"] <= 10.01): bad.append("outside %r" % c)
    if not c["gain_m2"] > 0: bad.append("adds nothing %r" % c)
if not (0.632 <= d["at_least"] <= 1): bad.append("bound %r" % d["at_least"])
print("; ".join(bad) or "ok")
PY
)
is "$check" "ok" "two cameras, inside the site, each adding ground: recognition rises"

sh_run cctv plan TST-CCTV-0001 --add 2 --cost-per-camera 1234.56
is "$RC" 0 "plan as a table with a cost"
like "$OUT" "recognition +11\.31% +[0-9.]+%" "coverage before and after at the level"
like "$OUT" "perimeter \(detection\) +93\.75%" "the perimeter"
like "$OUT" "areas covered +1/2 " "the areas covered"
like "$OUT" "greedy reaches at least [0-9.]+% of the best possible" "the bound"
like "$OUT" "estimated cost: 2 x 1234\.56 GBP = 2469\.12 GBP" "the cost, in pence: 2 x 1234.56"
sh_run cctv plan TST-CCTV-0001 --add 2 --cost-per-camera 1234.5
like "$OUT" "= 2469\.00 GBP" "one decimal is tenths of a pound"
sh_run cctv plan TST-CCTV-0001 --add 2 --cost-per-camera 0.07
like "$OUT" "= 0\.14 GBP" "pence alone"
for bad in 12.345 1,000 1e3 NaN -5 "" 5. .5 "12 " 0x10 +5; do
	sh_run cctv plan TST-CCTV-0001 --add 2 --cost-per-camera "$bad"
	is "$RC" 2 "amount '$bad' refused: usage error"
done
like "$ERR" "cost-per-camera '\+5' is not an amount" "and the message says which amount"

sh_run cctv plan TST-CCTV-0001 --add 2 --level identification --format json
is "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["level"])')" \
	identification "--level chooses the level"
sh_run cctv plan TST-CCTV-0001 --add 2 --level blurry
is "$RC" 2 "an unknown level: usage error"
sh_run cctv plan TST-CCTV-0001
is "$RC" 2 "plan without --add: usage error"
sh_run cctv plan TST-CCTV-0001 --add 0
is "$RC" 2 "--add 0: usage error"
sh_run cctv plan --add 2
is "$RC" 2 "plan without a site: usage error"
sh_run cctv plan TST-CCTV-0002 --add 1
is "$RC" 3 "plan for a site without a perimeter: refused"
like "$ERR" "no perimeter" "and says why"

# ---- the plan as XML, imported back ----
sh_run cctv plan TST-CCTV-0001 --add 2 --format xml
is "$RC" 0 "plan --format xml"
printf '%s\n' "$OUT" >"$T/plan.xml"
xmllint --noout --schema "$ROOT/schemas/cctv.xsd" "$T/plan.xml" 2>/dev/null
ok $? "the document is valid against cctv.xsd"
like "$OUT" '<cameras xmlns="urn:shomer:cctv:1">' "a <cameras> document in the cctv namespace"
is "$(grep -c 'status="planned"' "$T/plan.xml")" 2 "two cameras, status planned"
is "$(grep -c 'site="TST-CCTV-0001"' "$T/plan.xml")" 2 "each naming its site"
sh_run import "$T/plan.xml"
is "$RC" 0 "shomer import accepts it"
[ "$RC" = 0 ] || printf '%s\n' "$ERR" | sed 's/^/#   /' | head -n 10
sh_run cctv coverage TST-CCTV-0001 --format csv
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1-8)" "TST-CCTV-0001,1/1/2,95.45,46.40,11.31,2.54,93.75,1/2" \
	"the site now has two planned cameras, which do not count yet"
sh_run cctv coverage TST-CCTV-0001 --format json
check=$(printf '%s' "$OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)[0]
print(" ".join(c["id"] + ":" + c["status"] for c in d["per_camera"]))')
is "$check" "C1:working C2:faulty P1:planned P2:planned" "imported with status planned"
sh_run cctv plan TST-CCTV-0001 --add 1 --format xml
like "$OUT" 'camera id="P3"' "a second plan does not reuse the ids of the first"

# ---- refusals ----
sh_run cctv coverage NO-SUCH-SITE
is "$RC" 3 "coverage of an unknown site: exit 3"
like "$ERR" "no site 'NO-SUCH-SITE'" "and says which"
sh_run cctv plan NO-SUCH-SITE --add 1
is "$RC" 3 "plan for an unknown site: exit 3"
like "$ERR" "no site 'NO-SUCH-SITE'" "and says which"
sh_run cctv coverage --frobnicate
is "$RC" 2 "an unknown option: usage error"
sh_run cctv coverage --format xml
is "$RC" 2 "an unknown format: usage error"
sh_run cctv plan TST-CCTV-0001 --add 1 --format geojson
is "$RC" 2 "plan has no geojson: usage error"

done_testing
