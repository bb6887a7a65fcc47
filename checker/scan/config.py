"""Model ids, serving set-ups and endpoints in configuration files and Dockerfiles.

YAML (Compose, Kubernetes manifests, Helm values, any settings file), JSON, TOML and
`.env.example`-style files are read into one small tree of values with their positions (YAML
through PyYAML's composer, JSON through ast-grep-py's JSON grammar, TOML through tomllib with
each value located on its line). Then, per document:

- a value that resolves through the catalog's aliases is a model-id reference;
- a value under a model key (`model`, `model_id`, `modelId`, `MODEL`, `*_MODEL`...) is one even
  when it does not resolve (model None);
- a vLLM, TGI or Ollama image (`image:`, Helm's `repository:`, a Dockerfile's FROM) is a serving
  reference, and in a document that has one, the model keys, `--model`/`--model-id` arguments
  and MODEL_ID-style environment entries are serving references too (hosting self-hosted);
- a vendor host in a value is an endpoint reference.
Regular expressions here read values, never code.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
import typing as t
from dataclasses import dataclass, field

import yaml

from checker.scan.endpoints import find_endpoints
from checker.scan.reference import ENDPOINT, MODEL_ID, SERVING, ScanReference
from checker.scan.resolve import SELF_HOSTED, VENDOR_API, Resolver

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_YAML_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 200_000  # a YAML alias bomb stops here

# Serving images: vLLM's OpenAI server, Hugging Face TGI, Ollama.
SERVING_IMAGE = re.compile(
    r"^(?:docker\.io/)?(?:library/)?"
    r"(?P<name>vllm/vllm-openai(?:-[a-z0-9]+)?|ghcr\.io/huggingface/text-generation-inference"
    r"|huggingface/text-generation-inference|ollama/ollama)(?::[\w.-]+)?(?:@sha256:[0-9a-f]+)?$",
    re.IGNORECASE,
)
_MODEL_KEYS = frozenset(
    {
        "model",
        "modelid",
        "model_id",
        "modelname",
        "model_name",
        "foundationmodel",
        "foundation_model",
        "llm",
        "llm_model",
        "default_model",
        "chat_model",
        "served_model",
        "model_repo",
        "hf_model_id",
        "modelpath",
        "model_path",
    }
)
_MODEL_ARGS = ("--model", "--model-id", "--model_id", "--model-name")
_LLAMA_STACK = re.compile(
    r"^(?:remote|inline)::(?:ollama|vllm|tgi|sglang|llama-cpp|meta-reference)$"
)
_ID = re.compile(r"^[\w.@:/+-]{1,200}$")


def is_model_key(key: str) -> bool:
    """Whether a configuration key names a model (model, MODEL_ID, OPENAI_MODEL, modelId...)."""
    lower = key.lower().replace("-", "_")
    if lower in _MODEL_KEYS:
        return True
    return lower.endswith(("_model", "_model_id", "_model_name")) and "path" not in lower


@dataclass
class Value:
    """A configuration value with its position (1-based), as a tree."""

    line: int
    column: int
    scalar: str | None = None
    items: list[tuple[str | None, Value]] = field(default_factory=list)  # (key or None, value)
    mapping: bool = False


class _Doc:
    """One document's findings, built in two passes (serving decides the kind of model keys)."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.refs: list[ScanReference] = []
        self.model_values: list[tuple[Value, str, str]] = []  # (where, text, value)
        self.serving = False
        self.nodes = 0

    def walk(self, value: Value, key: str | None) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            return
        if value.scalar is not None:
            self.scalar(value, key)
            return
        if value.mapping:
            self.env_entry(value)
        else:
            self.arguments(value)
        for child_key, child in value.items:
            self.walk(child, child_key if value.mapping else key)

    def scalar(self, value: Value, key: str | None) -> None:
        text = value.scalar or ""
        if (
            key is not None
            and key.lower() in ("image", "repository", "from")
            and (SERVING_IMAGE.match(text.strip()))
        ):
            self.serving = True
            self.refs.append(
                ScanReference(
                    "", value.line, value.column, SERVING, text.strip(), None, None, SELF_HOSTED
                )
            )
            return
        if key is not None and key.lower() == "provider_type" and _LLAMA_STACK.match(text.strip()):
            # a Llama Stack distribution's inference provider: a remote or inline server
            self.serving = True
            self.refs.append(
                ScanReference(
                    "", value.line, value.column, SERVING, text.strip(), None, None, SELF_HOSTED
                )
            )
            return
        if key is not None and is_model_key(key) and _ID.match(text.strip()):
            self.model_values.append((value, text.strip(), text.strip()))
            return
        if " " in text.strip() and any(a in text for a in _MODEL_ARGS):
            self.command_string(value)
        elif _ID.match(text.strip()) and self.resolver.known(text.strip()):
            self.model_values.append((value, text.strip(), "resolved"))
            return
        self.endpoints(value, text)

    def endpoints(self, value: Value, text: str) -> None:
        for endpoint in find_endpoints(text):
            column = value.column + endpoint.offset if "\n" not in text else value.column
            self.refs.append(
                ScanReference(
                    "",
                    value.line,
                    column,
                    ENDPOINT,
                    endpoint.text,
                    None,
                    self.resolver.provider(endpoint.provider),
                    VENDOR_API,
                    endpoint.region,
                    endpoint.deployment_type,
                )
            )

    def command_string(self, value: Value) -> None:
        try:
            tokens = shlex.split(value.scalar or "", comments=False)
        except ValueError:
            return
        for model in _model_args(tokens):
            self.model_values.append((value, f"--model {model}", model))

    def arguments(self, value: Value) -> None:
        tokens = [v.scalar for _, v in value.items if v.scalar is not None]
        if not any(tok.startswith(_MODEL_ARGS) or tok == "serve" for tok in tokens):
            return
        spots = [v for _, v in value.items if v.scalar is not None]
        taken = _model_arg_indexes(tokens)
        for index, model in taken:
            self.model_values.append((spots[index], f"--model {model}", model))
            spots[index].scalar = ""  # not read again as a plain value

    def env_entry(self, value: Value) -> None:
        fields = {k: v for k, v in value.items if k is not None}
        name, val = fields.get("name"), fields.get("value")
        if (
            name is not None
            and val is not None
            and name.scalar
            and val.scalar
            and is_model_key(name.scalar)
        ):
            self.model_values.append((val, val.scalar.strip(), val.scalar.strip()))
            val.scalar = ""

    def finish(self) -> list[ScanReference]:
        for where, text, value in self.model_values:
            if value == "resolved":
                value = text
            if self.serving:
                res = self.resolver.resolve(value, self_hosted=True)
                self.refs.append(
                    ScanReference(
                        "", where.line, where.column, SERVING, text, res.model, None, SELF_HOSTED
                    )
                )
            else:
                res = self.resolver.resolve(value)
                self.refs.append(
                    ScanReference(
                        "",
                        where.line,
                        where.column,
                        MODEL_ID,
                        text,
                        res.model,
                        res.provider,
                        None,
                        res.region,
                        res.deployment_type,
                    )
                )
        return self.refs


def _model_arg_indexes(tokens: t.Sequence[str]) -> list[tuple[int, str]]:
    """(index, model) of `--model X`, `--model=X`, `--model-id X` and `vllm serve X`."""
    out: list[tuple[int, str]] = []
    for i, token in enumerate(tokens):
        for flag in _MODEL_ARGS:
            if token == flag and i + 1 < len(tokens):
                out.append((i + 1, tokens[i + 1]))
            elif token.startswith(flag + "="):
                out.append((i, token.split("=", 1)[1]))
        if (
            token == "serve"
            and i > 0
            and tokens[i - 1].endswith("vllm")
            and i + 1 < len(tokens)
            and not tokens[i + 1].startswith("-")
        ):
            out.append((i + 1, tokens[i + 1]))
    return out


def _model_args(tokens: t.Sequence[str]) -> list[str]:
    return [model for _, model in _model_arg_indexes(tokens)]


# --------------------------------------------------------------------------------------------
# Readers: text -> documents of Values
# --------------------------------------------------------------------------------------------


def _from_yaml(node: yaml.Node, budget: list[int]) -> Value:
    budget[0] -= 1
    mark = node.start_mark
    if budget[0] < 0:
        return Value(mark.line + 1, mark.column + 1, scalar="")
    if isinstance(node, yaml.ScalarNode):
        column = mark.column + 1
        if node.style in ("'", '"'):
            column += 1
        return Value(mark.line + 1, column, scalar=str(node.value))
    value = Value(mark.line + 1, mark.column + 1, mapping=isinstance(node, yaml.MappingNode))
    if isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else None
            value.items.append((name, _from_yaml(child, budget)))
    elif isinstance(node, yaml.SequenceNode):
        value.items.extend((None, _from_yaml(child, budget)) for child in node.value)
    return value


def read_yaml(text: str) -> list[Value]:
    """The documents of a YAML stream (safe composer: no tags constructed)."""
    budget = [MAX_NODES]
    return [
        _from_yaml(doc, budget)
        for doc in yaml.compose_all(text, Loader=_YAML_LOADER)
        if doc is not None
    ]


def read_json(text: str) -> list[Value]:
    """A JSON document, positions from ast-grep-py's JSON grammar."""
    from ast_grep_py import SgNode, SgRoot

    json.loads(text)  # refuses what is not JSON (the grammar would recover)

    def convert(node: SgNode) -> Value:
        start = node.range().start
        kind = node.kind()
        if kind == "object":
            out = Value(start.line + 1, start.column + 1, mapping=True)
            for pair in node.named_children():
                if pair.kind() != "pair":
                    continue
                key, val = pair.field("key"), pair.field("value")
                if key is None or val is None:
                    continue
                out.items.append((_json_text(key), convert(val)))
            return out
        if kind == "array":
            out = Value(start.line + 1, start.column + 1)
            out.items.extend(
                (None, convert(c)) for c in node.named_children() if c.kind() != "comment"
            )
            return out
        if kind == "string":
            return Value(start.line + 1, start.column + 2, scalar=_json_text(node))
        return Value(start.line + 1, start.column + 1, scalar="")

    root = SgRoot(text, "json").root()
    top = [c for c in root.named_children() if c.kind() != "comment"]
    return [convert(top[0])] if top else []


def _json_text(node: t.Any) -> str:
    try:
        value = json.loads(node.text())
    except ValueError:
        return str(node.text()).strip('"')
    return value if isinstance(value, str) else str(value)


def read_toml(text: str) -> list[Value]:
    """A TOML document; each string value is located at its first occurrence on a line."""
    data = tomllib.loads(text)
    lines = text.splitlines()
    cursor = [0]

    def locate(value: str) -> tuple[int, int]:
        for quote in ('"', "'"):
            needle = f"{quote}{value}{quote}"
            for index in range(cursor[0], len(lines)):
                col = lines[index].find(needle)
                if col >= 0:
                    cursor[0] = index
                    return index + 1, col + 2
        return 1, 1

    def convert(obj: t.Any) -> Value:
        if isinstance(obj, dict):
            out = Value(1, 1, mapping=True)
            out.items.extend((str(k), convert(v)) for k, v in obj.items())
            return out
        if isinstance(obj, list):
            out = Value(1, 1)
            out.items.extend((None, convert(v)) for v in obj)
            return out
        if isinstance(obj, str):
            line, column = locate(obj)
            return Value(line, column, scalar=obj)
        return Value(1, 1, scalar="")

    return [convert(data)]


def read_env(text: str) -> list[Value]:
    """KEY=VALUE lines of an .env example file."""
    out = Value(1, 1, mapping=True)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, _, value = line.partition("=")
        value = value.strip()
        if value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) > 1:
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        column = raw.find(value, raw.find("=") + 1) + 1 if value else 1
        out.items.append((key.strip(), Value(number, max(column, 1), scalar=value)))
    return [out]


# --------------------------------------------------------------------------------------------
# Dockerfiles
# --------------------------------------------------------------------------------------------


def _instructions(text: str) -> t.Iterator[tuple[int, int, str, str]]:
    """(line, column of the arguments, instruction, arguments), continuations joined."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        raw = lines[index]
        start = index + 1
        stripped = raw.strip()
        index += 1
        if not stripped or stripped.startswith("#"):
            continue
        body = stripped
        while body.endswith("\\") and index < len(lines):
            body = body[:-1] + " " + lines[index].strip()
            index += 1
        word, _, rest = body.partition(" ")
        column = raw.find(rest.strip()) + 1 if rest.strip() else 1
        yield start, max(column, 1), word.upper(), rest.strip()


def read_dockerfile(text: str) -> list[Value]:
    """A Dockerfile as one document: FROM images, ENV/ARG keys, CMD/ENTRYPOINT/RUN arguments."""
    out = Value(1, 1, mapping=True)
    for line, column, word, rest in _instructions(text):
        if word == "FROM":
            image = next((tok for tok in rest.split() if not tok.startswith("--")), "")
            out.items.append(("from", Value(line, column + rest.find(image), scalar=image)))
        elif word in ("ENV", "ARG", "LABEL"):
            pairs = _env_pairs(rest)
            for key, value in pairs:
                offset = rest.find(value) if value else 0
                out.items.append((key, Value(line, column + max(offset, 0), scalar=value)))
        elif word in ("CMD", "ENTRYPOINT", "RUN"):
            try:
                tokens = json.loads(rest) if rest.startswith("[") else shlex.split(rest)
            except ValueError:
                continue
            if not isinstance(tokens, list):
                continue
            seq = Value(line, column)
            for tok in tokens:
                offset = rest.find(str(tok))
                seq.items.append((None, Value(line, column + max(offset, 0), scalar=str(tok))))
            out.items.append((word.lower(), seq))
    return [out]


def _env_pairs(rest: str) -> list[tuple[str, str]]:
    try:
        tokens = shlex.split(rest)
    except ValueError:
        return []
    if tokens and "=" not in tokens[0]:  # ENV KEY value (old form)
        return [(tokens[0], " ".join(tokens[1:]))]
    return [(k, v) for k, _, v in (tok.partition("=") for tok in tokens)]


_READERS: dict[str, t.Callable[[str], list[Value]]] = {
    "yaml": read_yaml,
    "json": read_json,
    "toml": read_toml,
    "env": read_env,
    "dockerfile": read_dockerfile,
}


def scan_config(text: str, kind: str, resolver: Resolver) -> tuple[list[ScanReference], str | None]:
    """References in one configuration file; a problem when it does not parse."""
    try:
        documents = _READERS[kind](text)
    except (yaml.YAMLError, ValueError, tomllib.TOMLDecodeError) as exc:
        reason = " ".join(str(exc).replace(' in "<unicode string>"', "").split())[:200]
        return [], f"could not be parsed as {kind}: {reason}"
    refs: list[ScanReference] = []
    for document in documents:
        doc = _Doc(resolver)
        doc.walk(document, None)
        refs.extend(doc.finish())
    return refs, None
