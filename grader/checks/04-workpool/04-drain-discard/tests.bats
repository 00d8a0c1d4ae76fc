# Functional checks for 4.4. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "a draining shutdown runs every queued task" {
  run_driver drain
  assert_success
}

@test "a discarding shutdown runs no queued task and counts them" {
  run_driver discard
  assert_success
}

@test "a submit after shutdown has begun gets ESHUTDOWN" {
  run_driver late-submit
  assert_success
}
