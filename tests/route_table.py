"""Every route of the product: the real object its URL takes (a key of tests/route_objects.py, or a
Lit) and who may use it. tests/test_route_permissions.py walks the URL configuration and fails on a
route missing here, so a new route is added with its promise.

Reading an entry: `page(A, C, K, territorial=True)` is a page the national administrator, the
regional coordinator and carnetización may open (200); anonymous is sent to the login page; a user
with no role and every other role get 403; the object belongs to Antioquia, so the coordinator of
Cundinamarca gets 404. `api(...)` is the same for the API, where anonymous gets 401. `post=True`: a
POST-only route (GET answers 405 to those who may use it; everyone else's empty POST is refused).
"""

from __future__ import annotations

from core.roles import Role
from core.tests.permissions import ANONYMOUS, NO_ROLE, OUT_OF_SCOPE
from tests.route_walk import ADMIN_LOGIN, Lit, api, page, public, route

A = Role.NATIONAL_ADMIN
C = Role.REGIONAL_COORDINATOR  # of Antioquia, where every object of the walk lives
K = Role.CARDS
P = Role.COMMS_PROFESSIONAL
J = Role.COMMS_CHIEF
E = Role.ELECTORAL
Q = Role.READ_ONLY
S = Role.SOLIDARITY  # national; sees every unrestricted case
SO = Role.SOCIAL_AFFAIRS

PUBLIC = public()
SIGNED_IN = page(*Role, no_role=200)  # any signed-in user, with or without a role
API_SIGNED_IN = api(*Role, no_role=200)
# A solidarity case is seen by the secretariat's role and its professional only: to anyone else, whatever
# their role or scope, it does not exist (404). The walk's professional is none of the actors.
CASE = page(S, denied=404)
# Social organizations: coordinators, the electoral secretariat and Consulta read; the secretariat edits.
ORG_VIEWERS = (A, C, E, Q, SO)
# Geography and results files are national: imported by the electoral secretary, not shown to coordinators.
NATIONAL_IMPORT = {C: 404, OUT_OF_SCOPE: 404}

ROUTES = {
    "api:api-root": route(API_SIGNED_IN),
    "api:attention-requests-answer": route(api(A, C, territorial=True), post=True, pk="attention_request"),
    "api:attention-requests-detail": route(api(A, C, Q, territorial=True), pk="attention_request"),
    "api:attention-requests-list": route(api(A, C, Q)),
    "api:carnets-cards-detail": route(api(A, C, K, Q, territorial=True), pk="card"),
    "api:carnets-cards-list": route(api(A, C, K, Q)),
    "api:carnets-consumables-detail": route(api(A, K, Q), pk="consumable"),
    "api:carnets-consumables-list": route(api(A, K, Q)),
    "api:carnets-print-batches-detail": route(api(A, K, Q), pk="batch"),
    "api:carnets-print-batches-list": route(api(A, K, Q)),
    "api:carnets-printers-detail": route(api(A, K, Q), pk="printer"),
    "api:carnets-printers-list": route(api(A, K, Q)),
    "api:carnets-registration-drives-detail": route(api(A, C, K, Q, territorial=True), pk="jornada"),
    "api:carnets-registration-drives-list": route(api(A, C, K, Q)),
    "api:comunicaciones-pieces-detail": route(api(A, P, J, Q), pk="piece"),
    "api:comunicaciones-pieces-list": route(api(A, P, J, Q)),
    "api:comunicaciones-pieces-publish": route(api(P, J), post=True, pk="piece"),
    "api:comunicaciones-pieces-transition": route(api(P, J), post=True, pk="piece"),
    "api:core-audit-events-detail": route(api(A), pk="audit_event"),
    "api:core-audit-events-list": route(api(A)),
    "api:core-jobs-detail": route(api(A, C, territorial=True, denied=404), pk="job"),
    "api:core-jobs-list": route(API_SIGNED_IN),
    "api:core-me": route(API_SIGNED_IN),
    "api:core-territories-detail": route(api(A, C, K, E, Q, territorial=True), pk="antioquia"),
    "api:core-territories-list": route(api(A, C, K, E, Q)),
    "api:docs": route(SIGNED_IN),  # login_required: anonymous goes to the login page
    "api:electoral-candidates-detail": route(api(A, C, E, Q, territorial=True), pk="candidate"),
    "api:electoral-candidates-list": route(api(A, C, E, Q)),
    "api:electoral-elections-detail": route(api(A, C, E, Q), pk="election"),
    "api:electoral-elections-list": route(api(A, C, E, Q)),
    "api:electoral-milestones-detail": route(api(A, C, E, Q), pk="milestone"),
    "api:electoral-milestones-list": route(api(A, C, E, Q)),
    "api:electoral-poll-watchers-detail": route(api(A, C, E, Q, territorial=True), pk="watcher"),
    "api:electoral-poll-watchers-list": route(api(A, C, E, Q)),
    "api:electoral-table-results-detail": route(api(A, C, E, Q, territorial=True), pk="table_result"),
    "api:electoral-table-results-list": route(api(A, C, E, Q)),
    "api:electoral-units-detail": route(api(A, C, E, Q, territorial=True), pk="unit"),
    "api:electoral-units-list": route(api(A, C, E, Q)),
    "api:militancia-members-detail": route(api(A, C, K, E, Q, territorial=True), pk="member"),
    "api:militancia-members-list": route(api(A, C, K, E, Q)),
    "api:militancia-members-lookup": route(api(A, C, K, E, Q), post=True),
    "api:party-bodies-office-terms-detail": route(api(A, C, E, Q, territorial=True), pk="term"),
    "api:party-bodies-office-terms-list": route(api(A, C, E, Q)),
    "api:redoc": route(SIGNED_IN),
    "api:rosters-uploads-confirm": route(api(A, C, territorial=True), post=True, pk="roster"),
    "api:rosters-uploads-detail": route(api(A, C, territorial=True), pk="roster"),
    "api:rosters-uploads-errors": route(api(A, C, territorial=True), pk="roster"),
    "api:rosters-uploads-list": route(api(A, C)),
    "api:schema": route(API_SIGNED_IN),
    "api:targets-indicator-values-detail": route(api(A, C, Q, territorial=True), pk="indicator_value"),
    "api:targets-indicator-values-list": route(api(A, C, Q)),
    "attention:attention-answer": route(page(A, C, territorial=True), post=True, pk="attention_request"),
    "attention:attention-assign": route(page(A, C, territorial=True), post=True, pk="attention_request"),
    "attention:attention-attachment": route(page(A, C, Q, territorial=True), pk="attention_attachment"),
    "attention:attention-create": route(page(A, C)),
    "attention:attention-detail": route(page(A, C, Q, territorial=True), pk="attention_request"),
    "attention:attention-extend": route(page(A, C, territorial=True), post=True, pk="attention_request"),
    "attention:attention-figures": route(page(A, C, Q)),
    "attention:attention-public-ack": route(public(302)),
    "attention:attention-public-form": route(PUBLIC),
    "attention:attention-public-status": route(PUBLIC),
    "attention:attention-queue": route(page(A, C, Q)),
    "attention:attention-transition": route(page(A, C, territorial=True), post=True, pk="attention_request"),
    "carnets:batch-cancel": route(page(A, K), post=True, pk="batch"),
    "carnets:batch-detail": route(page(A, K, Q), pk="batch"),
    "carnets:batch-download": route(page(A, K), pk="batch"),
    "carnets:batch-list": route(page(A, K, Q)),
    "carnets:batch-new": route(page(A, K)),
    "carnets:batch-printed": route(page(A, K), post=True, pk="batch"),
    "carnets:batch-render": route(page(A, K), post=True, pk="batch"),
    "carnets:card-action": route(page(A, K), post=True, pk="card", action=Lit("entregar")),
    "carnets:card-detail": route(page(A, C, K, Q, territorial=True), pk="card"),
    "carnets:card-export": route(page(A, C, K, Q)),
    "carnets:card-list": route(page(A, C, K, Q)),
    "carnets:card-pdf": route(page(A, K), pk="card"),
    "carnets:card-verify": route(PUBLIC, token="card_token"),
    "carnets:consumable-detail": route(page(A, K, Q), pk="consumable"),
    "carnets:consumable-edit": route(page(A, K), pk="consumable"),
    "carnets:consumable-list": route(page(A, K, Q)),
    "carnets:consumable-new": route(page(A, K)),
    "carnets:design-activate": route(page(A), post=True, pk="design"),
    "carnets:design-edit": route(page(A), pk="design"),
    "carnets:design-list": route(page(A)),
    "carnets:design-new": route(page(A)),
    "carnets:jornada-card-step": route(
        page(A, K), post=True, pk="jornada", registration_pk="registration", action=Lit("entregar")
    ),
    "carnets:jornada-close": route(page(A, K), post=True, pk="jornada"),
    "carnets:jornada-detail": route(page(A, C, K, Q, territorial=True), pk="jornada"),
    "carnets:jornada-edit": route(page(A, K), pk="jornada"),
    "carnets:jornada-list": route(page(A, C, K, Q)),
    "carnets:jornada-new": route(page(A, K)),
    "carnets:jornada-print": route(page(A, K), post=True, pk="jornada", registration_pk="registration"),
    "carnets:jornada-register": route(page(A, K), pk="jornada"),
    "carnets:jornada-registered": route(page(A, K), pk="jornada", registration_pk="registration"),
    "carnets:jornada-summary": route(page(A, C, K, Q, territorial=True), pk="jornada"),
    "carnets:printer-detail": route(page(A, K, Q), pk="printer"),
    "carnets:printer-edit": route(page(A, K), pk="printer"),
    "carnets:printer-list": route(page(A, K, Q)),
    "carnets:printer-new": route(page(A, K)),
    "comunicaciones:attachment-download": route(page(A, P, J, Q), pk="piece", attachment_id="piece_attachment"),
    "comunicaciones:attachment-remove": route(page(P, J), post=True, pk="piece", attachment_id="piece_attachment"),
    "comunicaciones:attachment-upload": route(page(P, J), post=True, pk="piece"),
    "comunicaciones:calendar": route(page(A, P, J, Q)),
    "comunicaciones:inbox": route(page(J)),
    "comunicaciones:meeting-create": route(page(P, J)),
    "comunicaciones:meeting-detail": route(page(A, P, J, Q), pk="meeting"),
    "comunicaciones:meeting-list": route(page(A, P, J, Q)),
    "comunicaciones:meeting-pdf": route(page(A, P, J, Q), pk="meeting"),
    "comunicaciones:mention-create": route(page(P, J)),
    "comunicaciones:mention-list": route(page(A, P, J, Q)),
    "comunicaciones:need-create": route(page(P, J)),
    "comunicaciones:notification-list": route(page(P, J)),
    "comunicaciones:notification-read": route(page(P, J), post=True),
    "comunicaciones:piece-detail": route(page(A, P, J, Q), pk="piece"),
    "comunicaciones:piece-edit": route(page(P, J), pk="piece"),
    "comunicaciones:piece-export": route(page(A, P, J, Q)),
    "comunicaciones:piece-list": route(page(A, P, J, Q)),
    "comunicaciones:piece-reschedule": route(page(P, J), post=True, pk="piece"),
    "comunicaciones:piece-transition": route(page(P, J), post=True, pk="piece"),
    "comunicaciones:press-release-create": route(page(P, J)),
    "comunicaciones:press-release-list": route(page(A, P, J, Q)),
    "comunicaciones:publication-create": route(page(P, J), post=True, pk="piece"),
    "comunicaciones:report-download": route(page(A, P, J, Q), pk="monthly_report"),
    "comunicaciones:report-list": route(page(A, P, J, Q)),
    "comunicaciones:review": route(page(J, ok=302), pk="piece"),
    "comunicaciones:stat-edit": route(page(P, J)),
    "comunicaciones:stat-import": route(page(P, J)),
    "comunicaciones:stat-list": route(page(A, P, J, Q)),
    "core:api-token": route(SIGNED_IN),
    "core:audit-list": route(page(A)),
    "core:home": route(SIGNED_IN),
    "core:job-progress": route(page(A, C, territorial=True, denied=404), pk="job"),
    "core:login": route(public(302, overrides={ANONYMOUS: 200})),
    "core:logout": route(public(405)),
    "core:otp-verify": route(SIGNED_IN),
    # Codes belong to a verified session: whoever has no second factor (no role, Comunicaciones) is
    # sent to the verify page first.
    "core:recovery-codes": route(page(*Role, no_role=200, overrides={NO_ROLE: 302, P: 302, J: 302})),
    "core:recovery-codes-regenerate": route(SIGNED_IN, post=True),
    "core:security": route(SIGNED_IN),
    "core:password_change": route(SIGNED_IN),
    "core:password_change_done": route(SIGNED_IN),
    "core:protected-file": route(
        page(A, C, K, E, Q, territorial=True),
        app_label=Lit("militancia"),
        model_name=Lit("member"),
        pk="member",
        field=Lit("photo"),
    ),
    "core:territory-detail": route(page(*Role, no_role=200, territorial=True), pk="antioquia"),
    "core:territory-list": route(SIGNED_IN),
    "data_rights:rights-data-report": route(page(A, C, territorial=True), pk="member"),
    "data_rights:rights-suppression-confirm": route(page(A), post=True, pk="suppression"),
    "data_rights:rights-suppressions": route(page(A)),
    "electoral:analysis": route(page(A, C, E, Q), pk="election"),
    "electoral:assign-one": route(page(A, C, E), pk="election"),
    "electoral:assign-place": route(page(A, C, E, territorial=True), pk="election", place_id="place"),
    "electoral:authority-list": route(page(A, C, E), pk="election"),
    "electoral:ballot": route(page(A, C, E, Q), pk="election"),
    "electoral:candidate-create": route(page(A, C, E), pk="election"),
    "electoral:candidate-detail": route(page(A, C, E, Q, territorial=True), pk="election", candidate_id="candidate"),
    "electoral:candidate-list": route(page(A, C, E, Q), pk="election"),
    "electoral:checkin": route(page(A, C, E), pk="election"),
    "electoral:coverage": route(page(A, C, E, Q), pk="election"),
    "electoral:credentials": route(page(A, C, E), pk="election"),
    "electoral:election-create": route(page(A, E)),
    "electoral:election-detail": route(page(A, C, E, Q), pk="election"),
    "electoral:election-edit": route(page(A, E), pk="election"),
    "electoral:election-list": route(page(A, C, E, Q)),
    "electoral:endorsement-letter": route(page(A, C, E, Q, territorial=True), pk="election", candidate_id="candidate"),
    "electoral:geography-import": route(page(A, E)),
    "electoral:geography-import-columns": route(page(A, E, ok=302), import_id="geo_import"),
    "electoral:geography-import-detail": route(page(A, E, Q, overrides=NATIONAL_IMPORT), import_id="geo_import"),
    "electoral:incident-create": route(page(A, C, E), pk="election"),
    "electoral:incident-list": route(page(A, C, E, Q), pk="election"),
    "electoral:milestone-all": route(page(A, C, E, Q)),
    "electoral:milestone-calendar": route(page(A, C, E, Q), pk="election"),
    "electoral:milestone-copy": route(page(A, E), pk="election"),
    "electoral:milestone-create": route(page(A, E), pk="election"),
    "electoral:milestone-detail": route(page(A, C, E, Q), pk="election", milestone_id="milestone"),
    "electoral:requirement-list": route(page(A, C, E, Q), pk="election"),
    "electoral:result-import": route(
        page(A, E, Q, overrides=NATIONAL_IMPORT), pk="election", import_id="result_import"
    ),
    "electoral:result-import-columns": route(page(A, E, ok=302), pk="election", import_id="result_import"),
    "electoral:results": route(page(A, C, E, Q), pk="election"),
    "electoral:tally-entry": route(page(A, C, E), pk="election"),
    "electoral:training-detail": route(
        page(A, C, E, Q, territorial=True), pk="election", session_id="electoral_training"
    ),
    "electoral:training-list": route(page(A, C, E, Q), pk="election"),
    "electoral:unit-list": route(page(A, C, E, Q)),
    "electoral:watcher-create": route(page(A, C, E), pk="election"),
    "electoral:watcher-detail": route(page(A, C, E, Q, territorial=True), pk="election", watcher_id="watcher"),
    "electoral:watcher-directory": route(page(A, C, E, Q)),
    "electoral:watcher-list": route(page(A, C, E, Q), pk="election"),
    "militancia:certificate-verify": route(PUBLIC, code="certificate_code"),
    "militancia:duplicate-decide": route(page(A, C, territorial=True), post=True, pk="duplicate"),
    "militancia:duplicate-detect": route(page(A), post=True),
    "militancia:duplicate-list": route(page(A, C)),
    "militancia:member-certificate": route(page(A, C, K, territorial=True), post=True, pk="member"),
    "militancia:member-create": route(page(A, C, K)),
    "militancia:member-detail": route(page(A, C, K, E, Q, territorial=True), pk="member"),
    "militancia:member-edit": route(page(A, C, K, territorial=True), pk="member"),
    "militancia:member-export": route(page(A, C), fmt=Lit("csv")),
    "militancia:member-list": route(page(A, C, K, E, Q)),
    "militancia:member-reports": route(page(A, C, K, E, Q)),
    "militancia:member-reports-download": route(page(A, C, K, E, Q)),
    "militancia:member-status": route(page(A, C, territorial=True), pk="member"),
    "party_bodies:office-body-detail": route(page(A, C, E, Q, territorial=True), pk="body"),
    "party_bodies:office-body-list": route(page(A, C, E, Q)),
    "party_bodies:office-directory": route(page(A, C, E, Q)),
    "party_bodies:office-functions": route(page(A, C, territorial=True), post=True, pk="office"),
    "party_bodies:office-term-assign": route(page(A, C, territorial=True), post=True, pk="office"),
    "party_bodies:office-term-end": route(page(A, C, territorial=True), post=True, pk="term"),
    "party_bodies:training-certificate": route(page(A, C, E, Q, territorial=True), pk="attendance"),
    "party_bodies:training-detail": route(page(A, C, E, Q, territorial=True), pk="training"),
    "party_bodies:training-list": route(page(A, C, E, Q)),
    "rosters:registration-conflict-resolve": route(page(A), post=True, pk=Lit("999999")),
    "rosters:roster-confirm": route(page(A, C, territorial=True), post=True, pk="roster"),
    "rosters:roster-conflict-list": route(page(A)),
    "rosters:roster-conflict-resolve": route(page(A), post=True, pk="roster_conflict"),
    "rosters:roster-detail": route(page(A, C, territorial=True), pk="roster"),
    "rosters:roster-errors": route(page(A, C, territorial=True), pk="roster"),
    "rosters:roster-list": route(page(A, C)),
    "rosters:roster-mapping": route(page(A, C, territorial=True), pk="roster"),
    "rosters:roster-rollback": route(page(A), pk="roster"),
    "rosters:roster-status": route(page(A, C, territorial=True), pk="roster"),
    "rosters:roster-upload": route(page(A, C)),
    "targets:targets-dashboard": route(page(A, C, Q)),
    "targets:targets-report-download": route(page(A), pk="national_report"),
    "targets:targets-reports": route(page(A)),
    "targets:targets-set": route(page(A), post=True),
    "vendor_audits:audit-acta-approve": route(page(A), post=True, pk="delivery"),
    "vendor_audits:audit-acta-pdf": route(page(A, Q), pk="delivery"),
    "vendor_audits:audit-acta-save": route(page(A), post=True, pk="delivery"),
    "vendor_audits:audit-acta-scan": route(page(A, Q), pk="delivery"),
    "vendor_audits:audit-acta-sign": route(page(A), post=True, pk="delivery"),
    "vendor_audits:audit-box-create": route(page(A), post=True, pk="delivery"),
    "vendor_audits:audit-box-detail": route(page(A, Q), pk="box"),
    "vendor_audits:audit-box-receive": route(page(A), post=True, pk="box"),
    "vendor_audits:audit-box-return": route(page(A), post=True, pk="box"),
    "vendor_audits:audit-contract-create": route(page(A), post=True, pk="vendor"),
    "vendor_audits:audit-decide": route(page(A), post=True, pk="audit_round"),
    "vendor_audits:audit-delivery-create": route(page(A), post=True, pk="vendor"),
    "vendor_audits:audit-delivery-detail": route(page(A, Q), pk="delivery"),
    "vendor_audits:audit-inspection-resume": route(page(A), post=True, pk="contract"),
    "vendor_audits:audit-sample-rest-conforming": route(page(A), post=True, pk="audit_round"),
    "vendor_audits:audit-sample-save": route(page(A), post=True, pk="audit_round"),
    "vendor_audits:audit-start": route(page(A), post=True, pk="box"),
    "vendor_audits:audit-vendor-detail": route(page(A, Q), pk="vendor"),
    "vendor_audits:audit-vendor-list": route(page(A, Q)),
    "api:social-orgs-elections-detail": route(api(*ORG_VIEWERS, territorial=True), pk="org_election"),
    "api:social-orgs-elections-list": route(api(*ORG_VIEWERS)),
    "api:social-orgs-organizations-detail": route(api(*ORG_VIEWERS, territorial=True), pk="social_org"),
    "api:social-orgs-organizations-list": route(api(*ORG_VIEWERS)),
    "social_orgs:election-cancel": route(page(A, SO, E, territorial=True), post=True, pk="org_election"),
    "social_orgs:election-candidate-add": route(page(A, SO, E, territorial=True), post=True, pk="org_election"),
    "social_orgs:election-detail": route(page(*ORG_VIEWERS, territorial=True), pk="org_election"),
    "social_orgs:election-list": route(page(*ORG_VIEWERS)),
    "social_orgs:election-position-add": route(page(A, SO, E, territorial=True), post=True, pk="org_election"),
    "social_orgs:election-result": route(page(A, SO, E, territorial=True), post=True, pk="org_election"),
    "social_orgs:election-support": route(page(A, SO, E, territorial=True), post=True, pk="org_election"),
    "social_orgs:front-list": route(page(*ORG_VIEWERS)),
    "social_orgs:organization-activity-add": route(page(A, SO), post=True, pk="social_org"),
    "social_orgs:organization-detail": route(page(*ORG_VIEWERS, territorial=True), pk="social_org"),
    "social_orgs:organization-edit": route(page(A, SO), pk="social_org"),
    "social_orgs:organization-election-add": route(page(A, SO, E, territorial=True), post=True, pk="social_org"),
    "social_orgs:organization-list": route(page(*ORG_VIEWERS)),
    "social_orgs:organization-member-add": route(page(A, SO), post=True, pk="social_org"),
    "social_orgs:organization-member-remove": route(page(A, SO), post=True, pk="org_link"),
    "solidarity:case-action": route(CASE, post=True, pk="solidarity_case"),
    "solidarity:case-assign": route(CASE, post=True, pk="solidarity_case"),
    "solidarity:case-create": route(page(S)),
    "solidarity:case-detail": route(CASE, pk="solidarity_case"),
    "solidarity:case-list": route(page(S)),
    "solidarity:case-restrict": route(CASE, post=True, pk="solidarity_case"),
    "solidarity:case-transition": route(CASE, post=True, pk="solidarity_case"),
    "solidarity:professional-edit": route(page(S), pk="professional"),
    "solidarity:professional-list": route(page(S)),
}

# Holes the walk found that another change closes (strict xfail: the walk fails once they are closed
# and the entry must go). None open now.
KNOWN_HOLES: dict[str, str] = {}

# django-otp-webauthn's passkey ceremony endpoints (JSON POSTs and its JS catalogue): the package checks
# its own login and session state; the ceremonies are walked in Chromium (core/tests/test_browser_second_factor.py).
THIRD_PARTY_NAMESPACES = ("otp_webauthn:",)

# Unnamed routes outside the admin: the favicon redirect (public, no data).
UNNAMED_ROUTES = ["favicon.ico"]

# The Django admin (tested apart: none of the actors is staff, so every admin route sends them to the
# admin's login page). URL arguments of admin routes, and the routes that answer otherwise.
ADMIN_ARGUMENTS = {"object_id": "1", "content_type_id": "1", "pk": "1", "id": "1", "app_label": "core", "url": "x"}
ADMIN_EVERYONE = [ANONYMOUS, NO_ROLE, *Role, OUT_OF_SCOPE]
ADMIN_EXCEPTIONS: dict[str, dict] = {
    "admin:login": dict.fromkeys(ADMIN_EVERYONE, 200),  # the admin's login form itself
    "admin:logout": dict.fromkeys(ADMIN_EVERYONE, 302),  # Django's admin_view sends it to the admin index
}

__all__ = ["ADMIN_LOGIN", "ANONYMOUS", "Lit"]
