# render-text.jq - grade's report for people: a summary table, then each
# failing check's findings with file:line, the hint and the lesson to read.
include "ct";

def mark: if . == "pass" then "ok" elif . == "timeout" then "TIMEOUT" elif . == "error" then "ERROR" else "FAIL" end;
def pad($n): tostring | . + (" " * ([$n - length, 0] | max));
def lpad($n): tostring | (" " * ([$n - length, 0] | max)) + .;
def full: .score == .max_score;

"",
(.exercises[] | "  \(.short | pad(5)) \(.title | pad(46)) \("\(.score)/\(.max_score)" | lpad(6))  \(if full then "done" else "to do" end)"),
"  \("Total" | pad(52)) \("\(.score)/\(.max_score)" | lpad(6))",
"",
(.exercises[] | select(full | not)
 | "\(.short) \(.title)  (\(.files | join(", ")))",
   (.checks[] | select(.status != "pass")
    | "  \(.status | mark): \(.name)  \(.score)/\(.max_score)",
      (if .note then "    " + (.note | gsub("\n"; "\n    ")) else empty end),
      (.findings | if length > 0 then findings_text else empty end)),
   "  Hint: \(.hint)",
   "  Lesson: \(.lesson)",
   ""),
(first(.exercises[] | select(full | not)) // null
 | if . == null then "Everything graded here has full marks."
   else "Next: fix \(.short) (\(.title)), then run: make grade EX=\(.short)" end)
