"""Every model that stores something that looks like a person's data is in the personal-data registry.

A new model (or field) with names, documents, birth dates, contact, addresses, images, files or free
text fails here until its app registers it (militancia/personal_data.py) or it is added to the
allow-list below with the reason it holds no member's personal data.
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from core.audit import personal_audit_models
from militancia.personal_data import registered

LOOKS_PERSONAL = re.compile(
    r"name|id_number|document|birth|phone|email|address|photo|signature|fingerprint|sex|contact|attendee|signer"
    r"|delivered_to|requested_by|raw|sample|note|reason|comment|description|evidence|observation|answer|scan|image|file",
    re.IGNORECASE,
)

# (model, field): why it holds no member's personal data (or why it is kept on purpose).
NOT_PERSONAL = {
    ("core.Territory", "name"): "place names",
    # Staff accounts: the people who operate the system, managed by administrators, not data subjects of
    # the membership registry.
    ("core.User", "username"): "staff account",
    ("core.User", "first_name"): "staff account",
    ("core.User", "last_name"): "staff account",
    ("core.User", "email"): "staff account",
    ("core.User", "phone"): "staff account",
    ("core.AuditEvent", "actor_username"): "the staff user who acted",
    ("core.AuditEvent", "ip_address"): "the staff user's address; personal values of events are in AuditPersonalValue",
    ("core.Job", "error"): "technical error text of a background job",
    **{
        ("militancia.MemberTally", f"with_{name}"): "a count of members with the field filled in, per territory"
        for name in ("phone", "email", "birth_date", "sex", "address", "consent_date", "photo")
    },
    ("militancia.DuplicateCandidate", "reason"): "a rule code (same document, same name and birth date…)",
    # A request's text and answer are kept by law (Ley 1755 de 2015) once the requester's identity is erased.
    ("attention.AttentionRequest", "description"): "kept by law, detached from the requester on suppression",
    ("attention.AttentionRequest", "answer_text"): "kept by law, detached from the requester on suppression",
    ("attention.AttentionRequest", "answered_at"): "a time",
    ("attention.AttentionRequest", "answered_on"): "a date",
    ("attention.AttentionRequest", "answer_sent_at"): "a time",
    ("attention.AttentionExtension", "reason"): "the legal ground for extending the term",
    ("attention.AttentionAttachment", "is_answer"): "a flag",
    ("data_rights.SuppressionRequest", "reason"): "the record of the suppression itself (who asked, why)",
    # The coordinator's original roster file: a document of many people, the provenance and consent
    # evidence of all of them; per-row copies are registered (RosterRow, RosterUpload.sample).
    ("rosters.RosterUpload", "file"): "file of many people, kept as provenance evidence",
    ("rosters.RosterUpload", "original_name"): "the file's name",
    ("rosters.RosterUpload", "file_kind"): "xlsx/csv",
    ("rosters.RosterUpload", "error"): "technical error text",
    ("rosters.RosterUploadEvent", "note"): "workflow note of the upload",
    ("carnets.PrintBatchHistory", "note"): "workflow note of a print batch (counts, printer)",
    # Vendors are companies; their contact is a business contact, not a member.
    ("vendor_audits.Vendor", "name"): "company",
    ("vendor_audits.Vendor", "contact_name"): "business contact of a vendor",
    ("vendor_audits.Vendor", "email"): "business contact of a vendor",
    ("vendor_audits.Vendor", "phone"): "business contact of a vendor",
    ("vendor_audits.Delivery", "notes"): "about a vendor's delivery",
    ("vendor_audits.InspectionResumption", "corrective_action"): "about a vendor's process",
    ("vendor_audits.BoxAudit", "sample_size"): "a count",
    ("vendor_audits.DeliveryActa", "signers"): "staff and vendor representatives signing in their role",
    ("vendor_audits.DeliveryActa", "observations"): "about a vendor's delivery",
    ("vendor_audits.DeliveryActa", "signed_scan"): "the signed acta of a delivery (counts, no member data)",
    ("vendor_audits.FormBoxHistory", "note"): "workflow note of a box (sampling plan, counts)",
    ("vendor_audits.DeliveryActaHistory", "note"): "workflow note of an acta (the amount)",
    ("party_bodies.PartyBody", "name"): "a party body",
    ("party_bodies.Office", "functions"): "an office's functions",
    ("targets.NationalReport", "file"): "aggregate figures",
    ("carnets.CardDesign", "name"): "card design",
    ("carnets.CardDesign", "logo"): "card design",
    ("carnets.CardDesign", "front_background"): "card design",
    ("carnets.CardDesign", "back_background"): "card design",
    ("carnets.CardDesign", "party_name"): "card design",
    ("carnets.CardDesign", "back_text"): "card design",
    # A print batch's PDF is rendered again on demand; batches of suppressed members are not reprinted.
    ("carnets.PrintBatch", "name"): "batch label",
    ("carnets.PrintBatch", "pdf"): "print file of a batch, regenerated from the (erased) records",
    ("carnets.Jornada", "name"): "a registration drive",
    ("carnets.Jornada", "summary_pdf"): "counts of a drive",
    ("carnets.Printer", "model_name"): "equipment",
    ("carnets.Printer", "notes"): "equipment",
    ("carnets.MaintenanceRecord", "description"): "equipment",
    ("carnets.Consumable", "name"): "stock",
    ("carnets.StockMovement", "reason"): "stock",
    # Communications: the party's public content and its editorial work by staff.
    ("comunicaciones.Piece", "requested_by"): "the staff area that asked for the piece",
    ("comunicaciones.Piece", "request"): "editorial content",
    ("comunicaciones.Piece", "brief"): "editorial content",
    ("comunicaciones.Piece", "allied_networks_note"): "editorial content",
    ("comunicaciones.Piece", "text"): "editorial content",
    ("comunicaciones.PieceAttachment", "file"): "design files of a piece",
    ("comunicaciones.PieceAttachment", "original_name"): "design files of a piece",
    ("comunicaciones.PieceVersion", "text"): "editorial content",
    ("comunicaciones.PieceVersion", "comment"): "review comment between staff",
    ("comunicaciones.PieceEvent", "note"): "review comment between staff",
    ("comunicaciones.EditorialMeeting", "attendees"): "staff at an editorial meeting",
    ("comunicaciones.EditorialMeeting", "topics"): "editorial content",
    ("comunicaciones.EditorialMeeting", "sources"): "editorial content",
    ("comunicaciones.EditorialMeeting", "products"): "editorial content",
    ("comunicaciones.EditorialMeeting", "decisions"): "editorial content",
    ("comunicaciones.Notification", "comment"): "message between staff",
    ("comunicaciones.Notification", "emailed_at"): "a time",
    ("comunicaciones.MonthlyReport", "file"): "aggregate figures",
    ("comunicaciones.PressRelease", "body"): "public content",
    ("electoral.DocumentRequirement", "name"): "a required document's name",
    ("electoral.DocumentRequirement", "description"): "a required document's description",
    ("electoral.Endorsement", "rejection_reason"): "the committee's decision, kept as the party's record",
    ("electoral.EndorsementHistory", "note"): "workflow note of the endorsement",
    ("electoral.Election", "name"): "an election",
    ("electoral.PlaceBoard", "contacts"): "a count of contacts per polling place, no person",
    ("electoral.Poll", "notes"): "notes on a published opinion poll, no person",
    ("electoral.Poll", "population"): "who a published opinion poll asked (e.g. adults of a city)",
    ("electoral.Poll", "pollster"): "the polling firm",
    ("electoral.Poll", "sample_size"): "how many people a published poll asked",
    ("electoral.PollResult", "label"): "an option of a published poll (party, list or public candidate)",
    ("electoral.Milestone", "name"): "legal calendar",
    ("electoral.Milestone", "evidence"): "legal calendar evidence",
    ("electoral.Milestone", "notes"): "legal calendar",
    ("electoral.MilestoneHistory", "note"): "legal calendar",
    ("electoral.ElectoralUnit", "name"): "a polling place",
    ("campaigns.Campaign", "name"): "a canvassing campaign",
    ("campaigns.Campaign", "intro"): "the canvassing script",
    ("campaigns.Turf", "name"): "an area of a campaign",
    ("electoral.ElectoralUnit", "address"): "a polling place's address",
    ("electoral.GeographyImport", "file"): "electoral geography",
    ("electoral.GeographyImport", "original_name"): "electoral geography",
    ("electoral.GeographyImport", "error_message"): "electoral geography",
    ("electoral.GeographyImport", "error_report"): "electoral geography",
    (
        "electoral.GeographyImport",
        "sample",
    ): "first rows of a geography file (tables, voters), shown on the mapping page",
    ("electoral.BallotOption", "name"): "a party or candidate on the ballot (public)",
    ("electoral.ResultImport", "file"): "results",
    ("electoral.ResultImport", "original_name"): "results",
    ("electoral.ResultImport", "error_message"): "results",
    ("electoral.ResultImport", "error_report"): "results",
    ("electoral.ResultImport", "sample"): "first rows of a results file (tables, votes), shown on the mapping page",
    ("electoral.TallyCapture", "photo"): "photo of a tally sheet",
    ("electoral.Incident", "description"): "about an event at a polling table",
    ("electoral.Incident", "photo"): "about an event at a polling table",
    # Meetings: the staff who attend are accounts; the members who attend are in MeetingMember (registered).
    ("comunicaciones.PressAppearance", "key_messages"): "the party's prepared messages (public content)",
    ("comunicaciones.PressAppearance", "outcome"): "how a public appearance went",
    ("comunicaciones.PressReport", "file"): "aggregate figures",
    ("meetings.Meeting", "agenda"): "the party's record of a meeting, like an editorial meeting's topics",
    ("meetings.Meeting", "minutes"): "the party's record of a meeting, like an editorial meeting's decisions",
    ("meetings.MeetingAttachment", "file"): "a meeting's working documents (like its agenda and minutes)",
    ("meetings.MeetingAttachment", "name"): "a meeting's working documents",
    ("meetings.Commitment", "description"): "a task decided at a meeting, for a staff account",
    ("meetings.CommitmentHistory", "note"): "workflow note of a commitment",
    # The drive kit (carnets/kit): its package is registered (a suppression deletes it).
    ("carnets.KitState", "legal_text"): "the party's consent text (no person)",
    ("carnets.KitSyncReport", "answered_at"): "when headquarters answered",
    # Issue 17. The volunteer professionals' directory: their professional contact, kept by the
    # solidarity secretariat with their consent; they are helpers, not data subjects of the registry.
    ("solidarity.Professional", "name"): "a volunteer professional of the directory",
    ("solidarity.Professional", "availability_notes"): "a volunteer professional's availability",
    ("solidarity.Professional", "phone"): "a volunteer professional's professional contact",
    ("solidarity.Professional", "email"): "a volunteer professional's professional contact",
    # Social organizations are organizations (like vendors): their contact is the organization's.
    ("social_orgs.WorkFront", "name"): "a work front (theme)",
    ("social_orgs.WorkFront", "description"): "a work front (theme)",
    ("social_orgs.SocialOrganization", "name"): "an organization",
    ("social_orgs.SocialOrganization", "contact_name"): "an organization's contact",
    ("social_orgs.SocialOrganization", "phone"): "an organization's contact",
    ("social_orgs.SocialOrganization", "email"): "an organization's contact",
    ("social_orgs.SocialOrganization", "address"): "an organization's seat",
    ("social_orgs.SocialOrganization", "description"): "about an organization",
    ("social_orgs.OrganizationActivity", "notes"): "about the party's relationship with an organization",
    ("social_orgs.OrganizationElection", "support_notes"): "about an organization's election",
    ("social_orgs.OrganizationElection", "result_notes"): "about an organization's election",
    ("social_orgs.ElectionPosition", "name"): "a position of an organization",
    # Empty for a member candidate (the member link is registered); a non-member's name otherwise.
    ("social_orgs.ElectionCandidate", "name"): "a candidate who is not a member of the party",
}


def _project_models():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(base) or ".venv" in path.parts:
            continue
        for model in config.get_models():
            if not model._meta.abstract and not model._meta.proxy:
                yield model


def _looks_personal(field) -> bool:
    if field.is_relation:
        return False
    return bool(LOOKS_PERSONAL.search(field.name)) or isinstance(field, models.FileField | models.TextField)


def test_every_model_with_personal_looking_fields_is_registered():
    registered_fields = {(entry.label, name) for entry in registered() for name in entry.fields}
    unregistered = [
        f"{model._meta.label}.{field.name}"
        for model in _project_models()
        for field in model._meta.concrete_fields
        if _looks_personal(field)
        and (model._meta.label, field.name) not in registered_fields
        and (model._meta.label, field.name) not in NOT_PERSONAL
    ]
    assert unregistered == [], "register these in the personal-data registry, or explain them in NOT_PERSONAL"


def test_the_allow_list_names_only_existing_fields():
    """A stale allow-list entry would hide a renamed field."""
    fields = {(m._meta.label, f.name) for m in _project_models() for f in m._meta.concrete_fields}
    assert sorted(set(NOT_PERSONAL) - fields) == []


def test_the_allow_list_does_not_contradict_the_registry():
    registered_fields = {(entry.label, name) for entry in registered() for name in entry.fields}
    assert sorted(set(NOT_PERSONAL) & registered_fields) == []


def test_every_registered_model_tells_the_audit_log_its_events_are_personal():
    audited = personal_audit_models()
    assert [e.label for e in registered() if e.model._meta.label_lower not in audited] == []


def test_the_apps_register_the_copies_the_issue_names():
    labels = {entry.label for entry in registered()}
    expected = {
        "militancia.Member",
        "rosters.RosterRow",
        "attention.AttentionRequest",
        "party_bodies.OfficeTerm",
        "party_bodies.TrainingAttendance",
        "carnets.Card",
        "carnets.JornadaRegistration",
        "electoral.PollWatcher",
        "electoral.Candidate",
    }
    assert sorted(expected - labels) == []
