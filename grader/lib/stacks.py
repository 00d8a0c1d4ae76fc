# gdb script: print every thread's stack as one JSON line, marked so the
# caller can pick it out of gdb's own chatter. Used for programs that hang:
# natively (gdb -p PID) and under Valgrind (target remote | vgdb --pid=PID).
import json

import gdb

selected = gdb.selected_thread()
threads = []
for inferior in gdb.inferiors():
    for thread in sorted(inferior.threads(), key=lambda t: t.num):
        thread.switch()
        frames = []
        frame = gdb.newest_frame()
        while frame is not None:
            sal = frame.find_sal()
            if frame.name() is not None:
                frames.append({
                    "function": frame.name(),
                    "file": sal.symtab.fullname() if sal.symtab else None,
                    "line": sal.line if sal.symtab else None,
                })
            try:
                frame = frame.older()
            except gdb.error:
                break
        threads.append({
            "thread": thread.num,
            # after a crash, gdb selects the thread that received the signal
            "selected": selected is not None and thread.num == selected.num,
            "stack": frames,
        })
print("CT-STACKS " + json.dumps(threads))
