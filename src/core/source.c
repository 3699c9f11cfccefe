#include "ims2/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ims2/util.h"

/* Catalog files are small; anything larger is not one of ours. */

int source_read_file(const char *path, char **text, size_t *len, struct ims2_error *err)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd;

	*text = NULL;
	*len = 0;
	/* Non-blocking: a FIFO put in the file's place must not hang us before fstat sees it. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, IMS2_IO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int code = errno;
		close(fd);
		if (S_ISDIR(st.st_mode))
			return error_set(err, IMS2_IO, "%s: is a directory", path);
		return error_set(err, IMS2_IO, "%s: %s", path,
				 S_ISREG(st.st_mode) ? strerror(code) : "not a regular file");
	}
	if ((unsigned long long)st.st_size > SOURCE_MAX_BYTES) {
		close(fd);
		return error_set(err, IMS2_IO, "%s: larger than %u MiB", path,
				 SOURCE_MAX_BYTES >> 20);
	}
	*text = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size &&
	       ((n = read(fd, *text + got, (size_t)st.st_size - got)) > 0 || (n < 0 && errno == EINTR)))
		got += n > 0 ? (size_t)n : 0;
	if (got < (size_t)st.st_size && n < 0) {
		int code = errno;
		close(fd);
		free(*text);
		*text = NULL;
		return error_set(err, IMS2_IO, "%s: %s", path, strerror(code));
	}
	close(fd);
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
			/* A catalog named but unreadable is a usage error, like a malformed one. */
			int rc = source_read_file(path, text, len, err) ? IMS2_USAGE : IMS2_OK;

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
