"""`python -m member_app.pwa`: draw the icons into assets/ (make does this before serving)."""

from __future__ import annotations

from member_app.pwa.icons import write_icons
from member_app.settings import PROJECT_ROOT

for path in write_icons(PROJECT_ROOT / "assets" / "icons"):
    print(path.relative_to(PROJECT_ROOT))
