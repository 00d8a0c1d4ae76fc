# render-tap.jq - one student's class-grading result as TAP version 13
# (grade-class --format tap writes tap/<student>.tap): a test line per
# check, its findings as comment lines. This is instructor output: hidden
# checks are included and marked "[hidden]".
include "ct";

def one_line: gsub("[\u0000-\u001f]+"; " ") | gsub("#"; "\\#");
def comment: split("\n") | map(select(test("\\S")) | "# " + (gsub("[\u0000-\u0008\u000b-\u001f]"; ""))) | join("\n");

"TAP version 13",
if .error then
  "1..1",
  "not ok 1 - the submission can be unpacked and graded",
  ("\(.error)" | comment)
else
  [.exercises[] | . as $x | .checks[] | {short: $x.short} + .] as $all
  | "1..\($all | length)",
    "# \(.student | one_line): \(.score)/\(.max_score)",
    ($all | to_entries[] | .key as $i | .value
     | "\(if .status == "pass" then "ok" else "not ok" end) \($i + 1) - \(.short) \(if .hidden then "[hidden] " else "" end)\(.name | one_line) (\(.score)/\(.max_score))\(if .status == "timeout" then " # timeout" elif .status == "error" then " # error" else "" end)",
       (if .status != "pass" then
          (((if .note then .note + "\n" else "" end) + (if (.findings | length) > 0 then .findings | findings_text else "" end)) | comment)
          | select(length > 0)
        else empty end))
end
