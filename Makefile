# Shomer - security-site inventory and infrastructure planner.
#
#   make            build into build/
#   make demo       install missing packages, build, run the demo
#   make check      install missing packages, build with ASan+UBSan, run every test
#   make bench-import
#   make install PREFIX=/usr/local DESTDIR=
#
# The build tree mirrors the installed layout (bin/, lib/shomer/plugins/,
# share/shomer/schemas/) so that the binary finds its plugins and schemas the
# same way in both: relative to its own location.

# `make` alone builds; plugin makefiles included below define rules too.
.DEFAULT_GOAL := all

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
SAN ?= 0

CC ?= cc
PKG_CONFIG ?= pkg-config
CORE_PKGS := libxml-2.0 sqlite3 proj jansson

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-format-nonliteral -Wvla
BASE_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -g -pthread $(WARN)
ifeq ($(SAN),1)
OPT := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
SAN_LDFLAGS := -fsanitize=address,undefined
else
OPT := -O2
SAN_LDFLAGS :=
endif

# Package flags are looked up lazily so that `make deps` can run first.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(CORE_PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(CORE_PKGS))

CFLAGS_ALL = $(BASE_CFLAGS) $(OPT) -Icore -Icore/include $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = -pthread $(SAN_LDFLAGS) $(LDFLAGS)

CORE_SRC := $(filter-out core/main.c,$(wildcard core/*.c))
CORE_OBJ := $(CORE_SRC:core/%.c=$(BUILD)/obj/core/%.o)
CORE_LIB := $(BUILD)/obj/libshomer-core.a
BIN := $(BUILD)/bin/shomer
SCHEMA_DIR := $(BUILD)/share/shomer/schemas
PLUGIN_DIR := $(BUILD)/lib/shomer/plugins
SCHEMAS := $(wildcard schemas/*.xsd)
SCHEMA_COPIES := $(SCHEMAS:schemas/%=$(SCHEMA_DIR)/%)

# Plugins: plugins/<name>/*.c -> $(PLUGIN_DIR)/shomer-<name>.so.  A plugin's
# Makefile.inc may set <name>_CFLAGS and <name>_LIBS (extra libraries) and
# add unit-test binaries to EXTRA_TESTS.  Plugins include only
# shomer/plugin.h (and core/banned.h); they never link the core.
PLUGINS := $(notdir $(patsubst %/,%,$(dir $(wildcard plugins/*/Makefile.inc))))
PLUGIN_SOS := $(PLUGINS:%=$(PLUGIN_DIR)/shomer-%.so)
PLUGIN_CFLAGS = $(CFLAGS_ALL) -fPIC -fvisibility=hidden
EXTRA_TESTS :=
-include $(wildcard plugins/*/Makefile.inc)

define plugin_rule
$(PLUGIN_DIR)/shomer-$(1).so: $$(wildcard plugins/$(1)/*.c plugins/$(1)/*.h) core/include/shomer/plugin.h
	@mkdir -p $$(@D)
	$$(CC) $$(PLUGIN_CFLAGS) $$($(1)_CFLAGS) -shared $$(LDFLAGS_ALL) -o $$@ \
		$$(wildcard plugins/$(1)/*.c) $$($(1)_LIBS) -lm
endef
$(foreach p,$(PLUGINS),$(eval $(call plugin_rule,$(p))))

# Unit tests: tests/unit/test_<module>.c, linked with the core library.  A
# plugin's own tests, tests/unit/test_<plugin>_*.c, are built by its
# Makefile.inc against the plugin's sources instead.
TEST_SRC := $(filter-out $(foreach p,$(PLUGINS),tests/unit/test_$(p)_%.c),\
	$(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Test plugins (deliberately broken and a probe): tests/plugins/<name>.c
TPLUG_SRC := $(wildcard tests/plugins/*.c)
TPLUG_SO := $(TPLUG_SRC:tests/plugins/%.c=$(BUILD)/tests/plugins/%.so)
BENCH_BIN := $(BUILD)/bin/shomer-gen

.PHONY: all deps demo check test tests install clean bench-import bench-risk bench-cctv bench-spend \
	bench-guards
all: $(BIN) $(SCHEMA_COPIES) $(PLUGIN_SOS) $(BENCH_BIN) | $(PLUGIN_DIR)

$(PLUGIN_DIR):
	mkdir -p $@

deps:
	@bash .ci/deps.sh

$(BUILD)/obj/core/%.o: core/%.c $(wildcard core/*.h core/include/shomer/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(CORE_LIB): $(CORE_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/obj/core/main.o $(CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -rdynamic -o $@ $^ $(PKG_LIBS) -ldl -lm

$(SCHEMA_DIR)/%.xsd: schemas/%.xsd
	@mkdir -p $(@D)
	cp $< $@

$(BENCH_BIN): bench/gen.c core/util.c core/util.h
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(OPT) -Icore $(LDFLAGS_ALL) -o $@ bench/gen.c core/util.c -lm

$(BUILD)/tests/%: tests/unit/%.c $(CORE_LIB) tests/unit/check.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -rdynamic -o $@ $< $(CORE_LIB) $(PKG_LIBS) -ldl -lm

$(BUILD)/tests/plugins/%.so: tests/plugins/%.c core/include/shomer/plugin.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -fPIC -fvisibility=hidden -shared $(LDFLAGS_ALL) -o $@ $<

tests: all $(TEST_BIN) $(TPLUG_SO) $(EXTRA_TESTS)

demo: deps
	@$(MAKE) --no-print-directory all
	@bash tests/demo.sh $(BUILD)

check: deps
	@$(MAKE) --no-print-directory BUILD=build-san SAN=1 tests
	@bash tests/run.sh build-san

test: tests
	@bash tests/run.sh $(BUILD)

bench-import: deps
	@$(MAKE) --no-print-directory all
	@bash bench/import.sh $(BUILD)

bench-risk: deps
	@$(MAKE) --no-print-directory all && bash bench/risk.sh $(BUILD)

bench-cctv: deps
	@$(MAKE) --no-print-directory all && bash bench/cctv.sh $(BUILD)

bench-spend: deps
	@$(MAKE) --no-print-directory all && bash bench/spend.sh $(BUILD)

bench-guards: deps
	@$(MAKE) --no-print-directory all && bash bench/guards.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/shomer/plugins \
		$(DESTDIR)$(PREFIX)/share/shomer/schemas $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/shomer
	install -m 0644 $(SCHEMAS) $(DESTDIR)$(PREFIX)/share/shomer/schemas/
	$(if $(PLUGIN_SOS),install -m 0755 $(PLUGIN_SOS) $(DESTDIR)$(PREFIX)/lib/shomer/plugins/)
	install -m 0644 docs/shomer.1 $(DESTDIR)$(PREFIX)/share/man/man1/shomer.1

clean:
	rm -rf build build-san
