#include "ims2/source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ims2/util.h"

/* Catalog files are small; anything larger is not one of ours. */
#define SOURCE_MAX_BYTES (16u << 20)

static int read_path(const char *path, char **text, size_t *len, struct ims2_error *err)
{
	struct stat st;
	FILE *fp;
	size_t got;

	if (stat(path, &st) != 0)
		return error_set(err, IMS2_USAGE, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return error_set(err, IMS2_USAGE, "%s: not a regular file", path);
	if ((size_t)st.st_size > SOURCE_MAX_BYTES)
		return error_set(err, IMS2_USAGE, "%s: larger than %u MiB", path,
				 SOURCE_MAX_BYTES >> 20);
	fp = fopen(path, "rb");
	if (!fp)
		return error_set(err, IMS2_USAGE, "%s: %s", path, strerror(errno));
	*text = xmalloc((size_t)st.st_size + 1);
	got = fread(*text, 1, (size_t)st.st_size, fp);
	fclose(fp);
	(*text)[got] = '\0';
	*len = got;
	return IMS2_OK;
}

int source_read(const char *data_dir, const char *name, char **text, size_t *len, char **origin,
		struct ims2_error *err)
{
	const struct embedded_file *f;

	*text = NULL;
	*len = 0;
	if (origin)
		*origin = NULL;
	if (data_dir && *data_dir) {
		char *path = xasprintf("%s/%s", data_dir, name);
		struct stat st;

		if (stat(path, &st) == 0) {
			int rc = read_path(path, text, len, err);

			if (!rc && origin)
				*origin = path;
			else
				free(path);
			return rc;
		}
		free(path);
	}
	for (f = embedded_files; f->name; f++) {
		if (strcmp(f->name, name) == 0) {
			*text = xstrndup(f->data, f->size);
			*len = f->size;
			if (origin)
				*origin = xasprintf("built-in:%s", name);
			return IMS2_OK;
		}
	}
	return error_set(err, IMS2_USAGE, "no catalog file '%s'", name);
}

size_t source_list(const char *prefix, const char **names, size_t max)
{
	const struct embedded_file *f;
	size_t n = 0, plen = strlen(prefix);

	for (f = embedded_files; f->name; f++)
		if (strncmp(f->name, prefix, plen) == 0 && n < max)
			names[n++] = f->name;
	return n;
}
