/*
 * store.h - the database: one SQLite file, its pragmas, migrations, and the
 * backend-neutral execute / query / savepoint interface that the host passes
 * on to plugins.
 *
 * Every connection gets journal_mode=WAL, foreign_keys=ON, busy_timeout,
 * secure_delete=ON and synchronous=FULL.  Files are created 0600: the process
 * runs under umask 077 (set in main) and store_open tightens the mode of a
 * database it creates as well, for callers that did not.
 *
 * SQL handed to store_exec/store_query stays inside the subset that SQLite
 * and PostgreSQL share ('?' placeholders are the one translation a future
 * PostgreSQL backend makes).
 */
#ifndef SHOMER_STORE_H
#define SHOMER_STORE_H

#include <stddef.h>

#include "shomer/plugin.h"

struct store;
struct sqlite3_stmt;

/*
 * Opens the database at `path`.  With `create`, the file must not exist yet
 * and is created; without, it must exist ("no database at 'x'; create one
 * with 'shomer init'").  Applies the pragmas and the core migrations.
 */
int store_open(const char *path, int create, struct store **out, char **errmsg);
void store_close(struct store *st);

/* The path given to store_open; borrowed. */
const char *store_path(const struct store *st);

/*
 * Runs the one-statement `sql` once for each of `nrows` rows of `ncols`
 * parameters (rows[r * ncols + c]), from the cache, without copying the
 * text: the bulk form of store_exec.  On failure *failed is the row's
 * index.
 */
int store_exec_rows(struct store *st, const char *sql, const struct shomer_value *rows,
                    size_t nrows, size_t ncols, size_t *failed, char **errmsg);
/* One statement with bound parameters. */
int store_exec(struct store *st, const char *sql, const struct shomer_value *params, size_t nparams,
               char **errmsg);
/* Several statements separated by ';', no parameters. */
int store_exec_script(struct store *st, const char *sql, char **errmsg);
/*
 * A query; cb gets each row (values borrowed until it returns).  Returns 0,
 * -1 on error, or the first non-zero value cb returned.
 */
int store_query(struct store *st, const char *sql, const struct shomer_value *params,
                size_t nparams, shomer_row_fn cb, void *ud, char **errmsg);
/*
 * store_query through the statement cache, for hot paths that run one query
 * many times (the host's attribute services).  The callback must not run
 * the same SQL again while the query is open.
 */
int store_query_cached(struct store *st, const char *sql, const struct shomer_value *params,
                       size_t nparams, shomer_row_fn cb, void *ud, char **errmsg);

/*
 * Convenience: the first column of the first row as an int64 (*found = 0 and
 * *out untouched when there is no row).
 */
int store_query_int(struct store *st, const char *sql, const struct shomer_value *params,
                    size_t nparams, int64_t *out, int *found, char **errmsg);
/* Rows changed by the last store_exec. */
int64_t store_changes(struct store *st);

/*
 * Transactions.  store_begin takes the write lock at once (BEGIN IMMEDIATE)
 * so that a long import never fails half-way on a busy database.
 */
int store_begin(struct store *st, char **errmsg);
int store_commit(struct store *st, char **errmsg);
int store_rollback(struct store *st);
int store_in_transaction(struct store *st);

/* Nested savepoints; `name` must be a plain identifier. */
int store_savepoint(struct store *st, const char *name, char **errmsg);
int store_release(struct store *st, const char *name, char **errmsg);
/* Rolls back to the savepoint and releases it. */
int store_rollback_to(struct store *st, const char *name, char **errmsg);

/*
 * Migrations.  The core's schema version is PRAGMA user_version; a plugin's
 * is its row in plugin_versions.  Each migration runs in its own transaction
 * together with its version record; a failure leaves the earlier ones in
 * place and reports "migration N of 'name' failed: ...".
 */
int store_plugin_version(struct store *st, const char *plugin, int *version, char **errmsg);
int store_migrate_plugin(struct store *st, const char *plugin, const struct shomer_migration *m,
                         size_t n, char **errmsg);

/* A key in the meta table (e.g. "crs"); *value malloc'ed, NULL if absent. */
int store_meta_get(struct store *st, const char *key, char **value, char **errmsg);
int store_meta_set(struct store *st, const char *key, const char *value, char **errmsg);

/*
 * A prepared statement from the connection's cache, reset and with bindings
 * cleared; for hot loops in the core (imports).  Do not finalize it.
 */
struct sqlite3_stmt *store_prepare(struct store *st, const char *sql, char **errmsg);
/* A fresh statement, not cached, for a loop whose body may run the same
 * query again; the caller finalizes it with store_finalize. */
struct sqlite3_stmt *store_prepare_new(struct store *st, const char *sql, char **errmsg);
void store_finalize(struct sqlite3_stmt *stmt);
/* Binds params to a statement (1-based, in order). */
int store_bind(struct store *st, struct sqlite3_stmt *stmt, const struct shomer_value *params,
               size_t nparams, char **errmsg);
/* Steps a statement that returns no rows; resets it. */
int store_step_done(struct store *st, struct sqlite3_stmt *stmt, char **errmsg);

/* SQLite's version string; borrowed. */
const char *store_backend_version(void);

#endif /* SHOMER_STORE_H */
