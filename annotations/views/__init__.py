"""HTML views, one module per resource. Thin: parse the request with a form, call a service or selector, render a
page or a fragment. One URL serves both the full page and, for htmx, the fragment it swaps (`Vary: HX-Request`).
The workspace's shared pieces (highlighted text, card, out-of-band refresh) live in annotations.workspace.
"""
