#!/usr/bin/env bash
# t_bad_input.sh - every bad-input fixture in tests/bad/ is rejected with
# exactly the errors it must produce, and leaves the database as it was.
#
# A fixture is tests/bad/NAME.err, the exact stderr expected from
#
#   shomer --db DB import tests/bad/NAME.xml [tests/bad/NAME.2.xml]
#
# (NAME.2.xml only when it exists: cases that need two files in one import).
# NAME.xml must exist too, except for fixtures named missing-*, which test a
# file that does not exist and so must not have one.  Paths are relative to
# the repository root, where tests/run.sh runs us, because the messages
# quote them as given.
#
# For each fixture: the exit code is 3, stderr is byte-for-byte the .err
# file, and a dump of the database (the demo sites) is unchanged.  Then the
# fixtures that name /etc/passwd must not leak a line of it, the xxe-http
# fixtures must not connect anywhere, the billion-laughs fixtures must
# finish in seconds and small memory, and the database files must still be
# private (0600).
. "$(dirname "$0")/lib.sh"

BAD=tests/bad
cd "$ROOT" || exit 1

demo_db
ok $? "the demo sites import into a fresh database"
before=$(dump_db)
[ -n "$before" ]
ok $? "the demo database dumps"

# Prints a unified diff of WANT and GOT as TAP comments (at most 40 lines).
show_diff() {
	diff -u --label "expected $1" --label "got" "$1" "$2" | head -n 40 | sed 's/^/#   /'
}

# The files one fixture imports: NAME.xml, then NAME.2.xml if present.
fixture_files() {
	local name=$1
	printf '%s\n' "$BAD/$name.xml"
	[ -f "$BAD/$name.2.xml" ] && printf '%s\n' "$BAD/$name.2.xml"
	return 0
}

nerr=0
for err in "$BAD"/*.err; do
	[ -f "$err" ] || continue
	nerr=$((nerr + 1))
	name=$(basename "$err" .err)
	mapfile -t files < <(fixture_files "$name")

	case "$name" in
	missing-*)
		[ ! -e "$BAD/$name.xml" ]
		ok $? "$name: the file it names really does not exist"
		;;
	*)
		[ -f "$BAD/$name.xml" ]
		ok $? "$name: the fixture file exists"
		;;
	esac

	"$SHOMER" --db "$DB" import "${files[@]}" >"$T/out" 2>"$T/err"
	rc=$?
	is "$rc" 3 "$name: import exits 3 (input rejected)"

	if cmp -s "$err" "$T/err"; then
		ok 0 "$name: stderr is exactly $err"
	else
		ok 1 "$name: stderr is exactly $err"
		show_diff "$err" "$T/err"
	fi

	after=$(dump_db)
	if [ "$after" = "$before" ]; then
		ok 0 "$name: the database is unchanged"
	else
		ok 1 "$name: the database is unchanged"
		diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | head -n 20 | sed 's/^/#   /'
		# Put the demo database back so that one failure does not fail
		# every later fixture too.
		demo_db
		before=$(dump_db)
	fi
	cp "$T/out" "$T/out.$name"
	cp "$T/err" "$T/err.$name"
done
[ "$nerr" -ge 30 ]
ok $? "found $nerr fixtures in $BAD (at least 30)"

# Every .xml is a fixture's first or second file, so none is silently skipped.
orphans=
for x in "$BAD"/*.xml; do
	base=$(basename "$x" .xml)
	base=${base%.2}
	[ -f "$BAD/$base.err" ] || orphans="$orphans $(basename "$x")"
done
is "${orphans# }" "" "every .xml in $BAD belongs to a fixture with an .err"

# No fixture that names /etc/passwd lets any line of it out, on stdout or
# stderr.  (UTF-16 fixtures are searched with their NUL bytes dropped.)
# Whole lines, and root's entry cut short (a message quoting a few bytes).
{ grep -v '^$' /etc/passwd; echo 'root:x:0:0'; } >"$T/passwd"
[ -s "$T/passwd" ]
ok $? "/etc/passwd has lines to look for"
for x in "$BAD"/*.xml; do
	tr -d '\0' <"$x" | grep -q '/etc/passwd' || continue
	base=$(basename "$x" .xml)
	base=${base%.2}
	if [ -f "$T/out.$base" ] &&
		! cat "$T/out.$base" "$T/err.$base" | grep -qFf "$T/passwd"; then
		ok 0 "$base: no /etc/passwd content in the output"
	else
		ok 1 "$base: no /etc/passwd content in the output"
	fi
done

# XXE over http://: the xxe-http fixtures point at 127.0.0.1:47819, where a
# listener records any connection while they are imported again.  Skipped
# when the port is taken or python3 is missing.
LISTEN_PORT=47819
LISTENER='
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
open(sys.argv[3], "w").close()
while True:
    c, _ = s.accept()
    with open(sys.argv[2], "a") as f:
        f.write("connection\n")
    c.close()
'
xxe_http=$(ls "$BAD"/xxe-http*.xml 2>/dev/null)
if [ -z "$xxe_http" ]; then
	ok 1 "xxe-http fixtures exist"
elif ! command -v python3 >/dev/null; then
	echo "ok $((N + 1)) - no connection to 127.0.0.1:$LISTEN_PORT from the xxe-http fixtures # SKIP no python3"
	N=$((N + 1))
else
	python3 -c "$LISTENER" "$LISTEN_PORT" "$T/conn" "$T/ready" >/dev/null 2>&1 &
	lpid=$!
	trap 'kill "$lpid" 2>/dev/null; rm -rf "$T"' EXIT
	for _ in $(seq 1 50); do
		[ -e "$T/ready" ] || ! kill -0 "$lpid" 2>/dev/null && break
		sleep 0.1
	done
	if [ -e "$T/ready" ]; then
		for x in $xxe_http; do
			"$SHOMER" --db "$DB" import "$x" >/dev/null 2>&1
		done
		sleep 0.2
		kill "$lpid" 2>/dev/null
		wait "$lpid" 2>/dev/null
		[ ! -s "$T/conn" ]
		ok $? "no connection to 127.0.0.1:$LISTEN_PORT from the xxe-http fixtures"
	else
		kill "$lpid" 2>/dev/null
		wait "$lpid" 2>/dev/null
		echo "ok $((N + 1)) - no connection to 127.0.0.1:$LISTEN_PORT from the xxe-http fixtures # SKIP port busy"
		N=$((N + 1))
	fi
fi

# Billion laughs: refused in seconds, in little memory.  /usr/bin/time
# reports the largest resident set of timeout's children, i.e. shomer's.
nbl=0
for x in "$BAD"/billion-laughs*.xml; do
	[ -f "$x" ] || continue
	nbl=$((nbl + 1))
	base=$(basename "$x" .xml)
	/usr/bin/time -f '%M %e' -o "$T/time" \
		timeout 20 "$SHOMER" --db "$DB" import "$x" >/dev/null 2>&1
	rc=$?
	read -r kb secs < <(tail -n 1 "$T/time")
	is "$rc" 3 "$base: rejected within 20 seconds (exit 3, not 124 for a timeout)"
	[ -n "$kb" ] && [ "$kb" -lt 100000 ] 2>/dev/null
	ok $? "$base: peak memory ${kb:-?} KB is under 100000 KB (${secs:-?} s)"
done
[ "$nbl" -gt 0 ]
ok $? "found $nbl billion-laughs fixtures to time"
is "$(dump_db)" "$before" "the database is unchanged after the xxe-http and billion-laughs runs"

# The database stays private after all those rejected imports.
is "$(stat -c %a "$DB" 2>&1)" 600 "$(basename "$DB") still has mode 0600"
for f in "$DB-wal" "$DB-shm" "$DB-journal"; do
	[ -e "$f" ] || continue
	is "$(stat -c %a "$f")" 600 "$(basename "$f") still has mode 0600"
done

done_testing
