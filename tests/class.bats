#!/usr/bin/env bats
# grader/grade-class end to end: a synthetic class of 32 submissions (from
# the solutions and the starters: mixes, a compile error, a hang, a broken
# archive, hostile archives, a link pointing out, a GitHub-style wrapped
# folder, partial submissions) graded with a hidden check; the gradebook,
# results, feedback and instructor formats; the cache; resuming after a
# kill. Only steps 1.1 and 3.1 are graded, with short timeouts.

setup_file() {
  load test_helper
  # The tests share one graded class and time their runs: one at a time.
  export BATS_NO_PARALLELIZE_WITHIN_FILE=true
  CLASS="$BATS_FILE_TMPDIR/class"
  SUBS="$CLASS/submissions"
  OUT="$CLASS/out"
  HIDDEN="$CLASS/hidden"
  export CLASS SUBS OUT HIDDEN
  make_class
  local started=$SECONDS status=0
  limited 400 "$ROOT/grader/grade-class" --only 1.1 --only 3.1 --timeout-scale 0.5 \
    --hidden "$HIDDEN" --format junit --format tap "$SUBS" "$OUT" \
    >"$CLASS/cold.out" 2>"$CLASS/cold.err" || status=$?
  echo "$status" > "$CLASS/cold.status"
  echo $((SECONDS - started)) > "$CLASS/cold.seconds"
}

setup() {
  load test_helper
}

Q=01-queue/01-ring-mutex
L=03-cleanup/01-goto-ladder

# The files of steps 1.1 and 3.1 in one variant each.
#   write_files DIR QUEUE LOG: QUEUE is sol|start|error|hang|none, LOG sol|start|none
write_files() {
  local dir=$1 queue=$2 log=$3
  mkdir -p "$dir/$Q" "$dir/$L"
  case "$queue" in
    sol) cp "$ROOT/solutions/$Q/queue.c" "$dir/$Q/" ;;
    start) cp "$STARTERS/$Q/queue.c" "$dir/$Q/" ;;
    error) { cat "$ROOT/solutions/$Q/queue.c"; echo 'int broken(void) { return }'; } > "$dir/$Q/queue.c" ;;
    hang)
      # A busy wait where the step wants a refusal: the full-queue test hangs.
      sed 's|^\tbool pushed = q->count < q->capacity;|\twhile (q->count == q->capacity) { }\n&|' \
        "$ROOT/solutions/$Q/queue.c" > "$dir/$Q/queue.c"
      grep -q 'while (q->count == q->capacity)' "$dir/$Q/queue.c" ;;
  esac
  case "$log" in
    sol) cp "$ROOT/solutions/$L/log.c" "$dir/$L/" ;;
    start) cp "$STARTERS/$L/log.c" "$dir/$L/" ;;
  esac
  rmdir "$dir/$Q" "$dir/$L" 2>/dev/null || true
}

# pack NAME FORMAT QUEUE LOG: a student's entry, holding exercises/ (as a
# folder, tar.gz, tgz or zip), or the whole starter tree with the variants.
pack() {
  local name=$1 format=$2 queue=$3 log=$4
  local work="$CLASS/work/$name"
  mkdir -p "$work"
  case "$format" in
    whole) cp -R "$STARTERS" "$work/exercises" ;;
    *) mkdir -p "$work/exercises" ;;
  esac
  write_files "$work/exercises" "$queue" "$log"
  case "$format" in
    folder) cp -R "$work" "$SUBS/$name" ;;
    whole|targz) tar -czf "$SUBS/$name.tar.gz" -C "$work" exercises ;;
    tgz) tar -czf "$SUBS/$name.tgz" -C "$work" exercises ;;
    zip) python3 -c 'import shutil, sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2], "exercises")' \
           "$SUBS/$name" "$work" ;;
    wrapped)
      # As GitHub's "Download ZIP": everything inside cleanthreads-main/.
      mkdir -p "$CLASS/work/$name-wrap/cleanthreads-main"
      mv "$work/exercises" "$CLASS/work/$name-wrap/cleanthreads-main/"
      echo "# my copy of the course" > "$CLASS/work/$name-wrap/cleanthreads-main/README.md"
      python3 -c 'import shutil, sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2], "cleanthreads-main")' \
        "$SUBS/$name" "$CLASS/work/$name-wrap" ;;
  esac
}

make_class() {
  STARTERS="$CLASS/starters"
  mkdir -p "$STARTERS" "$SUBS" "$HIDDEN/$Q"
  # The starters as committed, so a developer's edits in exercises/ cannot
  # change what the suite checks.
  if git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null; then
    git -C "$ROOT" archive HEAD exercises | tar -x -C "$STARTERS" --strip-components=1
  else
    cp -R "$ROOT/exercises/." "$STARTERS/"
  fi
  export STARTERS

  # The instructor's hidden check: Memcheck on a scenario of 1.1's driver.
  cat > "$HIDDEN/$Q/exercise.json" <<'JSON'
{"checks": [{"name": "a preempted push is clean under Memcheck (instructor)", "kind": "memcheck",
             "args": ["preempted-push"], "points": 2, "timeout": 20}]}
JSON

  local i
  local formats=(folder targz zip tgz wrapped whole)
  for i in 1 2 3 4 5 6; do
    pack "solved-$i" "${formats[$((i - 1))]}" sol sol
    pack "starter-$i" "${formats[$((6 - i))]}" start start
  done
  for i in 1 2 3 4; do
    pack "mix-a$i" "${formats[$((i - 1))]}" sol start
    pack "mix-b$i" "${formats[$i]}" start sol
  done
  pack compile-error targz error sol
  pack compile-error-too zip error sol
  pack hang targz hang start
  pack only-queue targz sol none
  pack only-log zip none sol

  # A truncated download.
  pack broken-full targz sol sol
  head -c $(($(stat -c %s "$SUBS/broken-full.tar.gz") / 2)) "$SUBS/broken-full.tar.gz" > "$SUBS/broken.tar.gz"
  rm "$SUBS/broken-full.tar.gz"

  # Hostile archives and a folder with a link to the solution.
  python3 - "$SUBS" "$ROOT" <<'PY'
import io, os, stat, sys, tarfile, zipfile
subs, root = sys.argv[1], sys.argv[2]
sol = open(f"{root}/solutions/01-queue/01-ring-mutex/queue.c", "rb").read()
log = open(f"{root}/solutions/03-cleanup/01-goto-ladder/log.c", "rb").read()

def add(tar, name, data=b"", kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)

# ../ and absolute paths, a hard link, a device, beside real work.
with tarfile.open(f"{subs}/escape.tar.gz", "w:gz") as t:
    add(t, "exercises/01-queue/01-ring-mutex/queue.c", sol)
    add(t, "../PWNED-class-1.c", b"int x;")
    add(t, "exercises/../../PWNED-class-2.c", b"int x;")
    add(t, "../../../../../../../../PWNED-class-3.c", b"int x;")
    add(t, "/tmp/PWNED-class-abs.c", b"int x;")
    add(t, "exercises/03-cleanup/01-goto-ladder/log.c", kind=tarfile.LNKTYPE, link="/etc/passwd")
    add(t, "exercises/null", kind=tarfile.CHRTYPE)

# A zip whose queue.c is a link to the reference solution, and a link out.
with zipfile.ZipFile(f"{subs}/zip-link.zip", "w") as z:
    def link(name, target):
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, target)
    link("exercises/01-queue/01-ring-mutex/queue.c", f"{root}/solutions/01-queue/01-ring-mutex/queue.c")
    link("exercises/PWNED-class-link", "../../../../../../../../tmp")
    z.writestr("exercises/03-cleanup/01-goto-ladder/log.c", log)

# An archive bomb: 30 MiB of zeros in one member, some kilobytes zipped.
with zipfile.ZipFile(f"{subs}/bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("exercises/01-queue/01-ring-mutex/queue.c", b"\0" * (30 << 20))

# Files but not in the course's layout.
with zipfile.ZipFile(f"{subs}/flat.zip", "w") as z:
    z.writestr("queue.c", sol)
    z.writestr("log.c", log)

# A folder whose queue.c links to the reference solution.
os.makedirs(f"{subs}/folder-link/exercises/01-queue/01-ring-mutex")
os.symlink(f"{root}/solutions/01-queue/01-ring-mutex/queue.c",
           f"{subs}/folder-link/exercises/01-queue/01-ring-mutex/queue.c")
os.makedirs(f"{subs}/folder-link/exercises/03-cleanup/01-goto-ladder")
open(f"{subs}/folder-link/exercises/03-cleanup/01-goto-ladder/log.c", "wb").write(log)
PY

  # Two entries for one student, a name that is not a safe file name, and
  # a hidden file.
  pack dup folder sol sol
  pack dup-zip zip start start
  mv "$SUBS/dup-zip.zip" "$SUBS/dup.zip"
  cp "$SUBS/solved-2.tar.gz" "$SUBS/bad name.tar.gz"
  touch "$SUBS/.DS_Store"
}

students() {
  find "$SUBS" -mindepth 1 -maxdepth 1 ! -name '.*' ! -name '* *' -printf '%f\n' \
    | sed -E 's/\.(tar\.gz|tgz|zip)$//' | LC_ALL=C sort -u
}

score_of() {  # STUDENT SHORT
  jq -r --arg s "$2" '.exercises[] | select(.short == $s) | .score' "$OUT/results/$1.json"
}

@test "a class of 32 submissions is graded end to end: a result and feedback for every student" {
  [[ $(students | wc -l) -ge 30 ]]
  # Some students' results are errors (a broken archive), so the status is 1.
  assert_equal "$(cat "$CLASS/cold.status")" 1
  local student
  for student in $(students); do
    [[ -f "$OUT/results/$student.json" ]] || fail "no results for $student"
    [[ -s "$OUT/feedback/$student.md" ]] || fail "no feedback for $student"
    [[ -s "$OUT/junit/$student.xml" ]] || fail "no JUnit for $student"
    [[ -s "$OUT/tap/$student.tap" ]] || fail "no TAP for $student"
  done
  # HTML through pandoc when it is installed; otherwise said once.
  if command -v pandoc >/dev/null 2>&1; then
    for student in $(students); do
      grep -q '<h1' "$OUT/feedback/$student.html" || fail "no HTML feedback for $student"
    done
  else
    assert_equal "$(grep -c 'pandoc is not installed' "$CLASS/cold.out")" 1
    run find "$OUT/feedback" -name '*.html'
    assert_output ""
  fi
  # Non-TTY: one line per student, then the summary and where the outputs are.
  assert_equal "$(grep -c -E '^[a-z0-9-]+: ' "$CLASS/cold.out")" "$(students | wc -l)"
  grep -q "^Outputs in $OUT: gradebook.csv, results/, feedback/" "$CLASS/cold.out"
  echo "# cold run of $(students | wc -l) submissions: $(cat "$CLASS/cold.seconds") s" >&3
}

@test "the gradebook agrees with every student's results, and grades are what the files deserve" {
  run head -n 1 "$OUT/gradebook.csv"
  assert_output "student,1.1,3.1,total,max"
  assert_equal "$(tail -n +2 "$OUT/gradebook.csv" | cut -d, -f1)" "$(students)"
  local student q l total max
  while IFS=, read -r student q l total max; do
    assert_equal "$q" "$(score_of "$student" 1.1)"
    assert_equal "$l" "$(score_of "$student" 3.1)"
    assert_equal "$total" "$(jq .score "$OUT/results/$student.json")"
    assert_equal "$max" "$(jq .max_score "$OUT/results/$student.json")"
    assert_equal "$total" "$((q + l))"
    assert_equal "$max" 22
  done < <(tail -n +2 "$OUT/gradebook.csv")
  # The same files get the same grade, whatever the archive's format.
  local sol_q start_q sol_l start_l
  sol_q=$(score_of solved-1 1.1); start_q=$(score_of starter-1 1.1)
  sol_l=$(score_of solved-1 3.1); start_l=$(score_of starter-1 3.1)
  assert_equal "$sol_q $sol_l" "12 10"
  [[ $start_q -lt 12 && $start_l -lt 10 ]]
  for student in solved-{1..6}; do assert_equal "$(score_of "$student" 1.1)/$(score_of "$student" 3.1)" "$sol_q/$sol_l"; done
  for student in starter-{1..6}; do assert_equal "$(score_of "$student" 1.1)/$(score_of "$student" 3.1)" "$start_q/$start_l"; done
  for student in mix-a{1..4}; do assert_equal "$(score_of "$student" 1.1)/$(score_of "$student" 3.1)" "$sol_q/$start_l"; done
  for student in mix-b{1..4}; do assert_equal "$(score_of "$student" 1.1)/$(score_of "$student" 3.1)" "$start_q/$sol_l"; done
  # A partial submission: the missing file is the course's starter.
  assert_equal "$(score_of only-queue 1.1)/$(score_of only-queue 3.1)" "$sol_q/$start_l"
  assert_equal "$(score_of only-log 1.1)/$(score_of only-log 3.1)" "$start_q/$sol_l"
  run jq -r '.exercises[] | select(.short == "3.1") | .not_submitted[]' "$OUT/results/only-queue.json"
  assert_output "log.c"
  grep -q "the course's unchanged starter was graded instead" "$OUT/feedback/only-queue.md"
  # A GitHub-style download is looked through.
  assert_equal "$(jq -r .intake.root "$OUT/results/solved-5.json")" "cleanthreads-main/exercises"
}

@test "a compile error, a hang and a broken archive cost only their own student, and say why" {
  run jq -r '.exercises[] | select(.short == "1.1") | .checks[] | select(.kind == "build") | .findings[0].kind' \
    "$OUT/results/compile-error.json"
  assert_output "BuildError"
  assert_equal "$(score_of compile-error 1.1)" 0
  assert_equal "$(score_of compile-error 3.1)" 10
  grep -q 'queue.c:[0-9]' "$OUT/feedback/compile-error.md"

  run jq -r '[.exercises[] | select(.short == "1.1") | .checks[] | select(.status != "pass") | .findings[].kind] | unique | join(" ")' \
    "$OUT/results/hang.json"
  assert_output --partial "Hang"
  grep -q 'exercises/01-queue/01-ring-mutex/queue.c:[0-9]* (queue_try_push)' "$OUT/feedback/hang.md"

  run jq -r '"\(.score) \(.error_kind) \(.error)"' "$OUT/results/broken.json"
  assert_output --partial "0 submission broken.tar.gz is damaged or incomplete"
  grep -q "could not be graded.*broken.tar.gz is damaged" "$OUT/feedback/broken.md"
  grep -q '^broken,0,0,0,22$' "$OUT/gradebook.csv"
  grep -q '^broken: error: broken.tar.gz is damaged' "$CLASS/cold.out"

  run jq -r .error "$OUT/results/bomb.json"
  assert_output --partial "unpacks to more than 20 MiB"
  run jq -r .error "$OUT/results/flat.json"
  assert_output --partial "None of the files in flat.zip is where the course expects it"
  run jq -r .error "$OUT/results/dup.json"
  assert_output --partial "Two submissions are named after dup: dup and dup.zip"
  grep -q "skipped 'bad name.tar.gz': a student's name may have only" "$CLASS/cold.err"
  grep -q "^Could not grade 4: bomb broken dup flat" "$CLASS/cold.out"
}

@test "feedback never shows hidden checks; the results and the instructor formats do" {
  local hidden_name="a preempted push is clean under Memcheck (instructor)"
  # The hidden check ran, and fails for the starter.
  run jq -r --arg n "$hidden_name" '.exercises[].checks[] | select(.name == $n) | "\(.hidden) \(.status) \(.findings | length)"' \
    "$OUT/results/starter-1.json"
  assert_output "true fail 1"
  run grep -l -e "$hidden_name" -e "hidden\]" -e "failed under Memcheck" "$OUT"/feedback/*
  assert_failure
  assert_output ""
  # Students see the points of the checks they can see, and are told so.
  grep -q '^\*\*Score: 20/20\*\*$' "$OUT/feedback/solved-1.md"
  grep -q 'checks that are not shown here' "$OUT/feedback/solved-1.md"
  grep -q "\[hidden\] $hidden_name" "$OUT/junit/starter-1.xml"
  grep -q "^not ok [0-9]* - 1.1 \[hidden\] $hidden_name" "$OUT/tap/starter-1.tap"
}

@test "the JUnit and TAP files are well formed and count every check" {
  python3 - "$OUT/junit" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
files = glob.glob(sys.argv[1] + "/*.xml")
assert len(files) >= 30, len(files)
for f in files:
    root = ET.parse(f).getroot()
    assert root.tag == "testsuites", f
    cases = root.findall("./testsuite/testcase")
    assert int(root.get("tests")) == len(cases), f
PY
  local tap plan count
  for tap in "$OUT"/tap/*.tap; do
    plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tap")
    count=$(grep -c -E '^(not )?ok [0-9]+ ' "$tap")
    assert_equal "$count" "$plan"
  done
  # 9 checks of 1.1 with the hidden one, 6 of 3.1.
  assert_equal "$(sed -n 's/^1\.\.//p' "$OUT/tap/solved-1.tap")" 15
}

@test "hostile archives: nothing is written outside the extraction folder and no link is followed" {
  run find "$BATS_FILE_TMPDIR" "$ROOT" /tmp -maxdepth 4 -name 'PWNED-class*'
  assert_output ""
  [[ ! -e /tmp/PWNED-class-abs.c && ! -e /PWNED-class-3.c ]]
  # Only regular files and folders come out of intake.
  run find "$OUT" ! -type f ! -type d
  assert_output ""
  # The links to the reference solution were skipped, so the starter was
  # graded in their place; the real files beside them were graded.
  local student
  for student in zip-link folder-link; do
    assert_equal "$(jq -r '.exercises[] | select(.short == "1.1") | .not_submitted | join(" ")' "$OUT/results/$student.json")" "queue.c"
    assert_equal "$(score_of "$student" 3.1)" 10
    grep -q 'queue.c: a symbolic link' "$OUT/feedback/$student.md"
  done
  assert_equal "$(score_of zip-link 1.1)" "$(score_of starter-1 1.1)"
  run jq -r '.intake.skipped[] | "\(.path): \(.reason)"' "$OUT/results/escape.json"
  assert_line --partial "../PWNED-class-1.c: its path leaves the archive's folder"
  assert_line --partial "/tmp/PWNED-class-abs.c: it has an absolute path"
  assert_line --partial "log.c: a hard link"
  assert_line --partial "exercises/null: a device file"
  assert_equal "$(score_of escape 1.1)" 12
}

@test "a rerun keeps every result: nothing is graded again, and the files are the same" {
  local before after started=$SECONDS
  before=$(cd "$OUT" && sha256sum gradebook.csv results/*.json feedback/*.md)
  run limited 120 "$ROOT/grader/grade-class" --only 1.1 --only 3.1 --timeout-scale 0.5 \
    --hidden "$HIDDEN" --format junit --format tap "$SUBS" "$OUT"
  assert_failure 1
  assert_line --partial "0 exercise results graded now"
  assert_line --regexp '^solved-1: 22/22 \(kept from the last run\)$'
  after=$(cd "$OUT" && sha256sum gradebook.csv results/*.json feedback/*.md)
  assert_equal "$after" "$before"
  echo "# warm rerun (everything kept): $((SECONDS - started)) s" >&3
}

@test "identical files are graded once: each distinct exercise file once, the rest from the cache" {
  # 1.1: solution, starter, compile error, hang; 3.1: solution, starter.
  assert_equal "$(find "$OUT/.cache" -name '*.json' | wc -l)" 6
  run grep -o -E '[0-9]+ exercise results graded now, [0-9]+ from the cache' "$CLASS/cold.out"
  assert_output --regexp '^6 exercise results graded now, [0-9]+ from the cache$'
  # A new output folder seeded with that cache grades nothing either.
  local fresh="$CLASS/seeded" started=$SECONDS
  mkdir -p "$fresh"
  cp -R "$OUT/.cache" "$fresh/.cache"
  run limited 120 "$ROOT/grader/grade-class" --only 1.1 --only 3.1 --timeout-scale 0.5 \
    --hidden "$HIDDEN" "$SUBS" "$fresh"
  assert_failure 1
  assert_line --partial "0 exercise results graded now"
  run diff "$OUT/gradebook.csv" "$fresh/gradebook.csv"
  assert_success
  echo "# warm run from the cache, every student assembled anew: $((SECONDS - started)) s" >&3
}

@test "killed midway, a rerun resumes and gives the same gradebook as an uninterrupted run" {
  local resumed="$CLASS/resumed" pid graded=0 waited=0
  mkdir -p "$resumed"
  # Its own process group, as a terminal would start it; killed as a group.
  setsid "$ROOT/grader/grade-class" --only 1.1 --only 3.1 --timeout-scale 0.5 \
    --hidden "$HIDDEN" "$SUBS" "$resumed" >"$CLASS/killed.out" 2>&1 &
  pid=$!
  # Wait for the first graded (not error) student, then kill the group.
  while [[ $graded -eq 0 && $waited -lt 600 ]]; do
    graded=$(find "$resumed/results" -name '*.json' -exec jq -r 'select(.error == null) | .student' {} + 2>/dev/null | wc -l)
    sleep 0.2
    waited=$((waited + 1))
  done
  kill -TERM -- "-$pid"
  wait "$pid" || true
  run grep -F 'interrupted after' "$CLASS/killed.out"
  assert_success
  # Nothing of that run is left running.
  sleep 1
  run pgrep -f "$resumed"
  assert_failure
  local done_before
  done_before=$(find "$resumed/results" -name '*.json' | wc -l)
  [[ $done_before -gt 0 && $done_before -lt $(students | wc -l) ]] \
    || fail "expected a run killed midway, but $done_before students were done"
  [[ ! -f "$resumed/gradebook.csv" ]]
  local kept_before
  kept_before=$(cd "$resumed/results" && sha256sum -- *.json)

  run limited 400 "$ROOT/grader/grade-class" --only 1.1 --only 3.1 --timeout-scale 0.5 \
    --hidden "$HIDDEN" "$SUBS" "$resumed"
  assert_failure 1
  run diff "$OUT/gradebook.csv" "$resumed/gradebook.csv"
  assert_success
  # What was done before the kill was kept as it was.
  local line
  while IFS= read -r line; do
    grep -q -F -x "$line" <(cd "$resumed/results" && sha256sum -- *.json) || fail "changed on resume: $line"
  done <<<"$kept_before"
  echo "# killed after $done_before of $(students | wc -l) students, then resumed" >&3
}

@test "intake: bombs, floods of members, damaged archives and bad layouts are refused with a reason" {
  local dir="$BATS_FILE_TMPDIR/intake"
  mkdir -p "$dir"
  python3 - "$dir" <<'PY'
import io, sys, tarfile, zipfile
d = sys.argv[1]
with tarfile.open(f"{d}/many.tar.gz", "w:gz") as t:
    for i in range(2100):
        info = tarfile.TarInfo(f"exercises/f{i}.c")
        t.addfile(info, io.BytesIO(b""))
with tarfile.open(f"{d}/big.tar.gz", "w:gz") as t:
    info = tarfile.TarInfo("exercises/big.bin")
    info.size = 25 << 20
    t.addfile(info, io.BytesIO(b"\0" * info.size))
open(f"{d}/text.tar.gz", "w").write("not an archive")
with zipfile.ZipFile(f"{d}/nocode.zip", "w") as z:
    z.writestr("README.md", "hello")
PY
  run python3 "$ROOT/grader/lib/intake.py" "$dir/many.tar.gz" "$dir/out1"
  assert_failure 1
  assert_output --partial "holds more than 2000 files and folders"
  run python3 "$ROOT/grader/lib/intake.py" "$dir/big.tar.gz" "$dir/out2"
  assert_failure 1
  assert_output --partial "unpacks to more than 20 MiB"
  run python3 "$ROOT/grader/lib/intake.py" "$dir/text.tar.gz" "$dir/out3"
  assert_failure 1
  assert_output --partial "is not a gzip-compressed tar archive"
  run python3 "$ROOT/grader/lib/intake.py" "$dir/nocode.zip" "$dir/out4"
  assert_failure 1
  assert_output --partial "holds no C source files"
  [[ ! -e "$dir/out1" && ! -e "$dir/out2" && ! -e "$dir/out3" && ! -e "$dir/out4" ]]
  # A lesson folder at the top is the layout itself, not a wrapper.
  mkdir -p "$dir/lesson/01-queue/01-ring-mutex"
  cp "$ROOT/solutions/$Q/queue.c" "$dir/lesson/01-queue/01-ring-mutex/"
  tar -czf "$dir/lesson.tar.gz" -C "$dir/lesson" 01-queue
  run python3 "$ROOT/grader/lib/intake.py" --course "$ROOT/exercises" "$dir/lesson.tar.gz" "$dir/out5"
  assert_success
  assert_equal "$(jq -r '.taken[].path' <<<"$output")" "01-queue/01-ring-mutex/queue.c"
}

@test "usage errors exit 2 with the cause and the fix" {
  run "$ROOT/grader/grade-class" "$BATS_FILE_TMPDIR/nowhere" "$BATS_FILE_TMPDIR/o"
  assert_failure 2
  assert_output --partial "is not a folder (it should hold one folder, .tar.gz or .zip per student)"
  run "$ROOT/grader/grade-class" --format xml "$SUBS" "$BATS_FILE_TMPDIR/o"
  assert_failure 2
  assert_output --partial "--format must be junit or tap"
  run "$ROOT/grader/grade-class" --only 9.9 "$SUBS" "$BATS_FILE_TMPDIR/o"
  assert_failure 2
  assert_output --partial "no exercise '9.9'"
  run "$ROOT/grader/grade-class" --hidden "$BATS_FILE_TMPDIR/nowhere" "$SUBS" "$BATS_FILE_TMPDIR/o"
  assert_failure 2
  assert_output --partial "--hidden"
  run "$ROOT/grader/grade-class" "$SUBS"
  assert_failure 2
  assert_output --partial "give two folders"
  mkdir -p "$BATS_FILE_TMPDIR/empty"
  run "$ROOT/grader/grade-class" "$BATS_FILE_TMPDIR/empty" "$BATS_FILE_TMPDIR/o"
  assert_failure 2
  assert_output --partial "no submissions in"
}
