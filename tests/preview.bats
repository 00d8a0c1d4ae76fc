#!/usr/bin/env bats
# grader/preview: the sanitizer preview (docs/preview.md). Three starters,
# each with the bug class a sanitizer must map to the grader's kind, and
# their solutions, which must come out clean.

setup_file() {
  load test_helper
  committed_starters "$BATS_FILE_TMPDIR/starters"
}

setup() {
  load test_helper
}

# preview_json ARGS...: grader/preview --format json, bounded in time.
preview_json() {
  run limited 240 "$ROOT/grader/preview" --format json "$@"
}

# has_kind KIND CHECK FILE LINE_PATTERN: a finding of KIND in the check named
# CHECK, at a file ending in FILE (LINE_PATTERN: a number, or "any").
has_kind() {
  jq -e --arg kind "$1" --arg check "$2" --arg file "$3" --arg line "$4" '
    any(.steps[].checks[] | select(.name == $check) | .findings[];
        .kind == $kind and (.at.file // "" | endswith($file))
        and ($line == "any" or .at.line == ($line | tonumber)))' >/dev/null
}

@test "the report says it is a preview and that grading uses Valgrind" {
  run limited 120 "$ROOT/grader/preview" --solutions 1.1
  assert_success
  assert_line --index 0 --partial "PREVIEW"
  assert_line --index 0 --partial "Grading uses Valgrind"
}

@test "1.1 starter: the race is a Race under ThreadSanitizer, at the student's lines" {
  preview_json --submission "$BATS_FILE_TMPDIR/starters" 1.1
  assert_failure 1
  has_kind Race "no data races (Helgrind)" queue.c any <<<"$output" \
    || fail "no Race in queue.c: $output"
  # Both sides of the race are named, as Helgrind's report does.
  jq -e 'any(.steps[0].checks[].findings[]; .kind == "Race" and .against.file != null)' <<<"$output" >/dev/null
  assert_equal "$(jq -r '.steps[0].checks[] | select(.name == "no data races (Helgrind)") | .sanitizer' <<<"$output")" TSan
}

@test "3.2 starter: the use after free is an InvalidRead under ASan, with the freeing line" {
  preview_json --submission "$BATS_FILE_TMPDIR/starters" 3.2
  assert_failure 1
  has_kind InvalidRead "a loaded config is the caller's to use and free (Memcheck)" config.c any <<<"$output" \
    || fail "no InvalidRead in config.c: $output"
  # The freeing line is named too.
  jq -e 'any(.steps[0].checks[].findings[]; .kind == "InvalidRead" and (.against.file // "" | endswith("config.c")))' <<<"$output" >/dev/null
  # The fault-injection check needs the grader and says so.
  jq -e '.steps[0].not_previewed | length == 1' <<<"$output" >/dev/null
}

@test "2.5 starter: the leak is Leak_DefinitelyLost under LeakSanitizer" {
  preview_json --submission "$BATS_FILE_TMPDIR/starters" 2.5
  assert_failure 1
  has_kind Leak_DefinitelyLost "no cache left behind by an ended thread (Memcheck)" cache.c any <<<"$output" \
    || fail "no Leak_DefinitelyLost in cache.c: $output"
}

@test "the solutions of 1.1, 3.2 and 2.5 come out clean" {
  preview_json --solutions 1.1 3.2 2.5
  assert_success
  assert_equal "$(jq '[.steps[].checks[] | select(.status != "pass")] | length' <<<"$output")" 0
  assert_equal "$(jq '[.steps[].checks[]] | length > 10' <<<"$output")" true
}

@test "a double free is InvalidFree (a fixture built like a step)" {
  # A step of our own: 3.2's driver with a config.c that frees twice.
  local sub="$BATS_FILE_TMPDIR/double-free/03-cleanup/02-scope-guard"
  mkdir -p "$sub"
  sed 's/^\(\s*\)free(config);/\1free(config);\n\1free(config);/' \
    "$ROOT/solutions/03-cleanup/02-scope-guard/config.c" > "$sub/config.c"
  grep -c 'free(config);' "$sub/config.c" | grep -q -v '^1$' || skip "no free(config) line to double in 3.2's solution"
  preview_json --submission "$BATS_FILE_TMPDIR/double-free" 3.2
  assert_failure 1
  has_kind InvalidFree "a loaded config is the caller's to use and free (Memcheck)" config.c any <<<"$output" \
    || fail "no InvalidFree in config.c: $output"
}

@test "usage errors are explained and exit 2" {
  run limited 30 "$ROOT/grader/preview" --format xml
  assert_failure 2
  assert_output --partial "unknown format 'xml'"
  run limited 30 "$ROOT/grader/preview" 9.9
  assert_failure 2
  assert_output --partial "no exercise '9.9'"
  run limited 30 "$ROOT/grader/preview" --submission /nonexistent 1.1
  assert_failure 2
  assert_output --partial "no folder"
}

@test "preview is shellcheck-clean and avoids bash 4 features" {
  command -v shellcheck >/dev/null || skip "shellcheck is not installed"
  run shellcheck -x -S warning "$ROOT/grader/preview"
  assert_success
  run bash -c "grep -v -E '^[[:space:]]*#' \"\$1\" | grep -n -E '\\bmapfile\\b|\\breadarray\\b|declare -A|local -A|\\\$\\{[a-z_]+(,,|\\^\\^)'" _ "$ROOT/grader/preview"
  assert_failure 1
}

@test "grade --tools=sanitizers is the same preview; an unknown tool is a usage error" {
  run limited 120 "$ROOT/grader/grade" --tools=sanitizers --solutions 1.1
  assert_success
  assert_line --index 0 --partial "PREVIEW"
  run "$ROOT/grader/grade" --tools bogus 1.1
  assert_failure 2
  assert_output --partial "--tools must be valgrind"
}
