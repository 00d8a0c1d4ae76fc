# render-feedback.jq - what a student sees of their class-grading result
# (grade-class writes it to feedback/<student>.md): per step the score, each
# failing check with its findings in plain words and file:line, the hint and
# the lesson. Checks marked "hidden" (an instructor's --hidden checks) and
# their findings are left out entirely, and so are their points.
#
# Text that comes from the submission (file names, compiler output) is
# escaped or set in code blocks, so it can never become Markdown or HTML.
include "ct";

# Escapes what Markdown (CommonMark and pandoc's) would read as markup.
def md: gsub("(?<c>[\\\\`*_\\[\\]<>&|~$^])"; "\\\(.c)");
# An indented code block: shown as it is, never interpreted.
def code: split("\n") | map(if test("\\S") then "    " + . else "" end) | join("\n")
  | sub("\n+$"; "");
def listed($n): (.[:$n] | map("    " + .) | join("\n"))
  + (if length > $n then "\n    ... and \(length - $n) more" else "" end);
def mark: if . == "timeout" then "TIMEOUT" elif . == "error" then "ERROR" else "FAIL" end;

def shown_checks: [.checks[] | select(.hidden != true)];
def shown_score: shown_checks | map(.score) | add // 0;
def shown_max: shown_checks | map(.max_score) | add // 0;
def has_hidden: any(.checks[]; .hidden == true);
def warnings: first(.checks[] | select(.hidden != true and .kind == "build" and .status == "pass") | .note // empty) // null;

def summary_table:
  "| Step | Title | Score | |",
  "|---|---|---|---|",
  (.exercises[] | "| \(.short) | \(.title | md) | \(shown_score)/\(shown_max) | \(if shown_score == shown_max then "done" else "to do" end) |");

def what_was_graded:
  (.intake.root // "") as $root
  | ([.exercises[] | .id as $id | .not_submitted as $ns
    | .files[] | select((split("/")[-1]) as $f | ($ns // []) | index($f) | not)]) as $taken
  | ([.exercises[] | .id as $id | (.not_submitted // [])[] | "exercises/\($id)/\(.)"]) as $starters
  | ([.intake.skipped[]? | "\(.path): \(.reason)"]
     + (if (.intake.skipped_more // 0) > 0 then ["... and \(.intake.skipped_more) more"] else [] end)) as $skipped
  | ([.intake.ignored[]?]
     + [.unused[]? | (if $root == "" then . else "\($root)/\(.)" end)]
     + [.exercises[] | .id as $id | (.ignored // [])[] | "exercises/\($id)/\(.)"]
     + (if (.intake.ignored_more // 0) > 0 then ["... and \(.intake.ignored_more) more"] else [] end)) as $unused
  | "## What was graded",
    "",
    (if ($taken | length) > 0 then
       "Taken from your submission (\(.submission | md)):", "", ($taken | listed(40)), ""
     else
       "Nothing in your submission (\(.submission | md)) is a file of the steps graded here.", ""
     end),
    (if ($starters | length) > 0 then
       "Not in your submission, so the course's unchanged starter was graded instead:", "",
       ($starters | listed(40)), ""
     else empty end),
    (if ($skipped | length) > 0 then
       "Skipped, never unpacked (links, unsafe paths, special files):", "", ($skipped | listed(20)), ""
     else empty end),
    (if ($unused | length) > 0 then
       "Not used (only the files you edit in each step are graded; each must sit in its step's folder, as in exercises/01-queue/01-ring-mutex/queue.c):",
       "", ($unused | listed(20)), ""
     else empty end);

def exercise_section:
  "## \(.short) \(.title | md): \(shown_score)/\(shown_max)",
  "",
  "Your file\(if (.files | length) > 1 then "s" else "" end): \(.files | map(md) | join(", "))",
  "",
  (if shown_score == shown_max then "Every check shown here passes.", "" else empty end),
  (shown_checks[] | select(.status != "pass")
   | select((.note == "not run: the code was not built" and (.findings | length) == 0) | not)
   | "### \(.status | mark): \(.name | md) (\(.score)/\(.max_score))",
     "",
     (if .note then (.note | code), "" else empty end),
     (if (.findings | length) > 0 then (.findings | findings_text | code), "" else empty end)),
  ([shown_checks[] | select(.status != "pass" and .note == "not run: the code was not built" and (.findings | length) == 0)]
   | if length > 0 then
       "### Not run, because the code was not built (\(map(.score) | add)/\(map(.max_score) | add))", "",
       (map("- " + (.name | md)) | join("\n")), ""
     else empty end),
  (warnings | if . != null then
     "The compiler warns (no points lost, but read it):", "",
     (ltrimstr("compiler warnings:\n") | code), ""
   else empty end),
  (if shown_score != shown_max then
     "**Hint:** \(.hint | md)", "",
     "**Lesson:** \(.lesson)", ""
   else empty end);

"# Feedback: \(.student | md)",
  "",
  (if .error then
     "**Your submission could not be graded.** \(.error | md)",
     "",
     "Score: 0.",
     ""
   else
     "Submission: \(.submission | md)\(if .graded_at then ", graded \(.graded_at)" else "" end).",
     "",
     "**Score: \([.exercises[] | shown_score] | add // 0)/\([.exercises[] | shown_max] | add // 0)**",
     "",
     (if any(.exercises[]; has_hidden) then
        "Your instructor also grades this work with checks that are not shown here; the scores on this page count only the checks shown.", ""
      else empty end),
     summary_table,
     "",
     what_was_graded,
     (.exercises[] | exercise_section),
     (if .sandbox.description then "Your code ran contained: \(.sandbox.description)." else empty end)
   end)
