/*
 * loader.c - see loader.h.
 */
#include "loader.h"

#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#include "banned.h"

#define PLUGIN_PREFIX "shomer-"
#define PLUGIN_SUFFIX ".so"

/* strerror() text in house style: "no such file or directory". */
static char *errno_text(int errnum)
{
	char *s = xstrdup(strerror(errnum));
	if (s[0])
		s[0] = (char)tolower((unsigned char)s[0]);
	return s;
}

static int err_errno(char **errmsg, const char *what, const char *path, int errnum)
{
	char *e = errno_text(errnum);
	err_set(errmsg, "cannot %s '%s': %s", what, path, e);
	free(e);
	return -1;
}

/* 1 if a file name has the form shomer-<name>.so with a non-empty name. */
static int is_plugin_file(const char *base)
{
	size_t len = strlen(base);
	size_t pre = strlen(PLUGIN_PREFIX), suf = strlen(PLUGIN_SUFFIX);

	return len > pre + suf && starts_with(base, PLUGIN_PREFIX) &&
	       strcmp(base + len - suf, PLUGIN_SUFFIX) == 0;
}

/* The <name> in "shomer-<name>.so", malloc'ed; the form already checked. */
static char *plugin_file_name(const char *base)
{
	size_t pre = strlen(PLUGIN_PREFIX), suf = strlen(PLUGIN_SUFFIX);

	return xstrndup(base + pre, strlen(base) - pre - suf);
}

int loader_check_path(const char *path, int want_dir, char **errmsg)
{
	const char *what = want_dir ? "directory" : "file";
	struct stat st;

	/*
	 * lstat, not stat: a symbolic link would move the trust decision to
	 * wherever the link points, which this check never looks at.
	 */
	if (lstat(path, &st) < 0)
		return err_errno(errmsg, "stat", path, errno);
	if (S_ISLNK(st.st_mode))
		return err_set(errmsg, "%s '%s' is a symbolic link", what, path);
	if (want_dir && !S_ISDIR(st.st_mode))
		return err_set(errmsg, "'%s' is not a directory", path);
	if (!want_dir && !S_ISREG(st.st_mode))
		return err_set(errmsg, "'%s' is not a regular file", path);
	if (st.st_uid != geteuid() && st.st_uid != 0)
		return err_set(errmsg, "%s '%s' is owned by uid %lu, not by you or root", what,
		               path, (unsigned long)st.st_uid);
	if (st.st_mode & S_IWOTH)
		return err_set(errmsg, "%s '%s' is world-writable", what, path);
	if (st.st_mode & S_IWGRP)
		return err_set(errmsg, "%s '%s' is group-writable", what, path);
	return 0;
}

int loader_check_desc(const struct shomer_plugin_desc *d, const char *file_name, char **errmsg)
{
	/*
	 * The first ten bytes (versions, desc_size, ptr_size, size_t_size) sit
	 * at the same offsets on every platform and in every ABI version, so
	 * they can be read before anything else is known.  Pointer sizes come
	 * first: on a mismatch every later offset is meaningless.
	 */
	if (!d)
		return err_set(errmsg, "entry function returned no descriptor");
	if (d->ptr_size != sizeof(void *))
		return err_set(errmsg, "pointer size %u, host has %zu", (unsigned)d->ptr_size,
		               sizeof(void *));
	if (d->size_t_size != sizeof(size_t))
		return err_set(errmsg, "size_t size %u, host has %zu", (unsigned)d->size_t_size,
		               sizeof(size_t));
	if (d->abi_major != SHOMER_ABI_MAJOR || d->abi_minor > SHOMER_ABI_MINOR)
		return err_set(errmsg, "built for ABI %u.%u, host provides %d.%d",
		               (unsigned)d->abi_major, (unsigned)d->abi_minor, SHOMER_ABI_MAJOR,
		               SHOMER_ABI_MINOR);
	if (d->desc_size != sizeof(struct shomer_plugin_desc))
		return err_set(errmsg, "descriptor size %lu, host expects %zu",
		               (unsigned long)d->desc_size, sizeof(struct shomer_plugin_desc));
	if (!d->name || !d->name[0])
		return err_set(errmsg, "descriptor has no name");
	if (!d->init)
		return err_set(errmsg, "descriptor has no init function");
	if (strcmp(d->name, file_name) != 0)
		return err_set(errmsg,
		               "declares name '%s' but the file is '" PLUGIN_PREFIX
		               "%s" PLUGIN_SUFFIX "'",
		               d->name, file_name);
	return 0;
}

/* The entry function, looked up and called. */
static int call_entry(void *handle, const struct shomer_plugin_desc **desc, char **errmsg)
{
	shomer_entry_fn entry;
	void *sym;

	dlerror();
	sym = dlsym(handle, SHOMER_PLUGIN_ENTRY_NAME);
	if (!sym)
		return err_set(errmsg, "no entry function '%s'", SHOMER_PLUGIN_ENTRY_NAME);
	/*
	 * ISO C has no conversion from void * to a function pointer; POSIX
	 * guarantees the representations match, so copy the bits.
	 */
	memcpy(&entry, &sym, sizeof(entry));
	*desc = entry();
	return 0;
}

int loader_open(const char *path, struct loader_plugin *out, char **errmsg)
{
	const struct shomer_plugin_desc *desc = NULL;
	const char *slash;
	char *dir, *name;
	void *handle;
	int rc;

	if (path[0] != '/')
		return err_set(errmsg, "plugin path '%s' is not absolute", path);
	slash = strrchr(path, '/');
	if (!is_plugin_file(slash + 1))
		return err_set(errmsg,
		               "file name '%s' is not of the form " PLUGIN_PREFIX
		               "<name>" PLUGIN_SUFFIX,
		               slash + 1);
	name = plugin_file_name(slash + 1);

	/* Both checks come before dlopen: constructors run inside it. */
	dir = slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
	rc = loader_check_path(dir, 1, errmsg);
	free(dir);
	if (rc < 0 || loader_check_path(path, 0, errmsg) < 0)
		goto fail;

	dlerror();
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		const char *e = dlerror();
		err_set(errmsg, "cannot load: %s", e ? e : "unknown dlopen error");
		goto fail;
	}
	if (call_entry(handle, &desc, errmsg) < 0 || loader_check_desc(desc, name, errmsg) < 0) {
		/* init() never ran, so the host holds no pointer into the object. */
		dlclose(handle);
		goto fail;
	}

	out->path = xstrdup(path);
	out->file_name = name;
	out->handle = handle;
	out->desc = desc;
	return 0;

fail:
	free(name);
	return -1;
}

void loader_plugin_release(struct loader_plugin *p)
{
	free(p->path);
	free(p->file_name);
	/* The handle stays open: the host may still hold pointers into it. */
	p->path = NULL;
	p->file_name = NULL;
	p->handle = NULL;
	p->desc = NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int loader_list(const char *dir, char ***paths, size_t *n, char **errmsg)
{
	char **v = NULL;
	size_t nv = 0, alloc = 0;
	char *real;
	DIR *d;

	*paths = NULL;
	*n = 0;
	/*
	 * Resolve first so that the returned paths are absolute and canonical
	 * and a configured directory that is a symlink is vetted where it
	 * actually is.
	 */
	real = realpath(dir, NULL);
	if (!real) {
		if (errno == ENOENT)
			return 0;
		return err_errno(errmsg, "resolve", dir, errno);
	}
	if (loader_check_path(real, 1, errmsg) < 0) {
		free(real);
		return -1;
	}
	d = opendir(real);
	if (!d) {
		err_errno(errmsg, "open directory", real, errno);
		free(real);
		return -1;
	}
	for (;;) {
		struct dirent *de;

		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (!is_plugin_file(de->d_name))
			continue;
		ALLOC_GROW(v, nv + 1, alloc);
		v[nv++] = xstrfmt("%s/%s", strcmp(real, "/") ? real : "", de->d_name);
	}
	if (errno) {
		err_errno(errmsg, "read directory", real, errno);
		closedir(d);
		free_list(v, nv);
		free(real);
		return -1;
	}
	closedir(d);
	free(real);
	if (nv)
		qsort(v, nv, sizeof(*v), cmp_str);
	*paths = v;
	*n = nv;
	return 0;
}
