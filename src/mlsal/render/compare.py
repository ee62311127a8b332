"""Rendering of a comparison: the Rich view, its JSON document and its CSV rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from mlsal.render import Units, View, plain
from mlsal.render.money import format_money

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlsal.pay.compare import Comparison, CountryRef, PayRange


class _Currency(NamedTuple):
    """A currency and the locale it is written in."""

    currency: str
    locale: str


#: International dollars are written as US dollars.
_INTL = _Currency("USD", "en_US")


#: Columns of the CSV form: one row per level, both countries in three views.
CSV_HEADER: tuple[str, ...] = (
    "level", "first", "first_currency", "first_low", "first_mid", "first_high",
    "second", "second_currency", "second_low", "second_mid", "second_high",
    "target_currency", "first_converted_low", "first_converted_mid", "first_converted_high",
    "first_ppp_low", "first_ppp_mid", "first_ppp_high",
    "second_ppp_low", "second_ppp_mid", "second_ppp_high",
    "ratio_nominal", "ratio_ppp", "fx_rate", "fx_base", "fx_quote", "fx_date",
)  # fmt: skip


def _span(pay: PayRange, currency: str, locale: str, units: Units) -> str:
    """Low and high in one currency, joined by an en dash."""
    return " – ".join(format_money(x, currency, locale, units) for x in (pay.low, pay.high))


def _ratio(value: float) -> str:
    """A ratio to three significant digits, e.g. 13.4 or 1.36, with a times sign."""
    return f"{value:.3g}×"


def _rate_line(cmp: Comparison) -> str:
    ex = cmp.exchange
    if ex.base == ex.quote:
        return f"Exchange rate: none needed, both countries pay in {ex.base}."
    where = "--fx, given on the command line" if ex.overridden else f"{ex.source}, {ex.date}"
    return f"Exchange rate: {ex.rate:g} {ex.quote} per {ex.base} ({where})."


def _ppp_line(cmp: Comparison, refs: tuple[CountryRef, CountryRef]) -> str:
    parts = [
        f"{ref.name} {ppp.factor:g} {ref.currency} per international $ ({ppp.year}, {ppp.source})"
        for ref, ppp in zip(refs, cmp.ppp, strict=True)
    ]
    return f"PPP conversion factors, {cmp.ppp[0].measure}: " + "; ".join(parts) + "."


def compare_renderables(cmp: Comparison, units: Units = Units.local) -> list[RenderableType]:
    """The side-by-side table, what each view is for, the rates used and the article's remark."""
    from rich.table import Table
    from rich.text import Text

    one, two = cmp.first, cmp.second
    target = cmp.target_currency
    heading = Text.assemble(
        ("Machine Learning Engineer pay", "bold"), f" · {one.name} vs {two.name} · per year"
    )
    if cmp.profile is not None:
        chosen = [
            f"{dim} {getattr(cmp.profile, dim)}"
            for dim in ("skill", "education", "employer", "role")
            if getattr(cmp.profile, dim) is not None
        ]
        heading.append(f" · {cmp.profile.years:g} years" + "".join(f", {c}" for c in chosen))
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("Level / view")
    table.add_column(f"{one.name}", justify="right", no_wrap=True)
    table.add_column("mid", justify="right", no_wrap=True)
    table.add_column(f"{two.name}", justify="right", no_wrap=True)
    table.add_column("mid", justify="right", no_wrap=True)
    table.add_column(f"{two.code}÷{one.code}", justify="right", no_wrap=True)
    for index, row in enumerate(cmp.rows):
        if index:
            table.add_section()
        table.add_row(Text(row.label, style="bold"))
        views = (
            ("own currency", row.first.own, row.second.own, one, two, ""),
            (f"{target} at FX", row.first.converted, row.second.converted, two, two,
             _ratio(row.ratio_nominal)),
            ("PPP int'l $", row.first.ppp, row.second.ppp, _INTL, _INTL, _ratio(row.ratio_ppp)),
        )  # fmt: skip
        for name, a, b, a_ref, b_ref, ratio in views:
            table.add_row(
                f"  {name}",
                _span(a, a_ref.currency, a_ref.locale, units),
                format_money(a.mid, a_ref.currency, a_ref.locale, units),
                _span(b, b_ref.currency, b_ref.locale, units),
                format_money(b.mid, b_ref.currency, b_ref.locale, units),
                ratio,
            )
    notes = [
        f"Low – high and mid, per year. FX: converted to {target} at the exchange rate; "
        "PPP int'l $: divided by each country's PPP factor. Ratios compare the mids.",
        cmp.views,
        _rate_line(cmp),
        _ppp_line(cmp, (one, two)),
    ]
    if cmp.remark:
        notes.append(cmp.remark)
    notes.append(f"Pay: {one.name}, {one.pay_basis}; {two.name}, {two.pay_basis}.")
    notes.append("Sources: " + ", ".join(cmp.sources) + " (mlsal docs compare).")
    return [heading, "", table, "", *(Text(n, style="dim") for n in notes)]


def compare_payload(cmp: Comparison) -> dict[str, Any]:
    """The comparison as a JSON-ready mapping (amounts as numbers per year)."""
    payload: dict[str, Any] = plain(cmp)
    return payload


def compare_rows(cmp: Comparison) -> list[Sequence[object]]:
    """The comparison as CSV rows under ``CSV_HEADER``, one per level."""
    ex = cmp.exchange
    rows: list[Sequence[object]] = []
    for row in cmp.rows:
        a, b = row.first, row.second
        rows.append(
            (
                row.level,
                cmp.first.code,
                cmp.first.currency,
                a.own.low,
                a.own.mid,
                a.own.high,
                cmp.second.code,
                cmp.second.currency,
                b.own.low,
                b.own.mid,
                b.own.high,
                cmp.target_currency,
                a.converted.low,
                a.converted.mid,
                a.converted.high,
                a.ppp.low,
                a.ppp.mid,
                a.ppp.high,
                b.ppp.low,
                b.ppp.mid,
                b.ppp.high,
                f"{row.ratio_nominal:.2f}",
                f"{row.ratio_ppp:.2f}",
                f"{ex.rate:g}",
                ex.base,
                ex.quote,
                ex.date.isoformat() if ex.date else "",
            )
        )
    return rows


def compare_view(cmp: Comparison, units: Units = Units.compact) -> View:
    """The compare result in every format."""
    return View(
        kind="compare",
        payload=lambda: compare_payload(cmp),
        header=CSV_HEADER,
        rows=lambda: compare_rows(cmp),
        renderables=lambda: compare_renderables(cmp, units),
    )
