"""The installed catalogs, in the user cache, and the `current` pointer.

```
$XDG_CACHE_HOME/llm-policy/catalogs/      (default ~/.cache/llm-policy/catalogs/)
  2027.01.15/                             a verified bundle's files, as signed:
    .manifest  .signatures.json  catalog/data.json  catalog/<document>/data.json
  2026.12.15/                             the previous one, kept (catalog use 2026.12.15)
  current                                 one line: the version in force (absent: shipped)
  .incoming-*/                            an install under way; never read
```

An install writes every file into a fresh `.incoming-*` folder beside the versions, syncs it,
and renames it to `<version>` in one step, so a reader finds the whole folder or none; only then
is `current` replaced (a temporary file renamed over it). An install cut short (an error, Ctrl-C,
SIGTERM) removes its folder; one killed outright leaves an `.incoming-*` folder that no reader
looks at and the next install removes once it is an hour old. The previous catalog stays.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
import typing as t
from dataclasses import dataclass
from pathlib import Path

from checker.catalog.bundle import MANIFEST, read_manifest
from checker.catalog.model import Catalog, is_version, load_folder
from checker.errors import UsageError

CURRENT = "current"
INCOMING = ".incoming-"
STALE_SECONDS = 3600


def cache_home(environ: t.Mapping[str, str] | None = None) -> Path:
    """`$XDG_CACHE_HOME/llm-policy` (an absolute XDG_CACHE_HOME only), else ~/.cache/llm-policy."""
    environ = os.environ if environ is None else environ
    xdg = environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "llm-policy"


@dataclass(frozen=True)
class Installed:
    """One installed catalog: its version, date and folder."""

    version: str
    date: str | None
    folder: Path


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_new(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def _read_tree(folder: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


class CatalogStore:
    """The catalogs installed under `root` (default: `cache_home() / "catalogs"`)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else cache_home() / "catalogs"

    def folder(self, version: str) -> Path:
        """Where `version` is (or would be) installed; a name that is no version is refused."""
        if not is_version(version):
            raise UsageError(f"{version!r} is not a catalog version")
        return self.root / version

    def installed(self) -> list[Installed]:
        """Every installed catalog, oldest date first."""
        try:
            entries = list(self.root.iterdir())
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise UsageError(f"{self.root}: cannot read the installed catalogs: {exc}") from exc
        found = []
        for path in entries:
            if path.name.startswith(".") or not is_version(path.name) or not path.is_dir():
                continue
            try:
                manifest = self.manifest(path.name)
            except UsageError:
                manifest = {}
            date = manifest.get("date")
            found.append(Installed(path.name, date if isinstance(date, str) else None, path))
        return sorted(found, key=lambda i: (i.date or "", i.version))

    def versions(self) -> list[str]:
        """The installed versions, oldest first."""
        return [i.version for i in self.installed()]

    def current(self) -> str | None:
        """The version `current` names; None when there is no pointer (the shipped catalog)."""
        pointer = self.root / CURRENT
        try:
            text = pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{pointer}: cannot read: {exc}") from exc
        if not is_version(text):
            raise UsageError(
                f"{pointer}: names no catalog version ({text[:80]!r}); run"
                " llm-policy catalog use VERSION (or shipped)"
            )
        return text

    def manifest(self, version: str) -> dict[str, t.Any]:
        """The `.manifest` of an installed catalog, refused if it is of a newer format."""
        folder = self.folder(version)
        try:
            raw = (folder / MANIFEST).read_bytes()
        except FileNotFoundError:
            raise UsageError(self._not_installed(version)) from None
        except OSError as exc:
            raise UsageError(f"{folder}: cannot read {MANIFEST}: {exc}") from exc
        return read_manifest({MANIFEST: raw}, f"installed catalog {version} ({folder})")

    def _not_installed(self, version: str) -> str:
        known = ", ".join(self.versions()) or "none"
        return f"catalog {version} is not installed in {self.root} (installed: {known})"

    def load(self, version: str) -> Catalog:
        """An installed catalog; a missing, broken or mislabelled one is a usage error."""
        folder = self.folder(version)
        if not folder.is_dir():
            raise UsageError(self._not_installed(version))
        self.manifest(version)
        catalog = load_folder(folder / "catalog", f"installed catalog {version} ({folder})")
        if catalog.version != version:
            raise UsageError(
                f"{folder}: holds catalog version {catalog.version!r}, not {version!r};"
                " reinstall it with llm-policy catalog update"
            )
        return catalog

    def _sweep(self) -> None:
        """Remove `.incoming-*` folders an install killed outright left (an hour old)."""
        with contextlib.suppress(OSError):
            for path in self.root.glob(f"{INCOMING}*"):
                if time.time() - path.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(path, ignore_errors=True)

    def install(self, files: t.Mapping[str, bytes], version: str) -> bool:
        """Install a verified bundle's files as `version`, atomically; `use` it separately.

        False when the same files are installed already; the same version with other files
        is refused (a changed catalog needs a new version).
        """
        target = self.folder(version)
        if target.is_dir():
            return self._same(target, files, version)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._sweep()
            incoming = Path(tempfile.mkdtemp(prefix=INCOMING, dir=self.root))
        except OSError as exc:
            raise UsageError(f"{self.root}: cannot install a catalog here: {exc}") from exc
        try:
            for name, content in files.items():
                _write_new(incoming / name, content)
            for path in sorted(incoming.rglob("*"), reverse=True):
                if path.is_dir():
                    _fsync(path)
            _fsync(incoming)
            try:
                os.rename(incoming, target)  # one step: the whole folder, or none
            except OSError:
                if target.is_dir():  # another install of the same version won the race
                    return self._same(target, files, version)
                raise
            _fsync(self.root)
            return True
        except OSError as exc:
            raise UsageError(f"{target}: cannot install the catalog: {exc}") from exc
        finally:
            if incoming.exists():
                shutil.rmtree(incoming, ignore_errors=True)

    def _same(self, target: Path, files: t.Mapping[str, bytes], version: str) -> bool:
        try:
            same = _read_tree(target) == dict(files)
        except OSError as exc:
            raise UsageError(f"{target}: cannot read the installed catalog: {exc}") from exc
        if not same:
            raise UsageError(
                f"refused: catalog {version} is already installed ({target}) with other"
                " content; a changed catalog needs a new version"
            )
        return False

    def use(self, version: str | None) -> None:
        """Point `current` at an installed `version` (atomically); None: the shipped catalog."""
        pointer = self.root / CURRENT
        if version is None:
            try:
                pointer.unlink(missing_ok=True)
            except OSError as exc:
                raise UsageError(f"{pointer}: cannot remove: {exc}") from exc
            return
        if not self.folder(version).is_dir():
            raise UsageError(self._not_installed(version))
        try:
            fd, tmp = tempfile.mkstemp(prefix=".current-", dir=self.root)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(version + "\n")
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, pointer)  # a reader sees the old pointer or the new one
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            _fsync(self.root)
        except OSError as exc:
            raise UsageError(f"{pointer}: cannot write: {exc}") from exc
