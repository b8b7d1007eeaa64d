"""Which rules run where, and how severe their findings are: one decision, made once.

Selectors are rule codes (`WF101`), code prefixes (`WF1`, `WF`), rule names
(`broken-link`) or `ALL`. As in ruff, a rule is on when the most specific selector that
matches it comes from `select`/`extend-select` rather than from `ignore`, and `ignore`
wins a tie. `per-file-ignores` then turns rules off for pages matching a glob. The
command line's `--select` replaces the config's; its other options add to the config's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config.settings import Config, ConfigError, load_config, read_table
from ..core.diagnostic import Severity
from ..core.pathglob import path_matches
from ..core.suggest import closest
from .overrides import NO_OVERRIDES, SelectionOverrides
from .rules import Rule, all_rules, find_rule, rule_hint

_ALL = "ALL"
_EXACT = 100  # a full code or a name beats any prefix


@dataclass(frozen=True)
class RuleSelection:
    """The enabled rules, their severities and the per-file exceptions."""

    enabled: frozenset[str]
    severities: dict[str, Severity] = field(default_factory=dict)
    per_file: tuple[tuple[str, frozenset[str]], ...] = ()
    content_dir: str = "."

    def rule_on(self, code: str) -> bool:
        """Whether the rule runs at all (for some page)."""
        return code in self.enabled

    def applies(self, code: str, path: str) -> bool:
        """Whether findings of rule `code` on the file at `path` are reported."""
        if code not in self.enabled:
            return False
        content = self.content_dir
        return not any(code in codes and path_matches(pattern, path, content) for pattern, codes in self.per_file)

    def severity(self, rule: Rule) -> Severity:
        return self.severities.get(rule.code, rule.severity)


def build_selection(config: Config, overrides: SelectionOverrides = NO_OVERRIDES) -> RuleSelection:
    """Resolve the config and command line into a `RuleSelection`.

    The command line is a second layer over the config, as in ruff: its `--select`
    starts afresh (the config's `select` and `ignore` no longer count), while its
    `--extend-select` and `--ignore` change only the rules they match. Every unknown
    rule, code, prefix or option is reported at once, each with the closest valid
    spelling, as a `ConfigError` naming the config file or the command line.
    """
    problems: list[str] = []
    _check_rule_tables(config.rule_tables, problems)
    select = config.select if config.select is not None else (_ALL,)
    enabled = _layer(set(), select, config.extend_select, config.ignore, "`{}`", problems)
    cli_problems: list[str] = []
    if overrides.select is not None:
        enabled = _layer(set(), overrides.select, overrides.extend_select, overrides.ignore, "--{}", cli_problems)
    else:
        enabled = _layer(enabled, None, overrides.extend_select, overrides.ignore, "--{}", cli_problems)
    per_file = _per_file(config.per_file_ignores, "`per-file-ignores` {!r}", problems)
    per_file += _per_file(overrides.per_file_ignores, "--per-file-ignores {!r}", cli_problems)
    severities = _severities(config.severities, problems) | _severities(overrides.severities, cli_problems)
    if problems or cli_problems:
        raise ConfigError(config.source if problems else "command-line options", problems + cli_problems)
    return RuleSelection(frozenset(enabled), severities, tuple(per_file), config.content_dir)


def _layer(
    enabled: set[str],
    select: tuple[str, ...] | None,
    extend: tuple[str, ...],
    ignore: tuple[str, ...],
    where: str,
    problems: list[str],
) -> set[str]:
    """Apply one layer of selectors: within it the most specific selector decides a rule,
    and a rule no selector of the layer matches keeps its state from `enabled`."""
    positive = _expand(select, where.format("select"), problems) if select is not None else []
    positive += _expand(extend, where.format("extend-select"), problems)
    negative = _expand(ignore, where.format("ignore"), problems)
    result = set()
    for rule in all_rules():
        best_on = max((s for s, codes in positive if rule.code in codes), default=-1)
        best_off = max((s for s, codes in negative if rule.code in codes), default=-1)
        matched = best_on >= 0 or best_off >= 0
        if best_on > best_off or (not matched and rule.code in enabled):
            result.add(rule.code)
    return result


def _per_file(
    entries: tuple[tuple[str, tuple[str, ...]], ...], where: str, problems: list[str]
) -> list[tuple[str, frozenset[str]]]:
    per_file = []
    for pattern, selectors in entries:
        codes = {code for _, codes in _expand(selectors, where.format(pattern), problems) for code in codes}
        per_file.append((pattern, frozenset(codes)))
    return per_file


def _severities(entries: tuple[tuple[str, str], ...], problems: list[str]) -> dict[str, Severity]:
    severities = {}
    for key, level in entries:
        found = find_rule(key)
        if found is None:
            problems.append(f"no rule {key!r} to set the severity of{rule_hint(key)}")
        elif level not in {s.value for s in Severity}:
            problems.append(f"severity of {key} must be error, warning or info, not {level!r}")
        else:
            severities[found.code] = Severity(level)
    return severities


Selector = tuple[int, frozenset[str]]


def _expand(selectors: Iterable[str], where: str, problems: list[str]) -> list[Selector]:
    """Each selector as (specificity, the codes it matches)."""
    expanded = []
    for raw in selectors:
        selector = raw.strip()
        if selector.upper() == _ALL:
            expanded.append((0, frozenset(r.code for r in all_rules())))
            continue
        found = find_rule(selector)
        if found is not None:
            expanded.append((_EXACT, frozenset({found.code})))
            continue
        codes = frozenset(r.code for r in all_rules() if r.code.startswith(selector.upper()))
        if codes and selector[:2].upper() == "WF":
            expanded.append((len(selector), codes))
        else:
            problems.append(f"unknown rule selector {raw!r} in {where}{rule_hint(selector)}")
    return expanded


def load_settings(root: Path, overrides: SelectionOverrides = NO_OVERRIDES) -> tuple[Config, RuleSelection]:
    """The project's config and rule selection, with every problem of both in one error."""
    try:
        config = load_config(root)
    except ConfigError as exc:
        table, _ = read_table(root)
        rules = table.get("rules")
        tables = [(k, v) for k, v in rules.items() if isinstance(v, dict)] if isinstance(rules, dict) else []
        more: list[str] = []
        _check_rule_tables([(k, v.items()) for k, v in tables], more)
        raise ConfigError(exc.source, exc.problems + [p for p in more if p not in exc.problems]) from None
    return config, build_selection(config, overrides)


def _check_rule_tables(tables: Iterable[tuple[str, Collection[tuple[str, Any]]]], problems: list[str]) -> None:
    """`[rules.<name>]` must name a rule, by name, and give only that rule's options,
    each of the kind the rule declares."""
    for key, options in tables:
        found = find_rule(key)
        if found is None:
            problems.append(f"unknown key `rules.{key}`: no such rule{rule_hint(key, names_only=True)}")
            continue
        if key != found.name:
            problems.append(f"`rules.{key}`: name the table after the rule, `rules.{found.name}`")
            continue
        allowed = ("severity", *(declared.key for declared in found.options))
        given = {written.replace("-", "_"): value for written, value in options}
        for declared in found.options:
            declared.read(given, f"rules.{key}.", problems)
        for written, _ in options:
            option = written.replace("-", "_")
            if option not in allowed:
                close = closest(option, allowed)
                spelt = close.replace("_", "-") if close and "-" in written else close
                hint = f" (did you mean `rules.{key}.{spelt}`?)" if spelt else ""
                takes = ", ".join(allowed)
                problems.append(f"unknown option `rules.{key}.{written}`{hint}; {found.name} takes {takes}")
