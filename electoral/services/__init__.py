"""Every write of the electoral app: one function per use case, atomic, taking the acting user.

State machines (milestone, endorsement, poll watcher, tally double entry) move only here:
the row is locked (`select_for_update`), an illegal move raises one ValidationError with a
clear Spanish message, and every move appends a history row.
"""
