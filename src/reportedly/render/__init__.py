"""Renderings of a record for people: ``terminal.render_terminal`` (rich),
``markdown.render_markdown`` and ``html.render_html`` (one self-contained
page). Each reads only the :class:`~reportedly.model.Record`."""
