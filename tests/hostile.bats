#!/usr/bin/env bats
# Hostile submissions (tests/hostile/*.c, each a queue.c for step 1.1, plus
# a few made here): each is contained, its own result says what happened,
# and nothing outside its folder changes. Timeouts are scaled down
# (--timeout-scale) so hangs cost seconds, not minutes.

setup_file() {
  load test_helper
  # What must not change: every tracked file of the course.
  (cd "$ROOT" && git ls-files -z | xargs -0 sha256sum) > "$BATS_FILE_TMPDIR/course.sha256"
}

setup() {
  load test_helper
  SUB="$BATS_TEST_TMPDIR/sub"
  STEP="$SUB/01-queue/01-ring-mutex"
  mkdir -p "$STEP"
}

teardown() {
  # Nothing outside the submission's own folder changed.
  (cd "$ROOT" && sha256sum --quiet -c "$BATS_FILE_TMPDIR/course.sha256") \
    || fail "a course file changed"
  local place
  for place in /tmp/PWNED /var/tmp/PWNED /dev/shm/PWNED /PWNED /etc/PWNED /root/PWNED "$ROOT/PWNED"; do
    [[ ! -e "$place" ]] || { rm -f "$place"; fail "$place was written"; }
  done
}

# grade_hostile NAME: grades tests/hostile/NAME.c as 1.1; JSON in $output.
grade_hostile() {
  cp "$ROOT/tests/hostile/$1.c" "$STEP/queue.c"
  grade_submission
}

grade_submission() {
  run limited 300 "$ROOT/grader/grade" --submission "$SUB" --timeout-scale 0.3 --format json 1.1
  jq -e . >/dev/null <<<"$output" || fail "no JSON result: $output"
}

check() {  # check NAME FIELD: a field of the check of that name
  jq -r --arg n "$1" ".exercises[0].checks[] | select(.name == \$n) | $2" <<<"$output"
}

score() { jq -r '.exercises[0].score' <<<"$output"; }

hostile_line() { grep -n 'HOSTILE' "$ROOT/tests/hostile/$1.c" | head -n 1 | cut -d: -f1; }

build_message() { jq -r '.exercises[0].checks[0].findings[0].output' <<<"$output"; }

@test "an infinite loop times out in every check, never counted as clean" {
  grade_hostile infinite-loop
  assert_failure 1
  assert_equal "$(score)" 1
  assert_equal "$(jq -c '[.exercises[0].checks[1:][] | .status] | unique' <<<"$output")" '["timeout"]'
  assert_equal "$(jq -c '[.exercises[0].checks[1:][] | .findings[].kind] | unique' <<<"$output")" '["Hang"]'
}

@test "a deadlock shows the thread stuck at the second lock" {
  grade_hostile deadlock
  assert_failure 1
  assert_equal "$(check 'items come out in the order they went in' .status)" timeout
  assert_equal "$(check 'items come out in the order they went in' \
    '.findings[0].threads[0] | [.function, .waiting_in] | join(" ")')" "queue_try_push pthread_mutex_lock"
}

@test "a fork bomb is refused before it runs" {
  grade_hostile fork-bomb
  assert_failure 1
  assert_equal "$(score)" 0
  [[ "$(build_message)" == *"calls fork"* ]] || fail "$(build_message)"
}

@test "a thread bomb meets the process cap, and the grading goes on" {
  grade_hostile thread-bomb
  assert_failure 1
  # The functional tests still pass (the queue itself is right); the
  # threads it leaves behind fail both Valgrind checks (never joined; under
  # Helgrind, creating them fails at the cap). Which finding a loaded machine
  # reaches first within the scaled-down timeout may differ, so only the
  # verdicts are checked here; tests/containment.bats checks the cap itself.
  assert_equal "$(check 'items come out in the order they went in' .status)" pass
  [[ "$(check 'no data races (Helgrind)' .status)" != pass ]] || fail "Helgrind passed"
  [[ "$(check 'no memory errors or leaks (Memcheck)' .status)" != pass ]] || fail "Memcheck passed"
}

@test "a memory bomb runs out of address space: its own tests fail, nothing else" {
  grade_hostile memory-bomb
  assert_failure 1
  assert_equal "$(score)" 1
  assert_equal "$(check 'items come out in the order they went in' '.findings[0].message')" \
    "queue_create(8) returned NULL (Cannot allocate memory)"
}

@test "a gigabyte of output is cut, and the run stopped, whatever the machine's speed" {
  grade_hostile output-flood
  assert_failure 1
  assert_equal "$(check 'items come out in the order they went in' '.findings[0].kind')" OutputLimit
  [[ $(check 'items come out in the order they went in' '.findings[0].output | length') -lt 70000 ]]
  assert_equal "$(score)" 9
}

@test "a crash names the signal and the line" {
  grade_hostile crash
  assert_failure 1
  assert_equal "$(check 'items come out in the order they went in' '.findings[0] | [.kind, .line] | map(tostring) | join(" ")')" \
    "Crash $(hostile_line crash)"
  [[ "$(check 'items come out in the order they went in' '.findings[0].message')" == *SIGSEGV* ]]
}

@test "abort() is a crash by SIGABRT" {
  grade_hostile abort
  assert_failure 1
  [[ "$(check 'items come out in the order they went in' '.findings[0].message')" == *SIGABRT* ]]
}

@test "exit(0) in the middle of a test is not a pass" {
  grade_hostile exit-mid-test
  assert_failure 1
  [[ "$(check 'a full queue refuses items and an empty one has none' '.findings[0].message')" == *"ended (exit status 0) before the test had finished"* ]]
  assert_equal "$(check 'no data races (Helgrind)' .status)" fail
}

@test "printing fake passes gains nothing" {
  grade_hostile fake-pass
  assert_failure 1
  # The same score as the starter it was built on.
  cp "$ROOT/exercises/01-queue/01-ring-mutex/queue.c" "$STEP/queue.c"
  local fake
  fake=$(score)
  grade_submission
  assert_equal "$fake" "$(score)"
}

@test "a program that behaves only under Valgrind still fails the native tests" {
  grade_hostile detects-valgrind
  assert_failure 1
  assert_equal "$(check 'a push interrupted right after it unlocks loses nothing' .status)" fail
  assert_equal "$(check 'a pop interrupted right after it unlocks takes only its own item' .status)" fail
}

@test "writes outside its folder all fail" {
  grade_hostile writes-outside
  # The code is otherwise correct: full marks, and no file written (teardown).
  assert_success
}

@test "the course cannot be deleted or changed from a submission" {
  grade_hostile deletes-course
  assert_success
}

@test "a program that ignores SIGTERM is refused, and ct-run kills such programs anyway" {
  grade_hostile ignores-sigterm
  assert_failure 1
  [[ "$(build_message)" == *"calls signal"* ]] || fail "$(build_message)"
}

@test "redefining a library function is refused" {
  grade_hostile interposes-libc
  assert_failure 1
  [[ "$(build_message)" == *"defines pthread_join"* ]] || fail "$(build_message)"
}

@test "including files outside the folder is refused" {
  grade_hostile includes-outside
  assert_failure 1
  [[ "$(build_message)" == *"includes something outside its own folder"* ]] || fail "$(build_message)"
  grade_hostile compile-bomb
  [[ "$(build_message)" == *"/dev/zero"* ]] || fail "$(build_message)"
}

@test "a macro bomb stops the compiler, not the machine" {
  grade_hostile macro-bomb
  assert_failure 1
  assert_equal "$(score)" 0
  # gcc words it as "memory exhausted" or "out of memory", depending on
  # where the limit strikes; or the compile runs out of time.
  [[ "$(build_message)" == *memory* || "$(build_message)" == *"did not finish"* ]] \
    || fail "$(build_message)"
}

@test "a symbolic link instead of the file is refused" {
  ln -s "$ROOT/solutions/01-queue/01-ring-mutex/queue.c" "$STEP/queue.c"
  grade_submission
  assert_failure 1
  [[ "$(build_message)" == *"queue.c is a symbolic link"* ]] || fail "$(build_message)"
}

@test "an empty file, a binary file and a huge file are refused with their reason" {
  : > "$STEP/queue.c"
  grade_submission
  [[ "$(build_message)" == *"queue.c is empty"* ]] || fail "$(build_message)"
  head -c 4096 /dev/urandom > "$STEP/queue.c"
  printf '\0' >> "$STEP/queue.c"
  grade_submission
  [[ "$(build_message)" == *"not a text file"* ]] || fail "$(build_message)"
  { cat "$ROOT/solutions/01-queue/01-ring-mutex/queue.c"; head -c 300000 /dev/zero | tr '\0' '\n'; } > "$STEP/queue.c"
  grade_submission
  [[ "$(build_message)" == *"at most 262144"* ]] || fail "$(build_message)"
}

@test "a submission's own tests, Makefile and headers are ignored, and say so" {
  cp "$ROOT/exercises/01-queue/01-ring-mutex/queue.c" "$STEP/queue.c"
  echo '#error never used' > "$STEP/queue.h"
  printf 'all:\n\ttrue\n' > "$STEP/Makefile"
  printf '@test "x" { true; }\n' > "$STEP/tests.bats"
  grade_submission
  assert_failure 1
  assert_equal "$(jq -c '.exercises[0].ignored' <<<"$output")" '["Makefile","queue.h","tests.bats"]'
  assert_equal "$(score)" 5
}
