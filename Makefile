# ims2: plain GNU make. See README.md.
#   make            build ./ims2 (installs missing Debian -dev packages first)
#   make run        build and open the workbench on a demo workspace
#   make check      install test tools when missing, build with -Werror, run every test
#   make bench      build a large workspace and print times, bytes and memory
#   make install PREFIX=/usr/local
# Options: SANITIZE=1 (ASan/UBSan), DEVELOPER=1 (-Werror and the full warning set).

PREFIX ?= /usr/local
CC ?= cc
PKG_CONFIG ?= pkg-config
BUILD := build$(if $(SANITIZE),-san)
VERSION := 0.1.0

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
LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CURSES_LIBS = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null)

CORE_SRC := $(wildcard src/core/*.c)
UI_SRC := $(wildcard src/ui/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
EMBED_FILES := data/method.yaml data/clauses.yaml data/annexa.yaml data/maturity.yaml \
	$(wildcard data/threats.yaml data/vulnerabilities.yaml) \
	$(sort $(wildcard data/scenarios/*.yaml)) $(sort $(wildcard data/matrices/*.yaml)) \
	$(sort $(wildcard screens/*.yaml))
embed_name = $(patsubst data/%,%,$(1))

CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/embedded.o
UI_OBJ := $(UI_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
CORE_LIB := $(BUILD)/libims2core.a
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all run check check-unit check-cli check-screens check-e2e check-layering bench install \
	deps clean

all:
	@sh tests/tools/deps.sh build
	@$(MAKE) --no-print-directory ims2

# ./ims2 is relinked when the last one came from the other flavour (SANITIZE or not).
ifneq ($(shell cat build/flavour 2>/dev/null),$(BUILD))
.PHONY: ims2
endif
ims2: $(CLI_OBJ) $(UI_OBJ) $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(UI_OBJ) $(CORE_LIB) $(LIBS)
	@mkdir -p build && echo $(BUILD) >build/flavour

$(CORE_LIB): $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c $(wildcard include/ims2/*.h src/ui/*.h) | check-layering
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tools/embed: src/tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

$(BUILD)/embedded.c: $(BUILD)/tools/embed $(EMBED_FILES)
	$(BUILD)/tools/embed $@ $(foreach f,$(EMBED_FILES),$(call embed_name,$(f))=$(f))

$(BUILD)/embedded.o: $(BUILD)/embedded.c
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

# The core never draws: no curses header below src/core.
check-layering:
	@if grep -rlE '#\s*include\s*[<"](n?curses|ncursesw/|form\.h|menu\.h|panel\.h)' src/core; then \
		echo "error: src/core must not include curses (the files above do)"; exit 1; fi

# Debian packages: installed only when missing, through apt-get when we are root.
deps:
	@sh tests/tools/deps.sh build

run: all
	@test -f demo.ims2 || ./ims2 demo demo.ims2
	./ims2 demo.ims2

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) -o $@ $< $(CORE_LIB) \
		$(LDFLAGS) $(LIBS) $(shell $(PKG_CONFIG) --libs cmocka)

check:
	@sh tests/tools/deps.sh check
	@$(MAKE) --no-print-directory DEVELOPER=1 ims2 $(UNIT_TESTS)
	@$(MAKE) --no-print-directory DEVELOPER=1 check-unit check-cli check-screens check-e2e

check-unit: $(UNIT_TESTS)
	@sh tests/tools/run-unit.sh $(UNIT_TESTS)

check-cli: ims2
	@sh tests/cli/run.sh

check-screens: ims2
	@sh tests/screens/run.sh

check-e2e: ims2
	@sh tests/e2e/run.sh

$(BUILD)/tests/bench: tests/bench/bench.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(CORE_LIB) $(LDFLAGS) $(LIBS)

bench: all
	@$(MAKE) --no-print-directory $(BUILD)/tests/bench
	@sh tests/bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 ims2 $(DESTDIR)$(PREFIX)/bin/ims2
	install -m 644 man/ims2.1 $(DESTDIR)$(PREFIX)/share/man/man1/ims2.1

clean:
	rm -rf build build-san ims2
