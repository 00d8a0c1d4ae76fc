#!/usr/bin/env bats
# The course's structure: one id names an exercise's starter, solution,
# lesson and checks, and the manifest agrees with everything it names.

setup() {
  load test_helper
}

manifests() {
  find "$ROOT/grader/checks" -name exercise.json | sort
}

@test "every exercise has its starter, solution, lesson, driver and tests under one id" {
  local manifest id dir file problems=""
  while IFS= read -r manifest; do
    dir=$(dirname "$manifest")
    id=${dir#"$ROOT/grader/checks/"}
    [[ -f "$ROOT/lessons/$id.md" ]] || problems+="$id: no lessons/$id.md"$'\n'
    [[ -f "$dir/tests.bats" ]] || problems+="$id: no tests.bats"$'\n'
    while IFS= read -r file; do
      [[ -f "$ROOT/exercises/$id/$file" ]] || problems+="$id: no exercises/$id/$file"$'\n'
      [[ -f "$ROOT/solutions/$id/$file" ]] || problems+="$id: no solutions/$id/$file"$'\n'
    done < <(jq -r '.student_files[]' "$manifest")
    while IFS= read -r file; do
      [[ -f "$ROOT/exercises/$id/$file" ]] || problems+="$id: no exercises/$id/$file"$'\n'
    done < <(jq -r '.provided_files[]?' "$manifest")
    while IFS= read -r file; do
      [[ -f "$dir/$file" ]] || problems+="$id: no driver file $file"$'\n'
    done < <(jq -r '.driver[]' "$manifest")
  done < <(manifests)
  assert_equal "$problems" ""
}

@test "every manifest is well formed: title, hint, checks with points, a declared starter finding" {
  local manifest problems
  problems=$(manifests | while IFS= read -r manifest; do
    jq -r --arg m "${manifest#"$ROOT/"}" --slurpfile kinds "$ROOT/grader/findings.json" \
      --argjson calls "$(jq -R . "$ROOT/grader/harness/calls.list" | jq -sc .)" '
      def problem(msg): "\($m): \(msg)";
      (if (.title | type) != "string" or (.title | length) == 0 then problem("no title") else empty end),
      (if (.hint | type) != "string" or (.hint | length) < 20 then problem("no hint") else empty end),
      (if (.student_files | length) == 0 then problem("no student_files") else empty end),
      (.checks[] | select((.kind | IN("build", "test", "memcheck", "helgrind", "allocations", "fds", "fault-injection", "performance")) | not) | problem("unknown check kind \(.kind)")),
      (.checks[] | select(.kind == "allocations" and ((.limit | type) != "number" or .limit < 0)) | problem("allocation check \(.name) has no limit")),
      (.checks[] | select(.kind == "fault-injection") | select((.faults | type) != "array" or (.faults | length) == 0 or any(.faults[]; . as $f | $calls | index($f) | not)) | problem("fault-injection check \(.name) needs faults, each a name from grader/harness/calls.list")),
      (.checks[] | select((.points | type) != "number" or .points <= 0) | problem("check \(.name) has no points")),
      (.checks[] | select(.kind != "build" and ((.timeout | type) != "number" or .timeout <= 0)) | problem("check \(.name) has no timeout")),
      (.checks[] | select(.expect) | .expect[] as $k | select($kinds[0][$k] == null) | problem("expects unknown kind \($k)")),
      (.checks[] | select(.expect and (.kind | IN("memcheck", "helgrind") | not)) | problem("only Valgrind checks can expect findings")),
      (if ([.checks[].name] | unique | length) != (.checks | length) then problem("check names repeat") else empty end),
      (if ([.checks[] | select(.kind == "build")] | length) != 1 then problem("needs exactly one build check") else empty end),
      (if (.starter_findings | length) == 0 then problem("no starter_findings") else empty end),
      (.checks as $checks | .starter_findings[]? as $s
        | if ([$checks[].name] | index($s.check)) == null then problem("starter_findings names no check \($s.check)")
          elif ($kinds[0][$s.kind] == null) then problem("starter_findings kind \($s.kind) is unknown")
          else empty end)
    ' "$manifest"
  done)
  assert_equal "$problems" ""
}

@test "the Bats tests of each exercise are exactly its test checks" {
  local manifest dir problems=""
  while IFS= read -r manifest; do
    dir=$(dirname "$manifest")
    local declared written
    declared=$(jq -r '.checks[] | select(.kind == "test") | .name' "$manifest" | sort)
    written=$(sed -n 's/^@test "\(.*\)" {$/\1/p' "$dir/tests.bats" | sort)
    [[ "$declared" == "$written" ]] || problems+="${dir#"$ROOT/"}: tests.bats and exercise.json disagree"$'\n'
  done < <(manifests)
  assert_equal "$problems" ""
}

@test "every finding kind links to a page that exists" {
  run jq -r '.[].doc' "$ROOT/grader/findings.json"
  assert_success
  local doc
  for doc in $output; do
    [[ -f "$ROOT/$doc" ]] || fail "missing $doc"
  done
}

@test "solutions and the grader's C compile cleanly with -Wall -Wextra -Werror" {
  local manifest dir id file
  while IFS= read -r manifest; do
    dir=$(dirname "$manifest")
    id=${dir#"$ROOT/grader/checks/"}
    for file in "$ROOT/solutions/$id"/*.c "$dir"/*.c; do
      gcc -std=c11 -pthread -Wall -Wextra -Werror -fsyntax-only \
        -I "$ROOT/exercises/$id" -I "$ROOT/grader/harness" -I "$(dirname "$dir")" "$file" \
        || fail "$file does not compile cleanly"
    done
  done < <(manifests)
  gcc -std=c11 -Wall -Wextra -Werror -fsyntax-only "$ROOT/grader/harness/harness.c" "$ROOT/grader/harness/calls.c"
  gcc -std=c11 -Wall -Wextra -Werror -fsyntax-only "$ROOT/grader/src/ct-run.c" "$ROOT/grader/src/vgxml.c"
}

@test "every shell script is shellcheck-clean" {
  local scripts=()
  mapfile -t scripts < <(cd "$ROOT" && {
    git ls-files --cached --others --exclude-standard 2>/dev/null || find . -type f -not -path './.git/*'
  } | while IFS= read -r f; do
    case "$f" in
      *.sh|*.bash|*.bats) echo "$ROOT/$f" ;;
      *) head -n 1 "$ROOT/$f" 2>/dev/null | grep -qE '^#!.*\b(ba)?sh' && echo "$ROOT/$f" ;;
    esac
  done)
  [[ ${#scripts[@]} -gt 5 ]] || fail "found only ${#scripts[@]} scripts"
  run shellcheck -x -S warning "${scripts[@]}"
  assert_success
}
