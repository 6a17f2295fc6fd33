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

.PHONY: all deps build test reproduce bench bench-reference data verify-data info clean targets check-results summaries report tune

all: build

## deps: check (and as root install) the Debian packages Lens needs
deps:
	@scripts/deps.sh

## build: the release build of the `lens` tool
build: deps
	$(SWIFT) build -c release --product lens --scratch-path $(BUILD_DIR)

## test: every unit, oracle and replay test (release mode: the numerics are slow unoptimised),
## then the committed smoke-profile summaries regenerated and diffed
test: deps
	$(SWIFT) test -c release --scratch-path $(TEST_BUILD_DIR)
	$(MAKE) check-results

## check-results: re-run the smoke profile of every suite with a committed summary and diff it.
## The committed smoke summaries were computed with OpenBLAS's Zen (AVX2) kernels: chaotic runs
## (UCI Energy's K-FAC) drift past rtol 1e-4 under other kernels (e.g. Cooperlake's AVX-512), so the
## diff pins them unless the machine's environment already sets OPENBLAS_CORETYPE.
SMOKE_BLAS_CORE ?= Zen
check-results: build data
	@status=0; for s in $(SUITES); do \
	  id=$$(sed -n 's/^id: *//p' $$s); \
	  if [ -f results/$$id/summary-smoke.csv ]; then \
	    OPENBLAS_CORETYPE=$${OPENBLAS_CORETYPE:-$(SMOKE_BLAS_CORE)} \
	      $(LENS) check-results $$s --profile smoke --jobs $(JOBS) || status=1; \
	  fi; \
	done; exit $$status

## tune: ASHA over the declared search space of every suite that has one (or SUITE=path);
## the chosen settings go to results/<suite>/tuned-<PROFILE>.yaml and are used by later runs
tune: build data
	@for s in $(or $(SUITE),$(SUITES)); do \
	  if grep -q '^tuning:' $$s; then $(LENS) tune $$s --profile $(PROFILE) --jobs $(JOBS) || exit $$?; fi; \
	done

## summaries: regenerate the committed summaries of PROFILE from finished runs
summaries: build
	@for s in $(SUITES); do $(LENS) summarize $$s --profile $(PROFILE); rc=$$?; \
	  if [ $$rc -ne 0 ] && [ $$rc -ne 4 ]; then exit $$rc; fi; done

## report: re-render every paper's report from existing results (no training)
report: build
	@for p in adamqlr granziol adafisher; do \
	  if ls suites/$$p/*.yaml >/dev/null 2>&1; then $(LENS) report $$p --profile $(PROFILE) || exit $$?; fi; \
	done

## data: download (or copy from LENS_DATA_MIRROR) and verify every obtainable dataset
data: build
	$(LENS) data fetch --all

## verify-data: check the checksums of every dataset present
verify-data: build
	$(LENS) data verify

## bench: time one training step of each benchmark workload against the sgemm ceiling (and against
## JAX/PyTorch timings of this machine where make bench-reference has written them)
REFERENCE_JAX := results/bench/reference-jax.csv
REFERENCE_TORCH := results/bench/reference-torch.csv
bench: build
	$(LENS) bench $(if $(wildcard $(REFERENCE_JAX)),--jax-reference $(REFERENCE_JAX)) \
	  $(if $(wildcard $(REFERENCE_TORCH)),--torch-reference $(REFERENCE_TORCH))

## bench-reference: time the same workloads in JAX and PyTorch on this machine (a development tool in
## scripts/reference-bench: needs Python, PyPI and the torch CPU wheel; Lens never runs Python)
bench-reference:
	scripts/reference-bench/setup.sh
	scripts/reference-bench/run.sh $(REFERENCE_JAX) $(REFERENCE_TORCH)

## info: machine and build provenance
info: build
	$(LENS) info

## reproduce: every suite at PROFILE (finished runs are reused), then figures and reports
SUITES := $(sort $(wildcard suites/*/*.yaml))
reproduce: build data
	@start=$$(date +%s); for s in $(SUITES); do \
	  echo "== $$s"; $(LENS) run $$s --profile $(PROFILE) --jobs $(JOBS); rc=$$?; \
	  if [ $$rc -eq 4 ]; then echo "   skipped: its data is unavailable (the report says so)"; \
	  elif [ $$rc -ne 0 ]; then exit $$rc; fi; \
	done; \
	echo "make reproduce: every suite done in $$(( $$(date +%s) - $$start )) s wall"
	$(MAKE) summaries report PROFILE=$(PROFILE)

## One target per paper figure or table: suites/<paper>/<figure>-<name>.yaml → make <paper>-<figure>
## (a figure whose panels are separate suites, e.g. fig13-*.yaml on two datasets, runs them all)
suite_target = $(notdir $(patsubst %/,%,$(dir $(1))))-$(word 1,$(subst -, ,$(basename $(notdir $(1)))))
FIGURE_TARGETS := $(sort $(foreach s,$(SUITES),$(call suite_target,$(s))))
define FIGURE_RULE
.PHONY: $(1)
$(1): build data
	@for s in $(foreach s,$(SUITES),$(if $(filter $(1),$(call suite_target,$(s))),$(s))); do \
	  $$(LENS) run $$$$s --profile $$(PROFILE) --jobs $$(JOBS); rc=$$$$?; \
	  if [ $$$$rc -eq 4 ]; then echo "$$$$s: skipped, its data is unavailable"; continue; fi; \
	  [ $$$$rc -eq 0 ] && $$(LENS) summarize $$$$s --profile $$(PROFILE) || exit $$$$?; \
	done
	$$(LENS) report $(word 1,$(subst -, ,$(1))) --profile $$(PROFILE)
endef
$(foreach t,$(FIGURE_TARGETS),$(eval $(call FIGURE_RULE,$(t))))

## <paper>-tables: the paper's metadata tables (search space, settings, hardware, datasets),
## rendered into reports/<paper>.md from the suites, the machine and the data registry
PAPERS := $(sort $(notdir $(patsubst %/,%,$(dir $(SUITES)))))
$(foreach p,$(PAPERS),$(eval $(p)-tables: build ; $$(LENS) report $(p) --profile $$(PROFILE)))

## targets: list the per-figure targets
targets:
	@$(foreach s,$(SUITES),echo "$(call suite_target,$(s))  ($(s))";)
	@$(foreach p,$(PAPERS),echo "$(p)-tables  (reports/$(p).md: Tables from the suites)";)

clean:
	rm -rf $(BUILD_DIR) $(TEST_BUILD_DIR)
