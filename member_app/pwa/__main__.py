"""`python -m member_app.pwa`: draw the icons into assets/ (make does this before serving)."""

from __future__ import annotations

from member_app.pwa.icons import write_icons
from member_app.pwa.shortcut_icons import write_shortcut_icons
from member_app.settings import PROJECT_ROOT

ICONS = PROJECT_ROOT / "assets" / "icons"
for path in [*write_icons(ICONS), *write_shortcut_icons(ICONS)]:
    print(path.relative_to(PROJECT_ROOT))
