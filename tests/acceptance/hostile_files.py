"""The hostile files of tests/hostile.py's input cases: each builder writes its case in a folder.

A builder returns the arguments to give `llm-policy check` (paths relative to the folder, which
is the working directory of the run). The registry says what each must produce.
"""

from __future__ import annotations

import json
import os
import random
import typing as t
from pathlib import Path

from tests.acceptance.conftest import EXAMPLES

Builder = t.Callable[[Path], list[str]]
VALID = (EXAMPLES / "internal-assistant" / "llm-project.yaml").read_text()
PAYLOAD = "payload-ran"  # a file the object-constructing payloads would create


def _write(folder: Path, name: str, content: str | bytes) -> list[str]:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return [name]


def _valid_json() -> dict[str, t.Any]:
    import yaml

    return t.cast(dict[str, t.Any], yaml.safe_load(VALID))


def alias_bomb(folder: Path) -> list[str]:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):  # 9 ** 10 values if expanded
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return _write(folder, "bomb.llm-project.yaml", "\n".join(lines) + "\n")


def deep_block(folder: Path) -> list[str]:
    text = "".join(f"{'  ' * i}k:\n" for i in range(200)) + "  " * 200 + "v: 1\n"
    return _write(folder, "deep.llm-project.yaml", text)


def deep_flow(folder: Path) -> list[str]:
    return _write(folder, "deep.llm-project.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n")


def deep_json(folder: Path) -> list[str]:
    return _write(folder, "deep.llm-project.json", '{"a": ' + "[" * 400_000 + "]" * 400_000 + "}")


def huge_file(folder: Path) -> list[str]:
    return _write(folder, "huge.llm-project.yaml", "# padding\n" * 209_716)  # 2 MiB + 6 bytes


def max_bytes(folder: Path) -> list[str]:
    return [*_write(folder, "llm-project.yaml", VALID), "--max-bytes", "100"]


def big_valid(folder: Path) -> list[str]:
    data = _valid_json()
    data["metadata"]["labels"] = {f"label-{i}": "v" * 20 for i in range(25_000)}
    return _write(folder, "big.llm-project.json", json.dumps(data))


def endless_device(_: Path) -> list[str]:
    return ["/dev/zero"]


def fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "pipe.llm-project.yaml")
    return ["pipe.llm-project.yaml"]


def binary(folder: Path) -> list[str]:
    noise = random.Random(8).randbytes(4096)
    return _write(
        folder, "noise.llm-project.yaml", b"apiVersion: x\n" + noise.replace(b"\0", b"") + b"\0"
    )


def latin1(folder: Path) -> list[str]:
    return _write(folder, "latin1.llm-project.yaml", "a: 1\nowner: José\n".encode("latin-1"))


def utf16(folder: Path) -> list[str]:
    return _write(folder, "wide.llm-project.yaml", VALID.encode("utf-16"))


def lone_surrogate(folder: Path) -> list[str]:
    text = json.dumps(_valid_json()).replace('"llama-3.1-70b"', '"llama\\ud800"')
    return _write(folder, "surrogate.llm-project.json", text)


def duplicate_yaml(folder: Path) -> list[str]:
    return _write(
        folder,
        "dup.llm-project.yaml",
        VALID.replace("kind: LLMProject\n", "kind: LLMProject\nkind: Other\n"),
    )


def duplicate_json(folder: Path) -> list[str]:
    return _write(folder, "dup.llm-project.json", '{"kind": "LLMProject",\n "kind": "Other"}')


def several_documents(folder: Path) -> list[str]:
    return _write(folder, "multi.llm-project.yaml", VALID + "---\n" + VALID)


def python_apply(folder: Path) -> list[str]:
    payload = f"!!python/object/apply:os.system ['touch {PAYLOAD}']"
    return _write(
        folder, "tag.llm-project.yaml", VALID.replace("kind: LLMProject", f"kind: {payload}")
    )


def python_new(folder: Path) -> list[str]:
    payload = f"!!python/object/new:subprocess.Popen [['touch', '{PAYLOAD}']]"
    return _write(folder, "tag.llm-project.yaml", VALID + f"extra: {payload}\n")


def other_tags(folder: Path) -> list[str]:
    return _write(
        folder,
        "tags.llm-project.yaml",
        "a: !!python/name:os.system\nb: !!binary aGk=\nc: !!set {x}\nd: !custom x\n",
    )


def merge_key(folder: Path) -> list[str]:
    return _write(folder, "merge.llm-project.yaml", "base: &b {x: 1}\nother:\n  <<: *b\n")


def empty(folder: Path) -> list[str]:
    return _write(folder, "empty.llm-project.yaml", "")


def comments_only(folder: Path) -> list[str]:
    return _write(folder, "comments.llm-project.yaml", "# nothing\n---\n# here\n")


def list_root(folder: Path) -> list[str]:
    return _write(folder, "list.llm-project.yaml", "- apiVersion: llm-policy/v1\n")


def scalar_root(folder: Path) -> list[str]:
    return _write(folder, "scalar.llm-project.json", '"llm-policy/v1"')


def symlink_loop_named(folder: Path) -> list[str]:
    (folder / "a.llm-project.yaml").symlink_to("b.llm-project.yaml")
    (folder / "b.llm-project.yaml").symlink_to("a.llm-project.yaml")
    return ["a.llm-project.yaml"]


def symlink_loop_in_tree(folder: Path) -> list[str]:
    (folder / "tree" / "svc").mkdir(parents=True)
    (folder / "tree" / "svc" / "llm-project.yaml").symlink_to("llm-project.yaml")
    return ["tree"]


def folder_loop_in_tree(folder: Path) -> list[str]:
    _write(folder, "tree/app/llm-project.yaml", VALID)
    (folder / "tree" / "app" / "up").symlink_to("..", target_is_directory=True)
    return ["tree"]


def unreadable_file(folder: Path) -> list[str]:
    _write(folder, "llm-project.yaml", VALID)
    (folder / "llm-project.yaml").chmod(0)
    return ["llm-project.yaml"]


def unreadable_file_in_tree(folder: Path) -> list[str]:
    _write(folder, "tree/llm-project.yaml", VALID)
    (folder / "tree" / "llm-project.yaml").chmod(0)
    return ["tree"]


def unreadable_folder(folder: Path) -> list[str]:
    _write(folder, "tree/open/llm-project.yaml", VALID)
    _write(folder, "tree/locked/llm-project.yaml", VALID)
    (folder / "tree" / "locked").chmod(0)
    return ["tree"]


def output_unwritable(folder: Path) -> list[str]:
    (folder / "locked").mkdir()
    (folder / "locked").chmod(0o555)
    return [*_write(folder, "llm-project.yaml", VALID), "--output", "locked/report.json"]


def odd_names(folder: Path) -> list[str]:
    for name in ("with space.llm-project.yaml", "ünï cødé 東京.llm-project.yaml"):
        _write(folder, f"odd/{name}", VALID)
    return ["odd"]


def escape_name(folder: Path) -> list[str]:
    return _write(folder, "new\nline\x1b[31m.llm-project.yaml", VALID)


def dash_name(folder: Path) -> list[str]:
    _write(folder, "-v.llm-project.yaml", VALID)
    return ["--", "-v.llm-project.yaml"]


def non_utf8_name(folder: Path) -> list[str]:
    (folder / os.fsdecode(b"x\xff.llm-project.yaml")).write_text(VALID)
    return [".", "--format", "json", "--output", "report.json"]


def redos_owner(folder: Path) -> list[str]:
    owner = "a@" + "a." * 500_000 + "@"
    return _write(
        folder, "owner.llm-project.yaml", VALID.replace("owner: ", f"owner: '{owner}' #", 1)
    )


def many_models(folder: Path) -> list[str]:
    data = _valid_json()
    data["spec"]["models"] = [
        {"id": "llama-3.1-70b", "hosting": "self-hosted", "region": "eu"}
    ] * 101
    return _write(folder, "many.llm-project.json", json.dumps(data))


def most_models(folder: Path) -> list[str]:
    data = _valid_json()
    kinds = [
        {"id": "llama-3.1-70b", "hosting": "self-hosted", "region": "eu", "quantization": "int4"},
        {"id": "gpt-4o", "hosting": "vendor-api", "provider": "azure-openai", "region": "eu"},
        {"id": "no-such-model", "hosting": "vendor-api", "provider": "openai", "region": "us"},
    ]
    data["spec"]["models"] = [kinds[i % 3] for i in range(100)]
    data["spec"]["data"]["categories"] = ["health", "personal", "export-controlled"]
    return _write(folder, "most.llm-project.json", json.dumps(data))


def raw_control_character(folder: Path) -> list[str]:
    return _write(folder, "bell.llm-project.yaml", "a: 1\nb: x\x07y\n")


def huge_integer(folder: Path) -> list[str]:
    return _write(folder, "int.llm-project.yaml", "a: 1\nb: " + "9" * 5000 + "\n")


def not_a_number(folder: Path) -> list[str]:
    return _write(folder, "nan.llm-project.yaml", "a: .nan\nb: .inf\n")


def empty_typed_scalar(folder: Path) -> list[str]:
    return _write(folder, "typed.llm-project.yaml", "a: 1\nb: !!float\nc: !!int +\n")


def complex_key(folder: Path) -> list[str]:
    return _write(folder, "keys.llm-project.yaml", "? [a, b]\n: 1\n")


BUILDERS: dict[str, Builder] = {
    name.replace("_", "-"): builder
    for name, builder in list(globals().items())
    if callable(builder)
    and getattr(builder, "__module__", None) == __name__
    and not name.startswith("_")
}
