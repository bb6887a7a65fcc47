"""The Python detectors, one SDK per test, on small snippets."""

from __future__ import annotations

import textwrap

from tests.unit.scan.conftest import brief


def code(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def test_openai_client_and_call(scan) -> None:
    refs = scan(
        {
            "a.py": code("""
        from openai import OpenAI
        client = OpenAI()
        r = client.chat.completions.create(model="gpt-4o", messages=[])
        s = client.responses.create(model="gpt-4.1-mini", input="x")
        t = client.chat.completions.with_raw_response.create(model="o3", messages=[])
    """)
        }
    )
    assert brief(refs) == [
        (2, "sdk-call", None, "openai", "vendor-api", None, None),
        (3, "sdk-call", "gpt-4o", "openai", "vendor-api", None, None),
        (4, "sdk-call", "gpt-4.1-mini", "openai", "vendor-api", None, None),
        (5, "sdk-call", "o3", "openai", "vendor-api", None, None),
    ]
    assert refs[1].file == "a.py" and refs[1].column == 5
    assert refs[1].text == 'client.chat.completions.create(model="gpt-4o")'


def test_azure_openai_with_its_endpoint(scan) -> None:
    refs = scan(
        {
            "a.py": code("""
        import openai
        az = openai.AzureOpenAI(azure_endpoint="https://contoso.openai.azure.com/")
        az.chat.completions.create(model="gpt-4o-mini", messages=[])
    """)
        }
    )
    assert brief(refs) == [
        (2, "sdk-call", None, "azure-openai", "vendor-api", None, None),
        (2, "endpoint", None, "azure-openai", "vendor-api", None, None),
        (3, "sdk-call", "gpt-4o-mini", "azure-openai", "vendor-api", None, None),
    ]
    assert refs[1].text == "contoso.openai.azure.com"


def test_anthropic_clients(scan) -> None:
    refs = scan(
        {
            "a.py": code("""
        from anthropic import Anthropic, AnthropicBedrock, AnthropicVertex
        a = Anthropic()
        a.messages.create(model="claude-sonnet-4-5-20250929", max_tokens=1)
        b = AnthropicBedrock(aws_region="eu-central-1")
        b.messages.create(model="eu.anthropic.claude-sonnet-4-5-20250929-v1:0", max_tokens=1)
        v = AnthropicVertex(region="europe-west4", project_id="p")
        v.messages.create(model="claude-sonnet-4-5@20250929", max_tokens=1)
    """)
        }
    )
    assert brief(refs) == [
        (2, "sdk-call", None, "anthropic", "vendor-api", None, None),
        (3, "sdk-call", "claude-sonnet-4.5", "anthropic", "vendor-api", None, None),
        (4, "sdk-call", None, "aws-bedrock", "vendor-api", "eu", None),
        (5, "sdk-call", "claude-sonnet-4.5", "aws-bedrock", "vendor-api", "eu", "geo"),
        (6, "sdk-call", None, "google-vertex", "vendor-api", "eu", None),
        (7, "sdk-call", "claude-sonnet-4.5", "google-vertex", "vendor-api", "eu", None),
    ]


def test_google_genai_and_vertexai(scan) -> None:
    refs = scan(
        {
            "a.py": code("""
        from google import genai
        import vertexai
        from vertexai.generative_models import GenerativeModel
        c = genai.Client()
        c.models.generate_content(model="gemini-2.5-flash", contents="x")
        v = genai.Client(vertexai=True, location="us-central1")
        vertexai.init(location="europe-west1")
        m = GenerativeModel("gemini-2.5-pro")
    """)
        }
    )
    assert brief(refs) == [
        (4, "sdk-call", None, "google-ai-studio", "vendor-api", None, None),
        (5, "sdk-call", "gemini-2.5-flash", "google-ai-studio", "vendor-api", None, None),
        (6, "sdk-call", None, "google-vertex", "vendor-api", "us", None),
        (7, "sdk-call", None, "google-vertex", "vendor-api", "eu", None),
        (8, "sdk-call", "gemini-2.5-pro", "google-vertex", "vendor-api", None, None),
    ]


def test_boto3_bedrock_runtime_and_agents(scan) -> None:
    refs = scan(
        {
            "a.py": code("""
        import boto3
        rt = boto3.client("bedrock-runtime", region_name="us-east-1")
        rt.converse(modelId="us.anthropic.claude-sonnet-4-5-20250929-v1:0", messages=[])
        rt.invoke_model(modelId="meta.llama3-1-8b-instruct-v1:0", body="{}")
        g = rt.converse(modelId="global.anthropic.claude-sonnet-4-5-20250929-v1:0")
        agent = CfnAgent(self, "A", foundation_model="anthropic.claude-sonnet-4-5-20250929-v1:0")
        s3 = boto3.client("s3")
    """)
        }
    )
    assert brief(refs) == [
        (2, "sdk-call", None, "aws-bedrock", "vendor-api", "us", None),
        (3, "sdk-call", "claude-sonnet-4.5", "aws-bedrock", "vendor-api", "us", "geo"),
        (4, "sdk-call", "llama-3.1-8b", "aws-bedrock", "vendor-api", "us", None),
        (5, "sdk-call", "claude-sonnet-4.5", "aws-bedrock", "vendor-api", None, "global"),
        (6, "sdk-call", "claude-sonnet-4.5", "aws-bedrock", "vendor-api", None, None),
    ]
    assert refs[0].text == 'boto3.client("bedrock-runtime")'


def test_cohere_mistral_litellm(scan) -> None:
    refs = scan(
        {
            "a.py": code("""
        import cohere
        from mistralai import Mistral
        import litellm
        co = cohere.ClientV2()
        co.chat(model="command-r-plus", messages=[])
        m = Mistral(api_key="k")
        m.chat.complete(model="mistral-large-latest", messages=[])
        litellm.completion(model="bedrock/eu.anthropic.claude-sonnet-4-5-20250929-v1:0")
        litellm.completion(model="ollama/llama3")
        litellm.completion("anthropic/claude-sonnet-4-5")
    """)
        }
    )
    got = brief(refs)
    assert got[0] == (4, "sdk-call", None, "cohere", "vendor-api", None, None)
    assert got[1][:4] == (5, "sdk-call", "command-r-plus", "cohere")
    assert got[2] == (6, "sdk-call", None, None, "vendor-api", None, None)  # no catalog provider
    assert got[3][:2] == (7, "sdk-call")
    assert got[4] == (8, "sdk-call", "claude-sonnet-4.5", "aws-bedrock", "vendor-api", "eu", "geo")
    assert got[5] == (9, "sdk-call", None, None, "self-hosted", None, None)
    assert got[6] == (10, "sdk-call", "claude-sonnet-4.5", "anthropic", "vendor-api", None, None)


def test_langchain_and_llama_index(scan) -> None:
    refs = scan(
        {
            "a.py": code("""
        from langchain_openai import ChatOpenAI, AzureChatOpenAI
        from langchain_anthropic import ChatAnthropic
        from langchain_aws import ChatBedrock
        from langchain_google_vertexai import ChatVertexAI
        from llama_index.llms.openai import OpenAI
        from llama_index.llms.anthropic import Anthropic
        a = ChatOpenAI(model="gpt-4o")
        b = ChatAnthropic(model_name="claude-sonnet-4-5")
        c = ChatBedrock(model_id="anthropic.claude-sonnet-4-5-20250929-v1:0",
                        region_name="eu-west-2")
        d = ChatVertexAI(model_name="gemini-2.5-pro", location="europe-west4")
        e = OpenAI(model="gpt-4o-mini")
        f = Anthropic(model="claude-sonnet-4-5")
        g = AzureChatOpenAI(azure_deployment="prod-gpt")
    """)
        }
    )
    assert brief(refs) == [
        (7, "sdk-call", "gpt-4o", "openai", "vendor-api", None, None),
        (8, "sdk-call", "claude-sonnet-4.5", "anthropic", "vendor-api", None, None),
        (9, "sdk-call", "claude-sonnet-4.5", "aws-bedrock", "vendor-api", "uk", None),
        (11, "sdk-call", "gemini-2.5-pro", "google-vertex", "vendor-api", "eu", None),
        (12, "sdk-call", "gpt-4o-mini", "openai", "vendor-api", None, None),
        (13, "sdk-call", "claude-sonnet-4.5", "anthropic", "vendor-api", None, None),
        (14, "sdk-call", None, "azure-openai", "vendor-api", None, None),
    ]
    assert refs[-1].text == 'AzureChatOpenAI(azure_deployment="prod-gpt")'


def test_local_runtimes_are_self_hosted_with_hugging_face_ids(scan) -> None:
    refs = scan(
        {
            "a.py": code("""
        from transformers import AutoModelForCausalLM, pipeline
        from vllm import LLM
        import ollama
        m = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")
        p = pipeline("text-generation", model="tiiuae/falcon-7b")
        llm = LLM(model="meta-llama/Meta-Llama-3.1-8B-Instruct")
        ollama.chat(model="gpt-oss:20b", messages=[])
        local = AutoModelForCausalLM.from_pretrained("./weights")
    """)
        }
    )
    assert brief(refs) == [
        (4, "sdk-call", "llama-3.1-8b", None, "self-hosted", None, None),
        (5, "sdk-call", "falcon-7b", None, "self-hosted", None, None),
        (6, "sdk-call", "llama-3.1-8b", None, "self-hosted", None, None),
        (7, "sdk-call", "gpt-oss-20b", None, "self-hosted", None, None),
        (8, "sdk-call", None, None, "self-hosted", None, None),
    ]


def test_model_ids_in_constants_and_lists(scan) -> None:
    refs = scan(
        {
            "a.py": code("""
        DEFAULT = "gpt-4o"
        FALLBACKS = ["claude-sonnet-4-5", "not-a-model", "meta-llama/Llama-3.1-8B"]
        GREETING = "hello"
    """)
        }
    )
    assert [(r.line, r.column, r.kind, r.text, r.model) for r in refs] == [
        (1, 11, "model-id", "gpt-4o", "gpt-4o"),
        (2, 14, "model-id", "claude-sonnet-4-5", "claude-sonnet-4.5"),
        (2, 50, "model-id", "meta-llama/Llama-3.1-8B", "llama-3.1-8b"),
    ]


def test_unknown_model_in_an_sdk_argument_is_reported_with_model_none(scan) -> None:
    refs = scan(
        {
            "a.py": code("""
        from openai import OpenAI
        OpenAI().chat.completions.create(model="my-fine-tune", messages=[])
    """)
        }
    )
    assert brief(refs)[-1] == (2, "sdk-call", None, "openai", "vendor-api", None, None)
    assert refs[-1].text == 'OpenAI().chat.completions.create(model="my-fine-tune")'


def test_type_annotations_literals_docstrings_and_dict_keys_are_not_uses(scan) -> None:
    refs = scan(
        {
            "a.py": code('''
        from typing import Literal
        ChatModel = Literal["gpt-4o", "o3"]
        def f(model: Literal["gpt-4o"] = "gpt-4o-mini") -> "gpt-5":
            """gpt-4o"""
        PRICES = {"gpt-4o": 2.5}
        x: "gpt-4.1" = 1
    ''')
        }
    )
    assert [(r.line, r.text) for r in refs] == [(3, "gpt-4o-mini")]


def test_stubs_are_not_read(scan) -> None:
    assert (
        scan({"a.pyi": 'MODEL: str = "gpt-4o"\n', "b.d.ts": 'export const m = "gpt-4o";\n'}) == []
    )


def test_an_environment_default_names_the_model(scan) -> None:
    refs = scan(
        {
            "a.py": code("""
        import os
        from anthropic import Anthropic
        model = os.environ.get("MODEL", "claude-haiku-4-5")
        Anthropic().messages.create(model=model, max_tokens=1)
    """)
        }
    )
    assert brief(refs)[-1] == (
        4,
        "sdk-call",
        "claude-haiku-4.5",
        "anthropic",
        "vendor-api",
        None,
        None,
    )


def test_a_client_passed_in_still_counts_for_distinct_methods(scan) -> None:
    refs = scan(
        {"a.py": 'def run(client):\n    client.messages.create(model="claude-sonnet-4-5")\n'}
    )
    assert brief(refs) == [
        (2, "sdk-call", "claude-sonnet-4.5", "anthropic", "vendor-api", None, None)
    ] or brief(refs) == [(2, "sdk-call", "claude-sonnet-4.5", None, "vendor-api", None, None)]
