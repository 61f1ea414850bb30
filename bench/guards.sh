#!/usr/bin/env bash
# bench/guards.sh - `make bench-guards`: how good is the guards plugin's
# solver on a published benchmark, and how fast is its roster at the size
# of a national organisation?
#
#   bash bench/guards.sh BUILD_DIR        (from the repository root)
#
# Two parts; SHOMER_BENCH_PART chooses nrp, roster or all (the default).
#
# nrp: runs `shomer guards solve` on Instances 1-12 of the Curtois & Qu
# employee scheduling benchmark (../shared/data/curtois, or
# $SHOMER_SHARED_DATA/curtois) for 60 s each (SHOMER_BENCH_SECONDS
# overrides it, and SHOMER_BENCH_INSTANCES the list, e.g. "1 2 3"), scores
# every solution again with the independent checker
# (tests/cli/nrp_check.py), and prints the objective, the solver's own
# lower bound (its BOUND line) and the best known (all proven optimal for
# 1-12).
# Targets: optimal on Instances 1-7, at most 1.05 x the best known on 8-12.
#
# roster: generates 500 sites and 2,000 guards and volunteers living near
# them (BUILD_DIR/bin/shomer-gen sites and guards, seed 1; with the posture
# table and a few events), imports both into a fresh database (timed, the
# setup), then times `shomer guards roster` over the four weeks from
# 2026-11-02 to 2026-11-29 with a 60 s time limit, seed 1, written as CSV
# to a file: wall seconds and peak RSS (GNU time), and the CSV's rows with
# status assigned and with status unfilled.
# Targets: done in under 65 s in all (the 60 s time limit, and a few
# seconds to load the records and write the roster), peak RSS at most
# 500 MB.  Skipped, saying why, while `shomer help` does not list
# `guards roster`.
#
# Measures, never asserts: the exit status is 0 unless something failed to
# run.
set -euo pipefail

part=${SHOMER_BENCH_PART:-all}
secs=${SHOMER_BENCH_SECONDS:-60}
instances=${SHOMER_BENCH_INSTANCES:-"1 2 3 4 5 6 7 8 9 10 11 12"}
seed=1
data=${SHOMER_SHARED_DATA:-../shared/data}/curtois
# the roster part: its data, its period and its targets
roster_sites=500
roster_guards=2000
roster_from=2026-11-02
roster_to=2026-11-29
roster_limit=60
target_secs=65
target_rss_mb=500

die() {
	echo "bench-guards: $*" >&2
	exit 1
}

[ $# -eq 1 ] || {
	echo "usage: bash bench/guards.sh BUILD_DIR" >&2
	exit 2
}
case $part in
nrp | roster | all) ;;
*)
	echo "bench-guards: SHOMER_BENCH_PART is '$part': want nrp, roster or all" >&2
	exit 2
	;;
esac
build=$1
shomer=$build/bin/shomer
gen=$build/bin/shomer-gen
[ -x "$shomer" ] || die "cannot find '$shomer': build it first (make)"
if [ "$part" != roster ]; then
	[ -f "$data/best_known.csv" ] || die "cannot find the benchmark in '$data'"
fi
# (captured first: `grep -q` may leave a pipe early, which pipefail would see)
plugins=$("$shomer" plugins --format csv)
grep -q '^guards,.*,loaded,' <<<"$plugins" || die "the guards plugin is not loaded"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shomer-bench-guards.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Runs "$@" with its output to the file `out` under GNU time; sets `wall`
# (seconds) and `kib` (peak RSS); stderr kept in err.out, shown when the
# command fails.
timed() {
	local label=$1 out=$2
	shift 2
	if ! /usr/bin/time -f '%e %M' -o "$tmp/time.out" "$@" >"$out" 2>"$tmp/err.out"; then
		sed 's/^/  /' "$tmp/err.out" >&2
		die "$label failed"
	fi
	read -r wall kib < <(tail -n 1 "$tmp/time.out")
}

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

nrp_part() {
	"$shomer" --db "$tmp/bench.db" init >/dev/null

	echo "bench-guards: Curtois & Qu instances, ${secs} s each, seed $seed"
	printf '  %-11s %9s %9s %9s %7s %9s  %s\n' instance objective bound best ratio "found at" verdict
	local met=0 total=0 i inst best obj bound at check target verdict ratio
	for i in $instances; do
		inst=Instance$i
		best=$(awk -F, -v n="$inst" '$1 == n { print $6 }' "$data/best_known.csv")
		"$shomer" --db "$tmp/bench.db" guards solve --nrp "$data/$inst.txt" \
			--time-limit "$secs" --seed "$seed" >"$tmp/$inst.sol" 2>"$tmp/$inst.err" ||
			die "$inst: solve failed: $(cat "$tmp/$inst.err")"
		obj=$(awk '$1 == "OBJECTIVE" { print $2 }' "$tmp/$inst.sol")
		bound=$(awk '$1 == "BOUND" { print $2 }' "$tmp/$inst.sol")
		at=$(sed -n 's/.*best found at \([0-9.]*\) s.*/\1/p' "$tmp/$inst.sol")
		if ! check=$(python3 tests/cli/nrp_check.py "$data/$inst.txt" "$tmp/$inst.sol"); then
			verdict="INFEASIBLE ($(grep -c broken <<<"$check") rules broken)"
		elif [ "$check" != "objective $obj" ]; then
			verdict="CHECKER DISAGREES ($check)"
		else
			target=$(awk -v i="$i" 'BEGIN { print (i <= 7 ? 1.0 : 1.05) }')
			verdict=$(awk -v o="$obj" -v b="$best" -v t="$target" \
				'BEGIN { print (o <= b * t ? "met" : "NOT met") " (target " (t == 1 ? "optimal" : "<= 1.05") ")" }')
			[[ $verdict == met* ]] && met=$((met + 1))
		fi
		total=$((total + 1))
		ratio=$(awk -v o="$obj" -v b="$best" 'BEGIN { printf "%.3f", o / b }')
		printf '  %-11s %9s %9s %9s %7s %8ss  %s\n' "$inst" "$obj" "${bound:--}" "$best" "$ratio" \
			"$at" "$verdict"
	done
	echo "target met on $met of $total instances (every objective checked by tests/cli/nrp_check.py)"
}

roster_part() {
	local db=$tmp/roster.db csv=$tmp/roster.csv help usage counts
	local assigned unfilled other filled roster_wall roster_kib

	echo "bench-guards: roster of $roster_guards guards at $roster_sites sites," \
		"$roster_from to $roster_to, time limit $roster_limit s, seed $seed"
	# The roster is being written: until it is built, say so and go on.
	help=$("$shomer" help)
	if ! grep -Eq '^[[:space:]]+guards roster( |$)' <<<"$help"; then
		echo "  skipped: '$shomer help' does not list 'guards roster' (not built yet)"
		return 0
	fi
	[ -x "$gen" ] || die "cannot find '$gen': build it first (make)"
	[ -x /usr/bin/time ] || die "/usr/bin/time not found: the package 'time' is needed"
	command -v python3 >/dev/null || die "python3 not found: it reads the roster's CSV"
	usage=$("$gen" --help)
	grep -q '^  guards ' <<<"$usage" || die "'$gen' cannot generate guards records"

	"$gen" sites --count "$roster_sites" --seed "$seed" --out "$tmp/sites.xml"
	"$gen" guards --count "$roster_guards" --seed "$seed" --sites "$roster_sites" \
		--site-seed "$seed" --out "$tmp/guards.xml"
	"$shomer" --db "$db" init >/dev/null
	timed "import" /dev/null "$shomer" --db "$db" import --quiet "$tmp/sites.xml" "$tmp/guards.xml"
	echo "  import (setup)  $wall s, peak RSS $(mb "$kib") MB"

	timed "guards roster" "$tmp/roster.out" "$shomer" --db "$db" guards roster \
		--from "$roster_from" --to "$roster_to" --time-limit "$roster_limit" --seed "$seed" \
		--format csv --out "$csv"
	roster_wall=$wall
	roster_kib=$kib
	echo "  roster          $roster_wall s, peak RSS $(mb "$roster_kib") MB"
	# what the roster says of itself (its summary goes to stdout with --out)
	sed '/^$/d; s/^/    /' "$tmp/roster.out"

	# A label or a reason may hold a comma, so the CSV is read as CSV.
	counts=$(python3 - "$csv" <<'EOF'
import csv
import sys

with open(sys.argv[1], newline="") as f:
    rows = csv.reader(f)
    head = next(rows, [])
    if "status" not in head:
        sys.exit("the roster's CSV has no column 'status'")
    col = head.index("status")
    n = {"assigned": 0, "unfilled": 0, "other": 0}
    for row in rows:
        status = row[col] if col < len(row) else ""
        n[status if status in n else "other"] += 1
print(n["assigned"], n["unfilled"], n["other"])
EOF
	) || die "cannot read the roster's CSV"
	read -r assigned unfilled other <<<"$counts"
	filled=$(awk -v a="$assigned" -v u="$unfilled" \
		'BEGIN { printf "%.1f%%", a + u ? 100 * a / (a + u) : 0 }')
	echo "  CSV rows        $assigned assigned, $unfilled unfilled ($filled of the slots filled)"
	[ "$other" -eq 0 ] || echo "                  and $other rows with another status"

	awk -v s="$roster_wall" -v k="$roster_kib" -v ts="$target_secs" -v tl="$roster_limit" \
		-v tm="$target_rss_mb" '
function verdict(ok) { return ok ? "met" : "NOT met" }
BEGIN {
	printf "target: done in under %s s (time limit %s s), peak RSS <= %s MB\n", ts, tl, tm
	printf "  time %.2f s: %s\n", s, verdict(s < ts)
	printf "  peak RSS %.1f MB: %s\n", k / 1024, verdict(k / 1024 <= tm)
}'
}

if [ "$part" != roster ]; then
	nrp_part
fi
if [ "$part" != nrp ]; then
	[ "$part" = roster ] || echo
	roster_part
fi
