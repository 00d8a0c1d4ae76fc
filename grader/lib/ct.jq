# ct.jq - turning Valgrind's data into findings a student can act on, and
# findings into text. Shared by vgcheck and grade (jq -L grader/lib).
#
# Conventions: $own is a list of paths (files or folders) that count as the
# student's code; when it is empty, any absolute path outside /usr does.
# $rename maps a file's path at build time to the path the student knows.
# $kinds is grader/findings.json.

# --- frames -------------------------------------------------------------

def is_own($own):
  . as $f
  | ($f.file != null) and ($f.line != null)
  and (if ($own | length) > 0
       then any($own[]; . as $p | $f.file == $p or ($f.file | startswith($p + "/")))
       else ($f.file | startswith("/")) and (($f.file | startswith("/usr/")) | not)
            and ((($f.object // "") | startswith("/usr/")) | not)
       end);

def shown($rename):
  if .file != null and ($rename[.file] // null) != null then .file = $rename[.file] else . end;

# A function name as a student would write it: pthread_mutex_lock, not
# ___pthread_mutex_lock or __wrap_pthread_cond_wait@@GLIBC_2.3.2.
def plain_function:
  if . == null then null
  else sub("@.*$"; "") | sub("^__wrap_"; "") | sub("^_+(?<n>pthread)"; "\(.n)")
       | sub("^pthread_clockjoin_ex$"; "pthread_join")
  end;

# First frame of a stack in the student's code, as {function, file, line}.
def own_location($own; $rename):
  (map(select(is_own($own))) | first // null)
  | if . == null then null else shown($rename) | {function, file, line} end;

def clean_stack($rename):
  map(select(.function != null) | shown($rename) | {function, file, line});

# --- findings -------------------------------------------------------------

def describe($kinds):
  . as $f
  | ($kinds[$f.kind] // {title: $f.kind, doc: "docs/findings/README.md",
                         explain: "Valgrind reported a problem of kind \($f.kind)."}) as $k
  | $f + {title: $k.title, message: ($f.message // $k.explain), doc: $k.doc}
  | (if .block_allocated_at then " (at \(.block_allocated_at.file):\(.block_allocated_at.line), in \(.block_allocated_at.function))" else "" end) as $where
  | if .pool_object and .kind == "InvalidFree" then
      .title = "double release"
      | .message = "The same pool object was released a second time, here. After the first release it belonged to the pool again, and perhaps already to another owner: now two owners can get it."
    elif .pool_object then
      .message += " It lies inside a block that is still allocated\($where) but was marked unusable: a pool object, used after it went back to the pool."
    else . end;

# Findings from vgxml's JSON. Identical findings (same kind and place) are
# reported once: Valgrind's counts vary from run to run, the places do not.
def report_findings($tool; $own; $rename; $kinds):
  .threads as $threads
  | [ .errors[]
      | . as $e
      | ($e.stack | own_location($own; $rename)) as $own_at
      # Some errors (a thread exiting with a lock held) happen outside any
      # user frame: point at where that thread was started instead.
      | ($own_at // (($threads[($e.thread // -1 | tostring)] // []) | own_location($own; $rename))) as $at
      # An invalid access *inside* a block that malloc still counts as
      # allocated (one aux stack: where it was allocated, none for a free)
      # can only be memory the program itself marked unusable: with the
      # mempool client requests, a pool object after its release. (Only this
      # extra sentence reads Memcheck's wording; if it changes, the finding
      # is reported all the same, without it.)
      | ($e.aux | map(select((.stack | length) > 0))) as $stacked
      | (($e.kind | IN("InvalidRead", "InvalidWrite", "InvalidFree"))
         and ($stacked | length) == 1 and (($stacked[0].what // "") | test(" inside "))) as $pooled
      | {tool: $tool, kind: $e.kind, detail: $e.what,
         file: $at.file, line: $at.line, function: $at.function}
      + (if $pooled then {pool_object: true, block_allocated_at: ($stacked[0].stack | own_location($own; $rename))} else {} end)
      # Memcheck describes a block in aux stacks: a freed block has two
      # (where it was freed, then where it was allocated), any other one
      # (where it was allocated).
      + (if ($e.kind | IN("InvalidRead", "InvalidWrite", "InvalidFree")) and ($pooled | not)
         then {aux_stacks: ($stacked | length)} else {} end)
      + (if $own_at == null and $at != null then {via: "thread start"} else {} end)
      + {
         stack: ($e.stack | clean_stack($rename)),
         related: [ $e.aux | to_entries[]
                    | .key as $index | .value
                    | (.stack | own_location($own; $rename)) as $where
                    | select($where != null)
                    | {what, thread, index: $index,
                       file: $where.file, line: $where.line, function: $where.function} ]}
      | describe($kinds) ]
  | unique_by([.kind, .file, .line, .function, (.related | map([.file, .line]))]);

# A crash seen by Valgrind (<fatal_signal>). SIGTERM/SIGKILL are the
# grader's own timeout and are reported as a hang instead.
def crash_finding($tool; $own; $rename; $kinds):
  if .fatal_signal == null or (.fatal_signal.signame | IN("SIGTERM", "SIGKILL")) then empty
  else .fatal_signal as $sig
    | ($sig.stack | own_location($own; $rename)) as $at
    | {tool: $tool, kind: "Crash", file: $at.file, line: $at.line, function: $at.function,
       detail: "killed by \($sig.signame)",
       message: "The program was killed by \($sig.signame)\(if $sig.signame == "SIGSEGV" then " (an access to memory it does not own, often a NULL or freed pointer)" else "" end).",
       stack: ($sig.stack | clean_stack($rename))}
    | describe($kinds)
  end;

# One thread of a hung program: where it waits, in the student's terms.
def waiting_thread($own; $rename):
  . as $t
  | ($t.stack | map(is_own($own)) | index(true)) as $i
  | if $i == null then empty
    else ($t.stack[$i] | shown($rename)) as $at
      | {thread: $t.thread, function: $at.function, file: $at.file, line: $at.line,
         waiting_in: (if $i > 0 then ($t.stack[$i - 1].function | plain_function) else null end)}
    end;

# A finding for a run that timed out. Input: gdb's stacks (or null when
# they could not be captured).
def hang_finding($tool; $own; $rename; $kinds; $timeout):
  (if . == null then [] else [.[] | waiting_thread($own; $rename)] end) as $threads
  # The main thread waiting in pthread_join is rarely the story: point at
  # the first thread stuck elsewhere.
  | (first($threads[] | select((.waiting_in // "") | test("join") | not)) // ($threads | first) // {}) as $first
  | {tool: $tool, kind: "Hang", file: $first.file, line: $first.line, function: $first.function,
     detail: "stopped after \($timeout) s",
     threads: $threads,
     message: ("The program was still running after \($timeout) s, so it was stopped. "
       + (if . == null then "Where its threads waited could not be captured."
          elif ($threads | length) == 0 then "None of its threads was inside your code."
          else "\($threads | length) thread(s) were waiting in your code for something that never happened: a deadlock, or a wake-up that never came."
          end)),
     stack: []}
  | describe($kinds);

# --- text ---------------------------------------------------------------

def at_text: if .file == null then "" else "\(.file):\(.line)\(if .function then " (\(.function))" else "" end)" end;

def place_line:
  (if .via == "thread start" then "      in the thread started at \(at_text)" else "      at \(at_text)" end)
  + (if .kind == "TooManyAllocations" and ((.related // []) | length) > 0
     then ([.related[] | "\n        \(.what): \(at_text)"] | join(""))
     else "" end)
  # Where the block that was misused was freed, or allocated.
  + (if .aux_stacks == 2 and any(.related[]?; .index == 0 and .thread == null)
     then ", freed at \(first(.related[] | select(.index == 0)) | at_text)"
     elif .aux_stacks == 1 and any(.related[]?; .index == 0 and .thread == null)
     then ", in a block allocated at \(first(.related[] | select(.index == 0)) | at_text)"
     else "" end)
  # "against" is the other thread's conflicting access, never the place the
  # memory was allocated.
  + ([.related // [] | .[] | select(.file != null and .thread != null)] as $r
     | if ($r | length) > 0 then ", against \($r[0] | at_text)"
       # LockOrder: Helgrind's first two aux stacks are the two acquisitions
       # that established the opposite order.
       elif .kind == "LockOrder" and any(.related[]?; .index == 1)
       then ", the opposite order was taken at \(first(.related[] | select(.index == 0)) | at_text)"
            + " then \(first(.related[] | select(.index == 1)) | at_text)"
       else "" end)
  + "\n";

def output_lines:
  if (.output // "") | test("\\S") then (.output | split("\n") | map(select(length > 0) | "      | " + .) | join("\n")) + "\n"
  else "" end;

# Findings of one check as text. Findings of one kind share one explanation
# and list their places, so seven races read as one problem in seven places.
def findings_text:
  [ group_by(.kind)[] as $group
    | $group[0] as $first
    | if ($group | map(.message) | unique | length) == 1 then
        "    \($first.title): \($first.message)\n"
        + ($group | map(select(.file != null and .kind != "Hang") | place_line) | join(""))
      else
        ($group | map("    \(.title): \(.message)\n" + (if .file then place_line else "" end)) | join(""))
      end
    + ([$group[] | .threads // [] | .[]
        | "      thread \(.thread): \(if .waiting_in then "waits in \(.waiting_in), called from " else "at " end)\(at_text)\n"]
       | join(""))
    + (if $first.detail and ($first.tool | IN("memcheck", "helgrind")) and ($first.kind | IN("Hang", "ExpectedFinding") | not)
       then "      Valgrind's words\(if ($group | length) > 1 then " (first one)" else "" end): \($first.detail)\n"
       else "" end)
    + ($first | output_lines)
    + "      Read more: \($first.doc)\n" ]
  | join("");

# --- verdicts -------------------------------------------------------------

def tail_text: if length > 4000 then "[... earlier output cut ...]\n" + .[-4000:] else . end;

# Two failures the harness itself detects have kinds of their own, placed
# at the line its message names (grader/harness: a descriptor left open, a
# lock still held when a function returned).
def harness_kind:
  if .kind != "TestFailed" or .message == null then .
  else (if (.message | test("still open after the test")) then "FdLeak"
        elif (.message | test("still holds (a lock|[0-9]+ locks)")) then "LockHeld"
        else null end) as $kind
    | if $kind == null then .
      else (.message | capture(" at (?<file>[^ ]+):(?<line>[0-9]+) \\(in (?<function>[^)]+)\\)")? // {}) as $at
        | .kind = $kind | .file = $at.file | .line = ($at.line // null | if . then tonumber else null end)
        | .function = $at.function
      end
  end;

def test_failed_finding($tool; $output; $kinds):
  ($output | split("\n") | map(select(startswith("FAIL: ")) | ltrimstr("FAIL: "))) as $said
  | {tool: $tool, kind: "TestFailed", file: null, line: null, function: null, stack: [],
     message: (if ($said | length) > 0 then $said | join(" ") else null end),
     output: ($output | split("\n") | map(select(startswith("FAIL: ") | not)) | join("\n")
              | if test("\\S") then tail_text else null end)}
  | harness_kind
  | describe($kinds);

# The program printed so much that it was stopped (ct-run --output-kill).
def output_limit_finding($tool; $output; $kinds):
  {tool: $tool, kind: "OutputLimit", file: null, line: null, function: null, stack: [],
   message: "The program printed more than \(env.CT_OUTPUT_KILL // "the limit") and was stopped before the test could finish. Printing in a loop, perhaps? The first part of the output is below.",
   output: ($output | tail_text)}
  | describe($kinds);

# The program exited 0 without the driver's result record: something ended
# the process before the test was over (exit() in a thread, say). Whatever
# it printed, that is not a pass.
def ended_early_finding($tool; $output; $kinds):
  {tool: $tool, kind: "TestFailed", file: null, line: null, function: null, stack: [],
   message: "The program ended (exit status 0) before the test had finished: something in your code ended the whole process early, for example exit() or returning from a thread's start function through the wrong path. What it printed does not count.",
   output: ($output | tail_text)}
  | describe($kinds);

# A functional (Bats) check: $result is its TAP line, $record what its run
# of the driver left behind (bats-helpers.bash).
def test_verdict($check; $result; $record; $bats_status; $bats_output; $own; $rename; $kinds):
  if $result == null then
    {status: (if $bats_status == 124 then "timeout" else "error" end),
     findings: [{tool: "test", kind: "ToolFailed", file: null, line: null, function: null, stack: [],
                 message: "This test did not report a result (the test run \(if $bats_status == 124 then "ran out of time" else "failed to start" end)).",
                 output: ($bats_output | tail_text)} | describe($kinds)]}
  elif $result.ok and ($record.result // false) then {status: "pass", findings: []}
  elif $record == null then
    {status: "error",
     findings: [{tool: "test", kind: "ToolFailed", file: null, line: null, function: null, stack: [],
                 message: "The test failed before it ran the program.",
                 output: ($bats_output | tail_text)} | describe($kinds)]}
  elif $record.status == "output-limit" then
    {status: "fail", findings: [output_limit_finding("test"; $record.output; $kinds)]}
  elif $record.status == "timeout" then
    {status: "timeout", findings: [$record.stacks | hang_finding("test"; $own; $rename; $kinds; $record.timeout)]}
  elif $record.status == "signaled" then
    # gdb re-ran the scenario up to the crash (bats-helpers.bash): the
    # crashing thread is the one gdb had selected.
    (($record.stacks // []) | map(select(.selected)) | first // null) as $crashed
    | ($crashed | if . == null then null else .stack | own_location($own; $rename) end) as $at
    | {status: "fail",
       findings: [{tool: "test", kind: "Crash", file: $at.file, line: $at.line, function: $at.function,
                   stack: (($crashed // {stack: []}).stack | clean_stack($rename)),
                   detail: "killed by \($record.signal)",
                   message: ("The program was killed by \($record.signal)"
                     + (if $record.signal == "SIGSEGV" then " (an access to memory it does not own, often a NULL or freed pointer)" else "" end)
                     + (if $at == null then ". The Memcheck check (or grader/vgcheck --tool memcheck) can show the line." else "." end)),
                   output: ($record.output | tail_text)} | describe($kinds)]}
  elif $record.status == "exited" and $record.exit_code == 0 and ($record.result // false | not) then
    {status: "fail", findings: [ended_early_finding("test"; $record.output; $kinds)]}
  else
    {status: "fail", findings: [test_failed_finding("test"; $record.output; $kinds)]}
  end;

# A check that expects findings ("expect": [KIND...]) passes only when
# Valgrind reports one of them: proof that the tool can see the bug the
# driver commits on purpose (a use after release in a pool that describes
# its objects to Memcheck, say).
def expected_verdict($kinds; $check):
  if .status == "errors" and any(.findings[]; .kind as $k | $check.expect | index($k))
  then {status: "pass", findings: [.findings[] | select(.kind as $k | $check.expect | index($k))]}
  elif .status == "clean" or .status == "errors" then
    {status: "fail",
     findings: ([.findings[]] + [{tool: .tool, kind: "ExpectedFinding", file: null, line: null, function: null,
       stack: [], detail: "expected \($check.expect | join(" or "))",
       message: ($check.expect_message // "The test did something \(.tool | ascii_upcase[0:1] + .tool[1:]) should report (\($check.expect | join(" or "))), and it reported nothing.")}
       | describe($kinds)])}
  elif .status == "timeout" then {status: "timeout", findings}
  elif .status == "failed" then {status: "error", findings}
  else {status: "fail", findings}
  end;

# 37214 as "37,214".
def thousands:
  tostring | if length <= 3 then . else (.[:-3] | thousands) + "," + .[-3:] end;

# An allocation-count check: the scenario must finish (its result record
# proves it) having made at most $check.limit allocations in student code.
# $sites: [{where: "function /ct/build/file.c:line", count}].
def allocations_verdict($check; $run; $output; $sites; $shown; $kinds):
  (($run.details // "") | capture("allocations (?<n>[0-9]+)").n // null | if . then tonumber else null end) as $count
  | if $run.status == "timeout" then
      {status: "timeout", findings: [null | hang_finding("test"; []; $shown; $kinds; $check.timeout)]}
    elif ($run.result | not) or $count == null then
      {status: "fail", findings: [test_failed_finding("test"; $output; $kinds)]}
    elif $count <= $check.limit then {status: "pass", findings: []}
    else
      ($sites | sort_by(-.count) | map(
        (.where | capture("^(?<function>\\S+) (?<file>[^:]+):(?<line>[0-9]+)")) as $w
        | {function: $w.function, file: ($shown[$w.file] // $w.file), line: ($w.line | tonumber), count})) as $places
      | {status: "fail",
         findings: [{tool: "allocations", kind: "TooManyAllocations",
           file: $places[0].file, line: $places[0].line, function: $places[0].function, stack: [],
           detail: "\($count) allocations",
           message: ("\($count | thousands) allocations; the limit is \($check.limit | thousands)"
             + (if $check.limit_message then ": \($check.limit_message)" else "." end)),
           related: [$places[] | {what: "\(.count | thousands) allocations here", thread: null, file, line, function}]}
           | describe($kinds)]}
    end;

# A Memcheck or Helgrind check, from vgcheck's JSON.
def valgrind_verdict($kinds):
  . as $run
  | ($run.tool | ascii_upcase[0:1] + $run.tool[1:]) as $Tool
  | if .status == "clean" and .exit_code == 0 and .result != false then {status: "pass", findings: []}
  elif .status == "clean" and .exit_code == 0 then
    {status: "fail", findings: [ended_early_finding($run.tool; $run.output // ""; $kinds)]}
  elif .status == "clean" then
    {status: "fail", findings: [test_failed_finding($run.tool; $run.output // ""; $kinds)
      | if .kind == "TestFailed"
        then .message = ("The test program failed under \($Tool) (exit code \($run.exit_code // "?")). " + (.message // ""))
        else . end]}
  elif .status == "timeout" then {status: "timeout", findings}
  elif .status == "failed" then {status: "error", findings}
  else {status: "fail", findings}
  end;

# A native run of the driver (ct-run's status $run) that must simply pass:
# the descriptor check, and the clean run before fault injection.
def native_verdict($run; $output; $kinds; $timeout):
  if $run.status == "timeout" then
    {status: "timeout", findings: [null | hang_finding("test"; []; {}; $kinds; $timeout)]}
  elif $run.status == "output-limit" then {status: "fail", findings: [output_limit_finding("test"; $output; $kinds)]}
  elif $run.status == "signaled" then
    {status: "fail",
     findings: [{tool: "test", kind: "Crash", file: null, line: null, function: null, stack: [],
                 detail: "killed by \($run.signal)",
                 message: "The program was killed by \($run.signal)\(if $run.signal == "SIGSEGV" then " (an access to memory it does not own, often a NULL or freed pointer)" else "" end). The Memcheck check (or grader/vgcheck --tool memcheck) can show the line.",
                 output: ($output | tail_text)} | describe($kinds)]}
  elif $run.result then {status: "pass", findings: []}
  elif $run.status == "exited" and $run.exit_code == 0 then {status: "fail", findings: [ended_early_finding("test"; $output; $kinds)]}
  else {status: "fail", findings: [test_failed_finding("test"; $output; $kinds)]}
  end;

def ordinal: tostring | if test("(^|[^1])1$") then . + "st" elif test("(^|[^1])2$") then . + "nd"
  elif test("(^|[^1])3$") then . + "rd" else . + "th" end;

# A fault-injection check. $run/$output: the clean run that listed the
# fallible calls ($calls: [{k, name, file, line, function}], $count in all);
# $results: vgcheck's JSON for each run with call k failing, k = 1, 2, ...
# The first failing path is shown in full; the others are counted.
def faults_verdict($check; $run; $output; $calls; $count; $results; $max; $kinds):
  native_verdict($run; $output; $kinds; 5) as $clean
  | if $clean.status != "pass" then
      $clean + {note: "With no call failing, the test already fails, so no failure path was tried:"}
    elif $count == 0 then
      {status: "pass", findings: [], detail: "no fallible calls",
       note: "none of \($check.faults | join(", ")) was called, so there was no failure path to try"}
    else
      [ $results | to_entries[] | {k: (.key + 1), run: .value, verdict: (.value | valgrind_verdict($kinds))}
        | select(.verdict.status != "pass") ] as $bad
      | ([$results | length, $count] | min) as $tried
      | if ($bad | length) == 0 then
          {status: "pass", findings: [], detail: "\($tried) failure paths clean"}
        else
          $bad[0] as $first
          | (first($calls[] | select(.k == $first.k)) // {name: "a call", file: null}) as $call
          # Under Memcheck a leak makes the run "errors"; what the driver
          # itself said (a lock still held, a wrong return value) matters
          # as much, so it is reported too, first.
          | (if $first.run.status == "errors" and ($first.run.result | not) and $first.run.exit_code != 0
             then [test_failed_finding("memcheck"; $first.run.output // ""; $kinds)] else [] end) as $said
          | {status: (if $first.verdict.status == "timeout" then "timeout" else "fail" end),
             detail: "\($bad | length) of \($tried) failure paths fail",
             fault: ($call + {k: $first.k}),
             note: ("The test made \($count) calls that can fail (\($check.faults | join(", "))) and ran once with each of them failing, under Memcheck. "
                    + "\($bad | length) of those \($tried) runs went wrong: those failing call \([$bad[].k | tostring] | join(", "))."
                    + (if $count > $max then " Only the first \($max) calls were tried." else "" end)
                    + "\nThe first: when call \($first.k), \($call.name)\(if $call.file then " at \($call.file):\($call.line) (\($call.function))" else "" end), fails:"),
             findings: ($said + $first.verdict.findings)}
        end
    end;

def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def ms: . * 1000 | if . >= 100 then round | tostring else (. * 10 | round) / 10 | tostring end | . + " ms";

# A performance check: $runs alternate the student's build and the
# reference's ({who, run: ct-run status, output}); both must pass every
# run, and the student's median wall time may be at most max_ratio times
# the reference's.
def performance_verdict($check; $runs; $timeout; $kinds):
  (first($runs[] | select(.run.result | not)) // null) as $failed
  | if $failed != null and $failed.who == "reference" then
      {status: "error", findings: [], note: "The reference solution failed its own timing run (a course error, not yours): \($failed.output | tail_text)"}
    elif $failed != null then
      native_verdict($failed.run; $failed.output; $kinds; $timeout)
      | .note = "Built with -O2 and run natively for timing, your code failed:"
    else
      # The scenario's own wall time (the harness measures it around the
      # scenario, so process and sandbox start-up do not dilute the ratio);
      # the run's whole wall time where a driver did not report it.
      def seconds: ((.run.details // "") | capture("elapsed-ns (?<ns>[0-9]+)").ns // null
                    | if . then tonumber / 1e9 else null end) as $s | ($s // .run.elapsed);
      ([$runs[] | select(.who == "student") | seconds] | median) as $mine
      | ([$runs[] | select(.who == "reference") | seconds] | median) as $ref
      | ($mine / $ref) as $ratio
      | ($check.max_ratio // 2) as $limit
      | (($ratio * 100 | round) / 100) as $shown
      | ("yours took \($mine | ms), the reference \($ref | ms) (medians of \([$runs[] | select(.who == "student")] | length) runs each, taken alternately, built with -O2)") as $figures
      | if $ratio <= $limit then
          {status: "pass", findings: [], detail: "\($shown) times the reference: \($figures)"}
        else
          {status: "fail", detail: "\($shown) times the reference",
           findings: [{tool: "performance", kind: "TooSlow", file: null, line: null, function: null, stack: [],
             detail: "\($shown) times the reference",
             message: ("The same work took \($shown) times as long as the reference solution; the limit is \($limit): \($figures)."
               + (if $check.limit_message then " \($check.limit_message)" else "" end))}
             | describe($kinds)]}
        end
    end;
