# Lens — reproducibility benchmark suite.
#
#   make reproduce   set up, build, fetch data, run every suite at PROFILE, write results/ and reports/
#   make test        set up, build, run the whole test suite (what CI runs)
#
# Variables:
#   PROFILE=smoke|default|paper   scale of the experiments (default: default)
#   JOBS=N                        parallel training runs (default: number of cores)
#   LENS_DATA_MIRROR=DIR          read datasets from a local mirror folder instead of the network
#   LENS_DATA_DIR=DIR             where verified datasets are kept (default: ./data)

SWIFT        ?= swift
PROFILE      ?= default
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
LENS_DATA_DIR ?= $(CURDIR)/data
export LENS_DATA_DIR
ifdef LENS_DATA_MIRROR
export LENS_DATA_MIRROR
endif

BUILD_DIR := .build
TEST_BUILD_DIR := .build-test
LENS := $(BUILD_DIR)/release/lens

.PHONY: all deps build test reproduce bench data verify-data info clean

all: build

## deps: check (and as root install) the Debian packages Lens needs
deps:
	@scripts/deps.sh

## build: the release build of the `lens` tool
build: deps
	$(SWIFT) build -c release --product lens --scratch-path $(BUILD_DIR)

## test: every unit, oracle and replay test (release mode: the numerics are slow unoptimised)
test: deps
	$(SWIFT) test -c release --scratch-path $(TEST_BUILD_DIR)

## data: download (or copy from LENS_DATA_MIRROR) and verify every obtainable dataset
data: build
	$(LENS) data fetch --all

## verify-data: check the checksums of every dataset present
verify-data: build
	$(LENS) data verify

## bench: time one training step of each benchmark workload against the sgemm ceiling
bench: build
	$(LENS) bench

## info: machine and build provenance
info: build
	$(LENS) info

## reproduce: everything, at PROFILE
reproduce: build data
	@echo "reproduce: suites are added by the runner issue; nothing else to run yet at PROFILE=$(PROFILE)"

clean:
	rm -rf $(BUILD_DIR) $(TEST_BUILD_DIR)
