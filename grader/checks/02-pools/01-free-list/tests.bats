# Functional checks for 2.1. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "every object is distinct, aligned and returned to the pool" {
  run_driver get-all
  assert_success
}

@test "a get interrupted just before it locks never hands out a taken object" {
  run_driver interrupted-get
  assert_success
}
