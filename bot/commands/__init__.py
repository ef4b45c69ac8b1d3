"""The work behind each `regbot` command: `run(args) -> exit status`, one module per group of commands."""
