#!/usr/bin/env python3
"""Scores a solution of an employee scheduling benchmark instance again,
from the instance file and the solution alone, written independently of
the C solver: the checker a reader of `shomer guards solve` can trust.

    python3 nrp_check.py INSTANCE.txt SOLUTION.txt

SOLUTION is what `shomer guards solve` prints: its SOLUTION section has one
line a person, "ID,shift,shift,,..." with an empty field for a day off.
Prints "objective N" and one line per broken hard rule, and exits 1 when
any hard rule is broken, 2 when the files cannot be read.

The rules, as the benchmark defines them (day 0 is a Monday; runs of work
or of days off that touch either end of the horizon may continue beyond
it, so they are not held to the minimum length):
  hard: one shift a day at most; days off; forbidden successions; the most
        shifts of each type; the least and most minutes; the longest and
        shortest runs of working days; the shortest run of days off; the
        most weekends worked (Saturday or Sunday);
  soft: each shift-on request missed costs its weight, each shift-off
        request granted costs its weight; each day and shift's cover costs
        its under weight per person short and its over weight per person
        too many.
"""
import sys


def sections(path):
    """{section name: [list of field lists]} with comments and blanks dropped."""
    out, name = {}, None
    with open(path, encoding="ascii") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("SECTION_"):
                name = line
                out[name] = []
                continue
            out[name].append(line.split(","))
    return out


def runs(flags):
    """(value, start, length) for each maximal run of equal values."""
    result, start = [], 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            result.append((flags[start], start, i - start))
            start = i
    return result


def main(instance, solution):
    s = sections(instance)
    horizon = int(s["SECTION_HORIZON"][0][0])
    length, cannot_follow = {}, {}
    for row in s["SECTION_SHIFTS"]:
        length[row[0]] = int(row[1])
        cannot_follow[row[0]] = set(x for x in row[2].split("|") if x) if len(row) > 2 else set()
    staff = {}
    for row in s["SECTION_STAFF"]:
        caps = {}
        for item in row[1].split("|"):
            if item:
                sid, n = item.split("=")
                caps[sid] = int(n)
        staff[row[0]] = dict(caps=caps, max_min=int(row[2]), min_min=int(row[3]),
                             max_run=int(row[4]), min_run=int(row[5]),
                             min_off=int(row[6]), max_weekends=int(row[7]))
    days_off = {e: set() for e in staff}
    for row in s.get("SECTION_DAYS_OFF", []):
        days_off[row[0]].update(int(d) for d in row[1:] if d != "")

    # the solution
    lines, seen = [], False
    with open(solution, encoding="ascii") as f:
        for raw in f:
            line = raw.rstrip("\r\n")
            if line == "SOLUTION":
                seen = True
                continue
            if seen and line:
                lines.append(line.split(","))
    roster = {}
    for fields in lines:
        if fields[0] in roster or fields[0] not in staff:
            print("broken: unknown or repeated person %r" % fields[0])
            return 1
        if len(fields) != horizon + 1:
            print("broken: %s has %d days, not %d" % (fields[0], len(fields) - 1, horizon))
            return 1
        for v in fields[1:]:
            if v and v not in length:
                print("broken: %s works unknown shift %r" % (fields[0], v))
                return 1
        roster[fields[0]] = fields[1:]
    if set(roster) != set(staff):
        print("broken: the solution leaves out %s" % sorted(set(staff) - set(roster)))
        return 1

    broken = []
    for e, rule in staff.items():
        days = roster[e]
        for d in sorted(days_off[e]):
            if days[d]:
                broken.append("%s works on day %d, a day off" % (e, d))
        for d in range(horizon - 1):
            if days[d] and days[d + 1] in cannot_follow[days[d]]:
                broken.append("%s: %s on day %d cannot follow %s" % (e, days[d + 1], d + 1, days[d]))
        for sid in length:
            n = sum(1 for v in days if v == sid)
            if n > rule["caps"].get(sid, 0):
                broken.append("%s works %d %s shifts, more than %d" % (e, n, sid, rule["caps"].get(sid, 0)))
        minutes = sum(length[v] for v in days if v)
        if not rule["min_min"] <= minutes <= rule["max_min"]:
            broken.append("%s works %d minutes, outside %d-%d" % (e, minutes, rule["min_min"], rule["max_min"]))
        for working, start, n in runs([bool(v) for v in days]):
            at_edge = start == 0 or start + n == horizon
            if working and n > rule["max_run"]:
                broken.append("%s works %d days in a row from day %d" % (e, n, start))
            if working and n < rule["min_run"] and not at_edge:
                broken.append("%s works only %d days in a row from day %d" % (e, n, start))
            if not working and n < rule["min_off"] and not at_edge:
                broken.append("%s has only %d days off in a row from day %d" % (e, n, start))
        weekends = sum(1 for w in range(horizon // 7) if days[7 * w + 5] or days[7 * w + 6])
        if weekends > rule["max_weekends"]:
            broken.append("%s works %d weekends, more than %d" % (e, weekends, rule["max_weekends"]))

    objective = 0
    for e, d, sid, w in s.get("SECTION_SHIFT_ON_REQUESTS", []):
        if roster[e][int(d)] != sid:
            objective += int(w)
    for e, d, sid, w in s.get("SECTION_SHIFT_OFF_REQUESTS", []):
        if roster[e][int(d)] == sid:
            objective += int(w)
    for d, sid, need, under, over in s["SECTION_COVER"]:
        n = sum(1 for e in roster if roster[e][int(d)] == sid)
        need = int(need)
        objective += max(0, need - n) * int(under) + max(0, n - need) * int(over)

    print("objective %d" % objective)
    for b in broken:
        print("broken: " + b)
    return 1 if broken else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: nrp_check.py INSTANCE SOLUTION", file=sys.stderr)
        sys.exit(2)
    try:
        sys.exit(main(sys.argv[1], sys.argv[2]))
    except (OSError, KeyError, ValueError, IndexError) as e:
        print("cannot check: %s" % e, file=sys.stderr)
        sys.exit(2)
