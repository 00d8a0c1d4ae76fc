# shellcheck shell=bash
# Shared helpers for the grader's shell scripts: paths, messages, exercise
# ids. Sourced, never run.

CT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CT_GRADER="$CT_ROOT/grader"
CT_BIN="$CT_GRADER/bin"
CT_LIB="$CT_GRADER/lib"
CT_CHECKS="$CT_GRADER/checks"
export CT_ROOT CT_GRADER CT_BIN CT_LIB CT_CHECKS

# Exit codes shared by grade and vgcheck.
CT_EXIT_USAGE=2

ct_die() {
  echo "${CT_PROG:-cleanthreads}: $*" >&2
  exit "$CT_EXIT_USAGE"
}

ct_require_commands() {
  local cmd missing=()
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    ct_die "missing ${missing[*]}: run 'make deps' (or grader/setup-deps) to install it"
  fi
}

# Builds the grader's C tools when they are missing or older than their
# sources, so a fresh clone needs no separate build step.
ct_ensure_tools() {
  if ! make -s -C "$CT_ROOT" tools >/dev/null; then
    ct_die "could not build the grader's tools (grader/src); run 'make tools' to see why"
  fi
}

# Every exercise id, in course order: 01-queue/01-ring-mutex ...
ct_all_exercises() {
  local manifest
  for manifest in "$CT_CHECKS"/*/*/exercise.json; do
    [[ -e "$manifest" ]] || continue
    manifest=${manifest#"$CT_CHECKS/"}
    echo "${manifest%/exercise.json}"
  done
}

# Turns a user's name for an exercise (full id, "1.3", or a unique part of
# an id) into its id; dies with the list of ids when there is no match.
ct_resolve_exercise() {
  local wanted=$1 id lesson step matches=()
  wanted=${wanted%/}
  wanted=${wanted#exercises/}
  while IFS= read -r id; do
    if [[ "$id" == "$wanted" ]]; then
      echo "$id"
      return 0
    fi
    if [[ "$wanted" =~ ^([0-9]+)\.([0-9]+)$ ]]; then
      lesson=$((10#${id%%-*}))
      step=${id#*/}
      step=$((10#${step%%-*}))
      if [[ $lesson -eq $((10#${BASH_REMATCH[1]})) && $step -eq $((10#${BASH_REMATCH[2]})) ]]; then
        matches+=("$id")
      fi
    elif [[ "$id" == *"$wanted"* ]]; then
      matches+=("$id")
    fi
  done < <(ct_all_exercises)
  if [[ ${#matches[@]} -eq 1 ]]; then
    echo "${matches[0]}"
    return 0
  fi
  if [[ ${#matches[@]} -gt 1 ]]; then
    ct_die "'$wanted' matches several exercises (${matches[*]}); give the full id or the short form such as 1.3"
  fi
  ct_die "no exercise '$wanted'. Exercises: $(ct_all_exercises | tr '\n' ' ')(or the short form, e.g. 1.3)"
}

# Short form "1.3" of an id.
ct_short_id() {
  local id=$1 step
  step=${id#*/}
  echo "$((10#${id%%-*})).$((10#${step%%-*}))"
}

ct_jobs_default() {
  nproc 2>/dev/null || echo 2
}
