# sanitizer-report.awk - the reports of AddressSanitizer, LeakSanitizer
# and ThreadSanitizer (their log_path files) turned into findings, one a
# line, tab-separated:
#
#   kind  headline  file  line  function  other_file  other_line  other_function  other_what
#
# The sanitizers write no XML, so this reads their text, which is stable
# enough to parse: a report opens with a headline
#   ==12==ERROR: AddressSanitizer: heap-use-after-free on address ...
#   ==12==ERROR: LeakSanitizer: detected memory leaks
#   WARNING: ThreadSanitizer: data race (pid=12)
# and carries stacks of frames, one a line:
#   ASan/LSan:  #0 0x4f1c2d in queue_pop /path/to/queue.c:61:5
#   TSan:       #0 queue_pop /path/to/queue.c:61:5 (driver+0x4f1c2d)
# (gcc's runtime prints "file.c:61", without the column.) A new stack starts
# after any line that is not a frame ("freed by thread T0 here:",
# "Previous write of size 4 ...").
#
# Variables (awk -v): students, the student's file names separated by
# spaces ("queue.c"); srcdir, the folder they were compiled in. A frame
# counts as the student's when its file is one of those, so that the place
# reported is in the student's code, not in malloc or the test driver.
#
# Kinds are those of grader/findings.json where a Valgrind tool reports the
# same bug class; anything else is "Sanitizer", with the sanitizer's own
# headline.

BEGIN {
	FS = "\n"
	n = split(students, list, " ")
	for (i = 1; i <= n; i++)
		mine[list[i]] = 1
	open = 0
}

function reset_report(kind_, headline_) {
	open = 1
	kind = kind_
	headline = headline_
	stack = 0
	in_frames = 0
	file = ""; line = ""; func_ = ""
	ofile = ""; oline = ""; ofunc = ""; owhat = ""
	what = ""
}

function emit() {
	if (!open)
		return
	printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", kind, headline, file, line, func_, ofile, oline, ofunc, owhat
	open = 0
}

# A headline's text after "Sanitizer: ", without the addresses and pids.
function tidy(text) {
	sub(/^.*Sanitizer: /, "", text)
	sub(/ on (unknown )?address.*$/, "", text)
	sub(/ \(pid=[0-9]+\)$/, "", text)
	sub(/ on 0x[0-9a-f]+.*$/, "", text)
	return text
}

# A frame: sets fr_file, fr_line, fr_func; returns 1 if it is the student's.
function parse_frame(text,    rest, loc, parts, m, base) {
	rest = text
	sub(/^[ \t]*#[0-9]+ /, "", rest)
	sub(/^0x[0-9a-f]+ in /, "", rest)          # ASan/LSan's address
	fr_func = rest
	sub(/ .*$/, "", fr_func)
	loc = rest
	sub(/^[^ ]+ /, "", loc)
	sub(/ \(.*\)$/, "", loc)                    # TSan's "(driver+0x...)"
	sub(/ \(BuildId.*$/, "", loc)
	fr_file = ""; fr_line = ""
	# FILE:LINE or FILE:LINE:COLUMN
	m = split(loc, parts, ":")
	if (m >= 2 && parts[2] ~ /^[0-9]+$/) {
		fr_file = parts[1]; fr_line = parts[2]
	} else {
		return 0
	}
	base = fr_file
	sub(/^.*\//, "", base)
	if (!(base in mine))
		return 0
	if (fr_file != base && index(fr_file, srcdir "/") != 1)
		return 0
	fr_file = base
	return 1
}

# Headlines.
/ERROR: AddressSanitizer: / {
	emit()
	h = tidy($0)
	if (h ~ /^attempting double-free/ || h ~ /^attempting free on address which was not malloc/)
		reset_report("InvalidFree", h)
	else if (h ~ /^alloc-dealloc-mismatch/)
		reset_report("MismatchedFree", h)
	else if (h ~ /^SEGV/ || h ~ /^BUS/ || h ~ /^stack-overflow/)
		reset_report("Crash", h)
	else
		reset_report("Sanitizer", h)   # an access: refined by READ/WRITE below
	next
}
/ERROR: LeakSanitizer: / { emit(); next }
/^(Direct|Indirect) leak of / {
	emit()
	h = $0
	sub(/ allocated from:.*$/, "", h)
	reset_report($0 ~ /^Direct/ ? "Leak_DefinitelyLost" : "Leak_IndirectlyLost", h)
	next
}
/WARNING: ThreadSanitizer: / {
	emit()
	h = tidy($0)
	if (h ~ /^data race/)
		reset_report("Race", h)
	else if (h ~ /^lock-order-inversion/)
		reset_report("LockOrder", h)
	else
		reset_report("Sanitizer", h)
	next
}
/^SUMMARY: / || /^==================$/ { emit(); next }

# ASan's first line after an access headline says which access it was.
open && stack == 0 && /^(READ|WRITE) of size / {
	if (kind == "Sanitizer" && (headline ~ /use-after-free|buffer-overflow|use-after-poison|use-after-return|use-after-scope|underflow/))
		kind = ($0 ~ /^READ/) ? "InvalidRead" : "InvalidWrite"
	next
}

open && /^[ \t]*#[0-9]+ / {
	if (!in_frames) {
		stack++
		in_frames = 1
		owhat_candidate = what
	}
	if (parse_frame($0)) {
		if (stack == 1 && file == "") {
			file = fr_file; line = fr_line; func_ = fr_func
		} else if (stack > 1 && ofile == "") {
			ofile = fr_file; oline = fr_line; ofunc = fr_func
			owhat = owhat_candidate
		}
	}
	next
}

open {
	in_frames = 0
	# The line that introduces the next stack, tidied: "freed by thread T0
	# here", "Previous write of size 4 at 0x... by thread T1".
	t = $0
	sub(/^[ \t]+/, "", t)
	sub(/:$/, "", t)
	gsub(/ at 0x[0-9a-f]+/, "", t)
	gsub(/ \(mutexes:[^)]*\)/, "", t)
	gsub(/\t/, " ", t)
	if (t != "")
		what = t
}

END { emit() }
