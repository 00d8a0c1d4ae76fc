# platforms.jq - what the platform renderers (render-gradescope.jq,
# render-classroom.jq) share: one check of the grade's result as feedback
# in plain words, the way the text report (render-text.jq) gives it.
# Renderers only: the verdicts come from grader/grade, never from here.
include "ct";

# findings_text indents for the text report's layout; a platform shows one
# check on its own, so the first level of indentation goes.
def dedented: split("\n") | map(sub("^    "; "")) | join("\n") | sub("\n+$"; "");

def status_mark:
  {"pass": "passed", "fail": "FAILED", "timeout": "TIMED OUT", "error": "ERROR"}[.] // .;

# "1.3 Two condition variables: not full, not empty: it compiles"
def check_title($ex): "\($ex.short) \($ex.title): \(.name)";

# The feedback for one check (input) of exercise $ex: on a failure, the
# note, the findings with file:line, then the hint and the lesson; on a
# pass, only what is worth reading (compiler warnings, a measurement).
def check_text($ex):
  . as $c
  | [ (if $c.kind == "build" and (($ex.ignored // []) | length) > 0
       then "Ignored (only \($ex.files | map(split("/")[-1]) | join(", ")) is graded; nothing else in the folder is used): \($ex.ignored | join(", "))"
       else empty end),
      (if $c.status == "pass" then
         ($c.detail // empty),
         ($c.note // empty
          | if startswith("compiler warnings:\n")
            then "The compiler warns (no points lost, but read it):\n" + ltrimstr("compiler warnings:\n")
            else . end)
       else
         "\($c.status | status_mark): \($c.name)  \($c.score)/\($c.max_score)",
         ($c.note // empty),
         ($c.findings | if length > 0 then findings_text | dedented else empty end),
         "",
         "Hint: \($ex.hint)",
         "Lesson: \($ex.lesson)"
       end) ]
  | join("\n") | sub("\n+$"; "");

# Where a check points in the student's files: its first finding with a
# place, else the exercise's first file (line 0: no line in particular).
def check_place($ex):
  (first(.findings[]? | select(.file != null)) // null) as $f
  | if $f != null then {file: $f.file, line: ($f.line // 0)}
    else {file: ($ex.files[0] // ""), line: 0} end;
