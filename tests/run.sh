#!/usr/bin/env bash
# Runs every test against one build tree and prints "N passed, N failed".
#
#   bash tests/run.sh BUILD_DIR [PATTERN]
#
# Unit tests are the binaries BUILD_DIR/tests/test_*; CLI scenarios are
# tests/cli/t_*.sh.  Each prints TAP lines ("ok N - ...", "not ok N - ...");
# a program that exits non-zero without a "not ok" line counts as one failure.
# Two run at a time (the machine has two cores).
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${1:?usage: tests/run.sh BUILD_DIR [PATTERN]}
PATTERN=${2:-}
ROOT=$(pwd)
export ROOT
export BUILD="$ROOT/$BUILD"
export SHOMER="$BUILD/bin/shomer"
export SHOMER_GEN="$BUILD/bin/shomer-gen"
export SHOMER_TEST_PLUGINS="$BUILD/tests/plugins"
export SHOMER_SHARED_DATA="${SHOMER_SHARED_DATA:-$ROOT/../shared/data}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Tests never see the caller's database or plugin settings.
unset SHOMER_DB SHOMER_PLUGINS SHOMER_SCHEMA_DIR

if [ ! -x "$SHOMER" ]; then
	echo "tests/run.sh: no binary at $SHOMER; build first" >&2
	exit 2
fi

RESULTS=$(mktemp -d)
trap 'rm -rf "$RESULTS"' EXIT

tests=()
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] && tests+=("$t")
done
for t in tests/cli/t_*.sh; do
	[ -f "$t" ] && tests+=("$t")
done
if [ -n "$PATTERN" ]; then
	sel=()
	for t in "${tests[@]}"; do
		case "$t" in *$PATTERN*) sel+=("$t") ;; esac
	done
	tests=("${sel[@]}")
fi

run_one() {
	local t=$1 name log start rc
	name=$(basename "$t")
	log="$RESULTS/$name.log"
	start=$(date +%s)
	if [ "${t%.sh}" != "$t" ]; then
		bash "$t" >"$log" 2>&1
	else
		"$t" >"$log" 2>&1
	fi
	rc=$?
	echo "$rc $(( $(date +%s) - start ))" >"$RESULTS/$name.rc"
}
export -f run_one
export RESULTS

printf '%s\n' "${tests[@]}" | xargs -P 2 -I{} bash -c 'run_one "$@"' _ {}

passed=0
failed=0
for t in "${tests[@]}"; do
	name=$(basename "$t")
	log="$RESULTS/$name.log"
	read -r rc secs <"$RESULTS/$name.rc"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1
		echo "FAIL $name: exited $rc without a failing check"
		tail -n 30 "$log" | sed 's/^/    /'
	elif [ "$f" != 0 ]; then
		echo "FAIL $name: $f failed"
		grep -A3 '^not ok ' "$log" | sed 's/^/    /'
	else
		echo "ok   $name ($p checks, ${secs}s)"
	fi
	if [ "$p" = 0 ] && [ "$f" = 0 ]; then
		echo "FAIL $name: ran no check"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
