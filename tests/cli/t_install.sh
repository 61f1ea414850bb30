#!/usr/bin/env bash
# `make install PREFIX=/usr/local DESTDIR=...` installs the binary, plugins,
# schemas and man page, and the installed binary finds its schemas and
# plugins without any environment variable.
. "$(dirname "$0")/lib.sh"

san=0
case "$BUILD" in *-san) san=1 ;; esac
ROOTDIR="$T/root"
make -s -C "$ROOT" install BUILD="$BUILD" SAN="$san" PREFIX=/usr/local DESTDIR="$ROOTDIR" \
	>"$T/install.log" 2>&1
ok $? "make install into DESTDIR"
P="$ROOTDIR/usr/local"
[ -x "$P/bin/shomer" ]
ok $? "the binary is installed"
[ -f "$P/share/shomer/schemas/site.xsd" ]
ok $? "the schemas are installed"
[ -f "$P/share/man/man1/shomer.1" ]
ok $? "the man page is installed"
[ -d "$P/lib/shomer/plugins" ]
ok $? "the plugin directory is installed"
for so in "$BUILD"/lib/shomer/plugins/shomer-*.so; do
	[ -e "$so" ] || continue
	[ -f "$P/lib/shomer/plugins/$(basename "$so")" ]
	ok $? "plugin $(basename "$so") is installed"
done

# Nothing from the build tree or the environment may help it.
unset SHOMER_SCHEMA_DIR SHOMER_PLUGINS
cd "$T" || exit 1
I="$P/bin/shomer"
"$I" --db "$T/i.db" init >/dev/null 2>&1
ok $? "the installed binary creates a database"
"$I" --db "$T/i.db" import --quiet "$ROOT"/sites/*.xml
ok $? "and imports, validating against its installed schemas"
OUT=$("$I" --db "$T/i.db" doctor 2>&1)
like "$OUT" "schemas: $P/share/shomer/schemas" "doctor shows the installed schema directory"
like "$OUT" "plugin directory: $P/lib/shomer/plugins" "and the installed plugin directory"
OUT=$("$I" --db "$T/i.db" plugins --format json 2>&1)
python3 -c '
import json,sys
d=json.load(sys.stdin)
bad=[p for p in d if p["status"]!="loaded"]
assert not bad, bad
' <<<"$OUT"
ok $? "every installed plugin loads"
grep -q '^\.TH SHOMER 1' "$P/share/man/man1/shomer.1"
ok $? "the man page is a section 1 page"
if command -v man >/dev/null; then
	MANWIDTH=80 man -l "$P/share/man/man1/shomer.1" 2>/dev/null | grep -q "shomer import"
	ok $? "the man page renders"
fi

done_testing
