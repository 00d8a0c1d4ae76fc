# Functional checks for 4.5. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "every worker thread has ended when shutdown returns" {
  run_driver threads-end
  assert_success
}

@test "a draining shutdown returns once every task has finished" {
  run_driver drain
  assert_success
}
