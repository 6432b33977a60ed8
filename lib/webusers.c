/*
 * webusers — the users file and password hashes (webusers.h), over
 * libcrypt's crypt_gensalt_rn/crypt_r (yescrypt, "$y$").
 */
#include "webusers.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

/* A yescrypt hash of a throw-away text, at libcrypt's default cost: an
 * unknown login is checked against it, so it costs as long as a known
 * one. */
static const char dummy_hash[] =
	"$y$j9T$e8oMahG0uUI75F8lUspxW0$e9qzpQSdTVht4PA5nBLyG714kW9tmMHbcmBIiRpC8KD";

bool
webusers_name_ok(const char *name)
{
	size_t n = 0;

	if (!name)
		return false;
	for (const char *p = name; *p; p++, n++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '_' || *p == '-'))
			return false;
	return n >= 1 && n <= WEBUSERS_NAME_MAX;
}

const char *
webusers_role_name(enum webrole role)
{
	return role == WEBROLE_CLERK ? "clerk" : "viewer";
}

int
webusers_role_parse(const char *s)
{
	if (s && !strcmp(s, "clerk"))
		return WEBROLE_CLERK;
	if (s && !strcmp(s, "viewer"))
		return WEBROLE_VIEWER;
	return -1;
}

/* A hash as crypt(5) writes it: "$id$…" of the characters it uses. */
static bool
hash_ok(const char *h)
{
	if (h[0] != '$' || strlen(h) > 512)
		return false;
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '$' || *p == '.' || *p == '/' || *p == '=' ||
		      *p == ','))
			return false;
	return true;
}

void
webusers_free(struct webusers *us)
{
	for (size_t i = 0; i < us->n; i++) {
		free(us->u[i].name);
		free(us->u[i].hash);
	}
	free(us->u);
	us->u = NULL;
	us->n = 0;
}

static int
add_user(struct webusers *us, const char *name, const char *hash, enum webrole role)
{
	struct webuser *nu = realloc(us->u, (us->n + 1) * sizeof *us->u);

	if (!nu)
		return YK_ENOMEM;
	us->u = nu;
	nu[us->n].name = strdup(name);
	nu[us->n].hash = strdup(hash);
	nu[us->n].role = role;
	if (!nu[us->n].name || !nu[us->n].hash) {
		free(nu[us->n].name);
		free(nu[us->n].hash);
		return YK_ENOMEM;
	}
	us->n++;
	return 0;
}

static struct webuser *
find(const struct webusers *us, const char *name)
{
	for (size_t i = 0; i < us->n; i++)
		if (!strcmp(us->u[i].name, name))
			return &us->u[i];
	return NULL;
}

/* One line "name:hash:role" (LINE is modified). */
static int
parse_line(struct webusers *us, char *line, const char *path, unsigned lineno,
           struct yk_err *err)
{
	char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	int role;

	if (!c1 || !c2 || strchr(c2 + 1, ':'))
		return yk_err_set(err, YK_EINVAL, "%s:%u: expected name:hash:role", path, lineno);
	*c1 = *c2 = '\0';
	if (!webusers_name_ok(line))
		return yk_err_set(err, YK_EINVAL, "%s:%u: expected a name of 1 to 32 of a-z 0-9 . _ -",
		                  path, lineno);
	if (!hash_ok(c1 + 1))
		return yk_err_set(err, YK_EINVAL, "%s:%u: expected a crypt(5) hash such as $y$...",
		                  path, lineno);
	if ((role = webusers_role_parse(c2 + 1)) < 0)
		return yk_err_set(err, YK_EINVAL, "%s:%u: expected the role clerk or viewer", path,
		                  lineno);
	if (find(us, line))
		return yk_err_set(err, YK_EINVAL, "%s:%u: user \"%s\" is listed twice", path, lineno,
		                  line);
	if (us->n >= WEBUSERS_MAX)
		return yk_err_set(err, YK_ELIMIT, "%s:%u: more than %d users", path, lineno,
		                  WEBUSERS_MAX);
	if (add_user(us, line, c1 + 1, (enum webrole)role))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	return 0;
}

int
webusers_load(const char *path, struct webusers *out, struct yk_err *err)
{
	struct buf b;
	struct stat sb;
	int fd, rc = 0;
	unsigned lineno = 0;
	char *p;

	memset(out, 0, sizeof *out);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return yk_err_set(err, errno == ENOENT ? YK_ENOTFOUND : YK_EIO, "%s: %s", path,
		                  strerror(errno));
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return yk_err_set(err, YK_EINVAL, "%s: not a regular file", path);
	}
	close(fd);
	/* the hashes are secrets too: an offline guess needs only the file */
	if (sb.st_mode & 077)
		return yk_err_set(err, YK_EINVAL,
		                  "%s: mode %04o lets others read it; expected 0600 (chmod 600 %s)", path,
		                  (unsigned)(sb.st_mode & 07777), path);
	buf_init(&b, WEBUSERS_FILE_MAX);
	if ((rc = buf_read_file(&b, path, err))) {
		buf_free(&b);
		return rc;
	}
	if (memchr(b.data, '\0', b.len)) {
		buf_free(&b);
		return yk_err_set(err, YK_EINVAL, "%s: a NUL byte: not a users file", path);
	}
	p = b.data;
	while (!rc && p < b.data + b.len) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		lineno++;
		if (nl && nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*p && *p != '#')
			rc = parse_line(out, p, path, lineno, err);
		p = nl ? nl + 1 : b.data + b.len;
	}
	buf_free(&b);
	if (rc)
		webusers_free(out);
	return rc;
}

int
webusers_save(const char *path, const struct webusers *us, struct yk_err *err)
{
	struct buf b, tmp;
	char *dir, *slash;
	int fd, rc = 0;

	buf_init(&b, 0);
	for (size_t i = 0; i < us->n; i++)
		buf_printf(&b, "%s:%s:%s\n", us->u[i].name, us->u[i].hash,
		           webusers_role_name(us->u[i].role));
	buf_init(&tmp, 0);
	buf_printf(&tmp, "%s.tmp.XXXXXX", path);
	if (buf_status(&b) || buf_status(&tmp)) {
		buf_free(&b);
		buf_free(&tmp);
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	}
	/* mkstemp creates the file 0600: the hashes are never readable by others */
	fd = mkostemp(tmp.data, O_CLOEXEC);
	if (fd < 0) {
		rc = yk_err_set(err, YK_EIO, "%s: cannot create a temporary file: %s", path,
		                strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) ||
	    (b.len && write(fd, b.data, b.len) != (ssize_t)b.len) || fsync(fd)) {
		rc = yk_err_set(err, YK_EIO, "%s: %s", tmp.data, strerror(errno ? errno : EIO));
		close(fd);
		unlink(tmp.data);
		goto out;
	}
	if (close(fd) || rename(tmp.data, path)) {
		rc = yk_err_set(err, YK_EIO, "%s: %s", path, strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	/* the rename itself made durable */
	dir = strdup(path);
	if (dir) {
		slash = strrchr(dir, '/');
		if (slash == dir)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
		fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			if (fsync(fd))
				rc = yk_err_set(err, YK_EIO, "%s: %s", dir, strerror(errno));
			close(fd);
		}
		free(dir);
	}
out:
	buf_free(&b);
	buf_free(&tmp);
	return rc;
}

char *
webusers_path(const char *configured)
{
	const char *cd = getenv("CREDENTIALS_DIRECTORY");

	if (cd && *cd) {
		struct buf b;
		struct stat sb;

		buf_init(&b, 0);
		buf_printf(&b, "%s/web-users", cd);
		if (!buf_status(&b) && stat(b.data, &sb) == 0)
			return buf_take(&b);
		buf_free(&b);
	}
	return configured ? strdup(configured) : NULL;
}

char *
webusers_hash(const char *password)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd;
	char *h, *out = NULL;

	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt))
		return NULL;
	if (!(cd = calloc(1, sizeof *cd)))
		return NULL;
	h = crypt_r(password, salt, cd);
	if (h && h[0] == '$')
		out = strdup(h);
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	return out;
}

int
webusers_set(struct webusers *us, const char *name, const char *password, enum webrole role,
             struct yk_err *err)
{
	struct webuser *u;
	char *h;

	if (!webusers_name_ok(name))
		return yk_err_set(err, YK_EINVAL,
		                  "\"%s\": expected a name of 1 to 32 of a-z 0-9 . _ -", name);
	if (!password || !*password)
		return yk_err_set(err, YK_EINVAL, "an empty password is not accepted");
	if (strlen(password) > WEBUSERS_PASS_MAX)
		return yk_err_set(err, YK_EINVAL, "a password has at most %d bytes", WEBUSERS_PASS_MAX);
	if (!(h = webusers_hash(password)))
		return yk_err_set(err, YK_EIO, "libcrypt could not hash the password");
	if ((u = find(us, name))) {
		free(u->hash);
		u->hash = h;
		u->role = role;
		return 0;
	}
	if (us->n >= WEBUSERS_MAX) {
		free(h);
		return yk_err_set(err, YK_ELIMIT, "at most %d users", WEBUSERS_MAX);
	}
	if (add_user(us, name, h, role)) {
		free(h);
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	}
	free(h);
	return 0;
}

int
webusers_del(struct webusers *us, const char *name, struct yk_err *err)
{
	for (size_t i = 0; i < us->n; i++)
		if (!strcmp(us->u[i].name, name)) {
			free(us->u[i].name);
			free(us->u[i].hash);
			memmove(&us->u[i], &us->u[i + 1], (us->n - i - 1) * sizeof *us->u);
			us->n--;
			return 0;
		}
	return yk_err_set(err, YK_ENOTFOUND, "no user \"%s\"", name);
}

bool
webusers_verify(const struct webusers *us, const char *name, const char *password,
                enum webrole *role)
{
	const struct webuser *u = (name && webusers_name_ok(name)) ? find(us, name) : NULL;
	const char *want = u ? u->hash : dummy_hash;
	struct crypt_data *cd = calloc(1, sizeof *cd);
	const char *got;
	bool ok = false;

	if (!cd)
		return false;
	if (password && strlen(password) <= WEBUSERS_PASS_MAX) {
		got = crypt_r(password, want, cd);
		if (got && got[0] == '$') {
			size_t lg = strlen(got), lw = strlen(want);
			unsigned char d = lg != lw;

			for (size_t i = 0; i < lw && i < lg; i++)
				d |= (unsigned char)(got[i] ^ want[i]);
			ok = d == 0 && u != NULL;
		}
	}
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	if (ok && role)
		*role = u->role;
	return ok;
}
