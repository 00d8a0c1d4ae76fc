# vgresult.jq - vgcheck's verdict from one Valgrind run.
# Inputs (see grader/vgcheck): $report (vgxml JSON or null), $run (ct-run's
# status), $stacks (thread stacks captured at a timeout, or null), $output
# (what the program printed), $tool, $timeout, $own, $rename, $kinds.
include "ct";

$run[0] as $run
| $report[0] as $report
| $kinds[0] as $kinds
| ($stacks[0] // null) as $stacks
| ($output | tail_text) as $tail
| (if $run.status == "timeout" and $report != null
   then $report | .errors |= map(select(.after_signal | not)) else $report end) as $report
| (if $report == null then []
   else ($report | report_findings($tool; $own; $rename; $kinds))
        + [$report | crash_finding($tool; $own; $rename; $kinds)]
   end) as $found
| (if $run.status == "timeout" then "timeout"
   elif $run.status == "output-limit" then "failed"
   elif $report == null or ($report.finished | not) then "failed"
   elif $report.fatal_signal != null then "crashed"
   elif ($found | length) > 0 then "errors"
   else "clean" end) as $status
| {tool: $tool,
   status: $status,
   exit_code: $run.exit_code,
   result: $run.result,
   sandbox: $run.sandbox,
   signal: ($report.fatal_signal.signame // $run.signal),
   findings: (
     if $status == "timeout" then
       $found + [$stacks | hang_finding($tool; $own; $rename; $kinds; $timeout)]
     elif $run.status == "output-limit" then
       $found + [output_limit_finding($tool; $tail; $kinds)]
     elif $status == "failed" then
       $found + [{tool: $tool, kind: "ToolFailed", file: null, line: null, function: null,
                  detail: ($report.parse_error // "no report written"),
                  output: $tail, stack: []} | describe($kinds)]
     else $found end),
   output: $tail}
