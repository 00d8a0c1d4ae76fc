#!/usr/bin/env bats
# The student's loop (grader/course and its Make targets): progress kept in
# .cleanthreads/state.json, hints, reset, the solution once earned, watch.
# Every test works on a fresh clone, with this working tree's grader/ and
# Makefile copied over it, so the real workspace is never touched.

setup() {
  load test_helper
  COURSE="$BATS_TEST_TMPDIR/course"
  git clone -q "$ROOT" "$COURSE"
  cp -a "$ROOT/grader/." "$COURSE/grader/"
  cp -a "$ROOT/Makefile" "$COURSE/Makefile"
  rm -rf "$COURSE/.cleanthreads"
  STUDENT="$COURSE/exercises/01-queue/01-ring-mutex/queue.c"
  SOLUTION="$COURSE/solutions/01-queue/01-ring-mutex/queue.c"
  export TMPDIR="$BATS_TEST_TMPDIR"
  cd "$COURSE" || return 1
}

@test "grading a solution marks it done; the next exercise is named with its lesson and command" {
  cp "$SOLUTION" "$STUDENT"
  run limited 120 make -s grade EX=1.1
  assert_success
  assert_output --partial "Everything graded here has full marks."
  run jq -r '.exercises["01-queue/01-ring-mutex"] | "\(.status) \(.score == .max) \(.hash | length)"' .cleanthreads/state.json
  assert_output "done true 64"

  run make -s
  assert_success
  assert_line --regexp '^  1\.1 +A ring buffer behind a mutex +done$'
  assert_line --regexp '^  1\.2 +Blocking pop with a condition variable +not started$'
  assert_line "Progress: [#----------------------] 1/23"
  assert_line "Next: 1.2 Blocking pop with a condition variable"
  assert_line "  Lesson: lessons/01-queue/02-blocking-pop.md"
  assert_line --partial "Grade:  make grade EX=1.2"
  refute_output --partial $'\e['

  run make -s list
  assert_success
  assert_line --regexp '^  1\.1 +01-queue/01-ring-mutex +A ring buffer behind a mutex +done  graded '
  assert_line --regexp '^  4\.6 +04-workpool/06-complete-pool .* not started$'

  # An edit shows, and the exercise is no longer counted as done.
  echo "/* an edit */" >>"$STUDENT"
  run make -s
  assert_line --regexp '^  1\.1 .* changed since last grade \(was 10/10\)$'
  assert_line "Next: 1.1 A ring buffer behind a mutex"

  run make -s reset-progress
  assert_success
  assert_output --partial "Progress cleared"
  [[ ! -e .cleanthreads/state.json ]]
  run make -s
  assert_line --regexp '^  1\.1 .* edited, not graded yet$'
}

@test "grading a starter marks it failing, with grader/grade's own report; VERBOSE=1 adds Valgrind's reports" {
  run limited 120 grader/grade 1.1
  assert_failure 1
  local expected=$output

  run limited 120 make -s grade EX=1.1 VERBOSE=1
  assert_failure
  [[ "$output" == "$expected"* ]] || fail "make grade's report is not grader/grade's: $output"
  assert_output --partial "Raw reports: grade kept its work folder: $BATS_TEST_TMPDIR/cleanthreads."
  assert_output --partial "1.1 no data races (Helgrind): $BATS_TEST_TMPDIR/cleanthreads."
  assert_output --partial "helgrind: errors"
  assert_output --partial "Valgrind: Possible data race"
  run jq -r '.exercises["01-queue/01-ring-mutex"] | "\(.status) \(.score)/\(.max)"' .cleanthreads/state.json
  assert_output "failing 5/10"

  run make -s
  assert_line --regexp '^  1\.1 .* failing \(5/10\)$'
  assert_line "Progress: [-----------------------] 0/23"
}

@test "reset restores the committed starter and keeps the student's version as a backup" {
  echo "/* my attempt */" >>"$STUDENT"
  run make -s reset EX=1.1
  assert_success
  assert_output --regexp "saved as \.cleanthreads/backups/01-queue/01-ring-mutex/queue\.c\.[0-9]{8}-[0-9]{6}"
  assert_output --partial "Restored exercises/01-queue/01-ring-mutex/queue.c"
  git diff --quiet HEAD -- exercises/01-queue/01-ring-mutex/queue.c
  local backup
  backup=$(ls .cleanthreads/backups/01-queue/01-ring-mutex/queue.c.*)
  run tail -n 1 "$backup"
  assert_output "/* my attempt */"

  run make -s reset EX=1.1
  assert_success
  assert_output --partial "already the starter"

  run make -s reset
  assert_failure
  assert_output --partial "reset needs the exercise to restore: make reset EX=1.3"
}

@test "solution refuses before a pass, shows a diff after one, and with FORCE=1" {
  run make -s solution EX=1.1
  assert_failure
  assert_output --partial "Not yet"
  assert_output --partial "still the starter"
  assert_output --partial "make solution EX=1.1 FORCE=1"
  refute_output --partial "+++ solutions/"

  run make -s solution EX=1.1 FORCE=1
  assert_success
  assert_output --partial "--- exercises/01-queue/01-ring-mutex/queue.c"
  assert_output --partial "+++ solutions/01-queue/01-ring-mutex/queue.c"

  # A passing version of one's own: solution grades it afresh, then shows.
  cp "$SOLUTION" "$STUDENT"
  echo "/* mine */" >>"$STUDENT"
  run limited 120 make -s solution EX=1.1
  assert_success
  assert_output --partial "grading 1.1 first"
  assert_output --partial "1.1 has full marks."
  assert_output --partial "-/* mine */"
  run jq -r '.exercises["01-queue/01-ring-mutex"].status' .cleanthreads/state.json
  assert_output "done"
}

@test "hint prints the manifest's hint and the lesson; an unknown exercise is named" {
  run make -s hint EX=1.3
  assert_success
  local first_words
  first_words=$(jq -r '.hint | split(" ")[:6] | join(" ")' grader/checks/01-queue/03-two-condvars/exercise.json)
  assert_output --partial "$first_words"
  assert_output --partial "Lesson: lessons/01-queue/03-two-condvars.md"

  run make -s hint EX=9.9
  assert_failure
  assert_output --partial "no exercise '9.9'"
}

@test "watch re-grades on a save and exits on the first pass (polling)" {
  local out="$BATS_TEST_TMPDIR/watch.out"
  CT_WATCH=poll limited 120 make -s watch EX=1.1 WATCH_ONCE=1 >"$out" 2>&1 3>&- &
  local pid=$! waited=0
  # Once the starter's grade is done, the watch waits for a save.
  until grep -q "Waiting for you to save" "$out"; do
    sleep 0.5
    waited=$((waited + 1))
    [[ $waited -lt 120 ]] || fail "watch never started waiting: $(cat "$out")"
  done
  cp "$SOLUTION" "$STUDENT"
  local status=0
  wait "$pid" || status=$?
  run cat "$out"
  assert_equal "$status" 0
  assert_output --partial "Watching by polling every 1 s (CT_WATCH=poll)."
  assert_output --partial "1.1 passes with full marks."
  run jq -r '.exercises["01-queue/01-ring-mutex"].status' .cleanthreads/state.json
  assert_output "done"
}

@test "a bad CT_WATCH or command says what is allowed" {
  CT_WATCH=fast run grader/course watch 1.1
  assert_failure 2
  assert_output --partial "CT_WATCH must be auto, inotify, entr or poll"
  run grader/course frobnicate
  assert_failure 2
  assert_output --partial "unknown command 'frobnicate'"
}
