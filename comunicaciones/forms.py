"""Forms of communications: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from comunicaciones.models import Channel, MediaMention, Piece, PressAppearance
from core.models import Territory, User
from core.roles import Role

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def team_users():
    return (
        User.objects.filter(is_active=True, groups__name__in=[Role.COMMS_PROFESSIONAL.value, Role.COMMS_CHIEF.value])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class ChannelsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Channel.choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Channels"))
        super().__init__(**kwargs)


class NeedForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    requested_by = forms.CharField(
        label=pgettext_lazy("comunicaciones", "Requested by"),
        max_length=200,
        help_text=_("Committee, region or area that asked for it."),
    )
    request = forms.CharField(label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(label=_("Needed by"), required=False, widget=DATE)
    campaign = forms.CharField(label=_("Campaign"), max_length=150, required=False)
    channels = ChannelsField()
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.none(),
        required=False,
        help_text=_("Leave empty for a national piece."),
    )
    one_off = forms.BooleanField(
        label=_("One-off need: goes straight to production, without an editorial meeting"), required=False
    )
    author = forms.ModelChoiceField(
        label=_("Author (for a one-off need)"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.visible_to(user).filter(
            kind__in=[Territory.Kind.DEPARTMENT, Territory.Kind.COUNTRY]
        )
        self.fields["author"].queryset = team_users()

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due is not None and due < timezone.localdate():
            raise forms.ValidationError(_("This date has already passed: a need is for today or later."))
        return due


class PieceEditForm(forms.ModelForm):
    channels = ChannelsField()

    class Meta:
        model = Piece
        fields = ["title", "planned_date", "channels", "liaison", "brief", "allied_networks_note", "text"]
        widgets = {
            "planned_date": DATE,
            "brief": forms.Textarea(attrs={"rows": 3}),
            "allied_networks_note": forms.Textarea(attrs={"rows": 2}),
            "text": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, can_edit_text: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_edit_text:
            del self.fields["text"]


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = team_users()


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Image (JPEG, PNG, GIF, WebP), video (MP4, MOV, WebM) or PDF."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": "image/jpeg,image/png,image/gif,image/webp,video/mp4,video/quicktime,video/webm,application/pdf"
            }
        ),
    )


class PublicationForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    url = forms.URLField(label=_("URL of the publication"), max_length=500, assume_scheme="https")
    published_at = forms.DateTimeField(
        label=_("Published at"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, piece: Piece | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if piece is not None:
            # A channel already published is not offered again; a piece planned for no channel
            # in particular may go to any of the others.
            done = set(piece.publications.values_list("channel", flat=True))
            planned = set(piece.channels) or set(Channel.values)
            self.fields["channel"].choices = [
                (c, label) for c, label in Channel.choices if c in planned and c not in done
            ]


class RescheduleForm(forms.Form):
    planned_date = forms.DateField(label=_("Planned publication date"), widget=DATE)


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    attendees = forms.CharField(label=_("Attendees"), widget=forms.Textarea(attrs={"rows": 2}))
    topics = forms.CharField(label=_("Topics"), widget=forms.Textarea(attrs={"rows": 3}))
    sources = forms.CharField(label=_("Sources to consult"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    channels = ChannelsField(label=_("Channels to use"))
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    pieces = forms.ModelMultipleChoiceField(
        label=_("Needs that go to production"),
        queryset=Piece.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    products = forms.CharField(
        label=_("New products to make (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Each line becomes a piece in production."),
    )
    author = forms.ModelChoiceField(label=_("Assigned author"), queryset=User.objects.none(), required=False)
    planned_date = forms.DateField(label=_("Planned publication date of the new products"), required=False, widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pieces"].queryset = Piece.objects.visible_to(user).filter(
            status__in=[Piece.Status.NEED, Piece.Status.EDITORIAL]
        )
        self.fields["author"].queryset = team_users()

    def clean(self):
        data = super().clean()
        if not data.get("pieces") and not (data.get("products") or "").strip():
            raise forms.ValidationError(_("Choose at least one need or write at least one product to make."))
        return data


class ChannelStatForm(forms.Form):
    """A network's figures for one month; saving again replaces them (so no uniqueness check here)."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    followers = forms.IntegerField(label=_("Followers"), min_value=0, initial=0)
    posts = forms.IntegerField(label=_("Posts"), min_value=0, initial=0)
    reach = forms.IntegerField(label=_("Reach"), min_value=0, initial=0)
    impressions = forms.IntegerField(label=_("Impressions"), min_value=0, initial=0)
    engagement = forms.IntegerField(label=_("Engagement"), min_value=0, initial=0)
    clicks = forms.IntegerField(label=_("Clicks"), min_value=0, initial=0)
    video_views = forms.IntegerField(label=_("Video views"), min_value=0, initial=0)


class StatsImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "Columns: red, mes (YYYY-MM), seguidores, publicaciones, alcance, impresiones, interacciones, clics, reproducciones."
        ),
    )


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )


class PressReleaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    date = forms.DateField(label=_("Date"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=150, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


class PressAppearanceForm(forms.Form):
    """The spokesperson is checked by the service, whose message says why it is needed."""

    kind = forms.ChoiceField(label=_("Kind"), choices=PressAppearance.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    medium = forms.CharField(label=_("Medium"), max_length=150, required=False)
    journalist = forms.CharField(label=_("Journalist"), max_length=150, required=False)
    spokesperson = forms.CharField(label=_("Spokesperson"), max_length=150, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    key_messages = forms.CharField(
        label=_("Prepared key messages"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")


class MediaMentionForm(forms.ModelForm):
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = MediaMention
        fields = ["date", "outlet", "headline", "url", "tone", "topic", "press_release"]
        widgets = {"date": DATE}


class MentionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    outlet = forms.CharField(label=_("Outlet"), required=False)
    tone = forms.ChoiceField(label=_("Tone"), choices=[("", _("Any"))] + MediaMention.Tone.choices, required=False)
    topic = forms.CharField(label=_("Topic"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)


class PieceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any"))] + Piece.Status.choices, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("Any"))] + Channel.choices, required=False)
    mine = forms.BooleanField(label=_("Only mine"), required=False)
