#!/usr/bin/env bash
# bench/risk.sh - `make bench-risk`: how fast does `shomer risk score` score
# a national data set, and does its index give the brute-force answer?
#
#   bash bench/risk.sh BUILD_DIR        (from the repository root)
#
# Generates 50,000 sites and 1,000,000 incidents around the same town
# centres with BUILD_DIR/bin/shomer-gen, imports them (timed, for the
# record), then:
#   (a) times `shomer risk score --as-of ...` on the fresh database: wall
#       seconds and peak RSS (GNU time), with the phases the plugin logs;
#   (b) in the same run, `shomer risk score --brute-force --sample 0.02`:
#       a random 2% of the sites scored again against every incident with
#       no index, the same formula, reporting the time per site of both,
#       their ratio and the largest relative difference between the two.
# Targets: (a) under 5 s and at most 500 MB; (b) at most 1e-9.
# SHOMER_BENCH_SITES and SHOMER_BENCH_INCIDENTS override the sizes for a
# quick trial run.  Measures, never asserts: the exit status is 0 unless
# something failed to run.
set -euo pipefail

sites=${SHOMER_BENCH_SITES:-50000}
incidents=${SHOMER_BENCH_INCIDENTS:-1000000}
seed=1
sample=0.02
# the generator's incident log runs 1 November 2024 to 31 October 2026
as_of=2026-11-01T00:00:00Z
export SHOMER_NOW=2026-11-01T12:00:00Z
target_secs=5
target_rss_mb=500
target_diff=1e-9

die() {
	echo "bench-risk: $*" >&2
	exit 1
}

[ $# -eq 1 ] || { echo "usage: bash bench/risk.sh BUILD_DIR" >&2; exit 2; }
build=$1
gen=$build/bin/shomer-gen
shomer=$build/bin/shomer

[ -x "$gen" ] || die "cannot find '$gen': build it first (make)"
[ -x "$shomer" ] || die "cannot find '$shomer': build it first (make)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found: the package 'time' is needed"
"$shomer" plugins --format csv | grep -q '^risk,.*,loaded,' ||
	die "the risk plugin is not loaded: see '$shomer plugins'"
{ "$gen" 2>&1 || true; } | grep -q "incidents" || die "'$gen' cannot generate incidents"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shomer-bench-risk.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
db=$tmp/bench.db

# Runs "$@" under GNU time; sets `secs` and `kib`; stderr kept in err.out.
timed() {
	local label=$1
	shift
	if ! /usr/bin/time -f '%e %M' -o "$tmp/time.out" "$@" >"$tmp/cmd.out" 2>"$tmp/err.out"; then
		sed 's/^/  /' "$tmp/err.out" >&2
		die "$label failed"
	fi
	read -r secs kib < <(tail -n 1 "$tmp/time.out")
}

echo "bench-risk: $sites sites x $incidents incidents, seed $seed, as of $as_of"
"$gen" sites --count "$sites" --seed "$seed" --out "$tmp/sites.xml"
"$gen" incidents --count "$incidents" --seed "$seed" --sites "$sites" --site-seed "$seed" \
	--out "$tmp/incidents.xml"
"$shomer" --db "$db" init >/dev/null
timed "import" "$shomer" --db "$db" import --quiet "$tmp/sites.xml" "$tmp/incidents.xml"
printf '  import (setup)       %s s, peak RSS %.0f MB\n' "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
rm -f "$tmp/sites.xml" "$tmp/incidents.xml"

# (a) scoring every site, as a planner runs it
SHOMER_DEBUG=1 timed "risk score" "$shomer" --db "$db" risk score --as-of "$as_of" --top 5
score_secs=$secs
score_kib=$kib
scored=$(($(wc -l <"$tmp/cmd.out") - 2))
echo "  risk score           $score_secs s, peak RSS $(awk -v k="$score_kib" 'BEGIN { printf "%.1f", k / 1024 }') MB"
echo "  phases (the plugin's debug log):"
sed -n 's/^shomer: risk: /    /p' "$tmp/err.out"
printf '  top %d of the table:\n' "$scored"
sed 's/^/    /' "$tmp/cmd.out"

# (b) the index against brute force on a random sample, same run
timed "risk score --brute-force" "$shomer" --db "$db" risk score --brute-force \
	--sample "$sample" --seed "$seed" --as-of "$as_of"
echo "  brute-force check ($sample of the sites, seed $seed; ${secs} s in all):"
sed 's/^/    /' "$tmp/cmd.out"
diff=$(awk '$1 == "max-relative-difference" { print $2 }' "$tmp/cmd.out")
ratio=$(awk '$1 == "ratio" { print $2 }' "$tmp/cmd.out")

awk -v t="$score_secs" -v k="$score_kib" -v d="$diff" -v r="$ratio" -v tt="$target_secs" \
	-v tm="$target_rss_mb" -v td="$target_diff" '
function verdict(ok) { return ok ? "met" : "NOT met" }
BEGIN {
	mb = k / 1024
	printf "target: all sites in under %s s, peak RSS <= %s MB, index within %s of brute force\n", tt, tm, td
	printf "  %s s: %s\n", t, verdict(t < tt)
	printf "  peak RSS %.1f MB: %s\n", mb, verdict(mb <= tm)
	printf "  largest relative difference %s: %s\n", d, verdict(d + 0 <= td + 0)
	printf "  brute force / index, time per site: %s\n", r
}'
