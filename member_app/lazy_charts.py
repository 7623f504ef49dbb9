"""Recharts loads only when a chart is drawn, after the page has painted (issue #13 finding 11).

Reflex imports a chart (BarChart, ...) lazily (a NoSSRComponent: `ClientSide(() =>
import("recharts"))`), but imports its parts (Bar, XAxis, Tooltip, ResponsiveContainer, ...)
statically, so the bundler put most of recharts into the page's own chunk: on the home page
300 of its 380 kB, parsed and run before the tier card could show, and the chart's text
measuring (forced layouts) ran in the same frames as the card's first paint.

Here every part is imported lazily too, so all of recharts goes into a chunk of its own, and
the parts wait (`AfterFirstPaint`, below) until the page has painted once and the browser is
idle (at most a second) before fetching it: the chart below the fold draws after what is above
it, never in its way.

This works because recharts 3 charts find their parts through React context (each part
registers itself), not by the type of their children, with one exception: `Cell`, which Bar,
Pie, ... find with `findAllByType`. Cell stays a static import (it is small).
tests/member_app/test_lazy_charts.py checks the compiled imports.
"""

from __future__ import annotations

import contextlib

from reflex_base.components.component import Component, NoSSRComponent
from reflex_base.utils import format, imports
from reflex_base.utils.imports import ImportVar, ParsedImportDict
from reflex_components_recharts.general import Cell
from reflex_components_recharts.recharts import Recharts

FOUND_BY_TYPE = (Cell,)  # parts recharts finds by their type: they must stay the real thing

# Module-level JS in each page that has a chart. One promise per page: the first part to mount
# waits for a painted frame and an idle moment, the others (mounted inside it later) do not.
AFTER_FIRST_PAINT = """
let afterFirstPaintPromise = null;
function afterFirstPaint() {
  afterFirstPaintPromise ??= new Promise((resolve) => requestAnimationFrame(() => setTimeout(
    () => (window.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 1000 })
                                      : resolve()), 0)));
  return afterFirstPaintPromise;
}
function AfterFirstPaint(load, name) {
  function AfterFirstPaintComponent({ children, ...props }) {
    const [Component, setComponent] = useState(null);
    useEffect(() => {
      let mounted = true;
      afterFirstPaint().then(load).then((loaded) => mounted && setComponent(() => loaded));
      return () => { mounted = false; };
    }, []);
    return Component ? jsx(Component, props, children) : null;
  }
  AfterFirstPaintComponent.displayName = `AfterFirstPaint(${name})`;
  return AfterFirstPaintComponent;
}
"""


def _lazy_imports(self: Component) -> ParsedImportDict:
    """The component's own imports without the static import of its tag (as
    NoSSRComponent._get_imports does), plus what AFTER_FIRST_PAINT uses."""
    if isinstance(self, FOUND_BY_TYPE):
        return _static_imports(self)
    own = {library: list(names) for library, names in _static_imports(self).items()}
    library = NoSSRComponent._get_import_name(self)  # type: ignore[arg-type]
    if library is not None:
        with contextlib.suppress(KeyError, ValueError):
            own[library].remove(self.import_var)
        own.setdefault(library, []).append(ImportVar(tag=None, render=False))
    return imports.merge_imports(
        {"react": [ImportVar(tag="useState"), ImportVar(tag="useEffect")],
         "@emotion/react": [ImportVar(tag="jsx")]},
        own,
        self._get_dependencies_imports(),
    )


def _lazy_dynamic_import(self: Component) -> str | None:
    if isinstance(self, FOUND_BY_TYPE) or self.library is None:
        return None
    library = format.format_library_name(self.library)
    name = self.alias or self.tag
    return (f"const {name} = AfterFirstPaint(() => import('{library}')"
            f".then((mod) => mod.{self.tag}), \"{name}\")")


def _lazy_custom_code(self: Component) -> list[str]:
    return [] if isinstance(self, FOUND_BY_TYPE) else [AFTER_FIRST_PAINT]


_static_imports = Component._get_imports


def load_recharts_lazily() -> None:
    """Make every recharts part but those in FOUND_BY_TYPE import lazily, after the first
    paint. Call before the app compiles (member_app.py does, at import)."""
    Recharts._get_imports = _lazy_imports  # type: ignore[method-assign]
    Recharts._get_dynamic_imports = _lazy_dynamic_import  # type: ignore[method-assign]
    Recharts.add_custom_code = _lazy_custom_code  # type: ignore[method-assign]
