/*
 * loader.h - finding, vetting and opening plugin shared objects.
 *
 * The loader does everything up to, but not including, calling the plugin's
 * init(): path safety, dlopen, the entry symbol, and the descriptor checks.
 * Registration and init() belong to the host (host.h), which also refuses a
 * name that is already loaded.
 *
 * Rules (DESIGN.md, "The plugin ABI"):
 *   - Absolute paths only.
 *   - Before dlopen (a constructor runs at dlopen time): refuse a file, or
 *     the directory holding it, that is group- or world-writable or owned by
 *     someone other than the current user or root; refuse anything that is
 *     not a regular file.
 *   - dlopen with RTLD_NOW | RTLD_LOCAL; never dlclose after a successful
 *     open (the descriptor and strings live in the object).
 *   - Descriptor checks, each with its own message naming the field:
 *       ABI major differs     "built for ABI 2.0, host provides 1.0"
 *       newer ABI minor       "built for ABI 1.3, host provides 1.0"
 *       desc_size differs     "descriptor size 72, host expects 80"
 *       ptr/size_t size       "pointer size 4, host has 8"
 *       missing name/init     "descriptor has no name" / "... no init function"
 *       name != file name     "declares name 'foo' but the file is 'shomer-bar.so'"
 */
#ifndef SHOMER_LOADER_H
#define SHOMER_LOADER_H

#include "shomer/plugin.h"

/* A plugin file that passed every check; init() not yet called. */
struct loader_plugin {
	char *path;                            /* absolute, malloc'ed */
	char *file_name;                       /* "<name>" from shomer-<name>.so, malloc'ed */
	void *handle;                          /* from dlopen; never closed */
	const struct shomer_plugin_desc *desc; /* inside the object */
};

/*
 * Vets and opens one plugin file.  On success fills *out (release with
 * loader_plugin_release, which frees the strings but does not dlclose) and
 * returns 0.  On failure returns -1 with *errmsg set to the reason (without
 * the path; the caller prints it beside the path); a handle opened before
 * the failing check is closed again (no init ran).
 */
int loader_open(const char *path, struct loader_plugin *out, char **errmsg);
void loader_plugin_release(struct loader_plugin *p);

/*
 * Checks that `path` may be trusted: exists, is a regular file or a
 * directory as `want_dir` says, not group- or world-writable, owned by the
 * current user or root.  Returns 0 or -1 with *errmsg.
 */
int loader_check_path(const char *path, int want_dir, char **errmsg);

/*
 * Lists the plugin files in directory `dir`: every shomer-*.so, as absolute
 * paths in name order.  The directory itself is vetted with
 * loader_check_path first; if it fails, returns -1 with *errmsg and no list.
 * *paths is a malloc'ed array of malloc'ed strings (free each and the array).
 * A missing directory is not an error: 0 with *n = 0.
 */
int loader_list(const char *dir, char ***paths, size_t *n, char **errmsg);

/*
 * Checks a descriptor against this host's ABI and the expected name; the
 * part of loader_open that needs no file, exposed for tests.
 */
int loader_check_desc(const struct shomer_plugin_desc *d, const char *file_name, char **errmsg);

#endif /* SHOMER_LOADER_H */
