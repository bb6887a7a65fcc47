"""What the templates show, derived from the audit.json document alone.

Both renderings go through here, so the HTML and the Markdown always say the same thing, and
`verify` can render them again from audit.json and compare.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import typing as t
from dataclasses import dataclass, field

from checker.audit.chart import Chart, build_chart
from checker.audit.signoff import ROLES
from checker.severity import SEVERITY_NAMES

VERDICT = {True: "PASS", False: "FAIL"}
ALLOWED = {True: "allowed", False: "not allowed"}


@dataclass(frozen=True)
class Fact:
    """One declared value: its dotted path, the value as text, whether a finding cites it."""

    path: str
    value: str
    cited: bool


def text(value: t.Any) -> str:
    """A scalar as the manifest author would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return ", ".join(text(v) for v in value) if value else "[]"
    return str(value)


def _cites(fact: str, finding: str) -> bool:
    # A finding on spec.models[1] cites every fact under it; one on spec.data.categories[0]
    # cites the list it sits in.
    return any(
        longer == shorter or longer.startswith((shorter + ".", shorter + "["))
        for longer, shorter in ((fact, finding), (finding, fact))
    )


def flatten_facts(value: t.Any, cited: t.Collection[str], path: str = "") -> list[Fact]:
    """Every leaf of the parsed manifest as a Fact; lists of scalars stay one fact."""
    if isinstance(value, dict) and value:
        return [
            fact
            for key, item in value.items()
            for fact in flatten_facts(item, cited, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return [
            f for i, item in enumerate(value) for f in flatten_facts(item, cited, f"{path}[{i}]")
        ]
    return [Fact(path=path, value=text(value), cited=any(_cites(path, c) for c in cited if c))]


def age_text(checked: t.Any, timestamp: str) -> str:
    """How old a catalog fact was at the audit: "400 days before the audit", or "" unknown."""
    try:
        days = (dt.date.fromisoformat(timestamp[:10]) - dt.date.fromisoformat(str(checked))).days
    except ValueError:
        return ""
    if days < 0:  # an audit dated in the past, of a catalog checked since
        return f"{-days} days after the audit time"
    return "on the audit day" if days == 0 else f"{days} days before the audit"


TOP_RISKS = 10
SCOPE_MANIFESTS = 5
_RANK = {name: i for i, name in enumerate(SEVERITY_NAMES)}
PAPER_SIZES = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True)
class ScopeLine:
    """One line of the scope statement: what, and the value or statement."""

    label: str
    value: str


@dataclass(frozen=True)
class Risk:
    """A rule that fails projects: its id, title, severity, how often, and where."""

    rule: str
    title: str
    severity: str
    findings: int
    projects: tuple[str, ...]


@dataclass(frozen=True)
class WaiverInForce:
    """A live waiver: the finding it accepts, in which project, who approved it, until when."""

    rule: str
    project: str
    reason: str
    approver: str
    expires: str
    expires_in: str


@dataclass(frozen=True)
class Signer:
    """A sign-off line: the role, and the name and date or "" to sign on paper."""

    role: str
    name: str
    date: str


@dataclass(frozen=True)
class Summary:
    """The management summary: the top risks, the rest's count, waivers in force and expired."""

    risks: tuple[Risk, ...]
    more_risks: int
    invalid: tuple[str, ...]
    waivers: tuple[WaiverInForce, ...]
    expired_waivers: int
    failing: int = field(default=0)


def project_name(result: t.Mapping[str, t.Any]) -> str:
    """How the report names a project: its name, else its manifest path."""
    return str(result.get("project") or result["manifest"])


def _dirty(git: t.Mapping[str, t.Any]) -> str:
    if git.get("dirty") is None:
        return "tree state unknown"
    if git["dirty"]:
        changed = ", ".join(git.get("uncommitted") or ())
        return "uncommitted changes" + (
            f" (audited manifests not in the commit: {changed})" if changed else ""
        )
    return "clean: the manifests are as committed"


def _common_folder(paths: t.Sequence[str]) -> str:
    folders = [posixpath.dirname(p) or "." for p in paths]
    if not folders:
        return "."
    try:
        return posixpath.commonpath(folders) or "."
    except ValueError:  # absolute and relative paths mixed
        return "."


def build_scope(doc: t.Mapping[str, t.Any]) -> tuple[tuple[ScopeLine, ...], tuple[str, ...]]:
    """The scope statement: (what the audit covered, what it did not)."""
    ev = doc["evidence"]
    git = ev.get("git") or {}
    manifests = [str(m["path"]) for m in ev.get("manifests", ())]
    policy = ev.get("policy") or {}
    catalog = ev.get("catalog") or {}
    as_of = ev.get("asOf") or str(ev.get("timestamp", ""))[:10]
    n = len(manifests)
    org = [str(p) for p in policy.get("policies") or ()]
    data = [str(p) for p in policy.get("data") or ()]
    commit = str(git.get("commit", "unknown"))
    rules = doc["summary"].get("rulesEvaluated", 0)
    listed = (
        ", ".join(manifests) if n <= SCOPE_MANIFESTS else "listed with their sha256 in Evidence"
    )
    folder = _common_folder(manifests)
    folder = "the folder audit ran in" if folder == "." else folder
    lines = [
        ScopeLine(
            "Repository",
            f"the git repository holding {folder}"
            if commit != "unknown"
            else f"{folder}: no git repository (or git could not read it)",
        ),
        ScopeLine("Commit", f"{commit}, {_dirty(git)}"),
        ScopeLine("Manifests", f"{n} manifest{'' if n == 1 else 's'}: {listed}"),
        ScopeLine(
            "Policies",
            "the shipped rules"
            + (", organisation rules from " + ", ".join(org) if org else "")
            + (", settings overlays " + ", ".join(data) if data else "")
            + f"; {rules} rules, digest {policy.get('digest', 'unknown')}",
        ),
        ScopeLine(
            "Catalog",
            f"version {catalog.get('version') or 'unversioned'}, "
            f"digest {catalog.get('digest', 'unknown')}",
        ),
        ScopeLine(
            "As of", f"{as_of}: rules, dates in the law and waiver expiry judged on this day"
        ),
        ScopeLine("Fail threshold", str(ev.get("failOn", ""))),
    ]
    out = []
    if ev.get("scan") is not True:
        out.append(
            "Source code: not scanned; the findings rest on the manifests as declared "
            "(audit --scan holds each manifest to the code in its folder)."
        )
    if not org:
        out.append("Organisation rules: none given (--policies); only the shipped rules ran.")
    if not data:
        out.append("Organisation settings: none given (--data); the shipped defaults applied.")
    if not ev.get("waivers"):
        out.append("Waivers: no waivers file was applied.")
    out.append(
        "Running systems, contracts with providers and the data actually sent: the audit judges "
        "the declared manifests against the catalog, it does not observe deployments."
    )
    out.append("Manifests outside the paths audited, and changes after the commit above.")
    return tuple(lines), tuple(out)


def _days(expires: str, as_of: str) -> str:
    try:
        days = (dt.date.fromisoformat(expires[:10]) - dt.date.fromisoformat(as_of[:10])).days
    except ValueError:
        return ""
    return "expires on the audit day" if days == 0 else f"in {days} day{'' if days == 1 else 's'}"


def build_summary(doc: t.Mapping[str, t.Any]) -> Summary:
    """Top risks (failing findings by rule, worst first) and the waivers in force."""
    ev = doc["evidence"]
    as_of = str(ev.get("asOf") or ev.get("timestamp", ""))[:10]
    risks: dict[str, dict[str, t.Any]] = {}
    waivers = []
    expired = 0
    for r in doc["results"]:
        name = project_name(r)
        for f in r.get("findings", ()):
            if f.get("expiredWaiver"):
                expired += 1
            if f["status"] == "fails":
                risk = risks.setdefault(
                    f["rule"],
                    {"title": f.get("title", ""), "severity": f["severity"], "n": 0, "at": []},
                )
                risk["n"] += 1
                if name not in risk["at"]:
                    risk["at"].append(name)
            elif f["status"] == "waived" and f.get("waiver"):
                w = f["waiver"]
                expires = str(w.get("expires") or "")
                waivers.append(
                    WaiverInForce(
                        rule=f["rule"],
                        project=name,
                        reason=str(w.get("reason") or ""),
                        approver=str(w.get("approver") or ""),
                        expires=expires or "no expiry",
                        expires_in=_days(expires, as_of) if expires else "",
                    )
                )
    ranked = sorted(
        (
            Risk(rule, v["title"], v["severity"], v["n"], tuple(v["at"]))
            for rule, v in risks.items()
        ),
        key=lambda k: (_RANK.get(k.severity, len(_RANK)), -len(k.projects), -k.findings, k.rule),
    )
    invalid = tuple(project_name(r) for r in doc["results"] if not r.get("valid", True))
    return Summary(
        risks=tuple(ranked[:TOP_RISKS]),
        more_risks=max(0, len(ranked) - TOP_RISKS),
        invalid=invalid,
        waivers=tuple(sorted(waivers, key=lambda w: (w.expires, w.rule, w.project))),
        expired_waivers=expired,
        failing=sum(k.findings for k in ranked),
    )


def build_signers(doc: t.Mapping[str, t.Any]) -> tuple[Signer, ...]:
    """The sign-off lines, in role order; a role nobody was named for stays blank."""
    given = doc.get("signOff") or {}
    out = []
    for key, role in ROLES:
        signer = given.get(key) or {}
        out.append(Signer(role, str(signer.get("name") or ""), str(signer.get("date") or "")))
    return tuple(out)


@dataclass(frozen=True)
class View:
    """The template context."""

    doc: t.Mapping[str, t.Any]
    evidence: t.Mapping[str, t.Any]
    severity_chart: Chart
    area_chart: Chart
    facts: tuple[tuple[Fact, ...], ...]
    catalog: tuple[tuple[str, tuple[dict[str, t.Any], ...]], ...]
    scope: tuple[ScopeLine, ...] = ()
    out_of_scope: tuple[str, ...] = ()
    summary: Summary | None = None
    signers: tuple[Signer, ...] = ()
    seal: t.Mapping[str, t.Any] = field(default_factory=dict)
    paper: str = "A4"


def build_view(doc: t.Mapping[str, t.Any]) -> View:
    """Charts, flattened facts (per result, in order) and catalog entries with their ages."""
    evidence = doc["evidence"]
    summary = doc["summary"]
    facts = tuple(
        tuple(flatten_facts(r.get("facts") or {}, {f["path"] for f in r.get("findings", ())}))
        for r in doc["results"]
    )
    catalog = tuple(
        (
            kind,
            tuple(
                {**item, "ageText": age_text(item["entry"].get("checked"), evidence["timestamp"])}
                for item in items
            ),
        )
        for kind, items in doc["catalog"].items()
    )
    scope, out_of_scope = build_scope(doc)
    return View(
        doc=doc,
        evidence=evidence,
        severity_chart=build_chart(summary["bySeverity"]),
        area_chart=build_chart(summary["byArea"]),
        facts=facts,
        catalog=catalog,
        scope=scope,
        out_of_scope=out_of_scope,
        summary=build_summary(doc),
        signers=build_signers(doc),
        seal=doc.get("seal") or {"signed": False, "keyFingerprint": None},
        paper=PAPER_SIZES.get(str(doc.get("paper", "a4")), "A4"),
    )
