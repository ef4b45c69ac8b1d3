"""Lexical retrieval: jieba words with the domain dictionary, scored by BM25 (bm25s).

Start-up cost is designed around jieba: loading its full dictionary costs over a second, so the index build
(`regbot index build`) writes a compact lexicon — every dictionary word that occurs in the corpus, the domain
words, the query-expansion words and the most frequent general words — keeping the full dictionary's total
frequency, so text segments as it would with the full dictionary. Queries are segmented with that
lexicon (tens of milliseconds to load) and the passages ship already tokenized and indexed (a saved bm25s
index), so a search never loads jieba's full dictionary.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from index.integrity import file_hashes, verify_files
from index.passages import Passage
from query.numerals import normalize_numbers
from query.vocab import SYNONYMS

if TYPE_CHECKING:  # heavy imports stay lazy
    import bm25s

DATA = Path(__file__).parent / "data"
DOMAIN_WORDS = DATA / "domain_words.txt"
STOPWORDS = DATA / "stopwords.txt"
FORMAT_VERSION = 6  # 4: the manifest carries each file's sha256; 5: function words carry their jieba tag; 6: all words

# Most frequent general words of jieba's dictionary kept in the compact lexicon, so that the words users type
# around the corpus vocabulary still segment as words.
GENERAL_WORDS = 30000
# Frequency given to domain words: high enough that jieba keeps them whole.
DOMAIN_FREQ = 20000
# Words more frequent than this in jieba's general dictionary are everyday language, never what a question is
# specifically about.
EVERYDAY_FREQ = 2000
# jieba's part-of-speech tags of words that never name what a question is about, however rare: adverbs (刚好,
# 到期), pronouns (那位), time words (上个月), numeral-measure words (这回, 这方面), conjunctions, prepositions,
# particles, interjections and onomatopoeia.
FUNCTION_TAGS = frozenset({"d", "ad", "r", "rr", "rz", "t", "tg", "mq", "c", "p", "u", "y", "e", "o"})
# BM25 parameters (bm25s "lucene" variant). b is low because passages are already short spans.
BM25_K1 = 1.2
BM25_B = 0.5

_WORDISH = re.compile(r"[0-9A-Za-z\u4e00-\u9fff%]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
BIGRAM_MARK = "~"


def _read_list(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@cache
def stopwords() -> frozenset[str]:
    """Words that carry no meaning for retrieval (function words, question words)."""
    return frozenset(_read_list(STOPWORDS))


@cache
def colloquial_words() -> frozenset[str]:
    """Question and filler words users type that no regulation uses (see data/colloquial.txt)."""
    return frozenset(_read_list(STOPWORDS.parent / "colloquial.txt"))


@cache
def domain_words() -> tuple[tuple[str, int], ...]:
    """The domain dictionary: (word, frequency) pairs that must stay one token."""
    out: list[tuple[str, int]] = []
    for line in _read_list(DOMAIN_WORDS):
        word, _, freq = line.partition(" ")
        out.append((word, int(freq) if freq.strip().isdigit() else DOMAIN_FREQ))
    return tuple(out)


@cache
def _domain_set() -> frozenset[str]:
    return frozenset(w for w, _ in domain_words())


def sources_hash() -> str:
    """A digest of everything the lexical index depends on besides the corpus: the hand-kept data files
    (domain words, stopwords, expansions) and the tokenizer and BM25 settings."""
    h = hashlib.sha256()
    for path in (DOMAIN_WORDS, STOPWORDS, SYNONYMS):
        h.update(path.read_bytes() if path.exists() else b"")
    h.update(f"{FORMAT_VERSION} {BM25_K1} {BM25_B} {GENERAL_WORDS} {DOMAIN_FREQ}".encode())
    return h.hexdigest()[:16]


# ---------------------------------------------------------------------------------------------- tokenizing


def _jieba() -> Any:
    """jieba, imported quietly (it logs its dictionary loading at DEBUG to stderr)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


Lexicon = list[tuple[str, int, str]]  # (word, freq, tag): jieba's part-of-speech tag; none for domain words


def build_lexicon(texts: Iterable[str], extra_words: Iterable[str] = ()) -> tuple[Lexicon, int]:
    """The compact lexicon for a corpus: (word, freq, tag) entries and the total frequency of the full dictionary.

    Keeps every word of jieba's dictionary that occurs in `texts`, the domain words, `extra_words` and the
    GENERAL_WORDS most frequent words. Reads jieba's dictionary file directly (no prefix dictionary), so it
    is quick; only the index build calls it.
    """
    jb = _jieba()
    corpus_text = unicodedata.normalize("NFKC", "\n".join(texts))
    entries: list[tuple[str, int]] = []
    tags: dict[str, str] = {}
    total = 0
    with open(Path(jb.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            total += freq
            entries.append((word, freq))
            if len(parts) > 2:
                tags[word] = parts[2]
    grams: set[str] = set()
    for n in range(1, 9):
        grams.update(corpus_text[i : i + n] for i in range(len(corpus_text) - n + 1))
    general = {w for w, _ in sorted(entries, key=lambda e: -e[1])[:GENERAL_WORDS]}
    keep: dict[str, int] = {}
    for word, freq in entries:
        if word in general or (word in grams if len(word) <= 8 else word in corpus_text):
            keep[word] = freq
    for word, freq in domain_words():
        keep[word] = max(keep.get(word, 0), freq)
    for word in extra_words:
        if word and word not in keep:
            keep[word] = DOMAIN_FREQ // 4
    domain = {w for w, _ in domain_words()}
    return [(w, f, "" if w in domain else tags.get(w, "")) for w, f in sorted(keep.items())], total


class Tokenizer:
    """jieba over the compact lexicon, with text normalization and stopword removal for BM25."""

    def __init__(self, lexicon: Lexicon, total: int) -> None:
        jb = _jieba()
        tk = jb.Tokenizer()
        freq: dict[str, int] = {}
        self._function = frozenset(word for word, _, tag in lexicon if tag in FUNCTION_TAGS)
        for word, f, _ in lexicon:
            freq[word] = f
            for i in range(1, len(word)):  # jieba's prefix dictionary: every prefix present, 0 if not a word
                freq.setdefault(word[:i], 0)
        # Same state jieba's own `initialize()` leaves (it would load the full dictionary instead).
        tk.FREQ, tk.total, tk.initialized = freq, total, True
        self._tk = tk
        self._stop = stopwords()

    def words(self, text: str) -> list[str]:
        """jieba's search-engine segmentation (words and their dictionary sub-words) of normalized text."""
        return list(self._tk.cut_for_search(normalize_text(text)))

    def specific(self, word: str) -> bool:
        """Whether a word is specific rather than everyday language: a domain word, or a dictionary word that is
        rare in general use (还是, 影响 and 最后 are everyday words; 徽章, 补贴 and 轮训 are not)."""
        freq = self._tk.FREQ.get(word)  # 0 or None: not a word jieba knows (an HMM guess such as 内要), never specific
        if word in self._function:  # 刚好, 这回: rare but never a subject
            return False
        return bool(freq) and (freq <= EVERYDAY_FREQ or word in _domain_set())  # 已经, 自己: frequent, not domain

    def whole_words(self, text: str) -> list[str]:
        """jieba's plain segmentation (whole words only, no sub-words) of normalized text."""
        return list(self._tk.cut(normalize_text(text)))

    def bigrams(self, text: str) -> list[str]:
        """Character bigrams of the Chinese runs left after removing stopwords, marked with BIGRAM_MARK.

        They match where segmentation differs between the two sides (a document's 自行脱党 is one word, a
        question's 脱党 another); the mark keeps their statistics apart from the words'.
        """
        kept = "".join(w if w not in self._stop else " " for w in self._tk.cut(normalize_text(text)))
        out: list[str] = []
        for run in _CJK_RUN.findall(kept):
            out += [BIGRAM_MARK + run[i : i + 2] for i in range(len(run) - 1)]
        return out

    def tokens(self, text: str) -> list[str]:
        """The BM25 tokens of a text: words without stopwords and punctuation, then character bigrams."""
        words = [w for w in self.words(text) if w not in self._stop and _WORDISH.search(w)]
        return words + self.bigrams(text)


def normalize_text(text: str) -> str:
    """Full-width forms folded (NFKC), lower case, Chinese counts as digits (六个月 → 6个月), on both sides."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return normalize_numbers(folded)[0]


# ------------------------------------------------------------------------------------------------- BM25


class LexicalManifest(BaseModel):
    """What a lexical index was built from; any difference means it is stale."""

    format_version: int = FORMAT_VERSION
    corpus_digest: str
    passages_hash: str
    sources_hash: str
    jieba_version: str
    bm25s_version: str
    count: int
    files: dict[str, str] = {}  # file path (relative) → sha256 of its bytes, checked at every load


def bm25s_version() -> str:
    """The installed bm25s version (its saved-index format and scoring belong to the index)."""
    from importlib.metadata import version

    return version("bm25s")


def jieba_version() -> str:
    """The installed jieba version (its segmentation belongs to the index)."""
    from importlib.metadata import version

    return version("jieba")


@dataclass
class LexicalIndex:
    """BM25 over passage tokens (bm25s), plus the lexicon that segments queries the same way."""

    manifest: LexicalManifest
    tokenizer: Tokenizer
    bm25: "bm25s.BM25"

    @classmethod
    def from_tokens(cls, manifest: LexicalManifest, tokens: Sequence[Sequence[str]], tokenizer: Tokenizer,
                    method: str = "lucene", k1: float = BM25_K1, b: float = BM25_B) -> "LexicalIndex":
        """Index passage tokens with bm25s (`method` is a bm25s scoring variant: lucene, robertson, atire …)."""
        import bm25s

        bm25 = bm25s.BM25(k1=k1, b=b, method=method)
        bm25.index([list(t) or [""] for t in tokens], show_progress=False)
        return cls(manifest, tokenizer, bm25)

    @property
    def size(self) -> int:
        """Number of passages indexed."""
        return int(self.bm25.scores["num_docs"])

    def scores(self, query_tokens: Sequence[str], weights: Sequence[float] | None = None) -> np.ndarray:
        """BM25 score of every passage for the query tokens (each distinct token's score times its weight)."""
        total = np.zeros(self.size, dtype=np.float32)
        vocab = self.bm25.vocab_dict
        weights = weights if weights is not None else [1.0] * len(query_tokens)
        per_token: dict[str, float] = {}
        for tok, w in zip(query_tokens, weights):
            if tok and tok in vocab:
                per_token[tok] = max(per_token.get(tok, 0.0), w)  # a repeated word counts once
        for tok, w in per_token.items():
            total += w * self.bm25.get_scores_from_ids([vocab[tok]])
        return total

    def save(self, directory: Path, lexicon: Lexicon, total: int) -> None:
        """Write lexicon.txt (jieba format: word, freq and tag; first line the total),
        the bm25s index, then manifest.json."""
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "manifest.json").unlink(missing_ok=True)
        lines = [f"# total {total}"] + [f"{w} {f} {t}".rstrip() for w, f, t in lexicon]
        (directory / "lexicon.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.bm25.save(str(directory / "bm25"), show_progress=False)
        self.manifest = self.manifest.model_copy(update={"files": file_hashes(directory)})
        (directory / "manifest.json").write_text(self.manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")


def build_lexical(passages: Sequence[Passage], corpus_texts: Iterable[str], corpus_digest: str,
                  passages_digest: str, extra_words: Iterable[str] = ()) -> tuple[LexicalIndex, Lexicon, int]:
    """Build the compact lexicon, tokenize every passage and index them: (index, lexicon, total)."""
    lexicon, total = build_lexicon(corpus_texts, extra_words)
    tokenizer = Tokenizer(lexicon, total)
    tokens = [tokenizer.tokens(p.searchable) for p in passages]
    manifest = LexicalManifest(
        corpus_digest=corpus_digest,
        passages_hash=passages_digest,
        sources_hash=sources_hash(),
        jieba_version=jieba_version(),
        bm25s_version=bm25s_version(),
        count=len(tokens),
    )
    return LexicalIndex.from_tokens(manifest, tokens, tokenizer), lexicon, total


def read_manifest(directory: Path) -> LexicalManifest | None:
    """The manifest of a saved lexical index, or None when missing or unreadable."""
    try:
        return LexicalManifest.model_validate_json((directory / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_tokenizer(directory: Path) -> Tokenizer:
    """The query tokenizer from a saved compact lexicon."""
    lexicon: Lexicon = []
    total = 0
    with open(directory / "lexicon.txt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("# total "):
                total = int(line.split()[2])
                continue
            parts = line.split()
            if len(parts) >= 2:
                lexicon.append((parts[0], int(parts[1]), parts[2] if len(parts) > 2 else ""))
    return Tokenizer(lexicon, total)


def load_lexical(directory: Path, manifest: LexicalManifest) -> LexicalIndex:
    """A saved lexical index (its manifest already checked by the caller): milliseconds, no jieba dictionary.
    Every file is checked against its recorded hash first: ValueError names a corrupt one."""
    import bm25s

    problem = verify_files(directory, manifest.files)
    if problem:
        raise ValueError(problem)
    bm25 = bm25s.BM25.load(str(directory / "bm25"), show_progress=False)
    if int(bm25.scores["num_docs"]) != manifest.count:
        raise ValueError("passage count differs from the manifest")
    return LexicalIndex(manifest, load_tokenizer(directory), bm25)
