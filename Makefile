# ims2: plain GNU make. See README.md ("Install", "The two commands").
#   make            build ./ims2 (installs nothing: says what is missing and to run make deps)
#   make deps       install the missing Debian packages, for building and for the tests
#   make run        install what is missing, build and open the workbench on a demo workspace
#   make check      install what is missing, build with -Werror, run every suite, report each
#   make static     ./ims2-static: SQLite, libyaml, ncursesw and common terminals built in
#                   (make check-static, part of make check: run in a root without them)
#   make deb        ims2_VERSION-1_ARCH.deb with dpkg-deb (make check-deb: lintian, install)
#   make dist       ims2-VERSION.tar.gz of the committed tree (make distcheck: build and test it)
#   make bench      build a large workspace and print times, bytes and memory
#   make fuzz       libFuzzer (clang) on the YAML loader, importer, catalog and method parsers,
#                   FUZZ_SECONDS each (default 60); what it finds lands in build-fuzz/crashes/
#   make install PREFIX=/usr/local    make uninstall PREFIX=/usr/local
# Options: SANITIZE=1 (ASan/UBSan), DEVELOPER=1 (-Werror and the full warning set).
# Each flavour builds in its own directory (build, build-dev, build-san, build-san-dev), and
# objects depend on the flags they were compiled with, so switching never reuses a stale object.

# The one place of the version: ims2 --version, the reports, the package and the tarball.
VERSION := 0.1.0

PREFIX ?= /usr/local
CC ?= cc
PKG_CONFIG ?= pkg-config
BUILD := build$(if $(FUZZ),-fuzz,$(if $(SANITIZE),-san)$(if $(DEVELOPER),-dev))

PKGS := ncursesw sqlite3 yaml-0.1
WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wno-format-nonliteral
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -DIMS2_VERSION='"$(VERSION)"' \
	-Iinclude $(WARNINGS) $(CFLAGS) $(if $(DEVELOPER),-Werror) \
	$(filter-out -D_XOPEN_SOURCE%,$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)) -D_XOPEN_SOURCE=700
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif
# FUZZ=1 (make fuzz): the core built by clang with coverage for libFuzzer, in build-fuzz/.
ifdef FUZZ
ALL_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
endif
LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# Header dependencies come from the compiler (build/**/*.d).
DEPFLAGS = -MMD -MP

CORE_SRC := $(wildcard src/core/*.c)
# termdb_*.c: one of the two is linked, by the dynamic and the static build (see there).
UI_SRC := $(filter-out src/ui/termdb_%.c,$(wildcard src/ui/*.c))
CLI_SRC := $(wildcard src/cli/*.c)
EMBED_FILES := data/method.yaml data/clauses.yaml data/annexa.yaml data/maturity.yaml \
	$(wildcard data/threats.yaml data/vulnerabilities.yaml data/incidents.yaml \
		data/required_documents.yaml data/readiness.yaml) \
	$(sort $(wildcard data/scenarios/*.yaml)) $(sort $(wildcard data/matrices/*.yaml)) \
	$(sort $(wildcard screens/*.yaml))
embed_name = $(patsubst data/%,%,$(1))

CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/embedded.o
UI_OBJ := $(UI_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
CORE_LIB := $(BUILD)/libims2core.a
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
FUZZ_TARGETS := yaml import catalog method
FUZZ_REPLAYS := $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/replay_%)

# The suites of make check, in order. Add a suite here and as a check-NAME target (Tests).
CHECK_SUITES := unit cli files screens e2e static install fuzz-corpus reliability

.PHONY: all run check check-build $(CHECK_SUITES:%=check-%) check-layering have-deps bench \
	install uninstall deps static deb check-deb dist distcheck fuzz clean

all: ims2

# ---- Flags as a dependency ----------------------------------------------------------------
# $(BUILD)/flags holds the compiler, flags and libraries of the last build in that directory;
# it is rewritten (and everything rebuilt) only when they change.
FLAGS_NOW := $(CC) $(ALL_CFLAGS) $(DEPFLAGS) | $(LDFLAGS) $(LIBS)
ifneq ($(FLAGS_NOW),$(shell cat $(BUILD)/flags 2>/dev/null))
$(shell mkdir -p $(BUILD))
$(file >$(BUILD)/flags,$(FLAGS_NOW))
endif

# ---- The program ----------------------------------------------------------------------------
# ./ims2 is a copy of the last flavour built: recopied when the last one was another flavour.
ifneq ($(shell cat build/flavour 2>/dev/null),$(BUILD))
.PHONY: ims2
endif
ims2: $(BUILD)/ims2
	cp -f $< $@
	@mkdir -p build && echo $(BUILD) >build/flavour

$(BUILD)/ims2: $(CLI_OBJ) $(UI_OBJ) $(BUILD)/src/ui/termdb_system.o $(CORE_LIB) $(BUILD)/flags
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LIBS)

$(CORE_LIB): $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

# Before compiling: the libraries are there (make deps installs them), the layers are kept.
$(BUILD)/%.o: %.c $(BUILD)/flags | have-deps check-layering
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

have-deps:
	@sh tests/tools/deps.sh build --verify

$(BUILD)/tools/embed: src/tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

$(BUILD)/embedded.c: $(BUILD)/tools/embed $(EMBED_FILES)
	$(BUILD)/tools/embed $@ $(foreach f,$(EMBED_FILES),$(call embed_name,$(f))=$(f))

$(BUILD)/embedded.o: $(BUILD)/embedded.c $(BUILD)/flags
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

# The core never draws: no curses header below src/core. The UI and the command line never
# touch SQLite: they ask the core (src/core/coreint.h is the core's own).
check-layering:
	@if grep -rlE '#\s*include\s*[<"](n?curses|ncursesw/|form\.h|menu\.h|panel\.h)' src/core; then \
		echo "error: src/core must not include curses (the files above do)"; exit 1; fi
	@if grep -rnE 'sqlite3|store_db|coreint\.h' src/ui src/cli; then \
		echo "error: src/ui and src/cli must ask the core, not SQLite (the lines above)"; exit 1; fi

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- The static build (README "Install") ----------------------------------------------------
# The same objects; SQLite, libyaml and ncursesw linked from their static libraries; the C
# library stays dynamic (getpwuid goes through NSS, which a static glibc cannot load safely).
# The terminfo descriptions of STATIC_TERMS, compiled by the build host's tic, are built in
# (src/ui/termdb_builtin.c): ncurses uses them when the host has no entry for TERM.
STATIC_TERMS := xterm xterm-256color screen screen-256color tmux tmux-256color vt100 linux
STATIC_LIBS = -Wl,-Bstatic $(LIBS) -Wl,-Bdynamic -Wl,--as-needed -lm -ldl -lpthread

static: ims2-static ims2-static.LICENSES

# The licences of the libraries inside, which must go with the file (README "Install").
ims2-static.LICENSES: packaging/static-licenses.sh
	@CC="$(CC)" sh packaging/static-licenses.sh $@

# A copy of the last flavour's, as ./ims2 is.
ifneq ($(shell cat build/flavour-static 2>/dev/null),$(BUILD))
.PHONY: ims2-static
endif
ims2-static: $(BUILD)/ims2-static
	cp -f $< $@
	@mkdir -p build && echo $(BUILD) >build/flavour-static
	@echo "ims2-static: $$(du -k $@ | cut -f1) KB, runs with glibc $$(objdump -T $@ | \
		sed -n 's/.*GLIBC_\([0-9.]*\).*/\1/p' | sort -uV | tail -n 1) or later (README: Install)"

# Stripped (-s): it is the file an auditor carries; the objects keep their debug information.
$(BUILD)/ims2-static: $(CLI_OBJ) $(UI_OBJ) $(BUILD)/src/ui/termdb_builtin.o $(BUILD)/terminfo.o \
		$(CORE_LIB) $(BUILD)/flags
	$(CC) $(LDFLAGS) $(if $(SANITIZE),,-s) -o $@ $(filter %.o %.a,$^) $(STATIC_LIBS)

$(BUILD)/terminfo.c: $(BUILD)/tools/embed
	@rm -rf $(BUILD)/terminfo && mkdir -p $(BUILD)/terminfo
	@set -e; set --; for t in $(STATIC_TERMS); do \
		infocmp -x $$t >$(BUILD)/terminfo/$$t.src; \
		tic -x -o $(BUILD)/terminfo $(BUILD)/terminfo/$$t.src; \
		set -- "$$@" "$$t=$(BUILD)/terminfo/$$(printf %.1s $$t)/$$t"; \
	done; $(BUILD)/tools/embed -n builtin_terminfo $@ "$$@"

$(BUILD)/terminfo.o: $(BUILD)/terminfo.c $(BUILD)/flags
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# ---- Tests ----------------------------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(CORE_LIB) $(BUILD)/flags | have-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) -o $@ $< $(CORE_LIB) \
		$(LDFLAGS) $(LIBS) $(shell $(PKG_CONFIG) --libs cmocka)


# Every suite runs, whatever the one before did; the last line names those that failed.
check:
	@sh tests/tools/deps.sh check
	@$(MAKE) --no-print-directory DEVELOPER=1 check-build
	@failed=""; for s in $(CHECK_SUITES); do \
		$(MAKE) --no-print-directory DEVELOPER=1 check-$$s || failed="$$failed $$s"; \
	done; \
	if [ -n "$$failed" ]; then echo "check: FAILED:$$failed"; exit 1; fi; \
	echo "check: every suite passed ($(CHECK_SUITES))"

check-build: ims2 ims2-static $(UNIT_TESTS) $(FUZZ_REPLAYS) $(BUILD)/tests/sqlexec

check-unit: $(UNIT_TESTS)
	@sh tests/tools/run-unit.sh $(UNIT_TESTS)

check-cli: ims2
	@IMS2_EXPECT_VERSION=$(VERSION) sh tests/cli/run.sh

# Workspace files from elsewhere: hostile, damaged, tampered, read-only, older formats.
check-files: ims2
	@sh tests/files/run.sh

check-screens: ims2
	@sh tests/screens/run.sh

check-e2e: ims2
	@sh tests/e2e/run.sh

# ims2-static as an auditor carries it: alone in a root with only the C library, no terminfo.
# Not under SANITIZE: the sanitizers' run-time libraries are dynamic and need /proc.
check-static: ims2 ims2-static
ifdef SANITIZE
	@echo "static: skipped: SANITIZE=1 builds no self-contained ims2-static (run make check-static)"
else
	@E2E_SUITE=static IMS2_STATIC=$(CURDIR)/ims2-static sh tests/e2e/run.sh test_static_carried
endif

check-install: ims2
	@sh tests/tools/install.sh $(VERSION)

# The fuzzing corpus (tests/fuzz/corpus), replayed once through each target without libFuzzer.
$(BUILD)/tests/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(CORE_LIB) $(BUILD)/flags \
		| have-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(CORE_LIB) $(LDFLAGS) $(LIBS)

check-fuzz-corpus: $(FUZZ_REPLAYS)
	@sh tests/fuzz/replay.sh $(BUILD)

# SIGKILL while saving, and the bytes sent to a terminal and to standard output.
$(BUILD)/tests/sqlexec: tests/reliability/sqlexec.c $(BUILD)/flags | have-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDFLAGS) $(LIBS)

check-reliability: ims2 $(BUILD)/tests/sqlexec
	@sh tests/reliability/run.sh $(BUILD)

# libFuzzer binaries (FUZZ=1 CC=clang, in build-fuzz/); tests/fuzz/run.sh runs them.
$(BUILD)/tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(CORE_LIB) $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(CORE_LIB) $(LIBS)

fuzz:
	@sh tests/tools/deps.sh fuzz
	@$(MAKE) --no-print-directory FUZZ=1 CC=clang \
		$(FUZZ_TARGETS:%=build-fuzz/tests/fuzz/fuzz_%)
	@sh tests/fuzz/run.sh

$(BUILD)/tests/bench: tests/bench/bench.c $(CORE_LIB) $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(CORE_LIB) $(LDFLAGS) $(LIBS)

bench:
	@$(MAKE) --no-print-directory ims2 $(BUILD)/tests/bench
	@sh tests/bench/run.sh

# ---- Packages (README "Install") ------------------------------------------------------------
# The package holds the dynamic build, compiled with Debian's hardening flags in its own
# directory; packaging/deb/build.sh makes the tree and runs dpkg-deb.
DEB_BUILD := build-deb
DEB_FLAGS = DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get

deb:
	@sh tests/tools/deps.sh build --verify
	@$(MAKE) --no-print-directory BUILD=$(DEB_BUILD) \
		CFLAGS="$$($(DEB_FLAGS) CFLAGS) $$($(DEB_FLAGS) CPPFLAGS)" \
		LDFLAGS="$$($(DEB_FLAGS) LDFLAGS)" $(DEB_BUILD)/ims2
	@sh packaging/deb/build.sh $(VERSION) $(DEB_BUILD)/ims2 $(DEB_BUILD)

# lintian, then install and remove the package on this system (root): not part of make check.
check-deb:
	@sh tests/tools/deps.sh deb
	@$(MAKE) --no-print-directory deb
	@sh packaging/deb/check.sh ims2_$(VERSION)-1_$$(dpkg-architecture -qDEB_HOST_ARCH).deb

# The committed tree (git archive of HEAD), as ims2-VERSION/.
dist:
	@git diff --quiet HEAD || echo "make dist: uncommitted changes are not in the tarball" >&2
	git archive --format=tar.gz --prefix=ims2-$(VERSION)/ -o ims2-$(VERSION).tar.gz HEAD
	@echo "ims2-$(VERSION).tar.gz"

# The tarball builds and passes make check in a clean directory.
distcheck: dist
	@rm -rf build/distcheck && mkdir -p build/distcheck
	tar -xzf ims2-$(VERSION).tar.gz -C build/distcheck
	$(MAKE) -C build/distcheck/ims2-$(VERSION) --no-print-directory
	$(MAKE) -C build/distcheck/ims2-$(VERSION) --no-print-directory check
	@rm -rf build/distcheck
	@echo "distcheck: ims2-$(VERSION).tar.gz builds and passes make check"

# ---- Installing -----------------------------------------------------------------------------
# Debian packages: installed only when missing, through apt-get when we are root.
deps:
	@sh tests/tools/deps.sh check

run:
	@sh tests/tools/deps.sh build
	@$(MAKE) --no-print-directory ims2
	@test -f demo.ims2 || ./ims2 demo demo.ims2
	./ims2 demo.ims2

# The man page's title line gets VERSION (packaging/deb/build.sh does the same).
install: ims2
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 ims2 $(DESTDIR)$(PREFIX)/bin/ims2
	sed '1s/"ims2 [^"]*"/"ims2 $(VERSION)"/' man/ims2.1 >$(DESTDIR)$(PREFIX)/share/man/man1/ims2.1
	chmod 644 $(DESTDIR)$(PREFIX)/share/man/man1/ims2.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ims2 $(DESTDIR)$(PREFIX)/share/man/man1/ims2.1

clean:
	rm -rf build build-* ims2 ims2-static ims2-static.LICENSES
