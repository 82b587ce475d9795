"""The assembled site, on top of every app: the home page with each app's todos, the main menu,
a congress's public front page, the audit log page and the demo congress.

Layers run one way: core ← registry and accounts ← workflow apps ← reports ← portal (docs/architecture.md).
Only portal may name every app; core names none (core/tests/test_layers.py checks it).
"""
