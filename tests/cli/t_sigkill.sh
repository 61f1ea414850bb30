#!/usr/bin/env bash
# Atomic imports: kill the importer with SIGKILL at many points of a large
# import; afterwards the database passes PRAGMA integrity_check and holds
# either every old site or every old and every new one, never a part.
. "$(dirname "$0")/lib.sh"

NEW=20000
"$SHOMER_GEN" sites --count "$NEW" --seed 7 --out "$T/big.xml"
ok $? "generated $NEW sites"
demo_db
ok $? "a database with the demo sites"
OLD=$(sqlite3 "$DB" "SELECT count(*) FROM sites")
is "$OLD" 41 "it starts with the 41 demo sites"

# How long one full import takes here, to spread the kills across it.
cp "$DB" "$T/probe.db"
start=$(date +%s%N)
"$SHOMER" --db "$T/probe.db" import --quiet "$T/big.xml" 2>/dev/null
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
rm -f "$T/probe.db"*
[ "$full_ms" -gt 0 ]
ok $? "a full import takes ${full_ms} ms here"

KILLS=12
saw_old=0
saw_new=0
for i in $(seq 1 $KILLS); do
	# From just after start to just past the end, in even steps.
	delay_ms=$(( full_ms * i / (KILLS - 1) ))
	"$SHOMER" --db "$DB" import --quiet "$T/big.xml" 2>/dev/null &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	integrity=$(sqlite3 "$DB" "PRAGMA integrity_check" 2>&1)
	count=$(sqlite3 "$DB" "SELECT count(*) FROM sites" 2>&1)
	is "$integrity" ok "kill $i at ${delay_ms} ms: integrity_check ok"
	case "$count" in
	"$OLD") saw_old=$((saw_old + 1)); ok 0 "kill $i: the old $OLD sites, untouched" ;;
	"$((OLD + NEW))") saw_new=$((saw_new + 1)); ok 0 "kill $i: all $((OLD + NEW)) sites" ;;
	*) ok 1 "kill $i: $count sites is neither $OLD nor $((OLD + NEW))" ;;
	esac
	# Once the import has landed, start again from the old state.
	if [ "$count" = "$((OLD + NEW))" ]; then
		demo_db
	fi
done
[ "$saw_old" -gt 0 ]
ok $? "some kills landed before the commit ($saw_old)"
echo "# kills before commit: $saw_old, after: $saw_new"

# The database is still usable: a clean import completes.
"$SHOMER" --db "$DB" import --quiet "$T/big.xml"
is "$(sqlite3 "$DB" "SELECT count(*) FROM sites")" "$((OLD + NEW))" "a clean import afterwards lands"

done_testing
