/* fopencookie() */
#define _GNU_SOURCE
#include "ims2/output.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ims2/util.h"

/*
 * The length of the UTF-8 sequence at p (n bytes there) and its code point: 0 when it is cut
 * short by the end of the buffer, -1 when it is not valid UTF-8 (overlong, surrogate, stray).
 */
static int utf8_sequence(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned lo = 0x80, hi = 0xbf;
	int len, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		*cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		*cp = p[0] & 0x0f;
		lo = p[0] == 0xe0 ? 0xa0 : 0x80;
		hi = p[0] == 0xed ? 0x9f : 0xbf;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		*cp = p[0] & 0x07;
		lo = p[0] == 0xf0 ? 0x90 : 0x80;
		hi = p[0] == 0xf4 ? 0x8f : 0xbf;
	} else {
		return -1;
	}
	for (i = 1; i < len; i++, lo = 0x80, hi = 0xbf) {
		if ((size_t)i >= n)
			return 0;
		if (p[i] < lo || p[i] > hi)
			return -1;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	return len;
}

/* Code points a terminal acts on instead of showing: controls and bidirectional formatting. */
static bool hostile(unsigned cp)
{
	return (cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7f && cp <= 0x9f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * Appends p[0..n) to sb in the convention of output.h. Unless final, stops before a sequence
 * (or a CR) that the next buffer may complete; returns how many bytes it took.
 */
static size_t neutralise(struct strbuf *sb, const unsigned char *p, size_t n, bool final)
{
	size_t i = 0, run = 0;
	unsigned cp;
	int len;

	while (i < n) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;
			continue;
		}
		if (p[i] == '\r' && i + 1 >= n && !final)
			break;
		len = utf8_sequence(p + i, n - i, &cp);
		if (len == 0 && !final)
			break;
		if (len > 0 && !hostile(cp)) {
			i += (size_t)len;
			continue;
		}
		strbuf_add(sb, (const char *)p + run, i - run);
		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
			; /* CR LF: the LF starts the next run */
		else if (len > 0)
			strbuf_addf(sb, "<U+%04X>", cp);
		else
			strbuf_addf(sb, "<0x%02X>", p[i]);
		i += len > 0 ? (size_t)len : 1;
		run = i;
	}
	strbuf_add(sb, (const char *)p + run, i - run);
	return i;
}

void output_safe_text(struct strbuf *sb, const char *text)
{
	neutralise(sb, (const unsigned char *)text, strlen(text), true);
}

struct filter {
	FILE *under;
	unsigned char pending[4]; /* the start of a sequence cut by the buffer's end */
	size_t pending_len;
	int error; /* errno of the first failed write, kept for output_filter_close() */
};

static int filter_emit(struct filter *f, const unsigned char *p, size_t n, bool final)
{
	struct strbuf sb = { 0 };
	size_t used = neutralise(&sb, p, n, final);
	int rc = 0;

	assert(n - used < sizeof(f->pending));
	memcpy(f->pending, p + used, n - used);
	f->pending_len = n - used;
	if (sb.len && fwrite(sb.buf, 1, sb.len, f->under) != sb.len) {
		if (!f->error)
			f->error = errno ? errno : EIO;
		rc = -1;
	}
	strbuf_release(&sb);
	return rc;
}

static ssize_t filter_write(void *cookie, const char *buf, size_t size)
{
	struct filter *f = cookie;
	int rc;

	if (f->pending_len) {
		unsigned char *joined = xmalloc(f->pending_len + size);
		memcpy(joined, f->pending, f->pending_len);
		memcpy(joined + f->pending_len, buf, size);
		rc = filter_emit(f, joined, f->pending_len + size, false);
		free(joined);
	} else {
		rc = filter_emit(f, (const unsigned char *)buf, size, false);
	}
	return rc ? -1 : (ssize_t)size;
}

static int filter_close(void *cookie)
{
	struct filter *f = cookie;
	unsigned char rest[4];
	size_t n = f->pending_len;
	int rc;

	memcpy(rest, f->pending, n);
	rc = filter_emit(f, rest, n, true);
	if (fflush(f->under) != 0 && !f->error)
		f->error = errno ? errno : EIO;
	if (f->error) {
		errno = f->error;
		rc = -1;
	}
	free(f);
	return rc;
}

FILE *output_filter_open(FILE *under)
{
	static const cookie_io_functions_t io = { NULL, filter_write, NULL, filter_close };
	struct filter *f = xcalloc(1, sizeof(*f));
	FILE *fp;

	f->under = under;
	fp = fopencookie(f, "w", io);
	if (!fp)
		free(f);
	return fp;
}

int output_filter_close(FILE *filter)
{
	int rc = 0;

	errno = 0;
	if (fclose(filter) != 0)
		rc = errno ? errno : EIO;
	return rc;
}

/* The files SQLite keeps beside a database; writing any of them damages the workspace. */
static const char *const companions[] = { "", "-wal", "-shm", "-journal" };
#define COMPANION_COUNT (sizeof(companions) / sizeof(companions[0]))

/* The directory part of path ("." when there is none), allocated. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/*
 * True when path is the workspace or a companion: the same inode when both exist, else the
 * same directory (by inode) and the same name, which also catches a -wal not written yet.
 * Without a path (an open descriptor), by inode only.
 */
static bool is_workspace_file(const char *path, const struct stat *target, const char *workspace)
{
	char *ws_dir = dir_of(workspace), *dir = path ? dir_of(path) : NULL;
	struct stat ws_dir_st, dir_st, st;
	bool hit = false, dirs_same;
	size_t i;

	dirs_same = dir && stat(ws_dir, &ws_dir_st) == 0 && stat(dir, &dir_st) == 0 &&
		    same_file(&ws_dir_st, &dir_st);
	for (i = 0; i < COMPANION_COUNT && !hit; i++) {
		char *name = xasprintf("%s%s", workspace, companions[i]);
		if (target && stat(name, &st) == 0 && same_file(&st, target))
			hit = true;
		else if (dirs_same && strcmp(base_of(path), base_of(name)) == 0)
			hit = true;
		free(name);
	}
	free(ws_dir);
	free(dir);
	return hit;
}

/* True when the regular file at path starts like a SQLite database (an ims2 workspace is one). */
static int is_sqlite(const char *path, bool *sqlite, struct ims2_error *err)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	*sqlite = false;
	if (fd < 0) {
		error_set(err, IMS2_IO, "%s: %s", path, strerror(errno));
		return error_hint(err, "ims2 reads a file before replacing it, to be sure it is not "
				       "a workspace");
	}
	n = read(fd, head, sizeof(head));
	close(fd);
	*sqlite = n == (ssize_t)sizeof(head) && memcmp(head, magic, sizeof(head)) == 0;
	return IMS2_OK;
}

/*
 * The workspace as named and, when that is a symlink, where it leads: SQLite keeps the -wal
 * and -journal next to the real file.
 */
static bool is_workspace_any(const char *path, const struct stat *target, const char *workspace)
{
	char *real;
	bool hit;

	if (is_workspace_file(path, target, workspace))
		return true;
	real = realpath(workspace, NULL);
	hit = real && is_workspace_file(path, target, real);
	free(real);
	return hit;
}

int output_check(const char *path, const char *workspace, struct ims2_error *err)
{
	struct stat st;
	bool exists, sqlite = false;
	int rc;

	if (!*path)
		return error_set(err, IMS2_USAGE, "the output file name is empty");
	exists = stat(path, &st) == 0;
	if (workspace && is_workspace_any(path, exists ? &st : NULL, workspace)) {
		error_set(err, IMS2_USAGE, "%s is the workspace or one of its files; nothing written",
			  path);
		return error_hint(err, "choose another file name for what is written (report.md, dump.yaml)");
	}
	if (!exists)
		return IMS2_OK;
	if (S_ISDIR(st.st_mode))
		return error_set(err, IMS2_USAGE, "%s: Is a directory", path);
	if (!S_ISREG(st.st_mode))
		return IMS2_OK;
	/* A report made read-only is kept, as sort -o and pandoc -o would fail on it. */
	if (access(path, W_OK) != 0)
		return error_set(err, IMS2_IO, "%s: %s", path, strerror(errno));
	if ((rc = is_sqlite(path, &sqlite, err)))
		return rc;
	if (sqlite) {
		error_set(err, IMS2_USAGE, "%s is a SQLite database (perhaps a workspace); a report or "
					   "dump never replaces one",
			  path);
		return error_hint(err, "choose another file name for what is written (report.md, dump.yaml)");
	}
	return IMS2_OK;
}

int output_check_fd(int fd, const char *name, const char *workspace, struct ims2_error *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !is_workspace_any(NULL, &st, workspace))
		return IMS2_OK;
	error_set(err, IMS2_USAGE, "%s is the workspace or one of its files; nothing written", name);
	return error_hint(err, "send the report elsewhere, e.g. -o report.md");
}

bool output_is_terminal(const char *path)
{
	struct stat st;
	int fd;
	bool tty;

	if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode))
		return false;
	fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	tty = fd >= 0 && isatty(fd);
	if (fd >= 0)
		close(fd);
	return tty;
}

bool output_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Letters for temporary names, from the kernel's random source (time and pid if it fails). */
static void random_suffix(char *out, size_t n)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char bytes[16];
	size_t i;

	if (n > sizeof(bytes) || getrandom(bytes, n, GRND_NONBLOCK) != (ssize_t)n) {
		unsigned long x = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16) ^
				  (unsigned long)clock();
		for (i = 0; i < n && i < sizeof(bytes); i++, x = x * 6364136223846793005UL + 1)
			bytes[i] = (unsigned char)(x >> 33);
	}
	for (i = 0; i < n; i++)
		out[i] = set[bytes[i] % (sizeof(set) - 1)];
	out[n] = '\0';
}

/* The mode a new file gets: what the target had, or 0666 less the umask. */
static mode_t new_mode(const char *path)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 0777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/*
 * Names of the caller's own descriptors (-o /dev/stdout): written to, never replaced, even
 * when the shell sent them to a regular file.
 */
static bool descriptor_name(const char *path)
{
	return strcmp(path, "/dev/stdout") == 0 || strcmp(path, "/dev/stderr") == 0 ||
	       strncmp(path, "/dev/fd/", 8) == 0 || strncmp(path, "/proc/self/fd/", 14) == 0;
}

/* A device, FIFO or descriptor: written in place, appending where that means anything. */
static int open_device(struct output *o, struct ims2_error *err)
{
	int fd = open(o->path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);

	if (fd < 0 || !(o->file = fdopen(fd, "w"))) {
		error_set(err, IMS2_IO, "%s: %s", o->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return IMS2_IO;
	}
	return IMS2_OK;
}

static void output_release(struct output *o)
{
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	o->fp = o->file = NULL;
}

/* Puts the filter in front of the file just opened. */
static int open_filter(struct output *o, struct ims2_error *err)
{
	o->fp = output_filter_open(o->file);
	if (o->fp)
		return IMS2_OK;
	error_set(err, IMS2_IO, "%s: %s", o->path, strerror(errno));
	fclose(o->file);
	if (o->tmp)
		unlink(o->tmp);
	output_release(o);
	return IMS2_IO;
}

int output_open(struct output *o, const char *path, const char *workspace,
		struct ims2_error *err)
{
	char *dir, suffix[13];
	struct stat st;
	int fd = -1, tries, rc;

	o->fp = o->file = NULL;
	o->path = o->tmp = NULL;
	if ((rc = output_check(path, workspace, err)))
		return rc;
	o->path = xstrdup(path);
	if (stat(path, &st) == 0 && (!S_ISREG(st.st_mode) || descriptor_name(path))) {
		if ((rc = open_device(o, err))) {
			output_release(o);
			return rc;
		}
		return open_filter(o, err);
	}
	dir = dir_of(path);
	for (tries = 0; tries < 100 && fd < 0; tries++) {
		random_suffix(suffix, sizeof(suffix) - 1);
		free(o->tmp);
		/* Cut a long name: the temporary one must fit in NAME_MAX too. */
		o->tmp = xasprintf("%s/.%.200s.%s", dir, base_of(path), suffix);
		fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	free(dir);
	if (fd < 0) {
		error_set(err, IMS2_IO, "%s: cannot create a file next to it: %s", path,
			  strerror(errno));
		output_release(o);
		return IMS2_IO;
	}
	/* mkstemp-style files are private; a report gets the usual permissions. */
	if (fchmod(fd, new_mode(path)) != 0 || !(o->file = fdopen(fd, "w"))) {
		error_set(err, IMS2_IO, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(o->tmp);
		output_release(o);
		return IMS2_IO;
	}
	return open_filter(o, err);
}

/* Makes the rename itself durable; a failure here loses nothing already written. */
static void sync_directory(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int output_commit(struct output *o, const char *workspace, struct ims2_error *err)
{
	int rc = IMS2_OK, fd = fileno(o->file), failed = output_filter_close(o->fp);

	o->fp = NULL;
	errno = failed;
	if (failed || fflush(o->file) != 0 || ferror(o->file) || (o->tmp && fsync(fd) != 0)) {
		rc = error_set(err, IMS2_IO, "%s: %s", o->path, strerror(errno ? errno : EIO));
		fclose(o->file);
	} else if (fclose(o->file) != 0) {
		rc = error_set(err, IMS2_IO, "%s: %s", o->path, strerror(errno));
	}
	o->file = NULL;
	if (!rc && o->tmp)
		rc = output_check(o->path, workspace, err);
	if (!rc && o->tmp && rename(o->tmp, o->path) != 0)
		rc = error_set(err, IMS2_IO, "%s: %s", o->path, strerror(errno));
	if (o->tmp) {
		if (rc)
			unlink(o->tmp);
		else
			sync_directory(o->path);
	}
	output_release(o);
	return rc;
}

void output_abort(struct output *o)
{
	if (o->fp)
		fclose(o->fp);
	if (o->file)
		fclose(o->file);
	if (o->tmp)
		unlink(o->tmp);
	output_release(o);
}

int output_write(const char *path, const char *workspace, FILE *out,
		 int (*write)(FILE *fp, void *ctx, struct ims2_error *err), void *ctx,
		 struct ims2_error *err)
{
	struct output o;
	int rc;

	if (!path) {
		rc = write(out, ctx, err);
		if ((fflush(out) != 0 || ferror(out)) && (!rc || rc == IMS2_IO))
			rc = error_set(err, IMS2_IO, "standard output: %s",
				       strerror(errno ? errno : EIO));
		return rc;
	}
	if ((rc = output_open(&o, path, workspace, err)))
		return rc;
	rc = write(o.fp, ctx, err);
	if (rc == IMS2_IO && ferror(o.fp)) {
		/* The reason of the failed write, with the file's name (the commit fails on it). */
		int failed = output_commit(&o, workspace, err);
		return failed ? failed : rc;
	}
	if (rc) {
		output_abort(&o);
		return rc;
	}
	return output_commit(&o, workspace, err);
}
