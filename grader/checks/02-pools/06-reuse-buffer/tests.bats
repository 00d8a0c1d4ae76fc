# Functional checks for 2.6. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "each record becomes its line, in order" {
  run_driver lines
  assert_success
}
