/*
 * gen.c - shomer-gen, a deterministic generator of national-scale synthetic
 * data in Shomer's own formats, for benchmarks and load tests.
 *
 *   shomer-gen <kind> [--count N] [--seed S] [--out FILE]
 *   shomer-gen sites [--count N] [--seed S] [--cctv]
 *   shomer-gen incidents [--count N] [--seed S] [--sites N [--site-seed S]]
 *   shomer-gen spend [--count POSTINGS] [--seed S] [--sites N [--site-seed S]]
 *   shomer-gen guards [--count N] [--seed S] [--sites N [--site-seed S]]
 *
 * The first argument names the record kind; each kind is one entry in
 * `gen_kinds[]` below with its own generator function, so that a kind is
 * added beside `sites`, `incidents`, `spend` and `guards` without touching
 * the option parsing or the output code.  `sites --cctv` adds a
 * CCTV section (cameras, buildings, walls, areas of interest) to each site
 * and leaves the rest of every site as it is without it.
 *
 * Output is a pure function of the arguments (kind, count, seed, and for
 * incidents, spend and guards the sites they refer to): the program uses
 * its own PRNG (xoshiro256** seeded by splitmix64), never rand(), never
 * the clock.
 * Coordinates are printed in fixed point (6 decimals, about 0.1 m) from
 * integer arithmetic, so the bytes do not depend on printf's rounding; only
 * libm's sin/cos could differ in a last bit between C libraries, which the
 * rounding to 0.1 m all but always hides.
 *
 * Everything generated is invented: names, streets and postcode completions
 * are made from word lists; only the town centres are real places.
 */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "banned.h"

#define GEN_DEFAULT_COUNT 1000
/* Keeps a per-kind serial within 7 digits, so every id fits SiteId's 32. */
#define GEN_MAX_COUNT 10000000L
#define GEN_PI        3.14159265358979323846

/* ---- PRNG ---- */

/* Vigna's splitmix64: used only to expand the seed into xoshiro's state. */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* xoshiro256** 1.0 (Blackman & Vigna, 2018). */
struct rng {
	uint64_t s[4];
};

static void rng_init(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl64(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl64(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl64(s[3], 45);
	return result;
}

/* Uniform in [0, n), n > 0, without modulo bias. */
static uint64_t rng_below(struct rng *r, uint64_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;
	do
		x = rng_next(r);
	while (x >= limit);
	return x % n;
}

/* Uniform in [0, 1) with 53 random bits. */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [lo, hi]. */
static long rng_range(struct rng *r, long lo, long hi)
{
	return lo + (long)rng_below(r, (uint64_t)(hi - lo) + 1);
}

/* 1 with probability `percent` / 100. */
static int rng_chance(struct rng *r, unsigned percent)
{
	return rng_below(r, 100) < percent;
}

#define RNG_PICK(r, arr) ((arr)[rng_below((r), ARRAY_SIZE(arr))])

/* ---- buffered output ---- */

/*
 * Text is collected in a strbuf and written out in 64 KiB blocks; the first
 * write error is remembered and reported by writer_close().  A writer
 * without a file (writer_open_sink) throws everything away: replaying a
 * generator through it repeats its random draws exactly.
 */
#define WRITER_BLOCK 65536

struct writer {
	FILE *fp;         /* NULL: a sink */
	const char *path; /* for messages; "-" for standard output */
	struct strbuf sb;
	int err;     /* errno of the first failed write, or 0 */
	int regular; /* output is a regular file: safe to remove when failed */
};

static void writer_flush(struct writer *w)
{
	if (w->fp && w->sb.len && !w->err && fwrite(w->sb.buf, 1, w->sb.len, w->fp) != w->sb.len)
		w->err = errno ? errno : EIO;
	sb_reset(&w->sb);
}

static void out_add(struct writer *w, const char *s, size_t n)
{
	if (!w->fp)
		return;
	sb_add(&w->sb, s, n);
	if (w->sb.len >= WRITER_BLOCK)
		writer_flush(w);
}

static void out_str(struct writer *w, const char *s)
{
	out_add(w, s, strlen(s));
}

/* Appends s escaped for XML text and double-quoted attributes. */
static void out_text(struct writer *w, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "&<>\"");
		out_add(w, s, n);
		s += n;
		switch (*s) {
		case '\0': return;
		case '&': out_str(w, "&amp;"); break;
		case '<': out_str(w, "&lt;"); break;
		case '>': out_str(w, "&gt;"); break;
		case '"': out_str(w, "&quot;"); break;
		}
		s++;
	}
}

static void out_ulong(struct writer *w, unsigned long v, int width)
{
	char buf[32];
	char *p = buf + sizeof(buf);
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
		width--;
	} while (v || width > 0);
	out_add(w, p, (size_t)(buf + sizeof(buf) - p));
}

/* Degrees with exactly six decimals, from integer arithmetic. */
static void out_deg(struct writer *w, double v)
{
	long long u = llround(v * 1e6);
	unsigned long long a = u < 0 ? 0ULL - (unsigned long long)u : (unsigned long long)u;
	char buf[32];
	char *p = buf + sizeof(buf);
	for (int i = 0; i < 6; i++) {
		*--p = (char)('0' + a % 10);
		a /= 10;
	}
	*--p = '.';
	do {
		*--p = (char)('0' + a % 10);
		a /= 10;
	} while (a);
	if (u < 0)
		*--p = '-';
	out_add(w, p, (size_t)(buf + sizeof(buf) - p));
}

/* HH:MM from minutes after midnight (0..1440). */
static void out_hhmm(struct writer *w, int minutes)
{
	out_ulong(w, (unsigned long)(minutes / 60), 2);
	out_add(w, ":", 1);
	out_ulong(w, (unsigned long)(minutes % 60), 2);
}

/* strerror with a lower-case first letter, as house messages are written. */
static const char *errtext(int e, char buf[128])
{
	snprintf(buf, 128, "%s", strerror(e));
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* Opens path for writing, or standard output when path is NULL. */
static int writer_open(struct writer *w, const char *path, char **errmsg)
{
	struct stat st;

	sb_init(&w->sb);
	w->err = 0;
	w->regular = 0;
	w->path = path ? path : "-";
	if (!path) {
		w->fp = stdout;
		return 0;
	}
	w->fp = fopen(path, "wb");
	if (!w->fp) {
		char ebuf[128];
		return err_set(errmsg, "cannot open '%s': %s", path, errtext(errno, ebuf));
	}
	/* never remove a device or a pipe the user named, only a file */
	w->regular = !fstat(fileno(w->fp), &st) && S_ISREG(st.st_mode);
	return 0;
}

/* A writer that keeps nothing; release it with sb_release(&w->sb). */
static void writer_open_sink(struct writer *w)
{
	sb_init(&w->sb);
	w->fp = NULL;
	w->path = "-";
	w->err = 0;
	w->regular = 0;
}

/* Flushes, closes (except stdout) and reports the first write error. */
static int writer_close(struct writer *w, char **errmsg)
{
	writer_flush(w);
	sb_release(&w->sb);
	if (fflush(w->fp) && !w->err)
		w->err = errno ? errno : EIO;
	if (w->fp != stdout && fclose(w->fp) && !w->err)
		w->err = errno ? errno : EIO;
	if (w->err) {
		char ebuf[128];
		return err_set(errmsg, "cannot write '%s': %s", w->path, errtext(w->err, ebuf));
	}
	return 0;
}

/* ---- places ---- */

/*
 * Real town centres where communal buildings cluster, weighted roughly by
 * the size of the community, with the police force that covers them and
 * one postcode district.  `radius_km` keeps the scatter on land where a
 * centre is near the coast, a river or reservoirs.
 */
struct town {
	const char *name;
	double lat, lon;
	double radius_km;
	unsigned weight;
	const char *region;
	const char *police;
	const char *postcode;
};

#define R_SOUTH "London & South"
#define R_NORTH "Manchester & North"
#define P_MET   "Metropolitan Police Service"
#define P_GMP   "Greater Manchester Police"

static const struct town towns[] = {
        {"Golders Green", 51.5724, -0.1941, 2.0, 12, R_SOUTH, P_MET, "NW11"},
        {"Hendon", 51.5830, -0.2265, 2.0, 10, R_SOUTH, P_MET, "NW4"},
        {"Edgware", 51.6136, -0.2750, 2.5, 10, R_SOUTH, P_MET, "HA8"},
        {"Stamford Hill", 51.5705, -0.0727, 1.0, 12, R_SOUTH, P_MET, "N16"},
        {"Finchley", 51.6010, -0.1932, 2.0, 7, R_SOUTH, P_MET, "N3"},
        {"Stanmore", 51.6194, -0.3028, 2.0, 4, R_SOUTH, P_MET, "HA7"},
        {"Ilford", 51.5590, 0.0741, 3.0, 4, R_SOUTH, P_MET, "IG1"},
        {"Borehamwood", 51.6569, -0.2697, 2.0, 5, R_SOUTH, "Hertfordshire Constabulary", "WD6"},
        {"St Albans", 51.7527, -0.3394, 2.5, 1, R_SOUTH, "Hertfordshire Constabulary", "AL1"},
        {"Brighton", 50.8380, -0.1400, 1.5, 2, R_SOUTH, "Sussex Police", "BN1"},
        {"Southend-on-Sea", 51.5520, 0.6950, 1.2, 2, R_SOUTH, "Essex Police", "SS0"},
        {"Bournemouth", 50.7350, -1.8700, 1.5, 2, R_SOUTH, "Dorset Police", "BH1"},
        {"Oxford", 51.7520, -1.2577, 2.0, 1, R_SOUTH, "Thames Valley Police", "OX2"},
        {"Cambridge", 52.2053, 0.1218, 2.0, 1, R_SOUTH, "Cambridgeshire Constabulary", "CB1"},
        {"Bristol", 51.4700, -2.6000, 1.5, 1, R_SOUTH, "Avon and Somerset Constabulary", "BS6"},
        {"Cardiff", 51.4980, -3.1850, 2.0, 1, R_SOUTH, "South Wales Police", "CF23"},
        {"Southampton", 50.9300, -1.4100, 1.2, 1, R_SOUTH, "Hampshire Constabulary", "SO15"},
        {"Birmingham", 52.4620, -1.9150, 3.0, 2, R_SOUTH, "West Midlands Police", "B15"},
        {"Leicester", 52.6369, -1.1398, 2.0, 1, R_SOUTH, "Leicestershire Police", "LE2"},
        {"Nottingham", 52.9548, -1.1581, 2.0, 1, R_SOUTH, "Nottinghamshire Police", "NG5"},
        {"Prestwich", 53.5330, -2.2850, 1.5, 9, R_NORTH, P_GMP, "M25"},
        {"Whitefield", 53.5520, -2.2990, 1.5, 7, R_NORTH, P_GMP, "M45"},
        {"Broughton Park", 53.5100, -2.2600, 1.2, 9, R_NORTH, P_GMP, "M7"},
        {"Hale", 53.3780, -2.3480, 2.0, 3, R_NORTH, P_GMP, "WA15"},
        {"Cheadle", 53.3936, -2.2130, 2.0, 3, R_NORTH, P_GMP, "SK8"},
        {"Leeds Alwoodley", 53.8580, -1.5400, 2.0, 5, R_NORTH, "West Yorkshire Police", "LS17"},
        {"Sheffield", 53.3700, -1.5000, 2.5, 1, R_NORTH, "South Yorkshire Police", "S11"},
        {"Liverpool Childwall", 53.3950, -2.8800, 2.0, 2, R_NORTH, "Merseyside Police", "L15"},
        {"Gateshead", 54.9500, -1.6150, 1.2, 4, R_NORTH, "Northumbria Police", "NE8"},
        {"Newcastle Gosforth", 55.0070, -1.6180, 2.0, 1, R_NORTH, "Northumbria Police", "NE3"},
        {"Glasgow Giffnock", 55.8040, -4.2930, 2.0, 2, R_NORTH, "Police Scotland", "G46"},
        {"Edinburgh", 55.9300, -3.1900, 2.0, 1, R_NORTH, "Police Scotland", "EH9"},
        {"York", 53.9590, -1.0815, 2.0, 1, R_NORTH, "North Yorkshire Police", "YO1"},
        {"Hull", 53.7800, -0.3500, 1.5, 1, R_NORTH, "Humberside Police", "HU5"},
};

static const struct town *pick_town(struct rng *r)
{
	unsigned total = 0;
	for (size_t i = 0; i < ARRAY_SIZE(towns); i++)
		total += towns[i].weight;
	uint64_t x = rng_below(r, total);
	for (size_t i = 0; i < ARRAY_SIZE(towns); i++) {
		if (x < towns[i].weight)
			return &towns[i];
		x -= towns[i].weight;
	}
	return &towns[0];
}

/*
 * Length of one degree of latitude and of longitude at latitude `lat`, in
 * metres, on the WGS84 ellipsoid (the usual Fourier series; within
 * centimetres, which is plenty for plots a few hundred metres wide).
 */
static void metres_per_degree(double lat, double *mlat, double *mlon)
{
	double p = lat * GEN_PI / 180;
	*mlat = 111132.92 - 559.82 * cos(2 * p) + 1.175 * cos(4 * p) - 0.0023 * cos(6 * p);
	*mlon = 111412.84 * cos(p) - 93.5 * cos(3 * p) + 0.118 * cos(5 * p);
}

/* ---- site kinds ---- */

/* A weekly session template; attendance is a share of capacity. */
struct session_tpl {
	const char *day;
	int start, end; /* minutes after midnight */
	const char *label;
	double share;
	unsigned minimum; /* a minyan needs ten */
	int must;         /* always listed when the site has room */
};

#define HM(h, m) ((h)*60 + (m))
/* The Friday evening start moves with the season; see FRI_SHIFT. */
#define FRI_EVE (-1)

static const struct session_tpl syn_sessions[] = {
        {"sun", HM(8, 0), HM(8, 45), "Shacharit (Sunday minyan)", 0.04, 10, 0},
        {"sun", HM(9, 30), HM(12, 30), "Cheder (Sunday classes)", 0.12, 15, 0},
        {"mon", HM(7, 0), HM(7, 45), "Shacharit (weekday minyan)", 0.03, 10, 0},
        {"wed", HM(20, 0), HM(21, 30), "Talmud shiur", 0.05, 8, 0},
        {"thu", HM(7, 0), HM(7, 45), "Shacharit (weekday minyan)", 0.03, 10, 0},
        {"fri", FRI_EVE, FRI_EVE, "Kabbalat Shabbat and Maariv", 0.32, 10, 1},
        {"sat", HM(9, 0), HM(12, 0), "Shabbat morning service", 0.78, 10, 1},
};

/*
 * A site has at most six sessions here, so a school lists its arrival and
 * departure for the first days of the week; that keeps the exposed moments,
 * which are what planning needs.
 */
static const struct session_tpl sch_sessions[] = {
        {"mon", HM(8, 0), HM(8, 50), "Arrival", 0.92, 0, 1},
        {"mon", HM(15, 20), HM(16, 0), "Departure", 0.92, 0, 1},
        {"tue", HM(8, 0), HM(8, 50), "Arrival", 0.92, 0, 1},
        {"tue", HM(15, 20), HM(16, 0), "Departure", 0.92, 0, 1},
        {"wed", HM(8, 0), HM(8, 50), "Arrival", 0.92, 0, 1},
        {"wed", HM(8, 50), HM(15, 20), "School day", 1.0, 0, 1},
};

static const struct session_tpl cem_sessions[] = {
        {"sun", HM(10, 0), HM(16, 0), "Sunday visiting", 0.15, 5, 1},
        {"mon", HM(11, 0), HM(13, 0), "Funeral slot", 0.30, 10, 0},
        {"tue", HM(11, 0), HM(13, 0), "Funeral slot", 0.30, 10, 1},
        {"wed", HM(11, 0), HM(13, 0), "Funeral slot", 0.30, 10, 0},
        {"thu", HM(11, 0), HM(13, 0), "Funeral slot", 0.30, 10, 0},
        {"fri", HM(10, 0), HM(12, 0), "Funeral slot", 0.25, 10, 0},
};

static const struct session_tpl cc_sessions[] = {
        {"sun", HM(11, 0), HM(15, 0), "Sunday family event", 0.55, 20, 1},
        {"mon", HM(10, 30), HM(14, 0), "Seniors' lunch club", 0.15, 10, 1},
        {"tue", HM(16, 30), HM(18, 30), "Youth club", 0.12, 10, 0},
        {"wed", HM(19, 0), HM(21, 30), "Adult education evening", 0.15, 10, 0},
        {"thu", HM(10, 30), HM(14, 0), "Seniors' lunch club", 0.15, 10, 0},
        {"sat", HM(19, 30), HM(23, 30), "Saturday night simcha", 0.60, 30, 0},
};

/* Closed on Shabbat: Sunday to Friday afternoon. */
static const struct session_tpl shp_sessions[] = {
        {"sun", HM(8, 0), HM(16, 0), "Open (Sunday)", 0.55, 5, 1},
        {"mon", HM(7, 30), HM(20, 0), "Open", 0.35, 3, 0},
        {"tue", HM(7, 30), HM(20, 0), "Open", 0.35, 3, 0},
        {"wed", HM(7, 30), HM(20, 0), "Open", 0.35, 3, 0},
        {"thu", HM(7, 30), HM(21, 0), "Open (late before Shabbat)", 0.60, 3, 0},
        {"fri", HM(7, 0), HM(14, 30), "Open (closes before Shabbat)", 0.85, 5, 1},
};

static const struct session_tpl off_sessions[] = {
        {"mon", HM(9, 0), HM(17, 30), "Office hours", 0.6, 3, 1},
        {"tue", HM(9, 0), HM(17, 30), "Office hours", 0.6, 3, 1},
        {"wed", HM(9, 0), HM(17, 30), "Office hours", 0.6, 3, 1},
        {"thu", HM(9, 0), HM(17, 30), "Office hours", 0.6, 3, 1},
        {"fri", HM(9, 0), HM(17, 30), "Office hours", 0.6, 3, 1},
        {"tue", HM(19, 0), HM(21, 0), "Volunteer training", 0.8, 5, 1},
};

/* A mikveh, a youth hostel, a kosher restaurant: the "other" kind. */
static const struct session_tpl oth_sessions[] = {
        {"sun", HM(10, 0), HM(14, 0), "Open", 0.3, 2, 1},
        {"mon", HM(19, 0), HM(22, 0), "Evening opening", 0.2, 2, 0},
        {"wed", HM(19, 0), HM(22, 0), "Evening opening", 0.2, 2, 0},
        {"thu", HM(19, 0), HM(22, 0), "Evening opening", 0.2, 2, 1},
        {"fri", HM(9, 0), HM(13, 0), "Open", 0.3, 2, 0},
};

enum name_style { NAME_SYN, NAME_SCH, NAME_CEM, NAME_CC, NAME_SHP, NAME_OFF, NAME_OTH };

struct site_kind {
	const char *kind;   /* the schema's Kind */
	const char *code;   /* in the id: GEN-<code>-000001 */
	unsigned weight;    /* share of sites, in parts per thousand */
	double radius_m[2]; /* perimeter size range (half the width) */
	long capacity[2];
	const struct session_tpl *sessions;
	size_t nsessions;
	enum name_style name;
	const char *usual_tag; /* tag most sites of this kind carry, or NULL */
	unsigned usual_pct;
};

#define TPL(a) a, ARRAY_SIZE(a)

/*
 * Proportions after the organisation's published picture: mostly
 * synagogues, then schools and community centres, a few cemeteries, shops
 * and offices.  Plot sizes: synagogue 30-60 m across, school 80-150 m,
 * cemetery 150-300 m.
 */
static const struct site_kind kinds_tab[] = {
        {"synagogue", "SYN", 520, {17, 30}, {80, 900}, TPL(syn_sessions), NAME_SYN, NULL, 0},
        {"school",
         "SCH",
         150,
         {45, 75},
         {150, 1200},
         TPL(sch_sessions),
         NAME_SCH,
         "government-funded-guarding",
         80},
        {"cemetery",
         "CEM",
         70,
         {85, 150},
         {80, 300},
         TPL(cem_sessions),
         NAME_CEM,
         "unattended",
         60},
        {"community-centre", "CC", 120, {20, 40}, {100, 500}, TPL(cc_sessions), NAME_CC, NULL, 0},
        {"shop", "SHP", 100, {7, 15}, {20, 80}, TPL(shp_sessions), NAME_SHP, "street-frontage", 50},
        {"office", "OFF", 15, {10, 20}, {15, 60}, TPL(off_sessions), NAME_OFF, NULL, 0},
        {"other", "OTH", 25, {10, 25}, {20, 120}, TPL(oth_sessions), NAME_OTH, NULL, 0},
};

/* ---- invented names ---- */

static const char *const word_a[] = {
        "Fern",  "Ash",    "Oak",   "Elm",    "Birch", "Wren",    "Lark",    "Thorn",  "Holly",
        "Rowan", "Willow", "Cedar", "Maple",  "Hazel", "Bracken", "Kestrel", "Linden", "Alder",
        "Quill", "Marl",   "Penny", "Corrie", "Larch", "Tarn",    "Sedge",   "Merri",
};
static const char *const word_b[] = {
        "brook", "mead",  "field", "croft", "dene", "hurst", "leigh", "wood",
        "gate",  "holme", "combe", "ridge", "mere", "stead", "fold",  "bourne",
};
static const char *const street_type[] = {
        "Road", "Avenue", "Gardens", "Lane", "Close", "Drive", "Crescent", "Rise", "Vale", "Way",
};
static const char *const syn_prefix[] = {
        "Beth Shalom", "Ohel Yaakov", "Kehillat",      "Beis Medrash",   "Shaarei Tefillah",
        "Etz Chaim",   "Ner Yisroel", "Tiferes Moshe", "Kehal Chasidei", "Beth Hamidrash",
};
static const char *const syn_suffix[] = {
        "Synagogue", "Hebrew Congregation", "Synagogue", "Community", "Synagogue",
};
static const char *const sch_name[] = {
        "Jewish Primary School", "Jewish High School",   "Talmud Torah (boys' primary)",
        "Girls' High School",    "Jewish Infant School", "Cheder",
};
static const char *const shp_name[] = {
        "Kosher Bakery", "Kosher Deli", "Kosher Grocery", "Kosher Butcher", "Kosher Foods",
};
static const char *const oth_name[] = {
        "Mikveh",
        "Youth Hostel",
        "Kosher Restaurant",
        "Students' House",
};
static const char *const tag_pool[] = {
        "high-profile",
        "listed-building",
        "shared-site",
        "volunteer-led",
        "rear-access",
        "street-frontage",
        "government-funded-guarding",
};
static const char *const note_pool[] = {
        "Rear gate opens onto an unlit lane.",
        "Car park shared with the neighbouring building.",
        "Listed building; alterations need consent.",
        "Main entrance faces a busy main road.",
        "Side door used for weekday services.",
        "Bus stop directly outside the main gate.",
        "Hall hired out for simchas at weekends.",
        "Footpath along the back boundary is not overlooked.",
};
/* Letters used in the inward half of a UK postcode. */
static const char postcode_letters[] = "ABDEFGHJLNPQRSTUWXYZ";

/* An invented place word such as "Fernbrook". */
static void out_place(struct writer *w, struct rng *r)
{
	out_str(w, RNG_PICK(r, word_a));
	out_str(w, RNG_PICK(r, word_b));
}

static void out_name(struct writer *w, struct rng *r, const struct site_kind *k,
                     const struct town *t)
{
	switch (k->name) {
	case NAME_SYN:
		out_str(w, RNG_PICK(r, syn_prefix));
		out_add(w, " ", 1);
		out_place(w, r);
		out_add(w, " ", 1);
		out_str(w, RNG_PICK(r, syn_suffix));
		break;
	case NAME_SCH:
		out_place(w, r);
		out_add(w, " ", 1);
		out_str(w, RNG_PICK(r, sch_name));
		break;
	case NAME_CEM:
		out_text(w, t->name);
		out_add(w, " ", 1);
		out_place(w, r);
		out_str(w, " Jewish Cemetery");
		break;
	case NAME_CC:
		out_place(w, r);
		out_str(w, " Jewish Community Centre");
		break;
	case NAME_SHP:
		out_place(w, r);
		out_add(w, " ", 1);
		out_str(w, RNG_PICK(r, shp_name));
		break;
	case NAME_OFF:
		out_str(w, "Community Security office (");
		out_text(w, t->name);
		out_add(w, ")", 1);
		break;
	case NAME_OTH:
		out_place(w, r);
		out_add(w, " ", 1);
		out_str(w, RNG_PICK(r, oth_name));
		break;
	}
}

/* ---- one site ---- */

/* Where a generated site is, as `shomer-gen sites` prints it. */
struct site_ref {
	int32_t lat_e6, lon_e6; /* micro-degrees, the printed digits */
	uint32_t serial;        /* in the id: GEN-<code>-<serial> */
	uint8_t kind;           /* index in kinds_tab */
	uint8_t town;           /* index in towns */
	uint16_t capacity;      /* people (1,200 at most in kinds_tab), for events */
};

_Static_assert(ARRAY_SIZE(kinds_tab) <= 256 && ARRAY_SIZE(towns) <= 256,
               "site_ref keeps kind and town indexes in a byte");

static const struct site_kind *pick_kind(struct rng *r)
{
	unsigned total = 0;
	for (size_t i = 0; i < ARRAY_SIZE(kinds_tab); i++)
		total += kinds_tab[i].weight;
	uint64_t x = rng_below(r, total);
	for (size_t i = 0; i < ARRAY_SIZE(kinds_tab); i++) {
		if (x < kinds_tab[i].weight)
			return &kinds_tab[i];
		x -= kinds_tab[i].weight;
	}
	return &kinds_tab[0];
}

#define MAX_VERTICES 8

/*
 * A site's plot for the CCTV layout: the printed perimeter in metres east
 * (x) and north (y) of the printed location, counter-clockwise, not closed.
 * The metres are on the grid of British National Grid (EPSG:27700, the
 * database's default CRS), which `<offset>` is measured along: the local
 * east and north are turned by the grid convergence, (lon - lon0) sin lat
 * with lon0 = -2 degrees, up to 2 degrees here (4 m at 120 m from the
 * location); the grid's scale differs from 1 by 0.2% at most, which is
 * ignored.
 */
struct plot {
	int n;
	double x[MAX_VERTICES], y[MAX_VERTICES];
	double radius; /* of the kind's draw: every vertex lies 0.7-1 times it away */
	double conv;   /* grid convergence, radians: grid = local turned this much anticlockwise */
};

#define BNG_LON0 (-2.0)

static void plot_set(struct plot *p, double lat, double lon, const double *plat, const double *plon,
                     int n, double radius)
{
	double mlat, mlon;
	long long lat0 = llround(lat * 1e6), lon0 = llround(lon * 1e6);

	metres_per_degree(lat, &mlat, &mlon);
	p->n = n;
	p->radius = radius;
	p->conv = (lon - BNG_LON0) * GEN_PI / 180 * sin(lat * GEN_PI / 180);
	double c = cos(p->conv), s = sin(p->conv);
	for (int i = 0; i < n; i++) {
		/* from the printed digits, as the importer will read them */
		double e = (double)(llround(plon[i] * 1e6) - lon0) * 1e-6 * mlon;
		double no = (double)(llround(plat[i] * 1e6) - lat0) * 1e-6 * mlat;
		p->x[i] = e * c - no * s;
		p->y[i] = e * s + no * c;
	}
}

/*
 * A star-shaped polygon around the centre: 4-8 vertices at increasing
 * angles, one in each equal sector (jittered within its middle 70%), at
 * radii between 70% and 100% of `radius`.  Increasing angles around an
 * interior point make the ring simple; no gap between neighbours reaches
 * half a turn (at most 1.7 sectors, and a sector is a quarter turn at most),
 * so the centre lies strictly inside, at least 0.19 * radius from every edge
 * (over 1 m even for a shop), far beyond the 0.1 m of printed rounding.
 * When plot is not NULL it gets the ring for the CCTV layout.
 */
static void out_perimeter(struct writer *w, struct rng *r, double lat, double lon, double radius,
                          struct plot *plot)
{
	double mlat, mlon;
	double plat[MAX_VERTICES], plon[MAX_VERTICES];
	int n = (int)rng_range(r, 4, MAX_VERTICES);
	double sector = 2 * GEN_PI / n;
	double a0 = rng_unit(r) * 2 * GEN_PI;

	metres_per_degree(lat, &mlat, &mlon);
	for (int i = 0; i < n; i++) {
		double a = a0 + (i + 0.15 + 0.7 * rng_unit(r)) * sector;
		double d = radius * (0.7 + 0.3 * rng_unit(r));
		plat[i] = lat + d * sin(a) / mlat;
		plon[i] = lon + d * cos(a) / mlon;
	}
	if (plot)
		plot_set(plot, lat, lon, plat, plon, n, radius);
	out_str(w, "    <perimeter>\n");
	for (int i = 0; i <= n; i++) {
		int j = i % n; /* the closing point repeats the first */
		out_str(w, "      <point lat=\"");
		out_deg(w, plat[j]);
		out_str(w, "\" lon=\"");
		out_deg(w, plon[j]);
		out_str(w, "\"/>\n");
	}
	out_str(w, "    </perimeter>\n");
}

/*
 * 2-6 sessions: the kind's `must` templates first (in table order), then a
 * random choice of the others, written out in the table's weekly order.
 */
static void out_schedule(struct writer *w, struct rng *r, const struct site_kind *k, long capacity)
{
	unsigned char chosen[16] = {0};
	size_t want = (size_t)rng_range(r, 2, 6);
	size_t have = 0;
	size_t rest[16], nrest = 0;
	int fri_start = HM(18, 0) + 30 * (int)rng_below(r, 4); /* 18:00-19:30 */

	if (want > k->nsessions)
		want = k->nsessions;
	for (size_t i = 0; i < k->nsessions; i++) {
		if (k->sessions[i].must && have < want) {
			chosen[i] = 1;
			have++;
		} else if (!k->sessions[i].must) {
			rest[nrest++] = i;
		}
	}
	while (have < want && nrest) {
		size_t j = (size_t)rng_below(r, nrest);
		chosen[rest[j]] = 1;
		rest[j] = rest[--nrest];
		have++;
	}

	out_str(w, "    <schedule>\n");
	for (size_t i = 0; i < k->nsessions; i++) {
		const struct session_tpl *s = &k->sessions[i];
		if (!chosen[i])
			continue;
		int start = s->start == FRI_EVE ? fri_start : s->start;
		int end = s->end == FRI_EVE ? fri_start + 75 : s->end;
		long att = lround(s->share * capacity * (0.85 + 0.3 * rng_unit(r)));
		if (att < (long)s->minimum)
			att = (long)s->minimum;
		if (att > capacity)
			att = capacity;
		out_str(w, "      <session day=\"");
		out_str(w, s->day);
		out_str(w, "\" start=\"");
		out_hhmm(w, start);
		out_str(w, "\" end=\"");
		out_hhmm(w, end);
		out_str(w, "\" label=\"");
		out_text(w, s->label);
		out_str(w, "\" attendance=\"");
		out_ulong(w, (unsigned long)att, 0);
		out_str(w, "\"/>\n");
	}
	out_str(w, "    </schedule>\n");
}

static void out_tags(struct writer *w, struct rng *r, const struct site_kind *k)
{
	const char *tags[3];
	size_t n = 0;

	if (k->usual_tag && rng_chance(r, k->usual_pct))
		tags[n++] = k->usual_tag;
	if (rng_chance(r, 30)) {
		const char *t = RNG_PICK(r, tag_pool);
		if (!n || strcmp(t, tags[0]))
			tags[n++] = t;
	}
	if (!n)
		return;
	out_str(w, "    <tags>");
	for (size_t i = 0; i < n; i++) {
		out_str(w, "<tag>");
		out_str(w, tags[i]);
		out_str(w, "</tag>");
	}
	out_str(w, "</tags>\n");
}

/* ---- CCTV sections (sites --cctv) ---- */

/*
 * With --cctv every site also gets 8 cameras, 3 buildings, 2 walls and 2
 * areas of interest in the cctv plugin's namespace (schemas/cctv.xsd,
 * prefix c: declared on the root), laid out on its plot in grid metres and
 * written as <offset>s from its location:
 *
 *   B1      the main building near the middle, turned to the plot's
 *           longest edge, as the outbuildings and the car park are;
 *   A1      the entrance (identification) just inside a perimeter edge,
 *           the longest one with room, clear of the buildings;
 *   A2      a car park (detection or observation), a school's playground
 *           (observation);
 *   B2, B3  outbuildings: a hall, a lodge, a store;
 *   W1      a boundary wall round a perimeter corner (3 points), never
 *           across the entrance;
 *   W2      a wall inside the plot (2 points);
 *   C1      a narrow, sharp camera facing the entrance from inside;
 *   C2-C4   on three corners of B1, looking out over the grounds;
 *   C5, C6  on posts at two perimeter corners, looking in;
 *   C7      on a corner of an outbuilding, looking out;
 *   C8      on the boundary wall, looking in.
 *
 * Every rectangle lies inside the perimeter with a margin and a metre or
 * more from the others (0.6 m on a shop's plot), walls inside too and
 * clear of everything, so that the rings stay valid and apart after the
 * 0.1 m of printed rounding.  Positions are drawn at random and what does
 * not fit shrinks a little at a time, then the whole layout is tried again
 * smaller; a piece that still finds no room is left out (4 of 70,000 in
 * 10,000 sites of seed 1, all on the smallest shops), and a camera that
 * would have stood on it goes to a perimeter corner instead, so that a
 * site always has its 8.  The draws come from a stream of their own, so
 * that the core of every site is the same bytes with and without --cctv.
 */

/* A convex quadrilateral, counter-clockwise. */
struct quad {
	double x[4], y[4];
};

struct layout {
	const struct plot *p;
	double ux, uy; /* unit vector along the plot's longest edge */
	double gap;    /* between rectangles: a metre, less on a shop's small plot */
	struct quad bld[3];
	const char *bld_label[3];
	int nbld;
	struct quad area[2];
	const char *area_kind[2], *area_level[2], *area_label[2];
	double gate_nx, gate_ny; /* inward normal of the entrance's edge */
	int narea;
	double wx[2][3], wy[2][3], wt[2];
	int wn[2];
	const char *wall_label[2];
	int nwall;
	int wall_corner; /* the perimeter vertex W1 turns round, or -1 */
	int has_w1;
};

/* What a site of each kind calls its buildings: main, outbuilding, store. */
static const char *const bld_labels[][3] = {
        [NAME_SYN] = {"Synagogue", "Hall", "Store"},
        [NAME_SCH] = {"School building", "Sports hall", "Caretaker's store"},
        [NAME_CEM] = {"Prayer hall", "Lodge", "Store"},
        [NAME_CC] = {"Community centre", "Hall", "Store"},
        [NAME_SHP] = {"Shop", "Store", "Bin store"},
        [NAME_OFF] = {"Office", "Garage", "Store"},
        [NAME_OTH] = {"Main building", "Annexe", "Store"},
};

/* Lenses with the sensors they image onto: FOV 2 atan(sensor / 2 focal). */
struct lens {
	double focal_mm, sensor_mm;
};

static const struct lens lenses[] = {
        {2.8, 7.18}, /* 1/1.8", 104 degrees */
        {2.8, 5.37}, /* 1/2.7", 88 */
        {3.6, 5.37}, /* 73 */
        {4.0, 4.8},  /* 1/3", 62 */
        /* the narrow ones, for an entrance: */
        {6.0, 5.37}, /* 48 */
        {8.0, 7.18}, /* 48 */
        {6.0, 4.8},  /* 44 */
};
#define LENS_NARROW 4

static const long resolutions[] = {1280, 1920, 1920, 1920, 2560, 2560, 3840};
static const long resolutions_sharp[] = {2560, 3840, 3840};

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A w x d rectangle centred on (cx, cy), its w side along the unit (ux, uy). */
static void quad_rect(struct quad *q, double cx, double cy, double ux, double uy, double w,
                      double d)
{
	static const signed char su[4] = {-1, 1, 1, -1}, sv[4] = {-1, -1, 1, 1};
	for (int i = 0; i < 4; i++) {
		double a = su[i] * w / 2, b = sv[i] * d / 2;
		q->x[i] = cx + a * ux - b * uy;
		q->y[i] = cy + a * uy + b * ux;
	}
}

/* Is (px, py) inside the ring of n points (even-odd rule)? */
static int ring_has(const double *x, const double *y, int n, double px, double py)
{
	int in = 0;
	for (int i = 0, j = n - 1; i < n; j = i++) {
		if ((y[i] > py) != (y[j] > py) &&
		    px < x[j] + (py - y[j]) * (x[i] - x[j]) / (y[i] - y[j]))
			in = !in;
	}
	return in;
}

static double pt_seg(double px, double py, double ax, double ay, double bx, double by)
{
	double dx = bx - ax, dy = by - ay;
	double l2 = dx * dx + dy * dy;
	double t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
	t = clampd(t, 0, 1);
	return hypot(px - ax - t * dx, py - ay - t * dy);
}

static double orient(double ax, double ay, double bx, double by, double cx, double cy)
{
	return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/* Distance between segments ab and cd: 0 when they cross. */
static double seg_seg(double ax, double ay, double bx, double by, double cx, double cy, double dx,
                      double dy)
{
	double o1 = orient(ax, ay, bx, by, cx, cy), o2 = orient(ax, ay, bx, by, dx, dy);
	double o3 = orient(cx, cy, dx, dy, ax, ay), o4 = orient(cx, cy, dx, dy, bx, by);
	if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) &&
	    ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)))
		return 0;
	return fmin(fmin(pt_seg(ax, ay, cx, cy, dx, dy), pt_seg(bx, by, cx, cy, dx, dy)),
	            fmin(pt_seg(cx, cy, ax, ay, bx, by), pt_seg(dx, dy, ax, ay, bx, by)));
}

/* Least distance between two paths of na and nb points; a closed path's
 * last point joins its first. */
static double paths_dist(const double *ax, const double *ay, int na, int aclosed, const double *bx,
                         const double *by, int nb, int bclosed)
{
	double best = HUGE_VAL;
	int ea = aclosed ? na : na - 1, eb = bclosed ? nb : nb - 1;
	for (int i = 0; i < ea; i++) {
		int i2 = (i + 1) % na;
		for (int j = 0; j < eb; j++) {
			int j2 = (j + 1) % nb;
			double d =
			        seg_seg(ax[i], ay[i], ax[i2], ay[i2], bx[j], by[j], bx[j2], by[j2]);
			if (d < best)
				best = d;
		}
	}
	return best;
}

static double path_pt_dist(const double *x, const double *y, int n, int closed, double px,
                           double py)
{
	double best = HUGE_VAL;
	for (int i = 0; i < (closed ? n : n - 1); i++) {
		int j = (i + 1) % n;
		double d = pt_seg(px, py, x[i], y[i], x[j], y[j]);
		if (d < best)
			best = d;
	}
	return best;
}

/* Are the two quads at least gap apart, neither inside the other? */
static int quads_clear(const struct quad *a, const struct quad *b, double gap)
{
	return paths_dist(a->x, a->y, 4, 1, b->x, b->y, 4, 1) >= gap &&
	       !ring_has(b->x, b->y, 4, a->x[0], a->y[0]) &&
	       !ring_has(a->x, a->y, 4, b->x[0], b->y[0]);
}

/* Is the quad inside the plot, at least margin from its edge? */
static int plot_holds(const struct plot *p, const struct quad *q, double margin)
{
	for (int i = 0; i < 4; i++) {
		if (!ring_has(p->x, p->y, p->n, q->x[i], q->y[i]))
			return 0;
	}
	return paths_dist(q->x, q->y, 4, 1, p->x, p->y, p->n, 1) >= margin;
}

/* Is the quad at least gap from every building and area placed? */
static int layout_clear(const struct layout *L, const struct quad *q, double gap)
{
	for (int i = 0; i < L->nbld; i++) {
		if (!quads_clear(q, &L->bld[i], gap))
			return 0;
	}
	for (int i = 0; i < L->narea; i++) {
		if (!quads_clear(q, &L->area[i], gap))
			return 0;
	}
	return 1;
}

/* Is the open path (a wall's line) at least gap from every building, area
 * and wall placed? */
static int layout_clear_line(const struct layout *L, const double *x, const double *y, int n,
                             double gap)
{
	for (int i = 0; i < L->nbld + L->narea; i++) {
		const struct quad *q = i < L->nbld ? &L->bld[i] : &L->area[i - L->nbld];
		if (paths_dist(x, y, n, 0, q->x, q->y, 4, 1) < gap ||
		    ring_has(q->x, q->y, 4, x[0], y[0]))
			return 0;
	}
	for (int i = 0; i < L->nwall; i++) {
		if (paths_dist(x, y, n, 0, L->wx[i], L->wy[i], L->wn[i], 0) < gap + L->wt[i] / 2)
			return 0;
	}
	return 1;
}

/*
 * Places a w x d rectangle along the plot's main direction, its centre
 * uniform over a disc around the location (`spread` times the plot's radius
 * at first, widening to the whole plot), inside the plot `margin` from its
 * edge and `gap` from what is placed.  After every 25 misses the sides
 * shrink by a tenth, to no less than `least`.  0 when 500 draws all miss.
 */
static int place_rect(struct rng *r, const struct layout *L, double w, double d, double least,
                      double spread, double margin, double gap, struct quad *out)
{
	for (int t = 0; t < 500; t++) {
		if (t && t % 25 == 0) {
			w = fmax(0.9 * w, least);
			d = fmax(0.9 * d, least);
		}
		double s = spread + (1 - spread) * t / 500.0;
		double rho = s * L->p->radius * sqrt(rng_unit(r));
		double a = 2 * GEN_PI * rng_unit(r);
		quad_rect(out, rho * cos(a), rho * sin(a), L->ux, L->uy, w, d);
		if (plot_holds(L->p, out, margin) && layout_clear(L, out, gap))
			return 1;
	}
	return 0;
}

/*
 * The entrance: a small rectangle 0.3 m inside a perimeter edge, at a gate
 * towards the middle of it: the longest edge first, then the next ones
 * round, shrinking as it misses.
 */
static int place_entrance(struct rng *r, struct layout *L, int longest, struct quad *out)
{
	const struct plot *p = L->p;
	double scale = p->radius < 16 ? 0.7 : 1.0; /* a shop's door is smaller */

	for (int t = 0; t < 200; t++) {
		int i = (longest + t / 25) % p->n, j = (i + 1) % p->n;
		double ex = p->x[j] - p->x[i], ey = p->y[j] - p->y[i], len = hypot(ex, ey);
		double f = 1 - 0.03 * (t % 25);
		double w = fmax((3 + 3 * rng_unit(r)) * scale * f, 1.5);
		double d = fmax((2 + 2 * rng_unit(r)) * scale * f, 1.2);
		double u = rng_unit(r);
		if (len < w + 1)
			continue;
		double ux = ex / len, uy = ey / len;
		double pos = len / 2 + (len - w - 1) / 2 * (2 * u - 1) * 0.8;
		double cx = p->x[i] + ux * pos - uy * (0.3 + d / 2);
		double cy = p->y[i] + uy * pos + ux * (0.3 + d / 2);
		quad_rect(out, cx, cy, ux, uy, w, d);
		if (plot_holds(p, out, 0.25) && layout_clear(L, out, L->gap)) {
			L->gate_nx = -uy;
			L->gate_ny = ux;
			return 1;
		}
	}
	return 0;
}

/* Moves (x, y) m metres towards the location: still inside a star-shaped
 * plot.  0 when it is too near the location for that. */
static int pull_in(double *x, double *y, double m)
{
	double d = hypot(*x, *y);
	if (d < 2 * m)
		return 0;
	*x *= 1 - m / d;
	*y *= 1 - m / d;
	return 1;
}

/* 0.20 to 0.50 m, in steps of 5 cm. */
static double wall_thickness(struct rng *r)
{
	return 0.05 * (double)rng_range(r, 4, 10);
}

/*
 * W1: a boundary wall 0.8 m inside the perimeter, round one of its
 * corners, along 15-70% of each edge.  Pulled straight towards the
 * location, its points stay inside the star-shaped plot.
 */
static void place_boundary_wall(struct rng *r, struct layout *L)
{
	const struct plot *p = L->p;
	for (int t = 0; t < 100; t++) {
		int k = (int)rng_below(r, (uint64_t)p->n);
		int a = (k + p->n - 1) % p->n, b = (k + 1) % p->n;
		double f = 1 - 0.005 * t;
		double t1 = (0.3 + 0.4 * rng_unit(r)) * f;
		double t2 = (0.3 + 0.4 * rng_unit(r)) * f;
		double th = wall_thickness(r);
		double x[3] = {p->x[k] + t1 * (p->x[a] - p->x[k]), p->x[k],
		               p->x[k] + t2 * (p->x[b] - p->x[k])};
		double y[3] = {p->y[k] + t1 * (p->y[a] - p->y[k]), p->y[k],
		               p->y[k] + t2 * (p->y[b] - p->y[k])};
		int ok = 1;
		for (int i = 0; i < 3; i++)
			ok = ok && pull_in(&x[i], &y[i], 0.8);
		if (!ok || paths_dist(x, y, 3, 0, p->x, p->y, p->n, 1) < th / 2 + 0.1 ||
		    !layout_clear_line(L, x, y, 3, th / 2 + L->gap / 2))
			continue;
		int n = L->nwall++;
		memcpy(L->wx[n], x, sizeof(x));
		memcpy(L->wy[n], y, sizeof(y));
		L->wn[n] = 3;
		L->wt[n] = th;
		L->wall_label[n] = "Boundary wall";
		L->wall_corner = k;
		L->has_w1 = 1;
		return;
	}
}

/*
 * W2: a straight wall inside the plot, a metre or more from its edge and
 * from everything else, mostly square to the buildings.
 */
static void place_inner_wall(struct rng *r, struct layout *L)
{
	const struct plot *p = L->p;
	double len0 = clampd(p->radius * (0.2 + 0.25 * rng_unit(r)), 3, 30);
	for (int t = 0; t < 300; t++) {
		double len = fmax(len0 * (1 - t / 400.0), 2);
		double rho = p->radius * sqrt(rng_unit(r));
		double a = 2 * GEN_PI * rng_unit(r);
		double dx, dy;
		unsigned how = (unsigned)rng_below(r, 10);
		if (how < 7) {
			/* along or across the buildings, either way */
			int q = (int)(how % 4);
			double ux = q & 1 ? -L->uy : L->ux, uy = q & 1 ? L->ux : L->uy;
			dx = q & 2 ? -ux : ux;
			dy = q & 2 ? -uy : uy;
		} else {
			double b = 2 * GEN_PI * rng_unit(r);
			dx = cos(b);
			dy = sin(b);
		}
		double th = wall_thickness(r);
		double x[2] = {rho * cos(a), rho * cos(a) + len * dx};
		double y[2] = {rho * sin(a), rho * sin(a) + len * dy};
		if (!ring_has(p->x, p->y, p->n, x[0], y[0]) ||
		    !ring_has(p->x, p->y, p->n, x[1], y[1]) ||
		    paths_dist(x, y, 2, 0, p->x, p->y, p->n, 1) < L->gap ||
		    !layout_clear_line(L, x, y, 2, th / 2 + L->gap))
			continue;
		int n = L->nwall++;
		memcpy(L->wx[n], x, sizeof(x));
		memcpy(L->wy[n], y, sizeof(y));
		L->wn[n] = 2;
		L->wt[n] = th;
		L->wall_label[n] = "Garden wall";
		return;
	}
}

/* The buildings, walls and areas of a plot, their sizes times `scale`. */
static void layout_try(struct rng *r, const struct site_kind *k, const struct plot *p, double scale,
                       struct layout *L)
{
	double R = p->radius;
	const char *const *labels = bld_labels[k->name];
	struct quad q;
	int longest = 0;
	double best = -1;

	memset(L, 0, sizeof(*L));
	L->p = p;
	L->wall_corner = -1;
	for (int i = 0; i < p->n; i++) {
		int j = (i + 1) % p->n;
		double len = hypot(p->x[j] - p->x[i], p->y[j] - p->y[i]);
		if (len > best) {
			best = len;
			longest = i;
		}
	}
	int j = (longest + 1) % p->n;
	L->ux = (p->x[j] - p->x[longest]) / best;
	L->uy = (p->y[j] - p->y[longest]) / best;

	/* a plot under 40 m across has its margins and gaps cut down, to 0.6 m */
	double small = clampd(R / 20, 0.35, 1);
	double margin = 0.5 + 0.5 * small + 0.02 * R;
	L->gap = 0.4 + 0.6 * small;
	double w = clampd(R * (0.55 + 0.3 * rng_unit(r)), 4, 36);
	double d = clampd(w * (0.5 + 0.3 * rng_unit(r)), 3, 24);
	if (place_rect(r, L, w * scale, d * scale, 2, 0.3, margin, 0, &q)) {
		L->bld_label[L->nbld] = labels[0];
		L->bld[L->nbld++] = q;
	}
	if (place_entrance(r, L, longest, &q)) {
		L->area_kind[L->narea] = "entrance";
		L->area_level[L->narea] = "identification";
		L->area_label[L->narea] = "Main entrance";
		L->area[L->narea++] = q;
	}
	int school = k->name == NAME_SCH;
	if (school) {
		w = clampd(R * (0.3 + 0.2 * rng_unit(r)), 8, 40);
		d = clampd(R * (0.25 + 0.15 * rng_unit(r)), 6, 30);
	} else {
		w = clampd(R * (0.35 + 0.25 * rng_unit(r)), 5 * small, 50);
		d = clampd(R * (0.2 + 0.2 * rng_unit(r)), 5 * small, 30);
	}
	int observe = school || rng_chance(r, 50);
	if (place_rect(r, L, w * scale, d * scale, 2.5, 1, 0.5, L->gap, &q)) {
		L->area_kind[L->narea] = school ? "playground" : "car-park";
		L->area_level[L->narea] = observe ? "observation" : "detection";
		L->area_label[L->narea] = school ? "Playground" : "Car park";
		L->area[L->narea++] = q;
	}
	w = clampd(R * (0.2 + 0.15 * rng_unit(r)), 3 * small, 16);
	d = clampd(w * (0.6 + 0.4 * rng_unit(r)), 2.5 * small, 12);
	if (place_rect(r, L, w * scale, d * scale, 1.5, 1, margin, 1.5 * L->gap, &q)) {
		L->bld_label[L->nbld] = labels[1];
		L->bld[L->nbld++] = q;
	}
	w = clampd(R * (0.1 + 0.1 * rng_unit(r)), 2 * small, 8);
	d = clampd(w * (0.6 + 0.4 * rng_unit(r)), 2 * small, 6);
	if (place_rect(r, L, w * scale, d * scale, 1.2, 1, margin, 1.5 * L->gap, &q)) {
		L->bld_label[L->nbld] = labels[2];
		L->bld[L->nbld++] = q;
	}
	place_boundary_wall(r, L);
	place_inner_wall(r, L);
}

/*
 * The layout of a plot: tried again with everything a fifth smaller, up to
 * five times, while a piece finds no room; the fullest try is kept.
 */
static void layout_plan(struct rng *r, const struct site_kind *k, const struct plot *p,
                        struct layout *L)
{
	struct layout t;
	double scale = 1;

	layout_try(r, k, p, scale, L);
	for (int i = 0; i < 5 && L->nbld + L->narea + L->nwall < 7; i++) {
		scale *= 0.8;
		layout_try(r, k, p, scale, &t);
		if (t.nbld + t.narea + t.nwall > L->nbld + L->narea + L->nwall)
			*L = t;
	}
}

/* Degrees clockwise from grid north of the direction (dx, dy), [0, 360). */
static double bearing_of(double dx, double dy)
{
	double b = atan2(dx, dy) * 180 / GEN_PI;
	return b < 0 ? b + 360 : b;
}

/* v with `dec` decimals (1 to 6), from integer arithmetic like out_deg. */
static void out_fixed(struct writer *w, double v, int dec)
{
	double scale = 1;
	for (int i = 0; i < dec; i++)
		scale *= 10;
	long long u = llround(v * scale);
	unsigned long long a = u < 0 ? 0ULL - (unsigned long long)u : (unsigned long long)u;
	char buf[32];
	char *p = buf + sizeof(buf);
	for (int i = 0; i < dec; i++) {
		*--p = (char)('0' + a % 10);
		a /= 10;
	}
	*--p = '.';
	do {
		*--p = (char)('0' + a % 10);
		a /= 10;
	} while (a);
	if (u < 0)
		*--p = '-';
	out_add(w, p, (size_t)(buf + sizeof(buf) - p));
}

static void out_offset(struct writer *w, double x, double y)
{
	out_str(w, "<c:offset east=\"");
	out_fixed(w, x, 1);
	out_str(w, "\" north=\"");
	out_fixed(w, y, 1);
	out_str(w, "\"/>");
}

/* The attributes common to the records: ` id="B1" label="Hall"`. */
static void out_id(struct writer *w, char prefix, int n, const char *label)
{
	char id[2] = {prefix, '\0'};
	out_str(w, " id=\"");
	out_str(w, id);
	out_ulong(w, (unsigned long)n, 0);
	out_str(w, "\"");
	if (label) {
		out_str(w, " label=\"");
		out_text(w, label);
		out_str(w, "\"");
	}
}

/* A closed ring of the quad's corners. */
static void out_quad(struct writer *w, const struct quad *q)
{
	for (int i = 0; i <= 4; i++)
		out_offset(w, q->x[i % 4], q->y[i % 4]);
}

/*
 * Camera number n at (x, y) facing `bearing` give or take `jitter`
 * degrees: 2.5-6 m up; a field of view of 40-110 degrees, or a lens
 * (a quarter of them); 1 in 10 PTZ, 1 in 20 faulty; most with infra-red
 * for 15-40 m.  A `sharp` one (for an entrance) has a narrow view and
 * 2560 or 3840 pixels.
 */
static void out_camera(struct writer *w, struct rng *r, int n, double x, double y, double bearing,
                       double jitter, int sharp, const char *label)
{
	int ptz = rng_chance(r, 10);
	int faulty = rng_chance(r, 5);
	double height = 0.1 * (double)rng_range(r, 25, 60);
	long b = lround(bearing + jitter * (2 * rng_unit(r) - 1));

	out_str(w, "    <c:camera");
	out_id(w, 'C', n, label);
	if (ptz)
		out_str(w, " type=\"ptz\"");
	if (faulty)
		out_str(w, " status=\"faulty\"");
	out_str(w, ">");
	out_offset(w, x, y);
	out_str(w, "<c:mount height=\"");
	out_fixed(w, height, 1);
	out_str(w, "\" bearing=\"");
	out_ulong(w, (unsigned long)(((b % 360) + 360) % 360), 0);
	out_str(w, "\"/>");
	if (rng_chance(r, 25)) {
		size_t lo = sharp ? LENS_NARROW : 0;
		const struct lens *l = &lenses[lo + rng_below(r, ARRAY_SIZE(lenses) - lo)];
		out_str(w, "<c:lens focal-length-mm=\"");
		out_fixed(w, l->focal_mm, 1);
		out_str(w, "\" sensor-width-mm=\"");
		out_fixed(w, l->sensor_mm, 2);
		out_str(w, "\"/>");
	} else {
		out_str(w, "<c:fov degrees=\"");
		out_ulong(w, (unsigned long)(sharp ? rng_range(r, 40, 60) : rng_range(r, 40, 110)),
		          0);
		out_str(w, "\"/>");
	}
	out_str(w, "<c:resolution horizontal=\"");
	out_ulong(
	        w,
	        (unsigned long)(sharp ? RNG_PICK(r, resolutions_sharp) : RNG_PICK(r, resolutions)),
	        0);
	out_str(w, "\"/>");
	if (rng_chance(r, 85)) {
		out_str(w, "<c:ir range=\"");
		out_ulong(w, (unsigned long)rng_range(r, 15, 40), 0);
		out_str(w, "\"/>");
	}
	out_str(w, "</c:camera>\n");
}

/* Is (x, y) inside the plot, `clear` from its edge, the buildings and the
 * walls' faces? */
static int spot_free(const struct layout *L, double x, double y, double clear)
{
	const struct plot *p = L->p;
	if (!ring_has(p->x, p->y, p->n, x, y) || path_pt_dist(p->x, p->y, p->n, 1, x, y) < clear)
		return 0;
	for (int i = 0; i < L->nbld; i++) {
		const struct quad *q = &L->bld[i];
		if (ring_has(q->x, q->y, 4, x, y) || path_pt_dist(q->x, q->y, 4, 1, x, y) < clear)
			return 0;
	}
	for (int i = 0; i < L->nwall; i++) {
		if (path_pt_dist(L->wx[i], L->wy[i], L->wn[i], 0, x, y) < L->wt[i] / 2 + clear)
			return 0;
	}
	return 1;
}

/* Camera n on a post 0.3 m inside perimeter corner v, looking in;
 * the corner is marked used. */
static void out_post_camera(struct writer *w, struct rng *r, const struct layout *L, int n, int v,
                            unsigned *used)
{
	double x = L->p->x[v], y = L->p->y[v];
	pull_in(&x, &y, 0.3);
	*used |= 1u << v;
	out_camera(w, r, n, x, y, bearing_of(-x, -y), 25, 0, NULL);
}

/* A perimeter corner not yet used (nor W1's, while others are left). */
static int free_corner(struct rng *r, const struct layout *L, unsigned used)
{
	int cand[MAX_VERTICES], nc = 0;
	for (int pass = 0; pass < 3 && !nc; pass++) {
		for (int v = 0; v < L->p->n; v++) {
			if ((pass == 0 && v == L->wall_corner) || (pass < 2 && (used >> v & 1)))
				continue;
			cand[nc++] = v;
		}
	}
	return cand[rng_below(r, (uint64_t)nc)];
}

/* Camera n on corner c of building b, 0.2 m out along its diagonal,
 * looking out. */
static void out_corner_camera(struct writer *w, struct rng *r, const struct layout *L, int n, int b,
                              int c)
{
	const struct quad *q = &L->bld[b];
	double cx = (q->x[0] + q->x[2]) / 2, cy = (q->y[0] + q->y[2]) / 2;
	double dx = q->x[c] - cx, dy = q->y[c] - cy, len = hypot(dx, dy);
	out_camera(w, r, n, q->x[c] + 0.2 * dx / len, q->y[c] + 0.2 * dy / len, bearing_of(dx, dy),
	           20, 0, NULL);
}

static void out_cameras(struct writer *w, struct rng *r, const struct layout *L)
{
	unsigned used = 0;
	int n = 0;

	/* C1: facing the entrance from 3-9 m inside it, or as near as is free */
	if (L->narea && !strcmp(L->area_kind[0], "entrance")) {
		const struct quad *e = &L->area[0];
		double ex = (e->x[0] + e->x[2]) / 2, ey = (e->y[0] + e->y[2]) / 2;
		double depth = hypot(e->x[3] - e->x[0], e->y[3] - e->y[0]);
		double x = ex, y = ey;
		for (double k = 3 + 0.5 * (double)rng_range(r, 0, 12); k >= 0.5; k -= 0.5) {
			double tx = ex + L->gate_nx * (depth / 2 + k);
			double ty = ey + L->gate_ny * (depth / 2 + k);
			if (spot_free(L, tx, ty, 0.5)) {
				x = tx;
				y = ty;
				break;
			}
		}
		out_camera(w, r, ++n, x, y, bearing_of(ex - x, ey - y), 0, 1, "Entrance");
	} else {
		out_post_camera(w, r, L, ++n, free_corner(r, L, used), &used);
	}
	/* C2-C4: three corners of the main building */
	if (L->nbld) {
		int skip = (int)rng_below(r, 4);
		for (int c = 0; c < 4; c++) {
			if (c != skip)
				out_corner_camera(w, r, L, ++n, 0, c);
		}
	} else {
		for (int i = 0; i < 3; i++)
			out_post_camera(w, r, L, ++n, free_corner(r, L, used), &used);
	}
	/* C5, C6: posts at perimeter corners */
	for (int i = 0; i < 2; i++)
		out_post_camera(w, r, L, ++n, free_corner(r, L, used), &used);
	/* C7: an outbuilding's corner */
	if (L->nbld > 1) {
		int b = 1 + (int)rng_below(r, (uint64_t)L->nbld - 1);
		out_corner_camera(w, r, L, ++n, b, (int)rng_below(r, 4));
	} else {
		out_post_camera(w, r, L, ++n, free_corner(r, L, used), &used);
	}
	/* C8: on the boundary wall, in its first stretch, looking in */
	if (L->has_w1) {
		double x = (L->wx[0][0] + L->wx[0][1]) / 2, y = (L->wy[0][0] + L->wy[0][1]) / 2;
		out_camera(w, r, ++n, x, y, bearing_of(-x, -y), 20, 0, NULL);
	} else {
		out_post_camera(w, r, L, ++n, free_corner(r, L, used), &used);
	}
}

/* The CCTV section of a site whose plot is p. */
static void out_cctv(struct writer *w, struct rng *r, const struct site_kind *k,
                     const struct plot *p)
{
	struct layout L;

	layout_plan(r, k, p, &L);
	out_cameras(w, r, &L);
	for (int i = 0; i < L.nbld; i++) {
		out_str(w, "    <c:building");
		out_id(w, 'B', i + 1, L.bld_label[i]);
		out_str(w, ">");
		out_quad(w, &L.bld[i]);
		out_str(w, "</c:building>\n");
	}
	for (int i = 0; i < L.nwall; i++) {
		out_str(w, "    <c:wall");
		out_id(w, 'W', i + 1, L.wall_label[i]);
		out_str(w, " thickness=\"");
		out_fixed(w, L.wt[i], 2);
		out_str(w, "\">");
		for (int j = 0; j < L.wn[i]; j++)
			out_offset(w, L.wx[i][j], L.wy[i][j]);
		out_str(w, "</c:wall>\n");
	}
	for (int i = 0; i < L.narea; i++) {
		out_str(w, "    <c:area");
		out_id(w, 'A', i + 1, L.area_label[i]);
		out_str(w, " kind=\"");
		out_str(w, L.area_kind[i]);
		out_str(w, "\" level=\"");
		out_str(w, L.area_level[i]);
		out_str(w, "\">");
		out_quad(w, &L.area[i]);
		out_str(w, "</c:area>\n");
	}
}

/*
 * Writes site number `serial` of its kind as a <site> element, and when ref
 * is not NULL notes where it is.  With cctv (a stream of its own) the site
 * gets a CCTV section too.
 */
static void out_site(struct writer *w, struct rng *r, const struct site_kind *k,
                     unsigned long serial, struct site_ref *ref, struct rng *cctv)
{
	const struct town *t = pick_town(r);
	struct plot plot;
	double mlat, mlon;

	/* uniform over a disc of the town's radius */
	double dist = t->radius_km * 1000 * sqrt(rng_unit(r));
	double bearing = rng_unit(r) * 2 * GEN_PI;
	metres_per_degree(t->lat, &mlat, &mlon);
	double lat = t->lat + dist * sin(bearing) / mlat;
	double lon = t->lon + dist * cos(bearing) / mlon;
	double radius = k->radius_m[0] + (k->radius_m[1] - k->radius_m[0]) * rng_unit(r);
	long capacity = rng_range(r, k->capacity[0], k->capacity[1]);

	if (ref) {
		ref->lat_e6 = (int32_t)llround(lat * 1e6);
		ref->lon_e6 = (int32_t)llround(lon * 1e6);
		ref->serial = (uint32_t)serial;
		ref->kind = (uint8_t)(k - kinds_tab);
		ref->town = (uint8_t)(t - towns);
		ref->capacity = (uint16_t)capacity;
	}
	out_str(w, "  <site id=\"GEN-");
	out_str(w, k->code);
	out_add(w, "-", 1);
	out_ulong(w, serial, 6);
	out_str(w, "\">\n    <name>");
	out_name(w, r, k, t);
	out_str(w, "</name>\n    <kind>");
	out_str(w, k->kind);
	out_str(w, "</kind>\n    <region>");
	out_text(w, t->region);
	out_str(w, "</region>\n    <police-force>");
	out_text(w, t->police);
	out_str(w, "</police-force>\n    <address>");
	out_ulong(w, (unsigned long)rng_range(r, 1, 240), 0);
	out_add(w, " ", 1);
	out_place(w, r);
	out_add(w, " ", 1);
	out_str(w, RNG_PICK(r, street_type));
	out_str(w, ", ");
	out_text(w, t->name);
	out_str(w, "</address>\n    <postcode>");
	out_str(w, t->postcode);
	out_add(w, " ", 1);
	out_ulong(w, (unsigned long)rng_below(r, 10), 0);
	for (int i = 0; i < 2; i++)
		out_add(w, &postcode_letters[rng_below(r, sizeof(postcode_letters) - 1)], 1);
	out_str(w, "</postcode>\n    <location lat=\"");
	out_deg(w, lat);
	out_str(w, "\" lon=\"");
	out_deg(w, lon);
	out_str(w, "\"/>\n");
	out_perimeter(w, r, lat, lon, radius, cctv ? &plot : NULL);
	out_str(w, "    <capacity>");
	out_ulong(w, (unsigned long)capacity, 0);
	out_str(w, "</capacity>\n");
	out_schedule(w, r, k, capacity);
	if (rng_chance(r, 25)) {
		out_str(w, "    <notes>");
		out_text(w, RNG_PICK(r, note_pool));
		out_str(w, "</notes>\n");
	}
	out_tags(w, r, k);
	if (cctv)
		out_cctv(w, cctv, k, &plot);
	out_str(w, "  </site>\n");
}

/* ---- record kinds ---- */

struct gen_opts {
	long count;
	uint64_t seed;
	long sites;         /* incidents, spend, guards: how many generated sites to name, or 0 */
	uint64_t site_seed; /* ... and the seed they were generated with */
	int site_opts;      /* --sites or --site-seed was given */
	int cctv;           /* sites: --cctv, a CCTV section in every site */
	const char *out;    /* NULL: standard output */
};

/* The next site of a run: its kind, then the site. */
static void site_next(struct writer *w, struct rng *r, unsigned long serial[], struct site_ref *ref,
                      struct rng *cctv)
{
	const struct site_kind *k = pick_kind(r);
	out_site(w, r, k, ++serial[k - kinds_tab], ref, cctv);
}

static int gen_sites(struct writer *w, const struct gen_opts *o, char **errmsg)
{
	unsigned long serial[ARRAY_SIZE(kinds_tab)] = {0};
	struct rng r, rc;
	char head[160];

	rng_init(&r, o->seed);
	rng_init(&rc, o->seed ^ 0x63637476ULL); /* "cctv" */
	snprintf(head, sizeof(head),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         /* no double hyphen: XML forbids "--" inside a comment */
	         "<!-- synthetic data from shomer-gen: sites%s, count %ld, seed %llu -->\n",
	         o->cctv ? " with cctv" : "", o->count, (unsigned long long)o->seed);
	out_str(w, head);
	out_str(w, o->cctv ? "<sites xmlns=\"urn:shomer:site:1\" xmlns:c=\"urn:shomer:cctv:1\">\n"
	                   : "<sites xmlns=\"urn:shomer:site:1\">\n");
	for (long i = 0; i < o->count; i++)
		site_next(w, &r, serial, NULL, o->cctv ? &rc : NULL);
	out_str(w, "</sites>\n");
	(void)errmsg; /* nothing here can fail; write errors surface at close */
	return 0;
}

/* The id of a site that sites_replay() found: "GEN-SYN-000123". */
static void out_site_id(struct writer *w, const struct site_ref *s)
{
	out_str(w, "GEN-");
	out_str(w, kinds_tab[s->kind].code);
	out_add(w, "-", 1);
	out_ulong(w, s->serial, 6);
}

/*
 * Where the `count` sites of `shomer-gen sites --count count --seed seed`
 * are: the same code run into a sink, so that incidents name only sites
 * that exist and lie near them.  Returns a malloc'ed array of `count`
 * (> 0) entries, for the caller to free.
 */
static struct site_ref *sites_replay(long count, uint64_t seed)
{
	unsigned long serial[ARRAY_SIZE(kinds_tab)] = {0};
	struct site_ref *refs = xmalloc((size_t)count * sizeof(*refs));
	struct writer sink;
	struct rng r;

	writer_open_sink(&sink);
	rng_init(&r, seed);
	for (long i = 0; i < count; i++)
		site_next(&sink, &r, serial, &refs[i], NULL);
	sb_release(&sink.sb);
	return refs;
}

/* ---- incidents ---- */

/*
 * The two years an incident log covers: 730 days from 1 November 2024, so
 * that the last incident falls on 31 October 2026.
 */
#define INC_FIRST_YEAR 2024
#define INC_DAYS       730
/* Incidents at or near a site, when there are sites to name. */
#define INC_SITE_PCT 45
/*
 * Near-repeats (Johnson & Bowers 2004: risk stays raised for one to two
 * months and up to 300-400 m around an incident): this share of incidents
 * follows one of the previous six weeks' worth, within 300 m of it.
 */
#define INC_REPEAT_PCT 20
#define INC_REPEAT_M   300.0
#define INC_REPEAT_DAY 42

/*
 * A category of schemas/incident.xsd with its share and what is usually
 * recorded.  Shares follow the shape of CST's annual figures: abusive
 * behaviour near four in five antisemitic incidents, extreme violence a
 * handful a year; suspicious behaviour the bulk of the security reports.
 * An incident's description is one of `what` and a place phrase.
 */
struct inc_cat {
	const char *name;
	unsigned weight;       /* parts per ten thousand */
	unsigned reported_pct; /* reported to the police */
	unsigned dateonly_pct; /* found afterwards, so known by date only */
	const char *const *what;
	size_t nwhat;
};

static const char *const what_ev[] = {
        "A man was seriously injured in an attack by two men shouting antisemitic abuse",
};
static const char *const what_as[] = {
        "A man was pushed to the ground by a stranger shouting antisemitic abuse",
        "A boy was punched by a teenager who shouted antisemitic abuse",
        "An egg thrown from a passing car hit a woman walking",
        "A man was spat at and shoved by a passer-by",
        "A man's hat was knocked off and he was pushed against a wall",
};
static const char *const what_dd[] = {
        "Antisemitic graffiti was found sprayed on a wall",
        "A swastika was found scratched into a parked car",
        "A window was broken by a thrown stone",
        "A fence was daubed with antisemitic slogans",
        "A noticeboard was defaced with a swastika",
};
static const char *const what_th[] = {
        "A man threatened to hurt people",
        "A passer-by made threatening gestures at a family",
        "A driver threatened two men with violence",
        "A note threatening violence was left",
};
static const char *const what_ab[] = {
        "Antisemitic abuse was shouted at a man walking",
        "Abuse was shouted from a passing car at a family",
        "Eggs were thrown from a passing car at people walking",
        "A group of teenagers made Nazi salutes at passers-by",
        "A man made antisemitic remarks to a woman waiting",
        "Coins were thrown at a group of boys with antisemitic remarks",
        "Antisemitic abuse was shouted at two women",
};
static const char *const what_li[] = {
        "Antisemitic stickers were found on lamp posts",
        "Antisemitic leaflets were left on car windscreens",
        "Antisemitic posters were pasted up",
        "Leaflets with antisemitic conspiracy claims were handed out",
};
static const char *const what_sp[] = {
        "An unattended bag was found and cleared by police",
        "A parcel with no sender, later found harmless, was left",
        "A box left against a wall was examined by police and found harmless",
};
static const char *const what_sb[] = {
        "A man was seen trying gate handles",
        "A car waited with its engine running for over an hour",
        "Two men were seen filming people arriving",
        "A man asked passers-by when the building is busiest",
        "A person was seen looking over the fence after dark",
};
static const char *const what_hr[] = {
        "A man photographed the cameras and entrances",
        "A person was seen pacing out distances and taking notes",
        "A drone was flown low",
        "The same car was seen on several days watching the entrances",
};
static const char *const what_ot[] = {
        "A protest march passed",
        "Police were called to a man behaving erratically",
        "A hoax call reported a gas leak",
        "A lost child was found and returned to her parents",
};

#define WHAT(a) a, ARRAY_SIZE(a)

static const struct inc_cat inc_cats[] = {
        {"extreme-violence", 5, 100, 0, WHAT(what_ev)},
        {"assault", 450, 92, 0, WHAT(what_as)},
        {"damage-desecration", 400, 88, 40, WHAT(what_dd)},
        {"threats", 500, 85, 3, WHAT(what_th)},
        {"abusive-behaviour", 5600, 72, 3, WHAT(what_ab)},
        {"literature", 250, 65, 30, WHAT(what_li)},
        {"suspicious-package", 250, 98, 0, WHAT(what_sp)},
        {"suspicious-behaviour", 1800, 80, 3, WHAT(what_sb)},
        {"hostile-reconnaissance", 350, 95, 0, WHAT(what_hr)},
        {"other", 395, 60, 3, WHAT(what_ot)},
};

/* Where it happened: near a site of each kind, or in the street. */
static const char *const where_syn[] = {
        "outside the synagogue",
        "near the synagogue gate",
        "by the synagogue car park",
};
static const char *const where_sch[] = {
        "outside the school gate",
        "near the school",
        "at the bus stop by the school",
};
static const char *const where_cem[] = {
        "at the cemetery",
        "along the cemetery wall",
        "near the cemetery gates",
};
static const char *const where_cc[] = {
        "outside the community centre",
        "near the community centre car park",
};
static const char *const where_shp[] = {
        "outside the shop",
        "near the shop front",
};
static const char *const where_off[] = {
        "near the office entrance",
        "outside the office",
};
static const char *const where_oth[] = {
        "outside the building",
        "near the entrance",
};
static const char *const where_street[] = {
        "on the high street",        "near a bus stop",  "on a residential street",
        "outside a parade of shops", "near the station", "near the park gates",
        "at a road junction",
};

struct phrases {
	const char *const *s;
	size_t n;
};

static const struct phrases where_by_style[] = {
        [NAME_SYN] = {WHAT(where_syn)}, [NAME_SCH] = {WHAT(where_sch)},
        [NAME_CEM] = {WHAT(where_cem)}, [NAME_CC] = {WHAT(where_cc)},
        [NAME_SHP] = {WHAT(where_shp)}, [NAME_OFF] = {WHAT(where_off)},
        [NAME_OTH] = {WHAT(where_oth)},
};

/*
 * Relative rate by weekday, Sunday first: highest on Shabbat, when people
 * walk to and from services.
 */
static const double inc_weekday[7] = {1.0, 0.9, 0.9, 0.9, 0.95, 1.1, 1.3};

/*
 * Relative rate by local hour: weekdays peak at the school run and in the
 * early evening, Friday adds the walk to the evening service, Shabbat the
 * walk to and from the morning service.
 */
static const unsigned char inc_hours[3][24] = {
        /* Sunday to Thursday */
        {1, 1, 1, 1, 1, 1, 2, 4, 9, 6, 5, 5, 6, 6, 7, 12, 11, 8, 8, 7, 6, 4, 3, 2},
        /* Friday */
        {1, 1, 1, 1, 1, 1, 2, 4, 9, 6, 5, 5, 6, 6, 6, 8, 8, 9, 11, 11, 9, 6, 3, 2},
        /* Saturday */
        {1, 1, 1, 1, 1, 1, 1, 2, 5, 10, 11, 12, 13, 9, 7, 7, 7, 7, 7, 8, 8, 6, 4, 2},
};

/*
 * A major world event (left abstract): the rate jumps by SURGE_JUMP at once
 * and falls back with a time constant of SURGE_DAYS, the shape of CST's
 * monthly figures after such events.  sites/incidents.xml and
 * sites/threat.xml tell the same story.
 */
#define SURGE_Y    2025
#define SURGE_M    5
#define SURGE_D    12
#define SURGE_JUMP 1.6
#define SURGE_DAYS 35.0

static const char month_abbr[12][4] = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
};

/* Days since 1970-01-01 of a Gregorian date (Hinnant's days_from_civil). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* The inverse of days_from_civil, for days on or after 1970-01-01. */
static void civil_from_days(long z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = z / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)((long)yoe + era * 400 + (*m <= 2));
}

/* 0 for Sunday; 1970-01-01 was a Thursday. */
static int weekday(long z)
{
	return (int)((z + 4) % 7);
}

static long last_sunday(int y, unsigned m)
{
	long z = days_from_civil(y, m, 31);
	return z - weekday(z);
}

/* One day of the log: its date and how its clock stands against UTC. */
enum inc_zone { ZONE_GMT, ZONE_BST, ZONE_SPRING, ZONE_AUTUMN };

struct inc_day {
	int y;
	unsigned char m, d, dow, zone;
};

/* A recent incident, for near-repeats. */
struct inc_ref {
	double lat, lon;
	long site; /* index in the site table, or -1 */
	unsigned char town, cat;
};

struct inc_state {
	struct inc_day day[INC_DAYS];
	double cum[INC_DAYS + 1]; /* cumulative daily rate */
	double hcum[3][25];       /* cumulative hourly rate */
	const struct site_ref *sites;
	long nsites;
	struct inc_ref *recent; /* ring of the last nrecent_max incidents */
	size_t nrecent, nrecent_max, next;
	char force_code[ARRAY_SIZE(towns)][8];
	unsigned long serial[3]; /* per year, from INC_FIRST_YEAR */
};

struct incident {
	long day;   /* index in inc_state.day */
	int minute; /* local time, minutes after midnight */
	const struct inc_cat *cat;
	double lat, lon;
	long site; /* index in inc_state.sites, or -1 */
	unsigned town;
};

/* "MPS" for "Metropolitan Police Service": the capitals of its words. */
static void force_code(const char *force, char out[8])
{
	size_t n = 0;
	for (const char *p = force; *p && n < 7; p++) {
		if ((p == force || p[-1] == ' ') && *p >= 'A' && *p <= 'Z')
			out[n++] = *p;
	}
	out[n] = '\0';
}

/*
 * The calendar and the rate tables.  UK clocks: BST from 01:00 UTC on the
 * last Sunday of March to 01:00 UTC on the last Sunday of October.
 */
static void inc_state_init(struct inc_state *st)
{
	long first = days_from_civil(INC_FIRST_YEAR, 11, 1);
	long surge = days_from_civil(SURGE_Y, SURGE_M, SURGE_D);

	st->cum[0] = 0;
	for (long i = 0; i < INC_DAYS; i++) {
		struct inc_day *dy = &st->day[i];
		long z = first + i;
		unsigned m, d;
		civil_from_days(z, &dy->y, &m, &d);
		dy->m = (unsigned char)m;
		dy->d = (unsigned char)d;
		dy->dow = (unsigned char)weekday(z);
		long spring = last_sunday(dy->y, 3), autumn = last_sunday(dy->y, 10);
		dy->zone = z == spring                ? ZONE_SPRING
		           : z == autumn              ? ZONE_AUTUMN
		           : z > spring && z < autumn ? ZONE_BST
		                                      : ZONE_GMT;
		double rate = inc_weekday[dy->dow];
		if (z >= surge)
			rate *= 1 + SURGE_JUMP * exp(-(double)(z - surge) / SURGE_DAYS);
		st->cum[i + 1] = st->cum[i] + rate;
	}
	for (int p = 0; p < 3; p++) {
		st->hcum[p][0] = 0;
		for (int h = 0; h < 24; h++)
			st->hcum[p][h + 1] = st->hcum[p][h] + inc_hours[p][h];
	}
	for (size_t i = 0; i < ARRAY_SIZE(towns); i++)
		force_code(towns[i].police, st->force_code[i]);
}

/*
 * Places u in [0, 1) on the timeline: the day where the cumulative rate
 * reaches u of the whole, then the hour within it by the same rule.  The
 * map is monotonic, so ascending u give incidents in time order; *day only
 * moves forward, so the whole run walks the calendar once.
 */
static void inc_when(const struct inc_state *st, double u, long *day, int *minute)
{
	double x = u * st->cum[INC_DAYS];
	long d = *day;
	while (d < INC_DAYS - 1 && st->cum[d + 1] <= x)
		d++;
	double frac = (x - st->cum[d]) / (st->cum[d + 1] - st->cum[d]);
	int dow = st->day[d].dow;
	const double *hc = st->hcum[dow == 6 ? 2 : dow == 5 ? 1 : 0];
	double y = (frac < 0 ? 0 : frac) * hc[24];
	int h = 0;
	while (h < 23 && hc[h + 1] <= y)
		h++;
	int m = (int)(60 * (y - hc[h]) / (hc[h + 1] - hc[h]));
	*day = d;
	*minute = h * 60 + (m < 0 ? 0 : m > 59 ? 59 : m);
}

static const struct inc_cat *pick_cat(struct rng *r)
{
	unsigned total = 0;
	for (size_t i = 0; i < ARRAY_SIZE(inc_cats); i++)
		total += inc_cats[i].weight;
	uint64_t x = rng_below(r, total);
	for (size_t i = 0; i < ARRAY_SIZE(inc_cats); i++) {
		if (x < inc_cats[i].weight)
			return &inc_cats[i];
		x -= inc_cats[i].weight;
	}
	return &inc_cats[0];
}

/* The point `dist` metres from (lat, lon) on a random bearing. */
static void scatter(struct rng *r, double lat, double lon, double dist, double *olat, double *olon)
{
	double mlat, mlon;
	double bearing = rng_unit(r) * 2 * GEN_PI;
	metres_per_degree(lat, &mlat, &mlon);
	*olat = lat + dist * sin(bearing) / mlat;
	*olon = lon + dist * cos(bearing) / mlon;
}

/* Near site i: a few metres to 500 m away, most within 100. */
static void at_site(struct inc_state *st, struct rng *r, long i, struct incident *in)
{
	const struct site_ref *s = &st->sites[i];
	double u = rng_unit(r);
	scatter(r, s->lat_e6 / 1e6, s->lon_e6 / 1e6, 5 + 495 * u * u * u, &in->lat, &in->lon);
	in->site = i;
	in->town = s->town;
}

/*
 * Where an incident happened and what kind it was: a near-repeat of a
 * recent one (at the same site, or within INC_REPEAT_M of it), or at a
 * site, or in the street around a town centre (uniform in distance up to
 * the town's radius, so denser towards the centre).
 */
static void inc_place(struct inc_state *st, struct rng *r, struct incident *in)
{
	if (st->nrecent && rng_chance(r, INC_REPEAT_PCT)) {
		const struct inc_ref *p = &st->recent[rng_below(r, st->nrecent)];
		if (p->site >= 0) {
			at_site(st, r, p->site, in);
		} else {
			scatter(r, p->lat, p->lon, INC_REPEAT_M * rng_unit(r), &in->lat, &in->lon);
			in->site = -1;
			in->town = p->town;
		}
		in->cat = rng_chance(r, 60) ? &inc_cats[p->cat] : pick_cat(r);
		return;
	}
	if (st->nsites && rng_chance(r, INC_SITE_PCT)) {
		at_site(st, r, (long)rng_below(r, (uint64_t)st->nsites), in);
	} else {
		const struct town *t = pick_town(r);
		scatter(r, t->lat, t->lon, t->radius_km * 1000 * rng_unit(r), &in->lat, &in->lon);
		in->site = -1;
		in->town = (unsigned)(t - towns);
	}
	in->cat = pick_cat(r);
}

static void inc_remember(struct inc_state *st, const struct incident *in)
{
	struct inc_ref *p = &st->recent[st->next];
	p->lat = in->lat;
	p->lon = in->lon;
	p->site = in->site;
	p->town = (unsigned char)in->town;
	p->cat = (unsigned char)(in->cat - inc_cats);
	st->next = (st->next + 1) % st->nrecent_max;
	if (st->nrecent < st->nrecent_max)
		st->nrecent++;
}

/* "2025-03-14T15:42:00+01:00", or the date alone when date_only. */
static void out_when(struct writer *w, const struct inc_day *dy, int minute, int date_only)
{
	out_ulong(w, (unsigned long)dy->y, 4);
	out_add(w, "-", 1);
	out_ulong(w, dy->m, 2);
	out_add(w, "-", 1);
	out_ulong(w, dy->d, 2);
	if (date_only)
		return;
	/*
	 * 01:xx on the spring day does not exist: read as GMT, it is 02:xx
	 * BST on the clock.  01:xx on the autumn day happens twice: the
	 * second time, in GMT, is taken.
	 */
	if (dy->zone == ZONE_SPRING && minute >= 60 && minute < 120)
		minute += 60;
	int summer = dy->zone == ZONE_BST || (dy->zone == ZONE_SPRING && minute >= 120) ||
	             (dy->zone == ZONE_AUTUMN && minute < 60);
	out_add(w, "T", 1);
	out_hhmm(w, minute);
	out_str(w, summer ? ":00+01:00" : ":00Z");
}

/* An invented reference: "MPS-2025-118373" or "CAD 4411/14MAR25". */
static void out_police_ref(struct writer *w, struct rng *r, const struct inc_state *st,
                           const struct incident *in)
{
	const struct inc_day *dy = &st->day[in->day];
	if (rng_chance(r, 50)) {
		out_str(w, st->force_code[in->town]);
		out_add(w, "-", 1);
		out_ulong(w, (unsigned long)dy->y, 4);
		out_add(w, "-", 1);
		out_ulong(w, (unsigned long)rng_range(r, 1, 999999), 6);
	} else {
		out_str(w, "CAD ");
		out_ulong(w, (unsigned long)rng_range(r, 1, 9999), 4);
		out_add(w, "/", 1);
		out_ulong(w, dy->d, 2);
		out_str(w, month_abbr[dy->m - 1]);
		out_ulong(w, (unsigned long)(dy->y % 100), 2);
	}
}

static void out_incident(struct writer *w, struct rng *r, struct inc_state *st,
                         const struct incident *in)
{
	const struct inc_day *dy = &st->day[in->day];
	const struct town *t = &towns[in->town];
	const struct phrases *where = NULL;
	int reported = rng_chance(r, in->cat->reported_pct);

	out_str(w, "  <incident id=\"GEN-INC-");
	out_ulong(w, (unsigned long)dy->y, 4);
	out_add(w, "-", 1);
	out_ulong(w, ++st->serial[dy->y - INC_FIRST_YEAR], 6);
	out_str(w, "\">\n    <occurred>");
	out_when(w, dy, in->minute, rng_chance(r, in->cat->dateonly_pct));
	out_str(w, "</occurred>\n    <category>");
	out_str(w, in->cat->name);
	out_str(w, "</category>\n    <location lat=\"");
	out_deg(w, in->lat);
	out_str(w, "\" lon=\"");
	out_deg(w, in->lon);
	out_str(w, "\"/>\n");
	if (in->site >= 0) {
		const struct site_ref *s = &st->sites[in->site];
		out_str(w, "    <site>");
		out_site_id(w, s);
		out_str(w, "</site>\n");
		where = &where_by_style[kinds_tab[s->kind].name];
	}
	out_str(w, "    <police-force>");
	out_text(w, t->police);
	out_str(w, "</police-force>\n");
	if (reported && rng_chance(r, 75)) {
		out_str(w, "    <police-reference>");
		out_police_ref(w, r, st, in);
		out_str(w, "</police-reference>\n");
	}
	out_str(w, reported ? "    <reported-to-police>true</reported-to-police>\n"
	                    : "    <reported-to-police>false</reported-to-police>\n");
	out_str(w, "    <description>");
	out_str(w, in->cat->what[rng_below(r, in->cat->nwhat)]);
	out_add(w, " ", 1);
	out_str(w, where ? where->s[rng_below(r, where->n)] : RNG_PICK(r, where_street));
	out_str(w, ".</description>\n  </incident>\n");
}

/*
 * Incidents in time order (by the clock; the hour the clocks go forward
 * can interleave with the next).  Their instants are the order statistics of
 * `count` uniform variates, made directly in ascending order as partial
 * sums of exponential variates over their total (Devroye 1986, V.2): the
 * times have a stream of their own, read twice, once for the total and
 * once for the sums, so that nothing of size `count` is kept.
 */
static int gen_incidents(struct writer *w, const struct gen_opts *o, char **errmsg)
{
	struct inc_state *st = xcalloc(1, sizeof(*st));
	struct site_ref *sites = NULL;
	struct rng r, rt, rt0;
	double total = 0, sum = 0;
	long day = 0;
	char head[200];

	inc_state_init(st);
	if (o->sites) {
		sites = sites_replay(o->sites, o->site_seed);
		st->sites = sites;
		st->nsites = o->sites;
	}
	st->nrecent_max = (size_t)(o->count * INC_REPEAT_DAY / INC_DAYS) + 1;
	st->recent = xmalloc(st->nrecent_max * sizeof(*st->recent));

	rng_init(&r, o->seed);
	rng_init(&rt0, o->seed ^ 0x74696d6573ULL); /* "times" */
	rt = rt0;
	for (long i = 0; i <= o->count; i++)
		total += -log(1 - rng_unit(&rt));
	rt = rt0;

	snprintf(head, sizeof(head),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<!-- synthetic data from shomer-gen: incidents, count %ld, seed %llu,"
	         " sites %ld, site seed %llu -->\n",
	         o->count, (unsigned long long)o->seed, o->sites, (unsigned long long)o->site_seed);
	out_str(w, head);
	out_str(w, "<incidents xmlns=\"urn:shomer:incident:1\">\n");
	for (long i = 0; i < o->count; i++) {
		struct incident in;
		sum += -log(1 - rng_unit(&rt));
		inc_when(st, sum / total, &day, &in.minute);
		in.day = day;
		inc_place(st, &r, &in);
		out_incident(w, &r, st, &in);
		inc_remember(st, &in);
	}
	out_str(w, "</incidents>\n");
	free(st->recent);
	free(st);
	free(sites);
	(void)errmsg; /* nothing here can fail; write errors surface at close */
	return 0;
}

/* ---- spend ---- */

/*
 * A grant ledger as the spend plugin keeps it (schemas/spend.xsd): grants
 * from a few funders in the fiscal years SPEND_FIRST_FY onwards, each
 * paying for projects at generated sites, every project taken through its
 * lifecycle (allocate, commit, invoice, pay, then reclaim and receive)
 * and some left part way, as a real ledger has open purchase orders and
 * unpaid invoices.  `--count` counts the postings the plugin writes on
 * import (sp_kinds[].postings), not records: that is what its reports
 * scale with.
 *
 * The plugin refuses a record that breaks one of its rules, so every
 * amount is derived from the ones it depends on, in pence with integer
 * arithmetic: an allocation is floor(quote * match / 100) and a grant's
 * award covers all of its allocations; a project's invoices never add up
 * to more than its purchase order, even counting one reversed by a
 * <correct>; a payment never exceeds its invoice; a claim never exceeds
 * min(allocated, floor(paid * match / 100)) less what the project already
 * claimed; money received never exceeds its claim, or for a grant paid in
 * advance the award.  Every date lies in the grant's fiscal year, on or
 * after the grant's award and on or after the records it refers to.
 *
 * Records are written in date order (one fiscal year at a time, as no
 * record refers to another year's), and within a day in the order they
 * were made, which is the order of each project's lifecycle: a record
 * refers only to records before it.
 */
#define SPEND_FIRST_FY 2024
#define SPEND_YEARS    3
/* About one grant per this many postings; never fewer than SPEND_YEARS. */
#define SPEND_GRANT_POSTINGS 2000
/* One project in this many has an invoice keyed wrongly and reversed. */
#define SPEND_CORRECT_ONE_IN 200
/* Awards fall between 1 April and 30 June: early in their year. */
#define SPEND_AWARD_DAYS 91
/* The most steps of one project's lifecycle (see sp_plan). */
#define SPEND_MAX_STEPS 16

enum sp_kind {
	SP_GRANT,
	SP_PROJECT,
	SP_ALLOCATE,
	SP_COMMIT,
	SP_INVOICE,
	SP_PAY,
	SP_RECLAIM,
	SP_RECEIVE,
	SP_CORRECT,
};

/*
 * Each kind's element, the code in its ids ("GEN-PO-000001"), the postings
 * the plugin writes for one (a correction: as many as the record it
 * reverses) and the attribute by which other records name one.
 */
static const struct sp_kind_info {
	const char *elem;
	const char *code;
	unsigned postings;
	const char *ref_attr;
} sp_kinds[] = {
        [SP_GRANT] = {"grant", "GR", 2, "grant"},
        [SP_PROJECT] = {"project", "PR", 0, "project"},
        [SP_ALLOCATE] = {"allocate", "AL", 2, NULL},
        [SP_COMMIT] = {"commit", "PO", 2, "commitment"},
        [SP_INVOICE] = {"invoice", "IN", 4, "invoice"},
        [SP_PAY] = {"pay", "PA", 2, NULL},
        [SP_RECLAIM] = {"reclaim", "RC", 2, "reclaim"},
        [SP_RECEIVE] = {"receive", "RR", 2, NULL},
        [SP_CORRECT] = {"correct", "CX", 0, NULL},
};

/* Invented funders, each with the name of its scheme. */
static const struct sp_funder {
	const char *funder;
	const char *programme;
} sp_funders[] = {
        {"Home Office", "Places of Worship Protective Security Scheme"},
        {"Community Security Fund", "Communal Buildings Security Grant"},
        {"Local Council", "Community Safety Fund"},
        {"Department for Education", "Faith Schools Security Grant"},
};

/*
 * The categories of schemas/spend.xsd, in its order (a grant's eligible
 * list is written in this order), with the range of a quote in whole
 * pounds and invented suppliers whose names fit the schema's Supplier
 * pattern (some with "&", "'" or dots, which it allows).
 */
#define SP_SUPPLIERS 3
static const struct sp_cat {
	const char *name;
	long quote[2];
	const char *supplier[SP_SUPPLIERS];
} sp_cats[] = {
        {"cctv", {2500, 18000}, {"Acme Security Ltd", "Clearview CCTV Ltd", "Sentinel Systems"}},
        {"access-control",
         {1800, 12000},
         {"Keyline Access Ltd", "Acme Security Ltd", "Gatehouse Controls"}},
        {"fencing",
         {2000, 25000},
         {"Northgate Fencing", "Palisade & Sons", "Ironside Fencing Ltd"}},
        {"lighting",
         {1200, 8000},
         {"Brightway Lighting", "Lumen Electrical Ltd", "Northern Lights Electrical"}},
        {"alarms", {900, 6000}, {"Redline Alarms", "Acme Security Ltd", "Bell & Siren Ltd"}},
        {"glazing", {1500, 14000}, {"O'Neill Glazing", "Shieldfilm Ltd", "Clearpane Windows"}},
        {"doors", {1800, 12000}, {"Steelgate Doors Ltd", "Portal Security Doors", "J.B. Joinery"}},
        {"guarding",
         {4000, 30000},
         {"Watchmen Guarding Ltd", "Shield Guard Services", "Acme Security Ltd"}},
        {"training",
         {400, 3000},
         {"Safer Communities Training", "First Response Training", "Secure Minds Training"}},
        {"other", {500, 5000}, {"General Works Ltd", "Acme Security Ltd", "Brightway Lighting"}},
};

_Static_assert(ARRAY_SIZE(sp_cats) <= 16, "a grant keeps its eligible categories in 16 bits");

/* Why an invoice was reversed: the <note> of its <correct>. */
static const char *const sp_correct_notes[] = {
        "Invoice entered twice.",
        "Keyed with the wrong amount.",
        "Credit note from the supplier: billed in error.",
};

/*
 * One record of the fiscal year being made.  `ref` is the index in
 * sp_year.rec of the record it names (for a grant: its index in
 * sp_year.grant instead): no record names another year's.  Ids are given
 * as the records are written, so that they ascend through the file.
 */
struct sp_rec {
	int64_t pence;    /* its amount; a project's quote */
	uint32_t serial;  /* the number in its id, once written */
	uint32_t ref;     /* see above */
	uint32_t site;    /* project: index in the site table */
	uint16_t day;     /* days after 1 April of the fiscal year */
	uint8_t kind;     /* enum sp_kind */
	uint8_t cat;      /* project: index in sp_cats */
	uint8_t supplier; /* project: index in its category's suppliers */
	uint8_t note;     /* correct: index in sp_correct_notes */
};

struct sp_grant {
	int64_t allocated; /* pence set aside for its projects */
	size_t rec;        /* its record in sp_year.rec */
	size_t advance;    /* its advance (a receive) there, or SIZE_MAX */
	uint16_t awarded;  /* day of the fiscal year */
	uint16_t eligible; /* bit i: sp_cats[i] */
	uint8_t funder;    /* index in sp_funders */
	uint8_t match;     /* percent of a project's cost it pays */
};

/* What one fiscal year holds until it is written out. */
struct sp_year {
	int fy;         /* begins 1 April of this year */
	long first;     /* 1 April, in days since 1970-01-01 */
	unsigned ndays; /* 365 or 366 */
	struct sp_rec *rec;
	size_t nrec, rec_alloc;
	struct sp_grant *grant;
	size_t ngrant, grant_alloc;
};

struct sp_state {
	struct rng r;
	const struct site_ref *sites;
	long nsites;
	uint32_t serial[ARRAY_SIZE(sp_kinds)]; /* the last id written of each kind */
	long long postings;                    /* made so far, all years */
	struct sp_year y;
	uint32_t *order; /* sp_year_write's sort */
	size_t order_alloc;
};

/*
 * Adds a record to the year and returns its index.  A date past the end
 * of the year is held on 31 March: clamping keeps a lifecycle's dates in
 * order, and every date in its grant's fiscal year.
 */
static size_t sp_add(struct sp_state *st, enum sp_kind kind, long day, int64_t pence, size_t ref)
{
	struct sp_year *y = &st->y;
	if (y->nrec == y->rec_alloc) {
		y->rec_alloc = y->rec_alloc ? 2 * y->rec_alloc : 4096;
		y->rec = xrealloc(y->rec, y->rec_alloc * sizeof(*y->rec));
	}
	struct sp_rec *p = &y->rec[y->nrec];
	memset(p, 0, sizeof(*p));
	p->pence = pence;
	p->day = (uint16_t)(day < (long)y->ndays ? day : (long)y->ndays - 1);
	p->kind = (uint8_t)kind;
	p->ref = (uint32_t)ref;
	st->postings += sp_kinds[kind == SP_CORRECT ? y->rec[ref].kind : kind].postings;
	return y->nrec++;
}

static void sp_year_begin(struct sp_state *st, int fy)
{
	struct sp_year *y = &st->y;
	y->fy = fy;
	y->first = days_from_civil(fy, 4, 1);
	y->ndays = (unsigned)(days_from_civil(fy + 1, 4, 1) - y->first);
	y->nrec = 0;
	y->ngrant = 0;
}

/*
 * A new grant of the year, awarded early in it; its amount is settled by
 * sp_grant_finish once its projects are known.  A grant paid in
 * `advance` is paid in full soon after the award and pays all of a
 * project's cost; the others are reclaimed at 80% (the share of the 2016
 * Home Office scheme).
 */
static size_t sp_grant_new(struct sp_state *st, int advance)
{
	struct sp_year *y = &st->y;
	struct rng *r = &st->r;
	unsigned idx[ARRAY_SIZE(sp_cats)];

	if (y->ngrant == y->grant_alloc) {
		y->grant_alloc = y->grant_alloc ? 2 * y->grant_alloc : 64;
		y->grant = xrealloc(y->grant, y->grant_alloc * sizeof(*y->grant));
	}
	struct sp_grant *g = &y->grant[y->ngrant];
	g->allocated = 0;
	g->funder = (uint8_t)rng_below(r, ARRAY_SIZE(sp_funders));
	g->match = advance ? 100 : 80;
	g->awarded = (uint16_t)rng_below(r, SPEND_AWARD_DAYS);
	/* three to five categories: the first few of a shuffle */
	for (unsigned i = 0; i < ARRAY_SIZE(sp_cats); i++)
		idx[i] = i;
	unsigned k = (unsigned)rng_range(r, 3, 5);
	g->eligible = 0;
	for (unsigned i = 0; i < k; i++) {
		unsigned j = i + (unsigned)rng_below(r, ARRAY_SIZE(sp_cats) - i);
		unsigned t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
		g->eligible |= (uint16_t)(1u << idx[i]);
	}
	g->rec = sp_add(st, SP_GRANT, g->awarded, 0, y->ngrant);
	g->advance = SIZE_MAX;
	if (advance)
		g->advance = sp_add(st, SP_RECEIVE, g->awarded + rng_range(r, 7, 30), 0, g->rec);
	return y->ngrant++;
}

/*
 * The award: what the projects were allocated and 3-15% more, rounded up
 * to a thousand pounds, so that allocations never exceed it and some of
 * it is left unallocated, as in a real register.
 */
static void sp_grant_finish(struct sp_state *st, size_t gi)
{
	struct sp_year *y = &st->y;
	struct sp_grant *g = &y->grant[gi];
	int64_t award = g->allocated * (100 + rng_range(&st->r, 3, 15)) / 100;
	award = (award + 99999) / 100000 * 100000;
	y->rec[g->rec].pence = award;
	if (g->advance != SIZE_MAX)
		y->rec[g->advance].pence = award;
}

/* How far a project has gone: it stops after the stage drawn. */
enum sp_stage { ST_ALLOCATED, ST_COMMITTED, ST_INVOICED, ST_PAID, ST_CLAIMED, ST_DONE };

static enum sp_stage sp_stage_pick(struct rng *r, int reclaims)
{
	uint64_t x = rng_below(r, 100);
	if (x < 3)
		return ST_ALLOCATED;
	if (x < 13)
		return ST_COMMITTED;
	if (x < 21)
		return ST_INVOICED;
	if (!reclaims)
		return ST_DONE;
	return x < 27 ? ST_PAID : x < 32 ? ST_CLAIMED : ST_DONE;
}

/*
 * One step of a lifecycle: a record `gap` days after the step before.  A
 * branch step (the receipt of an interim claim) is dated from the step
 * before it but does not move the lifecycle on: the next step is dated
 * from the same day.  `which` is an invoice's number within the project
 * (SP_WRONG for the one keyed wrongly), and for a pay the invoice it pays.
 */
#define SP_WRONG 2
struct sp_step {
	uint8_t kind, which, branch;
	long gap;
	int64_t pence;
};

static int sp_step_add(struct sp_step *s, int n, enum sp_kind kind, long gap, int64_t pence,
                       unsigned which)
{
	s[n].kind = (uint8_t)kind;
	s[n].which = (uint8_t)which;
	s[n].branch = 0;
	s[n].gap = gap;
	s[n].pence = pence;
	return n + 1;
}

/*
 * The steps of a project of `quote` pence allocated `alloc` under a
 * grant paying `match` percent (claimed back when `reclaims`), into s[]
 * (SPEND_MAX_STEPS); returns how many.  Invoices: one, or a stage payment
 * and the balance; together all of the quote or a little less.  A payment
 * is the invoice less, now and then, a 5% retention.  With two invoices a
 * reclaiming project sometimes claims after the first payment too.
 */
static int sp_plan(struct rng *r, struct sp_step *s, int64_t quote, int64_t alloc, unsigned match,
                   int reclaims)
{
	enum sp_stage stage = sp_stage_pick(r, reclaims);
	int64_t inv[2], paid = 0, claimed = 0;
	int n = 0;

	n = sp_step_add(s, n, SP_ALLOCATE, 0, alloc, 0);
	if (stage < ST_COMMITTED)
		return n;
	n = sp_step_add(s, n, SP_COMMIT, rng_range(r, 0, 30), quote, 0);
	if (stage < ST_INVOICED)
		return n;

	int64_t total = rng_chance(r, 85) ? quote : quote - quote * rng_range(r, 1, 10) / 100;
	if (rng_below(r, SPEND_CORRECT_ONE_IN) == 0) {
		/*
		 * Room is left for the wrong invoice beside the right ones,
		 * so that they fit the purchase order whether or not a
		 * reversed invoice still counts against it.
		 */
		int64_t wrong = quote * rng_range(r, 5, 15) / 100;
		if (total > quote - wrong)
			total = quote - wrong;
		n = sp_step_add(s, n, SP_INVOICE, rng_range(r, 7, 45), wrong, SP_WRONG);
		n = sp_step_add(s, n, SP_CORRECT, rng_range(r, 0, 14), 0, 0);
	}
	int ninv = rng_chance(r, 40) ? 2 : 1;
	inv[0] = ninv == 2 ? total * rng_range(r, 30, 60) / 100 : total;
	inv[1] = total - inv[0];
	for (int i = 0; i < ninv; i++) {
		int last = i == ninv - 1;
		n = sp_step_add(s, n, SP_INVOICE, i ? rng_range(r, 14, 75) : rng_range(r, 7, 60),
		                inv[i], (unsigned)i);
		if (last && stage < ST_PAID)
			return n;
		int64_t pay = rng_chance(r, 90) ? inv[i] : inv[i] - inv[i] * 5 / 100;
		n = sp_step_add(s, n, SP_PAY, rng_range(r, 0, 30), pay, (unsigned)i);
		paid += pay;
		if (!last && reclaims && stage >= ST_CLAIMED && rng_chance(r, 30)) {
			claimed = paid * match / 100;
			n = sp_step_add(s, n, SP_RECLAIM, rng_range(r, 0, 21), claimed, 0);
			n = sp_step_add(s, n, SP_RECEIVE, rng_range(r, 14, 45), claimed, 0);
			s[n - 1].branch = 1;
		}
	}
	if (!reclaims || stage < ST_CLAIMED)
		return n;
	/* paid <= quote, so paid * match / 100 <= alloc: the bound is met */
	int64_t claim = paid * match / 100 - claimed;
	if (claim <= 0)
		return n;
	n = sp_step_add(s, n, SP_RECLAIM, rng_range(r, 0, 30), claim, 0);
	if (stage < ST_DONE)
		return n;
	/* now and then the funder disallows a part */
	int64_t got = rng_chance(r, 95) ? claim : claim - claim * rng_range(r, 1, 20) / 100;
	return sp_step_add(s, n, SP_RECEIVE, rng_range(r, 14, 60), got, 0);
}

/* A category the grant pays for, uniformly among them. */
static unsigned sp_pick_eligible(struct rng *r, unsigned eligible)
{
	unsigned n = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(sp_cats); i++)
		n += (eligible >> i) & 1;
	uint64_t k = rng_below(r, n);
	for (unsigned i = 0; i < ARRAY_SIZE(sp_cats); i++) {
		if ((eligible >> i) & 1 && k-- == 0)
			return i;
	}
	return 0;
}

/*
 * A project of grant gi, with its lifecycle.  It begins on a day drawn so
 * that the whole of it fits between the award and the end of the year
 * when it can; a longer one is held on 31 March by sp_add.
 */
static void sp_project(struct sp_state *st, size_t gi)
{
	struct sp_year *y = &st->y;
	struct rng *r = &st->r;
	struct sp_grant *g = &y->grant[gi];
	struct sp_step s[SPEND_MAX_STEPS];
	size_t po = 0, wrong = 0, claim = 0, inv[2] = {0, 0};

	unsigned cat = sp_pick_eligible(r, g->eligible);
	unsigned supplier = (unsigned)rng_below(r, SP_SUPPLIERS);
	uint32_t site = (uint32_t)rng_below(r, (uint64_t)st->nsites);
	int64_t quote = rng_range(r, sp_cats[cat].quote[0], sp_cats[cat].quote[1]) * 100;
	if (rng_chance(r, 60))
		quote += rng_range(r, 0, 99);
	int64_t alloc = quote * g->match / 100;
	int n = sp_plan(r, s, quote, alloc, g->match, g->advance == SIZE_MAX);

	long span = 0;
	for (int i = 0; i < n; i++)
		span += s[i].branch ? 0 : s[i].gap;
	long room = (long)y->ndays - 1 - g->awarded - span;
	long day = g->awarded + (room > 0 ? rng_range(r, 0, room) : 0);

	size_t project = sp_add(st, SP_PROJECT, day, quote, g->rec);
	y->rec[project].site = site;
	y->rec[project].cat = (uint8_t)cat;
	y->rec[project].supplier = (uint8_t)supplier;
	g->allocated += alloc;

	for (int i = 0; i < n; i++) {
		enum sp_kind kind = (enum sp_kind)s[i].kind;
		long d = day + s[i].gap;
		size_t ref = kind == SP_INVOICE   ? po
		             : kind == SP_CORRECT ? wrong
		             : kind == SP_PAY     ? inv[s[i].which]
		             : kind == SP_RECEIVE ? claim
		                                  : project;
		size_t k = sp_add(st, kind, d, s[i].pence, ref);
		if (!s[i].branch)
			day = d;
		if (kind == SP_COMMIT)
			po = k;
		else if (kind == SP_INVOICE && s[i].which == SP_WRONG)
			wrong = k;
		else if (kind == SP_INVOICE)
			inv[s[i].which] = k;
		else if (kind == SP_RECLAIM)
			claim = k;
		else if (kind == SP_CORRECT)
			y->rec[k].note = (uint8_t)rng_below(r, ARRAY_SIZE(sp_correct_notes));
	}
}

/* The id of the year's record i, written already: "GEN-PO-000001". */
static void sp_out_id(struct writer *w, const struct sp_year *y, size_t i)
{
	out_str(w, "GEN-");
	out_str(w, sp_kinds[y->rec[i].kind].code);
	out_add(w, "-", 1);
	out_ulong(w, y->rec[i].serial, 6);
}

/* "2025-03-31" */
static void out_date(struct writer *w, long z)
{
	int y;
	unsigned m, d;
	civil_from_days(z, &y, &m, &d);
	out_ulong(w, (unsigned long)y, 4);
	out_add(w, "-", 1);
	out_ulong(w, m, 2);
	out_add(w, "-", 1);
	out_ulong(w, d, 2);
}

/* Pence as pounds with exactly two decimals: "1234.05". */
static void out_money(struct writer *w, int64_t pence)
{
	out_ulong(w, (unsigned long)(pence / 100), 0);
	out_add(w, ".", 1);
	out_ulong(w, (unsigned long)(pence % 100), 2);
}

static void sp_out_grant(struct writer *w, const struct sp_year *y, const struct sp_rec *p)
{
	const struct sp_grant *g = &y->grant[p->ref];
	const struct sp_funder *f = &sp_funders[g->funder];
	const char *sep = "";

	out_str(w, "\" funder=\"");
	out_text(w, f->funder);
	out_str(w, "\" programme=\"");
	out_text(w, f->programme);
	out_add(w, " ", 1);
	out_ulong(w, (unsigned long)y->fy, 4);
	out_add(w, "/", 1);
	out_ulong(w, (unsigned long)(y->fy + 1) % 100, 2);
	out_str(w, "\" currency=\"GBP\" amount=\"");
	out_money(w, p->pence);
	out_str(w, "\" awarded-on=\"");
	out_date(w, y->first + p->day);
	out_str(w, "\" fy=\"");
	out_ulong(w, (unsigned long)y->fy, 4);
	out_str(w, "\" match=\"");
	out_ulong(w, g->match, 0);
	out_str(w, g->advance != SIZE_MAX ? "\" claim=\"advance" : "\" claim=\"reclaim");
	out_str(w, "\" claim-deadline=\"");
	out_ulong(w, (unsigned long)y->fy + 1, 4);
	out_str(w, "-03-31\">\n    <eligible>");
	for (unsigned i = 0; i < ARRAY_SIZE(sp_cats); i++) {
		if ((g->eligible >> i) & 1) {
			out_str(w, sep);
			out_str(w, sp_cats[i].name);
			sep = " ";
		}
	}
	out_str(w, "</eligible>\n  </grant>\n");
}

static void sp_out_project(struct writer *w, const struct sp_state *st, const struct sp_rec *p)
{
	const struct sp_cat *c = &sp_cats[p->cat];

	out_str(w, "\" site=\"");
	out_site_id(w, &st->sites[p->site]);
	out_str(w, "\" grant=\"");
	sp_out_id(w, &st->y, p->ref);
	out_str(w, "\" category=\"");
	out_str(w, c->name);
	out_str(w, "\" supplier=\"");
	out_text(w, c->supplier[p->supplier]);
	out_str(w, "\" quote=\"");
	out_money(w, p->pence);
	out_str(w, "\"/>\n");
}

/* A money record or a correction: its id, date, amount and reference. */
static void sp_out_money(struct writer *w, const struct sp_year *y, const struct sp_rec *p)
{
	out_str(w, "\" date=\"");
	out_date(w, y->first + p->day);
	if (p->kind == SP_CORRECT) {
		out_str(w, "\" reverses=\"");
		sp_out_id(w, y, p->ref);
		out_str(w, "\">\n    <note>");
		out_text(w, sp_correct_notes[p->note]);
		out_str(w, "</note>\n  </correct>\n");
		return;
	}
	out_str(w, "\" amount=\"");
	out_money(w, p->pence);
	out_str(w, "\" ");
	out_str(w, sp_kinds[y->rec[p->ref].kind].ref_attr);
	out_str(w, "=\"");
	sp_out_id(w, y, p->ref);
	out_str(w, "\"/>\n");
}

/*
 * Writes the year's records by date, and within a day in the order they
 * were made (a stable counting sort on the day: O(n), no ties to break),
 * numbering each kind's ids as it goes.
 */
static void sp_year_write(struct writer *w, struct sp_state *st)
{
	struct sp_year *y = &st->y;
	size_t start[366 + 1] = {0};

	if (st->order_alloc < y->nrec) {
		st->order_alloc = y->nrec;
		st->order = xrealloc(st->order, st->order_alloc * sizeof(*st->order));
	}
	for (size_t i = 0; i < y->nrec; i++)
		start[y->rec[i].day + 1]++;
	for (unsigned d = 1; d < y->ndays; d++)
		start[d] += start[d - 1];
	for (size_t i = 0; i < y->nrec; i++)
		st->order[start[y->rec[i].day]++] = (uint32_t)i;
	for (size_t i = 0; i < y->nrec; i++) {
		size_t k = st->order[i];
		struct sp_rec *p = &y->rec[k];
		p->serial = ++st->serial[p->kind];
		out_str(w, "  <");
		out_str(w, sp_kinds[p->kind].elem);
		out_str(w, " id=\"");
		sp_out_id(w, y, k);
		if (p->kind == SP_GRANT)
			sp_out_grant(w, y, p);
		else if (p->kind == SP_PROJECT)
			sp_out_project(w, st, p);
		else
			sp_out_money(w, y, p);
	}
}

/*
 * The ledger, a fiscal year at a time.  Grant g of G belongs to year
 * g * SPEND_YEARS / G and takes projects until the postings reach its
 * share of the count, (g + 1) * count / G rounded up, so that the file
 * ends once it has at least `count` postings, with the last project whole.
 * Without --sites the projects are at the sites `shomer-gen sites` writes
 * by default.
 */
static int gen_spend(struct writer *w, const struct gen_opts *o, char **errmsg)
{
	struct sp_state *st = xcalloc(1, sizeof(*st));
	long long count = o->count;
	long long ngrants = 0, g = 0;
	char head[200];

	st->nsites = o->sites ? o->sites : GEN_DEFAULT_COUNT;
	struct site_ref *sites = sites_replay(st->nsites, o->site_seed);
	st->sites = sites;
	rng_init(&st->r, o->seed);
	if (count > 0) {
		ngrants = (count + SPEND_GRANT_POSTINGS - 1) / SPEND_GRANT_POSTINGS;
		if (ngrants < SPEND_YEARS)
			ngrants = SPEND_YEARS;
	}

	snprintf(head, sizeof(head),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<!-- synthetic data from shomer-gen: spend, count %ld postings, seed %llu,"
	         " sites %ld, site seed %llu -->\n",
	         o->count, (unsigned long long)o->seed, st->nsites,
	         (unsigned long long)o->site_seed);
	out_str(w, head);
	out_str(w, "<spend xmlns=\"urn:shomer:spend:1\">\n");
	for (int yi = 0; yi < SPEND_YEARS; yi++) {
		sp_year_begin(st, SPEND_FIRST_FY + yi);
		for (; g < ngrants && g * SPEND_YEARS / ngrants == yi; g++) {
			long long target = ((g + 1) * count + ngrants - 1) / ngrants;
			/* every third grant is paid in advance: both models in every file */
			size_t gi = sp_grant_new(st, g % 3 == 1);
			do
				sp_project(st, gi);
			while (st->postings < target);
			sp_grant_finish(st, gi);
		}
		sp_year_write(w, st);
	}
	out_str(w, "</spend>\n");
	free(st->y.rec);
	free(st->y.grant);
	free(st->order);
	free(st);
	free(sites);
	(void)errmsg; /* nothing here can fail; write errors surface at close */
	return 0;
}

/* ---- guards ---- */

/*
 * Guards and volunteers for the guards plugin (schemas/guards.xsd), shaped
 * like the demo's sites/guards.xml, so that the roster can be measured at
 * national scale:
 *
 *   - about 12% team leaders, 23% contract guards and 65% volunteers,
 *     each with the qualifications that go with the role;
 *   - every guard lives 200 m to 3 km from a generated site, their home
 *     site.  The sites are dealt out in rounds, each a fresh shuffle that
 *     gives every site one guard, so every site has guards near it once
 *     there are as many guards as sites (2,000 guards at 500 sites: four
 *     each), which uniform draws would not promise;
 *   - weekly windows as the organisation works: contract guards office
 *     hours on most weekdays and some Saturdays; volunteers and team
 *     leaders around Shabbat (Friday evening, Saturday and Sunday
 *     mornings) and sometimes one weekday evening;
 *   - the posture table of sites/guards.xml, and a few events at the
 *     generated sites in November 2026, the month the roster benchmark
 *     plans.
 *
 * The importer refuses windows that overlap (docs/guards.md).  Every
 * window here lies within one day, its end after its start, and a guard
 * has at most one window a day, so none can meet another, not even across
 * midnight or Sunday night.  It also refuses a site named twice in one
 * guard's <prefers> and <never>: a guard prefers only their home site,
 * and is kept away (<never>) only from some other site.
 *
 * Guards and events draw from streams of their own, so that the guards of
 * a file stay the same however many events the sites get.
 */
#define GRD_YEAR  2026
#define GRD_MONTH 11
#define GRD_DAYS  30 /* in November */
/* How far a guard lives from their home site, in metres. */
#define GRD_HOME_NEAR 200.0
#define GRD_HOME_FAR  3000.0
/* Shares of guards, in percent, as in sites/guards.xml or a little more. */
#define GRD_PREFERS_PCT 40 /* ask for their home site */
#define GRD_NEVER_PCT   5  /* must not serve at one other site */
#define GRD_ABSENT_PCT  8  /* away for a few days in the month */
/* One event per this many sites, and at least GRD_MIN_EVENTS. */
#define GRD_SITES_PER_EVENT 50
#define GRD_MIN_EVENTS      5

enum grd_role { ROLE_LEADER, ROLE_CONTRACT, ROLE_VOLUNTEER };

/*
 * Each role's share in percent, and the most hours a week and the least
 * rest between shifts that sites/guards.xml gives it: a contract guard is
 * paid for a working week and is owed the Working Time Regulations' 11
 * hours between shifts; a volunteer gives an evening and a morning.
 */
static const struct grd_role_info {
	const char *name;
	unsigned pct;
	const char *max_hours, *min_rest;
} grd_roles[] = {
        [ROLE_LEADER] = {"team-leader", 12, "20", "8"},
        [ROLE_CONTRACT] = {"contract-guard", 23, "40", "11"},
        [ROLE_VOLUNTEER] = {"volunteer", 65, "8", "8"},
};

/* The schema's Day, Monday first as the importer counts. */
static const char *const grd_day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
#define GRD_FRI 4
#define GRD_SAT 5
#define GRD_SUN 6

/*
 * Names are personal data, so none here is anyone's: ordinary given names
 * with surnames joined from two made-up halves ("Brenholt"), the way the
 * sites' names are made from word lists.
 */
static const char *const grd_given[] = {
        "Aaron", "Adam",  "Avi",    "Ben",    "Chana", "Dan",   "David",  "Debbie", "Dina",  "Eli",
        "Ezra",  "Gabi",  "Gideon", "Hannah", "Ilana", "Jonny", "Josh",   "Judith", "Keren", "Leah",
        "Lior",  "Maya",  "Miriam", "Nathan", "Noam",  "Orli",  "Rachel", "Rivka",  "Ruth",  "Sam",
        "Sarah", "Shira", "Tali",   "Tom",    "Uri",   "Yael",  "Yoni",   "Zev",
};
static const char *const grd_surname_a[] = {
        "Ashel",  "Bren",   "Corin",  "Davel",  "Elster", "Fensel", "Galen",  "Harrow",
        "Isel",   "Kestel", "Lumen",  "Marden", "Nivel",  "Orrin",  "Pessel", "Quarl",
        "Rendel", "Selwin", "Tamsel", "Varden", "Wendel", "Yarrow", "Zember",
};
static const char *const grd_surname_b[] = {
        "holt", "wick", "feld", "mark", "ley", "croft", "by", "stone", "ham", "thorpe",
};

static void out_surname(struct writer *w, struct rng *r)
{
	out_str(w, RNG_PICK(r, grd_surname_a));
	out_str(w, RNG_PICK(r, grd_surname_b));
}

/*
 * The posture table of sites/guards.xml, rule for rule: the organisation's
 * own (docs/guards.md explains it), so that the roster benchmark plans to
 * the same demand as the demo.
 */
static const struct grd_rule {
	const char *kind;
	unsigned min_attendance;
	const char *threat;
	unsigned guards;
	int leader;
} grd_posture[] = {
        {"any", 0, "low", 1, 0},       {"any", 0, "substantial", 2, 0},
        {"any", 0, "severe", 3, 1},    {"any", 0, "critical", 4, 1},
        {"any", 150, "low", 2, 0},     {"any", 150, "substantial", 3, 1},
        {"any", 150, "severe", 4, 1},  {"any", 150, "critical", 6, 1},
        {"any", 500, "low", 3, 1},     {"any", 500, "substantial", 5, 1},
        {"any", 500, "severe", 6, 1},  {"any", 500, "critical", 8, 1},
        {"school", 0, "low", 2, 0},    {"school", 0, "substantial", 3, 1},
        {"school", 0, "severe", 4, 1}, {"school", 0, "critical", 5, 1},
        {"cemetery", 0, "low", 1, 0},  {"cemetery", 0, "severe", 2, 0},
        {"shop", 0, "low", 1, 0},      {"shop", 0, "severe", 2, 0},
};

/* Days of the week for events, as weekday() counts them: bit 0 Sunday. */
#define EV_SUN      (1u << 0)
#define EV_MON_THU  (0xfu << 1)
#define EV_FRI      (1u << 5)
#define EV_SAT      (1u << 6)
#define EV_NOT_SHAB (EV_SUN | EV_MON_THU)

/*
 * One-off events by site kind: the days they can fall on, the time, and
 * the attendance as a share of the site's capacity.  A bar mitzvah is on
 * Shabbat morning and a wedding on a Sunday; nothing else is on Shabbat
 * or a Friday evening, when the building is kept for services, but a
 * funeral may be on a Friday morning.  `family`: the label names an
 * invented family.
 */
static const struct grd_event_tpl {
	const char *code; /* the kind's, as kinds_tab[].code */
	const char *label;
	unsigned days;
	int start, end;
	unsigned share_pct[2];
	int family;
} grd_event_tpls[] = {
        {"SYN", "Bar mitzvah of the ", EV_SAT, HM(9, 0), HM(13, 30), {70, 100}, 1},
        {"SYN", "Wedding", EV_SUN, HM(13, 0), HM(18, 0), {50, 90}, 0},
        {"SYN", "Memorial service", EV_MON_THU, HM(19, 0), HM(20, 30), {30, 60}, 0},
        {"SCH", "Open evening", EV_MON_THU, HM(18, 0), HM(20, 30), {40, 80}, 0},
        {"SCH", "Prize-giving", EV_MON_THU, HM(14, 0), HM(16, 0), {60, 100}, 0},
        {"CEM", "Funeral", EV_NOT_SHAB | EV_FRI, HM(11, 0), HM(12, 30), {30, 100}, 0},
        {"CEM", "Stone setting", EV_SUN, HM(11, 0), HM(12, 0), {10, 40}, 0},
        {"CC", "Chanukah appeal dinner", EV_NOT_SHAB, HM(19, 0), HM(23, 0), {60, 100}, 0},
        {"CC", "Charity concert", EV_SUN | EV_MON_THU, HM(19, 30), HM(22, 0), {50, 90}, 0},
        {"SHP", "Late opening before Chanukah", EV_MON_THU, HM(18, 0), HM(21, 0), {60, 100}, 0},
        {"OFF", "Volunteers' briefing", EV_MON_THU, HM(19, 0), HM(21, 0), {70, 100}, 0},
        {"OTH", "Open day", EV_SUN, HM(10, 0), HM(15, 0), {40, 80}, 0},
};

struct grd_state {
	struct rng r; /* the guards' stream */
	const struct site_ref *sites;
	long nsites;
	uint32_t *deal; /* the sites in this round's shuffled order */
	/* site indexes by town: town t's are by_town[town_first[t] ... town_first[t + 1] - 1] */
	uint32_t *by_town;
	long town_first[ARRAY_SIZE(towns) + 1];
	unsigned long serial; /* of the last guard written */
};

_Static_assert(GEN_MAX_COUNT <= UINT32_MAX, "a site index fits uint32_t");

static void grd_state_init(struct grd_state *st, const struct gen_opts *o,
                           const struct site_ref *sites, long nsites)
{
	long fill[ARRAY_SIZE(towns)];

	rng_init(&st->r, o->seed);
	st->sites = sites;
	st->nsites = nsites;
	st->serial = 0;
	st->deal = xmalloc((size_t)nsites * sizeof(*st->deal));
	for (long i = 0; i < nsites; i++)
		st->deal[i] = (uint32_t)i;
	/* counting sort: each town's sites in the order they were generated */
	st->by_town = xmalloc((size_t)nsites * sizeof(*st->by_town));
	memset(st->town_first, 0, sizeof(st->town_first));
	for (long i = 0; i < nsites; i++)
		st->town_first[sites[i].town + 1]++;
	for (size_t t = 0; t < ARRAY_SIZE(towns); t++) {
		st->town_first[t + 1] += st->town_first[t];
		fill[t] = st->town_first[t];
	}
	for (long i = 0; i < nsites; i++)
		st->by_town[fill[sites[i].town]++] = (uint32_t)i;
}

/* The home site of guard number i (from 0): a round of the deal. */
static long grd_home_site(struct grd_state *st, long i)
{
	long k = i % st->nsites;
	if (k == 0) {
		/* Fisher-Yates: a new order for the next round */
		for (long j = st->nsites - 1; j > 0; j--) {
			long m = (long)rng_below(&st->r, (uint64_t)j + 1);
			uint32_t t = st->deal[j];
			st->deal[j] = st->deal[m];
			st->deal[m] = t;
		}
	}
	return st->deal[k];
}

/*
 * A site other than `home` that the guard must not serve: one in the same
 * town when there is one, as a conflict that matters is with a site they
 * might be sent to; -1 when there is no other site at all.
 */
static long grd_never_site(struct grd_state *st, long home)
{
	long first = st->town_first[st->sites[home].town];
	long n = st->town_first[st->sites[home].town + 1] - first;

	if (n > 1) {
		/* uniform over the n - 1 others: home's draw takes the last place */
		long j = first + (long)rng_below(&st->r, (uint64_t)n - 1);
		return st->by_town[j] == (uint32_t)home ? (long)st->by_town[first + n - 1]
		                                        : (long)st->by_town[j];
	}
	if (st->nsites < 2)
		return -1;
	long j = (long)rng_below(&st->r, (uint64_t)st->nsites - 1);
	return j >= home ? j + 1 : j;
}

/*
 * The weekly windows of a guard of role `role`: start[d] and end[d] in
 * minutes for day d (Monday 0), start[d] < 0 for none.  At least one.
 */
static void grd_windows(struct rng *r, enum grd_role role, int start[7], int end[7])
{
	for (int d = 0; d < 7; d++)
		start[d] = end[d] = -1;
	if (role == ROLE_CONTRACT) {
		/* most weekdays: all five for 45%, four for 40%, three for 15% */
		unsigned x = (unsigned)rng_below(r, 100);
		int off = x < 45 ? 0 : x < 85 ? 1 : 2;
		for (int d = 0; d < 5; d++) {
			start[d] = HM(7, 0);
			end[d] = HM(17, 0);
		}
		while (off > 0) {
			int d = (int)rng_below(r, 5);
			if (start[d] >= 0) {
				start[d] = end[d] = -1;
				off--;
			}
		}
		if (rng_chance(r, 30)) {
			start[GRD_SAT] = HM(8, 0);
			end[GRD_SAT] = HM(14, 0);
		}
		return;
	}
	/* around Shabbat, with the shares of sites/guards.xml */
	int any = 0;
	if (rng_chance(r, 65)) {
		start[GRD_FRI] = HM(17, 0);
		end[GRD_FRI] = HM(22, 0);
		any = 1;
	}
	if (rng_chance(r, 80)) {
		start[GRD_SAT] = HM(8, 30);
		end[GRD_SAT] = HM(13, 30);
		any = 1;
	}
	if (rng_chance(r, 40)) {
		start[GRD_SUN] = HM(8, 0);
		end[GRD_SUN] = HM(14, 0);
		any = 1;
	}
	if (rng_chance(r, 25)) {
		/* Monday to Thursday, to 22:00 as the sites' evening sessions run */
		int d = (int)rng_below(r, 4);
		start[d] = HM(18, 0);
		end[d] = HM(22, 0);
		any = 1;
	}
	if (!any) {
		/* the morning most volunteers give */
		start[GRD_SAT] = HM(8, 30);
		end[GRD_SAT] = HM(13, 30);
	}
}

static void out_qual(struct writer *w, const char *q)
{
	out_str(w, "    <qualification>");
	out_str(w, q);
	out_str(w, "</qualification>\n");
}

static void out_site_attr(struct writer *w, const char *elem, const struct site_ref *s)
{
	out_str(w, "    <");
	out_str(w, elem);
	out_str(w, " site=\"");
	out_site_id(w, s);
	out_str(w, "\"/>\n");
}

/* Guard number i (from 0), GEN-GRD-<i + 1>. */
static void out_guard(struct writer *w, struct grd_state *st, long i)
{
	struct rng *r = &st->r;
	unsigned x = (unsigned)rng_below(r, 100);
	enum grd_role role = x < grd_roles[ROLE_LEADER].pct ? ROLE_LEADER
	                     : x < grd_roles[ROLE_LEADER].pct + grd_roles[ROLE_CONTRACT].pct
	                             ? ROLE_CONTRACT
	                             : ROLE_VOLUNTEER;
	const struct grd_role_info *ri = &grd_roles[role];
	int start[7], end[7];
	double lat, lon;

	out_str(w, "  <guard id=\"GEN-GRD-");
	out_ulong(w, ++st->serial, 6);
	out_str(w, "\" role=\"");
	out_str(w, ri->name);
	out_str(w, "\" max-hours=\"");
	out_str(w, ri->max_hours);
	out_str(w, "\" min-rest=\"");
	out_str(w, ri->min_rest);
	out_str(w, "\">\n    <name>");
	out_str(w, RNG_PICK(r, grd_given));
	out_add(w, " ", 1);
	out_surname(w, r);
	out_str(w, "</name>\n");

	long home = grd_home_site(st, i);
	const struct site_ref *hs = &st->sites[home];
	scatter(r, hs->lat_e6 / 1e6, hs->lon_e6 / 1e6,
	        GRD_HOME_NEAR + (GRD_HOME_FAR - GRD_HOME_NEAR) * rng_unit(r), &lat, &lon);
	out_str(w, "    <home lat=\"");
	out_deg(w, lat);
	out_str(w, "\" lon=\"");
	out_deg(w, lon);
	out_str(w, "\"/>\n");

	switch (role) {
	case ROLE_LEADER:
		out_qual(w, "team-leader");
		out_qual(w, "first-aid");
		if (rng_chance(r, 40))
			out_qual(w, "sia-licence");
		break;
	case ROLE_CONTRACT:
		/* a contract guard cannot be deployed without a licence */
		out_qual(w, "sia-licence");
		if (rng_chance(r, 50))
			out_qual(w, "first-aid");
		break;
	case ROLE_VOLUNTEER:
		if (rng_chance(r, 30))
			out_qual(w, "first-aid");
		break;
	}

	grd_windows(r, role, start, end);
	for (int d = 0; d < 7; d++) {
		if (start[d] < 0)
			continue;
		out_str(w, "    <available day=\"");
		out_str(w, grd_day_names[d]);
		out_str(w, "\" start=\"");
		out_hhmm(w, start[d]);
		out_str(w, "\" end=\"");
		out_hhmm(w, end[d]);
		out_str(w, "\"/>\n");
	}

	if (rng_chance(r, GRD_ABSENT_PCT)) {
		/* a few days to a week away, within the month */
		long from = rng_range(r, 1, GRD_DAYS - 2);
		long to = from + rng_range(r, 0, 6);
		if (to > GRD_DAYS)
			to = GRD_DAYS;
		out_str(w, "    <unavailable from=\"");
		out_date(w, days_from_civil(GRD_YEAR, GRD_MONTH, (unsigned)from));
		out_str(w, "\" to=\"");
		out_date(w, days_from_civil(GRD_YEAR, GRD_MONTH, (unsigned)to));
		out_str(w, "\"/>\n");
	}

	if (rng_chance(r, GRD_PREFERS_PCT))
		out_site_attr(w, "prefers", hs);
	if (rng_chance(r, GRD_NEVER_PCT)) {
		long other = grd_never_site(st, home);
		if (other >= 0)
			out_site_attr(w, "never", &st->sites[other]);
	}
	out_str(w, "  </guard>\n");
}

static void out_posture(struct writer *w)
{
	out_str(w, "  <posture>\n");
	for (size_t i = 0; i < ARRAY_SIZE(grd_posture); i++) {
		const struct grd_rule *p = &grd_posture[i];
		out_str(w, "    <rule kind=\"");
		out_str(w, p->kind);
		out_str(w, "\" min-attendance=\"");
		out_ulong(w, p->min_attendance, 0);
		out_str(w, "\" threat=\"");
		out_str(w, p->threat);
		out_str(w, "\" guards=\"");
		out_ulong(w, p->guards, 0);
		out_str(w, p->leader ? "\" team-leader=\"true\"/>\n" : "\"/>\n");
	}
	out_str(w, "  </posture>\n");
}

/* Event number n (from 1) at a random site, on a November day that suits it. */
static void out_event(struct writer *w, struct rng *r, const struct grd_state *st, unsigned long n)
{
	const struct site_ref *s = &st->sites[rng_below(r, (uint64_t)st->nsites)];
	const char *code = kinds_tab[s->kind].code;
	const struct grd_event_tpl *ev = NULL;
	size_t fit = 0;
	long z;

	/* one of the kind's templates, uniformly: every kind has at least one */
	for (size_t i = 0; i < ARRAY_SIZE(grd_event_tpls); i++)
		fit += !strcmp(grd_event_tpls[i].code, code);
	uint64_t pick = rng_below(r, fit);
	for (size_t i = 0; i < ARRAY_SIZE(grd_event_tpls) && !ev; i++)
		if (!strcmp(grd_event_tpls[i].code, code) && pick-- == 0)
			ev = &grd_event_tpls[i];
	/* every weekday comes four times or more in a month: this ends soon */
	do
		z = days_from_civil(GRD_YEAR, GRD_MONTH, (unsigned)rng_range(r, 1, GRD_DAYS));
	while (!(ev->days & (1u << weekday(z))));
	long att = (long)s->capacity * rng_range(r, ev->share_pct[0], ev->share_pct[1]) / 100;
	if (att < 10)
		att = 10; /* a handful of people make no event */

	out_str(w, "  <event id=\"GEN-EV-");
	out_ulong(w, n, 6);
	out_str(w, "\" site=\"");
	out_site_id(w, s);
	out_str(w, "\" date=\"");
	out_date(w, z);
	out_str(w, "\" start=\"");
	out_hhmm(w, ev->start);
	out_str(w, "\" end=\"");
	out_hhmm(w, ev->end);
	out_str(w, "\" attendance=\"");
	out_ulong(w, (unsigned long)att, 0);
	out_str(w, "\">\n    <label>");
	out_str(w, ev->label);
	if (ev->family) {
		out_surname(w, r);
		out_str(w, " family");
	}
	out_str(w, "</label>\n  </event>\n");
}

/*
 * The posture table, `count` guards, then the events.  Without --sites the
 * guards live near the sites `shomer-gen sites` writes by default.
 */
static int gen_guards(struct writer *w, const struct gen_opts *o, char **errmsg)
{
	long nsites = o->sites ? o->sites : GEN_DEFAULT_COUNT;
	struct site_ref *sites = sites_replay(nsites, o->site_seed);
	struct grd_state st;
	struct rng re;
	long nevents = nsites / GRD_SITES_PER_EVENT;
	char head[200];

	if (nevents < GRD_MIN_EVENTS)
		nevents = GRD_MIN_EVENTS;
	grd_state_init(&st, o, sites, nsites);
	rng_init(&re, o->seed ^ 0x6576656e7473ULL); /* "events" */

	snprintf(head, sizeof(head),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<!-- synthetic data from shomer-gen: guards, count %ld, seed %llu,"
	         " sites %ld, site seed %llu -->\n",
	         o->count, (unsigned long long)o->seed, nsites, (unsigned long long)o->site_seed);
	out_str(w, head);
	out_str(w, "<guards xmlns=\"urn:shomer:guards:1\">\n");
	out_posture(w);
	for (long i = 0; i < o->count; i++)
		out_guard(w, &st, i);
	for (long n = 1; n <= nevents; n++)
		out_event(w, &re, &st, (unsigned long)n);
	out_str(w, "</guards>\n");
	free(st.deal);
	free(st.by_town);
	free(sites);
	(void)errmsg; /* nothing here can fail; write errors surface at close */
	return 0;
}

/*
 * One entry per record kind.  `generate` writes the
 * whole document to w and returns 0, or -1 with *errmsg set; write errors
 * are the writer's to report.  `site_opts`: the kind takes --sites and
 * --site-seed; `cctv_opt`: it takes --cctv.
 */
struct gen_kind {
	const char *name;
	int (*generate)(struct writer *w, const struct gen_opts *o, char **errmsg);
	const char *what;
	int site_opts;
	int cctv_opt;
};

static const struct gen_kind gen_kinds[] = {
        {"sites", gen_sites, "site records (schemas/site.xsd), with --cctv cameras too", 0, 1},
        {"incidents", gen_incidents, "incident records (schemas/incident.xsd)", 1, 0},
        {"spend", gen_spend, "grant ledger records (schemas/spend.xsd); --count in postings", 1, 0},
        {"guards", gen_guards, "guards, posture and events (schemas/guards.xsd)", 1, 0},
};

/* ---- command line ---- */

static void usage(FILE *fp)
{
	fprintf(fp, "usage: shomer-gen <kind> [--count N] [--seed S] [--out FILE]\n");
	fprintf(fp, "       shomer-gen sites ... [--cctv]\n");
	fprintf(fp, "       shomer-gen incidents ... [--sites N [--site-seed S]]\n");
	fprintf(fp, "       shomer-gen spend ... [--sites N [--site-seed S]]\n");
	fprintf(fp, "       shomer-gen guards ... [--sites N [--site-seed S]]\n");
	fprintf(fp, "kinds:\n");
	for (size_t i = 0; i < ARRAY_SIZE(gen_kinds); i++)
		fprintf(fp, "  %-10s %s\n", gen_kinds[i].name, gen_kinds[i].what);
}

UTIL_NORETURN UTIL_PRINTF(1, 2) static void usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "shomer-gen: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	usage(stderr);
	exit(2);
}

/* Strict decimal uint64: digits only, no sign, no overflow. */
static int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/*
 * Matches argv[*i] against option `name` in either "--name VALUE" or
 * "--name=VALUE" form; returns the value (advancing *i past it) or NULL.
 */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n])
		return NULL;
	if (*i + 1 >= argc)
		usage_error("option '%s' needs a value", name);
	return argv[++*i];
}

static void parse_opts(int argc, char **argv, struct gen_opts *o)
{
	o->count = GEN_DEFAULT_COUNT;
	o->seed = 1;
	o->sites = 0;
	o->site_seed = 1; /* the default seed of `sites` */
	o->site_opts = 0;
	o->cctv = 0;
	o->out = NULL;
	for (int i = 2; i < argc; i++) {
		const char *v;
		if ((v = opt_value(argc, argv, &i, "--count"))) {
			if (parse_long(v, &o->count) || o->count < 0 || o->count > GEN_MAX_COUNT)
				usage_error("bad count '%s': want 0 to 10000000", v);
		} else if ((v = opt_value(argc, argv, &i, "--seed"))) {
			if (parse_u64(v, &o->seed))
				usage_error("bad seed '%s': want a non-negative integer", v);
		} else if ((v = opt_value(argc, argv, &i, "--sites"))) {
			if (parse_long(v, &o->sites) || o->sites < 0 || o->sites > GEN_MAX_COUNT)
				usage_error("bad site count '%s': want 0 to 10000000", v);
			o->site_opts = 1;
		} else if ((v = opt_value(argc, argv, &i, "--site-seed"))) {
			if (parse_u64(v, &o->site_seed))
				usage_error("bad site seed '%s': want a non-negative integer", v);
			o->site_opts = 1;
		} else if (!strcmp(argv[i], "--cctv")) {
			o->cctv = 1;
		} else if ((v = opt_value(argc, argv, &i, "--out"))) {
			if (!*v)
				usage_error("bad output file '%s'", v);
			o->out = v;
		} else {
			usage_error("unknown option '%s'", argv[i]);
		}
	}
}

int main(int argc, char **argv)
{
	const struct gen_kind *kind = NULL;
	struct gen_opts opts;
	struct writer w;
	char *errmsg = NULL;

	if (argc < 2)
		usage_error("missing record kind");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(gen_kinds); i++) {
		if (!strcmp(argv[1], gen_kinds[i].name))
			kind = &gen_kinds[i];
	}
	if (!kind)
		usage_error("unknown record kind '%s'", argv[1]);
	parse_opts(argc, argv, &opts);
	if (opts.site_opts && !kind->site_opts)
		usage_error("options '--sites' and '--site-seed' are for incidents, spend and "
		            "guards only");
	if (opts.cctv && !kind->cctv_opt)
		usage_error("option '--cctv' is for sites only");

	if (writer_open(&w, opts.out, &errmsg))
		goto fail;
	int rc = kind->generate(&w, &opts, &errmsg);
	if (writer_close(&w, rc ? NULL : &errmsg) || rc) {
		if (w.regular)
			remove(opts.out); /* no half-written file left behind */
		goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "shomer-gen: %s\n", errmsg ? errmsg : "failed");
	free(errmsg);
	return 1;
}
