"""axe-core (vendored, static/vendor/axe-core/) in Playwright: WCAG 2.2 AA checks for browser tests.

from core.tests.axe import axe_violations
assert axe_violations(page) == []
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")


@cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page, *, impacts=BLOCKING) -> list[tuple[str, str, str]]:
    """(rule, target, html) of every element violating a WCAG 2.2 AA rule with the given impacts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: an added <script> tag would be refused by the page's CSP.
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160)}))}));
        }""",
        WCAG_22_AA,
    )
    return [
        (v["id"], node["target"], node["html"]) for v in violations if v["impact"] in impacts for node in v["nodes"]
    ]
