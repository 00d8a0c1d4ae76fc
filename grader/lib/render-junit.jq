# render-junit.jq - one student's class-grading result as JUnit XML
# (grade-class --format junit writes junit/<student>.xml): a test suite per
# step, a test case per check. This is instructor output: hidden checks are
# included, their names prefixed "[hidden]" and a property hidden=true.
include "ct";

# XML text and attribute values: escaped, and without the control
# characters XML 1.0 forbids (a program's output may have them).
def x: tostring | gsub("[\u0000-\u0008\u000b\u000c\u000e-\u001f]"; "")
  | gsub("&"; "&amp;") | gsub("<"; "&lt;") | gsub(">"; "&gt;") | gsub("\""; "&quot;") | gsub("'"; "&apos;");
def failed: .status != "pass";
def case_name: (if .hidden then "[hidden] " else "" end) + .name;
def first_words: (.findings[0] // null) as $f
  | if $f then "\($f.title // $f.kind): \($f.message // "")" elif .note then .note else .status end
  | split("\n")[0];
def details: ((if .note then .note + "\n" else "" end) + (if (.findings | length) > 0 then .findings | findings_text else "" end));

def testcase($id):
  "    <testcase classname=\"\($id | x)\" name=\"\(case_name | x)\">",
  "      <properties><property name=\"score\" value=\"\(.score)\"/><property name=\"max_score\" value=\"\(.max_score)\"/>\(if .hidden then "<property name=\"hidden\" value=\"true\"/>" else "" end)</properties>",
  (if .status == "fail" then
     "      <failure type=\"\((.findings[0].kind // "fail") | x)\" message=\"\(first_words | x)\">\(details | x)</failure>"
   elif .status != "pass" then
     "      <error type=\"\(.status | x)\" message=\"\(first_words | x)\">\(details | x)</error>"
   else empty end),
  "    </testcase>";

"<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
if .error then
  "<testsuites name=\"\(.student | x)\" tests=\"1\" failures=\"0\" errors=\"1\">",
  "  <testsuite name=\"submission\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">",
  "    <testcase classname=\"submission\" name=\"the submission can be unpacked and graded\">",
  "      <error type=\"\(.error_kind // "error" | x)\" message=\"\(.error | x)\">\(.error | x)</error>",
  "    </testcase>",
  "  </testsuite>",
  "</testsuites>"
else
  ([.exercises[].checks[]]) as $all
  | "<testsuites name=\"\(.student | x)\" tests=\"\($all | length)\" failures=\"\([$all[] | select(.status == "fail")] | length)\" errors=\"\([$all[] | select(.status != "pass" and .status != "fail")] | length)\">",
    (.exercises[] | .id as $id
     | "  <testsuite name=\"\("\(.short) \(.title)" | x)\" id=\"\($id | x)\" tests=\"\(.checks | length)\" failures=\"\([.checks[] | select(.status == "fail")] | length)\" errors=\"\([.checks[] | select(.status != "pass" and .status != "fail")] | length)\" skipped=\"0\"\(if .graded_at then " timestamp=\"\(.graded_at | rtrimstr("Z") | x)\"" else "" end)>",
       "    <properties><property name=\"score\" value=\"\(.score)\"/><property name=\"max_score\" value=\"\(.max_score)\"/></properties>",
       (.checks[] | testcase($id)),
       "  </testsuite>"),
    "</testsuites>"
end
