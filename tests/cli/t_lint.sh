#!/usr/bin/env bash
# The boring rules, enforced: every C file formatted by the committed
# .clang-format, cppcheck finds nothing, and no banned function appears
# (banned.h makes a use a compile error; this catches a file that forgot
# to include it).
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
shopt -s nullglob

mapfile -t csrc < <(git ls-files '*.c' '*.h' 2>/dev/null || find core tests bench plugins -name '*.[ch]')
[ ${#csrc[@]} -gt 20 ]
ok $? "found the C sources (${#csrc[@]})"

if command -v clang-format >/dev/null; then
	bad=$(for f in "${csrc[@]}"; do
		clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"
	done)
	is "$bad" "" "every C file is formatted by .clang-format"
fi

if command -v cppcheck >/dev/null; then
	out=$(cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--std=c11 -I core -I core/include --suppress=missingIncludeSystem -D__GNUC__ \
		core/*.c plugins/*/*.c tests/plugins/*.c bench/gen.c 2>&1)
	rc=$?
	is "$rc" 0 "cppcheck finds nothing"
	[ "$rc" = 0 ] || printf '%s\n' "$out" | sed 's/^/#   /' | head -n 40
fi

missing=$(for f in core/*.c plugins/*/*.c bench/gen.c; do
	[ -e "$f" ] || continue
	grep -q '#include "banned.h"' "$f" || echo "$f"
done)
is "$missing" "" "every core and plugin source includes banned.h"

done_testing
