"""wenming's exit codes. Imports nothing, so the entry point can use them before anything loads
(a Ctrl-C while modules load must still end with 130)."""

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # as a shell reports Ctrl-C
