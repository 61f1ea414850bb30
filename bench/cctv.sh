#!/usr/bin/env bash
# bench/cctv.sh - `make bench-cctv`: how fast does `shomer cctv coverage`
# compute the coverage of a national CCTV network, and does its geometry
# agree with a plain raster of the same sites?
#
#   bash bench/cctv.sh BUILD_DIR        (from the repository root)
#
# Generates 10,000 sites with their cameras, buildings, walls and areas of
# interest (BUILD_DIR/bin/shomer-gen sites --cctv), imports them (timed, the
# setup), then:
#   (a) times `shomer cctv coverage` over every site, the full coverage a
#       planner asks for (every figure of the table, and the attributes
#       stored): wall seconds and peak RSS (GNU time), with the phases the
#       plugin logs;
#   (b) in the same run, `shomer cctv coverage --check-raster --sample 0.02`:
#       a random 2% of the sites computed again by sampling each on a fine
#       lattice without GEOS, reporting the time per site of both, their
#       ratio, and the largest difference between the two in covered share
#       of a site (and the site it was found at).
# Targets: (a) under 10 s and at most 300 MB; (b) within 0.01 of the site's
# area.  SHOMER_BENCH_SITES overrides the site count for a quick trial run.
# Measures, never asserts: the exit status is 0 unless something failed to
# run.
set -euo pipefail

sites=${SHOMER_BENCH_SITES:-10000}
seed=1
sample=0.02
target_secs=10
target_rss_mb=300
target_diff=0.01

die() {
	echo "bench-cctv: $*" >&2
	exit 1
}

[ $# -eq 1 ] || {
	echo "usage: bash bench/cctv.sh BUILD_DIR" >&2
	exit 2
}
build=$1
gen=$build/bin/shomer-gen
shomer=$build/bin/shomer

[ -x "$gen" ] || die "cannot find '$gen': build it first (make)"
[ -x "$shomer" ] || die "cannot find '$shomer': build it first (make)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found: the package 'time' is needed"
# (captured first: `grep -q` may leave a pipe early, which pipefail would see)
plugins=$("$shomer" plugins --format csv)
grep -q '^cctv,.*,loaded,' <<<"$plugins" ||
	die "the cctv plugin is not loaded: see '$shomer plugins'"
usage=$("$gen" --help)
grep -q -- '--cctv' <<<"$usage" || die "'$gen' cannot generate CCTV records (--cctv)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shomer-bench-cctv.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
db=$tmp/bench.db

# Runs "$@" under GNU time with its output to the file `out`; sets `secs`
# and `kib`; stderr kept in err.out, shown when the command fails.
timed() {
	local label=$1 out=$2
	shift 2
	if ! /usr/bin/time -f '%e %M' -o "$tmp/time.out" "$@" >"$out" 2>"$tmp/err.out"; then
		sed 's/^/  /' "$tmp/err.out" >&2
		die "$label failed"
	fi
	read -r secs kib < <(tail -n 1 "$tmp/time.out")
}

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "bench-cctv: $sites sites with 8 cameras, 5 occluders and 2 areas of interest each, seed $seed"
"$gen" sites --count "$sites" --seed "$seed" --cctv --out "$tmp/sites.xml"
"$shomer" --db "$db" init >/dev/null
timed "import" /dev/null "$shomer" --db "$db" import --quiet "$tmp/sites.xml"
echo "  import (setup)       $secs s, peak RSS $(mb "$kib") MB"
rm -f "$tmp/sites.xml"

# (a) the full coverage of every site, as a planner runs it
SHOMER_DEBUG=1 timed "cctv coverage" "$tmp/coverage.txt" \
	"$shomer" --db "$db" cctv coverage
cov_secs=$secs
cov_kib=$kib
echo "  cctv coverage        $cov_secs s, peak RSS $(mb "$cov_kib") MB," \
	"$(($(wc -l <"$tmp/coverage.txt") - 2)) rows"
if grep -q '^shomer: cctv: ' "$tmp/err.out"; then
	echo "  phases (the plugin's debug log):"
	sed -n 's/^shomer: cctv: /    /p' "$tmp/err.out"
fi
rm -f "$tmp/coverage.txt"

# (b) the geometry against the raster on a random sample, same run
timed "cctv coverage --check-raster" "$tmp/check.out" \
	"$shomer" --db "$db" cctv coverage --check-raster --sample "$sample" --seed "$seed"
echo "  raster check ($sample of the sites, seed $seed; ${secs} s in all):"
sed 's/^/    /' "$tmp/check.out"
field() { awk -v k="$1" '$1 == k { print $2; exit }' "$tmp/check.out"; }
diff=$(field max-share-difference)
ratio=$(field ratio)
worst=$(field worst-site)

awk -v t="$cov_secs" -v k="$cov_kib" -v d="$diff" -v r="$ratio" -v w="$worst" \
	-v tt="$target_secs" -v tm="$target_rss_mb" -v td="$target_diff" '
function verdict(ok) { return ok ? "met" : "NOT met" }
BEGIN {
	mb = k / 1024
	printf "target: all sites in under %s s, peak RSS <= %s MB, geometry within %s of the site area of the raster\n", tt, tm, td
	printf "  %s s: %s\n", t, verdict(t < tt)
	printf "  peak RSS %.1f MB: %s\n", mb, verdict(mb <= tm)
	if (d == "")
		printf "  largest share difference: not reported by --check-raster\n"
	else
		printf "  largest share difference %s (site %s): %s\n", d, w == "" ? "?" : w, verdict(d + 0 <= td + 0)
	printf "  raster / geometry, time per site: %s\n", r == "" ? "not reported" : r
}'
