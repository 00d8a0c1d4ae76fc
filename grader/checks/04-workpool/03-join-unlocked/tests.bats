# Functional checks for 4.3. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "shutting down an idle pool returns" {
  run_driver idle
  assert_success
}

@test "shutting down a busy pool runs the queued tasks and returns" {
  run_driver busy
  assert_success
}
