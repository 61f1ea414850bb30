#!/usr/bin/env bash
# bench/import.sh - `make bench-import`: how fast does `shomer import` take a
# national-scale site file, compared with libxml2's own streaming validation?
#
#   bash bench/import.sh BUILD_DIR        (from the repository root)
#
# Generates 50,000 synthetic sites with BUILD_DIR/bin/shomer-gen, then times
#   (a) xmllint --noout --stream --schema schemas/site.xsd FILE
#   (b) shomer --db DB init; shomer --db DB import FILE   (the import is timed)
# three times each, keeping the best wall time, and reports the import rate,
# peak memory and the import/xmllint ratio against the targets below.
# SHOMER_BENCH_SITES overrides the site count for a quick trial run.
set -euo pipefail

sites=${SHOMER_BENCH_SITES:-50000}
seed=1
runs=3
target_ratio=1.5
target_rss_mb=200

die() {
	echo "bench-import: $*" >&2
	exit 1
}

[ $# -eq 1 ] || { echo "usage: bash bench/import.sh BUILD_DIR" >&2; exit 2; }
build=$1
gen=$build/bin/shomer-gen
shomer=$build/bin/shomer
schema=schemas/site.xsd

[ -f "$schema" ] || die "cannot find '$schema': run from the repository root"
[ -x "$gen" ] || die "cannot find '$gen': build it first (make)"
command -v xmllint >/dev/null || die "xmllint not found: the package 'libxml2-utils' is needed"
# GNU time, not the shell keyword: it reports peak RSS (%M, in KiB).
[ -x /usr/bin/time ] || die "/usr/bin/time not found: the package 'time' is needed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shomer-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

file=$tmp/sites.xml
db=$tmp/bench.db

# Runs "$@" under GNU time; sets `secs` and `kib`.  On failure shows the
# command's messages and stops.
timed() {
	local label=$1
	shift
	if ! /usr/bin/time -f '%e %M' -o "$tmp/time.out" "$@" >"$tmp/cmd.out" 2>"$tmp/cmd.err"; then
		sed 's/^/  /' "$tmp/cmd.err" >&2
		die "$label failed"
	fi
	read -r secs kib < <(tail -n 1 "$tmp/time.out")
}

# Keeps the smaller of two decimal numbers.
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b < a) ? b : a }'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > a) ? b : a }'; }

echo "bench-import: $sites sites, seed $seed, best of $runs runs"
"$gen" sites --count "$sites" --seed "$seed" --out "$file"
bytes=$(wc -c <"$file")
awk -v b="$bytes" 'BEGIN { printf "  file size            %.1f MB (%d bytes)\n", b / 1048576, b }'

# (a) the yardstick: libxml2 validating the same file in streaming mode
lint_best=
for ((i = 1; i <= runs; i++)); do
	timed "xmllint" xmllint --noout --stream --schema "$schema" "$file"
	lint_best=$(min "${lint_best:-$secs}" "$secs")
done
printf '  xmllint --stream     %s s\n' "$lint_best"

# (b) the import itself, into a fresh database each run
[ -x "$shomer" ] || die "cannot find '$shomer': the shomer binary is not built yet, so the import half cannot run"
imp_best=
rss_kib=0
for ((i = 1; i <= runs; i++)); do
	rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
	timed "shomer init" "$shomer" --db "$db" init
	timed "shomer import" "$shomer" --db "$db" import "$file"
	imp_best=$(min "${imp_best:-$secs}" "$secs")
	# memory is nearly the same each run; keep the highest, to be safe
	rss_kib=$(max "$rss_kib" "$kib")
done

awk -v s="$sites" -v t="$imp_best" -v k="$rss_kib" -v l="$lint_best" \
	-v tr="$target_ratio" -v tm="$target_rss_mb" '
function verdict(ok) { return ok ? "met" : "NOT met" }
BEGIN {
	t0 = t > 0 ? t : 0.005   # GNU time has 10 ms resolution
	l0 = l > 0 ? l : 0.005
	mb = k / 1024
	ratio = t0 / l0
	printf "  shomer import        %s s, %.0f sites/s\n", t, s / t0
	printf "  peak RSS             %.1f MB (highest of the runs)\n", mb
	printf "  ratio import/xmllint %.2f\n", ratio
	printf "target: ratio <= %s, peak RSS <= %s MB\n", tr, tm
	printf "  ratio %.2f: %s\n", ratio, verdict(ratio <= tr)
	printf "  peak RSS %.1f MB: %s\n", mb, verdict(mb <= tm)
}'
