"""Writing the report folder: audit.json, its renderings, the seal and the signature."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from pathlib import Path

from checker.audit import (
    HTML_NAME,
    JSON_NAME,
    MARKDOWN_NAME,
    OSCAL_NAME,
    PDF_NAME,
    SEAL_NAME,
    SIGNATURE_NAME,
)
from checker.audit.document import dump_document
from checker.audit.oscal import render_oscal
from checker.audit.pdf import render_pdf
from checker.audit.policy_files import sha256_hex
from checker.audit.rendering import render_html, render_markdown
from checker.audit.seal import seal_digest, seal_text
from checker.audit.signing import sign
from checker.errors import UsageError
from checker.output import write_atomic


@dataclass(frozen=True)
class WrittenReport:
    """What was written: the files in order, and the seal's digest."""

    files: tuple[Path, ...]
    digest: str
    signed: bool


def render_files(document: t.Mapping[str, t.Any]) -> dict[str, str]:
    """The report files' text, by file name.

    The renderings (HTML, Markdown, OSCAL) are made from audit.json's text parsed back, so they
    can only show what audit.json holds.
    """
    json_text = dump_document(document)
    parsed = json.loads(json_text)
    return {
        JSON_NAME: json_text,
        HTML_NAME: render_html(parsed),
        MARKDOWN_NAME: render_markdown(parsed),
        OSCAL_NAME: render_oscal(parsed, json_text),
    }


def _bytes(text: str | bytes) -> bytes:
    return text.encode() if isinstance(text, str) else text


def write_report(
    folder: Path, document: t.Mapping[str, t.Any], *, sign_key: Path | None = None
) -> WrittenReport:
    """Write the report into `folder` (created if needed), seal it, and sign the seal if asked.

    A signature left by an earlier signed run in the same folder is removed when this run is not
    signed: it would no longer match.
    """
    signature = None
    texts: dict[str, str | bytes] = {**render_files(document)}
    texts[PDF_NAME] = render_pdf(json.loads(texts[JSON_NAME]))  # bytes: checker/audit/pdf.py
    seal = seal_text({name: sha256_hex(_bytes(text)) for name, text in texts.items()})
    if sign_key is not None:
        signature = sign(sign_key, seal.encode())  # before writing: a bad key leaves no half report
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot create the report folder: {exc.strerror}") from exc
    written = []
    for name, text in texts.items():
        write_atomic(folder / name, text)
        written.append(folder / name)
    write_atomic(folder / SEAL_NAME, seal)
    written.append(folder / SEAL_NAME)
    if signature is not None:
        write_atomic(folder / SIGNATURE_NAME, signature)
        written.append(folder / SIGNATURE_NAME)
    else:
        (folder / SIGNATURE_NAME).unlink(missing_ok=True)
    return WrittenReport(
        files=tuple(written), digest=seal_digest(seal.encode()), signed=signature is not None
    )
