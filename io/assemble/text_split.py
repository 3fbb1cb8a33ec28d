"""Split a paragraph into sentences at 。！？； without breaking brackets, quotes or numbers.

:func:`sentence_spans` returns ``(start, end)`` character offsets into the
paragraph so that the caller can map every sentence back to the source lines
(page and bbox).  A terminator inside a matched bracket or quote pair does not
end the sentence unless the pair closes right after it (``他说：“已完成。”`` ends there); closing quotes
and doubled terminators right after a terminator stay with the sentence they
close ("……。”", "……。。" — the latter so that text-quality rules can see it).
Unmatched brackets protect nothing, so a typo ("〔2004〕99号）") cannot swallow
the rest of a paragraph.  Full stops are never split points, so "1,801.39" and
"1.5" are safe by construction.
"""

from __future__ import annotations

TERMINATORS = frozenset("。！？；!?;")
_PAIRS = {
    "（": "）",
    "(": ")",
    "【": "】",
    "[": "]",
    "〔": "〕",
    "《": "》",
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "〈": "〉",
    "{": "}",
}
_CLOSERS = frozenset(_PAIRS.values())
_ALIKE = {"）": "（(", ")": "（(", "】": "【[", "]": "【[", "〕": "〔【[", "》": "《", "”": "“", "’": "‘"}
_TRAILING = frozenset("”’）)】」』〕》\"'")


def protected_mask(text: str) -> bytearray:
    """1 at every position inside a matched bracket / quote pair (inclusive)."""
    stack: list[tuple[str, int]] = []
    diff = [0] * (len(text) + 1)
    quote_open: int | None = None
    for i, c in enumerate(text):
        if c == '"':
            if quote_open is None:
                quote_open = i
            else:
                diff[quote_open] += 1
                diff[i + 1] -= 1
                quote_open = None
        elif c in _PAIRS:
            stack.append((c, i))
        elif c in _CLOSERS:
            openers = _ALIKE.get(c, "") or next((o for o, cl in _PAIRS.items() if cl == c), "")
            for j in range(len(stack) - 1, -1, -1):
                if stack[j][0] in openers:
                    diff[stack[j][1]] += 1
                    diff[i + 1] -= 1
                    del stack[j:]
                    break
    mask = bytearray(len(text))
    run = 0
    for i in range(len(text)):
        run += diff[i]
        mask[i] = 1 if run > 0 else 0
    return mask


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text`` (whitespace trimmed, none empty)."""
    if not text:
        return []
    mask = protected_mask(text)
    spans: list[tuple[int, int]] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        if text[i] in TERMINATORS:
            end = i + 1
            while end < n and (text[end] in TERMINATORS or text[end] in _TRAILING or text[end] == " "):
                end += 1
            # inside a pair, a terminator ends the sentence only when the pair closes right after it
            # ("他说：“已完成。”" / "（详见附表。）")
            if not mask[i] or (end > i + 1 and text[end - 1] != " " and (end == n or not mask[end])):
                spans.append((start, end))
                start = end
                i = end
                continue
        i += 1
    if start < n:
        spans.append((start, n))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        if a >= b:
            continue
        if out and all(not ch.isalnum() and not ("\u4e00" <= ch <= "\u9fff") for ch in text[a:b]):
            out[-1] = (out[-1][0], b)  # stray punctuation belongs to the previous sentence
            continue
        out.append((a, b))
    return out


def split_sentences(text: str) -> list[str]:
    """Convenience wrapper: the sentence strings of ``text``."""
    return [text[a:b] for a, b in sentence_spans(text)]
