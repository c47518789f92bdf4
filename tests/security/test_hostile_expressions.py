"""Hostile expressions in a rule module loaded through a policy: refused at load, nothing runs.

Every attack sits in a real module file, so the refusal has to come from the loader with the
file, line and column of the offending part. Attacks that would have an effect if evaluated
by Python (a command, a file) carry a canary path that must never be created; a sanity test
shows that plain ``eval`` of the same text does create it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from seckit import CASE, Project, cli

from offboard_policy.case import parse_case
from offboard_policy.engine import evaluate
from offboard_policy.errors import InputError, PolicyError
from offboard_policy.policy import load_policy

EXPR_LINE = 9  # the line of the expression in MODULE
EXPR_COLUMN = 7  # its first column: a block scalar indented by six spaces

MODULE = """\
module: sec
kind: internal
checks:
  - id: SEC-check
    severity: blocking
    citation: test
    message: {{zh: x, en: x}}
    {key}: |-
      {expr}
"""

CANARY = "CANARY"  # replaced with an absolute path in a temporary folder

# (id, expression, error code, the text the caret must point at, or its offset)
ATTACKS: list[tuple[str, str, str, str | int]] = [
    ("dunder-attribute", "employee.__class__ is none", "OP301", "__class__"),
    ("dunder-chain", "employee.__class__.__mro__ is none", "OP301", "__mro__"),
    ("dunder-name", "__builtins__ is none", "OP301", "__builtins__"),
    ("import-call", "__import__('os').system('touch CANARY') == 0", "OP302",
     "__import__('os').system"),
    ("import-name", "__import__('os') is none", "OP302", "__import__"),
    ("getattr", "getattr(employee, '__class__') is none", "OP302", "getattr"),
    ("type", "type(employee) == type(employee)", "OP302", "type"),
    ("eval", "eval(\"__import__('os').system('touch CANARY')\") == 0", "OP302", "eval"),
    ("exec", "exec('import os') is none", "OP302", "exec"),
    ("open", "open('CANARY', 'w') is none", "OP302", "open"),
    ("compile", "compile('1', 'x', 'eval') is none", "OP302", "compile"),
    ("globals", "globals() is none", "OP302", "globals"),
    ("vars", "vars() is none", "OP302", "vars"),
    ("breakpoint", "breakpoint() is none", "OP302", "breakpoint"),
    ("format-string", "'{0.__class__}'.format(employee) == ''", "OP302", "'{0.__class__}'.format"),
    ("format-globals", "'{0.__init__.__globals__}'.format(employee) == ''", "OP302",
     "'{0.__init__"),
    ("format-map", "'{x}'.format_map(employee) == ''", "OP302", "'{x}'.format_map"),
    ("percent-format", "'%s' % employee == ''", "OP301", "'%s' % employee"),
    # a generator outside an aggregate is refused before its attributes are looked at
    ("generator-frame", "(x for x in employee.wages.monthly).gi_frame is none", "OP301",
     "(x for"),
    ("generator-code", "(x for x in []).gi_code is none", "OP301", "(x for"),
    ("frame-in-aggregate", "any(w.gi_frame for w in employee.wages.monthly)", "OP401", "gi_frame"),
    ("string-method", "'abc'.upper() == 'ABC'", "OP302", "'abc'.upper"),
    ("string-attribute", "termination.ground.upper is none", "OP301", "upper"),
    ("number-attribute", "(1).real == 1", "OP301", "real"),
    ("decimal-attribute", "employee.annual_leave.taken_days_this_year.as_tuple is none",
     "OP301", "as_tuple"),
    ("date-attribute", "employee.hire_date.year == 2020", "OP301", "year"),
    ("date-method", "employee.hire_date.replace(year=1) is none", "OP302",
     "employee.hire_date.replace"),
    ("list-method", "employee.wages.monthly.clear() is none", "OP302", "employee.wages.monthly"),
    ("model-method", "employee.model_dump() is none", "OP302", "employee.model_dump"),
    ("model-attribute", "employee.model_fields is none", "OP401", "model_fields"),
    ("model-config", "employee.model_config is none", "OP401", "model_config"),
    ("private-attribute", "employee._abc_impl is none", "OP401", "_abc_impl"),
    ("params-dunder", "params.__class__ is none", "OP301", "__class__"),
    ("params-method", "params.avg.__class__ is none", "OP301", "__class__"),
    ("non-table-function", "print('x') is none", "OP302", "print"),
    ("string-multiplication", "len('a' * 1000000000) > 0", "OP403", "'a' * 1000000000"),
    ("list-multiplication", "len([1] * 1000000000) > 0", "OP403", "[1] * 1000000000"),
    ("string-concatenation", "'a' + 'b' == 'ab'", "OP403", "'a' + 'b'"),
    ("power-tower", "9**9**9 > 0", "OP301", "9**9**9"),
    ("decimal-exponent", "1e999999999 > 0", "OP304", "1e999999999"),
    ("capital-exponent", "1E5 > 0", "OP304", "1E5"),
    ("hex-literal", "0x7fffffff > 0", "OP304", "0x7fffffff"),
    ("complex-literal", "1j == 1j", "OP304", "1j"),
    ("long-literal", "1" + "0" * 1900 + " > 0", "OP303", "1" + "0" * 1900),
    ("31-digit-literal", "1" + "0" * 30 + " > 0", "OP303", "1" + "0" * 30),
    ("underscored-literal", "1_000_000_000_000_000_000_000_000_000_000 > 0", "OP303",
     "1_000"),
    ("deep-parentheses", "(" * 500 + "true" + ")" * 500, "OP303", 32),  # the 33rd "("
    ("deep-unary-minus", "-" * 1500 + "1 > 0", "OP303", 31),
    ("deep-not", "not " * 400 + "true", "OP303", 32 * 4),
    ("chained-and", " and ".join(["1 < 2"] * 200), "OP303", "1 < 2"),
    ("deep-calls", "abs(" * 40 + "1" + ")" * 40 + " > 0", "OP303", 32 * 4 + 3),
    ("many-nodes", "1 in [" + ", ".join(["1"] * 600) + "]", "OP303", "1 in"),
    ("lambda", "(lambda: 1)() == 1", "OP302", "lambda"),
    ("walrus", "(x := 1) == 1", "OP301", "x := 1"),
    ("subscript", "employee.wages.monthly[0].gross > 0", "OP301", "employee.wages.monthly[0]"),
    ("slice", "'abc'[::-1] == 'cba'", "OP301", "'abc'[::-1]"),
    ("f-string", "f'{employee}' == ''", "OP301", "f'{employee}'"),
    ("list-comprehension", "len([w for w in employee.wages.monthly]) > 0", "OP301",
     "[w for w"),
    ("bare-generator", "(w for w in employee.wages.monthly) is none", "OP301", "(w for w"),
    ("nested-for", "any(1 for a in employee.wages.monthly for b in employee.wages.monthly)",
     "OP301", "b in"),
    ("starred-call", "max(*employee.wages.monthly) > 0", "OP301", "*employee"),
    ("keyword-call", "round(1, places=2) > 0", "OP301", "places=2"),
    ("dict", "{'a': 1} == {'a': 1}", "OP301", "{'a': 1}"),
    ("set", "{1} == {1}", "OP301", "{1}"),
    ("tuple", "(1, 2) == (1, 2)", "OP301", "(1, 2)"),
    ("await", "await employee", "OP301", "await"),
    ("yield", "(yield 1) is none", "OP301", "yield"),
    ("ellipsis", "... is none", "OP301", "..."),
    ("bytes", "b'x' == b'x'", "OP304", "b'x'"),
    ("is-identity", "employee is employee", "OP301", 12),
    ("loop-variable-params", "any(params for params in employee.wages.monthly)", "OP301",
     "params in"),
    ("fullwidth-underscore", "employee.＿＿class＿＿ is none", "OP300", "＿＿class＿＿"),
    ("statement", "import os", "OP300", "import"),
    ("two-statements", "true; __import__('os')", "OP300", ";"),
]


def _write(project: Project, expr: str, key: str = "assert") -> None:
    project.write_module(MODULE.format(key=key, expr=expr))


def _offset(expr: str, marker: str | int) -> int:
    return marker if isinstance(marker, int) else expr.index(marker)


def _expected_column(expr: str, marker: str | int) -> int:
    return EXPR_COLUMN + _offset(expr, marker)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


@pytest.mark.parametrize("name,expr,code,marker", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_attack_is_refused_at_load_with_position(
    name: str, expr: str, code: str, marker: str | int, project: Project, tmp_path: Path
) -> None:
    canary = tmp_path / "canary"
    expr = expr.replace(CANARY, str(canary))
    if isinstance(marker, str):
        marker = marker.replace(CANARY, str(canary))
    _write(project, expr)
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    diag = exc.value.diagnostics[0]
    assert (diag.code, diag.line) == (code, EXPR_LINE), diag.format()
    assert diag.file is not None and diag.file.endswith("m.yaml")
    assert diag.column == _expected_column(expr, marker), diag.format()
    assert not canary.exists()


@pytest.mark.parametrize("name,expr,code,marker", ATTACKS[:20], ids=[a[0] for a in ATTACKS[:20]])
def test_attack_through_the_cli_exits_2_and_writes_nothing(
    name: str, expr: str, code: str, marker: str | int, project: Project, tmp_path: Path
) -> None:
    canary = tmp_path / "canary"
    expr = expr.replace(CANARY, str(canary))
    _write(project, expr)
    out = tmp_path / "report.json"
    result = cli("check", project.case(), "-p", project.policy, "-o", out)
    assert result.exit_code == 2
    column = _expected_column(expr, marker)  # the markers of these attacks hold no canary
    assert f"m.yaml:{EXPR_LINE}:{column}:" in result.stderr
    assert f"[{code}]" in result.stderr
    assert not out.exists() and not canary.exists()


def test_the_canary_would_sing_under_plain_eval(tmp_path: Path) -> None:
    """The attack texts are live: Python's own eval runs them, so the canary checks mean it."""
    canary = tmp_path / "canary"
    expr = next(a[1] for a in ATTACKS if a[0] == "import-call").replace(CANARY, str(canary))
    eval(expr)
    assert canary.exists()


@pytest.mark.parametrize("key", ["when", "exposure"])
@pytest.mark.parametrize("name", ["dunder-attribute", "import-call", "format-string",
                                  "generator-frame", "deep-unary-minus"])
def test_attacks_in_other_expression_places(key: str, name: str, project: Project) -> None:
    _, expr, code, marker = next(a for a in ATTACKS if a[0] == name)
    text = MODULE.format(key=key, expr=expr).replace(
        "    message:", "    assert: 'true'\n    message:")
    project.write_module(text)
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    diag = exc.value.diagnostics[0]
    assert (diag.code, diag.line) == (code, EXPR_LINE + 1), diag.format()
    assert diag.column == _expected_column(expr, marker)


@pytest.mark.parametrize("name", ["dunder-attribute", "import-call", "format-string",
                                  "generator-frame", "date-attribute", "deep-parentheses"])
def test_attacks_in_derived_values_and_settlement(name: str, project: Project) -> None:
    _, expr, code, marker = next(a for a in ATTACKS if a[0] == name)
    for layout in ("values", "amount", "due"):
        if layout == "values":
            text = f"module: sec\nkind: internal\nvalues:\n  bad:\n    formula: |-\n      {expr}\n"
            line = 6
        else:
            text = ("module: sec\nkind: internal\nsettlement:\n  - id: x\n    rule: SEC-line\n"
                    f"    citation: test\n    amount: '1'\n    {layout}: |-\n      {expr}\n")
            line = 9
            if layout == "amount":
                text = text.replace("    amount: '1'\n", "")
                line = 8
        project.write_module(text)
        with pytest.raises(PolicyError) as exc:
            load_policy(project.policy)
        diag = exc.value.diagnostics[0]
        assert (diag.code, diag.line, diag.column) == (
            code, line, _expected_column(expr, marker)), (layout, diag.format())


# -- placeholders in messages carry the same attacks -----------------------------------------

PLACEHOLDER_MODULE = """\
module: sec
kind: internal
checks:
  - id: SEC-check
    severity: blocking
    citation: test
    assert: 'false'
    message:
      zh: 'x'
      en: "Amount {expr} due"
"""
PLACEHOLDER_COLUMN = 20  # where the text inside "{...}" starts on line 10


@pytest.mark.parametrize(
    "name", ["dunder-attribute", "import-call", "generator-frame", "string-method",
             "date-attribute", "non-table-function", "power-tower", "decimal-exponent",
             "deep-calls", "subscript", "lambda", "model-method", "params-dunder"])
def test_placeholders_carry_the_same_refusals(name: str, project: Project,
                                              tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    _, expr, code, marker = next(a for a in ATTACKS if a[0] == name)
    expr = expr.replace(CANARY, str(canary))
    # placeholders cannot hold braces or double quotes here: keep the attack text plain
    project.write_module(PLACEHOLDER_MODULE.replace("{expr}", "{" + expr + "}"))
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    diag = exc.value.diagnostics[0]
    assert (diag.code, diag.line) == (code, 10), diag.format()
    assert diag.column == PLACEHOLDER_COLUMN + _offset(expr, marker), diag.format()
    assert not canary.exists()


# -- the language stays closed at run time: bad arithmetic or dates are findings, not crashes ---

BIG = "9" * 30
RUNTIME = [
    "add_days(employee.hire_date, " + BIG + ") > employee.hire_date",
    "add_years(employee.hire_date, 99999) > employee.hire_date",
    "add_months(employee.hire_date, -99999999) > employee.hire_date",
    "date(99999, 1, 1) > employee.hire_date",
    "1 / 0 > 0",
    "round_money(" + " * ".join([BIG] * 4) + ") > 0",
    "add_workdays(employee.hire_date, " + BIG + ") > employee.hire_date",
    "workdays_between(date(1, 1, 1), date(9999, 12, 31)) > 0",
    "min(x for x in []) > 0",
]


@pytest.mark.parametrize("expr", RUNTIME)
def test_runtime_failures_are_incomplete_findings(expr: str, project: Project) -> None:
    _write(project, expr)
    report = evaluate(load_policy(project.policy), parse_case(CASE, display="case"))
    (finding,) = report.findings
    assert (finding.rule, finding.status, report.verdict) == ("SEC-check", "incomplete", "blocked")


def test_huge_but_allowed_arithmetic_stays_exact_and_bounded(project: Project) -> None:
    product = " * ".join([BIG] * 30)  # 10**900: within the Decimal context, no overflow
    _write(project, f"({product}) / ({product}) == 1")
    result = cli("check", project.case(), "-p", project.policy, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


@pytest.mark.parametrize(
    "template,code,offset",
    [
        ("{0.__class__}", "OP300", 1),  # str.format's attribute syntax is no expression
        ("{0.__init__.__globals__}", "OP300", 1),
        ("{employee.__init__.__globals__}", "OP301", 18),
        ("{employee.hire_date.__class__}", "OP301", 19),
        ("{__import__('os')}", "OP302", 0),
        ("{params}", "OP401", 0),
    ],
)
def test_format_string_tricks_in_placeholders(template: str, code: str, offset: int,
                                              project: Project) -> None:
    project.write_module(PLACEHOLDER_MODULE.replace("{expr}", template))
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    diag = exc.value.diagnostics[0]
    assert (diag.code, diag.line, diag.column) == (code, 10, PLACEHOLDER_COLUMN + offset), \
        diag.format()


def test_messages_are_never_passed_to_str_format(project: Project) -> None:
    """Doubled braces are literal text; nothing in a message reaches str.format or eval."""
    project.write_module(PLACEHOLDER_MODULE.replace(
        "{expr}", "{{0.__class__}} {{employee.__class__}} {{}} %s %(x)s {termination.ground}"))
    report = evaluate(load_policy(project.policy), parse_case(CASE, display="case"))
    (finding,) = report.findings
    assert finding.message.en == (
        "Amount {0.__class__} {employee.__class__} {} %s %(x)s resignation due")


def test_nul_in_an_expression_is_refused_by_the_reader(project: Project) -> None:
    _write(project, "true\x00")
    with pytest.raises(InputError) as exc:
        load_policy(project.policy)
    diag = exc.value.diagnostics[0]
    assert (diag.code, diag.line, diag.column) == ("OP102", EXPR_LINE, EXPR_COLUMN + 4)


# -- allowed expressions carrying hostile text: data, never code -----------------------------

HOSTILE_LITERALS = [
    "\"); __import__('os').system('touch CANARY'); (\"",
    "'; import os; os.system('touch CANARY') #",
    "\\\\'); open('CANARY', 'w'); ('",
    "{0.__class__} {employee.__class__} %s %(x)s",
    "line\\nbreak\\r\\u2028\\x00end",
    "\"\"\" ''' \\\\",
]


def test_hostile_string_literals_stay_data(project: Project, tmp_path: Path) -> None:
    """A string literal is a value, and a case value is text in a message, never code, however
    often the policy is evaluated."""
    canary = tmp_path / "canary"
    checks = []
    for i, text in enumerate(HOSTILE_LITERALS):
        literal = json.dumps(text.replace(CANARY, str(canary)))  # a double-quoted literal
        checks.append({
            "id": f"SEC-lit{i}", "severity": "blocking", "citation": "test",
            "assert": f"employee.name != {literal} and "
                      f"coalesce(employee.id, {literal}) != {literal}",
            "message": {"zh": "{employee.name}", "en": "name {employee.name} id {employee.id}"},
        })
    checks.append({"id": "SEC-missing", "severity": "warning", "citation": "test",
                   "assert": f"missing({json.dumps(HOSTILE_LITERALS[0])}) == 1",
                   "message": {"zh": "x", "en": "x"}})
    project.write_module({"module": "sec", "kind": "internal", "checks": checks})
    policy = load_policy(project.policy)
    case = json.loads(json.dumps(CASE))
    case["employee"]["name"] = HOSTILE_LITERALS[0].replace(CANARY, str(canary))
    case["employee"]["id"] = "{employee.__class__} {{x}} %s"
    model = parse_case(case, display="case")
    reports = [evaluate(policy, model) for _ in range(40)]
    first = reports[0]
    assert all(r == first for r in reports[1:])
    assert [f.rule for f in first.findings] == ["SEC-lit0", "SEC-missing"]
    lit0 = first.findings[0]
    assert lit0.status == "violation"
    assert lit0.message.en == f"name {case['employee']['name']} id {case['employee']['id']}"
    assert first.findings[1].status == "incomplete"
    assert not canary.exists()
