"""Electoral work: elections and the legal calendar, electoral geography, candidates and
endorsements, poll watchers, election day, results and analysis.

Where things are:
- models/: elections.py (Election, Milestone), geography.py (ElectoralUnit tree with fixed-width
  id paths, GeographyImport), candidates.py (Candidate, Endorsement + checklist), watchers.py
  (PollWatcher lifecycle, training, assignments, incidents, PlaceCoverage), results.py (ballot,
  TableResult with votes as JSON, unit summaries, imports, TallyCapture double entry).
- services/: every write, one module per area; state machines lock the row and append history.
- selectors.py: the coverage board and the analysis, a fixed handful of queries at 120,000 tables.
- Imports reuse core.tabular (upload checks, child-process reader, header mapping, error report);
  a well-formed CSV is parsed by PostgreSQL's COPY (tabular_load.py), then validated set-based.
- Reminders: tasks.send_milestone_reminders, scheduled by migration 0002 (django-celery-beat).
- Benchmarks: bench/bench_electoral.py.
"""
