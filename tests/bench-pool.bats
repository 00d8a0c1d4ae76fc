#!/usr/bin/env bats
# Lesson 2's benchmark, in its smoke mode: it builds, runs every allocator
# and prints a row of figures for each (the real run is make bench-pool).

setup() {
  load test_helper
}

@test "the pool benchmark runs every allocator and reports each" {
  run limited 120 "$ROOT/lessons/02-pools/bench/run" --smoke --out "$BATS_TEST_TMPDIR/out"
  assert_success
  local allocator
  for allocator in glibc-malloc pool thread-cache jemalloc mimalloc; do
    assert_line --regexp "^\| $allocator \| [0-9.]+ ns \| [0-9.]+ ns \| - \| [0-9.]+ ns \| - \|$"
  done
  [[ $(wc -l < "$BATS_TEST_TMPDIR/out/bench.dat") -eq 15 ]]
}
