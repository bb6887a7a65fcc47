"""audit.pdf: the audit rendered to PDF with WeasyPrint, from the audit.json document alone.

The PDF is audit.html's content with a title page, a table of contents with page numbers, a
running header with the report id and "Page N of M" footers (templates/audit.pdf.html.j2 and
audit.print.css), on A4 or Letter as audit.json's `paper` says. It is byte-reproducible: the
PDF's creation and modification dates are the report's timestamp (the `dcterms.created` and
`dcterms.modified` meta tags WeasyPrint reads), and nothing else in it depends on the clock.
The fonts are the system's (fontconfig), so the same bytes need the same fonts installed.

WeasyPrint is imported here only: `check` and the other renderings never load it.
"""

from __future__ import annotations

import logging
import typing as t
import warnings

from checker.audit.rendering import build_environment
from checker.audit.view import build_view
from checker.errors import UsageError

TEMPLATE = "audit.pdf.html.j2"


def render_pdf_html(document: t.Mapping[str, t.Any]) -> str:
    """The HTML WeasyPrint lays out: audit.html plus the title page, contents and print CSS."""
    view = build_view(document)
    return build_environment(False).get_template(TEMPLATE).render(view=view)


def render_pdf(document: t.Mapping[str, t.Any]) -> bytes:
    """audit.pdf's bytes (PDF 1.7), the same for the same document, fonts and WeasyPrint."""
    try:
        with warnings.catch_warnings():
            # WeasyPrint 70 warns at import when the system lacks libharfbuzz-subset: it then
            # subsets fonts with fontTools, which renders the same pages. The notice is for
            # packagers, not for the user of an audit (and the test suite treats it as an error).
            warnings.filterwarnings(
                "ignore", message="HarfBuzz-Subset", category=DeprecationWarning
            )
            import weasyprint
    except (ImportError, OSError) as exc:  # OSError: pango or its libraries are missing
        raise UsageError(
            f"audit.pdf needs WeasyPrint and its system libraries (pango): {exc}; "
            "install them with: python -m pip install weasyprint"
        ) from exc
    # The HTML has no external resource and must not fetch any: every fetch is refused.
    html = weasyprint.HTML(string=render_pdf_html(document), url_fetcher=_no_fetch)
    # audit.css is shared with browsers: WeasyPrint's notes on properties it does not know
    # (print-color-adjust, say) are not the user's concern.
    log = logging.getLogger("weasyprint")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        pdf = html.write_pdf()
    finally:
        log.setLevel(level)
    assert pdf is not None  # write_pdf returns the bytes when no target is given
    return bytes(pdf)


def _no_fetch(url: str, *args: object, **kwargs: object) -> t.NoReturn:
    raise ValueError(f"audit.pdf loads no external resource ({url})")
