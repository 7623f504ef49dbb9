"""The build's chunk groups (member_app/build_plugins.py) on Reflex's own vite.config.js."""

from __future__ import annotations

import pytest
from reflex_base.compiler import templates

from member_app.build_plugins import add_chunk_groups


def _reflex_vite_config() -> str:
    return str(templates.vite_config_template(
        base="/", hmr=False, force_full_reload=False, experimental_hmr=False, sourcemap=False))


def test_the_groups_follow_reflexs_own_and_are_added_once() -> None:
    config = add_chunk_groups(_reflex_vite_config())
    assert config.index('name: "reflex-env"') < config.index('name: "radix"') < config.index(
        'name: "icons"')
    assert config.count("entriesAware: true") == 2
    assert add_chunk_groups(config) == config


def test_a_changed_template_stops_the_build_with_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="no longer has the chunk group"):
        add_chunk_groups("export default defineConfig(() => ({}));")
