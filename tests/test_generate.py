"""The abstractive step: tiny local models end to end, and fake generators against the guard.

No model can be downloaded here, so the transformers back ends are tested on
tiny models built from configs (2 layers, d_model 32) with a byte-level BPE
tokenizer trained on the example articles, saved to a folder and loaded back
the way a user's local model is. Their output is noise, which the guard must
reject; fake generators that invent numbers and names, or write faithful
shortenings, pin what the guard rejects and keeps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from summarize import Summarizer, load_documents
from summarize.errors import ConfigError, ModelError
from summarize.generate import (
    AutoGenerator,
    ChatGenerator,
    GenerationRequest,
    Generator,
    Seq2SeqGenerator,
    pick_device,
    resolve_generator,
    token_budget,
)
from tests.conftest import EXAMPLES

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

CHAT_TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>{{ message['content'] }}</s>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
REQUEST = GenerationRequest(
    (
        "The Port Veldane Fire Service said 212 people were evacuated from the bridge.",
        "Fire officials said 212 people were evacuated from the bridge on Tuesday.",
    ),
    max_words=14,
)


def _tokenizer(chat: bool):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    texts = [p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "harbour-bridge").iterdir())]
    special = ["<pad>", "<s>", "</s>", "<unk>"] + (["<|system|>", "<|user|>", "<|assistant|>"] if chat else [])
    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=600, special_tokens=special, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    backend.train_from_iterator(texts, trainer)
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend, pad_token="<pad>", bos_token="<s>", eos_token="</s>", unk_token="<unk>"
    )
    if chat:
        tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer


@pytest.fixture(scope="module")
def tiny_seq2seq(tmp_path_factory) -> Path:
    """A 2-layer BART (d_model 32) with random weights, saved as safetensors."""
    folder = tmp_path_factory.mktemp("tiny-bart")
    tokenizer = _tokenizer(chat=False)
    torch.manual_seed(0)
    config = transformers.BartConfig(
        vocab_size=len(tokenizer), d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=1024,
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, decoder_start_token_id=tokenizer.eos_token_id,
    )
    transformers.BartForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_chat(tmp_path_factory) -> Path:
    """A 2-layer Llama (hidden 32) with a chat template on its tokenizer."""
    folder = tmp_path_factory.mktemp("tiny-llama")
    tokenizer = _tokenizer(chat=True)
    torch.manual_seed(0)
    config = transformers.LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=4096,
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
    )
    transformers.LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


# --------------------------------------------------------------------------------------
# Plumbing


def test_token_budget_grows_with_the_word_budget() -> None:
    assert token_budget(20) == 34 and token_budget(1) == 8
    assert token_budget(40) > token_budget(20)


def test_device_selection() -> None:
    assert pick_device("cpu") == "cpu"
    assert pick_device(None) in ("cpu", "cuda", "mps")
    with pytest.raises(ConfigError):
        pick_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(ConfigError, match="no CUDA GPU"):
            pick_device("cuda")


def test_resolve_generator() -> None:
    assert resolve_generator(None) is None
    assert isinstance(resolve_generator("some/model"), AutoGenerator)
    with pytest.raises(ConfigError, match="name"):
        resolve_generator(type("Nameless", (), {"generate": lambda self, r: []})())
    with pytest.raises(ConfigError):
        resolve_generator(42)  # type: ignore[arg-type]


def test_constructing_a_summarizer_with_a_generator_loads_nothing(tiny_seq2seq) -> None:
    summarizer = Summarizer(embedder="tfidf", generator=str(tiny_seq2seq))
    assert summarizer.generator._backend is None
    assert summarizer.get_params()["generator"] == str(tiny_seq2seq)


def test_missing_hub_model_offline_is_one_clear_error() -> None:
    generator = AutoGenerator("nobody/no-such-summariser-model")
    with pytest.raises(ModelError, match="no network"):
        generator.generate([REQUEST])


def test_missing_model_folder_is_named() -> None:
    with pytest.raises(ModelError, match="does not exist"):
        AutoGenerator("/no/such/folder").generate([REQUEST])


def test_cli_abstractive_runs_a_local_model_and_reports_rejections(tiny_seq2seq, tmp_path, capsys) -> None:
    from summarize.cli import main

    out_file = tmp_path / "brief.json"
    code = main(["brief", str(EXAMPLES / "harbour-bridge"), "--embedder", "tfidf", "--abstractive", str(tiny_seq2seq),
                 "--device", "cpu", "-f", "json", "-o", str(out_file), "-q"])
    assert code == 0
    import json

    data = json.loads(out_file.read_text())
    assert data["settings"]["generator"] == str(tiny_seq2seq)
    assert data["rejected"] and all(r["reasons"] for r in data["rejected"])
    assert main(["brief", str(EXAMPLES / "harbour-bridge"), "--abstractive", "/no/such/folder", "-q"]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_seq2seq_loads_a_local_folder_and_decodes_deterministically(tiny_seq2seq) -> None:
    assert (tiny_seq2seq / "model.safetensors").exists()
    generator = Seq2SeqGenerator(str(tiny_seq2seq), device="cpu", num_beams=2, batch_size=2)
    requests = [REQUEST, GenerationRequest(("Four people were treated for minor injuries.",), max_words=5)]
    first = generator.generate(requests)
    second = generator.generate(requests)
    assert first == second and len(first) == 2 and all(isinstance(t, str) for t in first)
    tokenizer, model = generator.load()
    assert str(next(model.parameters()).device) == "cpu" and not model.training
    # The word budget caps new tokens; decoding is deterministic beam search.
    seen: list[dict] = []
    original = model.generate
    model.generate = lambda **kwargs: seen.append(kwargs) or original(**kwargs)
    generator.generate([requests[1]])
    assert seen[0]["max_new_tokens"] == token_budget(5)
    assert (seen[0]["do_sample"], seen[0]["num_beams"]) == (False, 2)
    assert generator.source_text(REQUEST) == " ".join(REQUEST.sentences)


def test_chat_generator_prompts_through_the_chat_template(tiny_chat) -> None:
    generator = ChatGenerator(str(tiny_chat), device="cpu", batch_size=2)
    generator.load()
    prompt = generator.prompt(REQUEST)
    assert prompt.startswith("<|system|>You merge news sentences") and prompt.endswith("<|assistant|>")
    assert "1. The Port Veldane Fire Service said 212 people" in prompt and "at most 14 words" in prompt
    outputs = generator.generate([REQUEST, REQUEST, GenerationRequest(("Ferries were full.",), 4)])
    assert len(outputs) == 3 and outputs[0] == outputs[1]  # greedy, batched with left padding
    assert all("\n" not in text for text in outputs)


def test_chat_model_without_a_template_is_refused(tiny_seq2seq, tmp_path) -> None:
    # A causal LM whose tokenizer has no chat template cannot be prompted safely.
    tokenizer = _tokenizer(chat=False)
    config = transformers.GPT2Config(vocab_size=len(tokenizer), n_embd=32, n_layer=2, n_head=2, n_positions=512)
    transformers.GPT2LMHeadModel(config).save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)
    with pytest.raises(ModelError, match="no chat template"):
        ChatGenerator(str(tmp_path), device="cpu").generate([REQUEST])


def test_auto_generator_picks_the_back_end_from_the_config(tiny_seq2seq, tiny_chat) -> None:
    assert isinstance(AutoGenerator(str(tiny_seq2seq)).backend, Seq2SeqGenerator)
    assert isinstance(AutoGenerator(str(tiny_chat)).backend, ChatGenerator)


# --------------------------------------------------------------------------------------
# The whole pipeline


def _bridge():
    return load_documents(EXAMPLES / "harbour-bridge")


@pytest.mark.parametrize("fixture", ["tiny_seq2seq", "tiny_chat"])
def test_tiny_models_run_through_the_whole_pipeline(fixture, request) -> None:
    folder = request.getfixturevalue(fixture)
    extractive = Summarizer(embedder="tfidf").summarize(_bridge())
    brief = Summarizer(
        embedder="tfidf", generator=str(folder), generator_options={"device": "cpu", "num_beams": 1}
    ).summarize(_bridge())
    # A random model writes noise: every candidate is rejected, with reasons, and the extractive text stays.
    assert brief.rejected and all(r.reasons for r in brief.rejected)
    assert [s.text for s in brief.sentences] == [s.text for s in extractive.sentences]
    assert not any(s.generated for s in brief.sentences)
    kept_ids = {s.sentence_id for s in brief.sentences}
    assert {r.kept_sentence_id for r in brief.rejected} <= kept_ids
    exported = brief.to_dict()
    assert exported["settings"]["generator"] == str(folder)
    assert len(exported["rejected"]) == len(brief.rejected) and exported["rejected"][0]["reasons"]


class ScriptedGenerator:
    """Answers every request with ``rewrite(first sentence)`` and records the requests."""

    def __init__(self, rewrite, name: str = "scripted") -> None:
        self.rewrite = rewrite
        self.name = name
        self.requests: list[GenerationRequest] = []

    def generate(self, requests: Sequence[GenerationRequest]) -> list[str]:
        self.requests.extend(requests)
        return [self.rewrite(r.sentences[0]) for r in requests]


def _inflate_numbers(text: str) -> str:
    # Change every figure; a sentence without one gets an invented figure, so
    # the test does not depend on which sentences the selection picked.
    if not re.search(r"\d", text):
        return text.rstrip(".") + ", affecting 4,321 people."
    return re.sub(r"\d[\d,]*", lambda m: str(int(m.group(0).replace(",", "")) * 3 + 7), text)


def _invent_names(text: str) -> str:
    return "Minister Oskar Varnholt said that " + text[0].lower() + text[1:]


def _shorten(text: str) -> str:
    head, comma, _ = text.rstrip(".").rpartition(", ")
    return head + "." if comma and len(head.split()) >= 6 and head.count('"') % 2 == 0 else text


def test_scripted_generator_satisfies_the_protocol() -> None:
    assert isinstance(ScriptedGenerator(_shorten), Generator)


@pytest.mark.parametrize(
    ("rewrite", "expected"),
    [(_inflate_numbers, "the sources do not state number"), (_invent_names, "the sources do not state entity")],
)
def test_guard_rejects_invented_numbers_and_names(rewrite, expected) -> None:
    generator = ScriptedGenerator(rewrite)
    extractive = Summarizer(embedder="tfidf").summarize(_bridge())
    brief = Summarizer(embedder="tfidf", generator=generator).summarize(_bridge())
    assert generator.requests
    assert not any(s.generated for s in brief.sentences)
    assert [s.text for s in brief.sentences] == [s.text for s in extractive.sentences]
    invented = [r for r in brief.rejected if any(expected in reason for reason in r.reasons)]
    assert invented, [r.reasons for r in brief.rejected]
    for rejection in invented:
        assert rejection.text not in brief.text


def test_guard_keeps_faithful_shortenings_and_records_them() -> None:
    generator = ScriptedGenerator(_shorten, name="shortener")
    brief = Summarizer(embedder="tfidf", generator=generator).summarize(_bridge())
    generated = [s for s in brief.sentences if s.generated]
    assert generated
    for sentence in generated:
        assert sentence.extractive_text and sentence.text == _shorten(sentence.extractive_text)
        assert sentence.supported and sentence.evidence
        assert any(e.sentence_id == sentence.sentence_id for e in sentence.evidence)
    exported = brief.to_dict()
    assert [s["generated"] for s in exported["sentences"]] == [s.generated for s in brief.sentences]
    assert exported["settings"]["generator"] == "shortener"
    assert "Written by shortener" in brief.to_markdown()
    # Requests carry the cluster's sentences (the chosen one first) and a word allowance.
    first = generator.requests[0]
    assert first.max_words >= len(first.sentences[0].split())


def test_generated_brief_stays_within_the_word_budget() -> None:
    def pad(text: str) -> str:
        return text.rstrip(".") + " and the bridge was closed on Tuesday morning after the failure."

    brief = Summarizer(embedder="tfidf", max_words=60, generator=ScriptedGenerator(pad)).summarize(_bridge())
    assert brief.word_count <= 60
    assert any("budget" in reason for r in brief.rejected for reason in r.reasons)


def test_selection_mode_fuses_the_whole_selection_in_one_request() -> None:
    class WholeSelection:
        name = "whole"

        def __init__(self) -> None:
            self.calls = 0

        def generate(self, requests):
            self.calls += 1
            (request,) = requests
            return [" ".join(_shorten(s) for s in request.sentences)]

    generator = WholeSelection()
    brief = Summarizer(embedder="tfidf", generator=generator, generation_mode="selection").summarize(_bridge())
    assert generator.calls == 1
    assert any(s.generated for s in brief.sentences)
    assert all(s.supported for s in brief.sentences if s.generated)


@pytest.mark.slow
def test_trained_tiny_seq2seq_writes_a_faithful_sentence_that_the_guard_keeps(tmp_path) -> None:
    """A tiny BART overfit on one fusion is loaded from its folder and its sentence accepted."""
    torch.set_num_threads(1)
    docs = [
        _doc("herald", "The fire service said 212 people were evacuated from the bridge on Tuesday morning."),
        _doc("times", "Fire officials said 212 people were evacuated from the bridge on Tuesday."),
        _doc("post", "Ferry operators added forty sailings a day while the bridge was shut."),
    ]
    target = "On Tuesday 212 people were evacuated from the bridge, fire officials said."
    tokenizer = _tokenizer(chat=False)
    torch.manual_seed(0)
    config = transformers.BartConfig(
        vocab_size=len(tokenizer), d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=1024,
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, decoder_start_token_id=tokenizer.eos_token_id,
    )
    model = transformers.BartForConditionalGeneration(config)
    # Learn the fusion of exactly the request the pipeline will make, found with a recording generator.
    recorder = ScriptedGenerator(lambda text: text)
    Summarizer(embedder="tfidf", min_sentence_words=3, generator=recorder).summarize(docs)
    sources = [Seq2SeqGenerator("unused").source_text(r) for r in recorder.requests]
    evacuation = next(s for s in sources if "212" in s)
    inputs = tokenizer(evacuation, return_tensors="pt")
    labels = tokenizer(target + "</s>", return_tensors="pt", add_special_tokens=False).input_ids
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(400):
        loss = model(**inputs, labels=labels).loss
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if loss.item() < 0.01:
            break
    model.save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)
    brief = Summarizer(
        embedder="tfidf", min_sentence_words=3, generator=str(tmp_path),
        generator_options={"device": "cpu", "num_beams": 2},
    ).summarize(docs)
    fused = next(s for s in brief.sentences if "212" in s.text)
    assert fused.generated and fused.text == target and fused.supported


def _doc(doc_id: str, text: str):
    from tests.conftest import make_doc

    return make_doc(doc_id, text, day=11)
