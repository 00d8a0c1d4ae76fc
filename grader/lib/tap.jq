# tap.jq - Bats' TAP output (read with jq -R) as [{number, name, ok}].
# Only the result lines matter: diagnostics come from each test's own
# record (bats-helpers.bash), not from TAP comments.
[ inputs
  | capture("^(?<not>not )?ok (?<number>[0-9]+) (?<name>.*?)(?<skip> # skip.*)?$")
  | {number: (.number | tonumber), name, ok: (.not == null and .skip == null)} ]
