"""Results kept on disk past a few thousand, so a run of 100,000 manifests stays bounded in memory.

A `ResultSpool` takes the results of a run as they come. The first `SPOOL_AFTER` stay in memory
(a pre-commit hook or a repository's worth never touches the disk); the rest are pickled to an
unnamed temporary file and read back, one at a time, each time the spool is iterated. Reporters
iterate a run's results once or twice; every iteration reads the file from the start with
`os.pread`, so iterations may overlap. The file is gone when the spool is (or the process).
"""

from __future__ import annotations

import itertools
import os
import pickle
import tempfile
import typing as t
import weakref

if t.TYPE_CHECKING:
    from checker.result import ManifestResult

# Results kept in memory before the spool writes to disk: a result is a few kilobytes.
SPOOL_AFTER = 2000


class ResultSpool:
    """The results of a run in order, in memory first and on disk past `keep`."""

    def __init__(self, results: t.Iterable[ManifestResult] = (), *, keep: int = SPOOL_AFTER):
        self._memory: list[ManifestResult] = []
        self._keep = keep
        self._file: t.BinaryIO | None = None
        self._offsets: list[int] = [0]
        for result in results:
            self.append(result)

    def append(self, result: ManifestResult) -> None:
        """Add the next result."""
        if len(self._memory) < self._keep:
            self._memory.append(result)
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="llm-policy-results-")  # noqa: SIM115
            # Closed (and so removed) when the spool is collected, if not closed before.
            weakref.finalize(self, self._file.close)
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(data)
        self._offsets.append(self._offsets[-1] + len(data))

    def __len__(self) -> int:
        return len(self._memory) + len(self._offsets) - 1

    def __bool__(self) -> bool:
        return len(self) > 0

    def __contains__(self, item: object) -> bool:
        return any(result == item for result in self)

    def __iter__(self) -> t.Iterator[ManifestResult]:
        yield from self._memory
        if self._file is None:
            return
        self._file.flush()
        fd = self._file.fileno()
        for start, end in itertools.pairwise(self._offsets):
            yield t.cast("ManifestResult", pickle.loads(os.pread(fd, end - start, start)))

    def close(self) -> None:
        """Remove the file now (it also goes when the spool is collected)."""
        if self._file is not None:
            self._file.close()
            self._file = None
            self._offsets = [0]
