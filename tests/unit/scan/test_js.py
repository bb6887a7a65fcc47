"""The JavaScript / TypeScript / TSX detectors."""

from __future__ import annotations

import textwrap

from tests.unit.scan.conftest import brief


def code(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def test_openai_and_anthropic_sdks(scan) -> None:
    refs = scan(
        {
            "a.ts": code("""
        import OpenAI, { AzureOpenAI } from "openai";
        import Anthropic from "@anthropic-ai/sdk";
        type Model = "gpt-4o" | "o3";
        const client = new OpenAI({ baseURL: "https://api.openai.com/v1" });
        await client.chat.completions.create({ model: "gpt-4o-mini", messages });
        const a = new Anthropic();
        await a.messages.create({ model: "claude-sonnet-4-5", max_tokens: 5 });
        const az = new AzureOpenAI({ deployment: "x" });
    """)
        }
    )
    assert brief(refs) == [
        (4, "sdk-call", None, "openai", "vendor-api", None, None),
        (4, "endpoint", None, "openai", "vendor-api", None, None),
        (5, "sdk-call", "gpt-4o-mini", "openai", "vendor-api", None, None),
        (6, "sdk-call", None, "anthropic", "vendor-api", None, None),
        (7, "sdk-call", "claude-sonnet-4.5", "anthropic", "vendor-api", None, None),
        (8, "sdk-call", None, "azure-openai", "vendor-api", None, None),
    ]
    assert refs[2].text == 'client.chat.completions.create(model: "gpt-4o-mini")'


def test_google_genai_and_bedrock_runtime(scan) -> None:
    refs = scan(
        {
            "a.mjs": code("""
        import { GoogleGenAI } from "@google/genai";
        import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
        const ai = new GoogleGenAI({ vertexai: true, location: "europe-west4" });
        await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "x" });
        const br = new BedrockRuntimeClient({ region: "us-west-2" });
        await br.send(new ConverseCommand({
          modelId: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0" }));
    """)
        }
    )
    assert brief(refs) == [
        (3, "sdk-call", None, "google-vertex", "vendor-api", "eu", None),
        (4, "sdk-call", "gemini-2.5-flash", "google-vertex", "vendor-api", "eu", None),
        (5, "sdk-call", None, "aws-bedrock", "vendor-api", "us", None),
        (6, "sdk-call", "claude-sonnet-4.5", "aws-bedrock", "vendor-api", "eu", "geo"),
    ]


def test_ai_sdk_provider_functions(scan) -> None:
    refs = scan(
        {
            "a.tsx": code("""
        import { openai } from "@ai-sdk/openai";
        import { anthropic } from "@ai-sdk/anthropic";
        import { generateText } from "ai";
        export function App() { return <div title="gpt-4o">x</div>; }
        const r = await generateText({ model: openai("gpt-4o"), prompt: "x" });
        const s = await generateText({ model: anthropic("claude-sonnet-4-5"), prompt: "x" });
        const t = await generateText({ model: "anthropic/claude-sonnet-4-5", prompt: "x" });
        const u = openai.chat("gpt-4o-mini");
    """)
        }
    )
    assert brief(refs) == [
        (4, "model-id", "gpt-4o", None, None, None, None),
        (5, "sdk-call", "gpt-4o", "openai", "vendor-api", None, None),
        (6, "sdk-call", "claude-sonnet-4.5", "anthropic", "vendor-api", None, None),
        (7, "sdk-call", "claude-sonnet-4.5", "anthropic", "vendor-api", None, None),
        (8, "sdk-call", "gpt-4o-mini", "openai", "vendor-api", None, None),
    ]


def test_require_and_commonjs(scan) -> None:
    refs = scan(
        {
            "a.cjs": code("""
        const OpenAI = require("openai");
        const client = new OpenAI();
        client.responses.create({ model: "gpt-4.1" });
    """)
        }
    )
    assert brief(refs) == [
        (2, "sdk-call", None, "openai", "vendor-api", None, None),
        (3, "sdk-call", "gpt-4.1", "openai", "vendor-api", None, None),
    ]


def test_types_and_imports_are_not_uses(scan) -> None:
    refs = scan(
        {
            "a.ts": code("""
        import x from "gpt-4o";
        interface O { model: "gpt-4o" }
        function f(m: "o3" | "o4-mini"): void {}
        const table = { "gpt-4o": 1 };
        const chosen = "gpt-5";
    """)
        }
    )
    assert [(r.line, r.text) for r in refs] == [(5, "gpt-5")]
