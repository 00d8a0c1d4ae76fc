#!/usr/bin/env bats
# What a contained run (ct-run --sandbox, as the grader uses it) can and
# cannot do. Full containment needs root; without it the run is limits-only
# and says so (tested last).

setup() {
  load test_helper
  CT_RUN="$ROOT/grader/bin/ct-run"
  WORK="$BATS_TEST_TMPDIR/work"
  mkdir -p "$WORK"
  chmod 0777 "$WORK"
  chmod 0711 "$BATS_TEST_TMPDIR"
}

needs_root() {
  [[ $(id -u) -eq 0 ]] || skip "full containment needs root"
  [[ $(jq -r .sandbox <("$CT_RUN" --sandbox --status /dev/stdout -- true)) == isolated ]] \
    || skip "this machine allows no namespaces"
}

contained() {
  run "$CT_RUN" --sandbox --hide "$ROOT" --workdir "$WORK" --timeout 20 \
    --limit-nproc 64 --limit-as 2G --limit-nofile 256 --limit-fsize 64M \
    --status "$BATS_TEST_TMPDIR/status.json" -- "$@"
}

@test "a contained run has its own uid, no capabilities and no way back" {
  needs_root
  contained sh -c 'id -u; grep -E "^(CapEff|NoNewPrivs)" /proc/self/status'
  assert_success
  [[ ${lines[0]} -ge 100000 ]] || fail "uid ${lines[0]}"
  assert_line --regexp '^CapEff:[[:space:]]+0+$'
  assert_line --regexp '^NoNewPrivs:[[:space:]]+1$'
  assert_equal "$(jq -r .sandbox "$BATS_TEST_TMPDIR/status.json")" isolated
}

@test "a contained run writes its own folder, and nothing outside it" {
  needs_root
  contained sh -c 'echo mine > ./mine && echo own-ok;
    for target in "'"$ROOT"'/PWNED" /PWNED /etc/PWNED /root/PWNED "'"$BATS_TEST_TMPDIR"'/PWNED"; do
      (echo x > "$target") 2>/dev/null && echo "WROTE $target"; done; true'
  assert_success
  assert_line own-ok
  refute_output --partial WROTE
  assert_equal "$(cat "$WORK/mine")" mine
  [[ ! -e "$ROOT/PWNED" && ! -e "$BATS_TEST_TMPDIR/PWNED" ]]
}

@test "a contained run cannot remount anything writable" {
  needs_root
  contained sh -c 'mount -o remount,rw / 2>&1 && echo REMOUNTED; mount -t tmpfs none ./ 2>&1 && echo MOUNTED; true'
  assert_success
  refute_output --partial REMOUNTED
  refute_output --partial MOUNTED
}

@test "temporary folders are private: what one run leaves in /tmp, the next never sees" {
  needs_root
  contained sh -c 'echo secret > /tmp/left-behind && echo > /var/tmp/left-behind && echo ok'
  assert_output ok
  [[ ! -e /tmp/left-behind && ! -e /var/tmp/left-behind ]]
  contained sh -c 'ls -A /tmp /var/tmp'
  refute_output --partial left-behind
}

@test "the course's files are hidden, and the environment holds nothing of the grader's" {
  needs_root
  # Empty, or (for a course kept under /tmp) not there at all.
  CT_SECRET=visible contained sh -c 'ls -A "'"$ROOT"'" 2>/dev/null | wc -l; env'
  assert_success
  assert_line --index 0 0
  refute_output --partial CT_SECRET
}

@test "there is no network: the run's namespace has nothing but a loopback" {
  needs_root
  # /proc/self/net shows the run's own network namespace.
  contained sh -c 'tail -n +3 /proc/self/net/dev | cut -d: -f1 | tr -d " "'
  assert_success
  assert_equal "${lines[*]}" "lo"
}

@test "a fork bomb stops at the process cap, and nothing is left running" {
  needs_root
  # dash gives up at the first fork that fails; each success is counted.
  contained sh -c 'for i in $(seq 300); do sleep 60 & echo x >> started; done'
  assert_failure
  assert_output --partial "Cannot fork"
  [[ $(wc -l < "$WORK/started") -lt 64 ]] || fail "$(wc -l < "$WORK/started") processes started"
  run pgrep -f 'sleep 60'
  assert_failure
}

@test "a memory bomb fails to allocate beyond the address-space limit" {
  needs_root
  contained bash -c 'x=$(head -c 3000000000 /dev/zero | tr "\0" x); echo "${#x}"'
  assert_failure
}

@test "Memcheck and Helgrind run cleanly under the very same limits" {
  needs_root
  gcc -std=c11 -g -O0 -pthread -o "$BATS_TEST_TMPDIR/clean" "$ROOT/tests/fixtures/vgcheck/clean.c"
  local tool
  for tool in memcheck helgrind; do
    run limited 120 "$ROOT/grader/vgcheck" --tool "$tool" --sandbox --format json -- "$BATS_TEST_TMPDIR/clean"
    assert_success
    assert_equal "$(jq -c '[.status, .sandbox, .findings]' <<<"$output")" '["clean","isolated",[]]'
  done
}

@test "without root, a run is limits-only and says so" {
  [[ $(id -u) -eq 0 ]] || skip "run as root, to switch to a plain user"
  command -v setpriv >/dev/null || skip "needs setpriv"
  local open_dir
  open_dir=$(mktemp -d)
  chmod 0777 "$open_dir"
  run setpriv --reuid 65534 --regid 65534 --clear-groups \
    "$CT_RUN" --sandbox --workdir "$open_dir" --status "$open_dir/status.json" -- sh -c 'id -u >/dev/null'
  assert_success
  assert_equal "$(jq -r .sandbox "$open_dir/status.json")" limits-only
  rm -rf "$open_dir"
}
