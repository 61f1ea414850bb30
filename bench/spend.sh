#!/usr/bin/env bash
# bench/spend.sh - `make bench-spend`: how fast does `shomer spend report`
# sum a national grant ledger, against hledger reading the same ledger?
#
#   bash bench/spend.sh BUILD_DIR        (from the repository root)
#
# Generates 2,000 sites and a ledger of 1,000,000 postings at them
# (BUILD_DIR/bin/shomer-gen spend: grants over three fiscal years, each
# project taken from allocation to the funder's payment, some left open),
# imports both into a fresh database (the ledger's import timed, the
# setup), then:
#   (a) times `shomer spend report --by site --format csv` and
#       `--by month`: wall seconds (GNU date, to the millisecond, as a
#       report may take less than GNU time's hundredth) and peak RSS (GNU
#       time), and the rows each wrote;
#   (b) exports the ledger as a journal (`shomer spend export --format
#       ledger`, timed) and, in the same run, times `hledger balance` on
#       it: the accountants' tool summing the same postings, the baseline
#       of each report's ratio.
# Targets: each report at least 20 times faster than hledger, and at most
# 300 MB.  SHOMER_BENCH_POSTINGS overrides the ledger's size for a quick
# trial run.  Measures, never asserts: the exit status is 0 unless
# something failed to run.
set -euo pipefail

postings=${SHOMER_BENCH_POSTINGS:-1000000}
sites=2000
seed=1
# The ledger's last fiscal year ends on 31 March 2027; a fixed "today"
# just after it keeps the report's pace and lapse figures, and so its
# work, the same from run to run.
export SHOMER_NOW=2027-04-01T12:00:00Z
target_ratio=20
target_rss_mb=300

die() {
	echo "bench-spend: $*" >&2
	exit 1
}

[ $# -eq 1 ] || {
	echo "usage: bash bench/spend.sh BUILD_DIR" >&2
	exit 2
}
build=$1
gen=$build/bin/shomer-gen
shomer=$build/bin/shomer

[ -x "$gen" ] || die "cannot find '$gen': build it first (make)"
[ -x "$shomer" ] || die "cannot find '$shomer': build it first (make)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found: the package 'time' is needed"
command -v hledger >/dev/null || die "hledger not found: the package 'hledger' is needed"
# (captured first: `grep -q` may leave a pipe early, which pipefail would see)
plugins=$("$shomer" plugins --format csv)
grep -q '^spend,.*,loaded,' <<<"$plugins" ||
	die "the spend plugin is not loaded: see '$shomer plugins'"
usage=$("$gen" --help)
grep -q '^  spend ' <<<"$usage" || die "'$gen' cannot generate spend records"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shomer-bench-spend.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
db=$tmp/bench.db

# Runs "$@" with its output to the file `out`; sets `secs` (wall, from the
# clock around it, to the millisecond) and `kib` (peak RSS, GNU time);
# stderr kept in err.out, shown when the command fails.
timed() {
	local label=$1 out=$2 t0 t1
	shift 2
	t0=$(date +%s.%N)
	if ! /usr/bin/time -f '%e %M' -o "$tmp/time.out" "$@" >"$out" 2>"$tmp/err.out"; then
		sed 's/^/  /' "$tmp/err.out" >&2
		die "$label failed"
	fi
	t1=$(date +%s.%N)
	read -r _ kib < <(tail -n 1 "$tmp/time.out")
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# Data rows of a CSV file: every line but the header.
rows() { echo $(($(wc -l <"$1") - 1)); }

echo "bench-spend: $postings postings at $sites sites, seed $seed"
"$gen" sites --count "$sites" --seed "$seed" --out "$tmp/sites.xml"
"$gen" spend --count "$postings" --seed "$seed" --sites "$sites" --site-seed "$seed" \
	--out "$tmp/spend.xml"
"$shomer" --db "$db" init >/dev/null
"$shomer" --db "$db" import --quiet "$tmp/sites.xml" >/dev/null
timed "import" /dev/null "$shomer" --db "$db" import --quiet "$tmp/spend.xml"
echo "  import (setup)       $secs s, peak RSS $(mb "$kib") MB"
rm -f "$tmp/sites.xml" "$tmp/spend.xml"

# (a) the two reports, as a finance officer runs them
timed "spend report --by site" "$tmp/site.csv" \
	"$shomer" --db "$db" spend report --by site --format csv
site_secs=$secs
site_kib=$kib
echo "  report --by site     $site_secs s, peak RSS $(mb "$site_kib") MB, $(rows "$tmp/site.csv") rows"
timed "spend report --by month" "$tmp/month.csv" \
	"$shomer" --db "$db" spend report --by month --format csv
month_secs=$secs
month_kib=$kib
echo "  report --by month    $month_secs s, peak RSS $(mb "$month_kib") MB, $(rows "$tmp/month.csv") rows"

# (b) the same ledger as a journal, and hledger's balance of it
timed "spend export" /dev/null "$shomer" --db "$db" spend export --format ledger \
	--out "$tmp/ledger.journal"
echo "  export (journal)     $secs s, peak RSS $(mb "$kib") MB," \
	"$(mb $(($(wc -c <"$tmp/ledger.journal") / 1024))) MB of journal"
timed "hledger balance" "$tmp/balance.txt" hledger -f "$tmp/ledger.journal" balance
hl_secs=$secs
echo "  hledger balance      $hl_secs s, peak RSS $(mb "$kib") MB," \
	"$(wc -l <"$tmp/balance.txt") lines"

awk -v s="$site_secs" -v sk="$site_kib" -v m="$month_secs" -v mk="$month_kib" -v h="$hl_secs" \
	-v tr="$target_ratio" -v tm="$target_rss_mb" '
function verdict(ok) { return ok ? "met" : "NOT met" }
# hledger / report; a report too quick for the clock is at least h / 0.001
function ratio(r) {
	if (r > 0)
		return sprintf("%.1f", h / r)
	return sprintf(">%.0f", h / 0.001)
}
function ok(r) { return r <= 0 || h / r >= tr }
BEGIN {
	printf "target: each report at least %sx faster than hledger balance, peak RSS <= %s MB\n", tr, tm
	printf "  by site:  hledger / shomer %s: %s\n", ratio(s), verdict(ok(s))
	printf "  by month: hledger / shomer %s: %s\n", ratio(m), verdict(ok(m))
	printf "  peak RSS %.1f MB (by site), %.1f MB (by month): %s\n", sk / 1024, mk / 1024,
		verdict(sk / 1024 <= tm && mk / 1024 <= tm)
}'
