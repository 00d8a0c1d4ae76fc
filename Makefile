# cleanthreads: a course in managing memory in multi-threaded C.
#
#   make                  your progress: each exercise's status, and what to do next
#   make grade [EX=1.3]   grade your work in exercises/ (all, or one exercise)
#   make next             grade the next exercise you have not done
#   make watch [EX=1.3]   re-grade on every save; move on when it passes
#   make list | hint EX=1.3 | reset EX=1.3 | solution EX=1.3 | reset-progress
#   make test             the project's own test suite
#   make test-long        grade every starter and solution 20 times: same grades?
#   make bench-grader     how fast the grader is (medians of repeated runs)
#   make bench-pool       does object reuse pay? (Lesson 2's benchmark)
#   make bench-workpool   tasks per second through the worker pool (Lesson 4)
#   make gradescope       the Gradescope autograder zip (docs/platforms.md)
#   make preview [EX=1.3] a quick check without Valgrind (sanitizers; docs/preview.md)
#   make compile_commands.json   editor support: clangd sees every exercise's flags
#   make docs             the lessons and docs as an HTML site in docs/site/ (needs pandoc)

SHELL := /bin/bash
CC ?= gcc
TOOL_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g

# `make` alone shows your progress (grader/course, docs/student-loop.md).
.DEFAULT_GOAL := progress

EX ?=
JOBS ?=
GRADE_FLAGS := $(if $(JOBS),--jobs $(JOBS)) $(if $(FORMAT),--format $(FORMAT))
# Flags given as VAR=1 (VAR=0 or empty means off).
on = $(filter-out 0,$(1))

.PHONY: progress reset-progress list next hint reset solution watch grade solutions test test-long deps test-deps tools bench-grader bench-pool bench-workpool gradescope preview docs FORCE clean help

# The student's loop: every command goes through grader/course, which
# records each grade in .cleanthreads/state.json.
progress:
	@grader/course progress

reset-progress:
	@grader/course progress --reset

list:
	@grader/course list

# grader/grade's own report; VERBOSE=1 adds the Valgrind reports of failing
# checks and keeps the grader's work folder.
grade: deps tools
	@grader/course grade $(GRADE_FLAGS) $(if $(call on,$(VERBOSE)),--verbose) $(EX)

next: deps tools
	@grader/course next

hint:
	@grader/course hint $(EX)

reset:
	@grader/course reset $(EX)

solution: deps tools
	@grader/course solution $(if $(call on,$(FORCE)),--force) $(EX)

# WATCH_ONCE=1: stop at the first pass. CT_WATCH=poll forces polling.
watch: deps tools
	@grader/course watch $(if $(call on,$(WATCH_ONCE)),--until-pass) $(EX)

solutions: deps tools
	@grader/grade --solutions $(GRADE_FLAGS) $(EX)

test: test-deps tools
	@tests/run

# The determinism check at full strength: every starter and solution graded
# 20 times (make test grades them 3 times).
test-long: test-deps tools
	@CT_REPEAT=20 tests/run tests/determinism.bats

deps:
	@grader/setup-deps --for grade

test-deps:
	@grader/setup-deps --for test

tools: grader/bin/ct-run grader/bin/vgxml

grader/bin/ct-run: grader/src/ct-run.c grader/src/json_out.h
	@mkdir -p grader/bin
	$(CC) $(TOOL_CFLAGS) -o $@ $<

grader/bin/vgxml: grader/src/vgxml.c grader/src/json_out.h
	@mkdir -p grader/bin
	$(CC) $(TOOL_CFLAGS) -o $@ $< -lexpat

bench-grader: test-deps tools
	@tests/bench-grader $(RUNS)

# Lesson 2's question, measured: pools and caches against the allocators.
bench-pool: test-deps
	@lessons/02-pools/bench/run $(if $(RUNS),--runs $(RUNS))

# Lesson 4's reference pool: tasks per second at 1, 2 and 4 workers.
bench-workpool:
	@lessons/04-workpool/bench/run $(if $(RUNS),--runs $(RUNS))

# The Gradescope autograder zip (docs/platforms.md): EX="1.1 1.2" for some
# steps only, HIDDEN=DIR for hidden checks, OUT=FILE.
gradescope:
	@grader/platforms/gradescope/build $(foreach ex,$(EX),--only $(ex)) $(if $(HIDDEN),--hidden $(HIDDEN)) $(or $(OUT),build/gradescope-autograder.zip)

# Without Valgrind (macOS on Apple Silicon): ASan/LSan and TSan, a
# preview only (docs/preview.md). FORMAT=json as for grade.
preview:
	@grader/preview $(if $(FORMAT),--format $(FORMAT)) $(EX)

# For clangd: generated from the manifests (always, as steps may change).
compile_commands.json: FORCE
	@grader/compile-commands $@

# The lessons and docs rendered with pandoc (docs/build-site; OUT=folder).
docs:
	@docs/build-site $(OUT)

FORCE:

clean:
	rm -rf grader/bin docs/site build

help:
	@sed -n '3,16p' Makefile | sed 's/^# //'
