# Functional checks for 3.6. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "the reply holds the file's content" {
  run_driver reply
  assert_success
}
