# ykien — see README.md.  `make` builds, `make check` runs every test,
# `make demo` runs the main job on bundled sample data.

PREFIX   ?= /usr/local
DESTDIR  ?=
SBINDIR  ?= $(PREFIX)/sbin
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
DOCDIR   ?= $(PREFIX)/share/doc/ykien
LOCALEDIR ?= $(PREFIX)/share/locale
SYSCONFDIR ?= /etc

CC      ?= cc
B       := build
PKGS    := libcurl gmime-3.0 sqlite3 libconfig libxml-2.0 libzip libcrypto libssl libsystemd xlsxwriter
# opened by dlopen() at the first PDF or picture read (lib/readers/dynlib.h),
# not linked: their headers are needed to build, their libraries only to run
# (and by the unit tests that call them directly)
DL_PKGS := poppler-glib lept libpng libjpeg
WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Wconversion -Wno-sign-conversion \
           -Wstrict-prototypes -Wmissing-prototypes -Wvla
ifeq ($(CI),true)
WARN    += -Werror
endif
ifeq ($(WERROR),1)
WARN    += -Werror
endif
OPT     ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(DL_PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lunistring -lm -lcrypt
DL_LIBS    = $(shell pkg-config --libs $(DL_PKGS) 2>/dev/null)
# only ykien-web speaks HTTP: libmicrohttpd is linked into it alone
WEB_CFLAGS = $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
WEB_LIBS   = $(shell pkg-config --libs libmicrohttpd 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(OPT) $(WARN) $(SAN) -Ilib $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = -pthread $(SAN) $(LDFLAGS)

LIB_SRCS := $(sort $(wildcard lib/*.c lib/readers/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o)
PROGS    := $(B)/ykiend $(B)/ykien $(B)/ykien-web
# the catalogues of the command line's messages (see "translations" below)
LINGUAS  := $(basename $(notdir $(wildcard lib/po/*.po)))
MO_FILES := $(LINGUAS:%=$(B)/locale/%/LC_MESSAGES/ykien.mo)
POT      := lib/po/ykien.pot
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)

.PHONY: all check unit integration demo deps deps-check install uninstall \
        clean asan tsan bench bench-web fuzz fuzz-build valgrind po FORCE
all: $(PROGS) $(MO_FILES)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libykien.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/ykiend: $(B)/daemon/ykiend.o $(B)/libykien.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/ykien: $(B)/daemon/ykien.o $(B)/daemon/ykien_agencies.o $(B)/daemon/ykien_webuser.o \
            $(B)/libykien.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The web desk: only it links libmicrohttpd.
$(B)/daemon/ykien-web.o: ALL_CFLAGS += $(WEB_CFLAGS)
$(B)/ykien-web: $(B)/daemon/ykien-web.o $(B)/libykien.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(WEB_LIBS)

# --- translations (GNU gettext) -------------------------------------------
# English is the message id; lib/po/LANG.po is a language's catalogue,
# compiled (msgfmt -c checks each format against its id) into
# $(B)/locale/LANG/LC_MESSAGES/ykien.mo, the layout bindtextdomain() reads:
# YKIEN_LOCALEDIR=$(B)/locale runs an uninstalled build in its language.
# `make po` gathers the marked strings of the files in lib/po/POTFILES into
# lib/po/ykien.pot and merges them into every catalogue (new ones come in
# untranslated, changed ones fuzzy: msgfmt --statistics shows which).
# ykien is compiled with the installed catalogues' folder, LOCALEDIR; the
# stamp rebuilds it when that changes (make deb installs under /usr).

$(B)/locale/%/LC_MESSAGES/ykien.mo: lib/po/%.po
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<

$(B)/localedir.stamp: FORCE
	@mkdir -p $(B)
	@echo '$(LOCALEDIR)' | cmp -s - $@ || echo '$(LOCALEDIR)' > $@
$(B)/daemon/ykien.o: $(B)/localedir.stamp
$(B)/daemon/ykien.o: ALL_CFLAGS += -DLOCALEDIR='"$(LOCALEDIR)"'

po:
	xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 \
	    --add-comments=TRANSLATORS: --package-name=ykien --msgid-bugs-address= \
	    --sort-by-file -o $(POT) --files-from=lib/po/POTFILES
	for l in $(LINGUAS); do \
	    msgmerge --quiet --update --backup=none lib/po/$$l.po $(POT) || exit 1; \
	    printf '%s: ' $$l; msgfmt -c --statistics -o /dev/null lib/po/$$l.po; \
	done

# The test build of ykiend: the same objects, with fault points that stop
# the process at a named durable step (lib/fault.h, tests/fault/fault_on.c).
# Its fault_point() comes first, so libykien.a's empty one is not linked.
FAULT_BIN := $(B)/tests/ykiend-fault
$(FAULT_BIN): $(B)/daemon/ykiend.o $(B)/tests/fault/fault_on.o $(B)/libykien.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)
# The same for the command line (ykien dispatch is killed between its
# record and its send, tests/integration/dispatch.sh).
FAULT_CLI_BIN := $(B)/tests/ykien-fault
$(FAULT_CLI_BIN): $(B)/daemon/ykien.o $(B)/daemon/ykien_agencies.o $(B)/daemon/ykien_webuser.o \
                  $(B)/tests/fault/fault_on.o $(B)/libykien.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Each unit test links against its own module plus what it truly needs,
# so a stray dependency fails at link time (STYLE.md, habit 5).
T_BASE          := $(B)/lib/err.o $(B)/lib/buf.o $(B)/lib/fault.o
# the configuration is lib/config*.c behind lib/config_p.h, with its times;
# what only reads a loaded one needs its lookups alone
CONFIG_LOOKUP_OBJS := $(addprefix $(B)/lib/,config_lookup.o isotime.o vncal.o)
CONFIG_OBJS     := $(addprefix $(B)/lib/,config.o config_get.o config_campaign.o config_office.o config_web.o cfginc.o orgname.o agcode.o) \
                   $(CONFIG_LOOKUP_OBJS)
T_config_DEPS   := $(CONFIG_OBJS) $(B)/lib/text.o
T_isotime_DEPS  := $(B)/lib/isotime.o
T_vncal_DEPS    := $(B)/lib/vncal.o $(B)/lib/isotime.o
T_secret_DEPS   := $(B)/lib/secret.o
# the store is lib/store*.c behind lib/store_int.h, with its filing rule
STORE_OBJS      := $(filter $(B)/lib/store%.o,$(LIB_OBJS)) $(B)/lib/filing.o
T_store_DEPS    := $(STORE_OBJS)
T_filing_DEPS   := $(B)/lib/filing.o
T_archive_DEPS  := $(B)/lib/archive.o
T_authres_DEPS  := $(B)/lib/authres.o
T_json_DEPS     := $(B)/lib/json.o $(B)/lib/log.o
T_imap_DEPS     := $(B)/lib/imapproto.o $(B)/lib/isotime.o
# the form reader is lib/form*.c behind lib/form_p.h
FORM_OBJS       := $(addprefix $(B)/lib/,form.o form_marks.o form_match.o form_prose.o)
EXTRACT_OBJS    := $(addprefix $(B)/lib/,extract.o mime.o html.o layout.o text.o quote.o forward.o \
                    question.o interleave.o classify.o orgname.o nearmiss.o authres.o json.o \
                    dispatch_id.o prof.o) \
                   $(FORM_OBJS) $(filter $(B)/lib/readers/%,$(LIB_OBJS)) $(CONFIG_LOOKUP_OBJS)
T_extract_DEPS  := $(EXTRACT_OBJS)
T_text_DEPS     := $(B)/lib/text.o
T_layout_DEPS   := $(B)/lib/layout.o
T_question_DEPS := $(addprefix $(B)/lib/,question.o quote.o text.o)
T_forward_DEPS  := $(B)/lib/forward.o $(B)/lib/quote.o $(B)/lib/text.o
T_orgname_DEPS  := $(B)/lib/orgname.o $(B)/lib/text.o
T_letter_DEPS   := $(addprefix $(B)/lib/,letter.o letter_deadline.o letter_form.o letter_draft.o \
                     isotime.o vncal.o escape.o) $(B)/lib/orgname.o $(B)/lib/text.o
T_nearmiss_DEPS := $(B)/lib/nearmiss.o $(B)/lib/classify.o $(B)/lib/orgname.o $(B)/lib/authres.o \
                   $(B)/lib/mime.o $(B)/lib/html.o $(B)/lib/layout.o $(B)/lib/text.o
T_textfast_DEPS := $(B)/lib/text.o
T_mimelimits_DEPS := $(B)/lib/mime.o $(B)/lib/text.o $(B)/lib/html.o $(B)/lib/layout.o
T_form_DEPS     := $(FORM_OBJS) $(B)/lib/quote.o $(B)/lib/text.o
T_prose_DEPS    := $(FORM_OBJS) $(B)/lib/quote.o $(B)/lib/text.o
T_interleave_DEPS := $(addprefix $(B)/lib/,interleave.o quote.o text.o html.o layout.o) $(FORM_OBJS)
T_imageprep_DEPS := $(B)/lib/readers/imageprep.o $(B)/lib/readers/dynlib.o
T_ocrtsv_DEPS   := $(B)/lib/readers/ocrtsv.o
T_mime_DEPS     := $(B)/lib/mime.o $(B)/lib/text.o $(filter $(B)/lib/html.o,$(LIB_OBJS)) \
                   $(B)/lib/layout.o
T_classify_DEPS := $(B)/lib/classify.o $(B)/lib/orgname.o $(B)/lib/authres.o $(B)/lib/mime.o \
                   $(B)/lib/html.o $(B)/lib/text.o $(B)/lib/layout.o
# agencies import: the sheet reader (zip entries of lib/readers), the rules
SHEET_OBJS      := $(addprefix $(B)/lib/,sheet.o text.o readers/zipentry.o)
T_sheet_DEPS    := $(SHEET_OBJS)
T_agcode_DEPS   := $(addprefix $(B)/lib/,agcode.o agimport.o json.o log.o escape.o) $(SHEET_OBJS)
T_plan_DEPS     := $(B)/lib/plan.o $(B)/lib/isotime.o $(B)/lib/vncal.o
T_reasons_DEPS  := $(B)/lib/reasons.o
T_escape_DEPS   := $(B)/lib/escape.o
T_digest_DEPS   := $(addprefix $(B)/lib/,digest.o compose.o plan.o text.o escape.o reasons.o) $(CONFIG_LOOKUP_OBJS)
T_outcome_DEPS  := $(B)/lib/outcome.o
T_dispatch_id_DEPS := $(B)/lib/dispatch_id.o
T_compose_DEPS  := $(B)/lib/compose.o $(B)/lib/plan.o $(B)/lib/isotime.o $(B)/lib/vncal.o
# the Word writer, read back by the project's own .docx reader
T_docx_DEPS     := $(addprefix $(B)/lib/,docx.o readers/docx.o readers/zipentry.o layout.o text.o)
T_report_docx_DEPS = $(T_report_DEPS) $(addprefix $(B)/lib/,report_docx.o official.o docx.o json.o \
                    log.o readers/docx.o readers/zipentry.o layout.o)
T_report_DEPS   := $(addprefix $(B)/lib/,summary.o escape.o report.o report_table.o report_html.o report_chart.o \
                    report_csv.o report_md.o text.o plan.o reasons.o) $(CONFIG_LOOKUP_OBJS) $(STORE_OBJS)
T_status_table_DEPS := $(T_report_DEPS) $(B)/lib/status_table.o $(B)/lib/json.o $(B)/lib/log.o
# the web desk: its sessions (pure logic), its accounts (libcrypt), its forms
T_websession_DEPS := $(B)/lib/websession.o
T_webusers_DEPS := $(B)/lib/webusers.o
T_web_DEPS      := $(B)/lib/web.o
# the web desk's pages: the reports, the review, the planner (read-only) and
# the MIME reader for a message's text and attachments
T_webpage_DEPS   = $(T_report_docx_DEPS) $(addprefix $(B)/lib/,webpage.o webpage_status.o \
                    webpage_review.o webpage_message.o webpage_att.o webtext.o web.o review.o report_xlsx.o \
                    remind.o mime.o html.o compose.o outbox.o outcome.o smtp.o secret.o) \
                    $(CONFIG_LOOKUP_OBJS)
# the export line: the summary's corrections, the store for export_line
T_export_DEPS   := $(addprefix $(B)/lib/,export.o summary.o json.o log.o) $(CONFIG_LOOKUP_OBJS) \
                   $(STORE_OBJS)

.SECONDEXPANSION:
$(B)/tests/test_%: $(B)/tests/unit/test_%.o $(T_BASE) $$(T_$$*_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $(sort $^) $(PKG_LIBS) $(DL_LIBS) -lcmocka

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# --- dependencies -------------------------------------------------------
deps:
	@sh tests/lib/deps.sh install

deps-check:
	@sh tests/lib/deps.sh check

# --- tests --------------------------------------------------------------
check: deps-check
	@$(MAKE) --no-print-directory all $(UNIT_BINS) $(FAULT_BIN) $(FAULT_CLI_BIN) $(REPLAY_BINS)
	@YKIEN_BUILD=$(B) bash tests/run.sh

unit: all $(UNIT_BINS)
	@YKIEN_BUILD=$(B) bash tests/run.sh unit

integration: all
	@$(MAKE) --no-print-directory $(REPLAY_BINS)
	@YKIEN_BUILD=$(B) bash tests/run.sh integration

asan: deps-check
	@$(MAKE) --no-print-directory B=build-asan OPT="-O1 -g" \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    all $(UNIT_SRCS:tests/unit/%.c=build-asan/tests/%) build-asan/tests/ykiend-fault build-asan/tests/ykien-fault \
	    $(FUZZ_TARGETS:%=build-asan/tests/fuzz_%-replay)
	@ASAN_OPTIONS=detect_leaks=0 YKIEN_BUILD=build-asan bash tests/run.sh

# The tests that run threads (the IMAP helper connections of
# mailbox.max_connections, the web desk's pool) again under
# ThreadSanitizer: a data race ends ykiend with status 66, which those tests
# see as a failed cycle, and ykien-web with 66, not the 0 SIGTERM should give.
tsan: deps-check
	@$(MAKE) --no-print-directory B=build-tsan OPT="-O1 -g" SAN="-fsanitize=thread" all
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" YKIEN_BUILD=build-tsan \
	    bash tests/run.sh tests/integration/connections.sh tests/integration/crash.sh \
	    tests/integration/web_server.sh

# --- fuzzing (clang, libFuzzer, ASan+UBSan) -----------------------------
# `make fuzz` builds every target into build-fuzz/ and runs each for
# FUZZ_SECONDS; tests/fuzz/run.sh runs chosen ones.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := message text docx html config imap sheet
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined

$(B)/fuzz/fuzz_%: $(B)/tests/fuzz/fuzz_%.o $(B)/tests/fuzz/fuzz_common.o $(B)/libykien.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

fuzz-build: deps-check
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang OPT="-O1 -g" SAN="$(FUZZ_SAN)" \
	    $(FUZZ_TARGETS:%=build-fuzz/fuzz/fuzz_%)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh build-fuzz $(FUZZ_TARGETS)

# Every target's corpus replayed in `make check` and `make asan` (no clang,
# no mutation, seconds): each fuzz_*.c linked by the normal compiler with
# tests/fuzz/replay_main.c, run by tests/integration/fuzz_replay.sh, so an
# input once found to crash fails CI for good.
REPLAY_BINS := $(FUZZ_TARGETS:%=$(B)/tests/fuzz_%-replay)
$(B)/tests/fuzz_%-replay: $(B)/tests/fuzz/fuzz_%.o $(B)/tests/fuzz/fuzz_common.o \
                          $(B)/tests/fuzz/replay_main.o $(B)/libykien.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)
# kept: six binaries share them, and a removed one is a rebuild every time
.PRECIOUS: $(B)/tests/fuzz/%.o

# --- valgrind: the unit tests, no invalid access, no definite leak -------
valgrind: deps-check
	@$(MAKE) --no-print-directory all $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do \
	    echo "# valgrind $$t"; \
	    valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
	        --show-leak-kinds=definite $$t > $$t.valgrind.log 2>&1 || \
	        { fail=1; echo "not ok - $$t (see $$t.valgrind.log)"; tail -30 $$t.valgrind.log; }; \
	done; [ $$fail = 0 ] && echo "valgrind: every unit test clean"; exit $$fail

$(B)/bench_extract: $(B)/tests/bench/bench_extract.o $(B)/libykien.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Not part of check: figures, not pass/fail (isync's mbsync is the yardstick).
bench: deps-check
	@$(MAKE) --no-print-directory all $(B)/bench_extract
	@YKIEN_BUILD=$(B) bash tests/bench/bench.sh
	@YKIEN_BUILD=$(B) bash tests/bench/web.sh

# The web section of make bench alone (ykien-web's status page under load).
bench-web: deps-check
	@$(MAKE) --no-print-directory all
	@YKIEN_BUILD=$(B) bash tests/bench/web.sh

demo: deps-check
	@$(MAKE) --no-print-directory all
	@YKIEN_BUILD=$(B) bash tests/demo.sh

# --- install ------------------------------------------------------------
UNITDIR ?= $(PREFIX)/lib/systemd/system

# The configuration holds no secret (passwords live in files or systemd
# credentials), so it is world-readable: the unit's DynamicUser must read it.
# A fresh installation gets the skeleton (conf/ykien.conf and the two empty
# files it includes); an existing file is never overwritten.  The complete
# Sóc Trăng example goes with the docs, under $(DOCDIR)/examples.
SKELETON := ykien.conf agencies.conf campaigns.conf
install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(SYSCONFDIR)/ykien/templates \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) \
	    $(DESTDIR)$(DOCDIR)/examples
	install -m 0755 $(B)/ykiend $(DESTDIR)$(SBINDIR)/ykiend
	install -m 0755 $(B)/ykien-web $(DESTDIR)$(SBINDIR)/ykien-web
	install -m 0755 $(B)/ykien $(DESTDIR)$(BINDIR)/ykien
	for f in $(SKELETON); do \
	    [ -e $(DESTDIR)$(SYSCONFDIR)/ykien/$$f ] || \
	        install -m 0644 conf/$$f $(DESTDIR)$(SYSCONFDIR)/ykien/$$f || exit 1; \
	done
	install -m 0644 docs/examples/ykien.conf $(DESTDIR)$(DOCDIR)/examples/ykien.conf
	# an office changes its templates: one it has is never overwritten
	for f in conf/templates/*; do \
	    t=$(DESTDIR)$(SYSCONFDIR)/ykien/templates/$${f##*/}; \
	    [ -e "$$t" ] || install -m 0644 "$$f" "$$t" || exit 1; \
	done
	install -m 0644 docs/ykien.1 $(DESTDIR)$(MANDIR)/man1/ykien.1
	install -m 0644 docs/ykien.conf.5 $(DESTDIR)$(MANDIR)/man5/ykien.conf.5
	install -m 0644 docs/ykiend.8 $(DESTDIR)$(MANDIR)/man8/ykiend.8
	install -m 0644 docs/ykien-web.8 $(DESTDIR)$(MANDIR)/man8/ykien-web.8
	for l in $(LINGUAS); do \
	    install -D -m 0644 $(B)/locale/$$l/LC_MESSAGES/ykien.mo \
	        $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/ykien.mo || exit 1; \
	done
	for u in ykiend.service ykiend@.service ykien-web.service; do \
	    sed -e 's|/usr/sbin/ykiend|$(SBINDIR)/ykiend|g' -e 's|/usr/sbin/ykien-web|$(SBINDIR)/ykien-web|g' \
	        -e 's|/etc/ykien|$(SYSCONFDIR)/ykien|g' \
	        systemd/$$u > $(DESTDIR)$(UNITDIR)/$$u && chmod 0644 $(DESTDIR)$(UNITDIR)/$$u || exit 1; \
	done

# --- Debian package -----------------------------------------------------
# make deb: $(B)/ykien_VERSION_ARCH.deb (build/ unless B= names another build
# directory), dpkg-deb over a `make install DESTDIR=… PREFIX=/usr` tree of that
# build.  Depends: the shared libraries dpkg-shlibdeps finds in the programs,
# and the converters they run (DEB_CONVERTERS) — no test tool.  Everything
# under /etc/ykien is a conffile.  The units are installed, not enabled:
# ykiend needs a configured mailbox first (ykiend(8), SYSTEMD).
DEB_VERSION := $(shell sed -n 's/^\#define YKIEND_VERSION "\(.*\)"/\1/p' daemon/ykiend.c)
DEB_ARCH    := $(shell dpkg --print-architecture 2>/dev/null)
DEB         := $(B)/ykien_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_TREE    := $(B)/deb
DEB_CONVERTERS := antiword, catdoc, tesseract-ocr, tesseract-ocr-vie, poppler-utils
# the libraries the programs open with dlopen() (DL_PKGS), which
# dpkg-shlibdeps cannot see
DEB_DLOPEN := libpoppler-glib8, liblept5, libpng16-16, libjpeg62-turbo
DEB_MAINTAINER ?= ykien maintainers <root@localhost>

.PHONY: deb systemd-check
deb: all
	rm -rf $(DEB_TREE) && mkdir -p $(DEB_TREE)/root/DEBIAN $(DEB_TREE)/debian
	$(MAKE) --no-print-directory install B=$(B) DESTDIR=$(abspath $(DEB_TREE)/root) \
	    PREFIX=/usr SYSCONFDIR=/etc UNITDIR=/lib/systemd/system
	strip --strip-unneeded $(DEB_TREE)/root/usr/sbin/ykiend $(DEB_TREE)/root/usr/sbin/ykien-web \
	    $(DEB_TREE)/root/usr/bin/ykien
	gzip -9n $(DEB_TREE)/root/usr/share/man/man*/*
	install -d $(DEB_TREE)/root/usr/share/doc/ykien
	gzip -9nc README.md > $(DEB_TREE)/root/usr/share/doc/ykien/README.md.gz
	printf 'Source: ykien\n\nPackage: ykien\nArchitecture: any\n' > $(DEB_TREE)/debian/control
	cd $(DEB_TREE) && dpkg-shlibdeps -O root/usr/sbin/ykiend root/usr/sbin/ykien-web root/usr/bin/ykien \
	    2>/dev/null | \
	    sed -n 's/^shlibs:Depends=//p' > shlibs
	test -s $(DEB_TREE)/shlibs
	cd $(DEB_TREE)/root && find etc -type f | sort | sed 's|^|/|' > DEBIAN/conffiles
	install -m 0755 systemd/deb/postinst systemd/deb/prerm systemd/deb/postrm $(DEB_TREE)/root/DEBIAN/
	{ echo "Package: ykien"; \
	  echo "Version: $(DEB_VERSION)"; \
	  echo "Architecture: $(DEB_ARCH)"; \
	  echo "Maintainer: $(DEB_MAINTAINER)"; \
	  echo "Installed-Size: $$(du -sk --exclude=DEBIAN $(DEB_TREE)/root | cut -f1)"; \
	  echo "Depends: $$(cat $(DEB_TREE)/shlibs), $(DEB_DLOPEN), $(DEB_CONVERTERS)"; \
	  echo "Section: mail"; \
	  echo "Priority: optional"; \
	  sed -n '/^Description:/,$$p' systemd/deb/control.in; \
	} > $(DEB_TREE)/root/DEBIAN/control
	dpkg-deb --root-owner-group -Zxz --build $(DEB_TREE)/root $(DEB)
	@dpkg-deb -f $(DEB) Package Version Depends

# make systemd-check: the .deb installed and run under a real systemd 252 in a
# minimal Debian 12 tree booted with systemd-nspawn (tests/systemd/check.sh).
# Not part of make check: it needs root, Debian's mirror the first time, and
# about a minute.
systemd-check: deps-check deb
	@YKIEN_BUILD=$(B) bash tests/systemd/check.sh $(DEB)

# The configuration, the database and the archive are the administrator's
# data: uninstall leaves them.
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/ykiend $(DESTDIR)$(SBINDIR)/ykien-web $(DESTDIR)$(BINDIR)/ykien \
	    $(DESTDIR)$(MANDIR)/man1/ykien.1 $(DESTDIR)$(MANDIR)/man5/ykien.conf.5 \
	    $(DESTDIR)$(MANDIR)/man8/ykiend.8 $(DESTDIR)$(MANDIR)/man8/ykien-web.8 \
	    $(DESTDIR)$(UNITDIR)/ykiend.service $(DESTDIR)$(UNITDIR)/ykiend@.service \
	    $(DESTDIR)$(UNITDIR)/ykien-web.service \
	    $(LINGUAS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/ykien.mo)
	rm -rf $(DESTDIR)$(DOCDIR)/examples
	# a template the office changed is its configuration: it stays
	for f in conf/templates/*; do \
	    t=$(DESTDIR)$(SYSCONFDIR)/ykien/templates/$${f##*/}; \
	    ! cmp -s "$$f" "$$t" || rm -f "$$t"; \
	done
	-rmdir $(DESTDIR)$(SYSCONFDIR)/ykien/templates 2>/dev/null

clean:
	rm -rf build build-asan build-fuzz
