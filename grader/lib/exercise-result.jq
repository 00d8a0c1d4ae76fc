# exercise-result.jq - one exercise's result from its manifest ($m), its
# build ($b) and the verdicts its tasks left ($results, by check index).
include "ct";

$m[0] as $m | $b[0] as $b | $kinds[0] as $kinds
| def not_run: {status: "fail", findings: [], note: "not run: the code was not built"};
  def lost: {status: "error", note: "the grader lost this check's result (an internal error; please report it)",
             findings: []};
  {id: $id, short: $short, title: $m.title, hint: $m.hint,
   lesson: "lessons/\($id).md", files: $shown, ignored: ($b.ignored // []),
   checks: [ $m.checks | to_entries[] | .key as $i | .value as $c
     | (if $c.kind == "build" then
          if $b.ok then {status: "pass", findings: []}
            + (if ($b.output | length) > 0 then {note: ("compiler warnings:\n" + $b.output)} else {} end)
          else {status: "fail",
                findings: [{tool: "gcc", kind: "BuildError", file: null, line: null, function: null,
                            stack: [], output: $b.output} | describe($kinds)]}
          end
        elif ($b.ok | not) then not_run
        else ($results[$i | tostring] // lost) | del(.index)
        end)
     | {name: $c.name, kind: $c.kind, status, score: (if .status == "pass" then $c.points else 0 end),
        max_score: $c.points, findings: (.findings // [])}
       + (if .note then {note} else {} end)
       + (if .detail then {detail} else {} end)
       + (if .fault then {fault} else {} end)
       + (if $c.hidden then {hidden: true} else {} end) ]}
| .score = ([.checks[].score] | add)
| .max_score = ([.checks[].max_score] | add)
