# Functional checks for 2.4. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "returned objects, overflow ones included, are no longer outstanding" {
  run_driver overflow
  assert_success
}

@test "destroying a pool reports the objects still out" {
  run_driver destroy-reports
  assert_success
}
