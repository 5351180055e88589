"""The staff console: server-rendered pages for the center's staff (templates, static files,
the words in each language). The page routes are server.routes.web; the helpers every page
uses are server.web.console."""
