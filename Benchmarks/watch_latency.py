#!/usr/bin/env python3
"""From saving a notebook to its report on disk, through `folio watch` (issue 17).

Starts `folio watch --project WORK`, waits for its first render, then RUNS times appends a
prose line to NOTEBOOK and waits for the report to hold it (polling the file every
millisecond). Prints one latency per line, in milliseconds.

Usage: watch_latency.py FOLIO WORK NOTEBOOK REPORT RUNS
"""
import os
import signal
import subprocess
import sys
import time

folio, work, notebook, report, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
watch = subprocess.Popen([folio, "watch", "--project", work], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
try:
    # The first render is done when watch says it is watching.
    for line in watch.stderr:
        if "watching for changes" in line:
            break
    os.set_blocking(watch.stderr.fileno(), False)
    for i in range(runs):
        probe = f"Latency probe {time.time_ns()}."
        with open(notebook, "a") as f:
            f.write(f"\n{probe}\n")
        start = time.perf_counter()
        deadline = start + 30
        while time.perf_counter() < deadline:
            try:
                with open(report) as f:
                    if probe in f.read():
                        break
            except FileNotFoundError:
                pass
            time.sleep(0.001)
        else:
            sys.exit(f"watch_latency: the report never showed the edit ({report})")
        print(round((time.perf_counter() - start) * 1000))
        try:
            watch.stderr.read()  # drain the progress line
        except (TypeError, OSError):
            pass
        time.sleep(0.3)  # let the watcher go back to waiting
finally:
    os.killpg(watch.pid, signal.SIGTERM)
    watch.wait()
