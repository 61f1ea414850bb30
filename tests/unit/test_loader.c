/*
 * test_loader.c - the plugin loader against deliberately broken plugins.
 *
 * The test plugins (tests/plugins/<file>.c) are built into the directory
 * named by $SHOMER_TEST_PLUGINS (default build-san/tests/plugins).  Each case
 * copies one into a fresh private directory under the name the case needs
 * and checks the exact message loader_open gives.  Refusals that must happen
 * before dlopen use ctor_marker.so, whose constructor creates a marker file:
 * if the marker appears, dlopen ran.
 */
#include "loader.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host.h"
#include "util.h"

#include "check.h"

#include "banned.h"

static const char *plugins_dir(void)
{
	const char *d = getenv("SHOMER_TEST_PLUGINS");
	return d && d[0] ? d : "build-san/tests/plugins";
}

/* A fresh directory (mkdtemp makes it 0700); malloc'ed path. */
static char *make_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *t = xstrfmt("%s/shomer-loader-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");

	if (!mkdtemp(t)) {
		perror("mkdtemp");
		exit(2);
	}
	return t;
}

static void rm_rf(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		char *p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = xstrfmt("%s/%s", dir, de->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_rf(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static void copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[8192];
	ssize_t n;
	int in = open(from, O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (in < 0 || out < 0) {
		fprintf(stderr, "cannot copy '%s' to '%s': %s\n", from, to, strerror(errno));
		exit(2);
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			perror("write");
			exit(2);
		}
	}
	/* Explicit, so that the umask cannot change what a case tests. */
	if (n < 0 || fchmod(out, mode) < 0) {
		perror("copy");
		exit(2);
	}
	close(in);
	close(out);
}

/* Copies build/.../<so>.so to <dir>/shomer-<name>.so; malloc'ed path. */
static char *install(const char *dir, const char *so, const char *name, mode_t mode)
{
	char *from = xstrfmt("%s/%s.so", plugins_dir(), so);
	char *to = xstrfmt("%s/shomer-%s.so", dir, name);

	copy_file(from, to, mode);
	free(from);
	return to;
}

/* 1 if the object at `path` is still mapped in this process. */
static int is_loaded(const char *path)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);

	if (!h)
		return 0;
	dlclose(h); /* drops only the reference RTLD_NOLOAD just took */
	return 1;
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* ---- broken plugins: loader_open must say exactly why ---- */

static void expect_refused(const char *so, const char *name, const char *want)
{
	char *dir = make_dir();
	char *path = install(dir, so, name, 0755);
	struct loader_plugin p = {0};
	char *err = NULL;
	char *what;
	int rc = loader_open(path, &p, &err);

	what = xstrfmt("%s.so refused", so);
	CHECK(rc == -1, what);
	free(what);
	what = xstrfmt("%s.so: message", so);
	CHECK_STR(err, want, what);
	free(what);
	what = xstrfmt("%s.so: handle closed again", so);
	CHECK(!is_loaded(path), what);
	free(what);
	free(err);
	free(path);
	rm_rf(dir);
	free(dir);
}

static void test_broken_plugins(void)
{
	char *want;

	want = xstrfmt("built for ABI %d.%d, host provides %d.%d", SHOMER_ABI_MAJOR + 1,
	               SHOMER_ABI_MINOR, SHOMER_ABI_MAJOR, SHOMER_ABI_MINOR);
	expect_refused("abi_major", "abi_major", want);
	free(want);

	want = xstrfmt("built for ABI %d.%d, host provides %d.%d", SHOMER_ABI_MAJOR,
	               SHOMER_ABI_MINOR + 3, SHOMER_ABI_MAJOR, SHOMER_ABI_MINOR);
	expect_refused("abi_minor", "abi_minor", want);
	free(want);

	want = xstrfmt("descriptor size %zu, host expects %zu",
	               sizeof(struct shomer_plugin_desc) - 8, sizeof(struct shomer_plugin_desc));
	expect_refused("desc_size", "desc_size", want);
	free(want);

	expect_refused("no_entry", "no_entry", "no entry function 'shomer_plugin_entry'");
	expect_refused("bad_name", "bad_name",
	               "declares name 'other' but the file is 'shomer-bad_name.so'");
	expect_refused("no_init", "no_init", "descriptor has no init function");
}

/* ---- a mock host: just enough of the service table to run init() ---- */

struct shomer_host {
	const struct shomer_command *cmds[8];
	size_t ncmds;
	const struct shomer_xml_handler *xml;
	const struct shomer_migration *migs;
	size_t nmigs;
	shomer_report_fn report;
	size_t nsites;
};

static void *mock_alloc(size_t n)
{
	return xmalloc(n);
}

static void mock_free(void *p)
{
	free(p);
}

static char *mock_strdup(const char *s)
{
	return xstrdup(s);
}

static char *mock_errorf(const char *fmt, ...) UTIL_PRINTF(1, 2);
static char *mock_errorf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xstrvfmt(fmt, ap);
	va_end(ap);
	return s;
}

static int mock_register_command(struct shomer_host *h, const struct shomer_command *cmd,
                                 char **errmsg)
{
	if (h->ncmds == ARRAY_SIZE(h->cmds))
		return err_set(errmsg, "mock host: too many commands");
	h->cmds[h->ncmds++] = cmd;
	return SHOMER_OK;
}

static int mock_register_xml(struct shomer_host *h, const struct shomer_xml_handler *x,
                             char **errmsg)
{
	(void)errmsg;
	h->xml = x;
	return SHOMER_OK;
}

static int mock_register_migrations(struct shomer_host *h, const struct shomer_migration *m,
                                    size_t n, char **errmsg)
{
	(void)errmsg;
	h->migs = m;
	h->nmigs = n;
	return SHOMER_OK;
}

static int mock_register_report(struct shomer_host *h, shomer_report_fn fn, void *ud, char **errmsg)
{
	(void)ud;
	(void)errmsg;
	h->report = fn;
	return SHOMER_OK;
}

static int mock_site_foreach(struct shomer_host *h, const struct shomer_site_filter *filter,
                             shomer_site_fn cb, void *ud, char **errmsg)
{
	struct shomer_site site = {0};

	(void)filter;
	(void)errmsg;
	for (size_t i = 0; i < h->nsites; i++) {
		int rc = cb(ud, &site, 0);
		if (rc != SHOMER_OK)
			return rc;
	}
	return SHOMER_OK;
}

static const struct shomer_api mock_api = {
        .size = sizeof(struct shomer_api),
        .abi_major = SHOMER_ABI_MAJOR,
        .abi_minor = SHOMER_ABI_MINOR,
        .alloc = mock_alloc,
        .free = mock_free,
        .strdup = mock_strdup,
        .errorf = mock_errorf,
        .register_command = mock_register_command,
        .register_xml = mock_register_xml,
        .register_migrations = mock_register_migrations,
        .register_report = mock_register_report,
        .site_foreach = mock_site_foreach,
};

/* Runs a command with stdout sent to a file; returns what it printed. */
static char *run_captured(struct shomer_host *h, const struct shomer_command *cmd, int *rc,
                          char **errmsg)
{
	char *dir = make_dir();
	char *file = xstrfmt("%s/stdout", dir);
	char verb[] = "hello";
	char *argv[] = {verb, NULL};
	char buf[256];
	ssize_t n;
	int fd, saved;

	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (saved < 0 || fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
		perror("redirect");
		exit(2);
	}
	*rc = cmd->run(h, cmd->ud, 1, argv, errmsg);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	rm_rf(dir);
	free(dir);
	free(file);
	return xstrdup(buf);
}

static void test_good_plugin(void)
{
	char *dir = make_dir();
	char *path = install(dir, "good", "probe", 0755);
	struct loader_plugin p = {0};
	struct shomer_host h = {0};
	char *err = NULL, *printed;
	int rc;

	CHECK(loader_open(path, &p, &err) == 0, "good.so as shomer-probe.so loads");
	CHECK_STR(err, NULL, "good.so: no message");
	if (!p.desc) {
		free(path);
		rm_rf(dir);
		free(dir);
		return;
	}
	CHECK_STR(p.path, path, "good.so: path kept");
	CHECK_STR(p.file_name, "probe", "good.so: file name part");
	CHECK(p.handle != NULL, "good.so: handle set");
	CHECK_STR(p.desc->name, "probe", "good.so: descriptor name");
	CHECK_STR(p.desc->version, "0.1.0", "good.so: descriptor version");
	CHECK(p.desc->abi_major == SHOMER_ABI_MAJOR && p.desc->abi_minor == SHOMER_ABI_MINOR,
	      "good.so: descriptor ABI version");
	CHECK(p.desc->desc_size == sizeof(struct shomer_plugin_desc), "good.so: descriptor size");
	/* RTLD_LOCAL: the entry symbol must not join the global scope, or the
	 * next plugin's lookups could bind to this one's. */
	{
		void *global = dlopen(NULL, RTLD_NOW);
		CHECK(global && !dlsym(global, SHOMER_PLUGIN_ENTRY_NAME),
		      "good.so: loaded RTLD_LOCAL (entry not in the global scope)");
		if (global)
			dlclose(global);
	}

	/* init() against the mock host: one of every registration. */
	CHECK(p.desc->init(&h, &mock_api, &err) == SHOMER_OK, "probe init succeeds");
	CHECK_STR(err, NULL, "probe init: no message");
	CHECK(h.ncmds == 5, "probe registers five commands");
	if (h.ncmds == 5) {
		CHECK_STR(h.cmds[0]->group, "probe", "probe command group");
		CHECK_STR(h.cmds[0]->verb, "hello", "probe command verb");
		CHECK_STR(h.cmds[1]->verb, "near", "probe second command verb");
		CHECK(h.cmds[0]->size == sizeof(struct shomer_command), "probe command size");
		/* the flags (ABI 1.4), read only where the descriptor's size covers them */
		CHECK(host_command_flags(h.cmds[0]) == 0, "a command that needs the database");
		CHECK_STR(h.cmds[3]->verb, "alone", "probe fourth command verb");
		CHECK(host_command_flags(h.cmds[3]) == SHOMER_CMD_NO_DB,
		      "a command that needs no database says so");
		CHECK_STR(h.cmds[4]->verb, "old", "probe fifth command verb");
		CHECK(h.cmds[4]->flags == SHOMER_CMD_NO_DB && host_command_flags(h.cmds[4]) == 0,
		      "flags beyond a descriptor's size are not read");
	}
	CHECK(h.xml != NULL, "probe registers an XML namespace");
	if (h.xml) {
		CHECK_STR(h.xml->ns, "urn:shomer:probe:1", "probe namespace");
		CHECK_STR(h.xml->xsd, "probe.xsd", "probe schema file");
		CHECK(h.xml->import != NULL && h.xml->export_site != NULL,
		      "probe has import and export_site");
	}
	CHECK(h.nmigs == 1 && h.migs && h.migs[0].version == 1 &&
	              strstr(h.migs[0].sql, "CREATE TABLE probe_notes") != NULL,
	      "probe registers migration 1 creating probe_notes");
	CHECK(h.report != NULL, "probe registers a report section");

	if (h.ncmds == 1) {
		h.nsites = 3;
		printed = run_captured(&h, h.cmds[0], &rc, &err);
		CHECK(rc == SHOMER_EXIT_OK, "probe hello exits 0");
		CHECK_STR(printed, "hello from probe: 3 sites\n", "probe hello output");
		free(printed);
	}

	free(err);
	loader_plugin_release(&p);
	CHECK(p.path == NULL && p.file_name == NULL, "release clears the strings");
	CHECK(is_loaded(path), "release leaves the object loaded");
	free(path);
	rm_rf(dir);
	free(dir);
}

static void test_init_fail(void)
{
	char *dir = make_dir();
	char *path = install(dir, "init_fail", "init_fail", 0755);
	struct loader_plugin p = {0};
	struct shomer_host h = {0};
	char *err = NULL;

	/* The loader never calls init(), so this plugin passes it. */
	CHECK(loader_open(path, &p, &err) == 0, "init_fail.so loads");
	if (p.desc) {
		CHECK(p.desc->init(&h, &mock_api, &err) == SHOMER_ERR, "init_fail: init fails");
		CHECK_STR(err, "cannot reach the frobnicator", "init_fail: message");
		CHECK(h.ncmds == 1, "init_fail: registered a command before failing");
	}
	free(err);
	loader_plugin_release(&p);
	free(path);
	rm_rf(dir);
	free(dir);
}

/* ---- loader_check_desc, field by field ---- */

static int unit_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	(void)host;
	(void)api;
	(void)errmsg;
	return SHOMER_OK;
}

static const struct shomer_plugin_desc unit_desc = {
        SHOMER_DESC_HEADER,    .name = "unit",    .version = "1",
        .description = "unit", .init = unit_init,
};

static void check_desc(const struct shomer_plugin_desc *d, const char *file_name, const char *want,
                       const char *what)
{
	char *err = NULL;
	int rc = loader_check_desc(d, file_name, &err);
	char *w = xstrfmt("%s: message", what);

	CHECK(rc == (want ? -1 : 0), what);
	CHECK_STR(err, want, w);
	free(w);
	free(err);
}

static void test_check_desc(void)
{
	struct shomer_plugin_desc d;
	unsigned other_ptr = sizeof(void *) == 8 ? 4 : 8;
	char *want;

	check_desc(&unit_desc, "unit", NULL, "valid descriptor accepted");
	check_desc(NULL, "unit", "entry function returned no descriptor", "NULL descriptor");

	d = unit_desc;
	d.ptr_size = (uint8_t)other_ptr;
	want = xstrfmt("pointer size %u, host has %zu", other_ptr, sizeof(void *));
	check_desc(&d, "unit", want, "pointer size");
	/* Order: the pointer size comes before every other field. */
	d.abi_major = SHOMER_ABI_MAJOR + 1;
	d.desc_size = 1;
	d.name = NULL;
	check_desc(&d, "unit", want, "pointer size checked first");
	free(want);

	d = unit_desc;
	d.size_t_size = (uint8_t)other_ptr;
	want = xstrfmt("size_t size %u, host has %zu", other_ptr, sizeof(size_t));
	check_desc(&d, "unit", want, "size_t size");
	free(want);

	d = unit_desc;
	d.abi_major = SHOMER_ABI_MAJOR + 1;
	want = xstrfmt("built for ABI %d.%d, host provides %d.%d", SHOMER_ABI_MAJOR + 1,
	               SHOMER_ABI_MINOR, SHOMER_ABI_MAJOR, SHOMER_ABI_MINOR);
	check_desc(&d, "unit", want, "newer major");
	d.desc_size = 1;
	check_desc(&d, "unit", want, "major checked before size");
	free(want);

	d = unit_desc;
	d.abi_major = SHOMER_ABI_MAJOR - 1;
	want = xstrfmt("built for ABI %d.%d, host provides %d.%d", SHOMER_ABI_MAJOR - 1,
	               SHOMER_ABI_MINOR, SHOMER_ABI_MAJOR, SHOMER_ABI_MINOR);
	check_desc(&d, "unit", want, "older major");
	free(want);

	d = unit_desc;
	d.abi_minor = SHOMER_ABI_MINOR + 1;
	want = xstrfmt("built for ABI %d.%d, host provides %d.%d", SHOMER_ABI_MAJOR,
	               SHOMER_ABI_MINOR + 1, SHOMER_ABI_MAJOR, SHOMER_ABI_MINOR);
	check_desc(&d, "unit", want, "newer minor");
	d.desc_size = 1;
	check_desc(&d, "unit", want, "minor checked before size");
	free(want);

#if SHOMER_ABI_MINOR > 0
	d = unit_desc;
	d.abi_minor = SHOMER_ABI_MINOR - 1;
	check_desc(&d, "unit", NULL, "older minor accepted");
#else
	/* Host minor 0: no older minor exists; the same one must pass. */
	d = unit_desc;
	d.abi_minor = SHOMER_ABI_MINOR;
	check_desc(&d, "unit", NULL, "same minor accepted (host minor is 0)");
#endif

	d = unit_desc;
	d.desc_size = sizeof(struct shomer_plugin_desc) + 8;
	want = xstrfmt("descriptor size %zu, host expects %zu",
	               sizeof(struct shomer_plugin_desc) + 8, sizeof(struct shomer_plugin_desc));
	check_desc(&d, "unit", want, "larger descriptor");
	d.name = NULL;
	check_desc(&d, "unit", want, "size checked before name");
	free(want);

	d = unit_desc;
	d.name = NULL;
	check_desc(&d, "unit", "descriptor has no name", "NULL name");
	d.init = NULL;
	check_desc(&d, "unit", "descriptor has no name", "name checked before init");
	d.name = "";
	check_desc(&d, "unit", "descriptor has no name", "empty name");

	d = unit_desc;
	d.init = NULL;
	check_desc(&d, "unit", "descriptor has no init function", "no init");
	check_desc(&d, "other", "descriptor has no init function",
	           "init checked before name match");

	check_desc(&unit_desc, "bar", "declares name 'unit' but the file is 'shomer-bar.so'",
	           "name differs from the file name");
	check_desc(&unit_desc, "unit2", "declares name 'unit' but the file is 'shomer-unit2.so'",
	           "name is a prefix of the file name");
}

/* ---- path safety, before dlopen ---- */

static char *marker;

/* A refusal that must come before dlopen: message, and no constructor ran. */
static void expect_unsafe(const char *path, const char *want, const char *what)
{
	struct loader_plugin p = {0};
	char *err = NULL;
	char *w;

	unlink(marker);
	CHECK(loader_open(path, &p, &err) == -1, what);
	w = xstrfmt("%s: message", what);
	CHECK_STR(err, want, w);
	free(w);
	w = xstrfmt("%s: refused before dlopen (no constructor ran)", what);
	CHECK(!exists(marker), w);
	free(w);
	free(err);
}

static void test_unsafe_paths(void)
{
	char *mdir = make_dir(), *dir = make_dir(), *other = make_dir();
	char *path, *want, *sub, *link;
	struct loader_plugin p = {0};
	char *err = NULL;

	marker = xstrfmt("%s/marker", mdir);
	setenv("SHOMER_TEST_MARKER", marker, 1);

	CHECK(loader_open("plugins/shomer-x.so", &p, &err) == -1, "relative path refused");
	CHECK_STR(err, "plugin path 'plugins/shomer-x.so' is not absolute",
	          "relative path: message");
	free(err);
	err = NULL;

	path = install(dir, "ctor_marker", "ctor_marker", 0755);

	chmod(dir, 0777);
	want = xstrfmt("directory '%s' is world-writable", dir);
	expect_unsafe(path, want, "world-writable directory");
	free(want);

	chmod(dir, 0775);
	want = xstrfmt("directory '%s' is group-writable", dir);
	expect_unsafe(path, want, "group-writable directory");
	free(want);
	chmod(dir, 0700);

	chmod(path, 0775);
	want = xstrfmt("file '%s' is group-writable", path);
	expect_unsafe(path, want, "group-writable file");
	free(want);

	chmod(path, 0757);
	want = xstrfmt("file '%s' is world-writable", path);
	expect_unsafe(path, want, "world-writable file");
	free(want);
	chmod(path, 0755);

	/* A symlink in a safe directory to a safe file is still refused: the
	 * check would otherwise vouch for a file it never looked at. */
	link = xstrfmt("%s/shomer-ctor_marker.so", other);
	if (symlink(path, link) < 0) {
		perror("symlink");
		exit(2);
	}
	want = xstrfmt("file '%s' is a symbolic link", link);
	expect_unsafe(link, want, "symlinked file");
	free(want);
	free(link);

	sub = xstrfmt("%s/shomer-sub.so", dir);
	mkdir(sub, 0700);
	want = xstrfmt("'%s' is not a regular file", sub);
	expect_unsafe(sub, want, "directory named like a plugin");
	free(want);
	free(sub);

	sub = xstrfmt("%s/shomer-missing.so", dir);
	want = xstrfmt("cannot stat '%s': no such file or directory", sub);
	expect_unsafe(sub, want, "missing file");
	free(want);
	free(sub);

	sub = xstrfmt("%s/libctor.so", dir);
	copy_file(path, sub, 0755);
	expect_unsafe(sub, "file name 'libctor.so' is not of the form shomer-<name>.so",
	              "file name not shomer-<name>.so");
	free(sub);

	if (geteuid() == 0) {
		/* Only root can give a file away; as anyone else, skip. */
		if (chown(path, 1234, (gid_t)-1) == 0) {
			want = xstrfmt("file '%s' is owned by uid 1234, not by you or root", path);
			expect_unsafe(path, want, "file owned by another user");
			free(want);
			if (chown(path, geteuid(), (gid_t)-1) < 0) {
				perror("chown");
				exit(2);
			}
		}
		if (chown(dir, 1234, (gid_t)-1) == 0) {
			want = xstrfmt("directory '%s' is owned by uid 1234, not by you or root",
			               dir);
			expect_unsafe(path, want, "directory owned by another user");
			free(want);
			if (chown(dir, geteuid(), (gid_t)-1) < 0) {
				perror("chown");
				exit(2);
			}
		}
	} else {
		printf("# skip: ownership cases need root to chown\n");
	}

	sub = xstrfmt("%s/shomer-junk.so", dir);
	{
		FILE *f = fopen(sub, "w");
		if (!f) {
			perror(sub);
			exit(2);
		}
		fputs("not an ELF object\n", f);
		fclose(f);
		chmod(sub, 0755);
	}
	CHECK(loader_open(sub, &p, &err) == -1, "non-ELF file refused");
	CHECK(err && starts_with(err, "cannot load: ") && strstr(err, "shomer-junk.so"),
	      "non-ELF file: dlerror text in the message");
	free(err);
	err = NULL;
	free(sub);

	/* The control: the same file in a safe place does run its constructor,
	 * so the "no constructor ran" checks above could have failed. */
	unlink(marker);
	CHECK(loader_open(path, &p, &err) == 0, "ctor_marker.so loads from a safe directory");
	CHECK_STR(err, NULL, "ctor_marker.so: no message");
	CHECK(exists(marker), "ctor_marker.so: constructor ran at dlopen");
	free(err);
	loader_plugin_release(&p);

	unsetenv("SHOMER_TEST_MARKER");
	free(path);
	rm_rf(dir);
	rm_rf(other);
	rm_rf(mdir);
	free(dir);
	free(other);
	free(mdir);
	free(marker);
	marker = NULL;
}

/* ---- loader_list ---- */

static void touch(const char *dir, const char *name)
{
	char *p = xstrfmt("%s/%s", dir, name);
	FILE *f = fopen(p, "w");

	if (!f) {
		perror(p);
		exit(2);
	}
	fclose(f);
	free(p);
}

static void free_paths(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void test_list(void)
{
	char *dir = make_dir(), *real, *missing, *via, *link_dir = make_dir(), *want;
	char **v = NULL;
	size_t n = 99;
	char *err = NULL;
	int rc;

	missing = xstrfmt("%s/nope", dir);
	rc = loader_list(missing, &v, &n, &err);
	CHECK(rc == 0 && n == 0 && v == NULL, "missing directory: 0 entries, no error");
	CHECK_STR(err, NULL, "missing directory: no message");
	free(missing);

	rc = loader_list(dir, &v, &n, &err);
	CHECK(rc == 0 && n == 0, "empty directory: 0 entries");

	touch(dir, "shomer-b.so");
	touch(dir, "shomer-a.so");
	touch(dir, "shomer-c_d.so");
	touch(dir, "libshomer.so");
	touch(dir, "shomer-.so");
	touch(dir, "shomer-a.so.bak");
	touch(dir, "xshomer-e.so");
	touch(dir, "README");

	real = realpath(dir, NULL);
	/* A non-canonical spelling of the directory still gives canonical paths. */
	via = xstrfmt("%s/./", dir);
	rc = loader_list(via, &v, &n, &err);
	CHECK(rc == 0, "list succeeds");
	CHECK(n == 3, "lists only shomer-<name>.so");
	if (n == 3) {
		want = xstrfmt("%s/shomer-a.so", real);
		CHECK_STR(v[0], want, "first in name order, absolute");
		free(want);
		want = xstrfmt("%s/shomer-b.so", real);
		CHECK_STR(v[1], want, "second in name order");
		free(want);
		want = xstrfmt("%s/shomer-c_d.so", real);
		CHECK_STR(v[2], want, "third in name order");
		free(want);
	}
	free_paths(v, n);
	free(via);

	/* A directory reached through a symlink is listed where it really is. */
	via = xstrfmt("%s/plugins", link_dir);
	if (symlink(dir, via) < 0) {
		perror("symlink");
		exit(2);
	}
	rc = loader_list(via, &v, &n, &err);
	want = xstrfmt("%s/shomer-a.so", real);
	CHECK(rc == 0 && n == 3 && !strcmp(v[0], want), "symlinked directory: real paths");
	free(want);
	free_paths(v, n);
	free(via);

	chmod(dir, 0777);
	v = NULL;
	n = 99;
	rc = loader_list(dir, &v, &n, &err);
	CHECK(rc == -1 && n == 0 && v == NULL, "world-writable directory: no list");
	want = xstrfmt("directory '%s' is world-writable", real);
	CHECK_STR(err, want, "world-writable directory: message");
	free(want);
	free(err);
	chmod(dir, 0700);

	free(real);
	rm_rf(dir);
	rm_rf(link_dir);
	free(dir);
	free(link_dir);
}

int main(void)
{
	test_check_desc();
	test_broken_plugins();
	test_good_plugin();
	test_init_fail();
	test_unsafe_paths();
	test_list();
	return check_done();
}
