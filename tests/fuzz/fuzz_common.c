/* See fuzz_common.h. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"

/* conf/demo.conf with paths that do not exist: the fuzzers touch no
 * network, no database and no archive. */
static const char sample_conf[] =
	"mailbox = { url = \"imap://127.0.0.1:1/INBOX\"; user = \"fuzz\";\n"
	"  password_file = \"/nonexistent/imap.pass\"; allow_plaintext = true; };\n"
	"storage = { database = \"/nonexistent/ykien.db\"; archive = \"/nonexistent/archive\"; };\n"
	"agencies = (\n"
	"  { code = \"SNV\"; name = \"Sở Nội vụ\"; emails = [ \"snv@soctrang.example\" ]; },\n"
	"  { code = \"STP\"; name = \"Sở Tư pháp\"; emails = [ \"stp@soctrang.example\" ]; },\n"
	"  { code = \"SGDDT\"; name = \"Sở Giáo dục và Đào tạo\";\n"
	"    emails = [ \"sgddt@soctrang.example\" ]; aliases = [ \"Sở GD&ĐT\" ]; },\n"
	"  { code = \"UBND_CHAUTHANH\"; name = \"UBND huyện Châu Thành\";\n"
	"    emails = [ \"@chauthanh.soctrang.example\" ]; }\n"
	");\n"
	"forms = (\n"
	"  { id = \"hoi-thi-cchc\";\n"
	"    sections = (\n"
	"      { id = \"comments\";\n"
	"        heading = \"Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính\"; },\n"
	"      { id = \"proposal\";\n"
	"        heading = \"Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác\";\n"
	"        options = ( { id = \"continue_contest\"; text = \"Đề nghị tiếp tục tổ chức Hội thi\"; },\n"
	"                    { id = \"other_form\"; text = \"Đề nghị hình thức tuyên truyền khác\"; } ); },\n"
	"      { id = \"other_opinions\"; heading = \"Ý kiến khác, đề xuất\"; }\n"
	"    ); }\n"
	");\n"
	"campaigns = (\n"
	"  { id = \"118-UBND-TH\"; reference = \"118/UBND-TH\"; form = \"hoi-thi-cchc\";\n"
	"    title = \"Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023\";\n"
	"    sent = \"2024-01-15T08:00:00+07:00\"; deadline = \"2024-01-31T17:00:00+07:00\";\n"
	"    agencies = \"all\"; }\n"
	");\n";

int
fuzz_write_temp(const char *data, size_t len, char *path, size_t pathsz)
{
	const char *dir = getenv("TMPDIR");
	FILE *f;
	int fd, n;

	n = snprintf(path, pathsz, "%s/ykien-fuzz-XXXXXX", dir && *dir ? dir : "/tmp");
	if (n < 0 || (size_t)n >= pathsz)
		return -1;
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(path);
		return -1;
	}
	if (len && fwrite(data, 1, len, f) != len) {
		fclose(f);
		unlink(path);
		return -1;
	}
	if (fclose(f) != 0) {
		unlink(path);
		return -1;
	}
	return 0;
}

struct yk_config *
fuzz_sample_config(void)
{
	static struct yk_config *cfg;
	struct yk_err err = { 0 };
	char path[4096];

	if (cfg)
		return cfg;
	if (fuzz_write_temp(sample_conf, sizeof sample_conf - 1, path, sizeof path))
		abort();
	if (config_load(path, &cfg, NULL, &err)) {
		fprintf(stderr, "fuzz: sample config: %s\n", err.msg);
		unlink(path);
		abort();
	}
	unlink(path);
	return cfg;
}
