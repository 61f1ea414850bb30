/*
 * share.h - `shomer incidents share`: one police force's incidents for a
 * range of months, anonymised the way data.police.uk anonymises crimes, as
 * a police.uk street-level CSV or as an incident document.
 *
 * What leaves the organisation, per incident: the month (YYYY-MM, UTC), the
 * category (and its police.uk crime type), an anonymisation point instead
 * of the place, the force, whether it was reported to the police (XML
 * only), and a token that stands for the incident.  Nothing else: personal
 * fields are never loaded (incident_foreach with with_personal = 0), and
 * the description, police reference, site id, incident id and exact time
 * are never written.  docs/sharing.md is the account for the incident team.
 *
 * Anonymisation points:
 *   grid (default): the centre of the M-metre cell (M = 250 unless --grid)
 *     of the working CRS that holds the incident, (floor(x / M) * M + M / 2,
 *     floor(y / M) * M + M / 2), turned back into WGS84 with geo_to_latlon;
 *   --points FILE: the nearest (in projected metres) of a list of public
 *     points, a CSV with a header holding lon,lat or longitude,latitude
 *     (any case, any order, other columns ignored) and optionally name or
 *     location, so that a data.police.uk street-level file serves as it is
 *     (its rows with both coordinates empty are skipped).
 * Coordinates are written with six decimals (about 0.1 m), as police.uk
 * writes them.
 *
 * Tokens: the Crime ID (police-uk) and the id attribute (xml) are 64 hex
 * digits, four SipHash-2-4 values keyed by a 128-bit secret that the
 * database keeps in its meta table ("share.token_key", made from
 * getrandom() by the first share).  The same incident shared to the same
 * force from the same database always gets the same token; without the
 * secret nobody can compute a token from an incident id, so guessing ids
 * ("INC-2024-0001", ...) does not find them.
 *
 * Output is deterministic: rows sorted by month and then token, so the same
 * database and the same arguments give a byte-identical file.
 */
#ifndef SHOMER_SHARE_H
#define SHOMER_SHARE_H

#include <stddef.h>
#include <stdint.h>

struct cli;

/*
 * `shomer incidents share --force NAME --from YYYY-MM --to YYYY-MM
 *  [--format police-uk|xml] [--grid M | --points FILE] [--reporter NAME]
 *  --out FILE`, with argv[0] = "share".  Needs the database open
 * (c->host->store and c->host->geo).  Prints its own errors ("shomer: ...")
 * and returns an exit code:
 *   0  written (possibly header only: a known force with no incidents in
 *      the months); a summary goes to stderr, with how many incidents were
 *      left out for having no location, and how many for having come from
 *      data.police.uk (the police's own records are never sent back);
 *   1  the database or the output file failed (the output file is removed);
 *   2  usage: --force, --from, --to or --out missing, a month that is not
 *      YYYY-MM, --from after --to, a grid size that is not a positive
 *      number of metres (at most 100 km), --grid with --points, --reporter
 *      with --format xml, an unknown format;
 *   3  rejected: a force that no site and no incident names (the message
 *      lists the forces the database knows), or a bad --points file
 *      (FILE:LINE: reason).
 * The output file is created 0600 (cli_open_out); "-" is standard output.
 */
int share_run(struct cli *c, int argc, char **argv);

/* ---- the parts, for tests ---- */

/* Length of a token in hex digits. */
#define SHARE_TOKEN_HEX 64
/* Size of the token key in bytes (SipHash's key). */
#define SHARE_KEY_BYTES 16

/*
 * SipHash-2-4 (Aumasson and Bernstein, 2012) of `len` bytes under a 128-bit
 * key, as in the reference implementation (the key and the message bytes
 * read little-endian).
 */
uint64_t share_siphash24(const unsigned char key[SHARE_KEY_BYTES], const void *data, size_t len);

/*
 * The token of incident `id` shared to `force`: SipHash-2-4 of
 * lane || "shomer-share-1" || force || NUL || id for lanes 0 to 3, each
 * written as 16 lowercase hex digits, into out (SHARE_TOKEN_HEX + 1 bytes).
 */
void share_token(const unsigned char key[SHARE_KEY_BYTES], const char *force, const char *id,
                 char out[SHARE_TOKEN_HEX + 1]);

/*
 * The police.uk crime type for a Shomer category ("Violence and sexual
 * offences", "Criminal damage and arson", "Public order", "Other crime"),
 * or NULL for a category Shomer does not know.  Static strings.
 */
const char *share_crime_type(const char *category);

/* The centre of the `cell`-metre grid cell holding (x, y). */
void share_grid_centre(double x, double y, double cell, double *cx, double *cy);

/*
 * Parses "YYYY-MM" (exactly: four digits, '-', month 01 to 12) into the
 * first instant of that UTC month and the first instant of the next.
 * Returns 0, or -1 when malformed.
 */
int share_parse_month(const char *s, int64_t *start, int64_t *next);

#endif /* SHOMER_SHARE_H */
