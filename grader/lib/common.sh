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

# The median of the numbers on standard input, one a line.
ct_median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ct_jobs_default() {
  nproc 2>/dev/null || echo 2
}

# --- containment ----------------------------------------------------------
# Every run of student code (the compile, native tests, Valgrind) goes
# through ct-run with these. docs/security.md explains each number.
#
# Address space: 2 GiB works for gcc, for native runs and for Valgrind
# (Memcheck fails to start under about 128 MB, Helgrind's thread creation
# too), and stops a memory bomb. Open files: 256, so Valgrind (which needs
# more than 16 and keeps the top dozen for itself) has room; CT_XML_FD sits
# in that reserved top, where the program under test cannot write.
# File size: 64 MiB bounds any file a run writes; Valgrind's XML goes through
# a pipe, so this limit never truncates it.
CT_LIMIT_AS=2G
CT_LIMIT_NOFILE=256
CT_XML_FD=252
CT_RESULT_FD=3
CT_LIMIT_NPROC=64
CT_LIMIT_FSIZE=64M
CT_OUTPUT_LIMIT=64K
# Past this much output a run is stopped: no test prints megabytes, and a
# flood must not make the verdict depend on how fast a pipe is.
CT_OUTPUT_KILL=16M
export CT_OUTPUT_KILL CT_LIMIT_AS CT_LIMIT_NOFILE CT_XML_FD CT_RESULT_FD CT_LIMIT_NPROC CT_LIMIT_FSIZE CT_OUTPUT_LIMIT

# A check's timeout, times CT_TIMEOUT_SCALE (grade --timeout-scale: slower
# machines may need more; the project's tests of hostile code use less).
ct_scaled() {
  awk -v t="$1" -v f="${CT_TIMEOUT_SCALE:-1}" 'BEGIN { printf "%.2f\n", t * f }'
}

# ct_contain SECONDS [ADDRESS_SPACE]: ct-run's options for one contained run
# with that wall-clock timeout (the CPU limit is only a backstop behind it).
ct_contain() {
  local seconds=$1 address_space=${2:-$CT_LIMIT_AS}
  local cpu=$(( ${seconds%.*} + 5 ))
  printf '%s\n' --sandbox --hide "$CT_ROOT" --timeout "$seconds" --limit-cpu "$cpu" \
    --limit-as "$address_space" --limit-nofile "$CT_LIMIT_NOFILE" \
    --limit-nproc "$CT_LIMIT_NPROC" --limit-fsize "$CT_LIMIT_FSIZE"
}

# A folder a contained run may write (it appears as its /tmp/work): open to
# the run's own uid, inside a work folder only root can enter.
ct_run_dir() {
  mkdir -p "$1"
  chmod 0777 "$1"
}
