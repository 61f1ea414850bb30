#!/usr/bin/env bash
# t_roster.sh - `shomer guards roster` on the demo's weekend: every
# assignment checked against every hard rule by an independent checker
# (roster_check.py, from the database alone), honest unfilled slots with
# reasons, the same seed giving the same roster, the calendar read by a
# real RFC 5545 parser (python3-icalendar), guards.cover stored, names
# shown only when asked for, and bad options refused.
. "$(dirname "$0")/lib.sh"

if ! "$SHOMER" plugins --format csv | grep -q '^guards,.*,loaded,'; then
	echo "# the guards plugin is not built"
	ok 1 "the guards plugin is loaded"
	done_testing
	exit 1
fi
export SHOMER_NOW=2026-11-01T12:00:00Z
CHECK="$ROOT/tests/cli/roster_check.py"
# Debian's python3 has the icalendar package (.ci/deps.sh installs it)
PY_ICS=/usr/bin/python3
csv_run() {
	sh_run "$@"
	OUT=${OUT//$'\r'/}
}
demo_db
ok $? "the demo sites and guards import"
FROM=2026-11-06
TO=2026-11-08

csv_run guards roster --from $FROM --to $TO --seed 2 --format csv
is "$RC" 0 "a weekend roster"
printf '%s\n' "$OUT" >"$T/roster.csv"
python3 "$CHECK" "$DB" "$T/roster.csv" 30 >"$T/check.out"
ok $? "every assignment keeps every hard rule ($(head -n 1 "$T/check.out"))"
assigned=$(grep -c ',assigned,' "$T/roster.csv")
unfilled=$(grep -c ',unfilled,' "$T/roster.csv")
[ "$assigned" -gt 50 ]
ok $? "most slots are filled ($assigned)"
is "$(grep ',unfilled,' "$T/roster.csv" | grep -cv -e 'no one within reach' \
	-e 'no team leader within reach' -e 'no one available then' \
	-e 'no team leader available then' -e 'only guards busy elsewhere')" 0 \
	"each of the $unfilled unfilled slots says why"
demand=$("$SHOMER" --db "$DB" guards demand --from $FROM --to $TO --format csv | tr -d '\r' |
	tail -n +2 | awk -F, '{ n += $9 } END { print n }')
is "$((assigned + unfilled))" "$demand" "a slot for every guard the demand asks for ($demand)"
! grep -q "Avi \|Cohen\|Levy" "$T/roster.csv"
ok $? "no guard's name without --with-names"

csv_run guards roster --from $FROM --to $TO --seed 2 --format csv
is "$OUT" "$(cat "$T/roster.csv")" "the same seed gives the same roster"

# guards.cover: the share of each site's guard-hours filled
python3 - "$T/roster.csv" "$DB" >"$T/cover.out" 2>&1 <<'PY'
import csv, datetime, sqlite3, sys
need, got = {}, {}
for r in csv.DictReader(open(sys.argv[1], newline="")):
    t = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")
    h = (t(r["end_utc"]) - t(r["start_utc"])).total_seconds() / 3600
    need[r["site"]] = need.get(r["site"], 0) + h
    got[r["site"]] = got.get(r["site"], 0) + (h if r["status"] == "assigned" else 0)
db = sqlite3.connect(sys.argv[2])
stored = dict(db.execute("SELECT site_id, value FROM site_attrs WHERE key = 'guards.cover'"))
assert set(stored) == set(need), set(stored) ^ set(need)
for s in need:
    assert abs(float(stored[s]) - got[s] / need[s]) < 1e-4, (s, stored[s], got[s] / need[s])
print("fine: %d sites" % len(need))
PY
ok $? "guards.cover is each site's filled share of guard-hours ($(tail -n 1 "$T/cover.out"))"

# The calendar, read by a real parser
sh_run guards roster --from $FROM --to $TO --seed 2 --format ics --out "$T/roster.ics"
is "$RC" 0 "the roster as a calendar"
is "$(stat -c %a "$T/roster.ics")" 600 "written private (0600)"
"$PY_ICS" - "$T/roster.ics" "$assigned" >"$T/ics.out" 2>&1 <<'PY'
import sys, icalendar
raw = open(sys.argv[1], "rb").read()
assert b"\r\n" in raw and all(len(l) <= 75 for l in raw.split(b"\r\n")), "CRLF, 75-octet lines"
cal = icalendar.Calendar.from_ical(raw)
events = [c for c in cal.walk() if c.name == "VEVENT"]
assert len(events) == int(sys.argv[2]), (len(events), sys.argv[2])
uids = {str(e["UID"]) for e in events}
assert len(uids) == len(events), "unique UIDs"
for e in events:
    assert e.decoded("DTSTART") < e.decoded("DTEND")
    assert e.decoded("DTSTART").tzinfo is not None
print("fine: %d events" % len(events))
PY
ok $? "python3-icalendar reads it: a VEVENT per assignment ($(tail -n 1 "$T/ics.out"))"
one=$(grep ',assigned,' "$T/roster.csv" | head -n 1 | cut -d, -f9)
sh_run guards roster --from $FROM --to $TO --seed 2 --format ics --guard "$one"
is "$(printf '%s\n' "$OUT" | grep -c '^BEGIN:VEVENT')" \
	"$(grep -c ",$one,assigned," "$T/roster.csv")" "--guard $one: that guard's calendar alone"

csv_run guards roster --from $FROM --to $TO --seed 2 --format csv --with-names
like "$(printf '%s\n' "$OUT" | head -n 1)" ",name$" "--with-names adds the names, asked for by name"

sh_run guards roster --from $FROM --to $TO
like "$OUT" "slots filled from $FROM to $TO" "the table ends with what was filled"
like "$OUT" "penalty [0-9.]+: unfilled [0-9.]+, travel [0-9.]+, fairness" "and the penalty by part"

sh_run report
like "$OUT" "Guards" "shomer report has a guards section"
like "$OUT" "whose last roster filled least of the guard-hours" "listing the least-covered sites"

# ---- bad input ----
sh_run guards roster --from $TO --to $FROM
is "$RC" 2 "a period that ends before it starts"
for bad in "--time-limit 0" "--time-limit -3" "--format xml" "--seed x"; do
	# shellcheck disable=SC2086
	sh_run guards roster --from $FROM --to $TO $bad
	is "$RC" 2 "'$bad' is a usage error"
done
sh_run guards roster --from $FROM --to $TO --guard GRD-NOPE-0001
is "$RC" 3 "an unknown guard is refused"

done_testing
