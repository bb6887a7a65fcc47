"""The coverage appendix: which regulation articles and licence clauses each rule enforces.

Read from each rule's METADATA `related_resources` (the rules appendix's `references`, "text:
url") and the catalog: a reference whose url is a regulation entry's `url`
(data.catalog.regulation[*].url) is that regulation's article, named by the reference's text and
listed with the entry's article texts the rule cites; one whose url is a licence entry's (its
`url`, `sources` or use policy) or that a licensing rule cites is a licence clause; any other is
a supporting source.
"""

from __future__ import annotations

import re
import typing as t

_SEP = ": http"


def split_reference(ref: str) -> tuple[str, str]:
    """("text", "url") of a "text: url" reference; a reference without a url is all text."""
    at = ref.rfind(_SEP)
    if at < 0:
        return ref, ""
    return ref[:at], ref[at + 2 :]


def _licence_urls(licences: t.Mapping[str, t.Any]) -> set[str]:
    urls: set[str] = set()
    for entry in licences.values():
        if not isinstance(entry, t.Mapping):
            continue
        urls.update(str(u) for u in [entry.get("url"), *(entry.get("sources") or [])] if u)
        policy = entry.get("usePolicy")
        if isinstance(policy, t.Mapping) and policy.get("url"):
            urls.add(str(policy["url"]))
    return urls


def _regulations(catalog: t.Mapping[str, t.Any]) -> dict[str, tuple[str, t.Mapping[str, t.Any]]]:
    """Every regulation entry with a url, by its url: (key, entry)."""
    out: dict[str, tuple[str, t.Mapping[str, t.Any]]] = {}
    for key, entry in sorted((catalog.get("regulation") or {}).items()):
        if isinstance(entry, t.Mapping) and entry.get("url"):
            out.setdefault(str(entry["url"]), (key, entry))
    return out


def rule_coverage(
    rules: t.Iterable[t.Mapping[str, t.Any]], catalog: t.Mapping[str, t.Any]
) -> list[dict[str, t.Any]]:
    """audit.json's `coverage`: per rule (appendix order), its regulations, licences, sources."""
    regulations = _regulations(catalog)
    licence_urls = _licence_urls(catalog.get("licenses") or {})
    out = []
    for rule in rules:
        regulation, licences, other = [], [], []
        for ref in rule.get("references", ()):
            text, url = split_reference(str(ref))
            if url in regulations:
                key, entry = regulations[url]
                articles = entry.get("articles") or {}
                cited = sorted(str(a) for a in articles.values() if _names(text, str(a)))
                regulation.append(
                    {
                        "regulation": key,
                        "name": str(entry.get("name", key)),
                        "url": url,
                        "text": text,
                        "articles": cited,
                    }
                )
            elif url in licence_urls or rule.get("area") == "licensing":
                licences.append({"text": text, "url": url})
            else:
                other.append({"text": text, "url": url})
        out.append(
            {
                "rule": rule["id"],
                "title": rule.get("title", ""),
                "regulations": regulation,
                "licences": licences,
                "sources": other,
            }
        )
    return out


def _names(text: str, article: str) -> bool:
    """Whether a reference's text names the article as a whole.

    The head of "Art. 5 (prohibited AI practices)" is "Art. 5"; "Art. 50" or "Art. 5(1)" in the
    text is another article.
    """
    head = article.split(" (", 1)[0].strip()
    return bool(head) and re.search(rf"(?<![\w.]){re.escape(head)}(?![\w.(])", text) is not None
