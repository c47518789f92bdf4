"""The one table of diagnostic codes: every code with its family, name, title and help.

Every module that reports a problem uses a named constant from here, never an ``"OPnnn"``
literal; ``lint``, the SARIF rule metadata and the README's "Error codes" table read the same
table (``tests/test_codes.py`` keeps all three in step and fails on a code that is raised but
not listed, or listed but never raised). Codes are stable: a code is never reused for another
meaning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeInfo:
    """What a diagnostic code (or a code family, ``OP1xx``) means."""

    code: str
    name: str
    """PascalCase name (SARIF ``reportingDescriptor.name``)."""
    summary: str
    """One sentence: what is wrong (the title)."""
    fix: str
    """One sentence: how to fix it (the help)."""

    @property
    def family(self) -> str:
        """``OP1xx`` for ``OP104``."""
        return self.code[:3] + "xx"


FAMILIES: dict[str, CodeInfo] = {
    "OP1": CodeInfo("OP1xx", "UnreadableYaml",
                    "Reading files: YAML syntax, encoding, limits, duplicate keys, tags.",
                    "Fix the YAML syntax, encoding, duplicate key or tag at the position shown."),
    "OP2": CodeInfo("OP2xx", "FileStructure",
                    "Rule module, policy or parameter file structure (JSON Schema).",
                    "Use the fields documented in docs/rule-language.md."),
    "OP3": CodeInfo("OP3xx", "ExpressionSyntax",
                    "Expressions: syntax, refused forms, limits.",
                    "Write the expression in the allowed subset (docs/rule-language.md)."),
    "OP4": CodeInfo("OP4xx", "ReferenceOrType",
                    "References and types: unknown names, fields, parameters, cycles.",
                    "Check the spelling against the case model and the tables."),
    "OP5": CodeInfo("OP5xx", "CaseData", "Case data: validation against the input contract.",
                    "Correct the case field shown."),
    "OP6": CodeInfo("OP6xx", "Layering",
                    "Policy layering: includes, extends, deviations, approval.",
                    "Check the paths, the policy chain and its deviations."),
    "OP7": CodeInfo("OP7xx", "Lint", "Lint-only checks: likely mistakes in files that load.",
                    "See docs/ci.md."),
    "OP8": CodeInfo("OP8xx", "PolicyTest", "Policy test files and their tests.",
                    "See the README section 'Policy tests'."),
    "OP9": CodeInfo("OP9xx", "RevisionOrInternal",
                    "Git revisions named to `diff` (OP90x); internal failures reported instead "
                    "of unchecked results (OP95x).",
                    "Name a revision and a path that exist (e.g. main:policies/cn-beijing.yaml); "
                    "report an OP95x with the input."),
}

CODES: dict[str, CodeInfo] = {}


def _code(code: str, name: str, summary: str, fix: str) -> str:
    if code in CODES or code[:3] not in FAMILIES:
        raise ValueError(f"code {code} is listed twice or has no family")
    CODES[code] = CodeInfo(code, name, summary, fix)
    return code


# -- OP1xx reading files -----------------------------------------------------------------------
YAML_READ = _code("OP100", "UnreadableFile", "The file or folder cannot be opened or read.",
                  "Check the path and its permissions.")
YAML_SYNTAX = _code("OP101", "YamlSyntax", "The file is not valid YAML.",
                    "Fix the YAML syntax at the position shown.")
YAML_ENCODING = _code("OP102", "YamlEncoding",
                      "The file is not UTF-8, or holds a character YAML does not allow.",
                      "Save the file as UTF-8 without control characters.")
YAML_SIZE = _code("OP103", "YamlTooLarge", "The file or a scalar is larger than the limit.",
                  "Split the file or shorten the value.")
YAML_DUPLICATE_KEY = _code("OP104", "DuplicateKey", "A key is written twice in one mapping.",
                           "Keep one of the two keys.")
YAML_TAG = _code("OP105", "YamlTag", "The file uses an explicit YAML tag (!!python/..., !foo).",
                 "Remove the tag; plain values are enough.")
YAML_DEPTH = _code("OP106", "YamlTooDeep", "The nesting is deeper than the limit.",
                   "Flatten the structure.")
YAML_NODES = _code("OP107", "YamlTooManyNodes", "The file has more nodes than the limit.",
                   "Split the file.")
YAML_ALIAS_EXPANSION = _code("OP108", "AliasExpansion",
                             "Aliases expand to more nodes than the limit.",
                             "Write the values out, or use fewer aliases.")
YAML_KEY = _code("OP109", "YamlKey", "A mapping key is not a scalar, or a merge key (<<) is bad.",
                 "Use plain text keys.")
YAML_VALUE = _code("OP110", "YamlValue",
                   "A scalar cannot be a value: .inf, .nan, a time of day, 2026-02-30.",
                   "Write a finite number or a real date.")
YAML_DOCUMENTS = _code("OP111", "YamlDocuments", "The file holds more than one YAML document.",
                       "Keep one document per file.")
YAML_ANCHOR = _code("OP112", "YamlAnchor",
                    "An undefined alias, an anchor defined twice, or an alias to an enclosing "
                    "node.", "Define each anchor once, before its aliases.")
TOKEN_FILE = _code("OP113", "TokenFile",
                   "The token file of `serve --tokens` cannot be read or has a bad line.",
                   "Write one 'TOKEN ROLE NAME' per line (roles hr, legal, admin).")

# -- OP2xx file structure ------------------------------------------------------------------------
FILE_NOT_MAPPING = _code("OP201", "NotAMapping", "The file is empty or not a YAML mapping.",
                         "Start the file with 'module:', 'parameters:' or 'policy:'.")
FILE_UNKNOWN_FIELD = _code("OP202", "UnknownField", "A field the schema does not have.",
                           "Check the spelling against docs/rule-language.md.")
FILE_MISSING_FIELD = _code("OP203", "MissingField", "A required field is missing.",
                           "Add the field named.")
FILE_CHOICE = _code("OP204", "NotAChoice", "A value is not one of the allowed choices.",
                    "Use one of the values listed.")
FILE_TYPE = _code("OP205", "WrongKind", "A value of the wrong kind (text for a number...).",
                  "Write a value of the kind named.")
FILE_NAME = _code("OP206", "BadName", "A name that is not valid in its place.",
                  "Use the naming pattern given in the message.")
FILE_SCHEMA = _code("OP207", "SchemaViolation", "The file breaks another schema constraint.",
                    "See the message and docs/rule-language.md.")
FILE_VALUE = _code("OP208", "BadValue",
                   "A text with an unmatched brace, or a value or date that cannot be read.",
                   "Write {{ or }} for a literal brace; correct the value.")
PARAM_ANNUAL = _code("OP209", "AnnualMismatch", "A monthly value is not the annual value / 12.",
                     "Correct 'value' or 'annual'.")
PARAM_DATES = _code("OP210", "ParameterDateOrder",
                    "Dated parameter values are not in ascending order, or repeat a date.",
                    "List each date once, in ascending 'from' order.")
PARAM_CITY = _code("OP211", "ParameterCity",
                   "Values per city without 'by: city', or a city for a parameter that does "
                   "not vary by city.", "Add 'by: city' or drop the city.")

# -- OP3xx expressions ---------------------------------------------------------------------------
EXPR_SYNTAX = _code("OP300", "ExpressionSyntax", "The text is not an expression at all.",
                    "Fix the syntax at the position shown.")
EXPR_UNSUPPORTED = _code("OP301", "RefusedConstruct",
                         "A construct outside the expression language's allowlist.",
                         "Write the expression in the allowed subset (docs/rule-language.md).")
EXPR_UNKNOWN_FUNCTION = _code("OP302", "UnknownFunction",
                              "A call of anything but a function from the table.",
                              "Use a function listed in docs/rule-language.md.")
EXPR_LIMIT = _code("OP303", "ExpressionTooLarge",
                   "An expression is longer, bigger or deeper than the limits.",
                   "Split it into derived values.")
EXPR_BAD_LITERAL = _code("OP304", "BadLiteral",
                         "A literal in a refused form (1e5, 0x1F, b\"\", a bad date(\"...\")).",
                         "Write plain decimals and date(\"YYYY-MM-DD\").")

# -- OP4xx references and types ------------------------------------------------------------------
UNKNOWN_NAME = _code("OP401", "UnknownName", "An unknown name, case field or parameter.",
                     "Check the spelling against the case model and the tables.")
VALUE_CYCLE = _code("OP402", "ValueCycle", "Derived values depend on each other in a cycle.",
                    "Break the cycle.")
TYPE_MISMATCH = _code("OP403", "TypeMismatch",
                      "An operator or function applied to values of the wrong type.",
                      "Convert or compare values of the same type.")
DUPLICATE_DEFINITION = _code("OP404", "DuplicateDefinition",
                             "A value, check or settlement line is defined twice, or uses a "
                             "reserved name.", "Rename or remove one of them.")
ENUM_VALUE = _code("OP405", "UnknownEnumValue",
                   "A string compared with an enum that does not have that value.",
                   "Use one of the enum's values.")
EXPECTED_TYPE = _code("OP406", "WrongType",
                      "An expression's type is not the one its place requires.",
                      "'when' is true/false, 'amount' a number, 'due' a date.")
POLICY_TOO_LARGE = _code("OP407", "PolicyTooLarge",
                         "The policy is too large, or a chain of derived values too deep.",
                         "Split or trim the rules; shorten the chain.")
UNKNOWN_SET_PARAMETER = _code("OP408", "UnknownSetParameter",
                              "'set:' names a parameter no table defines.",
                              "Check the spelling against the parameter tables.")
DUPLICATE_PARAMETER = _code("OP409", "DuplicateParameter",
                            "A parameter is defined in two tables.",
                            "Keep one definition.")
EXPLAIN_UNKNOWN_NAME = _code("OP410", "UnknownExplainName",
                             "'explain' names no settlement line, check or derived value of the "
                             "policy.", "Give an id the policy defines (see the did-you-mean).")

# -- OP5xx case data -----------------------------------------------------------------------------
CASE_MISSING = _code("OP501", "MissingCaseField", "A required case field is missing.",
                     "Add the field named.")
CASE_UNKNOWN = _code("OP502", "UnknownCaseField", "A field the case contract does not have.",
                     "Check the spelling against docs/case-format.md.")
CASE_TYPE = _code("OP503", "CaseFieldKind",
                  "A value of the wrong kind: text for a number, a list for a mapping.",
                  "Write a value of the kind named.")
CASE_VALUE = _code("OP504", "CaseFieldValue",
                   "A value of the right kind that is not allowed: enum, range, pattern.",
                   "Use an allowed value.")
CASE_DOCUMENT = _code("OP505", "CaseDocument", "The case file is empty or not a mapping.",
                      "Write the case as one mapping.")
CASE_JSON = _code("OP506", "CaseSyntax",
                  "A case file or batch line that is not valid JSON, CSV or UTF-8.",
                  "Fix the syntax at the position shown.")
CASE_FILE = _code("OP507", "CaseFile", "A case file that cannot be read, or of an unknown type.",
                  "Give a readable .yaml, .yml or .json file.")
REQUEST_PARAMETER = _code("OP508", "RequestParameter",
                          "A query parameter of a service call is missing or invalid.",
                          "Give the parameter as the OpenAPI document (/openapi.json) says.")
CASE_BUDGET = _code("OP509", "EvaluationBudget",
                    "Checking the case ran past the service's time budget per case.",
                    "Split the case or ask the operator for a larger `serve --budget`.")

# -- OP6xx layering ------------------------------------------------------------------------------
INCLUDE_READ = _code("OP601", "UnreadablePolicyFile", "A policy or included file cannot be read.",
                     "Check the path.")
INCLUDE_NO_MATCH = _code("OP602", "IncludeNoMatch", "An include matches no file, or a file twice.",
                         "Check the include pattern.")
INCLUDE_NOT_YAML = _code("OP603", "IncludeNotYaml", "An include names a file that is not .yaml.",
                         "Include .yaml files only.")
INCLUDE_OUTSIDE = _code("OP604", "IncludeOutsideProject",
                        "An include points outside the policy's project folder.",
                        "Keep rule files beside the policy.")
EXTENDS_CYCLE = _code("OP605", "ExtendsCycle", "Policies extend each other in a cycle.",
                      "Break the cycle.")
EXTENDS_DEPTH = _code("OP606", "ExtendsTooDeep", "The chain of 'extends' is too long.",
                      "Shorten the chain.")
DUPLICATE_POLICY = _code("OP607", "DuplicatePolicyId",
                         "Two policy files given to `serve` declare the same policy id.",
                         "Serve one file per policy id.")
LAYER_CHECK = _code("OP610", "StatutoryCheckLowered",
                    "A statutory check lowered or switched off without a deviation.",
                    "Declare a deviation in the same policy file, or keep the check.")
LAYER_LINE = _code("OP611", "StatutoryLineLowered",
                   "A statutory settlement line replaced, lowered or switched off without a "
                   "deviation.", "Use 'extra:' on top, or declare a deviation.")
LAYER_PARAM = _code("OP612", "StatutoryParameterSet",
                    "A statutory parameter set without a deviation.",
                    "Declare a deviation for params.NAME, or leave it.")
LAYER_UNKNOWN = _code("OP613", "AdjustUnknown",
                      "'adjust:' names a check or settlement line no included module defines.",
                      "Check the id.")
APPROVAL_STALE = _code("OP620", "ApprovalStale",
                       "The approval record's digest does not match the policy's content.",
                       "Review the change and record a new approval (offboard-policy approve).")

# -- OP7xx lint (OP703 retired: dates out of order are OP210 at load) --------------------
LINT_CITATION = _code("OP701", "MissingCitation",
                      "A rule, value or parameter has no usable legal citation.",
                      "Cite the article the rule implements, e.g. "
                      "'劳动合同法 第四十七条 (LCL Art. 47)'.")
LINT_TRANSLATION = _code("OP702", "MissingTranslation",
                         "A message, title or hint lacks its Chinese or English text.",
                         "Give both 'zh' (in Chinese) and 'en' (in English).")
LINT_SOURCE = _code("OP704", "MissingSource",
                    "A dated parameter value does not say where it comes from.",
                    "Add 'source:' naming the published document.")
LINT_CITY_GAP = _code("OP705", "CityCoverageGap",
                      "A city has a value for one parameter but not for another that a rule "
                      "uses with it.",
                      "Add the city to the other table (an empty list marks 'no verified "
                      "figure').")
LINT_UNUSED_PARAMETER = _code("OP706", "UnusedParameter",
                              "No rule of any linted policy reads this parameter.",
                              "Remove it, or use it in a rule.")
LINT_UNUSED_VALUE = _code("OP707", "UnusedValue",
                          "No check or settlement line needs this derived value.",
                          "Remove it, or use it.")
LINT_CONSTANT = _code("OP708", "ConstantCondition",
                      "A condition does not depend on the case: it is always true or always "
                      "false.", "Refer to the case fields the rule is about.")
LINT_DEVIATION = _code("OP709", "UnapprovedDeviation",
                       "A deviation lacks a valid approval record, or names a rule no module "
                       "defines.",
                       "Add or renew the policy's 'approval:' (offboard-policy approve).")
LINT_UNKNOWN_FILE = _code("OP710", "UnknownFile",
                          "A YAML file is neither a policy, a rule module nor a parameter table.",
                          "Start it with 'policy:', 'module:' or 'parameters:'.")
LINT_ABSENT_AS_VIOLATION = _code(
    "OP711", "AbsentDataAsViolation",
    "An assert tests a field the case may not carry with '== true', '== false' or 'is not "
    "none' and no branch for its absence: missing data becomes a violation.",
    "Use the value itself ('x', 'x <= d': absent is incomplete, naming the field), or say "
    "what absence means ('x is none or ...', missing(\"x: what to record\")).")

# -- OP8xx policy tests --------------------------------------------------------------------------
TEST_PATH = _code("OP800", "NoSuchTestPath", "A test file or folder named does not exist.",
                  "Check the path.")
TEST_FILE = _code("OP801", "BadTestFile", "A policy test file is unusable.",
                  "See the README section 'Policy tests'.")
TEST_CASE = _code("OP802", "BadTestCase", "A test's case or its overrides are unusable.",
                  "Use dotted case paths that exist, e.g. employee.wages.monthly[0].gross.")
TEST_UNKNOWN_NAME = _code("OP803", "UnknownNameInTest",
                          "A rule id, settlement line or set: path of a test file does not exist "
                          "in the policy under test, so the test could pass by mistake.",
                          "Correct the name (see the did-you-mean).")
TEST_EXPECTS_NOTHING = _code("OP804", "TestExpectsNothing",
                             "A test's expect: names nothing to check.",
                             "Expect a verdict, findings, passed, not_applicable, waived, "
                             "settlement or total_required.")

# -- OP9xx git revisions -------------------------------------------------------------------------
GIT_UNAVAILABLE = _code("OP901", "GitUnavailable",
                        "git is missing, or the revision or repository cannot be read.",
                        "Run diff inside the repository and name an existing revision.")
GIT_NO_FILE = _code("OP902", "NoFileAtRevision",
                    "The policy file does not exist at the revision named.",
                    "Give REV:PATH with a path that exists at REV.")

# -- OP95x internal failures ---------------------------------------------------------------------
PLAN_UNCHECKED = _code("OP950", "PlanNotFound",
                       "plan found no change that makes the case ready, though nothing left "
                       "needs data or is unlawful by construction (a planner bug; no advice "
                       "is printed).",
                       "Report it with the case and the policy.")


SUPPRESS_MARKER = "offboard-policy: ignore"
"""A YAML comment ``# offboard-policy: ignore[OP706]`` on a line silences those codes there."""

LINT_CODES: dict[str, CodeInfo] = {k: v for k, v in CODES.items() if k.startswith("OP7")}


def describe(code: str) -> CodeInfo:
    """What ``code`` means: its own entry, else its family's (never a generic "Problem")."""
    if code in CODES:
        return CODES[code]
    family = FAMILIES.get(code[:3])
    if family is None:
        raise KeyError(f"unknown diagnostic code {code!r}")
    return CodeInfo(code, family.name, family.summary, family.fix)


def markdown_table() -> str:
    """The README's "Error codes" table (``tests/test_codes.py`` checks the README has it)."""
    rows = ["| code | name | what is wrong | how to fix |", "|---|---|---|---|"]
    for prefix, family in FAMILIES.items():
        rows.append(f"| **{family.code}** | | {family.summary} | |")
        for info in CODES.values():
            if info.code.startswith(prefix):
                rows.append(f"| {info.code} | {info.name} | {info.summary} | {info.fix} |")
    return "\n".join(rows) + "\n"
