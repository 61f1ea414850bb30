#!/usr/bin/env bash
# t_spend.sh - the spend plugin end to end: a small ledger whose every
# figure is worked out by hand below; re-importing changing nothing; the
# database itself refusing an unbalanced, changed or deleted transaction;
# the journal export checked account by account with hledger; export and
# import of the export; the shared site attributes; rules the import
# enforces beyond tests/bad/spend-*.xml; a proposal from a CCTV plan; and
# the section in `shomer report`.
. "$(dirname "$0")/lib.sh"

if ! "$SHOMER" plugins --format csv | grep -q '^spend,.*,loaded,'; then
	echo "# the spend plugin is not built"
	ok 1 "the spend plugin is loaded"
	done_testing
	exit 1
fi

# every "as of" figure is as of this day
export SHOMER_NOW=2026-11-01T12:00:00Z

q() {
	sqlite3 "$DB" "$1"
}

# sh_run, with CSV's CRLF line ends as plain newlines
csv_run() {
	sh_run "$@"
	OUT=${OUT//$'\r'/}
}

"$SHOMER" --db "$DB" init >/dev/null &&
	"$SHOMER" --db "$DB" import --quiet "$ROOT/sites/london-south.xml"
ok $? "a database with the London sites"

# The hand-worked ledger.  Grant: 10,000.00, 80% match, paid by reclaim.
# One project: 4,000.00 allocated, a 5,000.00 order, invoices of 3,000.00
# and 1,000.00 (the second reversed), 3,000.00 paid on 15 September,
# 1,000.00 reclaimed and 600.00 of it received.
cat >"$T/ledger.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<spend xmlns="urn:shomer:spend:1">
  <grant id="G-T-2026" funder="Test Funder" programme="Test Scheme" amount="10000.00"
         awarded-on="2026-04-10" fy="2026" match="80" claim="reclaim"
         claim-deadline="2027-03-31">
    <eligible>cctv fencing</eligible>
  </grant>
  <project id="P-T-1" site="LDN-SYN-0001" grant="G-T-2026" category="cctv"
           supplier="Acme Ltd" quote="5000.00"/>
  <allocate id="A-1" date="2026-05-01" project="P-T-1" amount="4000"/>
  <commit id="PO-1" date="2026-05-02" project="P-T-1" amount="5000.00"/>
  <invoice id="I-1" date="2026-06-01" commitment="PO-1" amount="3000.00"/>
  <invoice id="I-2" date="2026-06-02" commitment="PO-1" amount="1000.00"/>
  <correct id="X-1" date="2026-06-03" reverses="I-2"><note>sent twice</note></correct>
  <pay id="PY-1" date="2026-09-15" invoice="I-1" amount="3000.00"/>
  <reclaim id="RC-1" date="2026-09-20" project="P-T-1" amount="1000.00"/>
  <receive id="RR-1" date="2026-10-01" reclaim="RC-1" amount="600.00"/>
</spend>
XML
sh_run import "$T/ledger.xml"
is "$RC" 0 "the hand-worked ledger imports"

# By hand, per the project: invoiced 3000 (4000 less the reversed 1000);
# the grant's share of 3000 paid is 80% = 2400 (under the 4000
# allocated), of which 1000 is reclaimed: 1400 reclaimable.  Remaining:
# 10000 - 2400 = 7600.  On order: 80% of 5000 = 4000 (the allocation
# caps it) less 2400 paid = 1600.  The 2400 paid in the 13 weeks since
# 2 August is 800 a month; over the 150 days to 31 March that pace spends
# 2400 x 150 / 91 = 3956.04, more than is on order, so 7600 - 3956.04 =
# 3643.96 would lapse.
csv_run spend report --format csv
is "$RC" 0 "spend report runs"
is "$(printf '%s\n' "$OUT" | head -n 1)" \
	"grant,funder,fy,currency,awarded,allocated,unallocated,committed,invoiced,paid,reclaimable,reclaimed,received,remaining,on_order,burn_month,claim_deadline,at_risk,status" \
	"the grant report's columns"
is "$(printf '%s\n' "$OUT" | tail -n +2)" \
	"G-T-2026,Test Funder,2026,GBP,10000.00,4000.00,6000.00,5000.00,3000.00,3000.00,1400.00,1000.00,600.00,7600.00,1600.00,800.00,2027-03-31,3643.96,at risk" \
	"every figure of the grant, as worked out by hand"

sh_run spend report
like "$OUT" "G-T-2026 \(Test Funder\): 7600.00 GBP unspent, 1600.00 of it on order, spending 800.00 a month; 150 days to its claim deadline 2027-03-31: 3643.96 would lapse" \
	"the table says which grant will lapse, and why"

csv_run spend report --by site --format csv
is "$(printf '%s\n' "$OUT" | tail -n +2)" \
	"LDN-SYN-0001,GBP,1,4000.00,5000.00,3000.00,3000.00,2000.00,1400.00,1000.00,600.00,1000.00" \
	"by site: open orders 2000, all paid in 13 weeks a third a month"
csv_run spend report --by region --format csv
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1-3)" "London & South,GBP,1" "by region"
csv_run spend report --by category --format csv
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1-7)" "cctv,GBP,1,4000.00,5000.00,3000.00,3000.00" \
	"by category"
csv_run spend report --by month --format csv
is "$OUT" "month,currency,awarded,allocated,committed,invoiced,paid,reclaimed,received
2026-04,GBP,10000.00,0.00,0.00,0.00,0.00,0.00,0.00
2026-05,GBP,0.00,4000.00,5000.00,0.00,0.00,0.00,0.00
2026-06,GBP,0.00,0.00,0.00,3000.00,0.00,0.00,0.00
2026-09,GBP,0.00,0.00,0.00,0.00,3000.00,1000.00,0.00
2026-10,GBP,0.00,0.00,0.00,0.00,0.00,0.00,600.00" \
	"by month: June nets the reversed invoice"
csv_run spend report --by account --format csv
is "$OUT" "account,currency,balance
assets:bank,GBP,-2400.00
assets:receivable:grants:G-T-2026,GBP,400.00
commitments:P-T-1:open,GBP,2000.00
commitments:P-T-1:ordered,GBP,-2000.00
expenses:security:cctv:LDN-SYN-0001,GBP,3000.00
grants:G-T-2026:allocated:P-T-1,GBP,4000.00
grants:G-T-2026:awarded,GBP,-10000.00
grants:G-T-2026:unallocated,GBP,6000.00
income:grants:G-T-2026,GBP,-1000.00
liabilities:suppliers:Acme Ltd,GBP,0.00" \
	"every account's balance, worked out by hand"
csv_run spend report --fy 2025 --format csv
is "$(printf '%s\n' "$OUT" | wc -l)" 1 "--fy 2025 leaves out the 2026 grant"
sh_run spend report --fy 2026 --format json
like "$OUT" '"awarded": "10000.00"' "--fy 2026 keeps it, and JSON has the amounts as exact decimal text"
sh_run spend report --by week
is "$RC" 2 "an unknown grouping is a usage error"
sh_run spend report --fy 26
is "$RC" 2 "a fiscal year must be written in full"

# Shared attributes for the other plugins
is "$(q "SELECT value FROM site_attrs WHERE site_id = 'LDN-SYN-0001' AND key = 'spend.invested'")" \
	"3000.00 GBP" "spend.invested: what was paid at the site"
is "$(q "SELECT value FROM site_attrs WHERE site_id = 'LDN-SYN-0001' AND key = 'spend.open_commitments'")" \
	"2000.00 GBP" "spend.open_commitments: ordered, not yet invoiced"

# The same file again changes nothing.
before=$(dump_db)
sh_run import "$T/ledger.xml"
is "$RC" 0 "importing the ledger again succeeds"
is "$(dump_db)" "$before" "and changes nothing"

# ---- the database refuses what the plugin never writes ----
sql() {
	sqlite3 "$DB" "PRAGMA foreign_keys = ON; $1" 2>&1
}
out=$(sql "BEGIN; INSERT INTO spend_postings VALUES (900, 1, 'assets:bank', 100, 'GBP');
INSERT INTO spend_postings VALUES (900, 2, 'expenses:x', -50, 'GBP');
INSERT INTO spend_txns (seq, id, kind, date, grant_id, amount, currency)
VALUES (900, 'T-UNBALANCED', 'pay', '2026-10-01', 'G-T-2026', 100, 'GBP');
COMMIT;")
like "$out" "unbalanced transaction" "an unbalanced transaction is refused by the database"
out=$(sql "BEGIN; INSERT INTO spend_postings VALUES (901, 1, 'assets:bank', 100, 'GBP');
INSERT INTO spend_postings VALUES (901, 2, 'expenses:x', -100, 'EUR');
INSERT INTO spend_txns (seq, id, kind, date, grant_id, amount, currency)
VALUES (901, 'T-MIXED', 'pay', '2026-10-01', 'G-T-2026', 100, 'GBP');
COMMIT;")
like "$out" "unbalanced transaction" "one that balances only across two currencies too"
out=$(sql "BEGIN; INSERT INTO spend_postings VALUES (902, 1, 'assets:bank', 100, 'GBP');
INSERT INTO spend_txns (seq, id, kind, date, grant_id, amount, currency)
VALUES (902, 'T-SINGLE', 'pay', '2026-10-01', 'G-T-2026', 100, 'GBP');
COMMIT;")
like "$out" "unbalanced transaction" "and a single posting"
out=$(sql "BEGIN; INSERT INTO spend_postings VALUES (903, 1, 'assets:bank', 100, 'GBP');
INSERT INTO spend_postings VALUES (903, 2, 'expenses:x', -100, 'GBP'); COMMIT;")
like "$out" "FOREIGN KEY constraint failed" "postings with no transaction cannot be committed"
out=$(sql "UPDATE spend_postings SET amount = amount + 1 WHERE txn_seq = 1")
like "$out" "a posting is never changed" "a posting cannot be changed"
out=$(sql "DELETE FROM spend_postings WHERE txn_seq = 1")
like "$out" "a posting is never deleted" "nor deleted"
out=$(sql "UPDATE spend_txns SET amount = 1 WHERE id = 'PY-1'")
like "$out" "a transaction is never changed" "a transaction cannot be changed"
out=$(sql "DELETE FROM spend_txns WHERE id = 'PY-1'")
like "$out" "a transaction is never deleted" "nor deleted"
out=$(sql "INSERT INTO spend_postings VALUES (2, 9, 'assets:bank', 0, 'GBP')")
like "$out" "cannot be added to a recorded transaction" "nothing is added to a recorded transaction"
is "$(dump_db)" "$before" "after all that, the database is as it was"
# and the control: a balanced transaction written the same way is accepted
out=$(sql "BEGIN; INSERT INTO spend_postings VALUES (904, 1, 'assets:bank', 100, 'GBP');
INSERT INTO spend_postings VALUES (904, 2, 'expenses:x', -100, 'GBP');
INSERT INTO spend_txns (seq, id, kind, date, grant_id, amount, currency)
VALUES (904, 'T-BALANCED', 'pay', '2026-10-01', 'G-T-2026', 100, 'GBP'); ROLLBACK;")
is "$out" "" "a balanced transaction is accepted (then rolled back)"

# ---- the journal, checked by hledger ----
sh_run spend export --format ledger --out "$T/books.journal"
is "$RC" 0 "spend export writes a journal"
like "$OUT" "wrote 9 transactions \(24 postings\)" "one transaction per record"
is "$(stat -c %a "$T/books.journal")" 600 "the journal is private (0600)"
ls "$T"/books.journal.tmp-* >/dev/null 2>&1
is $? 2 "and no temporary file is left"

# hledger's balance of every account must be shomer's own.
compare_hledger() {
	local db=$1 journal=$2 what=$3
	"$SHOMER" --db "$db" spend report --by account --format csv >"$T/ours.csv" &&
		hledger -f "$journal" balance --flat --empty --no-total -O csv >"$T/theirs.csv"
	ok $? "$what: hledger reads the journal"
	python3 - "$T/ours.csv" "$T/theirs.csv" >"$T/cmp.out" 2>&1 <<'PY'
import csv, sys
from decimal import Decimal
ours = {}
for r in csv.DictReader(open(sys.argv[1])):
    ours[(r["account"], r["currency"])] = Decimal(r["balance"])
theirs = {}
for r in csv.DictReader(open(sys.argv[2])):
    text = r["balance"].strip()
    if text == "0":
        continue  # hledger shows an account at zero without a commodity
    for part in text.split(","):
        amount, cur = part.split()
        theirs[(r["account"], cur)] = Decimal(amount)
ours_nonzero = {k: v for k, v in ours.items() if v != 0}
zero_accounts = {k[0] for k, v in ours.items() if v == 0}
listed = {r["account"] for r in csv.DictReader(open(sys.argv[2]))}
assert ours_nonzero == theirs, (sorted(set(ours_nonzero.items()) ^ set(theirs.items())))[:10]
assert zero_accounts <= listed, zero_accounts - listed
assert len(ours) > 0
print("same %d accounts" % len(ours))
PY
	ok $? "$what: every account's balance in hledger is shomer's ($(cat "$T/cmp.out" | tail -n 1))"
}
compare_hledger "$DB" "$T/books.journal" "hand-worked ledger"

# ---- export, and import of the export ----
sh_run export --owner spend --out "$T/spend-export.xml"
is "$RC" 0 "export --owner spend"
DB2="$T/second.db"
"$SHOMER" --db "$DB2" init >/dev/null &&
	"$SHOMER" --db "$DB2" import --quiet "$ROOT/sites/london-south.xml" "$T/spend-export.xml"
ok $? "the export imports into a fresh database"
"$SHOMER" --db "$DB2" export --owner spend --out "$T/spend-export2.xml" 2>/dev/null
cmp -s "$T/spend-export.xml" "$T/spend-export2.xml"
ok $? "which exports the same document again"
is "$("$SHOMER" --db "$DB2" spend report --by account --format csv)" \
	"$("$SHOMER" --db "$DB" spend report --by account --format csv)" \
	"and holds the same balances"
is "$(sqlite3 "$DB2" "SELECT group_concat(id || ':' || kind || ':' || amount, ' ') FROM (SELECT * FROM spend_txns ORDER BY seq)")" \
	"$(q "SELECT group_concat(id || ':' || kind || ':' || amount, ' ') FROM (SELECT * FROM spend_txns ORDER BY seq)")" \
	"and the same transactions in the same order"

# ---- rules beyond the bad-input fixtures ----
refused() {
	local what=$1 want=$2
	cat >"$T/rule.xml"
	before=$(dump_db)
	sh_run import "$T/rule.xml"
	is "$RC" 3 "$what: refused (exit 3)"
	like "$ERR" "$want" "$what: says why"
	is "$(dump_db)" "$before" "$what: nothing changed"
}
refused "reversing an order an invoice stands on" \
	"cannot reverse commitment 'PO-1': invoice 'I-1' stands on it; reverse that first" <<'XML'
<spend xmlns="urn:shomer:spend:1"><correct id="X-9" date="2026-10-05" reverses="PO-1"/></spend>
XML
refused "reversing an award with allocations" \
	"cannot reverse the award of grant 'G-T-2026': 4000.00 is allocated from it" <<'XML'
<spend xmlns="urn:shomer:spend:1"><correct id="X-9" date="2026-10-05" reverses="G-T-2026"/></spend>
XML
refused "reversing the payment a reclaim was based on" \
	"cannot reverse payment 'PY-1': 1000.00 is already reclaimed for project 'P-T-1'" <<'XML'
<spend xmlns="urn:shomer:spend:1"><correct id="X-9" date="2026-10-05" reverses="PY-1"/></spend>
XML
refused "paying more than the invoice" \
	"payment 'PY-9' of 1.00 GBP is more than invoice 'I-1' has unpaid \(0.00 GBP of 3000.00\)" <<'XML'
<spend xmlns="urn:shomer:spend:1"><pay id="PY-9" date="2026-10-05" invoice="I-1" amount="1.00"/></spend>
XML
refused "paying a reversed invoice" "is against invoice 'I-2', which 'X-1' reversed" <<'XML'
<spend xmlns="urn:shomer:spend:1"><pay id="PY-9" date="2026-10-05" invoice="I-2" amount="1.00"/></spend>
XML
refused "an invoice dated before its order" "is dated 2026-05-01, before commitment 'PO-1'" <<'XML'
<spend xmlns="urn:shomer:spend:1"><invoice id="I-9" date="2026-05-01" commitment="PO-1" amount="1.00"/></spend>
XML
refused "receiving more than was claimed" "is more than reclaim 'RC-1' has outstanding \(400.00 GBP of 1000.00\)" <<'XML'
<spend xmlns="urn:shomer:spend:1"><receive id="RR-9" date="2026-10-05" reclaim="RC-1" amount="400.01"/></spend>
XML
refused "a grant recorded again with other terms" "grant 'G-T-2026' is already recorded with other terms" <<'XML'
<spend xmlns="urn:shomer:spend:1">
  <grant id="G-T-2026" funder="Test Funder" programme="Test Scheme" amount="12000.00"
         awarded-on="2026-04-10" fy="2026" match="80" claim="reclaim" claim-deadline="2027-03-31">
    <eligible>cctv fencing</eligible>
  </grant>
</spend>
XML
refused "an award dated outside its fiscal year" "is awarded on 2026-03-31, outside its fiscal year 2026" <<'XML'
<spend xmlns="urn:shomer:spend:1">
  <grant id="G-T-2027" funder="F" programme="P" amount="1.00" awarded-on="2026-03-31" fy="2026"
         claim-deadline="2027-03-31"><eligible>cctv</eligible></grant>
</spend>
XML
refused "reclaiming from a grant paid in advance" "is paid in advance, so there is nothing to reclaim" <<'XML'
<spend xmlns="urn:shomer:spend:1">
  <grant id="G-ADV" funder="F" programme="P" amount="500.00" awarded-on="2026-04-02" fy="2026"
         match="100" claim="advance" claim-deadline="2027-03-31"><eligible>cctv</eligible></grant>
  <project id="P-ADV" site="LDN-SYN-0002" grant="G-ADV" category="cctv" supplier="Acme Ltd" quote="100.00"/>
  <allocate id="A-ADV" date="2026-05-01" project="P-ADV" amount="100.00"/>
  <reclaim id="RC-ADV" date="2026-05-02" project="P-ADV" amount="1.00"/>
</spend>
XML
refused "a money record under a project's id" "id 'P-T-1' is already taken by another record" <<'XML'
<spend xmlns="urn:shomer:spend:1"><commit id="P-T-1" date="2026-10-05" project="P-T-1" amount="1.00"/></spend>
XML
refused "a project under a grant's id" "id 'G-T-2026' is already taken by another record" <<'XML'
<spend xmlns="urn:shomer:spend:1">
  <project id="G-T-2026" site="LDN-SYN-0001" category="cctv" supplier="Acme Ltd" quote="1.00"/>
</spend>
XML
refused "a project's supplier changed after money moved" "already has money recorded against it" <<'XML'
<spend xmlns="urn:shomer:spend:1">
  <project id="P-T-1" site="LDN-SYN-0001" grant="G-T-2026" category="cctv" supplier="Other Ltd" quote="5000.00"/>
</spend>
XML

# A new quote on a project is taken.
cat >"$T/quote.xml" <<'XML'
<spend xmlns="urn:shomer:spend:1">
  <project id="P-T-1" site="LDN-SYN-0001" grant="G-T-2026" category="cctv" supplier="Acme Ltd" quote="5200.00"/>
</spend>
XML
sh_run import "$T/quote.xml"
is "$RC:$(q "SELECT quote FROM spend_projects WHERE id = 'P-T-1'")" "0:520000" \
	"a new quote for a project is taken (in pence)"

# A site with spend cannot be removed.
sh_run sites rm LDN-SYN-0001
is "$RC" 3 "removing a site with spend projects is refused"
like "$ERR" "site 'LDN-SYN-0001' has spend projects \(such as 'P-T-1'\)" "and says why"

# ---- a proposal from a CCTV plan ----
if "$SHOMER" plugins --format csv | grep -q '^cctv,.*,loaded,'; then
	demo_db
	"$SHOMER" --db "$DB" cctv plan MAN-SYN-0002 --add 2 --format xml >"$T/plan.xml" 2>/dev/null
	ok $? "the cctv plugin plans two cameras for a demo site"
	sh_run spend propose --from-plan "$T/plan.xml" --cost-per-camera 1250.50 \
		--grant G-HO-PWPSS-2026 --supplier "Acme Security Systems Ltd" --out "$T/proposal.xml"
	is "$RC" 0 "spend propose turns the plan into a project"
	is "$(stat -c %a "$T/proposal.xml")" 600 "the proposal is private (0600)"
	like "$(cat "$T/proposal.xml")" 'project id="PROP-MAN-SYN-0002-CCTV" site="MAN-SYN-0002" grant="G-HO-PWPSS-2026" category="cctv" supplier="Acme Security Systems Ltd" quote="2501.00"' \
		"quoted at 2 x 1250.50"
	sh_run import "$T/proposal.xml"
	is "$RC" 0 "finance imports the proposal"
	is "$(q "SELECT site_id || ' ' || category || ' ' || quote FROM spend_projects WHERE id = 'PROP-MAN-SYN-0002-CCTV'")" \
		"MAN-SYN-0002 cctv 250100" "and the project is recorded, with no money moved"
	printf '<sites xmlns="urn:shomer:site:1"/>\n' >"$T/notaplan.xml"
	sh_run spend propose --from-plan "$T/notaplan.xml" --cost-per-camera 1
	is "$RC" 3 "a file that is not a CCTV plan is refused"
	like "$ERR" "notaplan.xml:1: not a CCTV plan" "with its file and line"
	sh_run spend propose --from-plan "$T/plan.xml" --cost-per-camera 1e3
	is "$RC" 2 "a malformed cost is a usage error"
	sh_run spend propose --from-plan "$T/plan.xml" --cost-per-camera 1 --grant G-OWN-2026
	is "$RC" 0 "any grant that pays for CCTV will do"
	sh_run spend propose --from-plan "$T/plan.xml" --cost-per-camera 1 --grant G-DON-MAN-2026
	is "$RC" 0 "the donation pays for CCTV too"
	sh_run spend propose --from-plan "$T/plan.xml" --cost-per-camera 1 --grant G-NOPE
	is "$RC" 3 "an unknown grant is refused"
else
	demo_db
fi

# ---- the demo's ledger, checked by hledger too ----
sh_run spend export --format ledger --out "$T/demo.journal"
is "$RC" 0 "the demo ledger exports"
compare_hledger "$DB" "$T/demo.journal" "demo ledger"

sh_run report
like "$OUT" "Grants and spend" "shomer report has a spend section"
like "$OUT" "G-HO-PWPSS-2025 +Home Office" "listing the grants"

done_testing
