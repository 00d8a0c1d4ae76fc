#!/usr/bin/env bats
# ct-run: process groups, timeouts and honest exit statuses.

setup() {
  load test_helper
  CT_RUN="$ROOT/grader/bin/ct-run"
}

@test "ct-run passes the program's exit status through and records it" {
  run "$CT_RUN" --status "$BATS_TEST_TMPDIR/s.json" -- sh -c 'echo hello; exit 3'
  assert_failure 3
  assert_output hello
  assert_equal "$(jq -c '[.status, .exit_code, .signal]' "$BATS_TEST_TMPDIR/s.json")" '["exited",3,null]'
}

@test "a program that exits 124 by itself is not mistaken for a timeout" {
  run "$CT_RUN" --timeout 30 --status "$BATS_TEST_TMPDIR/s.json" -- sh -c 'exit 124'
  assert_failure 124
  assert_equal "$(jq -r .status "$BATS_TEST_TMPDIR/s.json")" exited
}

@test "a program killed by a signal is reported with the signal's name" {
  run "$CT_RUN" --status "$BATS_TEST_TMPDIR/s.json" -- sh -c 'kill -SEGV $$'
  assert_failure 139
  assert_equal "$(jq -c '[.status, .exit_code, .signal]' "$BATS_TEST_TMPDIR/s.json")" '["signaled",null,"SIGSEGV"]'
}

@test "a timeout ends the whole process group, even children that ignore SIGTERM" {
  local pids="$BATS_TEST_TMPDIR/pids"
  # A child that ignores SIGTERM and a grandchild: both must be gone.
  run "$CT_RUN" --timeout 1 --grace 1 --status "$BATS_TEST_TMPDIR/s.json" -- \
    bash -c 'trap "" TERM; (trap "" TERM; echo $BASHPID >> '"$pids"'; exec sleep 300) & echo $$ >> '"$pids"'; wait'
  assert_failure 124
  assert_equal "$(jq -r .status "$BATS_TEST_TMPDIR/s.json")" timeout
  [[ $(wc -l < "$pids") -eq 2 ]]
  local pid
  while read -r pid; do
    ! kill -0 "$pid" 2>/dev/null || fail "process $pid survived the timeout"
  done < "$pids"
}

@test "the on-timeout command runs before the kill, with the program's pid" {
  run "$CT_RUN" --timeout 1 --on-timeout 'kill -0 "$CT_PID" && echo "$CT_PID" > '"$BATS_TEST_TMPDIR/seen" \
    -- sh -c 'echo $$ > '"$BATS_TEST_TMPDIR/pid"'; exec sleep 300'
  assert_failure 124
  assert_equal "$(cat "$BATS_TEST_TMPDIR/seen")" "$(cat "$BATS_TEST_TMPDIR/pid")"
}

@test "leftover background processes are ended when the program exits" {
  run "$CT_RUN" -- sh -c 'sleep 300 & echo $! > '"$BATS_TEST_TMPDIR/bg"
  assert_success
  ! kill -0 "$(cat "$BATS_TEST_TMPDIR/bg")" 2>/dev/null || fail "the background process survived"
}

@test "ct-run explains bad arguments" {
  run "$CT_RUN" --timeout soon -- true
  assert_failure 125
  assert_output --partial "'soon' is not a number of seconds"
  run "$CT_RUN"
  assert_failure 125
  assert_output --partial "no program given"
  run -127 "$CT_RUN" -- /no/such/program
  assert_output --partial "cannot run /no/such/program"
}
