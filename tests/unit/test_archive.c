/* Unit tests for lib/archive: durable files under the root only, reuse of
 * a file left by a crash, numbered collisions, unsafe names refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"

static char root[] = "/tmp/yk-archive-XXXXXX";

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(root) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void
read_back(const char *rel, const char *want)
{
	char path[1024], got[256] = "";
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "%s/%s", root, rel);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(got, 1, sizeof got - 1, f);
	fclose(f);
	got[n] = '\0';
	assert_string_equal(got, want);
}

static void
test_store_and_collisions(void **state)
{
	char rel[ARCHIVE_MAX_PATH];
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(archive_store(root, "118/SNV", "20240116T021200-1", "one", 3, true, rel,
	                               sizeof rel, &err), 0);
	assert_string_equal(rel, "118/SNV/20240116T021200-1.eml");
	read_back(rel, "one");
	/* the same bytes again (a crash before the commit): the same file */
	assert_int_equal(archive_store(root, "118/SNV", "20240116T021200-1", "one", 3, true, rel,
	                               sizeof rel, &err), 0);
	assert_string_equal(rel, "118/SNV/20240116T021200-1.eml");
	/* other bytes under the same name: numbered, the first kept */
	assert_int_equal(archive_store(root, "118/SNV", "20240116T021200-1", "two", 3, true, rel,
	                               sizeof rel, &err), 0);
	assert_string_equal(rel, "118/SNV/20240116T021200-1-2.eml");
	read_back(rel, "two");
	read_back("118/SNV/20240116T021200-1.eml", "one");
}

static void
test_unsafe_components_refused(void **state)
{
	char rel[ARCHIVE_MAX_PATH], big[300];
	struct yk_err err = { 0 };
	(void)state;

	assert_false(archive_component_ok(".."));
	assert_false(archive_component_ok(".hidden"));
	assert_false(archive_component_ok("a/b"));
	assert_false(archive_component_ok("a\\b"));
	assert_false(archive_component_ok("a\nb"));
	assert_false(archive_component_ok(""));
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_false(archive_component_ok(big));
	assert_true(archive_component_ok("Sở Nội vụ"));
	assert_int_equal(archive_store(root, "118/../../etc", "x", "a", 1, true, rel, sizeof rel, &err),
	                 YK_EINVAL);
	yk_err_clear(&err);
	assert_int_equal(archive_store(root, "118", "../passwd", "a", 1, true, rel, sizeof rel, &err),
	                 YK_EINVAL);
}

static void
test_safe_names(void **state)
{
	char out[ARCHIVE_NAME_MAX + 8], big[400], *p;
	(void)state;

	archive_safe_name("../../etc/passwd", out, sizeof out);
	assert_string_equal(out, "passwd");
	archive_safe_name("..\\..\\boot.ini", out, sizeof out);
	assert_string_equal(out, "boot.ini");
	archive_safe_name("/", out, sizeof out);
	assert_string_equal(out, "attachment");
	archive_safe_name(".bashrc", out, sizeof out);
	assert_string_equal(out, "bashrc");
	archive_safe_name("a\x01" "b\nc:d.docx", out, sizeof out);
	assert_string_equal(out, "a_b_c_d.docx");
	archive_safe_name("Phiếu ý kiến.docx", out, sizeof out);
	assert_string_equal(out, "Phiếu ý kiến.docx");
	/* 300 characters ("ề" is 3 bytes): cut to the limit on a character
	 * boundary, the extension kept */
	p = big;
	for (int i = 0; i < 100; i++) {
		memcpy(p, "\xe1\xbb\x81", 3);
		p += 3;
	}
	memcpy(p, ".pdf", 5);
	archive_safe_name(big, out, sizeof out);
	assert_true(strlen(out) <= ARCHIVE_NAME_MAX);
	assert_string_equal(out + strlen(out) - 4, ".pdf");
	assert_int_equal((strlen(out) - 4) % 3, 0);
}

static void
test_attachment_collisions(void **state)
{
	char rel[ARCHIVE_MAX_PATH];
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(archive_store_attachment(root, "118/SNV/x", "../../phieu.docx", "one", 3, rel,
	                                          sizeof rel, &err), 0);
	assert_string_equal(rel, "118/SNV/x/phieu.docx");
	assert_int_equal(archive_store_attachment(root, "118/SNV/x", "phieu.docx", "one", 3, rel,
	                                          sizeof rel, &err), 0);
	assert_string_equal(rel, "118/SNV/x/phieu.docx"); /* the same bytes: the same file */
	assert_int_equal(archive_store_attachment(root, "118/SNV/x", "phieu.docx", "two", 3, rel,
	                                          sizeof rel, &err), 0);
	assert_string_equal(rel, "118/SNV/x/phieu (2).docx");
}

static void
test_sha256(void **state)
{
	char hex[65];
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(archive_sha256("abc", 3, hex, &err), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* From a file in pieces, at an offset: the same hash as from memory, for
 * a message longer than one piece; a file shorter than asked is an error,
 * not the hash of what was there. */
static void
test_sha256_fd(void **state)
{
	char want[65], got[65];
	struct yk_err err = { 0 };
	size_t len = 200000;
	char *data = malloc(len);
	FILE *f = tmpfile();
	(void)state;

	assert_non_null(data);
	assert_non_null(f);
	for (size_t i = 0; i < len; i++)
		data[i] = (char)(i * 7 + i / 251);
	assert_int_equal(fwrite("prefix", 1, 6, f), 6);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fflush(f), 0);
	assert_int_equal(archive_sha256(data, len, want, &err), 0);
	assert_int_equal(archive_sha256_fd(fileno(f), 6, len, -1, got, &err), 0);
	assert_string_equal(got, want);
	{
		/* and copied on, byte for byte */
		FILE *g = tmpfile();
		char *back = malloc(len + 1);
		assert_non_null(g);
		assert_non_null(back);
		assert_int_equal(archive_sha256_fd(fileno(f), 6, len, fileno(g), got, &err), 0);
		assert_string_equal(got, want);
		assert_int_equal(pread(fileno(g), back, len + 1, 0), (ssize_t)len);
		assert_memory_equal(back, data, len);
		free(back);
		fclose(g);
	}
	assert_int_equal(archive_sha256_fd(fileno(f), 7, len, -1, got, &err), YK_EIO);
	assert_string_equal(got, "");
	assert_non_null(strstr(err.msg, "too short"));
	fclose(f);
	free(data);
}

/* A file with no name holding the message is linked into place, not
 * copied (the same inode), under the name archive_store() would give;
 * where that name has other bytes, the next; where it has these bytes,
 * it is reused.  No file descriptor: written as before. */
static void
test_adopt(void **state)
{
	char rel[512], path[1024];
	struct yk_err err = { 0 };
	struct stat a, b;
	int fd;
	(void)state;

	fd = open(root, O_TMPFILE | O_RDWR, 0640);
	if (fd < 0)
		skip(); /* a file system without O_TMPFILE: archive_adopt() writes */
	assert_int_equal(write(fd, "adopted", 7), 7);
	assert_int_equal(archive_adopt(root, "118/SNV", "m1", fd, "adopted", 7, false, rel,
	                               sizeof rel, &err), 0);
	assert_string_equal(rel, "118/SNV/m1.eml");
	snprintf(path, sizeof path, "%s/%s", root, rel);
	assert_int_equal(stat(path, &a), 0);
	assert_int_equal(fstat(fd, &b), 0);
	assert_true(a.st_ino == b.st_ino);
	assert_int_equal(a.st_size, 7);
	/* the same bytes again (a crash before the commit): the same file */
	assert_int_equal(archive_adopt(root, "118/SNV", "m1", fd, "adopted", 7, false, rel,
	                               sizeof rel, &err), 0);
	assert_string_equal(rel, "118/SNV/m1.eml");
	close(fd);
	/* a crashed write left its temporary name; the retry links: it goes */
	{
		char stale[1024];
		FILE *f;
		snprintf(stale, sizeof stale, "%s/118/SNV/.tmp-m3.eml", root);
		assert_non_null(f = fopen(stale, "w"));
		fclose(f);
		fd = open(root, O_TMPFILE | O_RDWR, 0640);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, "third", 5), 5);
		assert_int_equal(archive_adopt(root, "118/SNV", "m3", fd, "third", 5, false, rel,
		                               sizeof rel, &err), 0);
		close(fd);
		assert_string_equal(rel, "118/SNV/m3.eml");
		assert_int_equal(access(stale, F_OK), -1);
	}
	/* other bytes under that name: the next name, written */
	assert_int_equal(archive_adopt(root, "118/SNV", "m1", -1, "other", 5, false, rel,
	                               sizeof rel, &err), 0);
	assert_string_equal(rel, "118/SNV/m1-2.eml");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_and_collisions),
		cmocka_unit_test(test_unsafe_components_refused),
		cmocka_unit_test(test_safe_names),
		cmocka_unit_test(test_attachment_collisions),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_sha256_fd),
		cmocka_unit_test(test_adopt),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
