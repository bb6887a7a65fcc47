"""The floor: parse every manifest under a folder with PyYAML's C loader, in one process.

No validation, no policy, no report: only reading and parsing the same files the checker reads,
found the same way (by file name, skipping hidden folders). A file that does not parse is skipped.
"""

from __future__ import annotations

import contextlib
import os
import sys

import yaml

NAMES = ("llm-project.yaml", "llm-project.yml")


def main(root: str) -> int:
    count = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name in NAMES:
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    text = handle.read()
                with contextlib.suppress(yaml.YAMLError):
                    yaml.load(text, Loader=yaml.CSafeLoader)
                count += 1
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
