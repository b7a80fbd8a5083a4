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
	desktop-file-utils appstream

.PHONY: all run test deps test-deps build clean

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
	GSETTINGS_SCHEMA_DIR=$(BUILD)/data ./$(BUILD)/src/app/whalewatch

test: test-deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)
	meson test -C $(BUILD) --print-errorlogs --num-processes 2

clean:
	rm -rf $(BUILD)

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
