from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext
from django_otp_webauthn.models import WebAuthnCredential

from core.audit import audit_record
from core.models import AuditEvent


@receiver(user_logged_in, dispatch_uid="audit_login")
def audit_login(sender, request, user, **kwargs):
    audit_record(actor=user, action=AuditEvent.Action.LOGIN, obj=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=AuditEvent.Action.LOGOUT, obj=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")[:150]
    user = get_user_model().objects.filter(username=username).first()
    audit_record(
        actor=user,
        actor_username=username,
        action=AuditEvent.Action.LOGIN_FAILED,
        message=gettext("invalid credentials"),
    )


@receiver(post_save, sender=WebAuthnCredential, dispatch_uid="audit_passkey_added")
def audit_passkey_added(sender, instance, created, **kwargs):
    """A passkey is registered by django-otp-webauthn's own view: audited here."""
    if created:
        audit_record(
            actor=instance.user,
            action=AuditEvent.Action.UPDATE,
            obj=instance.user,
            changes={"second_factor": [None, "passkey"]},
        )
