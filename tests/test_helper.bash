# shellcheck shell=bash
# Shared setup for the project's own Bats suite.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
export ROOT

# Bats' own timeout does not kill what `run` started, so every command that
# could hang runs under ct-run, which ends its whole process group.
# Usage: run limited SECONDS COMMAND...
limited() {
  local seconds=$1
  shift
  "$ROOT/grader/bin/ct-run" --timeout "$seconds" -- "$@"
}

# The line of FILE carrying the marker "expect: KIND".
marked_line() {
  grep -n "expect: $2 \*/" "$1" | head -n 1 | cut -d: -f1
}

# Whether JSON on stdin has a finding of KIND in a file ending in FILE at LINE.
has_finding() {
  jq -e --arg kind "$1" --arg file "$2" --argjson line "$3" \
    'any(.findings[]; .kind == $kind and (.file // "" | endswith($file)) and .line == $line)' >/dev/null
}

# committed_starters DIR: the starters as committed (exercises/ at HEAD, or
# as they are when there is no commit) into DIR, so a developer's edits in
# exercises/ cannot change what the suite checks.
committed_starters() {
  mkdir -p "$1"
  if git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null; then
    git -C "$ROOT" archive HEAD exercises | tar -x -C "$1" --strip-components=1
  else
    cp -R "$ROOT/exercises/." "$1/"
  fi
}
