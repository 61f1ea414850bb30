#!/usr/bin/env bash
# t_guards.sh - the guards plugin's solver on the Curtois & Qu employee
# scheduling benchmark (../shared/data/curtois): every solution it prints
# is scored again by an independent checker (nrp_check.py) and must match
# the objective it claims, keep every hard rule, and never beat the
# instance's proven lower bound, nor the solver's own bound be above the
# optimum; the same seed gives the same roster; and
# malformed instances and options are refused with their line or reason.
. "$(dirname "$0")/lib.sh"

if ! "$SHOMER" plugins --format csv | grep -q '^guards,.*,loaded,'; then
	echo "# the guards plugin is not built"
	ok 1 "the guards plugin is loaded"
	done_testing
	exit 1
fi
NRP="$SHOMER_SHARED_DATA/curtois"
CHECK="$ROOT/tests/cli/nrp_check.py"
"$SHOMER" --db "$DB" init >/dev/null

lower_bound() {
	awk -F, -v i="$1" '$1 == i { print $5 }' "$NRP/best_known.csv"
}

# Instance1 (8 staff, 2 weeks) and Instance4 (10 staff, 4 weeks, two
# shift types), a few rounds each: the test checks honesty, not speed.
for inst in Instance1 Instance4; do
	sh_run guards solve --nrp "$NRP/$inst.txt" --seed 3 --rounds 2
	is "$RC" 0 "$inst: solve runs"
	printf '%s\n' "$OUT" >"$T/$inst.sol"
	claimed=$(awk '$1 == "OBJECTIVE" { print $2 }' "$T/$inst.sol")
	like "$OUT" "FEASIBLE yes" "$inst: a schedule keeping every hard rule"
	checked=$(python3 "$CHECK" "$NRP/$inst.txt" "$T/$inst.sol")
	ok $? "$inst: the checker finds no hard rule broken"
	is "$checked" "objective $claimed" "$inst: the checker's objective is the one claimed ($claimed)"
	lb=$(lower_bound "$inst")
	[ -n "$claimed" ] && [ -n "$lb" ] && [ "$claimed" -ge "$lb" ]
	ok $? "$inst: $claimed is not below the proven lower bound $lb"
	# the solver's own bound is a true one: never above the optimum
	bound=$(awk '$1 == "BOUND" { print $2 }' "$T/$inst.sol")
	[ -n "$bound" ] && [ "$bound" -le "$lb" ] && [ "$bound" -le "$claimed" ]
	ok $? "$inst: its bound ${bound:-(none)} is at most the optimum $lb and the objective"
done

# The checker is not a rubber stamp: break the solution and it says so.
awk -F, 'BEGIN { OFS = "," } $1 == "A" && NF == 15 { $2 = ($2 == "" ? "D" : "") } { print }' \
	"$T/Instance1.sol" >"$T/broken.sol"
python3 "$CHECK" "$NRP/Instance1.txt" "$T/broken.sol" >"$T/broken.out"
rc=$?
changed=$(cmp -s "$T/Instance1.sol" "$T/broken.sol" && echo no || echo yes)
is "$changed" yes "a changed solution differs"
[ "$rc" = 1 ] || ! grep -q "objective $(awk '$1 == "OBJECTIVE" { print $2 }' "$T/Instance1.sol")$" "$T/broken.out"
ok $? "the checker sees the change (a broken rule or another objective)"

# The same seed and the same rounds give the same roster.
sh_run guards solve --nrp "$NRP/Instance1.txt" --seed 3 --rounds 2
is "$(printf '%s\n' "$OUT" | sed -n '/^SOLUTION$/,$p')" \
	"$(sed -n '/^SOLUTION$/,$p' "$T/Instance1.sol")" "same seed, same roster"

# The benchmark reads its instance file alone: no database is needed, and
# none is created.
OUT=$("$SHOMER" --db "$T/none.db" guards solve --nrp "$NRP/Instance1.txt" --seed 3 --rounds 2 \
	2>"$T/.stderr")
is "$?" 0 "guards solve runs without a database"
is "$(printf '%s\n' "$OUT" | sed -n '/^SOLUTION$/,$p')" \
	"$(sed -n '/^SOLUTION$/,$p' "$T/Instance1.sol")" "and gives the same roster"
is "$(test -e "$T/none.db" && echo made || echo none)" none "creating no database"

# ---- bad input ----
nrp() { printf '%b' "$1" >"$T/bad.txt"; }
refused() {
	sh_run guards solve --nrp "$T/bad.txt" --rounds 1
	is "$RC" 3 "$1: refused (exit 3)"
	is "$ERR" "shomer: guards solve: $T/bad.txt:$2" "$1: names the line"
}
nrp 'SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nD,eight hours,\n'
refused "a shift length that is not a number" "5: shift length 'eight hours' is not a whole number"
nrp 'SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nD,480,N\n\nSECTION_STAFF\n'
refused "a shift that cannot follow an unknown shift" "5: shift 'D' names unknown shift 'N'"
nrp 'SECTION_HORIZON\n15\n'
refused "a horizon of part of a week" "2: the horizon, 15 days, is not a whole number of weeks"
nrp 'SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_STAFF\nA,D=7,2400,0,5,1,1,1\n\nSECTION_DAYS_OFF\nB,2\n'
refused "a day off for unknown staff" "11: unknown staff id 'B'"
nrp 'SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\n'
refused "a file that stops short" "5: the file ends before SECTION_STAFF"
sh_run guards solve --nrp "$T/missing.txt"
is "$RC" 3 "a missing file is refused"
for bad in 0 -5 abc 1e9 ''; do
	sh_run guards solve --nrp "$NRP/Instance1.txt" --time-limit "$bad"
	is "$RC" 2 "--time-limit '$bad' is a usage error"
done
sh_run guards solve
is "$RC" 2 "--nrp is needed"

done_testing
