#!/usr/bin/env bats
# The performance check kind (grader/lib/ct-task task_performance), on step
# 4.6: the reference against itself passes with a ratio near 1; the
# starter, whose workers hold the pool's lock while a task runs, is the
# deliberately slow variant and must be far past the limit, so the verdict
# never depends on noise; a fast but wrong pool is a failure, not a time.

setup() {
  load test_helper
}

PERF_CHECK='sixteen workers overlap tasks that wait (performance)'

# perf_result ARGS...: grades 4.6 with ARGS and prints the performance
# check's result (JSON).
perf_result() {
  limited 300 "$ROOT/grader/grade" --format json "$@" 4.6 \
    | jq -c --arg name "$PERF_CHECK" '.exercises[0].checks[] | select(.name == $name)'
}

ratio_of() {
  jq -r '.detail | capture("^(?<r>[0-9.]+) times").r' <<<"$1"
}

@test "the reference timed against itself passes, at a ratio near 1, and the report shows both figures" {
  local result ratio
  result=$(perf_result --solutions)
  jq -e '.status == "pass"' <<<"$result" >/dev/null || fail "$result"
  ratio=$(ratio_of "$result")
  [[ $(bc <<<"$ratio >= 0.67 && $ratio <= 1.5") == 1 ]] || fail "ratio $ratio: $result"
  jq -e '.detail | test("yours took [0-9.]+ ms, the reference [0-9.]+ ms \\(medians of 7 runs each")' \
    <<<"$result" >/dev/null || fail "$result"
}

@test "a pool that runs tasks under its lock is at least 5 times slower, and fails every time" {
  local sub="$BATS_TEST_TMPDIR/sub" result ratio run
  mkdir -p "$sub/04-workpool/06-complete-pool"
  git -C "$ROOT" show HEAD:exercises/04-workpool/06-complete-pool/workpool.c \
    > "$sub/04-workpool/06-complete-pool/workpool.c"
  for run in first second; do
    result=$(perf_result --submission "$sub")
    jq -e '.status == "fail" and (.findings | length) == 1 and .findings[0].kind == "TooSlow"' \
      <<<"$result" >/dev/null || fail "$result"
    ratio=$(ratio_of "$result")
    [[ $(bc <<<"$ratio >= 5") == 1 ]] || fail "$run run: ratio $ratio is too close to the limit: $result"
  done
}

@test "a fast pool that skips the work fails the timing run instead of passing it" {
  local sub="$BATS_TEST_TMPDIR/sub" result
  mkdir -p "$sub/04-workpool/06-complete-pool"
  # Plain tasks are never run: fast, and wrong.
  sed 's/^\t\ttask->run(task->arg);$/\t\t(void)0;/' "$ROOT/solutions/04-workpool/06-complete-pool/workpool.c" \
    > "$sub/04-workpool/06-complete-pool/workpool.c"
  ! cmp -s "$ROOT/solutions/04-workpool/06-complete-pool/workpool.c" "$sub/04-workpool/06-complete-pool/workpool.c" \
    || fail "the edit changed nothing: the solution changed?"
  result=$(perf_result --submission "$sub")
  jq -e '.status != "pass" and (.findings | length) > 0 and all(.findings[]; .kind != "TooSlow")
         and (.note | test("for timing, your code failed"))' <<<"$result" >/dev/null || fail "$result"
}

@test "the pool benchmark reports tasks per second at 1, 2 and 4 workers" {
  run limited 120 "$ROOT/lessons/04-workpool/bench/run" --smoke
  assert_success
  assert_line --regexp '^\| workpool_submit \| [0-9.]+ M/s \([0-9.]+ ns\) \| [0-9.]+ M/s \([0-9.]+ ns\) \| [0-9.]+ M/s \([0-9.]+ ns\) \|$'
  assert_line --regexp '^\| inline, no pool \(one thread\) \| [0-9.]+ M/s'
}
