# Functional checks for 1.5. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "an item moves from the front of one queue to the back of another" {
  run_driver move
  assert_success
}

@test "a move that cannot happen changes nothing" {
  run_driver refused
  assert_success
}

@test "moving within one queue rotates it" {
  run_driver self
  assert_success
}
