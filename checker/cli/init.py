"""`llm-policy init`: draft llm-project.yaml from a scan of the code and a few answers."""

from __future__ import annotations

import sys
import typing as t
from pathlib import Path

import click

from checker.cli.build import catalog_choice
from checker.cli.errors import exits
from checker.cli.options import catalog_option

if t.TYPE_CHECKING:
    from checker.init_draft import Answers, Choices

MANIFEST = "llm-project.yaml"


def parse_list(value: str, choices: t.Sequence[str], *, empty: bool = True) -> tuple[str, ...]:
    """A prompt's comma-separated answer, each one of `choices`; `none` for an empty list."""
    items = [v.strip() for v in str(value).split(",") if v.strip()]
    if items == ["none"] and empty:
        return ()
    wrong = [v for v in items if v not in choices]
    if wrong or not items:
        shown = ", ".join(wrong) if wrong else "nothing"
        extra = " (or none)" if empty else ""
        raise click.BadParameter(f"{shown}: give one or more of {', '.join(choices)}{extra}")
    return tuple(dict.fromkeys(items))


def _list_flag(values: tuple[str, ...], choices: t.Sequence[str], flag: str) -> tuple[str, ...]:
    """Repeated flag values (`none` alone: empty), checked against `choices`."""
    if values == ("none",):
        return ()
    wrong = [v for v in values if v not in choices]
    if wrong:
        from checker.errors import UsageError

        raise UsageError(f"{flag} {', '.join(wrong)}: use one of {', '.join(choices)} (or none)")
    return tuple(dict.fromkeys(values))


def _ask(answers: Answers, choices: Choices) -> Answers:
    """Each answer not given by a flag, asked on the terminal with its allowed values."""
    from dataclasses import replace

    def one(text: str, values: t.Sequence[str]) -> str:
        return str(click.prompt(text, type=click.Choice(values)))

    def many(text: str, values: t.Sequence[str], *, empty: bool = True) -> tuple[str, ...]:
        hint = " (comma-separated" + (", or none)" if empty else ")")
        picked = click.prompt(
            f"{text}{hint} [{', '.join(values)}]",
            value_proc=lambda v: parse_list(v, values, empty=empty),
        )
        return tuple(picked)

    a = answers
    owner = a.owner or str(click.prompt("Owner (an e-mail address or team handle)"))
    return replace(
        a,
        owner=owner,
        purpose=a.purpose or one("Purpose: what is the model used for", choices.purpose),
        audience=a.audience or one("Audience: who uses the product", choices.audience),
        classification=a.classification
        or one("Classification: the most sensitive data the model sees", choices.classification),
        categories=a.categories
        if a.categories is not None
        else many("Special categories of data", choices.categories),
        subject_regions=a.subject_regions
        if a.subject_regions is not None
        else many("Where are the data subjects", choices.regions),
        allowed_regions=a.allowed_regions
        or many("Where may the data be processed", choices.regions, empty=False),
        environment=a.environment
        or one("Environment: where does the product run", choices.environment),
    )


@click.command("init")
@click.argument(
    "path",
    required=False,
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option("--name", help="metadata.name (default: from the folder's name).")
@click.option("--owner", help="metadata.owner: an e-mail address or team handle.")
@click.option("--purpose", help="spec.useCase.purpose (one of the schema's values).")
@click.option("--audience", help="spec.useCase.audience: internal or external.")
@click.option("--classification", help="spec.data.classification (public ... restricted).")
@click.option(
    "--category",
    "categories",
    multiple=True,
    help="spec.data.categories: one special category per flag (repeatable); 'none' for none.",
)
@click.option(
    "--subject-region",
    "subject_regions",
    multiple=True,
    help="spec.data.subjectRegions: a region code per flag (repeatable); 'none' for none.",
)
@click.option(
    "--allowed-region",
    "allowed_regions",
    multiple=True,
    help="spec.residency.allowedRegions: a region code per flag (repeatable).",
)
@click.option("--environment", help="spec.deployment.environment (air-gapped ... public-cloud).")
@click.option(
    "--interactive/--no-interactive",
    default=None,
    help="Ask for each answer not given by a flag (default: only on a terminal). Without it, an"
    " answer not given is written as FILL-ME, which fails validation until filled.",
)
@click.option("--force", is_flag=True, help="Overwrite a manifest that is already there.")
@catalog_option
@exits
def init(
    *,
    path: Path,
    name: str | None,
    owner: str | None,
    purpose: str | None,
    audience: str | None,
    classification: str | None,
    categories: tuple[str, ...],
    subject_regions: tuple[str, ...],
    allowed_regions: tuple[str, ...],
    environment: str | None,
    interactive: bool | None,
    force: bool,
) -> int:
    """Draft PATH/llm-project.yaml from a scan of the code in PATH (default: here).

    The scan gives the models and providers the code uses (vendor APIs with their provider and
    region, self-hosted models); what code cannot tell (classification, categories, regions,
    environment, purpose, audience, owner) comes from the flags, or is asked on a terminal with
    the allowed values. An answer left out is written as FILL-ME, which fails validation until
    it is filled: a draft never passes silently. An existing manifest is kept unless --force.

    \b
    Examples:
      llm-policy init
      llm-policy init services/claims --owner claims@example.com --purpose summarization \\
        --audience internal --classification confidential --category personal \\
        --subject-region eu --allowed-region eu --environment public-cloud
    """
    from checker.init_draft import Answers

    ask = sys.stdin.isatty() if interactive is None else interactive
    answers = Answers(
        name=name or "",
        owner=owner,
        purpose=purpose,
        audience=audience,
        classification=classification,
        categories=categories or None,
        subject_regions=subject_regions or None,
        allowed_regions=allowed_regions or None,
        environment=environment,
    )
    return _execute(
        path, answers, ask=ask, force=force, catalog=catalog_choice(click.get_current_context())
    )


def _existing(folder: Path) -> list[Path]:
    from checker.discovery import is_manifest_name

    return sorted(p for p in folder.iterdir() if is_manifest_name(p.name))


def _checked(answers: Answers, choices: Choices) -> Answers:
    """The flags' answers, each one of its allowed values (a usage error names the others)."""
    from dataclasses import replace

    from checker.errors import UsageError

    singles = {
        "--purpose": (answers.purpose, choices.purpose),
        "--audience": (answers.audience, choices.audience),
        "--classification": (answers.classification, choices.classification),
        "--environment": (answers.environment, choices.environment),
    }
    for flag, (value, allowed) in singles.items():
        if value is not None and value not in allowed:
            raise UsageError(f"{flag} {value!r}: use one of {', '.join(allowed)}")

    def listed(
        values: tuple[str, ...] | None, allowed: t.Sequence[str], flag: str, *, empty: bool = True
    ) -> tuple[str, ...] | None:
        if values is None:
            return None
        if not empty and values == ("none",):
            raise UsageError(f"{flag} none: at least one region code is needed")
        return _list_flag(values, allowed, flag)

    return replace(
        answers,
        categories=listed(answers.categories, choices.categories, "--category"),
        subject_regions=listed(answers.subject_regions, choices.regions, "--subject-region"),
        allowed_regions=listed(
            answers.allowed_regions, choices.regions, "--allowed-region", empty=False
        ),
    )


def _execute(folder: Path, answers: Answers, *, ask: bool, force: bool, catalog: str | None) -> int:
    from dataclasses import replace

    from checker.aliases import build_alias_index
    from checker.catalog.model import Choice
    from checker.errors import UsageError
    from checker.init_draft import Choices, build_draft, project_name, render_draft
    from checker.loader import LoadFailure, load_manifest
    from checker.output import write_atomic
    from checker.policy_set import build_policy_set
    from checker.runner import display_path, scan_evidence
    from checker.user_files import load_schema
    from checker.validator import validate

    target = folder / MANIFEST
    there = _existing(folder)
    if there and not force:
        shown = ", ".join(display_path(p) for p in there)
        raise UsageError(f"{shown} already there: init never overwrites a manifest (use --force)")
    if catalog is None:
        policy_set = build_policy_set(catalog=Choice.IN_FORCE)
    else:
        from checker.catalog.select import resolve

        policy_set = build_policy_set(catalog=resolve(catalog))
    data = policy_set.data.get("catalog") or {}
    regions = tuple(data.get("regions") or ())
    choices = Choices.from_schema(load_schema("manifest.schema.json"), regions)
    answers = _checked(answers, choices)
    if not answers.name:
        answers = replace(answers, name=project_name(folder.resolve().name))
    references = scan_evidence(target, data, build_alias_index(data))
    if ask:
        answers = _ask(answers, choices)
    draft = build_draft(references, data, answers.allowed_regions or ())
    scanned = display_path(folder) if display_path(folder) != "" else "."
    write_atomic(target, render_draft(answers, draft, choices, scanned))
    files = len({r.file for r in references})
    click.echo(
        f"wrote {display_path(target)}: {_count(len(draft.deployments), 'deployment')} from"
        f" {_count(len(references), 'reference')} in {_count(files, 'file')}"
    )
    loaded = load_manifest(target)
    problems = (
        loaded.problems if isinstance(loaded, LoadFailure) else validate(loaded, regions=regions)
    )
    if problems:
        fields = ", ".join(dict.fromkeys(p.path or "(document)" for p in problems))
        click.echo(
            f"the draft does not validate yet ({_count(len(problems), 'problem')}): fill {fields}",
            err=True,
        )
    else:
        click.echo(f"the draft validates; next: llm-policy check --scan {scanned}")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
