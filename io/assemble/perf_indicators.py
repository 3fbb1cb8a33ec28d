"""The indicator part of a performance table (一级 | 二级 | 三级指标 | 权重 | 目标值 …).

:class:`IndicatorReader` reads the rows under the indicator header into
:class:`~gouji.model.document.PerfIndicator` objects.  Real documents shift
cells by a column (a column dropped or inserted by the extraction), print a
wrapped label or text as a row of its own ("满意度指" / "标") and leave the
一级 / 二级 labels of merged cells blank: the reader realigns shifted rows,
appends continuation rows to the last indicator and carries the level labels
down.  List-style target tables (a 项目名称 column) are grouped per project
(:class:`ProjectGroup`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from gouji.io.assemble.block_text import cells_bbox, cells_page
from gouji.io.assemble.perf_cells import is_weight, label_key, make_cell
from gouji.io.assemble.perf_labels import (
    LEVEL1_ONLY,
    LEVEL2_NAMES,
    LEVEL_FRAGMENTS,
    OPS,
    ZONE_LABELS,
    IndicatorColumns,
    levelish,
    looks_level2,
    money_key,
    split_levels,
)
from gouji.io.raw import RawCell
from gouji.model.document import BBox, Cell, PerfIndicator, PerfTable
from gouji.model.numbers import is_blank, strict_number
from gouji.model.text import norm

#: first labels of a total row of the indicator part
TOTAL_ROW_LABELS = ("总分", "合计", "总计")


def _is_op(text: str) -> bool:
    """A 指标性质 cell ("≥", "＝", "定性" …)."""
    return norm(text) in OPS


def _finishes(label: str, piece: str) -> bool:
    """``piece`` is the printed tail of the wrapped level label ``label`` ("经济效益" + "指标")."""
    return bool(
        piece and piece in LEVEL_FRAGMENTS and label and not label.endswith("指标") and piece.endswith("标")
    )


@dataclass
class ProjectGroup:
    """One project of a list-style target table: its 名称 cell, amounts and goal, indicators."""

    name: Cell
    fields: dict[str, Cell] = field(default_factory=dict)
    indicators: list[PerfIndicator] = field(default_factory=list)


class IndicatorReader:
    """Reads the indicator rows of one table into ``perf.indicators`` (and ``perf.total_score``)."""

    def __init__(self, perf: PerfTable):
        self.perf = perf
        self.cols: IndicatorColumns | None = None
        self.last: PerfIndicator | None = None
        self.level1 = ""
        self.level2 = ""
        self.groups: list[ProjectGroup] = []  # list-style tables: one entry per project

    def header(self, keys: list[str]) -> None:
        """An indicator header row (a header repeated on a new page is skipped)."""
        if self.cols is None or keys != self.cols.labels:
            self.cols = IndicatorColumns(keys)

    def read(self, row: list[RawCell], keys: list[str]) -> None:
        """One row under the indicator header."""
        nonempty = [k for k in keys if k]
        if self.cols is not None and self._is_sublabel_row(keys):
            self.cols.add_sublabels(keys)
            return
        if len(nonempty) == 1 and keys[0] and len(nonempty[0]) > 6 and self.perf.indicators:
            return  # running text after the table (a heading or a note), not a table row
        if nonempty[0] in TOTAL_ROW_LABELS:
            self._total(row, keys)
            return
        self._indicator(row, keys)

    def _is_sublabel_row(self, keys: list[str]) -> bool:
        """A second header row ("财政资金 | 其他资金" under "其中：") before the first indicator."""
        if self.perf.indicators:
            return False
        filled = [(j, k) for j, k in enumerate(keys) if k]
        return (
            bool(filled)
            and all(strict_number(k) is None and len(k) <= 8 for _, k in filled)
            and any(money_key(k) for _, k in filled)
        )

    def _find_shift(self, texts: list[str]) -> int | None:
        """Column offset of a row whose cells moved (a column dropped or inserted by the extraction).

        Candidates are offsets that put a bare number in the weight column.  Each is scored:
        +2 when the score column then holds a number (+1 when blank), +1 when the name column
        holds a name (not a number; for offsets ≥ 0 not an indicator class followed by another
        weight, which means the row moved further right).  The best score wins, ties go to the
        smallest move.
        """
        cols = self.cols
        assert cols is not None
        w = cols.pos.get("weight")
        anchor_ok: Callable[[str], bool] = is_weight
        if w is None and "op" in cols.pos:
            # no weight column: anchor on the 指标性质 column ("≥", "＝", "定性" …)
            w = cols.pos["op"]
            anchor_ok = _is_op
        if w is None:
            return 0
        sc = cols.pos.get("score")
        best: tuple[int, int] | None = None
        for order, s in enumerate((0, -1, 1, -2, 2)):
            j = w + s
            if not (1 <= j < len(texts) and anchor_ok(texts[j])):
                continue
            quality = 0
            if sc is not None:
                k = sc + s
                st = texts[k] if 0 <= k < len(texts) else ""
                if strict_number(st) is not None:
                    quality += 2
                elif is_blank(st):
                    quality += 1
            name_j = cols.pos.get("name", 0) + s
            nt = norm(texts[name_j]) if 0 <= name_j < len(texts) else ""
            if strict_number(nt) is not None:
                continue  # a numeric 上年完成值 taken for the weight
            nxt = j + 1
            moved_on = s >= 0 and levelish(nt) and nxt < len(texts) and is_weight(texts[nxt])
            if not moved_on:
                quality += 1
            key = (quality, -order)
            if best is None or key > best:
                best = key
        return None if best is None else (0, -1, 1, -2, 2)[-best[1]]

    def _indicator(self, row: list[RawCell], keys: list[str]) -> None:
        cols = self.cols
        assert cols is not None
        texts = [c.text for c in row]
        while texts and not texts[-1]:
            texts.pop()
        shift = self._find_shift(texts)
        name_pos = cols.pos.get("name")
        if shift is None:
            # no weight: a continuation row (wrapped text printed as its own row) when the name
            # cell is empty, or when every other indicator had a weight and the texts are short
            name_txt = texts[name_pos] if name_pos is not None and name_pos < len(texts) else ""
            short = all(len(norm(t)) <= 6 for t in texts if t)
            if self.last is not None and (not name_txt or (self.last.weight is not None and short)):
                self._fragment(row)
                return
            shift = 0
        # a weight found to the right belongs to a row shifted right only when the labels moved
        # too (an indicator class in the name column); otherwise a stray cell was inserted
        # between the labels and the weight: labels and target stay in place
        value_shift = shift
        if (
            shift > 0
            and name_pos is not None
            and name_pos < len(texts)
            and texts[name_pos]
            and not levelish(texts[name_pos])
        ):
            shift = 0
        # labels: cells before the (shifted) first value column
        end = max(0, min(cols.first_value + shift, len(texts)))
        label_cells = [
            (j, texts[j]) for j in range(end) if texts[j] and label_key(texts[j]) not in ZONE_LABELS
        ]
        l1 = l2 = name = ""
        if shift == 0 and name_pos is not None and name_pos < len(texts) and texts[name_pos]:
            l1 = texts[cols.pos["level1"]] if "level1" in cols.pos and cols.pos["level1"] < len(texts) else ""
            l2 = texts[cols.pos["level2"]] if "level2" in cols.pos and cols.pos["level2"] < len(texts) else ""
            name = texts[name_pos]
            if label_key(l1) in ZONE_LABELS:
                l1 = ""
        elif label_cells:
            vals = [t for _, t in label_cells]
            # merged repeats (DOCX) collapse
            dedup: list[str] = []
            for t in vals:
                if not dedup or dedup[-1] != t:
                    dedup.append(t)
            name = dedup[-1]
            rest = dedup[:-1][-2:]
            if len(rest) == 2:
                l1, l2 = rest
            elif len(rest) == 1:
                if norm(rest[0]) in LEVEL1_ONLY or not looks_level2(rest[0]):
                    l1 = rest[0]
                else:
                    l2 = rest[0]
        else:
            if self.last is not None:
                self._fragment(row)
            return
        if "level1" not in cols.pos and "level2" not in cols.pos:
            split = split_levels(name)
            if split is not None:
                l1, l2, name = split
        l1, l2 = norm(l1), norm(l2)
        # the tail of a wrapped level label printed on this row ("经济效益" + "指标")
        if _finishes(self.level2, l2):
            self._complete_level("level2", self.level2 + l2)
            l2 = ""
        if _finishes(self.level1, l1):
            self._complete_level("level1", self.level1 + l1)
            l1 = ""
        if l1 and not l2 and looks_level2(l1) and l1 not in LEVEL1_ONLY and self.level1 and l1 != self.level1:
            l1, l2 = "", l1  # a 二级 label printed in the 一级 column
        if l1:
            if l1 != self.level1:
                self.level2 = ""
            self.level1 = l1
        if l2:
            self.level2 = l2
        cells: list[Cell] = []
        used: list[RawCell] = []
        w_pos = cols.pos.get("weight", cols.width)
        for j in range(cols.width):
            k = j + (value_shift if j >= w_pos else shift)
            raw = row[k] if 0 <= k < len(row) else None
            if raw is not None:
                used.append(raw)
            role = next((r for r, p in cols.pos.items() if p == j), None)
            numeric = role in ("weight", "score") or (role is None and "完成率" in cols.labels[j])
            cells.append(make_cell(j, raw, numeric=numeric))

        def text_of(role: str) -> str:
            p = cols.pos.get(role)
            return cells[p].text if p is not None else ""

        def value_of(role: str) -> Decimal | None:
            p = cols.pos.get(role)
            return cells[p].value if p is not None else None

        target = text_of("target")
        if target and ("op" in cols.pos or "unit" in cols.pos):
            # 指标性质 | 指标值 | 计量单位 printed in three columns: "≥" "68" "%" → "≥68%"
            op = text_of("op") if "op" in cols.pos else ""
            op = "" if op in ("定性", "定量") else op
            unit = text_of("unit") if "unit" in cols.pos else ""
            target = f"{op}{target}{unit}"
        ind = PerfIndicator(
            level1=self.level1,
            level2=self.level2,
            name=name.strip(),
            target=target,
            actual=text_of("actual"),
            weight=value_of("weight"),
            score=value_of("score"),
            weight_at=cols.pos.get("weight"),
            score_at=cols.pos.get("score"),
            page=cells_page(used),
            bbox=cells_bbox(used),
            cells=cells,
        )
        self.perf.indicators.append(ind)
        self.last = ind
        if "project" in cols.pos:
            self._group(ind, cells)

    def _group(self, ind: PerfIndicator, cells: list[Cell]) -> None:
        """List-style tables print several projects, each on the first row of its indicators."""
        cols = self.cols
        assert cols is not None
        pc = cells[cols.pos["project"]]
        if pc.text and not pc.blank and (not self.groups or self.groups[-1].name.text != pc.text):
            group = ProjectGroup(name=pc)
            for j, key in cols.money.items():
                if j < len(cells) and key and key not in group.fields:
                    c = cells[j]
                    group.fields[key] = make_cell(j, RawCell(c.text, None, c.page, c.confidence))
                    group.fields[key].bbox = c.bbox
            if "goal" in cols.pos and cells[cols.pos["goal"]].text:
                group.fields["年度绩效目标"] = cells[cols.pos["goal"]]
            self.groups.append(group)
        if self.groups:
            self.groups[-1].indicators.append(ind)

    def _complete_level(self, attr: str, full: str) -> None:
        """Finish a wrapped level label on the indicators that carry its first piece."""
        old = self.level1 if attr == "level1" else self.level2
        for ind in reversed(self.perf.indicators):
            if getattr(ind, attr) != old:
                break
            setattr(ind, attr, full)
        if attr == "level1":
            self.level1 = full
        else:
            self.level2 = full

    def _fragment_shift(self, row: list[RawCell]) -> int:
        """Column offset of a continuation row: the one whose pieces best continue the last row."""
        ind = self.last
        cols = self.cols
        assert ind is not None and cols is not None
        roles = {p: r for r, p in cols.pos.items()}
        best, best_score = 0, None
        for s in (0, 1, -1):
            score = 0
            for j, raw in enumerate(row):
                t = raw.text
                if not t:
                    continue
                k = j - s
                if not 0 <= k < cols.width:
                    score -= 2
                    continue
                cur = ind.cells[k].text if k < len(ind.cells) else ""
                role = roles.get(k)
                if role in ("weight", "score") and strict_number(cur) is not None:
                    score -= 2
                elif not cur:
                    score -= 1
                else:
                    score += 1
                    if role in ("level1", "level2") and norm(cur + t) in LEVEL1_ONLY | LEVEL2_NAMES:
                        score += 2
                    elif role == "name" and levelish(t):
                        score -= 1
            if best_score is None or score > best_score:
                best, best_score = s, score
        return best

    def _fragment(self, row: list[RawCell]) -> None:
        """A continuation row (wrapped text printed as its own row): append to the last indicator."""
        ind = self.last
        cols = self.cols
        assert ind is not None and cols is not None
        shift = self._fragment_shift(row)
        row = [RawCell("", None, None)] * max(0, -shift) + row[max(0, shift) :]
        for j, raw in enumerate(row):
            t = raw.text
            if not t or j >= cols.width:
                continue
            role = next((r for r, p in cols.pos.items() if p == j), None)
            if role == "level1":
                self._complete_level("level1", norm(ind.level1 + t))
            elif role == "level2":
                self._complete_level("level2", norm(ind.level2 + t))
            elif role == "name":
                ind.name += t
            elif role == "target":
                ind.target += t
            elif role == "actual":
                ind.actual += t
            if j < len(ind.cells):
                c = ind.cells[j]
                c.text = c.text + t
            if raw.bbox is not None and raw.page == ind.page:
                b = BBox(x0=raw.bbox[0], top=raw.bbox[1], x1=raw.bbox[2], bottom=raw.bbox[3])
                ind.bbox = b.union(ind.bbox)

    def _total(self, row: list[RawCell], keys: list[str]) -> None:
        """The 总分 row: the total score (its last number) and the weight total (its first, if two)."""
        start = next(j for j, k in enumerate(keys) if k)
        nums: list[tuple[int, RawCell]] = []
        prev = None
        for j in range(start + 1, len(row)):
            t = row[j].text
            if t and t == prev:
                continue  # merged repeat
            prev = t
            if t and strict_number(t) is not None:
                nums.append((j, row[j]))
        if not nums:
            return
        j, raw = nums[-1]
        self.perf.total_score = make_cell(j, raw)
        if len(nums) >= 2:
            wj, wraw = nums[0]
            self.perf.fields["总分权重"] = make_cell(wj, wraw)
