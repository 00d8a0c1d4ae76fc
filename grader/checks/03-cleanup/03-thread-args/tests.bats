# Functional checks for 3.3. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "each worker gets its own index" {
  run_driver own-index
  assert_success
}
