"""Optional abstractive step: fuse the sentences of a fact into one fluent sentence.

Off by default. ``Summarizer(generator="facebook/bart-large-cnn")`` (or a local
folder, or any object with the :class:`Generator` shape) turns it on. Two
transformers back ends ship:

* :class:`Seq2SeqGenerator` for summarisation models (BART, PEGASUS, T5,
  PRIMERA/LED): the cluster's sentences are the source text;
* :class:`ChatGenerator` for instruct causal LMs: the sentences go into a
  prompt built with the tokenizer's own chat template.

Both decode deterministically (beam search or greedy, no sampling), batch
requests, pick a device (CUDA, then Apple MPS, then CPU), cap new tokens from
the word budget, never run code from a model repository and prefer
safetensors weights. Nothing loads until the first :meth:`generate` call.

What comes out is only a *candidate*: :func:`summarize.text.facts.check_generated`
decides whether it may replace the extractive sentence.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from summarize.embed.protocol import quiet_progress_bars
from summarize.errors import ConfigError, ModelError

__all__ = [
    "GenerationRequest",
    "Generator",
    "Seq2SeqGenerator",
    "ChatGenerator",
    "AutoGenerator",
    "DEVICES",
    "SYSTEM_PROMPT",
    "pick_device",
    "token_budget",
    "resolve_generator",
]

DEVICES = ("auto", "cpu", "cuda", "mps")
#: Tokens per English word for subword tokenizers (BPE/SentencePiece average ~1.3; we leave room).
TOKENS_PER_WORD = 1.6
SYSTEM_PROMPT = (
    "You merge news sentences that report the same fact into one sentence. Use only facts stated in "
    "the sentences. Copy every number, date and name exactly as written. Do not add anything. "
    "Answer with the sentence only."
)


@dataclass(frozen=True)
class GenerationRequest:
    """Sentences that state one fact (the chosen one first), and the words the answer may use."""

    sentences: tuple[str, ...]
    max_words: int


@runtime_checkable
class Generator(Protocol):
    """Writes one text per request. ``name`` is recorded in the brief's settings."""

    name: str

    def generate(self, requests: Sequence[GenerationRequest]) -> list[str]: ...


def pick_device(device: str | None = None) -> str:
    """``"cuda"`` when a GPU is usable, else ``"mps"`` on Apple silicon, else ``"cpu"``.

    An explicit ``"cpu"``, ``"cuda"`` or ``"mps"`` is checked and used as is
    (``"cuda:1"`` picks a GPU).
    """
    import torch

    if device in (None, "", "auto"):
        if torch.cuda.is_available():
            return "cuda"
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return "mps"
        return "cpu"
    kind = device.split(":")[0]
    if kind not in DEVICES:
        raise ConfigError(f"device must be one of {', '.join(DEVICES)}, got {device!r}")
    if kind == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device 'cuda' was asked for but no CUDA GPU is available; use 'auto' or 'cpu'")
    if kind == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise ConfigError("device 'mps' was asked for but Apple MPS is not available; use 'auto' or 'cpu'")
    return device


def token_budget(max_words: int, *, tokens_per_word: float = TOKENS_PER_WORD, minimum: int = 8) -> int:
    """New tokens to allow for an answer of ``max_words`` words (plus end-of-sequence)."""
    return max(minimum, math.ceil(max_words * tokens_per_word) + 2)


def _is_local(location: str) -> bool:
    return os.path.isdir(location)


class _TransformersGenerator:
    """Shared loading and batching for the two transformers back ends."""

    _auto_class = ""

    def __init__(
        self,
        model: str,
        *,
        device: str | None = None,
        num_beams: int = 4,
        batch_size: int = 4,
        max_input_tokens: int = 1024,
        tokens_per_word: float = TOKENS_PER_WORD,
        dtype: Any = None,
    ) -> None:
        if num_beams < 1 or batch_size < 1:
            raise ConfigError("num_beams and batch_size must be at least 1")
        self.model = str(model)
        self.device = device
        self.num_beams = num_beams
        self.batch_size = batch_size
        self.max_input_tokens = max_input_tokens
        self.tokens_per_word = tokens_per_word
        self.dtype = dtype
        self.name = self.model
        self._model: Any = None
        self._tokenizer: Any = None
        self._device: str | None = None

    def load(self) -> tuple[Any, Any]:
        """Load the tokenizer and model now (the first :meth:`generate` does it anyway)."""
        if self._model is None:
            import transformers

            location, local = self.model, _is_local(self.model)
            options = {"trust_remote_code": False, "local_files_only": local}
            try:
                tokenizer = transformers.AutoTokenizer.from_pretrained(location, **options)
                auto = getattr(transformers, self._auto_class)
                with quiet_progress_bars():
                    model = _from_pretrained(auto, location, options, self.dtype)
            except ModelError:
                raise
            except Exception as error:  # noqa: BLE001 - one clear message for any load failure
                hint = "" if local else " (no network? download it first: see models/README.md)"
                raise ModelError(f"could not load generator model {location!r}: {error}{hint}") from None
            self._device = pick_device(self.device)
            self._model = model.to(self._device).eval()
            self._tokenizer = tokenizer
        return self._tokenizer, self._model

    def generate(self, requests: Sequence[GenerationRequest]) -> list[str]:
        """One text per request, in order; requests are run ``batch_size`` at a time."""
        if not requests:
            return []
        self.load()
        out: list[str] = []
        for start in range(0, len(requests), self.batch_size):
            out.extend(self._generate_batch(list(requests[start : start + self.batch_size])))
        return out

    def _decode_options(self, batch: Sequence[GenerationRequest]) -> dict[str, Any]:
        budget = max(token_budget(r.max_words, tokens_per_word=self.tokens_per_word) for r in batch)
        options: dict[str, Any] = {"max_new_tokens": budget, "do_sample": False, "num_beams": self.num_beams}
        if self.num_beams > 1:
            options["early_stopping"] = True
        tokenizer = self._tokenizer
        if tokenizer.pad_token_id is not None:
            options["pad_token_id"] = tokenizer.pad_token_id
        elif tokenizer.eos_token_id is not None:
            options["pad_token_id"] = tokenizer.eos_token_id
        return options

    def _generate_batch(self, batch: list[GenerationRequest]) -> list[str]:  # pragma: no cover - abstract
        raise NotImplementedError


def _from_pretrained(auto: Any, location: str, options: dict[str, Any], dtype: Any) -> Any:
    """Load weights, safetensors first; fall back to a PyTorch checkpoint with a warning."""
    extra = {"dtype": dtype} if dtype is not None else {}
    try:
        return auto.from_pretrained(location, use_safetensors=True, **options, **extra)
    except (OSError, ValueError) as error:
        if "safetensors" not in str(error).lower():
            raise
    warnings.warn(
        f"{location}: no safetensors weights, loading the PyTorch checkpoint instead", stacklevel=3
    )
    return auto.from_pretrained(location, use_safetensors=False, **options, **extra)


class Seq2SeqGenerator(_TransformersGenerator):
    """A summarisation model (BART, PEGASUS, T5, PRIMERA/LED) through ``AutoModelForSeq2SeqLM``.

    The source text is the request's sentences joined by spaces; T5-family
    models get their ``"summarize: "`` prefix and PRIMERA its ``<doc-sep>``
    separator. ``no_repeat_ngram_size`` stops beam search from looping.
    """

    _auto_class = "AutoModelForSeq2SeqLM"

    def __init__(self, model: str, *, no_repeat_ngram_size: int = 3, **options: Any) -> None:
        super().__init__(model, **options)
        self.no_repeat_ngram_size = no_repeat_ngram_size

    def source_text(self, request: GenerationRequest) -> str:
        """The text the encoder reads for ``request``."""
        tokenizer, model = self._tokenizer, self._model
        model_type = getattr(getattr(model, "config", None), "model_type", "") if model is not None else ""
        separator = " "
        if tokenizer is not None and "<doc-sep>" in getattr(tokenizer, "get_vocab", dict)():
            separator = " <doc-sep> "
        text = separator.join(request.sentences)
        return f"summarize: {text}" if model_type in ("t5", "mt5", "umt5", "longt5") else text

    def _generate_batch(self, batch: list[GenerationRequest]) -> list[str]:
        import torch

        tokenizer, model = self._tokenizer, self._model
        inputs = tokenizer(
            [self.source_text(r) for r in batch],
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_input_tokens,
        ).to(self._device)
        options = self._decode_options(batch)
        if self.no_repeat_ngram_size:
            options["no_repeat_ngram_size"] = self.no_repeat_ngram_size
        with torch.inference_mode():
            output = model.generate(**inputs, **options)
        return [text.strip() for text in tokenizer.batch_decode(output, skip_special_tokens=True)]


class ChatGenerator(_TransformersGenerator):
    """An instruct causal LM through ``AutoModelForCausalLM`` and the tokenizer's chat template.

    The model must ship a chat template (instruct/chat checkpoints do); only
    the first line of the answer is kept. Prompts are left-padded so a batch
    generates together.
    """

    _auto_class = "AutoModelForCausalLM"

    def __init__(self, model: str, *, system_prompt: str = SYSTEM_PROMPT, num_beams: int = 1, **options: Any) -> None:
        super().__init__(model, num_beams=num_beams, **options)
        self.system_prompt = system_prompt

    def messages(self, request: GenerationRequest) -> list[dict[str, str]]:
        """The chat for ``request``: our instructions, then the numbered sentences."""
        listed = "\n".join(f"{n}. {sentence}" for n, sentence in enumerate(request.sentences, start=1))
        return [
            {"role": "system", "content": self.system_prompt},
            {
                "role": "user",
                "content": f"Sentences:\n{listed}\n\nWrite one sentence of at most {request.max_words} words.",
            },
        ]

    def prompt(self, request: GenerationRequest) -> str:
        """The prompt text the model continues (the chat template applied to :meth:`messages`)."""
        tokenizer = self._tokenizer
        if not getattr(tokenizer, "chat_template", None):
            raise ModelError(
                f"{self.model} has no chat template; give an instruct/chat model or a seq2seq summariser"
            )
        return tokenizer.apply_chat_template(self.messages(request), tokenize=False, add_generation_prompt=True)

    def _generate_batch(self, batch: list[GenerationRequest]) -> list[str]:
        import torch

        tokenizer, model = self._tokenizer, self._model
        tokenizer.padding_side = "left"
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        inputs = tokenizer(
            [self.prompt(r) for r in batch],
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_input_tokens,
            add_special_tokens=False,
        ).to(self._device)
        with torch.inference_mode():
            output = model.generate(**inputs, **self._decode_options(batch))
        new_tokens = output[:, inputs["input_ids"].shape[1] :]
        texts = tokenizer.batch_decode(new_tokens, skip_special_tokens=True)
        return [text.strip().split("\n")[0].strip() for text in texts]


class AutoGenerator:
    """A model name or folder whose back end is chosen from its config on first use.

    Encoder-decoder models get :class:`Seq2SeqGenerator`, others
    :class:`ChatGenerator`. ``options`` go to the chosen class.
    """

    def __init__(self, model: str, **options: Any) -> None:
        self.model = str(model)
        self.options = options
        self.name = self.model
        self._backend: Seq2SeqGenerator | ChatGenerator | None = None

    @property
    def backend(self) -> Seq2SeqGenerator | ChatGenerator:
        if self._backend is None:
            if self.model.startswith(("/", "./", "../", "~")) and not _is_local(self.model):
                raise ModelError(f"generator model folder {self.model!r} does not exist")
            try:
                from transformers import AutoConfig

                config = AutoConfig.from_pretrained(
                    self.model, trust_remote_code=False, local_files_only=_is_local(self.model)
                )
            except Exception as error:  # noqa: BLE001
                hint = "" if _is_local(self.model) else " (no network? download it first: see models/README.md)"
                raise ModelError(f"could not read the config of generator model {self.model!r}: {error}{hint}") from None
            backend = Seq2SeqGenerator if getattr(config, "is_encoder_decoder", False) else ChatGenerator
            self._backend = backend(self.model, **self.options)
        return self._backend

    def generate(self, requests: Sequence[GenerationRequest]) -> list[str]:
        return self.backend.generate(requests)


def resolve_generator(generator: str | Generator | None, **options: Any) -> Generator | None:
    """Turn a user's choice into a :class:`Generator` (``None`` keeps the brief extractive)."""
    if generator is None or generator == "":
        return None
    if isinstance(generator, (str, os.PathLike)):
        return AutoGenerator(os.fspath(generator), **options)
    if hasattr(generator, "generate"):
        if not hasattr(generator, "name"):
            raise ConfigError("a generator object needs a 'name' attribute (it is recorded in the brief)")
        return generator
    raise ConfigError(f"generator must be a model name, a folder or a Generator, got {generator!r}")
