# render-gradescope.jq - the grade's result (grader/grade --format json) as
# Gradescope's results.json (its autograder specification: score,
# execution_time, output, output_format, stdout_visibility, tests[]).
# A renderer only: every score and verdict is the grader's own.
#
#   jq -L grader/lib -f render-gradescope.jq --argjson elapsed SECONDS \
#      --arg hidden_visibility hidden --arg error "" --argjson max 0 RESULT
#
# $hidden_visibility: Gradescope's visibility for the instructor's hidden
#   checks (hidden, after_due_date or after_published); public checks are
#   always "visible".
# $error: when not empty, the grader could not grade (input: null); the
#   result says so, scores 0 out of $max, and is still a valid results.json.
include "platforms";

# Gradescope renders "md" output: keep titles literal
# (__attribute__((cleanup)) is not bold).
def md: gsub("(?<c>[\\\\`*_\\[\\]<>#|])"; "\\\(.c)");

def visible_checks: [.checks[] | select(.hidden | not)];

# The submission-wide summary: points per exercise from the checks the
# student can see (hidden checks' results must not show through a total),
# what to do next, and how the code ran.
def summary:
  . as $r
  | [ .exercises[] | visible_checks as $v
      | {short, title, score: ([$v[].score] | add // 0), max: ([$v[].max_score] | add // 0)} ] as $rows
  | ([$rows[].score] | add // 0) as $score
  | ([$rows[].max] | add // 0) as $max
  | (first($rows[] | select(.score < .max)) // null) as $next
  | [ "**Points: \($score)/\($max)**"
        + (if any($r.exercises[].checks[]; .hidden) then " (from the checks shown here)" else "" end),
      "",
      ($rows[] | "- **\(.short)** \(.title | md): \(.score)/\(.max)\(if .score == .max then ", done" else ", to do" end)"),
      "",
      (if $next == null then "Every check shown here passes."
       else "Next: fix \($next.short) (\($next.title | md)). Each failing test below says what went wrong and where (file:line), with a hint and the lesson to read." end),
      "",
      "Your code ran contained: \($r.sandbox.description // "unknown")." ]
  | join("\n");

def tests:
  [ .exercises[] as $ex
    | $ex.checks | to_entries[] | .key as $i | .value as $c
    | {name: ($c | check_title($ex)),
       number: "\($ex.short).\($i + 1)",
       score: $c.score,
       max_score: $c.max_score,
       status: (if $c.status == "pass" then "passed" else "failed" end),
       output: ($c | check_text($ex)),
       visibility: (if $c.hidden then $hidden_visibility else "visible" end),
       tags: ([$ex.short, $c.kind] + (if $c.hidden then ["hidden"] else [] end))} ];

def results:
  tests as $tests
  | {score: ([$tests[].score] | add // 0),
     execution_time: $elapsed,
     output: summary,
     output_format: "md",
     test_output_format: "text",
     # run_autograder's standard output is the text report with every
     # check, hidden ones included: for the instructor only.
     stdout_visibility: "hidden",
     extra_data: {sandbox: (.sandbox.level // "unknown"), exercises: [.exercises[].id]},
     tests: $tests};

# The grader could not grade: score 0, and the reason in plain words.
def error_results:
  ("The autograder could not grade this submission. This is not a verdict on your code: "
   + "please tell your instructor.\n\nWhat went wrong: \($error)") as $text
  | {score: 0,
     execution_time: $elapsed,
     output: $text,
     output_format: "text",
     test_output_format: "text",
     stdout_visibility: "hidden",
     tests: (if $max > 0
             then [{name: "Grading", number: "0", score: 0, max_score: $max, status: "failed",
                    output: $text, visibility: "visible"}]
             else [] end)};

if $error != "" then error_results else results end
