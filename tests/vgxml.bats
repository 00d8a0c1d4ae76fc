#!/usr/bin/env bats
# vgxml: Valgrind's XML into JSON, including what a killed run leaves.

setup_file() {
  gcc -std=c11 -g -O0 -pthread -w -o "$BATS_FILE_TMPDIR/race" "$BATS_TEST_DIRNAME/fixtures/vgcheck/race.c"
  valgrind --tool=helgrind --xml=yes --xml-file="$BATS_FILE_TMPDIR/race.xml" "$BATS_FILE_TMPDIR/race" 2>/dev/null
}

setup() {
  load test_helper
  VGXML="$ROOT/grader/bin/vgxml"
}

@test "a finished report is complete, with each error's kind and stacks" {
  run "$VGXML" "$BATS_FILE_TMPDIR/race.xml"
  assert_success
  assert_equal "$(jq -c '[.tool, .finished, .complete, .parse_error]' <<<"$output")" '["helgrind",true,true,null]'
  jq -e '.errors | length > 0 and all(.kind == "Race")' <<<"$output" >/dev/null
  jq -e '.errors[0].stack | any(.file | endswith("/race.c"))' <<<"$output" >/dev/null
  jq -e '.errors[0].aux | any(.thread != null)' <<<"$output" >/dev/null
  jq -e '.threads | length >= 2' <<<"$output" >/dev/null
}

@test "a report cut short (a killed run) keeps its errors and is not complete" {
  local cut="$BATS_TEST_TMPDIR/cut.xml"
  # Keep everything up to the end of the first error, as SIGKILL would.
  sed '/<\/error>/q' "$BATS_FILE_TMPDIR/race.xml" > "$cut"
  run "$VGXML" "$cut"
  assert_success
  assert_equal "$(jq -c '[.finished, .complete, (.errors | length)]' <<<"$output")" '[false,false,1]'
  jq -e '.parse_error != null' <<<"$output" >/dev/null
}

@test "garbage is a parse error, not a clean report" {
  printf 'not xml at all' > "$BATS_TEST_TMPDIR/bad.xml"
  run "$VGXML" "$BATS_TEST_TMPDIR/bad.xml"
  assert_success
  assert_equal "$(jq -c '[.finished, .complete, (.errors | length)]' <<<"$output")" '[false,false,0]'
}

@test "vgxml explains a missing file" {
  run "$VGXML" "$BATS_TEST_TMPDIR/none.xml"
  assert_failure 2
  assert_output --partial "cannot open"
}
