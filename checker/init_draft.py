"""`llm-policy init`: a draft `llm-project.yaml` from what a scan found and what a person said.

The code tells which models and providers a project uses (`checker.scan`); it cannot tell the
data's classification and categories, where the data subjects are, where the data may go, where
the product runs, or what it is for. Those are `Answers`; an answer not given is written as
`FILL-ME`, which no schema value accepts, so a draft is never a silent pass: it fails validation,
naming each placeholder, until a person fills it. The draft carries comments listing the allowed
values and where in the code each model was found.
"""

from __future__ import annotations

import json
import re
import typing as t
from dataclasses import dataclass, field

from checker.scan.reference import ScanReference

PLACEHOLDER = "FILL-ME"
# The owner's schema pattern accepts a bare word such as FILL-ME (a team handle): its placeholder
# has a space, which neither an e-mail address nor a handle may contain.
OWNER_PLACEHOLDER = "FILL-ME (an e-mail address or team handle)"
# "none" given for a list answer: the list is empty.
NONE = "none"
SELF_HOSTED, VENDOR_API = "self-hosted", "vendor-api"


@dataclass(frozen=True)
class Choices:
    """The values each answer may take: the manifest schema's enums and the catalog's regions."""

    purpose: tuple[str, ...]
    audience: tuple[str, ...]
    classification: tuple[str, ...]
    categories: tuple[str, ...]
    environment: tuple[str, ...]
    regions: tuple[str, ...]

    @classmethod
    def from_schema(cls, schema: t.Mapping[str, t.Any], regions: t.Iterable[str]) -> Choices:
        """The enums of `schema` (schemas/manifest.schema.json) and the catalog's region codes."""
        spec = schema["properties"]["spec"]["properties"]

        def enum(section: str, key: str) -> tuple[str, ...]:
            prop = spec[section]["properties"][key]
            return tuple(prop.get("enum") or prop["items"]["enum"])

        return cls(
            purpose=enum("useCase", "purpose"),
            audience=enum("useCase", "audience"),
            classification=enum("data", "classification"),
            categories=enum("data", "categories"),
            environment=enum("deployment", "environment"),
            regions=tuple(sorted(regions)),
        )


@dataclass(frozen=True)
class Answers:
    """What code cannot tell. None: not answered (written as FILL-ME); () for a list: none."""

    name: str
    owner: str | None = None
    purpose: str | None = None
    audience: str | None = None
    classification: str | None = None
    categories: tuple[str, ...] | None = None
    subject_regions: tuple[str, ...] | None = None
    allowed_regions: tuple[str, ...] | None = None
    environment: str | None = None


@dataclass(frozen=True)
class Deployment:
    """One model deployment the draft declares, and why (comment lines)."""

    id: str
    hosting: str
    region: str
    provider: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """What the draft declares from the scan, and what it only notes."""

    deployments: tuple[Deployment, ...] = ()
    notes: tuple[str, ...] = field(default=())


def project_name(folder_name: str) -> str:
    """A valid metadata.name from a folder's name: lowercase DNS label, else `llm-project`."""
    label = re.sub(r"[^a-z0-9]+", "-", folder_name.lower()).strip("-")[:63].strip("-")
    return label or "llm-project"


def _where(refs: t.Sequence[ScanReference]) -> str:
    first = refs[0]
    more = len(refs) - 1
    tail = f" and {more} more {'place' if more == 1 else 'places'}" if more else ""
    return f"{first.file}:{first.line}{tail}"


def _serving(model: str, catalog: t.Mapping[str, t.Any]) -> list[str]:
    providers = catalog.get("providers") or {}
    return sorted(p for p, entry in providers.items() if model in (entry.get("models") or ()))


def _hosting(ref: ScanReference, catalog: t.Mapping[str, t.Any]) -> tuple[str, str | None, str]:
    """(hosting, provider, why) for a reference with a model."""
    if ref.hosting == SELF_HOSTED:
        return SELF_HOSTED, None, "self-hosted in the code"
    if ref.hosting == VENDOR_API or ref.provider is not None:
        return VENDOR_API, ref.provider, "called through a vendor API in the code"
    entry = (catalog.get("models") or {}).get(ref.model) or {}
    if entry.get("weights") == "open":
        return SELF_HOSTED, None, "hosting assumed self-hosted (open weights): check it"
    serving = _serving(str(ref.model), catalog)
    provider = serving[0] if len(serving) == 1 else None
    return VENDOR_API, provider, "hosting assumed vendor-api (weights not open): check it"


def _region(
    hosting: str,
    provider: str | None,
    code: str | None,
    allowed: t.Sequence[str],
    catalog: t.Mapping[str, t.Any],
) -> tuple[str, str]:
    """(region, why): the code's region, else one the answers and the provider make likely."""
    if code:
        return code, "region from the code"
    if hosting == SELF_HOSTED:
        if allowed:
            return allowed[0], "region: where you run it (the first allowed region); check it"
        return PLACEHOLDER, "region: where you run it (a region code)"
    entry = (catalog.get("providers") or {}).get(provider or "") or {}
    regions = [str(r) for r in entry.get("regions") or ()]
    inside = [r for r in regions if r in allowed]
    if inside:
        return inside[
            0
        ], f"region: assumed ({provider} processes in {', '.join(regions)}); check it"
    if regions:
        return regions[
            0
        ], f"region: assumed ({provider} processes in {', '.join(regions)}); check it"
    if allowed:
        return allowed[0], "region: where the vendor processes the data (assumed); check it"
    return PLACEHOLDER, "region: where the vendor processes the data (a region code)"


def build_draft(
    references: t.Sequence[ScanReference],
    catalog: t.Mapping[str, t.Any],
    allowed: t.Sequence[str] = (),
) -> Draft:
    """The deployments the references show (one per model, hosting and provider), and notes.

    A reference with a provider but no model becomes a note (the code calls the provider with a
    model id the scan could not read), as does a model id the catalog does not know.
    """
    groups: dict[tuple[str, str, str | None], list[ScanReference]] = {}
    why: dict[tuple[str, str, str | None], str] = {}
    regions: dict[tuple[str, str, str | None], str | None] = {}
    providers_seen: dict[str, list[ScanReference]] = {}
    unknown: dict[str, list[ScanReference]] = {}
    for ref in references:
        if ref.model is None:
            if ref.provider is not None:
                providers_seen.setdefault(ref.provider, []).append(ref)
            elif ref.kind == "model-id" and ref.text:
                unknown.setdefault(ref.text, []).append(ref)
            continue
        hosting, provider, reason = _hosting(ref, catalog)
        key = (ref.model, hosting, provider)
        groups.setdefault(key, []).append(ref)
        why.setdefault(key, reason)
        regions[key] = regions.get(key) or ref.region
    # A model seen with a provider makes its provider-less vendor entry redundant.
    for model, hosting, provider in list(groups):
        seen = any(m == model and h == VENDOR_API and p for m, h, p in groups)
        if provider is None and hosting == VENDOR_API and seen:
            del groups[(model, hosting, provider)]
    deployments = []
    for key, refs in groups.items():
        model, hosting, provider = key
        region, region_why = _region(hosting, provider, regions[key], allowed, catalog)
        notes = [f"found at {_where(refs)}: {why[key]}", region_why]
        if hosting == VENDOR_API and provider is None:
            serving = ", ".join(_serving(model, catalog)) or "none in the catalog"
            notes.append(f"provider: the one the code calls (serving {model}: {serving})")
        if hosting == VENDOR_API and provider is None:
            provider = PLACEHOLDER  # a vendor API needs its provider: the code did not say
        deployments.append(Deployment(model, hosting, region, provider, tuple(notes)))
    declared = {d.provider for d in deployments}
    notes = [
        f"the code calls provider {p} at {_where(refs)} with no model id the scan could read:"
        " declare the deployment it uses"
        for p, refs in sorted(providers_seen.items())
        if p not in declared
    ]
    notes += [
        f"the code names model id {json.dumps(text)} at {_where(refs)}, which the catalog does"
        " not know: declare a catalog model, or have the model reviewed into the catalog"
        for text, refs in sorted(unknown.items())
    ]
    return Draft(tuple(deployments), tuple(notes))


def _scalar(value: str | None, placeholder: str = PLACEHOLDER) -> str:
    # JSON strings are YAML scalars: whatever a flag held, it cannot add keys or comments.
    return json.dumps(placeholder if value is None else value, ensure_ascii=False)


def _plain(value: str | None) -> str:
    """An enum value (or the placeholder) as a plain YAML word."""
    return PLACEHOLDER if value is None else _scalar(value).strip('"')


def _list(values: tuple[str, ...] | None) -> str:
    if values is None:
        return f"[{PLACEHOLDER}]"
    return "[" + ", ".join(_plain(v) for v in values) + "]"


def _one_of(values: t.Sequence[str]) -> str:
    return ", ".join(values)


def render_draft(answers: Answers, draft: Draft, choices: Choices, scanned: str) -> str:
    """The draft manifest's text: the answers, the scan's deployments, comments throughout."""
    lines = [
        f"# Drafted by `llm-policy init` from a scan of the code in {scanned.rstrip('/')}/",
        f"# Review every value. {PLACEHOLDER} marks what the code cannot tell and nobody answered:",
        "# it fails validation until you replace it with one of the values listed above it.",
        f"# Then run: llm-policy check --scan {scanned}",
        "apiVersion: llm-policy/v1",
        "kind: LLMProject",
        "metadata:",
        f"  name: {_scalar(answers.name)}",
        "  # who answers for the project: an e-mail address or a team handle",
        f"  owner: {_scalar(answers.owner, OWNER_PLACEHOLDER)}",
        "spec:",
        "  useCase:",
        f"    # what the model is used for; one of: {_one_of(choices.purpose)}",
        f"    purpose: {_plain(answers.purpose)}",
        f"    # who uses the product; one of: {_one_of(choices.audience)}",
        f"    audience: {_plain(answers.audience)}",
        "  data:",
        f"    # the most sensitive data the model sees; one of: {_one_of(choices.classification)}",
        f"    classification: {_plain(answers.classification)}",
        f"    # special categories of data, any of: {_one_of(choices.categories)} ([] for none)",
        f"    categories: {_list(answers.categories)}",
        f"    # where the data subjects are; region codes: {_one_of(choices.regions)}",
        f"    subjectRegions: {_list(answers.subject_regions)}",
        "  residency:",
        "    # where the data may be processed (at least one region code)",
        f"    allowedRegions: {_list(answers.allowed_regions)}",
        "  deployment:",
        f"    # where the product runs; one of: {_one_of(choices.environment)}",
        f"    environment: {_plain(answers.environment)}",
    ]
    if not draft.deployments:
        lines += [
            "  # the scan found no model the code uses: declare the ones it will",
            "  models: []",
        ]
    else:
        lines.append("  # the deployments the code uses, from the scan")
        lines.append("  models:")
        for d in draft.deployments:
            lines += [f"    # {note}" for note in d.notes]
            lines += [f"    - id: {_scalar(d.id)}", f"      hosting: {d.hosting}"]
            if d.provider is not None:
                lines.append(f"      provider: {_scalar(d.provider)}")
            lines.append(f"      region: {_scalar(d.region)}")
    if draft.notes:
        lines.append("# Also found in the code (not declared above):")
        lines += [f"#   - {note}" for note in draft.notes]
    return "\n".join(wrapped for line in lines for wrapped in _wrap(line)) + "\n"


def _wrap(line: str, width: int = 99) -> list[str]:
    """A long comment as several comment lines (values are never wrapped)."""
    stripped = line.lstrip()
    if len(line) <= width or not stripped.startswith("#"):
        return [line]
    indent = line[: len(line) - len(stripped)]
    import textwrap

    return textwrap.wrap(
        stripped[1:].strip(),
        width=width,
        initial_indent=f"{indent}# ",
        subsequent_indent=f"{indent}#   ",
        break_on_hyphens=False,
    )
