"""Trust on real news: are the brief's citations and "sources differ" notes true on DUC newswire?

Run from the repository root::

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.trust_real                  # DUC 2004 and DUC 2003
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.trust_real --set duc2004 --clusters 5
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.trust_real --embedder torch  # as the judged run
    .venv/bin/python -m benchmarks.trust_real --merge-verdicts judged.jsonl      # add blind verdicts

The default :class:`summarize.Summarizer` (100 words, articles dated as ``benchmarks.quality`` dates
them) summarises every cluster, and every claim it makes is dumped:

``citation``  (cluster, brief sentence as shown, cited article, whether that article is the sentence's
              own source article, the evidence sentences the brief gives for that article);
``conflict``  a brief-level conflict (``Brief.conflicts``) with each value's text and source sentences,
              or a ``disputed-figure`` flag on a brief sentence, represented as the judged run did: the
              brief sentence as one value, the sentence's ``differs`` evidence as the other.

Claims are matched to verdicts (the shared judged set in ``../shared/data/duc2004/judgements/`` and the
project's hashed ``benchmarks/data/trust-verdicts.jsonl``) by SHA-1 keys over normalised text
(:func:`normalise`: whitespace, LDC and curly quotes, case):

- citation: cluster + brief sentence + cited doc id + sorted evidence texts (a verdict holds for the
  evidence the judge saw); the loose key (cluster + sentence + doc id) serves the retention metric;
- conflict: kind + cluster + sorted (value text, sorted source sentences) pairs; a flag also carries its
  message without citation numbers, since one sentence can carry several flags with the same sentences.

Metrics, per set, on the judged claims (unjudged counts are shown next to every precision):

- citation precision: SUPPORTED / judged, for all citations and for citations of an article other than
  the sentence's own source article (PARTIAL counts as not supported);
- mean articles cited per brief sentence (every sentence, judged or not);
- retention: of the judged SUPPORTED other-article citations whose brief sentence (same cluster, same
  normalised text) is chosen again, the share whose article is still cited;
- conflict-claim precision: genuine / judged; partly genuine is reported apart and counts as not genuine;
- recall of genuine disagreements. ``benchmarks/data/trust-disagreements.jsonl`` lists, for each judged
  genuine or partly genuine claim, the pair(s) of value sides that really differ, as SHA-1s of their
  source sentences, grouped into disagreements (11 on DUC 2004: the three flags and the conflict about
  the missing yachts are one). A disagreement is still found when some claim of the new brief of that
  cluster has two *different* values, one with a source sentence from one side and the other with a
  source sentence from the other side. Sharing one sentence per side, rather than all of them, is the
  fair rule: a new rule may rightly drop sentences that stated an agreeing figure;
- duplicates: two claims in one brief are about the same disagreement when they share a pair of
  distinct source sentences on two different values of each; reported = claims beyond the first of each
  such group (the target is 0).

A "rose/fell as reports came in" note (a running count, every source of each value newer than every source
of the one before) is a claim of its own, kind ``change``: judged ``correct`` (one quantity reported at
different times) or ``wrong`` (different quantities, or one moment), and scored apart from "sources differ".
A listed disagreement that such a note reports counts as found and is named.

Unjudged claims go to ``build/trust-unjudged/<set>-citations.jsonl`` and ``<set>-conflicts.jsonl`` in
a blind form (quoted sentences and a ``key``; no relation labels, scores or system name). Judge them
with the rubric in the judgements README, add ``verdict`` and ``reason`` to each row, and merge the file
with ``--merge-verdicts``. DUC text and document ids never enter tracked files: only hashes do.
Results go to ``benchmarks/results/trust.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import re
import shlex
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmarks.quality import MAX_WORDS, environment, load_clusters, markdown_table, to_documents

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_ROOT = REPO_ROOT / ".." / "shared" / "data"
SETS = {"duc2004": DATA_ROOT / "duc2004" / "clusters.jsonl", "duc2003": DATA_ROOT / "duc2003" / "clusters.jsonl"}
#: The set the shared judgements were made on.
SHARED_SET = "duc2004"
DEFAULT_JUDGED = DATA_ROOT / "duc2004" / "judgements"
DEFAULT_VERDICTS = REPO_ROOT / "benchmarks" / "data" / "trust-verdicts.jsonl"
DEFAULT_DISAGREEMENTS = REPO_ROOT / "benchmarks" / "data" / "trust-disagreements.jsonl"
DEFAULT_OUT = REPO_ROOT / "benchmarks" / "results" / "trust"
DEFAULT_BUILD = REPO_ROOT / "build"

CITATION_VERDICTS = ("SUPPORTED", "PARTIAL", "UNSUPPORTED")
CONFLICT_VERDICTS = ("genuine", "partly genuine", "false alarm")
#: A "rose/fell as reports came in" note: right when its figures are one count reported at different times.
CHANGE_VERDICTS = ("correct", "wrong")
#: A precision over fewer judged claims than this share is printed with a warning.
MIN_COVERAGE = 0.9

#: Issue 15's "Done when", on DUC 2004: (metric, label, target, higher is better).
TARGETS = (
    ("citation_precision", "citation precision, all", 0.97, True),
    ("other_citation_precision", "citation precision, other articles", 0.90, True),
    ("retention", "judged SUPPORTED other-article citations still made", 0.95, True),
    ("conflict_precision", "conflict-claim precision (genuine / judged)", 0.90, True),
    ("disagreements_found", "judged genuine disagreements still reported", 8, True),
    ("duplicate_claims", "disagreements reported twice (extra claims)", 0, False),
)

# --------------------------------------------------------------------------------------
# Keys

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})


def normalise(text: str) -> str:
    """``text`` with trivial differences removed: Unicode form, LDC ``` `` ''``, curly quotes, spaces, case."""
    text = unicodedata.normalize("NFKC", text).replace("``", '"').replace("''", '"').translate(_QUOTES)
    return " ".join(text.split()).lower()


def _sha1(parts: Any) -> str:
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


def qualified(set_name: str, cluster: str) -> str:
    """``"duc2004/d30001t"``: cluster ids repeat across DUC sets (d30003t is one story in 2003, another in 2004)."""
    return f"{set_name}/{cluster}"


def sentence_hash(sentence: str) -> str:
    """SHA-1 of one normalised sentence (how the disagreement file names source sentences)."""
    return _sha1(normalise(sentence))


def citation_key(cluster: str, sentence: str, doc_id: str, evidence: Iterable[str]) -> str:
    """The key of a verdict on "``doc_id`` states ``sentence``", given the evidence texts shown."""
    return _sha1(["citation", cluster, normalise(sentence), doc_id, sorted(normalise(e) for e in evidence)])


def citation_loose_key(cluster: str, sentence: str, doc_id: str) -> str:
    """The key of "``sentence`` cites ``doc_id``" whatever the evidence (for retention)."""
    return _sha1(["cites", cluster, normalise(sentence), doc_id])


def sentence_key(cluster: str, sentence: str) -> str:
    """The key of "``sentence`` is in the brief of ``cluster``"."""
    return _sha1(["chosen", cluster, normalise(sentence)])


def strip_citation_numbers(message: str) -> str:
    """``"12 people [1][3]; 14 people [2]"`` -> ``"12 people; 14 people"`` (numbers change with the source list)."""
    return re.sub(r"\s*\[\d+\]", "", message)


def conflict_key(cluster: str, kind: str, values: Iterable[Mapping[str, Any]], message: str | None = None) -> str:
    """The key of a conflict claim: its kind, cluster and (value text, sorted source sentences) pairs.

    ``kind`` is ``"conflict"`` or ``"flag"``; a flag's message (without citation numbers) is part of
    its key, since its two values (the brief sentence, the differing evidence) are shared by every
    flag on that sentence.
    """
    pairs = sorted(
        [normalise(v["text"]), sorted(normalise(s) for s in v["sentences"])] for v in values
    )
    parts: list[Any] = [kind, cluster, pairs]
    if kind == "flag":
        parts.append(normalise(strip_citation_numbers(message or "")))
    return _sha1(parts)


# --------------------------------------------------------------------------------------
# Claims of one brief


def sentence_texts(brief: Any, documents: Sequence[Any]) -> dict[str, str]:
    """``{sentence id: text as the article wrote it}`` for every sentence the run segmented.

    Read from ``brief.details.sentences`` (character offsets into the document, so a trimmed sentence
    is given untrimmed, as evidence shows it); empty when the brief keeps no details.
    """
    details = getattr(brief, "details", None)
    texts_by_doc = {d.id: d.text for d in documents}
    texts = {}
    for sentence in getattr(details, "sentences", None) or []:
        text = texts_by_doc.get(sentence.doc_id, "")
        if 0 <= sentence.start < sentence.end <= len(text):
            texts[f"{sentence.doc_id}#{sentence.index}"] = text[sentence.start : sentence.end]
        else:
            texts[f"{sentence.doc_id}#{sentence.index}"] = sentence.text
    return texts


def _doc_of(sentence_id: str) -> str:
    return sentence_id.rsplit("#", 1)[0]


def brief_claims(cluster: str, brief: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """Every citation and conflict claim of one brief (its ``to_json()`` dict).

    ``texts`` maps sentence ids to their text (:func:`sentence_texts`); a conflict value's sentence
    missing from it is shown by its id. Returns ``{"sentences": n, "citations": [...], "conflicts": [...]}``.
    """
    sources = [s["id"] for s in brief["sources"]]
    citations, conflicts = [], []
    conflict_messages = {c["message"] for c in brief["conflicts"]}
    for sentence in brief["sentences"]:
        own = _doc_of(sentence["sentence_id"])
        for number in sentence["citations"]:
            doc_id = sources[number - 1]
            evidence = [e["text"] for e in sentence["evidence"] if e["doc_id"] == doc_id and e["relation"] != "differs"]
            citations.append(
                {
                    "cluster": cluster,
                    "sentence": sentence["text"],
                    "doc_id": doc_id,
                    "own": doc_id == own,
                    "evidence": evidence,
                    "key": citation_key(cluster, sentence["text"], doc_id, evidence),
                    "loose_key": citation_loose_key(cluster, sentence["text"], doc_id),
                    "sentence_key": sentence_key(cluster, sentence["text"]),
                }
            )
        differs = [e["text"] for e in sentence["evidence"] if e["relation"] == "differs"]
        for flag in sentence["flags"]:
            # A conflict's note shown under the sentence it concerns is that conflict, not a second claim.
            if flag["kind"] != "disputed-figure" or flag["message"] in conflict_messages:
                continue
            values = [
                {"text": sentence["text"], "sentences": [sentence["text"]]},
                {"text": "differs", "sentences": differs},
            ]
            conflicts.append(
                {
                    "cluster": cluster,
                    "kind": "flag",
                    "message": flag["message"],
                    "values": values,
                    "key": conflict_key(cluster, "flag", values, flag["message"]),
                }
            )
    for conflict in brief["conflicts"]:
        values = [
            {"text": v["text"], "sentences": [texts.get(i, i) for i in v["sentence_ids"]]} for v in conflict["values"]
        ]
        # "Rose as reports came in" is a claim of its own (one count changed), not "sources differ".
        kind = "change" if conflict.get("kind") in ("rose", "fell") else "conflict"
        conflicts.append(
            {
                "cluster": cluster,
                "kind": kind,
                "message": conflict["message"],
                "values": values,
                "key": conflict_key(cluster, kind, values),
            }
        )
    return {"sentences": len(brief["sentences"]), "citations": citations, "conflicts": conflicts}


# --------------------------------------------------------------------------------------
# Verdicts


def load_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def reason_category(reason: str | None) -> str | None:
    """The bracketed category a reason starts with (``"[part vs whole] ..."`` -> ``"part vs whole"``)."""
    match = re.match(r"\s*\[([a-z][a-z -]{0,40})\]", reason or "")
    return match.group(1) if match else None


def shared_verdicts(judged_dir: Path) -> dict[str, dict]:
    """``{key: verdict row}`` from the shared judged set (``citations.jsonl``, ``conflict-claims.jsonl``).

    Each row keeps only what the metrics need: type, verdict, reason category, ``own`` and the loose
    and sentence keys of a citation.
    """
    verdicts: dict[str, dict] = {}
    for row in load_jsonl(judged_dir / "citations.jsonl"):
        evidence = [e["text"] for e in row["evidence"]]
        cluster = qualified(SHARED_SET, row["cluster"])
        key = citation_key(cluster, row["sentence"], row["doc_id"], evidence)
        verdicts[key] = {
            "key": key,
            "type": "citation",
            "verdict": row["verdict"],
            "reason": reason_category(row.get("reason")),
            "own": any(e.get("relation") == "source" for e in row["evidence"]),
            "loose_key": citation_loose_key(cluster, row["sentence"], row["doc_id"]),
            "sentence_key": sentence_key(cluster, row["sentence"]),
            "set": SHARED_SET,
            "origin": "shared",
        }
    for row in load_jsonl(judged_dir / "conflict-claims.jsonl"):
        kind = "flag" if row["kind"] == "flag" else "conflict"
        key = conflict_key(qualified(SHARED_SET, row["cluster"]), kind, row["values"], row["message"])
        verdicts[key] = {
            "key": key,
            "type": "conflict",
            "verdict": row["verdict"],
            "reason": reason_category(row.get("reason")),
            "set": SHARED_SET,
            "origin": "shared",
        }
    return verdicts


def all_verdicts(judged_dir: Path, verdicts_path: Path) -> dict[str, dict]:
    """Shared verdicts, then the project's (a shared verdict wins when both judged one claim)."""
    verdicts = {row["key"]: {**row, "origin": "project"} for row in load_jsonl(verdicts_path)}
    verdicts.update(shared_verdicts(judged_dir))
    return verdicts


def load_disagreements(path: Path) -> dict[str, list[tuple[frozenset[str], frozenset[str]]]]:
    """``{disagreement id: [(side sentence hashes, other side sentence hashes), ...]}``."""
    found: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {}
    for row in load_jsonl(path):
        side_a, side_b = row["sides"]
        found.setdefault(str(row["disagreement"]), []).append((frozenset(side_a), frozenset(side_b)))
    return found


# --------------------------------------------------------------------------------------
# Metrics


def _value_hashes(claim: Mapping[str, Any]) -> list[frozenset[str]]:
    return [frozenset(sentence_hash(s) for s in v["sentences"]) for v in claim["values"]]


def claim_reports(claim: Mapping[str, Any], side_a: frozenset[str], side_b: frozenset[str]) -> bool:
    """Whether two different values of ``claim`` rest one on a sentence of ``side_a``, one on ``side_b``."""
    values = _value_hashes(claim)
    return any(
        values[i] & side_a and values[j] & side_b for i in range(len(values)) for j in range(len(values)) if i != j
    )


def _units(claim: Mapping[str, Any]) -> set[str]:
    """The unit words of a conflict's values ("60 people" -> "people"), folded to the singular."""
    words = (re.findall(r"[^\W\d_]+", v["text"].lower())[-1:] for v in claim["values"])
    return {w[0].removesuffix("s") for w in words if w}


def same_disagreement(first: Mapping[str, Any], second: Mapping[str, Any]) -> bool:
    """Whether two claims share a pair of distinct source sentences on two different values of each.

    Two conflicts whose values have no unit word in common are two quantities that the same sentences
    happen to state ("killing 65 people and injuring 157 others"), not one disagreement told twice.
    """
    if first["kind"] == second["kind"] == "conflict" and not _units(first) & _units(second):
        return False
    a_values, b_values = _value_hashes(first), _value_hashes(second)
    for i, a_i in enumerate(a_values):
        for j, a_j in enumerate(a_values):
            if i == j:
                continue
            for k, b_k in enumerate(b_values):
                for m, b_m in enumerate(b_values):
                    if k == m:
                        continue
                    left, right = a_i & b_k, a_j & b_m
                    if left and right and (len(left | right) > 1):
                        return True
    return False


def _root(parent: list[int], item: int) -> int:
    """The representative of ``item`` in a union-find forest (with path halving)."""
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def duplicate_claims(conflicts: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Claims about a disagreement that another claim of the same brief already reports.

    Returns ``{"extra_claims": claims beyond the first of each group, "groups": disagreements reported
    more than once}``; groups are connected components of :func:`same_disagreement` within a cluster.
    """
    by_cluster: dict[str, list[Mapping[str, Any]]] = {}
    for claim in conflicts:
        by_cluster.setdefault(claim["cluster"], []).append(claim)
    extra = groups = 0
    for claims in by_cluster.values():
        parent = list(range(len(claims)))
        for i in range(len(claims)):
            for j in range(i + 1, len(claims)):
                if same_disagreement(claims[i], claims[j]):
                    parent[_root(parent, j)] = _root(parent, i)
        sizes = Counter(_root(parent, i) for i in range(len(claims)))
        extra += sum(size - 1 for size in sizes.values())
        groups += sum(1 for size in sizes.values() if size > 1)
    return {"extra_claims": extra, "groups": groups}


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def citation_metrics(citations: Sequence[Mapping[str, Any]], sentences: int, verdicts: Mapping[str, Mapping]) -> dict:
    """Precision (all and other-article), coverage and articles cited per sentence."""
    result: dict[str, Any] = {"sentences": sentences, "citations": len(citations)}
    for label, rows in (("all", citations), ("other", [c for c in citations if not c["own"]])):
        judged = [verdicts[c["key"]]["verdict"] for c in rows if c["key"] in verdicts]
        counts = Counter(judged)
        result[label] = {
            "claims": len(rows),
            "judged": len(judged),
            "unjudged": len(rows) - len(judged),
            "verdicts": {v: counts.get(v, 0) for v in CITATION_VERDICTS},
            "precision": _ratio(counts.get("SUPPORTED", 0), len(judged)),
            "coverage": _ratio(len(judged), len(rows)),
        }
    result["articles_per_sentence"] = _ratio(len(citations), sentences)
    return result


def retention(citations: Sequence[Mapping[str, Any]], verdicts: Mapping[str, Mapping], set_name: str) -> dict:
    """Of the shared judged set's SUPPORTED other-article citations, the share still made when their sentence is chosen.

    Only the shared verdicts count: the project's own verdicts judge citations that this code made, so
    they would always be "still made". A row whose sentence is no longer chosen is counted apart.
    """
    chosen = {c["sentence_key"] for c in citations}
    made = {c["loose_key"] for c in citations}
    supported = [
        v for v in verdicts.values()
        if v.get("type") == "citation" and v.get("set") == set_name and v["verdict"] == "SUPPORTED"
        and v.get("own") is False and v.get("loose_key") and v.get("origin") == "shared"
    ]
    again = [v for v in supported if v["sentence_key"] in chosen]
    kept = sum(1 for v in again if v["loose_key"] in made)
    return {
        "judged_supported": len(supported),
        "sentence_chosen_again": len(again),
        "still_cited": kept,
        "retention": _ratio(kept, len(again)),
    }


def _change_cell(scores: Mapping[str, Any]) -> str:
    changes = scores.get("changes") or {"claims": 0}
    if not changes["claims"]:
        return "0"
    cell = f"{changes['claims']}: {changes['correct']} of {changes['judged']} correct"
    if scores.get("found_as_change"):
        cell += f" (reports {', '.join(scores['found_as_change'])})"
    return cell


def conflict_metrics(
    conflicts: Sequence[Mapping[str, Any]],
    verdicts: Mapping[str, Mapping],
    disagreements: Mapping[str, Sequence[tuple[frozenset[str], frozenset[str]]]],
) -> dict:
    """Precision, coverage, recall of the listed genuine disagreements, duplicates.

    "Rose/fell as reports came in" notes (kind ``change``) are not "sources differ" claims: they are scored
    apart (``changes``: judged ``correct`` or ``wrong``). A listed disagreement they report (its two values,
    now shown as a change over time) counts as found, and is named in ``found_as_change``.
    """
    changes = [c for c in conflicts if c["kind"] == "change"]
    all_claims, conflicts = conflicts, [c for c in conflicts if c["kind"] != "change"]
    judged = [verdicts[c["key"]]["verdict"] for c in conflicts if c["key"] in verdicts]
    counts = Counter(judged)
    found = sorted(
        name for name, pairs in disagreements.items()
        if any(claim_reports(c, a, b) for c in all_claims for a, b in pairs)
    )
    as_change = sorted(
        name for name in found
        if not any(claim_reports(c, a, b) for c in conflicts for a, b in disagreements[name])
    )
    change_verdicts = Counter(verdicts[c["key"]]["verdict"] for c in changes if c["key"] in verdicts)
    return {
        "changes": {
            "claims": len(changes),
            "judged": sum(change_verdicts.values()),
            "correct": change_verdicts.get("correct", 0),
            "precision": _ratio(change_verdicts.get("correct", 0), sum(change_verdicts.values())),
        },
        "found_as_change": as_change,
        "claims": len(conflicts),
        "by_kind": dict(Counter(c["kind"] for c in conflicts)),
        "judged": len(judged),
        "unjudged": len(conflicts) - len(judged),
        "verdicts": {v: counts.get(v, 0) for v in CONFLICT_VERDICTS},
        "precision": _ratio(counts.get("genuine", 0), len(judged)),
        "partly_genuine_share": _ratio(counts.get("partly genuine", 0), len(judged)),
        "genuine_or_partly": _ratio(counts.get("genuine", 0) + counts.get("partly genuine", 0), len(judged)),
        "coverage": _ratio(len(judged), len(conflicts)),
        "disagreements": len(disagreements),
        "disagreements_found": len(found),
        "found": found,
        **{f"duplicate_{k}": v for k, v in duplicate_claims(all_claims).items()},
    }


def score_set(set_name: str, claims: Mapping[str, Any], verdicts: Mapping[str, Mapping], disagreements: Mapping) -> dict:
    """Every metric of one set from its dumped claims (``{"sentences", "citations", "conflicts"}``).

    ``shared_found`` says how many claims of the shared judged set this run made again with the same
    key (same sentence, article and evidence; same values and sentences): the check that matching works.
    """
    citations = citation_metrics(claims["citations"], claims["sentences"], verdicts)
    citations["retention"] = retention(claims["citations"], verdicts, set_name)
    made = {c["key"] for c in [*claims["citations"], *claims["conflicts"]]}
    shared = [v for v in verdicts.values() if v.get("origin") == "shared" and v.get("set") == set_name]
    found = {
        kind: {"found": sum(1 for v in shared if v["type"] == kind and v["key"] in made),
               "of": sum(1 for v in shared if v["type"] == kind)}
        for kind in ("citation", "conflict")
    }
    return {"citations": citations, "conflicts": conflict_metrics(claims["conflicts"], verdicts, disagreements),
            "shared_found": found}


def shared_reference(verdicts: Mapping[str, Mapping]) -> dict:
    """The shared judged set scored by the same rules, as if every judged claim had been made (the judged run)."""
    citations = [
        {"key": v["key"], "own": v["own"]} for v in verdicts.values() if v.get("origin") == "shared" and v["type"] == "citation"
    ]
    conflicts = [v for v in verdicts.values() if v.get("origin") == "shared" and v["type"] == "conflict"]
    judged = Counter(v["verdict"] for v in conflicts)
    return {
        "citations": citation_metrics(citations, 0, verdicts),
        "conflicts": {
            "claims": len(conflicts), "judged": len(conflicts), "unjudged": 0, "coverage": 1.0 if conflicts else None,
            "verdicts": {v: judged.get(v, 0) for v in CONFLICT_VERDICTS},
            "precision": _ratio(judged.get("genuine", 0), len(conflicts)),
            "genuine_or_partly": _ratio(judged.get("genuine", 0) + judged.get("partly genuine", 0), len(conflicts)),
        },
    }


# --------------------------------------------------------------------------------------
# Blind files for a judge

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_STOP_WORDS: frozenset[str] | None = None


def content_words(text: str) -> set[str]:
    """Lower-cased words and numbers of ``text`` without English stop words."""
    global _STOP_WORDS
    if _STOP_WORDS is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        _STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "mr", "mrs", "ms"}
    return {w for w in _TOKEN.findall(normalise(text)) if w not in _STOP_WORDS}


def best_article_sentences(sentence: str, evidence: Sequence[str], article: Sequence[str], extra: int = 2) -> list[str]:
    """The evidence plus the ``extra`` article sentences sharing most content words with ``sentence``.

    Deduplicated by normalised text and returned in article order (evidence missing from ``article``
    first), so the order does not tell the judge which sentences the library chose.
    """
    words = content_words(sentence)
    chosen = {normalise(e) for e in evidence}
    ranked = sorted(
        (i for i, s in enumerate(article) if normalise(s) not in chosen),
        key=lambda i: (-len(words & content_words(article[i])), i),
    )
    for i in ranked[:extra]:
        if words & content_words(article[i]):
            chosen.add(normalise(article[i]))
    shown, seen = [], set()
    for text in [e for e in evidence if normalise(e) not in {normalise(s) for s in article}] + list(article):
        key = normalise(text)
        if key in chosen and key not in seen:
            seen.add(key)
            shown.append(text)
    return shown


def blind_citation(claim: Mapping[str, Any], article: Sequence[str]) -> dict:
    """A citation as the judge sees it: the brief sentence and the article's best sentences."""
    return {
        "key": claim["key"],
        "cluster": claim["cluster"],
        "sentence": claim["sentence"],
        "article_sentences": best_article_sentences(claim["sentence"], claim["evidence"], article),
    }


def blind_conflict(claim: Mapping[str, Any]) -> dict:
    """A conflict claim as the judge sees it: the claim, its values and their source sentences."""
    values = [{"text": v["text"], "sentences": list(v["sentences"])} for v in claim["values"]]
    if claim["kind"] == "flag":  # the brief sentence, and what the other articles say instead
        values = [{"text": "this sentence", "sentences": values[0]["sentences"]},
                  {"text": "the other articles", "sentences": values[1]["sentences"]}]
    row = {"key": claim["key"], "cluster": claim["cluster"], "claim": strip_citation_numbers(claim["message"]), "values": values}
    if claim["kind"] == "change":  # judged "correct" or "wrong", not as a disagreement
        row["kind"] = "change"
    return row


def write_blind(
    set_name: str, claims: Mapping[str, Any], verdicts: Mapping[str, Mapping], articles: Mapping[tuple[str, str], Sequence[str]],
    out_dir: Path,
) -> dict[str, Any]:
    """Write the unjudged claims of one set (one row per key) and return the paths and counts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Any] = {}
    for kind in ("citations", "conflicts"):
        rows, seen = [], set()
        for claim in claims[kind]:
            if claim["key"] in verdicts or claim["key"] in seen:
                continue
            seen.add(claim["key"])
            if kind == "citations":
                rows.append(blind_citation(claim, articles.get((claim["cluster"], claim["doc_id"]), ())))
            else:
                rows.append(blind_conflict(claim))
        path = out_dir / f"{set_name}-{kind}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        written[kind] = {"path": str(path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path), "rows": len(rows)}
    return written


# --------------------------------------------------------------------------------------
# Merging verdicts


class MergeError(ValueError):
    """A judged file that cannot be merged; nothing was written."""


def merge_verdicts(judged_rows: Sequence[Mapping[str, Any]], claims: Mapping[str, Mapping], verdicts_path: Path) -> dict[str, int]:
    """Add the verdicts of ``judged_rows`` to ``verdicts_path`` as hashed rows; return counts.

    ``claims`` maps every dumped claim's key to the claim (``build/trust-claims``). A row with an unknown
    key, a verdict that is not a label of its claim's type, or a verdict that contradicts one already
    stored refuses the whole file. Rows already stored with the same verdict are skipped, so merging
    a file twice changes nothing.
    """
    existing = {row["key"]: row for row in load_jsonl(verdicts_path)}
    added: dict[str, dict] = {}
    problems = []
    skipped = 0
    for number, row in enumerate(judged_rows, start=1):
        key = row.get("key")
        claim = claims.get(key) if isinstance(key, str) else None
        if claim is None or not isinstance(key, str):
            problems.append(f"row {number}: key {key!r} matches no dumped claim")
            continue
        is_citation = "doc_id" in claim
        labels = CITATION_VERDICTS if is_citation else CHANGE_VERDICTS if claim.get("kind") == "change" else CONFLICT_VERDICTS
        verdict = str(row.get("verdict", "")).strip()
        canonical = {label.lower(): label for label in labels}.get(verdict.lower())
        if canonical is None:
            problems.append(f"row {number}: verdict {verdict!r} is not one of {', '.join(labels)}")
            continue
        stored = existing.get(key) or added.get(key)
        if stored is not None:
            if stored["verdict"] != canonical:
                problems.append(f"row {number}: verdict {canonical!r} contradicts the stored {stored['verdict']!r}")
            else:
                skipped += 1
            continue
        new = {"key": key, "type": "citation" if is_citation else "conflict", "set": claim.get("set"),
               "verdict": canonical, "reason": reason_category(row.get("reason"))}
        if is_citation:
            new.update(own=claim["own"], loose_key=claim["loose_key"], sentence_key=claim["sentence_key"])
        added[key] = new
    if problems:
        raise MergeError("; ".join(problems[:10]) + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""))
    rows = sorted([*existing.values(), *added.values()], key=lambda r: (r["type"], r["key"]))
    verdicts_path.parent.mkdir(parents=True, exist_ok=True)
    with open(verdicts_path, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, sort_keys=True) + "\n" for r in rows)
    return {"added": len(added), "already_stored": skipped, "total": len(rows)}


def dumped_claims(claims_dir: Path) -> dict[str, dict]:
    """``{key: claim}`` over every ``build/trust-claims/*.jsonl`` dump."""
    return {row["key"]: row for path in sorted(claims_dir.glob("*.jsonl")) for row in load_jsonl(path)}


# --------------------------------------------------------------------------------------
# Running the summariser


def make_summarizer(embedder: str | None) -> Any:
    """The default summariser at 100 words; ``embedder`` ``None`` keeps the library's default."""
    from summarize import Summarizer

    return Summarizer(max_words=MAX_WORDS) if embedder is None else Summarizer(max_words=MAX_WORDS, embedder=embedder)


def run_set(
    set_name: str, clusters: Sequence[dict], summarizer: Any, progress: Callable[[str], None]
) -> tuple[dict[str, Any], dict[tuple[str, str], list[str]], dict[str, Any]]:
    """(claims, {(qualified cluster, doc id): article sentences}, run info) of one set."""
    claims: dict[str, Any] = {"sentences": 0, "citations": [], "conflicts": []}
    articles: dict[tuple[str, str], list[str]] = {}
    seconds = 0.0
    settings: dict[str, Any] = {}
    for n, cluster in enumerate(clusters, start=1):
        documents = to_documents(cluster)
        start = time.perf_counter()
        brief = summarizer.summarize(documents)
        seconds += time.perf_counter() - start
        texts = sentence_texts(brief, documents)
        name = qualified(set_name, cluster["id"])
        one = brief_claims(name, json.loads(brief.to_json(indent=None)), texts)
        claims["sentences"] += one["sentences"]
        claims["citations"] += one["citations"]
        claims["conflicts"] += one["conflicts"]
        for sentence_id, text in texts.items():  # sentence ids keep article order
            articles.setdefault((name, _doc_of(sentence_id)), []).append(text)
        settings = dict(getattr(brief, "settings", {}) or {})
        if n % 10 == 0:
            progress(f"  {n}/{len(clusters)} clusters")
    info = {"clusters": len(clusters), "seconds": round(seconds, 1), "embedder": settings.get("embedder"), "settings": settings}
    return claims, articles, info


# --------------------------------------------------------------------------------------
# Report


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _precision_cell(block: Mapping[str, Any], positive: str) -> str:
    cell = f"{_pct(block['precision'])} ({block['verdicts'][positive]} of {block['judged']})"
    if block["coverage"] is not None and block["coverage"] < MIN_COVERAGE:
        cell += f" **on {_pct(block['coverage'])} of claims**"
    return cell


def _found(scores: Mapping[str, Any], kind: str) -> str:
    found = scores["shared_found"][kind]
    return f"{found['found']} of {found['of']}" if found["of"] else "–"


def target_rows(scores: Mapping[str, Any]) -> list[list[str]]:
    """The issue's targets next to the measured values (DUC 2004)."""
    citations, conflicts = scores["citations"], scores["conflicts"]
    measured = {
        "citation_precision": (citations["all"]["precision"], citations["all"]["coverage"]),
        "other_citation_precision": (citations["other"]["precision"], citations["other"]["coverage"]),
        "retention": (citations["retention"]["retention"], None),
        "conflict_precision": (conflicts["precision"], conflicts["coverage"]),
        "disagreements_found": (conflicts["disagreements_found"], None),
        "duplicate_claims": (conflicts["duplicate_extra_claims"], None),
    }
    rows = []
    for name, label, target, higher in TARGETS:
        value, coverage = measured[name]
        if isinstance(target, float):
            shown, goal = _pct(value), f"≥ {target:.0%}"
        elif name == "disagreements_found":
            shown, goal = f"{value} of {conflicts['disagreements']}", f"≥ {target} of {conflicts['disagreements']}"
        else:
            shown, goal = str(value), f"{target}"
        met = None if value is None else (value >= target if higher else value <= target)
        verdict = "–" if met is None else ("met" if met else "**not met**")
        if coverage is not None and coverage < MIN_COVERAGE:
            verdict += f" (only {_pct(coverage)} judged: not a precision yet)"
        rows.append([label, goal, shown, verdict])
    return rows


def render_markdown(results: Mapping[str, Any]) -> str:
    env = results["environment"]
    machine = env["machine"]
    lines = [
        "# Trust on real news (DUC newswire)",
        "",
        f"- Command: `{results['command']}`",
        f"- Date: {results['date']}",
        f"- Git commit: {env['git_commit']}",
        f"- Machine: {machine.get('cpu')}; {machine.get('cpu_count')} CPUs ({machine.get('usable_cpus')} usable); {machine.get('platform')}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in env["versions"].items() if v),
        (f"- Verdicts: shared judged set `{results['judged']}` ({results['verdict_rows']['shared']} claims) "
        f"+ `benchmarks/data/trust-verdicts.jsonl` ({results['verdict_rows']['project']} claims)"),
        "",
        "Every citation and every \"sources differ\" claim of the default brief (100 words) is matched to a blind",
        "verdict (rubric: `../shared/data/duc2004/judgements/README.md`); see `benchmarks/trust_real.py` for the keys",
        "and rules. Precision is over judged claims only: **a bold coverage means most claims have no verdict yet, so",
        "the number is not a precision**. Unjudged claims are written, blind, to `build/trust-unjudged/`.",
        "",
        "## Citations",
        "",
    ]
    header = ["run", "set", "briefs", "sentences", "articles cited / sentence", "citations (unjudged)",
              "precision, all", "other-article citations (unjudged)", "precision, other articles", "retention",
              "shared judged citations made again"]
    reference = results.get("shared_reference")
    rows = []
    if reference:
        c = reference["citations"]
        rows.append([
            "judged run (shared set)", SHARED_SET, "–", "–", "–", f"{c['all']['claims']} (0)",
            _precision_cell(c["all"], "SUPPORTED"), f"{c['other']['claims']} (0)", _precision_cell(c["other"], "SUPPORTED"),
            "–", "–",
        ])
    for run_name, run in results["runs"].items():
        for set_name, scored in run["sets"].items():
            c = scored["scores"]["citations"]
            r = c["retention"]
            rows.append([
                run_name, set_name, str(scored["run"]["clusters"]), str(c["sentences"]), f"{c['articles_per_sentence']:.2f}",
                f"{c['all']['claims']} (**{c['all']['unjudged']}**)", _precision_cell(c["all"], "SUPPORTED"),
                f"{c['other']['claims']} (**{c['other']['unjudged']}**)", _precision_cell(c["other"], "SUPPORTED"),
                (f"{_pct(r['retention'])} ({r['still_cited']} of {r['sentence_chosen_again']}; "
                f"{r['judged_supported'] - r['sentence_chosen_again']} sentences not chosen)"),
                _found(scored["scores"], "citation"),
            ])
    lines += [markdown_table(header, rows), "", "## Conflict claims", ""]
    header = ["run", "set", "claims (conflicts / flags)", "unjudged", "precision (genuine / judged)", "partly genuine",
              "false alarm", "genuine or partly / judged", "genuine disagreements still reported",
              "disagreements reported twice (extra claims)", "shared judged claims made again",
              "changes over time (correct / judged)"]
    rows = []
    if reference:
        k = reference["conflicts"]
        rows.append([
            "judged run (shared set)", SHARED_SET, str(k["claims"]), "0", _precision_cell(k, "genuine"),
            str(k["verdicts"]["partly genuine"]), str(k["verdicts"]["false alarm"]), _pct(k["genuine_or_partly"]),
            "(the list)", "–", "–", "–",
        ])
    for run_name, run in results["runs"].items():
        for set_name, scored in run["sets"].items():
            k = scored["scores"]["conflicts"]
            rows.append([
                run_name, set_name,
                f"{k['claims']} ({k['by_kind'].get('conflict', 0)} / {k['by_kind'].get('flag', 0)})",
                f"**{k['unjudged']}**", _precision_cell(k, "genuine"),
                str(k["verdicts"]["partly genuine"]), str(k["verdicts"]["false alarm"]), _pct(k["genuine_or_partly"]),
                f"{k['disagreements_found']} of {k['disagreements']}" if k["disagreements"] else "– (none listed)",
                f"{k['duplicate_groups']} ({k['duplicate_extra_claims']})",
                _found(scored["scores"], "conflict"),
                _change_cell(k),
            ])
    lines += [
        markdown_table(header, rows),
        "",
        "\"Judged run\" rows score the shared judged file itself (default settings, MiniLM on torch, commit c7eed39);",
        "its README's 21% conflict precision counts partly genuine claims as genuine (the \"genuine or partly\"",
        "column). \"Made again\" counts the shared claims this run made with the same key; the others were not",
        "made (another sentence chosen, other evidence, other values), so their verdicts do not apply. Two claims are",
        "counted as one disagreement reported twice when they share two source sentences on two different values",
        "each (mph and kph of one wind, a flag and a conflict on one figure); two quantities stated in the same two",
        "sentences also count, so the duplicate count can be a little high.",
        "",
    ]
    for run_name, run in results["runs"].items():
        scored = run["sets"].get(SHARED_SET)
        if scored:
            lines += [f"## Targets (issue 15, DUC 2004, run {run_name})", "",
                      markdown_table(["target", "goal", "measured", "status"], target_rows(scored["scores"])), ""]
    lines += ["## Runs", ""]
    for run_name, run in results["runs"].items():
        for set_name, scored in run["sets"].items():
            info = scored["run"]
            blind = scored["blind"]
            lines.append(
                f"- {run_name} / {set_name}: embedder `{info['embedder']}`, {info['clusters']} clusters, "
                f"{info['seconds']} s summarising; blind files `{blind['citations']['path']}` "
                f"({blind['citations']['rows']} rows), `{blind['conflicts']['path']}` ({blind['conflicts']['rows']} rows)"
            )
    lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Command line


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.trust_real", description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", choices=sorted(SETS), dest="sets",
                        help="duc2004 and/or duc2003 (repeatable; default both)")
    parser.add_argument("--duc2004", type=Path, default=SETS["duc2004"], help="DUC 2004 clusters.jsonl (not copied)")
    parser.add_argument("--duc2003", type=Path, default=SETS["duc2003"], help="DUC 2003 clusters.jsonl (not copied)")
    parser.add_argument("--clusters", type=int, default=None, metavar="N", help="only the first N clusters of each set")
    parser.add_argument("--embedder", action="append", default=None,
                        help="embedder to run (repeatable): 'default' (the library's default, the default here), "
                        "'torch' (MiniLM on torch, as the shared judged run), 'tfidf', ...")
    parser.add_argument("--judged", type=Path, default=DEFAULT_JUDGED, help="the shared judgements folder")
    parser.add_argument("--verdicts", type=Path, default=DEFAULT_VERDICTS, help="the project's hashed verdicts")
    parser.add_argument("--disagreements", type=Path, default=DEFAULT_DISAGREEMENTS, help="judged genuine disagreements")
    parser.add_argument("--build", type=Path, default=DEFAULT_BUILD, help="where claim dumps and blind files go")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results stem: writes STEM.md and STEM.json")
    parser.add_argument("--merge-verdicts", type=Path, default=None, metavar="FILE",
                        help="add the verdicts of a judged blind file to --verdicts, then exit")
    return parser


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> dict:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.merge_verdicts is not None:
        try:
            counts = merge_verdicts(load_jsonl(args.merge_verdicts), dumped_claims(args.build / "trust-claims"), args.verdicts)
        except MergeError as error:
            raise SystemExit(f"nothing merged: {error}") from None
        print(f"merged {args.merge_verdicts}: {counts['added']} added, {counts['already_stored']} already stored, "
              f"{counts['total']} verdicts in {args.verdicts}")
        return counts

    verdicts = all_verdicts(args.judged, args.verdicts)
    disagreements = load_disagreements(args.disagreements)
    paths = {"duc2004": args.duc2004, "duc2003": args.duc2003}
    runs: dict[str, Any] = {}
    for run_name in args.embedder or ["default"]:
        embedder = None if run_name == "default" else run_name
        summarizer = make_summarizer(embedder)
        sets: dict[str, Any] = {}
        for set_name in args.sets or ["duc2004", "duc2003"]:
            if not paths[set_name].exists():
                raise SystemExit(f"data file not found: {paths[set_name]}")
            clusters = load_clusters(paths[set_name], args.clusters)
            _progress(f"[{run_name}] {set_name}: {len(clusters)} clusters")
            claims, articles, info = run_set(set_name, clusters, summarizer, _progress)
            claims_dir = args.build / "trust-claims"
            claims_dir.mkdir(parents=True, exist_ok=True)
            with open(claims_dir / f"{run_name}-{set_name}.jsonl", "w", encoding="utf-8") as handle:
                handle.writelines(
                    json.dumps({**c, "set": set_name}, ensure_ascii=False) + "\n" for c in claims["citations"] + claims["conflicts"]
                )
            suffix = "" if run_name == "default" else f"-{run_name}"
            blind = write_blind(set_name + suffix, claims, verdicts, articles, args.build / "trust-unjudged")
            listed = disagreements if set_name == SHARED_SET else {}
            sets[set_name] = {"run": info, "scores": score_set(set_name, claims, verdicts, listed), "blind": blind}
        runs[run_name] = {"embedder": embedder, "sets": sets}

    shared = sum(1 for v in verdicts.values() if v["origin"] == "shared")
    results = {
        "command": "HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.trust_real" + ("" if not argv else " " + shlex.join(argv)),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "environment": _environment(),
        "judged": "../shared/data/duc2004/judgements",
        "verdict_rows": {"shared": shared, "project": len(verdicts) - shared},
        "shared_reference": shared_reference(verdicts),
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    markdown = render_markdown(results)
    args.out.with_suffix(".md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return results


def _environment() -> dict:
    from importlib import metadata

    env = environment()
    for package in ("onnxruntime", "scikit-learn"):
        try:
            env["versions"][package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            env["versions"][package] = None
    return env


if __name__ == "__main__":
    main()
