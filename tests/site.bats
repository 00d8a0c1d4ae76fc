#!/usr/bin/env bats
# The HTML site of the lessons and docs (`make docs`, docs/build-site):
# built once into a temporary folder, then checked page by page, link by
# link, and in headless Chromium.

load test_helper

setup_file() {
  command -v pandoc >/dev/null || skip "pandoc is missing (make test-deps installs it)"
  SITE="$BATS_FILE_TMPDIR/site"
  export SITE
  "$ROOT/grader/bin/ct-run" --timeout 60 -- "$ROOT/docs/build-site" "$SITE" >"$BATS_FILE_TMPDIR/build.log" 2>&1
}

# chromium_run ARGS...: headless Chromium with a profile of its own, under
# a time limit.
chromium_run() {
  command -v chromium >/dev/null || skip "chromium is missing (make test-deps installs it)"
  run limited 60 chromium --headless --no-sandbox --disable-gpu \
    --user-data-dir="$BATS_TEST_TMPDIR/profile" "$@"
}

@test "the site has one page for every lesson and doc Markdown file" {
  [[ -f "$SITE/index.html" ]]
  [[ -f "$SITE/style.css" ]]
  local md missing=""
  cd "$ROOT"
  for md in lessons/*/*.md docs/*.md docs/findings/*.md; do
    [[ -f "$SITE/${md%.md}.html" ]] || missing+="$md "
  done
  [[ -z "$missing" ]] || fail "no page for: $missing"
  run cat "$BATS_FILE_TMPDIR/build.log"
  assert_output --partial "Site: $SITE/index.html"
  refute_output --partial warning
}

@test "every local link and image in the site resolves to a file in it" {
  run limited 30 python3 "$ROOT/tests/site/check-links.py" "$SITE"
  assert_success
  assert_output --partial "all resolve"
}

@test "links between pages point to .html pages, and code is highlighted" {
  local page="$SITE/lessons/01-queue/04-close.html"
  run grep -o 'href="README.html"' "$page"
  assert_success
  run grep -E 'href="[^"#:]*\.md(#[^"]*)?"' "$SITE"/lessons/*/*.html "$SITE"/docs/*.html "$SITE"/docs/findings/*.html
  assert_failure
  run grep -c 'class="sourceCode c"' "$SITE/lessons/01-queue/README.html"
  assert_success
  run grep -c 'code span.kw' "$SITE/lessons/01-queue/README.html"
  assert_success
}

@test "the sidebar lists the lessons in order, then the docs, and marks the page" {
  local page="$SITE/lessons/02-pools/03-double-release.html"
  run grep -o -E 'href="[^"]*(lessons/0[1-4]-[a-z]+/README|docs/README)\.html"' "$page"
  assert_success
  assert_line --index 0 --partial lessons/01-queue/README.html
  assert_line --index 1 --partial lessons/02-pools/README.html
  assert_line --index 2 --partial lessons/03-cleanup/README.html
  assert_line --index 3 --partial lessons/04-workpool/README.html
  assert_line --index 4 --partial docs/README.html
  run grep -o 'href="../../lessons/02-pools/03-double-release.html" aria-current="page"' "$page"
  assert_success
}

@test "the diagrams are committed SVG, shown in the lesson pages and copied into the site" {
  local svg
  for svg in ring-buffer race-timeline deadlock-timeline free-list shutdown-sequence; do
    run python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$ROOT/lessons/diagrams/$svg.svg"
    assert_success
    run grep -l "(../diagrams/$svg.svg)" "$ROOT"/lessons/*/README.md
    assert_success
    run grep -l "src=\"../diagrams/$svg.svg\"" "$SITE"/lessons/*/README.html
    assert_success
    [[ -f "$SITE/lessons/diagrams/$svg.svg" ]]
  done
}

@test "a lesson page and some docs load in headless Chromium with their titles" {
  local page title
  while IFS='|' read -r page title; do
    chromium_run --dump-dom "file://$SITE/$page"
    assert_success
    assert_output --partial "<title>$title | cleanthreads</title>"
    assert_output --partial 'class="sidebar"'
  done <<'EOF'
lessons/01-queue/README.html|Lesson 1: a queue that threads can share
lessons/04-workpool/02-teardown-order.html|4.2 Teardown order: nothing is freed while a thread can still use it
docs/findings/race.html|Data race
index.html|cleanthreads
EOF
}

@test "headless Chromium takes a screenshot of a lesson page" {
  local png="$BATS_TEST_TMPDIR/lesson.png"
  chromium_run --hide-scrollbars --screenshot="$png" --window-size=1280,900 \
    "file://$SITE/lessons/04-workpool/README.html"
  assert_success
  [[ -f "$png" ]] || fail "no screenshot: $output"
  [[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] || fail "not a PNG"
  local size
  size=$(stat -c %s "$png")
  ((size > 20000)) || fail "the screenshot is only $size bytes"
}

@test "without pandoc, build-site says what to install" {
  local bin="$BATS_TEST_TMPDIR/bin"
  mkdir -p "$bin"
  ln -s "$(command -v dirname)" "$bin/dirname"
  run env PATH="$bin" /bin/bash "$ROOT/docs/build-site" "$BATS_TEST_TMPDIR/out"
  assert_failure
  assert_output --partial "pandoc is missing"
  assert_output --partial "apt-get install -y pandoc"
  [[ ! -e "$BATS_TEST_TMPDIR/out" ]]
}

@test "build-site will not empty a folder it did not make" {
  mkdir -p "$BATS_TEST_TMPDIR/mine"
  echo keep >"$BATS_TEST_TMPDIR/mine/notes.txt"
  run limited 30 "$ROOT/docs/build-site" "$BATS_TEST_TMPDIR/mine"
  assert_failure
  assert_output --partial "not empty and was not made by build-site"
  [[ -f "$BATS_TEST_TMPDIR/mine/notes.txt" ]]
  run "$ROOT/docs/build-site" one two
  assert_failure
  assert_output --partial "at most one output folder"
}

@test "make docs is in make help, and the site's scripts are shellcheck-clean" {
  run make -s -C "$ROOT" help
  assert_success
  assert_output --partial "make docs"
  command -v shellcheck >/dev/null || skip "shellcheck is missing"
  run shellcheck -x -S warning "$ROOT/docs/build-site"
  assert_success
}
