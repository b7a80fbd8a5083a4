# Whalewatch: `make run` starts the app on demo data, `make test` runs every test.
# Both install the Debian packages they need when missing, configure meson into
# build/ and compile.

BUILD ?= build
MESON_FLAGS ?=
ifeq ($(CI),true)
MESON_FLAGS += --werror
endif

BUILD_DEPS = meson ninja-build pkg-config gcc g++ gettext \
	libglib2.0-dev libglib2.0-bin libsoup-3.0-dev libjson-glib-dev \
	libsimdjson-dev libsecret-1-dev libgtk-4-dev libadwaita-1-dev
TEST_DEPS = xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools \
	desktop-file-utils appstream locales \
	clang libclang-rt-14-dev glib-networking

.PHONY: all run test deps test-deps build clean
.PHONY: fuzz test-asan soak

all: build

deps:
	@./.ci/ensure-packages $(BUILD_DEPS)

test-deps:
	@./.ci/ensure-packages $(BUILD_DEPS) $(TEST_DEPS)

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_FLAGS)

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

run: build
	GSETTINGS_SCHEMA_DIR=$(BUILD)/data WHALEWATCH_LOCALEDIR=$(BUILD)/po ./$(BUILD)/src/app/whalewatch

test: test-deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)
	meson test -C $(BUILD) --print-errorlogs --num-processes 2

clean:
	rm -rf $(BUILD)

# Fuzzing: the libFuzzer targets in fuzz/, built by clang with ASan and UBSan into
# $(FUZZ_BUILD); each runs FUZZ_SECONDS. The corpus grows in $(FUZZ_BUILD)/fuzz/corpus.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = fuzz-frame fuzz-occ fuzz-recording fuzz-rest

$(FUZZ_BUILD)/build.ninja:
	CC=clang CXX=clang++ meson setup $(FUZZ_BUILD) -Dfuzzing=true -Dapp=false -Dtests=false \
	  -Db_sanitize=address,undefined -Db_lundef=false

fuzz: test-deps $(FUZZ_BUILD)/build.ninja
	meson compile -C $(FUZZ_BUILD) $(FUZZ_TARGETS)
	./fuzz/run-fuzzers $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The whole suite again under ASan and UBSan, leak detection on (tests/meson.build
# turns it off for the ui suite only; tests/lsan.supp names third-party leaks).
# intercept_tls_get_addr=0: LeakSanitizer 14 crashes now and then ("Tracer caught
# signal 11" on a DTLS range) when a dlopen'ed GIO module such as glib-networking's
# GnuTLS backend holds dynamic TLS; its blocks are then not scanned as roots.
# quarantine_size_mb=16: freed memory is held back (to catch use after free) up to this
# much, instead of 256 MB, which the memory-bound tests would measure filling up; the
# two that check RSS growth (paused feed, soak) get 4 MB (tests/meson.build).
ASAN_BUILD ?= build-asan

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) $(MESON_FLAGS) -Db_sanitize=address,undefined -Db_lundef=false

test-asan: test-deps $(ASAN_BUILD)/build.ninja
	meson compile -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:intercept_tls_get_addr=0:quarantine_size_mb=16 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  meson test -C $(ASAN_BUILD) --print-errorlogs --num-processes 2 --timeout-multiplier 3

# Benchmarks (not part of make test): bench/run.py sends N flow-alert frames to each
# client in turn over ROUNDS rounds and prints medians with ratios; see bench/RESULTS.md.
# Node.js and npm come from Debian only when missing; ws from npm (bench/peers).
BENCH_BUILD ?= $(BUILD)-bench
BENCH_DEPS = python3 python3-websockets
N ?= 200000
ROUNDS ?= 5

$(BENCH_BUILD)/build.ninja:
	meson setup $(BENCH_BUILD) --buildtype=release

.PHONY: bench
bench: deps $(BENCH_BUILD)/build.ninja
	@./.ci/ensure-packages $(BENCH_DEPS)
	@command -v node >/dev/null && command -v npm >/dev/null \
	  || ./.ci/ensure-packages nodejs npm
	cd bench/peers && npm ci --no-audit --no-fund
	meson compile -C $(BENCH_BUILD)
	/usr/bin/python3 bench/run.py --build $(BENCH_BUILD) --frames $(N) --rounds $(ROUNDS)

# The UI benchmark (bench/ui-bench.py): the real app under Xvfb on the Flow page sorted by
# premium, 5 000 option prints/s plus flow alerts, for SECONDS; see bench/RESULTS.md.
SECONDS ?= 60
.PHONY: bench-ui
bench-ui: deps $(BENCH_BUILD)/build.ninja
	meson compile -C $(BENCH_BUILD)
	/usr/bin/python3 bench/ui-bench.py --build $(BENCH_BUILD) --seconds $(SECONDS)
