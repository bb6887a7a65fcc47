"""SDK calls, model ids and endpoints in Python, JavaScript and TypeScript, found structurally.

Each file is parsed with ast-grep-py (tree-sitter). Imports are read first, so a call is known by
the module it comes from (`from openai import OpenAI as O; O()` is `openai.OpenAI`); clients
assigned to a name (`client = OpenAI()`, `self.client = ...`, `with ... as client`) carry their
provider and region to the method calls made on them. Then every string literal outside type
annotations (Python annotations and `Literal[...]`, TypeScript types) that a model argument did
not already take is checked: a catalog id or alias is a model-id reference, a vendor host an
endpoint reference.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from ast_grep_py import SgNode, SgRoot

from checker.scan.endpoints import find_endpoints
from checker.scan.reference import ENDPOINT, MODEL_ID, SDK_CALL, ScanReference
from checker.scan.regions import cloud_region
from checker.scan.resolve import SELF_HOSTED, VENDOR_API, Resolution, Resolver
from checker.scan.sdks import (
    BEDROCK_CLIENT,
    BEDROCK_SERVICES,
    FAMILY_MODULES,
    FAMILY_PROVIDER,
    GENAI_CLIENT,
    JS,
    METHODS,
    PREFIX_PROVIDERS,
    Method,
    Sdk,
    python_sdk,
)

TEXT_MAX = 200
# Ancestor kinds that make a string a type, not a value.
_JS_TYPE_KINDS = frozenset(
    {
        "type_annotation",
        "literal_type",
        "type_alias_declaration",
        "union_type",
        "type_arguments",
        "interface_declaration",
        "property_signature",
        "index_signature",
        "conditional_type",
        "lookup_type",
        "template_literal_type",
        "type_query",
        "satisfies_expression_type",
    }
)
_JS_IMPORT_KINDS = frozenset({"import_statement", "export_statement"})
_BOOL_OPS = frozenset({"boolean_operator", "binary_expression"})


class ParseProblem(Exception):
    """A file the parser could not read at all."""


@dataclass
class _Client:
    """A client object a name holds: its SDK and the region its constructor said."""

    sdk: Sdk
    provider: str | None
    region: str | None = None


@dataclass
class _State:
    """What one file's scan has learnt so far."""

    resolver: Resolver
    imports: dict[str, str] = field(default_factory=dict)  # local name -> qualified
    clients: dict[str, _Client] = field(default_factory=dict)  # receiver text -> client
    constants: dict[str, str] = field(default_factory=dict)  # NAME -> string value
    taken: set[int] = field(default_factory=set)  # string nodes a model argument consumed
    refs: list[ScanReference] = field(default_factory=list)

    def families(self) -> set[str]:
        targets = set(self.imports.values())
        return {
            family
            for family, modules in FAMILY_MODULES.items()
            if any(
                q == m or q.startswith(m + ".") or q.startswith(m + "/")
                for q in targets
                for m in modules
            )
        }


def _find_all(root: SgNode, kind: str) -> list[SgNode]:
    """`root.find_all(kind=...)`, empty for a kind this language's grammar does not have."""
    try:
        return list(root.find_all(kind=kind))
    except RuntimeError:
        return []


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= TEXT_MAX else flat[: TEXT_MAX - 3] + "..."


def _pos(node: SgNode) -> tuple[int, int]:
    start = node.range().start
    return start.line + 1, start.column + 1


# --------------------------------------------------------------------------------------------
# String literals
# --------------------------------------------------------------------------------------------


def _py_string(node: SgNode) -> str | None:
    """The value of a Python string literal; None for bytes and f-strings with fields."""
    parts: list[str] = []
    for child in node.children():
        kind = child.kind()
        if kind == "string_start":
            if "b" in child.text().lower():
                return None
        elif kind == "string_content":
            parts.append(child.text())
        elif kind == "interpolation":
            return None
    return "".join(parts)


def _js_string(node: SgNode) -> str | None:
    """The value of a JS string or template without substitutions."""
    parts: list[str] = []
    for child in node.children():
        kind = child.kind()
        if kind == "string_fragment":
            parts.append(child.text())
        elif kind == "template_substitution":
            return None
    return "".join(parts)


def _fragments(node: SgNode) -> t.Iterator[SgNode]:
    """The literal pieces of a string (for endpoints in f-strings and templates too)."""
    for child in node.children():
        if child.kind() in ("string_content", "string_fragment"):
            yield child


# --------------------------------------------------------------------------------------------
# Shared: a model argument, a reference
# --------------------------------------------------------------------------------------------


def _split_prefix(value: str, sep: str | None) -> tuple[str, str | None, str | None]:
    """("model", provider, hosting) from "provider/model" (litellm) or "provider:model"."""
    if sep is None or sep not in value:
        return value, None, None
    head, _, rest = value.partition(sep)
    known = PREFIX_PROVIDERS.get(head.lower())
    if known is None:
        return value, None, None
    return rest, known[0], known[1]


def _add_call(
    state: _State,
    node: SgNode,
    callee: str,
    sdk: Sdk | None,
    provider: str | None,
    hosting: str | None,
    region: str | None,
    arg: tuple[str, SgNode, str | None] | None,
    prefixed: str | None = None,
    shown: str = "",
) -> None:
    """Report one SDK call, with its model argument `(source text, node, value)` if any."""
    resolver = state.resolver
    res = Resolution()
    if arg is not None and arg[2] is not None:
        value, pre_provider, pre_hosting = _split_prefix(arg[2], prefixed)
        if pre_hosting is not None:
            hosting = pre_hosting
            provider = pre_provider
        res = resolver.resolve(value, provider, self_hosted=hosting == SELF_HOSTED)
    elif hosting != SELF_HOSTED:
        res = Resolution(provider=resolver.provider(provider))
    text = f"{callee}({arg[0]})" if arg is not None else f"{callee}({shown})"
    line, column = _pos(node)
    state.refs.append(
        ScanReference(
            file="",
            line=line,
            column=column,
            kind=SDK_CALL,
            text=_short(text),
            model=res.model,
            provider=res.provider,
            hosting=hosting,
            region=res.region if res.deployment_type is not None else (res.region or region),
            deployment_type=res.deployment_type,
        )
    )
    del sdk


def _strings(
    state: _State,
    nodes: t.Iterable[SgNode],
    value_of: t.Callable[[SgNode], str | None],
    skip: t.Callable[[SgNode], bool],
) -> None:
    """Model ids and endpoints in the string literals not yet taken."""
    resolver = state.resolver
    for node in nodes:
        start = node.range().start.index
        if start in state.taken or skip(node):
            continue
        value = value_of(node)
        if value is not None and 0 < len(value) <= 300 and "\n" not in value:
            res = resolver.resolve(value)
            if res.model is None:
                res = resolver.bedrock_profile(value) or res
            if res.model is not None or res.provider is not None:
                line, column = _pos(node)
                state.refs.append(
                    ScanReference(
                        "",
                        line,
                        column,
                        MODEL_ID,
                        _short(value),
                        res.model,
                        res.provider,
                        None,
                        res.region,
                        res.deployment_type,
                    )
                )
                continue
        for fragment in _fragments(node):
            text = fragment.text()
            for endpoint in find_endpoints(text):
                line, column = _offset_pos(fragment, text, endpoint.offset)
                state.refs.append(
                    ScanReference(
                        "",
                        line,
                        column,
                        ENDPOINT,
                        _short(endpoint.text),
                        None,
                        resolver.provider(endpoint.provider),
                        VENDOR_API,
                        endpoint.region,
                        endpoint.deployment_type,
                    )
                )


def _offset_pos(node: SgNode, text: str, offset: int) -> tuple[int, int]:
    line, column = _pos(node)
    before = text[:offset]
    newlines = before.count("\n")
    if newlines:
        return line + newlines, offset - before.rfind("\n")
    return line, column + offset


# --------------------------------------------------------------------------------------------
# Python
# --------------------------------------------------------------------------------------------


def _py_imports(root: SgNode, state: _State) -> None:
    for node in root.find_all(kind="import_statement"):
        for child in node.named_children():
            if child.kind() == "dotted_name":
                name = child.text()
                state.imports[name.split(".", 1)[0]] = name.split(".", 1)[0]
                state.imports[name] = name
            elif child.kind() == "aliased_import":
                target, alias = child.field("name"), child.field("alias")
                if target is not None and alias is not None:
                    state.imports[alias.text()] = target.text()
    for node in root.find_all(kind="import_from_statement"):
        module_node = node.field("module_name")
        if module_node is None:
            continue
        module = module_node.text()
        for child in node.named_children():
            if child == module_node:
                continue
            if child.kind() == "dotted_name":
                state.imports[child.text()] = f"{module}.{child.text()}"
            elif child.kind() == "aliased_import":
                target, alias = child.field("name"), child.field("alias")
                if target is not None and alias is not None:
                    state.imports[alias.text()] = f"{module}.{target.text()}"


def _qualify(dotted: str, imports: t.Mapping[str, str]) -> str:
    head, dot, rest = dotted.partition(".")
    target = imports.get(head)
    if target is None:
        return dotted
    return target + dot + rest


def _py_args(call: SgNode) -> tuple[dict[str, SgNode], list[SgNode]]:
    keywords: dict[str, SgNode] = {}
    positional: list[SgNode] = []
    args = call.field("arguments")
    if args is None or args.kind() != "argument_list":
        return keywords, positional
    for child in args.named_children():
        if child.kind() == "keyword_argument":
            name, value = child.field("name"), child.field("value")
            if name is not None and value is not None:
                keywords[name.text()] = value
        elif child.kind() not in ("list_splat", "dictionary_splat", "comment"):
            positional.append(child)
    return keywords, positional


def _py_value(node: SgNode, state: _State) -> tuple[str | None, SgNode | None]:
    """The string a model argument holds, and the literal node it came from."""
    kind = node.kind()
    if kind == "string":
        return _py_string(node), node
    if kind == "identifier":
        return state.constants.get(node.text()), None
    if kind == "boolean_operator":
        for side in (node.field("left"), node.field("right")):
            if side is not None and side.kind() == "string":
                return _py_string(side), side
    if kind == "call":
        # os.getenv("MODEL", "gpt-4o"), os.environ.get("MODEL", "gpt-4o")
        function = node.field("function")
        _, positional = _py_args(node)
        if (
            function is not None
            and function.text().endswith(("getenv", "environ.get", ".get"))
            and len(positional) >= 2
            and positional[1].kind() == "string"
        ):
            return _py_string(positional[1]), positional[1]
    return None, None


def _model_arg(
    keywords: t.Mapping[str, SgNode],
    positional: t.Sequence[SgNode],
    names: t.Sequence[str],
    pos: int | None,
    value_of: t.Callable[[SgNode], tuple[str | None, SgNode | None]],
    state: _State,
    keyword_text: t.Callable[[str, SgNode], str],
) -> tuple[str, SgNode, str | None] | None:
    for name in names:
        node = keywords.get(name)
        if node is not None:
            value, literal = value_of(node)
            if literal is not None:
                state.taken.add(literal.range().start.index)
            return keyword_text(name, node), node, value
    if pos is not None and pos < len(positional):
        node = positional[pos]
        value, literal = value_of(node)
        if literal is not None:
            state.taken.add(literal.range().start.index)
        return node.text(), node, value
    return None


def _region_of(
    keywords: t.Mapping[str, SgNode],
    sdk: Sdk,
    value_of: t.Callable[[SgNode], tuple[str | None, SgNode | None]],
) -> str | None:
    for name in sdk.region_args:
        node = keywords.get(name)
        if node is not None:
            return cloud_region(value_of(node)[0])
    return None


def _py_is_true(node: SgNode | None) -> bool:
    return node is not None and node.text() in ("True", "true")


def _client_from_python(call: SgNode, state: _State) -> _Client | None:
    """The client a constructor call makes, if it is one the scanner knows."""
    function = call.field("function")
    if function is None:
        return None
    qualified = _qualify(function.text(), state.imports)
    keywords, positional = _py_args(call)

    def value_of(node: SgNode) -> tuple[str | None, SgNode | None]:
        return _py_value(node, state)

    if qualified.endswith((".client", ".Session.client")) or function.text().endswith(".client"):
        if positional and _py_value(positional[0], state)[0] in BEDROCK_SERVICES:
            return _Client(
                BEDROCK_CLIENT,
                BEDROCK_CLIENT.provider,
                _region_of(keywords, BEDROCK_CLIENT, value_of),
            )
        service = keywords.get("service_name")
        if service is not None and _py_value(service, state)[0] in BEDROCK_SERVICES:
            return _Client(
                BEDROCK_CLIENT,
                BEDROCK_CLIENT.provider,
                _region_of(keywords, BEDROCK_CLIENT, value_of),
            )
        return None
    sdk = python_sdk(qualified)
    if sdk is None:
        return None
    provider = sdk.provider
    region = _region_of(keywords, sdk, value_of)
    if sdk is GENAI_CLIENT and _py_is_true(keywords.get("vertexai")):
        provider = "google-vertex"
    backend = keywords.get("provider")
    if sdk.family == "openai" and sdk.client and backend is not None:
        # OpenAI(provider=bedrock(region=...)), or a name that holds such a call
        held = state.clients.get(backend.text()) if backend.kind() == "identifier" else None
        if held is None and backend.kind() == "call":
            held = _client_from_python(backend, state)
        if held is not None:
            provider, region = held.provider, held.region or region
    return _Client(sdk, provider, region)


def _receiver(function: SgNode) -> tuple[SgNode, list[str]]:
    """The innermost object of an attribute chain, and the attribute names after it."""
    names: list[str] = []
    node = function
    while node.kind() in ("attribute", "member_expression"):
        attr = node.field("attribute") or node.field("property")
        obj = node.field("object")
        if attr is None or obj is None:
            break
        names.append(attr.text())
        node = obj
    names.reverse()
    return node, names


# Wrappers that return the same resource (client.chat.completions.with_raw_response.create).
_PASS_THROUGH = frozenset({"with_raw_response", "with_streaming_response", "withResponse", "aio"})


def _method(family: str, names: t.Sequence[str]) -> Method | None:
    chain = ".".join(n for n in names if n not in _PASS_THROUGH)
    for method in METHODS.get(family, ()):
        if chain == method.chain or chain.endswith("." + method.chain):
            return method
    return None


def _client_call(
    state: _State,
    call: SgNode,
    callee: str,
    held: _Client,
    names: t.Sequence[str],
    keywords: t.Mapping[str, SgNode],
    positional: t.Sequence[SgNode],
    value_of: t.Callable[[SgNode], tuple[str | None, SgNode | None]],
    kw_text: t.Callable[[str, SgNode], str],
) -> None:
    """A method call on a client the code holds (Python or JS): report it with its model."""
    method = _method(held.sdk.family, names)
    if method is None:
        return
    arg = _model_arg(
        keywords, positional, method.model_args, method.model_pos, value_of, state, kw_text
    )
    if arg is not None or method.model_pos is None:
        sdk = held.sdk
        _add_call(state, call, callee, sdk, held.provider, sdk.hosting, held.region, arg)


def _scan_python_calls(root: SgNode, state: _State) -> None:
    def value_of(node: SgNode) -> tuple[str | None, SgNode | None]:
        return _py_value(node, state)

    def kw_text(name: str, node: SgNode) -> str:
        return f"{name}={node.text()}"

    families = state.families()
    # Clients held by names, and string constants.
    for node in root.find_all(kind="assignment"):
        left, right = node.field("left"), node.field("right")
        if left is None or right is None:
            continue
        if right.kind() == "call":
            client = _client_from_python(right, state)
            if client is not None and (client.sdk.client or client.sdk.family == "openai"):
                state.clients[left.text()] = client
        if left.kind() == "identifier" and right.kind() in ("string", "call", "boolean_operator"):
            value = _py_value(right, state)[0]
            if value is not None:
                state.constants[left.text()] = value
    for node in root.find_all(kind="as_pattern"):
        children = node.named_children()
        target = node.field("alias") or (children[-1] if len(children) > 1 else None)
        if children and children[0].kind() == "call" and target is not None:
            client = _client_from_python(children[0], state)
            if client is not None and client.sdk.client:
                state.clients[target.text().strip()] = client
    seen_providers = {c.provider for c in state.clients.values()}
    for call in root.find_all(kind="call"):
        function = call.field("function")
        if function is None:
            continue
        callee = function.text()
        keywords, positional = _py_args(call)
        client = _client_from_python(call, state)
        if client is not None:
            sdk = client.sdk
            arg = _model_arg(
                keywords, positional, sdk.model_args, sdk.model_pos, value_of, state, kw_text
            )
            shown = positional[0].text() if sdk is BEDROCK_CLIENT and positional else ""
            _add_call(
                state,
                call,
                callee,
                sdk,
                client.provider,
                sdk.hosting,
                client.region,
                arg,
                sdk.prefixed,
                shown,
            )
            continue
        if function.kind() != "attribute":
            if "foundation_model" in keywords:
                arg = _model_arg(
                    keywords, positional, ("foundation_model",), None, value_of, state, kw_text
                )
                _add_call(state, call, callee, None, "aws-bedrock", VENDOR_API, None, arg)
            continue
        receiver, names = _receiver(function)
        held: _Client | None = None
        if receiver.kind() == "call":
            held = _client_from_python(receiver, state)
        else:
            held = state.clients.get(receiver.text())
            if held is None and names:
                prefix = receiver.text()
                # self.client.chat... where self.client holds the client
                for i in range(len(names)):
                    key = ".".join([prefix, *names[: i + 1]])
                    if key in state.clients:
                        held = state.clients[key]
                        names = names[i + 1 :]
                        break
        if held is not None and held.sdk.client:
            _client_call(state, call, callee, held, names, keywords, positional, value_of, kw_text)
            continue
        module = state.imports.get(receiver.text()) if receiver.kind() == "identifier" else None
        for family in METHODS:
            if family in ("ai-sdk",):
                continue
            method = _method(family, names)
            if method is None:
                continue
            imported = family in families
            if not (imported or method.distinct):
                continue
            arg = _model_arg(
                keywords, positional, method.model_args, method.model_pos, value_of, state, kw_text
            )
            if arg is None:
                continue
            provider = FAMILY_PROVIDER.get(family)
            if module is None and imported:
                same = {p for p in seen_providers if p is not None and _family_of(p) == family}
                provider = same.pop() if len(same) == 1 else provider
            elif module is None:
                provider = None
            hosting = SELF_HOSTED if family == "ollama" else VENDOR_API
            _add_call(state, call, callee, None, provider, hosting, None, arg)
            break
        else:
            if "foundation_model" in keywords:
                arg = _model_arg(
                    keywords, positional, ("foundation_model",), None, value_of, state, kw_text
                )
                _add_call(state, call, callee, None, "aws-bedrock", VENDOR_API, None, arg)


def _family_of(provider: str) -> str | None:
    return {
        "openai": "openai",
        "azure-openai": "openai",
        "anthropic": "anthropic",
        "google-ai-studio": "genai",
        "google-vertex": "genai",
        "cohere": "cohere",
        "mistral": "mistral",
        "aws-bedrock": "bedrock",
    }.get(provider)


def _py_skip(node: SgNode) -> bool:
    """A string in a type annotation, a `Literal[...]`, or a docstring: not a use."""
    parent = node.parent()
    if parent is not None and parent.kind() == "concatenated_string":
        parent = parent.parent()
    if parent is not None and parent.kind() == "expression_statement":
        return True  # docstrings and bare strings
    if _is_key(node):
        return True
    for ancestor in node.ancestors():
        kind = ancestor.kind()
        if kind == "type":
            return True
        if kind == "subscript":
            value = ancestor.field("value")
            if value is not None and value.text().rsplit(".", 1)[-1] == "Literal":
                return True
        if kind in ("function_definition", "class_definition", "module", "block"):
            break
    return False


def scan_python(text: str, resolver: Resolver) -> list[ScanReference]:
    """References in one Python source (positions in `text`)."""
    root = SgRoot(text, "python").root()
    state = _State(resolver)
    _py_imports(root, state)
    _scan_python_calls(root, state)
    _strings(state, root.find_all(kind="string"), _py_string, _py_skip)
    return state.refs


def has_errors(text: str, language: str) -> bool:
    """Whether the parser found syntax it could not read (the scan still reads the rest)."""
    return SgRoot(text, language).root().find(kind="ERROR") is not None


# --------------------------------------------------------------------------------------------
# JavaScript / TypeScript
# --------------------------------------------------------------------------------------------


def _js_imports(root: SgNode, state: _State) -> None:
    for node in root.find_all(kind="import_statement"):
        source = node.field("source")
        if source is None:
            continue
        module = _js_string(source) or ""
        for clause in node.named_children():
            if clause.kind() != "import_clause":
                continue
            for child in clause.named_children():
                if child.kind() == "identifier":
                    state.imports[child.text()] = module
                elif child.kind() == "namespace_import":
                    ident = child.find(kind="identifier")
                    if ident is not None:
                        state.imports[ident.text()] = module
                elif child.kind() == "named_imports":
                    for spec in child.find_all(kind="import_specifier"):
                        name, alias = spec.field("name"), spec.field("alias")
                        if name is not None:
                            as_name = alias.text() if alias is not None else name.text()
                            state.imports[as_name] = f"{module}.{name.text()}"
    for node in root.find_all(kind="variable_declarator"):
        value, name = node.field("value"), node.field("name")
        if value is None or name is None or value.kind() != "call_expression":
            continue
        function = value.field("function")
        if function is None or function.text() != "require":
            continue
        args = value.field("arguments")
        first = args.named_children()[0] if args is not None and args.named_children() else None
        if first is None or first.kind() != "string":
            continue
        module = _js_string(first) or ""
        if name.kind() == "identifier":
            state.imports[name.text()] = module
        elif name.kind() == "object_pattern":
            for prop in name.named_children():
                if prop.kind() == "shorthand_property_identifier_pattern":
                    state.imports[prop.text()] = f"{module}.{prop.text()}"
                elif prop.kind() == "pair_pattern":
                    key_node, local_node = prop.field("key"), prop.field("value")
                    if key_node is not None and local_node is not None:
                        state.imports[local_node.text()] = f"{module}.{key_node.text()}"


def _js_args(call: SgNode) -> tuple[dict[str, SgNode], list[SgNode]]:
    """Properties of the first object argument (the JS SDKs' options), and all arguments."""
    keywords: dict[str, SgNode] = {}
    args = call.field("arguments")
    positional = [
        a for a in (args.named_children() if args is not None else ()) if a.kind() != "comment"
    ]
    for arg in positional:
        if arg.kind() != "object":
            continue
        for pair in arg.named_children():
            if pair.kind() == "pair":
                key, value = pair.field("key"), pair.field("value")
                if key is not None and value is not None:
                    name = key.text().strip("\"'")
                    keywords.setdefault(name, value)
            elif pair.kind() == "shorthand_property_identifier":
                keywords.setdefault(pair.text(), pair)
        break
    return keywords, positional


def _js_value(node: SgNode, state: _State) -> tuple[str | None, SgNode | None]:
    kind = node.kind()
    if kind in ("string", "template_string"):
        return _js_string(node), node
    if kind in ("identifier", "shorthand_property_identifier"):
        return state.constants.get(node.text()), None
    if kind in _BOOL_OPS:
        for side in (node.field("left"), node.field("right")):
            if side is not None and side.kind() in ("string", "template_string"):
                return _js_string(side), side
    if kind == "as_expression":
        inner = node.named_children()
        if inner:
            return _js_value(inner[0], state)
    return None, None


def _js_client(node: SgNode, state: _State) -> _Client | None:
    """The client a `new X(...)` or factory call makes, if the scanner knows X."""
    target = (
        node.field("constructor") if node.kind() == "new_expression" else node.field("function")
    )
    if target is None:
        return None
    qualified = _qualify(target.text(), state.imports)
    sdk = JS.get(qualified)
    if sdk is None:
        return None
    keywords, _ = _js_args(node)
    provider = sdk.provider
    if sdk is GENAI_CLIENT and (
        keywords.get("vertexai") is not None and keywords["vertexai"].text() == "true"
    ):
        provider = "google-vertex"
    region = _region_of(keywords, sdk, lambda n: _js_value(n, state))
    return _Client(sdk, provider, region)


def _scan_js_calls(root: SgNode, state: _State) -> None:
    def value_of(node: SgNode) -> tuple[str | None, SgNode | None]:
        return _js_value(node, state)

    def kw_text(name: str, node: SgNode) -> str:
        if node.kind() == "shorthand_property_identifier":
            return name
        return f"{name}: {node.text()}"

    families = state.families()
    for node in root.find_all(kind="variable_declarator"):
        name, value = node.field("name"), node.field("value")
        if name is None or value is None:
            continue
        if value.kind() == "await_expression" and value.named_children():
            value = value.named_children()[0]
        if value.kind() in ("new_expression", "call_expression"):
            client = _js_client(value, state)
            if client is not None and client.sdk.client:
                state.clients[name.text()] = client
        elif value.kind() == "string" and name.kind() == "identifier":
            text = _js_string(value)
            if text is not None:
                state.constants[name.text()] = text
    for node in root.find_all(kind="assignment_expression"):
        left, right = node.field("left"), node.field("right")
        if (
            left is not None
            and right is not None
            and right.kind() in ("new_expression", "call_expression")
        ):
            client = _js_client(right, state)
            if client is not None and client.sdk.client:
                state.clients[left.text()] = client
    fields = [*_find_all(root, "public_field_definition"), *_find_all(root, "field_definition")]
    for node in fields:
        name, value = node.field("name") or node.field("property"), node.field("value")
        if name is not None and value is not None and value.kind() == "new_expression":
            client = _js_client(value, state)
            if client is not None and client.sdk.client:
                state.clients["this." + name.text()] = client
    calls = [*root.find_all(kind="new_expression"), *root.find_all(kind="call_expression")]
    for call in calls:
        target = (
            call.field("constructor") if call.kind() == "new_expression" else call.field("function")
        )
        if target is None:
            continue
        callee = ("new " if call.kind() == "new_expression" else "") + target.text()
        keywords, positional = _js_args(call)
        client = _js_client(call, state)
        if client is not None:
            sdk = client.sdk
            if sdk.family == "ai-sdk" and sdk.prefixed is not None:  # generateText({model})
                model = keywords.get("model")
                if model is None or _js_value(model, state)[0] is None:
                    continue  # openai("gpt-4o") as the model is reported by itself
            arg = _model_arg(
                keywords, positional, sdk.model_args, sdk.model_pos, value_of, state, kw_text
            )
            _add_call(
                state,
                call,
                callee,
                sdk,
                client.provider,
                sdk.hosting,
                client.region,
                arg,
                sdk.prefixed,
            )
            continue
        if target.kind() == "identifier":
            held = state.clients.get(target.text())
            if held is not None and held.sdk.family == "ai-sdk":  # const oa = createOpenAI()
                arg = _model_arg(keywords, positional, (), 0, value_of, state, kw_text)
                _add_call(state, call, callee, held.sdk, held.provider, VENDOR_API, None, arg)
            continue
        if target.kind() != "member_expression":
            continue
        receiver, names = _receiver(target)
        held = None
        if receiver.kind() in ("new_expression", "call_expression"):
            held = _js_client(receiver, state)
        else:
            recv = receiver.text()
            held = state.clients.get(recv)
            if held is None:
                for i in range(len(names)):
                    key = ".".join([recv, *names[: i + 1]])
                    if key in state.clients:
                        held = state.clients[key]
                        names = names[i + 1 :]
                        break
            if held is None and receiver.kind() == "identifier":
                provider_fn = JS.get(_qualify(recv, state.imports))
                if provider_fn is not None and provider_fn.family == "ai-sdk":
                    held = _Client(provider_fn, provider_fn.provider)  # openai.chat("gpt-4o")
        if held is not None:
            _client_call(state, call, callee, held, names, keywords, positional, value_of, kw_text)
            continue
        for family in METHODS:
            if family in ("ai-sdk", "bedrock"):
                continue
            method = _method(family, names)
            if method is None or not (family in families or method.distinct):
                continue
            arg = _model_arg(
                keywords, positional, method.model_args, method.model_pos, value_of, state, kw_text
            )
            if arg is None:
                continue
            provider = FAMILY_PROVIDER.get(family) if family in families else None
            hosting = SELF_HOSTED if family == "ollama" else VENDOR_API
            _add_call(state, call, callee, None, provider, hosting, None, arg)
            break


def _is_key(node: SgNode) -> bool:
    """A dictionary key: a table about models (prices, encodings, limits), not a use of one."""
    parent = node.parent()
    if parent is None or parent.kind() != "pair":
        return False
    key = parent.field("key")
    return key is not None and key.range().start.index == node.range().start.index


def _js_skip(node: SgNode) -> bool:
    if _is_key(node):
        return True
    for ancestor in node.ancestors():
        kind = ancestor.kind()
        if kind in _JS_TYPE_KINDS or kind in _JS_IMPORT_KINDS:
            return True
        if kind == "call_expression":
            function = ancestor.field("function")
            if function is not None and function.text() in ("require", "import"):
                return True
            break
        if kind in ("statement_block", "program", "class_body"):
            break
    return False


def scan_js(text: str, language: str, resolver: Resolver) -> list[ScanReference]:
    """References in one JavaScript / TypeScript / TSX source."""
    root = SgRoot(text, language).root()
    state = _State(resolver)
    _js_imports(root, state)
    _scan_js_calls(root, state)
    strings = [*root.find_all(kind="string"), *root.find_all(kind="template_string")]
    _strings(state, strings, _js_string, _js_skip)
    return state.refs
