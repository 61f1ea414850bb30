/*
 * report.c - see report.h.
 *
 * A report is a title and an ordered list of blocks.  The text form goes
 * straight to the FILE; the HTML form is built in a strbuf and written with
 * one fwrite.  The site map is drawn with libxml2's xmlTextWriter, which
 * escapes every name and id it writes.
 */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "table.h"
#include "util.h"

#include "banned.h"

enum block_kind { BLOCK_HEADING, BLOCK_TEXT, BLOCK_TABLE, BLOCK_SVG };

struct block {
	enum block_kind kind;
	char *text;    /* heading or paragraph text, or the markup of an svg */
	char *caption; /* svg only */
	struct shomer_table *table;
};

struct shomer_report {
	char *title;
	struct block *blocks;
	size_t nblocks, alloc;
};

/* ---- building ---- */

struct shomer_report *report_new(const char *title)
{
	struct shomer_report *rep = xcalloc(1, sizeof(*rep));
	rep->title = xstrdup(title ? title : "");
	return rep;
}

void report_free(struct shomer_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->nblocks; i++) {
		free(rep->blocks[i].text);
		free(rep->blocks[i].caption);
		table_free(rep->blocks[i].table);
	}
	free(rep->blocks);
	free(rep->title);
	free(rep);
}

static struct block *add_block(struct shomer_report *rep, enum block_kind kind)
{
	ALLOC_GROW(rep->blocks, rep->nblocks + 1, rep->alloc);
	struct block *b = &rep->blocks[rep->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

int report_heading(struct shomer_report *rep, const char *title)
{
	if (!rep || !title)
		return -1;
	add_block(rep, BLOCK_HEADING)->text = xstrdup(title);
	return 0;
}

int report_text(struct shomer_report *rep, const char *text)
{
	if (!rep || !text)
		return -1;
	add_block(rep, BLOCK_TEXT)->text = xstrdup(text);
	return 0;
}

/* The report owns `t` from the call on, so a refused table is freed here. */
int report_table(struct shomer_report *rep, struct shomer_table *t)
{
	if (!rep || !t) {
		table_free(t);
		return -1;
	}
	add_block(rep, BLOCK_TABLE)->table = t;
	return 0;
}

int report_svg(struct shomer_report *rep, const char *svg, const char *caption)
{
	if (!rep || !svg)
		return -1;
	struct block *b = add_block(rep, BLOCK_SVG);
	b->text = xstrdup(svg);
	b->caption = xstrdup(caption ? caption : "");
	return 0;
}

/* ---- plain text ---- */

/* Code points, so that an underline is as long as the title it is under. */
static size_t utf8_width(const char *s)
{
	size_t n = 0;
	for (; *s; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	}
	return n;
}

static void put_underlined(FILE *out, const char *s, char c)
{
	fprintf(out, "%s\n", s);
	for (size_t i = utf8_width(s); i > 0; i--)
		fputc(c, out);
	fputc('\n', out);
}

static int write_text_block(const struct block *b, FILE *out, char **errmsg)
{
	size_t len;

	switch (b->kind) {
	case BLOCK_HEADING: put_underlined(out, b->text, '-'); return 0;
	case BLOCK_TEXT:
		len = strlen(b->text);
		fputs(b->text, out);
		if (!len || b->text[len - 1] != '\n')
			fputc('\n', out);
		return 0;
	case BLOCK_TABLE: return table_print(b->table, SHOMER_FMT_TABLE, out, errmsg);
	case BLOCK_SVG:
		if (*b->caption)
			fprintf(out, "[figure: %s]\n", b->caption);
		else
			fputs("[figure]\n", out);
		return 0;
	}
	return 0;
}

int report_write_text(const struct shomer_report *rep, FILE *out, char **errmsg)
{
	if (!rep || !out)
		return err_set(errmsg, "no report or no output to write to");
	put_underlined(out, rep->title, '=');
	for (size_t i = 0; i < rep->nblocks; i++) {
		fputc('\n', out);
		if (write_text_block(&rep->blocks[i], out, errmsg) < 0)
			return -1;
	}
	if (fflush(out) == EOF || ferror(out))
		return err_set(errmsg, "cannot write report: %s", strerror_lc(errno));
	return 0;
}

/* ---- HTML ---- */

/*
 * Inline so that the file stands alone (no fetches, no script).  System
 * fonts only; zebra rows and numbers in tabular figures for reading across
 * a row; print rules keep headings with what follows and repeat table heads.
 */
static const char html_style[] =
        "body { font: 15px/1.5 system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif;\n"
        "  color: #1f2328; background: #fff; max-width: 64rem; margin: 2rem auto;\n"
        "  padding: 0 1rem; }\n"
        "h1 { font-size: 1.7rem; margin: 0 0 .2rem; }\n"
        "h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .2rem;\n"
        "  border-bottom: 1px solid #d0d7de; }\n"
        ".generated { color: #57606a; margin: 0 0 1.5rem; }\n"
        "p.text { white-space: pre-line; }\n"
        ".table { overflow-x: auto; }\n"
        "table { border-collapse: collapse; margin: .8rem 0; font-size: .9rem; }\n"
        "th, td { padding: .3rem .7rem; border-bottom: 1px solid #d0d7de;\n"
        "  text-align: left; vertical-align: top; }\n"
        "th { background: #eaeef2; }\n"
        "tbody tr:nth-child(even) { background: #f6f8fa; }\n"
        ".num { text-align: right; font-variant-numeric: tabular-nums; }\n"
        ".empty { color: #57606a; font-style: italic; }\n"
        "figure { margin: 1rem 0; }\n"
        "figure svg { max-width: 100%; height: auto; }\n"
        "figcaption { color: #57606a; font-size: .9rem; }\n"
        "@media print {\n"
        "  body { margin: 0; max-width: none; font-size: 10pt; }\n"
        "  h2 { break-after: avoid; }\n"
        "  tr, figure { break-inside: avoid; }\n"
        "  thead { display: table-header-group; }\n"
        "  th, tbody tr:nth-child(even) { print-color-adjust: exact;\n"
        "    -webkit-print-color-adjust: exact; }\n"
        "}\n";

static void html_cell(struct strbuf *sb, const char *tag, const char *text, int num)
{
	sb_addf(sb, "<%s%s>", tag, num ? " class=\"num\"" : "");
	sb_add_xml_escaped(sb, text ? text : "");
	sb_addf(sb, "</%s>", tag);
}

static void html_table(struct strbuf *sb, const struct shomer_table *t)
{
	size_t ncols = table_ncols(t), nrows = table_nrows(t);

	sb_adds(sb, "<div class=\"table\"><table>\n<thead><tr>");
	for (size_t c = 0; c < ncols; c++)
		html_cell(sb, "th", table_col_name(t, c), table_col_kind(t, c) != SHOMER_COL_TEXT);
	sb_adds(sb, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < nrows; r++) {
		sb_adds(sb, "<tr>");
		for (size_t c = 0; c < ncols; c++)
			html_cell(sb, "td", table_cell(t, r, c),
			          table_col_kind(t, c) != SHOMER_COL_TEXT);
		sb_adds(sb, "</tr>\n");
	}
	if (!nrows)
		sb_addf(sb, "<tr><td class=\"empty\" colspan=\"%zu\">(no rows)</td></tr>\n",
		        ncols ? ncols : 1);
	sb_adds(sb, "</tbody>\n</table></div>\n");
}

static void html_block(struct strbuf *sb, const struct block *b)
{
	switch (b->kind) {
	case BLOCK_HEADING:
		sb_adds(sb, "<h2>");
		sb_add_xml_escaped(sb, b->text);
		sb_adds(sb, "</h2>\n");
		break;
	case BLOCK_TEXT:
		sb_adds(sb, "<p class=\"text\">");
		sb_add_xml_escaped(sb, b->text);
		sb_adds(sb, "</p>\n");
		break;
	case BLOCK_TABLE: html_table(sb, b->table); break;
	case BLOCK_SVG:
		sb_adds(sb, "<figure>\n");
		sb_adds(sb, b->text);
		sb_adds(sb, "\n");
		if (*b->caption) {
			sb_adds(sb, "<figcaption>");
			sb_add_xml_escaped(sb, b->caption);
			sb_adds(sb, "</figcaption>\n");
		}
		sb_adds(sb, "</figure>\n");
		break;
	}
}

/* The head, the title and the generation time, "2024-05-01 09:30 UTC". */
static void html_start(struct strbuf *sb, const char *title)
{
	char iso[32];

	utc_now_iso(iso);
	sb_adds(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<meta name=\"generator\" content=\"shomer\">\n<title>");
	sb_add_xml_escaped(sb, title);
	sb_addf(sb, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", html_style);
	sb_add_xml_escaped(sb, title);
	sb_addf(sb,
	        "</h1>\n<p class=\"generated\">Generated <time datetime=\"%s\">%.10s %.5s UTC"
	        "</time></p>\n</header>\n<main>\n",
	        iso, iso, iso + 11);
}

int report_write_html(const struct shomer_report *rep, FILE *out, char **errmsg)
{
	struct strbuf sb;

	if (!rep || !out)
		return err_set(errmsg, "no report or no output to write to");
	sb_init(&sb);
	html_start(&sb, rep->title);
	for (size_t i = 0; i < rep->nblocks; i++)
		html_block(&sb, &rep->blocks[i]);
	sb_adds(&sb, "</main>\n</body>\n</html>\n");

	int failed = fwrite(sb.buf, 1, sb.len, out) != sb.len || fflush(out) == EOF;
	sb_release(&sb);
	if (failed)
		return err_set(errmsg, "cannot write report: %s", strerror_lc(errno));
	return 0;
}

/* ---- the site map (SVG) ---- */

/*
 * One colour per kind from Okabe and Ito's palette ("Color Universal Design",
 * 2002), which stays distinguishable for the common colour-vision
 * deficiencies; unknown kinds are drawn as "other".
 */
static const struct kind_style {
	const char *kind;
	const char *colour;
} kind_styles[] = {
        {"synagogue", "#0072b2"}, {"school", "#e69f00"},
        {"cemetery", "#009e73"},  {"community-centre", "#cc79a7"},
        {"shop", "#d55e00"},      {"office", "#56b4e9"},
        {"other", "#7f7f7f"},
};

#define KIND_OTHER (ARRAY_SIZE(kind_styles) - 1)

#define MAP_MIN_WIDTH    200   /* px: room for the scale bar and a legend entry */
#define MAP_PAD          16.0  /* px around the map and inside its frame */
#define MAP_MIN_EXTENT   100.0 /* m: the least a map shows, so one site still has a scale */
#define MAP_DOT_R        5.0   /* px */
#define MAP_SCALE_ROW    28.0  /* px below the map for the scale bar */
#define MAP_LEGEND_ENTRY 150.0 /* px: "community-centre" at 11px and its swatch */
#define MAP_LEGEND_ROW   18.0  /* px */

static size_t kind_index(const char *kind)
{
	for (size_t i = 0; kind && i < KIND_OTHER; i++) {
		if (strcmp(kind, kind_styles[i].kind) == 0)
			return i;
	}
	return KIND_OTHER;
}

/* An xmlTextWriter that remembers its first failure, checked once at the end. */
struct svg {
	xmlTextWriterPtr w;
	int failed;
};

static void svg_open(struct svg *s, const char *name)
{
	if (!s->failed && xmlTextWriterStartElement(s->w, (const xmlChar *)name) < 0)
		s->failed = 1;
}

static void svg_close(struct svg *s)
{
	if (!s->failed && xmlTextWriterEndElement(s->w) < 0)
		s->failed = 1;
}

static void svg_attr(struct svg *s, const char *name, const char *value)
{
	if (!s->failed &&
	    xmlTextWriterWriteAttribute(s->w, (const xmlChar *)name, (const xmlChar *)value) < 0)
		s->failed = 1;
}

/* Pixel values: a tenth of a pixel is finer than any screen shows. */
static void svg_num(struct svg *s, const char *name, double v)
{
	char buf[FMT_DOUBLE_MAX];
	svg_attr(s, name, fmt_fixed(buf, v, 1));
}

static void svg_string(struct svg *s, const char *text)
{
	if (!s->failed && xmlTextWriterWriteString(s->w, (const xmlChar *)text) < 0)
		s->failed = 1;
}

/* <name>text</name> with no attributes. */
static void svg_element(struct svg *s, const char *name, const char *text)
{
	svg_open(s, name);
	svg_string(s, text);
	svg_close(s);
}

static void svg_root(struct svg *s, double width, double height, const char *label)
{
	char box[4 * FMT_DOUBLE_MAX], w[FMT_DOUBLE_MAX], h[FMT_DOUBLE_MAX];

	snprintf(box, sizeof(box), "0 0 %s %s", fmt_fixed(w, width, 1), fmt_fixed(h, height, 1));
	svg_open(s, "svg");
	svg_attr(s, "xmlns", "http://www.w3.org/2000/svg");
	svg_num(s, "width", width);
	svg_num(s, "height", height);
	svg_attr(s, "viewBox", box);
	svg_attr(s, "role", "img");
	svg_attr(s, "aria-label", label);
	svg_attr(s, "font-family", "sans-serif");
	svg_attr(s, "font-size", "11");
}

static void svg_rect(struct svg *s, double x, double y, double w, double h, const char *fill)
{
	svg_open(s, "rect");
	svg_num(s, "x", x);
	svg_num(s, "y", y);
	svg_num(s, "width", w);
	svg_num(s, "height", h);
	svg_attr(s, "fill", fill);
	svg_close(s);
}

static void svg_text(struct svg *s, double x, double y, const char *anchor, const char *text)
{
	svg_open(s, "text");
	svg_num(s, "x", x);
	svg_num(s, "y", y);
	if (anchor)
		svg_attr(s, "text-anchor", anchor);
	svg_string(s, text);
	svg_close(s);
}

/*
 * Where the map sits: sites at projected (x, y) metres are drawn at
 * (ox + (x - cx) * scale, oy - (y - cy) * scale) pixels.  The minus flips
 * the y axis, since SVG's runs down and northings run up.
 */
struct map {
	struct svg svg;
	double width, height; /* the whole picture, px */
	double iw, ih;        /* the map area, px */
	double cx, cy;        /* centre of the sites, m */
	double ox, oy;        /* where that centre is drawn, px */
	double scale;         /* px per m */
	unsigned kinds_seen;  /* bit i set: kind_styles[i] is on the map */
	size_t nkinds;
};

struct bbox {
	double minx, miny, maxx, maxy;
	int any;
};

static void bbox_add(struct bbox *b, double x, double y)
{
	if (!isfinite(x) || !isfinite(y))
		return;
	if (!b->any) {
		b->minx = b->maxx = x;
		b->miny = b->maxy = y;
		b->any = 1;
		return;
	}
	b->minx = fmin(b->minx, x);
	b->maxx = fmax(b->maxx, x);
	b->miny = fmin(b->miny, y);
	b->maxy = fmax(b->maxy, y);
}

static double map_px(const struct map *m, double x)
{
	return m->ox + (x - m->cx) * m->scale;
}

static double map_py(const struct map *m, double y)
{
	return m->oy - (y - m->cy) * m->scale;
}

static void map_count_kinds(struct map *m, const struct shomer_site *sites, size_t n)
{
	for (size_t i = 0; i < n; i++)
		m->kinds_seen |= 1u << kind_index(sites[i].kind);
	for (size_t k = 0; k < ARRAY_SIZE(kind_styles); k++)
		m->nkinds += (m->kinds_seen >> k) & 1u;
}

static void map_frame(struct map *m, const struct shomer_site *sites, size_t n, int width_px)
{
	struct bbox b = {0};

	for (size_t i = 0; i < n; i++) {
		bbox_add(&b, sites[i].x, sites[i].y);
		for (size_t j = 0; sites[i].perimeter && j < sites[i].n_perimeter; j++)
			bbox_add(&b, sites[i].perimeter[j].x, sites[i].perimeter[j].y);
	}
	/* Sites at one point have no extent: a floor keeps the scale finite. */
	double ex = fmax(b.maxx - b.minx, MAP_MIN_EXTENT);
	double ey = fmax(b.maxy - b.miny, MAP_MIN_EXTENT);

	m->width = width_px;
	m->iw = width_px - 2 * MAP_PAD;
	/* Between half as tall and as tall as wide; equal scale on both axes
	 * and the sites centred in whatever room is left over. */
	m->ih = fmin(fmax(m->iw * ey / ex, m->iw / 2), m->iw);
	m->scale = fmin((m->iw - 2 * MAP_PAD) / ex, (m->ih - 2 * MAP_PAD) / ey);
	m->cx = (b.minx + b.maxx) / 2;
	m->cy = (b.miny + b.maxy) / 2;
	m->ox = MAP_PAD + m->iw / 2;
	m->oy = MAP_PAD + m->ih / 2;

	map_count_kinds(m, sites, n);
	size_t per_row = (size_t)(m->iw / MAP_LEGEND_ENTRY);
	if (!per_row)
		per_row = 1;
	size_t rows = (m->nkinds + per_row - 1) / per_row;
	m->height = MAP_PAD + m->ih + MAP_SCALE_ROW + rows * MAP_LEGEND_ROW + MAP_PAD;
}

static const char *site_label(const struct shomer_site *s)
{
	return s->name && *s->name ? s->name : s->id ? s->id : "";
}

static void map_perimeter(struct map *m, const struct shomer_site *s)
{
	struct strbuf pts;
	char x[FMT_DOUBLE_MAX], y[FMT_DOUBLE_MAX];

	if (!s->perimeter || s->n_perimeter < 3)
		return;
	for (size_t j = 0; j < s->n_perimeter; j++) {
		if (!isfinite(s->perimeter[j].x) || !isfinite(s->perimeter[j].y))
			return;
	}
	sb_init(&pts);
	for (size_t j = 0; j < s->n_perimeter; j++)
		sb_addf(&pts, "%s%s,%s", j ? " " : "",
		        fmt_fixed(x, map_px(m, s->perimeter[j].x), 1),
		        fmt_fixed(y, map_py(m, s->perimeter[j].y), 1));
	const char *colour = kind_styles[kind_index(s->kind)].colour;
	svg_open(&m->svg, "polygon");
	svg_attr(&m->svg, "points", pts.buf);
	svg_attr(&m->svg, "fill", colour);
	svg_attr(&m->svg, "fill-opacity", "0.15");
	svg_attr(&m->svg, "stroke", colour);
	svg_attr(&m->svg, "stroke-width", "1.5");
	svg_element(&m->svg, "title", site_label(s));
	svg_close(&m->svg);
	sb_release(&pts);
}

static void map_dot(struct map *m, const struct shomer_site *s)
{
	svg_open(&m->svg, "circle");
	svg_num(&m->svg, "cx", map_px(m, s->x));
	svg_num(&m->svg, "cy", map_py(m, s->y));
	svg_num(&m->svg, "r", MAP_DOT_R);
	svg_attr(&m->svg, "fill", kind_styles[kind_index(s->kind)].colour);
	svg_element(&m->svg, "title", site_label(s));
	svg_close(&m->svg);
}

/* Label boxes already placed, so that no label is drawn over another. */
struct label_boxes {
	struct bbox *v;
	size_t n, alloc;
};

/* Font size 9 sans-serif: about 5.5 px per character, 10 px high. */
#define LABEL_CHAR_PX 5.5
#define LABEL_H_PX    10.0

static int box_free(const struct label_boxes *lb, const struct bbox *b)
{
	for (size_t i = 0; i < lb->n; i++) {
		const struct bbox *o = &lb->v[i];
		if (b->minx < o->maxx && o->minx < b->maxx && b->miny < o->maxy &&
		    o->miny < b->maxy)
			return 0;
	}
	return 1;
}

/*
 * Labels face the middle of the map so that none runs off its edge; where
 * that side is taken, the other side; where both are, the label is left out
 * (the dot's tooltip still names the site).  Greedy, in id order.
 */
static void map_label(struct map *m, struct label_boxes *lb, const struct shomer_site *s)
{
	double px = map_px(m, s->x), py = map_py(m, s->y);
	const char *id = s->id ? s->id : "";
	double w = LABEL_CHAR_PX * (double)strlen(id);
	int prefer_left = px > m->ox;
	for (int attempt = 0; attempt < 2; attempt++) {
		int left = attempt ? !prefer_left : prefer_left;
		double x0 = left ? px - MAP_DOT_R - 3 - w : px + MAP_DOT_R + 3;
		struct bbox b = {x0, py - LABEL_H_PX / 2, x0 + w, py + LABEL_H_PX / 2, 1};
		if (x0 < 0 || x0 + w > m->width || !box_free(lb, &b))
			continue;
		ALLOC_GROW(lb->v, lb->n + 1, lb->alloc);
		lb->v[lb->n++] = b;
		svg_text(&m->svg, left ? px - MAP_DOT_R - 3 : px + MAP_DOT_R + 3, py + 3,
		         left ? "end" : NULL, id);
		return;
	}
}

static void map_sites(struct map *m, const struct shomer_site *sites, size_t n)
{
	svg_open(&m->svg, "g");
	svg_attr(&m->svg, "class", "perimeters");
	for (size_t i = 0; i < n; i++)
		map_perimeter(m, &sites[i]);
	svg_close(&m->svg);

	svg_open(&m->svg, "g");
	svg_attr(&m->svg, "class", "sites");
	svg_attr(&m->svg, "stroke", "#fff");
	svg_attr(&m->svg, "stroke-width", "1.5");
	for (size_t i = 0; i < n; i++) {
		if (isfinite(sites[i].x) && isfinite(sites[i].y))
			map_dot(m, &sites[i]);
	}
	svg_close(&m->svg);

	/* A white halo under each label keeps it readable over dots and lines. */
	svg_open(&m->svg, "g");
	svg_attr(&m->svg, "class", "labels");
	svg_attr(&m->svg, "font-size", "9");
	svg_attr(&m->svg, "fill", "#222");
	svg_attr(&m->svg, "stroke", "#fff");
	svg_attr(&m->svg, "stroke-width", "2.5");
	svg_attr(&m->svg, "stroke-linejoin", "round");
	svg_attr(&m->svg, "paint-order", "stroke");
	struct label_boxes lb = {NULL, 0, 0};
	/* the dots are obstacles for labels too */
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(sites[i].x) || !isfinite(sites[i].y))
			continue;
		double px = map_px(m, sites[i].x), py = map_py(m, sites[i].y);
		ALLOC_GROW(lb.v, lb.n + 1, lb.alloc);
		lb.v[lb.n++] = (struct bbox){px - MAP_DOT_R, py - MAP_DOT_R, px + MAP_DOT_R,
		                             py + MAP_DOT_R, 1};
	}
	for (size_t i = 0; i < n; i++) {
		if (isfinite(sites[i].x) && isfinite(sites[i].y))
			map_label(m, &lb, &sites[i]);
	}
	free(lb.v);
	svg_close(&m->svg);
}

/* The longest 1, 2 or 5 x 10^k metres (k >= 0) not over max_m. */
static double round_length(double max_m)
{
	if (!(max_m >= 1))
		return 1;
	double base = pow(10, floor(log10(max_m)));
	double f = max_m / base;
	return base * (f >= 5 ? 5 : f >= 2 ? 2 : 1);
}

/* A bar of about a third of the map's width, under its lower left corner. */
static void map_scale_bar(struct map *m)
{
	double len_m = round_length(m->iw / 3 / m->scale);
	double len_px = len_m * m->scale;
	double x = MAP_PAD, y = MAP_PAD + m->ih + 14;
	char label[32], d[128], a[FMT_DOUBLE_MAX], b[FMT_DOUBLE_MAX], c[FMT_DOUBLE_MAX];

	if (len_m >= 1000)
		snprintf(label, sizeof(label), "%.0f km", len_m / 1000);
	else
		snprintf(label, sizeof(label), "%.0f m", len_m);
	snprintf(d, sizeof(d), "M%s %s v4 h%s v-4", fmt_fixed(a, x, 1), fmt_fixed(b, y - 4, 1),
	         fmt_fixed(c, len_px, 1));

	svg_open(&m->svg, "g");
	svg_attr(&m->svg, "class", "scale-bar");
	svg_open(&m->svg, "path");
	svg_attr(&m->svg, "d", d);
	svg_attr(&m->svg, "fill", "none");
	svg_attr(&m->svg, "stroke", "#222");
	svg_attr(&m->svg, "stroke-width", "1.5");
	svg_close(&m->svg);
	svg_text(&m->svg, x + len_px + 6, y + 4, NULL, label);
	svg_close(&m->svg);
}

/* Only the kinds on the map, in the fixed order of kind_styles. */
static void map_legend(struct map *m)
{
	size_t per_row = (size_t)(m->iw / MAP_LEGEND_ENTRY), i = 0;
	double y0 = MAP_PAD + m->ih + MAP_SCALE_ROW;

	if (!per_row)
		per_row = 1;
	svg_open(&m->svg, "g");
	svg_attr(&m->svg, "class", "legend");
	for (size_t k = 0; k < ARRAY_SIZE(kind_styles); k++) {
		if (!((m->kinds_seen >> k) & 1u))
			continue;
		double x = MAP_PAD + (double)(i % per_row) * MAP_LEGEND_ENTRY;
		double y = y0 + (double)(i / per_row) * MAP_LEGEND_ROW;
		svg_rect(&m->svg, x, y, 10, 10, kind_styles[k].colour);
		svg_text(&m->svg, x + 15, y + 9, NULL, kind_styles[k].kind);
		i++;
	}
	svg_close(&m->svg);
}

static void map_draw(struct map *m, const struct shomer_site *sites, size_t n, int width_px)
{
	char label[64];

	map_frame(m, sites, n, width_px);
	snprintf(label, sizeof(label), "map of %zu site%s", n, n == 1 ? "" : "s");
	svg_root(&m->svg, m->width, m->height, label);
	svg_open(&m->svg, "rect");
	svg_num(&m->svg, "x", MAP_PAD);
	svg_num(&m->svg, "y", MAP_PAD);
	svg_num(&m->svg, "width", m->iw);
	svg_num(&m->svg, "height", m->ih);
	svg_attr(&m->svg, "fill", "#f7f7f4");
	svg_attr(&m->svg, "stroke", "#c8c8c0");
	svg_close(&m->svg);
	map_sites(m, sites, n);
	map_scale_bar(m);
	map_legend(m);
	svg_close(&m->svg);
}

static void map_draw_empty(struct map *m, int width_px)
{
	double h = 80;

	svg_root(&m->svg, width_px, h, "map with no sites");
	svg_rect(&m->svg, 0.5, 0.5, width_px - 1, h - 1, "#f7f7f4");
	svg_text(&m->svg, width_px / 2.0, h / 2 + 4, "middle", "no sites");
	svg_close(&m->svg);
}

/*
 * The writer's "<?xml ...?>" declaration has no place inside HTML, and its
 * final newline none at the end of an inline element.  Returns a copy.
 */
static char *svg_fragment(const char *s)
{
	if (starts_with(s, "<?xml")) {
		const char *end = strstr(s, "?>");
		if (end)
			s = end + 2;
	}
	s += strspn(s, " \t\r\n");
	size_t len = strlen(s);
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	return xstrndup(s, len);
}

int report_site_map(const struct shomer_site *sites, size_t n, int width_px, char **svg,
                    char **errmsg)
{
	if (!svg)
		return err_set(errmsg, "no place to put the map");
	*svg = NULL;
	if (n && !sites)
		return err_set(errmsg, "no sites given for a map of %zu", n);
	if (width_px < MAP_MIN_WIDTH)
		return err_set(errmsg, "map width %d px is too small (at least %d)", width_px,
		               MAP_MIN_WIDTH);

	xmlBufferPtr buf = xmlBufferCreate();
	struct map m = {.svg = {.w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL}};
	if (!m.svg.w) {
		xmlBufferFree(buf);
		return err_set(errmsg, "cannot create the svg writer");
	}
	m.svg.failed = xmlTextWriterSetIndent(m.svg.w, 1) < 0 ||
	               xmlTextWriterStartDocument(m.svg.w, NULL, "UTF-8", NULL) < 0;
	if (n)
		map_draw(&m, sites, n, width_px);
	else
		map_draw_empty(&m, width_px);
	if (!m.svg.failed && xmlTextWriterEndDocument(m.svg.w) < 0)
		m.svg.failed = 1;
	xmlFreeTextWriter(m.svg.w);

	if (!m.svg.failed)
		*svg = svg_fragment((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	return m.svg.failed ? err_set(errmsg, "cannot write the svg map") : 0;
}
