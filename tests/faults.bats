#!/usr/bin/env bats
# Fault injection, lock and descriptor checks (grader/harness/calls.c and
# the fault-injection check kind), proved on step 3.1's log_open: the
# reference solution with one cleanup step broken at a time. Each variant
# must fail at exactly the call whose error path it broke, for the reason
# it broke it.

setup() {
  load test_helper
  SUB="$BATS_TEST_TMPDIR/sub"
  STEP="$SUB/03-cleanup/01-goto-ladder"
  mkdir -p "$STEP"
  SOLUTION="$ROOT/solutions/03-cleanup/01-goto-ladder/log.c"
}

FAULT_CHECK='every failure inside log_open is cleaned up (fault injection under Memcheck)'

# grade_variant SED_SCRIPT: grades the solution edited by SED_SCRIPT as 3.1
# and leaves the fault-injection check's result (JSON) in $check.
grade_variant() {
  sed "$1" "$SOLUTION" > "$STEP/log.c"
  ! cmp -s "$SOLUTION" "$STEP/log.c" || fail "the edit '$1' changed nothing: the solution changed?"
  run limited 300 "$ROOT/grader/grade" --submission "$SUB" --timeout-scale 0.5 --format json 3.1
  jq -e . >/dev/null <<<"$output" || fail "no JSON result: $output"
  check=$(jq -c --arg name "$FAULT_CHECK" '.exercises[0].checks[] | select(.name == $name)' <<<"$output")
  [[ -n "$check" ]] || fail "no fault-injection check in: $output"
}

# The line of the solution matching PATTERN.
solution_line() {
  grep -n -F -- "$1" "$SOLUTION" | head -n 1 | cut -d: -f1
}

@test "the solution passes every failure path, and the clean run lists the same calls each time" {
  limited 120 "$ROOT/grader/grade" --solutions --keep --format json 3.1 \
    > "$BATS_TEST_TMPDIR/result.json" 2> "$BATS_TEST_TMPDIR/stderr.txt" \
    || fail "the solution does not get full marks: $(cat "$BATS_TEST_TMPDIR/result.json")"
  jq -e '.exercises[0].checks[] | select(.kind == "fault-injection")
         | .status == "pass" and .detail == "8 failure paths clean"' "$BATS_TEST_TMPDIR/result.json" >/dev/null \
    || fail "expected 8 clean failure paths: $(cat "$BATS_TEST_TMPDIR/result.json")"
  local work driver i
  work=$(sed -n 's/^Work folder kept: //p' "$BATS_TEST_TMPDIR/stderr.txt")
  driver="$work/03-cleanup/01-goto-ladder/build/driver"
  [[ -x "$driver" ]] || fail "no driver kept in '$work'"
  for i in 1 2 3 4 5; do
    "$ROOT/grader/bin/ct-run" --timeout 10 --result-fd 3 --status "$BATS_TEST_TMPDIR/run-$i.json" \
      --workdir "$BATS_TEST_TMPDIR" -- "$driver" open-close \
      --faults malloc,strdup,fopen,pthread_mutex_init --fail-at 0 --check-fds >/dev/null
    jq -r '.details' "$BATS_TEST_TMPDIR/run-$i.json" | grep -E '^(fallible-calls|call) ' \
      > "$BATS_TEST_TMPDIR/calls-$i.txt"
  done
  rm -rf "$work"
  for i in 2 3 4 5; do
    cmp "$BATS_TEST_TMPDIR/calls-1.txt" "$BATS_TEST_TMPDIR/calls-$i.txt" \
      || fail "run $i listed different calls than run 1"
  done
  run awk '$1 == "call" { printf "%s ", $3 }' "$BATS_TEST_TMPDIR/calls-1.txt"
  assert_output "malloc strdup fopen pthread_mutex_init malloc strdup fopen pthread_mutex_init "
}

@test "a leak on one error path: Memcheck sees it in the run where that call fails, and only there" {
  # When strdup fails, free the path (NULL) but not the log itself.
  grade_variant 's/^\t\tgoto free_log;$/\t\tgoto fail;/'
  jq -e '.status == "fail" and .fault.k == 2 and .fault.name == "strdup"
         and .detail == "2 of 8 failure paths fail"' <<<"$check" >/dev/null || fail "$check"
  jq -e --argjson line "$(solution_line 'log = malloc(sizeof *log);')" \
    'any(.findings[]; .kind == "Leak_DefinitelyLost" and .line == $line and (.file | endswith("/log.c")))
     and all(.findings[]; .kind == "Leak_DefinitelyLost")' <<<"$check" >/dev/null || fail "$check"
}

@test "a descriptor left open on an error path is reported at the line that opened it" {
  # When pthread_mutex_init fails, skip the fclose.
  grade_variant 's/^\t\tgoto close_file;$/\t\tgoto free_path;/'
  jq -e '.fault.k == 4 and .fault.name == "pthread_mutex_init"' <<<"$check" >/dev/null || fail "$check"
  jq -e --argjson line "$(solution_line 'log->file = fopen(path, "a");')" \
    'any(.findings[]; .kind == "FdLeak" and .line == $line and (.file | endswith("/log.c"))
         and (.message | test("the file a\\.log")))' <<<"$check" >/dev/null || fail "$check"
}

@test "a lock kept on an error path is reported where it was taken, right when the function returns" {
  # When fopen fails, return without unlocking.
  grade_variant 's/^\t\tgoto free_path;$/\t\tfree(log->path); free(log); errno = err; return NULL;/'
  jq -e '.fault.k == 3 and .fault.name == "fopen"' <<<"$check" >/dev/null || fail "$check"
  jq -e --argjson line "$(solution_line 'pthread_mutex_lock(&open_logs_lock);')" \
    'any(.findings[]; .kind == "LockHeld" and .line == $line and (.file | endswith("/log.c")))' \
    <<<"$check" >/dev/null || fail "$check"
}

@test "an unchecked allocation crashes in the run where it returns NULL" {
  grade_variant 's/^\tif (log == NULL)$/\tif (log == NULL \&\& path == NULL)/'
  jq -e '.fault.k == 1 and .fault.name == "malloc"' <<<"$check" >/dev/null || fail "$check"
  jq -e 'any(.findings[]; .kind == "InvalidWrite" or .kind == "Crash")' <<<"$check" >/dev/null || fail "$check"
}

@test "an error path that deadlocks is a hang, with the thread's place, never a pass" {
  # When pthread_mutex_init fails, lock the list a second time.
  grade_variant 's/^\t\tgoto close_file;$/\t\t{ pthread_mutex_lock(\&open_logs_lock); goto close_file; }/'
  jq -e '.status == "timeout" and .fault.k == 4' <<<"$check" >/dev/null || fail "$check"
  jq -e 'any(.findings[]; .kind == "Hang" and (.file // "" | endswith("/log.c")))' <<<"$check" >/dev/null \
    || fail "$check"
}

@test "a failure with no fault injected is reported as such, and no failure path is tried" {
  # log_open always fails.
  grade_variant 's/^\tlog->users = 1;$/\tgoto close_file;/'
  jq -e '.status == "fail" and (.note | test("With no call failing")) and .fault == null' <<<"$check" >/dev/null \
    || fail "$check"
}
