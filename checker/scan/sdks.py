"""The SDKs the scanner knows: constructors and functions, and the client methods taking a model.

Names are matched after imports are resolved: `from openai import OpenAI` makes `OpenAI(...)` the
call `openai.OpenAI`; `import boto3` keeps `boto3.client`. A `Sdk` entry says which provider and
hosting the call means, which arguments carry the model, and which carry a region. Providers are
catalog provider ids; one the catalog does not list (mistral today) is reported as None.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.scan.resolve import BEDROCK, SELF_HOSTED, VENDOR_API


@dataclass(frozen=True)
class Sdk:
    """What a call of a known SDK name means."""

    family: str  # which method table its clients answer (openai, anthropic, genai, ...)
    provider: str | None
    hosting: str | None = VENDOR_API
    model_args: tuple[str, ...] = ()  # keyword (Python) or object-property (JS) names
    model_pos: int | None = None  # positional index of the model argument
    region_args: tuple[str, ...] = ()
    client: bool = False  # returns a client whose methods take the model
    prefixed: str | None = None  # the model argument is "provider/model" (litellm) or "p:model"


def _vendor(
    family: str,
    provider: str | None,
    *models: str,
    pos: int | None = None,
    region: tuple[str, ...] = (),
    client: bool = False,
) -> Sdk:
    return Sdk(family, provider, VENDOR_API, models, pos, region, client)


def _local(family: str, *models: str, pos: int | None = None, client: bool = False) -> Sdk:
    return Sdk(family, None, SELF_HOSTED, models, pos, (), client)


OPENAI_CLIENT = _vendor("openai", "openai", client=True)
AZURE_CLIENT = _vendor("openai", "azure-openai", client=True)
ANTHROPIC_CLIENT = _vendor("anthropic", "anthropic", client=True)
BEDROCK_ANTHROPIC = _vendor("anthropic", BEDROCK, region=("aws_region", "awsRegion"), client=True)
VERTEX_ANTHROPIC = _vendor("anthropic", "google-vertex", region=("region",), client=True)
GENAI_CLIENT = _vendor("genai", "google-ai-studio", region=("location",), client=True)
COHERE_CLIENT = _vendor("cohere", "cohere", client=True)
MISTRAL_CLIENT = _vendor("mistral", "mistral", client=True)
OLLAMA_CLIENT = _local("ollama", client=True)
BEDROCK_CLIENT = _vendor("bedrock", BEDROCK, region=("region_name", "region"), client=True)

# Python: (module prefix, name) -> Sdk. The qualified call must start with the prefix and end
# with ".name" (so `langchain_community.chat_models.ChatOpenAI` matches ("langchain", ...)).
_LC = ("model", "model_name")
PYTHON: tuple[tuple[str, str, Sdk], ...] = (
    ("openai", "OpenAI", OPENAI_CLIENT),
    ("openai", "AsyncOpenAI", OPENAI_CLIENT),
    ("openai", "AzureOpenAI", AZURE_CLIENT),
    ("openai", "AsyncAzureOpenAI", AZURE_CLIENT),
    ("anthropic", "Anthropic", ANTHROPIC_CLIENT),
    ("anthropic", "AsyncAnthropic", ANTHROPIC_CLIENT),
    ("anthropic", "AnthropicBedrock", BEDROCK_ANTHROPIC),
    ("anthropic", "AsyncAnthropicBedrock", BEDROCK_ANTHROPIC),
    ("anthropic", "AnthropicVertex", VERTEX_ANTHROPIC),
    ("anthropic", "AsyncAnthropicVertex", VERTEX_ANTHROPIC),
    ("anthropic", "AnthropicFoundry", _vendor("anthropic", None, client=True)),
    ("anthropic", "AsyncAnthropicFoundry", _vendor("anthropic", None, client=True)),
    ("anthropic", "AnthropicGoogleCloud", _vendor("anthropic", None, client=True)),
    ("anthropic", "AsyncAnthropicGoogleCloud", _vendor("anthropic", None, client=True)),
    # openai's provider helpers: OpenAI(provider=bedrock(region=...)) calls Bedrock
    ("openai.providers", "bedrock", _vendor("openai", BEDROCK, region=("region",))),
    ("google.genai", "Client", GENAI_CLIENT),
    (
        "google.generativeai",
        "GenerativeModel",
        _vendor("genai", "google-ai-studio", "model_name", pos=0),
    ),
    ("vertexai", "GenerativeModel", _vendor("genai", "google-vertex", "model_name", pos=0)),
    ("vertexai", "init", _vendor("genai", "google-vertex", region=("location",))),
    ("cohere", "Client", COHERE_CLIENT),
    ("cohere", "ClientV2", COHERE_CLIENT),
    ("cohere", "AsyncClient", COHERE_CLIENT),
    ("cohere", "AsyncClientV2", COHERE_CLIENT),
    ("mistralai", "Mistral", MISTRAL_CLIENT),
    ("mistralai", "MistralClient", MISTRAL_CLIENT),
    ("mistralai", "MistralAsyncClient", MISTRAL_CLIENT),
    ("mistralai_azure", "MistralAzure", _vendor("mistral", None, client=True)),
    (
        "mistralai_gcp",
        "MistralGoogleCloud",
        _vendor("mistral", "google-vertex", region=("region",), client=True),
    ),
    *(
        ("litellm", name, Sdk("litellm", None, VENDOR_API, ("model",), 0, (), False, "/"))
        for name in (
            "completion",
            "acompletion",
            "embedding",
            "aembedding",
            "text_completion",
            "atext_completion",
            "responses",
            "aresponses",
            "image_generation",
        )
    ),
    # LangChain (langchain, langchain_openai, langchain_community, ...)
    ("langchain", "ChatOpenAI", _vendor("langchain", "openai", *_LC)),
    ("langchain", "OpenAI", _vendor("langchain", "openai", *_LC)),
    ("langchain", "OpenAIEmbeddings", _vendor("langchain", "openai", *_LC)),
    (
        "langchain",
        "AzureChatOpenAI",
        _vendor("langchain", "azure-openai", *_LC, "azure_deployment", "deployment_name"),
    ),
    (
        "langchain",
        "AzureOpenAI",
        _vendor("langchain", "azure-openai", *_LC, "azure_deployment", "deployment_name"),
    ),
    ("langchain", "AzureOpenAIEmbeddings", _vendor("langchain", "azure-openai", *_LC)),
    ("langchain", "ChatAnthropic", _vendor("langchain", "anthropic", *_LC)),
    ("langchain", "AnthropicLLM", _vendor("langchain", "anthropic", *_LC)),
    *(
        (
            "langchain",
            name,
            _vendor("langchain", BEDROCK, "model_id", "model", region=("region_name", "region")),
        )
        for name in (
            "ChatBedrock",
            "ChatBedrockConverse",
            "BedrockLLM",
            "Bedrock",
            "BedrockEmbeddings",
        )
    ),
    *(
        ("langchain", name, _vendor("langchain", "google-vertex", *_LC, region=("location",)))
        for name in ("ChatVertexAI", "VertexAI", "ChatAnthropicVertex", "VertexAIEmbeddings")
    ),
    ("langchain", "ChatGoogleGenerativeAI", _vendor("langchain", "google-ai-studio", *_LC)),
    ("langchain", "GoogleGenerativeAI", _vendor("langchain", "google-ai-studio", *_LC)),
    ("langchain", "ChatCohere", _vendor("langchain", "cohere", *_LC)),
    ("langchain", "ChatMistralAI", _vendor("langchain", "mistral", *_LC)),
    *(
        ("langchain", name, _local("langchain", "model", "model_name"))
        for name in ("ChatOllama", "OllamaLLM", "Ollama", "OllamaEmbeddings", "VLLM")
    ),
    ("langchain", "from_model_id", _local("langchain", "model_id")),  # HuggingFacePipeline
    ("langchain", "HuggingFaceEndpoint", Sdk("langchain", None, None, ("repo_id", "model"))),
    (
        "langchain",
        "init_chat_model",
        Sdk("langchain", None, VENDOR_API, ("model",), 0, (), False, ":"),
    ),
    # LlamaIndex (llama_index.llms.<integration>)
    ("llama_index", "OpenAI", _vendor("llama_index", "openai", "model")),
    ("llama_index", "OpenAIEmbedding", _vendor("llama_index", "openai", "model")),
    ("llama_index", "AzureOpenAI", _vendor("llama_index", "azure-openai", "model", "engine")),
    ("llama_index", "Anthropic", _vendor("llama_index", "anthropic", "model")),
    ("llama_index", "Bedrock", _vendor("llama_index", BEDROCK, "model", region=("region_name",))),
    (
        "llama_index",
        "BedrockConverse",
        _vendor("llama_index", BEDROCK, "model", region=("region_name",)),
    ),
    (
        "llama_index",
        "Vertex",
        _vendor("llama_index", "google-vertex", "model", region=("location",)),
    ),
    ("llama_index", "Gemini", _vendor("llama_index", "google-ai-studio", "model")),
    ("llama_index", "GoogleGenAI", _vendor("llama_index", "google-ai-studio", "model")),
    ("llama_index", "Cohere", _vendor("llama_index", "cohere", "model")),
    ("llama_index", "MistralAI", _vendor("llama_index", "mistral", "model")),
    ("llama_index", "Ollama", _local("llama_index", "model")),
    ("llama_index", "HuggingFaceLLM", _local("llama_index", "model_name")),
    ("llama_index", "Vllm", _local("llama_index", "model")),
    # Local runtimes
    (
        "transformers",
        "from_pretrained",
        _local("transformers", "pretrained_model_name_or_path", pos=0),
    ),
    ("transformers", "pipeline", _local("transformers", "model", pos=1)),
    (
        "sentence_transformers",
        "SentenceTransformer",
        _local("transformers", "model_name_or_path", pos=0),
    ),
    ("peft", "from_pretrained", _local("transformers", "pretrained_model_name_or_path", pos=1)),
    ("vllm", "LLM", _local("vllm", "model", pos=0)),
    ("vllm", "EngineArgs", _local("vllm", "model")),
    ("vllm", "AsyncEngineArgs", _local("vllm", "model")),
    *(
        ("ollama", name, _local("ollama", "model", pos=0))
        for name in ("chat", "generate", "embed", "embeddings", "pull", "show")
    ),
    ("ollama", "Client", OLLAMA_CLIENT),
    ("ollama", "AsyncClient", OLLAMA_CLIENT),
    ("huggingface_hub", "InferenceClient", Sdk("hf", None, None, ("model",), 0)),
)

# JavaScript / TypeScript: qualified name -> Sdk. A default import is the module itself
# (`import OpenAI from "openai"` -> "openai"), a named one "module.name".
JS: dict[str, Sdk] = {
    "openai": OPENAI_CLIENT,
    "openai.OpenAI": OPENAI_CLIENT,
    "openai.AzureOpenAI": AZURE_CLIENT,
    "@anthropic-ai/sdk": ANTHROPIC_CLIENT,
    "@anthropic-ai/sdk.Anthropic": ANTHROPIC_CLIENT,
    "@anthropic-ai/bedrock-sdk": BEDROCK_ANTHROPIC,
    "@anthropic-ai/bedrock-sdk.AnthropicBedrock": BEDROCK_ANTHROPIC,
    "@anthropic-ai/vertex-sdk": VERTEX_ANTHROPIC,
    "@anthropic-ai/vertex-sdk.AnthropicVertex": VERTEX_ANTHROPIC,
    "@google/genai.GoogleGenAI": GENAI_CLIENT,
    "@google/generative-ai.GoogleGenerativeAI": _vendor("genai", "google-ai-studio", client=True),
    "@google-cloud/vertexai.VertexAI": _vendor(
        "genai", "google-vertex", region=("location",), client=True
    ),
    "@aws-sdk/client-bedrock-runtime.BedrockRuntimeClient": BEDROCK_CLIENT,
    **{
        f"@aws-sdk/client-bedrock-runtime.{name}": _vendor("bedrock", BEDROCK, "modelId")
        for name in (
            "InvokeModelCommand",
            "InvokeModelWithResponseStreamCommand",
            "ConverseCommand",
            "ConverseStreamCommand",
        )
    },
    "@aws-sdk/client-bedrock-agent.CreateAgentCommand": _vendor(
        "bedrock", BEDROCK, "foundationModel"
    ),
    "@aws-sdk/client-bedrock-agent.UpdateAgentCommand": _vendor(
        "bedrock", BEDROCK, "foundationModel"
    ),
    "cohere-ai.CohereClient": COHERE_CLIENT,
    "cohere-ai.CohereClientV2": COHERE_CLIENT,
    "@mistralai/mistralai.Mistral": MISTRAL_CLIENT,
    "@mistralai/mistralai-azure.MistralAzure": _vendor("mistral", None, client=True),
    "@mistralai/mistralai-gcp.MistralGCP": _vendor(
        "mistral", "google-vertex", region=("region",), client=True
    ),
    "@anthropic-ai/foundry-sdk": _vendor("anthropic", None, client=True),
    "@anthropic-ai/foundry-sdk.AnthropicFoundry": _vendor("anthropic", None, client=True),
    "ollama": OLLAMA_CLIENT,
    "ollama.Ollama": OLLAMA_CLIENT,
    "@langchain/openai.ChatOpenAI": _vendor("langchain", "openai", "model", "modelName"),
    "@langchain/openai.AzureChatOpenAI": _vendor(
        "langchain", "azure-openai", "model", "modelName", "azureOpenAIApiDeploymentName"
    ),
    "@langchain/anthropic.ChatAnthropic": _vendor("langchain", "anthropic", "model", "modelName"),
    "@langchain/aws.ChatBedrockConverse": _vendor(
        "langchain", BEDROCK, "model", region=("region",)
    ),
    "@langchain/google-vertexai.ChatVertexAI": _vendor(
        "langchain", "google-vertex", "model", region=("location",)
    ),
    "@langchain/google-genai.ChatGoogleGenerativeAI": _vendor(
        "langchain", "google-ai-studio", "model", "modelName"
    ),
    "@langchain/ollama.ChatOllama": _local("langchain", "model"),
    # The AI SDK's provider functions: openai("gpt-4o"), openai.chat("gpt-4o"), ...
    **{
        f"@ai-sdk/{module}.{name}": _vendor("ai-sdk", provider, pos=0)
        for module, name, provider in (
            ("openai", "openai", "openai"),
            ("anthropic", "anthropic", "anthropic"),
            ("google", "google", "google-ai-studio"),
            ("google-vertex", "vertex", "google-vertex"),
            ("amazon-bedrock", "bedrock", BEDROCK),
            ("azure", "azure", "azure-openai"),
            ("mistral", "mistral", "mistral"),
            ("cohere", "cohere", "cohere"),
        )
    },
    **{
        f"@ai-sdk/{module}.{name}": _vendor("ai-sdk", provider, client=True)
        for module, name, provider in (
            ("openai", "createOpenAI", "openai"),
            ("anthropic", "createAnthropic", "anthropic"),
            ("google", "createGoogleGenerativeAI", "google-ai-studio"),
            ("google-vertex", "createVertex", "google-vertex"),
            ("amazon-bedrock", "createAmazonBedrock", BEDROCK),
            ("azure", "createAzure", "azure-openai"),
            ("mistral", "createMistral", "mistral"),
            ("cohere", "createCohere", "cohere"),
        )
    },
    **{
        f"ai.{name}": Sdk("ai-sdk", None, VENDOR_API, ("model",), None, (), False, "/")
        for name in ("generateText", "streamText", "generateObject", "streamObject", "embed")
    },
}


# Client methods that take a model, per family: the attribute chain after the client (suffix
# match), and the argument names. `distinct` chains are specific enough to count without the
# SDK being imported in the file (a client passed in), when a model argument is present.
@dataclass(frozen=True)
class Method:
    """A client method that takes the model."""

    chain: str
    model_args: tuple[str, ...] = ("model",)
    model_pos: int | None = None
    distinct: bool = False


METHODS: dict[str, tuple[Method, ...]] = {
    "openai": tuple(
        Method(c, distinct=True)
        for c in (
            "chat.completions.create",
            "chat.completions.parse",
            "chat.completions.stream",
            "responses.create",
            "responses.parse",
            "responses.stream",
        )
    )
    + tuple(
        Method(c)
        for c in (
            "completions.create",
            "embeddings.create",
            "images.generate",
            "audio.speech.create",
            "audio.transcriptions.create",
            "moderations.create",
        )
    ),
    "anthropic": (
        *(
            Method(c, distinct=True)
            for c in (
                "messages.create",
                "messages.stream",
                "messages.count_tokens",
                "messages.countTokens",
                "messages.parse",
            )
        ),
        Method("completions.create"),
    ),
    "genai": tuple(
        Method(c, distinct=True)
        for c in (
            "models.generate_content",
            "models.generate_content_stream",
            "models.generateContent",
            "models.generateContentStream",
        )
    )
    + tuple(
        Method(c)
        for c in (
            "models.embed_content",
            "models.embedContent",
            "models.count_tokens",
            "models.countTokens",
            "chats.create",
            "getGenerativeModel",
            "get_generative_model",
        )
    ),
    "cohere": tuple(Method(c) for c in ("chat", "chat_stream", "generate", "embed", "rerank")),
    "mistral": tuple(
        Method(c)
        for c in (
            "chat.complete",
            "chat.stream",
            "chat.complete_async",
            "chat.stream_async",
            "embeddings.create",
            "fim.complete",
            "chat",
        )
    ),
    "bedrock": tuple(
        Method(c, ("modelId",), distinct=True)
        for c in (
            "invoke_model",
            "invoke_model_with_response_stream",
            "converse",
            "converse_stream",
        )
    )
    + tuple(Method(c, ("foundationModel",)) for c in ("create_agent", "update_agent")),
    "ollama": tuple(
        Method(c, ("model",), 0) for c in ("chat", "generate", "embed", "embeddings", "pull")
    ),
    "ai-sdk": tuple(
        Method(c, (), 0)
        for c in (
            "chat",
            "responses",
            "completion",
            "languageModel",
            "textEmbeddingModel",
            "embedding",
        )
    ),
}

# The default provider of a family when the file imports its SDK but the client is not seen.
FAMILY_MODULES: dict[str, tuple[str, ...]] = {
    "openai": ("openai",),
    "anthropic": ("anthropic", "@anthropic-ai/sdk"),
    "genai": ("google.genai", "@google/genai"),
    "cohere": ("cohere", "cohere-ai"),
    "mistral": ("mistralai", "@mistralai/mistralai"),
    "bedrock": ("boto3", "botocore", "aioboto3", "@aws-sdk/client-bedrock-runtime"),
    "ollama": ("ollama",),
}
FAMILY_PROVIDER: dict[str, str | None] = {
    "openai": "openai",
    "anthropic": "anthropic",
    "genai": "google-ai-studio",
    "cohere": "cohere",
    "mistral": "mistral",
    "bedrock": BEDROCK,
    "ollama": None,
}
# boto3 service names of Bedrock (boto3.client("bedrock-runtime", region_name=...)).
BEDROCK_SERVICES = frozenset(
    {"bedrock-runtime", "bedrock-agent-runtime", "bedrock", "bedrock-agent"}
)
# litellm / LangChain / AI gateway provider prefixes -> (catalog provider, hosting).
PREFIX_PROVIDERS: dict[str, tuple[str | None, str]] = {
    "openai": ("openai", VENDOR_API),
    "azure": ("azure-openai", VENDOR_API),
    "azure_openai": ("azure-openai", VENDOR_API),
    "anthropic": ("anthropic", VENDOR_API),
    "bedrock": (BEDROCK, VENDOR_API),
    "bedrock_converse": (BEDROCK, VENDOR_API),
    "amazon-bedrock": (BEDROCK, VENDOR_API),
    "vertex_ai": ("google-vertex", VENDOR_API),
    "vertex_ai_beta": ("google-vertex", VENDOR_API),
    "google_vertexai": ("google-vertex", VENDOR_API),
    "google-vertex": ("google-vertex", VENDOR_API),
    "vertex": ("google-vertex", VENDOR_API),
    "gemini": ("google-ai-studio", VENDOR_API),
    "google_genai": ("google-ai-studio", VENDOR_API),
    "google": ("google-ai-studio", VENDOR_API),
    "cohere": ("cohere", VENDOR_API),
    "cohere_chat": ("cohere", VENDOR_API),
    "mistral": ("mistral", VENDOR_API),
    "mistralai": ("mistral", VENDOR_API),
    "ollama": (None, SELF_HOSTED),
    "ollama_chat": (None, SELF_HOSTED),
    "hosted_vllm": (None, SELF_HOSTED),
    "vllm": (None, SELF_HOSTED),
    "huggingface": (None, VENDOR_API),
}


def python_sdk(qualified: str) -> Sdk | None:
    """The Python SDK entry a qualified call name matches, if any."""
    last = qualified.rsplit(".", 1)[-1]
    for prefix, name, sdk in PYTHON:
        if last != name:
            continue
        head = qualified.split(".", 1)[0]
        if prefix == "langchain" and head.startswith("langchain") and "." in qualified:
            return sdk
        if (qualified.startswith(prefix + ".") or qualified == prefix) and qualified != name:
            return sdk
    return None
