# Functional checks for 1.1. Test names are check names in exercise.json.

setup() {
  load "$CT_LIB/bats-helpers"
}

@test "items come out in the order they went in" {
  run_driver order
  assert_success
}

@test "a full queue refuses items and an empty one has none" {
  run_driver full-empty
  assert_success
}

@test "the ring buffer wraps around" {
  run_driver wrap
  assert_success
}

@test "a push interrupted right after it unlocks loses nothing" {
  run_driver preempted-push
  assert_success
}

@test "a pop interrupted right after it unlocks takes only its own item" {
  run_driver preempted-pop
  assert_success
}
