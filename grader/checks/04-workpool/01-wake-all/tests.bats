# Functional checks for 4.1. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "shutdown wakes every idle worker" {
  run_driver wake-idle
  assert_success
}

@test "shutdown wakes every submitter waiting for room" {
  run_driver wake-submitters
  assert_success
}

@test "a draining shutdown runs every queued task" {
  run_driver drain
  assert_success
}
