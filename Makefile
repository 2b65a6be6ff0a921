# marsad — the two commands are `make demo` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps deps-test build test demo bench fuzz clean

all: build

deps:
	@scripts/install-deps

# Tests also need a PostgreSQL server, clang's fuzzing runtime, Chromium and npm.
deps-test:
	@scripts/install-deps --test --web

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

test: deps-test build
	@scripts/run-tests $(BUILD)

demo: build
	@scripts/demo $(BUILD)

bench: build
	@scripts/bench $(BUILD)

# libFuzzer targets (clang, separate build-fuzz dir), FUZZ_SECONDS each (default 60).
fuzz:
	@scripts/fuzz

clean:
	rm -rf $(BUILD)
