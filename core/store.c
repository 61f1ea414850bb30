/*
 * store.c - see store.h.
 */
#include "store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core_schema.h"
#include "util.h"

#include "banned.h"

/* Milliseconds a writer waits for another's lock before giving up. */
#define STORE_BUSY_TIMEOUT_MS 10000

struct stmt_cache_entry {
	char *sql;
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char *path;
	struct stmt_cache_entry *cache;
	size_t ncache, acache;
};

const char *store_backend_version(void)
{
	return sqlite3_libversion();
}

const char *store_path(const struct store *st)
{
	return st->path;
}

static int db_error(struct store *st, char **errmsg, const char *what)
{
	return err_set(errmsg, "%s: %s", what, sqlite3_errmsg(st->db));
}

static int valid_identifier(const char *s)
{
	if (!s || !*s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return 0;
	for (; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	}
	return 1;
}

int store_exec_script(struct store *st, const char *sql, char **errmsg)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(errmsg, "%s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *store_prepare(struct store *st, const char *sql, char **errmsg)
{
	for (size_t i = 0; i < st->ncache; i++) {
		struct stmt_cache_entry *e = &st->cache[i];
		/* by text: a freed string's address may come back with other text */
		if (strcmp(e->sql, sql) == 0) {
			sqlite3_reset(e->stmt);
			sqlite3_clear_bindings(e->stmt);
			return e->stmt;
		}
	}
	sqlite3_stmt *stmt;
	const char *tail;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, &tail) != SQLITE_OK) {
		db_error(st, errmsg, "cannot prepare statement");
		return NULL;
	}
	while (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';')
		tail++;
	if (*tail) {
		sqlite3_finalize(stmt);
		err_set(errmsg, "cannot prepare statement: more than one statement given");
		return NULL;
	}
	ALLOC_GROW(st->cache, st->ncache + 1, st->acache);
	st->cache[st->ncache].sql = xstrdup(sql);
	st->cache[st->ncache].stmt = stmt;
	st->ncache++;
	return stmt;
}

sqlite3_stmt *store_prepare_new(struct store *st, const char *sql, char **errmsg)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		db_error(st, errmsg, "cannot prepare statement");
		return NULL;
	}
	return stmt;
}

void store_finalize(sqlite3_stmt *stmt)
{
	sqlite3_finalize(stmt);
}

static int bind_all(struct store *st, sqlite3_stmt *stmt, const struct shomer_value *params,
                    size_t nparams, sqlite3_destructor_type text, char **errmsg)
{
	if ((int)nparams != sqlite3_bind_parameter_count(stmt))
		return err_set(errmsg, "statement takes %d parameters, %zu given",
		               sqlite3_bind_parameter_count(stmt), nparams);
	for (size_t i = 0; i < nparams; i++) {
		int rc, col = (int)i + 1;
		switch (params[i].type) {
		case SHOMER_INT: rc = sqlite3_bind_int64(stmt, col, params[i].u.i); break;
		case SHOMER_REAL: rc = sqlite3_bind_double(stmt, col, params[i].u.r); break;
		case SHOMER_TEXT:
			rc = params[i].u.s ? sqlite3_bind_text(stmt, col, params[i].u.s, -1, text)
			                   : sqlite3_bind_null(stmt, col);
			break;
		default: rc = sqlite3_bind_null(stmt, col); break;
		}
		if (rc != SQLITE_OK)
			return db_error(st, errmsg, "cannot bind parameter");
	}
	return 0;
}

int store_bind(struct store *st, sqlite3_stmt *stmt, const struct shomer_value *params,
               size_t nparams, char **errmsg)
{
	return bind_all(st, stmt, params, nparams, SQLITE_TRANSIENT, errmsg);
}

int store_step_done(struct store *st, sqlite3_stmt *stmt, char **errmsg)
{
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		db_error(st, errmsg, "cannot execute statement");
		sqlite3_reset(stmt);
		return -1;
	}
	sqlite3_reset(stmt);
	return 0;
}

int store_exec(struct store *st, const char *sql, const struct shomer_value *params, size_t nparams,
               char **errmsg)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, errmsg);
	if (!stmt || store_bind(st, stmt, params, nparams, errmsg))
		return -1;
	return store_step_done(st, stmt, errmsg);
}

int store_exec_rows(struct store *st, const char *sql, const struct shomer_value *rows,
                    size_t nrows, size_t ncols, size_t *failed, char **errmsg)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, errmsg);
	*failed = 0;
	if (!stmt)
		return -1;
	for (size_t r = 0; r < nrows; r++) {
		/* The text stays the caller's until the statement is reset and
		 * its bindings cleared, both before this returns. */
		if (bind_all(st, stmt, rows + r * ncols, ncols, SQLITE_STATIC, errmsg) ||
		    store_step_done(st, stmt, errmsg)) {
			sqlite3_clear_bindings(stmt);
			*failed = r;
			return -1;
		}
	}
	sqlite3_clear_bindings(stmt);
	return 0;
}

int64_t store_changes(struct store *st)
{
	return sqlite3_changes64(st->db);
}

static void column_value(sqlite3_stmt *stmt, int i, struct shomer_value *v)
{
	switch (sqlite3_column_type(stmt, i)) {
	case SQLITE_INTEGER:
		v->type = SHOMER_INT;
		v->u.i = sqlite3_column_int64(stmt, i);
		break;
	case SQLITE_FLOAT:
		v->type = SHOMER_REAL;
		v->u.r = sqlite3_column_double(stmt, i);
		break;
	case SQLITE_NULL:
		v->type = SHOMER_NULL;
		v->u.s = NULL;
		break;
	default:
		v->type = SHOMER_TEXT;
		v->u.s = (const char *)sqlite3_column_text(stmt, i);
		break;
	}
}

static int run_query(struct store *st, sqlite3_stmt *stmt, int cached,
                     const struct shomer_value *params, size_t nparams, shomer_row_fn cb, void *ud,
                     char **errmsg)
{
	if (store_bind(st, stmt, params, nparams, errmsg)) {
		if (cached)
			sqlite3_reset(stmt);
		else
			sqlite3_finalize(stmt);
		return -1;
	}
	int ncols = sqlite3_column_count(stmt);
	struct shomer_value *cols = xcalloc((size_t)ncols + 1, sizeof(*cols));
	int rc, ret = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int i = 0; i < ncols; i++)
			column_value(stmt, i, &cols[i]);
		if (cb && (ret = cb(ud, ncols, cols)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_error(st, errmsg, "query failed");
	free(cols);
	if (cached)
		sqlite3_reset(stmt);
	else
		sqlite3_finalize(stmt);
	return ret;
}

int store_query(struct store *st, const char *sql, const struct shomer_value *params,
                size_t nparams, shomer_row_fn cb, void *ud, char **errmsg)
{
	/*
	 * Not from the cache: a callback may run another query with the same
	 * text (recursion through the host), which must not reset this one.
	 */
	sqlite3_stmt *stmt = store_prepare_new(st, sql, errmsg);
	return stmt ? run_query(st, stmt, 0, params, nparams, cb, ud, errmsg) : -1;
}

int store_query_cached(struct store *st, const char *sql, const struct shomer_value *params,
                       size_t nparams, shomer_row_fn cb, void *ud, char **errmsg)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, errmsg);
	return stmt ? run_query(st, stmt, 1, params, nparams, cb, ud, errmsg) : -1;
}

struct int_result {
	int64_t *out;
	int *found;
};

static int first_int_row(void *ud, int ncols, const struct shomer_value *cols)
{
	struct int_result *r = ud;
	if (ncols > 0 && cols[0].type == SHOMER_INT)
		*r->out = cols[0].u.i;
	else if (ncols > 0 && cols[0].type == SHOMER_REAL)
		*r->out = (int64_t)cols[0].u.r;
	else
		*r->out = 0;
	*r->found = 1;
	return 1; /* one row is enough */
}

int store_query_int(struct store *st, const char *sql, const struct shomer_value *params,
                    size_t nparams, int64_t *out, int *found, char **errmsg)
{
	int dummy;
	if (!found)
		found = &dummy;
	*found = 0;
	struct int_result r = {out, found};
	int rc = store_query(st, sql, params, nparams, first_int_row, &r, errmsg);
	return rc == 1 ? 0 : rc;
}

int store_in_transaction(struct store *st)
{
	return !sqlite3_get_autocommit(st->db);
}

int store_begin(struct store *st, char **errmsg)
{
	return store_exec_script(st, "BEGIN IMMEDIATE", errmsg);
}

int store_commit(struct store *st, char **errmsg)
{
	return store_exec_script(st, "COMMIT", errmsg);
}

int store_rollback(struct store *st)
{
	if (!store_in_transaction(st))
		return 0;
	return store_exec_script(st, "ROLLBACK", NULL);
}

static int savepoint_sql(struct store *st, const char *verb, const char *name, char **errmsg)
{
	if (!valid_identifier(name))
		return err_set(errmsg, "invalid savepoint name '%s'", name ? name : "");
	char *sql = xstrfmt("%s%s", verb, name);
	int rc = store_exec_script(st, sql, errmsg);
	free(sql);
	return rc;
}

int store_savepoint(struct store *st, const char *name, char **errmsg)
{
	return savepoint_sql(st, "SAVEPOINT ", name, errmsg);
}

int store_release(struct store *st, const char *name, char **errmsg)
{
	return savepoint_sql(st, "RELEASE SAVEPOINT ", name, errmsg);
}

int store_rollback_to(struct store *st, const char *name, char **errmsg)
{
	if (savepoint_sql(st, "ROLLBACK TO SAVEPOINT ", name, errmsg))
		return -1;
	return savepoint_sql(st, "RELEASE SAVEPOINT ", name, errmsg);
}

/* ---- meta ---- */

struct text_result {
	char **value;
};

static int first_text_row(void *ud, int ncols, const struct shomer_value *cols)
{
	struct text_result *r = ud;
	if (ncols > 0 && cols[0].type == SHOMER_TEXT)
		*r->value = xstrdup(cols[0].u.s);
	return 1;
}

int store_meta_get(struct store *st, const char *key, char **value, char **errmsg)
{
	*value = NULL;
	struct text_result r = {value};
	struct shomer_value p[] = {SHOMER_V_TEXT(key)};
	int rc = store_query(st, "SELECT value FROM meta WHERE key = ?", p, 1, first_text_row, &r,
	                     errmsg);
	return rc == 1 ? 0 : rc;
}

int store_meta_set(struct store *st, const char *key, const char *value, char **errmsg)
{
	struct shomer_value p[] = {SHOMER_V_TEXT(key), SHOMER_V_TEXT(value)};
	return store_exec(st,
	                  "INSERT INTO meta (key, value) VALUES (?, ?) "
	                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	                  p, 2, errmsg);
}

/* ---- migrations ---- */

static int apply_migration(struct store *st, const char *owner, const struct shomer_migration *m,
                           const char *record_sql, const struct shomer_value *record,
                           size_t nrecord, char **errmsg)
{
	char *why = NULL;
	if (store_begin(st, &why) || store_exec_script(st, m->sql, &why) ||
	    store_exec(st, record_sql, record, nrecord, &why) || store_commit(st, &why)) {
		store_rollback(st);
		err_set(errmsg, "migration %d of '%s' failed: %s", m->version, owner, why);
		free(why);
		return -1;
	}
	return 0;
}

static int migrate_core(struct store *st, char **errmsg)
{
	int64_t v = 0;
	if (store_query_int(st, "PRAGMA user_version", NULL, 0, &v, NULL, errmsg))
		return -1;
	if (v > (int64_t)core_migrations_count)
		return err_set(errmsg,
		               "database schema version %lld is newer than this shomer "
		               "understands (%zu); upgrade shomer",
		               (long long)v, core_migrations_count);
	for (size_t i = (size_t)v; i < core_migrations_count; i++) {
		/* PRAGMA takes no parameters; the version is our own integer. */
		char *record = xstrfmt("PRAGMA user_version = %d", core_migrations[i].version);
		int rc = apply_migration(st, "core", &core_migrations[i], record, NULL, 0, errmsg);
		free(record);
		if (rc)
			return -1;
	}
	return 0;
}

int store_plugin_version(struct store *st, const char *plugin, int *version, char **errmsg)
{
	int64_t v = 0;
	struct shomer_value p[] = {SHOMER_V_TEXT(plugin)};
	if (store_query_int(st, "SELECT version FROM plugin_versions WHERE plugin = ?", p, 1, &v,
	                    NULL, errmsg))
		return -1;
	*version = (int)v;
	return 0;
}

int store_migrate_plugin(struct store *st, const char *plugin, const struct shomer_migration *m,
                         size_t n, char **errmsg)
{
	int have;
	if (store_plugin_version(st, plugin, &have, errmsg))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (m[i].version != (int)i + 1)
			return err_set(errmsg,
			               "migrations of '%s' must be numbered 1, 2, 3...; "
			               "entry %zu has version %d",
			               plugin, i + 1, m[i].version);
	}
	if (have > (int)n)
		return err_set(errmsg,
		               "database has schema version %d of plugin '%s', newer than the "
		               "plugin's %zu; upgrade the plugin",
		               have, plugin, n);
	for (size_t i = (size_t)have; i < n; i++) {
		struct shomer_value rec[] = {SHOMER_V_TEXT(plugin), SHOMER_V_INT(m[i].version)};
		if (apply_migration(st, plugin, &m[i],
		                    "INSERT INTO plugin_versions (plugin, version) VALUES (?, ?) "
		                    "ON CONFLICT (plugin) DO UPDATE SET version = excluded.version",
		                    rec, 2, errmsg))
			return -1;
	}
	return 0;
}

/* ---- open / close ---- */

static int set_pragmas(struct store *st, char **errmsg)
{
	static const char pragmas[] = "PRAGMA foreign_keys = ON;"
	                              "PRAGMA secure_delete = ON;"
	                              "PRAGMA synchronous = FULL;"
	                              "PRAGMA cache_size = -65536;"
	                              "PRAGMA journal_mode = WAL;";
	if (sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS) != SQLITE_OK)
		return db_error(st, errmsg, "cannot set busy timeout");
	if (store_exec_script(st, pragmas, errmsg))
		return -1;
	/* journal_mode may silently stay as it was (e.g. on some filesystems). */
	int64_t fk = 0;
	if (store_query_int(st, "PRAGMA foreign_keys", NULL, 0, &fk, NULL, errmsg))
		return -1;
	if (fk != 1)
		return err_set(errmsg, "cannot enable foreign keys");
	return 0;
}

int store_open(const char *path, int create, struct store **out, char **errmsg)
{
	struct stat sb;
	int exists = stat(path, &sb) == 0;
	*out = NULL;
	if (create && exists)
		return err_set(errmsg, "database '%s' already exists", path);
	if (!create && !exists)
		return err_set(errmsg, "no database at '%s'; create one with 'shomer init'", path);
	if (exists && !S_ISREG(sb.st_mode))
		return err_set(errmsg, "database '%s' is not a regular file", path);

	struct store *st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	/* Whatever the caller's umask, the map of a community's weak points is 0600. */
	mode_t old = umask(077);
	int rc = sqlite3_open_v2(path, &st->db, flags, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(st->db, "PRAGMA schema_version", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		umask(old);
		err_set(errmsg, "cannot open database '%s': %s", path,
		        st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return -1;
	}
	if (create && chmod(path, 0600) != 0) {
		umask(old);
		err_set(errmsg, "cannot set mode of '%s': %s", path, strerror(errno));
		store_close(st);
		return -1;
	}
	rc = set_pragmas(st, errmsg) || migrate_core(st, errmsg);
	umask(old);
	if (rc) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->ncache; i++) {
		sqlite3_finalize(st->cache[i].stmt);
		free(st->cache[i].sql);
	}
	free(st->cache);
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	free(st);
}
