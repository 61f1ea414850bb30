#!/usr/bin/env bash
# Plugins through the host: loading and refusing (each with its reason, the
# host still running), registration undone after a failed init, duplicate
# names, unsafe directories, and the probe plugin end to end (commands,
# migrations, its XML namespace on import and export, attributes, report).
. "$(dirname "$0")/lib.sh"

TP="$SHOMER_TEST_PLUGINS"
PD="$T/plugins"
mkdir -p "$PD"
chmod 0755 "$PD"
install -m 0755 "$TP/good.so" "$PD/shomer-probe.so"
install -m 0755 "$TP/init_fail.so" "$PD/shomer-init_fail.so"
install -m 0755 "$TP/abi_major.so" "$PD/shomer-abi_major.so"
install -m 0755 "$TP/abi_minor.so" "$PD/shomer-abi_minor.so"
install -m 0755 "$TP/desc_size.so" "$PD/shomer-desc_size.so"
install -m 0755 "$TP/no_entry.so" "$PD/shomer-no_entry.so"
install -m 0755 "$TP/bad_name.so" "$PD/shomer-bad_name.so"
# The demo sites carry CCTV sections, a spend register and guards: those plugins
# load beside the test ones.
install -m 0755 "$BUILD/lib/shomer/plugins/shomer-cctv.so" "$PD/shomer-cctv.so"
install -m 0755 "$BUILD/lib/shomer/plugins/shomer-spend.so" "$PD/shomer-spend.so"
install -m 0755 "$BUILD/lib/shomer/plugins/shomer-guards.so" "$PD/shomer-guards.so"

# The probe's schema lives beside the test plugins, not in the installed set.
SD="$T/schemas"
mkdir -p "$SD"
cp "$ROOT"/schemas/*.xsd "$ROOT/tests/plugins/probe.xsd" "$SD/"
export SHOMER_SCHEMA_DIR="$SD"

ps() { # shomer with the test plugin directory
	OUT=$("$SHOMER" --db "$DB" --plugins "$PD" "$@" 2>"$T/.stderr")
	RC=$?
	ERR=$(cat "$T/.stderr")
}

ps plugins
is "$RC" 0 "shomer plugins runs although several plugins are refused"
like "$OUT" 'probe +0\.1\.0 +1\.4 +loaded +probe hello, probe near, probe mark, probe alone, probe old' \
	"probe is loaded with its commands"
like "$OUT" 'init_fail .*refused: init failed: cannot reach the frobnicator' \
	"a failing init is refused with the plugin's reason"
like "$OUT" 'abi_major .*refused: built for ABI 2\.4, host provides 1\.4' "wrong ABI major refused"
like "$OUT" 'abi_minor .*refused: built for ABI 1\.7, host provides 1\.4' "newer ABI minor refused"
like "$OUT" 'desc_size .*refused: descriptor size [0-9]+, host expects [0-9]+' \
	"descriptor size mismatch refused"
like "$OUT" "no_entry .*refused: no entry function 'shomer_plugin_entry'" \
	"missing entry function refused"
like "$OUT" "refused: declares name 'other' but the file is 'shomer-bad_name.so'" \
	"name differing from the file name refused"

ps plugins --format json
is "$RC" 0 "plugins --format json"
python3 - "$OUT" <<'PY' >"$T/json.check" 2>&1
import json, sys
d = {p["name"]: p for p in json.loads(sys.argv[1])}
p = d["probe"]
assert p["status"] == "loaded" and p["abi"] == "1.4", p
assert p["commands"] == ["probe hello", "probe near", "probe mark", "probe alone", "probe old"], p
assert p["path"].endswith("/shomer-probe.so") and p["version"] == "0.1.0", p
f = d["init_fail"]
assert f["status"] == "refused" and f["commands"] == [], f
assert "frobnicator" in f["reason"], f
print("fine")
PY
is "$(cat "$T/json.check")" fine "json lists name, version, abi, path, status, reason and commands"

ps frob poke
is "$RC" 2 "the failed plugin's command was unregistered (usage error)"
like "$ERR" "unknown command 'frob'" "and the host says the command is unknown"

ps help
like "$OUT" "probe hello" "help lists plugin commands"
ps probe
is "$RC" 2 "a plugin group without a verb is a usage error"
like "$ERR" "'probe' needs a verb; try 'shomer help probe'" "that asks for the verb"
OUT=$("$SHOMER" --db "$DB" --plugins "$T/no-such-dir" plugins 2>&1)
is "$?" 2 "a plugin directory that does not exist is a usage error"
like "$OUT" "plugin directory '$T/no-such-dir': no such file or directory" "naming it"

# Duplicate names: the second directory's probe is refused, the first works.
PD2="$T/plugins2"
mkdir -p "$PD2" && chmod 0755 "$PD2"
install -m 0755 "$TP/good.so" "$PD2/shomer-probe.so"
OUT=$("$SHOMER" --db "$DB" --plugins "$PD:$PD2" plugins 2>&1)
like "$OUT" "refused: a plugin named 'probe' is already loaded from '$PD/shomer-probe.so'" \
	"a duplicate name is refused"

# An unsafe directory is refused as a whole; the others still load.
PD3="$T/plugins3"
mkdir -p "$PD3" && install -m 0755 "$TP/good.so" "$PD3/shomer-probe.so" && chmod 0777 "$PD3"
OUT=$("$SHOMER" --db "$DB" --plugins "$PD3" plugins 2>&1)
like "$OUT" "refused: directory '$PD3' is world-writable" "a world-writable directory is refused"
OUT=$("$SHOMER" --db "$DB" --plugins "$PD3:$PD" plugins 2>&1)
like "$OUT" 'probe .*loaded' "plugins in a safe directory still load beside an unsafe one"
chmod 0755 "$PD3"

# ---- the probe plugin end to end ----
ps init
is "$RC" 0 "init with plugins"
is "$(sqlite3 "$DB" "SELECT version FROM plugin_versions WHERE plugin = 'probe'")" 1 \
	"the plugin's migration ran and is recorded"
ps import --quiet "$ROOT"/sites/*.xml
is "$RC" 0 "demo sites import with plugins loaded"

cat >"$T/notes.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<sites xmlns="urn:shomer:site:1">
  <site id="TST-SYN-0001">
    <name>Test Synagogue</name>
    <kind>synagogue</kind>
    <region>London &amp; South</region>
    <location lat="51.5" lon="-0.2"/>
    <note xmlns="urn:shomer:probe:1" text="fire exit blocked by bins"/>
    <note xmlns="urn:shomer:probe:1" text="gate lock replaced"/>
  </site>
</sites>
XML
ps import "$T/notes.xml"
is "$RC" 0 "a site with plugin sections imports"
like "$OUT" "1 new site, 0 changed, 0 unchanged, 2 other records" "the summary counts plugin records"
is "$(sqlite3 "$DB" "SELECT count(*) FROM probe_notes WHERE site_id = 'TST-SYN-0001'")" 2 \
	"the plugin stored both notes"
ps sites show TST-SYN-0001 --format json
like "$OUT" '"probe.seen"' "the plugin's shared attribute is on the site"
before=$(dump_db)
ps import "$T/notes.xml"
is "$(dump_db)" "$before" "re-importing plugin sections changes nothing"

ps probe hello
is "$OUT" "hello from probe: 42 sites" "a plugin command sees the sites through the host"

# A command that needs no database (ABI 1.4) runs where there is none, and
# creates none; the same flag in a descriptor from before ABI 1.4 is not
# read, so that command is given the database like any other.
alone() {
	OUT=$("$SHOMER" --db "$T/none.db" --plugins "$PD" "$@" 2>"$T/.stderr")
	RC=$?
	ERR=$(cat "$T/.stderr")
}
alone probe alone
is "$RC" 0 "a command that needs no database runs without one"
is "$OUT" "probe alone ran" "and does its work"
is "$(test -e "$T/none.db" && echo made || echo none)" none "no database is created for it"
alone probe old
is "$RC" 1 "the flag in a descriptor from before ABI 1.4 is not read"
like "$ERR" "no database at '$T/none.db'" "so the command asks for the database"
is "$OUT" "" "and does not run"

# Several attributes of a site at once (ABI 1.2), with attr_set's rules.
ps probe mark LDN-SYN-0001 probe.a=1 probe.b=two
is "$RC" 0 "a plugin sets several attributes of a site at once"
is "$(sqlite3 "$DB" "SELECT group_concat(key || '=' || value, ' ') FROM
	(SELECT key, value FROM site_attrs WHERE site_id = 'LDN-SYN-0001' AND key IN ('probe.a', 'probe.b') ORDER BY key)")" \
	"probe.a=1 probe.b=two" "both are stored"
before=$(dump_db)
ps probe mark LDN-SYN-0001 probe.a=9 risk.score=100
is "$RC" 3 "another plugin's key among them is refused"
like "$ERR" "attribute 'risk.score' is not in the plugin's namespace 'probe.'" "saying which"
is "$(dump_db)" "$before" "and none of them is stored"
ps probe mark NOPE-0001 probe.a=1
is "$RC" 3 "an unknown site is refused"
like "$ERR" "no site 'NOPE-0001'" "by name"
is "$(dump_db)" "$before" "storing nothing"

# The spatial index through the host table, against a brute-force answer.
ps probe near LDN-SYN-0001 3000
is "$RC" 0 "a plugin queries sites near a site"
like "$(printf '%s\n' "$OUT" | head -n1)" "^crs EPSG:27700 centre" "through the CRS transform"
got=$(printf '%s\n' "$OUT" | tail -n +2)
want=$(sqlite3 "$DB" "SELECT s.id, printf('%.1f', sqrt((s.x-c.x)*(s.x-c.x)+(s.y-c.y)*(s.y-c.y))) AS d
	FROM sites s, sites c WHERE c.id = 'LDN-SYN-0001'
	AND (s.x-c.x)*(s.x-c.x)+(s.y-c.y)*(s.y-c.y) <= 3000.0*3000.0 ORDER BY d + 0, s.id" | tr '|' ' ')
is "$got" "$want" "radius query equals brute force, nearest first"
[ "$(printf '%s\n' "$got" | wc -l)" -gt 3 ]
ok $? "and finds several sites"
ps probe near NOPE-0001 10
is "$RC" 3 "an unknown site is rejected"
like "$ERR" "no site 'NOPE-0001'" "saying which"

ps export
is "$RC" 0 "export with plugin sections"
printf '%s\n' "$OUT" >"$T/export.xml"
like "$OUT" '<note text="fire exit blocked by bins" xmlns="urn:shomer:probe:1"/>' \
	"export writes the plugin's section in its namespace"
xmllint --noout --schema "$ROOT/schemas/site.xsd" "$T/export.xml" 2>/dev/null
ok $? "xmllint --schema site.xsd accepts the export with plugin sections"
DB2="$T/second.db"
"$SHOMER" --db "$DB2" --plugins "$PD" init >/dev/null 2>&1
"$SHOMER" --db "$DB2" --plugins "$PD" import --quiet "$T/export.xml" 2>/dev/null
"$SHOMER" --db "$DB2" --plugins "$PD" export >"$T/export2.xml" 2>/dev/null
cmp -s "$T/export.xml" "$T/export2.xml"
ok $? "import(export) with plugin sections gives an identical export"

cat >"$T/badnote.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<sites xmlns="urn:shomer:site:1">
  <site id="TST-SYN-0002">
    <name>Second Test</name>
    <kind>synagogue</kind>
    <region>London &amp; South</region>
    <location lat="51.5" lon="-0.21"/>
    <note xmlns="urn:shomer:probe:1"/>
  </site>
</sites>
XML
before=$(dump_db)
ps import "$T/badnote.xml"
is "$RC" 3 "a section that breaks the plugin's schema is rejected"
like "$ERR" "badnote.xml:8: .*'text'" "with the line of the section"
is "$(dump_db)" "$before" "and nothing changed"

# Without the plugin its namespace is unknown.
mkdir -p "$T/none" && chmod 0755 "$T/none"
OUT=$("$SHOMER" --db "$DB" --plugins "$T/none" import "$T/notes.xml" 2>&1)
RC=$?
is "$RC" 3 "without the plugin, its sections are rejected"
like "$OUT" "notes.xml:8: unknown namespace 'urn:shomer:probe:1' on element 'note' in site 'TST-SYN-0001' \(no loaded plugin owns it\)" \
	"naming the namespace and the site"

ps report
like "$OUT" "Probe notes" "the plugin's report section is in the report"

ps sites rm TST-SYN-0001
is "$RC" 0 "removing a site"
is "$(sqlite3 "$DB" "SELECT count(*) FROM probe_notes")" 0 "its plugin rows go with it"
is "$(sqlite3 "$DB" "SELECT count(*) FROM site_attrs WHERE site_id = 'TST-SYN-0001'")" 0 \
	"and its attributes"

done_testing
