"""audit.oscal.json: the audit as NIST OSCAL 1.1 assessment results, rendered from audit.json.

Like audit.html and audit.md, it is made from audit.json's text parsed back and nothing else, so
`verify` can render it again and hold the file against it. The mapping (docs/audit.md, "OSCAL"):

- each project is a subject: an `inventory-item` of `results[0].local-definitions`, its uuid a
  uuid5 of the report id and the manifest path;
- each rule is a local objective (`local-definitions.objectives-and-methods`, `control-id` the
  rule id) and is listed in `reviewed-controls`; `manifest-schema` stands for the schema check;
- each rule evaluated on a project is an `observation` (methods `TEST`), whose relevant evidence
  is the manifest (sha256 in back-matter) and the rule's policy file;
- each violation or warning is a `finding` linked to its observation, its target the rule's
  objective: `not-satisfied` when it fails the project or is waived, `satisfied` (reason
  `other`) when it is only reported; an invalid manifest is a `not-satisfied` finding too;
- each waived finding is an accepted risk: a `risk` with status `deviation-approved`, the
  waiver's expiry as its `deadline`, a completed `remediations` response (the acceptance, with
  the waiver's reason) and a `risk-log` entry logged by the approver (a metadata party);
- the evidence hashes (audit.json, the manifests, the waivers file, every policy and data file)
  are back-matter resources whose rlinks carry SHA-256 hashes; `import-ap` points at the
  audit.json resource, the record of what was planned and run (there is no separate plan).

Every uuid is a uuid5 in the report id's namespace, so a fixed `--timestamp` gives identical
bytes. Text that OSCAL reads as Markdown (titles, descriptions, remarks) is Markdown-escaped:
manifest values stay text in a GRC tool that renders them. Only the standard library is used;
the tests validate the file with compliance-trestle's models.
"""

from __future__ import annotations

import hashlib
import json
import re
import typing as t
import urllib.parse
import uuid

from checker.audit.markdown_text import escape_markdown
from checker.terminal import clean

OSCAL_VERSION = "1.1.3"
NAMESPACE = "https://llm-policy.invalid/ns/oscal"
"""The namespace (`ns`) of llm-policy's own property names."""
SCHEMA_OBJECTIVE = "manifest-schema"
"""The objective an invalid manifest does not satisfy (it is not a rule of the policy set)."""

_NOT_TOKEN = re.compile(r"[^A-Za-z0-9_.-]")
_MEDIA_TYPES = {
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".json": "application/json",
}
_Json = dict[str, t.Any]


def _plain(value: object) -> str:
    """A one-line OSCAL string (no edge or repeated whitespace, controls shown as `?`)."""
    return " ".join(clean(str(value)).split())


def _md(value: object) -> str:
    """Text for an OSCAL markup field: one line of Markdown that shows `value` literally."""
    return str(escape_markdown(_plain(value)))


def _token(value: str) -> str:
    """`value` as an OSCAL token (rule ids normally are one already)."""
    token = _NOT_TOKEN.sub("_", value)
    return token if re.match(r"[A-Za-z_]", token) else "_" + token


def _prop(name: str, value: object) -> _Json | None:
    text = _plain(value) if value is not None else ""
    return {"name": name, "ns": NAMESPACE, "value": text} if text else None


def _props(*pairs: tuple[str, object]) -> list[_Json]:
    return [p for name, value in pairs if (p := _prop(name, value)) is not None]


def _href(path: str) -> str:
    return urllib.parse.quote(path, safe="/:")


def _end_of_day(day: str) -> str:
    """The last second of an ISO date, UTC: a waiver holds through its expiry day."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", day):
        raise ValueError(f"not an ISO date: {day!r}")
    return f"{day}T23:59:59Z"


class _Builder:
    """The assessment results of one audit.json document."""

    def __init__(self, document: t.Mapping[str, t.Any], json_sha256: str) -> None:
        self.doc = document
        self.evidence: t.Mapping[str, t.Any] = document["evidence"]
        self.report_id = str(self.evidence["reportId"])
        self.namespace = uuid.UUID(self.report_id)
        self.timestamp = str(self.evidence["timestamp"])
        self.json_sha256 = json_sha256
        self.parties: dict[str, str] = {}  # approver -> party uuid
        self.resources: list[_Json] = []
        self.manifest_resource: dict[str, str] = {}
        self.policy_resource: dict[str, str] = {}
        self.tool_uuid = self.uuid("component", "llm-policy")

    def uuid(self, *parts: str) -> str:
        return str(uuid.uuid5(self.namespace, "\x1f".join(parts)))

    # back-matter

    def resource(self, kind: str, path: str, sha256: str, title: str, description: str) -> str:
        resource_uuid = self.uuid("resource", kind, path)
        suffix = path[path.rfind(".") :] if "." in path else ""
        rlink: _Json = {"href": _href(path)}
        if suffix in _MEDIA_TYPES:
            rlink["media-type"] = _MEDIA_TYPES[suffix]
        rlink["hashes"] = [{"algorithm": "SHA-256", "value": sha256}]
        oscal_type = {"report": "tool-output", "policy": "policy"}.get(kind, "evidence")
        self.resources.append(
            {
                "uuid": resource_uuid,
                "title": _md(title),
                "description": _md(description),
                "props": [{"name": "type", "value": oscal_type}],
                "rlinks": [rlink],
            }
        )
        return resource_uuid

    def back_matter(self) -> str:
        """Add the evidence resources; return the audit.json resource's uuid."""
        report = self.resource(
            "report",
            "audit.json",
            self.json_sha256,
            "audit.json",
            "The audit's source of truth: its evidence and every decision, from which this file"
            " was rendered.",
        )
        for manifest in self.evidence["manifests"]:
            path, sha256 = str(manifest["path"]), str(manifest["sha256"])
            self.manifest_resource[path] = self.resource(
                "manifest", path, sha256, path, f"Manifest {path} as audited."
            )
        waivers = self.evidence.get("waivers")
        if waivers:
            path = str(waivers["path"])
            self.resource(
                "waivers", path, str(waivers["sha256"]), path, f"Waivers file {path} as applied."
            )
        for name, sha256 in sorted(self.evidence["policy"]["files"].items()):
            self.policy_resource[name] = self.resource(
                "policy", name, str(sha256), name, f"Policy or data file {name}."
            )
        return report

    # metadata

    def party(self, approver: str) -> str:
        name = _plain(approver)
        if name not in self.parties:
            self.parties[name] = self.uuid("party", name)
        return self.parties[name]

    def metadata(self) -> _Json:
        ev, summary = self.evidence, self.doc["summary"]
        title = (
            f"llm-policy audit {self.report_id}: {summary['passed']} of {summary['projects']}"
            f" {'project passes' if summary['projects'] == 1 else 'projects pass'}"
        )
        roles = [{"id": "waiver-approver", "title": "Waiver approver"}] if self.parties else []
        parties = [
            {
                "uuid": party_uuid,
                "type": "person" if "@" in name[1:] else "organization",
                "name": name,
            }
            for name, party_uuid in sorted(self.parties.items())
        ]
        git = ev.get("git") or {}
        metadata: _Json = {
            "title": _md(title),
            "published": self.timestamp,
            "last-modified": self.timestamp,
            "version": self.report_id,
            "oscal-version": OSCAL_VERSION,
            "props": _props(
                ("report-id", self.report_id),
                ("verdict", self.doc["verdict"]),
                ("tool", f"{ev['tool']['name']} {ev['tool']['version']}"),
                ("engine", f"{ev['engine']['name']} {ev['engine']['version']}"),
                ("policy-digest", ev["policy"]["digest"]),
                ("catalog-version", ev["catalog"].get("version")),
                ("catalog-digest", ev["catalog"].get("digest")),
                ("as-of", ev["asOf"]),
                ("fail-on", ev["failOn"]),
                ("git-commit", git.get("commit")),
                ("git-dirty", json.dumps(git.get("dirty"))),
            ),
        }
        if roles:
            metadata["roles"] = roles
            metadata["parties"] = parties
        return metadata

    # objectives

    def objectives(self) -> list[_Json]:
        out = [
            {
                "control-id": SCHEMA_OBJECTIVE,
                "description": _md("The manifest is valid against llm-policy's manifest schema."),
                "parts": [
                    {
                        "name": "objective",
                        "prose": _md(
                            "The manifest parses and validates, so the rules can be evaluated."
                        ),
                    }
                ],
            }
        ]
        return out + [self.objective(rule) for rule in self.doc["rules"]]

    def objective(self, rule: t.Mapping[str, t.Any]) -> _Json:
        remediation = {
            "name": "remediation",
            "ns": NAMESPACE,
            "prose": _md(rule["remediation"] or "-"),
        }
        objective: _Json = {
            "control-id": _token(str(rule["id"])),
            "description": _md(f"{rule['id']}: {rule['title']}"),
            "props": _props(
                ("rule", rule["id"]),
                ("severity", rule["severity"]),
                ("area", rule["area"]),
                ("source", rule["source"]),
            ),
            "parts": [
                {"name": "objective", "prose": _md(rule["description"] or rule["title"])},
                remediation,
            ],
        }
        if rule["references"]:
            objective["remarks"] = _md("; ".join(map(str, rule["references"])))
        return objective

    # results

    def subject(self, result: t.Mapping[str, t.Any]) -> _Json:
        manifest = str(result["manifest"])
        return {
            "uuid": self.uuid("subject", manifest),
            "description": _md(f"Project {result.get('project') or '?'}, manifest {manifest}."),
            "props": _props(
                ("manifest", manifest),
                ("project", result.get("project")),
                ("sha256", result.get("sha256")),
                ("verdict", "pass" if result["passed"] else "fail"),
            ),
            "links": [{"href": "#" + self.manifest_resource[manifest], "rel": "evidence"}]
            if manifest in self.manifest_resource
            else [],
        }

    def evidence_for(self, manifest: str, sha256: str, source: str | None) -> list[_Json]:
        evidence: list[_Json] = []
        if manifest in self.manifest_resource:
            evidence.append(
                {
                    "href": "#" + self.manifest_resource[manifest],
                    "description": _md(f"Manifest {manifest}, sha256 {sha256}."),
                }
            )
        else:  # the evidence does not list it: say so rather than leave the observation bare
            evidence.append({"description": _md(f"Manifest {manifest}, sha256 {sha256}.")})
        if source is not None:
            file = source.rsplit(":", 1)[0]
            item: _Json = {"description": _md(f"The rule's source, {source}.")}
            if file in self.policy_resource:
                item = {"href": "#" + self.policy_resource[file], **item}
            evidence.append(item)
        return evidence

    def observation(
        self,
        result: t.Mapping[str, t.Any],
        objective: str,
        outcome: str,
        description: str,
        source: str | None = None,
    ) -> _Json:
        manifest, project = str(result["manifest"]), result.get("project") or "?"
        return {
            "uuid": self.uuid("observation", manifest, objective),
            "title": _md(f"{objective} on {project}"),
            "description": _md(description),
            "props": _props(("objective", objective), ("outcome", outcome)),
            "methods": ["TEST"],
            "subjects": [
                {
                    "subject-uuid": self.uuid("subject", manifest),
                    "type": "inventory-item",
                    "title": _md(project),
                }
            ],
            "relevant-evidence": self.evidence_for(manifest, str(result.get("sha256")), source),
            "collected": self.timestamp,
        }

    def results(self) -> _Json:
        observations: list[_Json] = []
        findings: list[_Json] = []
        risks: list[_Json] = []
        for result in self.doc["results"]:
            self.project(result, observations, findings, risks)
        summary = self.doc["summary"]
        threshold = self.evidence["failOn"]
        selected = [{"control-id": SCHEMA_OBJECTIVE}]
        selected += [{"control-id": _token(str(r["id"]))} for r in self.doc["rules"]]
        out: _Json = {
            "uuid": self.uuid("result"),
            "title": _md(
                f"llm-policy audit of {summary['projects']}"
                f" manifest{'' if summary['projects'] == 1 else 's'}"
            ),
            "description": _md(
                f"Every rule of the policy set (policy digest {self.evidence['policy']['digest']})"
                f" evaluated on every valid manifest as of {self.evidence['asOf']}, failing at"
                f" {threshold} and above; verdict {self.doc['verdict']}: {summary['passed']}"
                f" passed, {summary['failed']} failed."
            ),
            "start": self.timestamp,
            "end": self.timestamp,
            "props": _props(
                *((key, summary[key]) for key in ("projects", "passed", "failed", "invalid")),
                *((key, summary[key]) for key in ("violations", "warnings", "waived")),
            ),
            "local-definitions": {
                "inventory-items": [self.subject(r) for r in self.doc["results"]],
                "assessment-assets": {
                    "components": [self.tool_component()],
                    "assessment-platforms": [
                        {
                            "uuid": self.uuid("platform", "llm-policy"),
                            "title": "llm-policy",
                            "uses-components": [{"component-uuid": self.tool_uuid}],
                        }
                    ],
                },
            },
            "reviewed-controls": {
                "description": _md(
                    "The manifest schema and every rule of the policy set, each a local objective."
                ),
                "control-selections": [{"include-controls": selected}],
            },
            "observations": observations,
        }
        if risks:
            out["risks"] = risks
        if findings:
            out["findings"] = findings
        return out

    def tool_component(self) -> _Json:
        ev = self.evidence
        return {
            "uuid": self.tool_uuid,
            "type": "software",
            "title": _md(f"{ev['tool']['name']} {ev['tool']['version']}"),
            "description": _md(
                f"The policy checker that evaluated the manifests, with the {ev['engine']['name']}"
                f" {ev['engine']['version']} Rego engine."
            ),
            "props": _props(("version", ev["tool"]["version"])),
            "status": {"state": "operational"},
        }

    def project(
        self,
        result: t.Mapping[str, t.Any],
        observations: list[_Json],
        findings: list[_Json],
        risks: list[_Json],
    ) -> None:
        manifest = str(result["manifest"])
        errors = result.get("errors") or []
        if not result["valid"] or "decision" not in result:
            described = "; ".join(
                f"{e.get('path') or '(document)'}: {e.get('message')}" for e in errors
            )
            count = f"{len(errors)} error{'' if len(errors) == 1 else 's'}"
            obs = self.observation(
                result,
                SCHEMA_OBJECTIVE,
                "failed",
                f"The manifest is invalid ({count}), so no rule was evaluated: {described}",
            )
            observations.append(obs)
            findings.append(
                {
                    "uuid": self.uuid("finding", manifest, SCHEMA_OBJECTIVE),
                    "title": _md(f"Invalid manifest {manifest}"),
                    "description": _md(f"{count}: {described}" if errors else "invalid"),
                    "props": _props(("status", "fails"), ("kind", "violation")),
                    "target": {
                        "type": "objective-id",
                        "target-id": SCHEMA_OBJECTIVE,
                        "status": {"state": "not-satisfied", "reason": "fail"},
                    },
                    "related-observations": [{"observation-uuid": obs["uuid"]}],
                }
            )
            return
        observations.append(
            self.observation(result, SCHEMA_OBJECTIVE, "passed", "The manifest is valid.")
        )
        outcome_of = {rule: outcome for outcome, rules in result["rules"].items() for rule in rules}
        by_rule: dict[str, list[tuple[int, t.Mapping[str, t.Any]]]] = {}
        for index, finding in enumerate(result["findings"]):
            by_rule.setdefault(str(finding["rule"]), []).append((index, finding))
        for rule in self.doc["rules"]:
            rule_id = str(rule["id"])
            outcome = outcome_of.get(rule_id)
            if outcome is None:  # every rule is in one outcome: a missing one is no pass
                raise ValueError(f"{manifest}: rule {rule_id} has no outcome")
            fired = by_rule.get(rule_id, [])
            if bool(fired) == (outcome == "passed"):
                raise ValueError(
                    f"{manifest}: rule {rule_id} is {outcome} with {len(fired)} findings"
                )
            count = f"{len(fired)} finding{'' if len(fired) == 1 else 's'}"
            said = {
                "failed": f"fails the project ({count})",
                "reported": f"reported, does not fail the project ({count})",
                "waived": f"waived ({count})",
                "passed": "passed: no finding",
            }[outcome]
            obs = self.observation(
                result,
                _token(rule_id),
                outcome,
                f"{rule_id} ({rule['title']}) on {manifest}: {said}.",
                str(rule["source"]),
            )
            observations.append(obs)
            for index, finding in fired:
                findings.append(self.finding(result, index, finding, obs["uuid"], risks))

    def finding(
        self,
        result: t.Mapping[str, t.Any],
        index: int,
        finding: t.Mapping[str, t.Any],
        observation: str,
        risks: list[_Json],
    ) -> _Json:
        manifest, status = str(result["manifest"]), str(finding["status"])
        rule_id = str(finding["rule"])
        threshold = self.evidence["failOn"]
        target_status: _Json = {
            "fails": {"state": "not-satisfied", "reason": "fail"},
            "waived": {
                "state": "not-satisfied",
                "reason": "other",
                "remarks": _md("Accepted by a waiver: see the related risk."),
            },
            "reported": {
                "state": "satisfied",
                "reason": "other",
                "remarks": _md(
                    f"Reported, does not fail the project under fail-on {threshold}: a warning"
                    " below the threshold, or why a deployment mode the project does not need is"
                    " not allowed."
                ),
            },
        }[status]
        where = finding.get("path")
        if where and finding.get("line"):
            where = f"{where} (line {finding['line']})"
        remarks = [f"Remediation: {finding.get('remediation') or '-'}"]
        if finding.get("references"):
            remarks.append("References: " + "; ".join(map(str, finding["references"])))
        expired = finding.get("expiredWaiver")
        if expired:
            remarks.append(f"A waiver expired on {expired.get('expires')}: it no longer holds.")
        out: _Json = {
            "uuid": self.uuid("finding", manifest, str(index)),
            "title": _md(f"{rule_id}: {finding['title']}"),
            "description": _md(finding["message"]),
            "props": _props(
                ("rule", rule_id),
                ("severity", finding["severity"]),
                ("kind", finding["kind"]),
                ("status", status),
                ("scope", finding.get("scope")),
                ("path", where),
            ),
            "origins": [{"actors": [{"type": "tool", "actor-uuid": self.tool_uuid}]}],
            "target": {
                "type": "objective-id",
                "target-id": _token(rule_id),
                "title": _md(finding["title"]),
                "status": target_status,
            },
            "related-observations": [{"observation-uuid": observation}],
            "remarks": _md(" ".join(remarks)),
        }
        if status == "waived":
            risk = self.risk(result, index, finding, observation)
            risks.append(risk)
            out["related-risks"] = [{"risk-uuid": risk["uuid"]}]
        return out

    def risk(
        self,
        result: t.Mapping[str, t.Any],
        index: int,
        finding: t.Mapping[str, t.Any],
        observation: str,
    ) -> _Json:
        manifest, project = str(result["manifest"]), result.get("project") or "?"
        waiver = finding.get("waiver")
        if not isinstance(waiver, dict):
            raise ValueError(f"{manifest}: a waived finding of {finding['rule']} has no waiver")
        reason, expires = waiver.get("reason"), waiver.get("expires")
        approver = _plain(waiver.get("approver") or "")  # "": none recorded (a blank one too)
        response_uuid = self.uuid("response", manifest, str(index))
        accepted = f"Waived by {approver}" if approver else "Waived (no approver recorded)"
        accepted += f" until {expires}" if expires else " (no expiry date)"
        accepted += f": {reason}"
        origins = []
        if approver:
            party = self.party(str(approver))
            origins = [
                {"actors": [{"type": "party", "actor-uuid": party, "role-id": "waiver-approver"}]}
            ]
        response: _Json = {
            "uuid": response_uuid,
            "lifecycle": "completed",
            "title": _md("Risk accepted by a waiver"),
            "description": _md(accepted),
            "props": _props(("waiver-source", waiver.get("source"))),
        }
        entry: _Json = {
            "uuid": self.uuid("risk-log", manifest, str(index)),
            "title": _md(f"Waiver in force as of {self.evidence['asOf']}"),
            "description": _md(accepted),
            "start": self.timestamp,
        }
        if expires:
            entry["end"] = _end_of_day(str(expires))
        if approver:
            response["origins"] = origins
            entry["logged-by"] = [
                {"party-uuid": self.party(str(approver)), "role-id": "waiver-approver"}
            ]
        entry["status-change"] = "deviation-approved"
        entry["related-responses"] = [{"response-uuid": response_uuid}]
        risk: _Json = {
            "uuid": self.uuid("risk", manifest, str(index)),
            "title": _md(f"Accepted risk: {finding['rule']} on {project}"),
            "description": _md(finding["message"]),
            "statement": _md(
                f"{finding['rule']} ({finding['severity']}) is not satisfied by {manifest}; a"
                " waiver accepts the finding, so it does not fail the project while the waiver"
                " holds."
            ),
            "props": _props(("rule", finding["rule"]), ("severity", finding["severity"])),
            "status": "deviation-approved",
        }
        if origins:
            risk["origins"] = origins
        if expires:
            risk["deadline"] = _end_of_day(str(expires))
        risk["remediations"] = [response]
        risk["risk-log"] = {"entries": [entry]}
        risk["related-observations"] = [{"observation-uuid": observation}]
        return risk

    def build(self) -> _Json:
        import_ap = self.back_matter()
        results = self.results()  # before metadata: it collects the approvers' parties
        return {
            "assessment-results": {
                "uuid": self.report_id,
                "metadata": self.metadata(),
                "import-ap": {
                    "href": "#" + import_ap,
                    "remarks": _md(
                        "No separate OSCAL assessment plan: the plan (manifests, policies, data,"
                        " waivers, threshold and as-of day) is recorded in audit.json's evidence."
                    ),
                },
                "local-definitions": {"objectives-and-methods": self.objectives()},
                "results": [results],
                "back-matter": {"resources": self.resources},
            }
        }


def build_oscal(document: t.Mapping[str, t.Any], json_text: str) -> dict[str, t.Any]:
    """The assessment results of `document` (audit.json parsed), whose text is `json_text`."""
    digest = hashlib.sha256(json_text.encode()).hexdigest()
    return _Builder(document, digest).build()


def render_oscal(document: t.Mapping[str, t.Any], json_text: str) -> str:
    """audit.oscal.json's text: compact JSON, UTF-8, one trailing newline.

    Compact, since there is an observation per rule and project.
    """
    oscal = build_oscal(document, json_text)
    return json.dumps(oscal, ensure_ascii=False, separators=(",", ":")) + "\n"
