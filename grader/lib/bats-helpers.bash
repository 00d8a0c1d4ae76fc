# shellcheck shell=bash
# Loaded by every exercise's tests.bats. The grader sets:
#   CT_BUILD      folder holding the built test driver
#   CT_MANIFEST   the exercise's exercise.json (timeouts live there only)
#   CT_ARTIFACTS  where each test leaves what the report needs
#   CT_BIN, CT_LIB

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
# shellcheck source=grader/lib/common.sh
source "$CT_LIB/common.sh"

# run_driver SCENARIO...: runs the test driver, contained (ct-run: its own
# folder and uid, limits, no network, output capped), with the check's
# timeout, like bats' `run`. On a timeout it captures every thread's stack
# first; after a crash it runs the scenario again under gdb to find the
# line. What happened is saved for the grader as record-N.json; the verdict
# needs the driver's result record (a token on its own pipe), never just an
# exit status or printed text.
run_driver() {
  local timeout number=$BATS_TEST_NUMBER
  timeout=$(ct_scaled "$(jq -r --arg name "$BATS_TEST_DESCRIPTION" \
    'first(.checks[] | select(.name == $name) | .timeout) // 3' "$CT_MANIFEST")")
  local run_dir="$CT_ARTIFACTS/run-$number"
  local run_file="$CT_ARTIFACTS/run-$number.json"
  local stacks="$CT_ARTIFACTS/stacks-$number.json"
  ct_run_dir "$run_dir"
  cp "$CT_BUILD/driver" "$run_dir/driver"
  local capture contain
  # shellcheck disable=SC2016 # $CT_PID is expanded later, by ct-run's shell
  printf -v capture '%q native "$CT_PID" %q %q' \
    "$CT_LIB/capture-stacks" "$run_dir/driver" "$stacks"
  mapfile -t contain < <(ct_contain "$timeout")

  run "$CT_BIN/ct-run" "${contain[@]}" --workdir "$run_dir" --status "$run_file" \
    --output - --output-limit "$CT_OUTPUT_LIMIT" --output-kill "$CT_OUTPUT_KILL" \
    --result-fd "$CT_RESULT_FD" \
    --on-timeout "$capture" -- ./driver "$@"

  # shellcheck disable=SC2154 # $output is set by bats' run
  jq -n --slurpfile run "$run_file" --arg output "$output" \
    --argjson timeout "$timeout" \
    '$run[0] + {output: $output, timeout: $timeout}' \
    > "$CT_ARTIFACTS/record-$number.json"
  case $(jq -r .status "$run_file") in
    timeout)
      fail "the test program did not finish within $timeout s (deadlock or lost wake-up)" ;;
    output-limit)
      fail "the test program printed more than $CT_OUTPUT_KILL and was stopped" ;;
    signaled)
      cp "$CT_LIB/stacks.py" "$run_dir/"
      "$CT_BIN/ct-run" "${contain[@]}" --workdir "$run_dir" --output - \
        --output-limit "$CT_OUTPUT_LIMIT" -- \
        gdb -batch -nx -q -ex run -x ./stacks.py --args ./driver "$@" 2>/dev/null \
        | sed -n 's/^CT-STACKS //p' > "$stacks" || true ;;
  esac
}
