#!/usr/bin/env bats
# The platforms render the grader's one result: Gradescope (the autograder
# zip, run_autograder against a folder laid out like /autograder, and
# results.json checked against Gradescope's specification) and GitHub
# Classroom (the reporter's base64 JSON, and the workflow that makes it).
# Only step 1.1 is graded, with one hidden check.

setup_file() {
  load test_helper
  local t=$BATS_FILE_TMPDIR
  STARTERS="$t/starter-files"
  committed_starters "$STARTERS"
  export STARTERS
  # An instructor's hidden check for 1.1: Memcheck on a scenario of the
  # public driver.
  HIDDEN="$t/hidden"
  mkdir -p "$HIDDEN/01-queue/01-ring-mutex"
  echo '{"checks": [{"name": "hidden: no memory errors when the ring wraps (Memcheck)", "kind": "memcheck", "args": ["wrap"], "points": 2, "timeout": 20}]}' \
    > "$HIDDEN/01-queue/01-ring-mutex/exercise.json"
  export HIDDEN

  "$ROOT/grader/platforms/gradescope/build" --hidden "$HIDDEN" --only 1.1 --timeout-scale 1 \
    "$t/autograder.zip" > "$t/build.out" 2>&1 || true
  unzip_to "$t/autograder.zip" "$t/source" || true

  # Submissions, each in a folder laid out like /autograder.
  local step=01-queue/01-ring-mutex
  autograder_root solutions
  mkdir -p "$t/solutions/submission/cleanthreads-main/exercises/01-queue"
  cp -R "$ROOT/solutions/$step" "$t/solutions/submission/cleanthreads-main/exercises/01-queue/"
  echo "my notes" > "$t/solutions/submission/cleanthreads-main/exercises/$step/notes.txt"
  autograder_root starters
  cp "$STARTERS/$step/queue.c" "$t/starters/submission/queue.c"
  autograder_root broken
  mkdir -p "$t/broken/submission/exercises/$step"
  printf '#include "queue.h"\nint queue_init(struct queue *q) { return q-> ; }\n' \
    > "$t/broken/submission/exercises/$step/queue.c"
  autograder_root empty
  local name
  for name in solutions starters broken empty; do
    AUTOGRADER_ROOT="$t/$name" limited 300 "$t/$name/run_autograder" > "$t/$name/stdout" 2>&1 || true
  done

  # GitHub Classroom: the grade of the solutions (with the hidden check)
  # and of the starters.
  limited 300 "$ROOT/grader/grade" --solutions --hidden "$HIDDEN" --format json 1.1 \
    > "$t/classroom-solutions.json" 2>/dev/null || true
  limited 300 "$ROOT/grader/grade" --submission "$STARTERS" --format json 1.1 \
    > "$t/classroom-starters.json" 2>/dev/null || true
}

# unzip_to ZIP DIR: unpacks ZIP, keeping the files' modes as unzip does.
unzip_to() {
  if ! command -v python3 >/dev/null 2>&1; then
    unzip -q "$1" -d "$2"
    return
  fi
  python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for info in z.infolist():
        path = z.extract(info, sys.argv[2])
        mode = (info.external_attr >> 16) & 0o777
        if mode:
            os.chmod(path, mode)
PY
}

# autograder_root NAME: $BATS_FILE_TMPDIR/NAME laid out as Gradescope lays
# out /autograder: source/ (the zip), run_autograder (copied from it, as
# Gradescope does), an empty submission/ and results/. setup.sh is not run:
# the packages are installed here.
autograder_root() {
  local dir="$BATS_FILE_TMPDIR/$1"
  mkdir -p "$dir/submission" "$dir/results"
  cp -R "$BATS_FILE_TMPDIR/source" "$dir/source"
  cp -p "$dir/source/run_autograder" "$dir/run_autograder"
}

setup() {
  load test_helper
}

# Whether FILE is a results.json as Gradescope's specification describes
# it, with the score the sum of its tests' scores.
valid_gradescope() {
  jq -e '
    def visibility: type == "string" and IN("hidden", "after_due_date", "after_published", "visible");
    def number: type == "number";
    type == "object"
    and (.score | number) and (.execution_time | number) and .execution_time >= 0
    and (.output | type == "string" and length > 0)
    and (.output_format | IN("text", "html", "simple_format", "md", "ansi"))
    and ((.test_output_format // "text") | IN("text", "html", "simple_format", "md", "ansi"))
    and (.stdout_visibility | visibility)
    and ((.visibility // "visible") | visibility)
    and (.tests | type == "array")
    and all(.tests[];
          (.name | type == "string" and length > 0)
          and (.score | number) and (.max_score | number) and .max_score > 0
          and .score >= 0 and .score <= .max_score
          and (.status | IN("passed", "failed"))
          and ((.status == "passed") == (.score == .max_score))
          and (.output | type == "string")
          and (.visibility | visibility)
          and ((.number // "") | type == "string")
          and ((.tags // []) | type == "array" and all(.[]; type == "string")))
    and .score == ([.tests[].score] | add // 0)' "$1" >/dev/null \
    || fail "not a valid results.json: $(cat "$1")"
}

# The decoded JSON of one base64 line (the reporter's input), checked for
# the shape GitHub Classroom's runners produce.
classroom_json() {
  [[ "$1" =~ ^[A-Za-z0-9+/]+=*$ ]] || fail "not one line of base64: $1"
  local json
  json=$(base64 -d <<<"$1") || fail "not base64: $1"
  jq -e '
    type == "object" and .version == 1
    and (.status | IN("pass", "fail", "error"))
    and (.max_score | type == "number")
    and (.tests | type == "array" and length > 0)
    and all(.tests[];
          (.name | type == "string" and length > 0)
          and (.status | IN("pass", "fail", "error"))
          and (.score | type == "number")
          and (.message | type == "string")
          and (.test_code | type == "string")
          and (.filename | type == "string")
          and (.line_no | type == "number" and . >= 0 and floor == .)
          and (.duration | type == "number" and . >= 0))' >/dev/null <<<"$json" \
    || fail "not the reporter's shape: $json"
  echo "$json"
}

@test "make gradescope's zip: setup.sh and run_autograder at its root, executable; the course and the settings beside them" {
  run cat "$BATS_FILE_TMPDIR/build.out"
  assert_output --partial "Wrote $BATS_FILE_TMPDIR/autograder.zip"
  run python3 - "$BATS_FILE_TMPDIR/autograder.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in z.infolist()}
for name in ("setup.sh", "run_autograder"):
    assert name in modes, name + " is not at the zip's root"
    assert modes[name] & 0o111 == 0o111, name + " is not executable: " + oct(modes[name])
for name in ("gradescope.json", "course/grader/grade", "course/grader/lib/render-gradescope.jq",
             "course/hidden/01-queue/01-ring-mutex/exercise.json"):
    assert name in modes, name + " is missing"
assert not any(n.startswith(("course/.git/", "course/grader/bin/")) for n in modes), "build products or .git in the zip"
print("ok")
PY
  assert_success
  assert_output ok
  run jq -c '[.exercises, .hidden, .hidden_visibility]' "$BATS_FILE_TMPDIR/source/gradescope.json"
  assert_output '[["01-queue/01-ring-mutex"],true,"hidden"]'
}

@test "Gradescope: the solutions (a clone in a wrapping folder) get full marks, and the hidden check is hidden" {
  local results="$BATS_FILE_TMPDIR/solutions/results/results.json"
  valid_gradescope "$results"
  run jq -c '[.score, ([.tests[].max_score] | add), (.tests | length), .output_format, .stdout_visibility]' "$results"
  assert_output '[12,12,9,"md","hidden"]'
  run jq -r '.tests[] | "\(.visibility) \(.status) \(.name)"' "$results"
  assert_line --index 0 "visible passed 1.1 A ring buffer behind a mutex: it compiles"
  assert_line --index 8 "hidden passed 1.1 A ring buffer behind a mutex: hidden: no memory errors when the ring wraps (Memcheck)"
  assert_equal "$(jq '[.tests[] | select(.visibility == "hidden")] | length' "$results")" 1
  # The file the student handed in beside queue.c is named as ignored.
  assert_equal "$(jq -r '.tests[0].output' "$results")" \
    "Ignored (only queue.c is graded; nothing else in the folder is used): notes.txt"
  # The summary counts the checks students see, and names no hidden one.
  run jq -r .output "$results"
  assert_line --index 0 "**Points: 10/10** (from the checks shown here)"
  assert_line --partial "**1.1** A ring buffer behind a mutex: 10/10, done"
  refute_output --partial "hidden:"
  # The instructor's log: the text report.
  run cat "$BATS_FILE_TMPDIR/solutions/stdout"
  assert_output --partial "Everything graded here has full marks."
}

@test "Gradescope: the starter (a bare queue.c) fails with findings at file:line, the hint and the lesson" {
  local results="$BATS_FILE_TMPDIR/starters/results/results.json"
  valid_gradescope "$results"
  run jq -r '.tests[] | select(.name | endswith("no data races (Helgrind)")) | [.status, .output] | join("\n")' "$results"
  assert_line --index 0 failed
  assert_line --index 1 "FAILED: no data races (Helgrind)  0/3"
  assert_line --partial "data race: Two threads used the same memory"
  assert_line --regexp '^  at exercises/01-queue/01-ring-mutex/queue\.c:[0-9]+ \(queue_try_(push|pop)\)'
  assert_line --partial "Hint: A lock protects only what happens while it is held."
  assert_line "Lesson: lessons/01-queue/01-ring-mutex.md"
  run jq -r .output "$results"
  assert_line --partial "**1.1** A ring buffer behind a mutex: 5/10, to do"
  assert_line --partial "Next: fix 1.1"
  run cat "$BATS_FILE_TMPDIR/starters/stdout"
  assert_output --partial "Taking queue.c from queue.c"
}

@test "Gradescope: a submission that does not compile still gives a valid results.json" {
  local results="$BATS_FILE_TMPDIR/broken/results/results.json"
  valid_gradescope "$results"
  assert_equal "$(jq .score "$results")" 0
  run jq -r '.tests[0] | [.status, .output] | join("\n")' "$results"
  assert_line --index 0 failed
  assert_line --partial "exercises/01-queue/01-ring-mutex/queue.c:2"
  run jq -r '.tests[1].output' "$results"
  assert_line --index 1 "not run: the code was not built"
}

@test "Gradescope: an empty submission still gives a valid results.json" {
  local results="$BATS_FILE_TMPDIR/empty/results/results.json"
  valid_gradescope "$results"
  assert_equal "$(jq -c '[.score, (.tests | length)]' "$results")" "[0,9]"
  run jq -r '.tests[0].output' "$results"
  assert_output --partial "queue.c"
}

@test "Gradescope: the solutions' folders are closed to student code, and 4.6's timing check still builds the reference" {
  local dir="$BATS_TEST_TMPDIR/perf"
  mkdir -p "$dir/submission" "$dir/results"
  "$ROOT/grader/platforms/gradescope/build" --only 4.6 --timeout-scale 1 "$BATS_TEST_TMPDIR/perf.zip" >/dev/null
  unzip_to "$BATS_TEST_TMPDIR/perf.zip" "$dir/source"
  cp -p "$dir/source/run_autograder" "$dir/run_autograder"
  cp "$ROOT/solutions/04-workpool/06-complete-pool/workpool.c" "$dir/submission/"
  AUTOGRADER_ROOT="$dir" run limited 300 "$dir/run_autograder"
  assert_success
  valid_gradescope "$dir/results/results.json"
  run jq -r '.tests[] | select(.tags | index("performance")) | "\(.status) \(.output)"' "$dir/results/results.json"
  assert_output --regexp '^passed [0-9.]+ times the reference'
  assert_equal "$(stat -c %a "$dir/source/course/solutions" "$dir/source/course/solutions/04-workpool/06-complete-pool")" $'700\n700'
  assert_equal "$(stat -c %a "$dir/source/course/solutions/04-workpool/06-complete-pool/workpool.c")" 644
}

@test "Gradescope: a grader that fails, runs out of time or is missing still leaves a valid results.json with score 0 and the reason" {
  local dir="$BATS_FILE_TMPDIR/failing"
  autograder_root failing
  cp "$STARTERS/01-queue/01-ring-mutex/queue.c" "$dir/submission/"
  # The grader itself breaks.
  printf '#!/bin/sh\necho "grade: something inside broke" >&2\nexit 2\n' > "$dir/source/course/grader/grade"
  AUTOGRADER_ROOT="$dir" run limited 120 "$dir/run_autograder"
  assert_success
  valid_gradescope "$dir/results/results.json"
  run jq -r '[.score, .tests[0].max_score, .output] | map(tostring) | join("\n")' "$dir/results/results.json"
  assert_line --index 0 0
  assert_line --index 1 12
  assert_line --partial "not a verdict on your code"
  assert_line --partial "grade: something inside broke"

  # Grading takes longer than the time limit.
  rm -rf "$dir"
  autograder_root failing
  cp "$STARTERS/01-queue/01-ring-mutex/queue.c" "$dir/submission/"
  jq '.time_limit = 1' "$dir/source/gradescope.json" > "$dir/config" && mv "$dir/config" "$dir/source/gradescope.json"
  AUTOGRADER_ROOT="$dir" run limited 120 "$dir/run_autograder"
  assert_success
  valid_gradescope "$dir/results/results.json"
  run jq -r '.output' "$dir/results/results.json"
  assert_output --partial "took longer than the autograder's limit of 1 s"

  # The course is not there at all.
  rm -rf "$dir"
  autograder_root failing
  rm -rf "$dir/source/course"
  AUTOGRADER_ROOT="$dir" run limited 60 "$dir/run_autograder"
  assert_success
  valid_gradescope "$dir/results/results.json"
  assert_equal "$(jq .score "$dir/results/results.json")" 0
}

@test "make gradescope: user errors are explained" {
  local build="$ROOT/grader/platforms/gradescope/build"
  run "$build"
  assert_failure 2
  assert_output --partial "name the zip to write"
  run "$build" --only 9.9 "$BATS_TEST_TMPDIR/a.zip"
  assert_failure 2
  assert_output --partial "no exercise '9.9'"
  run "$build" --hidden "$BATS_TEST_TMPDIR/nothing" "$BATS_TEST_TMPDIR/a.zip"
  assert_failure 2
  assert_output --partial "is not a folder"
  mkdir -p "$BATS_TEST_TMPDIR/wrong/99-none/01-step"
  echo '{"checks": []}' > "$BATS_TEST_TMPDIR/wrong/99-none/01-step/exercise.json"
  run "$build" --hidden "$BATS_TEST_TMPDIR/wrong" "$BATS_TEST_TMPDIR/a.zip"
  assert_failure 2
  assert_output --partial "99-none/01-step names no exercise of the course"
  run "$build" --hidden-visibility visible "$BATS_TEST_TMPDIR/a.zip"
  assert_failure 2
  assert_output --partial "hidden, after_due_date or after_published"
  run "$build" "$BATS_TEST_TMPDIR/a.tar"
  assert_failure 2
  assert_output --partial "should end in .zip"
  [[ ! -e "$BATS_TEST_TMPDIR/a.zip" ]]
}

@test "GitHub Classroom: the result of the solutions is the reporter's base64 JSON, full points, hidden checks left out" {
  local grade="$BATS_FILE_TMPDIR/classroom-solutions.json"
  run --separate-stderr "$ROOT/grader/platforms/classroom/result" "$grade"
  assert_success
  local json
  json=$(classroom_json "$output")
  assert_equal "$(jq -c '[.status, .max_score, ([.tests[].score] | add), (.tests | length)]' <<<"$json")" '["pass",10,10,8]'
  # The grade had the hidden check; the student's log does not.
  assert_equal "$(jq '[.exercises[0].checks[] | select(.hidden)] | length' "$grade")" 1
  refute_output --partial "$(printf 'hidden:' | base64)"
  assert_equal "$(jq '[.tests[] | select(.name | contains("hidden:"))] | length' <<<"$json")" 0
  assert_equal "$(jq -r '.tests[0] | [.name, .status, .message, .test_code, .filename, .line_no] | map(tostring) | join("|")' <<<"$json")" \
    "1.1 A ring buffer behind a mutex: it compiles|pass||make grade EX=1.1|solutions/01-queue/01-ring-mutex/queue.c|0"
}

@test "GitHub Classroom: the result of the starter has the failures, their place and the hint" {
  local grade="$BATS_FILE_TMPDIR/classroom-starters.json"
  run --separate-stderr "$ROOT/grader/platforms/classroom/result" < "$grade"
  assert_success
  local json
  json=$(classroom_json "$output")
  # Points are the grader's: the same totals.
  assert_equal "$(jq -c '[.status, .max_score, ([.tests[].score] | add)]' <<<"$json")" \
    "$(jq -c '["fail", .max_score, .score]' "$grade")"
  run jq -r '.tests[] | select(.name | endswith("no data races (Helgrind)")) | [.status, .filename, (.line_no > 0), .message] | map(tostring) | join("\n")' <<<"$json"
  assert_line --index 0 fail
  assert_line --index 1 "$STARTERS/01-queue/01-ring-mutex/queue.c"
  assert_line --index 2 true
  assert_line --partial "Hint: A lock protects only what happens while it is held."
  # The text report goes to the log (standard error), not into the line.
  # shellcheck disable=SC2154 # run --separate-stderr sets it
  [[ "$stderr" == *"1.1   A ring buffer behind a mutex"* ]] || fail "no text report on stderr: $stderr"
}

@test "GitHub Classroom: no result, or a broken one, still gives the reporter a valid line with status error" {
  local result="$ROOT/grader/platforms/classroom/result"
  echo "grade: could not build the grader's tools" > "$BATS_TEST_TMPDIR/err"
  : > "$BATS_TEST_TMPDIR/empty.json"
  run --separate-stderr "$result" --stderr "$BATS_TEST_TMPDIR/err" "$BATS_TEST_TMPDIR/empty.json"
  assert_success
  local json
  json=$(classroom_json "$output")
  assert_equal "$(jq -r '[.status, (.max_score > 0), .tests[0].score] | map(tostring) | join(" ")' <<<"$json")" "error true 0"
  [[ "$(jq -r '.tests[0].message' <<<"$json")" == *"could not build the grader's tools"* ]] || fail "$json"
  run --separate-stderr "$result" <<<'{"not": "a result"'
  assert_success
  classroom_json "$output" >/dev/null
  run "$result" --bogus
  assert_failure 2
}

@test "GitHub Classroom: the workflow parses, has the names the reporter needs, and its grading step works" {
  local workflow="$ROOT/docs/github-classroom/classroom.yml"
  if ! python3 -c 'import yaml' 2>/dev/null; then
    # Without PyYAML, only its structure by grep (and its step is not run).
    grep -q '^name: Autograding Tests$' "$workflow"
    grep -q '^  run-autograding-tests:$' "$workflow"
    grep -q 'CLEANTHREADS_RESULTS: "${{ steps.cleanthreads.outputs.result }}"' "$workflow"
    skip "python3's yaml module is missing: the workflow was checked by grep only"
  fi
  local step="$BATS_TEST_TMPDIR/step.sh"
  run python3 - "$workflow" "$step" <<'PY'
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
assert w["name"] == "Autograding Tests", w["name"]
assert list(w["jobs"]) == ["run-autograding-tests"], list(w["jobs"])
assert "push" in w["on"], w["on"]
steps = w["jobs"]["run-autograding-tests"]["steps"]
grade = [s for s in steps if s.get("id") == "cleanthreads"]
assert len(grade) == 1, "no step with id cleanthreads"
assert "grader/platforms/classroom/result" in grade[0]["run"]
reporter = steps[-1]
assert reporter["uses"].startswith("classroom-resources/autograding-grading-reporter@"), reporter
assert reporter["with"]["runners"] == "cleanthreads", reporter
assert reporter["env"]["CLEANTHREADS_RESULTS"] == "${{ steps.cleanthreads.outputs.result }}", reporter
open(sys.argv[2], "w").write(grade[0]["run"])
print("ok")
PY
  assert_success
  assert_output ok
  run shellcheck -s bash -S warning "$step"
  assert_success

  # The grading step, as GitHub Actions runs it, in a student's repository:
  # a copy of the course with the starters in exercises/, sudo a no-op here.
  local repo="$BATS_TEST_TMPDIR/repo" bin="$BATS_TEST_TMPDIR/bin"
  mkdir -p "$repo" "$bin" "$BATS_TEST_TMPDIR/runner"
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
     | while IFS= read -r -d '' f; do [[ -f "$f" ]] && printf '%s\0' "$f"; done \
     | tar --null -T - -cf -) | tar -xf - -C "$repo"
  rm -rf "$repo/exercises"
  cp -R "$STARTERS" "$repo/exercises"
  # The grader's tools as built here (make sees them up to date).
  cp -Rp "$ROOT/grader/bin" "$repo/grader/bin"
  # (bash, not sh: sh would drop the functions the outer Bats exports.)
  printf '#!/usr/bin/env bash\nexec "$@"\n' > "$bin/sudo"
  chmod +x "$bin/sudo"
  cd "$repo"
  PATH="$bin:$PATH" EXERCISES=1.1 TIMEOUT_SCALE=1 RUNNER_TEMP="$BATS_TEST_TMPDIR/runner" \
    GITHUB_OUTPUT="$BATS_TEST_TMPDIR/output" GITHUB_STEP_SUMMARY="$BATS_TEST_TMPDIR/summary" \
    run limited 300 bash --noprofile --norc -eo pipefail "$step"
  assert_success
  run grep -c '^result=' "$BATS_TEST_TMPDIR/output"
  assert_output 1
  local json
  json=$(classroom_json "$(sed -n 's/^result=//p' "$BATS_TEST_TMPDIR/output")")
  assert_equal "$(jq -c '[.status, .max_score, ([.tests[].score] | add), .tests[0].filename]' <<<"$json")" \
    '["fail",10,5,"exercises/01-queue/01-ring-mutex/queue.c"]'
  run cat "$BATS_TEST_TMPDIR/summary"
  assert_line --index 0 '```text'
  assert_output --partial "1.1   A ring buffer behind a mutex"
}
