# Functional checks for 2.2. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "greetings are right, and every buffer goes back to the pool" {
  run_driver greet
  assert_success
}
