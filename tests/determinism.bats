#!/usr/bin/env bats
# The same code gets the same grade every run: every starter and every
# solution graded CT_REPEAT times (3 in `make test`, 20 in `make test-long`)
# gives identical scores, statuses and findings (kind, file, line). Where a
# check depends on scheduling, the check forces the interleaving; nothing
# here retries.

setup_file() {
  load test_helper
  STARTERS="$BATS_FILE_TMPDIR/starters"
  committed_starters "$STARTERS"
  export STARTERS
}

setup() {
  load test_helper
}

# The parts of a result that must not change from run to run.
fingerprint() {
  jq -c '[.exercises[] | .id as $id | .checks[]
          | [$id, .name, .status, .score, ([.findings[] | [.kind, .file, .line]] | unique)]]'
}

# repeat_grading ARGS...: grades CT_REPEAT times; fails at the first
# difference, naming the checks that differ.
repeat_grading() {
  local runs=${CT_REPEAT:-3} first="" this i
  for ((i = 1; i <= runs; i++)); do
    this=$(limited 900 "$ROOT/grader/grade" "$@" --format json | fingerprint) || true
    [[ -n "$this" ]] || fail "run $i gave no result"
    if [[ -z "$first" ]]; then
      first=$this
    elif [[ "$this" != "$first" ]]; then
      fail "run $i differs from run 1: $(jq -c -n --argjson a "$first" --argjson b "$this" '[$b[] | select(. as $x | $a | index([$x]) | not)]')"
    fi
  done
}

@test "every starter gets the same grade and findings on every run" {
  repeat_grading --submission "$STARTERS"
}

@test "every solution gets the same grade on every run" {
  repeat_grading --solutions
}
