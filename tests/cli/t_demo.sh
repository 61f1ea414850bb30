#!/usr/bin/env bash
# t_demo.sh - `make demo` end to end, into a directory of its own: it runs,
# shows every plugin's part, and every file it writes is the user's alone.
. "$(dirname "$0")/lib.sh"

out="$T/demo-out"
SHOMER_DEMO_OUT="$out" bash "$ROOT/tests/demo.sh" "$BUILD" >"$T/demo.txt" 2>"$T/demo.err"
is "$?" 0 "the demo runs"
like "$(tail -n 30 "$T/demo.txt")" "Shomer demo: 41 sites in 2 regions, plugins loaded: 4" \
	"and says what it loaded"
like "$(cat "$T/demo.txt")" "== CCTV coverage ==" "it shows the CCTV coverage"
like "$(cat "$T/demo.txt")" "LDN-SYN-0006 +5/1/0 " "with the faulty camera counted apart"
like "$(cat "$T/demo.txt")" "estimated cost: 2 x 1450.00 GBP = 2900.00 GBP" \
	"and a placement proposal with its cost"
for f in cctv-LDN-SYN-0001.svg report.html export.xml demo.db; do
	[ -s "$out/$f" ]
	ok $? "it writes $f"
done
xmllint --noout "$out"/cctv-*.svg
ok $? "the camera plans are well-formed SVG"
open=$(find "$out" -type f ! -perm 0600 | sed "s|$out/||" | sort | tr '\n' ' ')
is "$open" "" "every file it writes is mode 0600"
is "$(stat -c %a "$out")" 700 "in a directory only the user can open"
done_testing
