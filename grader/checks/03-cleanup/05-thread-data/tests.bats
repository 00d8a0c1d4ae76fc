# Functional checks for 3.5. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "a thread gets a buffer of the size it asks for, the same one while it fits" {
  run_driver sizes
  assert_success
}

@test "threads alive at the same time get different buffers" {
  run_driver separate
  assert_success
}
