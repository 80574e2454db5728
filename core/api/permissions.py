"""The DRF face of core.permissions: which methods a role and a token scope may use at all.

Row-level answers come from the querysets (`restrict(queryset, user, action)`), applied in the base viewset.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core import permissions

METHOD_ACTIONS = {
    "GET": permissions.VIEW,
    "HEAD": permissions.VIEW,
    "OPTIONS": permissions.VIEW,
    "POST": permissions.ADD,
    "PUT": permissions.CHANGE,
    "PATCH": permissions.CHANGE,
    "DELETE": permissions.DELETE,
}


class ModelPermission(BasePermission):
    """Readers (staff, coordinators, partner systems) read; writes need a write-scoped token and the role's rule."""

    message = _("You are not allowed to do this.")

    def has_permission(self, request, view):
        user = request.user
        if not permissions.is_reader(user):
            return False
        if request.method in SAFE_METHODS:
            return True
        token = request.auth
        if token is not None and hasattr(token, "can_write") and not token.can_write:
            self.message = _("This token is read-only: issue a write-scoped token to change data.")
            return False
        model, action = view.permission_target(request)
        return permissions.may(user, action, model)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True  # the object was found in the user's visible queryset
        model, action = view.permission_target(request)
        if model is not type(obj):
            return True  # an action on a related model (e.g. uploading an attachment); its view checks the row
        return permissions.restrict(model.objects.filter(pk=obj.pk), request.user, action).exists()


class SecretariatOnly(BasePermission):
    """Reports about the Secretariat itself (its staff, the states' payments): Secretariat staff only."""

    message = _("Only Secretariat staff may read this.")

    def has_permission(self, request, view):
        return permissions.is_staff(request.user)
