# Functional checks for 4.6. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "every future returns its own task's result" {
  run_driver results
  assert_success
}

@test "tasks from several submitting threads all run, once each" {
  run_driver submitters
  assert_success
}

@test "shutdown drains queued tasks, or cancels their futures when discarding" {
  run_driver shutdown
  assert_success
}
