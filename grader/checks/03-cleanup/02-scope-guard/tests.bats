# Functional checks for 3.2. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "the settings in a file reach the config" {
  run_driver settings
  assert_success
}

@test "a file that cannot be used gives NULL and says why" {
  run_driver refusals
  assert_success
}
