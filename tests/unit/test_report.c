/*
 * test_report.c - the report (text and HTML) and the SVG site map.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "check.h"
#include "report.h"
#include "table.h"
#include "util.h"

#include "banned.h"

#define SVG_NS "http://www.w3.org/2000/svg"

static char *write_str(const struct shomer_report *rep, int html, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	*rc = html ? report_write_html(rep, f, NULL) : report_write_text(rep, f, NULL);
	fclose(f);
	return buf;
}

static struct shomer_table *small_table(void)
{
	const char *names[] = {"id", "capacity"};
	const enum shomer_col kinds[] = {SHOMER_COL_TEXT, SHOMER_COL_NUMBER};
	struct shomer_table *t = table_new(names, kinds, 2);
	table_row(t, (const char *[]){"LDN-1", "120"});
	return t;
}

static void test_text(void)
{
	struct shomer_report *rep = report_new("Shomer report");
	CHECK(report_heading(rep, "Sites") == 0, "heading added");
	CHECK(report_text(rep, "One site is registered.") == 0, "text added");
	CHECK(report_table(rep, small_table()) == 0, "table added");
	CHECK(report_heading(rep, "Café") == 0, "utf-8 heading added");
	CHECK(report_svg(rep, "<svg xmlns=\"" SVG_NS "\"/>", "Map of sites") == 0, "svg added");

	int rc;
	char *s = write_str(rep, 0, &rc);
	CHECK(rc == 0, "text report writes");
	CHECK_STR(s,
	          "Shomer report\n"
	          "=============\n"
	          "\n"
	          "Sites\n"
	          "-----\n"
	          "\n"
	          "One site is registered.\n"
	          "\n"
	          "id     capacity\n"
	          "-----  --------\n"
	          "LDN-1       120\n"
	          "\n"
	          "Café\n"
	          "----\n"
	          "\n"
	          "[figure: Map of sites]\n",
	          "text report: underlined headings, aligned table, figure caption");
	free(s);
	report_free(rep);
}

static void test_refusals(void)
{
	struct shomer_report *rep = report_new(NULL);
	CHECK(report_heading(rep, NULL) == -1, "NULL heading refused");
	CHECK(report_text(NULL, "x") == -1, "NULL report refused");
	/* The table belongs to the report even when refused: ASan checks it is freed. */
	CHECK(report_table(NULL, small_table()) == -1, "table without a report refused");
	CHECK(report_table(rep, NULL) == -1, "NULL table refused");
	CHECK(report_svg(rep, NULL, "x") == -1, "NULL svg refused");
	report_free(rep);
	report_free(NULL);
}

/* Every "http://" is the SVG namespace; nothing fetches over the network. */
static int only_svg_ns_urls(const char *html)
{
	for (const char *p = strstr(html, "http://"); p; p = strstr(p + 1, "http://")) {
		if (!starts_with(p, SVG_NS))
			return 0;
	}
	return !strstr(html, "https://");
}

static const struct shomer_site *three_sites(void)
{
	static const struct shomer_site sites[] = {
	        {.id = "LDN-SYN-0001",
	         .name = "Beth <Din> & Co",
	         .kind = "synagogue",
	         .x = 0,
	         .y = 0},
	        {.id = "LDN-SCH-0002", .name = "Café School", .kind = "school", .x = 1000, .y = 0},
	        {.id = "LDN-OTH-0003", .name = "Temple", .kind = "temple", .x = 0, .y = 500},
	};
	return sites;
}

static void test_html(void)
{
	char *svg = NULL;
	CHECK(report_site_map(three_sites(), 3, 600, &svg, NULL) == 0, "map for html drawn");

	struct shomer_report *rep = report_new("Report <1>");
	report_heading(rep, "Sites & more");
	report_text(rep, "<b>&");
	report_table(rep, small_table());
	report_svg(rep, svg, "Map <of> sites");
	int rc;
	char *html = write_str(rep, 1, &rc);
	CHECK(rc == 0, "html report writes");
	CHECK(starts_with(html, "<!DOCTYPE html>\n<html"), "html5 doctype");
	CHECK(!strstr(html, "<script"), "no script");
	CHECK(only_svg_ns_urls(html), "no urls but the svg namespace");
	CHECK(strstr(html, "&lt;b&gt;&amp;") && !strstr(html, "<b>&"), "text escaped");
	CHECK(strstr(html, "<title>Report &lt;1&gt;</title>") != NULL, "title escaped in head");
	CHECK(strstr(html, "<h1>Report &lt;1&gt;</h1>") != NULL, "title as h1");
	CHECK(strstr(html, "<h2>Sites &amp; more</h2>") != NULL, "heading escaped");
	CHECK(strstr(html, "<figcaption>Map &lt;of&gt; sites</figcaption>") != NULL,
	      "caption escaped");
	CHECK(strstr(html, svg) != NULL, "svg inlined as given");
	CHECK(!strstr(html, "<?xml"), "no xml declaration inside html");
	CHECK(strstr(html, "<style>") && strstr(html, "nth-child(even)") &&
	              strstr(html, "@media print"),
	      "inline stylesheet with zebra rows and print rules");
	CHECK(strstr(html, "<td class=\"num\">120</td>") != NULL, "number cell right-aligned");
	CHECK(strstr(html, "<th class=\"num\">capacity</th>") != NULL, "number head right-aligned");
	CHECK(strstr(html, "<td>LDN-1</td>") != NULL, "text cell");
	CHECK(strstr(html, " UTC</time>") != NULL, "generation time in utc");
	CHECK(strstr(html, "</html>\n") != NULL, "document closed");
	free(html);
	free(svg);
	report_free(rep);
}

static void test_html_empty_table(void)
{
	struct shomer_report *rep = report_new("Empty");
	const char *names[] = {"id", "n"};
	report_table(rep, table_new(names, NULL, 2));
	int rc;
	char *html = write_str(rep, 1, &rc);
	CHECK(strstr(html, "<td class=\"empty\" colspan=\"2\">(no rows)</td>") != NULL,
	      "empty table says so across all columns");
	free(html);
	report_free(rep);
}

/* ---- the site map ---- */

static xmlDocPtr parse_svg(const char *svg)
{
	return xmlReadMemory(svg, (int)strlen(svg), "map.svg", NULL, XML_PARSE_NONET);
}

static xmlXPathObjectPtr eval(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"s", (const xmlChar *)SVG_NS);
	xmlXPathObjectPtr obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	xmlXPathFreeContext(ctx);
	return obj;
}

static int count(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr obj = eval(doc, expr);
	int n = obj && obj->nodesetval ? obj->nodesetval->nodeNr : -1;
	xmlXPathFreeObject(obj);
	return n;
}

static double number(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr obj = eval(doc, expr);
	double v = obj ? obj->floatval : NAN;
	xmlXPathFreeObject(obj);
	return v;
}

static char *string(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr obj = eval(doc, expr);
	char *s = xstrdup(obj && obj->stringval ? (const char *)obj->stringval : "");
	xmlXPathFreeObject(obj);
	return s;
}

/* "500 m", "2 km": 1, 2 or 5 times a power of ten. */
static int round_label(const char *s)
{
	if (!strchr("125", s[0]))
		return 0;
	s++;
	while (*s == '0')
		s++;
	return strcmp(s, " m") == 0 || strcmp(s, " km") == 0;
}

static void test_map_three(void)
{
	char *svg = NULL, *err = NULL;
	CHECK(report_site_map(three_sites(), 3, 600, &svg, &err) == 0, "map of 3 sites drawn");
	CHECK(starts_with(svg, "<svg"), "starts with <svg, no xml declaration");
	size_t len = strlen(svg);
	CHECK(len > 6 && strcmp(svg + len - 6, "</svg>") == 0, "ends with </svg>, no newline");
	xmlDocPtr doc = parse_svg(svg);
	CHECK(doc != NULL, "map of 3 sites is well-formed xml");
	CHECK(count(doc, "/s:svg") == 1, "root is an svg element in the svg namespace");
	CHECK(count(doc, "//s:circle") == 3, "3 circles");
	CHECK(count(doc, "//s:g[@class='legend']") == 1, "a legend");
	CHECK(count(doc, "//s:g[@class='legend']/s:text") == 3, "legend of the 3 kinds present");
	CHECK(count(doc, "//s:g[@class='legend']/s:text[.='other']") == 1,
	      "unknown kind shown as other");
	CHECK(count(doc, "//s:circle/s:title[.='Beth <Din> & Co']") == 1,
	      "name escaped and kept in the tooltip");
	CHECK(count(doc, "//s:text[.='LDN-SCH-0002']") == 1, "id as a label");
	CHECK(count(doc, "//s:circle[@fill=preceding::s:circle/@fill]") == 0,
	      "one colour per kind");

	/* Site 2 is 1000 m east of site 1, site 3 500 m north of it. */
	double x1 = number(doc, "number(//s:circle[1]/@cx)");
	double y1 = number(doc, "number(//s:circle[1]/@cy)");
	double x2 = number(doc, "number(//s:circle[2]/@cx)");
	double y3 = number(doc, "number(//s:circle[3]/@cy)");
	CHECK(x2 > x1, "east is right");
	CHECK(y3 < y1, "north is up");
	CHECK_NEAR((x2 - x1) / (y1 - y3), 2.0, 0.01, "equal scale on both axes");

	char *label = string(doc, "string(//s:g[@class='scale-bar']/s:text)");
	CHECK(round_label(label), "scale bar has a round length");
	CHECK_STR(label, "200 m", "scale bar length for a 1 km map at 600 px");
	free(label);
	xmlFreeDoc(doc);
	free(svg);
	free(err);
}

static void test_map_few(void)
{
	char *svg = NULL;
	CHECK(report_site_map(NULL, 0, 400, &svg, NULL) == 0, "map of 0 sites drawn");
	xmlDocPtr doc = parse_svg(svg);
	CHECK(doc != NULL, "map of 0 sites is well-formed");
	CHECK(count(doc, "//s:circle") == 0, "no circles");
	CHECK(count(doc, "//s:text[.='no sites']") == 1, "says no sites");
	xmlFreeDoc(doc);
	free(svg);

	const struct shomer_site one = {
	        .id = "A", .name = "Alone", .kind = "shop", .x = 530000, .y = 180000};
	CHECK(report_site_map(&one, 1, 400, &svg, NULL) == 0, "map of 1 site drawn");
	doc = parse_svg(svg);
	CHECK(doc != NULL, "map of 1 site is well-formed");
	CHECK(count(doc, "//s:circle") == 1, "one circle");
	CHECK(!strstr(svg, "nan") && !strstr(svg, "inf"), "no division by zero");
	xmlFreeDoc(doc);
	free(svg);

	const struct shomer_site same[] = {one, one, one};
	CHECK(report_site_map(same, 3, 400, &svg, NULL) == 0, "map of 3 sites at one point");
	CHECK(!strstr(svg, "nan") && !strstr(svg, "inf"), "sites at one point: finite");
	free(svg);
}

static void test_map_perimeter_km(void)
{
	const struct shomer_xy ring[] = {{-40, -40}, {40, -40}, {40, 40}, {-40, 40}};
	const struct shomer_site sites[] = {
	        {.id = "P",
	         .name = "Park",
	         .kind = "cemetery",
	         .x = 0,
	         .y = 0,
	         .perimeter = ring,
	         .n_perimeter = 4},
	        {.id = "F", .name = "Far", .kind = "office", .x = 30000, .y = 20000},
	};
	char *svg = NULL;
	CHECK(report_site_map(sites, 2, 800, &svg, NULL) == 0, "map with a perimeter drawn");
	xmlDocPtr doc = parse_svg(svg);
	CHECK(doc != NULL, "map with a perimeter is well-formed");
	CHECK(count(doc, "//s:polygon") == 1, "perimeter drawn as a polygon");
	char *label = string(doc, "string(//s:g[@class='scale-bar']/s:text)");
	CHECK(round_label(label) && strstr(label, " km"), "long distances in km");
	free(label);
	xmlFreeDoc(doc);
	free(svg);
}

static void test_map_errors(void)
{
	char *svg = NULL, *err = NULL;
	CHECK(report_site_map(three_sites(), 3, 10, &svg, &err) == -1 && !svg,
	      "too narrow a map refused");
	CHECK_STR(err, "map width 10 px is too small (at least 200)", "width message");
	free(err);
}

int main(void)
{
	test_text();
	test_refusals();
	test_html();
	test_html_empty_table();
	test_map_three();
	test_map_few();
	test_map_perimeter_km();
	test_map_errors();
	xmlCleanupParser();
	return check_done();
}
