"""Choices drawn as badges without being a status carry their tones on the class (`@toned`), like
statuses: the badge colours stay what the pages showed before."""

import pytest

from comunicaciones.models import MediaMention, PieceVersion
from core.models import AuditEvent
from electoral.models import WatcherAssignment


@pytest.mark.parametrize(
    ("choices", "tones"),
    [
        (PieceVersion.Decision, {"approved": "success", "returned": "danger"}),
        (MediaMention.Tone, {"positive": "success", "neutral": "secondary", "negative": "danger"}),
        (WatcherAssignment.CheckIn, {"pending": "secondary", "present": "success", "absent": "danger"}),
    ],
)
def test_the_choices_keep_their_badge_tones(choices, tones):
    assert dict(choices.tones) == tones


def test_the_audit_actions_that_stand_out_keep_their_tones():
    standing_out = {value: tone for value, tone in AuditEvent.Action.tones.items() if tone != "secondary"}
    assert standing_out == {"login_failed": "danger", "reject": "danger", "export": "warning", "download": "warning"}
