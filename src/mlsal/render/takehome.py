"""Rendering of take-home pay: the Rich waterfall card, its JSON document and its CSV rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from mlsal.render import Units, View, plain

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from mlsal.tax.models import TaxFile
    from mlsal.tax.result import Line, RegimeChoice, RuleSource, Takehome

#: Columns of the CSV form: one row per line of the waterfall.
CSV_HEADER: tuple[str, ...] = (
    "country", "currency", "tax_year", "regime", "state", "filing", "section", "key", "label",
    "amount",
)  # fmt: skip

#: Where each currency's amounts are written.
LOCALES = {"INR": "en_IN", "USD": "en_US"}

_COUNTRY = {"IN": "India", "US": "United States"}


def _sections(result: Takehome) -> list[tuple[str, str, str, int | None]]:
    """The waterfall in order: (section, key, label, amount); subtracted amounts negative."""
    rows: list[tuple[str, str, str, int | None]] = [
        ("amount", "amount", "CTC" if result.country == "IN" else "Wages", result.amount)
    ]
    rows += [("component", c.key, c.label, c.amount) for c in result.components]
    if result.country == "IN":
        for key in ("employer_pf", "gratuity"):
            line = _line(result.contributions, key)
            if line.amount:
                rows.append(("outside", key, line.label, -line.amount))
    rows.append(("gross", "gross", "Gross pay", result.gross))
    rows += [("deduction", d.key, d.label, -(d.amount or 0)) for d in result.deductions]
    rows.append(("taxable", "taxable_income", "Taxable income", result.taxable_income))
    rows += [("tax", t.key, t.label, None if t.amount is None else -t.amount) for t in result.taxes]
    if result.country == "IN":
        for key in ("employee_pf", "employer_nps"):
            line = _line(result.contributions, key)
            if line.amount:
                rows.append(("contribution", key, line.label, -line.amount))
    else:
        pretax = _line(result.contributions, "pretax")
        if pretax.amount:
            rows.append(("contribution", "pretax", pretax.label, -pretax.amount))
    rows.append(("net", "net_annual", "Take-home, per year", result.net_annual))
    rows.append(("net", "net_monthly", "Take-home, per month (fixed pay)", result.net_monthly))
    return rows


def _line(lines: Sequence[Line], key: str) -> Line:
    return next(line for line in lines if line.key == key)


def takehome_payload(result: Takehome) -> dict[str, Any]:
    """The result as docs/json-schema.md's takehome object (without kind and version)."""
    return {
        "country": result.country,
        "currency": result.currency,
        "tax_year": result.tax_year,
        "regime": result.regime,
        "state": result.state,
        "filing": result.filing,
        "amount": result.amount,
        "gross": result.gross,
        "taxable_income": result.taxable_income,
        "taxes": plain(result.taxes),
        "contributions": plain(result.contributions),
        "net_annual": result.net_annual,
        "net_monthly": result.net_monthly,
        "effective_rate": result.effective_rate,
        "marginal_rate": result.marginal_rate,
        "sources": plain(result.sources),
    }


def takehome_rows(result: Takehome) -> list[Sequence[object]]:
    """One CSV row per line of the waterfall."""
    return [
        (
            result.country,
            result.currency,
            result.tax_year,
            result.regime or "",
            result.state or "",
            result.filing or "",
            section,
            key,
            label,
            "" if amount is None else amount,
        )
        for section, key, label, amount in _sections(result)
    ]


def _heading(result: Takehome) -> str:
    parts = [_COUNTRY.get(result.country, result.country), f"tax year {result.tax_year}"]
    if result.regime is not None:
        parts.append(f"{result.regime} regime")
    if result.filing is not None:
        parts.append(result.filing)
    parts.append(result.state_name)
    return " · ".join(parts)


def takehome_renderables(result: Takehome, units: Units = Units.full) -> list[RenderableType]:
    """The waterfall card: each line per year, the net per year and month, the rates."""
    from rich.table import Table
    from rich.text import Text

    from mlsal.render.money import format_money

    locale = LOCALES[result.currency]

    def money(amount: int) -> str:
        sign = "−" if amount < 0 else ""
        return sign + format_money(abs(amount), result.currency, locale, units)

    heading = Text.assemble(("Take-home pay", "bold"), f" · {_heading(result)}")
    headline = Text.assemble(
        ("Take-home  ", "bold"),
        (f"{money(result.net_annual)} a year · {money(result.net_monthly)} a month", "bold green"),
    )
    rates = Text.assemble(
        ("Tax rate  ", "bold"),
        f"{result.effective_rate:.1%} effective · {result.marginal_rate:.1%} marginal "
        "(all taxes on the next 1,000)",
    )
    table = Table(show_edge=False, show_header=True)
    table.add_column("Line", overflow="fold")
    table.add_column("Per year", justify="right")
    bold = {"amount", "gross", "taxable", "net"}
    for section, _key, label, amount in _sections(result):
        shown = "not applicable" if amount is None else money(amount)
        shown_label = f"  {label}" if section == "component" else label
        table.add_row(shown_label, shown, style="bold" if section in bold else None)
    lines: list[RenderableType] = [heading, headline, rates, "", table, ""]
    if result.variable_net:
        lines.append(
            Text(
                f"Variable pay and stock after their tax: {money(result.variable_net)} a year, "
                "not in the monthly figure.",
                style="dim",
            )
        )
    saved = [c for c in result.contributions if c.amount and "saved" in c.label]
    if saved:
        lines.append(
            Text(
                "Saved, not lost: " + ", ".join(f"{c.label.split(' (')[0]} {money(c.amount or 0)}"
                                               for c in saved) + ".",
                style="dim",
            )
        )  # fmt: skip
    lines += [Text(note, style="dim") for note in result.notes]
    return [*lines, "", _sources_table(result.sources)]


def _sources_table(sources: Iterable[RuleSource]) -> Table:
    """The rules a result used: year, source and its date (unconfirmed ones said so)."""
    from rich.table import Table

    table = Table(
        title="Rules and sources (mlsal data info --tax; mlsal docs takehome)",
        title_justify="left",
        show_edge=False,
    )
    for column in ("Rule", "Year", "Source", "Dated"):
        table.add_column(column, overflow="fold")
    for source in sources:
        dated = source.date.isoformat() + ("" if source.confirmed else ", unconfirmed")
        table.add_row(source.rule, source.tax_year, source.source, dated)
    return table


def takehome_view(result: Takehome, units: Units = Units.full) -> View:
    """One take-home result in every format."""
    return View(
        kind="takehome",
        payload=lambda: takehome_payload(result),
        header=CSV_HEADER,
        rows=lambda: takehome_rows(result),
        renderables=lambda: takehome_renderables(result, units),
    )


def _side_by_side(
    first: Takehome, second: Takehome
) -> list[tuple[str, str, tuple[int | None, int | None]]]:
    """Both waterfalls as one: each line once, with each regime's amount (None: not there).

    A line only the second has goes after the last line of its section in the first."""
    rows: list[tuple[str, str, str]] = []
    amounts: dict[tuple[str, str], list[int | None]] = {}
    for index, result in enumerate((first, second)):
        for section, key, label, amount in _sections(result):
            if (section, key) not in amounts:
                amounts[(section, key)] = [None, None]
                same = [i for i, row in enumerate(rows) if row[0] == section]
                at = same[-1] + 1 if same else len(rows)
                rows.insert(at, (section, key, label))
            amounts[(section, key)][index] = amount
    return [
        (section, label, (amounts[(section, key)][0], amounts[(section, key)][1]))
        for section, key, label in rows
    ]


def regimes_view(choice: RegimeChoice, units: Units = Units.full) -> View:
    """India's two regimes: the one that leaves more at the top level, both under regimes."""
    from rich.text import Text

    best = choice.best
    other = next(r for r in choice.regimes if r is not best)

    def renderables() -> list[RenderableType]:
        from rich.table import Table

        from mlsal.render.money import format_money

        locale = LOCALES[best.currency]

        def money(amount: int | None) -> str:
            if amount is None:
                return ""
            sign = "−" if amount < 0 else ""
            return sign + format_money(abs(amount), best.currency, locale, units)

        first, second = choice.regimes
        heading = Text.assemble(
            ("Take-home pay", "bold"),
            f" · India · tax year {first.tax_year} · new and old regime · {first.state_name}",
        )
        verdict = Text.assemble(
            ("Better regime  ", "bold"),
            (f"{best.regime}", "bold green"),
            f": {money(best.net_annual - other.net_annual)} a year more in hand than the "
            f"{other.regime} regime.",
        )
        table = Table(show_edge=False)
        table.add_column("Line", overflow="fold")
        for result in (first, second):
            table.add_column(f"{(result.regime or '').capitalize()} regime", justify="right")
        bold = {"amount", "gross", "taxable", "net"}
        for section, label, amounts in _side_by_side(first, second):
            shown = f"  {label}" if section == "component" else label
            table.add_row(
                shown, *(money(a) for a in amounts), style="bold" if section in bold else None
            )
        rates = Text(
            "Tax rate  "
            + " · ".join(
                f"{r.regime}: {r.effective_rate:.1%} effective, {r.marginal_rate:.1%} marginal"
                for r in (first, second)
            )
        )
        notes = list(dict.fromkeys([*first.notes, *second.notes]))
        sources = _sources_table(dict.fromkeys([*first.sources, *second.sources]))
        return [
            heading,
            verdict,
            rates,
            "",
            table,
            "",
            *(Text(note, style="dim") for note in notes),
            "",
            sources,
        ]

    return View(
        kind="takehome",
        payload=lambda: {
            **takehome_payload(best),
            "regimes": [takehome_payload(r) for r in choice.regimes],
        },
        header=CSV_HEADER,
        rows=lambda: [row for r in choice.regimes for row in takehome_rows(r)],
        renderables=renderables,
    )


#: Columns of the CSV form of ``mlsal data info --tax``: one row per rule with its source.
TAX_INFO_HEADER: tuple[str, ...] = ("field", "source", "date", "title")


def tax_summary(rules: TaxFile, file: str) -> str:
    """One line for a valid tax rules file: what it holds."""
    india, us = rules.india, rules.us
    return (
        f"{file}: valid: {len(rules.sources)} sources; India {india.tax_year} "
        f"({len(india.regimes)} regimes, professional tax in {len(india.professional_tax)} "
        f"states); US {us.tax_year} ({len(us.states)} states: {', '.join(us.states)})"
    )


def tax_info_view(rules: TaxFile, file: str) -> View:
    """What ``mlsal data info --tax`` shows: the tax years, the states and every source."""

    def renderables() -> list[RenderableType]:
        from rich.table import Table
        from rich.text import Text

        heading = Text.assemble((rules.title, "bold"), f" · {file} · updated {rules.updated}")
        years = Text(
            f"India: tax year {rules.india.tax_year}; professional tax: "
            + ", ".join(
                f"{code} {state.name}" for code, state in rules.india.professional_tax.items()
            )
            + f".\nUS: tax year {rules.us.tax_year}; states: "
            + ", ".join(
                f"{code} {state.name} ({state.tax_year}"
                + ("" if state.confirmed else ", not all confirmed")
                + ")"
                for code, state in rules.us.states.items()
            )
            + f"; default {rules.us.default_state}."
        )
        sources = Table(title="Sources", title_justify="left", show_edge=False)
        for column in ("Key", "Date", "Title"):
            sources.add_column(column, overflow="fold")
        for key, source in rules.sources.items():
            sources.add_row(key, source.date.isoformat(), source.title)
        return [heading, years, "", sources]

    return View(
        kind="data-info-tax",
        payload=lambda: {"file": file, "data": plain(rules)},
        header=TAX_INFO_HEADER,
        rows=lambda: [
            (where, key, rules.sources[key].date.isoformat(), rules.sources[key].title)
            for where, key in rules.source_keys()
        ],
        renderables=renderables,
    )
