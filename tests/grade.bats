#!/usr/bin/env bats
# grader/grade end to end: solutions get full marks, starters fail for
# their declared reason, results are stable, and user errors are explained.

setup_file() {
  load test_helper
  STARTERS="$BATS_FILE_TMPDIR/starters"
  committed_starters "$STARTERS"
  export STARTERS
  limited 600 "$ROOT/grader/grade" --solutions --format json > "$BATS_FILE_TMPDIR/solutions.json" || true
  limited 600 "$ROOT/grader/grade" --submission "$STARTERS" --format json > "$BATS_FILE_TMPDIR/starters.json" || true
}

setup() {
  load test_helper
}

@test "every reference solution gets full marks with zero findings" {
  local result="$BATS_FILE_TMPDIR/solutions.json"
  # A check that expects findings (the driver errs on purpose) passes with
  # exactly those; every other check must have none.
  run jq -r --slurpfile expecting <(cat "$ROOT"/grader/checks/*/*/exercise.json \
      | jq -s '[.[] | .title as $t | .checks[] | select(.expect) | .name]') \
    '.exercises[] | .id as $id | .checks[]
    | select(.status != "pass" or .score != .max_score
             or ((.findings | length) > 0 and (.name as $n | $expecting[0] | index($n) | not)))
    | "\($id): \(.name): \(.status) \(.findings | map(.kind + " at " + (.file // "?") + ":" + (.line // 0 | tostring)))"' "$result"
  assert_success
  assert_output ""
  assert_equal "$(jq '.exercises | length' "$result")" "$(find "$ROOT/grader/checks" -name exercise.json | wc -l)"
  assert_equal "$(jq '.score == .max_score and .max_score > 0' "$result")" true
}

@test "every starter compiles and fails with the findings its manifest declares, and for no other reason" {
  local result="$BATS_FILE_TMPDIR/starters.json" id manifest problems=""
  for manifest in "$ROOT"/grader/checks/*/*/exercise.json; do
    id=${manifest#"$ROOT/grader/checks/"}
    id=${id%/exercise.json}
    problems+=$(jq -r --arg id "$id" --slurpfile m "$manifest" '
      $m[0].starter_findings as $wants
      | .exercises[] | select(.id == $id) as $ex
      | ($ex.checks[] | select(.kind == "build") | select(.status != "pass") | "\($id): the starter does not compile\n"),
        ($wants[] as $want
         | if ($ex.checks | any(.name == $want.check and .status != "pass"
                 and any(.findings[]; .kind == $want.kind
                         and (($want.file // null) == null or ((.file // "") | endswith("/" + $want.file))))))
           then empty else "\($id): no \($want.kind) finding in check \"\($want.check)\"\n" end),
        ($ex.checks[] | select(.status != "pass") | .name as $name | .findings[]
         | select(.kind as $k | [$wants[] | select(.check == $name) | .kind] | index($k) | not)
         | "\($id): the starter also fails for another reason: \($name): \(.kind) at \(.file):\(.line)\n"),
        (if $ex.score == $ex.max_score then "\($id): the starter gets full marks\n" else empty end)
    ' "$result")
  done
  assert_equal "$problems" ""
}

@test "each finding of a starter points at the student's own file" {
  run jq -r '.exercises[].checks[].findings[] | select(.file != null) | .file
    | select(startswith(env.STARTERS + "/") | not)' "$BATS_FILE_TMPDIR/starters.json"
  assert_success
  assert_output ""
}

@test "the text report shows what to fix, where, the hint and the lesson" {
  run limited 120 "$ROOT/grader/grade" --submission "$STARTERS" 1.1
  assert_failure 1
  assert_output --regexp '1\.1 +A ring buffer behind a mutex +[0-9]+/10 +to do'
  assert_output --partial "FAIL: no data races (Helgrind)"
  assert_output --regexp "at $STARTERS/01-queue/01-ring-mutex/queue\.c:[0-9]+ \(queue_try_(push|pop)\)"
  assert_output --partial "Read more: docs/findings/race.md"
  assert_output --partial "Hint: "
  assert_output --partial "Lesson: lessons/01-queue/01-ring-mutex.md"
  assert_output --partial "Next: fix 1.1"
}

@test "a deadlocking starter reports where each thread waits" {
  jq -e '.exercises[] | select(.id == "01-queue/03-two-condvars") | .checks[]
    | select(.status == "timeout") | .findings[] | select(.kind == "Hang")
    | (.threads | any(.function == "queue_push" and .waiting_in == "pthread_cond_wait"))
      and (.threads | any(.function == "queue_pop" and .waiting_in == "pthread_cond_wait"))' \
    "$BATS_FILE_TMPDIR/starters.json" >/dev/null \
    || fail "no Hang finding showing queue_push and queue_pop waiting"
}

@test "full marks exit 0, and the short form and the full id name the same exercise" {
  run limited 120 "$ROOT/grader/grade" --solutions --format json 1.4
  assert_success
  assert_equal "$(jq -r '.exercises[0].id' <<<"$output")" 01-queue/04-close
  run limited 120 "$ROOT/grader/grade" --solutions --format json 01-queue/04-close
  assert_success
  assert_equal "$(jq -r '[.score, .max_score] | join("/")' <<<"$output")" 10/10
}

@test "an unknown exercise is a usage error that lists the exercises" {
  run "$ROOT/grader/grade" 9.9
  assert_failure 2
  assert_output --partial "no exercise '9.9'"
  assert_output --partial "01-queue/01-ring-mutex"
}

@test "a bad option or a missing submission folder is a usage error" {
  run "$ROOT/grader/grade" --colour
  assert_failure 2
  assert_output --partial "unknown option '--colour'"
  run "$ROOT/grader/grade" --submission "$BATS_TEST_TMPDIR/nowhere"
  assert_failure 2
  assert_output --partial "is not a folder"
  run "$ROOT/grader/grade" --jobs 0
  assert_failure 2
  assert_output --partial "--jobs needs a positive number"
}

@test "a compile error scores 0 with the compiler's message, and other exercises are still graded" {
  local sub="$BATS_TEST_TMPDIR/sub"
  mkdir -p "$sub/01-queue/01-ring-mutex" "$sub/01-queue/02-blocking-pop"
  sed 's/return pushed;/return pushed/' "$ROOT/solutions/01-queue/01-ring-mutex/queue.c" \
    > "$sub/01-queue/01-ring-mutex/queue.c"
  cp "$ROOT/solutions/01-queue/02-blocking-pop/queue.c" "$sub/01-queue/02-blocking-pop/"
  run limited 120 "$ROOT/grader/grade" --submission "$sub" --format json 1.1 1.2
  assert_failure 1
  assert_equal "$(jq -c '[.exercises[] | .score]' <<<"$output")" '[0,10]'
  jq -e --arg f "$sub/01-queue/01-ring-mutex/queue.c:" '.exercises[0].checks[0]
    | .status == "fail" and (.findings[0].kind == "BuildError")
      and (.findings[0].output | contains($f) and contains("error"))' <<<"$output" >/dev/null \
    || fail "no BuildError with the compiler's message: $output"
  assert_equal "$(jq '[.exercises[0].checks[1:][] | .status == "fail" and (.note | startswith("not run"))] | all' <<<"$output")" true
}

@test "a missing student file is named, and costs only its own exercise" {
  local sub="$BATS_TEST_TMPDIR/sub"
  mkdir -p "$sub/01-queue/01-ring-mutex" "$sub/01-queue/02-blocking-pop"
  cp "$ROOT/solutions/01-queue/01-ring-mutex/queue.c" "$sub/01-queue/01-ring-mutex/"
  run limited 120 "$ROOT/grader/grade" --submission "$sub" 1.1 1.2
  assert_failure 1
  assert_output --regexp '1\.1 +A ring buffer behind a mutex +10/10 +done'
  assert_output --partial "$sub/01-queue/02-blocking-pop/queue.c is missing"
}

@test "only the files a student edits are taken from a submission" {
  local sub="$BATS_TEST_TMPDIR/sub"
  mkdir -p "$sub/01-queue/01-ring-mutex"
  cp "$ROOT/solutions/01-queue/01-ring-mutex/queue.c" "$sub/01-queue/01-ring-mutex/"
  echo '#error this header must never be used' > "$sub/01-queue/01-ring-mutex/queue.h"
  echo 'int main(void) { return 0; }' > "$sub/01-queue/01-ring-mutex/driver.c"
  run limited 120 "$ROOT/grader/grade" --submission "$sub" --format json 1.1
  assert_success
  assert_equal "$(jq -r '[.score, .max_score] | join("/")' <<<"$output")" 10/10
}

@test "without Valgrind, grade says what is missing and how to install it" {
  local bin="$BATS_TEST_TMPDIR/bin" tool
  mkdir -p "$bin"
  for tool in /usr/bin/* /bin/*; do
    [[ "$(basename "$tool")" == valgrind* ]] && continue
    ln -sf "$tool" "$bin/" 2>/dev/null || true
  done
  PATH="$bin" run "$ROOT/grader/grade" 1.1
  assert_failure 2
  assert_output --partial "missing valgrind"
  assert_output --partial "make deps"
}

@test "the starter reports shown in the lessons are what the grader prints" {
  local report lesson problems="" line
  # The same report a student sees, with the paths a student sees.
  report=$(jq -r -L "$ROOT/grader/lib" -f "$ROOT/grader/lib/render-text.jq" "$BATS_FILE_TMPDIR/starters.json" \
    | sed -e "s|$STARTERS/|exercises/|g" -e 's/0x[0-9A-Fa-f]\+/0x?/g')
  for lesson in "$ROOT"/lessons/*/[0-9]*.md; do
    # The ```text block right after "`grader/grade N.M` on the starter".
    local block
    block=$(awk '/`grader\/grade [0-9]+\.[0-9]+` on the starter/ { want = 1; next }
                 want && /^```text/ { inside = 1; next }
                 inside && /^```/ { exit }
                 inside { print }' "$lesson")
    [[ -n "$block" ]] || { problems+="${lesson#"$ROOT/"}: no starter report"$'\n'; continue; }
    while IFS= read -r line; do
      line=$(sed 's/0x[0-9A-Fa-f]\+/0x?/g' <<<"$line")
      [[ -z "${line// }" || "$line" =~ ^[[:space:]]*\.\.\.$ ]] && continue
      grep -qxF -- "$line" <<<"$report" || problems+="${lesson#"$ROOT/"}: not in the report: $line"$'\n'
    done <<<"$block"
  done
  assert_equal "$problems" ""
}

@test "a crash in a functional test names the signal and the student's line" {
  local sub="$BATS_TEST_TMPDIR/sub" line
  mkdir -p "$sub/exercises/01-queue/01-ring-mutex"
  # A NULL write on the path every test takes, in queue_try_pop.
  sed 's|\(\*item = q->slots\[q->head\];\)|\1 *(volatile int *)0 = 1;|' \
    "$ROOT/solutions/01-queue/01-ring-mutex/queue.c" > "$sub/exercises/01-queue/01-ring-mutex/queue.c"
  line=$(grep -n 'volatile' "$sub/exercises/01-queue/01-ring-mutex/queue.c" | cut -d: -f1)
  [[ -n "$line" ]] || fail "the fixture edit did not apply"
  run limited 120 "$ROOT/grader/grade" --submission "$sub" --format json 1.1
  assert_failure 1
  jq -e --argjson line "$line" '.exercises[0].checks[]
    | select(.name == "items come out in the order they went in")
    | .status == "fail" and (.findings[0] | .kind == "Crash" and .line == $line
        and .function == "queue_try_pop" and (.message | contains("SIGSEGV")))' <<<"$output" >/dev/null \
    || fail "no Crash finding at queue.c:$line: $output"
}

@test "an allocation count from a run that went wrong is never a pass" {
  local sub="$BATS_TEST_TMPDIR/sub"
  mkdir -p "$sub/02-pools/06-reuse-buffer"
  # No allocations at all, because no work at all.
  cat > "$sub/02-pools/06-reuse-buffer/report.c" <<'C'
#include "report.h"
int report_records(const struct record *records, size_t count,
		   void (*emit)(const char *line, void *context), void *context)
{
	(void)records; (void)emit; (void)context;
	return (int)count;
}
C
  run limited 120 "$ROOT/grader/grade" --submission "$sub" --format json 2.6
  assert_failure 1
  assert_equal "$(jq -r '.exercises[0].checks[] | select(.kind == "allocations") | [.status, .findings[0].kind] | join(" ")' <<<"$output")" \
    "fail TestFailed"
}

@test "allocations are counted per line of the student's code, with thousands marked" {
  jq -e '.exercises[] | select(.id == "02-pools/06-reuse-buffer") | .checks[]
    | select(.kind == "allocations") | .findings[0]
    | .kind == "TooManyAllocations" and (.message | startswith("2,000 allocations; the limit is 12"))
      and (.related[0] | .function == "report_records" and (.file | endswith("/report.c")))' \
    "$BATS_FILE_TMPDIR/starters.json" >/dev/null || fail "$(jq -c '.exercises[-1]' "$BATS_FILE_TMPDIR/starters.json")"
}

@test "an instructor's hidden checks are graded with the rest and marked hidden" {
  local hidden="$BATS_TEST_TMPDIR/hidden/01-queue/01-ring-mutex"
  mkdir -p "$hidden"
  cat > "$hidden/exercise.json" <<'JSON'
{"checks": [
  {"name": "hidden: wrapping again", "kind": "test", "points": 2, "timeout": 3},
  {"name": "hidden: no races in the two-thread workload", "kind": "helgrind", "args": ["two-threads"], "points": 2, "timeout": 20}
]}
JSON
  # shellcheck disable=SC2016 # expanded when Bats runs the hidden tests
  printf '%s\n' 'setup() {' '  load "$CT_LIB/bats-helpers"' '}' '' \
    '@test "hidden: wrapping again" {' '  run_driver wrap' '  assert_success' '}' > "$hidden/tests.bats"
  run limited 120 "$ROOT/grader/grade" --solutions --hidden "$BATS_TEST_TMPDIR/hidden" --format json 1.1
  assert_success
  assert_equal "$(jq -c '[.score, .max_score]' <<<"$output")" "[14,14]"
  assert_equal "$(jq -c '[.exercises[0].checks[] | select(.hidden) | [.name, .status]]' <<<"$output")" \
    '[["hidden: wrapping again","pass"],["hidden: no races in the two-thread workload","pass"]]'
  # With the starter, the hidden test fails like any other; the text report marks it.
  run limited 120 "$ROOT/grader/grade" --submission "$STARTERS" --hidden "$BATS_TEST_TMPDIR/hidden" 1.1
  assert_failure 1
  assert_output --partial "[hidden check]"
}

@test "a hidden folder that is not laid out like the checks, or clashes with them, is a usage error" {
  run "$ROOT/grader/grade" --hidden "$BATS_TEST_TMPDIR" 1.1
  assert_failure 2
  assert_output --partial "no checks in"
  local hidden="$BATS_TEST_TMPDIR/hidden/01-queue/01-ring-mutex"
  mkdir -p "$hidden"
  echo '{"checks": [{"name": "it compiles", "kind": "memcheck", "points": 1, "timeout": 5}]}' > "$hidden/exercise.json"
  run "$ROOT/grader/grade" --hidden "$BATS_TEST_TMPDIR/hidden" 1.1
  assert_failure 2
  assert_output --partial "has the name of a public check"
  echo '{"checks": [{"name": "more", "kind": "test", "points": 1, "timeout": 5}]}' > "$hidden/exercise.json"
  run "$ROOT/grader/grade" --hidden "$BATS_TEST_TMPDIR/hidden" 1.1
  assert_failure 2
  assert_output --partial "no tests.bats"
}

@test "--shown-prefix names a submission's files as the student knows them" {
  run limited 120 "$ROOT/grader/grade" --submission "$STARTERS" --shown-prefix exercises --format json 1.1
  assert_failure 1
  assert_equal "$(jq -r '.exercises[0].files[0]' <<<"$output")" exercises/01-queue/01-ring-mutex/queue.c
  jq -e '[.exercises[0].checks[].findings[] | select(.file != null) | .file] | length > 0
         and all(startswith("exercises/01-queue/01-ring-mutex/"))' <<<"$output" >/dev/null || fail "$output"
}
