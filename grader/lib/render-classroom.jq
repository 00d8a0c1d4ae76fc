# render-classroom.jq - the grade's result (grader/grade --format json) as
# the result a GitHub Classroom autograding runner hands to
# classroom-resources/autograding-grading-reporter: version 1, status,
# max_score and tests[] (name, status, score, message, test_code, filename,
# line_no, duration), which grader/platforms/classroom/result encodes in
# base64. A renderer only: every score and verdict is the grader's own.
#
#   jq -L grader/lib -f render-classroom.jq --arg error "" --argjson max 0 RESULT
#
# The reporter adds up max_score and the tests' scores into the points
# GitHub Classroom records. An instructor's hidden checks are left out:
# everything here is printed in the student's own Actions log.
# $error: when not empty, the grader could not grade (input: null); the
# result has status "error", 0 points out of $max.
include "platforms";

def tests:
  [ .exercises[] as $ex
    | $ex.checks[] | select(.hidden | not) | . as $c
    | check_place($ex) as $at
    | {name: ($c | check_title($ex)),
       status: ({"pass": "pass", "fail": "fail", "timeout": "fail", "error": "error"}[$c.status] // "error"),
       score: $c.score,
       max_score: $c.max_score,
       message: (if $c.status == "pass" then "" else $c | check_text($ex) end),
       # What a student runs to see the same report at home.
       test_code: "make grade EX=\($ex.short)",
       filename: $at.file,
       line_no: $at.line,
       # The result model times the whole grade, not each check.
       duration: 0} ];

def results:
  tests as $tests
  | ([$tests[].max_score] | add // 0) as $max
  | {version: 1,
     status: (if ([$tests[].score] | add // 0) == $max then "pass" else "fail" end),
     max_score: $max,
     tests: [$tests[] | del(.max_score)]};

def error_results:
  {version: 1, status: "error", max_score: $max,
   tests: [{name: "cleanthreads grader", status: "error", score: 0,
            message: "The grader could not grade this repository (not a verdict on your code): \($error)",
            test_code: "make grade", filename: "", line_no: 0, duration: 0}]};

if $error != "" then error_results else results end
