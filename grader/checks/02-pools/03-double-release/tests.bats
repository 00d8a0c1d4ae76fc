# Functional checks for 2.3. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "messages are formatted, and too-long texts refused" {
  run_driver format
  assert_success
}

@test "a failed message gives its buffer back once, not twice" {
  run_driver failed-then-two-gets
  assert_success
}
