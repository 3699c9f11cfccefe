/* Fuzz target: the YAML loader (src/core/yamldoc.c) on any bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ims2/yamldoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ims2_error err;
	struct ydoc doc;

	if (ydoc_parse(&doc, "fuzz.yaml", (const char *)data, size, &err) == 0) {
		const char **list;
		size_t count;
		static const char *const allowed[] = { "id", "title", NULL };
		ydoc_get(doc.root, "id");
		if (ydoc_strings(&doc, doc.root, "items", &list, &count, &err) == 0)
			free(list); /* the array is the caller's, its strings the document's */
		ydoc_known_keys(&doc, doc.root, allowed, &err);
	}
	ydoc_release(&doc);
	return 0;
}
