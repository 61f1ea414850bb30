# tests/cli/lib.sh - helpers for CLI scenario tests, sourced by each
# tests/cli/t_*.sh.  Output is TAP, counted by tests/run.sh.
#
#   sh_run ARGS...      runs $SHOMER with --db "$DB"; sets RC, OUT, ERR
#   ok COND_EXIT DESC   "ok"/"not ok" from the exit status of the last command
#   is GOT WANT DESC    string equality, showing both on failure
#   like GOT REGEX DESC extended-regex match
#   dump_db [FILE]      a canonical text dump of the database (sqlite3 .dump)
#
# Every test works in its own temporary directory ($T), removed at exit.
set -u
: "${SHOMER:?run through tests/run.sh}"
: "${ROOT:?run through tests/run.sh}"
# Results of the last command; never exported (a large one would not fit in
# the environment of the next command).
export -n OUT ERR RC 2>/dev/null
unset OUT ERR RC
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DB="$T/shomer.db"
N=0
FAILED=0

_report() {
	N=$((N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $N - $2"
	else
		echo "not ok $N - $2"
		FAILED=$((FAILED + 1))
	fi
}

ok() {
	local rc=$1
	shift
	_report "$rc" "$*"
}

is() {
	if [ "$1" = "$2" ]; then
		_report 0 "$3"
	else
		_report 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | head -n 40
	fi
}

like() {
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		_report 0 "$3"
	else
		_report 1 "$3"
		printf '#   got:  %s\n#   want match: %s\n' "$1" "$2" | head -n 40
	fi
}

sh_run() {
	OUT=$("$SHOMER" --db "$DB" "$@" 2>"$T/.stderr")
	RC=$?
	ERR=$(cat "$T/.stderr")
}

dump_db() {
	sqlite3 "${1:-$DB}" .dump
}

# A fresh database with the demo sites.
demo_db() {
	rm -f "$DB" "$DB-wal" "$DB-shm"
	"$SHOMER" --db "$DB" init >/dev/null && "$SHOMER" --db "$DB" import --quiet "$ROOT"/sites/*.xml
}

done_testing() {
	echo "1..$N"
	[ "$FAILED" = 0 ]
}
