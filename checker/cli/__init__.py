"""The command line: click commands that parse options into settings and call `execute()`."""
