#!/usr/bin/env bash
# bench/guards.sh - `make bench-guards`: how good is the guards plugin's
# solver on a published benchmark?
#
#   bash bench/guards.sh BUILD_DIR        (from the repository root)
#
# Runs `shomer guards solve` on Instances 1-12 of the Curtois & Qu employee
# scheduling benchmark (../shared/data/curtois, or $SHOMER_SHARED_DATA/
# curtois) for 60 s each (SHOMER_BENCH_SECONDS overrides it, and
# SHOMER_BENCH_INSTANCES the list, e.g. "1 2 3"), scores every solution
# again with the independent checker (tests/cli/nrp_check.py), and prints
# the objective against the best known (all proven optimal for 1-12).
# Targets: optimal on Instances 1-7, at most 1.05 x the best known on 8-12.
# Measures, never asserts: the exit status is 0 unless something failed to
# run.
set -euo pipefail

secs=${SHOMER_BENCH_SECONDS:-60}
instances=${SHOMER_BENCH_INSTANCES:-"1 2 3 4 5 6 7 8 9 10 11 12"}
seed=1
data=${SHOMER_SHARED_DATA:-../shared/data}/curtois

die() {
	echo "bench-guards: $*" >&2
	exit 1
}

[ $# -eq 1 ] || {
	echo "usage: bash bench/guards.sh BUILD_DIR" >&2
	exit 2
}
shomer=$1/bin/shomer
[ -x "$shomer" ] || die "cannot find '$shomer': build it first (make)"
[ -f "$data/best_known.csv" ] || die "cannot find the benchmark in '$data'"
plugins=$("$shomer" plugins --format csv)
grep -q '^guards,.*,loaded,' <<<"$plugins" || die "the guards plugin is not loaded"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shomer-bench-guards.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
"$shomer" --db "$tmp/bench.db" init >/dev/null

echo "bench-guards: Curtois & Qu instances, ${secs} s each, seed $seed"
printf '  %-11s %9s %9s %7s %9s  %s\n' instance objective best ratio "found at" verdict
met=0 total=0
for i in $instances; do
	inst=Instance$i
	best=$(awk -F, -v n="$inst" '$1 == n { print $6 }' "$data/best_known.csv")
	"$shomer" --db "$tmp/bench.db" guards solve --nrp "$data/$inst.txt" \
		--time-limit "$secs" --seed "$seed" >"$tmp/$inst.sol" 2>"$tmp/$inst.err" ||
		die "$inst: solve failed: $(cat "$tmp/$inst.err")"
	obj=$(awk '$1 == "OBJECTIVE" { print $2 }' "$tmp/$inst.sol")
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
	printf '  %-11s %9s %9s %7s %8ss  %s\n' "$inst" "$obj" "$best" "$ratio" "$at" "$verdict"
done
echo "target met on $met of $total instances (every objective checked by tests/cli/nrp_check.py)"
