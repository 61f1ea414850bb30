#!/usr/bin/env bash
# t_patrols.sh - `shomer patrols plan` on the demo sites: coverage from the
# Stackelberg game (every site worth at most the attacker's gain, the
# visits adding up), routes in each format (GeoJSON lines from the base and
# back, for QGIS), risk scores used when present, the same seed giving the
# same plan, and bad options refused.  The statistics of many drawn plans
# are tested in tests/unit/test_guards_patrol.c.
. "$(dirname "$0")/lib.sh"

if ! "$SHOMER" plugins --format csv | grep -q '^guards,.*,loaded,'; then
	echo "# the guards plugin is not built"
	ok 1 "the guards plugin is loaded"
	done_testing
	exit 1
fi
export SHOMER_NOW=2026-11-01T12:00:00Z
demo_db
ok $? "the demo sites import"
REGION="Manchester & North"
plan() {
	sh_run patrols plan --region "$REGION" --units 2 --start 2026-11-06T20:00 --hours 4 "$@"
}

plan
is "$RC" 0 "patrols plan prints a plan"
like "$OUT" "patrol plan for Manchester & North: 2 units, 4 hours" "with what it plans for"
is "$(printf '%s\n' "$OUT" | grep -c '^MAN-')" 17 "a coverage row for each of the region's 17 sites"

plan --format json
is "$RC" 0 "as JSON"
printf '%s' "$OUT" >"$T/plan.json"
python3 - "$T/plan.json" >"$T/json.out" 2>&1 <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
cov = p["coverage"]
L = p["attacker_gain"]
visits = p["units"] * p["visits_per_hour_per_unit"]
assert len(cov) == 17, len(cov)
assert sum(c["coverage"] for c in cov) <= visits + 1e-6, "coverage uses more visits than there are"
for c in cov:
    assert 0 <= c["coverage"] <= 1, c
    assert (1 - c["coverage"]) * c["value"] <= L + 1e-6, ("a site is worth more than L", c, L)
covered = [c for c in cov if c["coverage"] > 0]
for c in covered:
    assert abs((1 - c["coverage"]) * c["value"] - L) < 1e-6, ("covered sites leave L", c, L)
assert all(r["unit"] in (1, 2) and 1 <= r["hour"] <= 4 for r in p["routes"])
assert all(r["arrive"] <= r["depart"] for r in p["routes"])
print("fine: L = %.3f, %d sites covered" % (L, len(covered)))
PY
ok $? "coverage is the game's equilibrium: covered sites leave the attacker L, none more ($(tail -n 1 "$T/json.out"))"

# Local times, as the roster prints them: Europe/London, GMT in November
# and BST (UTC + 1) in July, the date turning at local midnight.
local_check() {
	python3 - "$T/plan.json" "$1" >"$T/local.out" 2>&1 <<'PY'
import datetime, json, sys
p = json.load(open(sys.argv[1]))
offset = datetime.timedelta(hours=int(sys.argv[2]))
assert p["routes"], "no stops"
for r in p["routes"]:
    for utc_key, local_key in (("arrive", "arrive_local"), ("depart", "depart_local")):
        utc = datetime.datetime.strptime(r[utc_key], "%Y-%m-%dT%H:%M:%SZ")
        local = utc + offset
        assert r[local_key] == local.strftime("%H:%M"), (r, local)
    arrive = datetime.datetime.strptime(r["arrive"], "%Y-%m-%dT%H:%M:%SZ") + offset
    assert r["date"] == arrive.strftime("%Y-%m-%d"), r
print("fine: %d stops" % len(p["routes"]))
PY
}
local_check 0
ok $? "November: local times are UTC ($(tail -n 1 "$T/local.out"))"
sh_run patrols plan --region "$REGION" --units 2 --start 2026-07-03T22:30 --hours 3 --format json
printf '%s' "$OUT" >"$T/plan.json"
local_check 1
ok $? "July: local times are an hour ahead of UTC ($(tail -n 1 "$T/local.out"))"
like "$OUT" '"date": "2026-07-04"' "a patrol past local midnight is dated the next day"
sh_run patrols plan --region "$REGION" --units 2 --start 2026-07-03T22:30 --hours 3
like "$OUT" "date        arrive  depart  arrive_utc" "the table gives the local date and times, then UTC"
like "$OUT" "2026-07-03  2[23]:[0-5][0-9]   2[23]:[0-5][0-9]   2026-07-03T2[12]:" "stops in the local evening of the start date, an hour later than UTC"

plan --format geojson
is "$RC" 0 "as GeoJSON"
printf '%s' "$OUT" >"$T/plan.geojson"
python3 - "$T/plan.geojson" >"$T/geo.out" 2>&1 <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
assert g["type"] == "FeatureCollection" and "crs" not in g
lines = [f for f in g["features"] if f["geometry"]["type"] == "LineString"]
points = [f for f in g["features"] if f["geometry"]["type"] == "Point"]
assert len(lines) == 2 and len(points) == 17, (len(lines), len(points))
for f in lines:
    c = f["geometry"]["coordinates"]
    assert c[0] == c[-1], "a route starts and ends at the base"
    assert len(c) == f["properties"]["stops"] + 2
    for lon, lat in c:
        assert -8 < lon < 2 and 49 < lat < 61, (lon, lat)  # Great Britain
print("fine")
PY
ok $? "GeoJSON: a line per unit from the base and back, a point per site, WGS84 ($(tail -n 1 "$T/geo.out"))"

plan --seed 5
first=$OUT
plan --seed 5
is "$OUT" "$first" "the same seed gives the same plan"
plan --seed 6
[ "$OUT" != "$first" ]
ok $? "another seed draws another plan"

# With risk scores, the game uses them.
"$SHOMER" --db "$DB" risk score >/dev/null 2>&1
plan --format json
like "$OUT" '"from": "risk.score"' "sites with a risk score are valued by it"

# ---- bad options ----
for bad in "--units 0" "--units -2" "--hours 0" "--hours 200" "--start tomorrow" \
	"--format csv" "--speed 0" "--base 91,0"; do
	# shellcheck disable=SC2086
	plan $bad
	is "$RC" 2 "'$bad' is a usage error"
done
sh_run patrols plan --region "Atlantis" --units 1 --start 2026-11-06T20:00 --hours 2
is "$RC" 3 "an unknown region is refused"
is "$ERR" "shomer: patrols plan: no sites in region 'Atlantis'" "and named"
sh_run patrols plan --region "$REGION" --units 1
is "$RC" 2 "--start and --hours are needed"

done_testing
