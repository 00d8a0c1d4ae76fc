# Functional checks for 1.3. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "a producer waits for room and goes on when an item is taken" {
  run_driver producer-waits
  assert_success
}

@test "one producer and two consumers never all fall asleep" {
  run_driver two-consumers
  assert_success
}
