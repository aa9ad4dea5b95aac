"""Quality gates: conditions over the parsed metrics that decide the approval status.

`approve-if` contains conditions such as `accuracy >= 0.85`; `must-not-regress`
contains `metric:tolerance[:min|max]` pairs compared with the latest Approved
version (the champion). Both are parsed here without eval, and evaluated
without I/O: the caller supplies the champion's metrics.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError

OPERATORS = (">=", "<=", "==", ">", "<")
# A decimal number as JSON writes it, also with a leading + or dot.
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
GATE_FAILURE_CHOICES = ("pending", "reject", "fail")
# ApprovalDescription and card custom details hold at most 1,024 characters.
GATE_TEXT_MAX = 1024

# Name parts that make a metric better when lower: losses, errors, error
# rates and regression errors. Matched against whole words of the name.
_LOWER_IS_BETTER = re.compile(
    r"(^|[^a-z])(loss|error|err|mse|rmse|mae|mape|msle|rmsle|fpr|fnr|"
    r"false_positive_rate|false_negative_rate|false_discovery_rate|"
    r"false_omission_rate|log_loss|perplexity|brier)($|[^a-z])"
)


@dataclass(frozen=True)
class Condition:
    """One `approve-if` condition: metric, operator and threshold."""

    metric: str
    operator: str
    threshold: float
    text: str

    def holds(self, value: float) -> bool:
        """Return whether `value` satisfies the condition."""
        comparisons = {
            ">=": value >= self.threshold,
            "<=": value <= self.threshold,
            "==": math.isclose(value, self.threshold, rel_tol=1e-9, abs_tol=1e-12),
            ">": value > self.threshold,
            "<": value < self.threshold,
        }
        return comparisons[self.operator]


@dataclass(frozen=True)
class RegressionRule:
    """One `must-not-regress` rule: metric, tolerance and which way is better."""

    metric: str
    tolerance: float
    lower_is_better: bool
    text: str


@dataclass
class GateReport:
    """The outcome of every condition and rule, for the summary and outputs."""

    checks: list[dict[str, Any]] = field(default_factory=list)
    champion: dict[str, Any] | None = None
    # Whether the group was searched for a champion (must-not-regress was set).
    champion_checked: bool = False

    @property
    def passed(self) -> bool:
        """Return whether every check passed."""
        return all(check["passed"] for check in self.checks)

    def as_json(self) -> dict[str, Any]:
        """Return the report for the `gate-report` output."""
        return {
            "passed": self.passed,
            "checks": self.checks,
            "champion": self.champion,
            "champion_checked": self.champion_checked,
        }

    def describe(self, max_length: int = GATE_TEXT_MAX) -> str:
        """Return an account of the decision that fits in `max_length` characters.

        ApprovalDescription and card custom details hold at most 1,024
        characters, so failed checks come first and the rest is counted.
        """
        verdict = "passed" if self.passed else "failed"
        champion = ""
        if self.champion:
            champion = f" Champion: version {self.champion['version']}."
        elif self.champion_checked:
            champion = " No approved champion in the group."
        ordered = sorted(self.checks, key=lambda check: bool(check["passed"]))
        parts = [
            f"{check['check']}: {_format(check['value'])} "
            f"({'pass' if check['passed'] else 'FAIL'})"
            for check in ordered
        ]
        head = f"Quality gate {verdict}. "
        for count in range(len(parts), -1, -1):
            rest = len(parts) - count
            more = f" (+{rest} more checks)" if rest else ""
            text = head + "; ".join(parts[:count]) + "." + more + champion
            if len(text) <= max_length:
                return text
        return text[:max_length]


def _format(value: Any) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def split_items(text: str) -> list[str]:
    """Split a comma- or line-separated input into its non-empty items."""
    return [item.strip() for item in re.split(r"[,\n]", text) if item.strip()]


def parse_condition(text: str) -> Condition:
    """Parse `metric OP number`; raise InputError showing where it fails."""
    for operator in OPERATORS:
        index = text.find(operator)
        if index < 0:
            continue
        metric = text[:index].strip()
        number = text[index + len(operator) :].strip()
        if not metric:
            raise _condition_error(text, 0, "a metric name is missing")
        stray = next((i for i, char in enumerate(text[:index]) if char in "<>=!"), None)
        if stray is not None:
            raise _condition_error(
                text,
                stray,
                f"unexpected '{text[stray]}'; use one of {' '.join(OPERATORS)}",
            )
        if not _NUMBER.match(number):
            where = index + len(operator)
            raise _condition_error(text, where, f"'{number}' is not a number")
        threshold = float(number)
        if not math.isfinite(threshold):
            raise _condition_error(text, index + len(operator), "use a finite number")
        return Condition(metric, operator, threshold, text)
    raise _condition_error(text, 0, f"no operator; use one of {' '.join(OPERATORS)}")


def _condition_error(text: str, position: int, problem: str) -> InputError:
    pointer = " " * position + "^"
    return InputError(f"approve-if: '{text}': {problem}\n  {text}\n  {pointer}")


def parse_conditions(text: str | None) -> list[Condition]:
    """Parse every `approve-if` condition."""
    return [parse_condition(item) for item in split_items(text or "")]


def is_lower_better(metric: str) -> bool:
    """Return whether a lower value of `metric` is better, judged by its name."""
    return bool(_LOWER_IS_BETTER.search(metric.lower().replace("-", "_")))


def parse_regression_rule(text: str) -> RegressionRule:
    """Parse `metric:tolerance` or `metric:tolerance:min|max`."""
    parts = text.rsplit(":", 2)
    direction = None
    if len(parts) == 3 and parts[2].strip() in ("min", "max"):
        direction = parts[2].strip()
        parts = parts[:2]
    elif len(parts) == 3:
        parts = [parts[0] + ":" + parts[1], parts[2]]
    if len(parts) != 2 or not parts[0].strip():
        raise InputError(
            f"must-not-regress: '{text}' is not metric:tolerance "
            "(e.g. accuracy:0.01, or loss:0.02:min)"
        )
    metric, tolerance_text = parts[0].strip(), parts[1].strip()
    try:
        tolerance = float(tolerance_text)
    except ValueError:
        raise InputError(
            f"must-not-regress: '{text}': tolerance '{tolerance_text}' is not a "
            "number (e.g. accuracy:0.01)"
        ) from None
    if not math.isfinite(tolerance) or tolerance < 0:
        raise InputError(
            f"must-not-regress: '{text}': tolerance must be a number of 0 or more"
        )
    lower = is_lower_better(metric) if direction is None else direction == "min"
    return RegressionRule(metric, tolerance, lower, text)


def parse_regression_rules(text: str | None) -> list[RegressionRule]:
    """Parse every `must-not-regress` rule."""
    return [parse_regression_rule(item) for item in split_items(text or "")]


def metric_value(metrics: dict[str, Any], name: str, where: str) -> float:
    """Return the numeric value of metric `name`, or raise InputError."""
    if name not in metrics:
        available = ", ".join(sorted(metrics)) or "none"
        raise InputError(
            f"{where}: no report contains the metric '{name}'; "
            f"available metrics: {available}"
        )
    value = metrics[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(
            f"{where}: metric '{name}' is {value!r}, not a number; "
            "gates compare numbers only"
        )
    return float(value)


def check_conditions(
    conditions: list[Condition], metrics: dict[str, Any]
) -> list[dict[str, Any]]:
    """Return one check per condition with the measured value and the outcome."""
    checks = []
    for condition in conditions:
        value = metric_value(metrics, condition.metric, "approve-if")
        checks.append(
            {
                "check": f"{condition.metric} {condition.operator} "
                f"{_format(condition.threshold)}",
                "metric": condition.metric,
                "value": value,
                "threshold": condition.threshold,
                "passed": condition.holds(value),
            }
        )
    return checks


def check_regressions(
    rules: list[RegressionRule],
    metrics: dict[str, Any],
    champion: dict[str, Any] | None,
) -> list[dict[str, Any]]:
    """Return one check per rule against the champion's metrics.

    Without a champion every rule passes. A champion that lacks the metric
    passes too, and the check text states it.
    """
    checks = []
    for rule in rules:
        value = metric_value(metrics, rule.metric, "must-not-regress")
        best = (champion or {}).get("metrics", {}).get(rule.metric)
        if isinstance(best, int | float) and not isinstance(best, bool):
            limit = (
                best + rule.tolerance if rule.lower_is_better else best - rule.tolerance
            )
            passed = value <= limit if rule.lower_is_better else value >= limit
            sign = "<=" if rule.lower_is_better else ">="
            check = f"{rule.metric} {sign} {_format(limit)} (champion {_format(best)})"
            extra: dict[str, Any] = {"threshold": limit, "champion_value": best}
        else:
            passed = True
            reason = "no champion" if champion is None else "champion lacks it"
            check = f"{rule.metric} not regressed ({reason})"
            extra = {"threshold": None, "champion_value": None}
        checks.append(
            {
                "check": check,
                "metric": rule.metric,
                "value": value,
                "passed": passed,
                **extra,
            }
        )
    return checks


def gate_metrics(evaluations: list[Any]) -> dict[str, Any]:
    """Return every simple metric of every evaluation by the name gates use.

    Names are those the card shows (`group/metric` where a name repeats across
    groups); a name found in two evaluations is `evaluation/name` in both.
    """
    from .reports import flatten_metrics

    per_evaluation = [(e.name, flatten_metrics(e)) for e in evaluations]
    counts: dict[str, int] = {}
    for _, metrics in per_evaluation:
        for name in metrics:
            counts[name] = counts.get(name, 0) + 1
    merged: dict[str, Any] = {}
    for evaluation, metrics in per_evaluation:
        for name, value in metrics.items():
            merged[name if counts[name] == 1 else f"{evaluation}/{name}"] = value
    return merged
