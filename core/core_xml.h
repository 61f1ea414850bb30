/*
 * core_xml.h - the documents the core owns besides sites: the incident log
 * (urn:shomer:incident:1) and the threat posture (urn:shomer:threat:1).
 * They go through the same handler interface as plugins' documents, so the
 * import pipeline, its checks and its error reporting are the same.
 */
#ifndef SHOMER_CORE_XML_H
#define SHOMER_CORE_XML_H

#include <stddef.h>

#include "shomer/plugin.h"

extern const struct shomer_xml_handler *const core_xml[];
extern const size_t core_xml_count;

#endif /* SHOMER_CORE_XML_H */
