"""Signing in to the portal: Django's auth views, with partner systems kept out."""

from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class PortalLoginView(LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        if form.get_user().is_service_account:
            raise PermissionDenied(_("Partner systems use the API with a token; they cannot sign in to the portal."))
        return super().form_valid(form)
