/*
 * core_xml.c - see core_xml.h.
 */
#include "core_xml.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "host.h"
#include "host_api.h"
#include "import.h"
#include "incident.h"
#include "site.h"
#include "threat.h"
#include "timeutil.h"
#include "util.h"
#include "xmltree.h"

#include "banned.h"

static void report_problems(const struct shomer_api *api, struct shomer_import *imp,
                            struct site_problems *probs)
{
	for (size_t i = 0; i < probs->n; i++)
		api->import_error(imp, probs->v[i].line, "%s", probs->v[i].msg);
}

/* ---- incidents ---- */

static int incident_import(struct shomer_host *hd, void *ud, struct shomer_import *imp,
                           const char *site_id, const struct shomer_xml_elem *e)
{
	struct host *h = host_of(hd);
	const struct shomer_api *api = &h->api;
	(void)ud;
	(void)site_id;
	struct incident inc;
	struct site_problems probs = {0};
	int rc = incident_from_xml(e, &inc, &probs);
	if (rc == 0)
		rc = incident_check(&inc, h->geo, time_now(), &probs);
	report_problems(api, imp, &probs);
	site_problems_release(&probs);
	if (rc == 0 && api->import_claim_id(imp, e->line, "incident", inc.id) != SHOMER_OK)
		rc = -1;
	if (rc == 0 && *inc.pub.site_id)
		api->import_require_site(imp, e->line, inc.pub.site_id);
	int changed;
	char *why = NULL;
	if (rc == 0 && incident_upsert(h->store, &inc, &changed, &why)) {
		api->import_error(imp, e->line, "cannot store incident '%s': %s", inc.id, why);
		free(why);
		rc = -1;
	}
	incident_release(&inc);
	return rc == 0 ? SHOMER_OK : SHOMER_ERR;
}

struct write_ctx {
	xmlTextWriterPtr w;
	unsigned detail;
};

static int write_one_incident(void *ud, const struct incident *inc)
{
	struct write_ctx *c = ud;
	return incident_write_xml(c->w, inc, c->detail) ? -1 : 0;
}

static int incident_export(struct shomer_host *hd, void *ud, struct shomer_xml_out *out,
                           char **errmsg)
{
	struct host *h = host_of(hd);
	(void)ud;
	struct write_ctx c = {xml_out_writer(out), h->export_detail};
	int rc = incident_foreach(h->store, NULL, h->export_detail, write_one_incident, &c, errmsg);
	if (rc > 0 || rc < 0) {
		if (errmsg && !*errmsg)
			*errmsg = xstrdup("cannot write an incident");
		return SHOMER_ERR;
	}
	return SHOMER_OK;
}

static const struct shomer_xml_handler incident_handler = {
        .size = sizeof(struct shomer_xml_handler),
        .ns = INCIDENT_NS,
        .xsd = "incident.xsd",
        .root_name = "incidents",
        .import = incident_import,
        .export_site = NULL,
        .export_docs = incident_export,
        .ud = NULL,
};

/* ---- threat posture ---- */

static char *trimmed_attr(const struct shomer_xml_elem *e, const char *name)
{
	const char *v = xmltree_attr(e, name);
	return v ? str_trim(xstrdup(v)) : NULL;
}

static int threat_import(struct shomer_host *hd, void *ud, struct shomer_import *imp,
                         const char *site_id, const struct shomer_xml_elem *e)
{
	struct host *h = host_of(hd);
	const struct shomer_api *api = &h->api;
	(void)ud;
	(void)site_id;
	char *name = trimmed_attr(e, "level"), *region = trimmed_attr(e, "region");
	char *since = trimmed_attr(e, "since");
	const char *reason = xmltree_attr(e, "reason");
	enum shomer_threat level = threat_parse(name);
	int64_t t = 0;
	int rc = SHOMER_OK;
	if (!level)
		rc = api->import_error(imp, e->line,
		                       "unknown threat level '%s' (LOW, MODERATE, "
		                       "SUBSTANTIAL, SEVERE or CRITICAL)",
		                       name ? name : "");
	if (!since || time_parse(since, &t, NULL))
		rc = api->import_error(imp, e->line, "'%s' is not a date and time",
		                       since ? since : "");
	else if (t > time_now())
		rc = api->import_error(imp, e->line, "threat level since %s is in the future",
		                       since);
	if (rc == SHOMER_OK && region && *region)
		import_require_region(imp, e->line, region);
	char *why = NULL;
	if (rc == SHOMER_OK &&
	    threat_record(h->store, region, level, t, reason ? reason : "", &why)) {
		rc = api->import_error(imp, e->line, "cannot store the threat level: %s", why);
		free(why);
	}
	free(name);
	free(region);
	free(since);
	return rc;
}

static int write_level(void *ud, const struct threat_entry *t)
{
	xmlTextWriterPtr w = ud;
	if (xmlTextWriterStartElement(w, BAD_CAST "level") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "level", BAD_CAST threat_name(t->level)) < 0 ||
	    (*t->region &&
	     xmlTextWriterWriteAttribute(w, BAD_CAST "region", BAD_CAST t->region) < 0) ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "since", BAD_CAST t->since) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "reason", BAD_CAST t->reason) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	return 0;
}

static int threat_export(struct shomer_host *hd, void *ud, struct shomer_xml_out *out,
                         char **errmsg)
{
	(void)ud;
	int rc = threat_foreach(host_of(hd)->store, write_level, xml_out_writer(out), errmsg);
	if (rc) {
		if (errmsg && !*errmsg)
			*errmsg = xstrdup("cannot write the threat posture");
		return SHOMER_ERR;
	}
	return SHOMER_OK;
}

static const struct shomer_xml_handler threat_handler = {
        .size = sizeof(struct shomer_xml_handler),
        .ns = THREAT_NS,
        .xsd = "threat.xsd",
        .root_name = "threat-posture",
        .import = threat_import,
        .export_site = NULL,
        .export_docs = threat_export,
        .ud = NULL,
};

const struct shomer_xml_handler *const core_xml[] = {&incident_handler, &threat_handler};
const size_t core_xml_count = sizeof(core_xml) / sizeof(core_xml[0]);
