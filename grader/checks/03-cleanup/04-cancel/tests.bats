# Functional checks for 3.4. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "a collector that finishes delivers every item, in order" {
  run_driver batches
  assert_success
}

@test "a collector stopped while it waits leaves the inbox unlocked and usable" {
  run_driver stop-waiting
  assert_success
}
