#!/usr/bin/env python3
"""Checks a roster printed by `shomer guards roster --format csv` against
every hard rule, from the database alone, written independently of the C
code.  Usage: roster_check.py DB ROSTER.csv SPEED_KMH

Rules: the guard's weekly window holds the whole shift (local time), no
absence covers its date, the guard may serve the site, a lead slot has a
team leader, each guard's shifts leave the guard's rest and the drive
between sites, and no week (Monday-Sunday) exceeds the guard's hours.
Prints "ok N assignments" or each broken rule; exits 1 if any is broken.
"""
import csv, datetime, math, sqlite3, sys

db = sqlite3.connect(sys.argv[1])
speed = float(sys.argv[3])
guards = {r[0]: dict(quals=r[1].split(), max_hours=r[2], min_rest=r[3])
          for r in db.execute("SELECT id, quals, max_hours, min_rest FROM guards_guards")}
windows = {}
for g, d, a, b in db.execute("SELECT guard_id, day, start_min, end_min FROM guards_windows"):
    windows.setdefault(g, []).append((d * 1440 + a, d * 1440 + (b if b > a else b + 1440)))
absent = {}
for g, f, t in db.execute("SELECT guard_id, from_date, to_date FROM guards_absences"):
    absent.setdefault(g, []).append((f, t))
never = {(g, s) for g, s in db.execute("SELECT guard_id, site_id FROM guards_site_prefs WHERE never")}
xy = {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, x, y FROM sites")}

def utc(t):
    return datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ")

broken, per_guard = [], {}
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
for r in rows:
    if r["status"] != "assigned":
        continue
    g = r["guard"]
    date = datetime.date.fromisoformat(r["date"])
    h, m = map(int, r["start"].split(":"))
    start = date.weekday() * 1440 + h * 60 + m
    length = (utc(r["end_utc"]) - utc(r["start_utc"])).total_seconds() / 60
    week = 7 * 1440
    if not any(a + k * week <= start and start + length <= b + k * week
               for a, b in windows.get(g, []) for k in (-1, 0, 1)):
        broken.append("%s works %s %s outside their windows" % (g, r["date"], r["start"]))
    if any(f <= r["date"] <= t for f, t in absent.get(g, [])):
        broken.append("%s works %s while absent" % (g, r["date"]))
    if (g, r["site"]) in never:
        broken.append("%s serves %s, which they must not" % (g, r["site"]))
    if r["slot"].endswith("lead") and "team-leader" not in guards[g]["quals"]:
        broken.append("%s leads at %s %s without the qualification" % (g, r["site"], r["date"]))
    per_guard.setdefault(g, []).append((utc(r["start_utc"]), utc(r["end_utc"]), r["site"], date))

assigned = 0
for g, shifts in per_guard.items():
    shifts.sort()
    assigned += len(shifts)
    for (s1, e1, site1, _), (s2, e2, site2, _) in zip(shifts, shifts[1:]):
        drive = math.dist(xy[site1], xy[site2]) / 1000 / speed * 3600
        need = max(drive, guards[g]["min_rest"] * 3600)
        if (s2 - e1).total_seconds() + 1e-6 < need:
            broken.append("%s: %s at %s leaves %.0f min before %s at %s, %.0f needed" % (
                g, e1, site1, (s2 - e1).total_seconds() / 60, s2, site2, need / 60))
    weeks = {}
    for s, e, site, d in shifts:
        monday = d - datetime.timedelta(days=d.weekday())
        weeks[monday] = weeks.get(monday, 0) + (e - s).total_seconds() / 3600
    for monday, hours in weeks.items():
        if hours > guards[g]["max_hours"] + 1e-9:
            broken.append("%s works %.2f h in the week of %s, more than %g" % (
                g, hours, monday, guards[g]["max_hours"]))

for b in broken:
    print("broken: " + b)
if not broken:
    print("ok %d assignments" % assigned)
sys.exit(1 if broken else 0)
