/*
 * gen.c - shomer-gen, a deterministic generator of national-scale synthetic
 * data in Shomer's own formats, for benchmarks and load tests.
 *
 *   shomer-gen <kind> [--count N] [--seed S] [--out FILE]
 *
 * The first argument names the record kind; each kind is one entry in
 * `kinds[]` below with its own generator function, so that incidents,
 * cameras, guards and grants can be added beside `sites` without touching
 * the option parsing or the output code.
 *
 * Output is a pure function of (kind, count, seed): the program uses its own
 * PRNG (xoshiro256** seeded by splitmix64), never rand(), never the clock.
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
 * write error is remembered and reported by writer_close().
 */
#define WRITER_BLOCK 65536

struct writer {
	FILE *fp;
	const char *path; /* for messages; "-" for standard output */
	struct strbuf sb;
	int err;     /* errno of the first failed write, or 0 */
	int regular; /* output is a regular file: safe to remove when failed */
};

static void writer_flush(struct writer *w)
{
	if (w->sb.len && !w->err && fwrite(w->sb.buf, 1, w->sb.len, w->fp) != w->sb.len)
		w->err = errno ? errno : EIO;
	sb_reset(&w->sb);
}

static void out_add(struct writer *w, const char *s, size_t n)
{
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
 * A star-shaped polygon around the centre: 4-8 vertices at increasing
 * angles, one in each equal sector (jittered within its middle 70%), at
 * radii between 70% and 100% of `radius`.  Increasing angles around an
 * interior point make the ring simple; no gap between neighbours reaches
 * half a turn (at most 1.7 sectors, and a sector is a quarter turn at most),
 * so the centre lies strictly inside, at least 0.19 * radius from every edge
 * (over 1 m even for a shop), far beyond the 0.1 m of printed rounding.
 */
static void out_perimeter(struct writer *w, struct rng *r, double lat, double lon, double radius)
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

/* Writes site number `serial` of its kind as a <site> element. */
static void out_site(struct writer *w, struct rng *r, const struct site_kind *k,
                     unsigned long serial)
{
	const struct town *t = pick_town(r);
	double mlat, mlon;

	/* uniform over a disc of the town's radius */
	double dist = t->radius_km * 1000 * sqrt(rng_unit(r));
	double bearing = rng_unit(r) * 2 * GEN_PI;
	metres_per_degree(t->lat, &mlat, &mlon);
	double lat = t->lat + dist * sin(bearing) / mlat;
	double lon = t->lon + dist * cos(bearing) / mlon;
	double radius = k->radius_m[0] + (k->radius_m[1] - k->radius_m[0]) * rng_unit(r);
	long capacity = rng_range(r, k->capacity[0], k->capacity[1]);

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
	out_perimeter(w, r, lat, lon, radius);
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
	out_str(w, "  </site>\n");
}

/* ---- record kinds ---- */

struct gen_opts {
	long count;
	uint64_t seed;
	const char *out; /* NULL: standard output */
};

static int gen_sites(struct writer *w, const struct gen_opts *o, char **errmsg)
{
	unsigned long serial[ARRAY_SIZE(kinds_tab)] = {0};
	struct rng r;
	char head[160];

	rng_init(&r, o->seed);
	snprintf(head, sizeof(head),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         /* no double hyphen: XML forbids "--" inside a comment */
	         "<!-- synthetic data from shomer-gen: sites, count %ld, seed %llu -->\n",
	         o->count, (unsigned long long)o->seed);
	out_str(w, head);
	out_str(w, "<sites xmlns=\"urn:shomer:site:1\">\n");
	for (long i = 0; i < o->count; i++) {
		const struct site_kind *k = pick_kind(&r);
		out_site(w, &r, k, ++serial[k - kinds_tab]);
	}
	out_str(w, "</sites>\n");
	(void)errmsg; /* nothing here can fail; write errors surface at close */
	return 0;
}

/*
 * One entry per record kind; later: incidents, cameras, guards, grants.
 * `generate` writes the whole document to w and returns 0, or -1 with
 * *errmsg set; write errors are the writer's to report.
 */
struct gen_kind {
	const char *name;
	int (*generate)(struct writer *w, const struct gen_opts *o, char **errmsg);
	const char *what;
};

static const struct gen_kind gen_kinds[] = {
        {"sites", gen_sites, "site records (schemas/site.xsd)"},
};

/* ---- command line ---- */

static void usage(FILE *fp)
{
	fprintf(fp, "usage: shomer-gen <kind> [--count N] [--seed S] [--out FILE]\n");
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
	o->out = NULL;
	for (int i = 2; i < argc; i++) {
		const char *v;
		if ((v = opt_value(argc, argv, &i, "--count"))) {
			if (parse_long(v, &o->count) || o->count < 0 || o->count > GEN_MAX_COUNT)
				usage_error("bad count '%s': want 0 to 10000000", v);
		} else if ((v = opt_value(argc, argv, &i, "--seed"))) {
			if (parse_u64(v, &o->seed))
				usage_error("bad seed '%s': want a non-negative integer", v);
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
