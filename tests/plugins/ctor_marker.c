/*
 * ctor_marker.c - a test plugin with a constructor that creates the file
 * named by $SHOMER_TEST_MARKER.  Code in a constructor runs inside dlopen(),
 * before the host can look at the descriptor, so the marker's absence proves
 * that the loader refused an unsafe location without calling dlopen().
 */
#include <stdlib.h>

#include "shomer/plugin.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

__attribute__((constructor)) static void ctor_marker_touch(void)
{
	const char *path = getenv("SHOMER_TEST_MARKER");
	FILE *f;

	if (!path || !path[0])
		return;
	f = fopen(path, "w");
	if (f)
		fclose(f);
}

static int ctor_marker_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	(void)host;
	(void)api;
	(void)errmsg;
	return SHOMER_OK;
}

static const struct shomer_plugin_desc desc = {
        SHOMER_DESC_HEADER,       .name = "ctor_marker",
        .version = "0",           .description = "test: constructor leaves a marker file",
        .init = ctor_marker_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &desc;
}
