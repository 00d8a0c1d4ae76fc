# shellcheck shell=bash
# Loaded by every exercise's tests.bats. The grader sets:
#   CT_BUILD      folder holding the built test driver
#   CT_MANIFEST   the exercise's exercise.json (timeouts live there only)
#   CT_ARTIFACTS  where each test leaves what the report needs
#   CT_BIN, CT_LIB

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# run_driver SCENARIO...: runs the test driver under ct-run with the check's
# timeout, like bats' `run`. On a timeout it captures every thread's stack
# first, and the test fails saying so. What happened (exit, signal, timeout,
# output) is saved for the grader's report as record-N.json.
run_driver() {
  local timeout run_file stacks
  timeout=$(jq -r --arg name "$BATS_TEST_DESCRIPTION" \
    'first(.checks[] | select(.name == $name) | .timeout) // 3' "$CT_MANIFEST")
  run_file="$CT_ARTIFACTS/run-$BATS_TEST_NUMBER.json"
  stacks="$CT_ARTIFACTS/stacks-$BATS_TEST_NUMBER.json"
  local capture
  # shellcheck disable=SC2016 # $CT_PID is expanded later, by ct-run's shell
  printf -v capture '%q native "$CT_PID" %q %q' \
    "$CT_LIB/capture-stacks" "$CT_BUILD/driver" "$stacks"

  run "$CT_BIN/ct-run" --timeout "$timeout" --status "$run_file" \
    --on-timeout "$capture" -- "$CT_BUILD/driver" "$@"

  # shellcheck disable=SC2154 # $output is set by bats' run
  jq -n --slurpfile run "$run_file" --arg output "$output" \
    --argjson timeout "$timeout" \
    '$run[0] + {output: $output, timeout: $timeout}' \
    > "$CT_ARTIFACTS/record-$BATS_TEST_NUMBER.json"
  case $(jq -r .status "$run_file") in
    timeout)
      fail "the test program did not finish within $timeout s (deadlock or lost wake-up)" ;;
    signaled)
      # Run the same scenario again under gdb to see where it crashes.
      "$CT_BIN/ct-run" --timeout "$timeout" -- \
        "$CT_LIB/capture-stacks" crash - "$stacks" "$CT_BUILD/driver" "$@" >/dev/null 2>&1 || true ;;
  esac
}
