"""Communications: content pieces and their approval workflow, calendar, publications,
channel statistics and monthly reports."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import optional_territory
from core.scoping import ScopedManager
from core.workflow import StatusHistory, toned


class Channel(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"
    WHATSAPP = "whatsapp", "WhatsApp"
    WEB = "web", _("Web")


class Stage(models.TextChoices):
    """The two control points of the procedure."""

    CONTENT = "content", _("Content")
    DESIGN = "design", _("Design")


def channel_label(value: str) -> str:
    return str(dict(Channel.choices).get(value, value))


class Piece(models.Model):
    """A content piece ("pieza comunicativa"), from the registered need to its publication.

    `status` only changes through `comunicaciones.services.workflow`, which locks the row,
    checks the move against its `core.workflow` table, and appends a `PieceEvent`.
    """

    SCOPE_FIELD = "territory"
    SCOPE_INCLUDE_UNSET = True

    @toned(
        NEED="secondary",
        EDITORIAL="secondary",
        DRAFTING="info",
        CONTENT_REVIEW="warning",
        CONTENT_RETURNED="danger",
        CONTENT_APPROVED="primary",
        DESIGN="info",
        DESIGN_REVIEW="warning",
        DESIGN_RETURNED="danger",
        DESIGN_APPROVED="primary",
        FINAL_DELIVERED="primary",
        PUBLISHED="success",
    )
    class Status(models.TextChoices):
        NEED = "need", _("Need registered")
        EDITORIAL = "editorial", _("Editorial meeting")
        DRAFTING = "drafting", _("Drafting")
        CONTENT_REVIEW = "content_review", _("Content review")
        CONTENT_RETURNED = "content_returned", _("Content returned")
        CONTENT_APPROVED = "content_approved", _("Content approved")
        DESIGN = "design", _("Design")
        DESIGN_REVIEW = "design_review", _("Design review")
        DESIGN_RETURNED = "design_returned", _("Design returned")
        DESIGN_APPROVED = "design_approved", _("Design approved")
        FINAL_DELIVERED = "final_delivered", _("Final file delivered")
        PUBLISHED = "published", _("Published")

    REVIEW_STATES = (Status.CONTENT_REVIEW, Status.DESIGN_REVIEW)
    RETURNED_STATES = (Status.CONTENT_RETURNED, Status.DESIGN_RETURNED)

    title = models.CharField(_("title"), max_length=200)
    requested_by = models.CharField(
        _("requested by"), max_length=200, help_text=_("Committee, region or area that asked for it.")
    )
    request = models.TextField(_("what is needed"))
    due_date = models.DateField(_("needed by"), null=True, blank=True)
    campaign = models.CharField(_("campaign"), max_length=150, blank=True)
    one_off = models.BooleanField(
        _("one-off need"), default=False, help_text=_("Goes straight to production, without an editorial meeting.")
    )
    territory = optional_territory(_("Leave empty for a national piece."))
    meeting = models.ForeignKey(
        "EditorialMeeting",
        verbose_name=_("editorial meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pieces",
    )
    liaison = models.CharField(_("liaison of the requesting area"), max_length=200, blank=True)
    brief = models.TextField(_("contents and actions"), blank=True)
    allied_networks_note = models.TextField(_("coordination with allied networks"), blank=True)
    channels = ArrayField(
        models.CharField(max_length=20, choices=Channel.choices), verbose_name=_("channels"), default=list, blank=True
    )
    planned_date = models.DateField(_("planned publication date"), null=True, blank=True, db_index=True)
    text = models.TextField(_("text"), blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEED)
    version = models.PositiveIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("waiting for review since"), null=True, blank=True)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authored_pieces",
    )
    designer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="designed_pieces",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("comunicaciones", "registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(pgettext_lazy("comunicaciones", "updated"), auto_now=True)
    delivered_at = models.DateTimeField(_("final file delivered"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("content piece")
        verbose_name_plural = _("content pieces")
        ordering = ["-created_at"]
        permissions = [("review_piece", "Can approve or return pieces")]
        indexes = [
            models.Index(
                fields=["submitted_at"],
                name="piece_review_queue",
                condition=Q(status__in=["content_review", "design_review"]),
            ),
            models.Index(fields=["author", "status"], name="piece_author_status"),
            models.Index(fields=["designer", "status"], name="piece_designer_status"),
            models.Index(fields=["status", "-created_at"], name="piece_status_created"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_in_review(self) -> bool:
        return self.status in self.REVIEW_STATES

    @property
    def is_returned(self) -> bool:
        """Given back by the chief with comments: the next submission answers them."""
        return self.status in (self.Status.CONTENT_RETURNED, self.Status.DESIGN_RETURNED)

    @property
    def producer_in_review(self):
        """Whose work is under review: the designer's in design review, else the author's."""
        return self.designer if self.status == self.Status.DESIGN_REVIEW else self.author

    @property
    def review_stage(self) -> str | None:
        if self.status == self.Status.CONTENT_REVIEW:
            return Stage.CONTENT
        if self.status == self.Status.DESIGN_REVIEW:
            return Stage.DESIGN
        return None

    @property
    def channel_labels(self) -> list[str]:
        return [channel_label(c) for c in self.channels]

    def is_producer(self, user) -> bool:
        """Author or designer: someone who may never approve this piece."""
        return user.pk is not None and user.pk in (self.author_id, self.designer_id)


def attachment_path(instance, filename: str) -> str:
    now = timezone.now()
    return f"comunicaciones/piezas/{now:%Y/%m}/{instance.piece_id}/{filename}"


class PieceAttachment(models.Model):
    """An uploaded file (image, video or PDF). Never rewritten: versions point at it."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        VIDEO = "video", _("Video")
        PDF = "pdf", "PDF"

    piece = models.ForeignKey(Piece, verbose_name=_("piece"), on_delete=models.CASCADE, related_name="attachments")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Removed from the working set; still part of any version that froze it.
    removed = models.BooleanField(default=False)
    is_final = models.BooleanField(_("final file"), default=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class PieceVersion(models.Model):
    """What was submitted for review, frozen: the text and the files at that moment,
    and the chief's decision on it (which measures the review's waiting time)."""

    # The review's trail, shown the same way in the admin and the API.
    REVIEW_FIELDS = ("submitted_by", "submitted_at", "decision", "decided_by", "decided_at", "comment")

    @toned(APPROVED="success", RETURNED="danger")
    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    piece = models.ForeignKey(Piece, verbose_name=_("piece"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    stage = models.CharField(_("control point"), max_length=10, choices=Stage.choices)
    round = models.PositiveIntegerField(pgettext_lazy("comunicaciones", "round"))
    text = models.TextField(_("text"))
    attachments = models.ManyToManyField(PieceAttachment, verbose_name=_("files"), blank=True, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(pgettext_lazy("comunicaciones", "decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("piece version")
        verbose_name_plural = _("piece versions")
        ordering = ["piece", "number"]
        constraints = [models.UniqueConstraint(fields=["piece", "number"], name="piece_version_unique_number")]
        indexes = [models.Index(fields=["decided_at"], name="piece_version_decided")]

    def __str__(self) -> str:
        return f"{self.piece} v{self.number}"

    @property
    def waiting_seconds(self) -> float | None:
        if self.decided_at is None:
            return None
        return (self.decided_at - self.submitted_at).total_seconds()


class PieceEvent(StatusHistory):
    """One transition of a piece's state machine: who, when, from, to, comment (`note`), version."""

    Status = Piece.Status

    piece = models.ForeignKey(Piece, verbose_name=_("piece"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("piece event")
        verbose_name_plural = _("piece events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.piece_id}: {self.from_status} → {self.to_status}"


class Publication(models.Model):
    """The piece published on one channel: URL, date and who published it."""

    piece = models.ForeignKey(Piece, verbose_name=_("piece"), on_delete=models.CASCADE, related_name="publications")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    url = models.URLField(_("URL"), max_length=500)
    published_at = models.DateTimeField(_("published"), db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["published_at"]
        constraints = [models.UniqueConstraint(fields=["piece", "channel"], name="publication_one_per_channel")]

    def __str__(self) -> str:
        return f"{self.piece} · {self.get_channel_display()}"


class EditorialMeeting(models.Model):
    """Minutes of an editorial meeting; its decisions put pieces into production."""

    date = models.DateField(pgettext_lazy("comunicaciones", "date"))
    attendees = models.TextField(_("attendees"))
    topics = models.TextField(_("topics"))
    sources = models.TextField(_("sources to consult"), blank=True)
    products = models.TextField(_("products to make"), blank=True)
    channels = ArrayField(
        models.CharField(max_length=20, choices=Channel.choices), verbose_name=_("channels"), default=list, blank=True
    )
    decisions = models.TextField(_("decisions"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("editorial meeting")
        verbose_name_plural = _("editorial meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{_('Editorial meeting')} {self.date:%d/%m/%Y}"

    @property
    def channel_labels(self) -> list[str]:
        return [channel_label(c) for c in self.channels]


class Notification(models.Model):
    """An in-app notification; the same text also goes out by e-mail (Celery).

    A review request (`Kind.REVIEW`) is only actionable while its piece waits for review: the
    decision, by whichever chief, resolves it for every chief who got it.
    """

    class Kind(models.TextChoices):
        INFO = "info", _("Information")
        REVIEW = "review", _("Waiting for review")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comms_notifications"
    )
    piece = models.ForeignKey(Piece, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INFO)
    message = models.CharField(_("message"), max_length=300)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient"], name="notification_unread", condition=Q(read_at__isnull=True)),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_time"),
        ]

    def __str__(self) -> str:
        return self.message


class ChannelStat(models.Model):
    """One network's figures for one month, typed in or imported from the network's export."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported file")

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    month = models.DateField(pgettext_lazy("comunicaciones", "month"), help_text=_("First day of the month."))
    followers = models.PositiveBigIntegerField(_("followers"), default=0)
    posts = models.PositiveIntegerField(_("posts"), default=0)
    reach = models.PositiveBigIntegerField(_("reach"), default=0)
    impressions = models.PositiveBigIntegerField(_("impressions"), default=0)
    engagement = models.PositiveBigIntegerField(_("engagement"), default=0)
    clicks = models.PositiveBigIntegerField(_("clicks"), default=0)
    video_views = models.PositiveBigIntegerField(_("video views"), default=0)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    METRICS = ("followers", "posts", "reach", "impressions", "engagement", "clicks", "video_views")

    class Meta:
        verbose_name = _("channel statistics")
        verbose_name_plural = _("channel statistics")
        ordering = ["-month", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "month"], name="channelstat_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="channelstat_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.month:%Y-%m}"


def report_path(instance, filename: str) -> str:
    return f"comunicaciones/informes/{filename}"


class MonthlyReport(models.Model):
    """The monthly management report's PDF, generated on demand or on the 1st of each month."""

    month = models.DateField(pgettext_lazy("comunicaciones", "month"), unique=True)
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    generated_at = models.DateTimeField(pgettext_lazy("comunicaciones", "generated"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{_('Monthly report')} {self.month:%Y-%m}"
