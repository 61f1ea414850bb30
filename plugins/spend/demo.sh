#!/usr/bin/env bash
# The spend plugin's part of `make demo`: where each grant stands and what
# will lapse, spend by site, and the journal for the accountants (checked
# by hledger when it is installed).  Called by tests/demo.sh as:
# demo.sh SHOMER DB OUTDIR
set -eu
S=$1
DB=$2
OUT=$3
echo
echo "== Grants: awarded, allocated, committed, invoiced, paid, reclaimable, received =="
"$S" --db "$DB" spend report --by grant
echo
echo "== Spend by site, fiscal year 2026-27 =="
"$S" --db "$DB" spend report --fy 2026 --by site
"$S" --db "$DB" spend report --by month --format csv >"$OUT/spend-by-month.csv"
"$S" --db "$DB" spend export --format ledger --out "$OUT/spend.journal"
if command -v hledger >/dev/null; then
	echo
	echo "== The journal as hledger reads it (assets and liabilities) =="
	hledger -f "$OUT/spend.journal" balance --flat assets liabilities
fi
