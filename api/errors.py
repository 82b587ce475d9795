"""Chinese messages for the API's validation errors, and the refusals that answer 409."""

from __future__ import annotations

import importlib

MESSAGES = {
    "missing": "必填",
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "string_type": "应为文字",
    "string_pattern_mismatch": "格式不正确",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为是或否",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "内容格式不正确",
    "dict_type": "内容格式不正确",
}

# Apps whose workflow refuses a step with an exception carrying a Chinese message.
REFUSAL_MODULES = ("core.workflow", "suggestions.workflow", "stations.workflow", "api.workflow")


def chinese_validation_errors(errors: list[dict]) -> list[dict]:
    out = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path", "payload")]
        out.append({"field": ".".join(loc), "message": MESSAGES.get(e.get("type", ""), "格式不正确")})
    return out


def refusal_types() -> list[type[Exception]]:
    """The workflow refusals (one class once core.workflow holds it; several before)."""
    found: list[type[Exception]] = []
    for name in REFUSAL_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for attr in ("TransitionRefused", "TokenRefused"):
            cls = getattr(module, attr, None)
            if isinstance(cls, type) and cls not in found:
                found.append(cls)
    return found
