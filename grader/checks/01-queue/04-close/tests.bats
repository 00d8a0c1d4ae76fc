# Functional checks for 1.4. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "items pushed before the close are still popped" {
  run_driver drain
  assert_success
}

@test "a closed queue refuses new items" {
  run_driver refuse
  assert_success
}

@test "closing wakes every waiting consumer" {
  run_driver wake-consumers
  assert_success
}

@test "closing wakes a producer waiting for room" {
  run_driver wake-producer
  assert_success
}
