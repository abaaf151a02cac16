"""View mixins every app uses so that role and territorial scope are checked server-side."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied

from core.roles import Role


class RoleRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Allows the view only to users holding one of `allowed_roles` (403 otherwise)."""

    allowed_roles: tuple[Role, ...] = ()
    raise_exception = False

    def test_func(self):
        return self.request.user.has_role(*self.allowed_roles)

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise PermissionDenied
        return super().handle_no_permission()


class ScopedQuerysetMixin:
    """get_queryset() is the model's `visible_to(user)`: out-of-scope objects 404."""

    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)
