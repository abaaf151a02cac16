"""Vendor digitization audit: boxes of paper forms checked by ISO 2859-1 sampling, closed by a signed acta."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import AuditEvent
from core.scoping import NationalManager
from core.workflow import StatusHistory, Transition, Workflow, toned
from vendor_audits.roles import AUDITORS


class Aql(models.TextChoices):
    AQL_1_0 = "1.0", _("AQL 1.0")
    AQL_2_5 = "2.5", _("AQL 2.5")


class Inspection(models.TextChoices):
    """Severity of ISO 2859-1 inspection; a contract moves between them by the switching rules."""

    NORMAL = "normal", pgettext_lazy("iso 2859 severity", "Normal")
    TIGHTENED = "tightened", pgettext_lazy("iso 2859 severity", "Tightened")
    DISCONTINUED = "discontinued", pgettext_lazy("iso 2859 severity", "Discontinued")


class Vendor(models.Model):
    """A company that digitizes the party's paper membership forms."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    tax_id = models.CharField(_("NIT"), max_length=20, blank=True)
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NationalManager()

    class Meta:
        db_table = "militancia_vendor"  # kept from before the app split
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VendorContract(models.Model):
    """A contract: the price paid per accepted form and the AQL the boxes are inspected at."""

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="contracts")
    number = models.CharField(_("contract number"), max_length=50, unique=True)
    unit_price = models.DecimalField(
        _("price per form"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    aql = models.CharField(_("AQL"), max_length=3, choices=Aql.choices, default=Aql.AQL_2_5)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = NationalManager()

    class Meta:
        db_table = "militancia_vendorcontract"  # kept from before the app split
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.number} · {self.vendor}"


class Delivery(models.Model):
    """A weekly delivery of boxes under a contract; it is closed by one acta."""

    contract = models.ForeignKey(VendorContract, on_delete=models.PROTECT, related_name="deliveries")
    number = models.CharField(_("delivery number"), max_length=50)
    delivered_on = models.DateField(_("delivered on"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NationalManager()

    class Meta:
        db_table = "militancia_delivery"  # kept from before the app split
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-delivered_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="delivery_unique_number")]

    def __str__(self) -> str:
        return f"{self.contract.number} / {self.number}"

    @property
    def is_signed(self) -> bool:
        """Its acta is signed: nothing about the delivery, its boxes and their audits changes again."""
        return DeliveryActa.objects.filter(delivery_id=self.pk).exclude(status=DeliveryActa.Status.DRAFT).exists()


class FormBox(models.Model):
    """A box of paper forms the vendor digitized. Audited by sampling; a rejected box goes back
    to the vendor and is audited again (a new round) when it returns."""

    @toned(RECEIVED="light", AUDITING="warning", ACCEPTED="success", REJECTED="danger", RETURNED="secondary")
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        AUDITING = "auditing", _("Being audited")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned to the vendor")

    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="boxes")
    code = models.CharField(_("box code"), max_length=50, unique=True)
    forms_declared = models.PositiveIntegerField(_("forms declared"), validators=[MinValueValidator(1)])
    received_on = models.DateField(_("received on"))
    territory = models.ForeignKey(
        "core.Territory",
        verbose_name=_("territory of the forms"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The vendor's manifest (the records digitized from this box) goes through the roster pipeline:
    # validated, previewed and imported like any roster, not kept as a copy here.
    manifest_upload = models.ForeignKey(
        "rosters.RosterUpload",
        verbose_name=_("vendor manifest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NationalManager()

    class Meta:
        db_table = "militancia_formbox"  # kept from before the app split
        verbose_name = _("form box")
        verbose_name_plural = _("form boxes")
        ordering = ["delivery", "code"]

    def __str__(self) -> str:
        return self.code


class BoxAudit(models.Model):
    """One inspection round of a box: the plan taken from the ISO 2859-1 table, the seed that
    chose the forms, and the decision."""

    @toned(OPEN="warning", ACCEPTED="success", REJECTED="danger")
    class Result(models.TextChoices):
        OPEN = "open", _("In progress")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    Status = Result  # the name `{% status_badge %}` reads a model's choices by

    box = models.ForeignKey(FormBox, on_delete=models.PROTECT, related_name="audits")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    lot_size = models.PositiveIntegerField(_("lot size"))
    aql = models.CharField(_("AQL"), max_length=3, choices=Aql.choices)
    code_letter = models.CharField(_("code letter"), max_length=1)
    sample_size = models.PositiveIntegerField(_("sample size"))
    accept_number = models.PositiveIntegerField(_("accept number"))
    reject_number = models.PositiveIntegerField(_("reject number"))
    # xgettext:no-python-format
    full_inspection = models.BooleanField(_("100 % inspection"), default=False)
    # Which master table the plan came from: the contract's inspection when the round started.
    severity = models.CharField(
        _("inspection"),
        max_length=10,
        choices=[c for c in Inspection.choices if c[0] != Inspection.DISCONTINUED],
        default=Inspection.NORMAL,
    )
    seed = models.BigIntegerField(_("random seed"))
    positions = models.JSONField(_("sampled positions"), default=list)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.OPEN)
    nonconforming = models.PositiveIntegerField(_("nonconforming forms"), default=0)
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = NationalManager()

    class Meta:
        db_table = "militancia_boxaudit"  # kept from before the app split
        verbose_name = _("box audit")
        verbose_name_plural = _("box audits")
        ordering = ["box", "round"]
        constraints = [models.UniqueConstraint(fields=["box", "round"], name="box_audit_round_once")]

    def __str__(self) -> str:
        return f"{self.box} #{self.round}"

    @property
    def is_open(self) -> bool:
        """Still being sampled: its forms can be recorded and the box decided."""
        return self.result == self.Result.OPEN

    @property
    def is_tightened(self) -> bool:
        return self.severity == Inspection.TIGHTENED


class InspectionResumption(models.Model):
    """Inspection of a contract resumed after it was discontinued (5 boxes rejected on tightened
    inspection): the vendor's corrective action, who accepted it and when. Inspection resumes tightened."""

    contract = models.ForeignKey(VendorContract, on_delete=models.PROTECT, related_name="resumptions")
    corrective_action = models.TextField(_("corrective action"))
    resumed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    resumed_at = models.DateTimeField(_("resumed"), auto_now_add=True)

    objects = NationalManager()

    class Meta:
        db_table = "militancia_inspectionresumption"  # kept from before the app split
        verbose_name = _("inspection resumption")
        verbose_name_plural = _("inspection resumptions")
        ordering = ["contract", "resumed_at"]

    def __str__(self) -> str:
        return f"{self.contract} · {timezone.localtime(self.resumed_at):%d/%m/%Y}"


class SampleItem(models.Model):
    """A sampled form compared with its record, field by field."""

    class Field(models.TextChoices):
        NAMES = "names", _("Names")
        ID_NUMBER = "id_number", _("ID number")
        DATE = "date", _("Date")
        SIGNATURE = "signature", _("Signature present")
        FINGERPRINT = "fingerprint", _("Fingerprint present")
        CONSENT = "consent", _("Consent signed")
        RECORD = "record", _("Record missing")

    audit = models.ForeignKey(BoxAudit, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position in the box"))
    id_number = models.CharField(_("ID number on the form"), max_length=20, blank=True)
    member = models.ForeignKey("militancia.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    checked = models.BooleanField(_("checked"), default=False)
    discrepancies = models.JSONField(_("discrepancies"), default=list, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    objects = NationalManager()

    class Meta:
        db_table = "militancia_sampleitem"  # kept from before the app split
        verbose_name = _("sampled form")
        verbose_name_plural = _("sampled forms")
        ordering = ["audit", "position"]
        constraints = [models.UniqueConstraint(fields=["audit", "position"], name="sample_item_once")]
        # The vendor page reads only the nonconforming forms (a few percent) of years of audits.
        indexes = [models.Index(fields=["audit"], condition=~Q(discrepancies=[]), name="sample_item_nonconforming")]

    def __str__(self) -> str:
        return f"{self.audit} · {self.position}"

    @property
    def is_nonconforming(self) -> bool:
        return bool(self.discrepancies)


class DeliveryActa(models.Model):
    """The minutes of a delivery: boxes, samples, nonconformities and the amount to pay.

    borrador → firmada (the signed scan uploaded) → pago aprobado. Once signed, nothing about it
    (nor about the delivery's boxes and audits) can change: the services refuse, and the
    figures are frozen in `snapshot` when it is signed.
    """

    @toned(DRAFT="light", SIGNED="primary", PAYMENT_APPROVED="success")
    class Status(models.TextChoices):
        DRAFT = "borrador", _("Draft")
        SIGNED = "firmada", _("Signed")
        PAYMENT_APPROVED = "pago_aprobado", _("Payment approved")

    delivery = models.OneToOneField(Delivery, on_delete=models.PROTECT, related_name="acta")
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DRAFT)
    signers = models.JSONField(_("signers"), default=list, help_text=_("Names and roles of who sign."))
    place = models.CharField(_("place"), max_length=120, default="Bogotá D.C.")
    observations = models.TextField(_("observations"), blank=True)
    snapshot = models.JSONField(_("figures at signing"), default=dict, blank=True)
    signed_scan = models.FileField(_("signed scan"), upload_to="audits/actas/%Y/%m/", blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payment_approved_at = models.DateTimeField(_("payment approved"), null=True, blank=True)
    payment_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NationalManager()

    class Meta:
        db_table = "militancia_deliveryacta"  # kept from before the app split
        verbose_name = _("delivery minutes")
        verbose_name_plural = _("delivery minutes")

    def __str__(self) -> str:
        return f"Acta {self.delivery}"

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.DRAFT


class FormBoxHistory(StatusHistory):
    """One move of a box's status: registered, audited, accepted or rejected, returned, received back."""

    Status = FormBox.Status

    box = models.ForeignKey(FormBox, verbose_name=_("form box"), on_delete=models.CASCADE, related_name="history")

    objects = NationalManager()

    class Meta(StatusHistory.Meta):
        verbose_name = _("box status change")
        verbose_name_plural = _("box status changes")


class DeliveryActaHistory(StatusHistory):
    """One move of an acta's status: prepared, signed, payment approved."""

    Status = DeliveryActa.Status

    acta = models.ForeignKey(
        DeliveryActa, verbose_name=_("delivery minutes"), on_delete=models.CASCADE, related_name="history"
    )

    objects = NationalManager()

    class Meta(StatusHistory.Meta):
        verbose_name = _("acta status change")
        verbose_name_plural = _("acta status changes")


SIGNED_DELIVERY = _("The acta of this delivery is signed: nothing about it can be changed.")


def _national(actor) -> str | None:
    # Vendor audits are the national office's (every queryset here is national-only): a national
    # role with a territorial scope still moves nothing.
    if actor is not None and not actor.is_national:
        return str(_("Only the national office audits vendors."))
    return None


def _box_guard(box: FormBox, transition: Transition, actor) -> str | None:
    if box.delivery.is_signed:
        return str(SIGNED_DELIVERY)
    return _national(actor)


def _acta_guard(acta: DeliveryActa, transition: Transition, actor) -> str | None:
    return _national(actor)


_Box = FormBox.Status
_Acta = DeliveryActa.Status

# A box is decided by the numbers of its sampling plan, not by a button per outcome: `accept`
# and `reject` are made by the decision service, never offered as moves of their own. Every
# move has one source, so the audit log can name both statuses.
BOX_WORKFLOW = Workflow(
    model=FormBox,
    history=FormBoxHistory,
    history_fk="box",
    lock_related=("delivery__contract",),
    subject=lambda box: _("Box %(code)s") % {"code": box.code},
    guard=_box_guard,
    transitions=[
        Transition("start", (_Box.RECEIVED,), _Box.AUDITING, roles=AUDITORS, label=_("Start the audit")),
        Transition(
            "accept",
            (_Box.AUDITING,),
            _Box.ACCEPTED,
            roles=AUDITORS,
            manual=False,
            audit_action=AuditEvent.Action.APPROVE,
        ),
        Transition(
            "reject",
            (_Box.AUDITING,),
            _Box.REJECTED,
            roles=AUDITORS,
            manual=False,
            audit_action=AuditEvent.Action.REJECT,
        ),
        Transition("return", (_Box.REJECTED,), _Box.RETURNED, roles=AUDITORS, label=_("Return to the vendor")),
        Transition("receive_back", (_Box.RETURNED,), _Box.RECEIVED, roles=AUDITORS, label=_("Received back")),
    ],
)

# The acta's own rules (signers named, every box decided, a valid scan) are checked by the
# signing service before the move; once signed, a database trigger also refuses any change but
# the payment approval.
ACTA_WORKFLOW = Workflow(
    model=DeliveryActa,
    history=DeliveryActaHistory,
    history_fk="acta",
    guard=_acta_guard,
    subject=lambda acta: str(acta),
    transitions=[
        Transition("sign", (_Acta.DRAFT,), _Acta.SIGNED, roles=AUDITORS, label=_("Sign")),
        Transition(
            "approve_payment",
            (_Acta.SIGNED,),
            _Acta.PAYMENT_APPROVED,
            roles=AUDITORS,
            label=_("Approve payment"),
            audit_action=AuditEvent.Action.APPROVE,
        ),
    ],
)
