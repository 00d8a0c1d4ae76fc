# cleanthreads: a course in managing memory in multi-threaded C.
#
#   make grade [EX=1.3]   grade your work in exercises/ (all, or one exercise)
#   make test             the project's own test suite
#   make test-long        grade every starter and solution 20 times: same grades?
#   make bench-grader     how fast the grader is (medians of repeated runs)
#   make bench-pool       does object reuse pay? (Lesson 2's benchmark)
#   make bench-workpool   tasks per second through the worker pool (Lesson 4)
#   make gradescope       the Gradescope autograder zip (docs/platforms.md)

SHELL := /bin/bash
CC ?= gcc
TOOL_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g

EX ?=
JOBS ?=
GRADE_FLAGS := $(if $(JOBS),--jobs $(JOBS)) $(if $(FORMAT),--format $(FORMAT))

.PHONY: grade solutions test test-long deps test-deps tools bench-grader bench-pool bench-workpool gradescope clean help

grade: deps tools
	@grader/grade $(GRADE_FLAGS) $(EX)

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

clean:
	rm -rf grader/bin docs/site build

help:
	@sed -n '3,10p' Makefile | sed 's/^# //'
