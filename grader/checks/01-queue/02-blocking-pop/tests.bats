# Functional checks for 1.2. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "a waiting consumer gets the item pushed later" {
  run_driver handoff
  assert_success
}

@test "a spurious wakeup does not make pop return early" {
  run_driver spurious
  assert_success
}

@test "a consumer that loses the item to another waits again" {
  run_driver stolen
  assert_success
}
