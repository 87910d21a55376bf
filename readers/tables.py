"""A table of the report read from its printed rows: each row found by its label, each value
placed by the format's columns, and where each value came from.

A printed row is its label cells followed by its value cells. The row is matched to the format's
rows by similarity (slips noted), preferring the next rows in the official order; its values go to
the columns of the row's block in order. A row whose numbers ran together is cut by the rule that
each total equals the sum of its parts, and, where several cuts fit, by the table's balances.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field, replace
from functools import cache

from models.checks.claims import check_text_claims
from models.checks.rules import describe_rules
from models.format.blocks import (
    Column,
    ColumnGroup,
    FormatDescription,
    Row,
    RowGroup,
    Table,
    cell_key,
)
from models.i18n import _
from models.report import Report, carried_from, stock_of
from readers.headers import Headers
from readers.labels import normalize, same, similarity
from readers.numbers import is_run, is_value_text, nearest_splits, parse_number, split_run
from readers.source import SourceRow

MATCH = 0.6  # the least similarity at which a printed label is taken for a row of the format


@dataclass
class CellSource:
    """Where a value came from, and what the reader was unsure of ("" when sure)."""

    page: int | None
    table: int
    row: str
    column: str
    text: str
    unsure: str = ""


@dataclass
class TableReading:
    values: dict = field(default_factory=dict)
    cells: dict[str, CellSource] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Rows read from a run of digits that more than one cut fits: key prefix → the cuts.
    ambiguous: dict[str, list[tuple]] = field(default_factory=dict)
    # Last year's values the cross-year relations compare with, under keys of their own.
    known: dict = field(default_factory=dict)
    # The rows that more than one cut still fits once read: their cells' keys and the cuts.
    open: list[tuple[list[str], list[tuple]]] = field(default_factory=list)


@dataclass(frozen=True)
class _Target:
    row: Row
    columns: tuple[Column, ...]
    group: RowGroup | None = None  # a group label printed as one row (（六）其他处理)
    path: str = ""  # the labels from the outermost group down: 三、本年度办理结果（三）不予公开1.…


def read_table(
    fmt: FormatDescription,
    table: Table,
    rows: list[tuple[int, SourceRow]],
    previous: Report | None = None,
) -> TableReading:
    """The values of one table of the format from its printed rows (table number, row); with last
    year's report, its 结转 and 现行有效 relations also settle runs of digits that several cuts
    fit."""
    reading = TableReading()
    targets = _targets(table)
    headers = Headers()
    position = 0
    last: tuple[_Target, str, str] | None = None  # the row placed last, its label and slip note
    blank: list[str] = []  # the cells of the rows just placed that had no number at all
    for number, source_row in rows:
        labels, values = _split(source_row.cells)
        if not values or (labels and all(not v.strip() for v in values) and len(values) < 2):
            headers.add(labels)
            continue
        labels = _without_headers(labels, table)
        index = _match(labels, targets, position)
        if index is None and not any(v.strip() for v in values):
            if not _ends_label(reading, table, last, labels):
                headers.add(labels)  # a header row with empty cells after it (a converter's)
            continue
        if index is None:
            reading.notes.append(
                _("{table}：未能识别的行「{label}」，未读取").format(
                    table=table.short_name, label=" ".join(source_row.cells)
                )
            )
            continue
        target = targets[index]
        position = index + 1
        printed = "".join("".join(label.split()) for label in labels)
        slip = _slip_note(table, printed, target)
        if slip:
            reading.notes.append(slip)
        columns, moved = headers.order(target.columns)
        if moved:
            note = _("{table}：表头中{labels}的位置与标准格式不同，数字按表头放置").format(
                table=table.short_name, labels="、".join(f"「{label}」" for label in moved)
            )
            if note not in reading.notes:
                reading.notes.append(note)
            target = replace(target, columns=columns)
        _place(reading, table, target, values, headers, number, source_row, printed)
        _doubt_blank_rows(reading, table, target, values, blank)
        last = (target, printed, slip)
    equations, reading.known = last_year_relations(fmt, previous)
    _settle_ambiguous(fmt, reading, equations)
    return reading


LAST_YEAR = "上年."  # how last year's values are keyed among this year's


def last_year_relations(fmt: FormatDescription, previous: Report | None) -> tuple[list, dict]:
    """The format's cross-year relations as equations over this year's cells and last year's
    values (keyed LAST_YEAR + key): 上年结转 = last year's 结转下年度, 现行有效 = last year's +
    本年制发 − 本年废止. None without last year's report of the same format."""
    if previous is None or previous.format_id != fmt.id:
        return [], {}
    equations: list[dict] = []
    known = {LAST_YEAR + k: v for k, v in previous.values.items() if v is not None}
    for key, ref in fmt.cells.items():
        source = carried_from(ref)
        if source is not None and LAST_YEAR + source in known:
            equations.append({"lhs": [key], "rhs": [LAST_YEAR + source]})
        stock = stock_of(ref)
        if stock is not None and LAST_YEAR + key in known:
            added, removed = (
                cell_key(ref.table.id, ref.row.id, c) for c in (stock.added, stock.removed)
            )
            equations.append({"lhs": [key, removed], "rhs": [added, LAST_YEAR + key]})
    return equations, known


def _targets(table: Table) -> list[_Target]:
    """Every row a printed row can be, in order; a group of rows also as one row (its last)."""
    targets: list[_Target] = []
    for block in table.blocks:
        _walk(block.rows, "", tuple(block.leaf_columns()), targets)
    return targets


def _walk(nodes, path: str, columns: tuple[Column, ...], targets: list[_Target]) -> None:
    for node in nodes:
        if isinstance(node, RowGroup):
            _walk(node.children, path + node.label, columns, targets)
            rows = [c for c in node.children if isinstance(c, Row)]
            if path and len(rows) == len(node.children):
                targets.append(_Target(rows[-1], columns, node, path + node.label))
        else:
            targets.append(_Target(node, columns, None, path + node.label))


def _split(cells: list[str]) -> tuple[list[str], list[str]]:
    """The label cells and the value cells after the last label."""
    last = max((i for i, c in enumerate(cells) if c.strip() and not _is_value(c)), default=-1)
    labels = [c for c in cells[: last + 1] if c.strip()]
    return labels, cells[last + 1 :]


def _is_value(cell: str) -> bool:
    """A number, a blank, or numbers run together (with a sign or a decimal point among them)."""
    return is_value_text(cell) or is_run("".join(cell.split()))


def _doubt_blank_rows(reading, table: Table, target: _Target, values, blank: list[str]) -> None:
    """Rows read with no number at all, then a row with more numbers than it has columns: the
    numbers of the rows before may be those (a converter that put the labels apart from their
    numbers), so the blank rows are doubted. `blank` is kept from row to row."""
    filled = [v for v in values if v.strip()]
    keys = [cell_key(table.id, target.row.id, c.id) for c in target.columns]
    if not filled:
        blank += keys
        return
    if len(filled) > len(target.columns):
        for key in blank:
            reading.cells[key].unsure = _(
                "这一行没有数字，而后面一行的数字多于其列数：数字可能是这一行的"
            )
    blank.clear()


def _ends_label(reading: TableReading, table: Table, last, labels: list[str]) -> bool:
    """A row of words only that ends the label of the row placed before it (a row a page break
    cut: 「申请」 alone at the next page's top): that row's label made whole, its slip note
    taken back."""
    if last is None:
        return False
    target, printed, slip = last
    whole = printed + "".join("".join(label.split()) for label in labels)
    label = normalize(target.row.label)
    if normalize(printed).endswith(label) or not normalize(whole).endswith(label):
        return False
    for column in target.columns:
        reading.cells[cell_key(table.id, target.row.id, column.id)].row = whole
    if slip in reading.notes:
        reading.notes.remove(slip)
    return True


def _without_headers(labels: list[str], table: Table) -> list[str]:
    """The labels without the table's headers among them (text that ran headers and a row
    together, or printed a row's label before its block's headers); a label is always kept."""
    words = _header_words(table)
    kept = [label for label in labels if not words.fullmatch(normalize(label))]
    return kept or labels[-1:]


@cache
def _header_words(table: Table) -> re.Pattern:
    """A pattern for text made only of the table's block titles, corners and column labels."""
    words = {label for block in table.blocks for label in (block.title, block.corner)}
    for block in table.blocks:
        words |= {node.label for node in _column_nodes(block.columns)}
    alternatives = sorted((normalize(w) for w in words if w), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, alternatives)) + ")+")


def _column_nodes(nodes) -> list:
    out = []
    for node in nodes:
        out.append(node)
        if isinstance(node, ColumnGroup):
            out += _column_nodes(node.children)
    return out


def _match(labels: list[str], targets: list[_Target], position: int) -> int | None:
    """The target the labels name best, preferring the rows that come next; a row without a
    label is table 四's one row."""
    if not labels:
        return next((i for i, t in enumerate(targets) if t.row.label == ""), None)
    printed = [labels[-1]] + (["".join(labels[-2:])] if len(labels) > 1 else [])
    whole = "".join(labels)
    if position < len(targets) and _names_exactly(printed, whole, targets[position]):
        return position  # the row that comes next, printed as the format prints it: no better one
    best, best_score = None, MATCH
    for index, target in enumerate(targets):
        label = target.group.label if target.group else target.row.label
        if not label:
            continue
        score = max([similarity(p, label) for p in printed] + [similarity(whole, target.path)])
        distance = index - position
        score -= 0.3 if distance < 0 else 0.005 * distance
        if score > best_score:
            best, best_score = index, score
    if best is None:  # headers run into table 四's one row, which has no label of its own
        return next((i for i, t in enumerate(targets) if t.row.label == ""), None)
    return best


def _names_exactly(printed: list[str], whole: str, target: _Target) -> bool:
    label = target.group.label if target.group else target.row.label
    return bool(label) and (any(same(p, label) for p in printed) or same(whole, target.path))


def _slip_note(table: Table, printed: str, target: _Target) -> str:
    label = target.group.label if target.group else target.row.label
    if target.group is not None:
        return _("{table}：「{printed}」只有一行，数字记入「{group}{row}」").format(
            table=table.short_name, printed=printed, group=label, row=target.row.label
        )
    if not label or same(printed, label) or normalize(printed).endswith(normalize(label)):
        return ""
    return _("{table}：行名「{printed}」按「{label}」读取").format(
        table=table.short_name, printed=printed, label=label
    )


def _place(reading, table, target, values, headers, number, source_row, printed) -> None:
    """Put a row's values in its cells, each with where it came from."""
    columns = target.columns
    texts, unsure = _fit(values, columns)
    if texts is None:
        texts, unsure = _cut_run(reading, table, target, values, printed)
    for column, text in zip(columns, texts, strict=True):
        key = cell_key(table.id, target.row.id, column.id)
        value, doubt = parse_number(text, column.value_type)
        doubts = [source_row.doubt, unsure, doubt]
        if key in reading.values and value != reading.values[key]:
            doubts.append(_("这一格读到两次，先前为 {value}").format(value=reading.values[key]))
        if value is not None:
            reading.values[key] = value
        reading.cells[key] = CellSource(
            source_row.page,
            number,
            printed,
            headers.printed(column),
            text.strip(),
            "；".join(d for d in doubts if d),
        )


def _cut_run(reading, table, target, values, printed) -> tuple[list[str], str]:
    """A row whose numbers ran together, cut one number a column by its totals."""
    columns = target.columns
    run = "".join("".join(v.split()) for v in values)
    cuts = split_run(run, list(columns))
    if not cuts:
        return _nearest_cut(run, values, columns)
    texts = [str(v) for v in cuts[0]]
    if len(cuts) == 1:
        reading.notes.append(
            _("{table}：「{label}」的数字连在一起「{run}」，只有一种拆分：{cut}").format(
                table=table.short_name, label=printed, run=run, cut=" ".join(texts)
            )
        )
        return texts, ""
    reading.ambiguous[cell_key(table.id, target.row.id, "")] = cuts
    return texts, _("数字连在一起「{run}」，按各列之和拆分").format(run=run)


def _nearest_cut(run: str, values: list[str], columns) -> tuple[list[str], str]:
    """A run that no cut fits with its totals: the cut whose totals miss their sums by the
    least, doubted, with the others as close; else the row as it was found, doubted."""
    cuts, miss = nearest_splits(run, list(columns))
    if not cuts:
        texts = (values + [""] * len(columns))[: len(columns)]
        return texts, _("这一行读到 {found} 个数，应为 {expected} 个").format(
            found=len([v for v in values if v.strip()]), expected=len(columns)
        )
    options = "；".join(" ".join(map(str, cut)) for cut in cuts[:3])
    more = _("等") if len(cuts) > 3 else ""
    return [str(v) for v in cuts[0]], _(
        "数字连在一起「{run}」，没有一种拆分使总计等于各项之和；按相差最小（{miss}）的拆分读取："
        "{options}{more}"
    ).format(run=run, miss=miss, options=options, more=more)


def _fit(values: list[str], columns: tuple[Column, ...]):
    """The value texts, one a column, or None when the numbers ran together."""
    n = len(columns)
    if len(values) == n:
        return values, ""
    filled = [v for v in values if v.strip()]
    if len(values) > n:
        if len(filled) <= n and not any(v.strip() for v in values[n:]):
            return values[:n], ""
        if len(filled) <= n and not any(v.strip() for v in values[: len(values) - n]):
            return values[-n:], ""
        return values[-n:], _("这一行多出 {extra} 个数，取最后 {n} 个").format(
            extra=len(values) - n, n=n
        )
    if filled and all(is_run("".join(v.split())) for v in filled) and len("".join(filled)) > n - 1:
        if len(filled) < n:
            return None, ""
    return (values + [""] * n)[:n], _("这一行读到 {found} 个数，应为 {expected} 个").format(
        found=len(filled), expected=n
    )


def _settle_ambiguous(fmt: FormatDescription, reading: TableReading, last_year: list) -> None:
    """Narrow the cuts of runs of digits by the table's balances (and last year's relations), a
    row at a time while others are settled; say what is left."""
    equations = describe_rules(fmt) + last_year
    cells_of = [set(e["lhs"] + e["rhs"]) for e in equations]
    open_rows = {
        prefix: ([k for k in reading.cells if k.startswith(prefix)], cuts)
        for prefix, cuts in reading.ambiguous.items()
    }
    progress = True
    while progress:
        progress = False
        unsettled = {k for keys, _cuts in open_rows.values() for k in keys}
        for prefix, (keys, cuts) in list(open_rows.items()):
            own, others = set(keys), unsettled - set(keys)
            related = [
                e for e, c in zip(equations, cells_of, strict=True) if c & own and not c & others
            ]
            trial = reading.known | reading.values  # each cut's values put over it in turn
            fitting = [
                cut
                for cut in cuts
                if not trial.update(zip(keys, cut, strict=True))
                and all(_holds(e, trial) for e in related)
            ]
            if len(fitting) == 1:
                _settle(reading, keys, fitting[0])
                del open_rows[prefix]
                progress = True
                break
            if fitting:
                open_rows[prefix] = (keys, fitting)
    _settle_together(reading, equations, open_rows)
    reading.open = list(open_rows.values())
    for keys, cuts in open_rows.values():
        options = "；".join(" ".join(map(str, c)) for c in cuts[:3])
        more = _("等") if len(cuts) > 3 else ""
        note = _("；可能的拆分有 {count} 种：{options}{more}").format(
            count=len(cuts) if len(cuts) < 50 else "50+", options=options, more=more
        )
        _settle(reading, keys, cuts[0], note)


def _settle(reading: TableReading, keys: list[str], cut: tuple[int, ...], note: str = "") -> None:
    """Put a cut in place: with `note` it stays unsure, without it the balances decided it."""
    for key, value in zip(keys, cut, strict=True):
        reading.values[key] = value
        reading.cells[key].text = str(value)
        reading.cells[key].unsure = reading.cells[key].unsure + note if note else ""
    if not note:
        cell = reading.cells[keys[0]]
        text = (
            _("「{label}」的数字连在一起，由勾稽关系和上年报告确定为：{cut}")
            if reading.known
            else _("「{label}」的数字连在一起，由勾稽关系确定为：{cut}")
        )
        reading.notes.append(text.format(label=cell.row, cut=" ".join(map(str, cut))))


def _settle_together(reading: TableReading, equations, open_rows: dict) -> None:
    """Try every combination of the open rows' cuts (when there are few) and keep, for each row,
    the cuts that some fitting combination uses; a row left with one is settled."""
    rows = list(open_rows.items())
    if not rows or math.prod(len(cuts) for _p, (_k, cuts) in rows) > 20000:
        return
    keys = [k for _p, (row_keys, _cuts) in rows for k in row_keys]
    related = [e for e in equations if any(k in e["lhs"] + e["rhs"] for k in keys)]
    used: list[set] = [set() for _row in rows]
    trial = reading.known | reading.values  # each combination's values put over it in turn
    for combination in itertools.product(*(cuts for _p, (_k, cuts) in rows)):
        trial.update(zip(keys, itertools.chain(*combination), strict=True))
        if all(_holds(e, trial) for e in related):
            for seen, cut in zip(used, combination, strict=True):
                seen.add(cut)
    for (prefix, (row_keys, cuts)), seen in zip(rows, used, strict=True):
        fitting = [c for c in cuts if c in seen]
        if len(fitting) == 1:
            _settle(reading, row_keys, fitting[0])
            del open_rows[prefix]
        elif fitting:
            open_rows[prefix] = (row_keys, fitting)


def _holds(equation: dict, values: dict) -> bool:
    keys = equation["lhs"] + equation["rhs"]
    if not all(k in values for k in keys):
        return True
    return sum(values[k] for k in equation["lhs"]) == sum(values[k] for k in equation["rhs"])


def prefer_stated(report: Report, cells: dict[str, CellSource], rows: list) -> None:
    """Of the cuts a row still fits, the only one the numbers of the report's texts agree with
    (「制发行政规范性文件26件」) is put in place; its cells stay 存疑, and say why."""
    for keys, cuts in rows:
        agreeing = [cut for cut in cuts if not _disagreeing(report, keys, cut)]
        if len(agreeing) == 1 and len(agreeing) < len(cuts):
            for key, value in zip(keys, agreeing[0], strict=True):
                report.values[key] = value
                cells[key].text = str(value)
                cells[key].unsure += _("；正文中的数字与拆分「{cut}」相符，按此读取").format(
                    cut=" ".join(map(str, agreeing[0]))
                )


def _disagreeing(report: Report, keys: list[str], cut: tuple) -> bool:
    """Whether a number the texts state disagrees with the row cut so."""
    before = {key: report.values[key] for key in keys if key in report.values}
    report.values.update(zip(keys, cut, strict=True))
    try:
        findings = check_text_claims(report, report.format)
    finally:
        for key in keys:
            report.values.pop(key, None)
        report.values.update(before)
    return any(set(f.lhs_cells) & set(keys) for f in findings)
