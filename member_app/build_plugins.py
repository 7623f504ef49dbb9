"""How the frontend build groups its code into files, and which of Radix's styles it takes (issue
#13 finding 11).

Left to itself the bundler split the libraries every page loads into some thirty small
files (each Radix component, each icon), and every file costs a request: on the home page 37
requests, each answered through the app's middleware with about 1 KiB of headers. Grouping
the Radix and icon modules into one file each cuts the first load to about 20 requests. Both
groups are shared by every page (the layout uses Radix and icons everywhere), so no page
loads code it would not have loaded anyway beyond a few small Radix parts of other pages.
Recharts is not grouped: it stays in its own chunk, loaded after the first paint
(member_app/lazy_charts.py).
"""

from __future__ import annotations

from typing import Any

from reflex_base.constants import ReactRouter
from reflex_base.plugins.base import Plugin
from reflex_components_radix.plugin import RadixThemesPlugin

# The module ids (paths under node_modules) of each group, as Rolldown's codeSplitting
# groups take them. Radix Themes' own helpers (react-remove-scroll, aria-hidden, ...) travel
# with it.
GROUPS = {
    "radix": r"/node_modules[\\/](@radix-ui|radix-ui|@floating-ui|react-remove-scroll"
             r"|react-remove-scroll-bar|react-style-singleton|use-callback-ref|use-sidecar"
             r"|aria-hidden|get-nonce|classnames)[\\/]/",
    "icons": r"/node_modules[\\/]lucide-react[\\/]/",
}
# entriesAware: a group's modules are split by which entries (pages, lazy imports) use them, so
# the whole icon set a lazy import can reach never joins the icons every page shows; subgroups
# smaller than this many bytes join their closest neighbour.
MERGE_BELOW = 20_000
# The end of Reflex's own group in its vite.config.js template (reflex_base/compiler/templates.py).
ANCHOR = '              name: "reflex-env",\n            },\n'


def add_chunk_groups(config: str) -> str:
    """Reflex's generated vite.config.js with our groups after its own."""
    if "name: \"radix\"" in config:
        return config
    if ANCHOR not in config:
        msg = ("member_app.build_plugins: Reflex's vite.config.js no longer has the chunk "
               f"group this adds to ({ANCHOR.strip()!r}); update ANCHOR for the new template")
        raise RuntimeError(msg)
    groups = "".join(f'            {{\n              test: {test},\n              name: "{name}",\n'
                     "              entriesAware: true,\n"
                     f"              entriesAwareMergeThreshold: {MERGE_BELOW},\n"
                     "            },\n" for name, test in GROUPS.items())
    return config.replace(ANCHOR, ANCHOR + groups, 1)


class ChunkGroups(Plugin):
    """Adds GROUPS to the build's vite.config.js before every compile."""

    def pre_compile(self, **context: Any) -> None:
        context["add_modify_task"](ReactRouter.VITE_CONFIG_FILE, add_chunk_groups)


# Radix Themes' stylesheet defines all 31 of its colour scales, each in light and dark and in
# sRGB and P3: 22 of the 50 KiB (brotli) the stylesheet costs every first load. Radix documents
# importing its parts instead: the base tokens, the scales an app uses, the components and the
# utilities. These are the scales the app names (accent and gray of rxconfig.py's theme, the
# components' color_scheme, var(--<colour>-<step>) in styles);
# tests/member_app/test_radix_colours.py fails when a screen names one that is not here.
RADIX_COLOURS = ("amber", "blue", "gold", "gray", "green", "orange", "red", "sand", "slate",
                 "yellow")
RADIX = "@radix-ui/themes"


def radix_stylesheets(colours: tuple[str, ...] = RADIX_COLOURS) -> tuple[str, ...]:
    return (f"{RADIX}/tokens/base.css",
            *(f"{RADIX}/tokens/colors/{colour}.css" for colour in colours),
            f"{RADIX}/components.css", f"{RADIX}/utilities.css")


class RadixThemesWithItsColours(RadixThemesPlugin):
    """Reflex's Radix Themes plugin, with only RADIX_COLOURS' scales in the stylesheet."""

    def get_stylesheet_paths(self, **context: Any) -> tuple[str, ...]:
        return radix_stylesheets() if self.enabled else ()
