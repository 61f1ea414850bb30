#!/usr/bin/env bash
# t_guards_records.sh - the guards plugin's records and the demand they
# make: guards, events and the posture table imported (and imported again
# changing nothing), the demand of a week worked out across the October
# clock change, a raised threat level raising it at once, events adding
# shifts, and the period checked.  Bad guard records are in tests/bad/.
. "$(dirname "$0")/lib.sh"

if ! "$SHOMER" plugins --format csv | grep -q '^guards,.*,loaded,'; then
	echo "# the guards plugin is not built"
	ok 1 "the guards plugin is loaded"
	done_testing
	exit 1
fi
export SHOMER_NOW=2026-11-01T12:00:00Z
q() {
	sqlite3 "$DB" "$1"
}
csv_run() {
	sh_run "$@"
	OUT=${OUT//$'\r'/}
}

demo_db
ok $? "the demo sites, guards, posture and events import"
is "$(q "SELECT COUNT(*) FROM guards_guards")" 150 "150 demo guards and volunteers"
is "$(q "SELECT COUNT(*) FROM guards_posture")" 20 "the demo posture table's 20 rules"
before=$(dump_db)
sh_run import "$ROOT/sites/guards.xml"
is "$RC" 0 "importing the guards again succeeds"
is "$(dump_db)" "$before" "and changes nothing"

# A guard record of our own, with a window over Sunday midnight.
cat >"$T/g.xml" <<'XML'
<guards xmlns="urn:shomer:guards:1">
  <guard id="GRD-T-0001" role="team-leader" max-hours="20" min-rest="9">
    <name>Testing Person</name>
    <home lat="51.58" lon="-0.20"/>
    <qualification>team-leader</qualification>
    <qualification>first-aid</qualification>
    <available day="sun" start="22:00" end="02:00"/>
    <available day="mon" start="02:00" end="06:00"/>
    <unavailable from="2026-12-24" to="2026-12-27"/>
    <prefers site="LDN-SYN-0001"/>
    <never site="LDN-SYN-0002"/>
  </guard>
</guards>
XML
sh_run import "$T/g.xml"
is "$RC" 0 "a guard with windows either side of Monday 02:00 imports"
is "$(q "SELECT role || ' ' || quals || ' ' || max_hours || ' ' || min_rest FROM guards_guards WHERE id = 'GRD-T-0001'")" \
	"team-leader team-leader first-aid 20.0 9.0" "role, qualifications, hours and rest stored"
is "$(q "SELECT group_concat(day || ':' || start_min || '-' || end_min, ' ') FROM guards_windows WHERE guard_id = 'GRD-T-0001'")" \
	"6:1320-120 0:120-360" "windows in minutes, the first past midnight"
is "$(q "SELECT group_concat(site_id || '=' || never, ' ') FROM (SELECT * FROM guards_site_prefs WHERE guard_id = 'GRD-T-0001' ORDER BY site_id)")" \
	"LDN-SYN-0001=0 LDN-SYN-0002=1" "a preferred site and a site never to serve"
sed 's|<available day="mon" start="02:00" end="06:00"/>|<available day="mon" start="01:00" end="06:00"/>|' \
	"$T/g.xml" >"$T/g2.xml"
before=$(dump_db)
sh_run import "$T/g2.xml"
is "$RC" 3 "a window overlapping one that runs past Sunday midnight is refused"
like "$ERR" "g2.xml:8: guard 'GRD-T-0001': this window overlaps the one at line 7" "at its line"
is "$(dump_db)" "$before" "and nothing changes"

# ---- demand ----
# Beth Shalom Fernbrook (LDN-SYN-0001) meets on Friday at 18:30 for
# Kabbalat Shabbat (227 expected).  The clocks go back on Sunday 25
# October 2026: 18:30 is 17:30Z on the 23rd and 18:30Z on the 30th.  At
# SUBSTANTIAL (the demo's level) a session of 150 or more needs 3 guards
# and a team leader.
csv_run guards demand --from 2026-10-23 --to 2026-10-30 --region "London & South" --format csv
is "$RC" 0 "guards demand for a week"
is "$(printf '%s\n' "$OUT" | grep '^2026-10-23,18:30,19:45,LDN-SYN-0001,')" \
	"2026-10-23,18:30,19:45,LDN-SYN-0001,synagogue,Kabbalat Shabbat and Maariv,227,SUBSTANTIAL,3,yes,2026-10-23T17:30:00Z,2026-10-23T18:45:00Z" \
	"Friday 23 October, British Summer Time: 17:30Z, 3 guards and a team leader"
is "$(printf '%s\n' "$OUT" | grep '^2026-10-30,18:30,19:45,LDN-SYN-0001,' | cut -d, -f11-12)" \
	"2026-10-30T18:30:00Z,2026-10-30T19:45:00Z" "Friday 30 October, GMT: 18:30Z"
rows=$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)
[ "$rows" -gt 100 ]
ok $? "every session of the region's week is there ($rows)"

# Raise the region to SEVERE: the same Friday now needs 4.
"$SHOMER" --db "$DB" threat set severe --region "London & South" --reason "test" \
	--since 2026-10-20T00:00 >/dev/null 2>&1
csv_run guards demand --from 2026-10-23 --to 2026-10-23 --region "London & South" --format csv
is "$(printf '%s\n' "$OUT" | grep '^2026-10-23,18:30,19:45,LDN-SYN-0001,' | cut -d, -f8-10)" \
	"SEVERE,4,yes" "a raised threat level raises the demand at once"

# An event adds a shift of its own.
csv_run guards demand --from 2026-11-07 --to 2026-11-07 --format csv
like "$OUT" "2026-11-07,10:30,13:30,LDN-SYN-0001,synagogue,Bar mitzvah of the Fernbrook family,380" \
	"an event is demand too"

for bad in "--from 2026-10-30 --to 2026-10-23" "--from 2026-13-01 --to 2026-12-01" \
	"--from 2026-01-01 --to 2027-06-01" "--to 2026-10-30"; do
	# shellcheck disable=SC2086
	sh_run guards demand $bad
	is "$RC" 2 "'$bad' is refused as a usage error"
done
sh_run guards demand --from 2026-10-30 --to 2026-10-23
is "$ERR" "shomer: guards demand: the period ends on 2026-10-23, before it starts on 2026-10-30" \
	"a period that ends before it starts says so"

done_testing
