#!/usr/bin/env bats
# grader/vgcheck on small fixture programs, one per finding kind. Each
# fixture marks the line a finding must point at with "expect: KIND".

FIXTURES="$BATS_TEST_DIRNAME/fixtures/vgcheck"

setup_file() {
  local source
  for source in "$FIXTURES"/*.c; do
    gcc -std=c11 -g -O0 -pthread -w -o "$BATS_FILE_TMPDIR/$(basename "${source%.c}")" "$source"
  done
}

setup() {
  load test_helper
}

# expect_finding TOOL FIXTURE KIND STATUS: vgcheck's JSON has STATUS and a
# finding of KIND at the fixture's marked line.
expect_finding() {
  local tool=$1 name=$2 kind=$3 want_status=$4 line
  line=$(marked_line "$FIXTURES/$name.c" "$kind")
  run limited 60 "$ROOT/grader/vgcheck" --tool "$tool" --timeout 4 --format json \
    -- "$BATS_FILE_TMPDIR/$name"
  assert_failure 1
  assert_equal "$(jq -r .status <<<"$output")" "$want_status"
  has_finding "$kind" "$name.c" "$line" <<<"$output" \
    || fail "no $kind finding at $name.c:$line in: $output"
}

@test "a correct program is clean under Helgrind and Memcheck" {
  run limited 60 "$ROOT/grader/vgcheck" --tool helgrind --format json -- "$BATS_FILE_TMPDIR/clean"
  assert_success
  assert_equal "$(jq -c '[.status, .exit_code, .findings]' <<<"$output")" '["clean",0,[]]'
  run limited 60 "$ROOT/grader/vgcheck" --tool memcheck --format json -- "$BATS_FILE_TMPDIR/clean"
  assert_success
  assert_equal "$(jq -c '[.status, .exit_code, .findings]' <<<"$output")" '["clean",0,[]]'
}

@test "an unlocked shared counter is a Race at the racing line" {
  expect_finding helgrind race Race errors
}

@test "opposite lock orders are a LockOrder even without a deadlock" {
  expect_finding helgrind lock-order LockOrder errors
}

@test "unlocking an unlocked mutex is UnlockUnlocked" {
  expect_finding helgrind unlock-unlocked UnlockUnlocked errors
}

@test "a thread that exits holding a lock is Misc, at the line that started it" {
  expect_finding helgrind lock-held Misc errors
}

@test "destroying a locked mutex is PthAPIerror" {
  expect_finding helgrind destroy-locked PthAPIerror errors
}

@test "reading freed memory is InvalidRead" {
  expect_finding memcheck use-after-free InvalidRead errors
}

@test "writing past the end of a block is InvalidWrite" {
  expect_finding memcheck write-past-end InvalidWrite errors
}

@test "freeing a block twice is InvalidFree" {
  expect_finding memcheck double-free InvalidFree errors
}

@test "branching on an uninitialised value is UninitCondition" {
  expect_finding memcheck uninitialised UninitCondition errors
}

@test "a lost block is Leak_DefinitelyLost at its allocation" {
  expect_finding memcheck leak Leak_DefinitelyLost errors
}

@test "a thread never joined is Leak_PossiblyLost at pthread_create" {
  expect_finding memcheck unjoined-thread Leak_PossiblyLost errors
}

@test "a crash is reported with its signal and line" {
  expect_finding memcheck crash Crash crashed
  assert_equal "$(jq -r .signal <<<"$output")" SIGSEGV
}

@test "a deadlock times out, never clean, with each thread's waiting line" {
  local line_a line_b
  line_a=$(marked_line "$FIXTURES/deadlock.c" Hang)
  line_b=$(grep -n 'expect: Hang' "$FIXTURES/deadlock.c" | sed -n 2p | cut -d: -f1)
  run limited 60 "$ROOT/grader/vgcheck" --tool helgrind --timeout 3 --format json \
    -- "$BATS_FILE_TMPDIR/deadlock"
  assert_failure 1
  assert_equal "$(jq -r .status <<<"$output")" timeout
  jq -e --argjson a "$line_a" --argjson b "$line_b" '
    .findings[] | select(.kind == "Hang") | .threads
    | any(.[]; .line == $a and .waiting_in == "pthread_mutex_lock")
      and any(.[]; .line == $b and .waiting_in == "pthread_mutex_lock")' <<<"$output" >/dev/null \
    || fail "the Hang finding does not show both threads waiting: $output"
  # Helgrind's complaints about threads killed while holding locks are the
  # timeout's doing, not the program's, and are left out.
  assert_equal "$(jq '[.findings[] | select(.kind != "Hang")] | length' <<<"$output")" 0
}

@test "a deadlock under Memcheck also times out with the threads' stacks" {
  run limited 60 "$ROOT/grader/vgcheck" --tool memcheck --timeout 3 --format json \
    -- "$BATS_FILE_TMPDIR/deadlock"
  assert_failure 1
  assert_equal "$(jq -c '[.status, [.findings[].kind]]' <<<"$output")" '["timeout",["Hang"]]'
  assert_equal "$(jq '[.findings[0].threads[] | select(.waiting_in == "pthread_mutex_lock")] | length' <<<"$output")" 2
}

@test "the text report names the finding, file and line, and the page to read" {
  run limited 60 "$ROOT/grader/vgcheck" --tool helgrind -- "$BATS_FILE_TMPDIR/race"
  assert_failure 1
  assert_line --index 0 --regexp '^helgrind: errors'
  assert_output --partial "data race:"
  assert_output --partial "race.c:$(marked_line "$FIXTURES/race.c" Race) (add)"
  assert_output --partial "Read more: docs/findings/race.md"
}

@test "a program Valgrind cannot run is 'failed', never clean" {
  head -c 256 /dev/urandom > "$BATS_TEST_TMPDIR/not-a-program"
  chmod +x "$BATS_TEST_TMPDIR/not-a-program"
  run limited 60 "$ROOT/grader/vgcheck" --tool memcheck --format json -- "$BATS_TEST_TMPDIR/not-a-program"
  assert_failure 1
  assert_equal "$(jq -c '[.status, [.findings[].kind]]' <<<"$output")" '["failed",["ToolFailed"]]'
}

@test "vgcheck explains its usage errors and exits 2" {
  run "$ROOT/grader/vgcheck" -- /bin/true
  assert_failure 2
  assert_output --partial "--tool must be memcheck or helgrind"
  run "$ROOT/grader/vgcheck" --tool memcheck
  assert_failure 2
  assert_output --partial "no program given"
  run "$ROOT/grader/vgcheck" --tool memcheck -- ./no-such-program
  assert_failure 2
  assert_output --partial "cannot run './no-such-program'"
  run "$ROOT/grader/vgcheck" --tool memcheck --timeout soon -- /bin/true
  assert_failure 2
  assert_output --partial "--timeout needs a number of seconds"
}
