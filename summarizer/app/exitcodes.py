"""The command's exit codes, one place for every command (docs/reliability.md lists what leads to each)."""

EXIT_OK = 0  # everything briefed
EXIT_CONFIG = 1  # usage or configuration error; the message says how to fix it
EXIT_PARTIAL = 3  # written, but some articles failed (listed)
EXIT_NOTHING = 4  # every article failed: nothing written
EXIT_INTERRUPTED = 130  # Ctrl-C: what was answered is cached, a re-run resumes
