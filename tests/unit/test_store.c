/*
 * test_store.c - the database layer: pragmas, file modes, migrations,
 * parameters, savepoints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "store.h"
#include "util.h"

static char dir[] = "/tmp/shomer-store-XXXXXX";

static char *path_in(const char *name)
{
	return xstrfmt("%s/%s", dir, name);
}

static int mode_of(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (int)(sb.st_mode & 0777) : -1;
}

static int64_t q_int(struct store *st, const char *sql)
{
	int64_t v = -1;
	store_query_int(st, sql, NULL, 0, &v, NULL, NULL);
	return v;
}

struct text_row {
	char buf[64];
};

static int first_text(void *ud, int ncols, const struct shomer_value *v)
{
	struct text_row *t = ud;
	(void)ncols;
	snprintf(t->buf, sizeof(t->buf), "%s", v[0].type == SHOMER_TEXT ? v[0].u.s : "?");
	return 1;
}

static void test_open_and_pragmas(void)
{
	char *db = path_in("a.db"), *wal = path_in("a.db-wal"), *shm = path_in("a.db-shm");
	char *err = NULL;
	struct store *st;
	/* A permissive umask must not leak into the files. */
	mode_t old = umask(022);
	CHECK(store_open(db, 0, &st, &err) == -1, "opening a missing database fails");
	char *want = xstrfmt("no database at '%s'; create one with 'shomer init'", db);
	CHECK_STR(err, want, "the message says how to create one");
	free(want);
	free(err);
	err = NULL;
	CHECK(store_open(db, 1, &st, &err) == 0, "creating a database works");
	CHECK(store_exec_script(st, "CREATE TABLE t (a INTEGER)", &err) == 0, "a write works");
	CHECK(mode_of(db) == 0600, "database file is 0600");
	CHECK(mode_of(wal) == 0600, "write-ahead log is 0600");
	CHECK(mode_of(shm) == 0600, "shared-memory file is 0600");
	CHECK(q_int(st, "PRAGMA foreign_keys") == 1, "foreign_keys is on");
	CHECK(q_int(st, "PRAGMA secure_delete") == 1, "secure_delete is on");
	CHECK(q_int(st, "PRAGMA busy_timeout") >= 1000, "busy_timeout is set");
	CHECK(q_int(st, "PRAGMA synchronous") == 2, "synchronous is FULL");
	struct text_row jm = {{0}};
	store_query(st, "PRAGMA journal_mode", NULL, 0, first_text, &jm, NULL);
	CHECK_STR(jm.buf, "wal", "journal_mode is wal");
	CHECK(q_int(st, "PRAGMA user_version") == 3, "core migrations applied (user_version 3)");
	store_close(st);

	CHECK(store_open(db, 1, &st, &err) == -1, "creating over an existing database fails");
	free(err);
	err = NULL;
	CHECK(store_open(db, 0, &st, &err) == 0, "reopening works");
	CHECK(q_int(st, "PRAGMA foreign_keys") == 1, "foreign_keys is on for every connection");
	store_close(st);
	umask(old);
	free(db);
	free(wal);
	free(shm);
}

static const struct shomer_migration good[] = {
        {1, "CREATE TABLE demo_a (id TEXT PRIMARY KEY)"},
        {2, "CREATE TABLE demo_b (id TEXT PRIMARY KEY); INSERT INTO demo_b VALUES ('x')"},
};

static const struct shomer_migration bad[] = {
        {1, "CREATE TABLE demo_a (id TEXT PRIMARY KEY)"},
        {2, "CREATE TABLE demo_b (id TEXT PRIMARY KEY)"},
        {3, "CREATE TABLE demo_c (id TEXT); INSERT INTO no_such_table VALUES (1)"},
};

static void test_migrations(void)
{
	char *db = path_in("m.db"), *err = NULL;
	struct store *st;
	CHECK(store_open(db, 1, &st, &err) == 0, "open for migrations");
	int v = -1;
	CHECK(store_plugin_version(st, "demo", &v, &err) == 0 && v == 0,
	      "an unknown plugin is at version 0");
	CHECK(store_migrate_plugin(st, "demo", good, 2, &err) == 0, "two migrations apply");
	store_plugin_version(st, "demo", &v, &err);
	CHECK(v == 2, "plugin version recorded as 2");
	CHECK(store_migrate_plugin(st, "demo", good, 2, &err) == 0, "re-applying is a no-op");
	CHECK(q_int(st, "SELECT count(*) FROM demo_b") == 1, "a migration ran only once");
	CHECK(store_migrate_plugin(st, "demo", bad, 3, &err) == -1, "a failing migration fails");
	CHECK(err && strstr(err, "migration 3 of 'demo' failed") != NULL,
	      "the message names the migration and plugin");
	free(err);
	err = NULL;
	store_plugin_version(st, "demo", &v, NULL);
	CHECK(v == 2, "the failed migration's version is not recorded");
	CHECK(q_int(st, "SELECT count(*) FROM sqlite_master WHERE name = 'demo_c'") == 0,
	      "the failed migration left no table behind (one transaction)");
	CHECK(store_migrate_plugin(st, "demo", good, 1, &err) == -1,
	      "a database newer than the plugin is refused");
	free(err);
	err = NULL;
	store_close(st);
	free(db);
}

struct sum {
	int64_t total;
	int rows;
};

static int add_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct sum *s = ud;
	(void)ncols;
	s->total += v[0].u.i;
	s->rows++;
	return 0;
}

static int stop_at_two(void *ud, int ncols, const struct shomer_value *v)
{
	struct sum *s = ud;
	(void)ncols;
	(void)v;
	return ++s->rows == 2 ? 7 : 0;
}

static void test_exec_query_savepoints(void)
{
	char *db = path_in("q.db"), *err = NULL;
	struct store *st;
	CHECK(store_open(db, 1, &st, &err) == 0, "open for queries");
	store_exec_script(st, "CREATE TABLE n (v INTEGER, s TEXT)", NULL);
	for (int i = 1; i <= 4; i++) {
		struct shomer_value p[] = {SHOMER_V_INT(i), SHOMER_V_TEXT("x'; DROP TABLE n; --")};
		store_exec(st, "INSERT INTO n VALUES (?, ?)", p, 2, NULL);
	}
	struct sum s = {0, 0};
	struct shomer_value p1[] = {SHOMER_V_INT(2)};
	CHECK(store_query(st, "SELECT v FROM n WHERE v >= ?", p1, 1, add_row, &s, &err) == 0,
	      "a query with a bound parameter runs");
	CHECK(s.total == 9 && s.rows == 3, "it sees the right rows (2+3+4)");
	CHECK(q_int(st, "SELECT count(*) FROM n WHERE s = 'x''; DROP TABLE n; --'") == 4,
	      "text parameters are data, never SQL");
	s = (struct sum){0, 0};
	CHECK(store_query(st, "SELECT v FROM n", NULL, 0, stop_at_two, &s, &err) == 7,
	      "a callback's stop value comes back");
	CHECK(store_exec(st, "INSERT INTO n VALUES (?, ?)", p1, 1, &err) == -1,
	      "a wrong parameter count is refused");
	free(err);
	err = NULL;
	CHECK(store_exec(st, "INSERT INTO n VALUES (1, 'a'); DELETE FROM n", NULL, 0, &err) == -1,
	      "two statements in one exec are refused");
	free(err);
	err = NULL;

	CHECK(store_savepoint(st, "outer", &err) == 0, "savepoint");
	store_exec_script(st, "INSERT INTO n VALUES (10, 'in')", NULL);
	CHECK(store_savepoint(st, "inner", &err) == 0, "nested savepoint");
	store_exec_script(st, "INSERT INTO n VALUES (20, 'in')", NULL);
	CHECK(store_rollback_to(st, "inner", &err) == 0, "roll back the inner one");
	CHECK(store_release(st, "outer", &err) == 0, "release the outer one");
	CHECK(q_int(st, "SELECT count(*) FROM n WHERE v = 10") == 1, "outer work kept");
	CHECK(q_int(st, "SELECT count(*) FROM n WHERE v = 20") == 0, "inner work undone");
	CHECK(store_savepoint(st, "bad name; DROP TABLE n", &err) == -1,
	      "a savepoint name must be an identifier");
	free(err);
	err = NULL;

	CHECK(store_begin(st, &err) == 0, "begin");
	store_exec_script(st, "DELETE FROM n", NULL);
	CHECK(store_rollback(st) == 0, "rollback");
	CHECK(q_int(st, "SELECT count(*) FROM n") == 5, "rolled-back delete left every row");
	char *v = NULL;
	CHECK(store_meta_set(st, "crs", "EPSG:27700", &err) == 0, "meta set");
	CHECK(store_meta_get(st, "crs", &v, &err) == 0 && v && strcmp(v, "EPSG:27700") == 0,
	      "meta get");
	free(v);
	store_close(st);
	free(db);
}

static void test_foreign_keys_cascade(void)
{
	char *db = path_in("fk.db"), *err = NULL;
	struct store *st;
	CHECK(store_open(db, 1, &st, &err) == 0, "open for foreign keys");
	store_exec_script(st,
	                  "INSERT INTO sites (id, name, kind, region, lat, lon, x, y) VALUES "
	                  "('A-1', 'a', 'school', 'r', 51, 0, 1, 2);"
	                  "INSERT INTO site_attrs VALUES ('A-1', 'x.y', '1', 'now')",
	                  &err);
	CHECK(store_exec_script(st, "INSERT INTO site_attrs VALUES ('NOPE', 'x.y', '1', 'now')",
	                        &err) == -1,
	      "an attribute of a missing site is refused");
	free(err);
	err = NULL;
	CHECK(store_exec_script(st,
	                        "INSERT INTO sites (id, name, kind, region, lat, lon, x, y) "
	                        "VALUES ('B-1', 'b', 'castle', 'r', 51, 0, 1, 2)",
	                        &err) == -1,
	      "an unknown kind is refused by the table too");
	free(err);
	err = NULL;
	store_exec_script(st, "DELETE FROM sites WHERE id = 'A-1'", NULL);
	CHECK(q_int(st, "SELECT count(*) FROM site_attrs") == 0, "deleting a site cascades");
	store_close(st);
	free(db);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_open_and_pragmas();
	test_migrations();
	test_exec_query_savepoints();
	test_foreign_keys_cascade();
	char *cmd = xstrfmt("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot clean %s\n", dir);
	free(cmd);
	return check_done();
}
