# render-text.jq - grade's report for people: a summary table, then each
# failing check's findings with file:line, the hint and the lesson to read.
include "ct";

def mark: if . == "pass" then "ok" elif . == "timeout" then "TIMEOUT" elif . == "error" then "ERROR" else "FAIL" end;
def pad($n): tostring | . + (" " * ([$n - length, 0] | max));
def lpad($n): tostring | (" " * ([$n - length, 0] | max)) + .;
def full: .score == .max_score;
def warnings: first(.checks[] | select(.kind == "build" and .status == "pass") | .note // empty) // null;
def indented: split("\n") | map(select(length > 0) | "      | " + .) | join("\n");

# The title column fits the longest title graded (46 at least).
([.exercises[].title | length] + [46] | max) as $width
| "",
(.exercises[] | "  \(.short | pad(5)) \(.title | pad($width)) \("\(.score)/\(.max_score)" | lpad(6))  \(if full then "done" else "to do" end)"),
"  \("Total" | pad($width + 6)) \("\(.score)/\(.max_score)" | lpad(6))",
"",
(.exercises[] | select((full | not) or warnings != null or (.ignored | length) > 0)
 | "\(.short) \(.title)  (\(.files | join(", ")))",
   (if (.ignored | length) > 0
    then "  Ignored (only \(.files | map(split("/")[-1]) | join(", ")) is graded; nothing else in the folder is used): \(.ignored | join(", "))"
    else empty end),
   (.checks[] | select(.status != "pass")
    | "  \(.status | mark): \(.name)\(if .hidden then " [hidden check]" else "" end)  \(.score)/\(.max_score)",
      (if .note then .note | split("\n") | map("    " + .) | join("\n") else empty end),
      (.findings | if length > 0 then findings_text else empty end)),
   (warnings | if . != null then "  The compiler warns (no points lost, but read it):\n" + (ltrimstr("compiler warnings:\n") | indented) else empty end),
   (if full then empty else "  Hint: \(.hint)", "  Lesson: \(.lesson)" end),
   ""),
(first(.exercises[] | select(full | not)) // null
 | if . == null then "Everything graded here has full marks."
   else "Next: fix \(.short) (\(.title)), then run: make grade EX=\(.short)" end),
"Your code ran contained: \(.sandbox.description)."
