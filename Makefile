# The lab report, rebuilt from data/train.csv: `make report`, then `make check`.
# Each stage is a file rule, so a stage reruns only when an input, a setting or its executable
# changed. `make help` lists the targets.

.DELETE_ON_ERROR:
.SUFFIXES:
# Every file the pipeline makes is a result worth keeping, intermediates too.
.SECONDARY:
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

SWIFT ?= swift
# Like the C yardstick's -march=native: the training loops use this machine's vector units.
# `make SWIFT_CPU=` builds for any x86-64.
SWIFT_CPU ?= native
RELEASE := -c release $(if $(SWIFT_CPU),-Xswiftc -target-cpu -Xswiftc $(SWIFT_CPU))
BIN := .build/release
TOOLS := preprocess split train evaluate plot report bench
SOURCES := Package.swift $(shell find Sources -type f)
B := build
DATA := data/train.csv
PIPELINE := pipeline

.PHONY: all report check test bench clean help deps build data runs figures
all: report

help:
	@echo "make report    install what is missing, build, and rebuild every table and figure"
	@echo "make test      build and run every test"
	@echo "make check     the regression gate: rebuild what is stale, fail on any cell out of tolerance"
	@echo "make bench     milliseconds per epoch of each method, beside the C yardstick"
	@echo "make data      preprocess and split only"
	@echo "make runs      train every experiment (make runs EXP=headline: one experiment)"
	@echo "make figures   every figure"
	@echo "               one file alone, e.g.  make build/runs/t70-sgd-elu/models.json  or  make figures/activation.png"
	@echo "make build     the release executables in $(BIN)/"
	@echo "make deps      install libgd-dev (as root) or say how"
	@echo "make clean     remove generated results ($(B)/), keep the Swift build"

# libgd draws the figures; DejaVu is the font they are lettered in.
deps:
	@if ! pkg-config --exists gdlib 2>/dev/null || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing libgd-dev and fonts-dejavu-core with apt-get" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgd-dev fonts-dejavu-core pkg-config >/dev/null; \
	  else \
	    echo "missing system packages; run:  sudo apt-get install -y libgd-dev fonts-dejavu-core pkg-config" >&2; exit 1; \
	  fi; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift not found: install Swift 6 (https://www.swift.org/install/)" >&2; exit 1; }

# One release build for all tools; an executable whose bytes did not change keeps its time,
# so only the stages it runs are redone.
$(B)/.built: $(SOURCES) | deps
	@mkdir -p $(B)
	$(SWIFT) build $(RELEASE)
	@touch $@
$(addprefix $(BIN)/,$(TOOLS)): $(B)/.built ;
build: $(B)/.built

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

# ---- data: preprocess once per encoding, then split ----
$(B)/data/encoded-%.csv: $(DATA) $(BIN)/preprocess
	@mkdir -p $(@D)
	$(BIN)/preprocess $(DATA) --encoding $* -o $@

# build/data/<encoding>-t<T>/{training,validation}.csv
.SECONDEXPANSION:
$(B)/data/%/training.csv $(B)/data/%/validation.csv: $(B)/data/encoded-$$(word 1,$$(subst -t, ,$$*)).csv $(BIN)/split
	@mkdir -p $(@D)
	$(BIN)/split $< --train-share $(word 2,$(subst -t, ,$*)) --train-output $(@D)/training.csv --validation-output $(@D)/validation.csv

# ---- experiments, figures and the report, planned from pipeline/ ----
# The plan is made (and the release tools built) only for the goals that need it.
PLAN := $(B)/plan.mk
ifneq ($(filter-out help clean test deps build bench,$(or $(MAKECMDGOALS),all)),)
include $(PLAN)
endif
$(PLAN): $(PIPELINE)/experiments $(wildcard $(PIPELINE)/experiments/*.json) $(PIPELINE)/tables.json $(PIPELINE)/published.json $(PIPELINE)/beyond.json $(BIN)/report
	@mkdir -p $(@D)
	$(BIN)/report plan --pipeline $(PIPELINE) -o $@

data: $(DATA_FILES)
runs: $(if $(EXP),$(B)/runs/$(EXP)/models.json,$(RUNS))
figures: $(FIGURES)

figures/results.json figures/report.md &: $(RUNS) $(RESULTS_INPUTS) $(PIPELINE)/tables.json $(PIPELINE)/published.json $(BIN)/report
	@mkdir -p figures
	@echo '[report] tables, conclusions and provenance' >&2
	$(BIN)/report build --pipeline $(PIPELINE) --runs $(B)/runs --data-folder $(B)/data --data $(DATA) -o figures

report: figures/results.json $(FIGURES)

check: report
	$(BIN)/report check --pipeline $(PIPELINE) figures/results.json

bench: $(BIN)/bench
	@mkdir -p $(B)/bench
	@if [ -f $(BENCH_REF)/ref.c ]; then \
	  python3 $(BENCH_REF)/dump_data.py --out $(B)/bench/data.bin --init $(B)/bench/init.bin >/dev/null && \
	  gcc -O3 -march=native -o $(B)/bench/ref $(BENCH_REF)/ref.c -lm && \
	  $(B)/bench/ref $(B)/bench/data.bin $(B)/bench/init.bin 1000 1 > $(B)/bench/ref.txt && \
	  $(BIN)/bench 1000 $(B)/bench/ref.txt; \
	else echo "(C yardstick not found at $(BENCH_REF); set BENCH_REF=dir-of-ref.c)"; $(BIN)/bench 1000; fi
BENCH_REF ?= ../shared/bench

clean:
	rm -rf $(B)/data $(B)/runs $(B)/bench $(B)/plan.mk figures/*.png figures/results.json figures/report.md
