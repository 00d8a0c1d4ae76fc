# Functional checks for 2.5. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "a thread's gets and puts are served from its own cache" {
  run_driver cache-hit
  assert_success
}

@test "what a thread cached goes back to the shared pool when it exits" {
  run_driver thread-exit
  assert_success
}
