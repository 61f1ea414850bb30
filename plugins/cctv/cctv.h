/*
 * cctv.h - what the cctv plugin's host-facing files share.
 */
#ifndef CCTV_CCTV_H
#define CCTV_CCTV_H

#include "shomer/plugin.h"

#define CCTV_NS "urn:shomer:cctv:1"

/* The host's services, kept by init. */
extern const struct shomer_api *cctv_api;

#endif
