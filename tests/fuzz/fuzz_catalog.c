/*
 * Fuzz target: the catalog parser (src/core/catalog.c). The first byte picks the catalog
 * file the rest is read as; the built-in method is loaded first so the others can be
 * cross-checked as they are in a real load.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ims2/catalog.h"
#include "ims2/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ims2_error err;
	struct catalog cat;
	size_t files = 0, pick;
	char *method = NULL;
	size_t method_len;

	if (size < 1)
		return 0;
	while (catalog_files[files])
		files++;
	pick = data[0] % files;
	catalog_init(&cat);
	if (pick > 0 && source_read(NULL, "method.yaml", &method, &method_len, NULL, &err) == 0)
		catalog_load_text(&cat, "method.yaml", "built-in:method.yaml", method, method_len,
				  &err);
	if (catalog_load_text(&cat, catalog_files[pick], "fuzz", (const char *)data + 1, size - 1,
			      &err) == 0)
		catalog_check(&cat, &err);
	catalog_release(&cat);
	free(method);
	return 0;
}
