#!/usr/bin/env bash
# `shomer incidents share`: anonymised data for one police force.  Canary
# names, phone numbers, addresses and a police reference are planted in the
# personal and description fields; none may appear in any export.  Every
# exported point is checked against the true location, projected by shomer
# itself (the exported points are imported into a scratch database, and the
# checker reads the projected metres from both databases with Python's own
# sqlite3 module).
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
export SHOMER_NOW=2026-11-01T12:00:00Z
MET="Metropolitan Police Service"

"$SHOMER" --db "$DB" init >/dev/null
"$SHOMER" --db "$DB" import --quiet "$ROOT/sites/london-south.xml" "$ROOT/sites/manchester-north.xml"
ok $? "a database with the demo sites"

# Met incidents from January to March 2024 (UTC) with a location: 0001, 0002,
# 0003 (by its site), 0004 (month only), 0005, 0006 (1 April local time is
# still 31 March UTC) and 0012.  Left out: 0007 (April UTC), 0008 (December),
# 0009 (Greater Manchester), 0010 (no force), 0011 (its location is removed
# below).  0001 and 0002 are 15 m apart, in one 250 m cell.
cat >"$T/incidents.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<incidents xmlns="urn:shomer:incident:1">
  <incident id="inc-canary-0001">
    <occurred>2024-01-15T19:30:00Z</occurred>
    <category>assault</category>
    <location lat="51.575900" lon="-0.203900"/>
    <police-force>Metropolitan Police Service</police-force>
    <police-reference>CAD-4471/15JAN24-CANARYREF</police-reference>
    <reported-to-police>true</reported-to-police>
    <description>CANARY-VICTIM-Zebulon Quist punched outside 17 Canary Wharf Lane; called from 07700 900777</description>
    <personal><victim-name>CANARY-VICTIM-Zebulon Quist</victim-name><contact>07700 900777, 17 Canary Wharf Lane</contact></personal>
  </incident>
  <incident id="inc-canary-0002">
    <occurred>2024-01-20T10:00:00Z</occurred>
    <category>abusive-behaviour</category>
    <location lat="51.575950" lon="-0.203750"/>
    <police-force>Metropolitan Police Service</police-force>
    <reported-to-police>false</reported-to-police>
    <personal><victim-name>CANARY-VICTIM-Ada Lovelock</victim-name><contact>07700 900888</contact></personal>
  </incident>
  <incident id="inc-canary-0003">
    <occurred>2024-02-03T11:00:00Z</occurred>
    <category>hostile-reconnaissance</category>
    <site>LDN-SYN-0001</site>
    <police-force>Metropolitan Police Service</police-force>
    <reported-to-police>true</reported-to-police>
    <description>Man photographing the CCTV at the rear gate, seen by CANARY-WITNESS-Orla Pinchbeck of 17 Canary Wharf Lane</description>
  </incident>
  <incident id="inc-canary-0004">
    <occurred>2024-02</occurred>
    <category>threats</category>
    <location lat="51.584000" lon="-0.231000"/>
    <police-force>Metropolitan Police Service</police-force>
    <personal><contact>07700 900777</contact></personal>
  </incident>
  <incident id="inc-canary-0005">
    <occurred>2024-03-10T09:00:00Z</occurred>
    <category>damage-desecration</category>
    <location lat="51.624100" lon="-0.260100"/>
    <site>LDN-CEM-0001</site>
    <police-force>Metropolitan Police Service</police-force>
    <police-reference>CANARYREF-0005</police-reference>
    <reported-to-police>true</reported-to-police>
  </incident>
  <incident id="inc-canary-0006">
    <occurred>2024-04-01T00:30:00+01:00</occurred>
    <category>literature</category>
    <location lat="51.570100" lon="-0.073600"/>
    <police-force>Metropolitan Police Service</police-force>
    <description>Letter addressed to CANARY-VICTIM-Zebulon Quist</description>
  </incident>
  <incident id="inc-canary-0007">
    <occurred>2024-04-01T01:30:00+01:00</occurred>
    <category>extreme-violence</category>
    <location lat="51.604500" lon="-0.276500"/>
    <police-force>Metropolitan Police Service</police-force>
  </incident>
  <incident id="inc-canary-0008">
    <occurred>2023-12-31T23:59:00Z</occurred>
    <category>suspicious-package</category>
    <location lat="51.582000" lon="-0.199000"/>
    <police-force>Metropolitan Police Service</police-force>
  </incident>
  <incident id="inc-canary-0009">
    <occurred>2024-02-14T12:00:00Z</occurred>
    <category>assault</category>
    <location lat="53.531900" lon="-2.288400"/>
    <police-force>Greater Manchester Police</police-force>
    <personal><victim-name>CANARY-VICTIM-Manchester Mo</victim-name></personal>
  </incident>
  <incident id="inc-canary-0010">
    <occurred>2024-02-15T12:00:00Z</occurred>
    <category>suspicious-behaviour</category>
    <location lat="51.580000" lon="-0.210000"/>
  </incident>
  <incident id="inc-canary-0011">
    <occurred>2024-03-05T12:00:00Z</occurred>
    <category>other</category>
    <location lat="51.566500" lon="-0.068500"/>
    <police-force>Metropolitan Police Service</police-force>
  </incident>
  <incident id="inc-canary-0012">
    <occurred>2024-01-03T08:00:00Z</occurred>
    <category>suspicious-behaviour</category>
    <location lat="51.604000" lon="-0.276000"/>
    <police-force>Metropolitan Police Service</police-force>
    <reported-to-police>true</reported-to-police>
  </incident>
</incidents>
XML
sh_run import "$T/incidents.xml"
is "$RC" 0 "the canary incidents import"
# The schema asks every incident for a location or a site, so an incident
# without a place can only come from elsewhere (a site deleted under it, an
# older database): made here directly.
sqlite3 "$DB" "UPDATE incidents SET lat = NULL, lon = NULL, x = NULL, y = NULL WHERE id = 'inc-canary-0011'"
ok $? "one incident loses its location"
sqlite3 "$DB" ".backup '$T/pristine.db'"

# The checker: every assertion that needs arithmetic or parsing.
cat >"$T/check.py" <<'PY'
import csv, math, os, re, sqlite3, subprocess, sys, tempfile, xml.etree.ElementTree as ET
from datetime import datetime, timezone

SHOMER = os.environ["SHOMER"]
T = os.environ["T"]
NS = "{urn:shomer:incident:1}"
HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude",
          "Location", "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"]
CRIME_TYPE = {"extreme-violence": "Violence and sexual offences",
              "assault": "Violence and sexual offences",
              "damage-desecration": "Criminal damage and arson",
              "threats": "Public order", "abusive-behaviour": "Public order"}


def fail(msg):
    print("# " + msg)
    sys.exit(1)


def month_range(a, b):
    s = datetime.strptime(a, "%Y-%m").replace(tzinfo=timezone.utc).timestamp()
    y, m = int(b[:4]), int(b[5:])
    e = datetime(y + (m == 12), m % 12 + 1, 1, tzinfo=timezone.utc).timestamp()
    return s, e


def truth(db, force, a, b):
    """The force's incidents in the months, with their true projected place."""
    s, e = month_range(a, b)
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    rows = con.execute("SELECT id, occurred_unix, category, x, y, reported, lat, lon "
                       "FROM incidents WHERE police_force = ? AND occurred_unix >= ? "
                       "AND occurred_unix < ? AND x IS NOT NULL", (force, s, e)).fetchall()
    con.close()
    out = []
    for r in rows:
        month = datetime.fromtimestamp(r[1], timezone.utc).strftime("%Y-%m")
        out.append(dict(id=r[0], month=month, category=r[2], x=r[3], y=r[4],
                        reported=bool(r[5]), lat=r[6], lon=r[7]))
    return out


def project(points):
    """Projected metres of (lat, lon) strings, by shomer itself."""
    d = tempfile.mkdtemp(dir=T)
    db, xml = os.path.join(d, "proj.db"), os.path.join(d, "proj.xml")
    pts = sorted(set(points))
    with open(xml, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<incidents xmlns="urn:shomer:incident:1">\n')
        for i, (lat, lon) in enumerate(pts):
            f.write('<incident id="p%d"><occurred>2024-01</occurred><category>other'
                    '</category><location lat="%s" lon="%s"/></incident>\n' % (i, lat, lon))
        f.write("</incidents>\n")
    subprocess.run([SHOMER, "--db", db, "init"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([SHOMER, "--db", db, "import", "--quiet", xml], check=True)
    con = sqlite3.connect(db)
    xy = {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, x, y FROM incidents")}
    con.close()
    return {p: xy["p%d" % i] for i, p in enumerate(pts)}


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != HEADER:
        fail("header %r" % rows[0])
    return [dict(zip(HEADER, r)) for r in rows[1:]]


def common(rows, force, reporter):
    """What every police-uk row must look like, whatever the anonymisation."""
    keys = [(r["Month"], r["Crime ID"]) for r in rows]
    if keys != sorted(keys):
        fail("rows are not sorted by month and then Crime ID")
    ids = [r["Crime ID"] for r in rows]
    if len(set(ids)) != len(ids) or not all(re.fullmatch("[0-9a-f]{64}", i) for i in ids):
        fail("Crime IDs are not 64 distinct hex digits: %r" % ids)
    for r in rows:
        if not re.fullmatch(r"\d{4}-\d{2}", r["Month"]):
            fail("month %r" % r["Month"])
        if r["Reported by"] != reporter or r["Falls within"] != force:
            fail("reported by / falls within %r %r" % (r["Reported by"], r["Falls within"]))
        if r["LSOA code"] or r["LSOA name"] or r["Last outcome category"]:
            fail("LSOA or outcome filled in: %r" % r)
        if r["Crime type"] != CRIME_TYPE.get(r["Context"], "Other crime"):
            fail("crime type %r for %r" % (r["Crime type"], r["Context"]))
        for k in ("Latitude", "Longitude"):
            if not re.fullmatch(r"-?\d+\.\d{6}", r[k]):
                fail("%s %r is not six decimals" % (k, r[k]))


def check_grid(path, db, force, a, b, cell, reporter):
    rows = read_csv(path)
    common(rows, force, reporter)
    true = truth(db, force, a, b)
    xy = project([(r["Latitude"], r["Longitude"]) for r in rows])
    got = []
    for r in rows:
        x, y = xy[(r["Latitude"], r["Longitude"])]
        cx, cy = math.floor(x / cell), math.floor(y / cell)
        # the exported point is the centre of its cell, to the rounding of
        # six decimals of a degree (about 0.1 m)
        if abs(x - (cx * cell + cell / 2)) > 0.5 or abs(y - (cy * cell + cell / 2)) > 0.5:
            fail("%s, %s is %.2f, %.2f: not the centre of a %g m cell"
                 % (r["Latitude"], r["Longitude"], x, y, cell))
        for t in true:
            if math.hypot(x - t["x"], y - t["y"]) < 1:
                fail("an exported point lies within 1 m of a true location")
            if "%.6f" % t["lat"] == r["Latitude"] and "%.6f" % t["lon"] == r["Longitude"]:
                fail("a true location was exported")
        if r["Location"] != "On or near anonymisation point":
            fail("location %r" % r["Location"])
        got.append((r["Month"], r["Context"], cx, cy))
    want = [(t["month"], t["category"], math.floor(t["x"] / cell), math.floor(t["y"] / cell))
            for t in true]
    if sorted(got) != sorted(want):
        fail("exported (month, category, cell):\n#  %r\n# expected:\n#  %r"
             % (sorted(got), sorted(want)))
    # incidents sharing a cell share one published point
    by_cell = {}
    for r, g in zip(rows, got):
        by_cell.setdefault(g[2:], set()).add((r["Latitude"], r["Longitude"]))
    if any(len(v) != 1 for v in by_cell.values()):
        fail("one cell, several points")
    if len(by_cell) == len(rows) and os.environ.get("NEED_SHARED_CELL"):
        fail("the test data has no two incidents in one cell")
    print("# %d rows, %d cells" % (len(rows), len(by_cell)))


def check_points(path, db, force, a, b, points_csv):
    rows = read_csv(path)
    common(rows, force, "Community security organisation")
    with open(points_csv, newline="") as f:
        pts = list(csv.DictReader(f))
    true = truth(db, force, a, b)
    proj = project([(p["lat"], p["lon"]) for p in pts])
    want = []
    for t in true:
        d = sorted((math.hypot(t["x"] - proj[(p["lat"], p["lon"])][0],
                               t["y"] - proj[(p["lat"], p["lon"])][1]), i)
                   for i, p in enumerate(pts))
        if d[1][0] - d[0][0] < 1:
            fail("the test data is ambiguous: two points equally near")
        p = pts[d[0][1]]
        loc = "On or near " + p["name"] if p["name"] else "On or near anonymisation point"
        want.append((t["month"], t["category"], p["lat"], p["lon"], loc))
    got = [(r["Month"], r["Context"], r["Latitude"], r["Longitude"], r["Location"])
           for r in rows]
    if sorted(got) != sorted(want):
        fail("exported:\n#  %r\n# expected:\n#  %r" % (sorted(got), sorted(want)))
    if len({g[2:4] for g in got}) < 2:
        fail("the test data maps everything to one point")


def check_xml(path, csv_path, db, force, a, b):
    doc = ET.parse(path).getroot()
    if doc.tag != NS + "incidents" or doc.attrib:
        fail("root %r %r" % (doc.tag, doc.attrib))
    rows = {r["Crime ID"]: r for r in read_csv(csv_path)}
    seen = []
    for inc in doc:
        if list(inc.attrib) != ["id"]:
            fail("incident attributes %r" % inc.attrib)
        tags = [c.tag[len(NS):] for c in inc]
        if tags != ["occurred", "category", "location", "police-force", "reported-to-police"]:
            fail("incident children %r" % tags)
        occurred, category, loc, pf, rep = list(inc)
        if not re.fullmatch(r"\d{4}-\d{2}", occurred.text):
            fail("occurred %r" % occurred.text)
        if sorted(loc.attrib) != ["lat", "lon"] or pf.text != force:
            fail("location or force %r %r" % (loc.attrib, pf.text))
        r = rows.get(inc.get("id"))
        if not r:
            fail("id %s is not a Crime ID of the police-uk export" % inc.get("id"))
        if (r["Month"], r["Context"], r["Latitude"], r["Longitude"]) != \
                (occurred.text, category.text, loc.get("lat"), loc.get("lon")):
            fail("the xml and the csv disagree on %s" % inc.get("id"))
        seen.append((occurred.text, category.text, rep.text))
    want = [(t["month"], t["category"], "true" if t["reported"] else "false")
            for t in truth(db, force, a, b)]
    if sorted(seen) != sorted(want) or len(seen) != len(rows):
        fail("xml (month, category, reported) %r, expected %r" % (sorted(seen), sorted(want)))


def same_but_tokens(p1, p2):
    a, b = read_csv(p1), read_csv(p2)
    strip = lambda rows: sorted(tuple(v for k, v in r.items() if k != "Crime ID") for r in rows)
    if strip(a) != strip(b):
        fail("the rows differ beyond their tokens")
    if {r["Crime ID"] for r in a} & {r["Crime ID"] for r in b}:
        fail("two databases gave the same token: tokens are not keyed")


cmd = sys.argv[1]
if cmd == "grid":
    check_grid(*sys.argv[2:7], float(sys.argv[7]), sys.argv[8])
elif cmd == "points":
    check_points(*sys.argv[2:8])
elif cmd == "xml":
    check_xml(*sys.argv[2:8])
elif cmd == "tokens":
    same_but_tokens(*sys.argv[2:4])
else:
    fail("unknown check " + cmd)
PY
export T

# Every string that must never leave: canaries, incident ids, site ids and
# names, the exact dates and times.
{
	printf '%s\n' CANARY Zebulon Quist Lovelock Pinchbeck "Manchester Mo" 07700 900777 900888 \
		"Canary Wharf" "Wharf Lane" CAD-4471 photographing "rear gate" Letter inc-canary \
		2024-01-15 2024-01-20 19:30 T10:00 2024-03-31
	sqlite3 "$DB" "SELECT id FROM sites UNION SELECT name FROM sites"
} >"$T/secrets.txt"
leaks() { # FILE...: prints what leaked
	grep -F -i -o -f "$T/secrets.txt" "$@" | sort -u
}
[ "$(leaks "$T/incidents.xml" | wc -l)" -ge 10 ]
ok $? "the leak check finds the canaries where they are (it can fail)"

# ---- police-uk, grid ----
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --out "$T/met.csv"
is "$RC" 0 "share police-uk"
is "$ERR" "shomer: shared 7 incidents of '$MET' from 2024-01 to 2024-03 (grid of 250 m) to '$T/met.csv'; 1 without a location left out" \
	"the summary counts what was shared and what had no location"
is "$(stat -c %a "$T/met.csv")" 600 "the export is created 0600"
NEED_SHARED_CELL=1 python3 "$T/check.py" grid "$T/met.csv" "$DB" "$MET" 2024-01 2024-03 250 \
	"Community security organisation"
ok $? "police-uk columns exactly; each point the centre of its true location's 250 m cell; that force and months only; sorted"
is "$(leaks "$T/met.csv")" "" "no canary, id, site, date or time in the police-uk export"

# ---- xml ----
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --format xml --out "$T/met.xml"
is "$RC" 0 "share xml"
xmllint --noout --schema "$ROOT/schemas/incident.xsd" "$T/met.xml" 2>/dev/null
ok $? "the xml validates against schemas/incident.xsd"
python3 "$T/check.py" xml "$T/met.xml" "$T/met.csv" "$DB" "$MET" 2024-01 2024-03
ok $? "the xml holds month, category, the same point and token, force, reported-to-police, nothing else"
is "$(leaks "$T/met.xml")" "" "no canary, id, site, date or time in the xml export"
is "$(stat -c %a "$T/met.xml")" 600 "the xml is created 0600"

# ---- other cell sizes ----
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --grid 1000 --out "$T/met1k.csv"
python3 "$T/check.py" grid "$T/met1k.csv" "$DB" "$MET" 2024-01 2024-03 1000 \
	"Community security organisation"
ok $? "--grid 1000 gives the centres of 1 km cells"
python3 "$T/check.py" grid "$T/met1k.csv" "$DB" "$MET" 2024-01 2024-03 250 \
	"Community security organisation" >/dev/null
[ $? != 0 ]
ok $? "and the check fails when told the wrong cell size (it can fail)"
sh_run incidents share --force "$MET" --from 2024-02 --to 2024-02 --reporter "Shomer, North London" \
	--out "$T/feb.csv"
python3 "$T/check.py" grid "$T/feb.csv" "$DB" "$MET" 2024-02 2024-02 250 "Shomer, North London"
ok $? "one month, and --reporter (quoted, it holds a comma)"
is "$(tail -n +2 "$T/feb.csv" | wc -l)" 2 "February holds two of the force's incidents"

# ---- same input, same output ----
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --out "$T/again.csv"
cmp -s "$T/met.csv" "$T/again.csv"
ok $? "the same command twice gives byte-identical files"
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --format xml --out "$T/again.xml"
cmp -s "$T/met.xml" "$T/again.xml"
ok $? "the xml too"
DB2="$T/other.db"
"$SHOMER" --db "$DB2" init >/dev/null &&
	"$SHOMER" --db "$DB2" import --quiet "$ROOT/sites/london-south.xml" \
		"$ROOT/sites/manchester-north.xml" "$T/incidents.xml" &&
	sqlite3 "$DB2" "UPDATE incidents SET lat = NULL, lon = NULL, x = NULL, y = NULL WHERE id = 'inc-canary-0011'" &&
	"$SHOMER" --db "$DB2" incidents share --force "$MET" --from 2024-01 --to 2024-03 \
		--out "$T/other.csv" 2>/dev/null
python3 "$T/check.py" tokens "$T/met.csv" "$T/other.csv"
ok $? "another database with the same records: the same rows under other tokens (they are keyed)"

# ---- public points ----
cat >"$T/points.csv" <<'CSV'
lon,lat,name
-0.200000,51.577000,Golders Green Road
-0.224000,51.588000,"Brent Street, Hendon"
-0.275000,51.613000,Edgware Road
-0.072000,51.570000,Stamford Hill
-0.249000,51.615000,
-0.262000,51.625000,Cemetery Lane
CSV
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --points "$T/points.csv" \
	--out "$T/met-points.csv"
is "$RC" 0 "share --points"
like "$ERR" "shared 7 incidents .* \(nearest of 6 public points\)" "the summary names the points"
python3 "$T/check.py" points "$T/met-points.csv" "$DB" "$MET" 2024-01 2024-03 "$T/points.csv"
ok $? "each incident is moved to its nearest public point, named in Location"
is "$(leaks "$T/met-points.csv")" "" "no canary, id, site, date or time with --points"
PUK1="$SHOMER_SHARED_DATA/police-uk/2020-01-city-of-london-street.csv"
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --points "$PUK1" \
	--out "$T/met-puk.csv"
is "$RC" 0 "a police.uk street-level file serves as the public points as it is"
python3 - "$T/met-puk.csv" "$PUK1" <<'PY'
import csv, sys
with open(sys.argv[2], newline="") as f:
    pts = {(r["Latitude"], r["Longitude"], r["Location"]) for r in csv.DictReader(f) if r["Latitude"]}
with open(sys.argv[1], newline="") as f:
    rows = list(csv.DictReader(f))
assert len(rows) == 7, len(rows)
for r in rows:
    assert (r["Latitude"], r["Longitude"], r["Location"]) in pts, r
PY
ok $? "each incident lands on one of the police's own points, with its Location text"
printf 'Longitude,Latitude\r\n-0.200000,51.577000\r\n-0.072000,51.570000\r\n' >"$T/two.csv"
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --points "$T/two.csv" \
	--format xml --out "$T/two.xml"
is "$RC" 0 "longitude,latitude header with CRLF lines, xml out"
is "$(grep -o 'lat="[^"]*" lon="[^"]*"' "$T/two.xml" | sort -u | tr '\n' ' ')" \
	'lat="51.570000" lon="-0.072000" lat="51.577000" lon="-0.200000" ' \
	"only the public points appear"
xmllint --noout --schema "$ROOT/schemas/incident.xsd" "$T/two.xml" 2>/dev/null
ok $? "and it validates"

# ---- nothing in the console either ----
all_out=$(for f in "$T"/*.csv "$T"/*.xml; do
	case "$f" in */incidents.xml) ;; *) cat "$f" ;; esac
done)
printf '%s\n' "$all_out" >"$T/all-exports.txt"
is "$(leaks "$T/all-exports.txt")" "" "no secret in any export written above"
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --out -
is "$RC" 0 "--out - writes to standard output"
is "$OUT" "$(cat "$T/met.csv")" "the same bytes as the file"
printf '%s\n%s\n' "$OUT" "$ERR" >"$T/console.txt"
is "$(leaks "$T/console.txt")" "" "nor on the console"

# ---- forces ----
sh_run incidents share --force "Dorset Police" --from 2024-01 --to 2024-03 --out "$T/dorset.csv"
is "$RC" 0 "a force named only by a site is known"
is "$(cat "$T/dorset.csv")" "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context" \
	"it gets the header alone"
like "$ERR" "shared 0 incidents of 'Dorset Police'" "and is told 0 were shared"
sh_run incidents share --force "Greater Manchester Police" --from 2024-01 --to 2024-03 --out "$T/gmp.csv"
is "$(tail -n +2 "$T/gmp.csv" | wc -l)" 1 "Greater Manchester gets its one incident"
is "$(tail -n +2 "$T/gmp.csv" | cut -d, -f4,10,12)" \
	"Greater Manchester Police,Violence and sexual offences,assault" "and only its own"
sh_run incidents share --force "Thames Valley Police" --from 2024-01 --to 2024-03 --out "$T/tvp.csv"
is "$RC" 3 "a force nothing names is rejected"
is "$ERR" "shomer: no site or incident names police force 'Thames Valley Police'; known forces: 'Dorset Police', 'Essex Police', 'Greater Manchester Police', '$MET', 'Northumbria Police', 'Sussex Police', 'West Yorkshire Police'" \
	"listing the known forces"
[ ! -e "$T/tvp.csv" ]
ok $? "and writes no file"
sh_run incidents share --force "metropolitan police service" --from 2024-01 --to 2024-03 --out "$T/x.csv"
is "$RC" 3 "the match is exact"
like "$ERR" "did you mean '$MET'\?" "with a hint when only the case differs"

# The police's own records, imported from data.police.uk, are not sent back
# (in the second database, so that the first stays as the tests made it).
"$SHOMER" --db "$DB2" import --quiet --format police-uk \
	"$SHOMER_SHARED_DATA/police-uk/2020-01-city-of-london-street.csv" >/dev/null
ok $? "a month of City of London police.uk data imports"
DB=$DB2 sh_run incidents share --force "City of London Police" --from 2020-01 --to 2020-01 \
	--out "$T/col.csv"
is "$RC" 0 "City of London is a known force, through its imported crimes"
like "$ERR" "shared 0 incidents .*; [0-9]+ imported from data.police.uk left out" \
	"its police.uk records are counted and left out"
is "$(wc -l <"$T/col.csv")" 1 "the file holds the header alone"

# ---- usage ----
usage() { # DESC ARGS...: must be a usage error naming the problem
	local desc=$1
	shift
	sh_run incidents share "$@"
	is "$RC" 2 "usage: $desc"
}
usage "no --force" --from 2024-01 --to 2024-03 --out "$T/u.csv"
like "$ERR" "--force NAME is required" "says --force is required"
usage "no --out" --force "$MET" --from 2024-01 --to 2024-03
like "$ERR" "--out FILE is required" "says --out is required"
usage "no --to" --force "$MET" --from 2024-01 --out "$T/u.csv"
usage "month 13" --force "$MET" --from 2024-13 --to 2024-13 --out "$T/u.csv"
like "$ERR" "--from '2024-13' is not a month \(YYYY-MM\)" "names the bad month"
usage "a date, not a month" --force "$MET" --from 2024-01-05 --to 2024-03 --out "$T/u.csv"
usage "a one-digit month" --force "$MET" --from 2024-1 --to 2024-03 --out "$T/u.csv"
usage "--from after --to" --force "$MET" --from 2024-03 --to 2024-01 --out "$T/u.csv"
like "$ERR" "--from 2024-03 is after --to 2024-01" "says so"
usage "grid 0" --force "$MET" --from 2024-01 --to 2024-03 --grid 0 --out "$T/u.csv"
usage "negative grid" --force "$MET" --from 2024-01 --to 2024-03 --grid -250 --out "$T/u.csv"
usage "grid not a number" --force "$MET" --from 2024-01 --to 2024-03 --grid 250m --out "$T/u.csv"
usage "grid nan" --force "$MET" --from 2024-01 --to 2024-03 --grid nan --out "$T/u.csv"
usage "--grid with --points" --force "$MET" --from 2024-01 --to 2024-03 --grid 250 \
	--points "$T/points.csv" --out "$T/u.csv"
usage "unknown format" --force "$MET" --from 2024-01 --to 2024-03 --format json --out "$T/u.csv"
usage "unknown option" --force "$MET" --from 2024-01 --to 2024-03 --with-personal --out "$T/u.csv"
like "$ERR" "unknown option '--with-personal'" "personal fields cannot be asked for"
usage "an option without its value" --force "$MET" --from 2024-01 --to 2024-03 --out
like "$ERR" "--out needs a value" "says which"
[ ! -e "$T/u.csv" ]
ok $? "no usage error writes a file"

# ---- bad public points ----
bad_points() { # DESC CONTENT WANT
	printf '%b' "$2" >"$T/bad-points.csv"
	sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --points "$T/bad-points.csv" \
		--out "$T/b.csv"
	is "$RC" 3 "bad points: $1"
	is "$ERR" "shomer: $3" "bad points: $1, the message"
}
bad_points "no lon/lat header" 'x,y\n-0.2,51.5\n' \
	"$T/bad-points.csv:1: the header needs lon,lat or longitude,latitude columns"
bad_points "columns swapped" 'lon,lat\n51.577,-0.2\n' \
	"$T/bad-points.csv:2: latitude -0.2, longitude 51.577 lies outside the area of EPSG:27700 (are the columns swapped?)"
bad_points "not a number" 'lon,lat\n-0.2,51.5\n-0.2,north\n' \
	"$T/bad-points.csv:3: 'north' is not a latitude (-90 to 90)"
bad_points "a short row" 'lon,lat,name\n-0.2,51.5,A\n-0.2\n' \
	"$T/bad-points.csv:3: expected a longitude and a latitude, found 1 field"
bad_points "an open quote" 'lon,lat,name\n-0.2,51.5,"A\n' \
	"$T/bad-points.csv:2: a quoted field is not closed"
bad_points "header only" 'lon,lat\n' "'$T/bad-points.csv' holds no points"
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --points "$T/nope.csv" --out "$T/b.csv"
is "$RC" 3 "a missing points file is rejected"
like "$ERR" "cannot open '$T/nope.csv': no such file" "with the reason"
[ ! -e "$T/b.csv" ]
ok $? "no bad points file leaves an export behind"

# ---- the output file ----
printf 'old\n' >"$T/open.csv"
chmod 644 "$T/open.csv"
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --out "$T/open.csv"
is "$(stat -c %a "$T/open.csv")" 600 "an existing readable file becomes 0600"
sh_run incidents share --force "$MET" --from 2024-01 --to 2024-03 --out "$T/no/such/dir.csv"
is "$RC" 1 "an output file that cannot be created fails"
like "$ERR" "cannot write '$T/no/such/dir.csv'" "naming it"

# The database was only read, apart from the token key it keeps.
is "$(sqlite3 "$DB" "SELECT count(*) FROM meta WHERE key = 'share.token_key'")" 1 \
	"the token key is kept in the database"
diff <(sqlite3 "$T/pristine.db" .dump | grep -v share.token_key) \
	<(sqlite3 "$DB" .dump | grep -v share.token_key) >/dev/null
ok $? "and nothing else in the database changed"

# An incident recorded by its site alone is its site's force's business.
"$SHOMER" --db "$DB" incidents add --id inc-by-site-only --occurred 2024-02-20T10:00:00Z \
	--category threats --site LDN-SYN-0002 >/dev/null
sh_run incidents share --force "$MET" --from 2024-02 --to 2024-02 --out "$T/by-site.csv"
is "$(tail -n +2 "$T/by-site.csv" | grep -c ',threats$')" \
	"$(( $(tail -n +2 "$T/feb.csv" | grep -c ',threats$') + 1 ))" \
	"an incident with a site but no force is shared under the site's force"

done_testing
