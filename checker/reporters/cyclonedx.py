"""CycloneDX 1.6 AI-BOM: the projects, the models they ask for, the vendor APIs and the decision.

`--format cyclonedx` writes one BOM per run, built with cyclonedx-python-lib's model classes and
its JSON outputter (never hand-written JSON), so the strict 1.6 JSON Schema holds by construction
and the tests check it with the library's strict validator. What goes where (docs/ci.md, "CycloneDX
AI-BOM"):

- **The project**: with one manifest it is `metadata.component` (type application, name =
  `metadata.name`, bom-ref `project:<manifest path>`); with several, `metadata.component` is the
  run (`llm-policy-run`, bom-ref `run`, depending on every project) and each project is a
  component of its own. A project depends on its models and services.
- **Each requested model** is a `machine-learning-model` component (bom-ref
  `project:<manifest>#model-<index>`): name the catalog model id, description the catalog name,
  supplier the catalog vendor, version the catalog `version` or else its `released` day. An open
  model lists every licence that binds it (`license` and `extraLicenses`: all of them apply, not a
  choice) as its SPDX id where the catalog licence has an `spdx` key, else as a named licence
  `LicenseRef-<licence id>` with the licence's name and URL (its `url`, else its first source);
  a closed model has no licence (its terms are the provider's). Hosting, provider, region,
  deployment type, quantization and zero data retention are properties, with the decision:
  `llm-policy:allowed` and `llm-policy:violations` (the rule ids that refuse it).
- **Vendor APIs** are `services`, one per provider a project's vendor-api models use (bom-ref
  `project:<manifest>#service-<provider id>`): the provider's catalog name, its organisation and
  endpoints where the catalog has them (`organisation`, `endpoints`; omitted otherwise), and
  a `data` flow (bi-directional: prompts in, completions out) classified with the manifest's
  `spec.data.classification`, its `spec.data.categories` as `llm-policy:data-categories`. Each
  model depends on the service it is called through. A provider only the code calls (`check
  --scan`) is a service too, with `llm-policy:declared` false.
- **Scan evidence** (`check --scan`, `ManifestResult.evidence`): each reference to a requested
  model is an `evidence.occurrences` item (location the file, its line, the column, kind and code
  text as additional context) on that model's component, with an `identity` (field name,
  concluded value the catalog id, the tool llm-policy). A model the code uses that the manifest
  does not request is a component of its own with `llm-policy:declared` false, so the BOM shows
  what the code uses, not only what the manifest says.
- **The decision and the header**: the project's `llm-policy:passed`, `llm-policy:valid`,
  `llm-policy:recommendation`, `llm-policy:preference` and counts; the run's tools (llm-policy
  and the engine) and properties (`llm-policy:policy-digest`, catalog version, date and digest,
  `llm-policy:as-of`, `llm-policy:fail-on`, `llm-policy:passed`, `llm-policy:exit-code`).
- **Deterministic**: the serial number is a UUID 5 of the report header, the threshold and each
  manifest's path, digest and evidence; the timestamp is `SOURCE_DATE_EPOCH` when set, else
  midnight UTC of the as-of day. The same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import typing as t
import uuid
from dataclasses import dataclass, field

from cyclonedx.model import (
    DataClassification,
    DataFlow,
    Property,
    XsUri,
)
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.bom_ref import BomRef
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.model.component_evidence import (
    ComponentEvidence,
    Identity,
    IdentityField,
    Occurrence,
)
from cyclonedx.model.contact import OrganizationalEntity
from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement
from cyclonedx.model.service import Service
from cyclonedx.model.tool import ToolRepository
from cyclonedx.output.json import JsonV1Dot6

from checker.aliases import build_alias_index
from checker.header import TOOL_NAME, header_dict
from checker.reporters.base import Reporter
from checker.result import ManifestResult, ModelVerdict, RunReport
from checker.scan.reference import ScanReference

#: The namespace of every serial number this format writes (a UUID 5 of the run goes under it).
SERIAL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:llm-policy:cyclonedx:v1")
#: The prefix of every property name this format writes.
PREFIX = "llm-policy:"
TOOL_REF = "tool:llm-policy"
ENGINE_REF = "tool:engine"
RUN_REF = "run"
RUN_NAME = "llm-policy-run"
VENDOR_API = "vendor-api"


@dataclass(frozen=True)
class Deployment:
    """One requested model of a manifest, as the BOM needs it."""

    index: int
    id: str
    hosting: str
    provider: str | None
    written: str = ""
    verdict: ModelVerdict | None = None
    spec: t.Mapping[str, t.Any] = field(default_factory=dict)


def _dict(value: t.Any) -> dict[str, t.Any]:
    return value if isinstance(value, dict) else {}


def _text(value: t.Any) -> str | None:
    """A catalog or manifest value as text, or None when there is none."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _prop(name: str, value: t.Any) -> Property | None:
    text = _text(value)
    return None if text is None else Property(name=PREFIX + name, value=text)


def _props(*pairs: tuple[str, t.Any]) -> list[Property]:
    return [p for p in (_prop(name, value) for name, value in pairs) if p is not None]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _uri(value: t.Any) -> XsUri | None:
    text = _text(value)
    return XsUri(text) if text and text.startswith(("https://", "http://")) else None


def timestamp(as_of: str, environ: t.Mapping[str, str] | None = None) -> dt.datetime:
    """`SOURCE_DATE_EPOCH` (seconds, UTC) when set and valid, else midnight UTC of `as_of`."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        day = dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def serial_number(report: RunReport) -> uuid.UUID:
    """A UUID 5 of what decided the run and of each manifest (path, digest, evidence)."""
    run = {
        "header": header_dict(report.header),
        "failOn": report.threshold.name,
        "manifests": [
            [r.manifest, r.sha256, [ref.as_dict() for ref in r.evidence]] for r in report.results
        ],
    }
    text = json.dumps(run, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return uuid.uuid5(SERIAL_NAMESPACE, text)


def project_ref(result: ManifestResult) -> str:
    """The bom-ref of a manifest's project component: stable, and unique within a run."""
    return f"project:{result.manifest}"


class _Catalog:
    """The lookups the BOM makes in `data.catalog`."""

    def __init__(self, catalog: t.Mapping[str, t.Any]) -> None:
        self.models = _dict(catalog.get("models"))
        self.licenses = _dict(catalog.get("licenses"))
        self.providers = _dict(catalog.get("providers"))
        self._catalog = catalog
        self._aliases: dict[str, str] | None = None

    def model(self, model_id: str) -> dict[str, t.Any]:
        return _dict(self.models.get(model_id))

    def resolve(self, written: str) -> str:
        """The catalog id of a model id as written (itself when the catalog does not know it)."""
        if self._aliases is None:
            try:
                index = build_alias_index(self._catalog)
            except Exception:  # a broken alias table was reported by the run; ids stay as written
                index = {}
            self._aliases = {key: alias.model for key, alias in index.items()}
        return self._aliases.get(written.lower(), written)

    def license(self, license_id: str) -> DisjunctiveLicense:
        """A licence as its SPDX id (its `spdx` key), else `LicenseRef-<id>` with name and url."""
        entry = _dict(self.licenses.get(license_id))
        spdx = _text(entry.get("spdx"))
        if spdx:
            return DisjunctiveLicense(id=spdx, acknowledgement=LicenseAcknowledgement.DECLARED)
        sources = entry.get("sources")
        first = sources[0] if isinstance(sources, list) and sources else None
        return DisjunctiveLicense(
            name=f"LicenseRef-{license_id}",
            url=_uri(entry.get("url")) or _uri(first),
            acknowledgement=LicenseAcknowledgement.DECLARED,
            properties=_props(("license-id", license_id), ("license-name", entry.get("name"))),
        )

    def licenses_of(self, model_id: str) -> list[str]:
        """The licence ids that bind an open model (none for a closed or unknown one)."""
        entry = self.model(model_id)
        if entry.get("weights") == "closed":
            return []
        ids = [entry.get("license"), *(entry.get("extraLicenses") or ())]
        return [str(i) for i in ids if isinstance(i, str) and i]


def deployments(result: ManifestResult, catalog: _Catalog) -> list[Deployment]:
    """The manifest's requested models: from the decision, else (validate only) its facts."""
    specs = [_dict(m) for m in _dict(result.facts.get("spec")).get("models") or ()]

    def spec(index: int) -> dict[str, t.Any]:
        return specs[index] if 0 <= index < len(specs) else {}

    if result.decision is not None:
        return [
            Deployment(m.index, m.id, m.hosting, m.provider, m.written, m, spec(m.index))
            for m in result.decision.models
        ]
    if not result.valid:
        return []
    out = []
    for index, item in enumerate(specs):
        written = str(item.get("id", ""))
        provider = _text(item.get("provider"))
        out.append(
            Deployment(
                index,
                catalog.resolve(written),
                str(item.get("hosting", "")),
                provider,
                written,
                None,
                item,
            )
        )
    return out


def _occurrence(ref: ScanReference) -> Occurrence:
    return Occurrence(
        location=ref.file,
        line=ref.line,
        additional_context=f"column {ref.column}, {ref.kind}: {ref.text}",
    )


def _evidence(model_id: str, refs: t.Sequence[ScanReference]) -> ComponentEvidence | None:
    if not refs:
        return None
    return ComponentEvidence(
        identity=[
            Identity(
                field=IdentityField.NAME,
                concluded_value=model_id,
                tools=[BomRef(TOOL_REF)],
            )
        ],
        occurrences=[_occurrence(ref) for ref in refs],
    )


def match_evidence(
    models: t.Sequence[Deployment], evidence: t.Iterable[ScanReference]
) -> tuple[dict[int, list[ScanReference]], dict[str, list[ScanReference]], int]:
    """Each reference on the requested model it names, else on the model id the code uses.

    A reference naming a model requested more than once goes to the deployments that match what
    the code says (provider, then hosting); when the code says neither, to each of them. Returns
    the references by deployment index, the references to models the manifest does not request
    (by catalog id) and how many references name no model at all.
    """
    matched: dict[int, list[ScanReference]] = {}
    undeclared: dict[str, list[ScanReference]] = {}
    unattributed = 0
    for ref in evidence:
        if ref.model is None:
            unattributed += 1
            continue
        same = [d for d in models if d.id == ref.model]
        for attribute, value in (("provider", ref.provider), ("hosting", ref.hosting)):
            narrower = [d for d in same if value is not None and getattr(d, attribute) == value]
            same = narrower or same
        if not same:
            undeclared.setdefault(ref.model, []).append(ref)
        for d in same:
            matched.setdefault(d.index, []).append(ref)
    return matched, undeclared, unattributed


class _Builder:
    """Builds the BOM of one run."""

    def __init__(self, report: RunReport) -> None:
        self.report = report
        self.catalog = _Catalog(report.catalog)
        self.bom = Bom(serial_number=serial_number(report))
        self.dependencies: list[tuple[Component | Service, list[Component | Service]]] = []

    # -- models -----------------------------------------------------------------------------

    def model_component(
        self,
        ref: str,
        model_id: str,
        properties: list[Property],
        evidence: t.Sequence[ScanReference] = (),
    ) -> Component:
        entry = self.catalog.model(model_id)
        vendor = _text(entry.get("vendor"))
        known = bool(entry)
        return Component(
            type=ComponentType.MACHINE_LEARNING_MODEL,
            name=model_id,
            bom_ref=ref,
            description=_text(entry.get("name")),
            version=_text(entry.get("version")) or _text(entry.get("released")),
            supplier=OrganizationalEntity(name=vendor) if vendor else None,
            licenses=[self.catalog.license(i) for i in self.catalog.licenses_of(model_id)],
            properties=[
                *_props(
                    ("in-catalog", known),
                    ("weights", entry.get("weights")),
                    ("released", entry.get("released")),
                ),
                *self._license_expression(model_id),
                *properties,
            ],
            evidence=_evidence(model_id, evidence),
        )

    def _license_expression(self, model_id: str) -> list[Property]:
        """When several licences bind a model, the SPDX expression saying all of them apply."""
        ids = self.catalog.licenses_of(model_id)
        if len(ids) < 2:
            return []
        terms = []
        for i in ids:
            spdx = _text(_dict(self.catalog.licenses.get(i)).get("spdx"))
            terms.append(spdx or f"LicenseRef-{i}")
        return _props(("license-expression", " AND ".join(terms)))

    def deployment_properties(self, d: Deployment) -> list[Property]:
        spec = d.spec
        props = _props(
            ("declared", True),
            ("index", d.index),
            ("written-id", d.written if d.written and d.written != d.id else None),
            ("hosting", d.hosting),
            ("provider", d.provider),
            ("region", spec.get("region")),
            ("deployment-type", spec.get("deploymentType")),
            ("quantization", spec.get("quantization")),
            ("zero-data-retention", spec.get("zeroDataRetention")),
            ("baa-signed", spec.get("baaSigned")),
        )
        if d.verdict is not None:
            props += _props(("allowed", d.verdict.allowed))
            if d.verdict.violations:
                props += _props(("violations", ", ".join(d.verdict.violations)))
        return props

    # -- services ---------------------------------------------------------------------------

    def service(
        self, project: str, provider: str, facts: t.Mapping[str, t.Any], *, declared: bool = True
    ) -> Service:
        entry = _dict(self.catalog.providers.get(provider))
        organisation = _text(entry.get("organisation"))
        endpoints = [u for u in (_uri(e) for e in entry.get("endpoints") or ()) if u is not None]
        data = _dict(_dict(facts.get("spec")).get("data"))
        classification = _text(data.get("classification"))
        categories = [str(c) for c in data.get("categories") or () if isinstance(c, str)]
        return Service(
            name=_text(entry.get("name")) or provider,
            bom_ref=f"{project}#service-{provider}",
            provider=OrganizationalEntity(name=organisation) if organisation else None,
            endpoints=endpoints,
            x_trust_boundary=True,
            data=[DataClassification(flow=DataFlow.BI_DIRECTIONAL, classification=classification)]
            if classification
            else [],
            properties=_props(
                ("provider-id", provider),
                ("declared", declared),
                ("in-catalog", bool(entry)),
                ("data-categories", ", ".join(sorted(categories)) or None),
            ),
        )

    # -- projects ---------------------------------------------------------------------------

    def project(self, result: ManifestResult) -> Component:
        """The project component of one manifest, its models and services added to the BOM."""
        ref = project_ref(result)
        models = deployments(result, self.catalog)
        matched, undeclared, unattributed = match_evidence(models, result.evidence)
        parts: list[Component | Service] = []
        services: dict[str, Service] = {}
        for d in models:
            component = self.model_component(
                f"{ref}#model-{d.index}",
                d.id,
                self.deployment_properties(d),
                matched.get(d.index, ()),
            )
            self.bom.components.add(component)
            parts.append(component)
            if d.hosting == VENDOR_API and d.provider:
                if d.provider not in services:
                    services[d.provider] = self.service(ref, d.provider, result.facts)
                self.dependencies.append((component, [services[d.provider]]))
        for model_id, refs in sorted(undeclared.items()):
            component = self.model_component(
                f"{ref}#code-model-{model_id}", model_id, _props(("declared", False)), refs
            )
            self.bom.components.add(component)
            parts.append(component)
            called = sorted(
                {str(r.provider) for r in refs if r.hosting == VENDOR_API and r.provider}
            )
            for provider in called:
                if provider not in services:
                    services[provider] = self.service(ref, provider, result.facts, declared=False)
            if called:
                self.dependencies.append((component, [services[p] for p in called]))
        # a vendor endpoint or SDK call that names no model still shows the service it calls
        for r in result.evidence:
            named = r.provider
            if r.model is None and r.hosting == VENDOR_API and named and named not in services:
                services[named] = self.service(ref, named, result.facts, declared=False)
        for service in services.values():
            self.bom.services.add(service)
            parts.append(service)
        project = Component(
            type=ComponentType.APPLICATION,
            name=result.project or result.manifest,
            bom_ref=ref,
            description=_text(_dict(result.facts.get("metadata")).get("description")),
            properties=self.project_properties(result, len(result.evidence), unattributed),
        )
        self.dependencies.append((project, parts))
        return project

    def project_properties(
        self, result: ManifestResult, references: int, unattributed: int
    ) -> list[Property]:
        threshold = self.report.threshold
        decision = result.decision
        metadata = _dict(result.facts.get("metadata"))
        data = _dict(_dict(result.facts.get("spec")).get("data"))
        props = _props(
            ("manifest", result.manifest),
            ("manifest-sha256", result.sha256 or None),
            ("owner", metadata.get("owner")),
            ("data-classification", data.get("classification")),
            ("valid", result.valid),
            ("passed", result.passed(threshold)),
            ("errors", len(result.errors)),
            ("violations", len(result.violations)),
            ("warnings", len(result.warnings)),
            ("waived", len(result.waived)),
        )
        if decision is not None:
            props += _props(
                ("recommendation", decision.recommendation),
                ("preference", decision.preference),
                ("self-hosted-allowed", decision.self_hosted.allowed),
                ("vendor-api-allowed", decision.vendor_api.allowed),
            )
        if references:
            props += _props(
                ("scan-references", references), ("scan-references-without-model", unattributed)
            )
        return props

    # -- the run ----------------------------------------------------------------------------

    def metadata(self, root: Component) -> BomMetaData:
        header = self.report.header
        tools = [
            Component(
                type=ComponentType.APPLICATION,
                name=TOOL_NAME,
                version=header.tool_version,
                bom_ref=TOOL_REF,
            )
        ]
        if header.engine_name and header.engine_name != "none":
            tools.append(
                Component(
                    name=header.engine_name,
                    version=header.engine_version or None,
                    bom_ref=ENGINE_REF,
                )
            )
        summary = self.report.summary
        properties = _props(
            ("engine", f"{header.engine_name} {header.engine_version}".strip()),
            ("policy-digest", header.policy_digest),
            ("catalog-version", header.catalog_version),
            ("catalog-date", header.catalog_date),
            ("catalog-digest", header.catalog_digest or None),
            ("as-of", header.as_of),
            ("fail-on", self.report.threshold.name),
            ("passed", summary.failed == 0),
            ("exit-code", self.report.exit_code),
            ("manifests", summary.manifests),
            ("manifests-failed", summary.failed),
        )
        properties += [Property(name=PREFIX + "notice", value=n) for n in self.report.notices]
        return BomMetaData(
            tools=ToolRepository(components=tools),
            component=root,
            timestamp=timestamp(header.as_of),
            properties=properties,
        )

    def build(self) -> Bom:
        results = list(self.report.results)
        projects = [self.project(r) for r in results]
        if len(projects) == 1:
            root = projects[0]
        else:
            root = Component(
                type=ComponentType.APPLICATION,
                name=RUN_NAME,
                bom_ref=RUN_REF,
                description=f"The {len(projects)} projects llm-policy checked as of"
                f" {self.report.header.as_of}.",
            )
            for project in projects:
                self.bom.components.add(project)
            self.dependencies.append((root, list(projects)))
        self.bom.metadata = self.metadata(root)
        for target, parts in self.dependencies:
            self.bom.register_dependency(target, parts)
        return self.bom


def build_bom(report: RunReport) -> Bom:
    """The CycloneDX BOM of a run."""
    return _Builder(report).build()


#: The keys a reader looks at first to tell the document is CycloneDX, written first.
_FIRST = ("$schema", "bomFormat", "specVersion", "serialNumber", "version", "metadata")


def render_bom(report: RunReport) -> str:
    """The run's BOM as CycloneDX 1.6 JSON text (the library's JSON, its identifying keys first)."""
    document = json.loads(JsonV1Dot6(build_bom(report)).output_as_string())
    ordered = {key: document[key] for key in _FIRST if key in document}
    ordered.update((key, value) for key, value in document.items() if key not in ordered)
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


class CyclonedxReporter(Reporter):
    """`--format cyclonedx`: a CycloneDX 1.6 AI-BOM (JSON)."""

    name = "cyclonedx"

    def render(self, report: RunReport) -> str:
        """See `Reporter.render`."""
        return render_bom(report)


__all__ = [
    "SERIAL_NAMESPACE",
    "CyclonedxReporter",
    "build_bom",
    "match_evidence",
    "render_bom",
    "serial_number",
    "timestamp",
]
