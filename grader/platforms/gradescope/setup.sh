#!/usr/bin/env bash
# setup.sh - Gradescope runs this once, as root, when it builds the
# autograder's image from the zip that `make gradescope` made (unpacked in
# /autograder/source; Gradescope's base image is Ubuntu, 22.04 by default).
#
# What it does, in order:
#   1. apt-get update, then apt-get install build-essential (gcc, make,
#      binutils: the course's code and the grader's C tools are compiled);
#   2. course/grader/setup-deps --for grade: the packages the grader needs
#      (valgrind, bats, bats-support, bats-assert, jq, gdb, libexpat1-dev,
#      libc6-dbg), with apt-get, only those missing;
#   3. make tools: the grader's ct-run and vgxml;
#   4. the folders of the reference solutions and of the hidden checks
#      closed to everyone but root (student code never runs as root);
#   5. a smoke test: the reference solution of the first graded exercise
#      must get full marks here, or the build fails with the report (better
#      a failed build than wrong grades).
# See docs/platforms.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
course="$here/course"
config="$here/gradescope.json"
export DEBIAN_FRONTEND=noninteractive

echo "== apt-get update"
apt-get update
echo "== apt-get install build-essential"
apt-get install -y --no-install-recommends build-essential
echo "== grader/setup-deps --for grade"
"$course/grader/setup-deps" --for grade
echo "== make tools"
make -C "$course" tools

# Folders only: the grader (root) copies files out of them for contained
# runs, and the copies keep the files' own modes.
for dir in "$course/solutions" "$course/hidden"; do
  if [[ -d "$dir" ]]; then
    find "$dir" -type d -exec chmod go-rwx {} +
  fi
done

first=$(jq -r '.exercises[0] // empty' "$config")
[[ -n "$first" ]] || first=1.1
hidden=()
if [[ -d "$course/hidden" ]]; then
  hidden=(--hidden "$course/hidden")
fi
echo "== smoke test: grader/grade --solutions ${hidden[*]} $first"
if ! "$course/grader/grade" --solutions "${hidden[@]}" --timeout-scale "$(jq -r '.timeout_scale // 1' "$config")" "$first"; then
  echo "The reference solution of $first did not get full marks on this image: the grades would be wrong." >&2
  echo "The report above says why; docs/platforms.md lists what the grader needs." >&2
  exit 1
fi
echo "== setup done"
