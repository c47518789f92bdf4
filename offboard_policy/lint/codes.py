"""The lint-only diagnostic codes (OP7xx) and a one-line description of every code family.

Codes OP1xx-OP6xx come from reading and compiling (``offboard_policy.errors``); ``lint`` adds
OP7xx for problems that are legal to load but likely mistakes. The table here is the single
source for ``--help``, the README and the SARIF rule metadata.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeInfo:
    """What a diagnostic code means."""

    code: str
    name: str
    """PascalCase name (SARIF ``reportingDescriptor.name``)."""
    summary: str
    """One sentence: what is wrong."""
    fix: str
    """One sentence: how to fix it."""


FAMILIES: dict[str, CodeInfo] = {
    "OP1": CodeInfo("OP1xx", "UnreadableYaml", "The file is not safe, bounded YAML.",
                    "Fix the YAML syntax, encoding, duplicate key or tag at the position shown."),
    "OP2": CodeInfo("OP2xx", "FileStructure",
                    "The file does not follow its JSON Schema (module, parameters or policy).",
                    "Use the fields documented in docs/rule-language.md."),
    "OP3": CodeInfo("OP3xx", "ExpressionSyntax",
                    "An expression is not valid or uses a refused form.",
                    "Write the expression in the allowed subset (docs/rule-language.md)."),
    "OP4": CodeInfo("OP4xx", "ReferenceOrType",
                    "An expression names an unknown field, parameter or value, or has the "
                    "wrong type.", "Check the spelling against the case model and the tables."),
    "OP5": CodeInfo("OP5xx", "CaseData", "Case data does not follow the input contract.",
                    "Correct the case field shown."),
    "OP6": CodeInfo("OP6xx", "Layering", "A policy's includes, extends or overrides are wrong.",
                    "Check the paths and the policy chain."),
    "OP8": CodeInfo("OP8xx", "PolicyTest", "A policy test file or one of its tests is unusable.",
                    "See the README section 'Policy tests'."),
    "OP7": CodeInfo("OP7xx", "Lint", "A likely mistake found by offboard-policy lint.",
                    "See the lint code table in the README."),
}

LINT_CODES: dict[str, CodeInfo] = {c.code: c for c in (
    CodeInfo("OP701", "MissingCitation",
             "A rule, value or parameter has no usable legal citation.",
             "Cite the article the rule implements, e.g. '劳动合同法 第四十七条 (LCL Art. 47)'."),
    CodeInfo("OP702", "MissingTranslation",
             "A message, title or hint lacks its Chinese or English text.",
             "Give both 'zh' (in Chinese) and 'en' (in English)."),
    CodeInfo("OP703", "ParameterDates",
             "Parameter values have overlapping, repeated or out-of-order dates.",
             "List each series once, in ascending 'from' order."),
    CodeInfo("OP704", "MissingSource", "A dated parameter value does not say where it comes from.",
             "Add 'source:' naming the published document."),
    CodeInfo("OP705", "CityCoverageGap",
             "A city has a value for one parameter but not for another that a rule uses with it.",
             "Add the city to the other table (an empty list marks 'no verified figure')."),
    CodeInfo("OP706", "UnusedParameter", "No rule of any linted policy reads this parameter.",
             "Remove it, or use it in a rule."),
    CodeInfo("OP707", "UnusedValue", "No check or settlement line needs this derived value.",
             "Remove it, or use it."),
    CodeInfo("OP708", "ConstantCondition",
             "A condition does not depend on the case: it is always true or always false.",
             "Refer to the case fields the rule is about."),
    CodeInfo("OP709", "UnapprovedDeviation",
             "A deviation lacks a valid approval record, or names a rule no module defines.",
             "Add or renew the policy's 'approval:' (offboard-policy approve)."),
    CodeInfo("OP710", "UnknownFile",
             "A YAML file is neither a policy, a rule module nor a parameter table.",
             "Start it with 'policy:', 'module:' or 'parameters:'."),
    CodeInfo("OP711", "AbsentDataAsViolation",
             "An assert tests a field the case may not carry with '== true', '== false' or "
             "'is not none' and no branch for its absence: missing data becomes a violation.",
             "Use the value itself ('x', 'x <= d': absent is incomplete, naming the field), "
             "or say what absence means ('x is none or ...')."),
)}

SUPPRESS_MARKER = "offboard-policy: ignore"
"""A YAML comment ``# offboard-policy: ignore[OP706]`` on a line silences those codes there."""


def describe(code: str) -> CodeInfo:
    """What ``code`` means: its own entry for lint codes, else its family's."""
    if code in LINT_CODES:
        return LINT_CODES[code]
    family = FAMILIES.get(code[:3])
    if family is None:
        return CodeInfo(code, "Problem", "A problem found by offboard-policy.", "See the message.")
    return CodeInfo(code, family.name, family.summary, family.fix)
