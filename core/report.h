/*
 * report.h - the report that `shomer report` builds: the core's summary
 * followed by one section from each loaded plugin, rendered as plain text for
 * the terminal and as one self-contained HTML file (inline CSS and SVG, no
 * script, no network fetches).  The report_* functions back the plugin API's
 * report_* slots.
 */
#ifndef SHOMER_REPORT_H
#define SHOMER_REPORT_H

#include <stdio.h>

#include "shomer/plugin.h"

struct shomer_report *report_new(const char *title);
void report_free(struct shomer_report *rep);

/* Content, in order.  Strings are copied; tables are owned by the report. */
int report_heading(struct shomer_report *rep, const char *title);
int report_text(struct shomer_report *rep, const char *text);
int report_table(struct shomer_report *rep, struct shomer_table *t);
int report_svg(struct shomer_report *rep, const char *svg, const char *caption);

/* Plain text: headings underlined, tables aligned, SVGs as "[figure: caption]". */
int report_write_text(const struct shomer_report *rep, FILE *out, char **errmsg);
/* One HTML5 document, everything escaped; SVG embedded inline. */
int report_write_html(const struct shomer_report *rep, FILE *out, char **errmsg);

/*
 * An SVG map of sites (projected x/y, north up, equal scale on both axes),
 * each site a dot coloured by kind with its id as a label and its name in a
 * <title> tooltip, perimeters drawn as outlines, a legend of kinds and a
 * scale bar in metres/kilometres.  Written with libxml2's xmlTextWriter.
 * *svg is malloc'ed.  Zero sites gives a small "no sites" picture.
 */
int report_site_map(const struct shomer_site *sites, size_t n, int width_px, char **svg,
                    char **errmsg);

#endif /* SHOMER_REPORT_H */
