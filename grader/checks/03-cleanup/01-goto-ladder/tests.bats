# Functional checks for 3.1. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "opening a path twice shares one log" {
  run_driver share
  assert_success
}

@test "every line written reaches the file" {
  run_driver lines
  assert_success
}
