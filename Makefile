# The lab report, rebuilt from data/train.csv: `make report`, then `make check`.
#
# How make knows what is stale: every rule depends on content stamps, files rewritten only when
# what they stand for changes. $(B)/tools/TOOL.sha256 holds each tool's digest (a tool rebuilt
# to the same bytes reruns nothing); $(B)/plan/RULE.rule holds the text of each planned rule (a
# changed setting, label or input list reruns exactly that rule). Both are written while make
# reads its included makefiles ($(B)/tools.mk, $(B)/plan.mk), which GNU make does even under -n
# and -q, so `make -n report` lists exactly what `make report` would run, and `make -q report`
# exits 0 exactly when nothing is stale. `make help` lists the targets.

.DELETE_ON_ERROR:
.SUFFIXES:
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# Every variable a user may set (on the command line or in the environment) is checked here,
# before anything expands it, by one function: its raw text ($(value), never expanded) must be
# a plain word of the characters its kind allows, or make stops naming it. So `EXP='$(shell …)'`,
# a quote in REV or a `;` in WORKERS never reaches make's parser or a shell. SET is free text:
# it reaches `report plan` through the environment alone, which checks it as pipeline/ is checked.
digits := 0 1 2 3 4 5 6 7 8 9
word-characters := a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U \
  V W X Y Z $(digits) . _ - / +
revision-characters := $(word-characters) ~ ^ @ { } :
without = $(if $(2),$(call without,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,1000,$(2))),$(1))
user-set = $(filter command% environment% override,$(origin $(1)))
check-variable = $(if $(call user-set,$(1)),$(if $(call without,$(value $(1)),$(2)), \
  $(error $(1)='$(value $(1))': $(3))))
word-rule := expected letters, digits and . _ - / + only
number-rule := expected a whole number
revision-rule := expected a git revision: letters, digits and . _ - / ~ ^ @ { } : only
$(foreach v,SWIFT SWIFT_CPU BIN BUILD_TOOLS B FIG DATA PIPELINE ENGINE FORMAT EXP BENCH_REF LLVM_BIN PLAN DEPS_FOR REPORT, \
  $(call check-variable,$(v),$(word-characters),$(word-rule)))
$(foreach v,SCALE WORKERS WORKER_CORES,$(call check-variable,$(v),$(digits),$(number-rule)))
$(call check-variable,REV,$(revision-characters),$(revision-rule))

SWIFT ?= swift
# Portable by default: haswell is x86-64 with AVX2 and FMA (x86-64-v3, every x86-64 CPU since
# 2013; swiftc has no x86-64-v3 name), the same bits as any other build and within 1.3x of a
# build for this machine (`make bench` times both). `make SWIFT_CPU=native` builds for this
# machine's vector units (AVX-512 here), `make SWIFT_CPU=` for any x86-64 (several times slower
# per epoch: without FMA each fused multiply-add is a call to libm). Changing it rebuilds the tools.
SWIFT_CPU ?= haswell
RELEASE := -c release $(if $(SWIFT_CPU),-Xswiftc -target-cpu -Xswiftc $(SWIFT_CPU))
BIN ?= .build/release
# `make BUILD_TOOLS=no BIN=DIR` runs tools built elsewhere (the tests use the debug build).
BUILD_TOOLS ?= yes
TOOLS := preprocess split train evaluate plot report
B ?= build
FIG ?= figures
DATA ?= data/train.csv
PIPELINE ?= pipeline
# A symbolic link as the build folder would put machine-specific paths into the committed
# results (they record their inputs relative to figures/), and git would not ignore it.
ifneq ($(shell test -L '$(patsubst %/,%,$(B))' && echo link),)
  $(error B=$(B) is a symbolic link: give a real folder in the project, or remove the link)
endif
TOOLS_STAMPS := $(B)/tools
# `make figures SCALE=2`: every figure at twice the size, text and lines too, for print, into a
# folder of its own (with the results and report it is drawn from); figures/ stays as it is.
SCALE ?= 1
ifneq ($(SCALE),1)
  ifeq ($(filter 2 3 4,$(SCALE)),)
    $(error SCALE must be 1, 2, 3 or 4, got '$(SCALE)')
  endif
  FIG := $(B)/figures-x$(SCALE)
  PLOT_SCALE := --scale $(SCALE)
endif

.PHONY: all report check test-slow check-portable check-makeflow diff test coverage bench plan clean help deps build data runs figures run
all: report

help:
	@echo "make report    install what is missing, build, and rebuild every table and figure that is stale"
	@echo "make report REPORT=udacity   one declared report under reports/ alone (REPORT=pipeline: the lab report's)"
	@echo "make test      build and run every test but the long end-to-end runs (under 2 minutes once built)"
	@echo "make test-slow the long end-to-end runs: the rebuild contract and Makeflow through the real Makefile"
	@echo "make coverage  line coverage of Sources/ per target by the tests (the tools they run included)"
	@echo "make check     the regression gate: make report, then fail on any cell out of tolerance, or any number"
	@echo "               moved since the committed results (drift); writes $(B)/check/junit.xml; then check-makeflow"
	@echo "make check-makeflow  the whole report on Makeflow in a copy under $(B)/makeflow-check/, compared byte for byte"
	@echo "make diff      the results beside those at a git revision: make diff REV=HEAD~1 [FORMAT=json]"
	@echo "make bench     milliseconds per epoch of each method, beside the C yardstick; Udacity's step beside"
	@echo "               numpy and PyTorch; each q of the hidden-units study, with its verdict on linear growth"
	@echo "make data      preprocess and split only"
	@echo "make runs      train every experiment (make runs EXP=headline: one experiment)"
	@echo "make run EXP=headline SET='hiddenUnits=10 learningRate=2e-4'"
	@echo "               a variant of one experiment, trained into $(B)/variants/ and printed beside it"
	@echo "make figures   every figure;  make figures SCALE=2: twice the size for print, into $(B)/figures-x2/"
	@echo "               one file alone, e.g.  make $(B)/runs/t70-sgd-elu/models.json  or  make $(FIG)/activation.png"
	@echo "make plan      every rule of the report: what it writes, reads and runs (builds only the report tool)"
	@echo "make -n report what make report would run;  make -q report: exit 0 when nothing is stale"
	@echo "make build     the release executables in $(BIN)/"
	@echo "make deps      install libgd-dev, fonts, coop-computing-tools and openmpi-bin (as root) or say how"
	@echo "make report ENGINE=makeflow [WORKERS=2]   the same plan on Makeflow with local Work Queue workers"
	@echo "make clean     remove generated results ($(B)/) and the generated $(FIG)/ outputs (committed; make report rebuilds them)"

# libgd draws the figures; DejaVu is the font they are lettered in; Makeflow and Work Queue
# (coop-computing-tools, whose makeflow starts only with openmpi-bin) run ENGINE=makeflow and
# its test. Building the tools needs only the first two (DEPS_FOR=build).
DEPS_FOR ?= all
deps:
	@missing=""; \
	pkg-config --exists gdlib 2>/dev/null || missing="$$missing libgd-dev pkg-config"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ "$(DEPS_FOR)" != build ]; then \
	  command -v makeflow >/dev/null && command -v work_queue_worker >/dev/null || missing="$$missing coop-computing-tools"; \
	  command -v mpirun >/dev/null || missing="$$missing openmpi-bin"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing with apt-get" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing system packages; run:  sudo apt-get install -y$$missing" >&2; exit 1; \
	  fi; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift not found: install Swift 6 (https://www.swift.org/install/)" >&2; exit 1; }

# The formatter's check first (.swift-format: 4 spaces, lines up to 120): `swift format format -i
# -r Sources Tests Package.swift` makes a change pass it.
# `make test` runs every test target but EndToEndTests, whose runs (the rebuild contract and
# Makeflow through the real Makefile, the headline trained in full) take minutes in the debug
# build: `make test-slow` runs those, and `make check` runs it too.
test: deps
	$(SWIFT) format lint --strict -r Sources Tests Package.swift
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip EndToEndTests

test-slow: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter EndToEndTests

# Line coverage of Sources/ by the tests, the tools they run included: the test binary and each
# debug tool are instrumented, every process (the tools the tests start too) leaves its profile in
# SwiftPM's codecov folder, and llvm-cov reads them all.
LLVM_BIN ?= $(shell dirname "$$(readlink -f "$$(command -v $(SWIFT))")")
coverage: deps
	$(SWIFT) build --build-tests --enable-code-coverage
	@codecov=$$(dirname "$$($(SWIFT) test --show-codecov-path)"); rm -rf "$$codecov"; \
	$(SWIFT) test --skip-build --enable-code-coverage >/dev/null && \
	'$(LLVM_BIN)/llvm-profdata' merge -sparse "$$codecov"/*.profraw -o "$$codecov/all.profdata" && \
	debug=$$($(SWIFT) build --show-bin-path) && \
	'$(LLVM_BIN)/llvm-cov' report "$$debug/bike-reportPackageTests.xctest" $$(for tool in $(TOOLS); do echo -object "$$debug/$$tool"; done) \
	  -instr-profile "$$codecov/all.profdata" -ignore-filename-regex='(\.build|Tests)/' | awk '\
	  /^[A-Za-z]+\/[^ ]+\.swift / { split($$1, part, "/"); lines[part[1]] += $$8; missed[part[1]] += $$9 } \
	  END { for (t in lines) { printf "%-14s %6d lines  %6.1f%%\n", t, lines[t], 100 * (lines[t] - missed[t]) / lines[t] | "sort"; all += lines[t]; miss += missed[t] } \
	        close("sort"); printf "total: %.1f%% of %d lines\n", 100 * (all - miss) / all, all }'

# Udacity's step is timed beside numpy and PyTorch (bench/udacity_step.py): both come from PyPI,
# installed here when missing (`pip install numpy torch`); a peer that still does not load is
# skipped, and bench says so.
bench: deps
	$(SWIFT) build $(RELEASE)
	@mkdir -p $(B)/bench
	$(SWIFT) build -c release -Xswiftc -target-cpu -Xswiftc native --scratch-path .build-native --product train
	$(SWIFT) build -c release --scratch-path .build-generic --product train
	@for peer in numpy torch; do \
	  python3 -c "import $$peer" 2>/dev/null || { echo "installing $$peer from PyPI for bench's peers: python3 -m pip install $$peer" >&2; \
	    python3 -m pip install -q $$peer >&2 || echo "($$peer did not install: its peer is skipped)" >&2; }; \
	done
	@if [ -f $(BENCH_REF)/ref.c ]; then \
	  python3 $(BENCH_REF)/dump_data.py --data $(DATA) --out $(B)/bench/data.bin --init $(B)/bench/init.bin >/dev/null && \
	  gcc -O3 -march=native -o $(B)/bench/ref $(BENCH_REF)/ref.c -lm && \
	  BENCH_BUILDS="$(BENCH_BUILDS)" $(BIN)/bench 1000 $(B)/bench/ref; \
	else echo "(C yardstick not found at $(BENCH_REF); set BENCH_REF=dir-of-ref.c)"; BENCH_BUILDS="$(BENCH_BUILDS)" $(BIN)/bench 1000; fi
# The other builds of train that bench times beside these tools: this machine's and any x86-64's.
BENCH_BUILDS := native=.build-native/release/train generic=.build-generic/release/train
BENCH_REF ?= ../shared/bench

# The plan without building the training tools: each rule's outputs, inputs and command.
plan:
	@$(MAKE) --no-print-directory deps DEPS_FOR=build
	@$(SWIFT) build $(RELEASE) --product report >&2
	@$(BIN)/report plan --list --pipeline $(PIPELINE)

clean:
	rm -rf $(B)/data $(B)/runs $(B)/reports $(B)/variants $(B)/bench $(B)/plan $(B)/plan.mk $(B)/run.mk $(B)/tools.mk $(TOOLS_STAMPS) $(FIG)/*.png $(FIG)/results.json $(FIG)/report.md
	rm -f reports/*/figures/*.png reports/*/figures/results.json reports/*/figures/report.md

# ---- the tools and the plan: only for the goals that need them ----
ifneq ($(filter-out help clean test test-slow deps bench plan,$(or $(MAKECMDGOALS),all)),)

# The build settings, rewritten only when they change: a new SWIFT_CPU rebuilds the tools.
SETTINGS := $(TOOLS_STAMPS)/settings
$(shell mkdir -p '$(TOOLS_STAMPS)' && printf '%s\n' '$(SWIFT) build $(RELEASE)' '$(BIN)' '$(BUILD_TOOLS)' > '$(SETTINGS).new' && \
  { cmp -s '$(SETTINGS).new' '$(SETTINGS)' && rm -f '$(SETTINGS).new' || mv -f '$(SETTINGS).new' '$(SETTINGS)'; })

TOOL_FILES := $(addprefix $(BIN)/,$(TOOLS))
TOOL_STAMP_FILES := $(addprefix $(TOOLS_STAMPS)/,$(addsuffix .sha256,$(TOOLS)))
# A tool or stamp that is missing forces the step below; a tool changed outside make is rehashed.
TOOLS_MISSING := $(filter-out $(wildcard $(TOOL_FILES) $(TOOL_STAMP_FILES)),$(TOOL_FILES) $(TOOL_STAMP_FILES))
SOURCES := $(if $(filter yes,$(BUILD_TOOLS)),Package.swift $(shell find Sources))

include $(B)/tools.mk
# `make run` plans its variant into a plan of its own (PLAN=$(B)/run.mk): plan.mk stays the report's.
PLAN ?= $(B)/plan.mk
include $(PLAN)

# Build the tools, then stamp each with its digest, rewriting a stamp only when the bytes changed.
$(B)/tools.mk: $(SOURCES) $(SETTINGS) $(if $(TOOLS_MISSING),FORCE,$(TOOL_FILES))
ifeq ($(BUILD_TOOLS),yes)
	@$(MAKE) --no-print-directory deps DEPS_FOR=build
	@# SwiftPM's own no-op build costs seconds of a fresh `make report`; it is skipped when
	@# $(BIN) holds every tool, built by this command and compiler, and nothing in Sources,
	@# Package.swift or Package.resolved (or a tool itself) is newer than that build.
	@built='$(BIN)/.bike-report-build'; want="$$(printf '%s\n' '$(SWIFT) build $(RELEASE)' "$$($(SWIFT) --version 2>/dev/null | sed -n 1p)")"; \
	if [ "$$(cat "$$built" 2>/dev/null)" = "$$want" ] && $(foreach t,$(TOOL_FILES),[ -x '$(t)' ] &&) \
	   [ -z "$$(find Sources Package.swift $(wildcard Package.resolved) $(TOOL_FILES) -newer "$$built" | head -1)" ]; then \
	  echo "[tools] up to date: nothing is newer than their last build ($$built)" >&2; \
	else \
	  echo '$(SWIFT) build $(RELEASE)'; rm -f "$$built"; $(SWIFT) build $(RELEASE) && echo "$$want" > "$$built"; \
	fi
endif
	@for tool in $(TOOLS); do \
	  [ -x '$(BIN)'/$$tool ] || { echo "$(BIN)/$$tool is missing" >&2; exit 1; }; \
	  digest=$$(sha256sum < '$(BIN)'/$$tool | cut -c1-64); \
	  if [ "$$(cat '$(TOOLS_STAMPS)'/$$tool.sha256 2>/dev/null)" != "$$digest" ]; then \
	    echo "$$digest" > '$(TOOLS_STAMPS)'/$$tool.sha256; echo "[tools] $$tool: new bytes" >&2; \
	  fi; \
	done
	@# The provenance results.json records: the sources' digest and the compiler, by content.
	@# Prebuilt tools (BUILD_TOOLS=no) from a checkout record the same digest as built ones.
	@$(call write-if-changed,$(TOOLS_STAMPS)/sources.sha256,$(if $(wildcard Sources Package.swift),find Sources Package.swift -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-64,echo 'prebuilt tools from $(BIN)'))
	@$(call write-if-changed,$(TOOLS_STAMPS)/toolchain,{ $(SWIFT) --version 2>/dev/null || echo unknown; } | sed -n 1p)
	@echo '# Made by make: the tools in $(BIN) are built and stamped in $(TOOLS_STAMPS)/.' > $@

# $(call write-if-changed,FILE,COMMAND): FILE gets COMMAND's output, its time changing only with it.
write-if-changed = out=$$($(2)); [ "$$(cat '$(1)' 2>/dev/null)" = "$$out" ] || echo "$$out" > '$(1)'

# The plan: made again when a declaration or a tool changes, or a stamp it wrote is missing.
# A file added to or removed from a folder changes the folder; the files an earlier plan read
# are DECLARATIONS, which it lists itself (a wildcard would split a name with a space, and the
# planner refuses any name that is not a declaration's).
$(B)/plan.mk: $(PIPELINE) $(wildcard $(PIPELINE)/experiments $(PIPELINE)/studies $(PIPELINE)/readings $(DECLARATIONS) reports reports/*) $(B)/tools.mk \
              $(if $(filter-out $(wildcard $(PLAN_STAMPS)),$(PLAN_STAMPS)),FORCE)
	$(BIN)/report plan --pipeline $(PIPELINE) --stamps $(B)/plan -o $@

FORCE:

endif

# make run EXP=headline SET='hiddenUnits=10 learningRate=2e-4': the experiment with those settings
# changed, trained into $(B)/variants/, printed beside the experiment's own runs; the committed
# report is untouched. EXP and SET reach `report plan` as raw text through the environment (never
# expanded by make, never read by the shell), and it checks them as it checks pipeline/.
RUN_EXP := $(value EXP)
RUN_SET := $(value SET)
export RUN_EXP RUN_SET
unexport EXP SET
run: $(B)/plan.mk
	@$(BIN)/report plan --pipeline $(PIPELINE) --stamps $(B)/plan --variant "$$RUN_EXP" --set "$$RUN_SET" -o $(B)/run.mk
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) PLAN=$(B)/run.mk variant

build: $(B)/tools.mk
data: $(DATA_FILES)
runs: $(if $(EXP),$(B)/runs/$(EXP)/models.json,$(RUNS))
figures: $(filter %.png,$(REPORT_FILES))

# ENGINE=makeflow runs the same plan with Makeflow and Work Queue: WORKERS local workers of
# WORKER_CORES cores each, stopped when it ends, fails or is interrupted. Makeflow's log
# ($(B)/plan.makeflow.makeflowlog) lets a rerun continue from what finished.
ENGINE ?= make
WORKERS ?= 2
WORKER_CORES ?= $(shell n=$$(( $$(nproc) / $(WORKERS) )); [ $$n -ge 1 ] && echo $$n || echo 1)
ifeq ($(ENGINE),makeflow)
report: $(B)/plan.mk
	@command -v makeflow >/dev/null && command -v work_queue_worker >/dev/null || \
	  { echo "makeflow not found: make deps installs coop-computing-tools and openmpi-bin" >&2; exit 1; }
	$(BIN)/report makeflow --pipeline $(PIPELINE) --cores $(WORKER_CORES) -o $(B)/plan.makeflow \
	  --set 'B=$(B)' --set 'BIN=$(BIN)' --set 'FIG=$(FIG)' --set 'PIPELINE=$(PIPELINE)' --set 'DATA=$(DATA)' --set 'TOOLS_STAMPS=$(TOOLS_STAMPS)'
	@exec 9> $(B)/makeflow.lock; \
	flock -n 9 || { echo "waiting for the Makeflow run of $(B)/plan.makeflow still under way (an interrupted one cleans up first)" >&2; flock 9; }; \
	log=$(B)/plan.makeflow.makeflowlog; \
	if [ -f $$log ] && [ -n "$$(find $(TOOLS_STAMPS) $(B)/plan.makeflow -type f -newer $$log | head -1)" ]; then \
	  echo "the tools or the plan changed since the last Makeflow run: starting it over" >&2; rm -f $$log; \
	fi; \
	rm -f $(B)/makeflow.port; \
	makeflow -T wq -p 0 -Z $(B)/makeflow.port --do-not-save-failed-output $(B)/plan.makeflow & manager=$$!; workers=(); \
	trap 'kill $${workers[@]} $$manager 2>/dev/null; wait 2>/dev/null' EXIT INT TERM; \
	for i in $$(seq 100); do [ -s $(B)/makeflow.port ] && break; sleep 0.1; done; \
	for i in $$(seq $(WORKERS)); do work_queue_worker --cores $(WORKER_CORES) -t 600 localhost $$(cat $(B)/makeflow.port) >/dev/null 2>&1 & workers+=($$!); done; \
	wait $$manager
	@# Makeflow (8.0 as Debian ships it) exits 0 even when a rule failed: the plan's own
	@# question decides. A rerun continues from what finished.
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) -q report ENGINE=make || { echo "make report ENGINE=makeflow: not every rule finished (its error is above); fix it and rerun: finished rules are not redone (to start over: rm $(B)/plan.makeflow.makeflowlog)" >&2; exit 1; }
	@echo "make report ENGINE=makeflow: done. A worker gets only the files a rule names, so the inputs its inputs record (a split's source, say) were not checked as current there; plain make report checks them." >&2
else
# REPORT=NAME: the files of reports/NAME alone; REPORT=pipeline: the lab report's own.
REPORT ?=
report: $(if $(REPORT),$(if $(filter pipeline,$(REPORT)),$(filter-out reports/%,$(REPORT_FILES)),$(or $(filter reports/$(REPORT)/%,$(REPORT_FILES)),$(error REPORT=$(REPORT): no report of that name under reports/ (or REPORT=pipeline)))),$(REPORT_FILES))
endif

# The gate: every gated cell, conclusion and section, and no number moved since the committed
# results (git HEAD). Also written as JUnit XML for CI services.
check: report
	$(BIN)/report check --pipeline $(PIPELINE) --junit $(B)/check/junit.xml $(FIG)/results.json
	$(foreach r,$(DECLARED_REPORTS),$(BIN)/report check-declared '$(r)' &&) true
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) check-portable
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) check-makeflow
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) test-slow

# One run's bytes from two builds of the training code: these tools (SWIFT_CPU=haswell by
# default: AVX2 and FMA) and SwiftPM's debug build (any x86-64, unoptimised).
# The exponential, the lanes and the order of every sum are the same arithmetic in both. A fused
# multiply-add is the FMA instruction in the first and a call to libm's fma in the second; glibc
# told to ignore this machine's FMA (GLIBC_TUNABLES) computes it in software, as on a machine
# without one, and must give the same bytes.
PORTABLE_CHECK := $(B)/check/portable
PORTABLE_RUNS := sgd:elu:exact mgd:elu:exact bgd:elu:exact bgd:sigmoid:exact bgd:tanh:exact bgd:relu:exact mgd:tanh:guarded
# The run that the debug build also makes with glibc's fma in software (a "no-fma" build).
PORTABLE_SOFT_FMA := bgd:sigmoid:exact
check-portable: build $(B)/data/report-t75/training.csv
	@$(SWIFT) build --product train >/dev/null
	@rm -rf '$(PORTABLE_CHECK)' && mkdir -p '$(PORTABLE_CHECK)'
	@debug=$$($(SWIFT) build --show-bin-path) && for run in $(PORTABLE_RUNS); do \
	  set -- $$(echo $$run | tr : ' '); \
	  builds="release:$(BIN) debug:$$debug"; [ $$run = $(PORTABLE_SOFT_FMA) ] && builds="$$builds no-fma:$$debug"; \
	  for build in $$builds; do \
	    name=$${build%%:*}; \
	    GLIBC_TUNABLES=$$([ $$name = no-fma ] && echo glibc.cpu.hwcaps=-FMA,-FMA4,-AVX2) $${build#*:}/train \
	      '$(B)/data/report-t75/training.csv' '$(B)/data/report-t75/validation.csv' --method $$1 --activation $$2 \
	      --exponential $$3 --max-epochs 20 --seeds 0-1 -o '$(PORTABLE_CHECK)'/$$run-$$name.json 2>/dev/null || \
	      { echo "check failed: $$run: the $$name build's train failed" >&2; exit 1; }; \
	    cmp -s '$(PORTABLE_CHECK)'/$$run-release.json '$(PORTABLE_CHECK)'/$$run-$$name.json || \
	      { echo "check failed: $$run: $(BIN)/train and the $$name build's train wrote different models" >&2; exit 1; }; \
	  done; \
	done
	@echo "check passed: $(words $(PORTABLE_RUNS)) runs' models the same bytes from $(BIN)/train and the debug build (any x86-64), one also with libm's fma in software" >&2

# The whole report again on Makeflow with two local workers, in a copy of the checkout's files
# under $(B)/makeflow-check/ with these tools, and every committed output compared byte for
# byte with plain make's. The copy's folder is listed before and after the run: anything new
# outside build/ fails, and a user's own untracked files, copied in, are in both lists.
MAKEFLOW_CHECK := $(B)/makeflow-check
check-makeflow: build
	@rm -rf '$(MAKEFLOW_CHECK)' && mkdir -p '$(MAKEFLOW_CHECK)/project'
	@git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t '$(MAKEFLOW_CHECK)/project'
	@cd '$(MAKEFLOW_CHECK)/project' && find . -path ./build -prune -o -print | LC_ALL=C sort > ../before
	@echo "[check] the report on Makeflow in $(MAKEFLOW_CHECK)/project" >&2
	@$(MAKE) --no-print-directory -C '$(MAKEFLOW_CHECK)/project' report ENGINE=makeflow WORKERS=2 BUILD_TOOLS=no BIN='$(abspath $(BIN))' > '$(MAKEFLOW_CHECK)/log' 2>&1 || { tail -20 '$(MAKEFLOW_CHECK)/log' >&2; echo "check failed: make report ENGINE=makeflow failed (log: $(MAKEFLOW_CHECK)/log)" >&2; exit 1; }
	@differ=$$(for f in $$(git ls-files '$(FIG)' 'reports/*/figures/*'); do cmp -s "$$f" '$(MAKEFLOW_CHECK)/project'/"$$f" || echo "$$f"; done); \
	  [ -z "$$differ" ] || { echo "check failed: Makeflow's outputs differ from make's: $$differ" >&2; exit 1; }
	@extra=$$(cd '$(MAKEFLOW_CHECK)/project' && find . -path ./build -prune -o -print | LC_ALL=C sort | comm -13 ../before -); \
	  [ -z "$$extra" ] || { echo "check failed: Makeflow left files in the project folder: $$extra" >&2; exit 1; }
	@echo "check passed: the report on Makeflow wrote the same $$(git ls-files '$(FIG)' 'reports/*/figures/*' | wc -l) committed files as make, and nothing outside build/" >&2

# The working tree's results against those at a revision: make diff REV=main FORMAT=json
REV ?= HEAD
FORMAT ?= markdown
diff: build
	$(BIN)/report diff --pipeline $(PIPELINE) --against '$(REV)' --format '$(FORMAT)' $(FIG)/results.json
