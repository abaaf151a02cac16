"""The roster ("planilla") pipeline: upload → read → map → validate → preview → confirm → import
(→ roll back). Set-based from the staging rows on: COPY in, classify and import with SQL."""
