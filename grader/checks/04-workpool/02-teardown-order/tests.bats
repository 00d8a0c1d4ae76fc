# Functional checks for 4.2. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "shutting down an idle pool returns" {
  run_driver idle
  assert_success
}

@test "a draining shutdown runs every queued task" {
  run_driver drain
  assert_success
}
