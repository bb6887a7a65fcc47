"""Configuration files, Dockerfiles, Compose, Kubernetes and Helm values, notebooks."""

from __future__ import annotations

import json
import textwrap

from tests.unit.scan.conftest import brief


def code(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def test_yaml_model_keys_and_resolving_values(scan) -> None:
    refs = scan(
        {
            "settings.yaml": code("""
        llm:
          model: gpt-4o
          fallback_model: my-own-model
          other: claude-sonnet-4-5
          note: hello world
          endpoint: "https://api.anthropic.com/v1"
    """)
        }
    )
    assert [(r.line, r.column, r.kind, r.text, r.model, r.provider) for r in refs] == [
        (2, 10, "model-id", "gpt-4o", "gpt-4o", None),
        (3, 19, "model-id", "my-own-model", None, None),
        (4, 10, "model-id", "claude-sonnet-4-5", "claude-sonnet-4.5", None),
        (6, 22, "endpoint", "api.anthropic.com", None, "anthropic"),
    ]


def test_json_toml_and_env_example(scan) -> None:
    refs = scan(
        {
            "config.json": (
                '{\n  "modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0",\n  "n": 1\n}\n'
            ),
            "pyproject.toml": '[tool.app]\nmodel = "gpt-4.1"\nname = "x"\n',
            ".env.example": "OPENAI_MODEL=gpt-4o-mini\nOPENAI_BASE_URL=https://api.openai.com/v1\n",
            ".env": "OPENAI_MODEL=secret-never-read\n",
        }
    )
    assert [(r.file, r.line, r.column, r.kind, r.model, r.provider) for r in refs] == [
        (".env.example", 1, 14, "model-id", "gpt-4o-mini", None),
        (".env.example", 2, 25, "endpoint", None, "openai"),
        ("config.json", 2, 15, "model-id", "claude-sonnet-4.5", "aws-bedrock"),
        ("pyproject.toml", 2, 10, "model-id", "gpt-4.1", None),
    ]


def test_dockerfile_vllm_serving(scan) -> None:
    refs = scan(
        {
            "Dockerfile": code("""
        FROM vllm/vllm-openai:v0.6.3
        ENV MODEL_ID=meta-llama/Llama-3.1-8B-Instruct
        CMD ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--port", "8000"]
    """)
        }
    )
    assert brief(refs) == [
        (1, "serving", None, None, "self-hosted", None, None),
        (2, "serving", "llama-3.1-8b", None, "self-hosted", None, None),
        (3, "serving", "llama-3.1-8b", None, "self-hosted", None, None),
    ]
    assert refs[0].text == "vllm/vllm-openai:v0.6.3" and refs[0].column == 6


def test_compose_ollama_and_tgi(scan) -> None:
    refs = scan(
        {
            "compose.yaml": code("""
        services:
          ollama:
            image: ollama/ollama:latest
          tgi:
            image: ghcr.io/huggingface/text-generation-inference:2.4
            command: --model-id tiiuae/falcon-7b-instruct --port 80
            environment:
              - OTHER=1
    """)
        }
    )
    assert brief(refs) == [
        (3, "serving", None, None, "self-hosted", None, None),
        (5, "serving", None, None, "self-hosted", None, None),
        (6, "serving", "falcon-7b", None, "self-hosted", None, None),
    ]


def test_kubernetes_manifest_args_and_env(scan) -> None:
    refs = scan(
        {
            "deploy.yaml": code("""
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
                - name: vllm
                  image: docker.io/vllm/vllm-openai:latest
                  args: ["--model", "mistralai/Mistral-7B-Instruct-v0.2"]
                  env:
                    - name: MODEL_ID
                      value: "tiiuae/falcon-7b"
        ---
        kind: ConfigMap
        data:
          url: https://bedrock-runtime.eu-west-1.amazonaws.com
    """)
        }
    )
    assert brief(refs) == [
        (8, "serving", None, None, "self-hosted", None, None),
        (9, "serving", "mistral-7b", None, "self-hosted", None, None),
        (12, "serving", "falcon-7b", None, "self-hosted", None, None),
        (16, "endpoint", None, "aws-bedrock", "vendor-api", "eu", None),
    ]


def test_helm_values(scan) -> None:
    refs = scan(
        {
            "charts/llm/values.yaml": code("""
        image:
          repository: vllm/vllm-openai
          tag: v0.6.3
        model: meta-llama/Llama-3.1-8B-Instruct
    """)
        }
    )
    assert brief(refs) == [
        (2, "serving", None, None, "self-hosted", None, None),
        (4, "serving", "llama-3.1-8b", None, "self-hosted", None, None),
    ]


def test_notebook_code_cells_map_to_the_ipynb_lines(scan) -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["gpt-4o in prose\n"]},
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "source": [
                    "%pip install anthropic\n",
                    "import anthropic\n",
                    "c = anthropic.Anthropic()\n",
                    'c.messages.create(model="claude-3-haiku-20240307", max_tokens=1)',
                ],
            },
            {"cell_type": "code", "metadata": {}, "source": 'x = "gpt-4o"'},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(notebook, indent=1, ensure_ascii=False)
    refs = scan({"nb.ipynb": text})
    lines = text.splitlines()
    got = [(r.kind, r.model, lines[r.line - 1][r.column - 1 :][:12]) for r in refs]
    assert got == [
        ("sdk-call", None, "anthropic.An"),
        ("sdk-call", "claude-3-haiku", "c.messages.c"),
        ("model-id", "gpt-4o", '\\"gpt-4o\\""'[:12]),
    ]
